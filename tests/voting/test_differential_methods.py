"""Differential tests against pref_voting on random profiles, and properties of the methods.

pref_voting returns the set of winners under every way of breaking ties; Minutebook breaks
ties by the rule, then by lot. So: when the reference has one winner, ours must be it; when it
has several, ours must be one of them (and for Schulze, our tied top group must be exactly the
reference's set, because Schulze's winner set is defined without tie-breaking).
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pref_voting.iterative_methods import instant_runoff, instant_runoff_put
from pref_voting.margin_based_methods import beat_path, ranked_pairs_with_test

from minutebook.voting.approval import approval
from minutebook.voting.condorcet import pairwise_matrix, ranked_pairs, schulze
from minutebook.voting.irv import irv
from minutebook.voting.plurality import plurality
from minutebook.voting.profile import Ballot, Profile
from tests.voting.pref_voting_profiles import to_pref_voting

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def profiles(draw, *, ties: bool = True, min_candidates: int = 3, max_candidates: int = 5):
    """Random profiles: 3–5 candidates, up to 12 distinct rankings with weights 1–9, rankings
    of any length (truncated), with groups of equals when `ties`."""
    n = draw(st.integers(min_candidates, max_candidates))
    ballots = []
    for _ in range(draw(st.integers(1, 12))):
        order = draw(st.permutations(range(n)))
        length = draw(st.integers(1, n))
        groups: list[tuple[int, ...]] = []
        for c in order[:length]:
            if ties and groups and draw(st.integers(0, 4)) == 0:
                groups[-1] = (*groups[-1], c)
            else:
                groups.append((c,))
        ballots.append(Ballot(tuple(groups), draw(st.integers(1, 9))))
    return Profile(tuple("ABCDEFG"[:n]), tuple(ballots))


def _names(profile: Profile, indices) -> set[str]:
    return {profile.candidates[i] for i in indices}


# --- pairwise matrix ------------------------------------------------------------------------


@SETTINGS
@given(profiles())
def test_pairwise_matrix_matches_pref_voting_supports(profile):
    reference = to_pref_voting(profile)
    d = pairwise_matrix(profile)
    n = len(profile.candidates)
    for a in range(n):
        for b in range(n):
            if a != b:
                assert d[a][b] == reference.support(a, b)


# --- Schulze ------------------------------------------------------------------------------


@SETTINGS
@given(profiles(), st.integers(0, 2**32 - 1))
def test_schulze_margin_matches_pref_voting_beat_path(profile, seed):
    reference = _names(profile, beat_path(to_pref_voting(profile)))
    result = schulze(profile, strength="margin", seed=seed)
    assert set(result.ranking[0]) == reference
    assert result.elected[0] in reference


@SETTINGS
@given(profiles(), st.integers(0, 2**32 - 1))
def test_schulze_winning_votes_matches_pref_voting_with_support_strength(profile, seed):
    data = to_pref_voting(profile)
    reference = _names(profile, beat_path(data, strength_function=data.support))
    result = schulze(profile, seed=seed)
    assert set(result.ranking[0]) == reference
    assert result.elected[0] in reference


# --- ranked pairs ---------------------------------------------------------------------------


def _rp_reference(profile: Profile, winning_votes: bool = False) -> set[str]:
    """pref_voting's ranked-pairs winners over every order of equally strong pairs. It tries
    them all, so profiles needing more than 3000 orders are skipped (it returns None)."""
    data = to_pref_voting(profile)
    strength = data.support if winning_votes else None
    winners = ranked_pairs_with_test(data, strength_function=strength)
    assume(winners is not None)
    return _names(profile, winners)


@SETTINGS
@given(profiles(), st.integers(0, 2**32 - 1))
def test_ranked_pairs_margin_is_one_of_pref_voting_winners(profile, seed):
    reference = _rp_reference(profile)
    result = ranked_pairs(profile, strength="margin", seed=seed)
    assert result.elected[0] in reference
    assert set(result.ranking[0]) <= reference
    if len(reference) == 1:
        assert result.ranking[0] == sorted(reference)


@SETTINGS
@given(profiles(), st.integers(0, 2**32 - 1))
def test_ranked_pairs_winning_votes_is_one_of_pref_voting_winners(profile, seed):
    reference = _rp_reference(profile, winning_votes=True)
    result = ranked_pairs(profile, seed=seed)
    assert result.elected[0] in reference
    assert set(result.ranking[0]) <= reference


# --- IRV ------------------------------------------------------------------------------------


@SETTINGS
@given(profiles(ties=False), st.integers(0, 2**32 - 1))
def test_irv_matches_pref_voting(profile, seed):
    """Strict (possibly truncated) ballots: the winner is always one of pref_voting's
    parallel-universe winners; with no tie for fewest anywhere, it is pref_voting's winner
    (whose default excludes all tied candidates at once, which only matters with ties)."""
    data = to_pref_voting(profile)
    result = irv(profile, seed=seed)
    assert result.elected[0] in _names(profile, instant_runoff_put(data))
    if not result.ties_broken:
        assert {result.elected[0]} == _names(profile, instant_runoff(data))


# --- properties -----------------------------------------------------------------------------

METHODS = [plurality, approval, irv, schulze, ranked_pairs]


@SETTINGS
@given(profiles(), st.randoms(use_true_random=False), st.sampled_from(METHODS))
def test_ballot_order_does_not_change_the_result(profile, rng, method):
    ballots = list(profile.ballots)
    rng.shuffle(ballots)
    shuffled = Profile(profile.candidates, tuple(ballots))
    assert method(shuffled, seed=5).to_json() == method(profile, seed=5).to_json()


@SETTINGS
@given(profiles(), st.randoms(use_true_random=False), st.sampled_from(METHODS))
def test_candidate_order_does_not_change_the_result(profile, rng, method):
    result = method(profile, seed=5)
    assume(not result.ties_broken)
    n = len(profile.candidates)
    order = list(range(n))
    rng.shuffle(order)  # new position i holds old candidate order[i]
    new_index = {old: new for new, old in enumerate(order)}
    relabelled = Profile(
        tuple(profile.candidates[old] for old in order),
        tuple(
            Ballot(tuple(tuple(new_index[c] for c in g) for g in b.ranking), b.weight)
            for b in profile.ballots
        ),
    )
    again = method(relabelled, seed=5)
    assert again.elected == result.elected
    if result.ranking is not None:
        assert [sorted(g) for g in again.ranking] == [sorted(g) for g in result.ranking]
    for r1, r2 in zip(result.rounds, again.rounds, strict=True):
        assert r1.votes == r2.votes


def _condorcet_winner(profile: Profile) -> int | None:
    d = pairwise_matrix(profile)
    n = len(profile.candidates)
    for a in range(n):
        if all(d[a][b] > d[b][a] for b in range(n) if b != a):
            return a
    return None


@SETTINGS
@given(profiles(), st.sampled_from(["winning", "margin"]))
def test_the_condorcet_winner_wins_schulze_and_ranked_pairs(profile, strength):
    winner = _condorcet_winner(profile)
    assume(winner is not None)
    reference = to_pref_voting(profile).condorcet_winner()
    assert reference == winner  # the independent check agrees there is one, and who
    name = profile.candidates[winner]
    assert schulze(profile, strength=strength).elected == [name]
    assert ranked_pairs(profile, strength=strength).elected == [name]
    assert schulze(profile, strength=strength).ranking[0] == [name]


@pytest.mark.parametrize("seed", range(3))
def test_many_voters_many_candidates_against_pref_voting(seed):
    """A larger profile (8 candidates, 300 distinct truncated rankings) checked once per seed."""
    rng = random.Random(seed)
    n = 8
    ballots = []
    for _ in range(300):
        order = rng.sample(range(n), n)
        ballots.append(Ballot(tuple((c,) for c in order[: rng.randint(1, n)]), rng.randint(1, 50)))
    profile = Profile(tuple(f"C{i}" for i in range(n)), tuple(ballots))
    data = to_pref_voting(profile)
    assert set(schulze(profile, strength="margin").ranking[0]) == _names(profile, beat_path(data))
    assert irv(profile, seed=1).elected[0] in _names(profile, instant_runoff_put(data))


# --- withdrawn candidates and the ballot matrix -------------------------------------------


@st.composite
def messy_profiles(draw):
    """Profiles as code (not a file reader) might build them: withdrawn candidates, empty
    groups, a candidate named twice, ballots of weight 0."""
    profile = draw(profiles())
    n = len(profile.candidates)
    ballots = list(profile.ballots)
    for _ in range(draw(st.integers(0, 3))):
        ranking = [tuple(draw(st.lists(st.integers(0, n - 1), max_size=3))) for _ in range(3)]
        ballots.append(Ballot(tuple(ranking), draw(st.integers(0, 3))))
    withdrawn = frozenset(draw(st.sets(st.integers(0, n - 1), max_size=n - 2)))
    return Profile(profile.candidates, tuple(ballots), withdrawn=withdrawn)


def _plain_reading(profile: Profile) -> dict[tuple, int]:
    """What the matrix must hold, read the slow and obvious way."""
    merged: dict[tuple, int] = {}
    for ballot in profile.ballots:
        seen: set[int] = set()
        groups = []
        for group in ballot.ranking:
            kept = []
            for c in group:
                if c not in profile.withdrawn and c not in seen:
                    kept.append(c)
                seen.add(c)
            if kept:
                groups.append(tuple(kept))
        if ballot.weight:
            merged[tuple(groups)] = merged.get(tuple(groups), 0) + ballot.weight
    return merged


@SETTINGS
@given(messy_profiles())
def test_ballot_matrix_matches_a_plain_reading(profile):
    from minutebook.voting.tally import compile_ballots

    ballots = compile_ballots(profile)
    read: dict[tuple, int] = {}
    for row in range(len(ballots.weights)):
        groups: dict[int, list[int]] = {}
        for place in range(int(ballots.lengths[row])):
            groups.setdefault(int(ballots.groups[row, place]), []).append(
                int(ballots.slots[row, place])
            )
        assert list(groups) == list(range(len(groups)))  # numbered 0, 1, 2…
        key = tuple(tuple(g) for g in groups.values())
        read[key] = read.get(key, 0) + int(ballots.weights[row])
    assert read == _plain_reading(profile)


@SETTINGS
@given(messy_profiles(), st.integers(0, 2**32 - 1))
def test_withdrawn_candidates_count_as_never_having_stood(profile, seed):
    """pref_voting restricted to the standing candidates (curr_cands) is the reference."""
    standing = list(profile.continuing)
    cleaned = Profile(
        profile.candidates,
        tuple(Ballot(r, w) for r, w in _plain_reading(profile).items() if r),
    )
    assume(cleaned.ballots)
    data = to_pref_voting(cleaned)
    reference = _names(profile, beat_path(data, curr_cands=standing))
    assert set(schulze(profile, strength="margin", seed=seed).ranking[0]) == reference
