"""Casting: only the eligible, once each, while the vote is open; a proxy casts the vote of
the seat holder they represent; the chair records a show of hands and a roll call."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from minutebook.journal.models import JournalEntry
from minutebook.votes.models import NamedBallot, Participation, SecretBallot
from minutebook.votes.receipts import receipt_hash
from minutebook.votes.services import (
    BallotRequest,
    vote_cast,
    vote_cast_together,
    vote_close,
    vote_open,
    vote_roll_call,
)
from tests.motions.world import admitted, check_in, make_meeting


@pytest.fixture
def motion(org, meeting):
    return admitted(org, meeting)


def opened(org, meeting, motion, method):
    return vote_open(
        actor=org.user("east-delegate-0"), meeting=meeting, method=method, motion=motion
    )


def test_a_named_vote_records_each_voter_by_name(org, meeting, motion):
    vote = opened(org, meeting, motion, "named")
    cast = vote_cast(actor=org.user("west-delegate-0"), vote=vote, choice="against")
    assert cast.receipt_code is None and not cast.by_proxy
    ballot = NamedBallot.objects.get(vote=vote)
    assert (ballot.voter, ballot.choice, ballot.cast_by) == (
        org.members["west-delegate-0"],
        "against",
        org.members["west-delegate-0"],
    )
    assert JournalEntry.objects.get(action="vote.cast").after["choice"] == "against"


def test_nobody_votes_twice(org, meeting, motion):
    for method in ("named", "secret"):
        vote = opened(org, meeting, motion, method)
        vote_cast(actor=org.user("west-delegate-0"), vote=vote, choice="for")
        with pytest.raises(ValidationError) as refused:
            vote_cast(actor=org.user("west-delegate-0"), vote=vote, choice="against")
        assert "your vote has already been cast" in str(refused.value)
        from minutebook.votes.services import vote_cancel

        vote_cancel(actor=org.admin, vote=vote, reason="next method")


def test_the_database_itself_refuses_a_second_ballot(org, meeting, motion):
    """Even a write that bypasses the services cannot record a voter twice."""
    named = opened(org, meeting, motion, "named")
    voter = org.members["west-delegate-0"]
    NamedBallot.objects.create(
        vote=named, voter=voter, choice="for", recorded_by=org.admin, recorded_at=named.opened_at
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        NamedBallot.objects.create(
            vote=named,
            voter=voter,
            choice="for",
            recorded_by=org.admin,
            recorded_at=named.opened_at,
        )
    Participation.objects.create(vote=named, voter=voter)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(vote=named, voter=voter)


def test_only_eligible_voters_cast(org, meeting, motion, outsider):
    vote = opened(org, meeting, motion, "secret")
    for user in (org.user("east-member"), org.user("council-3"), outsider):
        with pytest.raises(PermissionDenied):
            vote_cast(actor=user, vote=vote, choice="for")
    assert not Participation.objects.exists() and not SecretBallot.objects.exists()


def test_a_closed_vote_takes_no_ballots(org, meeting, motion):
    vote = opened(org, meeting, motion, "named")
    vote_close(actor=org.user("east-delegate-0"), vote=vote)
    with pytest.raises(ValidationError):
        vote_cast(actor=org.user("west-delegate-0"), vote=vote, choice="for")


def test_a_ballot_says_for_against_or_abstain(org, meeting, motion):
    vote = opened(org, meeting, motion, "named")
    with pytest.raises(ValidationError):
        vote_cast(actor=org.user("west-delegate-0"), vote=vote, choice="maybe")


def test_a_proxy_casts_the_vote_of_the_member_they_represent(org, clock):
    meeting = make_meeting(org)
    check_in(org, meeting, "east-delegate-0", "east-delegate-1", "west-delegate-0")
    check_in(org, meeting, "west-delegate-1", proxy_for="west-delegate-2")
    motion = admitted(org, meeting)
    vote = vote_open(actor=org.admin, meeting=meeting, method="secret", motion=motion)
    proxy = org.user("west-delegate-1")
    own = vote_cast(actor=proxy, vote=vote, choice="for")
    carried = vote_cast(actor=proxy, vote=vote, choice="against")  # the next vote they carry
    assert (own.voter, own.by_proxy) == (org.members["west-delegate-1"], False)
    assert (carried.voter, carried.by_proxy) == (org.members["west-delegate-2"], True)
    assert (
        Participation.objects.get(voter=org.members["west-delegate-2"]).by_proxy
        == (org.members["west-delegate-1"])
    )
    with pytest.raises(ValidationError):  # nothing left to carry
        vote_cast(actor=proxy, vote=vote, choice="for", voter=org.members["west-delegate-2"])
    # The represented member, absent, cannot vote for themselves; nobody else casts their vote.
    with pytest.raises(PermissionDenied):
        vote_cast(actor=org.user("west-delegate-2"), vote=vote, choice="for")
    with pytest.raises(PermissionDenied):
        vote_cast(
            actor=org.user("west-delegate-0"), vote=vote, choice="for",
            voter=org.members["west-delegate-2"],
        )  # fmt: skip


def test_a_show_of_hands_is_counted_by_the_chair(org, meeting, motion):
    vote = opened(org, meeting, motion, "show_of_hands")
    with pytest.raises(ValidationError):  # electronic casting is not for a show of hands
        vote_cast(actor=org.user("west-delegate-0"), vote=vote, choice="for")
    with pytest.raises(ValidationError):
        vote_close(actor=org.user("east-delegate-0"), vote=vote)  # no count given
    with pytest.raises(ValidationError):  # more hands than voters present
        vote_close(actor=org.user("east-delegate-0"), vote=vote, votes_for=5, votes_against=3)
    with pytest.raises(PermissionDenied):
        vote_close(actor=org.user("west-delegate-0"), vote=vote, votes_for=4, votes_against=1)
    closed = vote_close(
        actor=org.user("east-delegate-0"), vote=vote, votes_for=4, votes_against=1, votes_abstain=1
    )
    assert (closed.votes_for, closed.votes_against, closed.votes_abstain, closed.adopted) == (
        4, 1, 1, True,
    )  # fmt: skip


def test_a_roll_call_records_every_answer_by_name(org, meeting, motion):
    vote = opened(org, meeting, motion, "roll_call")
    chair = org.user("east-delegate-1")
    answers = {"east-delegate-0": "for", "east-delegate-1": "for", "west-delegate-0": "against"}
    for key, choice in answers.items():
        vote_roll_call(actor=chair, vote=vote, voter=org.members[key], choice=choice)
    vote_roll_call(actor=chair, vote=vote, voter=org.members["west-delegate-0"], choice="abstain")
    assert NamedBallot.objects.get(voter=org.members["west-delegate-0"]).choice == "abstain"
    assert JournalEntry.objects.filter(action="vote.roll_call").last().before == {
        "choice": "against"
    }
    with pytest.raises(ValidationError):  # not a delegate
        vote_roll_call(actor=chair, vote=vote, voter=org.members["east-member"], choice="for")
    with pytest.raises(PermissionDenied):
        vote_roll_call(
            actor=org.user("west-delegate-1"), vote=vote, voter=org.members["west-delegate-1"],
            choice="for",
        )  # fmt: skip
    with pytest.raises(ValidationError):  # members do not cast in a roll call themselves
        vote_cast(actor=org.user("west-delegate-1"), vote=vote, choice="for")
    closed = vote_close(actor=chair, vote=vote)
    assert (closed.votes_for, closed.votes_against, closed.votes_abstain) == (2, 0, 1)


def test_a_secret_ballot_gives_a_receipt_stored_only_as_its_hash(org, meeting, motion):
    vote = opened(org, meeting, motion, "secret")
    cast = vote_cast(actor=org.user("west-delegate-0"), vote=vote, choice="for")
    assert len(cast.receipt_code) == 24
    ballot = SecretBallot.objects.get()
    assert ballot.receipt_hash == receipt_hash(cast.receipt_code)
    assert ballot.receipt_hash == receipt_hash(cast.receipt_code.lower().replace("-", " "))
    code_bare = cast.receipt_code.replace("-", "")
    for entry in JournalEntry.objects.all():
        assert code_bare not in str(entry.after) and cast.receipt_code not in str(entry.after)


def test_ballots_cast_together_come_to_what_they_would_one_by_one(org, clock, outsider):
    """Casting what arrived together in one transaction: each request gets its own answer,
    and a refusal refuses that ballot only."""
    meeting = make_meeting(org)
    check_in(org, meeting, "east-delegate-0", "east-delegate-1", "west-delegate-0")
    check_in(org, meeting, "west-delegate-1", proxy_for="west-delegate-2")
    motion = admitted(org, meeting)
    vote = vote_open(actor=org.admin, meeting=meeting, method="secret", motion=motion)
    vote_cast(actor=org.user("east-delegate-1"), vote=vote, choice="for")  # voted before
    proxy = org.user("west-delegate-1")
    outcomes = vote_cast_together(
        vote=vote,
        requests=[
            BallotRequest(org.user("east-delegate-0"), choice="for"),
            BallotRequest(org.user("east-delegate-0"), choice="against"),  # pressed twice
            BallotRequest(org.user("east-delegate-1"), choice="against"),
            BallotRequest(outsider, choice="for"),
            BallotRequest(org.user("west-delegate-0"), choice="maybe"),
            BallotRequest(proxy, choice="for"),  # their own vote, then the one they carry
            BallotRequest(proxy, choice="against"),
            BallotRequest(org.user("west-delegate-0"), choice="abstain"),
        ],
    )
    first, twice, before, stranger, invalid, own, carried, corrected = outcomes
    assert first.voter == org.members["east-delegate-0"] and first.receipt_code
    assert "your vote has already been cast" in str(twice)
    assert "your vote has already been cast" in str(before)
    assert isinstance(stranger, PermissionDenied)
    assert isinstance(invalid, ValidationError) and "for, against or abstain" in str(invalid)
    assert (own.voter, own.by_proxy) == (org.members["west-delegate-1"], False)
    assert (carried.voter, carried.by_proxy) == (org.members["west-delegate-2"], True)
    assert corrected.choice == "abstain"
    assert Participation.objects.filter(vote=vote).count() == 5
    ballots = sorted(SecretBallot.objects.filter(vote=vote).values_list("choice", flat=True))
    assert ballots == ["abstain", "against", "for", "for", "for"]
    receipts = {first.receipt_code, own.receipt_code, carried.receipt_code}
    assert {receipt_hash(code) for code in receipts} <= set(
        SecretBallot.objects.values_list("receipt_hash", flat=True)
    )


def test_ballots_cast_together_in_a_named_vote_are_journaled_each(org, meeting, motion):
    vote = opened(org, meeting, motion, "named")
    outcomes = vote_cast_together(
        vote=vote,
        requests=[
            BallotRequest(org.user("west-delegate-0"), choice="for"),
            BallotRequest(org.user("west-delegate-0"), choice="against"),
            BallotRequest(org.user("east-delegate-1"), choice="against"),
        ],
    )
    assert [getattr(outcome, "choice", None) for outcome in outcomes] == ["for", None, "against"]
    assert "already been cast" in str(outcomes[1])
    assert dict(NamedBallot.objects.values_list("voter__full_name", "choice")) == {
        org.members["west-delegate-0"].full_name: "for",
        org.members["east-delegate-1"].full_name: "against",
    }
    assert JournalEntry.objects.filter(action="vote.cast").count() == 2
