"""The small union with ballots outside meetings: a Members' Referendum body of all members at
the root (secret, 14 days' notice, open 7 to 21 days, called by the council), and circular
resolutions of the council (named, 2 days' notice, open 3 days, called by the council
itself)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import DATA

REFERENDUM_BODY = """
  - id: referendum
    name: Members' Referendum
    unit: union
    seats:
      - all_members: {}
    quorum: 1
    notice: {meeting_days: 14, documents_days: 14}
    visibility: members
    ballots:
      allowed: true
      notice_days: 14
      min_open_days: 7
      max_open_days: 21
      called_by: [council]
  - id: trustees
    name: Trustees
    unit: union
    seats:
      - elected: {by_members_of: union, count: 2, term_months: 12}
    quorum: 1
    notice: {meeting_days: 7, documents_days: 3}
    visibility: members
"""
COUNCIL_BALLOTS = """    visibility: members
    ballots: {allowed: true, notice_days: 2, open_days: 3, secret: false, called_by: [council]}
  - id: bureau"""


def ballot_charter_text() -> str:
    text = (DATA / "small-charter.yaml").read_text()
    text = text.replace("    visibility: members\n  - id: bureau", COUNCIL_BALLOTS, 1)
    text = text.replace("decision_types:\n", REFERENDUM_BODY.lstrip("\n") + "decision_types:\n", 1)
    resolution = "  - id: resolution\n    name: Resolution\n    bodies: [assembly, council, bureau, local-committee"
    assert resolution in text
    text = text.replace(resolution, resolution + ", referendum", 1)
    text = text.replace(
        "bodies: [assembly]\n    threshold: majority_entire",
        "bodies: [assembly, referendum]\n    threshold: majority_entire",
        1,
    )
    return text


@pytest.fixture
def small_charter_text() -> str:
    return ballot_charter_text()


class Clock:
    def __init__(self, now: dt.datetime):
        self.now = now

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC))
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture(autouse=True)
def casts_in_the_tests_thread(request, monkeypatch):
    """On PostgreSQL the page's casts run in a pooled connection of their own, which cannot
    see a test's uncommitted world: tests cast in the views' thread, except those that build
    their world in committed transactions (`transaction=True`, test_concurrency.py)."""
    from minutebook.ballots import casting

    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        monkeypatch.setattr(casting, "casts_apart", lambda: False)
