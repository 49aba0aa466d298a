"""What follows from a recorded decision in the apps above the ledger.

An app that must act when a decision is recorded (the obligations app: an appeal lodged
starts the clock on the body that hears it) registers a function here in its
AppConfig.ready(); `decision_record` calls each one inside its own transaction, after the
decision is on the record and journaled (and `decision_step_record` the `procedure_moved`
hooks, when a later step puts a pending decision in force or ends it), so that what follows is recorded, or refused,
together with it. The ledger imports nothing above itself."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from minutebook.ledger.models import Decision

DecisionRecorded = Callable[..., None]  # called as hook(actor=..., decision=...)
_hooks: dict[str, DecisionRecorded] = {}


def register_decision_recorded(name: str, hook: DecisionRecorded) -> None:
    """Call `hook(actor=..., decision=...)` for every decision recorded; registering the same
    name again replaces it."""
    _hooks[name] = hook


def decision_recorded(*, actor: Any, decision: Decision) -> None:
    for hook in list(_hooks.values()):
        hook(actor=actor, decision=decision)


# A pending decision that takes effect (its last approval given), or a decision that a later
# step ends (refused, vetoed): what arose from it may have to follow.
ProcedureMoved = Callable[..., None]  # called as hook(actor=..., decision=..., before=<status>)
_procedure_hooks: dict[str, ProcedureMoved] = {}


def register_procedure_moved(name: str, hook: ProcedureMoved) -> None:
    """Call `hook(actor=..., decision=..., before=...)` whenever a step of a decision's
    procedure changes its status or the day it takes effect (`before`: the status it had)."""
    _procedure_hooks[name] = hook


def procedure_moved(*, actor: Any, decision: Decision, before: str) -> None:
    for hook in list(_procedure_hooks.values()):
        hook(actor=actor, decision=decision, before=before)
