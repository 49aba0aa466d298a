"""The recurring duties the charter declares, judged against the meetings on record.

"The council meets at least twice a year": in each period (a calendar year; with `per: month`
a calendar month; with `per_months: M` each M months counted from the day the rule came into
force) the body's
meetings that were held (opened; a cancelled meeting never was) are counted by the day they
opened. The current period shows how far it has got; a past period with too few is
overdue, missed for good. A period that began before the rule came into force is not judged.

"The convention lasts at most 10 days": a meeting sits on the calendar days from its opening
to its closing, both counted; one that sat longer, or is still open past its last day, is a
breach shown with the meeting. Meetings opened before the rule came into force are not judged.

A rule comes into force with the charter version that introduced it (and has stayed in every
version since); a rule of the founding charter governs the whole record, as the founding
charter does for every check of a meeting replayed from before it was installed."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Min
from django.urls import reverse
from django.utils import timezone

from minutebook.bodies.models import Body
from minutebook.charter.models import CharterVersion
from minutebook.charter.selectors import parsed_charter
from minutebook.charter.spec import Charter, ObligationForm, ObligationSpec
from minutebook.dates import add_months
from minutebook.ledger.models import Decision
from minutebook.meetings.models import Meeting
from minutebook.obligations.duties import Duty, DutyState
from minutebook.obligations.kinds import Met
from minutebook.obligations.words import days_words, rule_words, times_words


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # the last day, included
    label: str  # "2026", or "2026-03-15" (its first day) for periods of months

    def words(self) -> str:
        if self.label == str(self.start.year) and len(self.label) == 4:
            return self.label
        if len(self.label) == 7:  # a calendar month, "2026-03"
            return f"{self.start:%B %Y}"
        return f"{self.start:%-d %B %Y} – {self.end:%-d %B %Y}"


def periods(spec: ObligationSpec, since: dt.date, today: dt.date) -> list[Period]:
    """The periods from the one that holds `since` to the one that holds `today`."""
    found = []
    if spec.per_calendar_month:
        year, month = since.year, since.month
        while (year, month) <= (today.year, today.month):
            start = dt.date(year, month, 1)
            end = dt.date(year, month, calendar.monthrange(year, month)[1])
            found.append(Period(start, end, f"{start:%Y-%m}"))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found
    if spec.per_months is None:
        for year in range(since.year, today.year + 1):
            found.append(Period(dt.date(year, 1, 1), dt.date(year, 12, 31), str(year)))
        return found
    step, start = 0, since
    while start <= today:
        end = add_months(since, spec.per_months * (step + 1)) - dt.timedelta(days=1)
        found.append(Period(start, end, start.isoformat()))
        step += 1
        start = end + dt.timedelta(days=1)
    return found


def in_force_since(rule_id: str) -> dt.date | None:
    """The day the rule came into force: that of the oldest version in the unbroken run of
    versions up to the one in force that all hold it; for the founding charter, the start of
    the record if that is earlier (its first meeting or decision). None if not in force."""
    versions = list(CharterVersion.objects.defer("source_text").order_by("-number"))
    since: CharterVersion | None = None
    for version in versions:
        if not any(rule.id == rule_id for rule in parsed_charter(version).obligations):
            break
        since = version
    if since is None:
        return None
    day = timezone.localdate(since.in_force_from)
    if since.number == versions[-1].number:
        day = min(day, *_record_start())
    return day


def _record_start() -> list[dt.date]:
    first_meeting = Meeting.objects.aggregate(first=Min("starts_at"))["first"]
    first_decision = Decision.objects.aggregate(first=Min("decided_on"))["first"]
    found = [first_decision] if first_decision else []
    if first_meeting:
        found.append(timezone.localdate(first_meeting))
    return found


def charter_duties(
    charter: Charter, body: Body, today: dt.date, since: dict[str, dt.date | None]
) -> list[Duty]:
    """The recurring duties the charter lays on `body`, judged on `today`. `since` caches
    `in_force_since` across bodies."""
    if not body.is_active:
        return []
    duties: list[Duty] = []
    for spec in charter.obligations:
        if spec.body != body.definition or spec.form == ObligationForm.WITHIN_DAYS:
            continue
        if spec.id not in since:
            since[spec.id] = in_force_since(spec.id)
        start = since[spec.id]
        if start is None:
            continue
        if spec.form == ObligationForm.MEETS_AT_LEAST:
            duties.extend(_meets_at_least(charter, spec, body, start, today))
        else:
            duties.extend(_lasts_at_most(charter, spec, body, start, today))
    return duties


def _held(body: Body, since: dt.date) -> list[Meeting]:
    """The body's meetings that opened on or after `since`, in the order they opened."""
    return list(
        Meeting.objects.filter(body=body, opened_at__isnull=False)
        .filter(opened_at__gte=timezone.make_aware(dt.datetime.combine(since, dt.time.min)))
        .order_by("opened_at", "pk")
    )


def _opened_on(meeting: Meeting) -> dt.date:
    assert meeting.opened_at is not None
    return timezone.localdate(meeting.opened_at)


def _meeting_met(meeting: Meeting, on: dt.date) -> Met:
    return Met(
        on=on,
        by=f"{meeting.title} ({_opened_on(meeting):%-d %B %Y})",
        url=reverse("meetings:detail", args=[meeting.pk]),
        record=f"meeting:{meeting.pk}",
    )


def _convened(charter: Charter, spec: ObligationSpec, body: Body) -> Body | None:
    """The body whose meetings count: `body` itself, or the body it convenes (`of`), in the
    unit that acts for `body`'s."""
    if spec.meetings_of is None:
        return body
    unit = charter.acting_unit(spec.meetings_of, body.unit.slug) if body.unit_id else None
    return (
        Body.objects.filter(definition=spec.meetings_of, unit__slug=unit, chartered=True)
        .select_related("unit")
        .first()
    )


def _meets_at_least(
    charter: Charter, spec: ObligationSpec, body: Body, since: dt.date, today: dt.date
) -> list[Duty]:
    assert spec.times is not None
    convened = _convened(charter, spec, body)
    if convened is None:
        return []
    of = f" of the {convened.name}" if convened != body else ""
    meetings = _held(convened, min(since, dt.date(since.year, 1, 1)))
    duties = []
    for period in periods(spec, since, today):
        held = [m for m in meetings if period.start <= _opened_on(m) <= period.end]
        needed = spec.times
        if period.start < since:
            state = DutyState.NOT_JUDGED
            progress = (
                f"{len(held)} held; not judged: the rule came into force on {since:%-d %B %Y}"
            )
        elif len(held) >= needed:
            state = DutyState.MET
            progress = f"{len(held)} held"
        elif period.end >= today:
            state = DutyState.OPEN
            progress = f"{len(held)} of {needed} so far"
        else:
            state = DutyState.OVERDUE
            progress = f"missed: {len(held)} of {needed} held"
        duties.append(
            Duty(
                key=f"{spec.id}:{body.slug}:{period.label}",
                body=body,
                title=f"At least {times_words(needed)}: meetings{of} in {period.words()}",
                rule=spec.id,
                rule_text=rule_words(charter, spec),
                state=state,
                due_on=period.end,
                today=today,
                met=_meeting_met(held[needed - 1], _opened_on(held[needed - 1]))
                if state == DutyState.MET
                else None,
                progress=progress,
                arose_on=period.start,
                form=spec.form,
            )
        )
    return duties


def _lasts_at_most(
    charter: Charter, spec: ObligationSpec, body: Body, since: dt.date, today: dt.date
) -> list[Duty]:
    limit = spec.lasts_at_most_days
    assert limit is not None
    duties, within = [], 0
    for meeting in _held(body, since):
        opened = _opened_on(meeting)
        last_day = opened + dt.timedelta(days=limit - 1)
        closed = timezone.localdate(meeting.closed_at) if meeting.closed_at else None
        sat = ((closed or today) - opened).days + 1
        if closed is not None and sat <= limit:
            within += 1
            continue
        if closed is not None:
            state, progress = (
                DutyState.BREACHED,
                f"sat {days_words(sat)}, closed on {closed:%-d %B %Y}",
            )
        elif today > last_day:
            state, progress = DutyState.BREACHED, f"still open on its day {sat}"
        else:
            state, progress = DutyState.OPEN, f"in session: day {sat} of at most {limit}"
        duties.append(
            Duty(
                key=f"{spec.id}:{body.slug}:meeting-{meeting.pk}",
                body=body,
                title=f"{meeting.title}: at most {days_words(limit)}",
                rule=spec.id,
                rule_text=rule_words(charter, spec),
                state=state,
                due_on=last_day,
                today=today,
                concerns=_meeting_met(meeting, opened),
                progress=progress,
                arose_on=opened,
                form=spec.form,
            )
        )
    if within or not duties:
        duties.append(
            Duty(
                key=f"{spec.id}:{body.slug}",
                body=body,
                title=f"Every meeting within {days_words(limit)}",
                rule=spec.id,
                rule_text=rule_words(charter, spec),
                state=DutyState.MET,
                due_on=None,
                today=today,
                progress=f"{within} meeting{'s' if within != 1 else ''} since "
                f"{since:%-d %B %Y} within the limit",
                arose_on=since,
                form=spec.form,
            )
        )
    return duties
