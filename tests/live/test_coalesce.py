"""A burst of changes is announced as few events: the first at once, the rest by one later
event that reads the state as it then stands."""

from __future__ import annotations

import pytest

from minutebook.live import coalesce


@pytest.fixture
def timers(monkeypatch, settings):
    settings.MINUTEBOOK_LIVE_INTERVAL = 10
    settings.MINUTEBOOK_LIVE_REDIS_URL = ""
    started = []

    class FakeTimer:
        def __init__(self, wait, function, args=()):
            self.call = (wait, function, args)
            self.daemon = False

        def start(self):
            started.append(self.call)

    monkeypatch.setattr(coalesce.threading, "Timer", FakeTimer)
    monkeypatch.setattr(coalesce, "_last_sent", {})
    monkeypatch.setattr(coalesce, "_scheduled", set())
    monkeypatch.setattr(coalesce, "close_old_connections", lambda: None)
    monkeypatch.setattr(coalesce.connection, "close", lambda: None)
    return started


def test_a_burst_is_sent_at_once_then_once_more_when_the_interval_is_over(timers):
    sent = []
    for change in range(5):
        coalesce.send_coalesced("vote-7", lambda change=change: sent.append(change))
    assert sent == [0]
    assert len(timers) == 1
    wait, function, args = timers[0]
    assert 0 < wait <= 10.01
    function(*args)  # the interval is over
    assert len(sent) == 2
    assert coalesce._scheduled == set()


def test_keys_are_coalesced_apart(timers):
    sent = []
    coalesce.send_coalesced("vote-7", lambda: sent.append("vote-7"))
    coalesce.send_coalesced("attendance-3", lambda: sent.append("attendance-3"))
    assert sent == ["vote-7", "attendance-3"]
    assert timers == []


def test_without_an_interval_every_change_is_sent(settings):
    settings.MINUTEBOOK_LIVE_INTERVAL = 0
    sent = []
    for change in range(3):
        coalesce.send_coalesced("vote-7", lambda change=change: sent.append(change))
    assert sent == [0, 1, 2]


class SharedClock:
    """Redis's SET NX PX and PTTL, on a clock the test moves."""

    def __init__(self):
        self.now = 0.0
        self.expires: dict[str, float] = {}

    def set(self, name, value, nx, px):
        if self.expires.get(name, -1) > self.now:
            return None
        self.expires[name] = self.now + px / 1000
        return True

    def pttl(self, name):
        return int((self.expires[name] - self.now) * 1000)


def test_with_several_workers_the_interval_holds_across_them(timers, monkeypatch):
    """Two workers share the Redis clock: in one interval only one sends at once; the other
    waits for the claim to run out, and then sends only if nobody claimed the next one."""
    clock = SharedClock()
    monkeypatch.setattr(coalesce, "_shared_clock", lambda: clock)
    sent = []
    coalesce.send_coalesced("vote-7", lambda: sent.append("worker 1"))
    assert sent == ["worker 1"]
    monkeypatch.setattr(coalesce, "_scheduled", set())  # another process: its own memory
    coalesce.send_coalesced("vote-7", lambda: sent.append("worker 2"))
    assert sent == ["worker 1"]
    wait, retry, args = timers[0]
    assert 9.9 < wait <= 10.1

    clock.now = 10.5  # the claim ran out; nobody claimed the next interval
    retry(*args)
    assert sent == ["worker 1", "worker 2"]

    coalesce.send_coalesced("vote-7", lambda: sent.append("worker 2 again"))
    wait, retry, args = timers[1]
    clock.now = 21.0
    clock.expires["minutebook:live:vote-7"] = 30.0  # worker 1 claimed it, after our change
    retry(*args)
    assert sent == ["worker 1", "worker 2"]


def test_the_interval_grows_with_the_audience(settings):
    settings.MINUTEBOOK_LIVE_INTERVAL = 0.25
    settings.MINUTEBOOK_LIVE_DELIVERIES = 4000
    assert coalesce.live_interval(audience=100) == 0.25
    assert coalesce.live_interval(audience=1000) == 0.25
    assert coalesce.live_interval(audience=5000) == 1.25
    settings.MINUTEBOOK_LIVE_INTERVAL = 0  # every change, whatever the audience
    assert coalesce.live_interval(audience=5000) == 0


def test_a_large_audience_waits_longer(timers, settings):
    settings.MINUTEBOOK_LIVE_INTERVAL = 0.25
    settings.MINUTEBOOK_LIVE_DELIVERIES = 4000
    sent = []
    for change in range(3):
        coalesce.send_coalesced("vote-9", lambda c=change: sent.append(c), audience=8000)
    assert sent == [0]
    [(wait, _function, _args)] = timers
    assert 1.9 < wait <= 2.01  # 8,000 screens at 4,000 deliveries a second
