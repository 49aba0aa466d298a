"""Article 9 of the demo charter in a real browser: a member of the Central Committee reads on
their own page that they may not stand for the Control Commission, with the rule and its
article."""

from __future__ import annotations

from tests.browser import log_in


def test_a_central_committee_member_reads_why_they_may_not_stand_for_the_control_commission(
    demo_server, new_page
):
    page = new_page()
    log_in(page, demo_server, "ana")
    page.goto(f"{demo_server}/")
    # Her own page, from her name in the header (the roll has another Ana Ferreira).
    page.get_by_role("strong").get_by_role("link", name="Ana Ferreira").click()
    page.wait_for_load_state()

    stand = page.locator('[data-eligibility-to="stand"]')
    line = stand.locator('[data-eligibility-body="control-commission"]')
    assert line.get_attribute("data-eligible") == "no"
    text = line.inner_text()
    assert "no member of the Central Committee may sit on the Control Commission" in text
    assert "art-9" in text and "rule control-commission-independent" in text
    assert (
        stand.locator('[data-eligibility-body="central-committee"]').get_attribute("data-eligible")
        == "yes"
    )
