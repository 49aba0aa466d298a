"""A meeting to hold motions and votes in, built directly with the meetings app's models (its
services arrive with the meetings branch), and a clock frozen where the tests say.

The General Assembly of the small union (tests/factories.py) has six delegates, three from each
local; `east-delegate-0` is its secretary. Its quorum is a majority of the filled seats (4 of
6), its documents must be circulated 7 days before a meeting."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from minutebook.meetings.models import AgendaItem, Attendance, Meeting, MeetingStatus
from minutebook.motions.services import motion_admit, motion_submit

MEETING_START = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)
DELEGATES = [f"{local}-delegate-{i}" for local in ("east", "west") for i in range(3)]


class Clock:
    def __init__(self, now: dt.datetime):
        self.now = now

    def set(self, now: dt.datetime) -> None:
        self.now = now

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


def make_meeting(
    org, body="assembly", *, status=MeetingStatus.OPEN, chair=None, starts_at=MEETING_START
) -> Meeting:
    meeting = Meeting.objects.create(
        body=org.bodies[body],
        title=f"{org.bodies[body].name}, June session",
        convened_by=org.admin,
        convened_at=starts_at - dt.timedelta(days=20),
        starts_at=starts_at,
        status=status,
        chair=org.members[chair] if chair else None,
        opened_at=starts_at if status != MeetingStatus.SCHEDULED else None,
    )
    AgendaItem.objects.create(meeting=meeting, position=1, title="Motions")
    AgendaItem.objects.create(meeting=meeting, position=2, title="Elections")
    return meeting


def check_in(org, meeting: Meeting, *keys: str, proxy_for: str | None = None) -> None:
    for key in keys:
        Attendance.objects.create(
            meeting=meeting,
            member=org.members[key],
            checked_in_at=meeting.starts_at,
            proxy_for=org.members[proxy_for] if proxy_for else None,
        )


def submit(
    org,
    meeting: Meeting,
    *,
    by="west-delegate-1",
    title="Rent strike fund",
    text="The assembly sets up a strike fund.\n\nIt is paid from dues.",
    decision_type="resolution",
    authors=None,
    **extra,
):
    return motion_submit(
        actor=org.user(by),
        body=meeting.body,
        decision_type=decision_type,
        title=title,
        text=text,
        authors=[org.members[key] for key in (authors if authors is not None else [by])],
        meeting=meeting,
        **extra,
    )


def admitted(org, meeting: Meeting, chair="east-delegate-0", **kwargs):
    motion = submit(org, meeting, **kwargs)
    return motion_admit(
        actor=org.user(chair),
        motion=motion,
        meeting=meeting,
        agenda_item=meeting.agenda_items.get(position=1),
    )


def local_now():
    return timezone.localtime()
