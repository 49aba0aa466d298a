"""Where a decision stands in its charter procedure: which later step it waits for, until when,
and whether it has taken effect. Pure Python over the charter's steps and the steps on record,
so the ledger's service, its pages and the API read one answer.

Steps after adoption follow each other in the order the charter lists them. An approval
(ratify, consent) waits from the date of the step before (the adoption for the first); with
`within_days` it lapses when not given by then. A veto window runs `within_days` from the step
before; a veto carried within it ends the decision; once it has passed, the decision stands.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from minutebook.charter.spec import APPROVALS, DecisionTypeSpec, ProcedureStep, StepKind


class StepStatus(StrEnum):
    GIVEN = "given"  # an approval carried
    REFUSED = "refused"  # an approval voted down: the decision does not take effect
    WAITING = "waiting"  # the step the decision waits for now
    LAPSED = "lapsed"  # an approval not given within its days
    WINDOW_OPEN = "window_open"  # a veto may still be voted
    WINDOW_PASSED = "window_passed"  # no veto within the window: the decision stands
    NOT_VETOED = "not_vetoed"  # a veto was put to the vote and not carried: it stands
    VETOED = "vetoed"
    NOT_REACHED = "not_reached"  # a step after the one the decision waits for, or after its end


@dataclass(frozen=True)
class StepRecord:
    """What the record holds of a step: its place in the procedure, its date, its outcome."""

    index: int
    decided_on: dt.date
    carried: bool


@dataclass(frozen=True)
class StepState:
    index: int
    step: ProcedureStep
    status: StepStatus
    opens_on: dt.date | None  # when the step could first be taken
    due_on: dt.date | None  # an approval's deadline, or the last day of a veto window
    record: StepRecord | None


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
        return all(s.status == StepStatus.GIVEN for s in self.steps if s.step.kind in APPROVALS)

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
            if s.step.kind == StepKind.VETO and s.record is None and s.due_on is not None
        ]
        return max(dates) if dates else None


def procedure_state(
    spec: DecisionTypeSpec, adopted_on: dt.date, records: list[StepRecord], today: dt.date
) -> ProcedureState:
    """Each later step of `spec`'s procedure for a decision adopted on `adopted_on`."""
    by_index = {record.index: record for record in records}
    states: list[StepState] = []
    since: dt.date | None = adopted_on
    ended = False
    for index, step in enumerate(spec.procedure):
        if step.kind == StepKind.RECOMMEND:
            continue
        record = by_index.get(index)
        if ended or since is None:
            states.append(StepState(index, step, StepStatus.NOT_REACHED, None, None, record))
            continue
        days = step.within_days
        due = since + dt.timedelta(days=days) if days is not None else None
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
