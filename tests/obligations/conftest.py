"""The small union's world for the obligations tests, and meetings entered as the record
stands (the meeting services are tested in tests/meetings; here only their dates matter)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from minutebook.bodies.models import Body
from minutebook.meetings.models import Meeting, MeetingStatus


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def meeting_on(
    body: Body,
    day: dt.date,
    *,
    status: str = MeetingStatus.CLOSED,
    convened_on: dt.date | None = None,
    closed_on: dt.date | None = None,
    title: str = "Meeting",
    by=None,
) -> Meeting:
    """A meeting of `body` starting on `day`, convened 14 days ahead unless `convened_on`
    says otherwise; opened at its start unless scheduled or cancelled, closed `closed_on`
    (default: the same day) if closed."""
    held = status in (MeetingStatus.OPEN, MeetingStatus.CLOSED)
    return Meeting.objects.create(
        body=body,
        title=title,
        convened_by=by or _admin(),
        convened_at=at(convened_on or day - dt.timedelta(days=14), 9),
        starts_at=at(day),
        status=status,
        opened_at=at(day) if held else None,
        closed_at=at(closed_on or day, 16) if status == MeetingStatus.CLOSED else None,
        cancelled_at=at(day - dt.timedelta(days=1)) if status == MeetingStatus.CANCELLED else None,
        cancellation_reason="Called off" if status == MeetingStatus.CANCELLED else "",
    )


def _admin():
    return get_user_model().objects.get(username="admin")
