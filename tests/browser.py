"""What the browser tests share: where Chromium is, a free port for a server, logging in,
the demo's meeting in session, waiting for a page's live connection, the days of the demo's
story as the demo server tells them."""

from __future__ import annotations

import datetime as dt
import os
import re
import socket
from pathlib import Path

import time_machine

from minutebook.demo.story import weeks_since_story

CHROMIUM = Path(os.environ.get("MINUTEBOOK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def on_the_demo_server(year: int, month: int, day: int) -> dt.date:
    """The day the demo's story calls `year-month-day`, as the demo server tells it: the server
    runs on the real clock, the tests on the test world's."""
    real_today = dt.datetime.fromtimestamp(time_machine.escape_hatch.time.time(), dt.UTC).date()
    return dt.date(year, month, day) + weeks_since_story(real_today)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_in(page, base_url: str, username: str, password: str = "minutebook-demo") -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def open_harbour_assembly(page, base: str) -> str:
    """Go to the demo's meeting in session today (the Harbour Branch's monthly assembly); its
    id."""
    page.goto(f"{base}/bodies/branch-assembly.harbour/meetings/")
    page.get_by_role("link", name="Monthly assembly", exact=True).click()
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))
    return page.url.rstrip("/").rsplit("/", 1)[1]


def wait_until_live(page) -> None:
    """Wait for the page's websocket, and mark the page: `window.__stillHere` is gone if it
    ever reloads."""
    page.locator("[data-live-status][data-connected=yes]").wait_for()
    page.evaluate("window.__stillHere = true")
