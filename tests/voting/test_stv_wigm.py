"""The PRF reference WIGM rule on small cases that can be followed by hand."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from minutebook.voting.formats import read_ballot_file
from minutebook.voting.stv import wigm_stv
from tests.voting.stv_reference import DATA


def test_each_multiplication_and_division_is_truncated():
    """droop's 42.blt: quota 6/3 + 0.0001 = 2.0001. Castor's surplus 1.9999 leaves each of the
    four ballots at 1 x 1.9999 = 1.9999, / 4 = 0.4999 (truncated), so Pollux gets 1.9996 and
    0.0003 is lost; Pollux is then below Helen's 2 and is defeated."""
    result = wigm_stv(read_ballot_file(DATA / "droop" / "blt" / "42.blt"))
    first, surplus, defeat = result.rounds
    assert first.quota == Decimal("2.0001")
    assert surplus.elected == ["Castor"]
    assert surplus.votes["Pollux"] == Decimal("1.9996")
    assert surplus.loss == Decimal("0.0003")
    assert defeat.excluded == ["Pollux"]
    assert result.elected == ["Castor", "Helen"]


def test_batch_defeat_removes_all_sure_losers_at_once():
    """B.2 in the GPUS 2005 election: after the two surpluses, seven candidates whose votes
    together, with the surpluses still pending, stay below the next candidate go at once."""
    profile = read_ballot_file(DATA / "droop" / "blt" / "SC.blt")
    batch = wigm_stv(profile, seed=1, batch_defeat=True)
    assert batch.method == "wigm-stv-batch"
    assert batch.rounds[3].excluded == [
        "Kirit Mookerjee",
        "Michael Piacsek",
        "Write-In 2",
        "Jason Jones",
        "Write-In 1",
        "Steve Greenfield",
        "Jimmy Leas",
    ]
    single = wigm_stv(dataclasses.replace(profile, tie_order=tuple(range(13))[::-1]))
    assert set(single.elected) == set(batch.elected)
    assert len(single.rounds) > len(batch.rounds)


def test_surplus_ties_go_by_the_tie_order_or_by_lot():
    """SC-Vm-12: A and B both have 1001 votes. With the file's order as tie order A goes first;
    without one the choice is drawn and recorded."""
    profile = read_ballot_file(DATA / "droop" / "blt" / "SC-Vm-12.blt")
    ordered = wigm_stv(dataclasses.replace(profile, tie_order=(0, 1, 2, 3, 4)))
    assert ordered.rounds[1].action == "transfer surplus of A"
    drawn = wigm_stv(profile, seed=2)
    assert drawn.ties_broken[0].startswith("largest surplus: A, B tied;")
    assert "chosen by lot (seed 2)" in drawn.ties_broken[0]
