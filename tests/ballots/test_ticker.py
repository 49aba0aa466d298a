"""The server's tick: started by `minutebook serve` unless MINUTEBOOK_BALLOT_TICK is 0, it runs
`ballots_tick` in a thread of its own and logs a failure instead of dying."""

from minutebook.ballots import ticker
from minutebook.cli import _run_server


def test_no_tick_when_the_interval_is_zero(settings):
    settings.MINUTEBOOK_BALLOT_TICK = 0
    assert ticker.start_ticker() is None


def test_a_failing_tick_is_logged_and_the_thread_goes_on(monkeypatch, caplog):
    def broken():
        raise RuntimeError("database away")

    closed = []
    monkeypatch.setattr("minutebook.ballots.services.ballots_tick", broken)
    monkeypatch.setattr(ticker.connection, "close", lambda: closed.append(True))

    ticker.tick_once()

    assert "the ballots' tick failed" in caplog.text and closed == [True]


def test_the_server_starts_the_tick(monkeypatch):
    started = []
    monkeypatch.setattr(ticker, "start_ticker", lambda: started.append(True))
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: None)
    assert _run_server("127.0.0.1", 0, workers=1) == 0
    assert started == [True]
