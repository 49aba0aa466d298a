"""Who records a decision: the body's secretary and administrators always; whoever may chair
a meeting of the body, for a decision taken at that meeting while it is open."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minutebook.ledger.competence import Tally
from minutebook.ledger.services import decision_record
from minutebook.meetings.models import Meeting, MeetingStatus

STARTS = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


def meeting_of(org, body="assembly", *, chair="east-delegate-1", status=MeetingStatus.OPEN):
    return Meeting.objects.create(
        body=org.bodies[body],
        title="June session",
        convened_by=org.admin,
        convened_at=STARTS - dt.timedelta(days=20),
        starts_at=STARTS,
        status=status,
        chair=org.members[chair],
        opened_at=STARTS,
        closed_at=STARTS + dt.timedelta(hours=2) if status == MeetingStatus.CLOSED else None,
    )


def record_as(org, key, **extra):
    return decision_record(
        actor=org.user(key),
        body=org.bodies["assembly"],
        decision_type="resolution",
        decided_on=STARTS.date(),
        title="Rent strike fund",
        text="The assembly sets up a strike fund.",
        tally=Tally(votes_for=4, votes_against=1, votes_abstain=1, present=6),
        **extra,
    )


def test_the_chair_of_an_open_meeting_records_what_it_decided(org):
    meeting = meeting_of(org)
    decision = record_as(org, "east-delegate-1", meeting=meeting)
    assert decision.meeting == meeting
    assert decision.recorded_by == org.user("east-delegate-1")


def test_the_chair_records_nothing_outside_the_open_meeting(org):
    with pytest.raises(PermissionDenied, match="secretary of General Assembly"):
        record_as(org, "east-delegate-1")
    closed = meeting_of(org, status=MeetingStatus.CLOSED)
    with pytest.raises(PermissionDenied, match="the chair while the meeting is open"):
        record_as(org, "east-delegate-1", meeting=closed)


def test_a_seat_holder_who_does_not_chair_records_nothing(org):
    with pytest.raises(PermissionDenied):
        record_as(org, "west-delegate-2", meeting=meeting_of(org))


def test_a_meeting_of_another_body_is_refused(org):
    council_meeting = meeting_of(org, "council", chair="council-1")
    with pytest.raises(ValidationError, match="not a meeting of General Assembly"):
        record_as(org, "council-1", meeting=council_meeting)


def test_the_secretary_records_with_or_without_a_meeting(org):
    assert record_as(org, "east-delegate-0").meeting is None
    closed = meeting_of(org, status=MeetingStatus.CLOSED)
    assert record_as(org, "east-delegate-0", meeting=closed).meeting == closed
