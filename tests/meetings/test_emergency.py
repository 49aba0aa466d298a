"""Emergency meetings: only where the charter allows them, declared by the body it names, by
someone who may act for that body, with reasons; then held to the emergency notice."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from minutebook.bodies.models import Body, Seat, SeatMethod
from minutebook.bodies.services import seat_assign_office, seat_fill
from minutebook.charter.services import charter_install_founding
from minutebook.meetings import services
from minutebook.meetings.notice import meeting_notice
from tests.factories import make_member
from tests.meetings.conftest import convene


def emergency(org, **extra):
    extra.setdefault("emergency", True)
    extra.setdefault("emergency_declared_by", org.bodies["council"])
    extra.setdefault("emergency_reason", "The landlord served eviction notices today.")
    return convene(org, days=2, **extra)


def test_an_emergency_meeting_records_who_declared_it_and_why(org, council, clock):
    meeting = emergency(org)
    assert meeting.emergency
    assert meeting.emergency_declared_by == council
    assert meeting.emergency_reason.startswith("The landlord")
    verdict = meeting_notice(meeting)
    # Two days' notice is late for an ordinary Council meeting (7), in time for an emergency (1).
    assert verdict.required_days == 1 and not verdict.late
    assert "emergency" in verdict.explanation


def test_an_emergency_is_held_to_the_emergency_notice(org, council, clock):
    meeting = services.meeting_convene(
        actor=org.user("council-0"),
        body=council,
        title="Tonight",
        starts_at=timezone.now() + dt.timedelta(hours=6),
        place="Hall",
        emergency=True,
        emergency_declared_by=council,
        emergency_reason="Fire in the building.",
    )
    verdict = meeting_notice(meeting)
    assert verdict.late and verdict.required_days == 1
    assert verdict.days_given == 0


def test_the_charter_must_allow_emergencies_for_the_body(org, clock):
    with pytest.raises(ValidationError) as error:
        emergency(
            org,
            actor=org.user("east-delegate-0"),
            body=org.bodies["assembly"],
            emergency_declared_by=org.bodies["assembly"],
        )
    assert "does not allow emergency meetings" in str(error.value)


def test_only_a_body_the_charter_names_declares_the_emergency(org, council, clock):
    with pytest.raises(ValidationError) as error:
        emergency(org, actor=org.admin, emergency_declared_by=org.bodies["bureau"])
    assert error.value.message_dict["emergency_declared_by"] == [
        "only the Council may declare an emergency meeting of the Council, not the Bureau"
    ]


def test_the_declaration_needs_a_body_and_reasons(org, council, clock):
    with pytest.raises(ValidationError) as error:
        emergency(org, emergency_declared_by=None)
    assert "emergency_declared_by" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        emergency(org, emergency_reason="  ")
    assert "emergency_reason" in error.value.message_dict


def test_an_ordinary_meeting_records_no_declaration(org, council, clock):
    with pytest.raises(ValidationError):
        convene(org, emergency_declared_by=council)


def test_the_convener_must_be_able_to_act_for_the_declaring_body(db, django_user_model, clock):
    """The branch assembly's emergency is declared by the district committee of its own
    district; the branch's secretary cannot declare it, nor can the committee of another
    district."""
    admin = django_user_model.objects.create_superuser(username="admin", password="x")
    charter_install_founding(actor=admin, text=DISTRICTS, source_name="districts.yaml")
    assembly = Body.objects.get(slug="assembly.dock")
    north = Body.objects.get(slug="committee.north")
    south = Body.objects.get(slug="committee.south")
    secretary = make_member("Dock Secretary", assembly.unit)
    seat = Seat.objects.get(body=assembly, member=secretary)
    seat_assign_office(actor=admin, seat=seat, office="secretary")
    north_secretary = make_member("North Secretary", north.unit)
    seat_fill(
        actor=admin,
        body=north,
        member=north_secretary,
        method=SeatMethod.ELECTED,
        starts_on=seat.starts_on,
        constituency=north.unit,
        office="secretary",
    )
    with pytest.raises(ValidationError, match="District Committee of North District"):
        convene_at(admin, assembly, south)
    # The branch secretary convenes the assembly but cannot speak for the committee...
    with pytest.raises(PermissionDenied, match="District Committee"):
        convene_at(secretary.user, assembly, north)
    # ...and the committee's secretary speaks for the committee but cannot convene the branch.
    with pytest.raises(PermissionDenied, match="convene"):
        convene_at(north_secretary.user, assembly, north)
    meeting = convene_at(admin, assembly, north)
    assert meeting.emergency_declared_by == north


def convene_at(actor, body, declarer):
    return services.meeting_convene(
        actor=actor,
        body=body,
        title="Emergency",
        starts_at=timezone.now() + dt.timedelta(days=3),
        place="Dock",
        emergency=True,
        emergency_declared_by=declarer,
        emergency_reason="Strike at the docks.",
    )


DISTRICTS = """
minutebook_charter: 1
organization: {name: Dockers, short_name: DU}
units:
  - {id: union, name: Union, kind: national}
  - {id: north, name: North District, kind: district, parent: union}
  - {id: south, name: South District, kind: district, parent: union}
  - {id: dock, name: Dock Branch, kind: branch, parent: north}
bodies:
  - id: assembly
    name: Branch Assembly
    per_unit_kind: branch
    seats: [{all_members: {}}]
    quorum: "1/5"
    notice: {meeting_days: 7, documents_days: 3, emergency: {allowed: true, meeting_days: 1, declared_by: [committee]}}
    visibility: unit
  - id: committee
    name: District Committee
    per_unit_kind: district
    seats: [{elected: {by_members_of_each: district, count: 3}}]
    quorum: majority
    notice: {meeting_days: 7, documents_days: 3}
    visibility: unit
decision_types:
  - {id: charter.amend, name: Amend, bodies: [assembly], threshold: two_thirds_cast}
  - {id: decision.rescind, name: Rescind, bodies: all, threshold: majority_cast}
"""
