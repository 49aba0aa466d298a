"""Seats are filled only as the charter provides, with their provenance."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minutebook.bodies.models import Seat, SeatMethod
from minutebook.bodies.services import body_register_unchartered, seat_end, seat_fill
from minutebook.meetings.models import MeetingStatus
from minutebook.members.models import MembershipStatus
from tests.factories import BY_ELECTION_DAY, FOUNDED, by_election, make_member, record


def test_a_full_body_refuses_another_seat(org):
    newcomer = make_member("New Person", org.units["east"])
    election = record(org.bodies["assembly"], "resolution", yes=6, no=0)
    with pytest.raises(ValidationError, match="all 5 elected seats on Council are filled"):
        seat_fill(
            actor=org.admin,
            body=org.bodies["council"],
            member=newcomer,
            method=SeatMethod.ELECTED,
            starts_on=FOUNDED,
            source_decision=election,
        )


def test_seats_elected_per_unit_are_counted_per_unit(org):
    newcomer = make_member("Fourth Easterner", org.units["east"])
    with pytest.raises(ValidationError, match="for East Local are filled"):
        seat_fill(
            actor=org.admin,
            body=org.bodies["assembly"],
            member=newcomer,
            method=SeatMethod.ELECTED,
            starts_on=FOUNDED,
            constituency=org.units["east"],
        )


def test_a_method_the_charter_does_not_provide_is_refused(org):
    seat = Seat.objects.filter(body=org.bodies["council"]).first()
    seat_end(actor=org.admin, seat=seat, ended_on=dt.date(2026, 2, 1), reason="resigned")
    newcomer = make_member("Appointee", org.units["east"])
    with pytest.raises(ValidationError, match="no appointed seats on Council"):
        seat_fill(
            actor=org.admin,
            body=org.bodies["council"],
            member=newcomer,
            method=SeatMethod.APPOINTED,
            starts_on=dt.date(2026, 2, 2),
        )


def test_a_seat_elected_by_a_body_needs_that_bodys_decision(org):
    seat = Seat.objects.filter(body=org.bodies["council"]).first()
    seat_end(actor=org.admin, seat=seat, ended_on=dt.date(2026, 2, 1), reason="resigned")
    newcomer = make_member("By-election Winner", org.units["east"])
    with pytest.raises(ValidationError, match="need the decision"):
        seat_fill(
            actor=org.admin,
            body=org.bodies["council"],
            member=newcomer,
            method=SeatMethod.ELECTED,
            starts_on=dt.date(2026, 2, 2),
        )


def test_an_unchartered_group_cannot_hold_seats(org):
    group = body_register_unchartered(actor=org.admin, name="Coordinating Committee")
    with pytest.raises(ValidationError, match="not a body of the charter"):
        seat_fill(
            actor=org.admin,
            body=group,
            member=org.members["east-member"],
            method=SeatMethod.APPOINTED,
            starts_on=FOUNDED,
        )


def test_only_members_in_good_standing_are_seated(org):
    applicant = org.members["applicant"]
    assert applicant.status == MembershipStatus.APPLICANT
    seat = Seat.objects.filter(body=org.bodies["council"]).first()
    seat_end(actor=org.admin, seat=seat, ended_on=dt.date(2026, 2, 1), reason="resigned")
    election = record(org.bodies["assembly"], "resolution", yes=6, no=0)
    with pytest.raises(ValidationError, match="not a member in good standing"):
        seat_fill(
            actor=org.admin,
            body=org.bodies["council"],
            member=applicant,
            method=SeatMethod.ELECTED,
            starts_on=dt.date(2026, 2, 2),
            source_decision=election,
        )


def test_a_seat_records_its_provenance_and_term(org):
    seat = Seat.objects.get(body=org.bodies["council"], member=org.members["council-1"])
    assert seat.source_decision.title == "Election of the council"
    assert seat.term_ends_on == dt.date(2027, 1, 9)  # 12 months from 10 January 2026


def test_a_plain_member_cannot_fill_seats(org):
    with pytest.raises(PermissionDenied):
        seat_fill(
            actor=org.user("east-member"),
            body=org.bodies["bureau"],
            member=org.members["west-member"],
            method=SeatMethod.ELECTED,
            starts_on=FOUNDED,
        )


def test_the_electing_bodys_secretary_may_record_the_seats_it_fills(org):
    seat = Seat.objects.filter(body=org.bodies["bureau"], office="").first()
    seat_end(
        actor=org.user("council-0"), seat=seat, ended_on=dt.date(2026, 2, 1), reason="resigned"
    )


def test_ended_seats_stay_on_the_record(org):
    seat = Seat.objects.get(body=org.bodies["council"], member=org.members["council-4"])
    seat_end(actor=org.admin, seat=seat, ended_on=dt.date(2026, 2, 1), reason="resigned")
    seat.refresh_from_db()
    assert seat.ended_on == dt.date(2026, 2, 1)
    assert seat not in Seat.objects.current()
    assert seat in Seat.objects.current(on=dt.date(2026, 1, 31))


def _fill_from(org, election, actor_key: str, body="council"):
    return seat_fill(
        actor=org.user(actor_key),
        body=org.bodies[body],
        member=org.members["east-member"],
        method=SeatMethod.ELECTED,
        starts_on=BY_ELECTION_DAY,
        source_election=election,
    )


def test_the_chair_of_the_electing_meeting_seats_the_elected(org):
    election = by_election(org)
    seat = _fill_from(org, election, "east-delegate-1")
    assert seat.source_election == election
    assert seat.member == org.members["east-member"]


def test_the_chair_seats_nobody_once_the_meeting_closed_nor_on_another_body(org):
    election = by_election(org, meeting_status=MeetingStatus.CLOSED)
    with pytest.raises(PermissionDenied, match="chair of the meeting that elected them"):
        _fill_from(org, election, "east-delegate-1")
    with pytest.raises(PermissionDenied):  # a plain seat holder of the electing body
        _fill_from(org, election, "west-delegate-2")
    # The secretary of the electing body still records them.
    assert _fill_from(org, election, "east-delegate-0").source_election == election


def test_an_election_to_one_body_seats_nobody_on_another(org):
    election = by_election(org)
    with pytest.raises(PermissionDenied):
        _fill_from(org, election, "east-delegate-1", body="bureau")
