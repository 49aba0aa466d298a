"""Announcing a burst of changes as a few events.

In a meeting of thousands, sending every screen one event per ballot or per check-in would
swamp the server and every device. A burst is announced instead at most once per
`MINUTEBOOK_LIVE_INTERVAL` seconds (settings; 0 sends one event per change), longer for a
large audience (`live_interval`), for each key
(a vote, a meeting's attendance): the first change at once, the rest by one later event that
reads the state as it then stands, so it carries every change before it. With Redis (several workers), the
interval holds across all of them: the worker that sets a short-lived Redis key sends, the
others wait for the key to expire and send only if nobody sent since."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable

from django.conf import settings
from django.db import close_old_connections, connection

DEFAULT_INTERVAL = 0.25
DEFAULT_DELIVERIES = 12500

_lock = threading.Lock()
_last_sent: dict[Hashable, float] = {}
_scheduled: set[Hashable] = set()


def live_interval(audience: int = 0) -> float:
    """The interval between two events of a burst to `audience` screens: at least
    MINUTEBOOK_LIVE_INTERVAL, and long enough that the burst asks no more than
    MINUTEBOOK_LIVE_DELIVERIES deliveries a second. An event to thousands takes the server a
    while to pass on; sent faster than that, events queue behind each other and everything
    after them (the result of the vote) arrives late."""
    interval = float(getattr(settings, "MINUTEBOOK_LIVE_INTERVAL", DEFAULT_INTERVAL))
    if interval <= 0:
        return 0.0
    deliveries = float(getattr(settings, "MINUTEBOOK_LIVE_DELIVERIES", DEFAULT_DELIVERIES))
    return max(interval, audience / deliveries) if deliveries > 0 else interval


_redis = None


def _shared_clock():
    """A Redis client when the channel layer is Redis (several workers), else None."""
    global _redis
    url = getattr(settings, "MINUTEBOOK_LIVE_REDIS_URL", "")
    if not url:
        return None
    if _redis is None:
        import redis

        _redis = redis.Redis.from_url(url, socket_timeout=5)
    return _redis


def _claim(key: Hashable, interval: float) -> float:
    """Claim the interval of `key` for this process across all workers: 0 if claimed, else
    the seconds until the current claim runs out."""
    shared = _shared_clock()
    if shared is None:
        return 0.0
    name = f"minutebook:live:{key}"
    if shared.set(name, "1", nx=True, px=max(1, int(interval * 1000))):
        return 0.0
    return max(shared.pttl(name), 1) / 1000


def send_coalesced(key: Hashable, send: Callable[[], None], *, audience: int = 0) -> None:
    """Call `send` now, or once when the interval of `key` is over. Call it after commit:
    `send` reads the committed state. `audience`: about how many screens get the event."""
    interval = live_interval(audience)
    if interval <= 0:
        send()
        return
    if _shared_clock() is not None:
        _send_or_schedule(
            key,
            send,
            wait_for=lambda: _claim(key, interval),
            later=lambda: _retry_shared(key, send, interval),
        )
    else:
        _send_or_schedule(
            key,
            send,
            wait_for=lambda: _local_wait(key, interval),
            later=lambda: _send_scheduled(key, send),
        )


def _local_wait(key: Hashable, interval: float) -> float:
    now = time.monotonic()
    wait = _last_sent.get(key, 0.0) + interval - now
    if wait <= 0:
        _last_sent[key] = now
    return wait


def _send_or_schedule(
    key: Hashable,
    send: Callable[[], None],
    *,
    wait_for: Callable[[], float],
    later: Callable[[], None],
) -> None:
    """Send now if `wait_for()` (asked under the lock) says 0; else run `later` once, when the
    wait is over. A key already waiting needs nothing more: its send will carry this change."""
    with _lock:
        if key in _scheduled:
            return
        wait = wait_for()
        if wait > 0:
            _scheduled.add(key)
    if wait > 0:
        timer = threading.Timer(wait + 0.005, later)
        timer.daemon = True
        timer.start()
    else:
        send()


def _retry_shared(key: Hashable, send: Callable[[], None], interval: float) -> None:
    # The claim that made us wait has run out. If another worker claimed the next interval
    # meanwhile, its event reads the state after our change: nothing more to send.
    with _lock:
        _scheduled.discard(key)
        claimed = _claim(key, interval) == 0
    if claimed:
        _send_in_thread(send)


def _send_scheduled(key: Hashable, send: Callable[[], None]) -> None:
    with _lock:
        _scheduled.discard(key)
        _last_sent[key] = time.monotonic()
    _send_in_thread(send)


def _send_in_thread(send: Callable[[], None]) -> None:
    close_old_connections()
    try:
        send()
    finally:
        # The timer's thread has a database connection of its own: do not leave it open.
        connection.close()
