"""The time the meeting services record (`convened_at`, check-ins, opening, closing).

It is `django.utils.timezone.now()`, except while past meetings are being replayed into the
record (the demo's year of meetings, an import of paper minutes): `replaying(moment)` makes
the services record that moment instead. The journal still records when each entry was really
written, so a replayed meeting shows in the journal as entered when it was entered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_replayed: ContextVar[dt.datetime | None] = ContextVar("minutebook_meetings_clock", default=None)


def now() -> dt.datetime:
    return _replayed.get() or timezone.now()


def today() -> dt.date:
    return timezone.localdate(now())


@contextmanager
def replaying(moment: dt.datetime) -> Iterator[None]:
    if timezone.is_naive(moment):
        raise ValueError("replay an aware datetime")
    token = _replayed.set(moment)
    try:
        yield
    finally:
        _replayed.reset(token)
