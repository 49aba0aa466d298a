"""Suggestions ("did you mean ...?") only for a name near in meaning: word by word, a typo
within a word, never another word of the vocabulary (a different, maybe stricter rule)."""

import pytest

from minutebook.charter.drafts import near_in_meaning, spelling_suggestion, suggestion
from tests.charter.charters import the_problem, variant

THRESHOLDS = (
    "majority_cast",
    "two_thirds_cast",
    "three_fifths_cast",
    "majority_present",
    "majority_entire",
    "two_thirds_entire",
    "unanimous",
)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("majority_cats", "majority_cast"),  # two letters swapped
        ("majority_presnt", "majority_present"),  # a letter dropped
        ("majorty_cast", "majority_cast"),
        ("two_third_cast", "two_thirds_cast"),
        ("two_thirds_entrie", "two_thirds_entire"),
        ("majority-cast", "majority_cast"),  # another separator
        ("twothirds_cast", "two_thirds_cast"),  # a separator missing
        ("Majority_Cast", "majority_cast"),
        ("unanimously", "unanimous"),
    ],
)
def test_a_typo_within_a_word_suggests_the_name(written, meant):
    assert near_in_meaning(written, THRESHOLDS) == meant


@pytest.mark.parametrize(
    "written",
    [
        "two_thirds_present",  # 'present' is a word of its own: a different rule
        "three_fifths_present",
        "three_fifths_entire",
        "majority_cast_entire",  # a word more
        "two_thirds",  # a word less: which base?
        "simple_majority",
        "majority_of_cast",
    ],
)
def test_another_word_of_the_vocabulary_is_never_taken_for_a_typo(written):
    assert near_in_meaning(written, THRESHOLDS) is None


def test_values_of_one_word():
    assert near_in_meaning("estat", ["estate", "branch", "district"]) == "estate"
    assert near_in_meaning("member", ["members", "unit", "body"]) == "members"
    assert near_in_meaning("units", ["members", "unit", "body"]) == "unit"
    # 'body' and 'unit' are both visibilities; neither is a typo of the other.
    assert near_in_meaning("body", ["members", "unit"]) is None
    # Too far from any one word.
    assert near_in_meaning("everyone", ["members", "unit", "body"]) is None


def test_seat_methods_and_offices():
    methods = ["elected", "appointed", "ex_officio", "all_members"]
    assert near_in_meaning("ex_oficio", methods) == "ex_officio"
    assert near_in_meaning("all_member", methods) == "all_members"
    offices = ["chair", "vice-chair", "secretary"]
    assert near_in_meaning("vice_chiar", offices) == "vice-chair"
    # 'chair' is a word of the vocabulary; 'secretary-chair' is not 'vice-chair'.
    assert near_in_meaning("secretary-chair", offices) is None


def test_the_phrase_and_the_spelling_suggestion_for_keys():
    assert suggestion("majority_cats", THRESHOLDS) == "; did you mean 'majority_cast'?"
    assert suggestion("two_thirds_present", THRESHOLDS) == ""
    # Keys keep plain spelling suggestions: a typo of a key can only mean that key.
    assert spelling_suggestion("quorm", ["quorum", "notice"]) == "; did you mean 'quorum'?"


def test_the_loader_suggests_a_visibility_near_in_meaning():
    problem = the_problem(variant(("    visibility: body\n", "    visibility: bdy\n")))

    assert problem.message == "unknown visibility 'bdy'; did you mean 'body'?"


def test_a_number_in_a_name_is_never_taken_for_a_typo():
    from minutebook.names import near_in_meaning

    assert near_in_meaning("art-9", ["art-1", "art-2"]) is None
    assert near_in_meaning("atr-2", ["art-1", "art-2"]) == "art-2"
