"""The server-rendered pages in a real browser: htmx filtering and progress notes, and what a
rank-and-file member may not see."""

from __future__ import annotations

import re

from tests.browser import log_in


def _mark_page(page) -> None:
    """Set a flag that a full page load would lose."""
    page.evaluate("window.__stillHere = true")


def _same_page(page) -> bool:
    return page.evaluate("window.__stillHere === true")


def test_the_ledger_filters_live_and_keeps_the_url(demo_server, new_page):
    page = new_page()
    log_in(page, demo_server, "rosa")
    page.goto(f"{demo_server}/decisions/")
    everything = page.locator("#result-count").inner_text()
    _mark_page(page)

    page.get_by_label("Overdue only").check()
    page.wait_for_url(re.compile(r"overdue=on"))
    page.wait_for_function(
        "before => document.querySelector('#result-count').innerText !== before", arg=everything
    )
    rows = page.locator("#results tbody tr")
    assert rows.count() >= 1
    for i in range(rows.count()):
        assert "Overdue" in rows.nth(i).inner_text()
    assert _same_page(page)

    page.get_by_label("Overdue only").uncheck()
    page.get_by_label("Search").fill("office")
    page.wait_for_url(re.compile(r"q=office"))
    page.wait_for_timeout(300)
    assert "office" in page.locator("#results").inner_text().lower()
    assert _same_page(page)

    # The URL is a real address: loading it anew shows the same results.
    page.reload()
    assert page.get_by_label("Search").input_value() == "office"


def test_a_secretary_adds_a_progress_note_in_place(demo_server, new_page):
    page = new_page()
    log_in(page, demo_server, "ana")
    page.goto(f"{demo_server}/decisions/?body=central-committee&status=in_progress")
    page.locator("#results tbody tr th a").first.click()
    page.wait_for_load_state()
    _mark_page(page)
    page.get_by_label("What was done").fill("Checked by the browser test.")
    page.get_by_role("button", name="Add the note").click()
    page.get_by_role("status").filter(has_text="Progress note added.").wait_for()
    assert "Checked by the browser test." in page.locator("#follow-up").inner_text()
    assert _same_page(page)


def test_a_member_does_not_see_the_standing_committees_records(demo_server, new_page):
    insider = new_page()
    log_in(insider, demo_server, "mira")
    insider.goto(f"{demo_server}/decisions/?body=standing-committee")
    link = insider.locator("#results tbody tr th a").first
    reference = link.inner_text()

    member = new_page()
    log_in(member, demo_server, "rosa")
    member.goto(f"{demo_server}/bodies/standing-committee/")
    assert "its own seat holders only" in member.locator("main").inner_text()
    assert reference not in member.locator("main").inner_text()
    response = member.goto(f"{demo_server}/decisions/{reference}/")
    assert response.status == 404
    member.goto(f"{demo_server}/decisions/?q={reference}")
    assert "No decision open to you matches" in member.locator("#results").inner_text()


def test_a_member_filters_the_ledger_for_overdue_decisions_and_opens_one(demo_server, new_page):
    page = new_page()
    log_in(page, demo_server, "rosa")
    page.get_by_role("link", name="Ledger").first.click()
    page.get_by_label("Overdue only").check()
    page.wait_for_url(re.compile(r"overdue=on"))
    first = page.locator("#results tbody tr").filter(has_text="National day of action")
    first.wait_for()
    first.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/decisions/\d{4}-\d+/$"))
    heading = page.get_by_role("heading", level=1).inner_text()
    assert "National day of action for rent control" in heading
    body = page.locator("main").inner_text()
    assert "Overdue" in body
    # The coordinating committee's irregular claim to drop it shows, marked as without effect.
    assert "Postpone the day of action indefinitely" in body
    assert "it has no effect: this decision stands" in body
