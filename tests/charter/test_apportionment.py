"""Apportioned seats in the charter: the formula's seats at every boundary, its words, and the
problems the loader reports with their lines (minutebook/charter/apportionment.py)."""

import pytest

from minutebook.charter.apportionment import Apportionment, Band, Rounding
from minutebook.charter.describe import seat_rule_words
from minutebook.charter.loader import load_charter
from tests.charter.charters import DEMO_PATH, line_of, problems_of, the_problem, variant

# "Branches of 10 to 19 members send one delegate, one more for each further 40 members or part
# of that, none under 10, at most 4."
BANDS = Apportionment(
    bands=(Band(10, 19, 1),), further_every=40, further_seats=1, part_counts=True, at_most=4
)


@pytest.mark.parametrize(
    ("members", "seats"),
    [
        (0, 0),
        (9, 0),  # none under 10
        (10, 1),
        (19, 1),
        (20, 2),  # 1 further member: a part of 40 counts
        (59, 2),  # 40 further
        (60, 3),  # 41 further: a second step begun
        (99, 3),
        (100, 4),
        (139, 4),
        (140, 4),  # would be 5: at most 4
        (1000, 4),
    ],
)
def test_bands_with_further_steps_and_a_cap(members, seats):
    assert BANDS.seats_for(members) == seats


@pytest.mark.parametrize(("members", "seats"), [(19, 1), (20, 1), (58, 1), (59, 2), (60, 2)])
def test_only_whole_further_steps_count_when_a_part_does_not(members, seats):
    whole = Apportionment(bands=(Band(10, 19, 1),), further_every=40, part_counts=False)
    assert whole.seats_for(members) == seats


def test_several_bands_and_an_open_last_band():
    bands = Apportionment(bands=(Band(5, 29, 1), Band(30, 99, 2), Band(100, None, 3)))
    assert [bands.seats_for(n) for n in (4, 5, 29, 30, 99, 100, 5000)] == [0, 1, 1, 2, 2, 3, 3]


@pytest.mark.parametrize(
    ("rounding", "expected"),
    [
        # members:         1  49 50 51 74 75 99 100
        (Rounding.UP, [1, 1, 1, 2, 2, 2, 2, 2]),
        (Rounding.DOWN, [0, 0, 1, 1, 1, 1, 1, 2]),
        (Rounding.NEAREST, [0, 1, 1, 1, 1, 2, 2, 2]),
    ],
)
def test_one_per_n_members_rounded(rounding, expected):
    formula = Apportionment(one_per=50, rounding=rounding)
    assert [formula.seats_for(n) for n in (1, 49, 50, 51, 74, 75, 99, 100)] == expected


def test_one_per_n_with_a_minimum_size_and_bounds():
    formula = Apportionment(
        one_per=50, rounding=Rounding.DOWN, none_below=10, at_least=1, at_most=3
    )
    # under 10: none, even with `at_least`; 10 to 99: one (at least); 100: 2; 200: 3 at most
    assert [formula.seats_for(n) for n in (0, 9, 10, 99, 100, 149, 150, 200, 400)] == [
        0, 0, 1, 1, 2, 2, 3, 3, 3,
    ]  # fmt: skip


def test_the_formula_in_words():
    assert BANDS.words() == (
        "none from a unit of fewer than 10 members; 10 to 19 members: 1 seat; one more for each "
        "further 40 members or part of that; at most 4 seats for a unit"
    )
    assert Apportionment(one_per=50, rounding=Rounding.DOWN).words() == (
        "one seat for every 50 members (a remainder not counting)"
    )


DEMO = DEMO_PATH.read_text(encoding="utf-8")
CONGRESS_SEATS = "          apportioned: {one_per: 5, rounding: up, none_below: 10, at_most: 8}\n"


def _demo_with(formula: str) -> str:
    """The demo charter with the Congress's apportionment replaced by `formula`."""
    return variant((CONGRESS_SEATS, formula), text=DEMO)


def test_the_demo_congress_is_apportioned():
    congress = load_charter(DEMO).body("congress")
    rule = congress.seats[0]
    assert rule.count is None and not rule.count_unspecified
    # one for every five or part of that, none under ten, at most eight
    assert [rule.apportionment.seats_for(n) for n in (9, 10, 25, 26, 40, 41)] == [0, 2, 5, 6, 8, 8]
    assert "in proportion to the members in good standing" in seat_rule_words(
        load_charter(DEMO), rule
    )


def test_bands_with_a_gap_are_reported_on_the_band():
    text = _demo_with(
        "          apportioned:\n"
        "            bands:\n"
        "              - {from: 10, to: 19, seats: 1}\n"
        "              - {from: 21, to: 60, seats: 2}\n"
    )
    problem = the_problem(text)
    assert problem.line == line_of(text, "{from: 21, to: 60")
    assert "starts at 20, not 21" in problem.message


def test_both_forms_at_once_are_refused():
    text = _demo_with(
        "          apportioned:\n"
        "            bands: [{from: 10, to: 19, seats: 1}]\n"
        "            one_per: 40\n"
    )
    assert "exactly one of 'bands'" in the_problem(text).message


def test_a_count_beside_a_formula_and_a_missing_kind_are_each_reported():
    text = variant(
        (
            "          by_members_of_each: branch\n",
            "          by_members_of: national\n          count: 5\n",
        ),
        text=DEMO,
    )
    problems = problems_of(text)
    messages = [p.message for p in problems]
    assert any("have no fixed 'count'" in m for m in messages)
    assert any("give 'by_members_of_each'" in m for m in messages)
    assert len(problems) == 2


def test_neither_count_nor_formula_is_missing_count():
    text = _demo_with("")
    problem = the_problem(text)
    assert "missing required key 'count' (or an 'apportioned' formula)" in problem.message


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("          apportioned: {one_per: 0}\n", "must be at least 1"),
        (
            "          apportioned: {one_per: 50, rounding: sideways}\n",
            "unknown rounding 'sideways'",
        ),
        (
            "          apportioned: {one_per: 50, at_least: 3, at_most: 2}\n",
            "at most 2 seats is fewer",
        ),
        (
            "          apportioned: {one_per: 50, further: {every: 40}}\n",
            "'further' goes with 'bands'",
        ),
        (
            "          apportioned: {bands: [{from: 10, seats: 1}], further: {every: 40}}\n",
            "give the last band its 'to'",
        ),
        (
            "          apportioned: {bands: [{from: 10, to: 19, seats: 1}], none_below: 5}\n",
            "'none_below' goes with 'one_per'",
        ),
        ("          apportioned: {bands: [{from: 20, to: 10, seats: 1}]}\n", "is empty"),
        ("          apportioned: {per: 50}\n", "unknown key 'per'"),
    ],
)
def test_malformed_formulas(formula, message):
    problems = problems_of(_demo_with(formula))
    assert any(message in p.message for p in problems), "\n".join(map(str, problems))


# Weighted votes: a body's `vote_weights:`.

CONGRESS_VISIBILITY = "    visibility: members\n    speaking_limit_seconds: 180\n    articles: [art-4, art-10, art-11]\n"


def _weights(line: str, text: str = DEMO) -> str:
    return variant((CONGRESS_VISIBILITY, CONGRESS_VISIBILITY + line), text=text)


def test_vote_weights_are_read_and_worded():
    congress = load_charter(_weights("    vote_weights: {carry: members, split: first}\n")).body(
        "congress"
    )
    assert (congress.vote_weights.carry, congress.vote_weights.split) == ("members", "first")
    assert "one vote for each of its members counted at the census" in congress.vote_weights.words()
    assert load_charter(DEMO).body("congress").vote_weights is None


def test_weights_need_delegates_of_units():
    text = DEMO.replace(
        "    notice:\n      meeting_days: 14\n      documents_days: 7\n      emergency: {allowed: true, meeting_days: 2, declared_by: [standing-committee]}\n    visibility: members\n",
        "    notice:\n      meeting_days: 14\n      documents_days: 7\n      emergency: {allowed: true, meeting_days: 2, declared_by: [standing-committee]}\n    visibility: members\n    vote_weights: {carry: seats}\n",
        1,
    )
    assert text != DEMO
    problem = the_problem(text)
    assert "needs elected seats 'by_members_of_each'" in problem.message
    assert problem.line == line_of(text, "vote_weights: {carry: seats}")


def test_one_vote_per_member_goes_with_fixed_seats_too():
    """The census counts the members whose votes the delegates carry, whether or not it also
    fixes the seats."""
    text = _weights(
        "    vote_weights: {carry: members}\n",
        text=variant(
            (CONGRESS_SEATS, ""),
            (
                "          term_months: 24\n      - ex_officio",
                "          count: 5\n          term_months: 24\n      - ex_officio",
            ),
            text=DEMO,
        ),
    )
    congress = load_charter(text).body("congress")
    assert congress.seats[0].count == 5 and congress.vote_weights.carry == "members"


def test_an_unknown_split_is_reported():
    problem = the_problem(_weights("    vote_weights: {carry: seats, split: halves}\n"))
    assert "unknown split 'halves'" in problem.message


def test_the_awu_assembly_weighs_votes_by_chapter_members_and_counts_delegates_for_quorum():
    """Articles 8 §3(b), (g) and 8 §5(a) (examples/charters/alphabet-workers-union)."""
    path = (
        DEMO_PATH.parents[2] / "examples" / "charters" / "alphabet-workers-union" / "charter.yaml"
    )
    weights = load_charter(path.read_text(encoding="utf-8")).body("assembly").vote_weights
    assert (weights.carry, weights.split, weights.quorum_in_votes) == ("members", "equal", False)


def test_fixed_seats_count_a_fixed_rule_once_per_unit_but_not_an_apportioned_one():
    """What the demo's Congress had before it was apportioned: five per branch, 8 branches."""
    fixed = variant(
        (CONGRESS_SEATS, ""),
        (
            "          term_months: 24\n      - ex_officio",
            "          count: 5\n          term_months: 24\n      - ex_officio",
        ),
        text=DEMO,
    )
    assert load_charter(fixed).fixed_seats("congress") == 8 * 5
    assert load_charter(DEMO).fixed_seats("congress") is None
    assert load_charter(DEMO).body("congress").fixed_seat_count is None
