"""In headless Chromium at a phone's size, against the real server (`minutebook serve`, on
SQLite): members press "Cast my vote" on the ballot page, the page's own htmx posts the
form, and the server's cast endpoint (not Django's request cycle) answers with each one's
receipt; a second press on a stale page is refused."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.browser import free_port, log_in

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).parents[2]
PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True}
RECEIPT = re.compile(r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("ballots-browser")
    env = {**os.environ, "MINUTEBOOK_DATA": str(data), "LOG_LEVEL": "info"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    ballot = subprocess.run(
        [sys.executable, "-m", "tests.ballots.browser_world"],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout.split()[-1]  # fmt: skip
    port = free_port()
    log_path = data / "server.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "minutebook", "serve", "--port", str(port)],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.3)
    yield f"http://127.0.0.1:{port}", int(ballot), log_path
    process.terminate()
    process.wait(timeout=10)
    log.close()


def test_members_vote_from_their_phones_through_the_cast_endpoint(server, browser):
    base, ballot, log = server
    url = f"{base}/ballots/{ballot}/"
    contexts, codes = [], []
    try:
        for username, choice in [("east.rank.and.file", "For"), ("council.member.2", "Against")]:
            context = browser.new_context(**PHONE)
            contexts.append(context)
            phone = context.new_page()
            phone.set_default_timeout(10_000)
            log_in(phone, base, username, f"pw-{username}-1")
            phone.goto(url)
            phone.get_by_label(choice, exact=True).tap()
            stale = context.new_page()  # the same page in another tab, before the vote
            stale.goto(url)
            with phone.expect_request(f"{base}/ballots/{ballot}/cast/") as sent:
                phone.get_by_role("button", name="Cast my vote").tap()
            assert sent.value.headers["hx-request"] == "true"
            code = phone.locator(".receipt-code")
            code.wait_for()
            assert RECEIPT.match(code.inner_text())
            codes.append(code.inner_text())
            assert phone.evaluate("document.documentElement.scrollWidth") <= 360

            stale.get_by_label("For", exact=True).check()
            stale.get_by_role("button", name="Cast my vote").click()
            stale.get_by_text("You have already voted in this ballot").wait_for()
            assert stale.locator(".receipt-code").count() == 0
    finally:
        for context in contexts:
            context.close()
    assert codes[0] != codes[1]
    batches = re.findall(r"(\d+) cast\(s\) from ballot pages together", log.read_text())
    assert sum(int(n) for n in batches) == 4  # every press, the second ones too
