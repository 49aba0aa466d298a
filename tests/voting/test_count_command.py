"""`minutebook count`: every method from a ballot file, as a table or as one JSON object."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from minutebook.cli import main
from tests.voting.textbook import DATA, case

REPO = Path(__file__).resolve().parents[2]
TENNESSEE = DATA / "tennessee-capital-1seat.blt"
WIKIPEDIA_45 = DATA / "wikipedia-schulze-45voters-1seat.blt"
FOOD = DATA / "wikipedia-stv-food-3seats.blt"
EDINBURGH = REPO / "tests/voting/data/edinburgh-2017/blt"


def count_json(capsys, *args):
    assert main(["count", *map(str, args), "--json"]) == 0
    out = capsys.readouterr().out
    return json.loads(out)  # exactly one JSON object: json.loads rejects anything after it


def test_irv_prints_the_stages_as_a_table(capsys):
    assert main(["count", str(TENNESSEE), "--method", "irv"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("Candidate"))
    assert header.split() == ["Candidate", "Stage", "1", "Stage", "2", "Stage", "3"]
    knoxville = next(line for line in lines if line.startswith("Knoxville"))
    assert knoxville.split() == ["Knoxville", "17", "32", "58*"]
    assert "Elected: Knoxville" in out
    assert "Seed for draws by lot" in out


def test_json_has_method_seats_elected_and_rounds(capsys):
    document = count_json(capsys, TENNESSEE, "--method", "irv")
    expected = case("tennessee_capital")["expected"]
    assert document["method"] == "irv"
    assert document["seats"] == 1
    assert document["elected"] == [expected["irv_winner"]]
    assert [r["votes"] for r in document["rounds"]] == expected["irv_rounds"]
    assert document["ballots"] == 100


def test_schulze_json_carries_ranking_and_pairwise_matrix(capsys):
    example = case("wikipedia_schulze_45_voters")
    document = count_json(capsys, WIKIPEDIA_45, "--method", "schulze")
    assert document["elected"] == ["E"]
    assert [g[0] for g in document["ranking"]] == example["expected"]["schulze_ranking"]
    assert document["pairwise"][0] == [0, 20, 26, 30, 22]


def test_schulze_prints_the_pairwise_matrix_and_ranking(capsys):
    assert main(["count", str(WIKIPEDIA_45), "--method", "ranked-pairs"]) == 0
    out = capsys.readouterr().out
    assert "Pairwise preferences" in out
    assert "Ranking: A  >  C  >  E  >  B  >  D" in out
    assert "Elected: A" in out


@pytest.mark.parametrize(
    ("method", "seats", "elected"),
    [
        ("plurality", "1", ["C"]),
        ("irv", "1", ["C"]),
        ("schulze", "1", ["E"]),
        ("ranked-pairs", "1", ["A"]),
    ],
)
def test_single_winner_methods_on_the_45_voter_example(capsys, method, seats, elected):
    document = count_json(capsys, WIKIPEDIA_45, "--method", method, "--seats", seats, "--seed", 1)
    assert document["elected"] == elected
    assert document["method"] == method


@pytest.mark.parametrize("method", ["scottish-stv", "meek-stv", "wigm-stv"])
def test_stv_methods_count_the_food_election(capsys, method):
    expected = case("stv_wikipedia_food")["expected"]["elected"]
    document = count_json(capsys, FOOD, "--method", method)
    assert document["seats"] == 3
    assert sorted(document["elected"]) == sorted(expected)
    assert document["rounds"]


@pytest.mark.parametrize("method", ["plurality", "approval", "schulze", "ranked-pairs"])
def test_multi_winner_methods_fill_the_files_seats(capsys, method):
    document = count_json(capsys, FOOD, "--method", method, "--seed", 3)
    assert document["seats"] == 3 and len(document["elected"]) == 3


def test_seats_option_overrides_the_file(capsys):
    document = count_json(capsys, FOOD, "--method", "irv", "--seats", "1")
    assert document["elected"] == [case("stv_wikipedia_food")["expected"]["irv_1_seat_winner"]]


def test_seed_reproduces_a_draw(capsys):
    first = count_json(capsys, WIKIPEDIA_45, "--method", "irv", "--seed", "42")
    again = count_json(capsys, WIKIPEDIA_45, "--method", "irv", "--seed", "42")
    assert first == again
    assert first["tie_seed"] == 42 and first["ties_broken"]


def test_preflib_file(capsys, tmp_path):
    path = tmp_path / "board.soi"
    path.write_text(
        "# DATA TYPE: soi\n# NUMBER ALTERNATIVES: 3\n# NUMBER VOTERS: 5\n"
        "# NUMBER UNIQUE ORDERS: 2\n# ALTERNATIVE NAME 1: Alice\n"
        "# ALTERNATIVE NAME 2: Bob\n# ALTERNATIVE NAME 3: Carol\n3: 1,2\n2: 3,2\n",
        encoding="utf-8",
    )
    assert count_json(capsys, path, "--method", "schulze")["elected"] == ["Alice"]


def test_csv_approval_file_with_a_withdrawn_candidate(capsys, tmp_path):
    path = tmp_path / "board.csv"
    path.write_text(
        "# seats: 2\n# withdrawn: Dan\nweight,Alice,Bob,Carol,Dan\n3,1,,1,1\n3,,1,,\n1,1,1,,\n",
        encoding="utf-8",
    )
    document = count_json(capsys, path, "--method", "approval")
    assert document["rounds"][0]["votes"] == {"Alice": 4, "Bob": 4, "Carol": 3}
    assert document["elected"] == ["Alice", "Bob"]
    assert document["ties_broken"] == []  # the tie at the top decides nothing


def test_wide_counts_are_cut_into_blocks_that_fit(capsys, monkeypatch):
    ward = next(p for p in sorted(EDINBURGH.glob("*.blt")) if "leith_walk" in p.name)
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["count", str(ward), "--method", "scottish-stv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    headers = [line for line in lines if line.startswith("Candidate ")]
    assert len(headers) > 1  # the stages did not fit in one block
    table = [line for line in lines if line and not line.startswith(("Stage ", "  -", "Method"))]
    assert max(len(line.rstrip()) for line in table) <= 80
    assert sum(h.count("Stage") for h in headers) == len(
        [line for line in lines if line.startswith("Stage ")]
    )


def test_malformed_file_names_file_and_line_and_exits_2(capsys, tmp_path):
    path = tmp_path / "bad.blt"
    path.write_text('3 1\n2 1 2 0\n1 3 7 0\n0\n"A"\n"B"\n"C"\n"t"\n', encoding="utf-8")
    assert main(["count", str(path), "--method", "irv"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{path}:3:" in captured.err
    assert "Traceback" not in captured.err


def test_missing_file_is_a_clear_error(capsys, tmp_path):
    missing = tmp_path / "nowhere.blt"
    assert main(["count", str(missing), "--method", "irv"]) == 2
    assert f"{missing}: no such file" in capsys.readouterr().err


def test_irv_for_several_seats_is_refused_cleanly(capsys):
    assert main(["count", str(FOOD), "--method", "irv"]) == 2
    err = capsys.readouterr().err
    assert "one seat" in err and "Traceback" not in err


def test_strength_option(capsys):
    document = count_json(capsys, WIKIPEDIA_45, "--method", "schulze", "--strength", "margin")
    assert document["elected"] == ["E"]
    assert main(["count", str(WIKIPEDIA_45), "--method", "irv", "--strength", "margin"]) == 2
    assert "--strength applies to" in capsys.readouterr().err


def test_unknown_method_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["count", str(TENNESSEE), "--method", "borda"])
    assert exit_info.value.code == 2


def test_the_installed_command_in_a_subprocess(tmp_path):
    ok = subprocess.run(
        [
            sys.executable,
            "-m",
            "minutebook",
            "count",
            str(TENNESSEE),
            "--method",
            "schulze",
            "--json",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["elected"] == ["Nashville"]
    bad = tmp_path / "bad.blt"
    bad.write_text("3 1\n1 1 x 0\n0\n", encoding="utf-8")
    failed = subprocess.run(
        [sys.executable, "-m", "minutebook", "count", str(bad), "--method", "irv"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert failed.returncode == 2
    assert f"{bad}:2:" in failed.stderr and "Traceback" not in failed.stderr
