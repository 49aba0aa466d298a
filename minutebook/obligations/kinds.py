"""How the record shows that a duty was met, one function per kind of duty.

A kind's function reads the record and returns the day the duty was met (or a `Met` saying by
what), or None while nothing on the record meets it. It is asked whatever the deadline: a
meeting held after the due date is returned too, and the selectors call that duty met late.
This app registers `meeting` and `decision`, which it can read (meetings and the ledger are
below it); an upper app registers its own kind in its AppConfig.ready() (the ballots app:
`ballot`, the member_requests app: `answer`), so that this app imports nothing above itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from minutebook.ledger.models import Decision
from minutebook.meetings.models import Meeting, MeetingStatus
from minutebook.obligations.models import Obligation


@dataclass(frozen=True)
class Met:
    """The day a duty was met, and the record that meets it (`by`, in words, with its page)."""

    on: dt.date
    by: str = ""
    url: str = ""
    record: str = ""  # "<app>:<id>", e.g. "meeting:12", "decision:2026-00031"


MetOn = Callable[[Obligation], dt.date | Met | None]
_kinds: dict[str, MetOn] = {}


def register(kind: str, met_on: MetOn) -> None:
    """Say how a duty of `kind` is met; registering a kind again replaces its function."""
    _kinds[kind] = met_on


def registered(kind: str) -> bool:
    return kind in _kinds


def met(obligation: Obligation) -> Met | None:
    """What meets the duty on the record, or None; a kind nobody registered is never met."""
    function = _kinds.get(obligation.kind)
    if function is None:
        return None
    found = function(obligation)
    if found is None or isinstance(found, Met):
        return found
    return Met(on=found)


def meeting_met_on(obligation: Obligation) -> Met | None:
    """A meeting of the body (or of the body it must convene) convened on or after the day the duty arose and not cancelled:
    met the day it was convened if it is to be held on or before the due date (notice given
    in time is what "convened within 50 days" asks), otherwise only the day it is held,
    which is late."""
    arose = timezone.make_aware(dt.datetime.combine(obligation.arose_on, dt.time.min))
    # A body that must convene another's meeting (`params["meeting_body"]`) meets its duty
    # by a meeting of that body.
    of_body = obligation.params.get("meeting_body")
    meetings = (
        Meeting.objects.filter(body__slug=of_body)
        if of_body
        else Meeting.objects.filter(body_id=obligation.body_id)
    )
    meeting = (
        meetings.filter(convened_at__gte=arose)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("starts_at", "pk")
        .first()
    )
    if meeting is None:
        return None
    convened = timezone.localdate(meeting.convened_at)
    starts = timezone.localdate(meeting.starts_at)
    return Met(
        on=convened if obligation.due_on is None or starts <= obligation.due_on else starts,
        by=f"{meeting.title} ({starts:%-d %B %Y})",
        url=reverse("meetings:detail", args=[meeting.pk]),
        record=f"meeting:{meeting.pk}",
    )


def decision_met_on(obligation: Obligation) -> Met | None:
    """The body's first regular decision of the type in `params["decision_type"]` taken on or
    after the day the duty arose. An irregular decision meets no duty: the charter did not
    allow it."""
    decision = (
        Decision.objects.filter(
            body_id=obligation.body_id,
            decision_type=obligation.params.get("decision_type", ""),
            decided_on__gte=obligation.arose_on,
            irregular=False,
        )
        .order_by("decided_on", "pk")
        .first()
    )
    if decision is None:
        return None
    return Met(
        on=decision.decided_on,
        by=f"{decision.reference} {decision.title}",
        url=reverse("ledger:detail", args=[decision.reference]),
        record=f"decision:{decision.reference}",
    )


def register_own_kinds() -> None:
    register("meeting", meeting_met_on)
    register("decision", decision_met_on)
