"""Announcing a burst of changes as a few events.

In a meeting of thousands, sending every screen one event per ballot or per check-in would
swamp the server and every device. A burst is announced instead at most once per
`MINUTEBOOK_LIVE_INTERVAL` seconds (settings; 0 sends one event per change) for each key
(a vote, a meeting's attendance): the first change at once, the rest by one later event that
reads the state as it then stands, so it carries every change before it. Each server process
keeps its own clock, so with several workers a key gets at most one event per interval from
each worker."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable

from django.conf import settings
from django.db import close_old_connections, connection

DEFAULT_INTERVAL = 0.25

_lock = threading.Lock()
_last_sent: dict[Hashable, float] = {}
_scheduled: set[Hashable] = set()


def live_interval() -> float:
    return float(getattr(settings, "MINUTEBOOK_LIVE_INTERVAL", DEFAULT_INTERVAL))


def send_coalesced(key: Hashable, send: Callable[[], None]) -> None:
    """Call `send` now, or once when the interval of `key` is over. Call it after commit:
    `send` reads the committed state."""
    interval = live_interval()
    if interval <= 0:
        send()
        return
    with _lock:
        if key in _scheduled:
            return  # a send is due and will carry this change
        now = time.monotonic()
        wait = _last_sent.get(key, 0.0) + interval - now
        if wait > 0:
            _scheduled.add(key)
        else:
            _last_sent[key] = now
    if wait > 0:
        timer = threading.Timer(wait, _send_scheduled, args=(key, send))
        timer.daemon = True
        timer.start()
    else:
        send()


def _send_scheduled(key: Hashable, send: Callable[[], None]) -> None:
    with _lock:
        _scheduled.discard(key)
        _last_sent[key] = time.monotonic()
    close_old_connections()
    try:
        send()
    finally:
        # The timer's thread has a database connection of its own: do not leave it open.
        connection.close()
