"""Who may read a body's records is what the charter says, and nothing more."""

import pytest

from minutebook.bodies.access import can_record_for_body, can_see_body_records, visible_body_ids
from minutebook.members.models import MembershipStatus
from minutebook.members.services import member_change_status
from tests.factories import record


def visible_slugs(org, user):
    return {slug for slug, body in org.bodies.items() if body.pk in visible_body_ids(user)}


def test_a_rank_and_file_member_sees_member_bodies_and_their_own_units(org):
    assert visible_slugs(org, org.user("east-member")) == {
        "assembly",
        "council",
        "local-committee.east",
    }


def test_a_seat_holder_sees_their_closed_body(org):
    assert "bureau" in visible_slugs(org, org.user("council-0"))
    assert "bureau" not in visible_slugs(org, org.user("council-4"))


def test_administrators_see_everything(org):
    assert visible_slugs(org, org.admin) == set(org.bodies)


@pytest.mark.parametrize("persona", ["outsider", "applicant"])
def test_people_who_are_not_members_see_no_records(org, outsider, persona):
    user = outsider if persona == "outsider" else org.user("applicant")
    assert visible_body_ids(user) == set()


def test_a_suspended_member_sees_no_records(org):
    suspension = record(org.bodies["council"], "member.suspend", yes=4, no=0, present=5)
    member_change_status(
        actor=org.admin,
        member=org.members["west-member"],
        status=MembershipStatus.SUSPENDED,
        effective_on=suspension.decided_on,
        decision=suspension,
    )
    user = org.user("west-member")
    assert not can_see_body_records(user, org.bodies["assembly"])


def test_only_the_bodys_secretary_and_administrators_record_for_it(org):
    assert can_record_for_body(org.user("council-0"), org.bodies["council"])
    assert not can_record_for_body(org.user("council-1"), org.bodies["council"])
    assert not can_record_for_body(org.user("council-0"), org.bodies["assembly"])
    assert can_record_for_body(org.admin, org.bodies["assembly"])
