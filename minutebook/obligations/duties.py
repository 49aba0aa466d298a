"""A duty as the pages and the API show it: what has to happen, by when, and where it stands
according to the record. Both a recorded obligation (`Obligation`) and a duty the charter
declares for every period or every meeting (`charter_duties`) become a `Duty`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from minutebook.bodies.models import Body
from minutebook.obligations import kinds
from minutebook.obligations.kinds import Met
from minutebook.obligations.models import Obligation, ObligationStatus


class DutyState(StrEnum):
    MET = "met"  # done on or before the due date
    OPEN = "open"  # not done yet, the due date still ahead (or today)
    OVERDUE = "overdue"  # the due date passed and it is not done (a period missed)
    LATE = "late"  # done, but after the due date
    BREACHED = "breached"  # a limit exceeded: a meeting that lasted longer than allowed
    NOT_JUDGED = "not_judged"  # a period that began before the rule came into force


# The states that need someone's attention, shown first and marked like overdue decisions.
FAILING = (DutyState.OVERDUE, DutyState.BREACHED)
_ORDER = {
    DutyState.OVERDUE: 0,
    DutyState.BREACHED: 1,
    DutyState.OPEN: 2,
    DutyState.LATE: 3,
    DutyState.MET: 4,
    DutyState.NOT_JUDGED: 5,
}


@dataclass(frozen=True)
class Duty:
    """`key` is the recorded obligation's id ("12"), or for a charter-declared duty
    "<rule>:<body slug>[:<period or meeting>]" ("council-meets:council:2026"; ids and slugs
    hold no colon)."""

    key: str
    body: Body
    title: str
    rule: str
    rule_text: str
    state: DutyState
    due_on: dt.date | None
    today: dt.date
    met: Met | None = None
    concerns: Met | None = None  # the record the duty judges (a meeting that sat too long)
    progress: str = ""  # in words: "1 of 2 meetings so far"
    arose_on: dt.date | None = None
    source: str = ""
    form: str = ""  # "arising", "meets_at_least", "meeting_lasts_at_most_days"

    @property
    def is_failing(self) -> bool:
        return self.state in FAILING

    @property
    def days_left(self) -> int | None:
        """Days until the due date while the duty is open (0 on the day itself)."""
        if self.state != DutyState.OPEN or self.due_on is None:
            return None
        return (self.due_on - self.today).days

    @property
    def days_late(self) -> int | None:
        if self.due_on is None:
            return None
        if self.state == DutyState.OVERDUE:
            return (self.today - self.due_on).days
        if self.state == DutyState.LATE and self.met is not None:
            return (self.met.on - self.due_on).days
        return None

    @property
    def sort_key(self) -> tuple:
        return (_ORDER[self.state], self.due_on or dt.date.max, self.body.name, self.key)


def judge(*, due_on: dt.date | None, met: Met | None, today: dt.date) -> DutyState:
    """Where a duty due on `due_on` stands on `today`, given what meets it on the record (a
    record dated after today does not count yet: a meeting still to be held). A duty without
    a due date (the charter fixes no time limit) is open until met, never overdue or late."""
    if met is not None and met.on <= today:
        return DutyState.MET if due_on is None or met.on <= due_on else DutyState.LATE
    return DutyState.OPEN if due_on is None or today <= due_on else DutyState.OVERDUE


def obligation_duty(obligation: Obligation, today: dt.date) -> Duty:
    if obligation.status != ObligationStatus.ACTIVE:
        raise ValueError("a withdrawn obligation is no duty")
    met = kinds.met(obligation)
    state = judge(due_on=obligation.due_on, met=met, today=today)
    return Duty(
        key=str(obligation.pk),
        body=obligation.body,
        title=obligation.title,
        rule=obligation.rule,
        rule_text=obligation.rule_text,
        state=state,
        due_on=obligation.due_on,
        today=today,
        met=met if state in (DutyState.MET, DutyState.LATE) else None,
        arose_on=obligation.arose_on,
        source=obligation.source,
        form="arising",
    )
