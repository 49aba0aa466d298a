"""The small union's world for the obligations tests, and meetings entered as the record
stands (the meeting services are tested in tests/meetings; here only their dates matter)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from minutebook.bodies.models import Body
from minutebook.charter.models import CharterVersion
from minutebook.meetings.models import Meeting, MeetingStatus
from tests.factories import build_small_union


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


# The duties the tests' charter adds to the small union's (tests/data/small-charter.yaml).
OBLIGATIONS = """
obligations:
  - id: council-meets
    body: council
    meets_at_least: {times: 2, per: year}
  - id: assembly-length
    body: assembly
    meeting_lasts_at_most_days: 10
  - id: suspension-heard
    body: assembly
    within_days: 60
    after: {decision: member.suspend}
    then: {meeting: {}}
  - id: bureau-reports
    name: The bureau reports on a spending decision within 30 days.
    body: bureau
    within_days: 30
    after: {decision: budget.spend, by: council}
    then: {decision: resolution}
  - id: admission-confirmed
    body: local-committee
    within_days: 10
    after: {decision: member.admit}
    then: {meeting: {}}
"""


@pytest.fixture
def duties_charter_text(small_charter_text) -> str:
    return small_charter_text + OBLIGATIONS


@pytest.fixture
def org(db, duties_charter_text):
    """The small union under a founding charter with duties, in force (with the record it
    governs) since 1 June 2025."""
    union = build_small_union(duties_charter_text)
    CharterVersion.objects.filter(number=1).update(in_force_from=at(dt.date(2025, 6, 1)))
    return union
