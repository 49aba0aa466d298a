"""Weighted votes at a meeting: the General Assembly's delegates present carry the votes of
their local's three seats (`vote_weights: {carry: seats, split: first}`): quorum, counts and
thresholds are taken over votes, and a secret ballot's paper carries its weight, not its voter.

Six seats, three per local: six votes in all; the quorum is a majority of them, 4."""

import datetime as dt

import pytest
from django.utils import timezone

from minutebook.bodies.apportionment import census_take
from minutebook.journal.models import JournalEntry
from minutebook.meetings.selectors import meeting_quorum, meeting_weights
from minutebook.votes.models import Eligibility, SecretBallot
from minutebook.votes.services import VoteRefused, vote_cast, vote_close, vote_open
from tests.factories import build_small_union
from tests.motions.world import Clock, admitted, check_in, make_meeting

WEIGHTS = "    proxies: true\n    visibility: members\n    articles: [art-1]\n"


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(dt.datetime(2026, 5, 18, 12, 0, tzinfo=dt.UTC))
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    return clock


def _weighted(text: str, split: str) -> str:
    assert text.count(WEIGHTS) == 1
    return text.replace(WEIGHTS, WEIGHTS + f"    vote_weights: {{carry: seats, split: {split}}}\n")


@pytest.fixture
def org(db, small_charter_text):
    return build_small_union(_weighted(small_charter_text, "first"))


def test_delegates_present_carry_their_locals_seats(org, clock):
    meeting = make_meeting(org, chair="east-delegate-1")
    check_in(org, meeting, "east-delegate-0", "east-delegate-1", "west-delegate-2")
    weights = meeting_weights(meeting)
    members = org.members
    # East: 3 votes, 2 present, the first seated (delegate 0) carries the absent one's;
    # West: 3 votes carried by its one delegate present.
    assert weights.of_voter == {
        members["east-delegate-0"].pk: 2,
        members["east-delegate-1"].pk: 1,
        members["west-delegate-2"].pk: 3,
    }
    assert (weights.present, weights.total) == (6, 6)


def test_the_quorum_counts_votes_not_people(org, clock):
    meeting = make_meeting(org, chair="east-delegate-1")
    check_in(org, meeting, "east-delegate-0", "east-delegate-1")
    quorum = meeting_quorum(meeting)
    # Two people carrying East's 3 votes: 3 of 6, one short of the majority (4).
    assert (quorum.present, quorum.filled_seats, quorum.required) == (3, 6, 4)
    assert not quorum.has_quorum
    check_in(org, meeting, "west-delegate-2")
    quorum = meeting_quorum(meeting)
    # Three people — one short of a quorum of people — but 6 votes: a quorum.
    assert (quorum.present, quorum.required, quorum.has_quorum) == (6, 4, True)


def test_a_weighted_secret_ballot_counts_its_votes_and_keeps_no_voter(org, clock):
    meeting = make_meeting(org, chair="east-delegate-1")
    check_in(org, meeting, "east-delegate-0", "east-delegate-1", "west-delegate-2")
    motion = admitted(org, meeting)
    vote = vote_open(
        actor=org.user("east-delegate-1"), meeting=meeting, method="secret", motion=motion
    )
    assert (vote.present, vote.seats_filled, vote.weighted) == (6, 6, True)
    assert Eligibility.objects.get(vote=vote, member=org.members["west-delegate-2"]).weight == 3

    cast = vote_cast(actor=org.user("west-delegate-2"), vote=vote, choice="against")
    assert cast.weight == 3
    vote_cast(actor=org.user("east-delegate-0"), vote=vote, choice="for")
    vote_cast(actor=org.user("east-delegate-1"), vote=vote, choice="for")
    assert sorted(SecretBallot.objects.filter(vote=vote).values_list("weight", flat=True)) == [
        1,
        2,
        3,
    ]

    vote = vote_close(actor=org.user("east-delegate-1"), vote=vote)
    # For: 2 + 1 = 3, against: 3. A tie is no majority of the votes cast: not adopted (by
    # head count it would have passed, 2 to 1).
    assert (vote.votes_for, vote.votes_against, vote.adopted) == (3, 3, False)
    opened = JournalEntry.objects.get(action="vote.open", object_id=str(vote.pk))
    assert opened.after["weighted"] is True
    assert opened.after["weights"][org.members["west-delegate-2"].membership_number] == 3


def test_a_weighted_named_vote_adopts_by_votes(org, clock):
    meeting = make_meeting(org, chair="east-delegate-1")
    check_in(
        org, meeting, "east-delegate-0", "east-delegate-1", "east-delegate-2", "west-delegate-2"
    )
    motion = admitted(org, meeting)
    chair = org.user("east-delegate-1")
    vote = vote_open(actor=chair, meeting=meeting, method="named", motion=motion)
    vote_cast(actor=org.user("west-delegate-2"), vote=vote, choice="for")  # 3 votes
    vote_cast(actor=org.user("east-delegate-0"), vote=vote, choice="against")  # 1
    vote_cast(actor=org.user("east-delegate-1"), vote=vote, choice="against")  # 1
    vote = vote_close(actor=chair, vote=vote)
    assert (vote.votes_for, vote.votes_against, vote.adopted) == (3, 2, True)


def test_without_quorum_of_votes_the_vote_is_refused(org, clock):
    meeting = make_meeting(org, chair="east-delegate-1")
    check_in(org, meeting, "east-delegate-0", "east-delegate-1", "east-delegate-2")
    motion = admitted(org, meeting)
    # Three people, East's three votes: 3 of 6, no quorum (4) — as by head count.
    with pytest.raises(VoteRefused, match="no quorum: 3 present"):
        vote_open(actor=org.user("east-delegate-1"), meeting=meeting, method="named", motion=motion)


def test_an_equal_split_shares_the_votes_evenly(db, small_charter_text, clock):
    org = build_small_union(_weighted(small_charter_text, "equal"))
    meeting = make_meeting(org, chair="east-delegate-1")
    check_in(org, meeting, "east-delegate-0", "east-delegate-1")
    weights = meeting_weights(meeting)
    # 3 votes between 2: the first seated carries the odd one.
    assert weights.of_voter == {
        org.members["east-delegate-0"].pk: 2,
        org.members["east-delegate-1"].pk: 1,
    }


def test_delegates_carry_one_vote_per_member_counted_at_the_census(db, small_charter_text, clock):
    """`carry: members`: the census of 1 May counts East 6 members in good standing (its three
    delegates, Council Members 1 and 3, its rank-and-file member; the applicant not) and West 7
    (three delegates, Council Members 0, 2 and 4, its rank-and-file member)."""
    text = small_charter_text.replace(
        WEIGHTS, WEIGHTS + "    vote_weights: {carry: members, split: equal}\n"
    )
    org = build_small_union(text)
    meeting = make_meeting(org, chair="east-delegate-1")
    check_in(org, meeting, "east-delegate-0", "east-delegate-1", "west-delegate-2")
    # Until a census counts the members, each delegate has one vote.
    assert set(meeting_weights(meeting).of_voter.values()) == {1}
    assert meeting_weights(meeting).total == 6

    census = census_take(actor=org.admin, body=org.bodies["assembly"], taken_on=dt.date(2026, 5, 1))
    assert {c.unit.slug: (c.members, c.seats) for c in census.counts.all()} == {
        "east": (6, 3),
        "west": (7, 3),
    }
    weights = meeting_weights(meeting)
    assert weights.of_voter == {
        org.members["east-delegate-0"].pk: 3,
        org.members["east-delegate-1"].pk: 3,
        org.members["west-delegate-2"].pk: 7,
    }
    quorum = meeting_quorum(meeting)
    assert (quorum.present, quorum.filled_seats, quorum.required) == (13, 13, 7)


def test_the_quorum_may_count_seat_holders_while_votes_are_weighed(db, small_charter_text, clock):
    text = small_charter_text.replace(
        WEIGHTS, WEIGHTS + "    vote_weights: {carry: seats, split: first, quorum: seats}\n"
    )
    org = build_small_union(text)
    meeting = make_meeting(org, chair="east-delegate-1")
    check_in(org, meeting, "east-delegate-0", "east-delegate-1", "west-delegate-2")
    quorum = meeting_quorum(meeting)
    # Three delegates of six: no quorum, though they carry all six votes.
    assert (quorum.present, quorum.filled_seats, quorum.has_quorum) == (3, 6, False)
    assert meeting_weights(meeting).present == 6


def test_the_minutes_and_the_api_show_the_weights(org, clock, client):
    from minutebook.votes.minutes import _vote_lines
    from tests.api.conftest import Api

    meeting = make_meeting(org, chair="east-delegate-1")
    check_in(org, meeting, "east-delegate-0", "east-delegate-1", "west-delegate-2")
    motion = admitted(org, meeting)
    chair = org.user("east-delegate-1")
    vote = vote_open(actor=chair, meeting=meeting, method="named", motion=motion)
    vote_cast(actor=org.user("west-delegate-2"), vote=vote, choice="for")
    vote = vote_close(actor=chair, vote=vote)
    lines = _vote_lines(vote)
    assert "3 for, 0 against, 0 abstaining; 6 votes present" in lines[0]
    assert any("West Local Delegate 2 (3 votes)" in line for line in lines)
    answer = Api(org.admin).get(f"/votes/{vote.pk}").json()
    assert (answer["weighted"], answer["present"], answer["votes_for"]) == (True, 6, 3)
