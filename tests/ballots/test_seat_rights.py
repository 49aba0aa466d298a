"""Ballots outside meetings: a seat with voice but no vote is not in the electorate."""

import pytest

from minutebook.ballots.models import BallotVoter
from minutebook.bodies.models import Seat
from tests.ballots.conftest import ballot_charter_text
from tests.ballots.world import open_circular

COUNCIL_SEATS = "      - elected: {by_body: assembly, count: 5, term_months: 12}\n"


@pytest.fixture
def small_charter_text() -> str:
    """The Assembly's secretary (East Delegate 0) sits on the Council ex officio, without a
    vote."""
    text = ballot_charter_text()
    assert text.count(COUNCIL_SEATS) == 1
    return text.replace(
        COUNCIL_SEATS,
        COUNCIL_SEATS
        + "      - ex_officio: {of_body: assembly, office: secretary, voting: false}\n",
    )


def test_a_seat_without_a_vote_gets_no_ballot(org, clock):
    delegate = org.members["east-delegate-0"]
    assert Seat.objects.current().filter(body=org.bodies["council"], member=delegate).exists()
    ballot = open_circular(org, clock)
    electorate = set(BallotVoter.objects.filter(ballot=ballot).values_list("member_id", flat=True))
    assert electorate == {org.members[f"council-{i}"].pk for i in range(5)}
