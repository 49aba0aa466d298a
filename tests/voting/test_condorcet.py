"""Schulze and ranked pairs against the published examples."""

from dataclasses import replace

import pytest

from minutebook.voting.condorcet import (
    link_strengths,
    pairwise_matrix,
    ranked_pairs,
    schulze,
    strongest_paths,
)
from minutebook.voting.profile import Profile
from tests.voting.textbook import case, profile_of


def _matrix(table: dict[str, list], names: list[str]) -> list[list[int]]:
    return [[0 if v is None else v for v in table[name]] for name in names]


def _flat(ranking):
    """A ranking without ties, as a list of names."""
    assert all(len(group) == 1 for group in ranking), ranking
    return [group[0] for group in ranking]


# --- Wikipedia, 45 voters -------------------------------------------------------------


def test_wikipedia_45_voters_pairwise_matrix():
    example = case("wikipedia_schulze_45_voters")
    d = pairwise_matrix(profile_of(example))
    assert d.tolist() == _matrix(example["pairwise_d[row][col]"], example["candidates"])


def test_wikipedia_45_voters_strongest_paths():
    example = case("wikipedia_schulze_45_voters")
    p = strongest_paths(pairwise_matrix(profile_of(example)))
    expected = example["schulze_strongest_paths_p[row][col] (winning votes)"]
    assert p == _matrix(expected, example["candidates"])


def test_wikipedia_45_voters_schulze_elects_e_with_the_full_ranking():
    example = case("wikipedia_schulze_45_voters")
    result = schulze(profile_of(example))
    assert result.elected == [example["expected"]["schulze_winner"]]
    assert _flat(result.ranking) == example["expected"]["schulze_ranking"]
    assert result.pairwise == _matrix(example["pairwise_d[row][col]"], example["candidates"])
    assert result.ties_broken == []


def test_wikipedia_45_voters_ranked_pairs_elects_a():
    example = case("wikipedia_schulze_45_voters")
    result = ranked_pairs(profile_of(example))
    assert result.elected == [example["expected"]["ranked_pairs_winner"]]
    assert _flat(result.ranking) == example["expected"]["ranked_pairs_ranking"]
    assert result.pairwise == _matrix(example["pairwise_d[row][col]"], example["candidates"])


# --- Tennessee ---------------------------------------------------------------------------


def test_tennessee_schulze_and_ranked_pairs_elect_nashville():
    example = case("tennessee_capital")
    profile = profile_of(example)
    assert schulze(profile).elected == [example["expected"]["schulze_winner"]]
    rp = ranked_pairs(profile)
    assert rp.elected == [example["expected"]["condorcet_winner"]]
    assert _flat(rp.ranking) == example["expected"]["ranked_pairs_ranking"]


# --- Schulze's paper -------------------------------------------------------------------

PAPER = [
    name
    for name, c in case("schulze_paper_examples")["cases"].items()
    if isinstance(c.get("schulze_winners"), list)
]


@pytest.mark.parametrize("name", PAPER)
@pytest.mark.parametrize("strength", ["winning", "margin"])
def test_schulze_paper_examples(name, strength):
    """Every ballot in these examples ranks all candidates but one (the omitted one last), so
    winning votes and margins agree; ties in the winner set are reported as a top group."""
    example = case("schulze_paper_examples", name)
    result = schulze(profile_of(example), strength=strength, seed=3)
    assert sorted(result.ranking[0]) == sorted(example["schulze_winners"])
    assert result.elected[0] in example["schulze_winners"]
    if len(example["schulze_winners"]) > 1:
        assert result.ties_broken and "seed 3" in result.ties_broken[0]
    else:
        assert result.ties_broken == []


def test_schulze_paper_example_2_tie_is_drawn_by_lot_reproducibly():
    profile = profile_of(case("schulze_paper_examples", "ex2"))
    winners = {schulze(profile, seed=s).elected[0] for s in range(30)}
    assert winners == {"B", "D"}
    assert schulze(profile, seed=5).to_json() == schulze(profile, seed=5).to_json()


def test_schulze_paper_example_7_pairwise_matrix():
    example = case("schulze_paper_examples", "ex7_ties_strength_variants")
    d = pairwise_matrix(profile_of(example))
    names = example["candidates"]
    for pair, votes in example["pairwise_d"].items():
        assert d[names.index(pair[0])][names.index(pair[1])] == votes


@pytest.mark.parametrize(
    ("strength", "key"), [("winning", "winning_votes"), ("margin", "margins"), ("ratio", "ratio")]
)
def test_schulze_paper_example_7_winner_depends_on_the_strength(strength, key):
    example = case("schulze_paper_examples", "ex7_ties_strength_variants")
    result = schulze(profile_of(example), strength=strength)
    assert result.elected == example["schulze_winners"][key]
    assert result.ranking[0] == example["schulze_winners"][key]


def test_schulze_default_strength_is_winning_votes():
    example = case("schulze_paper_examples", "ex7_ties_strength_variants")
    assert schulze(profile_of(example)).elected == example["schulze_winners"]["winning_votes"]


def test_legrand_example_full_rankings():
    example = case("schulze_paper_examples", "ex11_legrand")
    profile = profile_of(example)
    assert _flat(schulze(profile).ranking) == example["schulze_ranking"]
    assert _flat(ranked_pairs(profile).ranking) == example["ranked_pairs_ranking"]


def test_link_strengths_of_a_defeat_without_votes_against():
    import numpy as np

    d = np.array([[0, 3], [0, 0]])
    assert link_strengths(d, "winning") == [[0, 3], [0, 0]]
    assert link_strengths(d, "margin") == [[0, 3], [0, 0]]
    assert link_strengths(d, "ratio") == [[0, float("inf")], [0, 0]]
    with pytest.raises(ValueError, match="strength"):
        link_strengths(d, "borda")


# --- Eric Gorr's ranked-pairs examples ------------------------------------------------


@pytest.mark.parametrize("name", ["gorr1", "gorr2", "gorr3"])
def test_gorr_examples(name):
    example = case("ranked_pairs_examples", name)
    expected = [g if isinstance(g, list) else [g] for g in example["ranking"]]
    result = ranked_pairs(profile_of(example), seed=1)
    assert result.ranking == expected
    assert result.elected[0] in expected[0]


def test_gorr_3_tie_between_a_and_b_is_drawn_by_lot():
    profile = profile_of(case("ranked_pairs_examples", "gorr3"))
    assert {ranked_pairs(profile, seed=s).elected[0] for s in range(30)} == {"A", "B"}


def test_gorr_4_equal_conflicting_defeats_follow_the_tie_breaking_ranking():
    """A>C and C>B are equally strong (54 to 46) and conflict with B>A. Gorr publishes
    B > A > D > C (his procedure rejects both). Tideman's rule orders them by a tie-breaking
    ranking of candidates: A above C locks A>C first and gives Gorr's order; C above A locks
    C>B first and gives C > B > A > D. See data/textbook/PROVENANCE.md."""
    example = case("ranked_pairs_examples", "gorr4")
    profile = profile_of(example)
    in_ballot_order = ranked_pairs(replace(profile, tie_order=(0, 1, 2, 3)))
    assert _flat(in_ballot_order.ranking) == example["ranking"]
    assert any("tie order" in t for t in in_ballot_order.ties_broken)
    c_first = ranked_pairs(replace(profile, tie_order=(2, 0, 1, 3)))
    assert _flat(c_first.ranking) == ["C", "B", "A", "D"]
    drawn = {tuple(_flat(ranked_pairs(profile, seed=s).ranking)) for s in range(30)}
    assert drawn == {("B", "A", "D", "C"), ("C", "B", "A", "D")}


def test_gorr_4_pref_voting_admits_both_winners():
    from pref_voting.margin_based_methods import ranked_pairs_with_test

    from tests.voting.pref_voting_profiles import to_pref_voting

    profile = profile_of(case("ranked_pairs_examples", "gorr4"))
    assert ranked_pairs_with_test(to_pref_voting(profile)) == [1, 2]  # B and C


# --- Seats, withdrawals ------------------------------------------------------------------


@pytest.mark.parametrize("method", [schulze, ranked_pairs])
def test_several_seats_take_the_top_of_the_ranking(method):
    example = case("wikipedia_schulze_45_voters")
    result = method(profile_of(example), seats=3)
    expected = example["expected"][
        "schulze_ranking" if method is schulze else "ranked_pairs_ranking"
    ]
    assert result.elected == expected[:3]
    assert result.seats == 3


@pytest.mark.parametrize("method", [schulze, ranked_pairs])
def test_withdrawn_candidate_is_left_out_of_matrix_and_ranking(method):
    example = case("tennessee_capital")
    profile = replace(profile_of(example), withdrawn=frozenset({1}))  # Nashville
    result = method(profile)
    assert all("Nashville" not in group for group in result.ranking)
    assert result.pairwise[1] == [0, 0, 0, 0]
    assert [row[1] for row in result.pairwise] == [0, 0, 0, 0]
    # Without Nashville, Chattanooga beats Knoxville 83-17 and Memphis 58-42.
    assert result.elected == ["Chattanooga"]


def test_unranked_candidates_are_tied_last_and_groups_are_ties():
    profile = Profile.from_names(["A", "B", "C"], [(["A"], 2), ([["B", "C"]], 1)])
    d = pairwise_matrix(profile)
    assert d.tolist() == [[0, 2, 2], [1, 0, 0], [1, 0, 0]]


def test_ranked_pairs_rejects_an_unknown_strength():
    profile = Profile.from_names(["A", "B"], [(["A"], 1)])
    with pytest.raises(ValueError, match="strength"):
        ranked_pairs(profile, strength="ratio")
