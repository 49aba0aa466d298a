"""Whether a meeting was called, and a document circulated, in time: derived from the record
and the charter every time it is asked, never stored, so it cannot drift from either.

The rules are those of the charter version in force when the meeting was called (the first
version if the meeting was entered as having been called before any version was loaded).
Notice is counted back from the moment the meeting began: its announced start, or the moment
the chair opened it if that was earlier. An emergency meeting needs only the charter's
emergency notice; its documents then need no more notice than the meeting itself. A period
the charter counts in hours (`meeting_hours: 12`) is judged to the minute, like one in days."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from minutebook.charter.models import CharterVersion
from minutebook.charter.spec import NOT_FIXED, BodySpec, Period
from minutebook.meetings.models import Document, Meeting

DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)


@dataclass(frozen=True)
class NoticeVerdict:
    # None: the charter sets no period (it does not define the body, or leaves it open)
    required_days: int | None
    given: dt.timedelta  # negative when the notice came after the meeting began
    late: bool
    explanation: str
    required_hours: int | None = None  # the period, when the charter counts it in hours

    @property
    def days_given(self) -> int:
        """Whole days of notice (rounded down; negative after the meeting began)."""
        return math.floor(self.given / DAY)


def meeting_began(meeting: Meeting) -> dt.datetime:
    if meeting.opened_at is not None and meeting.opened_at < meeting.starts_at:
        return meeting.opened_at
    return meeting.starts_at


def body_spec_for(meeting: Meeting) -> BodySpec | None:
    """The body as the charter in force when the meeting was called defines it."""
    if not meeting.body.chartered:
        return None
    version = (
        CharterVersion.objects.defer("source_text")
        .filter(in_force_from__lte=meeting.convened_at)
        .order_by("-number")
        .first()
    ) or CharterVersion.objects.defer("source_text").order_by("number").first()
    if version is None:
        return None
    try:
        return version.charter.body(meeting.body.definition)
    except KeyError:
        return None


def meeting_notice(meeting: Meeting, *, spec: BodySpec | None = None) -> NoticeVerdict:
    spec = spec or body_spec_for(meeting)
    given = meeting_began(meeting) - meeting.convened_at
    if spec is None:
        return NoticeVerdict(None, given, False, "The charter sets no notice period for this body.")
    said = _given_words(given, "Notice was given", "the meeting")
    required = spec.notice.period("emergency" if meeting.emergency else "meeting")
    if required is None:
        what = "an emergency meeting" if meeting.emergency else "a meeting"
        return NoticeVerdict(
            None, given, False, f"{said}; the notice for {what} of the {spec.name} is {NOT_FIXED}."
        )
    if meeting.emergency:
        rule = (
            f"the charter allows an emergency meeting of the {spec.name} at "
            f"{required.notice_words()}"
        )
    else:
        rule = f"the charter requires {required.notice_words()} for the {spec.name}"
    late = given < required.delta
    if late:
        return _verdict(required, given, True, f"{said}; {rule}: {_short(given, required)}.")
    return _verdict(required, given, False, f"{said}; {rule}.")


def _verdict(required: Period, given: dt.timedelta, late: bool, explanation: str):
    return NoticeVerdict(required.days, given, late, explanation, required.hours)


def document_notice(
    document: Document, *, meeting: Meeting | None = None, spec: BodySpec | None = None
) -> NoticeVerdict:
    meeting = meeting or document.meeting
    spec = spec or body_spec_for(meeting)
    began = meeting_began(meeting)
    given = began - document.circulated_at
    if spec is None:
        return NoticeVerdict(
            None,
            given,
            given < dt.timedelta(0),
            "The charter sets no period for documents of this body.",
        )
    said = _given_words(given, "Circulated", "the meeting")
    required = spec.notice.period("documents")
    rule = f"the charter requires documents {_period(required)} before a meeting of the {spec.name}"
    if meeting.emergency:
        # No more notice than the meeting's: not known if either period is left open.
        emergency = spec.notice.period("emergency")
        if required is None or emergency is None:
            required = None
        else:
            required = min(required, emergency, key=lambda period: period.delta)
        rule = (
            f"for an emergency meeting of the {spec.name} documents need no more notice than "
            f"the meeting, {_period(required)}"
        )
    if required is None:
        # Only a paper circulated after the meeting began is late: no period is checked.
        return NoticeVerdict(
            None,
            given,
            given < dt.timedelta(0),
            f"{said}; the period for documents of the {spec.name} is {NOT_FIXED}.",
        )
    late = given < required.delta or given < dt.timedelta(0)
    if late:
        return _verdict(required, given, True, f"{said}; {rule}: {_short(given, required)}.")
    return _verdict(required, given, False, f"{said}; {rule}.")


def _days(count: int | None) -> str:
    if count is None:
        return NOT_FIXED
    return _count(count, "day")


def _period(period: Period | None) -> str:
    return NOT_FIXED if period is None else period.words()


def _duration(delta: dt.timedelta) -> str:
    """ "3 days and 16 hours", "5 hours", "45 minutes": to the hour beyond a day, to the minute
    below an hour."""
    days = math.floor(delta / DAY)
    hours = math.floor((delta - days * DAY) / HOUR)
    if days:
        return _days(days) + (f" and {_count(hours, 'hour')}" if hours else "")
    if hours:
        return _count(hours, "hour")
    return _count(math.floor(delta / dt.timedelta(minutes=1)), "minute")


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}{'s' if number != 1 else ''}"


def _given_words(given: dt.timedelta, subject: str, what: str) -> str:
    if given == dt.timedelta(0):
        return f"{subject} as {what} began"
    if given < dt.timedelta(0):
        return f"{subject} {_duration(-given)} after {what} began"
    return f"{subject} {_duration(given)} before {what}"


def _short(given: dt.timedelta, required: Period) -> str:
    return f"{_duration(required.delta - given)} short"
