"""The counting method the charter names for a body's elected seats (`elected: {counted_by: …}`)
is the one its elections are counted by, at a meeting and by ballot; the names the charter
may use are the methods offered for elections."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from minutebook.charter.loader import load_charter
from minutebook.charter.spec import CharterInvalid
from minutebook.votes.elections import election_create
from minutebook.votes.models import ElectionMethod
from minutebook.voting.election_methods import ELECTION_METHODS
from tests.votes.test_elections import meeting, org, secretary  # noqa: F401  (fixtures)

COUNCIL_SEATS = "elected: {by_body: assembly, count: 5, term_months: 12}"


@pytest.fixture
def small_charter_text(small_charter_text) -> str:
    assert small_charter_text.count(COUNCIL_SEATS) == 1
    return small_charter_text.replace(
        COUNCIL_SEATS,
        "elected: {by_body: assembly, count: 5, term_months: 12, counted_by: meek-stv}",
    )


def test_the_charter_names_the_methods_offered_for_elections():
    assert set(ELECTION_METHODS) == set(ElectionMethod.values)


def test_the_method_is_read_and_said_with_the_seats(small_charter_text):
    charter = load_charter(small_charter_text)
    (rule,) = [r for r in charter.body("council").seats if r.by_body == "assembly"]

    assert rule.election_method == "meek-stv"


def test_an_unknown_method_is_reported_with_the_methods_there_are(small_charter_text):
    text = small_charter_text.replace("counted_by: meek-stv", "counted_by: meek")

    with pytest.raises(CharterInvalid) as raised:
        load_charter(text)

    (problem,) = raised.value.problems
    assert problem.message.startswith("unknown counting method 'meek'; it is one of plurality")
    assert "meek-stv" in problem.message and problem.path.endswith("elected.counted_by")


def test_an_election_by_another_method_is_refused_with_the_charters(org, meeting, secretary):  # noqa: F811
    with pytest.raises(ValidationError) as refused:
        election_create(
            actor=secretary, meeting=meeting, body=org.bodies["council"], seats=3,
            method="scottish-stv",
        )  # fmt: skip
    assert "the charter has these seats elected by Single transferable vote, Meek method" in str(
        refused.value
    )

    election = election_create(
        actor=secretary, meeting=meeting, body=org.bodies["council"], seats=3, method="meek-stv"
    )
    assert election.method == "meek-stv"
