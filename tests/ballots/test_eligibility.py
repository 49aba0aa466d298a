"""Ballots outside meetings under the charter's eligibility rules (tests/bodies/
eligibility_world.py): the electorate fixed at opening holds only the members the rules let
vote, and a candidate the rules exclude is refused when the election is called."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minutebook.ballots.models import BallotVoter
from minutebook.ballots.services import ballot_call_election, ballot_cast
from minutebook.members.models import Member
from tests.ballots.conftest import ballot_charter_text
from tests.ballots.world import REFERENDUM_ELECTORATE, open_referendum
from tests.bodies.eligibility_world import dues_paid, enforce
from tests.factories import make_member


@pytest.fixture
def rules(org, monkeypatch):
    enforce(monkeypatch, ballot_charter_text())
    dues_paid(*Member.objects.all())


def test_the_electorate_holds_those_the_rules_let_vote_on_the_opening_day(org, clock, rules):
    # The referendum opens on 7 December 2026. Dues two months in arrears at most: paid until
    # 7 October counts, 6 October does not. Three months of membership: joined 7 September
    # counts, 8 September does not.
    dues_paid(org.members["east-member"], until=dt.date(2026, 10, 6))
    dues_paid(org.members["west-member"], until=dt.date(2026, 10, 7))
    newer = make_member("Joined Eighth September", org.units["east"], since=dt.date(2026, 9, 8))
    on_the_day = make_member(
        "Joined Seventh September", org.units["west"], since=dt.date(2026, 9, 7)
    )
    dues_paid(newer, on_the_day)

    ballot = open_referendum(org, clock)

    expected = {org.members[key].pk for key in REFERENDUM_ELECTORATE - {"east-member"}}
    expected.add(on_the_day.pk)
    assert set(BallotVoter.objects.filter(ballot=ballot).values_list("member_id", flat=True)) == (
        expected
    )
    assert ballot.electorate == 13
    with pytest.raises(PermissionDenied, match="not on the electorate"):
        ballot_cast(actor=org.user("east-member"), ballot=ballot, choice="for")


def test_without_rules_of_voting_the_electorate_is_everyone_seated(org, clock):
    ballot = open_referendum(org, clock)

    assert ballot.electorate == len(REFERENDUM_ELECTORATE)


def test_a_candidate_the_rules_exclude_is_refused_when_the_election_is_called(org, clock, rules):
    # Twelve months to stand for the Trustees: everyone joined on 10 January 2026, and the
    # ballot closes on 14 December 2026.
    with pytest.raises(ValidationError) as refused:
        ballot_call_election(
            actor=org.user("council-0"),
            body=org.bodies["referendum"],
            elects=org.bodies["trustees"],
            seats=1,
            method="plurality",
            candidates=[org.members["east-member"]],
            opens_at=clock.now + dt.timedelta(days=14),
            closes_at=clock.now + dt.timedelta(days=21),
        )

    assert refused.value.message_dict["candidates"] == [
        "East Rank And File may not stand for the Trustees: 12 month(s) of membership in good "
        "standing needed, a member since 10 January 2026 (art-2) [rule trustees-seniority]. "
        "Eligible to stand from 10 January 2027"
    ]
