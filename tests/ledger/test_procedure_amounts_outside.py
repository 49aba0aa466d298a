"""Steps that apply only above an amount, and the approval of a body outside the organization
(tests/ledger/procedure_world.py: `spend.approve` in USD, recommended by the Bureau above
10,000 and ratified by the Assembly at or above 50,000; `affiliation.join`, subject to the
approval of the National Federation's Executive Board within 90 days)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minutebook.journal.models import JournalEntry
from minutebook.ledger.competence import Tally
from minutebook.ledger.models import DecisionStatus
from minutebook.ledger.procedure import StepStatus
from minutebook.ledger.services import (
    DecisionRefused,
    decision_outside_step_record,
    decision_procedure,
    decision_step_record,
)
from tests.factories import record
from tests.ledger.procedure_world import build_procedure_world

ADOPTED_ON = dt.date(2026, 3, 2)


@pytest.fixture
def world(db, small_charter_text):
    return build_procedure_world(small_charter_text)


def refused_rules(call) -> list[str]:
    with pytest.raises(DecisionRefused) as refused:
        call()
    return [failure.rule for failure in refused.value.check.failures]


def spend(world, amount, **extra):
    return record(
        world.bodies["council"], "spend.approve", decided_on=ADOPTED_ON, amount=amount, **extra
    )


def test_no_recommendation_is_needed_at_exactly_the_amount(world):
    """ "Over $10,000": 10,000.00 is not over it, 10,000.01 is."""
    assert spend(world, Decimal("10000.00")).status == DecisionStatus.ADOPTED
    assert refused_rules(lambda: spend(world, Decimal("10000.01"))) == ["recommendation"]


def test_above_the_amount_the_recommendation_is_asked_and_checked(world):
    recommendation = record(world.bodies["bureau"], "budget.recommend", yes=2, no=1)
    other = record(world.bodies["council"], "resolution")
    assert refused_rules(lambda: spend(world, Decimal("12000"), recommended_by=other)) == [
        "recommendation"
    ]

    adopted = spend(world, Decimal("12000"), recommended_by=recommendation)

    assert adopted.status == DecisionStatus.ADOPTED
    assert adopted.amount == Decimal("12000.00")


def test_the_ratification_applies_at_or_above_its_amount(world):
    recommendation = record(world.bodies["bureau"], "budget.recommend", yes=2, no=1)
    below = spend(world, Decimal("49999.99"), recommended_by=recommendation)
    assert below.status == DecisionStatus.ADOPTED
    assert [s.status for s in decision_procedure(below, ADOPTED_ON).steps] == [
        StepStatus.NOT_REQUIRED
    ]

    at = spend(world, Decimal("50000"), recommended_by=recommendation)

    assert at.status == DecisionStatus.PENDING
    decision_step_record(
        actor=world.admin,
        decision=at,
        body=world.bodies["assembly"],
        decided_on=dt.date(2026, 3, 20),
        tally=Tally(votes_for=4, votes_against=1),
    )
    at.refresh_from_db()
    assert at.status == DecisionStatus.ADOPTED and at.in_force_from == dt.date(2026, 3, 20)


def test_a_decision_without_its_amount_takes_every_step(world):
    assert refused_rules(lambda: spend(world, None)) == ["recommendation"]


def test_an_amount_only_where_the_type_records_one_and_in_cents(world):
    assert refused_rules(
        lambda: record(world.bodies["council"], "resolution", amount=Decimal("5"))
    ) == ["amount"]
    with pytest.raises(ValidationError):
        spend(world, Decimal("100.005"))


@pytest.fixture
def affiliation(world):
    return record(world.bodies["council"], "affiliation.join", yes=4, no=1, decided_on=ADOPTED_ON)


def outside(world, decision, on, given=True, reference="Letter EB/2026/14", **extra):
    return decision_outside_step_record(
        actor=extra.pop("actor", world.admin),
        decision=decision,
        decided_on=on,
        given=given,
        reference=reference,
        **extra,
    )


def test_the_outside_approval_puts_the_decision_in_force(world, affiliation):
    assert affiliation.status == DecisionStatus.PENDING
    state = decision_procedure(affiliation, ADOPTED_ON)
    assert state.current.step.outside == "National Federation Executive Board"
    assert state.current.due_on == dt.date(2026, 5, 31)  # 2 March + 90 days
    secretary = world.members["council-0"].user  # records the Council's decisions

    approval = outside(
        world, affiliation, dt.date(2026, 4, 15), actor=secretary, document="https://example.org/l"
    )

    affiliation.refresh_from_db()
    assert approval.body is None and approval.votes_for is None
    assert approval.outside_body == "National Federation Executive Board"
    assert approval.outside_reference == "Letter EB/2026/14"
    assert affiliation.status == DecisionStatus.ADOPTED
    assert affiliation.in_force_from == dt.date(2026, 4, 15)
    entry = JournalEntry.objects.filter(action="decision.step").latest("pk")
    assert entry.after["outside_reference"] == "Letter EB/2026/14"


def test_the_outside_body_refusing_ends_the_decision(world, affiliation):
    outside(world, affiliation, dt.date(2026, 4, 15), given=False)
    affiliation.refresh_from_db()
    assert affiliation.status == DecisionStatus.REFUSED


def test_the_outside_approval_is_recorded_by_whoever_records_the_decision(world, affiliation):
    assembly_secretary = world.members["east-delegate-0"].user
    with pytest.raises(PermissionDenied):
        outside(world, affiliation, dt.date(2026, 4, 15), actor=assembly_secretary)


def test_a_late_an_unreferenced_or_a_voted_outside_approval_is_refused(world, affiliation):
    assert refused_rules(lambda: outside(world, affiliation, dt.date(2026, 6, 1))) == ["step_late"]
    assert refused_rules(
        lambda: outside(world, affiliation, dt.date(2026, 4, 1), reference=" ")
    ) == ["outside_reference"]
    # A body of the organization cannot give it by its own vote.
    assert refused_rules(
        lambda: decision_step_record(
            actor=world.admin,
            decision=affiliation,
            body=world.bodies["assembly"],
            decided_on=dt.date(2026, 4, 1),
            tally=Tally(votes_for=4, votes_against=0),
        )
    ) == ["step_body"]
    irregular = outside(
        world, affiliation, dt.date(2026, 6, 1), irregular_reason="the letter came late"
    )
    affiliation.refresh_from_db()
    assert irregular.irregular and affiliation.status == DecisionStatus.PENDING
    assert outside(world, affiliation, dt.date(2026, 5, 31)).carried


def test_an_outside_approval_where_a_vote_is_awaited_is_refused(world):
    bylaws = record(world.bodies["council"], "bylaws.amend", decided_on=ADOPTED_ON)
    assert refused_rules(lambda: outside(world, bylaws, dt.date(2026, 3, 20))) == ["step_body"]
