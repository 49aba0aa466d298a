"""The timer's arithmetic, and the timer of a turn as the chair runs it, in frozen time."""

import datetime as dt

import pytest

from minutebook.floor.models import RequestStatus
from minutebook.floor.selectors import floor_state
from minutebook.floor.services import (
    FloorRefused,
    floor_call_next,
    floor_pause_timer,
    floor_request,
    floor_start_timer,
    floor_stop_turn,
)
from minutebook.floor.timer import TimerState, clock

T0 = dt.datetime(2026, 3, 15, 10, 0, tzinfo=dt.UTC)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def test_a_timer_not_started_has_counted_nothing():
    timer = TimerState(180, dt.timedelta(0), None)

    assert timer.elapsed(at(50)) == dt.timedelta(0)
    assert timer.remaining(at(50)) == dt.timedelta(seconds=180)
    assert not timer.running


def test_a_running_timer_counts_from_its_start_plus_what_it_had():
    timer = TimerState(180, dt.timedelta(seconds=40), at(100))

    assert timer.elapsed(at(130)) == dt.timedelta(seconds=70)
    assert timer.remaining(at(130)) == dt.timedelta(seconds=110)


def test_pausing_keeps_the_count_and_resuming_goes_on_from_it():
    timer = TimerState(180, dt.timedelta(0), at(0)).paused_at(at(45))

    assert timer == TimerState(180, dt.timedelta(seconds=45), None)
    assert timer.elapsed(at(1000)) == dt.timedelta(seconds=45)
    resumed = timer.started_at(at(1000))
    assert resumed.elapsed(at(1010)) == dt.timedelta(seconds=55)
    assert resumed.started_at(at(2000)) is resumed  # starting a running timer changes nothing


def test_running_over_the_limit_is_overtime():
    timer = TimerState(60, dt.timedelta(seconds=50), at(0))

    assert not timer.overtime(at(10))
    assert timer.overtime(at(11))
    assert timer.remaining(at(12)) == dt.timedelta(seconds=-2)


def test_a_clock_stepping_back_never_shrinks_the_time_spoken():
    timer = TimerState(60, dt.timedelta(seconds=20), at(100))

    assert timer.elapsed(at(90)) == dt.timedelta(seconds=20)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "0:00"),
        (59.6, "1:00"),
        (125, "2:05"),
        (-12, "-0:12"),
        (dt.timedelta(hours=1, seconds=3), "1:00:03"),
        (None, ""),
    ],
)
def test_clock_shows_durations_as_the_timer_does(value, shown):
    assert clock(value) == shown


def test_the_turns_timer_runs_pauses_and_records_the_time_spoken(
    org, meeting, chair, delegate, clock
):
    floor_request(actor=delegate, meeting=meeting, kind="speech")
    turn = floor_call_next(actor=chair, meeting=meeting)
    clock.advance(15)  # walking to the microphone: not counted
    floor_start_timer(actor=chair, meeting=meeting)
    clock.advance(40)
    state = floor_state(meeting)
    assert state.current_timer.elapsed(clock.now) == dt.timedelta(seconds=40)
    floor_pause_timer(actor=chair, meeting=meeting)
    clock.advance(100)  # a disturbance in the hall
    turn.refresh_from_db()
    assert turn.timer_elapsed == dt.timedelta(seconds=40)
    assert turn.timer_running_since is None
    floor_start_timer(actor=chair, meeting=meeting)
    clock.advance(25.5)

    ended = floor_stop_turn(actor=chair, meeting=meeting)

    assert ended.status == RequestStatus.SPOKE
    assert ended.time_spoken == dt.timedelta(seconds=65.5)
    assert ended.started_at == turn.called_at + dt.timedelta(seconds=15)
    assert ended.ended_at == clock.now


def test_the_timer_refuses_what_makes_no_sense(meeting, chair, delegate, clock):
    with pytest.raises(FloorRefused, match="Nobody has the floor"):
        floor_start_timer(actor=chair, meeting=meeting)
    floor_request(actor=delegate, meeting=meeting, kind="speech")
    floor_call_next(actor=chair, meeting=meeting)
    with pytest.raises(FloorRefused, match="not running"):
        floor_pause_timer(actor=chair, meeting=meeting)
    floor_start_timer(actor=chair, meeting=meeting)
    with pytest.raises(FloorRefused, match="already running"):
        floor_start_timer(actor=chair, meeting=meeting)


def test_a_turn_ended_without_starting_the_timer_records_no_time(meeting, chair, delegate, clock):
    floor_request(actor=delegate, meeting=meeting, kind="speech")
    floor_call_next(actor=chair, meeting=meeting)
    clock.advance(30)

    assert floor_stop_turn(actor=chair, meeting=meeting).time_spoken == dt.timedelta(0)
