"""The NumPy form of the ballots that all three STV rules count from."""

from __future__ import annotations

import numpy as np

from minutebook.voting.profile import Ballot, Profile
from minutebook.voting.stv.papers import Papers
from minutebook.voting.stv.piles import Piles


def test_rankings_become_a_padded_matrix_without_withdrawn_or_empty_ballots():
    """C (index 2) is withdrawn: it is struck from every ranking and the rest move left; the
    ballot ranking only C, and the empty one, are not valid votes."""
    profile = Profile(
        ("A", "B", "C", "D"),
        (
            Ballot(((2,), (0,), (3,)), 3),
            Ballot(((1,),), 2),
            Ballot(((2,),), 5),
            Ballot((), 4),
            Ballot(((3,), (2,), (1,), (0,)), 1),
        ),
        withdrawn=frozenset({2}),
    )
    papers = Papers.from_profile(profile)
    pad = 4
    assert papers.rankings.tolist() == [
        [0, 3, pad, pad, pad],
        [1, pad, pad, pad, pad],
        [3, 1, 0, pad, pad],
    ]
    assert papers.counts.tolist() == [3, 2, 1]
    assert papers.total == 6


def test_revaluing_beyond_64_bits_stays_exact():
    """Values times a surplus of a billion ballots at five places overflow int64; those papers
    are revalued in Python integers and give the same truncated result."""
    papers = Papers(np.array([[0, 1]], dtype=np.int8), np.array([1], dtype=np.int64), 1)
    piles = Piles(papers, 10**5, np.array([True]))
    huge = 10**9 * 10**5 + 7
    piles.revalue(np.array([0]), huge, 3 * huge + 1)
    assert int(piles.value[0]) == 10**5 * huge // (3 * huge + 1)
