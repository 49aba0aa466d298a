"""The list of speakers in three browsers at once (the chair, a delegate, the projector): the
delegate asks for the floor and the chair sees it without reloading; the chair calls her and
the timer runs on every screen."""

from __future__ import annotations

from tests.browser import log_in, open_harbour_assembly, wait_until_live


def _seconds(clock: str) -> int:
    sign = -1 if clock.startswith("-") else 1
    minutes, seconds = clock.lstrip("-").split(":")
    return sign * (int(minutes) * 60 + int(seconds))


def test_a_delegate_asks_for_the_floor_and_every_screen_follows(demo_server, new_page):
    chair = new_page()
    log_in(chair, demo_server, "tom")
    meeting = open_harbour_assembly(chair, demo_server)
    chair.goto(f"{demo_server}/meetings/{meeting}/floor/")
    wait_until_live(chair)

    projector = new_page()
    log_in(projector, demo_server, "admin")
    projector.goto(f"{demo_server}/meetings/{meeting}/projector/")
    wait_until_live(projector)

    rosa = new_page()
    log_in(rosa, demo_server, "rosa")
    open_harbour_assembly(rosa, demo_server)
    rosa.get_by_role("button", name="Check in").click()
    rosa.get_by_role("status").filter(has_text="You are checked in.").wait_for()
    rosa.goto(f"{demo_server}/meetings/{meeting}/floor/")
    wait_until_live(rosa)
    rosa.locator("#ask-for-floor").click()

    # The chair and the projector see her on the list without reloading.
    chair.locator("#speakers-list").filter(has_text="Rosa Lindqvist").wait_for()
    projector.get_by_text("Rosa Lindqvist").first.wait_for()

    chair.locator("#call-next").click()
    for page in (chair, rosa, projector):
        page.locator("#speaker-name").filter(has_text="Rosa Lindqvist").wait_for()
    rosa.locator("#you-have-the-floor").wait_for()

    chair.locator("#timer-start").click()
    for page in (chair, rosa, projector):
        page.locator("[data-timer-running=yes]").wait_for()
    first = {id(page): _seconds(page.locator("#timer").inner_text()) for page in (chair, rosa)}
    rosa.wait_for_timeout(2500)
    for page in (chair, rosa, projector):
        left = _seconds(page.locator("#timer").inner_text())
        assert 0 < left < 180
    for page in (chair, rosa):
        assert _seconds(page.locator("#timer").inner_text()) <= first[id(page)] - 2
    # Every screen shows the same time, within a second.
    shown = [_seconds(page.locator("#timer").inner_text()) for page in (chair, rosa, projector)]
    assert max(shown) - min(shown) <= 1
    for page in (chair, rosa, projector):
        assert page.evaluate("window.__stillHere === true")

    chair.locator("#turn-end").click()
    rosa.locator("#speaker-name").filter(has_text="Nobody has the floor").wait_for()
    rosa.goto(f"{demo_server}/meetings/{meeting}/")
    rosa.get_by_role("button", name="Check out").click()
