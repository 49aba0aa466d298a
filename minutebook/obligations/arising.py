"""Duties the charter attaches to a recorded decision ("the control commission decides within
60 days of an appeal being lodged"), made to arise when the decision takes effect: when it is
recorded, or for a decision pending ratification or consent when its last approval is.

Why a hook in the ledger rather than a reading of the ledger at every page view: the duty then
exists on the record from the moment its event does, journaled with the decision, with an id
the pages and the API can name; it is judged under the charter in force when the event
happened, so a later amendment does not rewrite duties that already arose; and it is one kind
of row whatever started the clock, a decision here or a requisition in the petitions app. The
ledger calls `minutebook.ledger.hooks`, which this app registers into: it imports nothing
from here."""

from __future__ import annotations

from typing import Any

from minutebook.bodies.models import Body
from minutebook.charter.spec import Charter, ObligationForm, ObligationSpec
from minutebook.ledger.models import Decision, DecisionStatus
from minutebook.obligations.models import Obligation, ObligationKind
from minutebook.obligations.services import obligation_arise, obligations_withdraw_arisen_from
from minutebook.obligations.words import rule_words, within_words


def arise_after_decision(*, actor: Any, decision: Decision) -> list[Obligation]:
    """The duties the decision gives rise to under the charter it was checked against, from
    the day it takes effect. An irregular decision starts no clock: the charter did not allow
    it; nor does a decision still pending ratification or consent: its duties arise when its
    procedure puts it in force (`after_procedure`)."""
    if decision.irregular or decision.status == DecisionStatus.PENDING:
        return []
    charter = decision.charter_version.charter
    arisen = []
    for spec in charter.obligations:
        if not _follows(spec, decision):
            continue
        body = _responsible_body(charter, spec, decision)
        if body is None:
            continue
        obligation = _arise(actor, charter, spec, decision, body)
        if obligation is not None:
            arisen.append(obligation)
    return arisen


def after_procedure(*, actor: Any, decision: Decision, before: str) -> None:
    """A pending decision put in force by its last approval gives rise to its duties now; a
    decision that a later step ended (refused, vetoed) owes nothing any more: the duties that
    arose from it are withdrawn, saying so."""
    if before == DecisionStatus.PENDING and decision.status == DecisionStatus.ADOPTED:
        arise_after_decision(actor=actor, decision=decision)
    elif decision.status in (DecisionStatus.REFUSED, DecisionStatus.VETOED):
        obligations_withdraw_arisen_from(
            actor=actor,
            source=f"decision:{decision.reference}",
            reason=f"{decision.reference} did not take effect "
            f"({decision.get_status_display().lower()})",
        )


def _follows(spec: ObligationSpec, decision: Decision) -> bool:
    return (
        spec.form == ObligationForm.WITHIN_DAYS
        and spec.after_decision is not None
        and spec.after_decision == decision.decision_type
        and (spec.after_by is None or spec.after_by == decision.body.definition)
    )


def _responsible_body(charter: Charter, spec: ObligationSpec, decision: Decision) -> Body | None:
    return _instance(charter, spec.body, decision)


def _instance(charter: Charter, body_id: str, decision: Decision) -> Body | None:
    """The body's one instance, or for a body defined per unit kind the instance that acts
    for the deciding body's unit (`Charter.acting_unit`); None when there is none active."""
    if decision.body.unit_id is None:
        return None
    unit = charter.acting_unit(body_id, decision.body.unit.slug)
    return (
        Body.objects.filter(
            definition=body_id, unit__slug=unit, chartered=True, dissolved_by__isnull=True
        )
        .select_related("unit")
        .first()
    )


def _arise(
    actor: Any, charter: Charter, spec: ObligationSpec, decision: Decision, body: Body
) -> Obligation | None:
    event = charter.decision_type(decision.decision_type).name
    params: dict[str, Any] = {}
    if spec.then_decision is not None:
        kind, params = ObligationKind.DECISION, {"decision_type": spec.then_decision}
        what = f"A decision: {charter.decision_type(spec.then_decision).name}"
    elif spec.meetings_of is not None:
        convened = _instance(charter, spec.meetings_of, decision)
        if convened is None:
            return None
        kind, params = ObligationKind.MEETING, {"meeting_body": convened.slug}
        what = f"A meeting of the {convened.name}, convened by the {body.name}"
    else:
        kind = ObligationKind.MEETING
        what = f"A meeting of the {body.name}"
    # It arises when the decision takes effect: the day it was taken, or the day its
    # procedure put it in force (the last approval, or the end of a veto window).
    arose_on = decision.in_force_from or decision.decided_on
    return obligation_arise(
        actor=actor,
        body=body,
        kind=kind,
        params=params,
        title=f"{what}, within {within_words(spec)} of {decision.reference} ({event})",
        arose_on=arose_on,
        due_on=spec.due_after(arose_on),
        rule=spec.id,
        rule_text=rule_words(charter, spec),
        source=f"decision:{decision.reference}",
    )
