"""Where a decision stands in its charter procedure: which later step it waits for, until when,
and whether it has taken effect. Pure Python over the charter's steps and the steps on record,
so the ledger's service, its pages and the API read one answer.

Steps after adoption follow each other in the order the charter lists them. An approval
(ratify, consent) waits from the date of the step before (the adoption for the first); with
`within_days` it lapses when not given by then. A veto window runs `within_days` from the step
before; a veto carried within it ends the decision; once it has passed, the decision stands.
A units step counts the answers of the units concerned, each unit once: it is given (or the
veto carried) when enough agree (veto), and refused (or the veto fails) as soon as too few
remain to get there. A step whose `when:` the decision's amount does not meet is not required.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from minutebook.charter.spec import (
    APPROVALS,
    UNIT_STEPS,
    VETOES,
    DecisionTypeSpec,
    ProcedureStep,
    StepKind,
)


class StepStatus(StrEnum):
    GIVEN = "given"  # an approval carried (for units: enough of them agreed)
    REFUSED = "refused"  # an approval voted down: the decision does not take effect
    WAITING = "waiting"  # the step the decision waits for now
    LAPSED = "lapsed"  # an approval not given within its days
    WINDOW_OPEN = "window_open"  # a veto may still be voted
    WINDOW_PASSED = "window_passed"  # no veto within the window: the decision stands
    NOT_VETOED = "not_vetoed"  # a veto was put to the vote and not carried: it stands
    VETOED = "vetoed"
    NOT_REACHED = "not_reached"  # a step after the one the decision waits for, or after its end
    NOT_REQUIRED = "not_required"  # a step whose `when:` the decision's amount does not meet


@dataclass(frozen=True)
class StepRecord:
    """What the record holds of a step: its place in the procedure, its date, its outcome;
    for a units step, the unit that answered (one record per unit)."""

    index: int
    decided_on: dt.date
    carried: bool
    unit: str | None = None


@dataclass(frozen=True)
class UnitsCount:
    """A units step's answers so far: of `concerned` units, `needed` must agree (or veto);
    `answers` maps each unit that answered to whether its vote carried."""

    concerned: tuple[str, ...]
    needed: int
    answers: tuple[tuple[str, bool], ...]

    @property
    def yes(self) -> int:
        return sum(1 for _, carried in self.answers if carried)

    @property
    def no(self) -> int:
        return sum(1 for _, carried in self.answers if not carried)

    @property
    def unanswered(self) -> tuple[str, ...]:
        answered = {unit for unit, _ in self.answers}
        return tuple(unit for unit in self.concerned if unit not in answered)


@dataclass(frozen=True)
class StepState:
    index: int
    step: ProcedureStep
    status: StepStatus
    opens_on: dt.date | None  # when the step could first be taken
    due_on: dt.date | None  # an approval's deadline, or the last day of a veto window
    record: StepRecord | None  # for a units step: the answer that decided it
    units: UnitsCount | None = None  # a units step's answers


@dataclass(frozen=True)
class ProcedureState:
    steps: tuple[StepState, ...]

    @property
    def current(self) -> StepState | None:
        """The step the decision waits for (an approval, or an open veto window)."""
        return next(
            (s for s in self.steps if s.status in (StepStatus.WAITING, StepStatus.LAPSED)),
            None,
        ) or next((s for s in self.steps if s.status == StepStatus.WINDOW_OPEN), None)

    @property
    def approvals_given(self) -> bool:
        return all(
            s.status in (StepStatus.GIVEN, StepStatus.NOT_REQUIRED)
            for s in self.steps
            if s.step.kind in APPROVALS
        )

    @property
    def ended_by(self) -> StepState | None:
        """The step that ended the decision: an approval refused or a veto carried."""
        return next(
            (s for s in self.steps if s.status in (StepStatus.REFUSED, StepStatus.VETOED)), None
        )

    def in_force_from(self) -> dt.date | None:
        """When the decision takes (or took) effect: once every approval is given, at the end
        of the last veto window; None while an approval is awaited or if it was ended."""
        if self.ended_by is not None or not self.approvals_given:
            return None
        dates = [s.record.decided_on for s in self.steps if s.record is not None]
        dates += [
            s.due_on + dt.timedelta(days=1)
            for s in self.steps
            if s.step.kind in VETOES
            and s.record is None
            and s.due_on is not None
            and s.status != StepStatus.NOT_REQUIRED
        ]
        return max(dates) if dates else None


def procedure_state(
    spec: DecisionTypeSpec,
    adopted_on: dt.date,
    records: list[StepRecord],
    today: dt.date,
    *,
    amount: Decimal | None = None,
    units: dict[int, tuple[str, ...]] | None = None,
) -> ProcedureState:
    """Each later step of `spec`'s procedure for a decision adopted on `adopted_on`, with the
    decision's `amount` (for steps with `when:`) and, for each units step by its index, the
    units concerned."""
    by_index: dict[int, list[StepRecord]] = {}
    for record in records:
        by_index.setdefault(record.index, []).append(record)
    states: list[StepState] = []
    since: dt.date | None = adopted_on
    ended = False
    for index, step in enumerate(spec.procedure):
        if step.kind == StepKind.RECOMMEND:
            continue
        found = by_index.get(index, [])
        record = found[0] if found else None
        if not step.applies(amount):
            states.append(StepState(index, step, StepStatus.NOT_REQUIRED, None, None, None))
            continue
        if ended or since is None:
            states.append(StepState(index, step, StepStatus.NOT_REACHED, None, None, record))
            continue
        days = step.within_days
        due = since + dt.timedelta(days=days) if days is not None else None
        if step.kind in UNIT_STEPS:
            state = _units_step(index, step, since, due, found, (units or {}).get(index, ()), today)
            states.append(state)
            ended = state.status in (StepStatus.REFUSED, StepStatus.VETOED)
            if state.record is not None:
                since = state.record.decided_on
            elif state.status == StepStatus.WINDOW_PASSED:
                since = due + dt.timedelta(days=1)
            else:
                since = None
            continue
        if step.kind == StepKind.VETO:
            assert due is not None
            if record is not None:
                status = StepStatus.VETOED if record.carried else StepStatus.NOT_VETOED
                ended = record.carried
                states.append(StepState(index, step, status, since, due, record))
                since = record.decided_on
                continue
            status = StepStatus.WINDOW_PASSED if today > due else StepStatus.WINDOW_OPEN
            states.append(StepState(index, step, status, since, due, record))
            since = due + dt.timedelta(days=1) if status == StepStatus.WINDOW_PASSED else None
            continue
        if record is not None:
            status = StepStatus.GIVEN if record.carried else StepStatus.REFUSED
            ended = not record.carried
            states.append(StepState(index, step, status, since, due, record))
            since = record.decided_on
            continue
        status = StepStatus.LAPSED if due is not None and today > due else StepStatus.WAITING
        states.append(StepState(index, step, status, since, due, None))
        since = None
    return ProcedureState(tuple(states))


def _units_step(
    index: int,
    step: ProcedureStep,
    since: dt.date,
    due: dt.date | None,
    found: list[StepRecord],
    concerned: tuple[str, ...],
    today: dt.date,
) -> StepState:
    """A units step from its answers, taken in date order: the answer that brings the units
    for it to what it needs decides it (agreed, or vetoed); so does the one that leaves too
    few units unanswered to get there (refused, or the veto fails and the decision stands).
    No unit concerned: nothing to ask, the step is passed the day it opens."""
    assert step.needs is not None
    needed = step.needs.needed(len(concerned))
    veto = step.kind == StepKind.UNITS_VETO
    answers: list[tuple[str, bool]] = []
    decided: StepRecord | None = None
    status: StepStatus | None = None
    if not concerned:
        decided = StepRecord(index, since, not veto)
        status = StepStatus.NOT_VETOED if veto else StepStatus.GIVEN
    for record in sorted(found, key=lambda r: r.decided_on):
        if status is not None or record.unit not in concerned:
            continue
        if any(unit == record.unit for unit, _ in answers):
            continue
        answers.append((record.unit, record.carried))
        yes = sum(1 for _, carried in answers if carried)
        no = len(answers) - yes
        if yes >= needed:
            status = StepStatus.VETOED if veto else StepStatus.GIVEN
            decided = StepRecord(index, record.decided_on, True)
        elif len(concerned) - no < needed:
            status = StepStatus.NOT_VETOED if veto else StepStatus.REFUSED
            decided = StepRecord(index, record.decided_on, False)
    count = UnitsCount(concerned, needed, tuple(answers))
    if status is None:
        late = due is not None and today > due
        if veto:
            status = StepStatus.WINDOW_PASSED if late else StepStatus.WINDOW_OPEN
        else:
            status = StepStatus.LAPSED if late else StepStatus.WAITING
    return StepState(index, step, status, since, due, decided, count)
