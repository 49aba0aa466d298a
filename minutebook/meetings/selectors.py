"""Reads about meetings that several apps need: who is present, who may vote."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from minutebook.bodies.apportionment import census_in_force
from minutebook.bodies.models import Seat
from minutebook.charter.models import Unit
from minutebook.charter.selectors import charter_in_force
from minutebook.charter.spec import NO_QUORUM_FIXED
from minutebook.meetings.models import Attendance, Document, Meeting, MeetingStatus
from minutebook.meetings.notice import NoticeVerdict, body_spec_for, document_notice
from minutebook.meetings.seat_rights import (
    non_voting_holders,
    quorum_uncounted,
    quorum_waived,
    spec_in_force,
    unit_members,
    with_voice,
)
from minutebook.members.models import Member
from minutebook.voting.weights import Split, share_votes


def meeting_day(meeting: Meeting) -> dt.date:
    """The day of a meeting in the organization's time zone: the day whose seats sit at it
    and the date its decisions bear (not the UTC date, a day early or late around midnight)."""
    return timezone.localdate(meeting.starts_at)


def seat_holders(meeting: Meeting):
    """Members holding a seat on the meeting's body on the day of the meeting."""
    return Member.objects.filter(
        pk__in=Seat.objects.current(on=meeting_day(meeting))
        .filter(body=meeting.body)
        .values("member_id")
    )


def voting_seat_holders(meeting: Meeting):
    """Seat holders whose seat carries a vote (all, unless the charter gives some seats of the
    body voice but no vote)."""
    return seat_holders(meeting).exclude(pk__in=non_voting_holders(meeting))


def present_attendance(meeting: Meeting):
    """Attendance rows of people checked in and not (yet) checked out."""
    return Attendance.objects.filter(meeting=meeting, checked_out_at__isnull=True)


def proxies_allowed(meeting: Meeting) -> bool:
    """Whether the charter in force lets an absent seat holder of the meeting's body be
    represented by a proxy (`proxies: true`); never for a body it does not define."""
    from minutebook.charter.selectors import charter_in_force

    if not meeting.body.is_active:
        return False
    try:
        return charter_in_force().body(meeting.body.definition).proxies_allowed
    except KeyError:
        return False


def present_voters(meeting: Meeting, *, proxies: bool = True) -> set[int]:
    """Member ids who may vote now: voting seat holders present and, where the charter allows
    proxies, the absent ones whose proxies are present (the proxy votes in their name). A
    proxy on the record where the charter allows none (entered before the charter changed, or
    imported) carries no vote; nor does any proxy with `proxies=False` (a vote the charter
    excludes proxies from). Seats with voice but no vote are not counted."""
    holders = set(voting_seat_holders(meeting).values_list("pk", flat=True))
    with_proxies = proxies and proxies_allowed(meeting)
    voters: set[int] = set()
    for member_id, proxy_for in present_attendance(meeting).values_list(
        "member_id", "proxy_for_id"
    ):
        if member_id in holders:
            voters.add(member_id)
        if with_proxies and proxy_for in holders:
            voters.add(proxy_for)
    return voters


@dataclass(frozen=True)
class QuorumState:
    filled_seats: int  # the seats the quorum counts: with a vote, unless the charter says
    present: int
    required: int | None  # None: the charter fixes no quorum for the body (or this meeting)
    rule: str

    @property
    def fixed(self) -> bool:
        return self.required is not None

    @property
    def has_quorum(self) -> bool:
        """Whether the quorum is present; always, where the charter fixes none."""
        return self.required is None or self.present >= self.required


def meeting_quorum(meeting: Meeting) -> QuorumState:
    """Quorum as the charter's rule for the body counts it: seat holders present (in person,
    or represented by a proxy where allowed) against the seats filled on the day."""
    if not meeting.body.chartered:
        filled = seat_holders(meeting).count()
        present = len(present_voters(meeting))
        return QuorumState(filled, present, filled + 1, "the charter does not define this body")
    spec = spec_in_force(meeting)
    quorum = spec.quorum if spec is not None else None
    if quorum is None:
        return QuorumState(
            voting_seat_holders(meeting).count(),
            len(present_voters(meeting)),
            None,
            NO_QUORUM_FIXED,
        )
    # What the quorum counts (seat_rights): by default the voting seats, without the
    # offices it excludes; with `counts_non_voting`, seats without a vote present too.
    uncounted = quorum_uncounted(meeting, quorum, spec)
    counted = set(seat_holders(meeting).values_list("pk", flat=True)) - uncounted
    present = len(present_voters(meeting) - uncounted)
    if quorum.counts_non_voting:
        in_room = set(present_attendance(meeting).values_list("member_id", flat=True))
        present += len((non_voting_holders(meeting, spec) & in_room) - uncounted)
    filled = len(counted)
    weights = meeting_weights(meeting)
    if weights is not None and weights.quorum_in_votes:  # quorum over votes, not people
        filled, present = weights.total, weights.present
    waived = quorum_waived(meeting, quorum)
    if waived is not None:
        return QuorumState(
            filled,
            present,
            None,
            f"the charter fixes no quorum for {waived.replace('-', ' ')} meetings",
        )
    size = unit_members(meeting) if quorum.bands else None
    return QuorumState(filled, present, quorum.required(filled, size), quorum.describe(size))


def quorum_snapshot(quorum: QuorumState) -> dict:
    """A quorum as the meeting stores it when it opens and closes."""
    return {
        "filled_seats": quorum.filled_seats,
        "present": quorum.present,
        "required": quorum.required,
        "rule": quorum.rule,
    }


def stored_quorum(snapshot: dict | None) -> QuorumState | None:
    if not snapshot:
        return None
    return QuorumState(
        snapshot["filled_seats"], snapshot["present"], snapshot["required"], snapshot["rule"]
    )


def meetings_of_body(body):
    return Meeting.objects.filter(body=body).select_related("body", "chair").order_by("-starts_at")


@dataclass(frozen=True)
class AttendanceLine:
    """One person at a meeting, as the attendance list and the minutes show them: a seat
    holder with a vote, a seat holder with voice but no vote, an attendee the charter gives
    speaking rights only (`voice`), or a guest."""

    attendance: Attendance
    holds_seat: bool
    votes: bool = True
    voice: bool = False

    @property
    def present(self) -> bool:
        return self.attendance.checked_out_at is None

    @property
    def rights(self) -> str:
        """'vote', 'voice' (a seat without a vote, or an attendee with speaking rights), or
        'guest'."""
        if self.holds_seat:
            return "vote" if self.votes else "voice"
        return "voice" if self.voice else "guest"


@dataclass(frozen=True)
class AttendanceSummary:
    lines: list[AttendanceLine]
    absent: list[Member]  # seat holders neither present nor represented by a present proxy
    represented: list[tuple[Member, Member]]  # (absent seat holder, the proxy present for them)
    never_attended: list[Member]  # seat holders never checked in, nor represented

    @property
    def present(self) -> list[AttendanceLine]:
        return [line for line in self.lines if line.present]

    @property
    def left(self) -> list[AttendanceLine]:
        return [line for line in self.lines if not line.present]


def meeting_attendance(meeting: Meeting) -> AttendanceSummary:
    holders = list(seat_holders(meeting).order_by("full_name"))
    holder_ids = {member.pk for member in holders}
    rows = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("member", "proxy_for")
        .order_by("checked_in_at", "pk")
    )
    spec = spec_in_force(meeting)
    silent = non_voting_holders(meeting, spec)
    speaking = with_voice(meeting, {row.member_id for row in rows} - holder_ids, spec)
    lines = [
        AttendanceLine(
            row,
            row.member_id in holder_ids,
            votes=row.member_id not in silent,
            voice=row.member_id in speaking,
        )
        for row in rows
    ]
    present_ids = {row.member_id for row in rows if row.checked_out_at is None}
    with_proxies = proxies_allowed(meeting)  # as `present_voters` counts them
    represented = [
        (row.proxy_for, row.member)
        for row in rows
        if with_proxies
        and row.checked_out_at is None
        and row.proxy_for_id in holder_ids
        and row.proxy_for_id not in silent
        and row.proxy_for_id not in present_ids
    ]
    represented_ids = {absent.pk for absent, _proxy in represented}
    absent = [
        member
        for member in holders
        if member.pk not in present_ids and member.pk not in represented_ids
    ]
    came = {row.member_id for row in rows}
    if with_proxies:
        came |= {row.proxy_for_id for row in rows}
    never = [member for member in holders if member.pk not in came]
    return AttendanceSummary(lines, absent, represented, never)


def absent_seat_holders(meeting: Meeting):
    """Voting seat holders not checked in now and represented by nobody: those a proxy may
    carry."""
    present = present_attendance(meeting)
    return (
        voting_seat_holders(meeting)
        .exclude(pk__in=present.values("member_id"))
        .exclude(
            pk__in=Attendance.objects.filter(meeting=meeting, proxy_for__isnull=False).values(
                "proxy_for_id"
            )
        )
        .order_by("full_name")
    )


def minutes_awaiting_approval(at_meeting: Meeting):
    """Earlier closed meetings of the same body whose minutes are not yet approved."""
    return Meeting.objects.filter(
        body_id=at_meeting.body_id,
        status=MeetingStatus.CLOSED,
        starts_at__lt=at_meeting.starts_at,
        minutes_approved_by__isnull=True,
    ).order_by("starts_at")


def office_holder(meeting: Meeting, office: str) -> Member | None:
    """Who holds `office` on the meeting's body on the day of the meeting."""
    seat = (
        Seat.objects.current(on=meeting_day(meeting))
        .filter(body=meeting.body, office=office)
        .select_related("member")
        .first()
    )
    return seat.member if seat else None


def documents_with_notice(
    meeting: Meeting, documents=None, *, hidden: frozenset[int] | set[int] = frozenset()
) -> list[tuple[Document, NoticeVerdict]]:
    """The meeting's documents, each with its notice verdict (the charter read once), but
    the papers of the agenda items in `hidden` (closed sessions the reader may not read)."""
    spec = body_spec_for(meeting)
    if documents is None:
        documents = meeting.documents.select_related("agenda_item").prefetch_related(
            "authors", "author_bodies"
        )
    return [
        (document, document_notice(document, meeting=meeting, spec=spec))
        for document in documents
        if document.agenda_item_id not in hidden
    ]


def closed_item_ids(meeting: Meeting) -> set[int]:
    """The meeting's agenda items taken in closed session: what a fragment rendered once for
    every follower leaves out."""
    return set(meeting.agenda_items.filter(closed_session=True).values_list("pk", flat=True))


# Weighted votes (`vote_weights:` in the charter; minutebook/voting/weights.py).


@dataclass(frozen=True)
class MeetingWeights:
    """The votes of a meeting whose body weighs votes: `of_voter` for every voter present (a
    member id, as `present_voters` gives them), `total` the votes of the body's filled seats
    (each unit with a delegate seated counting all its votes, every other seat one)."""

    of_voter: dict[int, int]
    total: int
    words: str
    quorum_in_votes: bool = True

    @property
    def present(self) -> int:
        return sum(self.of_voter.values())


def meeting_weights(meeting: Meeting, voters: set[int] | None = None) -> MeetingWeights | None:
    """The votes each voter present carries, or None when the body has one vote per seat.

    A unit's votes — its seats (from the census in force on the meeting's day when they are
    apportioned) or its members counted at that census — are shared among its delegates
    present, in the order their seats were filled; a unit with delegates seated but none
    present casts nothing, and its votes still count in the total. A delegate of a unit no
    census has counted (none taken yet) has one vote."""
    if not meeting.body.is_active:
        return None
    try:
        spec = charter_in_force().body(meeting.body.definition)
    except KeyError:
        return None
    if spec.vote_weights is None:
        return None
    rule = next((r for r in spec.seats if r.by_members_of_each is not None), None)
    if rule is None:
        return None
    day = meeting_day(meeting)
    voters = present_voters(meeting) if voters is None else voters
    units: dict[int, int] = {}  # unit pk → its votes
    by_members = spec.vote_weights.carry == "members"
    if rule.apportionment is not None or by_members:  # the census in force counts the units
        census = census_in_force(meeting.body, day)
        for unit_id, members, seats in (
            census.counts.values_list("unit_id", "members", "seats") if census else ()
        ):
            units[unit_id] = members if by_members else seats
    else:
        kinds = charter_in_force().units_of_kind(rule.by_members_of_each, meeting.body.unit.slug)
        for pk in Unit.objects.filter(slug__in=[u.id for u in kinds]).values_list("pk", flat=True):
            units[pk] = rule.count or 0
    seats = list(
        Seat.objects.current(on=day)
        .filter(body=meeting.body)
        .order_by("starts_on", "pk")
        .values_list("member_id", "method", "constituency_id")
    )
    delegates: dict[int, list[int]] = {}
    weights: dict[int, int] = {}
    total = 0
    for member_id, method, constituency_id in seats:
        if method == rule.method and constituency_id in units:
            delegates.setdefault(constituency_id, []).append(member_id)
        else:
            total += 1
            if member_id in voters:
                weights[member_id] = 1
    for unit_id, seated in delegates.items():
        total += units[unit_id]
        present = [member_id for member_id in seated if member_id in voters]
        weights.update(share_votes(units[unit_id], present, Split(spec.vote_weights.split)))
    return MeetingWeights(
        of_voter=weights,
        total=total,
        words=spec.vote_weights.words(),
        quorum_in_votes=spec.vote_weights.quorum_in_votes,
    )
