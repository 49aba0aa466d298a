"""In headless Chromium, with the chair and three delegates on their own screens at once: the
chair opens a secret ballot and it appears on every delegate's screen without reloading; the
delegates vote and get their receipts; the chair sees the count grow; the chair closes the
vote, the result appears everywhere, and the adopted motion is in the ledger.

The server is the real ASGI server (`minutebook serve`) on a world of its own
(tests/votes/browser_world.py), on SQLite and the in-memory channel layer."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.browser import free_port, log_in

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("votes-browser")
    env = {**os.environ, "MINUTEBOOK_DATA": str(data), "LOG_LEVEL": "warning"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, "-m", "tests.votes.browser_world"], env=env, cwd=ROOT, check=True
    )
    port = free_port()
    log = (data / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "minutebook", "serve", "--port", str(port)],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    import socket

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.3)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)
    log.close()


def delegate(new_page, base, username):  # noqa: F811
    page = new_page()
    log_in(page, base, username, f"pw-{username}-1")
    page.goto(f"{base}/meetings/1/motions/")
    page.wait_for_selector("[data-live-status][data-connected=yes]")
    return page


def test_a_secret_ballot_live_on_several_screens(server, new_page):  # noqa: F811
    base = server
    chair = new_page()
    log_in(chair, base, "east.local.delegate.0", "pw-east.local.delegate.0-1")
    chair.goto(f"{base}/meetings/1/votes/")
    voters = {
        name: delegate(new_page, base, name)
        for name in ("west.local.delegate.0", "west.local.delegate.1", "east.local.delegate.2")
    }
    for page in voters.values():
        assert page.get_by_text("No vote is open.").is_visible()

    chair.get_by_label("Put to the vote").select_option(
        label="Motion 1: Open a tenants' advice desk"
    )
    chair.get_by_label("Method").select_option("secret")
    chair.get_by_role("button", name="Open the vote").click()
    chair.wait_for_selector("text=Open: Motion 1")

    receipts = {}
    for name, choice in zip(voters, ("For", "For", "Against"), strict=True):
        page = voters[name]
        # The panel arrived over the websocket: no reload.
        page.get_by_role("button", name=choice, exact=True).click()
        page.wait_for_selector(".receipt-code")
        receipts[name] = page.locator(".receipt-code").inner_text()
        assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){4}", receipts[name])
        assert page.get_by_text("You have voted.").is_visible()
    chair.wait_for_selector("text=3 of 6 have voted")

    chair.get_by_role("button", name="Close the vote and count it").click()
    for page in voters.values():
        page.wait_for_selector("[data-vote-status=closed]")
        assert "Adopted" in page.locator("[data-live-fragment=vote-result]").inner_text()

    reader = voters["west.local.delegate.0"]
    reader.goto(f"{base}/decisions/")
    row = reader.locator("tr", has_text="Open a tenants' advice desk")
    row.get_by_role("link").first.click()
    assert reader.get_by_text("2 for, 1 against").is_visible()

    reader.goto(f"{base}/votes/1/receipts/")
    reader.get_by_label("Your receipt code").fill(receipts["west.local.delegate.0"])
    reader.get_by_role("button", name="Check").click()
    assert "counted as: For" in reader.locator("#receipt-verdict").inner_text()
