"""Decisions protected from rescission for a time (tests/ledger/procedure_world.py):
`platform.adopt` may not be rescinded within 6 months except by two thirds of the votes cast;
`pledge.make` not at all within 3 months."""

import datetime as dt

import pytest

from minutebook.charter.spec import Protection
from minutebook.ledger.models import DecisionStatus
from minutebook.ledger.services import DecisionRefused
from tests.factories import record
from tests.ledger.procedure_world import build_procedure_world

ADOPTED_ON = dt.date(2026, 3, 2)


@pytest.fixture
def world(db, small_charter_text):
    return build_procedure_world(small_charter_text)


@pytest.fixture
def platform(world):
    return record(world.bodies["assembly"], "platform.adopt", yes=5, no=1, decided_on=ADOPTED_ON)


def rescind(world, body, target, on, yes, no, **extra):
    return record(
        world.bodies[body], "decision.rescind", yes=yes, no=no, decided_on=on, ends=target, **extra
    )


def refusal(call) -> list[tuple[str, str]]:
    with pytest.raises(DecisionRefused) as refused:
        call()
    return [(f.rule, f.message) for f in refused.value.check.failures]


def test_within_the_months_a_simple_majority_cannot_rescind(world, platform):
    # 3 for, 2 against is a majority but short of two thirds (5 cast: 4 needed).
    [(rule, message)] = refusal(
        lambda: rescind(world, "assembly", platform, dt.date(2026, 9, 1), yes=3, no=2)
    )
    assert rule == "protected"
    assert "protected for 6 months, until 2026-09-02" in message


def test_within_the_months_two_thirds_rescind(world, platform):
    # 4 for, 2 against: 6 cast, two thirds is 4.
    rescission = rescind(world, "assembly", platform, dt.date(2026, 6, 1), yes=4, no=2)
    platform.refresh_from_db()
    assert rescission.check_passed and platform.status == DecisionStatus.RESCINDED


def test_from_the_same_day_six_months_later_a_majority_is_enough(world, platform):
    rescind(world, "assembly", platform, dt.date(2026, 9, 2), yes=3, no=2)
    platform.refresh_from_db()
    assert platform.status == DecisionStatus.RESCINDED


def test_a_protected_decision_rescinded_anyway_is_marked_irregular_and_stands(world, platform):
    rescission = rescind(
        world, "assembly", platform, dt.date(2026, 9, 1), yes=3, no=2, irregular_reason="as held"
    )
    platform.refresh_from_db()
    assert rescission.irregular
    assert rescission.check_failures[0]["rule"] == "protected"
    assert platform.status == DecisionStatus.ADOPTED


def test_an_amendment_of_the_same_type_is_held_to_the_protection_too(world, platform):
    rules = [
        rule
        for rule, _ in refusal(
            lambda: record(
                world.bodies["assembly"],
                "platform.adopt",
                yes=3,
                no=2,
                decided_on=dt.date(2026, 9, 1),
                ends=platform,
            )
        )
    ]
    assert rules == ["protected"]


def test_without_an_exception_nothing_rescinds_it_within_the_months(world):
    pledge = record(world.bodies["council"], "pledge.make", decided_on=dt.date(2026, 8, 31))
    # Three months after 31 August is 30 November (November has no 31st).
    [(rule, message)] = refusal(
        lambda: rescind(world, "council", pledge, dt.date(2026, 11, 29), yes=5, no=0)
    )
    assert rule == "protected" and "until 2026-11-30" in message
    rescind(world, "council", pledge, dt.date(2026, 11, 30), yes=3, no=2)
    pledge.refresh_from_db()
    assert pledge.status == DecisionStatus.RESCINDED


@pytest.mark.parametrize(
    ("months", "decided_on", "until"),
    [
        (12, dt.date(2026, 3, 2), dt.date(2027, 3, 2)),
        (1, dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
        (12, dt.date(2028, 2, 29), dt.date(2029, 2, 28)),
        (11, dt.date(2026, 3, 15), dt.date(2027, 2, 15)),
    ],
)
def test_the_protection_ends_on_the_same_day_months_later(months, decided_on, until):
    assert Protection(months).until(decided_on) == until
