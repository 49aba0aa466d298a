"""What the meeting services share: reading the meeting under a lock, the notice verdict as
the journal keeps it, small checks."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from minutebook.meetings.models import Meeting
from minutebook.meetings.notice import NoticeVerdict


def locked(meeting: Meeting) -> Meeting:
    """The meeting, locked for the rest of the transaction, so that transitions and
    check-ins on one meeting happen one after the other."""
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("body__unit", "chair")
        .get(pk=meeting.pk)
    )


def notice_json(verdict: NoticeVerdict) -> dict:
    return {
        "required_days": verdict.required_days,
        **({"required_hours": verdict.required_hours} if verdict.required_hours else {}),
        "days_given": verdict.days_given,
        "late": verdict.late,
    }


def when(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def check_allocation(minutes: int | None, field: str = "minutes_allocated") -> None:
    if minutes is not None and minutes < 1:
        raise ValidationError({field: "the time allocated is at least one minute"})
