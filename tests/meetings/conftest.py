"""Personas, a frozen clock and a few meetings for the meeting tests.

The Council of the small union (tests/data/small-charter.yaml) is the body most tests meet
in: every member may read its records, its quorum is half of its five seats (3), notice is
7 days and documents 3 days, and it may declare its own emergency meetings (1 day's notice).
Personas: `admin`; `secretary` (council-0, the Council's secretary); `chair` (council-1,
given the Council's chair office here); `seat_holder` (council-2, no office); `member`
(East Rank And File, a member with no seat on the Council); `outsider` (a login with no
member behind it)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from minutebook.bodies.models import Seat
from minutebook.bodies.services import seat_assign_office
from minutebook.meetings import services
from tests.factories import build_small_union

NOW = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
# The small charter has no `minutes.approve`; the approval tests add it.
APPROVE_TYPE = """
  - id: minutes.approve
    name: Approve the minutes
    bodies: all
    threshold: majority_cast
"""


class Clock:
    """A frozen `django.utils.timezone.now`, moved on by hand."""

    def __init__(self, now: dt.datetime):
        self.now = now

    def advance(self, **delta) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now

    def set(self, moment: dt.datetime) -> dt.datetime:
        self.now = moment
        return moment


@pytest.fixture
def clock(monkeypatch):
    frozen = Clock(NOW)
    monkeypatch.setattr("django.utils.timezone.now", lambda: frozen.now)
    return frozen


@pytest.fixture
def council(org):
    """The Council, with council-1 in its chair office."""
    body = org.bodies["council"]
    seat = Seat.objects.get(body=body, member=org.members["council-1"], ended_on__isnull=True)
    seat_assign_office(actor=org.admin, seat=seat, office="chair")
    return body


@pytest.fixture
def personas(org, council, outsider):
    return {
        "admin": org.admin,
        "secretary": org.user("council-0"),
        "chair": org.user("council-1"),
        "seat_holder": org.user("council-2"),
        "member": org.user("east-member"),
        "outsider": outsider,
    }


def convene(org, *, actor=None, body=None, days=10, title="Ordinary meeting", **extra):
    """A Council meeting `days` days from the (frozen) now, convened by the secretary."""
    from django.utils import timezone

    extra.setdefault("place", "Union Hall")
    return services.meeting_convene(
        actor=actor or org.user("council-0"),
        body=body or org.bodies["council"],
        title=title,
        starts_at=timezone.now() + dt.timedelta(days=days),
        **extra,
    )


@pytest.fixture
def meeting(org, council, clock):
    """A scheduled Council meeting in ten days, with three agenda items."""
    return convene(
        org,
        agenda=[
            services.AgendaEntry("Reports", 20),
            services.AgendaEntry("Budget", 30),
            services.AgendaEntry("Any other business"),
        ],
    )


@pytest.fixture
def open_meeting(org, meeting, clock):
    """The meeting, opened by its secretary at its start."""
    clock.set(meeting.starts_at)
    return services.meeting_open(actor=org.user("council-0"), meeting=meeting)


def hold(org, meeting, clock, *, present=("council-0", "council-1", "council-2")):
    """Open the meeting at its start with `present` there, and close it two hours later."""
    clock.set(meeting.starts_at)
    for key in present:
        services.attendance_check_in(actor=org.admin, meeting=meeting, member=org.members[key])
    meeting = services.meeting_open(actor=org.user("council-0"), meeting=meeting)
    clock.advance(hours=2)
    return services.meeting_close(actor=org.user("council-0"), meeting=meeting)


@pytest.fixture
def approving_org(db, small_charter_text):
    return build_small_union(small_charter_text.rstrip() + "\n" + APPROVE_TYPE)


@pytest.fixture
def two_meetings(approving_org, clock):
    org = approving_org
    first = hold(org, convene(org, actor=org.admin, days=10, title="June"), clock)
    clock.advance(days=1)
    second = convene(org, actor=org.admin, days=10, title="July")
    return org, first, second


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client
