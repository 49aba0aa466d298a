"""Thresholds as constitutions write them: each form at its boundary, one vote either side.

Every expected number below is worked out by hand from the rule's words, not read from the
code: "three-quarters of 112 votes cast" is 84 because 112 × 3/4 = 84 exactly."""

import json

import pytest

from minutebook.voting.motions import decide
from minutebook.voting.thresholds import ThresholdError, parse_threshold, threshold_words


def text(rule: dict) -> str:
    return parse_threshold(rule).text


# Any fraction of any basis


def test_three_quarters_of_votes_cast_a_70_30_vote_fails():
    special = text({"at_least": "3/4", "of": "cast"})
    assert not decide(special, yes=70, no=30).adopted  # 75 needed of 100
    assert decide(special, yes=75, no=25).adopted
    assert not decide(special, yes=74, no=26).adopted


def test_75_percent_is_the_same_rule_as_three_quarters_and_says_so_in_its_own_words():
    outcome = decide(text({"at_least": "75%", "of": "cast"}), yes=80, no=32)
    # 75 % of 112 = 84
    assert not outcome.adopted and outcome.required == 84 and outcome.basis == 112
    assert "75 %" in outcome.explanation and "at least 84 yes" in outcome.explanation
    assert decide(text({"at_least": "75%", "of": "cast"}), yes=84, no=28).adopted


def test_sixty_percent_with_a_fraction_that_is_not_whole():
    rule = text({"at_least": "60%", "of": "cast"})
    # 60 % of 37 = 22.2, so 23 are needed
    assert decide(rule, yes=23, no=14).adopted
    assert not decide(rule, yes=22, no=15).adopted
    assert parse_threshold({"at_least": 0.6, "of": "cast"}).text == rule


def test_55_percent_of_the_members_present():
    rule = text({"at_least": "55%", "of": "present"})
    # 55 % of 40 present = 22
    assert decide(rule, yes=22, no=5, abstain=13, present=40).adopted
    assert not decide(rule, yes=21, no=5, abstain=14, present=40).adopted


def test_more_than_half_of_the_entire_membership():
    rule = text({"more_than": "1/2", "of": "entire"})
    # of 30 seats filled: more than 15 → 16
    assert decide(rule, yes=16, no=0, present=16, entire=30).adopted
    assert not decide(rule, yes=15, no=0, present=29, entire=30).adopted


def test_abstentions_counted_in_the_votes_cast_work_as_no():
    counted = text({"more_than": "1/2", "of": "cast", "abstentions": "counted"})
    # 10 for, 8 against, 3 abstaining: 21 cast when abstentions count, more than 10.5 → 11
    assert not decide(counted, yes=10, no=8, abstain=3).adopted
    assert decide("majority_cast", yes=10, no=8, abstain=3).adopted  # 18 cast → 10
    assert decide(counted, yes=11, no=8, abstain=2).adopted


def test_blank_ballots_count_with_abstentions_when_counted():
    counted = text({"at_least": "2/3", "of": "cast", "abstentions": "counted"})
    # 20 for, 5 against, 5 blank: 30 cast → 20 needed, met exactly; one more blank: 31 → 21
    assert decide(counted, yes=20, no=5, blank=5).adopted
    assert not decide(counted, yes=20, no=5, blank=6).adopted


# Several conditions at once


def test_two_thirds_present_and_voting_and_a_majority_of_all_council_members():
    rule = text({"all": [{"at_least": "2/3", "of": "cast"}, {"more_than": "1/2", "of": "entire"}]})
    # council of 40: more than 20 → 21 for; 2/3 of the votes cast
    assert decide(rule, yes=21, no=10, present=31, entire=40).adopted  # 2/3 of 31 → 21
    assert not decide(rule, yes=20, no=0, present=25, entire=40).adopted  # 20 is not > 20
    assert not decide(rule, yes=21, no=11, present=32, entire=40).adopted  # 2/3 of 32 → 22


def test_at_least_100_voting_and_75_percent_agreeing():
    rule = text({"all": [{"turnout_at_least": 100}, {"at_least": "75%", "of": "cast"}]})
    assert decide(rule, yes=75, no=25).adopted  # 100 took part, 75 of 100
    assert not decide(rule, yes=74, no=25).adopted  # 99 took part
    assert not decide(rule, yes=74, no=26).adopted  # 74 of 100 < 75
    # abstentions take part: 90 for, 5 against, 5 abstaining is a turnout of 100
    assert decide(rule, yes=90, no=5, abstain=5).adopted


def test_at_least_67_members_vote_in_favour():
    rule = text({"votes_for_at_least": 67})
    assert decide(rule, yes=67, no=100).adopted
    assert not decide(rule, yes=66, no=0).adopted


def test_a_margin_of_three_percent_of_the_whole_membership():
    rule = text({"margin_at_least": "3%", "of": "entire"})
    # 3 % of 2,000 members = 60: 560 to 500 is a margin of 60
    assert decide(rule, yes=560, no=500, entire=2000).adopted
    assert not decide(rule, yes=559, no=500, entire=2000).adopted
    # 3 % of 334 = 10.02 → 11
    assert not decide(rule, yes=60, no=50, entire=334).adopted
    assert decide(rule, yes=61, no=50, entire=334).adopted


def test_a_turnout_share_of_the_membership():
    rule = text({"all": [{"turnout_at_least": "20%", "of": "entire"}, "majority_cast"]})
    # 20 % of 498 = 99.6 → 100 taking part
    assert decide(rule, yes=60, no=30, abstain=10, entire=498).adopted
    assert not decide(rule, yes=60, no=30, abstain=9, entire=498).adopted


def test_any_of_two_ways_to_adopt():
    rule = text({"any": [{"at_least": "2/3", "of": "cast"}, {"more_than": "1/2", "of": "entire"}]})
    assert decide(rule, yes=16, no=10, present=26, entire=30).adopted  # 16 > 15 of 30
    assert decide(rule, yes=14, no=7, present=21, entire=30).adopted  # 14 of 21 = 2/3
    assert not decide(rule, yes=13, no=7, present=20, entire=30).adopted


def test_consensus_and_consensus_minus_one():
    assert decide("consensus", yes=6, no=0, abstain=3).adopted
    assert not decide("consensus", yes=60, no=1).adopted
    minus_one = text({"against_at_most": 1})
    assert decide(minus_one, yes=60, no=1).adopted
    assert not decide(minus_one, yes=60, no=2).adopted


def test_no_form_adopts_without_a_vote_for():
    for rule in ("consensus", text({"turnout_at_least": 1}), text({"against_at_most": 0})):
        outcome = decide(rule, yes=0, no=0, abstain=5, present=5, entire=5)
        assert not outcome.adopted
    assert "at least one vote for" in decide("consensus", yes=0, no=0, abstain=5).explanation


def test_the_explanation_names_each_condition_with_its_numbers():
    rule = text({"all": [{"at_least": "75%", "of": "cast"}, {"turnout_at_least": 100}]})
    outcome = decide(rule, yes=80, no=32)
    assert not outcome.adopted
    assert "75 % of the 112 votes cast = 84 needed; 80 for — not met" in outcome.explanation
    assert "at least 100 taking part: 112 took part — met" in outcome.explanation
    assert [result.met for result in outcome.conditions] == [False, True]


# Reading


def test_canonical_text_reads_back_as_the_same_rule():
    data = {"all": [{"of": "cast", "at_least": "3/4"}, {"turnout_at_least": 100}]}
    parsed = parse_threshold(data)
    assert json.loads(parsed.text) == data
    assert parse_threshold(parsed.text) == parsed
    assert parse_threshold("two_thirds_cast").text == "two_thirds_cast"


@pytest.mark.parametrize(
    ("written", "path", "words"),
    [
        ({"at_least": 2, "of": "cast"}, ("at_least",), "for a number of votes"),
        ({"more_than": 1, "of": "cast"}, ("more_than",), "can never be reached"),
        ({"at_least": "5/4", "of": "cast"}, ("at_least",), "at most 1"),
        ({"at_least": "3/4"}, (), "needs 'of'"),
        ({"at_least": "3/4", "of": "voters"}, ("of",), "unknown basis"),
        ({"at_least": "3/4", "of": "cast", "quorum": 3}, ("quorum",), "unknown key"),
        ({"all": []}, ("all",), "non-empty list"),
        ({"all": [{"turnout_at_least": "10%", "of": "cast"}]}, ("all", 0, "of"), "turnout"),
        ({"at_least": "1/2", "more_than": "1/2", "of": "cast"}, (), "exactly one"),
        ({"at_least": "2/3", "of": "present", "abstentions": "counted"}, ("abstentions",), "cast"),
        ({"votes_for_at_least": 0}, ("votes_for_at_least",), "at least 1"),
    ],
)
def test_a_malformed_threshold_says_what_and_where(written, path, words):
    with pytest.raises(ThresholdError) as raised:
        parse_threshold(written)
    assert raised.value.path == path
    assert words in raised.value.message


def test_an_unknown_name_is_answered_with_what_it_means_not_a_name_spelt_alike():
    with pytest.raises(ThresholdError) as raised:
        parse_threshold("two_thirds_present")
    assert "two_thirds_entire" not in raised.value.message
    assert "{at_least: 2/3, of: present}" in raised.value.message


def test_a_misspelt_name_is_suggested():
    with pytest.raises(ThresholdError) as raised:
        parse_threshold("majority_cats")
    assert raised.value.message.endswith("did you mean 'majority_cast'?")
    with pytest.raises(ThresholdError) as raised:
        parse_threshold("majority_presnt")
    assert "majority_present" in raised.value.message


def test_words_for_an_expression():
    rule = text({"all": [{"at_least": "3/4", "of": "cast"}, {"turnout_at_least": 100}]})
    assert threshold_words(rule) == (
        "all of: at least three-quarters of the votes cast (abstentions do not count); "
        "at least 100 taking part"
    )


def test_a_turnout_or_margin_of_the_membership_is_not_worded_as_votes_for():
    assert threshold_words(text({"turnout_at_least": "20%", "of": "entire"})) == (
        "a turnout of at least 20 % of the entire membership"
    )
    assert "abstentions" not in threshold_words(text({"margin_at_least": "3%", "of": "entire"}))


def test_a_minimum_of_votes_cast_leaves_abstentions_out():
    """ "At least 100 members vote and 75 % of those voting agree", where an abstention is no
    vote: 75 for, 24 against and 1 abstaining is 99 votes cast."""
    rule = text({"all": [{"cast_at_least": 100}, {"at_least": "75%", "of": "cast"}]})
    assert not decide(rule, yes=75, no=24, abstain=1).adopted
    assert decide(rule, yes=75, no=25, abstain=1).adopted
    counted = text({"cast_at_least": 100, "abstentions": "counted"})
    assert decide(counted, yes=75, no=24, abstain=1).adopted
    assert (
        "at least 100 votes cast: 99 cast — not met"
        in decide(rule, yes=75, no=24, abstain=1).explanation
    )


# Conditions on those present (attending), not on the vote


CONSENSUS_IF_67_ATTEND = {
    "any": [
        {"all": ["consensus", {"present_at_least": 67}]},
        {"all": ["two_thirds_cast", {"present_fewer_than": 67}]},
    ]
}


def test_consensus_if_at_least_67_attend_at_the_boundary():
    rule = text(CONSENSUS_IF_67_ATTEND)
    # 67 present, nobody against: consensus, and enough attend
    assert decide(rule, yes=60, no=0, abstain=7, present=67).adopted
    # 67 present, one against: no consensus; and two-thirds does not apply with 67 present
    assert not decide(rule, yes=66, no=1, present=67).adopted
    # 66 present, nobody against: too few attend for consensus; 66 of 66 cast is two-thirds
    assert decide(rule, yes=66, no=0, present=66).adopted


def test_otherwise_two_thirds_when_fewer_than_67_attend():
    rule = text(CONSENSUS_IF_67_ATTEND)
    # 66 present, all voting: two-thirds of 66 = 44
    assert decide(rule, yes=44, no=22, present=66).adopted
    assert not decide(rule, yes=43, no=23, present=66).adopted


def test_present_at_least_counts_those_attending_not_those_voting():
    rule = text({"all": ["consensus", {"present_at_least": 67}]})
    # 67 attend, only 10 vote: the attendance is met
    assert decide(rule, yes=10, no=0, present=67).adopted
    assert not decide(rule, yes=10, no=0, present=66).adopted


def test_present_as_a_share_of_the_membership():
    rule = text({"all": ["majority_cast", {"present_at_least": "1/3", "of": "entire"}]})
    # a third of 100 is 33⅓: 34 must attend
    assert decide(rule, yes=20, no=14, present=34, entire=100).adopted
    assert not decide(rule, yes=20, no=13, present=33, entire=100).adopted
    fewer = text({"present_fewer_than": "1/3", "of": "entire"})
    # of 99, a third is exactly 33: fewer than 33 → 32 at most
    assert decide(fewer, yes=1, no=0, present=32, entire=99).adopted
    assert not decide(fewer, yes=1, no=0, present=33, entire=99).adopted


def test_a_condition_on_those_present_needs_the_number_present():
    with pytest.raises(ValueError, match="present="):
        decide(text({"present_at_least": 67}), yes=70, no=0)


def test_the_explanation_says_how_many_attended():
    outcome = decide(text(CONSENSUS_IF_67_ATTEND), yes=60, no=1, present=66)
    assert "at least 67 members present: 66 present — not met" in outcome.explanation
    assert "fewer than 67 members present: 66 present — met" in outcome.explanation
    # 2/3 of 61 cast = 40.67 → 41
    assert "= 41 needed; 60 for — met" in outcome.explanation
    assert outcome.adopted
    assert threshold_words(text(CONSENSUS_IF_67_ATTEND)) == (
        "any of: (all of: no vote against; at least 67 members present); "
        "(all of: at least two-thirds of the votes cast (abstentions do not count); "
        "fewer than 67 members present)"
    )


def test_the_attendance_conditions_read_back_as_written():
    rule = parse_threshold(CONSENSUS_IF_67_ATTEND)
    assert parse_threshold(rule.text).text == rule.text
    assert json.loads(rule.text)["any"][1]["all"][1] == {"present_fewer_than": 67}


@pytest.mark.parametrize(
    "written, path, words",
    [
        ({"present_at_least": "1/3", "of": "cast"}, ("of",), "of the entire membership"),
        ({"present_at_least": "1/3", "of": "present"}, ("of",), "of the entire membership"),
        ({"present_at_least": "1/3"}, (), "needs 'of' (entire)"),
        ({"present_at_least": 0}, ("present_at_least",), "at least 1"),
        (
            {"all": [{"present_at_least": 67}, {"present_fewer_than": 67}]},
            ("all",),
            "contradictory",
        ),
        (
            {"all": [{"votes_for_at_least": 75}, {"present_fewer_than": 60}]},
            ("all",),
            "contradictory",
        ),
    ],
)
def test_an_impossible_attendance_condition_is_refused(written, path, words):
    with pytest.raises(ThresholdError) as raised:
        parse_threshold(written)
    assert raised.value.path == path
    assert words in raised.value.message


def test_attendance_bounds_that_can_hold_together_are_accepted():
    # at least 60 and fewer than 61: exactly 60 may attend
    parse_threshold({"all": [{"present_at_least": 60}, {"present_fewer_than": 61}]})
    # in different alternatives they never meet
    parse_threshold(CONSENSUS_IF_67_ATTEND)
