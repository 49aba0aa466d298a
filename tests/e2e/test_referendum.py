"""A referendum forced by the members ratifies an amendment, in browsers.

The Council adopted new bylaws, which the charter makes wait for a referendum of the members.
Members sign a petition that requires one; once it is valid, the Council's secretary calls
the referendum, naming the decision it ratifies; the ballot opens after its notice, members
vote from phone-sized screens, it closes, and the ledger shows the bylaws ratified.

The server runs in the test's process (pytest-django's `live_server`), so that moving the
test's clock moves the server's, and the ballots' tick is run here at each step, as the
server's own tick thread would."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
import time_machine

from minutebook.ballots.models import Ballot, BallotPaper, BallotParticipation, BallotVoter
from minutebook.ballots.services import ballots_tick
from minutebook.ledger.models import DecisionStatus, DecisionStep
from tests.ballots.conftest import ballot_charter_text
from tests.browser import log_in
from tests.factories import build_small_union, record

PETITION = """
petitions:
  - id: referendum
    name: Petition for a referendum
    signers: {members_of: union}
    threshold: {members: 3}
    collect_days: 14
    requires:
      ballot: {body: referendum, within_days: 30}
"""
START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
PHONE = {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True}
RECEIPT = re.compile(r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$")


def charter_text() -> str:
    """The ballots' small union (a Members' Referendum of all members), its bylaws ratified
    by that referendum within 60 days, and a petition that can require the referendum."""
    text = ballot_charter_text()
    ratified_by_assembly = "ratify: {body: assembly, threshold: majority_cast, within_days: 60}"
    assert ratified_by_assembly in text
    text = text.replace(
        ratified_by_assembly, ratified_by_assembly.replace("assembly", "referendum")
    )
    return text + PETITION


def password(username: str) -> str:
    return f"pw-{username}-1"


@pytest.fixture(scope="session", autouse=True)
def orm_beside_playwright():
    """Playwright's sync API keeps an event loop in the test's thread, where Django then
    refuses database queries; here the test, not an async view, makes them, one at a time.
    Session-wide, because the test database is set up beside the session's browser."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def clock():
    """The test's clock, which the server in this process reads too."""
    traveller = time_machine.travel(START, tick=True)
    yield traveller.start()
    traveller.stop()


@pytest.fixture
def world(transactional_db, clock, settings):
    # The browser runs on the real clock, the server on the test's: a session cookie would
    # expire, to the browser, before it is set.
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.SESSION_COOKIE_AGE = 365 * 24 * 3600
    org = build_small_union(charter_text())
    bylaws = record(
        org.bodies["council"],
        "bylaws.amend",
        yes=4,
        no=1,
        decided_on=START.date(),
        title="New bylaws on dues",
        text="Dues are paid monthly.",
    )
    return org, bylaws


def member_page(browser, base: str, username: str, **context):
    context = browser.new_context(**(context or {"viewport": {"width": 1280, "height": 900}}))
    page = context.new_page()
    page.set_default_timeout(10_000)
    log_in(page, base, username, password(username))
    return page


def test_members_force_a_referendum_that_ratifies_the_bylaws(browser, live_server, world, clock):
    org, bylaws = world
    base = live_server.url
    assert bylaws.status == DecisionStatus.PENDING
    contexts = []

    def open_as(username: str, **context):
        page = member_page(browser, base, username, **context)
        contexts.append(page.context)
        return page

    try:
        # 1. A member starts the petition, two more sign it on its page.
        starter = open_as("east.rank.and.file")
        starter.goto(f"{base}/petitions/new/")
        starter.get_by_label("Kind of petition").select_option(value="referendum")
        starter.get_by_label("Title").fill("Put the new bylaws to the members")
        starter.get_by_label("The demand").fill("We require a referendum on the new bylaws.")
        starter.get_by_role("button", name="Start the petition and sign it").click()
        starter.wait_for_url(re.compile(r"/petitions/\d+/$"))
        petition_url = starter.url
        assert "1 of 3 signatures" in starter.locator("#progress-words").inner_text()

        for signer in ("west.rank.and.file", "east.local.delegate.1"):
            page = open_as(signer)
            page.goto(petition_url)
            page.get_by_role("button", name="Sign this petition").click()
            page.get_by_text("You signed on").wait_for()

        starter.reload()
        assert "Valid: threshold reached" in starter.locator("h1").inner_text()
        obligation = starter.locator("#obligation")
        assert "Members' Referendum" in obligation.inner_text()
        assert "Open, 30 days left" in obligation.inner_text()

        # 2. The Council's secretary sees the bylaws waiting in the ledger, follows the
        # petition to the body it obliges, and calls the referendum that ratifies them.
        secretary = open_as("council.member.0")
        secretary.goto(f"{base}/decisions/{bylaws.reference}/")
        assert "Not yet in force" in secretary.locator("#procedure-heading + p").inner_text()
        secretary.goto(petition_url)
        secretary.locator("#obligation").get_by_role(
            "link", name="Members' Referendum", exact=True
        ).click()
        secretary.get_by_role("link", name="Ballots of the Members' Referendum").click()
        waiting = secretary.get_by_role("region", name="Waiting for the Members' Referendum")
        assert bylaws.reference in waiting.inner_text()
        waiting.get_by_role("link", name="call a ballot on its ratification").click()
        ratify = secretary.get_by_label("…or ratify (consent to, veto) the decision")
        assert ratify.input_value() == bylaws.reference
        secretary.get_by_label("Question").fill("Ratify the new bylaws on dues")
        secretary.get_by_role("button", name="Announce the ballot").click()
        secretary.wait_for_url(re.compile(r"/ballots/\d+/$"))
        ballot_url = secretary.url
        assert "This ballot decides whether to ratify" in secretary.locator(".lead").inner_text()
        assert "Announced: opens" in secretary.locator(".status").inner_text()

        starter.goto(petition_url)
        assert "Met" in starter.locator("#obligation").inner_text()

        # 3. The notice runs out: the tick opens the ballot.
        ballot = Ballot.objects.get()
        clock.move_to(ballot.opens_at + dt.timedelta(minutes=1))
        assert ballots_tick().opened == [ballot.pk]

        # 4. Members vote from their phones.
        votes = {
            "east.rank.and.file": "For",
            "west.rank.and.file": "For",
            "council.member.1": "For",
            "council.member.2": "Against",
        }
        for username, choice in votes.items():
            phone = open_as(username, **PHONE)
            phone.goto(ballot_url)
            assert "Open until" in phone.locator(".status").inner_text()
            assert phone.evaluate("document.documentElement.scrollWidth") <= 360
            phone.get_by_label(choice, exact=True).tap()
            phone.get_by_role("button", name="Cast my vote").tap()
            code = phone.locator(".receipt-code")
            code.wait_for()
            assert RECEIPT.match(code.inner_text())
            assert phone.evaluate("document.documentElement.scrollWidth") <= 360

        # 5. The ballot closes: the tick counts it and records the ratification.
        clock.move_to(ballot.closes_at + dt.timedelta(minutes=1))
        assert ballots_tick().closed == [ballot.pk]

        secretary.goto(ballot_url)
        result = secretary.locator(".ballot-facts").inner_text()
        assert "4 of 13" in result  # turnout
        assert "3 / 1 / 0" in result and "Adopted" in result
        assert "Recorded as the ratification of" in result and "carried" in result

        secretary.get_by_role("link", name=bylaws.reference).last.click()
        secretary.wait_for_url(re.compile(re.escape(bylaws.reference)))
        implementation = secretary.locator("section[aria-labelledby=implementation-heading] dd")
        assert implementation.first.inner_text() == "Adopted"
        assert "In force from" in secretary.locator("#procedure-heading + p").inner_text()
        ratification = secretary.locator("table.procedure tr", has_text="Ratification")
        assert "Members' Referendum" in ratification.inner_text()
        assert "Given" in ratification.inner_text()
        steps = secretary.get_by_role("heading", name="Steps on record").locator("+ ul")
        assert "Ratification by Members' Referendum, 3 for, 1 against" in steps.inner_text()
    finally:
        for context in contexts:
            context.close()

    bylaws.refresh_from_db()
    assert bylaws.status == DecisionStatus.ADOPTED
    assert BallotVoter.objects.filter(ballot=ballot).count() == 13
    assert BallotParticipation.objects.filter(ballot=ballot).count() == 4
    assert sorted(BallotPaper.objects.filter(ballot=ballot).values_list("choice", flat=True)) == [
        "against",
        "for",
        "for",
        "for",
    ]
    step = DecisionStep.objects.get(decision=bylaws)
    assert step.carried and step.body == org.bodies["referendum"]
