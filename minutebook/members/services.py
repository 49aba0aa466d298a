"""The membership roll: joining, status changes with the decision behind each, units."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from minutebook.bodies.access import is_administrator
from minutebook.bodies.models import Seat
from minutebook.bodies.services import seat_end, seats_sync_all_members
from minutebook.charter.models import Unit
from minutebook.journal.services import journal_append
from minutebook.members.models import (
    Member,
    MembershipStatus,
    MembershipStatusChange,
    UnitMembership,
)

# Which recorded decision type may move a member into a status. A resignation is the member's
# own act; everything else a body decides.
DECISION_FOR_STATUS = {
    MembershipStatus.MEMBER: "member.admit",
    MembershipStatus.SUSPENDED: "member.suspend",
    MembershipStatus.EXPELLED: "member.expel",
}
ALLOWED_CHANGES = {
    MembershipStatus.APPLICANT: {MembershipStatus.MEMBER, MembershipStatus.RESIGNED},
    MembershipStatus.MEMBER: {
        MembershipStatus.SUSPENDED,
        MembershipStatus.EXPELLED,
        MembershipStatus.RESIGNED,
    },
    MembershipStatus.SUSPENDED: {
        MembershipStatus.MEMBER,
        MembershipStatus.EXPELLED,
        MembershipStatus.RESIGNED,
    },
    MembershipStatus.EXPELLED: {MembershipStatus.MEMBER},
    MembershipStatus.RESIGNED: {MembershipStatus.APPLICANT},
}


@transaction.atomic
def member_register(
    *,
    actor,
    username: str,
    full_name: str,
    membership_number: str,
    email: str = "",
    password: str | None = None,
    password_hash: str | None = None,
    unit: Unit | None = None,
    since: dt.date,
    imported_status: str | None = None,
) -> Member:
    """Put a person on the roll as an applicant, with a login.

    `imported_status` takes over a status from the organization's existing roll when Minutebook
    is introduced (founding members have no admission decision in this ledger); the import is
    journaled as such."""
    if actor is not None and not is_administrator(actor):
        raise PermissionDenied("only an administrator registers people")
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"the login '{username}' is taken"})
    if Member.objects.filter(membership_number=membership_number).exists():
        raise ValidationError({"membership_number": f"number {membership_number} is taken"})
    user = User.objects.create_user(username=username, email=email, password=password)
    if password_hash:
        # Importing a roll: a hash computed once instead of a slow key derivation per person.
        user.password = password_hash
        user.save(update_fields=["password"])
    status = MembershipStatus(imported_status or MembershipStatus.APPLICANT)
    member = Member.objects.create(
        user=user, full_name=full_name, membership_number=membership_number, status=status
    )
    note = "imported from the existing roll" if imported_status else "application"
    MembershipStatusChange.objects.create(
        member=member, status=status, effective_on=since, note=note
    )
    journal_append(
        actor=actor,
        action="member.register",
        obj=member,
        summary=f"{full_name} ({membership_number}) registered: {status.label.lower()} ({note})",
        after={
            "membership_number": membership_number,
            "full_name": full_name,
            "username": username,
            "status": status.value,
            "note": note,
        },
    )
    if unit is not None:
        member_join_unit(actor=actor, member=member, unit=unit, since=since)
    return member


@transaction.atomic
def member_join_unit(*, actor, member: Member, unit: Unit, since: dt.date) -> UnitMembership:
    if actor is not None and not is_administrator(actor):
        raise PermissionDenied("only an administrator changes unit membership")
    if not unit.is_active:
        raise ValidationError({"unit": f"{unit} was dissolved"})
    if UnitMembership.objects.filter(member=member, unit=unit, until__isnull=True).exists():
        raise ValidationError({"unit": f"{member} already belongs to {unit}"})
    membership = UnitMembership.objects.create(member=member, unit=unit, since=since)
    journal_append(
        actor=actor,
        action="member.join_unit",
        obj=member,
        summary=f"{member} joined {unit} on {since}",
        after={"unit": unit.slug, "since": since.isoformat()},
    )
    seats_sync_all_members(actor=actor, member=member, on=since)
    return membership


@transaction.atomic
def member_change_status(
    *,
    actor,
    member: Member,
    status: str,
    effective_on: dt.date,
    decision=None,
    note: str = "",
) -> MembershipStatusChange:
    """Change a member's status. Admission, suspension and expulsion need a regular recorded
    decision of the matching type (with its written grounds and appeal route in the ledger); no
    one is expelled by an administrator's click. Losing good standing ends the member's seats."""
    if actor is not None and not is_administrator(actor):
        raise PermissionDenied("only an administrator applies status changes")
    member = Member.objects.select_for_update().get(pk=member.pk)
    status = MembershipStatus(status)
    if status not in ALLOWED_CHANGES[MembershipStatus(member.status)]:
        raise ValidationError(
            {
                "status": f"{member} is {member.get_status_display().lower()}; cannot become {status.label.lower()}"
            }
        )
    required_type = DECISION_FOR_STATUS.get(status)
    if required_type is not None:
        if decision is None:
            raise ValidationError(
                {
                    "decision": f"becoming {status.label.lower()} needs a recorded '{required_type}' decision"
                }
            )
        if decision.decision_type != required_type:
            raise ValidationError(
                {
                    "decision": f"{decision.reference} is a '{decision.decision_type}' decision, not '{required_type}'"
                }
            )
        if decision.irregular:
            raise ValidationError(
                {
                    "decision": f"{decision.reference} is irregular and cannot change anyone's membership"
                }
            )
    before = member.status
    change = MembershipStatusChange.objects.create(
        member=member, status=status, effective_on=effective_on, decision=decision, note=note
    )
    member.status = status
    member.save(update_fields=["status"])
    journal_append(
        actor=actor,
        action="member.status",
        obj=member,
        summary=f"{member}: {before} → {status}"
        + (f" by {decision.reference}" if decision else ""),
        before={"status": before},
        after={
            "status": status.value,
            "effective_on": effective_on.isoformat(),
            "decision": decision.reference if decision else None,
            "note": note,
        },
    )
    if status != MembershipStatus.MEMBER:
        for seat in Seat.objects.current(on=effective_on).filter(
            member=member, via_seat__isnull=True
        ):
            seat_end(
                actor=actor,
                seat=seat,
                ended_on=effective_on,
                reason=f"member {status.label.lower()}",
            )
    seats_sync_all_members(actor=actor, member=member, on=effective_on)
    return change
