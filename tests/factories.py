"""Builders for test records. They go through the same services as the app, so a test's
world obeys the charter like a real one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import count

from django.contrib.auth import get_user_model
from django.utils import timezone

from minutebook.bodies.models import Body, Seat, SeatMethod
from minutebook.bodies.services import seat_end, seat_fill
from minutebook.charter.models import Unit
from minutebook.charter.services import charter_install_founding
from minutebook.ledger.competence import Tally
from minutebook.ledger.services import decision_record
from minutebook.meetings.models import Meeting, MeetingStatus
from minutebook.members.models import Member, MembershipStatus
from minutebook.members.services import member_register
from minutebook.votes.models import Election

FOUNDED = dt.date(2026, 1, 10)
_numbers = count(1000)


def make_member(
    name: str, unit: Unit | None, *, status=MembershipStatus.MEMBER, since=FOUNDED
) -> Member:
    number = str(next(_numbers))
    username = name.lower().replace(" ", ".")
    return member_register(
        actor=None,
        username=username,
        full_name=name,
        membership_number=number,
        password=f"pw-{username}-1",
        unit=unit,
        since=since,
        imported_status=None if status == MembershipStatus.APPLICANT else status,
    )


def record(
    body: Body,
    decision_type: str,
    *,
    actor=None,
    yes=4,
    no=1,
    abstain=0,
    present=None,
    decided_on=dt.date(2026, 3, 1),
    title="A decision",
    **extra,
):
    return decision_record(
        actor=actor or get_user_model().objects.get(username="admin"),
        body=body,
        decision_type=decision_type,
        decided_on=decided_on,
        title=title,
        text=extra.pop("text", "The body decides."),
        tally=Tally(votes_for=yes, votes_against=no, votes_abstain=abstain, present=present),
        **extra,
    )


@dataclass
class SmallUnion:
    admin: object
    units: dict[str, Unit]
    bodies: dict[str, Body]
    members: dict[str, Member] = field(default_factory=dict)

    def user(self, key: str):
        """A fresh user, as a request would load it (not the cached one of the builder)."""
        return get_user_model().objects.get(pk=self.members[key].user_id)


def build_small_union(charter_text: str) -> SmallUnion:
    User = get_user_model()
    admin = User.objects.create_superuser(username="admin", password="pw-admin-1")
    charter_install_founding(actor=admin, text=charter_text, source_name="small-charter.yaml")
    units = {unit.slug: unit for unit in Unit.objects.all()}
    bodies = {body.slug: body for body in Body.objects.all()}
    union = SmallUnion(admin=admin, units=units, bodies=bodies)
    east, west = units["east"], units["west"]
    # Three delegates from each local sit on the assembly.
    for i in range(3):
        for unit in (east, west):
            key = f"{unit.slug}-delegate-{i}"
            member = union.members[key] = make_member(f"{unit.name} Delegate {i}", unit)
            seat_fill(
                actor=admin,
                body=bodies["assembly"],
                member=member,
                method=SeatMethod.ELECTED,
                starts_on=FOUNDED,
                constituency=unit,
                office="secretary" if key == "east-delegate-0" else "",
            )
    election = record(
        bodies["assembly"],
        "resolution",
        yes=6,
        no=0,
        decided_on=FOUNDED,
        title="Election of the council",
    )
    for i in range(5):
        member = union.members[f"council-{i}"] = make_member(
            f"Council Member {i}", east if i % 2 else west
        )
        seat_fill(
            actor=admin,
            body=bodies["council"],
            member=member,
            method=SeatMethod.ELECTED,
            starts_on=FOUNDED,
            source_decision=election,
            office="secretary" if i == 0 else "",
        )
    bureau_election = record(
        bodies["council"],
        "resolution",
        yes=5,
        no=0,
        decided_on=FOUNDED,
        title="Election of the bureau",
    )
    for i in range(3):
        member = union.members[f"council-{i}"]
        seat_fill(
            actor=admin,
            body=bodies["bureau"],
            member=member,
            method=SeatMethod.ELECTED,
            starts_on=FOUNDED,
            source_decision=bureau_election,
            office="secretary" if i == 0 else "",
        )
    union.members["east-member"] = make_member("East Rank And File", east)
    union.members["west-member"] = make_member("West Rank And File", west)
    union.members["applicant"] = make_member(
        "Hopeful Applicant", east, status=MembershipStatus.APPLICANT
    )
    return union


def current_seats(body: Body) -> list[Seat]:
    return list(Seat.objects.current().filter(body=body))


BY_ELECTION_DAY = dt.date(2026, 6, 1)


def by_election(org: SmallUnion, *, meeting_status=MeetingStatus.OPEN) -> Election:
    """A by-election to the Council at a meeting of the General Assembly on 1 June 2026,
    chaired by East Delegate 1 (no office on the Assembly), Council Member 4 having resigned
    the day before. Entered as the record stands (the election services belong to the votes
    app), so the meeting may be given any state."""
    seat = Seat.objects.get(body=org.bodies["council"], member=org.members["council-4"])
    seat_end(actor=org.admin, seat=seat, ended_on=BY_ELECTION_DAY, reason="resigned")
    starts = dt.datetime.combine(BY_ELECTION_DAY, dt.time(9), tzinfo=dt.UTC)
    meeting = Meeting.objects.create(
        body=org.bodies["assembly"],
        title="June session",
        convened_by=org.admin,
        convened_at=starts - dt.timedelta(days=20),
        starts_at=starts,
        status=meeting_status,
        chair=org.members["east-delegate-1"],
        opened_at=starts if meeting_status != MeetingStatus.SCHEDULED else None,
        closed_at=starts + dt.timedelta(hours=2)
        if meeting_status == MeetingStatus.CLOSED
        else None,
    )
    return Election.objects.create(
        meeting=meeting,
        body=org.bodies["council"],
        title="By-election to the Council",
        seats=1,
        method="plurality",
        created_by=org.admin,
        created_at=timezone.now(),
    )


def by_election_won(org: SmallUnion, key: str = "west-member") -> Election:
    """The by-election, won by the member `key`, who takes the vacant Council seat with the
    election as its provenance."""
    election = by_election(org)
    seat_fill(
        actor=org.admin,
        body=org.bodies["council"],
        member=org.members[key],
        method=SeatMethod.ELECTED,
        starts_on=BY_ELECTION_DAY,
        source_election=election,
    )
    return election


def open_charter(small_charter_text: str) -> str:
    """The small charter with the values a constitution may leave open written `unspecified`:
    the General Assembly's and the Council's quorum, every notice period of the Council, and
    the number of seats on the Bureau."""
    changes = (
        (
            "    quorum: majority\n    notice: {meeting_days: 14",
            "    quorum: unspecified\n    notice: {meeting_days: 14",
        ),
        ('    quorum: "1/2"\n', "    quorum: unspecified\n"),
        (
            "notice: {meeting_days: 7, documents_days: 3, emergency: {allowed: true, "
            "meeting_days: 1,",
            "notice: {meeting_days: unspecified, documents_days: unspecified, emergency: "
            "{allowed: true, meeting_days: unspecified,",
        ),
        ("{by_body: council, count: 3,", "{by_body: council, count: unspecified,"),
    )
    for old, new in changes:
        assert small_charter_text.count(old) == 1, old
        small_charter_text = small_charter_text.replace(old, new)
    return small_charter_text
