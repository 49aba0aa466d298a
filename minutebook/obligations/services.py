"""Recording the duties that arise from events (a valid requisition, an appeal lodged), and
withdrawing one entered in error.

`obligation_arise` is called by the service that records the event (the petitions app when a
requisition reaches its threshold; this app's ledger hook when a decision the charter attaches
a duty to is recorded), inside that service's transaction, after it has checked who may act:
the duty follows from the event, so nobody needs a permission of their own to make it arise.
Whether the duty is met is never recorded here: `selectors` read it from the record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from minutebook.bodies.access import is_administrator
from minutebook.bodies.models import Body
from minutebook.charter.selectors import charter_in_force
from minutebook.journal.services import journal_append
from minutebook.obligations import kinds
from minutebook.obligations.models import Obligation, ObligationKind, ObligationStatus


def obligation_snapshot(obligation: Obligation) -> dict[str, Any]:
    return {
        "body": obligation.body.slug,
        "title": obligation.title,
        "kind": obligation.kind,
        "params": obligation.params,
        "rule": obligation.rule,
        "source": obligation.source,
        "arose_on": obligation.arose_on.isoformat(),
        "due_on": obligation.due_on.isoformat() if obligation.due_on else None,
        "status": obligation.status,
    }


def _check(
    *,
    body: Body,
    kind: str,
    title: str,
    due_on: dt.date | None,
    arose_on: dt.date,
    rule: str,
    source: str,
    params: dict[str, Any],
) -> None:
    if kind not in ObligationKind.values:
        raise ValidationError(
            {"kind": f"unknown kind of duty '{kind}': one of {', '.join(ObligationKind.values)}"}
        )
    if not kinds.registered(kind):
        raise ValidationError(
            {"kind": f"nothing on the record can meet a '{kind}' duty: its app is not installed"}
        )
    if not body.is_active:
        raise ValidationError({"body": f"{body.name} is not an active body of the charter"})
    if not title.strip():
        raise ValidationError({"title": "a duty needs a title saying what has to happen"})
    if not rule.strip():
        raise ValidationError({"rule": "name the charter rule the duty comes from"})
    if not source.strip():
        raise ValidationError({"source": "name the event the duty arose from, e.g. 'petition:12'"})
    if due_on is not None and due_on < arose_on:
        raise ValidationError(
            {"due_on": f"the duty is due on {due_on}, before it arose on {arose_on}"}
        )
    if kind == ObligationKind.DECISION:
        _check_decision_type(body, params.get("decision_type"))


def _check_decision_type(body: Body, type_id: Any) -> None:
    charter = charter_in_force()
    if not isinstance(type_id, str) or not type_id:
        raise ValidationError({"params": "a decision duty names its decision_type"})
    try:
        decision_type = charter.decision_type(type_id)
    except KeyError:
        raise ValidationError(
            {"params": f"the charter in force has no decision type '{type_id}'"}
        ) from None
    if decision_type.competence_of(body.definition) is None:
        raise ValidationError(
            {
                "params": f"{body.name} may not take decisions of type '{type_id}' ({decision_type.name})"
            }
        )


@transaction.atomic
def obligation_arise(
    *,
    actor,
    body: Body,
    kind: str,
    title: str,
    due_on: dt.date | None,
    arose_on: dt.date,
    rule: str,
    source: str,
    params: dict[str, Any] | None = None,
    rule_text: str = "",
) -> Obligation:
    """Record that `body` must do what `kind` and `params` say (a meeting; a decision of
    `params["decision_type"]`; a ballot) by `due_on` (None: no time limit is fixed), under the charter rule `rule` (its id;
    `rule_text` its words), because of the event `source` ("petition:12") of `arose_on`.

    The same event gives rise to the same duty once: asked again (a requisition that reaches
    its threshold a second time after a withdrawal), this returns the duty already recorded
    and journals nothing. `actor` is whoever recorded the event, or None for the system.
    Raises ValidationError naming the field at fault."""
    params = dict(params or {})
    _check(
        body=body,
        kind=kind,
        title=title,
        due_on=due_on,
        arose_on=arose_on,
        rule=rule,
        source=source,
        params=params,
    )
    existing = Obligation.objects.filter(source=source, rule=rule, body=body, kind=kind).first()
    if existing is not None:
        return existing
    obligation = Obligation.objects.create(
        body=body,
        title=title.strip(),
        kind=kind,
        params=params,
        rule=rule,
        rule_text=rule_text,
        source=source,
        arose_on=arose_on,
        due_on=due_on,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    journal_append(
        actor=actor,
        action="obligation.arise",
        obj=obligation,
        summary=f"{body.name}: {obligation.title}, "
        + (f"due by {due_on:%-d %B %Y} " if due_on else "with no time limit fixed by the charter ")
        + f"({rule}, arising from {source})",
        after=obligation_snapshot(obligation),
    )
    return obligation


@transaction.atomic
def obligation_withdraw(*, actor, obligation: Obligation, reason: str) -> Obligation:
    """Take a duty off the record's list, saying why (the event it arose from was entered in
    error, or was itself undone): it stays on the record, withdrawn, and is judged no more.
    Only an administrator withdraws one: the body that owes a duty does not excuse itself."""
    if not is_administrator(actor):
        raise PermissionDenied("only an administrator withdraws an obligation")
    obligation = Obligation.objects.select_for_update().select_related("body").get(pk=obligation.pk)
    if obligation.status != ObligationStatus.ACTIVE:
        raise ValidationError({"status": "the obligation is withdrawn already"})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "say why the obligation is withdrawn"})
    obligation.status = ObligationStatus.WITHDRAWN
    obligation.withdrawn_reason = reason
    obligation.save(update_fields=["status", "withdrawn_reason"])
    journal_append(
        actor=actor,
        action="obligation.withdraw",
        obj=obligation,
        summary=f"{obligation.body.name}: {obligation.title}, withdrawn ({reason})",
        before={"status": ObligationStatus.ACTIVE},
        after={"status": obligation.status, "reason": reason},
    )
    return obligation


@transaction.atomic
def obligations_withdraw_arisen_from(*, actor, source: str, reason: str) -> list[Obligation]:
    """Withdraw the duties still in force that arose from the event `source` ("request:12",
    "decision:2026-00031"), because the event itself was undone: a request withdrawn by the
    member who made it, a decision refused ratification or vetoed. Called inside the
    transaction of the service that undoes the event, after it has checked who may: the
    duty falls with its event, so nobody needs a permission of their own. Each is journaled."""
    withdrawn = []
    for obligation in (
        Obligation.objects.select_for_update()
        .filter(source=source, status=ObligationStatus.ACTIVE)
        .select_related("body")
    ):
        obligation.status = ObligationStatus.WITHDRAWN
        obligation.withdrawn_reason = reason
        obligation.save(update_fields=["status", "withdrawn_reason"])
        journal_append(
            actor=actor,
            action="obligation.withdraw",
            obj=obligation,
            summary=f"{obligation.body.name}: {obligation.title}, withdrawn ({reason})",
            before={"status": ObligationStatus.ACTIVE},
            after={"status": obligation.status, "reason": reason},
        )
        withdrawn.append(obligation)
    return withdrawn
