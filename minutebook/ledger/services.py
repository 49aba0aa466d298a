"""Recording decisions and following them until they are implemented or ended."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from minutebook.bodies.access import can_record_for_body
from minutebook.bodies.models import Body, Seat
from minutebook.charter.loader import load_charter
from minutebook.charter.selectors import charter_version_in_force
from minutebook.charter.spec import UNIT_STEPS, StepKind, UnitsConcerned
from minutebook.journal.services import journal_append
from minutebook.ledger.competence import (
    BodyRef,
    CompetenceCheck,
    Tally,
    Target,
    check_decision,
    check_outside_step,
    check_step,
)
from minutebook.ledger.hooks import decision_recorded, procedure_moved
from minutebook.ledger.models import (
    OPEN_STATUSES,
    Decision,
    DecisionStatus,
    DecisionStep,
    ProgressNote,
)
from minutebook.ledger.procedure import ProcedureState, StepRecord, StepStatus, procedure_state
from minutebook.meetings.access import can_record_at_meeting
from minutebook.members.models import Member

CHARTER_AMEND = "charter.amend"


class DecisionRefused(Exception):
    """The decision fails the competence check and was not marked irregular."""

    def __init__(self, check: CompetenceCheck):
        self.check = check
        super().__init__("; ".join(f.message for f in check.failures))


def body_ref(body: Body) -> BodyRef:
    return BodyRef(
        name=body.name,
        definition=body.definition if body.chartered else None,
        unit=body.unit.slug if body.unit_id else None,
    )


def _target(decision: Decision) -> Target:
    return Target(
        reference=decision.reference,
        decision_type=decision.decision_type,
        is_open=decision.status in OPEN_STATUSES,
        status_label=decision.get_status_display().lower(),
        body=body_ref(decision.body),
        decided_on=decision.decided_on,
    )


def seats_filled_on(body: Body, day: dt.date) -> int:
    return Seat.objects.current(on=day).filter(body=body).count()


def decision_check(
    *,
    body: Body,
    decision_type: str,
    decided_on: dt.date,
    tally: Tally,
    notice_given: bool,
    ends: Decision | None = None,
    recommended_by: Decision | None = None,
    by_ballot: bool = False,
    amount: Decimal | None = None,
    affected_units=(),
) -> CompetenceCheck:
    """What the charter in force says of a decision, without recording anything (for forms
    that show the verdict before the secretary commits). `by_ballot`: taken by a ballot
    outside meetings that the software counted."""
    return check_decision(
        charter=charter_version_in_force().charter,
        body=body_ref(body),
        decision_type=decision_type,
        tally=tally,
        seats_filled=seats_filled_on(body, decided_on),
        notice_given=notice_given,
        ends=_target(ends) if ends is not None else None,
        recommendation=_target(recommended_by) if recommended_by is not None else None,
        by_ballot=by_ballot,
        decided_on=decided_on,
        amount=amount,
        affected_units=tuple(unit.slug for unit in affected_units or ()),
    )


@transaction.atomic
def decision_record(
    *,
    actor,
    body: Body,
    decision_type: str,
    decided_on: dt.date,
    title: str,
    text: str,
    tally: Tally,
    notice_given: bool = False,
    ends: Decision | None = None,
    responsible_body: Body | None = None,
    responsible_member: Member | None = None,
    due_on: dt.date | None = None,
    irregular_reason: str = "",
    meeting=None,
    new_charter_text: str | None = None,
    new_charter_source: str = "amended charter",
    recommended_by: Decision | None = None,
    counted_ballot: bool = False,
    amount: Decimal | None = None,
    affected_units=(),
) -> Decision:
    """Record a decision after checking it against the charter in force.

    A decision that fails the check is refused, unless `irregular_reason` says why it is being
    recorded anyway: then it is stored, marked irregular everywhere it appears. A regular
    rescission or amendment ends the decision it names; a regular `charter.amend` decision puts
    `new_charter_text` in force. A decision whose type has later steps in the charter's
    procedure (ratification, consent) is pending until they are recorded
    (`decision_step_record`); an amended charter then waits with it. A type decided on a
    recommendation needs `recommended_by`.

    The body's secretary and administrators record its decisions; a decision taken at an open
    `meeting` of the body may also be recorded by whoever may chair it (the chair closing the
    vote that adopted a motion). Raises PermissionDenied, ValidationError or DecisionRefused."""
    _require_recorder(actor, body, meeting, counted_ballot)
    if not title.strip():
        raise ValidationError({"title": "a decision needs a title"})
    if amount is not None and (
        not amount.is_finite() or amount != amount.quantize(Decimal("0.01")) or amount >= 10**14
    ):
        raise ValidationError({"amount": f"an amount has at most 2 decimal places: {amount}"})
    if ends is not None and decided_on < ends.decided_on:
        raise ValidationError(
            {"ends": f"a decision of {decided_on} cannot end {ends.reference} of {ends.decided_on}"}
        )
    if ends is not None:
        ends = (
            Decision.objects.select_for_update(of=("self",))
            .select_related("body__unit")
            .get(pk=ends.pk)
        )
    new_charter = None
    if decision_type == CHARTER_AMEND:
        if not new_charter_text:
            raise ValidationError(
                {"new_charter_text": "a charter amendment must carry the amended charter"}
            )
        new_charter = load_charter(new_charter_text, new_charter_source)
    elif new_charter_text:
        raise ValidationError(
            {"new_charter_text": "only a charter.amend decision carries a charter"}
        )

    version = charter_version_in_force()
    check = decision_check(
        body=body,
        decision_type=decision_type,
        decided_on=decided_on,
        tally=tally,
        notice_given=notice_given,
        ends=ends,
        recommended_by=recommended_by,
        by_ballot=counted_ballot,
        amount=amount,
        affected_units=affected_units,
    )
    irregular_reason = irregular_reason.strip()
    if not check.passed and not irregular_reason:
        raise DecisionRefused(check)
    affected = tuple(unit.slug for unit in affected_units or ())
    procedure = _procedure_at_adoption(
        version.charter, decision_type, decided_on, body, amount, affected
    )
    if not check.passed:
        procedure = None  # an irregular decision takes no further steps
    pending = procedure is not None and not procedure.approvals_given

    decision = Decision.objects.create(
        reference=f"pending-{uuid.uuid4().hex}",
        body=body,
        decided_on=decided_on,
        meeting=meeting,
        decision_type=decision_type,
        title=title.strip(),
        text=text,
        votes_for=tally.votes_for if not tally.unanimous else (tally.votes_for or tally.present),
        votes_against=tally.votes_against if not tally.unanimous else 0,
        votes_abstain=tally.votes_abstain if not tally.unanimous else 0,
        unanimous=tally.unanimous,
        present=tally.present,
        seats_filled=seats_filled_on(body, decided_on),
        notice_given=notice_given,
        charter_version=version,
        check_passed=check.passed,
        check_failures=[failure.to_json() for failure in check.failures],
        threshold=check.threshold,
        check_explanation=check.explanation,
        irregular=bool(irregular_reason),
        irregular_reason=irregular_reason,
        ends=ends,
        responsible_body=responsible_body,
        responsible_member=responsible_member,
        due_on=due_on,
        recommended_by=recommended_by,
        amount=amount,
        status=DecisionStatus.PENDING if pending else DecisionStatus.ADOPTED,
        in_force_from=procedure.in_force_from() if procedure and not pending else None,
        pending_charter_text=new_charter_text if pending and new_charter_text else "",
        recorded_by=actor,
    )
    decision.reference = f"{decided_on.year}-{decision.pk:05d}"
    decision.save(update_fields=["reference"])
    if affected_units:
        decision.affected_units.set(affected_units)
    journal_append(
        actor=actor,
        action="decision.record",
        obj=decision,
        summary=f"{decision.reference} recorded: {decision.title}"
        + (" (IRREGULAR)" if decision.irregular else ""),
        after=decision_snapshot(decision),
    )
    if ends is not None and not decision.irregular:
        _end(actor=actor, decision=ends, by=decision)
    if new_charter is not None and not decision.irregular and not pending:
        _put_charter_in_force(actor, new_charter, new_charter_text, new_charter_source, decision)
    decision_recorded(actor=actor, decision=decision)
    return decision


def _require_recorder(actor, body: Body, meeting, counted_ballot: bool) -> None:
    """Who records what a body decided: its secretary or an administrator; at an open meeting
    also its chair. The result of a ballot outside meetings, counted by the software, is
    recorded by whoever closes or called it (`counted_ballot`: the ballots app checks that)."""
    if meeting is not None and meeting.body_id != body.pk:
        raise ValidationError({"meeting": f"that meeting is not a meeting of {body.name}"})
    if counted_ballot:
        return
    may_record = (
        can_record_at_meeting(actor, meeting)
        if meeting is not None
        else can_record_for_body(actor, body)
    )
    if not may_record:
        raise PermissionDenied(
            f"only the secretary of {body.name} or an administrator may record its decisions"
            + (", or the chair while the meeting is open" if meeting is not None else "")
        )


def _put_charter_in_force(actor, charter, text: str, source: str, decision: Decision) -> None:
    from minutebook.charter.services import charter_put_in_force_by_decision

    charter_put_in_force_by_decision(
        actor=actor, charter=charter, text=text, source_name=source, decision=decision
    )


def _procedure_at_adoption(
    charter,
    decision_type: str,
    decided_on: dt.date,
    body: Body,
    amount: Decimal | None,
    affected: tuple[str, ...],
):
    """The procedure state of a decision just adopted, or None if its type has no later steps."""
    try:
        spec = charter.decision_type(decision_type)
    except KeyError:
        return None
    if not spec.steps_after_adoption:
        return None
    units = units_concerned(charter, spec, body.unit.slug if body.unit_id else None, affected)
    return procedure_state(spec, decided_on, [], decided_on, amount=amount, units=units)


def units_concerned(
    charter, spec, deciding_unit: str | None, affected: tuple[str, ...]
) -> dict[int, tuple[str, ...]]:
    """For each units step of `spec` by its index, the units it asks (in charter order): the
    affected units named on the decision, or every unit of the step body's kind at or below
    the deciding body's unit."""
    concerned: dict[int, tuple[str, ...]] = {}
    for index, step in enumerate(spec.procedure):
        if step.kind not in UNIT_STEPS:
            continue
        kind = charter.body(step.body).per_unit_kind
        of_kind = charter.units_of_kind(kind, within=deciding_unit)
        if step.units == UnitsConcerned.AFFECTED:
            concerned[index] = tuple(u.id for u in charter.units if u.id in set(affected))
        else:
            concerned[index] = tuple(u.id for u in of_kind)
    return concerned


def decision_procedure(decision: Decision, today: dt.date | None = None) -> ProcedureState | None:
    """Where the decision stands in the procedure of the charter it was taken under; None when
    its type has no later steps (or the charter does not know the type)."""
    charter = decision.charter_version.charter
    try:
        spec = charter.decision_type(decision.decision_type)
    except KeyError:
        return None
    if not spec.steps_after_adoption or decision.irregular:
        return None
    records = [
        StepRecord(
            step.index,
            step.decided_on,
            step.carried,
            unit=step.body.unit.slug if step.body_id and step.body.unit_id else None,
        )
        for step in decision.steps.select_related("body__unit")
        if not step.irregular
    ]
    units = units_concerned(
        charter,
        spec,
        decision.body.unit.slug if decision.body.unit_id else None,
        tuple(decision.affected_units.values_list("slug", flat=True)),
    )
    return procedure_state(
        spec,
        decision.decided_on,
        records,
        today or timezone.localdate(),
        amount=decision.amount,
        units=units,
    )


def step_bodies(decision: Decision, state) -> list[Body]:
    """For a units step, the bodies of the units concerned that have not answered yet, in
    charter order; [] for any other step."""
    if state.step.kind not in UNIT_STEPS or state.units is None:
        return []
    waiting = state.units.unanswered
    bodies = {
        body.unit.slug: body
        for body in Body.objects.filter(
            definition=state.step.body, unit__slug__in=waiting, chartered=True
        ).select_related("unit")
    }
    return [bodies[unit] for unit in waiting if unit in bodies]


def step_body(decision: Decision, step) -> Body | None:
    """The body that takes `step` of the decision: the charter's body, in the unit that acts
    for the deciding body's unit (a body defined per unit kind has one in each). None for a
    units step (each unit's own body takes it: `step_bodies`) and an outside approval."""
    if step.kind in UNIT_STEPS or step.kind == StepKind.OUTSIDE_APPROVAL:
        return None
    charter = decision.charter_version.charter
    unit = decision.body.unit.slug if decision.body.unit_id else None
    acting = charter.acting_unit(step.body, unit) if unit else charter.body(step.body).unit
    return (
        Body.objects.filter(definition=step.body, unit__slug=acting, chartered=True)
        .select_related("unit")
        .first()
    )


def may_record_step(actor, decision: Decision, state: ProcedureState | None) -> Body | None:
    """The body whose step `actor` may record now (its secretary, or an administrator), or
    None: what the decision page offers, and what `decision_step_record` allows. For a units
    step, the first unit concerned still to answer for which `actor` may record; for an
    outside approval, the deciding body, whose secretary records it."""
    takers = step_takers(actor, decision, state)
    return takers[0] if takers else None


def step_takers(actor, decision: Decision, state: ProcedureState | None) -> list[Body]:
    """Every body whose step `actor` may record now (see `may_record_step`)."""
    current = state.current if state else None
    if current is None or decision.status not in (DecisionStatus.PENDING, DecisionStatus.ADOPTED):
        return []
    if current.step.kind == StepKind.OUTSIDE_APPROVAL:
        return [decision.body] if can_record_for_body(actor, decision.body) else []
    if current.step.kind in UNIT_STEPS:
        return [body for body in step_bodies(decision, current) if can_record_for_body(actor, body)]
    body = step_body(decision, current.step)
    return [body] if body is not None and can_record_for_body(actor, body) else []


@transaction.atomic
def decision_step_record(
    *,
    actor,
    decision: Decision,
    body: Body,
    decided_on: dt.date,
    tally: Tally,
    meeting=None,
    irregular_reason: str = "",
    counted_ballot: bool = False,
) -> DecisionStep:
    """Record the step the decision waits for — a ratification, a consent, or a vote on a
    veto — taken by `body` with its own vote. The step must be taken by the body the charter
    names, in its time, with its quorum; otherwise it is refused, or recorded as irregular
    (and then changes nothing). A ratification voted down ends the decision (refused), a veto
    carried ends it (vetoed); the last approval puts it in force, with its amended charter.
    For a units step, `body` is the answering unit's own body: a unit concerned that has not
    answered yet; the step is decided when enough units agree (veto), or too few remain.
    Recorded by the secretary of `body`, an administrator, or the chair of its open meeting."""
    _require_recorder(actor, body, meeting, counted_ballot)
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("body__unit", "charter_version")
        .get(pk=decision.pk)
    )
    state = decision_procedure(decision, decided_on)
    current = state.current if state else None
    if decision.status not in (DecisionStatus.PENDING, DecisionStatus.ADOPTED) or current is None:
        raise ValidationError(
            {"decision": f"{decision.reference} awaits no ratification, consent or veto"}
        )
    charter = decision.charter_version.charter
    spec = charter.decision_type(decision.decision_type)
    seats_filled = seats_filled_on(body, decided_on)
    units = current.units
    check, outcome = check_step(
        charter=charter,
        step=current.step,
        body=body_ref(body),
        decision_unit=decision.body.unit.slug if decision.body.unit_id else None,
        tally=tally,
        seats_filled=seats_filled,
        decided_on=decided_on,
        opens_on=current.opens_on,
        due_on=current.due_on,
        articles=spec.articles,
        decision_type=spec,
        by_ballot=counted_ballot,
        units=units.concerned if units else None,
        answered=tuple(unit for unit, _ in units.answers) if units else (),
    )
    irregular_reason = irregular_reason.strip()
    if not check.passed and not irregular_reason:
        raise DecisionRefused(check)
    counts = tally.counts() or (None, None, None)
    step = DecisionStep.objects.create(
        decision=decision,
        index=current.index,
        kind=current.step.kind.value,
        body=body,
        decided_on=decided_on,
        meeting=meeting,
        votes_for=counts[0],
        votes_against=counts[1],
        votes_abstain=counts[2],
        present=tally.present,
        seats_filled=seats_filled,
        threshold=current.step.threshold,
        carried=bool(outcome and outcome.adopted),
        explanation=check.explanation,
        check_failures=[failure.to_json() for failure in check.failures],
        irregular=not check.passed,
        irregular_reason=irregular_reason if not check.passed else "",
        recorded_by=actor,
    )
    _journal_step(actor, decision, step)
    if not step.irregular:
        _follow_procedure(actor, decision, decided_on)
    return step


def _journal_step(actor, decision: Decision, step: DecisionStep) -> None:
    verb = {True: "carried", False: "not carried"}[step.carried]
    if step.body_id is None:
        verb = "given" if step.carried else "refused"
    journal_append(
        actor=actor,
        action="decision.step",
        obj=decision,
        summary=f"{decision.reference}: {step.kind} by {step.by_name} {verb}"
        + (" (IRREGULAR)" if step.irregular else ""),
        after={
            "step": step.index,
            "kind": step.kind,
            "body": step.body.slug if step.body_id else None,
            "unit": step.body.unit.slug if step.body_id and step.body.unit_id else None,
            "outside_body": step.outside_body,
            "outside_reference": step.outside_reference,
            "outside_document": step.outside_document,
            "decided_on": step.decided_on.isoformat(),
            "votes": {
                "for": step.votes_for,
                "against": step.votes_against,
                "abstain": step.votes_abstain,
                "present": step.present,
            },
            "carried": step.carried,
            "irregular": step.irregular,
            "irregular_reason": step.irregular_reason,
        },
    )


@transaction.atomic
def decision_outside_step_record(
    *,
    actor,
    decision: Decision,
    decided_on: dt.date,
    given: bool,
    reference: str,
    document: str = "",
    irregular_reason: str = "",
) -> DecisionStep:
    """Record the answer of the body outside the organization whose approval the decision
    waits for: `given` or refused, on `decided_on`, with the `reference` of its letter or
    minute (and `document`, a link or its text). Recorded by whoever may record the
    decision's own body's decisions (its secretary, an administrator). Refused when another
    step is awaited, before the step it follows, after its days, or without a reference,
    unless recorded as irregular (it then changes nothing); a refusal ends the decision."""
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("body__unit", "charter_version")
        .get(pk=decision.pk)
    )
    if not can_record_for_body(actor, decision.body):
        raise PermissionDenied(
            f"only the secretary of {decision.body.name} or an administrator may record the "
            "outside approval of its decisions"
        )
    state = decision_procedure(decision, decided_on)
    current = state.current if state else None
    if decision.status not in (DecisionStatus.PENDING, DecisionStatus.ADOPTED) or current is None:
        raise ValidationError({"decision": f"{decision.reference} awaits no further step"})
    spec = decision.charter_version.charter.decision_type(decision.decision_type)
    check = check_outside_step(
        step=current.step,
        decided_on=decided_on,
        opens_on=current.opens_on,
        due_on=current.due_on,
        reference=reference,
        articles=spec.articles,
    )
    irregular_reason = irregular_reason.strip()
    if not check.passed and not irregular_reason:
        raise DecisionRefused(check)
    outside = current.step.outside or "a body outside the organization"
    step = DecisionStep.objects.create(
        decision=decision,
        index=current.index,
        kind=StepKind.OUTSIDE_APPROVAL.value,
        body=None,
        decided_on=decided_on,
        votes_for=None,
        votes_against=None,
        votes_abstain=None,
        carried=given,
        explanation=f"{'Approved' if given else 'Refused'} by {outside} (reference: "
        f"{reference.strip() or 'none given'}).",
        check_failures=[failure.to_json() for failure in check.failures],
        irregular=not check.passed,
        irregular_reason=irregular_reason if not check.passed else "",
        outside_body=outside,
        outside_reference=reference.strip(),
        outside_document=document.strip(),
        recorded_by=actor,
    )
    _journal_step(actor, decision, step)
    if not step.irregular:
        _follow_procedure(actor, decision, decided_on)
    return step


def _follow_procedure(actor, decision: Decision, today: dt.date) -> None:
    """Move the decision's status to what its steps on record say."""
    state = decision_procedure(decision, today)
    assert state is not None
    before = (decision.status, decision.in_force_from)
    ended = state.ended_by
    if ended is not None:
        decision.status = (
            DecisionStatus.VETOED if ended.status == StepStatus.VETOED else DecisionStatus.REFUSED
        )
    elif decision.status == DecisionStatus.PENDING and state.approvals_given:
        decision.status = DecisionStatus.ADOPTED
    decision.in_force_from = state.in_force_from()
    if (decision.status, decision.in_force_from) == before:
        return
    charter_text = decision.pending_charter_text
    decision.save(update_fields=["status", "in_force_from"])
    journal_append(
        actor=actor,
        action="decision.procedure",
        obj=decision,
        summary=f"{decision.reference} {decision.get_status_display().lower()}"
        + (f", in force from {decision.in_force_from}" if decision.in_force_from else ""),
        before={"status": before[0], "in_force_from": before[1].isoformat() if before[1] else None},
        after={
            "status": decision.status,
            "in_force_from": decision.in_force_from.isoformat() if decision.in_force_from else None,
        },
    )
    if (
        decision.status == DecisionStatus.ADOPTED
        and before[0] == DecisionStatus.PENDING
        and charter_text
    ):
        charter = load_charter(charter_text, "amended charter")
        _put_charter_in_force(actor, charter, charter_text, "amended charter", decision)
    procedure_moved(actor=actor, decision=decision, before=before[0])


def _end(*, actor, decision: Decision, by: Decision) -> None:
    before = decision.status
    decision.status = (
        DecisionStatus.RESCINDED
        if by.decision_type == "decision.rescind"
        else DecisionStatus.SUPERSEDED
    )
    decision.save(update_fields=["status"])
    journal_append(
        actor=actor,
        action="decision.end",
        obj=decision,
        summary=f"{decision.reference} {decision.get_status_display().lower()} by {by.reference}",
        before={"status": before},
        after={"status": decision.status, "by": by.reference},
    )


ALLOWED_PROGRESS = {
    DecisionStatus.ADOPTED: {
        DecisionStatus.ADOPTED,
        DecisionStatus.IN_PROGRESS,
        DecisionStatus.IMPLEMENTED,
    },
    DecisionStatus.IN_PROGRESS: {DecisionStatus.IN_PROGRESS, DecisionStatus.IMPLEMENTED},
}


@transaction.atomic
def decision_add_progress(
    *, actor, decision: Decision, written_on: dt.date, text: str, status: str
) -> ProgressNote:
    """Add a dated progress note and move the status on (adopted → in progress →
    implemented). Ending a decision any other way needs a decision of its own."""
    decision = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("body", "responsible_body")
        .get(pk=decision.pk)
    )
    if not may_report_progress(actor, decision):
        raise PermissionDenied(
            "only the secretary of the deciding or responsible body, the responsible member or an administrator may report progress"
        )
    if not text.strip():
        raise ValidationError({"text": "a progress note needs text"})
    allowed = ALLOWED_PROGRESS.get(decision.status)
    if allowed is None:
        raise ValidationError(
            {
                "status": f"{decision.reference} is {decision.get_status_display().lower()}: no further progress can be reported"
            }
        )
    if status not in allowed:
        raise ValidationError({"status": f"cannot go from {decision.status} to {status}"})
    before = decision.status
    note = ProgressNote.objects.create(
        decision=decision,
        written_on=written_on,
        text=text.strip(),
        status_after=status,
        author=actor,
    )
    if status != before:
        decision.status = status
        decision.save(update_fields=["status"])
    journal_append(
        actor=actor,
        action="decision.progress",
        obj=decision,
        summary=f"{decision.reference}: progress note ({status})",
        before={"status": before},
        after={"status": status, "note": note.text, "written_on": written_on.isoformat()},
    )
    return note


def may_report_progress(actor, decision: Decision) -> bool:
    if can_record_for_body(actor, decision.body):
        return True
    if decision.responsible_body and can_record_for_body(actor, decision.responsible_body):
        return True
    member = getattr(actor, "member", None)
    return member is not None and decision.responsible_member_id == member.pk


def decision_snapshot(decision: Decision) -> dict:
    return {
        "reference": decision.reference,
        "body": decision.body.slug,
        "decided_on": decision.decided_on.isoformat(),
        "meeting": decision.meeting_id,
        "decision_type": decision.decision_type,
        "title": decision.title,
        "text": decision.text,
        "votes": {
            "for": decision.votes_for,
            "against": decision.votes_against,
            "abstain": decision.votes_abstain,
            "unanimous": decision.unanimous,
            "present": decision.present,
        },
        "seats_filled": decision.seats_filled,
        "notice_given": decision.notice_given,
        "amount": str(decision.amount) if decision.amount is not None else None,
        "affected_units": sorted(decision.affected_units.values_list("slug", flat=True)),
        "charter_version": decision.charter_version.number,
        "check_passed": decision.check_passed,
        "check_failures": decision.check_failures,
        "irregular": decision.irregular,
        "irregular_reason": decision.irregular_reason,
        "ends": decision.ends.reference if decision.ends_id else None,
        "status": decision.status,
        "due_on": decision.due_on.isoformat() if decision.due_on else None,
        "responsible_body": decision.responsible_body.slug
        if decision.responsible_body_id
        else None,
        "responsible_member": decision.responsible_member.membership_number
        if decision.responsible_member_id
        else None,
    }
