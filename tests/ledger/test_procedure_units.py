"""The agreement of the units a decision affects, and a veto by enough of the units: each unit
answers through its own Local Committee, with its own vote and date (tests/ledger/
procedure_world.py: three locals, east, west and north)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from minutebook.journal.models import JournalEntry
from minutebook.ledger.competence import Tally
from minutebook.ledger.models import DecisionStatus
from minutebook.ledger.procedure import StepStatus
from minutebook.ledger.services import (
    DecisionRefused,
    decision_procedure,
    decision_step_record,
    may_record_step,
)
from tests.factories import record
from tests.ledger.procedure_world import build_procedure_world

ADOPTED_ON = dt.date(2026, 3, 2)


@pytest.fixture
def world(db, small_charter_text):
    return build_procedure_world(small_charter_text)


def answer(world, decision, local, on, yes, no=0, **extra):
    return decision_step_record(
        actor=world.admin,
        decision=decision,
        body=world.bodies[f"local-committee.{local}"],
        decided_on=on,
        tally=Tally(votes_for=yes, votes_against=no),
        **extra,
    )


def refused_rules(call) -> list[str]:
    with pytest.raises(DecisionRefused) as refused:
        call()
    return [failure.rule for failure in refused.value.check.failures]


@pytest.fixture
def redraw(world):
    """East and West are affected; North is not."""
    return record(
        world.bodies["council"],
        "boundaries.redraw",
        decided_on=ADOPTED_ON,
        affected_units=[world.units["east"], world.units["west"]],
    )


def test_the_affected_units_are_named_when_the_decision_is_recorded(world):
    council = world.bodies["council"]
    assert refused_rules(lambda: record(council, "boundaries.redraw")) == ["affected_units"]
    # The union is no local; and a type that asks no units names none.
    assert refused_rules(
        lambda: record(council, "boundaries.redraw", affected_units=[world.units["union"]])
    ) == ["affected_units"]
    assert refused_rules(
        lambda: record(council, "resolution", affected_units=[world.units["east"]])
    ) == ["affected_units"]


def test_every_affected_unit_agrees_and_the_decision_takes_effect_on_the_last_answer(world, redraw):
    assert redraw.status == DecisionStatus.PENDING
    state = decision_procedure(redraw, ADOPTED_ON)
    assert state.current.units.concerned == ("east", "west")
    assert state.current.units.needed == 2
    assert state.current.due_on == dt.date(2026, 4, 1)  # 2 March + 30 days

    answer(world, redraw, "east", dt.date(2026, 3, 10), yes=3)
    redraw.refresh_from_db()
    assert redraw.status == DecisionStatus.PENDING
    assert may_record_step(world.admin, redraw, decision_procedure(redraw, ADOPTED_ON)).slug == (
        "local-committee.west"
    )

    answer(world, redraw, "west", dt.date(2026, 3, 20), yes=2, no=1)
    redraw.refresh_from_db()
    assert redraw.status == DecisionStatus.ADOPTED
    assert redraw.in_force_from == dt.date(2026, 3, 20)
    records = list(redraw.steps.order_by("decided_on").values_list("body__slug", "carried"))
    assert records == [("local-committee.east", True), ("local-committee.west", True)]
    actions = list(
        JournalEntry.objects.filter(object_id=str(redraw.pk)).values_list("action", flat=True)
    )
    assert actions[-3:] == ["decision.step", "decision.step", "decision.procedure"]


def test_one_affected_unit_refusing_ends_a_decision_that_needs_them_all(world, redraw):
    refusal = answer(world, redraw, "west", dt.date(2026, 3, 10), yes=1, no=2)

    redraw.refresh_from_db()
    assert not refusal.carried
    assert redraw.status == DecisionStatus.REFUSED
    with pytest.raises(ValidationError):  # nothing is awaited any more
        answer(world, redraw, "east", dt.date(2026, 3, 11), yes=3)


def test_a_unit_not_affected_a_wrong_body_and_a_second_answer_are_refused(world, redraw):
    assert refused_rules(lambda: answer(world, redraw, "north", dt.date(2026, 3, 10), yes=3)) == [
        "step_body"
    ]
    assert refused_rules(
        lambda: decision_step_record(
            actor=world.admin,
            decision=redraw,
            body=world.bodies["assembly"],
            decided_on=dt.date(2026, 3, 10),
            tally=Tally(votes_for=4, votes_against=0),
        )
    ) == ["step_body"]
    answer(world, redraw, "east", dt.date(2026, 3, 10), yes=3)
    assert refused_rules(lambda: answer(world, redraw, "east", dt.date(2026, 3, 12), yes=3)) == [
        "step_answered"
    ]


def test_an_irregular_answer_is_on_the_record_and_counts_for_nothing(world, redraw):
    answer(world, redraw, "north", dt.date(2026, 3, 10), yes=3, irregular_reason="minuted so")

    redraw.refresh_from_db()
    assert redraw.status == DecisionStatus.PENDING
    assert decision_procedure(redraw, dt.date(2026, 3, 10)).current.units.answers == ()


def test_an_answer_after_the_deadline_is_refused_and_the_step_lapses(world, redraw):
    answer(world, redraw, "east", dt.date(2026, 3, 10), yes=3)
    # Due by 1 April; the 2nd is a day late.
    assert decision_procedure(redraw, dt.date(2026, 4, 1)).current.status == StepStatus.WAITING
    assert decision_procedure(redraw, dt.date(2026, 4, 2)).current.status == StepStatus.LAPSED
    assert refused_rules(lambda: answer(world, redraw, "west", dt.date(2026, 4, 2), yes=3)) == [
        "step_late"
    ]
    assert answer(world, redraw, "west", dt.date(2026, 4, 1), yes=3).carried


def test_an_answer_before_the_adoption_is_refused(world, redraw):
    assert refused_rules(lambda: answer(world, redraw, "east", dt.date(2026, 3, 1), yes=3)) == [
        "step_order"
    ]


@pytest.fixture
def dues(world):
    return record(world.bodies["council"], "dues.set", decided_on=ADOPTED_ON)


def test_a_majority_of_all_the_units_two_of_three(world, dues):
    state = decision_procedure(dues, ADOPTED_ON)
    assert state.current.units.concerned == ("east", "west", "north")
    assert state.current.units.needed == 2  # more than half of 3
    answer(world, dues, "east", dt.date(2026, 3, 5), yes=3)
    answer(world, dues, "west", dt.date(2026, 3, 6), yes=0, no=3)
    dues.refresh_from_db()
    assert dues.status == DecisionStatus.PENDING  # one for, one against: North decides

    answer(world, dues, "north", dt.date(2026, 3, 9), yes=2, no=1)

    dues.refresh_from_db()
    assert dues.status == DecisionStatus.ADOPTED
    assert dues.in_force_from == dt.date(2026, 3, 9)


def test_a_majority_of_the_units_fails_once_two_refuse(world, dues):
    answer(world, dues, "east", dt.date(2026, 3, 5), yes=1, no=2)
    dues.refresh_from_db()
    assert dues.status == DecisionStatus.PENDING  # two may still agree
    answer(world, dues, "north", dt.date(2026, 3, 6), yes=1, no=1)  # a tie carries nothing

    dues.refresh_from_db()
    assert dues.status == DecisionStatus.REFUSED


@pytest.fixture
def policy(world):
    return record(world.bodies["assembly"], "policy.adopt", yes=5, no=1, decided_on=ADOPTED_ON)


def test_a_veto_by_half_of_the_units_ends_the_decision(world, policy):
    assert policy.status == DecisionStatus.ADOPTED
    assert policy.in_force_from == dt.date(2026, 3, 24)  # the window ends on 23 March
    answer(world, policy, "east", dt.date(2026, 3, 10), yes=3)
    policy.refresh_from_db()
    assert policy.status == DecisionStatus.ADOPTED  # one veto of the two needed

    answer(world, policy, "north", dt.date(2026, 3, 23), yes=2, no=1)

    policy.refresh_from_db()
    assert policy.status == DecisionStatus.VETOED
    assert policy.in_force_from is None


def test_the_veto_fails_once_too_few_units_are_left_to_carry_it(world, policy):
    answer(world, policy, "east", dt.date(2026, 3, 10), yes=0, no=3)
    answer(world, policy, "west", dt.date(2026, 3, 12), yes=1, no=2)

    policy.refresh_from_db()
    assert policy.status == DecisionStatus.ADOPTED
    assert policy.in_force_from == dt.date(2026, 3, 12)  # North alone cannot veto it
    assert decision_procedure(policy, dt.date(2026, 3, 12)).steps[0].status == (
        StepStatus.NOT_VETOED
    )


def test_the_units_veto_window_passes(world, policy):
    answer(world, policy, "east", dt.date(2026, 3, 10), yes=3)
    assert decision_procedure(policy, dt.date(2026, 3, 23)).steps[0].status == (
        StepStatus.WINDOW_OPEN
    )
    assert decision_procedure(policy, dt.date(2026, 3, 24)).steps[0].status == (
        StepStatus.WINDOW_PASSED
    )
    with pytest.raises(ValidationError):
        answer(world, policy, "west", dt.date(2026, 3, 24), yes=3)
    policy.refresh_from_db()
    assert policy.status == DecisionStatus.ADOPTED
    assert policy.in_force_from == dt.date(2026, 3, 24)
