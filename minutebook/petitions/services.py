"""Starting, signing and withdrawing petitions; a petition that reaches its threshold becomes
an obligation of the responsible body, in the transaction of the signature that reaches it.

Every change is journaled in its own transaction. Signing and withdrawing lock the petition's
row first, so that signatures are counted one after the other: two signatures racing at the
threshold make it valid once, and the second is refused (the petition no longer collects).
Who may do what is `minutebook.petitions.access`.

The moments recorded (opening, signatures, reaching the threshold) come from
`minutebook.meetings.clock`, so that a petition of the past can be replayed into the record
with `clock.replaying(moment)` (the demo's story, an import of a petition signed on paper);
the journal still says when each entry was really written."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from minutebook.bodies.access import member_of
from minutebook.bodies.models import Body
from minutebook.charter.models import Unit
from minutebook.charter.petitions import (
    PetitionKindSpec,
    Signers,
    ThresholdForm,
    describe_kind,
    petition_kind,
)
from minutebook.charter.selectors import charter_version_in_force, parsed_charter
from minutebook.charter.services import body_slug
from minutebook.charter.spec import Charter
from minutebook.journal.services import journal_append
from minutebook.meetings import clock
from minutebook.members.models import Member
from minutebook.obligations import kinds as obligation_kinds
from minutebook.obligations.services import obligation_arise
from minutebook.petitions.access import (
    Scope,
    counting_unit,
    entitled_members,
    may_withdraw_petition,
    own_unit_of_kind,
    require_signer,
    sign_refusal,
)
from minutebook.petitions.models import Petition, PetitionStatus, Signature
from minutebook.petitions.selectors import petition_progress

TITLE_MAX = 300


def _body(charter: Charter, body_id: str, unit_id: str) -> Body:
    """The body the charter names, or for a body in every unit of a kind, its instance that
    acts for `unit_id` (the loader checked there is one)."""
    acting = charter.acting_unit(body_id, unit_id)
    per_unit = charter.body(body_id).per_unit_kind is not None
    return Body.objects.get(slug=body_slug(body_id, acting, per_unit))


def kind_scope(charter: Charter, kind: PetitionKindSpec, member: Member | None) -> Scope | None:
    """Who may sign a petition of `kind` started by `member`, as rows of the record; None
    when the kind is of each unit of a kind and the member is in none."""
    if kind.signers == Signers.SEATS_OF:
        body = Body.objects.select_related("unit").get(slug=kind.signers_of)
        return Scope(unit=body.unit, body=body)
    if kind.signers == Signers.MEMBERS_OF_EACH:
        unit = own_unit_of_kind(member, kind.signers_of)
        return Scope(unit=unit) if unit is not None else None
    unit = Unit.objects.get(slug=kind.signers_of)
    return Scope(unit=unit, unit_kind=kind.threshold.of_kind or "")


def _requirement(charter: Charter, kind: PetitionKindSpec, unit_id: str) -> dict[str, Any]:
    need = kind.requires
    requirement: dict[str, Any] = {
        "kind": need.kind.value,
        "obligation_kind": need.obligation_kind,
        "body": _body(charter, need.body, unit_id).slug,
        "within_days": need.within_days,
        "words": describe_kind(charter, kind)["requires"],
    }
    if need.office:
        requirement.update(office=need.office, decision_type=need.decision_type)
    return requirement


def _threshold(kind: PetitionKindSpec) -> dict[str, Any]:
    threshold = kind.threshold
    written: dict[str, Any] = {"form": threshold.form.value}
    if threshold.form == ThresholdForm.MEMBERS:
        written["members"] = threshold.members
    elif threshold.form in (ThresholdForm.PERCENT, ThresholdForm.MORE_THAN_PERCENT):
        written["percent"] = str(threshold.percent)
    else:
        written.update(
            units=threshold.units,
            of_kind=threshold.of_kind,
            each_with_at_least=threshold.each_with_at_least,
        )
    return written


def _snapshot(petition: Petition) -> dict[str, Any]:
    return {
        "kind": petition.kind,
        "title": petition.title,
        "status": petition.status,
        "unit": petition.unit.slug,
        "responsible_body": petition.responsible_body.slug,
        "closes_at": petition.closes_at.isoformat() if petition.closes_at else None,
        "entitled_at_opening": petition.entitled_at_opening,
        "required_signatures": petition.required_signatures,
        "required_units": petition.required_units,
        "requirement": petition.requirement,
    }


@transaction.atomic
def petition_start(*, actor, kind: str, title: str, demand: str) -> Petition:
    """Open a petition of the charter's kind `kind`, signed first by the member starting it
    (their signature counts like any other and may be withdrawn like any other). Only those
    entitled to sign may start one. The count of those entitled to sign, and with it a
    percentage threshold, is fixed now, at opening."""
    version = charter_version_in_force()
    charter = parsed_charter(version)
    try:
        spec = petition_kind(charter, kind)
    except KeyError:
        raise ValidationError({"kind": f"the charter has no kind of petition '{kind}'"}) from None
    member = member_of(actor)
    scope = kind_scope(charter, spec, member)
    if scope is None:
        raise PermissionDenied(
            f"only the members of a {spec.signers_of} may start a {spec.name.lower()}, each "
            f"for their own {spec.signers_of}"
        )
    refusal = sign_refusal(member, scope)
    if refusal is not None:
        raise PermissionDenied(f"{refusal}, so only they may start a {spec.name.lower()}")
    assert member is not None
    title, demand = title.strip(), demand.strip()
    if not title:
        raise ValidationError({"title": "give the petition a title"})
    if len(title) > TITLE_MAX:
        raise ValidationError({"title": f"a title has at most {TITLE_MAX} characters"})
    if not demand:
        raise ValidationError({"demand": "say what the petition demands"})
    if not obligation_kinds.registered(spec.requires.obligation_kind):
        raise ValidationError(
            {
                "kind": f"a {spec.name.lower()} requires a {spec.requires.obligation_kind}, "
                "which this installation cannot record yet"
            }
        )
    requirement = _requirement(charter, spec, scope.unit.slug)
    entitled = entitled_members(scope).count()
    now = clock.now()
    petition = Petition.objects.create(
        kind=spec.id,
        kind_name=spec.name,
        charter_version=version,
        unit=scope.unit,
        signing_body=scope.body,
        responsible_body=Body.objects.get(slug=requirement["body"]),
        title=title,
        demand=demand,
        started_by=member,
        opened_at=now,
        closes_at=(
            now + dt.timedelta(days=spec.collect_days) if spec.collect_days is not None else None
        ),
        entitled_at_opening=entitled,
        required_signatures=spec.threshold.required(entitled),
        required_units=spec.threshold.units,
        unit_kind=scope.unit_kind,
        threshold=_threshold(spec),
        requirement=requirement,
    )
    journal_append(
        actor=actor,
        action="petition.start",
        obj=petition,
        summary=f"{petition}: started by {member} ({spec.name}); signatures "
        + (
            f"until {timezone.localtime(petition.closes_at):%-d %B %Y %H:%M}"
            if petition.closes_at
            else "until it is valid or withdrawn (the charter fixes no period)"
        ),
        after=_snapshot(petition),
    )
    _sign(actor=actor, petition=petition, member=member, now=now)
    return petition


def _locked(petition: Petition) -> Petition:
    return (
        Petition.objects.select_for_update(of=("self",))
        .select_related("unit", "signing_body", "responsible_body")
        .get(pk=petition.pk)
    )


def _refuse_unless_collecting(petition: Petition, now: dt.datetime, doing: str) -> None:
    status = petition.status_at(now)
    if status == PetitionStatus.COLLECTING:
        return
    if status == PetitionStatus.FAILED:
        closed = timezone.localtime(petition.closes_at)
        why = f"signatures were taken until {closed:%-d %B %Y %H:%M}, and the petition failed"
    elif status == PetitionStatus.REACHED:
        why = "the petition has reached its threshold and is valid"
    else:
        why = "the petition was withdrawn"
    raise ValidationError({"status": f"{why}: no one can {doing} any more"})


@transaction.atomic
def petition_sign(*, actor, petition: Petition) -> Signature:
    """Sign as the member behind `actor`: refused (PermissionDenied) to anyone the charter
    does not entitle to sign, and (ValidationError) once signed, after the deadline, or when
    the petition no longer collects signatures."""
    petition = _locked(petition)
    member = require_signer(actor, petition)
    now = clock.now()
    _refuse_unless_collecting(petition, now, "sign it")
    if petition.signatures.standing().filter(member=member).exists():
        raise ValidationError({"member": f"{member} has signed this petition already"})
    return _sign(actor=actor, petition=petition, member=member, now=now)


def _sign(*, actor, petition: Petition, member: Member, now: dt.datetime) -> Signature:
    unit = counting_unit(member, Scope.of(petition))
    assert unit is not None, "checked by sign_refusal"
    signature = Signature.objects.create(petition=petition, member=member, unit=unit, signed_at=now)
    progress = petition_progress(petition)
    journal_append(
        actor=actor,
        action="petition.sign",
        obj=signature,
        summary=f"{petition}: signed by {member} for {unit.name} ({_progress_words(progress)})",
        after={
            "petition": petition.pk,
            "member": member.membership_number,
            "unit": unit.slug,
            "signed_at": now.isoformat(),
        },
    )
    if progress.reached:
        _reach(actor=actor, petition=petition, now=now)
    return signature


def _progress_words(progress) -> str:
    if progress.required_units is not None:
        return (
            f"{progress.units_enough} of {progress.required_units} units with "
            f"{progress.required} signatures each"
        )
    return f"{progress.signatures} of {progress.required} signatures"


def _reach(*, actor, petition: Petition, now: dt.datetime) -> None:
    petition.status = PetitionStatus.REACHED
    petition.reached_at = now
    petition.save(update_fields=["status", "reached_at"])
    journal_append(
        actor=actor,
        action="petition.reach",
        obj=petition,
        summary=f"{petition}: threshold reached; it requires {petition.requirement['words']}",
        before={"status": PetitionStatus.COLLECTING},
        after={"status": petition.status, "reached_at": now.isoformat()},
    )
    _consequence_arises(petition, actor=actor)


def _consequence_arises(petition: Petition, *, actor) -> None:
    """The petition is valid: what it requires becomes a duty of the responsible body, due
    `within_days` after the day it became valid."""
    requirement = petition.requirement
    arose_on = timezone.localdate(petition.reached_at)
    params: dict[str, Any] = {"petition": petition.pk}
    if requirement.get("decision_type"):
        params.update(decision_type=requirement["decision_type"], office=requirement["office"])
    obligation_arise(
        actor=actor,
        body=petition.responsible_body,
        kind=requirement["obligation_kind"],
        title=f"{requirement['words'][0].upper()}{requirement['words'][1:]}, "
        f"required by petition {petition.pk} ({petition.title})"[:300],
        due_on=(
            arose_on + dt.timedelta(days=requirement["within_days"])
            if requirement["within_days"] is not None
            else None
        ),
        arose_on=arose_on,
        rule=petition.kind,
        rule_text=f"{petition.kind_name}: {requirement['words']}",
        source=petition.source,
        params=params,
    )


@transaction.atomic
def petition_withdraw_signature(*, actor, petition: Petition) -> Signature:
    """Withdraw the signature of the member behind `actor`, while signatures are collected
    (not after the deadline, nor once the petition is valid)."""
    petition = _locked(petition)
    member = member_of(actor)
    signature = petition.signatures.standing().filter(member=member).first() if member else None
    if signature is None:
        raise ValidationError({"member": "you have not signed this petition"})
    now = clock.now()
    _refuse_unless_collecting(petition, now, "withdraw a signature")
    signature.withdrawn_at = now
    signature.save(update_fields=["withdrawn_at"])
    journal_append(
        actor=actor,
        action="petition.withdraw_signature",
        obj=signature,
        summary=f"{petition}: {member} withdrew their signature "
        f"({_progress_words(petition_progress(petition))})",
        before={"withdrawn_at": None},
        after={"withdrawn_at": now.isoformat()},
    )
    return signature


@transaction.atomic
def petition_withdraw(*, actor, petition: Petition, reason: str = "") -> Petition:
    """Withdraw the whole petition: whoever started it, or an administrator, while
    signatures are collected."""
    petition = _locked(petition)
    if not may_withdraw_petition(actor, petition):
        raise PermissionDenied("only the member who started the petition may withdraw it")
    now = clock.now()
    _refuse_unless_collecting(petition, now, "withdraw it")
    petition.status = PetitionStatus.WITHDRAWN
    petition.withdrawn_at = now
    petition.save(update_fields=["status", "withdrawn_at"])
    journal_append(
        actor=actor,
        action="petition.withdraw",
        obj=petition,
        summary=f"{petition}: withdrawn" + (f" ({reason.strip()})" if reason.strip() else ""),
        before={"status": PetitionStatus.COLLECTING},
        after={"status": petition.status, "withdrawn_at": now.isoformat(), "reason": reason},
    )
    return petition
