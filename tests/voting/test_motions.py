"""Motions against the thresholds of Robert's Rules of Order (12th ed., §44)."""

import pytest

from minutebook.voting.motions import MotionOutcome, Threshold, decide
from tests.voting.textbook import case

RONR = {c["name"]: c for c in case("roberts_rules_motion_thresholds")["cases"]}


def test_ronr_ballot_with_blanks_and_illegal_votes_needs_41_of_81():
    c = RONR["ballot vote with blanks and illegal votes"]
    # 85 ballots returned: 4 blank (ignored), 10 illegal (counted in the votes cast).
    legal_cast = c["ballots_returned"] - c["blank"] - c["illegal"]  # 71 yes or no
    needed = c["majority_needed"]
    just_enough = decide(
        Threshold.MAJORITY_CAST,
        yes=needed,
        no=legal_cast - needed,
        blank=c["blank"],
        illegal=c["illegal"],
        present=c["entitled_present"],
    )
    assert just_enough.basis == c["votes_cast_for_threshold"] == 81
    assert just_enough.required == needed == 41
    assert just_enough.adopted
    one_short = decide(
        "majority_cast", yes=needed - 1, no=legal_cast - needed + 1, blank=4, illegal=10
    )
    assert not one_short.adopted and one_short.required == 41


def test_ronr_majority_of_1000_is_501_not_510():
    c = RONR["1000 votes cast"]
    outcome = decide(Threshold.MAJORITY_CAST, yes=501, no=499)
    assert outcome.required == c["majority_needed"] == 501
    assert outcome.adopted
    assert not decide(Threshold.MAJORITY_CAST, yes=500, no=500).adopted


def test_ronr_tie_fails():
    c = RONR["tie"]
    outcome = decide(Threshold(c["basis"].replace("_of_votes", "")), yes=c["yes"], no=c["no"])
    assert outcome.adopted is c["adopted"] is False
    assert outcome.required == 14
    assert "tie fails" in outcome.explanation


@pytest.mark.parametrize("name", ["two-thirds boundary", "two-thirds just short"])
def test_ronr_two_thirds_boundary(name):
    c = RONR[name]
    outcome = decide(Threshold.TWO_THIRDS_CAST, yes=c["yes"], no=c["no"])
    assert outcome.adopted is c["adopted"]


def test_two_thirds_exactly_met_passes_and_one_short_fails():
    assert decide("two_thirds_cast", yes=20, no=10).required == 20
    assert decide("two_thirds_cast", yes=2, no=1).adopted
    assert not decide("two_thirds_cast", yes=199, no=100).adopted  # 199/299 < 2/3
    assert decide("two_thirds_cast", yes=200, no=100).adopted


def test_three_fifths_of_votes_cast():
    assert decide("three_fifths_cast", yes=6, no=4).adopted  # exactly 3/5
    outcome = decide("three_fifths_cast", yes=5, no=4)  # 5/9 < 3/5
    assert not outcome.adopted and outcome.required == 6 and outcome.basis == 9


def test_abstentions_do_not_count_against_votes_cast_thresholds():
    outcome = decide("majority_cast", yes=3, no=2, abstain=40, blank=5, present=50)
    assert outcome.adopted and outcome.basis == 5 and outcome.required == 3


def test_abstentions_work_as_no_under_members_present():
    outcome = decide("majority_present", yes=3, no=2, abstain=40, blank=5, present=50)
    assert not outcome.adopted
    assert outcome.basis == 50 and outcome.required == 26
    assert decide("majority_present", yes=26, no=0, abstain=24, present=50).adopted
    assert not decide("majority_present", yes=25, no=0, abstain=25, present=50).adopted


def test_entire_membership_counts_absentees_as_no():
    assert not decide("majority_entire", yes=30, no=0, present=30, entire=100).adopted
    outcome = decide("majority_entire", yes=51, no=0, entire=100)
    assert outcome.adopted and outcome.required == 51 and outcome.basis == 100
    assert decide("two_thirds_entire", yes=67, no=3, entire=100).adopted
    assert not decide("two_thirds_entire", yes=66, no=3, entire=100).adopted
    assert decide("two_thirds_entire", yes=66, no=3, entire=99).adopted


def test_unanimity_of_votes_cast():
    assert decide("unanimous", yes=12, no=0, abstain=3).adopted
    assert not decide("unanimous", yes=12, no=1).adopted
    assert decide("unanimous", yes=12, no=1).required == 13


def test_nobody_voting_yes_never_adopts():
    for threshold in Threshold:
        outcome = decide(threshold, yes=0, no=0, abstain=5, present=5, entire=10)
        assert not outcome.adopted
        assert outcome.required >= 1


def test_outcome_is_a_frozen_record_with_a_plain_english_explanation():
    outcome = decide("majority_cast", yes=41, no=40)
    assert isinstance(outcome, MotionOutcome)
    with pytest.raises(AttributeError):
        outcome.adopted = False  # type: ignore[misc]
    assert outcome.explanation.startswith("Adopted: 41 yes, 40 no.")
    assert "at least 41 yes" in outcome.explanation


def test_threshold_values():
    assert [t.value for t in Threshold] == [
        "majority_cast",
        "two_thirds_cast",
        "three_fifths_cast",
        "majority_present",
        "majority_entire",
        "two_thirds_entire",
        "unanimous",
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"threshold": "majority_present", "yes": 1, "no": 0}, "needs present="),
        ({"threshold": "majority_entire", "yes": 1, "no": 0}, "needs entire="),
        ({"threshold": "two_thirds_entire", "yes": 1, "no": 0, "present": 3}, "needs entire="),
        ({"threshold": "majority_cast", "yes": -1, "no": 0}, "negative"),
        ({"threshold": "majority_cast", "yes": 1, "no": 0, "abstain": -2}, "negative"),
        ({"threshold": "majority_cast", "yes": 5, "no": 5, "present": 9}, "only 9 members present"),
        ({"threshold": "majority_entire", "yes": 5, "no": 5, "entire": 9}, "only 9 members in all"),
        (
            {"threshold": "majority_entire", "yes": 1, "no": 0, "present": 12, "entire": 10},
            "12 members present",
        ),
        ({"threshold": "majority", "yes": 1, "no": 0}, "unknown threshold"),
        ({"threshold": "majority_cast", "yes": 1.5, "no": 0}, "whole number"),
    ],
)
def test_inconsistent_or_missing_counts_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        decide(kwargs.pop("threshold"), **kwargs)
