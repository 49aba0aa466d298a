"""The list of speakers of a meeting: read it, ask for the floor and withdraw, run it as the
chair, and the speaking statistics. Writes go through the same services as the pages."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Field, Router, Schema, Status

from minutebook.api.errors import ErrorOut, unknown
from minutebook.api.routers.bodies import MemberRefOut
from minutebook.floor.access import (
    body_speaking_for_viewer,
    floor_meeting_for_viewer,
    request_for_viewer,
)
from minutebook.floor.live import epoch, kept_from
from minutebook.floor.models import DebateClosure, RequestKind, SpeakerRequest, Stance
from minutebook.floor.selectors import FloorState, floor_state
from minutebook.floor.services import (
    MAX_EXTENSION_SECONDS,
    FloorRefused,
    floor_call_next,
    floor_change_limit,
    floor_close_debate,
    floor_close_list,
    floor_extend,
    floor_pause_timer,
    floor_reopen_list,
    floor_request,
    floor_set_item,
    floor_set_options,
    floor_start_timer,
    floor_stop_turn,
    floor_withdraw,
)
from minutebook.floor.statistics import (
    SpeakingStatistics,
    body_speaking_statistics,
    meeting_speaking_statistics,
)
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.members.models import Member

router = Router(tags=["list of speakers"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {**ERRORS, 422: ErrorOut}


class AgendaItemRefOut(Schema):
    id: int
    position: int
    title: str


class TimerOut(Schema):
    limit_seconds: int
    elapsed_seconds: float = Field(description="counted before the timer last started")
    running_since: float | None = Field(description="epoch seconds; null while paused")
    running: bool
    remaining_seconds: float = Field(description="at the moment of the answer; negative if over")


class ExtensionOut(Schema):
    seconds: int
    granted_by: str
    granted_at: dt.datetime
    reason: str


class RequestOut(Schema):
    id: int
    member: MemberRefOut
    kind: RequestKind
    stance: Stance
    status: str
    agenda_item: AgendaItemRefOut | None
    requested_at: dt.datetime
    called_at: dt.datetime | None
    call_reason: str
    limit_seconds: int | None
    time_spoken_seconds: float | None
    extensions: list[ExtensionOut]


class WaitingOut(Schema):
    position: int
    reason: str
    rules: list[str] = Field(
        description="point_of_order, progressive_first, progressive_again, alternation, "
        "alternation_none_waiting, first_come"
    )
    request: RequestOut


class CurrentOut(Schema):
    request: RequestOut
    role: str
    timer: TimerOut


class FloorOut(Schema):
    meeting: int
    opened: bool
    revision: int
    agenda_item: AgendaItemRefOut | None
    speaking_limit_seconds: int
    charter_limit_seconds: int
    pro_contra: bool
    progressive: bool
    list_closed: bool
    current: CurrentOut | None
    waiting: list[WaitingOut]
    closed_session: bool = Field(
        False,
        description="the item under debate is taken in closed session and the reader may not "
        "read it: `current` and `waiting` are then empty",
    )


class AskIn(Schema):
    kind: RequestKind = RequestKind.SPEECH
    stance: Stance = Stance.NONE
    agenda_item: int | None = Field(None, description="id of the item; default: under debate")
    member: str | None = Field(
        None, description="membership number, for the chair putting someone else on the list"
    )


class ExtendIn(Schema):
    seconds: int = Field(ge=1, le=MAX_EXTENSION_SECONDS)
    reason: str


class LimitIn(Schema):
    seconds: int = Field(ge=1)
    reason: str


class OptionsIn(Schema):
    pro_contra: bool | None = None
    progressive: bool | None = None


class ItemIn(Schema):
    agenda_item: int | None = Field(None, description="id of the item; null for none")


class DebateClosureOut(Schema):
    agenda_item: AgendaItemRefOut | None
    closed_by: str
    closed_at: dt.datetime
    not_called: list[MemberRefOut]


class PersonOut(Schema):
    member: MemberRefOut
    leading: bool
    speeches: int
    points_of_order: int
    seconds: float
    extension_seconds: int


class RoleOut(Schema):
    label: str
    leading: bool
    people: int
    turns: int
    seconds: float
    share: float


class GrantOut(Schema):
    granted_by: str
    granted_to: MemberRefOut
    extensions: int
    seconds: int


class ExtensionGrantedOut(Schema):
    granted_by: str
    granted_to: MemberRefOut
    seconds: int
    reason: str
    granted_at: dt.datetime
    meeting: int
    agenda_item: int | None


class StatisticsOut(Schema):
    meetings: int
    turns: int
    seconds: float
    asked: int
    called: int
    never_called: int
    never_called_members: list[MemberRefOut]
    withdrew: list[MemberRefOut]
    by_role: list[RoleOut]
    by_person: list[PersonOut]
    grants: list[GrantOut]
    extensions: list[ExtensionGrantedOut]


# Shapes


def _person(user) -> str:
    member = getattr(user, "member", None)
    return member.full_name if member is not None else user.get_username()


def _item_out(item: AgendaItem | None) -> dict | None:
    return None if item is None else {"id": item.pk, "position": item.position, "title": item.title}


def _request_out(request: SpeakerRequest) -> dict:
    return {
        "id": request.pk,
        "member": request.member,
        "kind": request.kind,
        "stance": request.stance,
        "status": request.status,
        "agenda_item": _item_out(request.agenda_item),
        "requested_at": request.requested_at,
        "called_at": request.called_at,
        "call_reason": request.call_reason,
        "limit_seconds": request.limit_seconds,
        "time_spoken_seconds": request.time_spoken.total_seconds()
        if request.time_spoken is not None
        else None,
        "extensions": [
            {
                "seconds": extension.seconds,
                "granted_by": _person(extension.granted_by),
                "granted_at": extension.granted_at,
                "reason": extension.reason,
            }
            for extension in request.extensions.select_related("granted_by__member")
        ],
    }


def _fresh_request(pk: int) -> dict:
    return _request_out(SpeakerRequest.objects.select_related("member", "agenda_item").get(pk=pk))


def _floor_out(state: FloorState) -> dict:
    current = None
    if state.current is not None and state.current_timer is not None:
        timer = state.current_timer
        current = {
            "request": _request_out(state.current),
            "role": state.current_role,
            "timer": {
                "limit_seconds": timer.limit_seconds,
                "elapsed_seconds": timer.elapsed_before.total_seconds(),
                "running_since": epoch(timer.running_since),
                "running": timer.running,
                "remaining_seconds": timer.remaining(timezone.now()).total_seconds(),
            },
        }
    return {
        "meeting": state.meeting.pk,
        "opened": state.floor is not None,
        "revision": state.revision,
        "agenda_item": _item_out(state.agenda_item),
        "speaking_limit_seconds": state.limit_seconds,
        "charter_limit_seconds": state.charter_limit_seconds,
        "pro_contra": state.pro_contra,
        "progressive": state.progressive,
        "list_closed": state.list_closed,
        "current": current,
        "waiting": [
            {
                "position": entry.position,
                "reason": entry.reason,
                "rules": list(entry.rules),
                "request": _request_out(entry.request),
            }
            for entry in state.waiting
        ],
    }


def _statistics_out(stats: SpeakingStatistics) -> dict:
    return {
        "meetings": stats.meetings,
        "turns": stats.turns,
        "seconds": stats.seconds,
        "asked": stats.asked,
        "called": stats.called,
        "never_called": len(stats.never_called),
        "never_called_members": stats.never_called,
        "withdrew": stats.withdrew,
        "by_role": [
            {
                "label": role.label,
                "leading": role.leading,
                "people": role.people,
                "turns": role.turns,
                "seconds": role.seconds,
                "share": role.share,
            }
            for role in stats.roles
        ],
        "by_person": [
            {
                "member": person.member,
                "leading": person.leading,
                "speeches": person.speeches,
                "points_of_order": person.points_of_order,
                "seconds": person.seconds,
                "extension_seconds": person.extension_seconds,
            }
            for person in stats.people
        ],
        "grants": [
            {
                "granted_by": grant.granted_by,
                "granted_to": grant.granted_to,
                "extensions": grant.extensions,
                "seconds": grant.seconds,
            }
            for grant in stats.grants
        ],
        "extensions": [
            {
                "granted_by": extension.granted_by,
                "granted_to": extension.granted_to,
                "seconds": extension.seconds,
                "reason": extension.reason,
                "granted_at": extension.granted_at,
                "meeting": extension.meeting.pk,
                "agenda_item": extension.agenda_item.pk if extension.agenda_item else None,
            }
            for extension in stats.extensions
        ],
    }


def _named_item(meeting: Meeting, field: str, item_id: int | None) -> AgendaItem | None:
    if item_id is None:
        return None
    item = AgendaItem.objects.filter(meeting=meeting, pk=item_id).first()
    if item is None:
        raise unknown(field, f"no item {item_id} on this meeting's agenda")
    return item


def _named_member(field: str, number: str | None) -> Member | None:
    if not number:
        return None
    member = Member.objects.filter(membership_number=number).first()
    if member is None:
        raise unknown(field, f"no member {number}")
    return member


def _state(request, meeting_id: int) -> dict:
    state = floor_state(floor_meeting_for_viewer(request.auth, meeting_id))
    out = _floor_out(state)
    if kept_from(request.auth, state):
        out.update(current=None, waiting=[], closed_session=True)
    return out


def _on_floor(request, meeting_id: int, act) -> dict:
    """Run one of the chair's actions, `act(meeting)`, on the meeting's floor; answer with the
    floor as it now stands."""
    act(floor_meeting_for_viewer(request.auth, meeting_id))
    return _state(request, meeting_id)


# Reading


@router.get(
    "/meetings/{meeting_id}/speakers",
    response={200: FloorOut, **ERRORS},
    summary="The list of speakers: current speaker and timer, the waiting in order, with reasons",
)
def speakers_get(request, meeting_id: int):
    return _state(request, meeting_id)


@router.get(
    "/meetings/{meeting_id}/speakers/statistics",
    response={200: StatisticsOut, **ERRORS},
    summary="Speaking time at a meeting by person and role; who was never called",
)
def speakers_statistics(request, meeting_id: int):
    meeting = floor_meeting_for_viewer(request.auth, meeting_id)
    return _statistics_out(meeting_speaking_statistics(meeting))


@router.get(
    "/bodies/{slug}/speaking",
    response={200: StatisticsOut, **ERRORS},
    summary="Speaking time at all the meetings of a body",
)
def body_speaking(request, slug: str):
    return _statistics_out(body_speaking_statistics(body_speaking_for_viewer(request.auth, slug)))


# Participants


@router.post(
    "/meetings/{meeting_id}/speakers",
    response={201: RequestOut, **WRITE_ERRORS},
    summary="Ask for the floor (a speech or a point of order)",
)
def speakers_ask(request, meeting_id: int, payload: AskIn):
    meeting = floor_meeting_for_viewer(request.auth, meeting_id)
    created = floor_request(
        actor=request.auth,
        meeting=meeting,
        kind=payload.kind,
        stance=payload.stance,
        agenda_item=_named_item(meeting, "agenda_item", payload.agenda_item),
        member=_named_member("member", payload.member),
    )
    return Status(201, _fresh_request(created.pk))


@router.post(
    "/meetings/{meeting_id}/speakers/{request_id}/withdraw",
    response={200: RequestOut, **WRITE_ERRORS},
    summary="Withdraw a request (your own; the chair: anyone's)",
)
def speakers_withdraw(request, meeting_id: int, request_id: int):
    speaker_request = request_for_viewer(request.auth, meeting_id, request_id)
    floor_withdraw(actor=request.auth, request=speaker_request)
    return _fresh_request(speaker_request.pk)


# The chair


def _chair_action(name: str, path: str, service, summary: str, *, answer_request=False):
    """A chair's action on the floor that takes no input: POST `path` runs
    `service(actor, meeting)` and answers with the floor as it now stands, or with the request
    the service returns (the speaker called, the turn ended). `name` names the operation in the
    schema and the URL."""

    def endpoint(request, meeting_id: int):
        if not answer_request:
            return _on_floor(request, meeting_id, lambda m: service(actor=request.auth, meeting=m))
        meeting = floor_meeting_for_viewer(request.auth, meeting_id)
        return _fresh_request(service(actor=request.auth, meeting=meeting).pk)

    endpoint.__name__ = endpoint.__qualname__ = name
    out = RequestOut if answer_request else FloorOut
    return router.post(path, response={200: out, **WRITE_ERRORS}, summary=summary)(endpoint)


floor_call = _chair_action(
    "floor_call",
    "/meetings/{meeting_id}/floor/call-next",
    floor_call_next,
    "Give the floor to the next speaker",
    answer_request=True,
)
floor_timer_start = _chair_action(
    "floor_timer_start",
    "/meetings/{meeting_id}/floor/timer/start",
    floor_start_timer,
    "Start or resume the speaker's timer",
)
floor_timer_pause = _chair_action(
    "floor_timer_pause",
    "/meetings/{meeting_id}/floor/timer/pause",
    floor_pause_timer,
    "Pause the speaker's timer",
)
floor_turn_end = _chair_action(
    "floor_turn_end",
    "/meetings/{meeting_id}/floor/turn/end",
    floor_stop_turn,
    "End the current turn, recording the time spoken",
    answer_request=True,
)


@router.post(
    "/meetings/{meeting_id}/floor/extend",
    response={201: ExtensionOut, **WRITE_ERRORS},
    summary="Give the current speaker more time, with a reason",
)
def floor_extend_turn(request, meeting_id: int, payload: ExtendIn):
    meeting = floor_meeting_for_viewer(request.auth, meeting_id)
    state = floor_state(meeting)
    if state.current is None:
        raise FloorRefused("Nobody has the floor.")
    extension = floor_extend(
        actor=request.auth, request=state.current, seconds=payload.seconds, reason=payload.reason
    )
    return Status(
        201,
        {
            "seconds": extension.seconds,
            "granted_by": _person(extension.granted_by),
            "granted_at": extension.granted_at,
            "reason": extension.reason,
        },
    )


floor_list_close = _chair_action(
    "floor_list_close",
    "/meetings/{meeting_id}/floor/list/close",
    floor_close_list,
    "Close the list: no new speeches, points of order still heard",
)
floor_list_reopen = _chair_action(
    "floor_list_reopen",
    "/meetings/{meeting_id}/floor/list/reopen",
    floor_reopen_list,
    "Reopen the list",
)


@router.post(
    "/meetings/{meeting_id}/floor/debate/close",
    response={200: DebateClosureOut, **WRITE_ERRORS},
    summary="Close the debate on an item; those still waiting are recorded as not called",
)
def floor_debate_close(request, meeting_id: int, payload: ItemIn):
    meeting = floor_meeting_for_viewer(request.auth, meeting_id)
    closure = floor_close_debate(
        actor=request.auth,
        meeting=meeting,
        agenda_item=_named_item(meeting, "agenda_item", payload.agenda_item),
    )
    closure = DebateClosure.objects.select_related("agenda_item", "closed_by__member").get(
        pk=closure.pk
    )
    return {
        "agenda_item": _item_out(closure.agenda_item),
        "closed_by": _person(closure.closed_by),
        "closed_at": closure.closed_at,
        "not_called": [r.member for r in closure.not_called.select_related("member")],
    }


@router.post(
    "/meetings/{meeting_id}/floor/options",
    response={200: FloorOut, **WRITE_ERRORS},
    summary="Pro/contra alternation and the progressive list (omitted: unchanged)",
)
def floor_options(request, meeting_id: int, payload: OptionsIn):
    def act(meeting):
        state = floor_state(meeting)
        floor_set_options(
            actor=request.auth,
            meeting=meeting,
            pro_contra=state.pro_contra if payload.pro_contra is None else payload.pro_contra,
            progressive=state.progressive if payload.progressive is None else payload.progressive,
        )

    return _on_floor(request, meeting_id, act)


@router.post(
    "/meetings/{meeting_id}/floor/limit",
    response={200: FloorOut, **WRITE_ERRORS},
    summary="Change the speaking limit for everyone called from now on, with a reason",
)
def floor_limit(request, meeting_id: int, payload: LimitIn):
    return _on_floor(
        request,
        meeting_id,
        lambda meeting: floor_change_limit(
            actor=request.auth, meeting=meeting, seconds=payload.seconds, reason=payload.reason
        ),
    )


@router.post(
    "/meetings/{meeting_id}/floor/item",
    response={200: FloorOut, **WRITE_ERRORS},
    summary="Move the debate to another agenda item (null: none)",
)
def floor_item(request, meeting_id: int, payload: ItemIn):
    return _on_floor(
        request,
        meeting_id,
        lambda meeting: floor_set_item(
            actor=request.auth,
            meeting=meeting,
            agenda_item=_named_item(meeting, "agenda_item", payload.agenda_item),
        ),
    )
