"""Filling and ending seats, with their provenance, as the charter allows."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from minutebook.bodies.access import can_record_for_body
from minutebook.bodies.apportionment import apportioned_limit
from minutebook.bodies.eligibility import irregular_reason, may_stand, refusal
from minutebook.bodies.models import Body, Seat, SeatMethod
from minutebook.charter.ballots import elected_only_by_ballot
from minutebook.charter.models import Unit
from minutebook.charter.selectors import charter_in_force, unit_and_descendant_ids
from minutebook.charter.spec import SeatRule
from minutebook.dates import add_months
from minutebook.journal.services import journal_append
from minutebook.meetings.access import can_record_at_meeting
from minutebook.members.models import Member, MembershipStatus


def seat_rules(body: Body) -> tuple[SeatRule, ...]:
    if not body.chartered:
        return ()
    return charter_in_force().body(body.definition).seats


def _matching_rule(body: Body, method: str, constituency) -> SeatRule | None:
    for rule in seat_rules(body):
        if rule.method != method:
            continue
        if method == SeatMethod.ELECTED and (rule.by_members_of or rule.by_members_of_each):
            if constituency is None:
                continue
            if rule.by_members_of and constituency.slug != rule.by_members_of:
                continue
            if rule.by_members_of_each and constituency.kind != rule.by_members_of_each:
                continue
        return rule
    return None


def _seats_allowed(rule: SeatRule) -> int | None:
    return rule.count


@transaction.atomic
def seat_fill(
    *,
    actor,
    body: Body,
    member: Member,
    method: str,
    starts_on: dt.date,
    office: str = "",
    constituency=None,
    source_decision=None,
    source_election=None,
    via_seat: Seat | None = None,
    by_ballot: bool = False,
    proceed: bool = False,
    proceed_reason: str = "",
) -> Seat:
    """Seat a member on a body, as one of the charter's seat rules for that body allows.

    The seat records how it was filled: the election or appointment decision, the electing
    unit, or the seat that carries it ex officio; a seat won in an election counted in
    Minutebook names that election (`source_election`) in place of a decision. Refuses a body
    the charter does not define, a member not in good standing, a method the charter does not
    provide and a full body, and seats that the charter has elected only by a ballot of the
    members (`by_ballot`: filled by the count of such a ballot).
    An elected or appointed seat is refused to a member the charter's
    eligibility rules exclude (`bodies.eligibility.may_stand`: the rule and its article), unless
    the recorder `proceed`s: the seat is then irregular, its reason naming the rule broken and
    `proceed_reason`.

    Seats are recorded by administrators and the secretaries of the body and of the bodies
    that elect to it; the seats an election at a meeting filled also by whoever may chair that
    meeting while it is open (the chair closing the ballot)."""
    if not body.chartered:
        raise ValidationError(
            {"body": f"{body.name} is not a body of the charter and can hold no seats"}
        )
    if not body.is_active:
        raise ValidationError({"body": f"{body.name} was dissolved"})
    if actor is not None and not _may_fill(actor, body, source_election):
        raise PermissionDenied(
            f"only an administrator or the secretary of {body.name} records its seats"
            + (", or the chair of the meeting that elected them" if source_election else "")
        )
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status != MembershipStatus.MEMBER:
        raise ValidationError({"member": f"{member} is not a member in good standing"})
    rule = _matching_rule(body, method, constituency)
    if rule is None:
        raise ValidationError(
            {
                "method": f"the charter provides no {method.replace('_', ' ')} seats on {body.name}"
                + (f" for {constituency}" if constituency else "")
            }
        )
    if method == SeatMethod.EX_OFFICIO:
        if via_seat is None or via_seat.body.definition != rule.of_body:
            raise ValidationError(
                {"via_seat": "an ex officio seat comes with a seat on the body the charter names"}
            )
    elif (
        method in (SeatMethod.ELECTED, SeatMethod.APPOINTED)
        and source_decision is None
        and source_election is None
        and rule.by_body
    ):
        raise ValidationError(
            {
                "source_decision": f"seats elected or appointed by a body need the decision of that body ({rule.by_body})"
            }
        )
    if method == SeatMethod.ELECTED and not by_ballot:
        electorate = elected_only_by_ballot(charter_in_force(), rule)
        if electorate is not None:
            raise ValidationError(
                {
                    "method": f"the charter has these seats on {body.name} elected only by a "
                    f"ballot of the {electorate.name}: call an election by ballot"
                }
            )
    if office and office not in charter_in_force().body(body.definition).offices:
        raise ValidationError({"office": f"{body.name} has no office '{office}'"})
    irregular_because = _eligibility_problem(
        member, body, method, starts_on, proceed, proceed_reason
    )
    if (
        constituency is not None
        and body.unit_id
        and constituency.pk not in unit_and_descendant_ids(body.unit)
    ):
        raise ValidationError({"constituency": f"{constituency} is not part of {body.unit}"})

    # Lock the seats a new one could collide with, so that two clerks filling the last
    # vacancy, or the same office, cannot both succeed. A general meeting's seats are
    # unlimited: a congress of thousands does not lock them all for each new member.
    current = Seat.objects.select_for_update().current(on=starts_on).filter(body=body)
    limit = _seats_allowed(rule)
    if rule.apportionment is not None:  # the seats the census in force gives the unit
        limit = apportioned_limit(body, constituency, starts_on)
    if limit is not None:
        same_rule = [
            seat
            for seat in current.filter(method=method)
            if seat.method == method
            and (
                rule.by_members_of_each is None
                or seat.constituency_id == getattr(constituency, "pk", None)
            )
        ]
        if len(same_rule) >= limit:
            raise ValidationError(
                {
                    "body": f"all {limit} {method.replace('_', ' ')} seats on {body.name}"
                    + (f" for {constituency}" if constituency else "")
                    + " are filled"
                }
            )
    if office and list(current.filter(office=office)):
        raise ValidationError({"office": f"the office of {office} on {body.name} is held"})
    _close_expired(actor, body, member, starts_on)
    term_ends_on = (
        add_months(starts_on, rule.term_months) - dt.timedelta(days=1) if rule.term_months else None
    )
    try:
        with transaction.atomic():
            seat = Seat.objects.create(
                body=body,
                member=member,
                method=method,
                office=office,
                constituency=constituency,
                source_decision=source_decision,
                source_election=source_election,
                via_seat=via_seat,
                starts_on=starts_on,
                term_ends_on=term_ends_on,
                irregular=bool(irregular_because),
                irregular_reason=irregular_because,
            )
    except IntegrityError:
        raise ValidationError({"member": f"{member} already sits on {body.name}"}) from None
    journal_append(
        actor=actor,
        action="seat.fill",
        obj=seat,
        summary=f"{member} seated on {body.name} ({seat.get_method_display().lower()}"
        + (f", {office}" if office else "")
        + ")"
        + (" (IRREGULAR)" if seat.irregular else ""),
        after=seat_snapshot(seat),
    )
    _fill_ex_officio(actor, seat)
    return seat


def _eligibility_problem(
    member: Member, body: Body, method: str, day: dt.date, proceed: bool, proceed_reason: str
) -> str:
    """'' when the member may stand for the seat (or the seat is not one stood for); the
    irregular reason when the recorder proceeds although they may not; else refused."""
    if method not in (SeatMethod.ELECTED, SeatMethod.APPOINTED):
        return ""
    verdict = may_stand(member, body, day)
    if verdict.eligible:
        return ""
    if not proceed:
        raise ValidationError({"member": refusal(verdict, str(member))})
    return irregular_reason(verdict, proceed_reason)


def _may_fill(actor, body: Body, source_election=None) -> bool:
    if can_record_for_body(actor, body):
        return True
    if (
        source_election is not None
        and source_election.body_id == body.pk
        and can_record_at_meeting(actor, source_election.meeting)
    ):
        return True
    electors = {rule.by_body for rule in seat_rules(body) if rule.by_body}
    return any(
        can_record_for_body(actor, elector)
        for elector in Body.objects.filter(definition__in=electors, chartered=True)
    )


def _close_expired(actor, body: Body, member: Member, day: dt.date) -> None:
    for seat in Seat.objects.filter(
        body=body, member=member, ended_on__isnull=True, term_ends_on__lt=day
    ):
        _end_one(actor, seat, seat.term_ends_on, "term ended")


def _fill_ex_officio(actor, seat: Seat) -> None:
    """Seat the holder on every body where the charter gives this seat an ex officio place."""
    charter = charter_in_force()
    for spec in charter.bodies:
        for rule in spec.seats:
            if rule.method != SeatMethod.EX_OFFICIO or rule.of_body != seat.body.definition:
                continue
            if rule.office and rule.office != seat.office:
                continue
            for body in Body.objects.filter(
                definition=spec.id, chartered=True, dissolved_by__isnull=True
            ):
                if spec.per_unit_kind and seat.body.unit_id and body.unit_id != seat.body.unit_id:
                    continue
                # One person, one seat: a delegate who also sits ex officio keeps the seat they
                # were elected to.
                if (
                    Seat.objects.current(on=seat.starts_on)
                    .filter(body=body, member=seat.member)
                    .exists()
                ):
                    continue
                seat_fill(
                    actor=None,
                    body=body,
                    member=seat.member,
                    method=SeatMethod.EX_OFFICIO,
                    starts_on=seat.starts_on,
                    via_seat=seat,
                )


@transaction.atomic
def seat_end(*, actor, seat: Seat, ended_on: dt.date, reason: str) -> Seat:
    """End a seat (resignation, recall, loss of membership) and the ex officio seats it
    carries. The seat stays on the record with its dates."""
    if actor is not None and not _may_fill(actor, seat.body):
        raise PermissionDenied(
            f"only an administrator or the secretary of {seat.body.name} records its seats"
        )
    if not reason.strip():
        raise ValidationError({"reason": "say why the seat ends"})
    seat = Seat.objects.select_for_update().get(pk=seat.pk)
    if seat.ended_on is not None:
        raise ValidationError({"seat": "this seat has already ended"})
    if ended_on < seat.starts_on:
        raise ValidationError({"ended_on": "a seat cannot end before it starts"})
    _end_one(actor, seat, ended_on, reason.strip())
    return seat


def _end_one(actor, seat: Seat, ended_on: dt.date, reason: str) -> None:
    seat.ended_on = ended_on
    seat.end_reason = reason
    seat.save(update_fields=["ended_on", "end_reason"])
    journal_append(
        actor=actor,
        action="seat.end",
        obj=seat,
        summary=f"{seat.member} left {seat.body.name}: {reason}",
        before={"ended_on": None},
        after={"ended_on": ended_on.isoformat(), "reason": reason},
    )
    for carried in seat.ex_officio_seats.filter(ended_on__isnull=True):
        _end_one(
            actor,
            carried,
            max(ended_on, carried.starts_on),
            f"no longer holds the seat on {seat.body.name}",
        )


def seat_snapshot(seat: Seat) -> dict:
    snapshot = {
        "body": seat.body.slug,
        "member": seat.member.membership_number,
        "method": seat.method,
        "office": seat.office,
        "constituency": seat.constituency.slug if seat.constituency_id else None,
        "source_decision": seat.source_decision.reference if seat.source_decision_id else None,
        "via_seat": seat.via_seat_id,
        "starts_on": seat.starts_on.isoformat(),
        "term_ends_on": seat.term_ends_on.isoformat() if seat.term_ends_on else None,
    }
    if seat.source_election_id:
        snapshot["source_election"] = seat.source_election_id
    if seat.irregular:
        snapshot["irregular_reason"] = seat.irregular_reason
    return snapshot


def seats_sync_all_members(*, actor, member: Member, on: dt.date) -> None:
    """Give the member a seat on every general meeting (an `all_members` body) of the units
    they belong to, and end such seats where they no longer qualify. Called whenever a
    member's status or units change, in the same transaction."""
    from minutebook.members.models import UnitMembership

    charter = charter_in_force()
    general_meetings = {
        spec.id
        for spec in charter.bodies
        if any(r.method == SeatMethod.ALL_MEMBERS for r in spec.seats)
    }
    qualifying: set[int] = set()
    if member.status == MembershipStatus.MEMBER and general_meetings:
        parents = dict(Unit.objects.values_list("pk", "parent_id"))
        own = set()
        for unit_id in UnitMembership.objects.filter(member=member, until__isnull=True).values_list(
            "unit_id", flat=True
        ):
            while unit_id is not None and unit_id not in own:
                own.add(unit_id)
                unit_id = parents.get(unit_id)
        qualifying = set(
            Body.objects.filter(
                definition__in=general_meetings,
                chartered=True,
                dissolved_by__isnull=True,
                unit_id__in=own,
            ).values_list("pk", flat=True)
        )
    held = {
        seat.body_id: seat
        for seat in Seat.objects.filter(
            member=member, method=SeatMethod.ALL_MEMBERS, ended_on__isnull=True
        )
    }
    for body_id, seat in held.items():
        if body_id not in qualifying:
            _end_one(actor, seat, max(on, seat.starts_on), "no longer a member of the unit")
    for body in Body.objects.filter(pk__in=qualifying - held.keys()):
        seat_fill(actor=None, body=body, member=member, method=SeatMethod.ALL_MEMBERS, starts_on=on)


@transaction.atomic
def seat_assign_office(*, actor, seat: Seat, office: str, source_decision=None) -> Seat:
    """Give a seat holder an office of the body (chair, secretary...), or none with ''."""
    if actor is not None and not _may_fill(actor, seat.body):
        raise PermissionDenied(
            f"only an administrator or the secretary of {seat.body.name} records its offices"
        )
    seat = Seat.objects.select_for_update(of=("self",)).select_related("body").get(pk=seat.pk)
    if office and office not in charter_in_force().body(seat.body.definition).offices:
        raise ValidationError({"office": f"{seat.body.name} has no office '{office}'"})
    if (
        office
        and Seat.objects.current()
        .filter(body=seat.body, office=office)
        .exclude(pk=seat.pk)
        .exists()
    ):
        raise ValidationError({"office": f"the office of {office} on {seat.body.name} is held"})
    before = seat.office
    seat.office = office
    seat.save(update_fields=["office"])
    journal_append(
        actor=actor,
        action="seat.office",
        obj=seat,
        summary=f"{seat.member} on {seat.body.name}: office {office or 'none'}",
        before={"office": before},
        after={
            "office": office,
            "decision": source_decision.reference if source_decision else None,
        },
    )
    return seat


@transaction.atomic
def body_register_unchartered(*, actor, name: str, unit=None) -> Body:
    """Name a group that the charter does not know (an informal "coordinating committee"),
    so that what it claimed to decide can be recorded as irregular. Administrators only."""
    from django.utils.text import slugify

    from minutebook.bodies.access import is_administrator

    if actor is not None and not is_administrator(actor):
        raise PermissionDenied("only an administrator names unchartered groups")
    if not name.strip():
        raise ValidationError({"name": "give the group's name"})
    slug = "unchartered-" + slugify(name)
    if Body.objects.filter(slug=slug).exists():
        raise ValidationError({"name": f"a group named {name!r} is already on the record"})
    body = Body.objects.create(slug=slug, name=name.strip(), unit=unit, chartered=False)
    journal_append(
        actor=actor,
        action="body.unchartered",
        obj=body,
        summary=f"{body.name} entered on the record as a group the charter does not define",
        after={"name": body.name, "unit": unit.slug if unit else None, "chartered": False},
    )
    return body
