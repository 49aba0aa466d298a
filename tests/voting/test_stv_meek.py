"""The PRF reference Meek rule on small cases that can be followed by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from minutebook.voting.formats import read_ballot_file
from minutebook.voting.profile import Profile
from minutebook.voting.stv import meek_stv
from tests.voting.stv_reference import DATA


def test_keep_factors_settle_on_the_quota():
    """droop's 42.blt: 4 ballots Castor > Pollux, 2 Helen, 2 seats; quota 6/3 + 0.000000001.
    Castor is elected, then keeps 2.000000001 / 4 of each ballot, rounded up: 0.500000001, so
    Castor has 2.000000004 and Pollux 1.999999996, below Helen's 2: Pollux is defeated."""
    result = meek_stv(read_ballot_file(DATA / "droop" / "blt" / "42.blt"))
    first, elect, defeat = result.rounds
    assert first.quota == Decimal("2.000000001")
    assert elect.elected == ["Castor"]
    assert defeat.keep_factors["Castor"] == Decimal("0.500000001")
    assert defeat.votes == {
        "Castor": Decimal("2.000000004"),
        "Pollux": Decimal("1.999999996"),
        "Helen": Decimal("2.000000000"),
    }
    assert defeat.excluded == ["Pollux"]
    assert result.elected == ["Castor", "Helen"]


def test_the_quota_falls_as_ballots_are_exhausted():
    """Votes that can go nowhere once an elected candidate keeps less leave the count, and
    B.2.b recomputes the quota from the votes still in it."""
    profile = Profile.from_names(
        "ABCD", [(["A"], 6), (["A", "B"], 2), (["B"], 3), (["C"], 2), (["D"], 1)], seats=2
    )
    result = meek_stv(profile)
    last = result.rounds[-1]
    assert last.exhausted > 0
    assert last.quota < result.rounds[0].quota
    in_play = sum(last.votes.values())
    assert last.quota == (in_play / 3).quantize(Decimal("1E-9"), "ROUND_DOWN") + Decimal("1E-9")


def test_candidates_within_the_surplus_of_the_lowest_are_tied():
    """B.3: in M135, C13 and C16 do not have equal votes, but the gap is within the total
    surplus, so the defeat between them is a draw (recorded, and replayed by its seed)."""
    profile = read_ballot_file(DATA / "droop" / "blt" / "M135.blt")
    result = meek_stv(profile, seed=4)
    assert len(result.ties_broken) == 1
    assert result.ties_broken[0].startswith("defeat: C13, C16 tied;")
    assert meek_stv(profile, seed=4).to_json() == result.to_json()


def test_equal_rankings_are_refused():
    with pytest.raises(ValueError, match="strict rankings"):
        meek_stv(read_ballot_file(DATA / "droop" / "blt" / "meek" / "eq1.blt"))
