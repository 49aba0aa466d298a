"""Plurality with k seats: first preferences, the top k elected, ties by lot with a seed."""

from dataclasses import replace

import pytest

from minutebook.voting.plurality import plurality
from minutebook.voting.profile import Profile
from tests.voting.textbook import case, profile_of


def test_wikipedia_45_voters_elects_c_on_first_preferences():
    example = case("wikipedia_schulze_45_voters")
    result = plurality(profile_of(example))
    assert result.elected == [example["expected"]["plurality_winner"]]
    assert result.rounds[0].votes == example["expected"]["first_preferences"]


def test_tennessee_elects_memphis():
    example = case("tennessee_capital")
    assert plurality(profile_of(example)).elected == [example["expected"]["plurality_winner"]]


def test_k_seats_elects_the_k_largest_in_order():
    profile = Profile.from_names(
        ["A", "B", "C", "D"], [(["A"], 5), (["B", "A"], 9), (["C"], 7), (["D"], 1)]
    )
    result = plurality(profile, seats=3)
    assert result.elected == ["B", "C", "A"]
    assert result.seats == 3
    assert len(result.rounds) == 1


def test_profile_seats_are_the_default():
    profile = Profile.from_names(["A", "B", "C"], [(["A"], 3), (["B"], 2), (["C"], 1)], seats=2)
    assert plurality(profile).elected == ["A", "B"]


def test_tie_for_the_last_seat_is_drawn_by_lot_and_reproducible():
    profile = Profile.from_names(["A", "B", "C"], [(["A"], 4), (["B"], 2), (["C"], 2)])
    first = plurality(profile, seats=2, seed=7)
    again = plurality(profile, seats=2, seed=7)
    assert first.elected[0] == "A"
    assert first.elected == again.elected
    assert first.tie_seed == 7
    assert len(first.ties_broken) == 1 and "seed 7" in first.ties_broken[0]
    outcomes = {plurality(profile, seats=2, seed=s).elected[1] for s in range(30)}
    assert outcomes == {"B", "C"}


def test_a_tie_that_decides_nothing_draws_no_lot():
    profile = Profile.from_names(["A", "B", "C"], [(["A"], 2), (["B"], 2), (["C"], 1)])
    result = plurality(profile, seats=2, seed=1)
    assert result.elected == ["A", "B"]
    assert result.ties_broken == []


def test_tie_order_of_the_file_is_used_before_lot():
    profile = replace(
        Profile.from_names(["A", "B", "C"], [(["A"], 2), (["B"], 2), (["C"], 1)]),
        tie_order=(1, 0, 2),
    )
    for seed in range(5):
        assert plurality(profile, seed=seed).elected == ["B"]


def test_withdrawn_candidate_is_skipped_to_the_next_preference():
    profile = replace(
        Profile.from_names(["A", "B", "C"], [(["A", "C"], 5), (["B"], 4), (["C"], 2)]),
        withdrawn=frozenset({0}),
    )
    result = plurality(profile)
    assert result.elected == ["C"]
    assert "A" not in result.rounds[0].votes
    assert result.rounds[0].votes == {"B": 4, "C": 7}


def test_overvotes_and_blank_ballots_are_not_counted():
    profile = Profile.from_names(["A", "B"], [([["A", "B"]], 5), (["B"], 2), ([], 1), (["A"], 1)])
    result = plurality(profile)
    assert result.rounds[0].votes == {"A": 1, "B": 2}
    assert result.rounds[0].exhausted == 6
    assert result.elected == ["B"]


@pytest.mark.parametrize("seats", [0, -1, 4])
def test_impossible_seat_numbers_are_refused(seats):
    profile = Profile.from_names(["A", "B", "C"], [(["A"], 1)])
    with pytest.raises(ValueError, match="seat"):
        plurality(profile, seats=seats)


def test_no_ballots_at_all_is_a_tie_of_everyone_drawn_by_lot():
    result = plurality(Profile(("A", "B", "C"), ()), seed=4)
    assert result.rounds[0].votes == {"A": 0, "B": 0, "C": 0}
    assert len(result.elected) == 1 and result.ties_broken
