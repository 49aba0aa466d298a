"""Asking for the floor, the chair calling speakers by the rules, closing the list and the
debate, the one speaking limit and the extensions; each change journaled."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from minutebook.floor.models import (
    Extension,
    Floor,
    LimitChange,
    RequestStatus,
    SpeakerRequest,
)
from minutebook.floor.selectors import floor_state
from minutebook.floor.services import (
    FloorRefused,
    floor_call_next,
    floor_change_limit,
    floor_close_debate,
    floor_close_list,
    floor_extend,
    floor_finish,
    floor_reopen_list,
    floor_request,
    floor_set_item,
    floor_set_options,
    floor_start_timer,
    floor_stop_turn,
    floor_withdraw,
)
from minutebook.journal.models import JournalEntry
from minutebook.meetings.models import Attendance, MeetingStatus
from tests.floor.conftest import ASSEMBLY_LIMIT, make_meeting


def ask(org, key, meeting, kind="speech", stance="none", **extra):
    return floor_request(actor=org.user(key), meeting=meeting, kind=kind, stance=stance, **extra)


def speak(chair, meeting, clock, seconds):
    """Call the next speaker and let them speak for `seconds`."""
    turn = floor_call_next(actor=chair, meeting=meeting)
    floor_start_timer(actor=chair, meeting=meeting)
    clock.advance(seconds)
    floor_stop_turn(actor=chair, meeting=meeting)
    return turn


def waiting_names(meeting) -> list[str]:
    return [entry.request.member.full_name for entry in floor_state(meeting).waiting]


# Asking


def test_a_present_delegate_asks_and_the_floor_opens_with_the_charters_limit(org, meeting, clock):
    request = ask(org, "east-delegate-1", meeting)

    assert request.status == RequestStatus.WAITING
    assert request.member == org.members["east-delegate-1"]
    assert request.requested_at == clock.now
    floor = Floor.objects.get(meeting=meeting)
    assert floor.speaking_limit_seconds == floor.charter_limit_seconds == ASSEMBLY_LIMIT
    assert list(
        JournalEntry.objects.filter(action__startswith="floor.").values_list("action", flat=True)
    ) == ["floor.open", "floor.request"]
    entry = JournalEntry.objects.get(action="floor.request")
    assert entry.summary == (
        "East Local Delegate 1 asked for the floor (speech) on the meeting (no agenda item)"
    )


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("east-member", "Only those holding a seat on the General Assembly may ask"),
        ("council-1", "Only those holding a seat on the General Assembly may ask"),
    ],
)
def test_only_seat_holders_may_ask(org, meeting, key, message):
    with pytest.raises(FloorRefused, match=message):
        ask(org, key, meeting)


def test_a_seat_holder_who_is_not_present_may_not_ask(org, meeting, clock):
    Attendance.objects.filter(meeting=meeting, member=org.members["west-delegate-2"]).update(
        checked_out_at=clock.now
    )

    with pytest.raises(FloorRefused, match="Check in to the meeting first"):
        ask(org, "west-delegate-2", meeting)


def test_a_meeting_that_is_not_open_has_no_floor(org):
    scheduled = make_meeting(org, status=MeetingStatus.SCHEDULED)

    with pytest.raises(FloorRefused, match="only while the meeting is open"):
        ask(org, "east-delegate-1", scheduled)


def test_a_login_without_a_member_may_not_ask(meeting, outsider):
    with pytest.raises(FloorRefused, match="Only members on the roll"):
        floor_request(actor=outsider, meeting=meeting, kind="speech")


def test_one_waiting_request_per_member_and_item_but_a_point_of_order_besides(org, meeting):
    ask(org, "east-delegate-1", meeting)

    with pytest.raises(FloorRefused, match="You are already waiting for speech on this item"):
        ask(org, "east-delegate-1", meeting)
    point = ask(org, "east-delegate-1", meeting, kind="point_of_order", stance="pro")
    assert point.stance == "none"  # a point of order takes no side
    with pytest.raises(FloorRefused, match="already waiting for point of order"):
        ask(org, "east-delegate-1", meeting, kind="point_of_order")


def test_unknown_kind_or_stance_is_refused(org, meeting):
    with pytest.raises(FloorRefused):
        ask(org, "east-delegate-1", meeting, kind="filibuster")
    with pytest.raises(FloorRefused):
        ask(org, "east-delegate-1", meeting, stance="maybe")


def test_the_chair_may_put_a_present_delegate_on_the_list_others_may_not(org, meeting, chair):
    request = floor_request(
        actor=chair, meeting=meeting, kind="speech", member=org.members["west-delegate-2"]
    )
    assert request.requested_by == chair
    assert request.member == org.members["west-delegate-2"]

    with pytest.raises(PermissionDenied):
        ask(org, "east-delegate-1", meeting, member=org.members["east-delegate-2"])


def test_a_request_for_an_item_of_another_meeting_is_refused(org, meeting):
    other = make_meeting(org, items=("Elsewhere",))

    with pytest.raises(FloorRefused, match="not on this meeting's agenda"):
        ask(org, "east-delegate-1", meeting, agenda_item=other.agenda_items.get())


# Withdrawing


def test_a_member_withdraws_their_own_request(org, meeting):
    request = ask(org, "east-delegate-1", meeting)

    withdrawn = floor_withdraw(actor=org.user("east-delegate-1"), request=request)

    assert withdrawn.status == RequestStatus.WITHDRAWN
    assert withdrawn.ended_by == org.user("east-delegate-1")
    assert waiting_names(meeting) == []
    assert JournalEntry.objects.get(action="floor.withdraw").summary == (
        "East Local Delegate 1 withdrew their request for the floor"
    )


def test_only_the_member_or_the_chair_may_withdraw_a_request(org, meeting, chair):
    request = ask(org, "east-delegate-1", meeting)

    with pytest.raises(PermissionDenied):
        floor_withdraw(actor=org.user("east-delegate-2"), request=request)
    removed = floor_withdraw(actor=chair, request=request)

    assert removed.ended_by == chair
    assert "taken off the list of speakers by the chair" in (
        JournalEntry.objects.get(action="floor.withdraw").summary
    )
    with pytest.raises(FloorRefused, match="still waiting"):
        floor_withdraw(actor=chair, request=request)


# Calling


def test_first_come_first_served(org, meeting, chair, clock):
    for key in ("west-delegate-1", "east-delegate-1", "east-delegate-2"):
        ask(org, key, meeting)
        clock.advance(1)

    turn = floor_call_next(actor=chair, meeting=meeting)

    assert turn.member == org.members["west-delegate-1"]
    assert turn.status == RequestStatus.SPEAKING
    assert turn.called_by == chair
    assert turn.call_reason == "In order of asking"
    assert turn.limit_seconds == ASSEMBLY_LIMIT
    assert waiting_names(meeting) == ["East Local Delegate 1", "East Local Delegate 2"]


def test_a_point_of_order_is_called_before_the_list(org, meeting, chair, clock):
    ask(org, "west-delegate-1", meeting)
    clock.advance(1)
    ask(org, "east-delegate-2", meeting, kind="point_of_order")

    turn = floor_call_next(actor=chair, meeting=meeting)

    assert turn.member == org.members["east-delegate-2"]
    assert turn.call_reason == "Point of order: heard before the list"


def test_the_progressive_list_puts_those_who_have_not_spoken_first(org, meeting, chair, clock):
    rents, strike = meeting.agenda_items.all()
    floor_set_item(actor=chair, meeting=meeting, agenda_item=rents)
    ask(org, "west-delegate-1", meeting)
    speak(chair, meeting, clock, 30)
    floor_set_item(actor=chair, meeting=meeting, agenda_item=strike)
    floor_set_options(actor=chair, meeting=meeting, pro_contra=False, progressive=True)
    ask(org, "west-delegate-1", meeting)  # spoke on the first item
    clock.advance(1)
    ask(org, "east-delegate-1", meeting)

    state = floor_state(meeting)
    assert [entry.reason for entry in state.waiting] == [
        "Has not yet spoken in this meeting; in order of asking",
        "Has already spoken in this meeting: after those who have not; in order of asking",
    ]
    assert floor_call_next(actor=chair, meeting=meeting).member == org.members["east-delegate-1"]


def test_a_point_of_order_does_not_count_as_having_spoken(org, meeting, chair, clock):
    floor_set_options(actor=chair, meeting=meeting, pro_contra=False, progressive=True)
    ask(org, "west-delegate-1", meeting, kind="point_of_order")
    speak(chair, meeting, clock, 10)
    ask(org, "west-delegate-1", meeting)

    assert floor_state(meeting).waiting[0].rules == ("progressive_first", "first_come")


def test_pro_and_contra_alternate_in_the_debate_on_a_motion(org, meeting, chair, clock):
    floor_set_options(actor=chair, meeting=meeting, pro_contra=True, progressive=False)
    for key, side in (
        ("west-delegate-1", "pro"),
        ("west-delegate-2", "pro"),
        ("east-delegate-1", "contra"),
        ("east-delegate-2", "contra"),
    ):
        ask(org, key, meeting, stance=side)
        clock.advance(1)

    order = []
    for _ in range(4):
        order.append(speak(chair, meeting, clock, 20).member.full_name)

    assert order == [
        "West Local Delegate 1",
        "East Local Delegate 1",
        "West Local Delegate 2",
        "East Local Delegate 2",
    ]
    second = SpeakerRequest.objects.get(member=org.members["east-delegate-1"])
    assert second.call_reason == "Speaks against, after a speaker for, ahead of 1 who asked earlier"


def test_only_one_speaker_at_a_time(org, meeting, chair):
    ask(org, "west-delegate-1", meeting)
    ask(org, "east-delegate-1", meeting)
    floor_call_next(actor=chair, meeting=meeting)

    with pytest.raises(FloorRefused, match="West Local Delegate 1 still has the floor"):
        floor_call_next(actor=chair, meeting=meeting)


def test_calling_with_nobody_waiting_is_refused(meeting, chair):
    with pytest.raises(FloorRefused, match="Nobody is waiting"):
        floor_call_next(actor=chair, meeting=meeting)


def test_the_database_allows_one_speaker_per_meeting(org, meeting):
    first = ask(org, "west-delegate-1", meeting)
    second = ask(org, "east-delegate-1", meeting)
    SpeakerRequest.objects.filter(pk=first.pk).update(status=RequestStatus.SPEAKING)

    with pytest.raises(IntegrityError), transaction.atomic():
        SpeakerRequest.objects.filter(pk=second.pk).update(status=RequestStatus.SPEAKING)


@pytest.mark.parametrize("with_item", [True, False])
def test_the_database_allows_one_waiting_request_per_member_and_item(org, meeting, with_item):
    item = meeting.agenda_items.first() if with_item else None
    first = ask(org, "west-delegate-1", meeting, agenda_item=item)

    with pytest.raises(IntegrityError), transaction.atomic():
        SpeakerRequest.objects.create(
            meeting=meeting,
            agenda_item=item,
            member=first.member,
            kind="speech",
            requested_at=first.requested_at,
            requested_by=first.requested_by,
        )


# Closing the list and the debate


def test_a_closed_list_refuses_speeches_but_hears_points_of_order(org, meeting, chair):
    ask(org, "west-delegate-1", meeting)
    floor_close_list(actor=chair, meeting=meeting)

    with pytest.raises(FloorRefused, match="The list of speakers is closed"):
        ask(org, "east-delegate-1", meeting)
    ask(org, "east-delegate-1", meeting, kind="point_of_order")
    assert waiting_names(meeting) == ["East Local Delegate 1", "West Local Delegate 1"]
    with pytest.raises(FloorRefused, match="already closed"):
        floor_close_list(actor=chair, meeting=meeting)

    floor_reopen_list(actor=chair, meeting=meeting)
    ask(org, "east-delegate-1", meeting)
    assert [e.action for e in JournalEntry.objects.filter(action__startswith="floor.list")] == [
        "floor.list_close",
        "floor.list_reopen",
    ]


def test_closing_the_debate_records_those_still_waiting_by_name(org, meeting, chair, clock):
    rents = meeting.agenda_items.get(position=1)
    floor_set_item(actor=chair, meeting=meeting, agenda_item=rents)
    ask(org, "west-delegate-1", meeting)
    ask(org, "east-delegate-1", meeting)
    ask(org, "east-delegate-2", meeting, kind="point_of_order")
    ask(org, "west-delegate-2", meeting, agenda_item=meeting.agenda_items.get(position=2))
    floor_call_next(actor=chair, meeting=meeting)  # the point of order
    floor_start_timer(actor=chair, meeting=meeting)
    clock.advance(12)

    closure = floor_close_debate(actor=chair, meeting=meeting, agenda_item=rents)

    assert closure.closed_by == chair
    assert closure.closed_at == clock.now
    assert sorted(r.member.full_name for r in closure.not_called.all()) == [
        "East Local Delegate 1",
        "West Local Delegate 1",
    ]
    assert set(closure.not_called.values_list("status", flat=True)) == {RequestStatus.NOT_CALLED}
    point = SpeakerRequest.objects.get(member=org.members["east-delegate-2"])
    assert (point.status, point.time_spoken) == (RequestStatus.SPOKE, dt.timedelta(seconds=12))
    other_item = SpeakerRequest.objects.get(member=org.members["west-delegate-2"])
    assert other_item.status == RequestStatus.WAITING  # another item's list is untouched
    assert JournalEntry.objects.get(action="floor.debate_close").summary == (
        "Debate closed on item 1. Rents; still waiting, not called: West Local Delegate 1, "
        "East Local Delegate 1"
    )
    assert floor_state(meeting).list_closed
    with pytest.raises(FloorRefused, match="closed"):
        ask(org, "east-delegate-1", meeting)


def test_moving_to_another_item_opens_its_list_and_a_closed_debate_stays_closed(
    org, meeting, chair
):
    rents, strike = meeting.agenda_items.all()
    floor_set_item(actor=chair, meeting=meeting, agenda_item=rents)
    floor_close_debate(actor=chair, meeting=meeting, agenda_item=rents)
    floor_set_item(actor=chair, meeting=meeting, agenda_item=strike)

    assert not floor_state(meeting).list_closed
    with pytest.raises(FloorRefused, match="The debate on item 1. Rents was closed"):
        ask(org, "east-delegate-1", meeting, agenda_item=rents)
    floor_set_item(actor=chair, meeting=meeting, agenda_item=rents)
    assert floor_state(meeting).list_closed


def test_the_debate_moves_only_when_nobody_speaks(org, meeting, chair):
    ask(org, "east-delegate-1", meeting)
    floor_call_next(actor=chair, meeting=meeting)

    with pytest.raises(FloorRefused, match="end their turn first"):
        floor_set_item(actor=chair, meeting=meeting, agenda_item=meeting.agenda_items.first())


def test_finishing_the_floor_ends_the_turn_and_closes_every_debate_with_waiting(
    org, meeting, chair, clock
):
    rents = meeting.agenda_items.get(position=1)
    ask(org, "east-delegate-1", meeting)
    ask(org, "east-delegate-2", meeting)
    ask(org, "west-delegate-2", meeting)
    ask(org, "west-delegate-1", meeting, agenda_item=rents)
    speak(chair, meeting, clock, 5)
    floor_call_next(actor=chair, meeting=meeting)

    closures = floor_finish(actor=chair, meeting=meeting)

    assert [c.agenda_item for c in closures] == [None, rents]
    assert not SpeakerRequest.objects.filter(
        status__in=(RequestStatus.WAITING, RequestStatus.SPEAKING)
    ).exists()


# One limit for everyone; extensions


def test_every_speaker_gets_the_same_limit_whatever_their_role(org, meeting, chair, clock):
    # The chair, the secretary (an officer) and a rank-and-file delegate.
    for key in ("west-delegate-0", "east-delegate-0", "east-delegate-1"):
        ask(org, key, meeting)
    limits = {speak(chair, meeting, clock, 10).limit_seconds for _ in range(3)}

    assert limits == {ASSEMBLY_LIMIT}


def test_the_chair_changes_the_limit_with_a_reason_for_those_called_afterwards(
    org, meeting, chair, clock
):
    ask(org, "east-delegate-1", meeting)
    ask(org, "east-delegate-2", meeting)
    current = floor_call_next(actor=chair, meeting=meeting)

    with pytest.raises(FloorRefused):
        floor_change_limit(actor=chair, meeting=meeting, seconds=90, reason="  ")
    change = floor_change_limit(
        actor=chair, meeting=meeting, seconds=90, reason="Many speakers, little time"
    )

    assert (change.seconds_before, change.seconds_after) == (ASSEMBLY_LIMIT, 90)
    assert change.changed_by == chair
    current.refresh_from_db()
    assert current.limit_seconds == ASSEMBLY_LIMIT  # the speaker keeps the limit they had
    floor_stop_turn(actor=chair, meeting=meeting)
    assert floor_call_next(actor=chair, meeting=meeting).limit_seconds == 90
    assert JournalEntry.objects.get(action="floor.limit").summary == (
        "Speaking limit changed from 2:00 to 1:30: Many speakers, little time"
    )
    assert Floor.objects.get(meeting=meeting).charter_limit_seconds == ASSEMBLY_LIMIT


def test_a_member_may_not_change_the_limit(org, meeting, delegate):
    with pytest.raises(PermissionDenied):
        floor_change_limit(actor=delegate, meeting=meeting, seconds=600, reason="I need time")
    assert not LimitChange.objects.exists()


def test_an_extension_is_recorded_with_who_granted_it(org, meeting, chair, secretary, clock):
    ask(org, "east-delegate-1", meeting)
    turn = floor_call_next(actor=chair, meeting=meeting)

    first = floor_extend(actor=chair, request=turn, seconds=30, reason="Reading the amendment")
    floor_extend(actor=secretary, request=turn, seconds=15, reason="Interrupted by noise")

    assert (first.granted_by, first.seconds, first.reason) == (chair, 30, "Reading the amendment")
    assert first.granted_at == clock.now
    state = floor_state(meeting)
    assert state.current_timer.limit_seconds == ASSEMBLY_LIMIT + 45
    assert [e.granted_by for e in state.current_extensions] == [chair, secretary]
    assert JournalEntry.objects.filter(action="floor.extend").first().summary == (
        "East Local Delegate 1 was given 0:30 more: Reading the amendment"
    )


def test_extensions_need_a_reason_a_speaker_and_a_chair(org, meeting, chair, delegate):
    waiting = ask(org, "east-delegate-1", meeting)
    ask(org, "east-delegate-2", meeting)

    with pytest.raises(FloorRefused, match="Only the speaker who has the floor"):
        floor_extend(actor=chair, request=waiting, seconds=30, reason="Why not")
    turn = floor_call_next(actor=chair, meeting=meeting)
    with pytest.raises(FloorRefused):
        floor_extend(actor=chair, request=turn, seconds=30, reason="")
    with pytest.raises(FloorRefused):
        floor_extend(actor=chair, request=turn, seconds=0, reason="Nothing")
    with pytest.raises(PermissionDenied):
        floor_extend(actor=delegate, request=turn, seconds=30, reason="Me too")
    assert not Extension.objects.exists()


# Journal and live updates


def test_every_change_is_journaled(org, meeting, chair, clock):
    ask(org, "east-delegate-1", meeting)
    turn = floor_call_next(actor=chair, meeting=meeting)
    floor_start_timer(actor=chair, meeting=meeting)
    clock.advance(10)
    floor_extend(actor=chair, request=turn, seconds=10, reason="Noise")
    floor_stop_turn(actor=chair, meeting=meeting)
    floor_set_options(actor=chair, meeting=meeting, pro_contra=True, progressive=True)
    floor_close_debate(actor=chair, meeting=meeting, agenda_item=None)

    assert list(
        JournalEntry.objects.filter(action__startswith="floor.").values_list("action", flat=True)
    ) == [
        "floor.open",
        "floor.request",
        "floor.call",
        "floor.timer_start",
        "floor.extend",
        "floor.turn_end",
        "floor.options",
        "floor.debate_close",
    ]
    assert JournalEntry.objects.get(action="floor.turn_end").summary == (
        "East Local Delegate 1 spoke for 0:10 (limit 2:10)"
    )


def test_each_change_is_published_once_after_commit(
    org, meeting, chair, monkeypatch, django_capture_on_commit_callbacks
):
    sent = []
    monkeypatch.setattr(
        "minutebook.floor.live.publish",
        lambda meeting_id, topic, **kwargs: sent.append((meeting_id, topic)),
    )
    with django_capture_on_commit_callbacks(execute=True):
        ask(org, "east-delegate-1", meeting)
    assert sent == [(meeting.pk, "speakers")]

    sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        floor_call_next(actor=chair, meeting=meeting)
    assert sent == [(meeting.pk, "speakers")]  # with the timer in its data

    sent.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(FloorRefused):
        floor_call_next(actor=chair, meeting=meeting)
    assert sent == []  # a refused change is rolled back and tells nobody
