"""Seats in proportion to members: the census that counts each unit's members in good standing
on a date and fixes the seats the charter's formula gives it (`apportioned:`, read by
`minutebook.charter.apportionment`), and the seats in force for filling them.

A census is taken for each convention (or whenever the body's secretary records one): it
fixes who was counted, unit by unit, so that the count can be checked against the roll later,
and the seats that follow. Seat filling keeps to the seats of the latest census taken on or
before the day the seat starts; without a census, apportioned seats cannot be filled."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from minutebook.bodies.access import can_record_for_body
from minutebook.bodies.models import Body, Census, CensusCount, Seat, SeatMethod
from minutebook.charter.models import Unit
from minutebook.charter.selectors import charter_in_force
from minutebook.charter.spec import SeatRule
from minutebook.journal.services import journal_append
from minutebook.members.models import Member
from minutebook.members.selectors import in_good_standing_on, unit_members_on


def apportioned_rule(body: Body) -> SeatRule | None:
    """The body's seat rule whose units a census counts, if the charter in force has one: the
    apportioned rule, or the delegates' rule of a body whose units vote by their members
    (`vote_weights: {carry: members}`), whose seats stay the rule's `count`."""
    if not body.is_active:
        return None
    try:
        spec = charter_in_force().body(body.definition)
    except KeyError:
        return None
    apportioned = next((rule for rule in spec.seats if rule.apportionment is not None), None)
    if apportioned is not None:
        return apportioned
    if spec.vote_weights is not None and spec.vote_weights.carry == "members":
        return next((rule for rule in spec.seats if rule.by_members_of_each is not None), None)
    return None


def seats_for(rule: SeatRule, members: int) -> int:
    """A unit's seats under the rule: the formula's, or the fixed count per unit."""
    if rule.apportionment is not None:
        return rule.apportionment.seats_for(members)
    return rule.count or 0


def formula_words(rule: SeatRule) -> str:
    if rule.apportionment is not None:
        return rule.apportionment.words()
    return (
        f"{rule.count} seat{'s' if rule.count != 1 else ''} for each unit, whatever its members; "
        "the census counts the votes its delegates carry"
    )


def census_in_force(body: Body, on: dt.date | None = None) -> Census | None:
    """The census that fixes the body's apportioned seats on the day `on` (today by default):
    the latest one taken on or before it."""
    on = on or timezone.localdate()
    return body.censuses.filter(taken_on__lte=on).order_by("-taken_on", "-pk").first()


def apportioned_seats(body: Body, on: dt.date | None = None) -> dict[int, int] | None:
    """Seats by unit pk in the census in force on `on`; None when there is no census."""
    census = census_in_force(body, on)
    if census is None:
        return None
    return dict(census.counts.values_list("unit_id", "seats"))


def apportioned_limit(body: Body, constituency: Unit | None, on: dt.date) -> int:
    """How many apportioned seats the unit `constituency` has on `on`, for `seat_fill`;
    refuses when no census fixes them."""
    census = census_in_force(body, on)
    if census is None:
        raise ValidationError(
            {
                "body": f"the seats of each unit on {body.name} follow its members at a census, "
                f"and no census was taken on or before {on}: take one first"
            }
        )
    count = census.counts.filter(unit=constituency).first() if constituency else None
    if count is None or count.seats == 0:
        counted = f" ({count.members} members in good standing)" if count else ""
        raise ValidationError(
            {
                "constituency": f"the census of {census.taken_on} gives {constituency} no seats "
                f"on {body.name}{counted}"
            }
        )
    return count.seats


@dataclass(frozen=True)
class UnitCount:
    unit: Unit
    counted: list[Member]

    @property
    def members(self) -> int:
        return len(self.counted)


def count_members(body: Body, rule: SeatRule, on: dt.date) -> list[UnitCount]:
    """Each unit the rule gives seats to, with its members in good standing on `on` (members
    of the unit or of a unit below it, counted once)."""
    charter = charter_in_force()
    slugs = [u.id for u in charter.units_of_kind(rule.by_members_of_each, body.unit.slug)]
    units = {u.slug: u for u in Unit.objects.filter(slug__in=slugs, dissolved_by__isnull=True)}
    parents = dict(Unit.objects.values_list("pk", "parent_id"))
    top_of: dict[int, int] = {}  # every unit at or below a counted unit → the counted unit
    for unit in units.values():
        top_of[unit.pk] = unit.pk
    for pk in parents:
        walk = pk
        while walk is not None and walk not in top_of:
            walk = parents.get(walk)
        if walk is not None:
            top_of[pk] = top_of[walk]
    in_unit: dict[int, set[int]] = {unit.pk: set() for unit in units.values()}
    for member_id, unit_id in unit_members_on(on, list(top_of)):
        in_unit[top_of[unit_id]].add(member_id)
    everyone = set().union(*in_unit.values()) if in_unit else set()
    standing = {
        member.pk: member
        for member in in_good_standing_on(on, Member.objects.filter(pk__in=everyone)).order_by(
            "full_name", "membership_number"
        )
    }
    return [
        UnitCount(
            unit=units[slug],
            counted=[m for pk, m in standing.items() if pk in in_unit[units[slug].pk]],
        )
        for slug in slugs
        if slug in units
    ]


@transaction.atomic
def census_take(*, actor, body: Body, taken_on: dt.date, label: str = "") -> Census:
    """Count each unit's members in good standing on `taken_on` and fix the seats the
    charter's formula gives each unit, for the body's next filling of its apportioned seats.

    Recorded by administrators and the body's secretary; the census date cannot be a day not
    yet come (nobody can be counted then)."""
    if actor is not None and not can_record_for_body(actor, body):
        raise PermissionDenied(
            f"only an administrator or the secretary of {body.name} records its census"
        )
    body = Body.objects.select_for_update(of=("self",)).select_related("unit").get(pk=body.pk)
    rule = apportioned_rule(body)
    if rule is None:
        raise ValidationError(
            {
                "body": f"the charter does not apportion the seats of {body.name} by members, "
                "nor weigh its votes by them"
            }
        )
    if taken_on > timezone.localdate():
        raise ValidationError(
            {"taken_on": f"a census counts the members of a day that has come, not {taken_on}"}
        )
    label = label.strip()
    if len(label) > Census._meta.get_field("label").max_length:
        raise ValidationError({"label": "a census label has at most 200 characters"})
    formula = formula_words(rule)
    census = Census.objects.create(
        body=body,
        taken_on=taken_on,
        label=label,
        unit_kind=rule.by_members_of_each,
        formula=formula,
        recorded_by=actor,
    )
    recorded = {}
    for found in count_members(body, rule, taken_on):
        seats = seats_for(rule, found.members)
        count = CensusCount.objects.create(
            census=census, unit=found.unit, members=found.members, seats=seats
        )
        count.counted.set(found.counted)
        recorded[found.unit.slug] = {
            "members": found.members,
            "seats": seats,
            "counted": [m.membership_number for m in found.counted],
        }
    total = sum(entry["seats"] for entry in recorded.values())
    journal_append(
        actor=actor,
        action="census.take",
        obj=census,
        summary=f"Census of {taken_on} for {body.name}"
        + (f" ({label})" if label else "")
        + f": {sum(e['members'] for e in recorded.values())} members in good standing, "
        f"{total} seats",
        after={
            "body": body.slug,
            "taken_on": taken_on.isoformat(),
            "label": label,
            "formula": formula,
            "units": recorded,
        },
    )
    return census


@dataclass(frozen=True)
class CensusRow:
    """One unit of a census on the page: counted, seats, and how many are held today."""

    count: CensusCount
    held: int

    @property
    def vacant(self) -> int:
        return max(self.count.seats - self.held, 0)

    @property
    def over(self) -> int:
        return max(self.held - self.count.seats, 0)


def census_rows(census: Census, on: dt.date | None = None) -> list[CensusRow]:
    """The census's units, with the apportioned seats held on `on` (today) for each."""
    held: dict[int, int] = {}
    for unit_id in (
        Seat.objects.current(on=on)
        .filter(body=census.body, method=SeatMethod.ELECTED)
        .values_list("constituency_id", flat=True)
    ):
        held[unit_id] = held.get(unit_id, 0) + 1
    counts = census.counts.select_related("unit").prefetch_related("counted").order_by("unit__pk")
    return [CensusRow(count=count, held=held.get(count.unit_id, 0)) for count in counts]
