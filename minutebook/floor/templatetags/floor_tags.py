"""Filters for the list of speakers: durations as the timer shows them, and the numbers the
timer element carries (plain strings, so that no locale ever puts a comma in them)."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from minutebook.floor.timer import TimerState, clock

register = template.Library()


@register.filter(name="clock")
def clock_filter(value) -> str:
    """Seconds or a timedelta as "2:05"."""
    return clock(value)


@register.filter
def epoch(moment: dt.datetime | None) -> str:
    """A moment as epoch seconds ("" for none): what `live.js` counts from."""
    return "" if moment is None else f"{moment.timestamp():.3f}"


@register.filter
def seconds(value: dt.timedelta | None) -> str:
    return "0" if value is None else f"{value.total_seconds():.3f}"


@register.filter
def remaining(timer: TimerState | None):
    """The time left on the timer now (negative when over)."""
    return timer.remaining(timezone.now()) if timer is not None else None


@register.filter
def percent(share: float) -> str:
    return f"{share * 100:.0f} %"
