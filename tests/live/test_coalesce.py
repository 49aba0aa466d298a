"""A burst of changes is announced as few events: the first at once, the rest by one later
event that reads the state as it then stands."""

from __future__ import annotations

import pytest

from minutebook.live import coalesce


@pytest.fixture
def timers(monkeypatch, settings):
    settings.MINUTEBOOK_LIVE_INTERVAL = 10
    started = []

    class FakeTimer:
        def __init__(self, wait, function, args):
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
    assert 0 < wait <= 10
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
