"""Reads about a meeting's floor: the waiting list in order with the reason for each place, the
current turn and its timer, who may ask for the floor, and how speakers are described."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from minutebook.bodies.models import Seat
from minutebook.charter.models import CharterVersion
from minutebook.charter.selectors import NoCharter, charter_in_force, parsed_charter
from minutebook.charter.spec import DEFAULT_SPEAKING_LIMIT_SECONDS, Charter
from minutebook.floor.models import (
    DebateClosure,
    Extension,
    Floor,
    RequestKind,
    RequestStatus,
    SpeakerRequest,
    Stance,
)
from minutebook.floor.order import Candidate, Placed, speaking_order
from minutebook.floor.timer import TimerState
from minutebook.meetings.models import AgendaItem, Meeting, MeetingStatus
from minutebook.meetings.seat_rights import non_voting_holders, with_voice
from minutebook.meetings.selectors import meeting_day, present_attendance, seat_holders
from minutebook.members.models import Member

CALLED = (RequestStatus.SPEAKING, RequestStatus.SPOKE)


# The charter


def charter_at(moment: dt.datetime) -> Charter:
    """The charter as it stood at `moment` (the version in force then), or the one in force
    now for a moment before the founding charter was installed."""
    version = (
        CharterVersion.objects.defer("source_text")
        .filter(in_force_from__lte=moment)
        .order_by("-number")
        .first()
    )
    return parsed_charter(version) if version is not None else charter_in_force()


def charter_speaking_limit(meeting: Meeting) -> int:
    """The body's speaking limit in the charter; the default for a body it does not define."""
    if not meeting.body.chartered:
        return DEFAULT_SPEAKING_LIMIT_SECONDS
    try:
        return charter_in_force().body(meeting.body.definition).speaking_limit_seconds
    except (KeyError, NoCharter):
        return DEFAULT_SPEAKING_LIMIT_SECONDS


def leading_definitions(moment: dt.datetime) -> set[str]:
    """The charter ids of the leading bodies at `moment`."""
    try:
        charter = charter_at(moment)
    except NoCharter:
        return set()
    return {body.id for body in charter.bodies if body.leading}


def leading_member_ids(meeting: Meeting, member_ids) -> set[int]:
    """Of `member_ids`, those holding a seat on a leading body on the day of the meeting."""
    definitions = leading_definitions(meeting.starts_at)
    if not definitions:
        return set()
    return set(
        Seat.objects.current(on=meeting_day(meeting))
        .filter(member_id__in=member_ids, body__chartered=True, body__definition__in=definitions)
        .values_list("member_id", flat=True)
    )


def role_labels(meeting: Meeting, member_ids) -> dict[int, str]:
    """How each speaker is introduced: their office on the meeting's body (or "Member"), and
    the leading bodies they sit on that day, e.g. "Secretary · Central Committee"."""
    member_ids = set(member_ids)
    definitions = leading_definitions(meeting.starts_at)
    seats = (
        Seat.objects.current(on=meeting_day(meeting))
        .filter(member_id__in=member_ids)
        .filter(Q(body=meeting.body) | Q(body__chartered=True, body__definition__in=definitions))
        .select_related("body")
        .order_by("body__name")
    )
    own: dict[int, str] = {}
    leading: dict[int, list[str]] = {}
    for seat in seats:
        if seat.body_id == meeting.body_id:
            own[seat.member_id] = seat.office.replace("-", " ").capitalize() or "Member"
        else:
            leading.setdefault(seat.member_id, []).append(seat.body.name)
    # Seats with voice but no vote, and attendees the charter gives speaking rights only, are
    # told apart from those who vote (minutebook/charter/seat_rights.py).
    for member_id in non_voting_holders(meeting) & set(own):
        own[member_id] += " (no vote)"
    for member_id in with_voice(meeting, member_ids - set(own)):
        own[member_id] = "With voice (no vote)"
    return {
        member_id: " · ".join([own.get(member_id, "Guest"), *leading.get(member_id, [])])
        for member_id in member_ids
    }


# Who may ask


def floor_refusal(meeting: Meeting, member: Member | None) -> str | None:
    """Why `member` may not ask for the floor now, or None if they may.

    Only seat holders who are present (checked in and not checked out) may ask: the list is
    for the people in the room or the online session, and a chair calling someone who is not
    there wastes everybody's time. A member who checks out keeps their place; the chair may
    take them off the list."""
    if member is None:
        return "Only members on the roll may ask for the floor."
    if meeting.status == MeetingStatus.SCHEDULED:
        return "The meeting has not opened yet."
    if meeting.status != MeetingStatus.OPEN:
        return "The meeting is closed."
    if not seat_holders(meeting).filter(pk=member.pk).exists() and not with_voice(
        meeting, {member.pk}
    ):
        return (
            f"Only those holding a seat on the {meeting.body.name} may ask for the floor, and "
            "those the charter lets attend with voice."
        )
    if not present_attendance(meeting).filter(member=member).exists():
        return "Check in to the meeting first: only those present may ask for the floor."
    return None


def asks_for_stance(floor: Floor | None) -> bool:
    """Whether speakers say if they speak for or against: in the debate on a motion, which
    the chair declares by alternating pro and contra. (When motions are on the agenda, an
    item debating a motion can be recognised here too.)"""
    return floor is not None and floor.pro_contra


# The list


@dataclass(frozen=True)
class WaitingEntry:
    request: SpeakerRequest
    position: int
    reason: str
    rules: tuple[str, ...]


def _same_item(agenda_item: AgendaItem | None) -> Q:
    if agenda_item is None:
        return Q(agenda_item__isnull=True)
    return Q(agenda_item=agenda_item)


def item_debate_closed(meeting: Meeting, agenda_item: AgendaItem | None) -> bool:
    return DebateClosure.objects.filter(_same_item(agenda_item), meeting=meeting).exists()


def waiting_list(
    meeting: Meeting, floor: Floor | None, waiting: list[SpeakerRequest] | None = None
) -> list[WaitingEntry]:
    """The requests waiting on the item under debate, in the order they will be called, each
    with its reason. Pass `waiting` (locked rows) to order those instead of reading them."""
    item = floor.agenda_item if floor is not None else None
    if waiting is None:
        waiting = list(
            SpeakerRequest.objects.filter(
                _same_item(item), meeting=meeting, status=RequestStatus.WAITING
            ).select_related("member")
        )
    if not waiting:
        return []
    spoken = set(
        SpeakerRequest.objects.filter(
            meeting=meeting, kind=RequestKind.SPEECH, status__in=CALLED
        ).values_list("member_id", flat=True)
    )
    last_side = (
        SpeakerRequest.objects.filter(
            _same_item(item),
            meeting=meeting,
            kind=RequestKind.SPEECH,
            status__in=CALLED,
            stance__in=(Stance.PRO, Stance.CONTRA),
        )
        .order_by("-called_at", "-pk")
        .values_list("stance", flat=True)
        .first()
    )
    by_id = {request.pk: request for request in waiting}
    order: list[Placed] = speaking_order(
        (
            Candidate(
                id=request.pk,
                kind=request.kind,
                stance=request.stance,
                requested_at=request.requested_at,
                has_spoken=request.member_id in spoken,
            )
            for request in waiting
        ),
        progressive=bool(floor and floor.progressive),
        pro_contra=bool(floor and floor.pro_contra),
        last_stance=last_side,
    )
    return [
        WaitingEntry(by_id[placed.candidate.id], placed.position, placed.reason, placed.rules)
        for placed in order
    ]


def turn_limit_seconds(request: SpeakerRequest) -> int:
    """The turn's limit with its extensions."""
    base = request.limit_seconds or 0
    return base + sum(extension.seconds for extension in request.extensions.all())


def turn_timer(request: SpeakerRequest) -> TimerState:
    return TimerState(
        limit_seconds=turn_limit_seconds(request),
        elapsed_before=request.timer_elapsed,
        running_since=request.timer_running_since,
    )


@dataclass
class FloorState:
    """Everything the list of speakers shows, read once per change for everybody."""

    meeting: Meeting
    floor: Floor | None
    limit_seconds: int
    charter_limit_seconds: int
    current: SpeakerRequest | None = None
    current_role: str = ""
    current_timer: TimerState | None = None
    current_extensions: list[Extension] = field(default_factory=list)
    waiting: list[WaitingEntry] = field(default_factory=list)
    roles: dict[int, str] = field(default_factory=dict)
    item_closed: bool = False

    @property
    def agenda_item(self) -> AgendaItem | None:
        return self.floor.agenda_item if self.floor else None

    @property
    def list_closed(self) -> bool:
        return bool(self.floor and self.floor.list_closed)

    @property
    def pro_contra(self) -> bool:
        return bool(self.floor and self.floor.pro_contra)

    @property
    def progressive(self) -> bool:
        return bool(self.floor and self.floor.progressive)

    @property
    def revision(self) -> int:
        return self.floor.revision if self.floor else 0

    @property
    def stance_asked(self) -> bool:
        return asks_for_stance(self.floor)


def current_turn(meeting: Meeting) -> SpeakerRequest | None:
    return (
        SpeakerRequest.objects.filter(meeting=meeting, status=RequestStatus.SPEAKING)
        .select_related("member", "agenda_item", "called_by__member")
        .prefetch_related("extensions__granted_by__member")
        .first()
    )


def floor_settings(meeting: Meeting) -> FloorState:
    """The floor's settings only (limit, options, item under debate), without the list: what
    each participant's own controls need, read by every screen on every change."""
    floor = Floor.objects.filter(meeting=meeting).select_related("agenda_item").first()
    if floor is not None:
        limit, charter_limit = floor.speaking_limit_seconds, floor.charter_limit_seconds
    else:
        limit = charter_limit = charter_speaking_limit(meeting)
    return FloorState(
        meeting=meeting, floor=floor, limit_seconds=limit, charter_limit_seconds=charter_limit
    )


def floor_state(meeting: Meeting) -> FloorState:
    """The settings, the current turn with its timer and the waiting list in order."""
    state = floor_settings(meeting)
    floor = state.floor
    state.current = current_turn(meeting)
    if state.current is not None:
        state.current_timer = turn_timer(state.current)
        state.current_extensions = list(state.current.extensions.all())
    state.waiting = waiting_list(meeting, floor)
    people = {entry.request.member_id for entry in state.waiting}
    if state.current is not None:
        people.add(state.current.member_id)
    state.roles = role_labels(meeting, people) if people else {}
    if state.current is not None:
        state.current_role = state.roles.get(state.current.member_id, "")
    state.item_closed = item_debate_closed(meeting, state.agenda_item)
    return state


def own_requests(meeting: Meeting, member: Member | None):
    """The member's requests still waiting, and their turn if they are speaking."""
    if member is None:
        return SpeakerRequest.objects.none()
    return SpeakerRequest.objects.filter(
        meeting=meeting,
        member=member,
        status__in=(RequestStatus.WAITING, RequestStatus.SPEAKING),
    ).select_related("agenda_item")
