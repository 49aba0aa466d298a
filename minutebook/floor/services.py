"""Changes to a meeting's list of speakers. Each runs in one transaction, takes the meeting's
`Floor` row lock first (so that calls, requests and the timer of one meeting happen one after
the other, while other meetings go on), journals what it changed, and has every screen
updated after commit.

Participants ask for the floor and withdraw from their own devices; the chair (see
`can_chair_meeting`) calls speakers, runs the timer, grants extensions, closes the list and
the debate, and sets the options. The floor works while the meeting is open."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from minutebook.bodies.access import member_of
from minutebook.floor.live import announce
from minutebook.floor.models import (
    DebateClosure,
    Extension,
    Floor,
    LimitChange,
    RequestKind,
    RequestStatus,
    SpeakerRequest,
    Stance,
)
from minutebook.floor.selectors import (
    charter_speaking_limit,
    floor_refusal,
    item_debate_closed,
    turn_timer,
    waiting_list,
)
from minutebook.floor.timer import clock
from minutebook.journal.services import journal_append
from minutebook.meetings.access import can_chair_meeting
from minutebook.meetings.models import AgendaItem, Meeting, MeetingStatus
from minutebook.members.models import Member

# An extension longer than this is a new speech, not more time.
MAX_EXTENSION_SECONDS = 3600


class FloorRefused(ValidationError):
    """What the rules of the floor do not allow now. The API answers it with 422."""


# Helpers


def _require_chair(actor, meeting: Meeting, doing: str) -> None:
    if not can_chair_meeting(actor, meeting):
        raise PermissionDenied(
            f"only the chair or secretary of the {meeting.body.name} or an administrator "
            f"may {doing}"
        )


def _require_open(meeting: Meeting) -> None:
    status = Meeting.objects.filter(pk=meeting.pk).values_list("status", flat=True).first()
    if status != MeetingStatus.OPEN:
        raise FloorRefused("The list of speakers works only while the meeting is open.")


def _lock_floor(*, actor, meeting: Meeting) -> Floor:
    """The meeting's floor, locked until the end of the transaction. The first change opens
    it, copying the body's speaking limit from the charter."""
    floor = Floor.objects.select_for_update(of=("self",)).filter(meeting=meeting).first()
    if floor is not None:
        return floor
    limit = charter_speaking_limit(meeting)
    try:
        with transaction.atomic():
            floor = Floor.objects.create(
                meeting=meeting,
                speaking_limit_seconds=limit,
                charter_limit_seconds=limit,
                opened_at=timezone.now(),
                opened_by=actor,
            )
    except IntegrityError:  # another request opened it first
        return Floor.objects.select_for_update(of=("self",)).get(meeting=meeting)
    journal_append(
        actor=actor,
        action="floor.open",
        obj=floor,
        summary=f"List of speakers of {meeting} opened; the charter's speaking limit is "
        f"{clock(limit)}",
        after={"speaking_limit_seconds": limit},
    )
    return floor


def _changed(floor: Floor, *, timer: bool = False) -> None:
    floor.revision += 1
    floor.save(update_fields=["revision"])
    announce(floor.meeting_id, timer=timer)


def _same_item(agenda_item: AgendaItem | None) -> Q:
    if agenda_item is None:
        return Q(agenda_item__isnull=True)
    return Q(agenda_item=agenda_item)


def _item_of(meeting: Meeting, agenda_item: AgendaItem | None) -> AgendaItem | None:
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise FloorRefused({"agenda_item": "That item is not on this meeting's agenda."})
    return agenda_item


def _item_words(agenda_item: AgendaItem | None) -> str:
    return f"item {agenda_item}" if agenda_item is not None else "the meeting (no agenda item)"


def _locked_turn(meeting: Meeting) -> SpeakerRequest:
    turn = (
        SpeakerRequest.objects.select_for_update(of=("self",))
        .filter(meeting=meeting, status=RequestStatus.SPEAKING)
        .select_related("member")
        .first()
    )
    if turn is None:
        raise FloorRefused("Nobody has the floor.")
    return turn


def _turn_state(turn: SpeakerRequest) -> dict:
    return {
        "status": turn.status,
        "timer_elapsed": turn.timer_elapsed.total_seconds(),
        "timer_running": turn.timer_running_since is not None,
    }


def _end_turn(*, actor, turn: SpeakerRequest, now: dt.datetime) -> SpeakerRequest:
    timer = turn_timer(turn).paused_at(now)
    before = _turn_state(turn)
    turn.status = RequestStatus.SPOKE
    turn.timer_elapsed = timer.elapsed_before
    turn.timer_running_since = None
    turn.time_spoken = timer.elapsed_before
    turn.ended_at = now
    turn.ended_by = actor
    turn.save()
    journal_append(
        actor=actor,
        action="floor.turn_end",
        obj=turn,
        summary=f"{turn.member} spoke for {clock(turn.time_spoken)} "
        f"(limit {clock(timer.limit_seconds)})",
        before=before,
        after={**_turn_state(turn), "time_spoken": turn.time_spoken.total_seconds()},
    )
    return turn


# Opening


@transaction.atomic
def floor_open(*, actor, meeting: Meeting) -> Floor:
    """Open the meeting's list of speakers now (it also opens with the first change)."""
    _require_chair(actor, meeting, "open the list of speakers")
    _require_open(meeting)
    return _lock_floor(actor=actor, meeting=meeting)


# Participants


@transaction.atomic
def floor_request(
    *,
    actor,
    meeting: Meeting,
    kind: str,
    stance: str = Stance.NONE,
    agenda_item: AgendaItem | None = None,
    member: Member | None = None,
) -> SpeakerRequest:
    """Ask for the floor, for a speech or on a point of order, on the item under debate (or on
    `agenda_item`). Only seat holders present may ask (see `floor_refusal`). The chair may put
    another present seat holder on the list (`member`), e.g. someone without a device.

    A closed list refuses speeches on the item under debate; points of order are always
    heard. A point of order takes no side."""
    if kind not in RequestKind.values:
        raise FloorRefused({"kind": f"Unknown kind of request '{kind}'."})
    if stance not in Stance.values:
        raise FloorRefused({"stance": f"Unknown stance '{stance}'."})
    if kind == RequestKind.POINT_OF_ORDER:
        stance = Stance.NONE
    own = member_of(actor)
    if member is None:
        member = own
    elif own is None or member.pk != own.pk:
        _require_chair(actor, meeting, "put someone else on the list of speakers")
    _require_open(meeting)
    floor = _lock_floor(actor=actor, meeting=meeting)
    refusal = floor_refusal(meeting, member)
    if refusal:
        raise FloorRefused(refusal)
    item = _item_of(meeting, agenda_item) if agenda_item is not None else floor.agenda_item
    under_debate = (item.pk if item else None) == floor.agenda_item_id
    if kind == RequestKind.SPEECH:
        if under_debate and floor.list_closed:
            raise FloorRefused("The list of speakers is closed; only points of order are heard.")
        if not under_debate and item_debate_closed(meeting, item):
            raise FloorRefused(f"The debate on {_item_words(item)} was closed.")
    already = SpeakerRequest.objects.filter(
        _same_item(item), meeting=meeting, member=member, kind=kind, status=RequestStatus.WAITING
    )
    taken = "You are" if own is not None and own.pk == member.pk else f"{member} is"
    duplicate = f"{taken} already waiting for {RequestKind(kind).label.lower()} on this item."
    if already.exists():
        raise FloorRefused(duplicate)
    try:
        with transaction.atomic():
            request = SpeakerRequest.objects.create(
                meeting=meeting,
                agenda_item=item,
                member=member,
                kind=kind,
                stance=stance,
                requested_at=timezone.now(),
                requested_by=actor,
            )
    except IntegrityError:  # the same request twice at once
        raise FloorRefused(duplicate) from None
    side = f", {Stance(stance).label.lower()}" if stance != Stance.NONE else ""
    journal_append(
        actor=actor,
        action="floor.request",
        obj=request,
        summary=f"{member} asked for the floor ({RequestKind(kind).label.lower()}{side}) "
        f"on {_item_words(item)}",
        after={"kind": kind, "stance": stance, "status": request.status},
    )
    _changed(floor)
    return request


@transaction.atomic
def floor_withdraw(*, actor, request: SpeakerRequest) -> SpeakerRequest:
    """Take a waiting request off the list: the member themselves, or the chair (a removal,
    e.g. of someone who left)."""
    meeting = Meeting.objects.select_related("body").get(pk=request.meeting_id)
    own = member_of(actor)
    by_member = own is not None and own.pk == request.member_id
    if not by_member:
        _require_chair(actor, meeting, "take someone else off the list of speakers")
    floor = _lock_floor(actor=actor, meeting=meeting)
    request = (
        SpeakerRequest.objects.select_for_update(of=("self",))
        .select_related("member")
        .get(pk=request.pk)
    )
    if request.status != RequestStatus.WAITING:
        raise FloorRefused("Only a request that is still waiting can be withdrawn.")
    request.status = RequestStatus.WITHDRAWN
    request.ended_at = timezone.now()
    request.ended_by = actor
    request.save(update_fields=["status", "ended_at", "ended_by"])
    journal_append(
        actor=actor,
        action="floor.withdraw",
        obj=request,
        summary=f"{request.member} withdrew their request for the floor"
        if by_member
        else f"{request.member} was taken off the list of speakers by the chair",
        before={"status": RequestStatus.WAITING},
        after={"status": request.status},
    )
    _changed(floor)
    return request


# The chair


@transaction.atomic
def floor_call_next(*, actor, meeting: Meeting) -> SpeakerRequest:
    """Give the floor to the first of the waiting list (see `minutebook.floor.order`). Refused
    while someone speaks: two chairs pressing "call next" at once call one speaker, not two.
    The turn's limit is the meeting's limit now; the timer waits for the chair to start it."""
    _require_chair(actor, meeting, "call speakers")
    _require_open(meeting)
    floor = _lock_floor(actor=actor, meeting=meeting)
    speaking = (
        SpeakerRequest.objects.filter(meeting=meeting, status=RequestStatus.SPEAKING)
        .select_related("member")
        .first()
    )
    if speaking is not None:
        raise FloorRefused(f"{speaking.member} still has the floor: end their turn first.")
    waiting = list(
        SpeakerRequest.objects.select_for_update(of=("self",))
        .filter(_same_item(floor.agenda_item), meeting=meeting, status=RequestStatus.WAITING)
        .select_related("member")
    )
    if not waiting:
        raise FloorRefused("Nobody is waiting to speak.")
    first = waiting_list(meeting, floor, waiting)[0]
    turn = first.request
    turn.status = RequestStatus.SPEAKING
    turn.called_at = timezone.now()
    turn.called_by = actor
    turn.call_reason = first.reason[:300]
    turn.limit_seconds = floor.speaking_limit_seconds
    try:
        with transaction.atomic():
            turn.save()
    except IntegrityError:  # the database's own guard: one speaker per meeting
        raise FloorRefused("Someone else was given the floor at the same moment.") from None
    journal_append(
        actor=actor,
        action="floor.call",
        obj=turn,
        summary=f"{turn.member} was given the floor ({turn.get_kind_display().lower()}): "
        f"{first.reason}",
        before={"status": RequestStatus.WAITING},
        after={"status": turn.status, "limit_seconds": turn.limit_seconds},
    )
    _changed(floor, timer=True)
    return turn


@transaction.atomic
def floor_start_timer(*, actor, meeting: Meeting) -> SpeakerRequest:
    """Start (or resume) the current speaker's timer."""
    _require_chair(actor, meeting, "run the timer")
    _require_open(meeting)
    floor = _lock_floor(actor=actor, meeting=meeting)
    turn = _locked_turn(meeting)
    if turn.timer_running_since is not None:
        raise FloorRefused("The timer is already running.")
    before = _turn_state(turn)
    now = timezone.now()
    turn.timer_running_since = now
    turn.started_at = turn.started_at or now
    turn.save(update_fields=["timer_running_since", "started_at"])
    journal_append(
        actor=actor,
        action="floor.timer_start",
        obj=turn,
        summary=f"Timer started for {turn.member} at {clock(turn.timer_elapsed)}",
        before=before,
        after=_turn_state(turn),
    )
    _changed(floor, timer=True)
    return turn


@transaction.atomic
def floor_pause_timer(*, actor, meeting: Meeting) -> SpeakerRequest:
    """Pause the current speaker's timer, keeping the time counted so far."""
    _require_chair(actor, meeting, "run the timer")
    _require_open(meeting)
    floor = _lock_floor(actor=actor, meeting=meeting)
    turn = _locked_turn(meeting)
    if turn.timer_running_since is None:
        raise FloorRefused("The timer is not running.")
    before = _turn_state(turn)
    paused = turn_timer(turn).paused_at(timezone.now())
    turn.timer_elapsed = paused.elapsed_before
    turn.timer_running_since = None
    turn.save(update_fields=["timer_elapsed", "timer_running_since"])
    journal_append(
        actor=actor,
        action="floor.timer_pause",
        obj=turn,
        summary=f"Timer paused for {turn.member} at {clock(turn.timer_elapsed)}",
        before=before,
        after=_turn_state(turn),
    )
    _changed(floor, timer=True)
    return turn


@transaction.atomic
def floor_stop_turn(*, actor, meeting: Meeting) -> SpeakerRequest:
    """End the current turn, recording the time spoken (the timer's count)."""
    _require_chair(actor, meeting, "end a speaker's turn")
    _require_open(meeting)
    floor = _lock_floor(actor=actor, meeting=meeting)
    turn = _end_turn(actor=actor, turn=_locked_turn(meeting), now=timezone.now())
    _changed(floor, timer=True)
    return turn


@transaction.atomic
def floor_extend(*, actor, request: SpeakerRequest, seconds: int, reason: str) -> Extension:
    """Give the current speaker more time, recorded with who granted it and why."""
    meeting = Meeting.objects.select_related("body").get(pk=request.meeting_id)
    _require_chair(actor, meeting, "grant more speaking time")
    reason = (reason or "").strip()
    if not reason:
        raise FloorRefused({"reason": "Say why the speaker gets more time."})
    if not 1 <= seconds <= MAX_EXTENSION_SECONDS:
        raise FloorRefused(
            {"seconds": f"An extension is between 1 and {MAX_EXTENSION_SECONDS} seconds."}
        )
    _require_open(meeting)
    floor = _lock_floor(actor=actor, meeting=meeting)
    turn = (
        SpeakerRequest.objects.select_for_update(of=("self",))
        .select_related("member")
        .get(pk=request.pk)
    )
    if turn.status != RequestStatus.SPEAKING:
        raise FloorRefused("Only the speaker who has the floor can be given more time.")
    extension = Extension.objects.create(
        request=turn, seconds=seconds, granted_by=actor, granted_at=timezone.now(), reason=reason
    )
    journal_append(
        actor=actor,
        action="floor.extend",
        obj=turn,
        summary=f"{turn.member} was given {clock(seconds)} more: {reason}",
        after={
            "seconds": seconds,
            "reason": reason,
            "limit_seconds": turn_timer(turn).limit_seconds,
        },
    )
    _changed(floor, timer=True)
    return extension


def _set_list_closed(*, actor, meeting: Meeting, closed: bool) -> Floor:
    _require_chair(actor, meeting, "close or reopen the list of speakers")
    _require_open(meeting)
    floor = _lock_floor(actor=actor, meeting=meeting)
    if floor.list_closed == closed:
        raise FloorRefused(f"The list of speakers is already {'closed' if closed else 'open'}.")
    floor.list_closed = closed
    floor.save(update_fields=["list_closed"])
    journal_append(
        actor=actor,
        action="floor.list_close" if closed else "floor.list_reopen",
        obj=floor,
        summary=f"List of speakers {'closed' if closed else 'reopened'} on "
        f"{_item_words(floor.agenda_item)}",
        before={"list_closed": not closed},
        after={"list_closed": closed},
    )
    _changed(floor)
    return floor


@transaction.atomic
def floor_close_list(*, actor, meeting: Meeting) -> Floor:
    """No new speeches on the item under debate; those waiting still speak, and points of
    order are still heard."""
    return _set_list_closed(actor=actor, meeting=meeting, closed=True)


@transaction.atomic
def floor_reopen_list(*, actor, meeting: Meeting) -> Floor:
    return _set_list_closed(actor=actor, meeting=meeting, closed=False)


@transaction.atomic
def floor_close_debate(*, actor, meeting: Meeting, agenda_item: AgendaItem | None) -> DebateClosure:
    """Close the debate on an item: the speaker on it (if any) ends their turn, and everyone
    still waiting is recorded, by name, as not called. The list of the item stays closed."""
    _require_chair(actor, meeting, "close the debate")
    _require_open(meeting)
    item = _item_of(meeting, agenda_item)
    floor = _lock_floor(actor=actor, meeting=meeting)
    now = timezone.now()
    turn = (
        SpeakerRequest.objects.select_for_update(of=("self",))
        .filter(_same_item(item), meeting=meeting, status=RequestStatus.SPEAKING)
        .select_related("member")
        .first()
    )
    if turn is not None:
        _end_turn(actor=actor, turn=turn, now=now)
    under_debate = floor.agenda_item_id == (item.pk if item else None)
    locked = list(
        SpeakerRequest.objects.select_for_update(of=("self",))
        .filter(_same_item(item), meeting=meeting, status=RequestStatus.WAITING)
        .select_related("member")
    )
    # The record names them in the order they would have been called (for an item not under
    # debate, without the options, which belong to the debate going on).
    waiting = waiting_list(meeting, floor if under_debate else None, locked)
    closure = DebateClosure.objects.create(
        meeting=meeting, agenda_item=item, closed_by=actor, closed_at=now
    )
    for entry in waiting:
        entry.request.status = RequestStatus.NOT_CALLED
        entry.request.ended_at = now
        entry.request.ended_by = actor
        entry.request.debate_closure = closure
        entry.request.save(update_fields=["status", "ended_at", "ended_by", "debate_closure"])
    if under_debate:
        floor.list_closed = True
        floor.save(update_fields=["list_closed"])
    names = [
        f"{entry.request.member}"
        + (" (point of order)" if entry.request.kind == RequestKind.POINT_OF_ORDER else "")
        for entry in waiting
    ]
    journal_append(
        actor=actor,
        action="floor.debate_close",
        obj=closure,
        summary=f"Debate closed on {_item_words(item)}; "
        + (f"still waiting, not called: {', '.join(names)}" if names else "nobody was waiting"),
        after={"not_called": [entry.request.member.membership_number for entry in waiting]},
    )
    _changed(floor, timer=turn is not None)
    return closure


@transaction.atomic
def floor_set_options(*, actor, meeting: Meeting, pro_contra: bool, progressive: bool) -> Floor:
    """Pro/contra alternation (the debate on a motion) and the progressive list."""
    _require_chair(actor, meeting, "change how speakers are ordered")
    _require_open(meeting)
    floor = _lock_floor(actor=actor, meeting=meeting)
    before = {"pro_contra": floor.pro_contra, "progressive": floor.progressive}
    after = {"pro_contra": bool(pro_contra), "progressive": bool(progressive)}
    if before == after:
        return floor
    floor.pro_contra, floor.progressive = after["pro_contra"], after["progressive"]
    floor.save(update_fields=["pro_contra", "progressive"])
    words = {True: "on", False: "off"}
    journal_append(
        actor=actor,
        action="floor.options",
        obj=floor,
        summary=f"Speaking order: pro/contra alternation {words[floor.pro_contra]}, "
        f"progressive list {words[floor.progressive]}",
        before=before,
        after=after,
    )
    _changed(floor)
    return floor


@transaction.atomic
def floor_change_limit(*, actor, meeting: Meeting, seconds: int, reason: str) -> LimitChange:
    """Change the meeting's speaking limit, for everyone called from now on, with a reason.
    It stays one limit for every speaker."""
    _require_chair(actor, meeting, "change the speaking limit")
    reason = (reason or "").strip()
    if not reason:
        raise FloorRefused({"reason": "Say why the speaking limit changes."})
    if seconds < 1:
        raise FloorRefused({"seconds": "The speaking limit is at least one second."})
    _require_open(meeting)
    floor = _lock_floor(actor=actor, meeting=meeting)
    if seconds == floor.speaking_limit_seconds:
        raise FloorRefused({"seconds": f"The speaking limit is already {clock(seconds)}."})
    change = LimitChange.objects.create(
        floor=floor,
        seconds_before=floor.speaking_limit_seconds,
        seconds_after=seconds,
        reason=reason,
        changed_by=actor,
        changed_at=timezone.now(),
    )
    floor.speaking_limit_seconds = seconds
    floor.save(update_fields=["speaking_limit_seconds"])
    journal_append(
        actor=actor,
        action="floor.limit",
        obj=floor,
        summary=f"Speaking limit changed from {clock(change.seconds_before)} to "
        f"{clock(seconds)}: {reason}",
        before={"speaking_limit_seconds": change.seconds_before},
        after={"speaking_limit_seconds": seconds, "reason": reason},
    )
    _changed(floor)
    return change


@transaction.atomic
def floor_set_item(*, actor, meeting: Meeting, agenda_item: AgendaItem | None) -> Floor:
    """Move the list to another item. Its list is open unless its debate was closed."""
    _require_chair(actor, meeting, "move the debate to another item")
    _require_open(meeting)
    item = _item_of(meeting, agenda_item)
    floor = _lock_floor(actor=actor, meeting=meeting)
    if floor.agenda_item_id == (item.pk if item else None):
        return floor
    speaking = SpeakerRequest.objects.filter(meeting=meeting, status=RequestStatus.SPEAKING)
    if speaking.exists():
        raise FloorRefused("Someone still has the floor: end their turn first.")
    before = {"agenda_item": floor.agenda_item_id, "list_closed": floor.list_closed}
    floor.agenda_item = item
    floor.list_closed = item_debate_closed(meeting, item)
    floor.save(update_fields=["agenda_item", "list_closed"])
    journal_append(
        actor=actor,
        action="floor.item",
        obj=floor,
        summary=f"The debate moves to {_item_words(item)}",
        before=before,
        after={"agenda_item": floor.agenda_item_id, "list_closed": floor.list_closed},
    )
    _changed(floor)
    return floor


@transaction.atomic
def floor_finish(*, actor, meeting: Meeting) -> list[DebateClosure]:
    """Wind the floor up as the meeting closes: the current turn ends and the debate closes
    on every item where someone still waits. For the service that closes a meeting."""
    _require_chair(actor, meeting, "close the debate")
    _require_open(meeting)
    floor = _lock_floor(actor=actor, meeting=meeting)
    turn = (
        SpeakerRequest.objects.select_for_update(of=("self",))
        .filter(meeting=meeting, status=RequestStatus.SPEAKING)
        .select_related("member")
        .first()
    )
    if turn is not None:
        _end_turn(actor=actor, turn=turn, now=timezone.now())
        _changed(floor, timer=True)
    item_ids = set(
        SpeakerRequest.objects.filter(meeting=meeting, status=RequestStatus.WAITING).values_list(
            "agenda_item", flat=True
        )
    )
    items = AgendaItem.objects.in_bulk([pk for pk in item_ids if pk is not None])
    return [
        floor_close_debate(actor=actor, meeting=meeting, agenda_item=items.get(pk) if pk else None)
        for pk in sorted(item_ids, key=lambda pk: (pk is not None, pk or 0))
    ]
