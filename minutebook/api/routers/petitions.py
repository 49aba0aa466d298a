"""Petitions: the list, a petition with its rule, progress, signers (to those who may see
them) and the obligation it created; starting, signing, withdrawing a signature, withdrawing
the petition. Everything goes through `minutebook.petitions.services` and `access`, as the
pages do: a petition the caller may not see is a 404, an action they may not take a 403, a
refusal by the petition's state a 422 naming the rule."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from minutebook.api.errors import ErrorOut
from minutebook.api.pagination import PageParams, paginate
from minutebook.api.routers.bodies import MemberRefOut
from minutebook.bodies.access import require_insider
from minutebook.obligations.duties import obligation_duty
from minutebook.petitions import services
from minutebook.petitions.access import (
    can_see_signers,
    petition_for_viewer,
    petitions_visible_to,
    standing_signature,
)
from minutebook.petitions.models import Petition
from minutebook.petitions.selectors import petition_obligation, petition_progress, progress_words

router = Router(tags=["petitions"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {**ERRORS, 422: ErrorOut}


class UnitProgressOut(Schema):
    unit: str
    signatures: int
    enough: bool


class ProgressOut(Schema):
    signatures: int = Field(description="standing signatures")
    required: int = Field(description="signatures needed (units form: in each unit)")
    required_units: int | None = Field(description="units form: units that need them")
    units: list[UnitProgressOut]
    reached: bool
    words: str


class ObligationOut(Schema):
    id: int
    body: str
    kind: str
    title: str
    arose_on: dt.date
    due_on: dt.date | None = Field(description="null where the charter fixes no time limit")
    state: str = Field(description="met, open, overdue or late, from the record")


class SignatureOut(Schema):
    member: MemberRefOut
    unit: str
    signed_at: dt.datetime


class PetitionOut(Schema):
    id: int
    kind: str
    kind_name: str
    title: str
    status: str = Field(description="collecting, reached, failed or withdrawn, as of now")
    unit: str
    signing_body: str | None
    responsible_body: str
    opened_at: dt.datetime
    closes_at: dt.datetime | None = Field(
        description="null where the charter fixes no period: until valid or withdrawn"
    )
    reached_at: dt.datetime | None
    entitled_at_opening: int
    progress: ProgressOut


class PetitionDetailOut(PetitionOut):
    demand: str
    started_by: MemberRefOut
    charter_version: int
    threshold: dict
    requirement: dict
    signed: bool = Field(description="whether the caller's signature stands")
    signatures: list[SignatureOut] | None = Field(
        description="the standing signatures; null to those who may not see the signers"
    )
    obligation: ObligationOut | None


class PetitionPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PetitionOut]


class PetitionIn(Schema):
    kind: str = Field(description="the id of a petition kind of the charter in force")
    title: str
    demand: str


def _out(petition: Petition) -> dict:
    progress = petition_progress(petition)
    return {
        "id": petition.pk,
        "kind": petition.kind,
        "kind_name": petition.kind_name,
        "title": petition.title,
        "status": petition.status_at(timezone.now()),
        "unit": petition.unit.slug,
        "signing_body": petition.signing_body.slug if petition.signing_body_id else None,
        "responsible_body": petition.responsible_body.slug,
        "opened_at": petition.opened_at,
        "closes_at": petition.closes_at,
        "reached_at": petition.reached_at,
        "entitled_at_opening": petition.entitled_at_opening,
        "progress": {
            "signatures": progress.signatures,
            "required": progress.required,
            "required_units": progress.required_units,
            "units": [
                {"unit": c.unit.slug, "signatures": c.signatures, "enough": c.enough}
                for c in progress.units
            ],
            "reached": progress.reached,
            "words": progress_words(petition, progress),
        },
    }


def petition_detail(viewer, pk: int) -> dict:
    petition = petition_for_viewer(viewer, pk)
    out = _out(petition)
    obligation = petition_obligation(petition)
    signatures = None
    if can_see_signers(viewer, petition):
        signatures = [
            {"member": s.member, "unit": s.unit.slug, "signed_at": s.signed_at}
            for s in petition.signatures.standing().select_related("member", "unit")
        ]
    out.update(
        demand=petition.demand,
        started_by=petition.started_by,
        charter_version=petition.charter_version.number,
        threshold=petition.threshold,
        requirement=petition.requirement,
        signed=standing_signature(viewer, petition) is not None,
        signatures=signatures,
        obligation=None
        if obligation is None
        else {
            "id": obligation.pk,
            "body": obligation.body.slug,
            "kind": obligation.kind,
            "title": obligation.title,
            "arose_on": obligation.arose_on,
            "due_on": obligation.due_on,
            "state": obligation_duty(obligation, timezone.localdate()).state,
        },
    )
    return out


@router.get("/petitions", response={200: PetitionPage, **ERRORS}, summary="Petitions")
def petitions_list(request, page: Query[PageParams]):
    """The petitions the caller may see, newest first, each with its progress."""
    require_insider(request.auth)
    petitions = petitions_visible_to(request.auth).select_related(
        "unit", "signing_body", "responsible_body"
    )
    return paginate(petitions, page, _out)


@router.get(
    "/petitions/{petition_id}", response={200: PetitionDetailOut, **ERRORS}, summary="A petition"
)
def petition_get(request, petition_id: int):
    return petition_detail(request.auth, petition_id)


@router.post(
    "/petitions", response={201: PetitionDetailOut, **WRITE_ERRORS}, summary="Start a petition"
)
def petition_start(request, payload: PetitionIn):
    """Started with the caller's signature; 403 to those the charter does not entitle to
    sign, 422 for an unknown kind or an empty title or demand."""
    require_insider(request.auth)
    with transaction.atomic():
        petition = services.petition_start(
            actor=request.auth, kind=payload.kind, title=payload.title, demand=payload.demand
        )
    return Status(201, petition_detail(request.auth, petition.pk))


def _act(request, petition_id: int, call) -> dict:
    petition = petition_for_viewer(request.auth, petition_id)
    with transaction.atomic():
        call(petition)
    return petition_detail(request.auth, petition.pk)


@router.post(
    "/petitions/{petition_id}/sign",
    response={200: PetitionDetailOut, **WRITE_ERRORS},
    summary="Sign a petition",
)
def petition_sign(request, petition_id: int):
    """403 to those not entitled to sign (with the rule); 422 when signed already, after the
    deadline, or once the petition no longer collects."""
    return _act(
        request, petition_id, lambda p: services.petition_sign(actor=request.auth, petition=p)
    )


@router.post(
    "/petitions/{petition_id}/withdraw-signature",
    response={200: PetitionDetailOut, **WRITE_ERRORS},
    summary="Withdraw one's signature",
)
def petition_withdraw_signature(request, petition_id: int):
    """422 without a standing signature, after the deadline, or once the petition is valid."""
    return _act(
        request,
        petition_id,
        lambda p: services.petition_withdraw_signature(actor=request.auth, petition=p),
    )


class WithdrawIn(Schema):
    reason: str = ""


@router.post(
    "/petitions/{petition_id}/withdraw",
    response={200: PetitionDetailOut, **WRITE_ERRORS},
    summary="Withdraw a petition",
)
def petition_withdraw(request, petition_id: int, payload: WithdrawIn):
    """By whoever started it, or an administrator (others 403), while it collects (422)."""
    return _act(
        request,
        petition_id,
        lambda p: services.petition_withdraw(actor=request.auth, petition=p, reason=payload.reason),
    )
