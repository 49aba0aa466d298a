"""Reading the duties: those of one body, those a viewer may see, one by its key.

A duty is read by whoever may read its body's records (`bodies.access`): the charter's
visibility rules for a body's meetings and decisions hold for what it owes too. Every function
here takes `today`, so that a page, the API and the tests judge on the same day."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone

from minutebook.bodies.access import can_see_body_records, require_insider, visible_body_ids
from minutebook.bodies.models import Body
from minutebook.charter.selectors import charter_in_force
from minutebook.charter.spec import Charter
from minutebook.obligations.charter_duties import charter_duties
from minutebook.obligations.duties import FAILING, Duty, obligation_duty
from minutebook.obligations.models import Obligation, ObligationStatus


def _sorted(duties: list[Duty]) -> list[Duty]:
    return sorted(duties, key=lambda duty: duty.sort_key)


def _duties_of(bodies: list[Body], charter: Charter, today: dt.date) -> list[Duty]:
    since: dict[str, dt.date | None] = {}
    duties = []
    for body in bodies:
        duties.extend(charter_duties(charter, body, today, since))
    recorded = Obligation.objects.filter(
        body__in=bodies, status=ObligationStatus.ACTIVE
    ).select_related("body__unit")
    duties.extend(obligation_duty(obligation, today) for obligation in recorded)
    return _sorted(duties)


def body_duties(body: Body, today: dt.date | None = None) -> list[Duty]:
    """Everything the body owes, failing duties first (the caller checks who may see it)."""
    return _duties_of([body], charter_in_force(), today or timezone.localdate())


def duties_visible_to(
    user, *, body: Body | None = None, failing: bool = False, today: dt.date | None = None
) -> list[Duty]:
    """The duties of the bodies whose records `user` may read (of `body` only, if given;
    only the overdue and breached ones with `failing`)."""
    visible = visible_body_ids(user)
    bodies = Body.objects.filter(pk__in=visible).select_related("unit")
    if body is not None:
        bodies = bodies.filter(pk=body.pk)
    duties = _duties_of(list(bodies), charter_in_force(), today or timezone.localdate())
    return [duty for duty in duties if duty.state in FAILING] if failing else duties


def failing_count(duties: list[Duty]) -> int:
    return sum(1 for duty in duties if duty.is_failing)


def duty_for_viewer(user, key: str, today: dt.date | None = None) -> Duty:
    """One duty by its key, if `user` may read its body's records; 404 otherwise (hidden,
    withdrawn or no such duty)."""
    require_insider(user)
    today = today or timezone.localdate()
    if key.isdigit():
        obligation = (
            Obligation.objects.filter(pk=int(key), status=ObligationStatus.ACTIVE)
            .select_related("body__unit")
            .first()
        )
        if obligation is None or not can_see_body_records(user, obligation.body):
            raise Http404
        return obligation_duty(obligation, today)
    parts = key.split(":")
    body = (
        Body.objects.filter(slug=parts[1]).select_related("unit").first()
        if len(parts) > 1
        else None
    )
    if body is None or not can_see_body_records(user, body):
        raise Http404
    for duty in _duties_of([body], charter_in_force(), today):
        if duty.key == key:
            return duty
    raise Http404
