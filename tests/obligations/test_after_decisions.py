"""A duty the charter attaches to a decision arises when the decision is recorded: on the
responsible body (the acting instance of a body per unit kind), journaled with it, due D days
after it; an irregular decision starts no clock."""

from __future__ import annotations

import datetime as dt

from minutebook.bodies.models import SeatMethod
from minutebook.bodies.services import seat_fill
from minutebook.journal.models import JournalEntry
from minutebook.obligations.models import Obligation
from tests.factories import FOUNDED, record

DECIDED = dt.date(2026, 3, 2)


def test_a_suspension_gives_rise_to_a_meeting_of_the_assembly_within_60_days(org):
    decision = record(org.bodies["council"], "member.suspend", present=5, decided_on=DECIDED)

    obligation = Obligation.objects.get()
    assert obligation.body == org.bodies["assembly"]
    assert obligation.kind == "meeting"
    assert (obligation.arose_on, obligation.due_on) == (DECIDED, dt.date(2026, 5, 1))
    assert obligation.source == f"decision:{decision.reference}"
    assert obligation.rule == "suspension-heard"
    assert obligation.title == (
        f"A meeting of the General Assembly, within 60 days of {decision.reference} "
        "(Suspend a member)"
    )
    actions = list(JournalEntry.objects.order_by("-position").values_list("action", flat=True))
    assert actions[:2] == ["obligation.arise", "decision.record"]


def test_a_decision_duty_carries_its_type_and_the_charter_words(org):
    record(org.bodies["council"], "budget.spend", yes=5, no=0, decided_on=DECIDED)

    obligation = Obligation.objects.get()
    assert obligation.body == org.bodies["bureau"]
    assert obligation.params == {"decision_type": "resolution"}
    assert obligation.rule_text == "The bureau reports on a spending decision within 30 days."


def test_the_acting_instance_of_a_body_per_unit_kind_is_responsible(org):
    committee = org.bodies["local-committee.west"]
    seat_fill(
        actor=org.admin,
        body=committee,
        member=org.members["west-member"],
        method=SeatMethod.ELECTED,
        starts_on=FOUNDED,
        constituency=org.units["west"],
    )
    record(committee, "member.admit", yes=1, no=0, decided_on=DECIDED)

    assert Obligation.objects.get().body == org.bodies["local-committee.west"]


def test_an_irregular_decision_starts_no_clock(org):
    record(
        org.bodies["council"],
        "member.suspend",
        yes=1,
        no=4,
        present=5,
        decided_on=DECIDED,
        irregular_reason="Recorded as it was claimed",
    )

    assert not Obligation.objects.exists()


def test_other_decisions_start_nothing(org):
    record(org.bodies["council"], "resolution", decided_on=DECIDED)

    assert not Obligation.objects.exists()
