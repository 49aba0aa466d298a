"""A meeting in two browsers at once: a member checks in from her own device and the chair
sees the quorum move without reloading; the minutes of a past meeting download."""

from __future__ import annotations

from minutebook.demo.story import month_of
from tests.browser import log_in, on_the_demo_server, open_harbour_assembly, wait_until_live


def test_a_check_in_moves_the_quorum_on_the_chairs_screen(demo_server, new_page):
    chair = new_page()
    log_in(chair, demo_server, "tom")
    open_harbour_assembly(chair, demo_server)
    wait_until_live(chair)
    before = int(chair.locator("[data-quorum-present]").inner_text())
    present = chair.locator("[data-live-fragment=attendance] .attendance-list")
    assert "Rosa Lindqvist" not in (present.inner_text() if present.count() else "")

    rosa = new_page()
    log_in(rosa, demo_server, "rosa")
    open_harbour_assembly(rosa, demo_server)
    rosa.get_by_role("button", name="Check in").click()
    rosa.get_by_role("status").filter(has_text="You are checked in.").wait_for()

    present.filter(has_text="Rosa Lindqvist").wait_for()
    assert int(chair.locator("[data-quorum-present]").inner_text()) == before + 1
    assert chair.evaluate("window.__stillHere === true")  # no reload

    # Leave the meeting as it was, for the other browser tests.
    rosa.get_by_role("button", name="Check out").click()
    chair.wait_for_function(
        "n => document.querySelector('[data-quorum-present]').innerText === String(n)", arg=before
    )


def test_the_minutes_of_a_past_meeting_download(demo_server, new_page):
    page = new_page()
    log_in(page, demo_server, "rosa")
    page.goto(f"{demo_server}/bodies/central-committee/meetings/")
    june = on_the_demo_server(2026, 6, 13)  # the story's June meeting
    page.get_by_role("link", name=f"Ordinary meeting, {month_of(june)}").click()
    page.get_by_role("link", name="Read the minutes").click()
    assert "approved by decision" in page.locator("main").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as Markdown").click()
    assert download.value.suggested_filename == f"minutes-central-committee-{june.isoformat()}.md"
