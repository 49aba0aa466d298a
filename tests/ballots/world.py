"""Builders for ballot tests."""

from __future__ import annotations

import datetime as dt

from minutebook.ballots.models import Ballot
from minutebook.ballots.services import ballot_call, ballot_open


def call_referendum(
    org, clock, *, decision_type="resolution", title="Join the federation", actor=None
):
    """A referendum of all members, called by the council's secretary (or `actor`), opening in
    14 days and open 7 days."""
    return ballot_call(
        actor=actor or org.user("council-0"),
        body=org.bodies["referendum"],
        title=title,
        text="The union joins the federation.",
        decision_type=decision_type,
        opens_at=clock.now + dt.timedelta(days=14),
        closes_at=clock.now + dt.timedelta(days=21),
    )


def open_referendum(org, clock, **options) -> Ballot:
    ballot = call_referendum(org, clock, **options)
    clock.advance(days=14)
    return ballot_open(ballot=ballot)


def open_circular(org, clock, *, decision_type="resolution") -> Ballot:
    ballot = ballot_call(
        actor=org.user("council-0"),
        body=org.bodies["council"],
        title="Renew the hall's lease",
        decision_type=decision_type,
        opens_at=clock.now + dt.timedelta(days=2),
        closes_at=clock.now + dt.timedelta(days=5),
    )
    clock.advance(days=2)
    return ballot_open(ballot=ballot)


REFERENDUM_ELECTORATE = {
    "east-delegate-0",
    "east-delegate-1",
    "east-delegate-2",
    "west-delegate-0",
    "west-delegate-1",
    "west-delegate-2",
    "council-0",
    "council-1",
    "council-2",
    "council-3",
    "council-4",
    "east-member",
    "west-member",
}
