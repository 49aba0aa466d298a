"""Instant runoff: one exclusion per round, ties by earlier rounds then by lot."""

from dataclasses import replace

import pytest

from minutebook.voting.irv import irv
from minutebook.voting.profile import Profile
from tests.voting.textbook import case, profile_of


def test_tennessee_elects_knoxville_with_the_published_round_totals():
    example = case("tennessee_capital")
    result = irv(profile_of(example))
    assert result.elected == [example["expected"]["irv_winner"]]
    assert [r.votes for r in result.rounds] == example["expected"]["irv_rounds"]
    assert [r.excluded for r in result.rounds] == [["Chattanooga"], ["Nashville"], []]
    assert result.rounds[-1].elected == ["Knoxville"]


@pytest.mark.parametrize("seed", range(6))
def test_wikipedia_45_voters_elects_c_whichever_of_the_tied_b_and_e_goes(seed):
    example = case("wikipedia_schulze_45_voters")
    expected_rounds = [r for r in example["expected"]["irv_rounds"] if isinstance(r, dict)]
    result = irv(profile_of(example), seed=seed)
    assert result.elected == [example["expected"]["irv_winner"]] == ["C"]
    assert [r.votes for r in result.rounds[:2]] == expected_rounds
    # B and E are tied at 8 in round 2 and were tied in round 1 too: a draw by lot.
    assert result.rounds[1].excluded in (["B"], ["E"])
    assert len(result.ties_broken) == 1 and f"seed {seed}" in result.ties_broken[0]
    assert result.tie_seed == seed


def test_pref_voting_default_irv_excludes_all_tied_candidates_and_differs():
    """Kept on purpose: pref_voting's default instant_runoff excludes B and E together and
    returns A; the rule excludes one at a time and returns C (see PROVENANCE.md)."""
    from pref_voting.iterative_methods import instant_runoff
    from pref_voting.profiles import Profile as PVProfile

    example = case("wikipedia_schulze_45_voters")
    index = {name: i for i, name in enumerate(example["candidates"])}
    reference = PVProfile(
        [[index[c] for c in ranking] for ranking, _ in example["ballots"]],
        rcounts=[count for _, count in example["ballots"]],
    )
    assert instant_runoff(reference) == [0]  # A
    assert irv(profile_of(example), seed=1).elected == ["C"]


def test_tie_for_fewest_is_broken_by_the_latest_round_where_they_differed():
    # Round 1: A 7, B 5, C 4, D 3 → D out: two of its ballots go to C, one to B.
    # Round 2: A 7, B 6, C 6 → B and C tied for fewest; in round 1 C had fewer, so C goes.
    profile = Profile.from_names(
        ["A", "B", "C", "D"],
        [(["A"], 7), (["B"], 5), (["C"], 4), (["D", "C"], 2), (["D", "B"], 1)],
    )
    for seed in range(5):
        result = irv(profile, seed=seed)
        assert result.rounds[1].votes == {"A": 7, "B": 6, "C": 6}
        assert result.rounds[1].excluded == ["C"]
        assert result.ties_broken == ["Round 2: B, C tied with 6; C had fewest votes in round 1"]
        assert result.elected == ["A"]


def test_tie_at_every_round_is_drawn_by_lot_reproducibly():
    profile = Profile.from_names(["A", "B", "C"], [(["A"], 3), (["B", "A"], 2), (["C", "B"], 2)])
    runs = {s: irv(profile, seed=s) for s in range(20)}
    assert {r.rounds[0].excluded[0] for r in runs.values()} == {"B", "C"}
    for seed, result in runs.items():
        assert irv(profile, seed=seed).to_json() == result.to_json()


def test_rounds_report_exhausted_ballots():
    profile = Profile.from_names(["A", "B", "C"], [(["A"], 4), (["B"], 3), (["C"], 2)])
    result = irv(profile)
    assert [r.exhausted for r in result.rounds] == [0, 2]
    assert result.rounds[1].votes == {"A": 4, "B": 3}
    assert result.rounds[1].action == "Elect A (majority: 4 of 7 votes)"


def test_an_overvote_exhausts_the_ballot_where_it_is_reached():
    profile = Profile.from_names(
        ["A", "B", "C", "D"],
        [(["D", ["B", "C"]], 2), (["A"], 5), (["B"], 3), (["C"], 4)],
    )
    result = irv(profile)
    # D (2) is excluded; its ballots rank B and C equal next: exhausted, not split.
    assert result.rounds[1].votes == {"A": 5, "B": 3, "C": 4}
    assert result.rounds[1].exhausted == 2


def test_a_group_with_one_continuing_candidate_is_an_ordinary_preference():
    profile = Profile.from_names(
        ["A", "B", "C", "D"],
        [(["D", ["B", "C"]], 2), (["A"], 6), (["B"], 1), (["C"], 4)],
    )
    result = irv(profile)
    # B (1) goes first; then D (2): its ballots' next group has only C still standing.
    assert [r.excluded for r in result.rounds[:2]] == [["B"], ["D"]]
    assert result.rounds[2].votes == {"A": 6, "C": 6}


def test_withdrawn_candidates_are_skipped():
    example = case("tennessee_capital")
    profile = replace(profile_of(example), withdrawn=frozenset({3}))  # Knoxville
    result = irv(profile)
    assert "Knoxville" not in result.rounds[0].votes
    assert result.rounds[0].votes == {"Memphis": 42, "Nashville": 26, "Chattanooga": 32}
    assert result.elected == ["Chattanooga"]


def test_several_seats_are_refused_with_a_pointer_to_stv():
    profile = Profile.from_names(["A", "B", "C"], [(["A"], 1)], seats=2)
    with pytest.raises(ValueError, match="STV"):
        irv(profile)
    assert irv(profile, seats=1).elected == ["A"]


def test_only_blank_ballots_still_give_a_reproducible_result():
    profile = Profile.from_names(["A", "B"], [([], 3)])
    result = irv(profile, seed=2)
    assert [r.exhausted for r in result.rounds] == [3, 3]
    assert "one to exclude" in result.ties_broken[0]
    assert result.to_json() == irv(profile, seed=2).to_json()


def test_pref_voting_counts_an_overvote_for_every_tied_candidate_and_differs():
    """Kept on purpose: for ballots with ties pref_voting's instant_runoff scores the top group
    "approval" style, one vote for each tied candidate, so 3 ballots A=B give A and B three
    votes each. A ballot is one vote: Minutebook treats it as an overvote, exhausted."""
    from pref_voting.iterative_methods import instant_runoff

    from tests.voting.pref_voting_profiles import to_pref_voting

    profile = Profile.from_names(
        ["A", "B", "C"], [(["A"], 2), (["B"], 2), ([["A", "B"]], 3), (["C"], 4)]
    )
    assert instant_runoff(to_pref_voting(profile)) == [0, 1]  # A and B tied, C out first
    for seed in range(4):
        result = irv(profile, seed=seed)
        assert result.rounds[0].votes == {"A": 2, "B": 2, "C": 4}
        assert result.rounds[0].exhausted == 3
        assert result.elected == ["C"]
