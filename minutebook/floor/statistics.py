"""Who spoke for how long, per meeting and per body: by person, by role (members of the
leading bodies on the day of the meeting against everyone else), who asked for the floor and
was never called, and which extensions were granted by whom to whom.

Only finished turns count towards speaking time; a turn still running is left out until it
ends."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from minutebook.floor.models import Extension, RequestKind, RequestStatus, SpeakerRequest
from minutebook.floor.selectors import leading_member_ids
from minutebook.meetings.models import AgendaItem, Meeting
from minutebook.members.models import Member

LEADING_LABEL = "Members of leading bodies"
OTHERS_LABEL = "Everyone else"


def person_name(user) -> str:
    """A user as the record names them: their member's name, or their login."""
    if user is None:
        return "the system"
    member = getattr(user, "member", None)
    return member.full_name if member is not None else user.get_username()


@dataclass
class PersonFigures:
    member: Member
    leading: bool = False  # held a seat on a leading body on the day of (one of) their turns
    turns: int = 0
    speeches: int = 0
    points_of_order: int = 0
    seconds: float = 0.0
    extension_seconds: int = 0
    requests: int = 0


@dataclass
class RoleFigures:
    label: str
    leading: bool
    people: int = 0
    turns: int = 0
    seconds: float = 0.0
    share: float = 0.0  # of all the time spoken, 0..1

    @property
    def seconds_per_turn(self) -> float:
        return self.seconds / self.turns if self.turns else 0.0


@dataclass
class ExtensionFigures:
    granted_by: str
    granted_to: Member
    seconds: int
    reason: str
    granted_at: object
    meeting: Meeting
    agenda_item: AgendaItem | None


@dataclass
class GrantFigures:
    granted_by: str
    granted_to: Member
    extensions: int
    seconds: int


@dataclass
class SpeakingStatistics:
    meetings: int = 0
    people: list[PersonFigures] = field(default_factory=list)
    roles: list[RoleFigures] = field(default_factory=list)
    turns: int = 0
    seconds: float = 0.0
    asked: int = 0  # people who asked for the floor
    called: int = 0  # of them, people who were given it at least once
    never_called: list[Member] = field(default_factory=list)
    withdrew: list[Member] = field(default_factory=list)  # withdrew every request themselves
    extensions: list[ExtensionFigures] = field(default_factory=list)
    grants: list[GrantFigures] = field(default_factory=list)


def meeting_speaking_statistics(meeting: Meeting) -> SpeakingStatistics:
    return speaking_statistics([meeting])


def body_speaking_statistics(body) -> SpeakingStatistics:
    return speaking_statistics(list(Meeting.objects.filter(body=body).select_related("body")))


def speaking_statistics(meetings: list[Meeting]) -> SpeakingStatistics:
    stats = SpeakingStatistics(meetings=len(meetings))
    by_meeting = {meeting.pk: meeting for meeting in meetings}
    requests = list(
        SpeakerRequest.objects.filter(meeting__in=meetings)
        .select_related("member", "member__user")
        .order_by("requested_at", "pk")
    )
    if not requests:
        stats.roles = [RoleFigures(LEADING_LABEL, True), RoleFigures(OTHERS_LABEL, False)]
        return stats

    leading_by_meeting: dict[int, set[int]] = {}
    speakers_by_meeting: dict[int, set[int]] = defaultdict(set)
    for request in requests:
        if request.status == RequestStatus.SPOKE:
            speakers_by_meeting[request.meeting_id].add(request.member_id)
    for meeting_id, member_ids in speakers_by_meeting.items():
        leading_by_meeting[meeting_id] = leading_member_ids(by_meeting[meeting_id], member_ids)

    people: dict[int, PersonFigures] = {}
    roles = {True: RoleFigures(LEADING_LABEL, True), False: RoleFigures(OTHERS_LABEL, False)}
    role_people: dict[bool, set[int]] = {True: set(), False: set()}
    called: set[int] = set()
    asked: dict[int, Member] = {}
    withdrew_all: dict[int, bool] = {}
    for request in requests:
        member = request.member
        person = people.setdefault(member.pk, PersonFigures(member))
        person.requests += 1
        asked[member.pk] = member
        self_withdrawn = (
            request.status == RequestStatus.WITHDRAWN and request.ended_by_id == member.user_id
        )
        withdrew_all[member.pk] = withdrew_all.get(member.pk, True) and self_withdrawn
        if request.status in (RequestStatus.SPEAKING, RequestStatus.SPOKE):
            called.add(member.pk)
        if request.status != RequestStatus.SPOKE:
            continue
        seconds = request.time_spoken.total_seconds()
        leading = member.pk in leading_by_meeting.get(request.meeting_id, set())
        person.leading = person.leading or leading
        person.turns += 1
        person.seconds += seconds
        if request.kind == RequestKind.POINT_OF_ORDER:
            person.points_of_order += 1
        else:
            person.speeches += 1
        role = roles[leading]
        role.turns += 1
        role.seconds += seconds
        role_people[leading].add(member.pk)
        stats.turns += 1
        stats.seconds += seconds

    extensions = list(
        Extension.objects.filter(request__meeting__in=meetings)
        .select_related(
            "granted_by__member", "request__member", "request__meeting", "request__agenda_item"
        )
        .order_by("granted_at", "pk")
    )
    grants: dict[tuple[str, int], GrantFigures] = {}
    for extension in extensions:
        granter = person_name(extension.granted_by)
        to = extension.request.member
        people[to.pk].extension_seconds += extension.seconds
        stats.extensions.append(
            ExtensionFigures(
                granted_by=granter,
                granted_to=to,
                seconds=extension.seconds,
                reason=extension.reason,
                granted_at=extension.granted_at,
                meeting=extension.request.meeting,
                agenda_item=extension.request.agenda_item,
            )
        )
        grant = grants.setdefault((granter, to.pk), GrantFigures(granter, to, 0, 0))
        grant.extensions += 1
        grant.seconds += extension.seconds

    for leading, role in roles.items():
        role.people = len(role_people[leading])
        role.share = role.seconds / stats.seconds if stats.seconds else 0.0
    stats.roles = [roles[True], roles[False]]
    stats.people = sorted(
        (person for person in people.values() if person.turns),
        key=lambda person: (-person.seconds, person.member.full_name),
    )
    stats.asked = len(asked)
    stats.called = len(called)
    not_called = [pk for pk in asked if pk not in called]
    stats.never_called = sorted(
        (asked[pk] for pk in not_called if not withdrew_all[pk]), key=lambda m: m.full_name
    )
    stats.withdrew = sorted(
        (asked[pk] for pk in not_called if withdrew_all[pk]), key=lambda m: m.full_name
    )
    stats.grants = sorted(grants.values(), key=lambda g: (-g.seconds, g.granted_by))
    return stats
