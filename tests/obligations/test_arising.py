"""A duty that arises from an event: recorded once, journaled, and judged against the record
(met on its due date, late a day after, overdue while nothing meets it)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from minutebook.journal.models import JournalEntry
from minutebook.journal.services import journal_verify
from minutebook.meetings.models import MeetingStatus
from minutebook.obligations.duties import DutyState, obligation_duty
from minutebook.obligations.services import obligation_arise
from tests.factories import record
from tests.obligations.conftest import meeting_on

AROSE = dt.date(2026, 3, 2)
DUE = dt.date(2026, 4, 21)  # 50 days later


def arise_meeting(org, **changes):
    values = {
        "actor": org.admin,
        "body": org.bodies["assembly"],
        "kind": "meeting",
        "title": "A special General Assembly",
        "due_on": DUE,
        "arose_on": AROSE,
        "rule": "special-meeting",
        "rule_text": "A special meeting within 50 days of a valid requisition.",
        "source": "petition:12",
    }
    values.update(changes)
    return obligation_arise(**values)


def test_a_duty_arises_on_the_journal(org):
    obligation = arise_meeting(org)

    entry = JournalEntry.objects.get(action="obligation.arise")
    assert entry.object_id == str(obligation.pk)
    assert entry.actor_name == "admin"
    assert entry.after["due_on"] == "2026-04-21"
    assert entry.after["source"] == "petition:12"
    assert "General Assembly" in entry.summary and "21 April 2026" in entry.summary
    assert journal_verify().intact


def test_the_same_event_gives_rise_to_its_duty_once(org):
    first = arise_meeting(org)
    again = arise_meeting(org, title="Asked again")

    assert again.pk == first.pk
    assert JournalEntry.objects.filter(action="obligation.arise").count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "dance"}, "kind"),
        ({"title": "  "}, "title"),
        ({"due_on": AROSE - dt.timedelta(days=1)}, "due_on"),
        ({"source": ""}, "source"),
        ({"kind": "decision", "params": {"decision_type": "no.such"}}, "params"),
        ({"kind": "decision", "params": {"decision_type": "budget.spend"}}, "params"),
        ({"kind": "decision"}, "params"),
    ],
)
def test_bad_input_is_refused_naming_the_field(org, changes, field):
    with pytest.raises(ValidationError) as refused:
        arise_meeting(org, **changes)

    assert field in refused.value.message_dict
    assert not JournalEntry.objects.filter(action="obligation.arise").exists()


def state_on(obligation, today):
    return obligation_duty(obligation, today).state


def test_open_then_overdue_while_nothing_meets_it(org):
    obligation = arise_meeting(org)

    assert state_on(obligation, DUE) == DutyState.OPEN
    assert obligation_duty(obligation, DUE - dt.timedelta(days=3)).days_left == 3
    assert state_on(obligation, DUE + dt.timedelta(days=1)) == DutyState.OVERDUE
    assert obligation_duty(obligation, DUE + dt.timedelta(days=5)).days_late == 5


def test_a_meeting_convened_to_be_held_on_the_due_date_meets_it(org):
    obligation = arise_meeting(org)
    meeting = meeting_on(
        org.bodies["assembly"], DUE, status=MeetingStatus.SCHEDULED, convened_on=AROSE
    )

    duty = obligation_duty(obligation, AROSE + dt.timedelta(days=1))
    assert duty.state == DutyState.MET
    assert duty.met.on == AROSE
    assert duty.met.record == f"meeting:{meeting.pk}"
    assert duty.met.url == f"/meetings/{meeting.pk}/"


def test_a_meeting_a_day_after_the_due_date_is_late(org):
    obligation = arise_meeting(org)
    meeting_on(org.bodies["assembly"], DUE + dt.timedelta(days=1), convened_on=AROSE)

    assert state_on(obligation, DUE) == DutyState.OPEN
    assert state_on(obligation, DUE + dt.timedelta(days=1)) == DutyState.LATE
    assert obligation_duty(obligation, DUE + dt.timedelta(days=9)).days_late == 1


def test_a_cancelled_meeting_or_one_called_before_the_event_meets_nothing(org):
    obligation = arise_meeting(org)
    body = org.bodies["assembly"]
    meeting_on(body, DUE, status=MeetingStatus.CANCELLED, convened_on=AROSE)
    meeting_on(body, DUE, convened_on=AROSE - dt.timedelta(days=1))

    assert state_on(obligation, DUE + dt.timedelta(days=1)) == DutyState.OVERDUE


def test_a_decision_duty_is_met_by_a_regular_decision_of_its_type_on_its_due_date(org):
    council = org.bodies["council"]
    obligation = arise_meeting(
        org,
        body=council,
        kind="decision",
        title="Decide on the appeal",
        params={"decision_type": "member.suspend"},
    )
    record(council, "resolution", decided_on=DUE, title="Not the one")
    assert state_on(obligation, DUE + dt.timedelta(days=1)) == DutyState.OVERDUE

    decision = record(council, "member.suspend", decided_on=DUE, present=5, title="Appeal heard")

    duty = obligation_duty(obligation, DUE + dt.timedelta(days=1))
    assert duty.state == DutyState.MET
    assert duty.met.record == f"decision:{decision.reference}"


def test_a_decision_a_day_late_is_late(org):
    council = org.bodies["council"]
    obligation = arise_meeting(
        org, body=council, kind="decision", title="Decide", params={"decision_type": "resolution"}
    )
    record(council, "resolution", decided_on=DUE + dt.timedelta(days=1))

    assert state_on(obligation, DUE + dt.timedelta(days=2)) == DutyState.LATE
