"""Duties counted in calendar months (`per: month`, `within_months`), and a duty to convene
another body's meeting, which falls on the body that convenes it and is met by a meeting of
the other."""

from __future__ import annotations

import datetime as dt

import pytest

from minutebook.charter.models import CharterVersion
from minutebook.meetings.models import MeetingStatus
from minutebook.obligations.duties import DutyState, obligation_duty
from minutebook.obligations.models import Obligation
from minutebook.obligations.selectors import body_duties
from tests.factories import build_small_union, record
from tests.obligations.conftest import at, meeting_on

D = dt.date

DUTIES = """
obligations:
  - id: council-monthly
    body: council
    meets_at_least: {times: 1, per: month}
  - id: council-convenes-assembly
    body: council
    within_days: 50
    after: {decision: member.suspend}
    then: {meeting: {of: assembly}}
  - id: council-convenes-assembly-yearly
    body: council
    meets_at_least: {times: 1, per: year, of: assembly}
  - id: bureau-reports
    body: bureau
    within_months: 2
    after: {decision: budget.spend}
    then: {decision: resolution}
"""


@pytest.fixture
def org(db, small_charter_text):
    union = build_small_union(small_charter_text + DUTIES)
    CharterVersion.objects.filter(number=1).update(in_force_from=at(D(2026, 5, 1)))
    return union


def monthly(org, today):
    return {
        duty.key.rsplit(":", 1)[1]: duty
        for duty in body_duties(org.bodies["council"], today)
        if duty.rule == "council-monthly"
    }


def test_each_calendar_month_needs_its_meeting(org):
    """A meeting on 31 May and the next on 1 July leave June without one."""
    council = org.bodies["council"]
    meeting_on(council, D(2026, 5, 31))
    meeting_on(council, D(2026, 7, 1))

    duties = monthly(org, D(2026, 7, 15))

    assert set(duties) >= {"2026-05", "2026-06", "2026-07"}
    assert duties["2026-05"].state == DutyState.MET
    assert duties["2026-06"].state == DutyState.OVERDUE
    assert duties["2026-06"].due_on == D(2026, 6, 30)
    assert duties["2026-07"].state == DutyState.MET
    assert "June 2026" in duties["2026-06"].title


def test_the_current_month_is_open_until_its_last_day(org):
    duties = monthly(org, D(2026, 5, 31))

    assert duties["2026-05"].state == DutyState.OPEN
    assert duties["2026-05"].days_left == 0


def test_the_convening_body_owes_the_other_body_s_meeting(org):
    suspension = record(
        org.bodies["council"], "member.suspend", yes=4, no=1, present=5, decided_on=D(2026, 6, 1)
    )
    (duty,) = Obligation.objects.filter(source=f"decision:{suspension.reference}")
    assert duty.body == org.bodies["council"]
    assert duty.params == {"meeting_body": org.bodies["assembly"].slug}
    assert duty.due_on == D(2026, 7, 21)  # 50 days after 1 June
    assert "convened by the Council" in duty.title

    meeting_on(org.bodies["council"], D(2026, 7, 1), convened_on=D(2026, 6, 20))
    assert obligation_duty(duty, D(2026, 7, 22)).state == DutyState.OVERDUE

    meeting_on(org.bodies["assembly"], D(2026, 7, 21), convened_on=D(2026, 7, 1))
    assert obligation_duty(duty, D(2026, 7, 22)).state == DutyState.MET
    on_council_page = body_duties(org.bodies["council"], D(2026, 7, 22))
    assert str(duty.pk) in {d.key for d in on_council_page}


def test_a_duty_within_two_calendar_months_of_a_decision(org):
    spending = record(
        org.bodies["council"], "budget.spend", yes=4, no=1, decided_on=D(2026, 12, 31)
    )

    (duty,) = Obligation.objects.filter(source=f"decision:{spending.reference}")

    assert (duty.arose_on, duty.due_on) == (D(2026, 12, 31), D(2027, 2, 28))
    assert "within 2 calendar months" in duty.title


def test_held_meetings_only(org):
    council = org.bodies["council"]
    meeting_on(council, D(2026, 6, 10), status=MeetingStatus.CANCELLED)

    assert monthly(org, D(2026, 7, 2))["2026-06"].state == DutyState.OVERDUE


def test_a_body_convenes_another_s_meetings_n_times_a_year(org):
    """Counted from the Assembly's meetings, shown on the Council's page: a Council meeting
    does not count. (2027: the rule came into force in May 2026, which is not judged.)"""
    meeting_on(org.bodies["council"], D(2027, 6, 10))

    def yearly(today):
        (duty,) = [
            d
            for d in body_duties(org.bodies["council"], today)
            if d.rule == "council-convenes-assembly-yearly" and d.key.endswith(":2027")
        ]
        return duty

    assert yearly(D(2028, 1, 2)).state == DutyState.OVERDUE
    meeting_on(org.bodies["assembly"], D(2027, 9, 1))
    duty = yearly(D(2028, 1, 2))
    assert duty.state == DutyState.MET and duty.met.on == D(2027, 9, 1)
    assert duty.title == "At least once: meetings of the General Assembly in 2027"
    assert duty.rule_text == "The Council convenes the General Assembly at least once a year."
    assert not [
        d
        for d in body_duties(org.bodies["assembly"], D(2028, 1, 2))
        if d.rule == "council-convenes-assembly-yearly"
    ]
