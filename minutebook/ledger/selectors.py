"""Reading the ledger for the pages: filtering, and what a recorded vote means."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from minutebook.bodies.models import Body
from minutebook.charter.spec import UNIT_STEPS, VETOES, Charter, StepKind
from minutebook.ledger.models import OPEN_STATUSES, Decision, ProgressNote
from minutebook.ledger.procedure import ProcedureState, StepStatus
from minutebook.ledger.services import step_body
from minutebook.voting.motions import MotionOutcome, decide


def decisions_filtered(
    decisions,
    *,
    body=None,
    decision_type: str = "",
    status: str = "",
    overdue: bool = False,
    irregular: bool = False,
    text: str = "",
    decided_from: dt.date | None = None,
    decided_to: dt.date | None = None,
):
    """Narrow a queryset of decisions (already limited to what the viewer may see)."""
    if body is not None:
        decisions = decisions.filter(body=body)
    if decision_type:
        decisions = decisions.filter(decision_type=decision_type)
    if status:
        decisions = decisions.filter(status=status)
    if overdue:
        decisions = decisions.filter(status__in=OPEN_STATUSES, due_on__lt=timezone.localdate())
    if irregular:
        decisions = decisions.filter(irregular=True)
    for word in text.split():
        decisions = decisions.filter(
            Q(reference__icontains=word) | Q(title__icontains=word) | Q(text__icontains=word)
        )
    if decided_from:
        decisions = decisions.filter(decided_on__gte=decided_from)
    if decided_to:
        decisions = decisions.filter(decided_on__lte=decided_to)
    return decisions


def decision_type_names(charter: Charter) -> dict[str, str]:
    """Decision type id → name, as the charter in force calls it."""
    return {spec.id: spec.name for spec in charter.decision_types}


def decision_outcome(decision: Decision) -> MotionOutcome | None:
    """The recorded vote measured against the recorded threshold, with its explanation in
    words; None when the record has no countable vote or no threshold (e.g. a decision of an
    unchartered body)."""
    if not decision.threshold or decision.votes_for is None:
        return None
    try:
        return decide(
            decision.threshold,
            yes=decision.votes_for,
            no=decision.votes_against or 0,
            abstain=decision.votes_abstain or 0,
            present=decision.present,
            entire=decision.seats_filled,
        )
    except ValueError:
        return None


@dataclass(frozen=True)
class TimelineEvent:
    """One step in a decision's life: `kind` is "adopted", "progress", "ended" (by a regular
    decision) or "claimed" (an irregular decision that claims to end it, without effect)."""

    kind: str
    on: dt.date
    note: ProgressNote | None = None
    decision: Decision | None = None


def decision_timeline(decision: Decision) -> list[TimelineEvent]:
    events = [TimelineEvent("adopted", decision.decided_on, decision=decision)]
    for note in decision.progress_notes.select_related("author__member"):
        events.append(TimelineEvent("progress", note.written_on, note=note))
    for ending in decision.ending_decisions.select_related("body"):
        kind = "claimed" if ending.irregular else "ended"
        events.append(TimelineEvent(kind, ending.decided_on, decision=ending))
    order = {"adopted": 0, "progress": 1, "claimed": 2, "ended": 2}
    return sorted(events, key=lambda event: (event.on, order[event.kind]))


_STEP_WORDS = {
    "ratify": "Ratification",
    "consent": "Consent",
    "veto": "Veto",
    "units_agree": "Agreement of the units",
    "units_veto": "Veto of the units",
    "outside_approval": "Outside approval",
}

_STATUS_WORDS = {
    StepStatus.GIVEN: "given",
    StepStatus.REFUSED: "refused",
    StepStatus.WAITING: "awaited",
    StepStatus.LAPSED: "lapsed: not given in time",
    StepStatus.WINDOW_OPEN: "may still be used",
    StepStatus.WINDOW_PASSED: "not used in time: the decision stands",
    StepStatus.NOT_VETOED: "put to the vote and not carried: the decision stands",
    StepStatus.VETOED: "used: the decision is vetoed",
    StepStatus.NOT_REACHED: "not reached",
    StepStatus.NOT_REQUIRED: "not required for this amount",
}


@dataclass(frozen=True)
class UnitAnswerRow:
    """A unit concerned by a units step, and its answer so far."""

    unit_name: str
    body: Body | None
    answer: str  # "agreed", "refused", "vetoed", "did not veto", "awaited"


@dataclass(frozen=True)
class ProcedureRow:
    """A step of a decision's procedure as the page shows it."""

    what: str
    body: Body | None
    body_name: str
    status: StepStatus
    status_words: str
    opens_on: dt.date | None
    due_on: dt.date | None
    threshold: str
    is_veto: bool = False
    outside: bool = False  # the approval of a body outside the organization
    when: str = ""  # the amount condition, in words
    units_needed: str = ""  # a units step: how many of how many, in words
    units: tuple[UnitAnswerRow, ...] = ()


def procedure_rows(decision: Decision, state: ProcedureState | None) -> list[ProcedureRow]:
    if state is None:
        return []
    charter = decision.charter_version.charter
    spec = charter.decision_type(decision.decision_type)
    currency = spec.amount.currency if spec.amount else ""
    rows = []
    for step_state in state.steps:
        step = step_state.step
        body = step_body(decision, step)
        if step.outside:
            body_name = f"{step.outside} (outside the organization)"
        elif step.kind in UNIT_STEPS:
            body_name = f"the {charter.body(step.body).name} of each unit concerned"
        else:
            body_name = body.name if body else charter.body(step.body).name
        rows.append(
            ProcedureRow(
                what=_STEP_WORDS[step.kind],
                body=body,
                body_name=body_name,
                status=step_state.status,
                status_words=_STATUS_WORDS[step_state.status],
                opens_on=step_state.opens_on,
                due_on=step_state.due_on,
                threshold="" if step.outside else step.threshold,
                is_veto=step.kind in VETOES,
                outside=bool(step.outside),
                when=f"only for an amount {step.when.describe(currency)}" if step.when else "",
                units_needed=_units_needed(step_state),
                units=_unit_answers(charter, step_state),
            )
        )
    return rows


def _units_needed(step_state) -> str:
    count = step_state.units
    if count is None:
        return ""
    verb = "veto" if step_state.step.kind == StepKind.UNITS_VETO else "agree"
    needs = step_state.step.needs.describe()
    return (
        f"{count.needed} of the {len(count.concerned)} units concerned must {verb} ({needs}); "
        f"{count.yes} did, {count.no} did not"
    )


def _unit_answers(charter, step_state) -> tuple[UnitAnswerRow, ...]:
    count = step_state.units
    if count is None:
        return ()
    veto = step_state.step.kind == StepKind.UNITS_VETO
    words = {True: "vetoed" if veto else "agreed", False: "did not veto" if veto else "refused"}
    answered = dict(count.answers)
    bodies = {
        body.unit.slug: body
        for body in Body.objects.filter(
            definition=step_state.step.body, unit__slug__in=count.concerned, chartered=True
        ).select_related("unit")
    }
    return tuple(
        UnitAnswerRow(
            unit_name=charter.unit(unit).name,
            body=bodies.get(unit),
            answer=words[answered[unit]] if unit in answered else "awaited",
        )
        for unit in count.concerned
    )
