"""A small union whose General Assembly is apportioned by the members of each local
("locals of 10 to 19 members send one delegate, one more for each further 40 or part of
that, at most 4"), with members at every edge of the census date of 1 March 2026."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from minutebook.bodies.models import Body
from minutebook.charter.models import Unit
from minutebook.charter.services import charter_install_founding
from minutebook.members.models import Member, MembershipStatus, UnitMembership
from minutebook.members.services import member_change_status
from tests.factories import make_member

CENSUS_DAY = dt.date(2026, 3, 1)
DAY_BEFORE = CENSUS_DAY - dt.timedelta(days=1)
DAY_AFTER = CENSUS_DAY + dt.timedelta(days=1)

FIXED_SEATS = "      - elected: {by_members_of_each: local, count: 3, term_months: 12}\n"
APPORTIONED_SEATS = """      - elected:
          by_members_of_each: local
          term_months: 12
          apportioned:
            bands:
              - {from: 10, to: 19, seats: 1}
            further: {every: 40, seats: 1, part_counts: true}
            at_most: 4
"""


def apportioned_charter(small_charter_text: str) -> str:
    """The small charter with the General Assembly's delegates apportioned (the first of the
    two rules of three seats per local; the second is the local committee's)."""
    assert small_charter_text.count(FIXED_SEATS) == 2
    return small_charter_text.replace(FIXED_SEATS, APPORTIONED_SEATS, 1)


@dataclass
class ApportionedUnion:
    admin: object
    units: dict[str, Unit]
    assembly: Body
    members: dict[str, Member] = field(default_factory=dict)


def build_apportioned_union(small_charter_text: str) -> ApportionedUnion:
    """East Local: 6 members since the founding, and 4 more counted at the edges of the census
    day (joined on it; resigned the day after; left the local on it; joined West the day before
    and East long ago, counted in each) = 10, one delegate. Not counted in East: one who joined
    the day after, an applicant, one who resigned on the census day, one who left the local
    the day before. West Local: 8 since the founding and the member of both locals = 9, none."""
    admin = get_user_model().objects.create_superuser(username="admin", password="pw-admin-1")
    charter_install_founding(
        actor=admin, text=apportioned_charter(small_charter_text), source_name="apportioned.yaml"
    )
    units = {unit.slug: unit for unit in Unit.objects.all()}
    world = ApportionedUnion(
        admin=admin, units=units, assembly=Body.objects.get(definition="assembly")
    )
    east, west = units["east"], units["west"]
    for i in range(6):
        world.members[f"east-{i}"] = make_member(f"East Member {i}", east)
    for i in range(8):
        world.members[f"west-{i}"] = make_member(f"West Member {i}", west)
    m = world.members
    m["joined-on-the-day"] = make_member("Joined On The Day", east, since=CENSUS_DAY)
    m["joined-day-after"] = make_member("Joined Day After", east, since=DAY_AFTER)
    m["applicant"] = make_member("East Applicant", east, status=MembershipStatus.APPLICANT)
    m["resigned-on-the-day"] = make_member("Resigned On The Day", east)
    m["resigned-day-after"] = make_member("Resigned Day After", east)
    for key, day in (("resigned-on-the-day", CENSUS_DAY), ("resigned-day-after", DAY_AFTER)):
        member_change_status(
            actor=admin, member=m[key], status=MembershipStatus.RESIGNED, effective_on=day
        )
    # Leaving a local has no service yet: the membership's last day is set as a roll import
    # would set it.
    m["left-day-before"] = make_member("Left Day Before", east)
    m["left-on-the-day"] = make_member("Left On The Day", east)
    for key, day in (("left-day-before", DAY_BEFORE), ("left-on-the-day", CENSUS_DAY)):
        UnitMembership.objects.filter(member=m[key]).update(until=day)
    m["in-both"] = make_member("In Both Locals", east)
    UnitMembership.objects.create(member=m["in-both"], unit=west, since=DAY_BEFORE)
    return world
