"""Decisions that take effect only through the steps of their charter's procedure.

The small union's charter: `bylaws.amend` is adopted by the Council, then ratified by the
General Assembly within 60 days, after which the Bureau may veto it (unanimously) within 14
days; `budget.adopt` is decided by the Council on a recommendation of the Bureau."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minutebook.charter.selectors import charter_version_in_force
from minutebook.journal.models import JournalEntry
from minutebook.ledger.competence import Tally
from minutebook.ledger.models import DecisionStatus
from minutebook.ledger.procedure import StepStatus
from minutebook.ledger.services import (
    DecisionRefused,
    decision_add_progress,
    decision_procedure,
    decision_step_record,
)
from tests.charter.charters import variant
from tests.factories import build_small_union, record

ADOPTED_ON = dt.date(2026, 3, 2)


@pytest.fixture
def bylaws(org):
    return record(org.bodies["council"], "bylaws.amend", yes=4, no=1, decided_on=ADOPTED_ON)


def step(org, decision, body, on, yes, no=0, **extra):
    return decision_step_record(
        actor=org.admin,
        decision=decision,
        body=org.bodies[body],
        decided_on=on,
        tally=Tally(votes_for=yes, votes_against=no, present=extra.pop("present", None)),
        **extra,
    )


def refused_rules(call) -> list[str]:
    with pytest.raises(DecisionRefused) as refused:
        call()
    return [failure.rule for failure in refused.value.check.failures]


def test_a_decision_awaiting_ratification_is_pending_and_says_what_it_waits_for(org, bylaws):
    assert bylaws.status == DecisionStatus.PENDING
    state = decision_procedure(bylaws, ADOPTED_ON)
    assert state.current.step.body == "assembly"
    assert state.current.status == StepStatus.WAITING
    assert state.current.due_on == dt.date(2026, 5, 1)  # 2 March + 60 days
    assert state.in_force_from() is None


def test_the_complete_procedure_ratified_then_the_veto_window_passes(org, bylaws):
    ratified = step(org, bylaws, "assembly", dt.date(2026, 4, 1), yes=4, no=2)

    bylaws.refresh_from_db()
    assert ratified.carried and not ratified.irregular
    # Ratified on 1 April; the Bureau may veto until 15 April, so it stands from the 16th.
    assert bylaws.status == DecisionStatus.ADOPTED
    assert bylaws.in_force_from == dt.date(2026, 4, 16)
    during = decision_procedure(bylaws, dt.date(2026, 4, 15))
    assert [s.status for s in during.steps] == [StepStatus.GIVEN, StepStatus.WINDOW_OPEN]
    after = decision_procedure(bylaws, dt.date(2026, 4, 16))
    assert [s.status for s in after.steps] == [StepStatus.GIVEN, StepStatus.WINDOW_PASSED]
    assert after.current is None
    with pytest.raises(ValidationError):
        step(org, bylaws, "bureau", dt.date(2026, 4, 16), yes=3)  # the window has passed
    actions = list(
        JournalEntry.objects.filter(object_id=str(bylaws.pk)).values_list("action", flat=True)
    )
    assert actions[-2:] == ["decision.step", "decision.procedure"]


def test_a_veto_used_within_its_window_ends_the_decision(org, bylaws):
    step(org, bylaws, "assembly", dt.date(2026, 4, 1), yes=4, no=2)
    vetoed = step(org, bylaws, "bureau", dt.date(2026, 4, 15), yes=3)

    bylaws.refresh_from_db()
    assert vetoed.carried
    assert bylaws.status == DecisionStatus.VETOED
    assert bylaws.in_force_from is None


def test_a_veto_voted_down_lets_the_decision_stand_from_that_vote(org, bylaws):
    step(org, bylaws, "assembly", dt.date(2026, 4, 1), yes=4, no=2)
    step(org, bylaws, "bureau", dt.date(2026, 4, 5), yes=2, no=1)  # not unanimous

    bylaws.refresh_from_db()
    assert bylaws.status == DecisionStatus.ADOPTED
    assert bylaws.in_force_from == dt.date(2026, 4, 5)


def test_a_ratification_voted_down_ends_the_decision(org, bylaws):
    refusal = step(org, bylaws, "assembly", dt.date(2026, 4, 1), yes=3, no=3)

    bylaws.refresh_from_db()
    assert not refusal.carried and "tie fails" in refusal.explanation
    assert bylaws.status == DecisionStatus.REFUSED


def test_a_skipped_step_is_refused(org, bylaws):
    # The veto comes after the ratification: the Bureau cannot take the step now.
    rules = refused_rules(lambda: step(org, bylaws, "bureau", dt.date(2026, 3, 20), yes=3))
    assert rules == ["step_body"]


def test_a_step_by_the_wrong_body_is_refused_or_recorded_as_irregular_without_effect(org, bylaws):
    assert refused_rules(lambda: step(org, bylaws, "council", dt.date(2026, 3, 20), yes=5)) == [
        "step_body"
    ]

    irregular = step(
        org, bylaws, "council", dt.date(2026, 3, 20), yes=5, irregular_reason="entered as held"
    )

    bylaws.refresh_from_db()
    assert irregular.irregular and irregular.check_failures[0]["rule"] == "step_body"
    assert bylaws.status == DecisionStatus.PENDING
    assert decision_procedure(bylaws, dt.date(2026, 3, 20)).current.step.body == "assembly"


def test_a_ratification_after_its_days_is_refused(org, bylaws):
    # Due by 1 May; the 2nd is a day late, and the procedure shows it lapsed.
    assert decision_procedure(bylaws, dt.date(2026, 5, 2)).current.status == StepStatus.LAPSED
    assert refused_rules(lambda: step(org, bylaws, "assembly", dt.date(2026, 5, 2), yes=4)) == [
        "step_late"
    ]
    assert step(org, bylaws, "assembly", dt.date(2026, 5, 1), yes=4).carried


def test_a_ratification_before_the_adoption_is_refused(org, bylaws):
    assert refused_rules(lambda: step(org, bylaws, "assembly", dt.date(2026, 3, 1), yes=4)) == [
        "step_order"
    ]


def test_a_step_needs_its_body_s_quorum(org, bylaws):
    # The assembly's quorum is a majority of its 6 seats: 4.
    rules = refused_rules(
        lambda: step(org, bylaws, "assembly", dt.date(2026, 4, 1), yes=3, present=3)
    )
    assert rules == ["quorum"]


def test_only_the_ratifying_body_s_secretary_records_its_step(org, bylaws):
    council_secretary = org.members["council-0"].user  # not the assembly's secretary
    with pytest.raises(PermissionDenied):
        decision_step_record(
            actor=council_secretary,
            decision=bylaws,
            body=org.bodies["assembly"],
            decided_on=dt.date(2026, 4, 1),
            tally=Tally(votes_for=4, votes_against=0),
        )
    assembly_secretary = org.members["east-delegate-0"].user
    assert decision_step_record(
        actor=assembly_secretary,
        decision=bylaws,
        body=org.bodies["assembly"],
        decided_on=dt.date(2026, 4, 1),
        tally=Tally(votes_for=4, votes_against=0),
    ).carried


def test_no_progress_is_reported_on_a_decision_still_pending(org, bylaws):
    with pytest.raises(ValidationError) as error:
        decision_add_progress(
            actor=org.admin,
            decision=bylaws,
            written_on=dt.date(2026, 3, 5),
            text="Started",
            status=DecisionStatus.IN_PROGRESS,
        )
    assert "awaiting ratification" in str(error.value)


def test_a_type_decided_on_a_recommendation_needs_one_of_the_recommending_body(org):
    council = org.bodies["council"]
    assert refused_rules(lambda: record(council, "budget.adopt", yes=4, no=1)) == ["recommendation"]
    other = record(council, "resolution", yes=4, no=1)
    assert refused_rules(
        lambda: record(council, "budget.adopt", yes=4, no=1, recommended_by=other)
    ) == ["recommendation"]
    recommendation = record(org.bodies["bureau"], "budget.recommend", yes=2, no=1)

    adopted = record(council, "budget.adopt", yes=4, no=1, recommended_by=recommendation)

    assert adopted.status == DecisionStatus.ADOPTED
    assert adopted.recommended_by == recommendation


AMENDED_BY_CONGRESS_RATIFIED_BY_COUNCIL = (
    "    bodies: [assembly]\n    threshold: two_thirds_cast\n    notice_required: true\n",
    "    bodies: [assembly]\n    threshold: two_thirds_cast\n    notice_required: true\n"
    "    procedure:\n      - ratify: {body: council, within_days: 30}\n",
)


@pytest.fixture
def ratified_charter_union(db, small_charter_text):
    return build_small_union(
        variant(AMENDED_BY_CONGRESS_RATIFIED_BY_COUNCIL, text=small_charter_text)
    )


def test_an_amended_charter_takes_effect_only_when_ratified(
    ratified_charter_union, small_charter_text
):
    org = ratified_charter_union
    before = charter_version_in_force().number
    new_text = variant(
        AMENDED_BY_CONGRESS_RATIFIED_BY_COUNCIL,
        ("  name: Test Tenants' Union\n", "  name: Test Tenants' and Neighbours' Union\n"),
        text=small_charter_text,
    )
    amendment = record(
        org.bodies["assembly"],
        "charter.amend",
        yes=6,
        no=0,
        notice_given=True,
        new_charter_text=new_text,
    )
    assert amendment.status == DecisionStatus.PENDING
    assert charter_version_in_force().number == before

    step(org, amendment, "council", dt.date(2026, 3, 20), yes=4, no=1)

    amendment.refresh_from_db()
    assert amendment.status == DecisionStatus.ADOPTED
    in_force = charter_version_in_force()
    assert in_force.number == before + 1 and in_force.adopted_by == amendment
    assert in_force.charter.name == "Test Tenants' and Neighbours' Union"
