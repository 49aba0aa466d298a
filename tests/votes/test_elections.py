"""Elections at a meeting: the charter says which body elects which seats, candidates accept
their nomination, the secret ballot is counted by the vote-counting core, and the elected
take their seats with the election as their provenance.

The count is checked against a published example: Wikipedia's STV "food election" (20
voters, 3 seats; tests/voting/data/textbook/wikipedia-stv-food-3seats.blt), which elects
Chocolate, Orange and Strawberry. Here the General Assembly has ten delegates per local, so
twenty delegates elect three of the Council's five seats, three councillors having resigned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from minutebook.bodies.models import Seat, SeatMethod
from minutebook.bodies.services import seat_end, seat_fill
from minutebook.votes.elections import (
    candidate_accept,
    election_create,
    election_fill_seats,
    election_nominate,
)
from minutebook.votes.models import ElectionStatus, Participation, SecretBallot
from minutebook.votes.receipts import receipt_hash
from minutebook.votes.selectors import election_rounds, published_receipts
from minutebook.votes.services import vote_cast, vote_close, vote_open
from minutebook.voting.formats import read_ballot_file
from minutebook.voting.stv import scottish_stv
from tests.factories import FOUNDED, build_small_union, make_member
from tests.motions.world import check_in, make_meeting
from tests.voting.stv_reference import DATA

FOOD = DATA / "textbook" / "wikipedia-stv-food-3seats.blt"
# The food election's ballots, by the candidates' names.
FOOD_BALLOTS = [
    (["Orange"], 4),
    (["Pear", "Orange"], 2),
    (["Chocolate", "Strawberry"], 8),
    (["Chocolate", "Bonbon"], 4),
    (["Strawberry"], 1),
    (["Bonbon"], 1),
]
CANDIDATES = ["Orange", "Chocolate", "Pear", "Strawberry", "Bonbon"]


@pytest.fixture
def org(db, small_charter_text):
    """The small union with ten delegates per local on the General Assembly."""
    text = small_charter_text.replace(
        "elected: {by_members_of_each: local, count: 3, term_months: 12}",
        "elected: {by_members_of_each: local, count: 10, term_months: 12}",
        1,
    )
    union = build_small_union(text)
    for unit in (union.units["east"], union.units["west"]):
        for i in range(3, 10):
            key = f"{unit.slug}-delegate-{i}"
            union.members[key] = make_member(f"{unit.name} Delegate {i}", unit)
            seat_fill(
                actor=union.admin, body=union.bodies["assembly"], member=union.members[key],
                method=SeatMethod.ELECTED, starts_on=FOUNDED, constituency=unit,
            )  # fmt: skip
    for name in CANDIDATES:
        union.members[name] = make_member(name, union.units["east"])
    return union


DELEGATES20 = [f"{local}-delegate-{i}" for local in ("east", "west") for i in range(10)]


@pytest.fixture
def meeting(org, clock):
    meeting = make_meeting(org, chair="east-delegate-1")
    check_in(org, meeting, *DELEGATES20)
    for i in (2, 3, 4):  # three councillors resign: three vacancies
        seat = Seat.objects.get(body=org.bodies["council"], member=org.members[f"council-{i}"])
        seat_end(actor=org.admin, seat=seat, ended_on=dt.date(2026, 5, 1), reason="resigned")
    return meeting


@pytest.fixture
def secretary(org):
    return org.user("east-delegate-0")


def nominate_all(org, election, secretary):
    for name in CANDIDATES:
        candidate = election_nominate(actor=secretary, election=election, member=org.members[name])
        candidate_accept(actor=org.user(name), candidate=candidate)
    return {c.member.full_name: c.pk for c in election.candidates.select_related("member")}


def test_the_food_election_fills_three_council_seats(org, meeting, secretary):
    expected = scottish_stv(read_ballot_file(FOOD))
    assert expected.elected == ["Chocolate", "Orange", "Strawberry"]

    election = election_create(
        actor=secretary, meeting=meeting, body=org.bodies["council"], seats=3, method="scottish-stv"
    )
    ids = nominate_all(org, election, secretary)
    vote = vote_open(actor=secretary, meeting=meeting, method="secret", election=election)
    voters = iter(DELEGATES20)
    receipts = {}
    for names, count in FOOD_BALLOTS:
        for _ in range(count):
            key = next(voters)
            ranking = [[ids[name]] for name in names]
            receipts[key] = vote_cast(actor=org.user(key), vote=vote, ranking=ranking).receipt_code
    assert Participation.objects.filter(vote=vote).count() == 20

    vote_close(actor=secretary, vote=vote)
    election.refresh_from_db()
    assert election.status == ElectionStatus.COUNTED
    assert election.result["elected"] == expected.elected
    assert election.result["rounds"] == [r.to_json() for r in expected.rounds]
    assert election.result["ballots"] == 20 and election.tie_seed is not None

    seats = Seat.objects.filter(source_election=election).select_related("member")
    assert sorted(seat.member.full_name for seat in seats) == ["Chocolate", "Orange", "Strawberry"]
    for seat in seats:
        assert seat.method == SeatMethod.ELECTED and seat.starts_on == dt.date(2026, 6, 1)
        assert seat.source_decision is None and seat.term_ends_on == dt.date(2027, 5, 31)

    table = election_rounds(election.result)
    assert [row["name"] for row in table["rows"] if row["elected"]] == [
        "Chocolate", "Orange", "Strawberry",
    ]  # fmt: skip
    assert table["rows"][0]["cells"][0]["votes"] is not None

    vote.refresh_from_db()
    says = {r.receipt_hash: r.says for r in published_receipts(vote)}
    assert says[receipt_hash(receipts["east-delegate-0"])] == "Orange"
    assert says[receipt_hash(receipts["east-delegate-4"])] == "1. Pear, 2. Orange"


def test_the_charter_decides_who_elects_which_seats(org, meeting, secretary):
    with pytest.raises(ValidationError) as refused:  # the council elects the bureau
        election_create(
            actor=secretary, meeting=meeting, body=org.bodies["bureau"], seats=1, method="irv"
        )
    assert "does not have the General Assembly elect seats on Bureau" in str(refused.value)
    with pytest.raises(ValidationError) as refused:  # only three seats are vacant
        election_create(
            actor=secretary, meeting=meeting, body=org.bodies["council"], seats=4,
            method="meek-stv",
        )  # fmt: skip
    assert "3 vacant" in str(refused.value)
    with pytest.raises(ValidationError):  # instant-runoff elects one
        election_create(
            actor=secretary, meeting=meeting, body=org.bodies["council"], seats=2, method="irv"
        )
    with pytest.raises(PermissionDenied):
        election_create(
            actor=org.user("west-delegate-3"), meeting=meeting, body=org.bodies["council"],
            seats=1, method="irv",
        )  # fmt: skip


def test_candidates_are_members_who_accepted(org, meeting, secretary):
    election = election_create(
        actor=secretary, meeting=meeting, body=org.bodies["council"], seats=1, method="plurality"
    )
    with pytest.raises(ValidationError):  # sits on the council already
        election_nominate(actor=secretary, election=election, member=org.members["council-0"])
    with pytest.raises(ValidationError):  # not in good standing
        election_nominate(actor=secretary, election=election, member=org.members["applicant"])
    with pytest.raises(PermissionDenied):  # not a voter of the meeting
        election_nominate(
            actor=org.user("west-member"), election=election, member=org.members["west-member"]
        )
    self_nominated = election_nominate(
        actor=org.user("west-delegate-5"), election=election, member=org.members["west-delegate-5"]
    )
    assert self_nominated.accepted_at is not None
    other = election_nominate(actor=secretary, election=election, member=org.members["Pear"])
    assert other.accepted_at is None
    with pytest.raises(PermissionDenied):
        candidate_accept(actor=org.user("west-delegate-5"), candidate=other)
    with pytest.raises(ValidationError):
        election_nominate(actor=secretary, election=election, member=org.members["Pear"])
    vote = vote_open(actor=secretary, meeting=meeting, method="secret", election=election)
    with pytest.raises(ValidationError):  # Pear never accepted: not on the ballot
        vote_cast(actor=org.user("east-delegate-0"), vote=vote, ranking=[[other.pk]])
    with pytest.raises(ValidationError):  # plurality: one mark
        vote_cast(
            actor=org.user("east-delegate-0"), vote=vote,
            ranking=[[self_nominated.pk], [self_nominated.pk]],
        )  # fmt: skip
    vote_cast(actor=org.user("east-delegate-0"), vote=vote, ranking=[[self_nominated.pk]])
    vote_cast(actor=org.user("east-delegate-1"), vote=vote, ranking=[])  # blank
    vote_close(actor=secretary, vote=vote)
    election.refresh_from_db()
    assert election.result["elected"] == ["West Local Delegate 5"]
    assert election.result["blank"] == 1


def test_elections_are_by_secret_ballot(org, meeting, secretary):
    election = election_create(
        actor=secretary, meeting=meeting, body=org.bodies["council"], seats=1, method="approval"
    )
    nominate_all(org, election, secretary)
    with pytest.raises(ValidationError):
        vote_open(actor=secretary, meeting=meeting, method="named", election=election)


def test_the_chair_closing_the_ballot_seats_the_elected_at_once(org, meeting, secretary):
    election = election_create(
        actor=secretary, meeting=meeting, body=org.bodies["council"], seats=2, method="approval"
    )
    ids = nominate_all(org, election, secretary)
    chair = org.user("east-delegate-1")  # chairs the meeting; not a secretary
    vote = vote_open(actor=chair, meeting=meeting, method="secret", election=election)
    for key in DELEGATES20[:12]:
        vote_cast(actor=org.user(key), vote=vote, ranking=[[ids["Pear"], ids["Bonbon"]]])
    vote_close(actor=chair, vote=vote)
    election.refresh_from_db()
    assert sorted(election.result["elected"]) == ["Bonbon", "Pear"]
    seats = election.resulting_seats.select_related("member")
    assert sorted(s.member.full_name for s in seats) == ["Bonbon", "Pear"]
    assert election_fill_seats(actor=secretary, election=election) == []  # done once
    assert SecretBallot.objects.filter(vote=vote).count() == 12


def test_a_member_who_neither_chairs_nor_records_seats_nobody(org, meeting, secretary):
    election = election_create(
        actor=secretary, meeting=meeting, body=org.bodies["council"], seats=2, method="approval"
    )
    ids = nominate_all(org, election, secretary)
    vote = vote_open(actor=secretary, meeting=meeting, method="secret", election=election)
    for key in DELEGATES20[:12]:
        vote_cast(actor=org.user(key), vote=vote, ranking=[[ids["Pear"], ids["Bonbon"]]])
    vote_close(actor=secretary, vote=vote)
    with pytest.raises(PermissionDenied):
        election_fill_seats(actor=org.user("west-delegate-2"), election=election)


def test_an_election_needs_as_many_candidates_as_seats(org, meeting, secretary):
    election = election_create(
        actor=secretary, meeting=meeting, body=org.bodies["council"], seats=2, method="meek-stv"
    )
    pear = election_nominate(actor=secretary, election=election, member=org.members["Pear"])
    candidate_accept(actor=org.user("Pear"), candidate=pear)
    election_nominate(actor=secretary, election=election, member=org.members["Bonbon"])
    with pytest.raises(ValidationError) as refused:  # Bonbon has not accepted
        vote_open(actor=secretary, meeting=meeting, method="secret", election=election)
    assert "1 candidate(s) stand for 2 seat(s)" in str(refused.value)


def test_an_election_counted_by_warren_stv(org, meeting, secretary):
    """Warren STV (minutebook.voting.stv.warren) may be chosen for an election: the meeting's
    count is the counter's count of the same ballots read from the published file."""
    from minutebook.voting.stv.warren import warren_stv

    expected = warren_stv(read_ballot_file(FOOD), 3)
    election = election_create(
        actor=secretary, meeting=meeting, body=org.bodies["council"], seats=3, method="warren-stv"
    )
    ids = nominate_all(org, election, secretary)
    vote = vote_open(actor=secretary, meeting=meeting, method="secret", election=election)
    voters = iter(DELEGATES20)
    for names, count in FOOD_BALLOTS:
        for _ in range(count):
            vote_cast(actor=org.user(next(voters)), vote=vote, ranking=[[ids[n]] for n in names])
    vote_close(actor=secretary, vote=vote)

    election.refresh_from_db()
    assert election.status == ElectionStatus.COUNTED
    assert election.result["method"] == "warren-stv"
    assert election.result["elected"] == expected.elected
    assert len(expected.elected) == 3
