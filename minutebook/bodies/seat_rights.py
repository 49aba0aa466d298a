"""Which of the charter's seat rules a seat is held under, and so whether it carries a vote.

A seat does not store its rights: they are the charter's (`voting: false` on a seat rule), so
that an amendment giving or taking a vote applies to the seats already held."""

from __future__ import annotations

from minutebook.bodies.models import Seat, SeatMethod
from minutebook.charter.spec import BodySpec, SeatRule


def seat_rule_for(spec: BodySpec, seat: Seat) -> SeatRule | None:
    """The rule of `spec` the seat is held under: the same method, and for an ex officio seat
    the body (and office) that carries it, for an elected seat its constituency. A seat
    related as `via_seat__body` and `constituency` reads no further rows."""
    candidates = [rule for rule in spec.seats if rule.method == seat.method]
    if len(candidates) <= 1:
        return candidates[0] if candidates else None
    for rule in candidates:
        if seat.method == SeatMethod.EX_OFFICIO:
            via = seat.via_seat
            if via is None or via.body.definition != rule.of_body:
                continue
            if rule.office and via.office != rule.office:
                continue
            return rule
        if rule.by_members_of or rule.by_members_of_each:
            unit = seat.constituency
            if unit is None:
                continue
            if rule.by_members_of and unit.slug != rule.by_members_of:
                continue
            if rule.by_members_of_each and unit.kind != rule.by_members_of_each:
                continue
            return rule
        return rule
    return candidates[0]


def seat_votes(spec: BodySpec | None, seat: Seat) -> bool:
    """Whether the seat carries a vote: every seat does unless the charter says `voting: false`
    for its rule (a body the charter does not define has no rules, and decides nothing)."""
    if spec is None or not spec.has_non_voting_seats:
        return True
    rule = seat_rule_for(spec, seat)
    return rule is None or rule.voting


def non_voting_member_ids(spec: BodySpec | None, seats) -> set[int]:
    """Of the `seats` (a queryset of one body's seats), the members whose seat has no vote."""
    if spec is None or not spec.has_non_voting_seats:
        return set()
    seats = seats.select_related("via_seat__body", "constituency")
    return {seat.member_id for seat in seats if not seat_votes(spec, seat)}
