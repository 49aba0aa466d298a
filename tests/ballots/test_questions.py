"""Rules per question (`ballots: questions:`): an election by ballot of all members over 14
days, a strike called by a named referendum on 21 days' notice, the council's standing rules
changed only by its own secret circular ballot over 7 days; what the charter says is taken
only by ballot is refused (or irregular) when recorded otherwise."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from minutebook.ballots.services import (
    ballot_call,
    ballot_call_election,
    ballot_cast,
    ballot_close,
    ballot_open,
)
from minutebook.bodies.models import Seat, SeatMethod
from minutebook.bodies.services import seat_fill
from minutebook.ledger.competence import Tally
from minutebook.ledger.services import DecisionRefused, decision_check, decision_record
from tests.ballots.conftest import ballot_charter_text

REFERENDUM_QUESTIONS = """      called_by: [council]
      questions:
        - kind: election
          open_days: 14
          only_by_ballot: true
        - decision_type: strike.call
          notice_days: 21
          secret: false
"""
COUNCIL_QUESTIONS = (
    "    ballots: {allowed: true, notice_days: 2, open_days: 3, secret: false, "
    "called_by: [council], questions: [{decision_type: rules.standing, open_days: 7, "
    "secret: true, only_by_ballot: true}]}\n"
)


@pytest.fixture
def small_charter_text() -> str:
    text = ballot_charter_text()
    council = (
        "    ballots: {allowed: true, notice_days: 2, open_days: 3, secret: false, "
        "called_by: [council]}\n"
    )
    assert council in text and "      called_by: [council]\n  - id: trustees" in text
    text = text.replace(council, COUNCIL_QUESTIONS, 1)
    return text.replace(
        "      called_by: [council]\n  - id: trustees", REFERENDUM_QUESTIONS + "  - id: trustees", 1
    )


def at(clock, days: float) -> dt.datetime:
    return clock.now + dt.timedelta(days=days)


def call(org, clock, *, body="referendum", decision_type="resolution", notice=14, days=7):
    return ballot_call(
        actor=org.user("council-0"),
        body=org.bodies[body],
        title="A question",
        decision_type=decision_type,
        opens_at=at(clock, notice),
        closes_at=at(clock, notice + days),
    )


def call_election(org, clock, *, days=14):
    return ballot_call_election(
        actor=org.user("council-0"),
        body=org.bodies["referendum"],
        elects=org.bodies["trustees"],
        seats=1,
        method="plurality",
        candidates=[org.members["east-member"], org.members["west-member"]],
        opens_at=at(clock, 14),
        closes_at=at(clock, 14 + days),
    )


@pytest.mark.parametrize("days", [7, 13, 15])
def test_an_election_by_ballot_stays_open_its_own_period(org, clock, days):
    """The referendum's motions are open 7 to 21 days; its elections exactly 14."""
    with pytest.raises(ValidationError, match="open exactly 14 day\\(s\\)"):
        call_election(org, clock, days=days)


def test_an_election_over_its_period_is_called_and_a_motion_keeps_the_bodys(org, clock):
    assert call_election(org, clock, days=14).secret is True
    assert call(org, clock, days=7).closes_at == at(clock, 21)


def test_a_decision_types_entry_gives_its_notice_and_its_secrecy(org, clock):
    with pytest.raises(ValidationError, match="21 day\\(s\\) of notice"):
        call(org, clock, decision_type="strike.call", notice=20)
    strike = call(org, clock, decision_type="strike.call", notice=21)
    assert strike.secret is False
    assert call(org, clock, decision_type="resolution", notice=14).secret is True


def test_a_circular_ballot_on_the_standing_rules_is_secret_and_open_seven_days(org, clock):
    with pytest.raises(ValidationError, match="exactly 7 day"):
        call(org, clock, body="council", decision_type="rules.standing", notice=2, days=3)
    standing = call(org, clock, body="council", decision_type="rules.standing", notice=2, days=7)
    assert standing.secret is True
    resolution = call(org, clock, body="council", notice=2, days=3)
    assert resolution.secret is False


def record_standing_rules(org, **extra):
    return decision_record(
        actor=org.user("council-0"),
        body=org.bodies["council"],
        decision_type="rules.standing",
        decided_on=dt.date(2026, 11, 20),
        title="New standing rules",
        text="The council's standing rules are replaced.",
        tally=Tally(votes_for=5, votes_against=0, votes_abstain=0, present=5),
        **extra,
    )


def test_a_type_taken_only_by_ballot_recorded_otherwise_is_refused_or_irregular(org):
    with pytest.raises(DecisionRefused) as refused:
        record_standing_rules(org)
    assert [f.rule for f in refused.value.check.failures] == ["by_ballot_only"]
    assert str(refused.value) == (
        "the Council takes these decisions ('Change the standing rules') only by ballot "
        "outside meetings: call a ballot of it"
    )
    irregular = record_standing_rules(org, irregular_reason="Voted at the November meeting")
    assert irregular.irregular and not irregular.check_passed
    # The same type decided by the council's own resolution is not concerned.
    check = decision_check(
        body=org.bodies["council"],
        decision_type="resolution",
        decided_on=dt.date(2026, 11, 20),
        tally=Tally(votes_for=5, votes_against=0, votes_abstain=0, present=5),
        notice_given=True,
    )
    assert check.passed


def test_the_councils_ballot_on_its_standing_rules_becomes_a_regular_decision(org, clock):
    ballot = call(org, clock, body="council", decision_type="rules.standing", notice=2, days=7)
    clock.advance(days=2)
    ballot = ballot_open(ballot=ballot)
    for i in range(5):
        ballot_cast(actor=org.user(f"council-{i}"), ballot=ballot, choice="for")
    clock.advance(days=7)
    ballot = ballot_close(ballot=ballot)
    assert ballot.adopted and ballot.decision is not None
    assert ballot.decision.check_passed and not ballot.decision.irregular


def test_seats_elected_only_by_ballot_are_not_filled_by_hand(org, clock):
    union = org.bodies["referendum"].unit
    with pytest.raises(
        ValidationError, match="elected only by a ballot of the Members' Referendum"
    ):
        seat_fill(
            actor=org.admin,
            body=org.bodies["trustees"],
            member=org.members["east-member"],
            method=SeatMethod.ELECTED,
            starts_on=dt.date(2026, 11, 23),
            constituency=union,
        )
    ballot = call_election(org, clock)
    clock.advance(days=14)
    ballot = ballot_open(ballot=ballot)
    east = ballot.candidates.get(member=org.members["east-member"])
    ballot_cast(actor=org.user("west-member"), ballot=ballot, ranking=[[east.pk]])
    clock.advance(days=14)
    ballot_close(ballot=ballot)
    seat = Seat.objects.get(body=org.bodies["trustees"])
    assert seat.member == org.members["east-member"]


def test_the_bodys_ballots_page_lists_its_rules_per_question(org):
    client = Client()
    client.force_login(org.user("east-member"))
    page = client.get(reverse("ballots:body", args=["referendum"])).content.decode()
    assert "<li>For an election: open exactly 14 day(s); only by ballot</li>" in page
    assert "<li>For &#x27;strike.call&#x27;: announced at least 21 day(s) ahead, named</li>" in page
