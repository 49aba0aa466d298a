"""A decision ends early only by a later recorded decision of a competent body."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from minutebook.ledger.models import Decision, DecisionStatus
from minutebook.ledger.services import DecisionRefused, decision_add_progress
from tests.factories import record

LATER = dt.date(2026, 5, 1)


@pytest.fixture
def council_resolution(org):
    return record(
        org.bodies["council"],
        "resolution",
        yes=4,
        no=1,
        title="Campaign",
        due_on=dt.date(2026, 4, 1),
    )


def test_the_deciding_body_rescinds_its_decision_and_both_are_linked(org, council_resolution):
    rescission = record(
        org.bodies["council"],
        "decision.rescind",
        yes=4,
        no=1,
        decided_on=LATER,
        ends=council_resolution,
    )
    council_resolution.refresh_from_db()
    assert council_resolution.status == DecisionStatus.RESCINDED
    assert council_resolution.ended_by == rescission
    assert rescission.ends == council_resolution
    assert not council_resolution.is_overdue


def test_a_higher_body_that_elects_the_deciding_body_may_rescind(org, council_resolution):
    record(
        org.bodies["assembly"],
        "decision.rescind",
        yes=5,
        no=1,
        decided_on=LATER,
        ends=council_resolution,
    )
    council_resolution.refresh_from_db()
    assert council_resolution.status == DecisionStatus.RESCINDED


def test_a_body_it_elects_may_not_rescind_it(org, council_resolution):
    with pytest.raises(DecisionRefused) as refused:
        record(
            org.bodies["bureau"],
            "decision.rescind",
            yes=3,
            no=0,
            decided_on=LATER,
            ends=council_resolution,
        )
    assert "rescind_authority" in [f.rule for f in refused.value.check.failures]


def test_a_body_may_not_rescind_a_type_it_could_not_decide(org):
    spending = record(org.bodies["council"], "budget.spend", yes=4, no=1)
    with pytest.raises(DecisionRefused) as refused:
        record(
            org.bodies["assembly"], "decision.rescind", yes=6, no=0, decided_on=LATER, ends=spending
        )
    assert [f.rule for f in refused.value.check.failures] == ["rescind_competence"]


def test_a_rescission_needs_its_own_threshold(org, council_resolution):
    with pytest.raises(DecisionRefused) as refused:
        record(
            org.bodies["council"],
            "decision.rescind",
            yes=2,
            no=2,
            decided_on=LATER,
            ends=council_resolution,
        )
    assert [f.rule for f in refused.value.check.failures] == ["threshold"]


def test_a_rescinded_decision_cannot_be_rescinded_again(org, council_resolution):
    record(
        org.bodies["council"],
        "decision.rescind",
        yes=4,
        no=1,
        decided_on=LATER,
        ends=council_resolution,
    )
    with pytest.raises(DecisionRefused) as refused:
        record(
            org.bodies["council"],
            "decision.rescind",
            yes=4,
            no=1,
            decided_on=LATER,
            ends=council_resolution,
        )
    assert [f.rule for f in refused.value.check.failures] == ["ends_closed"]


def test_an_amendment_of_the_same_type_supersedes(org, council_resolution):
    amendment = record(
        org.bodies["council"],
        "resolution",
        yes=4,
        no=1,
        decided_on=LATER,
        ends=council_resolution,
        title="Campaign, amended",
    )
    council_resolution.refresh_from_db()
    assert council_resolution.status == DecisionStatus.SUPERSEDED
    assert council_resolution.ended_by == amendment


def test_a_decision_of_another_type_cannot_end_it(org, council_resolution):
    with pytest.raises(DecisionRefused) as refused:
        record(
            org.bodies["council"],
            "budget.spend",
            yes=4,
            no=1,
            decided_on=LATER,
            ends=council_resolution,
        )
    assert [f.rule for f in refused.value.check.failures] == ["ends_type"]


def test_an_irregular_rescission_is_recorded_but_does_not_end_the_decision(org, council_resolution):
    from minutebook.bodies.services import body_register_unchartered

    group = body_register_unchartered(actor=org.admin, name="Informal meeting")
    claim = record(
        group,
        "decision.rescind",
        yes=4,
        no=0,
        decided_on=LATER,
        ends=council_resolution,
        irregular_reason="Dropped at an informal meeting.",
    )
    council_resolution.refresh_from_db()
    assert council_resolution.status == DecisionStatus.ADOPTED
    assert council_resolution.ended_by is None
    assert list(council_resolution.ending_decisions.all()) == [claim]
    assert council_resolution.is_overdue


def test_the_database_refuses_two_regular_endings(org, council_resolution):
    record(
        org.bodies["council"],
        "decision.rescind",
        yes=4,
        no=1,
        decided_on=LATER,
        ends=council_resolution,
    )
    first = Decision.objects.get(ends=council_resolution)
    first.pk = None
    first.reference = "copy"
    with pytest.raises(IntegrityError), transaction.atomic():
        first.save()


def test_implementation_moves_forward_only_and_overdue_is_derived(org, council_resolution):
    assert council_resolution.is_overdue  # due 2026-04-01, today is later
    assert council_resolution in Decision.objects.overdue()
    decision_add_progress(
        actor=org.admin,
        decision=council_resolution,
        written_on=LATER,
        text="Leaflets printed.",
        status=DecisionStatus.IN_PROGRESS,
    )
    decision_add_progress(
        actor=org.admin,
        decision=council_resolution,
        written_on=LATER,
        text="Done.",
        status=DecisionStatus.IMPLEMENTED,
    )
    council_resolution.refresh_from_db()
    assert not council_resolution.is_overdue
    with pytest.raises(ValidationError):
        decision_add_progress(
            actor=org.admin,
            decision=council_resolution,
            written_on=LATER,
            text="Back again?",
            status=DecisionStatus.IN_PROGRESS,
        )
    # An implemented decision cannot be rescinded any more.
    with pytest.raises(DecisionRefused):
        record(
            org.bodies["council"],
            "decision.rescind",
            yes=4,
            no=1,
            decided_on=LATER,
            ends=council_resolution,
        )


def test_progress_is_reported_only_by_those_responsible(org, council_resolution):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        decision_add_progress(
            actor=org.user("east-member"),
            decision=council_resolution,
            written_on=LATER,
            text="I did it.",
            status=DecisionStatus.IMPLEMENTED,
        )
    decision_add_progress(
        actor=org.user("council-0"),
        decision=council_resolution,
        written_on=LATER,
        text="Secretary reports.",
        status=DecisionStatus.IN_PROGRESS,
    )
