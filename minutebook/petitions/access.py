"""Who may see, start, sign and withdraw petitions, declared once for services, pages and API.

- **Signing** (and starting, which is signing first): a member in good standing who belongs
  to the petition's unit or a unit below it (for the units form: to a unit of that kind within
  it), or who holds a seat on the petition's body ("any two members of the council").
- **Seeing** a petition: administrators; whoever may read the records of the body it makes
  act (the charter's visibility of that body, `minutebook.bodies.access`); and everyone in its
  signing scope (members of its unit or below, or the seat holders of its body), in good
  standing or not, so that a suspended member sees the petition and the rule that keeps them
  from signing. To anyone else it does not exist (404).
- **Signers' names**: to those entitled to sign, to the responsible body's secretary (who has
  to check the requisition) and to administrators. Everyone else who sees the petition sees
  how many signed, not who.
- **Withdrawing a signature**: its signer, while signatures are collected. **Withdrawing the
  petition**: whoever started it, or an administrator, while signatures are collected.

Refusals that depend on who the person is are PermissionDenied (403); refusals that depend on
the petition's state (already signed, deadline passed, threshold reached) are the services'
ValidationErrors."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from minutebook.bodies.access import (
    can_record_for_body,
    is_administrator,
    member_of,
    require_insider,
    visible_body_ids,
)
from minutebook.bodies.models import Body, Seat
from minutebook.charter.models import Unit
from minutebook.charter.selectors import unit_and_descendant_ids
from minutebook.members.models import Member, MembershipStatus, UnitMembership
from minutebook.petitions.models import Petition, PetitionStatus, Signature


@dataclass(frozen=True)
class Scope:
    """Who may sign: the members of `unit` and below, or the seat holders of `body`; with
    `unit_kind` (the units form) each signature counts for the signer's unit of that kind."""

    unit: Unit
    body: Body | None = None
    unit_kind: str = ""

    @classmethod
    def of(cls, petition: Petition) -> Scope:
        return cls(unit=petition.unit, body=petition.signing_body, unit_kind=petition.unit_kind)

    def describe(self) -> str:
        if self.body is not None:
            return f"the seat holders of the {self.body.name}"
        if self.unit_kind:
            return f"the members of a {self.unit_kind} within {self.unit.name}"
        return f"the members of {self.unit.name} and the units below it"


def _parents() -> dict[int, int | None]:
    return dict(Unit.objects.values_list("pk", "parent_id"))


def counting_unit(member: Member, scope: Scope) -> Unit | None:
    """The unit the member's signature counts for, or None if the member is not in the scope
    (whatever their standing)."""
    if scope.body is not None:
        seated = Seat.objects.current().filter(body=scope.body, member=member).exists()
        return scope.unit if seated else None
    within = unit_and_descendant_ids(scope.unit)
    memberships = UnitMembership.objects.filter(
        member=member, until__isnull=True, unit_id__in=within
    ).select_related("unit")
    if not scope.unit_kind:
        first = memberships.order_by("since", "pk").first()
        return first.unit if first else None
    parents = _parents()
    kinds = dict(Unit.objects.filter(pk__in=within).values_list("pk", "kind"))
    for membership in memberships.order_by("since", "pk"):
        unit_id: int | None = membership.unit_id
        while unit_id in within:
            if kinds[unit_id] == scope.unit_kind:
                return Unit.objects.get(pk=unit_id)
            unit_id = parents.get(unit_id)
    return None


def sign_refusal(member: Member | None, scope: Scope) -> str | None:
    """Why `member` may not sign in this scope, in the charter's terms; None if they may."""
    if member is None:
        return "only members sign petitions"
    if member.status != MembershipStatus.MEMBER:
        return f"{member} is not a member in good standing ({member.get_status_display()})"
    if counting_unit(member, scope) is None:
        return f"only {scope.describe()} may sign"
    return None


def entitled_members(scope: Scope) -> QuerySet[Member]:
    """The members in good standing entitled to sign now (counted when a petition opens)."""
    good = Member.objects.filter(status=MembershipStatus.MEMBER)
    if scope.body is not None:
        return good.filter(
            pk__in=Seat.objects.current().filter(body=scope.body).values("member_id")
        )
    units = unit_and_descendant_ids(scope.unit)
    if scope.unit_kind:
        kind_units = Unit.objects.filter(pk__in=units, kind=scope.unit_kind)
        units = set().union(*(unit_and_descendant_ids(unit) for unit in kind_units))
    current = UnitMembership.objects.filter(until__isnull=True, unit_id__in=units)
    return good.filter(pk__in=current.values("member_id"))


def own_unit_of_kind(member: Member | None, kind: str) -> Unit | None:
    """The unit of `kind` the member belongs to (their unit or the nearest above it), for a
    petition of the members of each unit of a kind: it is of its starter's unit."""
    if member is None:
        return None
    parents = _parents()
    kinds = dict(Unit.objects.values_list("pk", "kind"))
    memberships = UnitMembership.objects.filter(member=member, until__isnull=True)
    for unit_id in memberships.order_by("since", "pk").values_list("unit_id", flat=True):
        while unit_id is not None:
            if kinds[unit_id] == kind:
                return Unit.objects.get(pk=unit_id)
            unit_id = parents.get(unit_id)
    return None


def require_signer(user, petition: Petition) -> Member:
    """The member behind `user` if they may sign this petition; PermissionDenied saying why
    not."""
    member = member_of(user)
    refusal = sign_refusal(member, Scope.of(petition))
    if refusal is not None:
        raise PermissionDenied(refusal)
    assert member is not None
    return member


# Seeing


def _own_units(member: Member) -> set[int]:
    """The units the member belongs to, with the units above them."""
    parents = _parents()
    found: set[int] = set()
    for unit_id in UnitMembership.objects.filter(member=member, until__isnull=True).values_list(
        "unit_id", flat=True
    ):
        while unit_id is not None and unit_id not in found:
            found.add(unit_id)
            unit_id = parents.get(unit_id)
    return found


def petitions_visible_to(user) -> QuerySet[Petition]:
    petitions = Petition.objects.all()
    if is_administrator(user):
        return petitions
    member = member_of(user)
    if member is None:
        return petitions.none()
    seated = Seat.objects.current().filter(member=member).values("body_id")
    return petitions.filter(
        Q(responsible_body_id__in=visible_body_ids(user))
        | Q(signing_body__isnull=True, unit_id__in=_own_units(member))
        | Q(signing_body_id__in=seated)
    )


def petition_for_viewer(user, pk: int) -> Petition:
    """The petition if `user` may see it; Http404 otherwise (hidden or missing)."""
    require_insider(user)
    try:
        return (
            petitions_visible_to(user)
            .select_related("unit", "signing_body", "responsible_body", "started_by")
            .get(pk=pk)
        )
    except Petition.DoesNotExist:
        raise Http404 from None


def can_see_signers(user, petition: Petition) -> bool:
    if is_administrator(user) or can_record_for_body(user, petition.responsible_body):
        return True
    return sign_refusal(member_of(user), Scope.of(petition)) is None


# Buttons: whether to offer an action (the services ask the same and say why not)


def standing_signature(user, petition: Petition) -> Signature | None:
    member = member_of(user)
    if member is None:
        return None
    return petition.signatures.standing().filter(member=member).first()


def can_sign(user, petition: Petition, now: dt.datetime) -> bool:
    return (
        petition.status_at(now) == PetitionStatus.COLLECTING
        and sign_refusal(member_of(user), Scope.of(petition)) is None
        and standing_signature(user, petition) is None
    )


def can_withdraw_signature(user, petition: Petition, now: dt.datetime) -> bool:
    return (
        petition.status_at(now) == PetitionStatus.COLLECTING
        and standing_signature(user, petition) is not None
    )


def may_withdraw_petition(user, petition: Petition) -> bool:
    member = member_of(user)
    return is_administrator(user) or (member is not None and member.pk == petition.started_by_id)


def can_withdraw_petition(user, petition: Petition, now: dt.datetime) -> bool:
    return petition.status_at(now) == PetitionStatus.COLLECTING and may_withdraw_petition(
        user, petition
    )
