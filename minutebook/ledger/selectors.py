"""Reading the ledger for the pages: filtering, and what a recorded vote means."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from minutebook.bodies.models import Body
from minutebook.charter.spec import Charter
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
}


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


def procedure_rows(decision: Decision, state: ProcedureState | None) -> list[ProcedureRow]:
    if state is None:
        return []
    charter = decision.charter_version.charter
    rows = []
    for step_state in state.steps:
        step = step_state.step
        body = step_body(decision, step)
        rows.append(
            ProcedureRow(
                what=_STEP_WORDS[step.kind],
                body=body,
                body_name=body.name if body else charter.body(step.body).name,
                status=step_state.status,
                status_words=_STATUS_WORDS[step_state.status],
                opens_on=step_state.opens_on,
                due_on=step_state.due_on,
                threshold=step.threshold,
            )
        )
    return rows
