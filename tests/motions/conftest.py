import datetime as dt

import pytest
from django.utils import timezone

from tests.motions.world import DELEGATES, Clock, check_in, make_meeting


@pytest.fixture
def clock(monkeypatch):
    """Time frozen a fortnight before the meeting: motions submitted now had notice."""
    clock = Clock(dt.datetime(2026, 5, 18, 12, 0, tzinfo=dt.UTC))
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


@pytest.fixture
def meeting(org, clock):
    """The General Assembly's open meeting, chaired by East Delegate 1, all six delegates in."""
    meeting = make_meeting(org, chair="east-delegate-1")
    check_in(org, meeting, *DELEGATES)
    return meeting
