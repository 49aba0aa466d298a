"""A secret ballot in four browsers at once: a member's motion is admitted, the chair opens a
secret ballot, three delegates see it open without reloading and cast from their own screens
(over the page's websocket, each getting a receipt code), the chair closes it, the result
appears on every screen, and the adopted motion is in the ledger."""

from __future__ import annotations

import re

from tests.browser import log_in, open_harbour_assembly, wait_until_live

TITLE = "Open a second tenants' advice evening in Eastside"
RECEIPT = re.compile(r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$")


def _choose(page, label: str, text: str) -> None:
    """Select the option of the field `label` whose text contains `text`."""
    field = page.get_by_label(label)
    field.select_option(value=field.locator("option", has_text=text).first.get_attribute("value"))


def _casts_posted(page) -> list[str]:
    """Every HTTP request to a cast URL the page makes from now on."""
    posted: list[str] = []
    page.on(
        "request", lambda request: posted.append(request.url) if "/cast/" in request.url else None
    )
    return posted


def test_delegates_cast_a_secret_ballot_and_the_adopted_motion_is_in_the_ledger(
    demo_server, new_page
):
    rosa = new_page()
    log_in(rosa, demo_server, "rosa")
    meeting = open_harbour_assembly(rosa, demo_server)
    rosa.get_by_role("button", name="Check in").click()
    rosa.get_by_role("status").filter(has_text="You are checked in.").wait_for()
    # One of those checked in before the meeting opened (the demo's names are plain ASCII:
    # "Given Family" logs in as "given.family").
    present = rosa.locator(".attendance-list li a").all_inner_texts()
    third_name = next(name for name in present if name not in ("Tomas Okafor", "Rosa Lindqvist"))

    # Rosa moves a resolution for this meeting.
    rosa.goto(f"{demo_server}/motions/new/?meeting={meeting}")
    rosa.get_by_label("Decision type").select_option(value="resolution")
    rosa.get_by_label("Title").fill(TITLE)
    rosa.get_by_label("Text").fill("The branch holds a second advice evening a month, in Eastside.")
    rosa.get_by_role("button", name=re.compile("Submit")).click()
    rosa.wait_for_url(re.compile(r"/motions/\d+/$"))
    motion_url = rosa.url

    # The chair admits it to the agenda and goes to the console.
    chair = new_page()
    log_in(chair, demo_server, "tom")
    chair.goto(motion_url)
    _choose(chair, "Agenda item", "Tenants' advice evenings")
    chair.get_by_role("button", name="Admit the motion").click()
    chair.goto(f"{demo_server}/meetings/{meeting}/votes/")

    # Three delegates follow the meeting's motions page: the chair, Rosa and a third.
    third = new_page()
    log_in(third, demo_server, third_name.lower().replace(" ", "."))
    tom_at_seat = new_page()
    log_in(tom_at_seat, demo_server, "tom")
    delegates = (rosa, third, tom_at_seat)
    posted = []
    for page in delegates:
        page.goto(f"{demo_server}/meetings/{meeting}/motions/")
        wait_until_live(page)
        posted.append(_casts_posted(page))

    _choose(chair, "Put to the vote", TITLE)
    chair.get_by_label("Method").select_option(label="Electronic secret ballot")
    chair.get_by_role("button", name="Open the vote").click()

    receipts = []
    for page, choice in zip(delegates, ("For", "For", "Against"), strict=True):
        # The ballot arrives without reloading.
        page.get_by_role("heading", name=re.compile("Vote open:")).wait_for()
        page.locator("form.ballot").get_by_role("button", name=choice, exact=True).click()
        page.locator("#my-ballot").filter(has_text="Your vote is recorded").wait_for()
        receipts.append(page.locator("#my-ballot .receipt-code").inner_text())
        page.get_by_text("You have voted.").wait_for()
    receipts_url = rosa.locator("#my-ballot a[href*='/receipts/']").evaluate("a => a.href")
    assert all(RECEIPT.match(code) for code in receipts) and len(set(receipts)) == 3
    # The open sockets carried the ballots: no page posted one.
    assert posted == [[], [], []]
    # Everybody sees how many voted, not how.
    for page in delegates:
        page.locator("[data-live-fragment=vote-count]").first.filter(has_text="3 of").wait_for()

    chair.get_by_role("button", name="Close the vote and count it").click()
    for page in delegates:
        result = page.locator("[data-live-fragment=vote-result]")
        result.filter(has_text="Adopted").wait_for()
        assert page.evaluate("window.__stillHere === true")  # no reload
    # Rosa checks her receipt: her ballot was counted as she cast it.
    rosa.goto(receipts_url)
    rosa.get_by_label(re.compile("code", re.I)).fill(receipts[0])
    rosa.get_by_role("button", name="Check").click()
    rosa.locator("#receipt-verdict").filter(has_text="counted as: For").wait_for()
    assert "3 ballots" in rosa.locator("caption").inner_text()

    # The adopted motion is in the ledger, with its meeting and its tally.
    rosa.goto(f"{demo_server}/decisions/?q=Eastside")
    row = rosa.locator("#results tr").filter(has_text=TITLE)
    row.get_by_role("link").first.click()
    body = rosa.locator("main").inner_text()
    assert "At the meeting\nMonthly assembly" in body, body
    assert re.search(r"Adopted on\nMotion \d+: " + re.escape(TITLE), body), body
    assert "2 for, 1 against, 0 abstaining" in body, body

    rosa.goto(f"{demo_server}/meetings/{meeting}/")
    rosa.get_by_role("button", name="Check out").click()
