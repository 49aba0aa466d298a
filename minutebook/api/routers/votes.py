"""Votes and elections at a meeting: opening a vote, casting, the roll call, closing it, its
result and its published receipts; elections with their candidates, ballot, count and
result. Everything goes through `minutebook.votes.services` and `minutebook.votes.elections`,
as the pages do.

Casting a secret ballot answers with the receipt code, once; nothing else ever shows it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from ninja import Field, Router, Schema, Status

from minutebook.api.access import member_for_viewer
from minutebook.api.errors import ErrorOut, unknown
from minutebook.api.routers.bodies import MemberRefOut
from minutebook.bodies.access import body_for_viewer
from minutebook.meetings.access import meeting_for_viewer
from minutebook.members.models import Member
from minutebook.motions.models import Amendment, Motion
from minutebook.votes import elections, services
from minutebook.votes.access import election_for_viewer, vote_for_viewer
from minutebook.votes.models import Candidate, Election, Vote, VoteMethod, VoteStatus
from minutebook.votes.selectors import ballots_cast, named_ballots, published_receipts

router = Router(tags=["votes"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {**ERRORS, 422: ErrorOut}


class NamedBallotOut(Schema):
    voter: MemberRefOut
    choice: str
    cast_by: MemberRefOut | None


class VoteOut(Schema):
    id: int
    meeting: int
    question: str
    motion: int | None
    amendment: int | None
    election: int | None
    method: VoteMethod
    status: VoteStatus
    threshold: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    present: int = Field(description="eligible voters when the vote opened")
    seats_filled: int
    weighted: bool = Field(
        False,
        description="the charter weighs votes: present, seats_filled and the counts are votes",
    )
    quorum_required: int | None  # null: the charter fixes no quorum, none was checked
    irregular: bool
    irregular_reason: str
    cast: int = Field(description="ballots cast so far")
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    adopted: bool | None
    explanation: str
    named: list[NamedBallotOut] | None = Field(
        description="how each voted, for named votes and roll calls; null for secret ballots"
    )


class VoteOpenIn(Schema):
    method: VoteMethod
    motion: int | None = None
    amendment: int | None = None
    election: int | None = None
    proceed: bool = Field(
        False, description="open although there is no quorum or a check fails (irregular)"
    )
    proceed_reason: str = ""


class CastIn(Schema):
    choice: str | None = Field(None, description="for, against or abstain (motions, amendments)")
    ranking: list[list[int]] | None = Field(
        None,
        description="elections: preference groups of candidate ids, best first "
        "([[3]] plurality, [[3, 5]] approval, [[3], [5], [2]] ranked); [] is blank",
    )
    voter: str | None = Field(
        None, description="membership number of the member whose vote you cast as proxy"
    )


class CastOut(Schema):
    vote: int
    voter: MemberRefOut
    by_proxy: bool
    choice: str | None = Field(description="for named votes; never echoed for secret ballots")
    receipt_code: str | None = Field(
        description="secret ballots: shown this once, stored nowhere; check it at receipts"
    )


class RollCallIn(Schema):
    voter: str = Field(description="membership number")
    choice: str


class CloseIn(Schema):
    votes_for: int | None = Field(None, ge=0, description="show of hands only")
    votes_against: int | None = Field(None, ge=0)
    votes_abstain: int | None = Field(None, ge=0)


class CancelIn(Schema):
    reason: str


class ReceiptOut(Schema):
    receipt_hash: str
    says: str


class CandidateOut(Schema):
    id: int
    member: MemberRefOut
    accepted: bool
    irregular_reason: str = Field(
        "", description="empty, or the eligibility rule the candidacy breaks and why it stands"
    )


class ElectionOut(Schema):
    id: int
    meeting: int
    body: str
    title: str
    seats: int
    method: str
    status: str
    candidates: list[CandidateOut]
    vote: int | None
    elected: list[MemberRefOut]
    seated: list[MemberRefOut]


class ElectionResultOut(Schema):
    election: int
    status: str
    tie_seed: int | None
    result: dict[str, Any] | None = Field(
        description="the count as the core returns it: method, seats, candidates, elected, "
        "rounds (votes, quota, transfers, exhausted per round), tie_seed, ties_broken, notes"
    )


class ElectionIn(Schema):
    body: str = Field(description="slug of the body whose seats are elected")
    seats: int = Field(ge=1)
    method: str
    title: str = ""


class NominateIn(Schema):
    member: str = Field(description="membership number of the nominee")
    proceed: bool = Field(
        False,
        description="the chair lets stand a member the charter's eligibility rules exclude: "
        "the candidacy is irregular",
    )
    proceed_reason: str = ""


class ElectionOpenIn(Schema):
    proceed: bool = False
    proceed_reason: str = ""


class ElectionCastIn(Schema):
    ranking: list[list[int]] = Field(description="preference groups of candidate ids")
    voter: str | None = None


def vote_out(vote: Vote) -> dict:
    named = None
    if not vote.is_secret and vote.method != VoteMethod.SHOW_OF_HANDS:
        named = [
            {"voter": b.voter, "choice": b.choice, "cast_by": b.cast_by}
            for b in named_ballots(vote)
        ]
    return {
        "id": vote.pk,
        "meeting": vote.meeting_id,
        "question": vote.question,
        "motion": vote.motion_id,
        "amendment": vote.amendment_id,
        "election": vote.election_id,
        "method": vote.method,
        "status": vote.status,
        "threshold": vote.threshold,
        "opened_at": vote.opened_at,
        "closed_at": vote.closed_at,
        "present": vote.present,
        "seats_filled": vote.seats_filled,
        "weighted": vote.weighted,
        "quorum_required": vote.quorum_required,
        "irregular": vote.irregular,
        "irregular_reason": vote.irregular_reason,
        "cast": ballots_cast(vote),
        "votes_for": vote.votes_for,
        "votes_against": vote.votes_against,
        "votes_abstain": vote.votes_abstain,
        "adopted": vote.adopted,
        "explanation": vote.explanation,
        "named": named,
    }


def _member(viewer, field: str, number: str | None) -> Member | None:
    if not number:
        return None
    try:
        return member_for_viewer(viewer, number)
    except Http404:
        raise unknown(field, f"no member {number}") from None


def _meeting(viewer, meeting_id: int):
    return meeting_for_viewer(viewer, meeting_id)


def _cast_out(cast) -> dict:
    return {
        "vote": cast.vote.pk,
        "voter": cast.voter,
        "by_proxy": cast.by_proxy,
        "choice": None if cast.vote.is_secret else cast.choice,
        "receipt_code": cast.receipt_code,
    }


@router.post(
    "/meetings/{meeting_id}/votes",
    response={201: VoteOut, **WRITE_ERRORS},
    summary="Open a vote (chair)",
)
def vote_open(request, meeting_id: int, payload: VoteOpenIn):
    """On one motion, amendment or election of the open meeting. Without quorum, or when the
    charter's check already fails, the answer is 422 (field `proceed`, one entry per problem)
    unless `proceed` is true: then the vote is marked irregular."""
    viewer = request.auth
    meeting = _meeting(viewer, meeting_id)
    subject: dict = {}
    if payload.motion is not None:
        subject["motion"] = Motion.objects.filter(pk=payload.motion, meeting=meeting).first()
    if payload.amendment is not None:
        subject["amendment"] = Amendment.objects.filter(
            pk=payload.amendment, motion__meeting=meeting
        ).first()
    if payload.election is not None:
        subject["election"] = Election.objects.filter(pk=payload.election, meeting=meeting).first()
    for field, value in subject.items():
        if value is None:
            raise unknown(field, f"no such {field} at this meeting")
    with transaction.atomic():
        vote = services.vote_open(
            actor=viewer,
            meeting=meeting,
            method=payload.method,
            proceed=payload.proceed,
            proceed_reason=payload.proceed_reason,
            **subject,
        )
    return Status(201, vote_out(vote))


@router.get("/votes/{vote_id}", response={200: VoteOut, **ERRORS}, summary="A vote")
def vote_get(request, vote_id: int):
    return vote_out(vote_for_viewer(request.auth, vote_id))


@router.get(
    "/votes/{vote_id}/results",
    response={200: VoteOut, **ERRORS},
    summary="A vote's result (the same as the vote, once it is closed)",
)
def vote_results(request, vote_id: int):
    return vote_out(vote_for_viewer(request.auth, vote_id))


@router.post(
    "/votes/{vote_id}/cast",
    response={201: CastOut, **WRITE_ERRORS},
    summary="Cast your ballot (or, as proxy, the ballot of the member you represent)",
)
def vote_cast(request, vote_id: int, payload: CastIn):
    viewer = request.auth
    vote = vote_for_viewer(viewer, vote_id)
    with transaction.atomic():
        cast = services.vote_cast(
            actor=viewer,
            vote=vote,
            choice=payload.choice,
            ranking=payload.ranking,
            voter=_member(viewer, "voter", payload.voter),
        )
    return Status(201, _cast_out(cast))


@router.post(
    "/votes/{vote_id}/roll-call",
    response={200: VoteOut, **WRITE_ERRORS},
    summary="Record a voter's answer in a roll call (chair)",
)
def vote_roll_call(request, vote_id: int, payload: RollCallIn):
    viewer = request.auth
    vote = vote_for_viewer(viewer, vote_id)
    voter = _member(viewer, "voter", payload.voter)
    with transaction.atomic():
        services.vote_roll_call(actor=viewer, vote=vote, voter=voter, choice=payload.choice)
    return vote_out(vote_for_viewer(viewer, vote_id))


@router.post(
    "/votes/{vote_id}/close",
    response={200: VoteOut, **WRITE_ERRORS},
    summary="Close a vote and count it (chair)",
)
def vote_close(request, vote_id: int, payload: CloseIn):
    viewer = request.auth
    vote = vote_for_viewer(viewer, vote_id)
    counts = {k: v for k, v in payload.dict().items() if v is not None}
    with transaction.atomic():
        services.vote_close(actor=viewer, vote=vote, **counts)
    return vote_out(vote_for_viewer(viewer, vote_id))


@router.post(
    "/votes/{vote_id}/cancel",
    response={200: VoteOut, **WRITE_ERRORS},
    summary="Cancel an open vote (chair)",
)
def vote_cancel(request, vote_id: int, payload: CancelIn):
    viewer = request.auth
    vote = vote_for_viewer(viewer, vote_id)
    with transaction.atomic():
        services.vote_cancel(actor=viewer, vote=vote, reason=payload.reason)
    return vote_out(vote_for_viewer(viewer, vote_id))


@router.get(
    "/votes/{vote_id}/receipts",
    response={200: list[ReceiptOut], **ERRORS},
    summary="The receipts of a closed secret ballot, with what each ballot says",
)
def vote_receipts(request, vote_id: int):
    vote = vote_for_viewer(request.auth, vote_id)
    if not vote.is_secret:
        raise PermissionDenied("only secret ballots have receipts")
    return [{"receipt_hash": r.receipt_hash, "says": r.says} for r in published_receipts(vote)]


# Elections


def election_out(election: Election) -> dict:
    vote = election.votes.exclude(status=VoteStatus.CANCELLED).order_by("-pk").first()
    return {
        "id": election.pk,
        "meeting": election.meeting_id,
        "body": election.body.slug,
        "title": election.title,
        "seats": election.seats,
        "method": election.method,
        "status": election.status,
        "candidates": [
            {
                "id": c.pk,
                "member": c.member,
                "accepted": c.accepted_at is not None,
                "irregular_reason": c.irregular_reason,
            }
            for c in election.candidates.select_related("member")
        ],
        "vote": vote.pk if vote else None,
        "elected": elections.elected_members(election),
        "seated": [seat.member for seat in election.resulting_seats.select_related("member")],
    }


@router.post(
    "/meetings/{meeting_id}/elections",
    response={201: ElectionOut, **WRITE_ERRORS},
    summary="Open nominations for an election (chair)",
)
def election_create(request, meeting_id: int, payload: ElectionIn):
    viewer = request.auth
    meeting = _meeting(viewer, meeting_id)
    try:
        body = body_for_viewer(viewer, payload.body)
    except Http404:
        raise unknown("body", f"no body '{payload.body}'") from None
    with transaction.atomic():
        election = elections.election_create(
            actor=viewer,
            meeting=meeting,
            body=body,
            seats=payload.seats,
            method=payload.method,
            title=payload.title,
        )
    return Status(201, election_out(election))


@router.get(
    "/elections/{election_id}", response={200: ElectionOut, **ERRORS}, summary="An election"
)
def election_get(request, election_id: int):
    return election_out(election_for_viewer(request.auth, election_id))


@router.post(
    "/elections/{election_id}/candidates",
    response={201: ElectionOut, **WRITE_ERRORS},
    summary="Nominate a candidate",
)
def election_nominate(request, election_id: int, payload: NominateIn):
    viewer = request.auth
    election = election_for_viewer(viewer, election_id)
    member = _member(viewer, "member", payload.member)
    with transaction.atomic():
        elections.election_nominate(
            actor=viewer,
            election=election,
            member=member,
            proceed=payload.proceed,
            proceed_reason=payload.proceed_reason,
        )
    return Status(201, election_out(election))


@router.post(
    "/elections/{election_id}/candidates/{candidate_id}/accept",
    response={200: ElectionOut, **WRITE_ERRORS},
    summary="Accept a nomination (the nominee, or the chair recording it)",
)
def election_accept(request, election_id: int, candidate_id: int):
    viewer = request.auth
    election = election_for_viewer(viewer, election_id)
    candidate = Candidate.objects.filter(pk=candidate_id, election=election).first()
    if candidate is None:
        raise Http404("no such candidate")
    with transaction.atomic():
        elections.candidate_accept(actor=viewer, candidate=candidate)
    return election_out(election)


@router.post(
    "/elections/{election_id}/open",
    response={201: VoteOut, **WRITE_ERRORS},
    summary="Close nominations and open the secret ballot (chair)",
)
def election_open(request, election_id: int, payload: ElectionOpenIn):
    viewer = request.auth
    election = election_for_viewer(viewer, election_id)
    with transaction.atomic():
        vote = services.vote_open(
            actor=viewer,
            meeting=election.meeting,
            method=VoteMethod.SECRET,
            election=election,
            proceed=payload.proceed,
            proceed_reason=payload.proceed_reason,
        )
    return Status(201, vote_out(vote))


def _election_vote(election: Election) -> Vote:
    vote = election.votes.filter(status=VoteStatus.OPEN).first()
    if vote is None:
        raise unknown("election", "the election's ballot is not open")
    return vote


@router.post(
    "/elections/{election_id}/cast",
    response={201: CastOut, **WRITE_ERRORS},
    summary="Cast your ballot in an election",
)
def election_cast(request, election_id: int, payload: ElectionCastIn):
    viewer = request.auth
    election = election_for_viewer(viewer, election_id)
    with transaction.atomic():
        cast = services.vote_cast(
            actor=viewer,
            vote=_election_vote(election),
            ranking=payload.ranking,
            voter=_member(viewer, "voter", payload.voter),
        )
    return Status(201, _cast_out(cast))


@router.post(
    "/elections/{election_id}/count",
    response={200: ElectionResultOut, **WRITE_ERRORS},
    summary="Close the ballot and count it; the elected take their seats (chair)",
)
def election_count(request, election_id: int):
    viewer = request.auth
    election = election_for_viewer(viewer, election_id)
    with transaction.atomic():
        services.vote_close(actor=viewer, vote=_election_vote(election))
    return _result_out(election_for_viewer(viewer, election_id))


def _result_out(election: Election) -> dict:
    return {
        "election": election.pk,
        "status": election.status,
        "tie_seed": election.tie_seed,
        "result": election.result,
    }


@router.get(
    "/elections/{election_id}/result",
    response={200: ElectionResultOut, **ERRORS},
    summary="The count of an election, round by round",
)
def election_result(request, election_id: int):
    return _result_out(election_for_viewer(request.auth, election_id))


@router.post(
    "/elections/{election_id}/fill",
    response={200: ElectionOut, **WRITE_ERRORS},
    summary="Seat the elected (the secretary, when the chair who counted could not)",
)
def election_fill(request, election_id: int):
    viewer = request.auth
    election = election_for_viewer(viewer, election_id)
    with transaction.atomic():
        elections.election_fill_seats(actor=viewer, election=election)
    return election_out(election)
