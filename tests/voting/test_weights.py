"""Sharing a unit's votes among its delegates present (minutebook/voting/weights.py)."""

import pytest

from minutebook.voting.weights import Split, share_votes, weighted_choices


@pytest.mark.parametrize(
    ("votes", "delegates", "split", "expected"),
    [
        (7, "abc", Split.EQUAL, {"a": 3, "b": 2, "c": 2}),
        (7, "abc", Split.FIRST, {"a": 5, "b": 1, "c": 1}),
        (6, "abc", Split.EQUAL, {"a": 2, "b": 2, "c": 2}),
        (4, "a", Split.EQUAL, {"a": 4}),  # one delegate carries the whole unit
        (4, "a", Split.FIRST, {"a": 4}),
        (3, "abc", Split.FIRST, {"a": 1, "b": 1, "c": 1}),  # all sent, none carried
        (2, "abc", Split.EQUAL, {"a": 1, "b": 1, "c": 0}),  # more present than votes
        (0, "ab", Split.FIRST, {"a": 0, "b": 0}),
        (5, "", Split.EQUAL, {}),  # nobody present: the unit's votes are not cast
    ],
)
def test_share_votes(votes, delegates, split, expected):
    shared = share_votes(votes, list(delegates), split)
    assert shared == expected
    assert sum(shared.values()) == (votes if delegates else 0)


def test_nothing_is_lost_or_made():
    for votes in range(0, 30):
        for count in range(1, 8):
            for split in Split:
                shared = share_votes(votes, list(range(count)), split)
                assert sum(shared.values()) == votes


def test_bad_input():
    with pytest.raises(ValueError, match="fewer than no votes"):
        share_votes(-1, ["a"], Split.EQUAL)
    with pytest.raises(ValueError, match="listed twice"):
        share_votes(3, ["a", "a"], Split.EQUAL)


def test_weighted_choices():
    assert weighted_choices([("for", 3), ("against", 2), ("for", 1), ("abstain", 4)]) == {
        "for": 4,
        "against": 2,
        "abstain": 4,
    }
