"""The `ballots:` key of a body: read into `BallotRules`, every problem reported where it is
written."""

from pathlib import Path

import pytest

from minutebook.charter.loader import load_charter
from minutebook.charter.spec import CharterInvalid

SMALL = (Path(__file__).parents[1] / "data" / "small-charter.yaml").read_text()


def with_council_ballots(rules: str) -> str:
    return SMALL.replace(
        "    visibility: members\n  - id: bureau",
        f"    visibility: members\n    ballots: {rules}\n  - id: bureau",
        1,
    )


def problems(rules: str) -> list[str]:
    with pytest.raises(CharterInvalid) as invalid:
        load_charter(with_council_ballots(rules))
    return [f"{p.path}: {p.message}" for p in invalid.value.problems]


def test_the_rules_are_read_with_their_defaults():
    charter = load_charter(
        with_council_ballots("{allowed: true, notice_days: 2, open_days: 3, called_by: [council]}")
    )
    rules = charter.body("council").ballots
    assert (rules.notice_days, rules.min_open_days, rules.max_open_days) == (2, 3, 3)
    assert rules.secret is True and rules.called_by == ("council",)
    assert rules.open_period_words() == "exactly 3 day(s)"
    assert charter.body("assembly").ballots is None


def test_a_range_of_days_may_be_open_ended():
    charter = load_charter(
        with_council_ballots(
            "{allowed: true, notice_days: 0, min_open_days: 2, called_by: [council]}"
        )
    )
    assert charter.body("council").ballots.open_period_words() == "at least 2 day(s)"


def test_allowed_ballots_need_notice_a_period_and_a_caller():
    assert problems("{allowed: true}") == [
        "bodies[1].ballots: missing required key 'notice_days' (ballots are allowed)",
        "bodies[1].ballots: say how long a ballot stays open: 'open_days', or 'min_open_days' "
        "and/or 'max_open_days'",
        "bodies[1].ballots: missing required key 'called_by' (ballots are allowed)",
    ]


def test_contradictory_periods_and_unknown_callers_are_reported():
    found = problems(
        "{allowed: true, notice_days: 1, open_days: 3, min_open_days: 5, max_open_days: 2, "
        "called_by: [councl], secrt: true}"
    )
    assert "bodies[1].ballots.secrt: unknown key 'secrt'; did you mean 'secret'?" in found
    assert any("'open_days' fixes the period" in p for p in found)
    assert any("at least 5 days and at most 2 days" in p for p in found)
    assert "bodies[1].ballots.called_by[0]: unknown body 'councl'; did you mean 'council'?" in found


def test_no_caller_and_a_zero_day_period_are_reported():
    found = problems("{allowed: true, notice_days: -1, open_days: 0, called_by: []}")
    assert any("notice_days" in p and "at least 0" in p for p in found)
    assert any("open_days" in p and "at least 1" in p for p in found)
    assert "bodies[1].ballots.called_by: no body may call a ballot; name at least one" in found
