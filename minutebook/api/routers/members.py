"""The roll and each member's record: units, seats, status history."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from minutebook.api.access import (
    member_for_viewer,
    require_roll_access,
    visible_decision,
    visible_election,
    visible_reference,
)
from minutebook.api.errors import ErrorOut, unknown
from minutebook.api.pagination import PageParams, paginate
from minutebook.api.routers.bodies import SeatElectionOut
from minutebook.bodies.access import is_administrator
from minutebook.bodies.eligibility import member_eligibility
from minutebook.bodies.models import Seat
from minutebook.members.models import Member, MembershipStatus, UnitMembership
from minutebook.members.services import member_change_status, member_record_dues

router = Router(tags=["members"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}


class MemberOut(Schema):
    membership_number: str
    full_name: str
    status: MembershipStatus
    units: list[str]


class MemberPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[MemberOut]


class RollFilters(PageParams):
    status: MembershipStatus | None = None
    unit: str | None = None
    q: str | None = None


class UnitMembershipOut(Schema):
    unit: str
    unit_name: str
    since: dt.date
    until: dt.date | None


class MemberSeatOut(Schema):
    id: int
    body: str
    body_name: str
    method: str
    office: str
    constituency: str | None
    source_decision: str | None
    source_election: SeatElectionOut | None
    via_seat: int | None
    starts_on: dt.date
    term_ends_on: dt.date | None
    ended_on: dt.date | None
    end_reason: str


class StatusChangeOut(Schema):
    status: MembershipStatus
    effective_on: dt.date
    decision: str | None
    note: str


class MemberDetailOut(MemberOut):
    unit_history: list[UnitMembershipOut]
    seats: list[MemberSeatOut]
    status_history: list[StatusChangeOut]


class StatusChangeIn(Schema):
    status: MembershipStatus
    effective_on: dt.date
    decision: str | None = None
    note: str = ""


def _current_units(member: Member) -> list[str]:
    return [m.unit.slug for m in member.current_units]


def _member_out(member: Member) -> dict:
    return {
        "membership_number": member.membership_number,
        "full_name": member.full_name,
        "status": member.status,
        "units": _current_units(member),
    }


def _status_change_out(viewer, change) -> dict:
    return {
        "status": change.status,
        "effective_on": change.effective_on,
        "decision": visible_reference(viewer, change.decision),
        "note": change.note,
    }


def _with_current_units(members):
    current = UnitMembership.objects.filter(until__isnull=True).select_related("unit")
    return members.prefetch_related(
        Prefetch("unit_memberships", queryset=current, to_attr="current_units")
    )


@router.get("/members", response={200: MemberPage, **ERRORS}, summary="The roll")
def members_list(request, filters: Query[RollFilters]):
    require_roll_access(request.auth)
    members = _with_current_units(Member.objects.order_by("full_name", "pk"))
    if filters.status:
        members = members.filter(status=filters.status)
    if filters.unit:
        members = members.filter(
            unit_memberships__unit__slug=filters.unit, unit_memberships__until__isnull=True
        )
    if filters.q:
        members = members.filter(
            Q(full_name__icontains=filters.q) | Q(membership_number__icontains=filters.q)
        )
    return paginate(members, filters, _member_out)


@router.get(
    "/members/{membership_number}",
    response={200: MemberDetailOut, **ERRORS},
    summary="A member's record",
)
def member_get(request, membership_number: str):
    viewer = request.auth
    member = member_for_viewer(viewer, membership_number)
    member = _with_current_units(Member.objects.filter(pk=member.pk)).get()
    seats = Seat.objects.filter(member=member).select_related(
        "body", "constituency", "source_decision", "source_election__meeting"
    )
    out = _member_out(member)
    out["unit_history"] = [
        {"unit": m.unit.slug, "unit_name": m.unit.name, "since": m.since, "until": m.until}
        for m in member.unit_memberships.select_related("unit")
    ]
    out["seats"] = [
        {
            "id": seat.pk,
            "body": seat.body.slug,
            "body_name": seat.body.name,
            "method": seat.method,
            "office": seat.office,
            "constituency": seat.constituency.slug if seat.constituency_id else None,
            "source_decision": visible_reference(viewer, seat.source_decision),
            "source_election": visible_election(viewer, seat.source_election),
            "via_seat": seat.via_seat_id,
            "starts_on": seat.starts_on,
            "term_ends_on": seat.term_ends_on,
            "ended_on": seat.ended_on,
            "end_reason": seat.end_reason,
        }
        for seat in seats
    ]
    out["status_history"] = [
        _status_change_out(viewer, change)
        for change in member.status_history.select_related("decision")
    ]
    return out


@router.post(
    "/members/{membership_number}/status",
    response={201: StatusChangeOut, **ERRORS, 422: ErrorOut},
    summary="Apply a status change (administrators)",
)
def member_status_change(request, membership_number: str, payload: StatusChangeIn):
    """Admission, suspension and expulsion need the reference of the regular decision of
    the matching type; a resignation needs none."""
    viewer = request.auth
    with transaction.atomic():
        member = member_for_viewer(viewer, membership_number)
        decision = None
        if payload.decision:
            decision = visible_decision(viewer, payload.decision)
            if decision is None:
                raise unknown("decision", f"no decision {payload.decision}")
        change = member_change_status(
            actor=viewer,
            member=member,
            status=payload.status,
            effective_on=payload.effective_on,
            decision=decision,
            note=payload.note,
        )
    return Status(201, _status_change_out(viewer, change))


class BreachOut(Schema):
    rule: str = Field(description="the charter's rule id, or vote./stand./good_standing. + key")
    words: str
    articles: list[str]
    met_on: dt.date | None = Field(description="the day time alone meets the rule, if it does")


class VerdictOut(Schema):
    body: str
    body_name: str
    eligible: bool
    eligible_from: dt.date | None
    breaches: list[BreachOut]
    notes: list[str]


class EligibilityOut(Schema):
    day: dt.date
    vote: list[VerdictOut]
    stand: list[VerdictOut]


class DuesIn(Schema):
    paid_until: dt.date
    note: str = ""


class DuesOut(Schema):
    membership_number: str
    dues_paid_until: dt.date | None


def _verdict_out(body, verdict) -> dict:
    return {"body": body.slug, "body_name": body.name, **verdict.as_json()}


@router.get(
    "/members/{membership_number}/eligibility",
    response={200: EligibilityOut, **ERRORS},
    summary="What a member may vote in and stand for today, and why not (the member, "
    "administrators)",
)
def member_eligibility_get(request, membership_number: str, day: dt.date | None = None):
    """Read from the charter's eligibility rules. Dues and age are the member's own business:
    only they and administrators see this (others: 403)."""
    viewer = request.auth
    member = member_for_viewer(viewer, membership_number)
    if member.user_id != viewer.pk and not is_administrator(viewer):
        raise PermissionDenied("a member's eligibility is shown to them and to administrators")
    found = member_eligibility(member, day or timezone.localdate())
    return {
        "day": found.day,
        "vote": [_verdict_out(body, verdict) for body, verdict in found.vote],
        "stand": [_verdict_out(body, verdict) for body, verdict in found.stand],
    }


@router.post(
    "/members/{membership_number}/dues",
    response={200: DuesOut, **ERRORS, 422: ErrorOut},
    summary="Record the day up to which a member's dues are paid (administrators)",
)
def member_dues_record(request, membership_number: str, payload: DuesIn):
    viewer = request.auth
    with transaction.atomic():
        member = member_for_viewer(viewer, membership_number)
        member = member_record_dues(
            actor=viewer, member=member, paid_until=payload.paid_until, note=payload.note
        )
    return {
        "membership_number": member.membership_number,
        "dues_paid_until": member.dues_paid_until,
    }
