"""Reading requests: how the duty to answer one is met, and where a request stands."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from minutebook.member_requests.models import MemberRequest, RequestStatus
from minutebook.obligations.duties import Duty, obligation_duty
from minutebook.obligations.kinds import Met
from minutebook.obligations.models import Obligation, ObligationStatus


def answer_met_on(obligation: Obligation) -> Met | None:
    """The written answer to the request in `params["request"]`, on the day it was given."""
    request = (
        MemberRequest.objects.filter(
            pk=obligation.params.get("request"), status=RequestStatus.ANSWERED
        )
        .only("pk", "answered_at")
        .first()
    )
    if request is None or request.answered_at is None:
        return None
    return Met(
        on=timezone.localdate(request.answered_at),
        by=f"The answer to request {request.pk}",
        url=reverse("member_requests:detail", args=[request.pk]),
        record=request.source,
    )


def request_duty(request: MemberRequest, today: dt.date | None = None) -> Duty | None:
    """The duty to answer the request as it stands (open, overdue, met, late); None once the
    request is withdrawn."""
    obligation = (
        Obligation.objects.filter(source=request.source, status=ObligationStatus.ACTIVE)
        .select_related("body__unit")
        .first()
    )
    if obligation is None:
        return None
    return obligation_duty(obligation, today or timezone.localdate())
