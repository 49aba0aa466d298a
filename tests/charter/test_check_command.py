"""`minutebook charter check FILE`: a valid charter, an invalid one, an unreadable file."""

import subprocess
import sys
from pathlib import Path

from minutebook.cli import main
from tests.charter.charters import DEMO_PATH, MINIMAL, variant

ROOT = Path(__file__).parents[2]


def test_a_valid_charter_is_reported_with_its_size(capsys):
    exit_code = main(["charter", "check", str(DEMO_PATH)])

    out, err = capsys.readouterr()
    assert exit_code == 0
    assert out == f"{DEMO_PATH}: charter is valid (12 units, 8 bodies, 11 decision types)\n"
    assert err == ""


def test_every_problem_is_printed_one_per_line_and_the_exit_code_is_1(tmp_path, capsys):
    path = tmp_path / "charter.yaml"
    text = variant(
        ("    quorum: majority\n", "    quorm: majority\n"),
        ("appeal_to: board", "appeal_to: bord"),
    )
    path.write_text(text, encoding="utf-8")

    exit_code = main(["charter", "check", str(path)])

    out, err = capsys.readouterr()
    assert exit_code == 1
    assert out == ""
    assert err.splitlines() == [
        f"{path}:16: bodies[0]: missing required key 'quorum'",
        f"{path}:21: bodies[0].quorm: unknown key 'quorm'; did you mean 'quorum'?",
        f"{path}:76: decision_types[2].appeal_to: unknown body 'bord'; did you mean 'board'?",
    ]


def test_a_yaml_syntax_error_is_a_problem_like_any_other(tmp_path, capsys):
    path = tmp_path / "charter.yaml"
    path.write_text("minutebook_charter: 1\norganization: {name: X\n", encoding="utf-8")

    exit_code = main(["charter", "check", str(path)])

    assert exit_code == 1
    # Nothing else is reported: the mapping left open may hold the sections that seem missing.
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"{path}:3: YAML syntax error: ")


def test_a_missing_file(tmp_path, capsys):
    path = tmp_path / "nowhere.yaml"

    exit_code = main(["charter", "check", str(path)])

    out, err = capsys.readouterr()
    assert exit_code == 1
    assert out == ""
    assert err == f"{path}: cannot read the file: No such file or directory\n"


def test_a_directory(tmp_path, capsys):
    exit_code = main(["charter", "check", str(tmp_path)])

    assert exit_code == 1
    assert "cannot read the file" in capsys.readouterr().err


def _run(*args: str) -> subprocess.CompletedProcess:
    """Python in a fresh process, with no Django settings in the environment."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
        check=False,
    )


def test_python_m_minutebook_charter_check(tmp_path):
    path = tmp_path / "charter.yaml"
    path.write_text(MINIMAL, encoding="utf-8")

    result = _run("-m", "minutebook", "charter", "check", str(path))

    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{path}: charter is valid (5 units, 4 bodies, 4 decision types)\n"


def test_checking_a_charter_imports_no_django():
    """The check needs no database and no settings: it runs in CI and on an author's laptop."""
    code = (
        "import sys; from minutebook.charter.cli import _check; import argparse; "
        f"code = _check(argparse.Namespace(file={str(DEMO_PATH)!r})); "
        "assert not [m for m in sys.modules if m.startswith('django')], 'django imported'; "
        "sys.exit(code)"
    )

    result = _run("-c", code)

    assert result.returncode == 0, result.stderr


def test_one_of_a_kind_is_counted_in_the_singular(tmp_path, capsys):
    from minutebook.charter.cli import _counted

    assert _counted(1, "unit", "units") == "1 unit"
    assert _counted(3, "body", "bodies") == "3 bodies"
