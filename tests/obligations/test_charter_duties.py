"""The charter's recurring duties judged against the meetings on record: periods at their
boundaries, held versus cancelled meetings, the rule's coming into force, and meetings that
sit longer than allowed."""

from __future__ import annotations

import datetime as dt

import pytest

from minutebook.charter.models import CharterVersion
from minutebook.charter.selectors import charter_in_force
from minutebook.charter.spec import ObligationSpec
from minutebook.meetings.models import MeetingStatus
from minutebook.obligations.charter_duties import _meets_at_least, periods
from minutebook.obligations.duties import DutyState
from minutebook.obligations.selectors import body_duties
from tests.factories import build_small_union, record
from tests.obligations.conftest import at, meeting_on

D = dt.date


def meets(org, today):
    """The Council's meeting duties on `today`, by period."""
    return {
        duty.key.rsplit(":", 1)[1]: duty
        for duty in body_duties(org.bodies["council"], today)
        if duty.rule == "council-meets"
    }


def test_a_meeting_on_31_december_counts_for_its_year_not_the_next(org):
    council = org.bodies["council"]
    meeting_on(council, D(2025, 12, 31))
    meeting_on(council, D(2026, 1, 1))

    duties = meets(org, D(2026, 11, 23))

    assert duties["2025"].state == DutyState.NOT_JUDGED  # the rule came in on 1 June 2025
    assert duties["2025"].progress.startswith("1 held")
    assert duties["2026"].state == DutyState.OPEN
    assert duties["2026"].progress == "1 of 2 so far"
    assert duties["2026"].days_left == 38
    assert duties["2026"].due_on == D(2026, 12, 31)


def test_exactly_the_meetings_needed_meet_the_year_on_the_day_of_the_last(org):
    council = org.bodies["council"]
    meeting_on(council, D(2026, 1, 1))
    second = meeting_on(council, D(2026, 12, 31), title="Year-end meeting")

    duty = meets(org, D(2027, 1, 5))["2026"]

    assert duty.state == DutyState.MET
    assert duty.met.on == D(2026, 12, 31)
    assert duty.met.record == f"meeting:{second.pk}"
    assert meets(org, D(2027, 1, 5))["2027"].state == DutyState.OPEN


def test_one_short_is_open_on_the_last_day_and_missed_the_day_after(org):
    meeting_on(org.bodies["council"], D(2026, 3, 1))

    assert meets(org, D(2026, 12, 31))["2026"].state == DutyState.OPEN
    assert meets(org, D(2026, 12, 31))["2026"].days_left == 0
    missed = meets(org, D(2027, 1, 1))["2026"]
    assert missed.state == DutyState.OVERDUE
    assert missed.progress == "missed: 1 of 2 held"
    assert missed.days_late == 1


@pytest.mark.parametrize("status", [MeetingStatus.CANCELLED, MeetingStatus.SCHEDULED])
def test_a_meeting_not_held_does_not_count(org, status):
    council = org.bodies["council"]
    meeting_on(council, D(2026, 3, 1))
    meeting_on(council, D(2026, 6, 1), status=status)

    assert meets(org, D(2027, 1, 1))["2026"].state == DutyState.OVERDUE


def test_an_open_meeting_counts_from_its_opening(org):
    council = org.bodies["council"]
    meeting_on(council, D(2026, 3, 1))
    meeting_on(council, D(2026, 11, 20), status=MeetingStatus.OPEN)

    assert meets(org, D(2026, 11, 23))["2026"].state == DutyState.MET


def test_a_year_before_the_rule_came_into_force_is_not_judged(
    db, small_charter_text, duties_charter_text
):
    """Founded without the rule; an amendment of 1 March 2026 brings it in."""
    org = build_small_union(small_charter_text)
    CharterVersion.objects.filter(number=1).update(in_force_from=at(D(2025, 6, 1)))
    record(
        org.bodies["assembly"],
        "charter.amend",
        yes=6,
        no=0,
        decided_on=D(2026, 3, 1),
        notice_given=True,
        new_charter_text=duties_charter_text,
    )
    CharterVersion.objects.filter(number=2).update(in_force_from=at(D(2026, 3, 1)))

    duties = meets(org, D(2027, 2, 1))

    assert set(duties) == {"2026", "2027"}
    assert duties["2026"].state == DutyState.NOT_JUDGED
    assert "1 March 2026" in duties["2026"].progress
    assert duties["2027"].state == DutyState.OPEN


def test_a_rule_the_charter_in_force_dropped_is_not_judged(org, small_charter_text):
    record(
        org.bodies["assembly"],
        "charter.amend",
        yes=6,
        no=0,
        decided_on=D(2026, 3, 1),
        notice_given=True,
        new_charter_text=small_charter_text,
    )

    assert meets(org, D(2027, 2, 1)) == {}


# Periods of months


def test_periods_of_months_run_from_the_day_the_rule_came_into_force():
    spec = ObligationSpec(id="x", body="council", times=1, per_months=3)

    found = periods(spec, D(2026, 1, 15), D(2026, 7, 15))

    assert [(p.start, p.end) for p in found] == [
        (D(2026, 1, 15), D(2026, 4, 14)),
        (D(2026, 4, 15), D(2026, 7, 14)),
        (D(2026, 7, 15), D(2026, 10, 14)),
    ]


def test_a_period_of_months_is_judged_from_its_first_day(org):
    """Once every three months from 15 January 2026: a meeting on 14 April falls in the
    first period, one on 15 April would have fallen in the second."""
    council = org.bodies["council"]
    meeting_on(council, D(2026, 4, 14))
    meeting_on(council, D(2026, 7, 15))
    spec = ObligationSpec(id="council-quarterly", body="council", times=1, per_months=3)

    duties = _meets_at_least(charter_in_force(), spec, council, D(2026, 1, 15), D(2026, 11, 23))

    assert [(d.key, d.state) for d in duties] == [
        ("council-quarterly:council:2026-01-15", DutyState.MET),
        ("council-quarterly:council:2026-04-15", DutyState.OVERDUE),
        ("council-quarterly:council:2026-07-15", DutyState.MET),
        ("council-quarterly:council:2026-10-15", DutyState.OPEN),
    ]
    assert duties[1].title == "At least once: meetings in 15 April 2026 – 14 July 2026"
    assert duties[3].days_left == 52  # to 14 January 2027


# How long a meeting sits


def length(org, today):
    return [
        duty
        for duty in body_duties(org.bodies["assembly"], today)
        if duty.rule == "assembly-length"
    ]


def test_a_meeting_that_sat_ten_days_is_within_the_limit(org):
    meeting_on(org.bodies["assembly"], D(2026, 6, 1), closed_on=D(2026, 6, 10))

    (duty,) = length(org, D(2026, 7, 1))

    assert duty.state == DutyState.MET
    assert duty.progress == "1 meeting since 1 June 2025 within the limit"


def test_a_meeting_that_sat_eleven_days_is_a_breach_shown_with_it(org):
    meeting = meeting_on(
        org.bodies["assembly"], D(2026, 6, 1), closed_on=D(2026, 6, 11), title="Convention"
    )

    (duty,) = length(org, D(2026, 7, 1))

    assert duty.state == DutyState.BREACHED
    assert duty.is_failing
    assert duty.progress == "sat 11 days, closed on 11 June 2026"
    assert duty.concerns.record == f"meeting:{meeting.pk}"
    assert duty.title == "Convention: at most 10 days"


def test_a_meeting_still_open_is_judged_on_its_days_so_far(org):
    meeting_on(org.bodies["assembly"], D(2026, 6, 1), status=MeetingStatus.OPEN)

    assert [d.state for d in length(org, D(2026, 6, 10))] == [DutyState.OPEN]
    assert length(org, D(2026, 6, 10))[0].progress == "in session: day 10 of at most 10"
    assert [d.state for d in length(org, D(2026, 6, 11))] == [DutyState.BREACHED]
