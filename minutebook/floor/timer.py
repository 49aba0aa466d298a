"""The speaking timer's arithmetic, without Django: the services store a turn's timer as the
time counted before the last pause plus, while it runs, the moment it was started again."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Announced to screen readers when the remaining time crosses it.
WARNING_SECONDS = 30


@dataclass(frozen=True)
class TimerState:
    limit_seconds: int  # the limit of the turn, extensions included
    elapsed_before: dt.timedelta  # counted before the last pause
    running_since: dt.datetime | None  # None while paused or not yet started

    @property
    def running(self) -> bool:
        return self.running_since is not None

    def elapsed(self, now: dt.datetime) -> dt.timedelta:
        if self.running_since is None:
            return self.elapsed_before
        # A clock that stepped back never makes the time spoken shrink.
        return self.elapsed_before + max(now - self.running_since, dt.timedelta(0))

    def remaining(self, now: dt.datetime) -> dt.timedelta:
        """Negative once the speaker runs over."""
        return dt.timedelta(seconds=self.limit_seconds) - self.elapsed(now)

    def overtime(self, now: dt.datetime) -> bool:
        return self.remaining(now) < dt.timedelta(0)

    def paused_at(self, now: dt.datetime) -> TimerState:
        """The same timer, stopped at `now`."""
        return TimerState(self.limit_seconds, self.elapsed(now), None)

    def started_at(self, now: dt.datetime) -> TimerState:
        """The same timer, running from `now` (unchanged if it already runs)."""
        if self.running_since is not None:
            return self
        return TimerState(self.limit_seconds, self.elapsed_before, now)


def clock(delta: dt.timedelta | int | float | None) -> str:
    """A duration as the timer shows it: "2:05", "-0:12", "1:02:03" for an hour or more."""
    if delta is None:
        return ""
    seconds = delta.total_seconds() if isinstance(delta, dt.timedelta) else float(delta)
    whole = round(abs(seconds))
    sign = "-" if seconds < 0 and whole else ""
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"
