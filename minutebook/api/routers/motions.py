"""Motions and amendments: a meeting's motions, a motion with its versions, sponsors,
amendments and votes; submitting, signing, amending, withdrawing, admitting, debating,
referring, and recording an adopted motion in the ledger. Everything goes through
`minutebook.motions.services`, as the pages do."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import Http404
from ninja import Field, Router, Schema, Status

from minutebook.api.access import member_for_viewer, visible_decision, visible_reference
from minutebook.api.errors import ErrorOut, unknown
from minutebook.api.routers.bodies import MemberRefOut
from minutebook.bodies.access import body_for_viewer, member_of
from minutebook.bodies.models import Body
from minutebook.ledger.competence import Tally
from minutebook.meetings.access import closed_items_hidden_from, meeting_for_viewer
from minutebook.meetings.models import AgendaItem
from minutebook.motions import services
from minutebook.motions.access import amendment_for_viewer, motion_for_viewer
from minutebook.motions.models import Motion
from minutebook.motions.rules import readings_state
from minutebook.motions.selectors import meeting_motions, motions_with_details, unified_diff

router = Router(tags=["motions"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {**ERRORS, 422: ErrorOut}


class SponsorOut(Schema):
    member: MemberRefOut
    role: str
    signed_at: dt.datetime


class VersionOut(Schema):
    number: int
    text: str
    amendment: int | None = Field(description="number of the amendment that made it")
    created_at: dt.datetime


class VoteRefOut(Schema):
    id: int
    method: str
    status: str
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    adopted: bool | None
    irregular: bool


class AmendmentOut(Schema):
    id: int
    motion: int
    number: int
    status: str
    base_version: int
    text: str
    rationale: str
    diff: str = Field(description="unified diff against the version it was written on")
    sponsors: list[SponsorOut]
    votes: list[VoteRefOut]


class MotionOut(Schema):
    id: int
    body: str
    meeting: int | None
    agenda_item: int | None
    decision_type: str
    title: str
    status: str
    submitted_at: dt.datetime
    proposing_body: str | None
    decision: str | None


class ReadingOut(Schema):
    number: int
    meeting: int
    read_on: dt.date


class LateAdmissionOut(Schema):
    meeting: int
    threshold: str
    votes_for: int
    votes_against: int
    votes_abstain: int
    explanation: str
    admitted_at: dt.datetime


class MotionDetailOut(MotionOut):
    text: str
    version: int
    ends: str | None
    referred_to: str | None
    referral_note: str
    sponsors: list[SponsorOut]
    versions: list[VersionOut]
    amendments: list[AmendmentOut]
    votes: list[VoteRefOut]
    readings_required: int | None = Field(
        description="readings at separate meetings the charter requires (the last one votes)"
    )
    readings: list[ReadingOut] = Field(description="the earlier readings on record")
    next_reading_due_from: dt.date | None
    late_admissions: list[LateAdmissionOut]


class MotionIn(Schema):
    body: str = Field(description="slug of the body that is to decide")
    decision_type: str
    title: str
    text: str
    authors: list[str] | None = Field(
        None, description="membership numbers; by default the caller alone"
    )
    meeting: int | None = None
    agenda_item: int | None = Field(None, description="id of an item of the meeting's agenda")
    ends: str | None = Field(None, description="reference of the decision it would end")
    proposing_body: str | None = Field(None, description="slug of the body moving it")


class AmendmentIn(Schema):
    text: str = Field(description="the motion's whole text as amended")
    rationale: str = ""
    authors: list[str] | None = None


class WithdrawIn(Schema):
    reason: str = ""


class LateVotesIn(Schema):
    votes_for: int
    votes_against: int
    votes_abstain: int = 0


class AdmitIn(Schema):
    agenda_item: int = Field(description="id of an item of the meeting's agenda")
    meeting: int | None = Field(None, description="by default the meeting it was submitted to")
    late_votes: LateVotesIn | None = Field(
        None, description="a late motion: the counts of the meeting's vote admitting it"
    )


class ReferIn(Schema):
    to_body: str
    note: str = ""


def _sponsors(sponsors) -> list[dict]:
    return [{"member": s.member, "role": s.role, "signed_at": s.signed_at} for s in sponsors]


def _vote_ref(vote) -> dict:
    return {
        "id": vote.pk,
        "method": vote.method,
        "status": vote.status,
        "votes_for": vote.votes_for,
        "votes_against": vote.votes_against,
        "votes_abstain": vote.votes_abstain,
        "adopted": vote.adopted,
        "irregular": vote.irregular,
    }


def _motion_out(viewer, motion: Motion) -> dict:
    return {
        "id": motion.pk,
        "body": motion.body.slug,
        "meeting": motion.meeting_id,
        "agenda_item": motion.agenda_item_id,
        "decision_type": motion.decision_type,
        "title": motion.title,
        "status": motion.status,
        "submitted_at": motion.submitted_at,
        "proposing_body": motion.proposing_body.slug if motion.proposing_body_id else None,
        "decision": visible_reference(viewer, motion.decision),
    }


def motion_detail(viewer, pk: int) -> dict:
    motion = motion_for_viewer(viewer, pk)
    motion = motions_with_details(Motion.objects.filter(pk=motion.pk)).get()
    versions = list(motion.versions.all())
    version_numbers = {v.pk: v.number for v in versions}
    version_texts = {v.pk: v.text for v in versions}
    amendments = []
    for amendment in motion.amendments.all():
        out = {
            "id": amendment.pk,
            "motion": motion.pk,
            "number": amendment.number,
            "status": amendment.status,
            "base_version": version_numbers[amendment.base_version_id],
            "text": amendment.text,
            "rationale": amendment.rationale,
            "diff": unified_diff(
                version_texts[amendment.base_version_id],
                amendment.text,
                old_name=f"version {version_numbers[amendment.base_version_id]}",
                new_name=f"amendment {amendment.number}",
            ),
            "sponsors": _sponsors(amendment.sponsors.all()),
            "votes": [_vote_ref(v) for v in amendment.votes.order_by("opened_at", "pk")],
        }
        amendments.append(out)
    out = _motion_out(viewer, motion)
    out.update(
        text=versions[-1].text,
        version=versions[-1].number,
        ends=visible_reference(viewer, motion.ends),
        referred_to=motion.referred_to.slug if motion.referred_to_id else None,
        referral_note=motion.referral_note,
        sponsors=_sponsors(motion.sponsors.all()),
        versions=[
            {
                "number": v.number,
                "text": v.text,
                "amendment": v.amendment.number if v.amendment_id else None,
                "created_at": v.created_at,
            }
            for v in versions
        ],
        amendments=amendments,
        votes=[_vote_ref(v) for v in motion.votes.order_by("opened_at", "pk")],
        **_readings_out(motion),
    )
    return out


def _readings_out(motion: Motion) -> dict:
    state = readings_state(motion)
    return {
        "readings_required": state.rule.count if state else None,
        "readings": [
            {"number": r.number, "meeting": r.meeting_id, "read_on": r.read_on}
            for r in (state.readings if state else ())
        ],
        "next_reading_due_from": state.due_from if state else None,
        "late_admissions": [
            {
                "meeting": a.meeting_id,
                "threshold": a.threshold,
                "votes_for": a.votes_for,
                "votes_against": a.votes_against,
                "votes_abstain": a.votes_abstain,
                "explanation": a.explanation,
                "admitted_at": a.admitted_at,
            }
            for a in motion.late_admissions.all()
        ],
    }


def _amendment_detail(viewer, pk: int) -> dict:
    amendment = amendment_for_viewer(viewer, pk)
    motion = motion_detail(viewer, amendment.motion_id)
    return next(a for a in motion["amendments"] if a["id"] == amendment.pk)


# What a request body names: anything the caller may not see is as unknown as what does not
# exist (422, naming the field).


def _named_body(viewer, field: str, slug: str | None) -> Body | None:
    if not slug:
        return None
    try:
        return body_for_viewer(viewer, slug)
    except Http404:
        raise unknown(field, f"no body '{slug}'") from None


def _named_members(viewer, field: str, numbers: list[str] | None):
    if numbers is None:
        member = member_of(viewer)
        return [member] if member else []
    members = []
    for number in numbers:
        try:
            members.append(member_for_viewer(viewer, number))
        except Http404:
            raise unknown(field, f"no member {number}") from None
    return members


@router.get(
    "/meetings/{meeting_id}/motions",
    response={200: list[MotionOut], **ERRORS},
    summary="The motions of a meeting",
)
def meeting_motions_list(request, meeting_id: int):
    meeting = meeting_for_viewer(request.auth, meeting_id)
    hidden = closed_items_hidden_from(request.auth, meeting)
    motions = meeting_motions(meeting).exclude(agenda_item__in=hidden)
    return [_motion_out(request.auth, motion) for motion in motions]


@router.get("/motions/{motion_id}", response={200: MotionDetailOut, **ERRORS}, summary="A motion")
def motion_get(request, motion_id: int):
    """With every version of its text, its sponsors, amendments (each with its diff) and votes."""
    return motion_detail(request.auth, motion_id)


@router.post("/motions", response={201: MotionDetailOut, **WRITE_ERRORS}, summary="Submit a motion")
def motion_submit(request, payload: MotionIn):
    """Refused (422) when the charter does not let the body take this decision type, saying
    which body may."""
    viewer = request.auth
    body = _named_body(viewer, "body", payload.body)
    meeting = agenda_item = None
    if payload.meeting is not None:
        try:
            meeting = meeting_for_viewer(viewer, payload.meeting)
        except Http404:
            raise unknown("meeting", f"no meeting {payload.meeting}") from None
    if payload.agenda_item is not None:
        agenda_item = AgendaItem.objects.filter(pk=payload.agenda_item, meeting=meeting).first()
        if agenda_item is None:
            raise unknown("agenda_item", "no such item on the meeting's agenda")
    ends = None
    if payload.ends:
        ends = visible_decision(viewer, payload.ends)
        if ends is None:
            raise unknown("ends", f"no decision {payload.ends}")
    with transaction.atomic():
        motion = services.motion_submit(
            actor=viewer,
            body=body,
            decision_type=payload.decision_type,
            title=payload.title,
            text=payload.text,
            authors=_named_members(viewer, "authors", payload.authors),
            meeting=meeting,
            agenda_item=agenda_item,
            ends=ends,
            proposing_body=_named_body(viewer, "proposing_body", payload.proposing_body),
        )
    return Status(201, motion_detail(viewer, motion.pk))


def _act(request, motion_id: int, call) -> dict:
    motion = motion_for_viewer(request.auth, motion_id)
    with transaction.atomic():
        call(motion)
    return motion_detail(request.auth, motion.pk)


@router.post(
    "/motions/{motion_id}/cosponsor",
    response={200: MotionDetailOut, **WRITE_ERRORS},
    summary="Sign a motion as co-sponsor",
)
def motion_cosponsor(request, motion_id: int):
    return _act(
        request, motion_id, lambda m: services.motion_cosponsor(actor=request.auth, motion=m)
    )


@router.post(
    "/motions/{motion_id}/withdraw",
    response={200: MotionDetailOut, **WRITE_ERRORS},
    summary="Withdraw a motion (its authors, before the vote)",
)
def motion_withdraw(request, motion_id: int, payload: WithdrawIn):
    return _act(
        request,
        motion_id,
        lambda m: services.motion_withdraw(actor=request.auth, motion=m, reason=payload.reason),
    )


@router.post(
    "/motions/{motion_id}/admit",
    response={200: MotionDetailOut, **WRITE_ERRORS},
    summary="Admit a motion to an item of a meeting's agenda (chair or secretary)",
)
def motion_admit(request, motion_id: int, payload: AdmitIn):
    viewer = request.auth
    motion = motion_for_viewer(viewer, motion_id)
    meeting_id = payload.meeting or motion.meeting_id
    if meeting_id is None:
        raise unknown("meeting", "name the meeting to admit the motion to")
    try:
        meeting = meeting_for_viewer(viewer, meeting_id)
    except Http404:
        raise unknown("meeting", f"no meeting {meeting_id}") from None
    item = AgendaItem.objects.filter(pk=payload.agenda_item, meeting=meeting).first()
    if item is None:
        raise unknown("agenda_item", "no such item on the meeting's agenda")
    late = payload.late_votes
    votes = (
        Tally(
            votes_for=late.votes_for,
            votes_against=late.votes_against,
            votes_abstain=late.votes_abstain,
        )
        if late
        else None
    )
    return _act(
        request,
        motion_id,
        lambda m: services.motion_admit(
            actor=viewer, motion=m, meeting=meeting, agenda_item=item, late_votes=votes
        ),
    )


@router.post(
    "/motions/{motion_id}/read",
    response={200: MotionDetailOut, **WRITE_ERRORS},
    summary="Record a reading of a motion, other than its last, at its open meeting (chair)",
)
def motion_read(request, motion_id: int):
    """The motion then leaves the agenda, to be admitted to a later meeting of the body for
    its next reading. Refused (422) for a type read once, at its last reading (put it to the
    vote), twice at one meeting, or sooner than the charter's days after the previous one."""
    viewer = request.auth
    motion = motion_for_viewer(viewer, motion_id)
    if motion.meeting_id is None:
        raise unknown("meeting", "the motion is on no meeting's agenda")
    meeting = meeting_for_viewer(viewer, motion.meeting_id)
    return _act(
        request,
        motion_id,
        lambda m: services.motion_read(actor=viewer, motion=m, meeting=meeting),
    )


@router.post(
    "/motions/{motion_id}/debate",
    response={200: MotionDetailOut, **WRITE_ERRORS},
    summary="Open the debate on an admitted motion (chair)",
)
def motion_debate(request, motion_id: int):
    return _act(request, motion_id, lambda m: services.motion_debate(actor=request.auth, motion=m))


@router.post(
    "/motions/{motion_id}/refer",
    response={200: MotionDetailOut, **WRITE_ERRORS},
    summary="Record that the meeting referred a motion to another body (chair)",
)
def motion_refer(request, motion_id: int, payload: ReferIn):
    to_body = _named_body(request.auth, "to_body", payload.to_body)
    return _act(
        request,
        motion_id,
        lambda m: services.motion_refer(
            actor=request.auth, motion=m, to_body=to_body, note=payload.note
        ),
    )


@router.post(
    "/motions/{motion_id}/record",
    response={200: MotionDetailOut, **WRITE_ERRORS},
    summary="Record an adopted motion in the ledger (secretary, when the chair could not)",
)
def motion_record(request, motion_id: int):
    return _act(
        request,
        motion_id,
        lambda m: services.motion_record_decision(actor=request.auth, motion=m),
    )


@router.post(
    "/motions/{motion_id}/amendments",
    response={201: AmendmentOut, **WRITE_ERRORS},
    summary="Propose an amendment to a motion",
)
def amendment_submit(request, motion_id: int, payload: AmendmentIn):
    viewer = request.auth
    motion = motion_for_viewer(viewer, motion_id)
    with transaction.atomic():
        amendment = services.amendment_submit(
            actor=viewer,
            motion=motion,
            text=payload.text,
            rationale=payload.rationale,
            authors=_named_members(viewer, "authors", payload.authors),
        )
    return Status(201, _amendment_detail(viewer, amendment.pk))


def _amendment_act(request, amendment_id: int, call) -> dict:
    amendment = amendment_for_viewer(request.auth, amendment_id)
    with transaction.atomic():
        call(amendment)
    return _amendment_detail(request.auth, amendment.pk)


@router.post(
    "/amendments/{amendment_id}/cosponsor",
    response={200: AmendmentOut, **WRITE_ERRORS},
    summary="Sign an amendment as co-sponsor",
)
def amendment_cosponsor(request, amendment_id: int):
    return _amendment_act(
        request,
        amendment_id,
        lambda a: services.amendment_cosponsor(actor=request.auth, amendment=a),
    )


@router.post(
    "/amendments/{amendment_id}/withdraw",
    response={200: AmendmentOut, **WRITE_ERRORS},
    summary="Withdraw an amendment (its authors, before the vote)",
)
def amendment_withdraw(request, amendment_id: int):
    return _amendment_act(
        request,
        amendment_id,
        lambda a: services.amendment_withdraw(actor=request.auth, amendment=a),
    )


@router.post(
    "/amendments/{amendment_id}/admit",
    response={200: AmendmentOut, **WRITE_ERRORS},
    summary="Admit an amendment to the debate (chair)",
)
def amendment_admit(request, amendment_id: int):
    return _amendment_act(
        request,
        amendment_id,
        lambda a: services.amendment_admit(actor=request.auth, amendment=a),
    )
