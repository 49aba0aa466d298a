"""Charter texts for the tests, and helpers to read the problems the loader reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from minutebook.charter.loader import load_charter
from minutebook.charter.spec import CharterInvalid, CharterProblem

DATA = Path(__file__).parent / "data"
MINIMAL = (DATA / "minimal.yaml").read_text(encoding="utf-8")
DEMO_PATH = Path(__file__).parents[2] / "minutebook" / "demo" / "charter.yaml"


def variant(*changes: tuple[str, str], text: str = MINIMAL) -> str:
    """`text` with each (old, new) replaced; `old` must occur exactly once."""
    for old, new in changes:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def line_of(text: str, fragment: str) -> int:
    """The 1-based line on which `fragment` occurs (exactly once in `text`)."""
    lines = [number for number, line in enumerate(text.splitlines(), 1) if fragment in line]
    assert len(lines) == 1, f"{fragment!r} is on lines {lines}"
    return lines[0]


def problems_of(text: str) -> list[CharterProblem]:
    with pytest.raises(CharterInvalid) as raised:
        load_charter(text, source="test.yaml")
    return raised.value.problems


def the_problem(text: str) -> CharterProblem:
    """The one problem in `text`: a change should cause exactly the problem it is about."""
    problems = problems_of(text)
    assert len(problems) == 1, "\n".join(map(str, problems))
    return problems[0]
