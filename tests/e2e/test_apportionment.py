"""The Congress's apportionment in a real browser: from the body's page to its census."""

from __future__ import annotations

from tests.browser import log_in


def test_a_member_opens_the_congress_apportionment_and_sees_who_was_counted(demo_server, new_page):
    page = new_page()
    log_in(page, demo_server, "rosa")
    page.goto(f"{demo_server}/bodies/congress/")
    page.get_by_role("link", name="the apportionment and its census").click()
    page.wait_for_url(f"{demo_server}/bodies/congress/apportionment/")

    heading = page.get_by_role("heading", level=2).first.inner_text()
    assert "for the 2027 Congress" in heading
    greenhill = page.get_by_role("row").filter(has_text="Greenhill Branch")
    cells = greenhill.get_by_role("cell").all_inner_texts()
    assert cells[:2] == ["26", "6"]  # members counted, seats: one for every five or part
    greenhill.get_by_text("26 names").click()
    assert greenhill.get_by_role("listitem").count() == 26

    page.get_by_role("link", name="for the founding Congress").click()
    founding = page.get_by_role("row").filter(has_text="Harbour Branch")
    assert founding.get_by_role("cell").all_inner_texts()[:3] == ["25", "5", "5"]
