"""Approval with k seats; a ranked ballot approves every candidate it ranks."""

from dataclasses import replace

from minutebook.voting.approval import approval
from minutebook.voting.profile import Profile


def test_approval_ballots_elect_the_most_approved():
    profile = Profile.from_names(
        ["A", "B", "C"], [([["A", "B"]], 4), ([["B", "C"]], 3), ([["C"]], 2)]
    )
    result = approval(profile)
    assert result.rounds[0].votes == {"A": 4, "B": 7, "C": 5}
    assert result.elected == ["B"]


def test_a_ranked_ballot_approves_all_it_ranks_whatever_the_order():
    profile = Profile.from_names(["A", "B", "C", "D"], [(["A", "B", "C"], 2), (["D", "C"], 3)])
    result = approval(profile, seats=2)
    assert result.rounds[0].votes == {"A": 2, "B": 2, "C": 5, "D": 3}
    assert result.elected == ["C", "D"]


def test_k_seats_tie_at_the_last_seat_is_drawn_with_the_seed():
    profile = Profile.from_names(["A", "B", "C"], [([["A", "B"]], 2), ([["A", "C"]], 2)])
    first = approval(profile, seats=2, seed=11)
    assert first.elected[0] == "A"
    assert first.elected == approval(profile, seats=2, seed=11).elected
    assert first.tie_seed == 11 and first.ties_broken
    assert {approval(profile, seats=2, seed=s).elected[1] for s in range(30)} == {"B", "C"}


def test_withdrawn_candidates_and_blank_ballots():
    profile = replace(
        Profile.from_names(["A", "B", "C"], [([["A"]], 5), ([["B", "C"]], 2), ([], 1)]),
        withdrawn=frozenset({0}),
    )
    result = approval(profile)
    assert result.rounds[0].votes == {"B": 2, "C": 2}
    assert result.rounds[0].exhausted == 6  # five approved only A, withdrawn; one blank
    assert result.elected in (["B"], ["C"])
