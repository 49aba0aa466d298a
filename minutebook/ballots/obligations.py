"""How the record meets a duty to hold a ballot (a referendum a petition required): a ballot
of the body announced on or after the day the duty arose, not cancelled."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from minutebook.ballots.models import Ballot, BallotStatus
from minutebook.obligations.kinds import Met
from minutebook.obligations.models import Obligation


def ballot_met_on(obligation: Obligation) -> Met | None:
    """Met the day the ballot opens, if it is announced to open by the due date (as a meeting
    convened in time meets a duty to meet), otherwise the day it opens, which is late."""
    ballot = (
        Ballot.objects.filter(
            body_id=obligation.body_id, announced_at__date__gte=obligation.arose_on
        )
        .exclude(status=BallotStatus.CANCELLED)
        .order_by("opens_at", "pk")
        .first()
    )
    if ballot is None:
        return None
    announced = timezone.localdate(ballot.announced_at)
    opens = timezone.localdate(ballot.opens_at)
    return Met(
        on=announced if opens <= obligation.due_on else opens,
        by=f"ballot {ballot.pk}: {ballot.title} (opens {opens:%-d %B %Y})",
        url=reverse("ballots:detail", args=[ballot.pk]),
        record=f"ballot:{ballot.pk}",
    )
