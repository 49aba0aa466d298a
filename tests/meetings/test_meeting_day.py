"""A meeting sits on the day it has where the organization is, not on its UTC date: a meeting
starting just after local midnight is attended, and chaired, by whoever holds a seat that day.

In Berlin, 00:30 on 1 June 2026 is 22:30 on 31 May in UTC. The Council's chair office passes
that night from Council Member 4 (whose seat ends on 1 June) to a newcomer seated from 1 June."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from minutebook.bodies.models import Seat, SeatMethod
from minutebook.bodies.services import seat_assign_office, seat_end, seat_fill
from minutebook.meetings import services
from minutebook.meetings.access import can_chair_meeting
from minutebook.meetings.models import Meeting
from minutebook.meetings.selectors import seat_holders
from tests.factories import make_member, record

TURN_OF_DAY = dt.date(2026, 6, 1)
STARTS = dt.datetime(2026, 5, 31, 22, 30, tzinfo=dt.UTC)  # 00:30 on 1 June in Berlin


@pytest.fixture
def berlin(settings):
    settings.TIME_ZONE = "Europe/Berlin"


@pytest.fixture
def handover(org, clock, berlin):
    """The leaving chair and the newcomer, and a Council meeting at 00:30 on 1 June."""
    council = org.bodies["council"]
    leaving = Seat.objects.get(body=council, member=org.members["council-4"])
    seat_assign_office(actor=org.admin, seat=leaving, office="chair")
    seat_end(actor=org.admin, seat=leaving, ended_on=TURN_OF_DAY, reason="resigned")
    newcomer = make_member("New Chair", org.units["east"])
    seat_fill(
        actor=org.admin,
        body=council,
        member=newcomer,
        method=SeatMethod.ELECTED,
        starts_on=TURN_OF_DAY,
        office="chair",
        source_decision=record(org.bodies["assembly"], "resolution", yes=6, no=0),
    )
    meeting = Meeting.objects.create(
        body=council,
        title="Midnight session",
        convened_by=org.admin,
        convened_at=STARTS - dt.timedelta(days=10),
        starts_at=STARTS,
    )
    return meeting, newcomer.user, org.user("council-4")


def test_the_seat_holders_are_those_of_the_local_day(org, handover):
    meeting, newcomer, leaving = handover
    holders = set(seat_holders(meeting))
    assert newcomer.member in holders
    assert org.members["council-4"] not in holders


def test_the_chair_is_whoever_holds_the_office_on_the_local_day(org, handover):
    meeting, newcomer, leaving = handover
    assert can_chair_meeting(newcomer, meeting)
    assert not can_chair_meeting(leaving, meeting)
    with pytest.raises(PermissionDenied):
        services.meeting_open(actor=leaving, meeting=meeting)
    # An administrator opening it without naming a chair seats the holder of the office.
    meeting = services.meeting_open(actor=org.admin, meeting=meeting)
    assert meeting.chair == newcomer.member


def test_the_newcomer_checks_in_and_the_leaving_member_does_not(handover):
    meeting, newcomer, leaving = handover
    meeting = services.meeting_open(actor=newcomer, meeting=meeting)
    services.attendance_check_in(actor=newcomer, meeting=meeting, member=newcomer.member)
    with pytest.raises(PermissionDenied, match="you hold no seat"):
        services.attendance_check_in(actor=leaving, meeting=meeting, member=leaving.member)
