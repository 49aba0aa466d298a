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


@transaction.atomic
def member_record_dues(*, actor, member: Member, paid_until: dt.date, note: str = "") -> Member:
    """Record the day up to which a member's dues are paid (from the treasurer's books or an
    import): what the charter's rule of good standing by dues reads
    (`eligibility.good_standing.dues_arrears_months_at_most`). Administrators only."""
    if actor is not None and not is_administrator(actor):
        raise PermissionDenied("only an administrator records dues")
    if not isinstance(paid_until, dt.date):
        raise ValidationError({"paid_until": "give the day up to which dues are paid"})
    member = Member.objects.select_for_update().get(pk=member.pk)
    before = member.dues_paid_until
    member.dues_paid_until = paid_until
    member.save(update_fields=["dues_paid_until"])
    journal_append(
        actor=actor,
        action="member.dues",
        obj=member,
        summary=f"{member}: dues paid until {paid_until.isoformat()}"
        + (f" ({note.strip()})" if note.strip() else ""),
        before={"dues_paid_until": before.isoformat() if before else None},
        after={"dues_paid_until": paid_until.isoformat(), "note": note.strip()},
    )
    return member


@transaction.atomic
def member_record_birth_date(*, actor, member: Member, date_of_birth: dt.date | None) -> Member:
    """Record (or clear, with None) a member's date of birth, for the charter's minimum ages."""
    if actor is not None and not is_administrator(actor):
        raise PermissionDenied("only an administrator records dates of birth")
    member = Member.objects.select_for_update().get(pk=member.pk)
    before = member.date_of_birth
    member.date_of_birth = date_of_birth
    member.save(update_fields=["date_of_birth"])
    journal_append(
        actor=actor,
        action="member.birth_date",
        obj=member,
        summary=f"{member}: date of birth " + ("recorded" if date_of_birth else "cleared"),
        before={"date_of_birth": before.isoformat() if before else None},
        after={"date_of_birth": date_of_birth.isoformat() if date_of_birth else None},
    )
    return member


@transaction.atomic
def dues_import(*, actor, rows: list[tuple[str, str]], note: str = "imported") -> int:
    """Record dues from rows of (membership number, paid until as YYYY-MM-DD), all or none:
    every bad row is named (its line, from 1) and nothing is written if any is bad."""
    problems: list[str] = []
    found: list[tuple[Member, dt.date]] = []
    members = {m.membership_number: m for m in Member.objects.all()}
    for line, (number, paid_until) in enumerate(rows, start=1):
        member = members.get(number.strip())
        try:
            day = dt.date.fromisoformat(paid_until.strip())
        except ValueError:
            problems.append(f"line {line}: '{paid_until}' is not a date (YYYY-MM-DD)")
            continue
        if member is None:
            problems.append(f"line {line}: no member numbered '{number}'")
            continue
        found.append((member, day))
    if problems:
        raise ValidationError({"rows": problems})
    for member, day in found:
        member_record_dues(actor=actor, member=member, paid_until=day, note=note)
    return len(found)
