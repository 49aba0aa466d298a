"""The ballots' tick inside the server: `minutebook serve` runs `ballots_tick` every
`MINUTEBOOK_BALLOT_TICK` seconds (default 5) in a background thread of its main process, so
that a ballot opens and closes on time without an operator or a cron job. One thread per
server, whatever the number of workers; several servers on one database may each run it
(the tick is idempotent: each ballot moves under its row lock, once)."""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.db import connection

log = logging.getLogger(__name__)


def start_ticker(interval: float | None = None) -> threading.Thread | None:
    interval = settings.MINUTEBOOK_BALLOT_TICK if interval is None else interval
    if interval <= 0:
        return None
    thread = threading.Thread(target=_run, args=(interval,), name="ballots-tick", daemon=True)
    thread.start()
    return thread


def tick_once() -> None:
    """One tick with its own connection, closed afterwards: the thread holds none between
    ticks."""
    from minutebook.ballots.services import ballots_tick

    try:
        report = ballots_tick()
        if report.opened or report.closed:
            log.info("ballots opened %s, closed %s", report.opened, report.closed)
    except Exception:  # a tick that fails is logged and tried again at the next one
        log.exception("the ballots' tick failed")
    finally:
        connection.close()


def _run(interval: float) -> None:
    while True:
        time.sleep(interval)
        tick_once()
