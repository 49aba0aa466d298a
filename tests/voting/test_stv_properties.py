"""Properties every STV count must have, on random profiles, for all three rules: votes are
conserved at every stage, values are exact to the rule's places, and neither the order of the
ballots nor the order of the candidates in the file changes the outcome."""

from __future__ import annotations

import dataclasses
from functools import partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from minutebook.voting.profile import Profile
from minutebook.voting.stv import meek_stv, scottish_stv, wigm_stv
from tests.voting.stv_reference import strict_profiles

RULES = {
    "scottish": (scottish_stv, 5),
    "meek": (meek_stv, 9),
    "wigm": (wigm_stv, 4),
    "wigm-batch": (partial(wigm_stv, batch_defeat=True), 4),
}
EXAMPLES = settings(max_examples=120, deadline=None)


def valid_ballots(profile: Profile) -> int:
    """Ballots with a preference for at least one candidate who is not withdrawn."""
    return sum(
        ballot.weight
        for ballot in profile.ballots
        if any(c not in profile.withdrawn for group in ballot.ranking for c in group)
    )


@pytest.mark.parametrize("rule", RULES)
def test_votes_are_conserved_at_every_stage(rule):
    """Candidates' votes + exhausted + non-transferable + lost to truncation = valid ballots,
    after every stage, to the last decimal place; and each figure has exactly the rule's
    number of places."""
    count, places = RULES[rule]

    @EXAMPLES
    @given(strict_profiles())
    def check(profile):
        result = count(profile, seed=3)
        total = valid_ballots(profile)
        for round_ in result.rounds:
            held = sum(round_.votes.values())
            assert held + round_.exhausted + round_.nontransferable + round_.loss == total
            assert round_.loss >= 0 and round_.exhausted >= 0
            for value in (*round_.votes.values(), round_.quota, round_.exhausted, round_.loss):
                assert value.as_tuple().exponent == -places

    check()


@pytest.mark.parametrize("rule", RULES)
def test_the_seats_are_filled_by_eligible_candidates(rule):
    count, _ = RULES[rule]

    @EXAMPLES
    @given(strict_profiles())
    def check(profile):
        result = count(profile, seed=3)
        eligible = {profile.candidates[c] for c in profile.continuing}
        assert len(result.elected) == len(set(result.elected))
        assert set(result.elected) <= eligible
        assert len(result.elected) == min(profile.seats, len(eligible))

    check()


@pytest.mark.parametrize("rule", RULES)
def test_ballot_order_and_merging_change_nothing(rule):
    """Shuffling the ballots, or merging identical rankings, gives the very same count (draws
    by lot included, with the same seed)."""
    count, _ = RULES[rule]

    @EXAMPLES
    @given(strict_profiles(), st.randoms(use_true_random=False))
    def check(profile, random):
        ballots = list(profile.ballots)
        random.shuffle(ballots)
        shuffled = dataclasses.replace(profile, ballots=tuple(ballots))
        expected = count(profile, seed=5).to_json()
        assert count(shuffled, seed=5).to_json() == expected
        assert count(profile.merged(), seed=5).to_json() == expected

    check()


@pytest.mark.parametrize("rule", RULES)
def test_candidate_order_changes_no_winner(rule):
    """Listing the candidates in another order elects the same candidates, whenever the count
    needs no draw by lot (a draw depends on the seed and on who is tied, and nothing else)."""
    count, _ = RULES[rule]

    @EXAMPLES
    @given(strict_profiles(max_weight=200), st.randoms(use_true_random=False))
    def check(profile, random):
        order = list(range(len(profile.candidates)))
        random.shuffle(order)
        place = {old: new for new, old in enumerate(order)}
        reordered = Profile(
            candidates=tuple(profile.candidates[old] for old in order),
            ballots=tuple(
                dataclasses.replace(b, ranking=tuple((place[c],) for (c,) in b.ranking))
                for b in profile.ballots
            ),
            seats=profile.seats,
            withdrawn=frozenset(place[c] for c in profile.withdrawn),
        )
        result = count(profile, seed=5)
        if any("by lot" in text for text in result.ties_broken):
            return
        again = count(reordered, seed=5)
        assert set(again.elected) == set(result.elected)
        assert [r.votes for r in again.rounds] == [r.votes for r in result.rounds]

    check()
