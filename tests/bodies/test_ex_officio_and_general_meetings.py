"""Seats that follow from other facts: ex officio seats and general meetings."""

import datetime as dt

from minutebook.bodies.models import Body, Seat, SeatMethod
from minutebook.bodies.services import seat_end, seat_fill
from minutebook.charter.services import charter_install_founding
from minutebook.members.models import MembershipStatus
from minutebook.members.services import member_change_status
from tests.factories import make_member, record

CHARTER = """
minutebook_charter: 1
organization: {name: Co-op, short_name: COOP}
units:
  - {id: coop, name: Co-op, kind: national}
  - {id: shop, name: Shop, kind: branch, parent: coop}
bodies:
  - id: meeting
    name: General Meeting
    per_unit_kind: branch
    seats: [{all_members: {}}]
    quorum: "1/10"
    notice: {meeting_days: 7, documents_days: 3}
    visibility: unit
  - id: board
    name: Board
    unit: coop
    seats: [{appointed: {by_body: board, count: 3}}]
    quorum: 2
    notice: {meeting_days: 2, documents_days: 1}
    visibility: members
  - id: audit
    name: Audit Panel
    unit: coop
    seats: [{ex_officio: {of_body: board, office: chair}}, {appointed: {by_body: board, count: 2}}]
    quorum: 1
    notice: {meeting_days: 2, documents_days: 1}
    visibility: body
decision_types:
  - {id: charter.amend, name: Amend, bodies: [meeting], threshold: two_thirds_cast}
  - {id: decision.rescind, name: Rescind, bodies: all, threshold: majority_cast}
  - {id: member.admit, name: Admit, bodies: [meeting], threshold: majority_cast}
  - {id: member.expel, name: Expel, bodies: [board], threshold: majority_cast}
"""


def test_members_of_a_unit_sit_on_its_general_meeting_and_leave_it_with_good_standing(
    db, django_user_model
):
    admin = django_user_model.objects.create_superuser(username="admin", password="x")
    charter_install_founding(actor=admin, text=CHARTER, source_name="coop.yaml")
    shop = Body.objects.get(slug="meeting.shop").unit
    meeting = Body.objects.get(slug="meeting.shop")
    people = [make_member(f"Worker {i}", shop) for i in range(3)]
    assert Seat.objects.current().filter(body=meeting, method=SeatMethod.ALL_MEMBERS).count() == 3

    applicant = make_member("Applicant", shop, status=MembershipStatus.APPLICANT)
    assert not Seat.objects.current().filter(body=meeting, member=applicant).exists()
    admission = record(meeting, "member.admit", yes=3, no=0)
    member_change_status(
        actor=admin,
        member=applicant,
        status=MembershipStatus.MEMBER,
        effective_on=dt.date(2026, 3, 1),
        decision=admission,
    )
    assert Seat.objects.current().filter(body=meeting, member=applicant).exists()

    board = Body.objects.get(slug="board")
    appointment = record(
        board,
        "decision.rescind",
        yes=0,
        no=0,
        irregular_reason="bootstrap: the board appoints itself",
    )
    chair = seat_fill(
        actor=admin,
        body=board,
        member=people[0],
        method=SeatMethod.APPOINTED,
        starts_on=dt.date(2026, 3, 2),
        source_decision=appointment,
        office="chair",
    )
    audit = Body.objects.get(slug="audit")
    carried = Seat.objects.get(body=audit, member=people[0])
    assert carried.method == SeatMethod.EX_OFFICIO and carried.via_seat == chair

    # Without the office, no ex officio seat.
    seat_fill(
        actor=admin,
        body=board,
        member=people[1],
        method=SeatMethod.APPOINTED,
        starts_on=dt.date(2026, 3, 2),
        source_decision=appointment,
    )
    assert not Seat.objects.filter(body=audit, member=people[1]).exists()

    # Losing the board seat ends the audit seat it carried.
    seat_end(actor=admin, seat=chair, ended_on=dt.date(2026, 4, 1), reason="resigned")
    carried.refresh_from_db()
    assert carried.ended_on == dt.date(2026, 4, 1)

    expulsion = record(board, "member.expel", yes=1, no=0, decided_on=dt.date(2026, 4, 15))
    member_change_status(
        actor=admin,
        member=people[2],
        status=MembershipStatus.EXPELLED,
        effective_on=dt.date(2026, 5, 1),
        decision=expulsion,
    )
    assert not Seat.objects.current().filter(member=people[2]).exists()
