"""When the demo's story happens.

The story is written as of STORY_TODAY: a congress a year before, terms of office of two
years, decisions due in the coming months, a Central Committee meeting scheduled for January.
Told on a later day, every date of it moves forward by the whole weeks since STORY_TODAY, so
that the story stands where it was written to stand (terms running, some decisions overdue,
the next meeting ahead) whatever year the demo is loaded in; whole weeks keep every weekday
and every interval (notice periods, terms, deadlines) as written. Texts name their dates
through `spoken` and `month_of`, so that they agree with the record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone

STORY_TODAY = dt.date(2026, 11, 23)

_moved: dt.timedelta | None = None  # fixed while the demo is being loaded


def weeks_since_story(today: dt.date | None = None) -> dt.timedelta:
    """How far the story moves when told on `today` (default: today)."""
    today = today or timezone.localdate()
    return dt.timedelta(weeks=max(0, (today - STORY_TODAY).days // 7))


@contextmanager
def told_today() -> Iterator[None]:
    """Tell the story as of today: every date of one loading moves by the same weeks."""
    global _moved
    _moved = weeks_since_story()
    try:
        yield
    finally:
        _moved = None


def on(year: int, month: int, day: int) -> dt.date:
    """The day the story calls `year-month-day`, as told today."""
    moved = _moved if _moved is not None else weeks_since_story()
    return dt.date(year, month, day) + moved


def spoken(day: dt.date, *, year: bool = False) -> str:
    """ "25 April", or "25 April 2026"."""
    return f"{day.day} {day:%B}" + (f" {day.year}" if year else "")


def month_of(day: dt.date) -> str:
    """ "June 2026"."""
    return f"{day:%B} {day.year}"
