"""The ledger: decisions with their vote, their check against the charter and their
timeline; recording decisions, checking them first, reporting progress."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

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
from minutebook.charter.models import Unit
from minutebook.ledger.competence import Tally
from minutebook.ledger.models import Decision, DecisionStatus, DecisionStep, ProgressNote
from minutebook.ledger.services import (
    decision_add_progress,
    decision_check,
    decision_outside_step_record,
    decision_procedure,
    decision_record,
    decision_step_record,
    step_body,
)
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


class UnitRefOut(Schema):
    slug: str
    name: str


class UnitAnswerOut(Schema):
    unit: str = Field(description="unit slug")
    answer: str = Field(
        description="agreed / vetoed (its vote carried), refused / not_vetoed, or waiting"
    )


class UnitsOut(Schema):
    needed: int = Field(description="how many of the units concerned must agree (or veto)")
    concerned: int
    answers: list[UnitAnswerOut]


class ProcedureStepOut(Schema):
    index: int = Field(description="the step's place in the charter's procedure")
    kind: str = Field(
        description="ratify, consent, veto, units_agree, units_veto or outside_approval"
    )
    body: BodyRefOut | None = Field(
        description="the body that takes it; null for a units step (each unit's own body) "
        "and an outside approval"
    )
    outside_body: str | None = Field(description="outside_approval: the outside body's name")
    units: UnitsOut | None = Field(description="units steps: the units concerned and answers")
    applies_when: str | None = Field(description="the amount condition of the step, if any")
    threshold: str
    status: str = Field(
        description="given, refused, waiting, lapsed, window_open, window_passed, "
        "not_vetoed, vetoed, not_reached or not_required"
    )
    opens_on: dt.date | None
    due_on: dt.date | None


class StepRecordOut(Schema):
    index: int
    kind: str
    body: BodyRefOut | None = Field(description="null for an outside approval")
    unit: str | None = Field(description="units steps: the unit that answered")
    outside_body: str
    outside_reference: str
    outside_document: str
    decided_on: dt.date
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    present: int | None
    seats_filled: int | None
    threshold: str
    carried: bool
    explanation: str
    irregular: bool
    irregular_reason: str
    failures: list[FailureOut]


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
    recommended_by: str | None
    amount: Decimal | None
    currency: str = Field(description="the charter's currency for the type's amounts, or ''")
    affected_units: list[UnitRefOut]
    in_force_from: dt.date | None
    procedure: list[ProcedureStepOut]
    steps: list[StepRecordOut]
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
    recommended_by: str | None = Field(
        None, description="reference of the recommendation the charter's procedure asks for"
    )
    amount: Decimal | None = Field(
        None, description="for a decision type with an amount: the sum, at most 2 decimals"
    )
    affected_units: list[str] = Field(
        [], description="slugs of the units the decision affects, where its procedure asks them"
    )


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


class StepIn(Schema):
    body: str | None = Field(
        None,
        description="slug of the body that took the step (for a units step, the unit's own "
        "body); leave out for an outside approval",
    )
    decided_on: dt.date
    votes_for: int | None = Field(None, ge=0)
    votes_against: int | None = Field(None, ge=0)
    votes_abstain: int = Field(0, ge=0)
    given: bool | None = Field(None, description="outside approval: given (true) or refused")
    outside_reference: str = Field(
        "", description="outside approval: the reference of the outside body's answer"
    )
    outside_document: str = Field("", description="outside approval: a link to it, or its text")
    present: int | None = Field(None, ge=0)
    meeting: int | None = Field(None, description="the meeting of that body, if any")
    irregular_reason: str = Field("", description="why a step that fails the check is recorded")


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
        recommended_by=visible_reference(viewer, decision.recommended_by),
        amount=decision.amount,
        currency=_currency(decision),
        affected_units=[
            {"slug": unit.slug, "name": unit.name} for unit in decision.affected_units.all()
        ],
        in_force_from=decision.in_force_from,
        procedure=_procedure_out(decision),
        steps=[_step_out(step) for step in decision.steps.select_related("body__unit")],
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


def _named_units(field: str, slugs: list[str]) -> list[Unit]:
    """Units are public (the charter names them), so a slug is simply known or not."""
    units = []
    for slug in slugs:
        unit = Unit.objects.filter(slug=slug).first()
        if unit is None:
            raise unknown(field, f"no unit '{slug}'")
        units.append(unit)
    return units


def _currency(decision: Decision) -> str:
    try:
        spec = decision.charter_version.charter.decision_type(decision.decision_type)
    except KeyError:
        return ""
    return spec.amount.currency if spec.amount else ""


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
        recommended_by=_named_decision(viewer, "recommended_by", payload.recommended_by),
        amount=payload.amount,
        affected_units=_named_units("affected_units", payload.affected_units),
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
            recommended_by=_named_decision(viewer, "recommended_by", payload.recommended_by),
            amount=payload.amount,
            affected_units=_named_units("affected_units", payload.affected_units),
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


@router.post(
    "/decisions/{reference}/steps",
    response={201: StepRecordOut, **WRITE_ERRORS},
    summary="Record the step a decision waits for (ratification, consent, veto, a unit's "
    "answer, an outside approval)",
)
def decision_step(request, reference: str, payload: StepIn):
    """Taken by the body the charter names, in its time, with its quorum; otherwise refused
    (422, one entry per failed rule) unless `irregular_reason` says why it is recorded anyway
    (it then changes nothing). The step's outcome (`carried`) follows from its vote. For a
    units step, `body` is the answering unit's own body; each unit answers once. An outside
    approval has no `body` and no vote: `given` and `outside_reference` (by the secretary of
    the deciding body)."""
    viewer = request.auth
    with transaction.atomic():
        decision = decision_for_viewer(viewer, reference)
        if payload.body is None:
            if payload.given is None:
                raise unknown("given", "say whether the outside body gave its approval")
            step = decision_outside_step_record(
                actor=viewer,
                decision=decision,
                decided_on=payload.decided_on,
                given=payload.given,
                reference=payload.outside_reference,
                document=payload.outside_document,
                irregular_reason=payload.irregular_reason,
            )
            return Status(201, _step_out(step))
        body = _named_body(viewer, "body", payload.body)
        meeting = None
        if payload.meeting is not None:
            meeting = body.meetings.filter(pk=payload.meeting).first()
            if meeting is None:
                raise unknown("meeting", f"no meeting {payload.meeting} of {body.name}")
        step = decision_step_record(
            actor=viewer,
            decision=decision,
            body=body,
            decided_on=payload.decided_on,
            tally=Tally(
                votes_for=payload.votes_for,
                votes_against=payload.votes_against,
                votes_abstain=payload.votes_abstain,
                present=payload.present,
            ),
            meeting=meeting,
            irregular_reason=payload.irregular_reason,
        )
    return Status(201, _step_out(step))


def _step_out(step: DecisionStep) -> dict:
    return {
        "index": step.index,
        "kind": step.kind,
        "body": _body_ref(step.body),
        "unit": step.body.unit.slug if step.body_id and step.body.unit_id else None,
        "outside_body": step.outside_body,
        "outside_reference": step.outside_reference,
        "outside_document": step.outside_document,
        "decided_on": step.decided_on,
        "votes_for": step.votes_for,
        "votes_against": step.votes_against,
        "votes_abstain": step.votes_abstain,
        "present": step.present,
        "seats_filled": step.seats_filled,
        "threshold": step.threshold,
        "carried": step.carried,
        "explanation": step.explanation,
        "irregular": step.irregular,
        "irregular_reason": step.irregular_reason,
        "failures": [_stored_failure(failure) for failure in step.check_failures],
    }


def _procedure_out(decision: Decision) -> list[dict]:
    state = decision_procedure(decision)
    if state is None:
        return []
    currency = _currency(decision)
    return [
        {
            "index": step_state.index,
            "kind": step_state.step.kind.value,
            "body": _body_ref(step_body(decision, step_state.step)),
            "outside_body": step_state.step.outside or None,
            "units": _units_out(step_state),
            "applies_when": (
                f"amount {step_state.step.when.describe(currency)}"
                if step_state.step.when
                else None
            ),
            "threshold": step_state.step.threshold,
            "status": step_state.status.value,
            "opens_on": step_state.opens_on,
            "due_on": step_state.due_on,
        }
        for step_state in state.steps
    ]


def _units_out(step_state) -> dict | None:
    count = step_state.units
    if count is None:
        return None
    veto = step_state.step.kind.value == "units_veto"
    words = {True: "vetoed" if veto else "agreed", False: "not_vetoed" if veto else "refused"}
    answered = dict(count.answers)
    return {
        "needed": count.needed,
        "concerned": len(count.concerned),
        "answers": [
            {"unit": unit, "answer": words[answered[unit]] if unit in answered else "waiting"}
            for unit in count.concerned
        ],
    }
