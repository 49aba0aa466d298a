"""Calling a ballot: the charter decides which bodies may decide by ballot, who calls one, on
what notice, for how long, and on which decision types."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minutebook.ballots.models import BallotStatus
from minutebook.ballots.services import ballot_call
from minutebook.journal.models import JournalEntry
from tests.ballots.world import call_referendum


def call(org, clock, *, body="referendum", actor="council-0", notice=14, days=7, **extra):
    return ballot_call(
        actor=org.user(actor) if isinstance(actor, str) else actor,
        body=org.bodies[body],
        title="A question",
        decision_type=extra.pop("decision_type", "resolution"),
        opens_at=clock.now + dt.timedelta(days=notice),
        closes_at=clock.now + dt.timedelta(days=notice + days),
        **extra,
    )


def test_the_council_secretary_announces_a_referendum_on_the_record(org, clock):
    ballot = call_referendum(org, clock)

    assert ballot.status == BallotStatus.ANNOUNCED
    assert ballot.secret is True
    assert ballot.threshold == "majority_cast"
    assert ballot.calling_body == org.bodies["council"]
    entry = JournalEntry.objects.get(action="ballot.call")
    assert entry.after["title"] == "Join the federation"


def test_a_body_the_charter_gives_no_ballots_cannot_decide_by_ballot(org, clock):
    with pytest.raises(ValidationError, match="does not let the General Assembly decide by ballot"):
        call(org, clock, body="assembly")


@pytest.mark.parametrize("who", ["east-member", "east-delegate-0", "council-1"])
def test_only_the_calling_bodys_secretary_or_an_administrator_calls(org, clock, who):
    with pytest.raises(PermissionDenied, match="secretary of Council"):
        call(org, clock, actor=who)


def test_an_administrator_calls(org, clock):
    assert call(org, clock, actor=org.admin).status == BallotStatus.ANNOUNCED


def test_notice_shorter_than_the_charters_is_refused(org, clock):
    with pytest.raises(ValidationError, match="14 day\\(s\\) of notice"):
        call(org, clock, notice=13)


@pytest.mark.parametrize("days", [6, 22])
def test_an_open_period_outside_the_charters_is_refused(org, clock, days):
    with pytest.raises(ValidationError, match="open 7 to 21 days; this one would be open"):
        call(org, clock, days=days)


def test_a_circular_resolution_stays_open_exactly_as_long_as_the_charter_says(org, clock):
    assert call(org, clock, body="council", notice=2, days=3).secret is False
    with pytest.raises(ValidationError, match="exactly 3 day"):
        call(org, clock, body="council", notice=2, days=4)


def test_a_decision_type_the_body_may_not_take_is_refused(org, clock):
    with pytest.raises(ValidationError, match="may not decide 'Spend from the budget'"):
        call(org, clock, decision_type="budget.spend")
    with pytest.raises(ValidationError, match="no decision type 'nonsense'"):
        call(org, clock, decision_type="nonsense")
