"""Duties the charter attaches to a recorded decision ("the control commission decides within
60 days of an appeal being lodged"), made to arise when the decision is recorded.

Why a hook in the ledger rather than a reading of the ledger at every page view: the duty then
exists on the record from the moment its event does, journaled with the decision, with an id
the pages and the API can name; it is judged under the charter in force when the event
happened, so a later amendment does not rewrite duties that already arose; and it is one kind
of row whatever started the clock, a decision here or a requisition in the petitions app. The
ledger calls `minutebook.ledger.hooks`, which this app registers into: it imports nothing
from here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from minutebook.bodies.models import Body
from minutebook.charter.spec import Charter, ObligationForm, ObligationSpec
from minutebook.ledger.models import Decision
from minutebook.obligations.models import Obligation, ObligationKind
from minutebook.obligations.services import obligation_arise
from minutebook.obligations.words import rule_words


def arise_after_decision(*, actor: Any, decision: Decision) -> list[Obligation]:
    """The duties the decision gives rise to under the charter it was checked against. An
    irregular decision starts no clock: the charter did not allow it."""
    if decision.irregular:
        return []
    charter = decision.charter_version.charter
    arisen = []
    for spec in charter.obligations:
        if not _follows(spec, decision):
            continue
        body = _responsible_body(charter, spec, decision)
        if body is None:
            continue
        arisen.append(_arise(actor, charter, spec, decision, body))
    return arisen


def _follows(spec: ObligationSpec, decision: Decision) -> bool:
    return (
        spec.form == ObligationForm.WITHIN_DAYS
        and spec.after_decision == decision.decision_type
        and (spec.after_by is None or spec.after_by == decision.body.definition)
    )


def _responsible_body(charter: Charter, spec: ObligationSpec, decision: Decision) -> Body | None:
    """The body's one instance, or for a body defined per unit kind the instance that acts
    for the deciding body's unit (`Charter.acting_unit`); None when there is none active."""
    if decision.body.unit_id is None:
        return None
    unit = charter.acting_unit(spec.body, decision.body.unit.slug)
    return (
        Body.objects.filter(
            definition=spec.body, unit__slug=unit, chartered=True, dissolved_by__isnull=True
        )
        .select_related("unit")
        .first()
    )


def _arise(
    actor: Any, charter: Charter, spec: ObligationSpec, decision: Decision, body: Body
) -> Obligation:
    assert spec.within_days is not None
    event = charter.decision_type(decision.decision_type).name
    if spec.then_decision is None:
        kind, params = ObligationKind.MEETING, {}
        what = f"A meeting of the {body.name}"
    else:
        kind, params = ObligationKind.DECISION, {"decision_type": spec.then_decision}
        what = f"A decision: {charter.decision_type(spec.then_decision).name}"
    return obligation_arise(
        actor=actor,
        body=body,
        kind=kind,
        params=params,
        title=f"{what}, within {spec.within_days} days of {decision.reference} ({event})",
        arose_on=decision.decided_on,
        due_on=decision.decided_on + dt.timedelta(days=spec.within_days),
        rule=spec.id,
        rule_text=rule_words(charter, spec),
        source=f"decision:{decision.reference}",
    )
