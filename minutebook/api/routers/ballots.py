"""Ballots outside meetings: the list and detail of the ballots the caller may see, calling
one, casting (the receipt code of a secret ballot, once), the result and the receipts.
Everything goes through `minutebook.ballots.services` and `ballots.access`, as the pages do.
A ballot the caller may not see is a 404; an action they may not take, a 403.

`status` is the ballot as it stands by the clock: an open ballot past its closing time reads
`closing` (it accepts nothing) until the tick has counted it; `accepting_votes` says the same
in one word."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from minutebook.api.access import member_for_viewer, visible_decision, visible_reference
from minutebook.api.errors import ErrorOut, unknown
from minutebook.api.pagination import PageParams, paginate
from minutebook.api.routers.bodies import MemberRefOut
from minutebook.ballots import services
from minutebook.ballots.access import (
    ballot_for_viewer,
    ballots_for_viewer,
    ballots_open_to,
    is_voter,
)
from minutebook.ballots.elections import candidates_of, elected_members
from minutebook.ballots.models import Ballot
from minutebook.ballots.selectors import ballots_cast, published_receipts
from minutebook.bodies.access import body_for_viewer, member_of
from minutebook.motions.access import motion_for_viewer

router = Router(tags=["ballots"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {**ERRORS, 422: ErrorOut}


class BallotOut(Schema):
    id: int
    body: str = Field(description="slug of the body whose members vote")
    kind: str
    title: str
    text: str
    decision_type: str
    step_of: str | None = Field(
        description="the decision whose ratification, consent or veto this ballot decides"
    )
    motion: int | None = Field(description="the motion this ballot decides")
    secret: bool
    status: str = Field(description="announced, opening, open, closing, closed or cancelled")
    accepting_votes: bool
    threshold: str
    called_by_body: str | None
    announced_at: dt.datetime
    opens_at: dt.datetime
    closes_at: dt.datetime
    electorate: int | None = Field(description="members entitled to vote, fixed at opening")
    cast: int = Field(description="members who have voted so far")
    you_may_vote: bool
    you_have_voted: bool
    elects: str | None = Field(description="elections: slug of the body whose seats are filled")
    seats: int | None
    method: str = Field(description="elections: the counting method")
    candidates: list[CandidateOut]


class BallotPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[BallotOut]


class BallotFilters(PageParams):
    open_to_me: bool = Field(False, description="only the ballots you may vote in now")
    body: str | None = Field(None, description="body slug")


class CandidateOut(Schema):
    id: int
    member: MemberRefOut


class ResultOut(Schema):
    ballot: int
    status: str
    electorate: int | None
    turnout: int | None
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    adopted: bool | None
    explanation: str
    decision: str | None = Field(description="reference of the ledger decision it became")
    recording_note: str
    elected: list[MemberRefOut]
    count: dict[str, Any] | None = Field(
        description="elections: the count as the core returns it, with its rounds and seed"
    )


class CallIn(Schema):
    title: str
    text: str = ""
    decision_type: str = Field("", description="the motion's decision type (not with step_of)")
    opens_at: dt.datetime
    closes_at: dt.datetime
    step_of: str | None = Field(
        None,
        description="reference of a decision waiting for this body's ratification, consent "
        "or veto: the ballot decides that step",
    )
    motion: int | None = Field(
        None,
        description="id of a submitted motion to this body: the ballot decides it (its type "
        "and text; title optional), as its last reading where the charter requires several",
    )


class ElectionCallIn(Schema):
    title: str = ""
    elects: str = Field(description="slug of the body whose seats the members elect")
    seats: int = Field(ge=1)
    method: str = Field(description="a counting method: scottish-stv, meek-stv, irv, ...")
    candidates: list[str] = Field(description="membership numbers of the candidates")
    opens_at: dt.datetime
    closes_at: dt.datetime


class CastIn(Schema):
    choice: str | None = Field(None, description="motions: for, against or abstain")
    ranking: list[list[int]] | None = Field(
        None,
        description="elections: preference groups of candidate ids, best first "
        "([[3]] plurality, [[3, 5]] approval, [[3], [5], [2]] ranked); [] is blank",
    )


class CastOut(Schema):
    ballot: int
    voter: MemberRefOut
    choice: str | None = Field(description="named ballots; never echoed for secret ones")
    receipt_code: str | None = Field(
        description="secret ballots: shown this once, stored nowhere; check it at receipts"
    )


class CancelIn(Schema):
    reason: str


class ReceiptOut(Schema):
    receipt_hash: str
    choice: str


def ballot_out(ballot: Ballot, viewer) -> dict:
    now = timezone.now()
    voter = is_voter(viewer, ballot)
    return {
        "id": ballot.pk,
        "body": ballot.body.slug,
        "kind": ballot.kind,
        "title": ballot.title,
        "text": ballot.text,
        "decision_type": ballot.decision_type,
        "step_of": visible_reference(viewer, ballot.step_of),
        "motion": ballot.motion_id,
        "secret": ballot.secret,
        "status": ballot.shown_status(now),
        "accepting_votes": ballot.accepting_votes(now),
        "threshold": ballot.threshold,
        "called_by_body": ballot.calling_body.slug if ballot.calling_body_id else None,
        "announced_at": ballot.announced_at,
        "opens_at": ballot.opens_at,
        "closes_at": ballot.closes_at,
        "electorate": ballot.electorate,
        "cast": ballots_cast(ballot),
        "you_may_vote": voter,
        "you_have_voted": voter and services.has_voted(ballot, member_of(viewer)),
        "elects": ballot.elects.slug if ballot.elects_id else None,
        "seats": ballot.seats,
        "method": ballot.method,
        "candidates": [{"id": c.pk, "member": c.member} for c in candidates_of(ballot)],
    }


@router.get("/ballots", response={200: BallotPage, **ERRORS}, summary="Ballots you may see")
def ballot_list(request, filters: Query[BallotFilters]):
    """The ballots the caller may see (or may vote in now), those opening last first."""
    viewer = request.auth
    found = ballots_open_to(viewer) if filters.open_to_me else ballots_for_viewer(viewer)
    if filters.body is not None:
        found = found.filter(body__slug=filters.body)
    found = found.select_related("body", "calling_body", "step_of", "elects")
    return paginate(
        found.order_by("-opens_at", "-pk"), filters, lambda ballot: ballot_out(ballot, viewer)
    )


@router.get("/ballots/{ballot_id}", response={200: BallotOut, **ERRORS}, summary="A ballot")
def ballot_get(request, ballot_id: int):
    return ballot_out(ballot_for_viewer(request.auth, ballot_id), request.auth)


@router.post(
    "/bodies/{slug}/ballots",
    response={201: BallotOut, **WRITE_ERRORS},
    summary="Call a ballot of the body's members (announced; opens and closes at its times)",
)
def ballot_call(request, slug: str, payload: CallIn):
    viewer = request.auth
    body = body_for_viewer(viewer, slug)
    with transaction.atomic():
        arguments = payload.dict()
        reference = arguments.pop("step_of")
        step_of = None
        if reference:
            step_of = visible_decision(viewer, reference)
            if step_of is None:
                raise unknown("step_of", f"no decision {reference}")
        motion_id = arguments.pop("motion")
        motion = None
        if motion_id is not None:
            try:
                motion = motion_for_viewer(viewer, motion_id)
            except Http404:
                raise unknown("motion", f"no motion {motion_id}") from None
        ballot = services.ballot_call(
            actor=viewer, body=body, step_of=step_of, motion=motion, **arguments
        )
    return Status(201, ballot_out(ballot, viewer))


@router.post(
    "/bodies/{slug}/elections-by-ballot",
    response={201: BallotOut, **WRITE_ERRORS},
    summary="Call an election by the members of an all-members body, by ballot",
)
def ballot_call_election(request, slug: str, payload: ElectionCallIn):
    viewer = request.auth
    body = body_for_viewer(viewer, slug)
    try:
        elects = body_for_viewer(viewer, payload.elects)
    except Http404:
        raise unknown("elects", f"no body {payload.elects}") from None
    candidates = []
    for number in payload.candidates:
        try:
            candidates.append(member_for_viewer(viewer, number))
        except Http404:
            raise unknown("candidates", f"no member {number}") from None
    with transaction.atomic():
        ballot = services.ballot_call_election(
            actor=viewer,
            body=body,
            elects=elects,
            seats=payload.seats,
            method=payload.method,
            candidates=candidates,
            opens_at=payload.opens_at,
            closes_at=payload.closes_at,
            title=payload.title,
        )
    return Status(201, ballot_out(ballot, viewer))


@router.post(
    "/ballots/{ballot_id}/cast",
    response={201: CastOut, **WRITE_ERRORS},
    summary="Vote in an open ballot (once)",
)
def ballot_cast(request, ballot_id: int, payload: CastIn):
    viewer = request.auth
    ballot = ballot_for_viewer(viewer, ballot_id)
    cast = services.ballot_cast(
        actor=viewer, ballot=ballot, choice=payload.choice, ranking=payload.ranking
    )
    return Status(
        201,
        {
            "ballot": ballot.pk,
            "voter": cast.voter,
            "choice": None if cast.receipt_code else cast.choice,
            "receipt_code": cast.receipt_code,
        },
    )


@router.get(
    "/ballots/{ballot_id}/result",
    response={200: ResultOut, **ERRORS},
    summary="The count, turnout, outcome and the decision it became (once closed)",
)
def ballot_result(request, ballot_id: int):
    ballot = ballot_for_viewer(request.auth, ballot_id)
    return {
        "ballot": ballot.pk,
        "status": ballot.shown_status(timezone.now()),
        "electorate": ballot.electorate,
        "turnout": ballot.turnout,
        "votes_for": ballot.votes_for,
        "votes_against": ballot.votes_against,
        "votes_abstain": ballot.votes_abstain,
        "adopted": ballot.adopted,
        "explanation": ballot.explanation,
        "decision": ballot.decision.reference if ballot.decision_id else None,
        "recording_note": ballot.recording_note,
        "elected": elected_members(ballot),
        "count": ballot.result,
    }


@router.post(
    "/ballots/{ballot_id}/cancel",
    response={200: BallotOut, **WRITE_ERRORS},
    summary="Cancel an announced or open ballot, with a reason",
)
def ballot_cancel(request, ballot_id: int, payload: CancelIn):
    viewer = request.auth
    ballot = ballot_for_viewer(viewer, ballot_id)
    ballot = services.ballot_cancel(actor=viewer, ballot=ballot, reason=payload.reason)
    return ballot_out(ballot, viewer)


@router.get(
    "/ballots/{ballot_id}/receipts",
    response={200: list[ReceiptOut], **ERRORS},
    summary="Receipts of a closed secret ballot, by receipt hash",
)
def ballot_receipts(request, ballot_id: int):
    return published_receipts(ballot_for_viewer(request.auth, ballot_id))
