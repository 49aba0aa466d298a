"""Published STV examples (textbook/examples.json): the Wikipedia food election, the OpaVote
example and the Wikipedia CPO-STV example counted as ordinary STV, under all three rules."""

from __future__ import annotations

import json
from functools import partial

import pytest

from minutebook.voting.formats import read_ballot_file
from minutebook.voting.stv import meek_stv, scottish_stv, wigm_stv
from tests.voting.stv_reference import DATA

TEXTBOOK = DATA / "textbook"
EXAMPLES = json.loads((TEXTBOOK / "examples.json").read_text(encoding="utf-8"))
RULES = {
    "scottish": scottish_stv,
    "meek": meek_stv,
    "wigm": wigm_stv,
    "wigm-batch": partial(wigm_stv, batch_defeat=True),
}
CASES = {
    "stv_wikipedia_food": "elected",
    "stv_opavote_example": "elected",
    "stv_wikipedia_cpo_example": "plain_stv_elected(droop scotland/meek-prf/wigm-prf/meek)",
}


@pytest.mark.parametrize("rule", RULES)
@pytest.mark.parametrize("case", CASES)
def test_published_examples(case, rule):
    example = EXAMPLES[case]
    profile = read_ballot_file(TEXTBOOK / example["blt"])
    assert profile.seats == example["seats"]
    result = RULES[rule](profile, seed=1)
    assert set(result.elected) == set(example["expected"][CASES[case]])


def test_the_food_election_step_by_step():
    """Wikipedia's narrative: Chocolate has 12 of 20 votes against a quota of 6; its surplus of
    6 moves on at half value, 4 votes to Strawberry and 2 to Sweets (Bonbon here). Pear is
    excluded and its 2 votes elect Orange; Sweets is excluded and Strawberry takes the last seat."""
    result = scottish_stv(read_ballot_file(TEXTBOOK / "wikipedia-stv-food-3seats.blt"))
    first, surplus, pear, sweets = result.rounds
    assert first.quota == 6
    assert first.elected == ["Chocolate"]
    assert surplus.transfers == {"Chocolate": -6, "Strawberry": 4, "Bonbon": 2}
    assert (pear.excluded, pear.elected, pear.transfers["Orange"]) == (["Pear"], ["Orange"], 2)
    assert (sweets.excluded, sweets.elected) == (["Bonbon"], ["Strawberry"])
