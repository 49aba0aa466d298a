"""The census of an apportioned body: who is counted on the census date, the seats that
follow, and seat filling that keeps to them (tests/bodies/apportioned_world.py)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minutebook.bodies.apportionment import census_in_force, census_take
from minutebook.bodies.models import Census, SeatMethod
from minutebook.bodies.selectors import body_seat_groups, seat_counts
from minutebook.bodies.services import seat_fill
from minutebook.charter.selectors import charter_in_force
from minutebook.journal.models import JournalEntry
from tests.bodies.apportioned_world import (
    CENSUS_DAY,
    DAY_AFTER,
    build_apportioned_union,
)
from tests.factories import make_member


@pytest.fixture
def world(db, small_charter_text):
    return build_apportioned_union(small_charter_text)


def _counted(census: Census, unit: str) -> set[str]:
    count = census.counts.get(unit__slug=unit)
    return {member.full_name for member in count.counted.all()}


def _delegate(world, member, unit, starts_on=DAY_AFTER):
    return seat_fill(
        actor=world.admin,
        body=world.assembly,
        member=member,
        method=SeatMethod.ELECTED,
        starts_on=starts_on,
        constituency=world.units[unit],
    )


def test_the_census_counts_the_members_in_good_standing_on_the_day(world):
    census = census_take(actor=world.admin, body=world.assembly, taken_on=CENSUS_DAY)

    east = _counted(census, "east")
    assert {"Joined On The Day", "Resigned Day After", "Left On The Day", "In Both Locals"} <= east
    assert not east & {
        "Joined Day After",
        "East Applicant",
        "Resigned On The Day",
        "Left Day Before",
    }
    counts = {c.unit.slug: (c.members, c.seats) for c in census.counts.all()}
    # East: 6 + 4 at the edges = 10, the first band: one seat. West: 8 + the member of both
    # locals = 9, under the first band: none.
    assert counts == {"east": (10, 1), "west": (9, 0)}
    assert "In Both Locals" in _counted(census, "west")


def test_a_census_the_day_before_does_not_count_who_joined_on_the_census_day(world):
    census = census_take(
        actor=world.admin, body=world.assembly, taken_on=CENSUS_DAY - dt.timedelta(days=1)
    )
    east = _counted(census, "east")
    # The day before, "Joined On The Day" was not yet a member, "Left Day Before" still was
    # (its last day), and the member of both locals had just joined West.
    assert "Joined On The Day" not in east
    assert "Left Day Before" in east
    assert "Resigned On The Day" in east
    assert census.counts.get(unit__slug="east").members == 11


def test_the_census_is_journaled_with_who_was_counted(world):
    census = census_take(
        actor=world.admin, body=world.assembly, taken_on=CENSUS_DAY, label="2026 Assembly"
    )
    entry = JournalEntry.objects.get(action="census.take", object_id=str(census.pk))
    assert entry.after["taken_on"] == "2026-03-01"
    assert entry.after["label"] == "2026 Assembly"
    assert entry.after["units"]["east"]["members"] == 10
    assert entry.after["units"]["east"]["seats"] == 1
    numbers = {world.members[k].membership_number for k in ("joined-on-the-day", "in-both")}
    assert numbers <= set(entry.after["units"]["east"]["counted"])
    assert (
        world.members["applicant"].membership_number not in entry.after["units"]["east"]["counted"]
    )
    assert "none from a unit of fewer than 10 members" in entry.after["formula"]


def test_apportioned_seats_cannot_be_filled_without_a_census(world):
    with pytest.raises(ValidationError, match="no census was taken on or before"):
        _delegate(world, world.members["east-0"], "east")


def test_seat_filling_keeps_to_the_seats_of_the_census(world):
    census_take(actor=world.admin, body=world.assembly, taken_on=CENSUS_DAY)
    _delegate(world, world.members["east-0"], "east")

    with pytest.raises(ValidationError, match="all 1 elected seats on General Assembly for East"):
        _delegate(world, world.members["east-1"], "east")
    with pytest.raises(ValidationError, match=r"gives West Local no seats .*\(9 members"):
        _delegate(world, world.members["west-0"], "west")


def test_a_seat_starting_before_the_census_date_has_no_census_in_force(world):
    census_take(actor=world.admin, body=world.assembly, taken_on=CENSUS_DAY)
    with pytest.raises(ValidationError, match="no census was taken on or before 2026-02-28"):
        _delegate(world, world.members["east-0"], "east", starts_on=CENSUS_DAY - dt.timedelta(1))


def test_a_new_census_for_the_next_convention_recalculates_the_seats(world):
    first = census_take(actor=world.admin, body=world.assembly, taken_on=CENSUS_DAY)
    joined = dt.date(2026, 4, 1)
    newcomers = [
        make_member(f"New Easterner {i}", world.units["east"], since=joined) for i in range(10)
    ]
    second = census_take(actor=world.admin, body=world.assembly, taken_on=dt.date(2026, 5, 1))

    # East: the 10 of the first census, less the one who resigned the day after it, plus the
    # 10 newcomers = 19 (still one seat); one more newcomer makes 20, the next step: two seats.
    assert second.counts.get(unit__slug="east").members == 19
    assert second.counts.get(unit__slug="east").seats == 1
    newcomers.append(make_member("New Easterner 10", world.units["east"], since=joined))
    third = census_take(actor=world.admin, body=world.assembly, taken_on=dt.date(2026, 5, 2))
    assert (
        third.counts.get(unit__slug="east").members,
        third.counts.get(unit__slug="east").seats,
    ) == (20, 2)
    # The first census stays on the record; seats follow the census in force on their day.
    assert census_in_force(world.assembly, CENSUS_DAY) == first
    assert census_in_force(world.assembly, dt.date(2026, 5, 2)) == third
    _delegate(world, newcomers[0], "east", starts_on=dt.date(2026, 5, 3))
    _delegate(world, newcomers[1], "east", starts_on=dt.date(2026, 5, 3))
    with pytest.raises(ValidationError, match="all 2 elected seats"):
        _delegate(world, newcomers[2], "east", starts_on=dt.date(2026, 5, 3))


def test_vacancies_come_from_the_census(world):
    census_take(actor=world.admin, body=world.assembly, taken_on=CENSUS_DAY)
    _delegate(world, world.members["east-0"], "east")

    groups = body_seat_groups(world.assembly)
    assert [(g.constituency.slug, g.seats, g.filled) for g in groups] == [
        ("east", 1, 1),
        ("west", 0, 0),
    ]
    count = seat_counts(charter_in_force(), [world.assembly])[world.assembly.pk]
    assert (count.fixed, count.fixed_held, count.vacancies) == (1, 1, 0)


def test_a_census_date_to_come_is_refused(world):
    with pytest.raises(ValidationError, match="a day that has come"):
        census_take(actor=world.admin, body=world.assembly, taken_on=dt.date(2027, 1, 1))


def test_a_body_without_apportioned_seats_takes_no_census(world):
    council = world.assembly.__class__.objects.get(definition="council")
    with pytest.raises(ValidationError, match="does not apportion the seats of Council"):
        census_take(actor=world.admin, body=council, taken_on=CENSUS_DAY)


def test_only_an_administrator_or_the_bodys_secretary_takes_the_census(world):
    member_user = world.members["east-1"].user
    with pytest.raises(PermissionDenied, match="secretary of General Assembly"):
        census_take(actor=member_user, body=world.assembly, taken_on=CENSUS_DAY)
    census_take(actor=world.admin, body=world.assembly, taken_on=CENSUS_DAY)
    seat = _delegate(world, world.members["east-0"], "east")
    seat.office = "secretary"
    seat.save(update_fields=["office"])
    secretary = world.members["east-0"].user
    assert census_take(actor=secretary, body=world.assembly, taken_on=DAY_AFTER).counts.count() == 2
