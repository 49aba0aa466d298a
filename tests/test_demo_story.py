"""The demo's story is told as of the week it is loaded in, whatever year that is."""

import datetime as dt

import pytest
import time_machine

from minutebook.bodies.models import Seat
from minutebook.demo.load import demo_load
from minutebook.demo.story import STORY_TODAY, on, spoken, weeks_since_story
from minutebook.journal.services import journal_verify
from minutebook.ledger.models import Decision
from minutebook.meetings.models import Meeting


@pytest.mark.parametrize(
    "today, weeks",
    [
        (dt.date(2026, 10, 1), 0),  # before the story's day: as written
        (STORY_TODAY, 0),
        (dt.date(2026, 11, 29), 0),  # six days on: still the same week
        (dt.date(2026, 11, 30), 1),
        (dt.date(2027, 12, 1), 53),  # 373 days on
    ],
)
def test_the_story_moves_by_whole_weeks(today, weeks):
    assert weeks_since_story(today) == dt.timedelta(weeks=weeks)


def test_a_moved_day_keeps_its_weekday_and_its_texts_follow_it():
    with time_machine.travel(dt.datetime(2028, 3, 1, 10, tzinfo=dt.UTC), tick=False):
        congress = on(2025, 11, 29)
        assert congress.weekday() == dt.date(2025, 11, 29).weekday()  # a Saturday
        assert congress.year == 2027
        assert spoken(dt.date(2027, 4, 24), year=True) == "24 April 2027"


def test_loaded_two_years_late_the_demo_stands_where_its_story_does(db, monkeypatch):
    # Terms of office end two years after the story's congress: loaded as written, long
    # after, the secretary's term had run out and the demo could not be loaded at all.
    with time_machine.travel(dt.datetime(2028, 3, 1, 10, tzinfo=dt.UTC), tick=False):
        story_today = on(2026, 11, 23)
        assert demo_load()
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: story_today)

    assert story_today > dt.date(2028, 2, 22)
    cc_seats = Seat.objects.current(on=story_today).filter(body__slug="central-committee")
    assert cc_seats.count() == 30
    assert Decision.objects.overdue().filter(body__slug="central-committee").exists()
    january = Meeting.objects.get(title=f"Ordinary meeting, {on(2027, 1, 16):%B %Y}")
    assert january.starts_at.date() == on(2027, 1, 16) > story_today  # still ahead
    suspension = Decision.objects.get(decision_type="member.suspend")
    assert suspension.decided_on == on(2026, 8, 22)
    assert f"heard on {spoken(on(2026, 8, 22), year=True)}" in suspension.text
    assert journal_verify().intact
