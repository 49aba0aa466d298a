"""Scottish STV: the real elections (Glasgow 2007, Edinburgh 2017) and the rules of the Order one
by one, on small profiles whose figures can be checked by hand."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest

from minutebook.voting.formats import read_ballot_file
from minutebook.voting.profile import Profile
from minutebook.voting.stv import scottish_stv
from tests.voting.stv_reference import (
    DATA,
    droop_name,
    drop_idle_stages,
    expected_names,
    read_expected,
    read_report,
    snapshots_of,
)

EDINBURGH = read_expected(DATA / "edinburgh-2017" / "EXPECTED.tsv")
GLASGOW = [
    row
    for row in read_expected(DATA / "droop" / "EXPECTED.tsv")
    if row["blt_file"].endswith("-2007.blt")
]
ELECTED = "elected (official, as listed in STVPoll test; names verbatim incl. double spaces)"


@pytest.mark.parametrize("row", GLASGOW, ids=lambda r: Path(r["blt_file"]).stem)
def test_glasgow_2007_winners(row):
    """The 21 Glasgow wards, counted without any tie order: no draw is needed and the winners
    are those in droop/EXPECTED.tsv (droop writes runs of spaces in names as one)."""
    result = scottish_stv(read_ballot_file(DATA / "droop" / row["blt_file"]))
    assert {droop_name(name) for name in result.elected} == expected_names(
        row["elected (droop order)"]
    )
    assert result.ties_broken == []


@pytest.mark.parametrize("row", EDINBURGH, ids=lambda r: r["title"])
def test_edinburgh_2017_official_winners_and_every_stage(row):
    """The official winners of the 17 Edinburgh wards, names verbatim (double spaces included),
    and every stage of droop's report for the ward: states, votes, non-transferable papers and
    the value lost to truncated transfer values (droop's "Residual")."""
    profile = read_ballot_file(DATA / "edinburgh-2017" / row["blt_file"])
    result = scottish_stv(profile)
    assert set(result.elected) == expected_names(row[ELECTED])
    assert result.rounds[0].quota == int(row["droop_quota_floor(v/(s+1))+1"])
    assert result.ties_broken == []

    report = DATA / "edinburgh-2017" / "droop-scotland-report"
    theirs = drop_idle_stages(
        read_report(report / f"{Path(row['blt_file']).stem}-scotland-fixed-p5-d5.txt")
    )
    ours = snapshots_of(result, droop_name)
    assert len(ours) == len(theirs)
    for stage, (mine, reference) in enumerate(zip(ours, theirs, strict=True), start=1):
        assert mine.states == reference.states, f"stage {stage}"
        assert mine.votes == reference.votes, f"stage {stage}"
        assert mine.exhausted == reference.exhausted, f"stage {stage}"
        assert mine.loss == reference.loss, f"stage {stage}"


def profile(ballots, seats, also="", **changes) -> Profile:
    """A profile from rankings written as strings, ("AB", 3) being three ballots A > B. The
    candidates are the letters used (and those in `also`), in alphabetical order."""
    names = sorted(set("".join(ranking for ranking, _ in ballots)) | set(also))
    built = Profile.from_names(names, [(list(r), w) for r, w in ballots], seats=seats)
    return dataclasses.replace(built, **changes)


def test_quota_ignores_decimal_places_and_adds_one():
    """Rule 46: 15 ballots, 3 seats: 15 / 4 = 3.75 -> 3, plus one = 4."""
    result = scottish_stv(profile([("A", 8), ("B", 4), ("C", 3)], seats=3))
    assert result.rounds[0].quota == Decimal("4.00000")
    assert "= 4." in result.notes[0]


def test_transfer_values_are_truncated_to_five_places():
    """Rule 48(3): A has 6 votes and the quota is 2 (9 ballots, 4 seats), so each of A's papers
    moves to B at 4/6 = 0.666666..., truncated to 0.66666 (rounding would give 0.66667): B has
    3.99996 and 0.00004 is lost."""
    result = scottish_stv(profile([("AB", 6), ("C", 2), ("D", 1)], seats=4, also="E"))
    second = result.rounds[1]
    assert second.action == "transfer surplus of A"
    assert second.votes["B"] == Decimal("3.99996")
    assert second.transfers == {"A": Decimal("-4.00000"), "B": Decimal("3.99996")}
    assert second.loss == Decimal("0.00004")
    assert second.elected == ["B"]


def test_elected_candidates_receive_no_transfers():
    """Rule 48(2): A's papers go A > B > C, but B already has the quota, so they go to C."""
    result = scottish_stv(profile([("ABC", 8), ("B", 5), ("C", 1), ("D", 2)], seats=3))
    assert result.rounds[0].elected == ["A", "B"]
    assert result.rounds[1].transfers == {"A": Decimal("-3.00000"), "C": Decimal("3.00000")}
    assert result.elected == ["A", "B", "C"]


def test_no_further_transfer_once_the_last_vacancies_can_be_filled():
    """Rule 52: A (10) and C (4) reach the quota of 4 at the first stage; B is the only
    continuing candidate for the last seat, so B is elected and A's surplus stays put."""
    result = scottish_stv(profile([("AB", 10), ("B", 1), ("C", 4)], seats=3))
    assert len(result.rounds) == 1
    assert result.rounds[0].elected == ["A", "C", "B"]
    assert result.rounds[0].votes["A"] == Decimal("10.00000")
    assert "rule 52" in result.rounds[0].note


def test_a_tie_is_broken_at_the_most_recent_stage_where_the_votes_differed():
    """Rule 51(2): at stage 4 X, Y and Z all have 5 votes. At stage 3 they had 5, 5, 5; at
    stage 2 X and Y had 4 and Z 5, so Z is safe; at stage 1 X had 3 and Y 4: X is excluded."""
    ballots = [("X", 3), ("Y", 4), ("Z", 5), ("UX", 1), ("UY", 1), ("WX", 1)]
    result = scottish_stv(profile(ballots, seats=1))
    assert [r.action for r in result.rounds[:4]] == [
        "first preferences",
        "exclude W",
        "exclude U",
        "exclude X",
    ]
    assert result.rounds[2].votes == {
        n: Decimal(f"{v}.00000") for n, v in zip("XYZU", (5, 5, 5, 0), strict=True)
    }
    assert "X had fewer votes at stage 1" in result.ties_broken[0]
    assert not any("lot" in text for text in result.ties_broken)


SC_VM_12 = DATA / "droop" / "blt" / "SC-Vm-12.blt"


def test_a_tie_at_every_stage_is_drawn_by_lot_and_the_seed_replays_it():
    """Voting Matters 12: A and B fill two seats with exactly the quota; X, Y and Z have 667
    votes at every stage, so the exclusions are drawn by lot (rule 51(2)(b)). The seed and both
    draws are in the result, and the same seed gives the same count."""
    ballots = read_ballot_file(SC_VM_12)
    result = scottish_stv(ballots, seed=7)
    assert result.tie_seed == 7
    assert len(result.ties_broken) == 2
    assert all("chosen by lot (seed 7)" in text for text in result.ties_broken)
    assert result.to_json() == scottish_stv(ballots, seed=7).to_json()
    unseeded = scottish_stv(ballots)
    assert unseeded.to_json() == scottish_stv(ballots, seed=unseeded.tie_seed).to_json()
    third = {scottish_stv(ballots, seed=seed).elected[-1] for seed in range(40)}
    assert third == {"X", "Y", "Z"}


def test_a_tie_order_replaces_the_lot_strongest_first():
    """With a tie order (droop's [tie]) nothing is drawn: the last of the tied in that order is
    excluded first."""
    ballots = dataclasses.replace(read_ballot_file(SC_VM_12), tie_order=(0, 1, 2, 3, 4))
    result = scottish_stv(ballots)
    assert [r.excluded for r in result.rounds if r.excluded] == [["Z"], ["Y"]]
    assert result.elected[-1] == "X"
    assert all("tie order" in text for text in result.ties_broken)


def test_withdrawn_candidates_are_struck_out_and_their_only_votes_are_not_valid():
    """B is withdrawn: B > C counts for C, and the two ballots marked only for B are not valid
    votes, so the quota is 8 / 2 + 1 = 5 and C is elected at the first stage."""
    ballots = profile([("A", 3), ("B", 2), ("BC", 4), ("C", 1)], seats=1, withdrawn=frozenset({1}))
    result = scottish_stv(ballots)
    assert result.rounds[0].votes == {"A": Decimal("3.00000"), "C": Decimal("5.00000")}
    assert result.rounds[0].quota == 5
    assert result.elected == ["C"]
    assert "Withdrawn (struck from every ballot): B." in result.notes


def test_more_seats_than_candidates():
    result = scottish_stv(profile([("A", 3), ("B", 1)], seats=3))
    assert result.elected == ["A", "B"]
    assert "Only 2 of 3 seats filled" in result.notes[-1]


def test_seats_argument_overrides_the_profile():
    ballots = profile([("A", 5), ("B", 4), ("C", 3)], seats=1)
    assert scottish_stv(ballots).elected == ["A"]
    assert sorted(scottish_stv(ballots, seats=2).elected) == ["A", "B"]
    with pytest.raises(ValueError, match="at least one seat"):
        scottish_stv(ballots, seats=0)


def test_equal_rankings_are_refused():
    ballots = Profile.from_names(["A", "B"], [([["A", "B"]], 1)])
    with pytest.raises(ValueError, match="strict rankings"):
        scottish_stv(ballots)


def test_the_result_is_json_ready():
    result = scottish_stv(read_ballot_file(DATA / "droop" / "blt" / "scotland" / "Linn-2007.blt"))
    data = json.loads(json.dumps(result.to_json()))
    assert data["method"] == "scottish-stv"
    assert data["rounds"][1]["votes"]["Esme H Clark"] == "905.13482"
    assert data["rounds"][1]["exhausted"] == "36.17922"
