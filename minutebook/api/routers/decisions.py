"""The ledger: decisions with their vote, their check against the charter and their
timeline; recording decisions, checking them first, reporting progress."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from minutebook.api.access import (
    decision_for_viewer,
    decisions_visible_to,
    member_for_viewer,
    visible_decision,
    visible_reference,
)
from minutebook.api.errors import RULE_FIELDS, ErrorOut, failure_detail, unknown
from minutebook.api.pagination import PageParams, paginate
from minutebook.api.routers.bodies import MemberRefOut
from minutebook.bodies.access import body_for_viewer, can_record_for_body
from minutebook.bodies.models import Body
from minutebook.charter.describe import threshold_words
from minutebook.ledger.competence import Tally
from minutebook.ledger.models import Decision, DecisionStatus, ProgressNote
from minutebook.ledger.services import decision_add_progress, decision_check, decision_record
from minutebook.members.models import Member

router = Router(tags=["decisions"])
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {**ERRORS, 422: ErrorOut}


class BodyRefOut(Schema):
    slug: str
    name: str


class DecisionOut(Schema):
    reference: str
    body: BodyRefOut
    decided_on: dt.date
    decision_type: str
    title: str
    status: DecisionStatus
    irregular: bool
    due_on: dt.date | None
    overdue: bool


class DecisionPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[DecisionOut]


class DecisionFilters(PageParams):
    body: str | None = Field(None, description="body slug")
    type: str | None = Field(None, description="decision type, e.g. resolution")
    status: DecisionStatus | None = None
    overdue: bool | None = None
    irregular: bool | None = None
    q: str | None = Field(None, description="text in the reference, title or text")
    decided_from: dt.date | None = None
    decided_to: dt.date | None = None


class VotesOut(Schema):
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    unanimous: bool
    present: int | None
    seats_filled: int


class FailureOut(Schema):
    field: str | None
    rule: str
    message: str
    articles: list[str]


class StoredCheckOut(Schema):
    passed: bool
    failures: list[FailureOut]


class ProgressNoteOut(Schema):
    written_on: dt.date
    text: str
    status_after: DecisionStatus
    author: str
    recorded_at: dt.datetime


class DecisionDetailOut(DecisionOut):
    text: str
    votes: VotesOut
    notice_given: bool
    threshold: str
    threshold_words: str
    check: StoredCheckOut
    irregular_reason: str
    charter_version: int
    ends: str | None
    ended_by: str | None
    responsible_body: BodyRefOut | None
    responsible_member: MemberRefOut | None
    progress_notes: list[ProgressNoteOut]
    recorded_by: str
    recorded_at: dt.datetime


class DecisionCheckIn(Schema):
    body: str = Field(description="slug of the deciding body")
    decision_type: str
    decided_on: dt.date
    votes_for: int | None = Field(None, ge=0)
    votes_against: int | None = Field(None, ge=0)
    votes_abstain: int | None = Field(None, ge=0)
    unanimous: bool = False
    present: int | None = Field(None, ge=0)
    notice_given: bool = False
    ends: str | None = Field(None, description="reference of the decision this one ends")


class DecisionIn(DecisionCheckIn):
    title: str
    text: str = ""
    responsible_body: str | None = Field(None, description="body slug")
    responsible_member: str | None = Field(None, description="membership number")
    due_on: dt.date | None = None
    irregular_reason: str = Field(
        "", description="why a decision that fails the check is recorded anyway"
    )
    new_charter_text: str | None = Field(None, description="for charter.amend: the new charter")


class CheckOut(Schema):
    passed: bool
    threshold: str
    threshold_words: str
    explanation: str
    articles: list[str]
    failures: list[FailureOut]


class ProgressIn(Schema):
    written_on: dt.date
    text: str
    status: DecisionStatus


def _person(user) -> str:
    member = getattr(user, "member", None)
    return member.full_name if member is not None else user.get_username()


def _body_ref(body: Body | None) -> dict | None:
    return None if body is None else {"slug": body.slug, "name": body.name}


def _decision_out(decision: Decision) -> dict:
    return {
        "reference": decision.reference,
        "body": _body_ref(decision.body),
        "decided_on": decision.decided_on,
        "decision_type": decision.decision_type,
        "title": decision.title,
        "status": decision.status,
        "irregular": decision.irregular,
        "due_on": decision.due_on,
        "overdue": decision.is_overdue,
    }


def _note_out(note: ProgressNote) -> dict:
    return {
        "written_on": note.written_on,
        "text": note.text,
        "status_after": note.status_after,
        "author": _person(note.author),
        "recorded_at": note.recorded_at,
    }


def decision_detail(viewer, reference: str) -> dict:
    """Everything the record says of a decision, linking only decisions the viewer may read."""
    decision = decision_for_viewer(viewer, reference)
    decision = (
        Decision.objects.select_related(
            "body",
            "charter_version",
            "ends",
            "responsible_body",
            "responsible_member",
            "recorded_by__member",
        )
        .prefetch_related("ending_decisions")
        .get(pk=decision.pk)
    )
    notes = decision.progress_notes.select_related("author__member")
    out = _decision_out(decision)
    out.update(
        text=decision.text,
        votes={
            "votes_for": decision.votes_for,
            "votes_against": decision.votes_against,
            "votes_abstain": decision.votes_abstain,
            "unanimous": decision.unanimous,
            "present": decision.present,
            "seats_filled": decision.seats_filled,
        },
        notice_given=decision.notice_given,
        threshold=decision.threshold,
        threshold_words=threshold_words(decision.threshold) if decision.threshold else "",
        check={
            "passed": decision.check_passed,
            "failures": [_stored_failure(failure) for failure in decision.check_failures],
        },
        irregular_reason=decision.irregular_reason,
        charter_version=decision.charter_version.number,
        ends=visible_reference(viewer, decision.ends),
        ended_by=visible_reference(viewer, decision.ended_by),
        responsible_body=_body_ref(decision.responsible_body),
        responsible_member=decision.responsible_member,
        progress_notes=[_note_out(note) for note in notes],
        recorded_by=_person(decision.recorded_by),
        recorded_at=decision.recorded_at,
    )
    return out


def _stored_failure(failure: dict) -> dict:
    """A failure as `Failure.to_json` stored it when the decision was recorded."""
    return {
        "field": RULE_FIELDS.get(failure.get("rule")),
        "rule": failure.get("rule", ""),
        "message": failure.get("message", ""),
        "articles": failure.get("articles", []),
    }


# Lookups of what a request body names. Whatever the user may not see is as unknown to them
# as what does not exist: 422, naming the field.


def _named_body(viewer, field: str, slug: str) -> Body:
    try:
        return body_for_viewer(viewer, slug)
    except Http404:
        raise unknown(field, f"no body '{slug}'") from None


def _named_optional_body(viewer, field: str, slug: str | None) -> Body | None:
    return _named_body(viewer, field, slug) if slug else None


def _named_decision(viewer, field: str, reference: str | None) -> Decision | None:
    if not reference:
        return None
    decision = visible_decision(viewer, reference)
    if decision is None:
        raise unknown(field, f"no decision {reference}")
    return decision


def _named_member(viewer, field: str, number: str | None) -> Member | None:
    if not number:
        return None
    try:
        return member_for_viewer(viewer, number)
    except Http404:
        raise unknown(field, f"no member {number}") from None


def _tally(payload: DecisionCheckIn) -> Tally:
    return Tally(
        votes_for=payload.votes_for,
        votes_against=payload.votes_against,
        votes_abstain=payload.votes_abstain,
        unanimous=payload.unanimous,
        present=payload.present,
    )


@router.get("/decisions", response={200: DecisionPage, **ERRORS}, summary="Decisions")
def decisions_list(request, filters: Query[DecisionFilters]):
    """The decisions of the bodies whose records the caller may read, newest first."""
    decisions = decisions_visible_to(request.auth).select_related("body")
    if filters.body:
        decisions = decisions.filter(body__slug=filters.body)
    if filters.type:
        decisions = decisions.filter(decision_type=filters.type)
    if filters.status:
        decisions = decisions.filter(status=filters.status)
    if filters.overdue is True:
        decisions = decisions.overdue()
    elif filters.overdue is False:
        decisions = decisions.exclude(pk__in=Decision.objects.overdue().values("pk"))
    if filters.irregular is not None:
        decisions = decisions.filter(irregular=filters.irregular)
    if filters.q:
        decisions = decisions.filter(
            Q(reference__icontains=filters.q)
            | Q(title__icontains=filters.q)
            | Q(text__icontains=filters.q)
        )
    if filters.decided_from:
        decisions = decisions.filter(decided_on__gte=filters.decided_from)
    if filters.decided_to:
        decisions = decisions.filter(decided_on__lte=filters.decided_to)
    return paginate(decisions, filters, _decision_out)


@router.post(
    "/decisions/check",
    response={200: CheckOut, **WRITE_ERRORS},
    summary="What the charter says of a decision, without recording it",
)
def decisions_check(request, payload: DecisionCheckIn):
    viewer = request.auth
    body = _named_body(viewer, "body", payload.body)
    if not can_record_for_body(viewer, body):
        raise PermissionDenied(
            f"only the secretary of {body.name} or an administrator may check its decisions"
        )
    check = decision_check(
        body=body,
        decision_type=payload.decision_type,
        decided_on=payload.decided_on,
        tally=_tally(payload),
        notice_given=payload.notice_given,
        ends=_named_decision(viewer, "ends", payload.ends),
    )
    return {
        "passed": check.passed,
        "threshold": check.threshold,
        "threshold_words": threshold_words(check.threshold) if check.threshold else "",
        "explanation": check.explanation,
        "articles": list(check.articles),
        "failures": [failure_detail(failure) for failure in check.failures],
    }


@router.post(
    "/decisions",
    response={201: DecisionDetailOut, **WRITE_ERRORS},
    summary="Record a decision",
)
def decisions_record(request, payload: DecisionIn):
    """Checked against the charter in force. A decision that fails the check is refused
    (422, one entry per failed rule) unless `irregular_reason` says why it is recorded anyway."""
    viewer = request.auth
    with transaction.atomic():
        decision = decision_record(
            actor=viewer,
            body=_named_body(viewer, "body", payload.body),
            decision_type=payload.decision_type,
            decided_on=payload.decided_on,
            title=payload.title,
            text=payload.text,
            tally=_tally(payload),
            notice_given=payload.notice_given,
            ends=_named_decision(viewer, "ends", payload.ends),
            responsible_body=_named_optional_body(
                viewer, "responsible_body", payload.responsible_body
            ),
            responsible_member=_named_member(
                viewer, "responsible_member", payload.responsible_member
            ),
            due_on=payload.due_on,
            irregular_reason=payload.irregular_reason,
            new_charter_text=payload.new_charter_text,
        )
        return Status(201, decision_detail(viewer, decision.reference))


@router.get(
    "/decisions/{reference}",
    response={200: DecisionDetailOut, **ERRORS},
    summary="A decision with its vote, check and timeline",
)
def decision_get(request, reference: str):
    return decision_detail(request.auth, reference)


@router.post(
    "/decisions/{reference}/progress",
    response={201: ProgressNoteOut, **WRITE_ERRORS},
    summary="Report progress on a decision",
)
def decision_progress(request, reference: str, payload: ProgressIn):
    viewer = request.auth
    with transaction.atomic():
        note = decision_add_progress(
            actor=viewer,
            decision=decision_for_viewer(viewer, reference),
            written_on=payload.written_on,
            text=payload.text,
            status=payload.status,
        )
    return Status(201, _note_out(note))
