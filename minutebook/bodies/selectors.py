"""Reading bodies and their seats: who sits where, how they got there, and how many seats the
charter leaves empty. Who sits where is open to every member; the records of a body (its
decisions) are filtered by `minutebook.bodies.access`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from minutebook.bodies.apportionment import apportioned_seats, census_in_force
from minutebook.bodies.models import Body, Seat
from minutebook.charter.models import Unit
from minutebook.charter.selectors import charter_in_force, unit_tree, unit_tree_flat
from minutebook.charter.spec import Charter

SEAT_RELATED = (
    "member",
    "body",
    "constituency",
    "source_decision__body",
    "source_election__meeting__body",
    "via_seat__body",
)


@dataclass(frozen=True)
class SeatCount:
    """The seats of one body today: all seats held, and of the elected and appointed seats the
    charter fixes (None when it fixes none: ex officio or general-meeting bodies) how many
    are filled and how many vacant, counted rule by rule and constituency by constituency
    like `body_seat_groups`."""

    held: int
    fixed: int | None
    fixed_held: int
    vacancies: int | None


def seat_counts(charter: Charter, bodies: Iterable[Body]) -> dict[int, SeatCount]:
    """Seat counts and vacancies for many bodies in two queries. `bodies` should come with
    their unit (select_related)."""
    bodies = list(bodies)
    rows = (
        Seat.objects.current()
        .filter(body__in=bodies)
        .values("body_id", "method", "constituency_id")
        .annotate(n=Count("pk"))
    )
    held: dict[int, dict[tuple[str, int | None], int]] = {}
    for row in rows:
        held.setdefault(row["body_id"], {})[(row["method"], row["constituency_id"])] = row["n"]
    unit_pks = dict(Unit.objects.values_list("slug", "pk"))
    counts = {}
    for body in bodies:
        seats = held.get(body.pk, {})
        fixed = vacant = 0
        for rule in _fixed_rules(charter, body):
            by_method = {c: n for (m, c), n in seats.items() if m == rule.method}
            if rule.apportionment is not None:  # the seats of the census in force
                for unit_pk, apportioned in (apportioned_seats(body) or {}).items():
                    fixed += apportioned
                    vacant += max(apportioned - by_method.get(unit_pk, 0), 0)
                continue
            # A range of seats ("three to five") is short only below its fewest.
            needed = rule.count_min or rule.count
            if rule.by_members_of_each is None:
                fixed += rule.count
                vacant += max(needed - sum(by_method.values()), 0)
                continue
            for unit in charter.units_of_kind(rule.by_members_of_each, body.unit.slug):
                fixed += rule.count
                vacant += max(needed - by_method.get(unit_pks.get(unit.id), 0), 0)
        counts[body.pk] = SeatCount(
            held=sum(seats.values()),
            fixed=fixed or None,
            fixed_held=fixed - vacant,
            vacancies=vacant if fixed else None,
        )
    return counts


def _fixed_rules(charter: Charter, body: Body):
    """The body's seat rules with a fixed number of seats; none for a body the charter in
    force does not define, nor for one where the charter leaves the number of some elected or
    appointed seats open (its seats have no total, so none is shown as vacant)."""
    if not body.is_active:
        return ()
    try:
        spec = charter.body(body.definition)
    except KeyError:
        return ()
    if any(rule.count_unspecified for rule in spec.seats):
        return ()
    return tuple(
        rule for rule in spec.seats if rule.count is not None or rule.apportionment is not None
    )


def current_seats_of_body(body: Body, offices: tuple[str, ...] = ()) -> list[Seat]:
    """Today's seats, office holders first in the charter's order of `offices`, then the
    others by name."""
    seats = Seat.objects.current().filter(body=body).select_related(*SEAT_RELATED)

    def rank(seat: Seat) -> tuple[int, str]:
        if not seat.office:
            return len(offices) + 1, seat.member.full_name
        position = offices.index(seat.office) if seat.office in offices else len(offices)
        return position, seat.member.full_name

    return sorted(seats.order_by("member__full_name"), key=rank)


def past_seats_of_body(body: Body):
    """Seats that ended, or whose term ran out, newest first."""
    today = timezone.localdate()
    return (
        Seat.objects.filter(body=body)
        .filter(Q(ended_on__lte=today) | Q(term_ends_on__lt=today))
        .select_related(*SEAT_RELATED)
        .order_by("-starts_on", "-pk")
    )


def seats_of_member(member, *, current: bool):
    today = timezone.localdate()
    seats = Seat.objects.filter(member=member).select_related(*SEAT_RELATED, "body__unit")
    held = Seat.objects.current(on=today).filter(member=member)
    if current:
        return seats.filter(pk__in=held.values("pk")).order_by("body__name")
    ended = seats.exclude(pk__in=held.values("pk")).filter(starts_on__lte=today)
    return ended.order_by("-starts_on", "-pk")


def active_bodies():
    return Body.objects.filter(dissolved_by__isnull=True).select_related("unit")


def bodies_by_unit():
    """The active bodies grouped by unit in tree order, as (depth, unit, bodies) for units
    that have bodies, and the bodies attached to no unit (unchartered groups)."""
    groups = [
        (depth, node.unit, node.bodies)
        for depth, node in unit_tree_flat(unit_tree())
        if node.bodies
    ]
    unattached = list(active_bodies().filter(unit__isnull=True).order_by("name"))
    return groups, unattached


def dissolved_bodies():
    return Body.objects.filter(dissolved_by__isnull=False).select_related("unit", "dissolved_by")


@dataclass(frozen=True)
class SeatGroup:
    """The seats one of the charter's seat rules gives a body — for one constituency, where
    the rule elects seats per unit — and how many of them are filled."""

    method: str
    constituency: Unit | None
    seats: int
    filled: int
    fewest: int | None = None  # a range of seats: the fewest it may have

    @property
    def vacant(self) -> int:
        """Seats to fill: up to the number, or for a range up to its fewest."""
        return max((self.fewest or self.seats) - self.filled, 0)


def body_seat_groups(
    body: Body, *, on: dt.date | None = None, held: Iterable[Seat] | None = None
) -> list[SeatGroup]:
    """The body's elected and appointed seats by rule, filled and vacant, counted the way
    `seat_fill` counts them when it refuses a full body. Ex officio and all-members seats
    have no fixed number and are left out. `held` may pass the current seats already read."""
    if not body.is_active:
        return []
    charter = charter_in_force()
    spec = charter.body(body.definition)
    held = list(held) if held is not None else list(Seat.objects.current(on=on).filter(body=body))
    groups: list[SeatGroup] = []
    for rule in spec.seats:
        if rule.apportionment is not None:
            groups.extend(_apportioned_groups(body, rule, held, on))
            continue
        if rule.count is None:
            continue
        same_method = [seat for seat in held if seat.method == rule.method]
        if rule.by_members_of_each is None:
            groups.append(
                SeatGroup(rule.method, None, rule.count, len(same_method), rule.count_min)
            )
            continue
        slugs = [u.id for u in charter.units_of_kind(rule.by_members_of_each, body.unit.slug)]
        units = {unit.slug: unit for unit in Unit.objects.filter(slug__in=slugs)}
        for slug in slugs:
            unit = units[slug]
            filled = sum(1 for seat in same_method if seat.constituency_id == unit.pk)
            groups.append(SeatGroup(rule.method, unit, rule.count, filled, rule.count_min))
    return groups


def _apportioned_groups(body: Body, rule, held: list[Seat], on: dt.date | None) -> list[SeatGroup]:
    """The seats the census in force on `on` gives each unit (none without a census)."""
    census = census_in_force(body, on)
    if census is None:
        return []
    same_method = [seat for seat in held if seat.method == rule.method]
    return [
        SeatGroup(
            rule.method,
            count.unit,
            count.seats,
            sum(1 for seat in same_method if seat.constituency_id == count.unit_id),
        )
        for count in census.counts.select_related("unit").order_by("unit__pk")
    ]
