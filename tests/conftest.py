import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model

from tests.browser import CHROMIUM, CHROMIUM_ARGS

DATA = Path(__file__).parent / "data"
# The test world is dated (tests/factories.py: founded in January 2026, twelve-month terms), so
# its clock stands in late 2026 whatever the real date, and ticks on from there. (The browser
# tests' server runs in a process of its own, on the real clock, with the demo.)
TESTS_NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def small_charter_text() -> str:
    return (DATA / "small-charter.yaml").read_text()


@pytest.fixture
def org(db, small_charter_text):
    """The small test union with its founding charter, an administrator, a secretary and
    members in each local, and seats on every body."""
    from tests.factories import build_small_union

    return build_small_union(small_charter_text)


@pytest.fixture
def admin_user(org):
    return org.admin


@pytest.fixture
def outsider(db):
    return get_user_model().objects.create_user(username="outsider", password="pw-outsider-1")


@pytest.fixture(scope="session", autouse=True)
def the_test_worlds_clock():
    with time_machine.travel(TESTS_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real key derivation costs half a second per user; tests need no protection."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def every_change_announced(settings):
    """One live event per ballot or check-in, so that no test waits for a coalesced one
    (tests/live/test_coalesce.py sets an interval)."""
    settings.MINUTEBOOK_LIVE_INTERVAL = 0


# One browser for the whole run: Playwright's sync API cannot be started twice in a process.
@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        message = f"Chromium not found at {CHROMIUM} (Debian package 'chromium')"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    contexts = []

    def open_page():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()
