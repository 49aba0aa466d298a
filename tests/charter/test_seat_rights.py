"""Seats with voice but no vote, ranges of seats, the quorum as constitutions write it,
proxies with conditions and attendees with voice: read from the charter, checked, and counted
by `Quorum.required` (minutebook/charter/seat_rights.py)."""

from fractions import Fraction
from pathlib import Path

import pytest

from minutebook.charter.describe import body_rules
from minutebook.charter.loader import load_charter
from minutebook.charter.spec import ProxyDirections, ProxyHolders, Quorum, QuorumBand
from tests.charter.charters import line_of, the_problem, variant

SMALL = (Path(__file__).parents[1] / "data" / "small-charter.yaml").read_text()

COUNCIL_SEATS = "      - elected: {by_body: assembly, count: 5, term_months: 12}\n"
COUNCIL_QUORUM = '    quorum: "1/2"\n'


def council_variant(*changes):
    return variant(*changes, text=SMALL)


# Seats with voice but no vote, and ranges of seats


def test_a_seat_rule_may_give_voice_without_a_vote():
    text = council_variant(
        (
            COUNCIL_SEATS,
            COUNCIL_SEATS + "      - ex_officio: {of_body: assembly, office: secretary, "
            "voting: false}\n",
        )
    )
    council = load_charter(text).body("council")
    assert [rule.voting for rule in council.seats] == [True, False]
    assert council.has_non_voting_seats
    words = body_rules(load_charter(text), council).seats[1]
    assert words.endswith("with voice but no vote")


def test_every_seat_without_a_vote_is_refused():
    text = council_variant(
        (COUNCIL_SEATS, "      - elected: {by_body: assembly, count: 5, voting: false}\n")
    )
    problem = the_problem(text)
    assert problem.message == "every seat is without a vote: nobody could decide"


def test_a_range_of_seats_keeps_the_most_as_the_count():
    text = council_variant(
        (COUNCIL_SEATS, "      - elected: {by_body: assembly, count: {min: 3, max: 5}}\n")
    )
    charter = load_charter(text)
    rule = charter.body("council").seats[0]
    assert (rule.count_min, rule.count) == (3, 5)
    assert charter.fixed_seats("council") == 5  # the most the body can have
    assert body_rules(charter, charter.body("council")).seats[0].startswith("3 to 5 seats")


def test_a_range_without_a_most_leaves_the_number_open():
    text = council_variant(
        (COUNCIL_SEATS, "      - appointed: {by_body: assembly, count: {min: 3}}\n")
    )
    rule = load_charter(text).body("council").seats[0]
    assert (rule.count_min, rule.count, rule.count_unspecified) == (3, None, True)


def test_a_range_whose_fewest_exceed_its_most_is_refused():
    text = council_variant(
        (COUNCIL_SEATS, "      - elected: {by_body: assembly, count: {min: 6, max: 5}}\n")
    )
    problem = the_problem(text)
    assert problem.line == line_of(text, "count: {min: 6, max: 5}")
    assert problem.message == "the fewest seats (6) are more than the most (5)"


def test_a_whole_number_quorum_above_the_most_seats_of_a_range_is_impossible():
    text = council_variant(
        (COUNCIL_SEATS, "      - elected: {by_body: assembly, count: {min: 3, max: 5}}\n"),
        (COUNCIL_QUORUM, "    quorum: 6\n"),
    )
    assert (
        the_problem(text).message == "impossible quorum: 6 present, but the body has only 5 seats"
    )
    # Four is more than the fewest seats but within the most: it can be reached.
    load_charter(
        council_variant(
            (COUNCIL_SEATS, "      - elected: {by_body: assembly, count: {min: 3, max: 5}}\n"),
            (COUNCIL_QUORUM, "    quorum: 4\n"),
        )
    )


def test_seats_without_a_vote_do_not_make_a_quorum_reachable():
    """Five voting seats and three without a vote: a quorum of six can never be met by
    voting seats."""
    text = council_variant(
        (
            COUNCIL_SEATS,
            COUNCIL_SEATS + "      - appointed: {by_body: assembly, count: 3, voting: false}\n",
        ),
        (COUNCIL_QUORUM, "    quorum: 6\n"),
    )
    assert (
        the_problem(text).message == "impossible quorum: 6 present, but the body has only 5 seats"
    )


# The quorum's forms


def test_a_quorum_with_a_floor_bands_and_exclusions_is_read():
    text = council_variant(
        (
            COUNCIL_QUORUM,
            "    quorum:\n"
            "      rule: majority\n"
            "      not_fewer_than: 5\n"
            "      bands: [{unit_members_below: 20, rule: 4}]\n"
            "      excluding_offices: [secretary]\n"
            "      none_for: [emergency]\n",
        )
    )
    quorum = load_charter(text).body("council").quorum
    assert quorum == Quorum(
        fraction=Fraction(1, 2),
        more_than=True,
        not_fewer_than=5,
        bands=(QuorumBand(20, Quorum(at_least=4)),),
        excluding_offices=("secretary",),
        none_for=("emergency",),
    )


@pytest.mark.parametrize(
    ("filled", "required"),
    [
        (7, 5),  # a majority of 7 is 4: the floor of five applies
        (8, 5),  # a majority of 8 is 5
        (9, 5),  # a majority of 9 is 5
        (10, 6),  # a majority of 10 is 6: above the floor
    ],
)
def test_a_majority_but_not_fewer_than_five(filled, required):
    quorum = Quorum(fraction=Fraction(1, 2), more_than=True, not_fewer_than=5)
    assert quorum.required(filled) == required


@pytest.mark.parametrize(("members", "required"), [(19, 4), (20, 6), (None, 6)])
def test_six_or_four_in_a_branch_of_fewer_than_20_members(members, required):
    quorum = Quorum(at_least=6, bands=(QuorumBand(20, Quorum(at_least=4)),))
    assert quorum.required(12, unit_members=members) == required


def test_bands_apply_the_smallest_band_above_the_size():
    quorum = Quorum(
        at_least=8,
        bands=(QuorumBand(10, Quorum(at_least=3)), QuorumBand(50, Quorum(at_least=5))),
    )
    assert [quorum.required(20, size) for size in (9, 10, 49, 50)] == [3, 5, 5, 8]
    assert quorum.describe(49) == "at least 5 present (the unit has 49 members)"


def test_the_quorum_in_words():
    quorum = Quorum(
        fraction=Fraction(1, 2),
        more_than=True,
        not_fewer_than=5,
        excluding_offices=("paid-secretary",),
        none_for=("election-deliberation",),
    )
    assert quorum.describe() == (
        "more than half of the filled seats present, but not fewer than 5; the paid secretary "
        "not counted; none at election deliberation meetings"
    )


@pytest.mark.parametrize(
    ("quorum", "message"),
    [
        (
            "{rule: majority, excluding_offices: [treasurer]}",
            "unknown office of this body 'treasurer'",
        ),
        (
            "{rule: majority, none_for: [annual]}",
            "unknown meeting kind 'annual': a body's kinds are 'emergency' and those in its "
            "'meeting_kinds'",
        ),
        (
            "{rule: majority, bands: [{unit_members_below: 20, rule: 4}, "
            "{unit_members_below: 20, rule: 3}]}",
            "two bands for units below 20 members",
        ),
        ("{not_fewer_than: 5}", "missing required key 'rule'"),
    ],
)
def test_a_quorum_naming_what_is_not_there_is_refused(quorum, message):
    text = council_variant((COUNCIL_QUORUM, f"    quorum: {quorum}\n"))
    assert the_problem(text).message.startswith(message)


def test_a_meeting_kind_the_body_names_may_need_no_quorum():
    text = council_variant(
        (
            COUNCIL_QUORUM,
            "    quorum: {rule: majority, none_for: [election-deliberation]}\n"
            "    meeting_kinds: [election-deliberation]\n",
        )
    )
    council = load_charter(text).body("council")
    assert council.meeting_kinds == ("election-deliberation",)
    assert council.quorum.none_for == ("election-deliberation",)


def test_a_floor_above_the_seats_is_an_impossible_quorum():
    text = council_variant((COUNCIL_QUORUM, "    quorum: {rule: majority, not_fewer_than: 6}\n"))
    assert (
        the_problem(text).message == "impossible quorum: 6 present, but the body has only 5 seats"
    )


# Proxies with conditions, attendees with voice


def test_proxies_with_conditions_are_read_and_allow_proxies():
    text = council_variant(
        (
            COUNCIL_QUORUM,
            COUNCIL_QUORUM + "    proxies: {held_by: seat_holders, per_year: 2, "
            "not_for: [member.suspend], directions: forbidden}\n",
        )
    )
    council = load_charter(text).body("council")
    assert council.proxies_allowed
    rules = council.proxy_rules
    assert (rules.held_by, rules.per_year, rules.not_for, rules.directions) == (
        ProxyHolders.SEAT_HOLDERS,
        2,
        ("member.suspend",),
        ProxyDirections.FORBIDDEN,
    )
    assert body_rules(load_charter(text), council).proxies == (
        "allowed: carried only by another voting seat holder; one proxy per member at a time; "
        "for at most 2 meetings a year per seat holder; not in votes on member.suspend; a "
        "proxy may not be directed how to vote"
    )


def test_proxies_true_has_no_conditions():
    assembly = load_charter(SMALL).body("assembly")
    assert assembly.proxies_allowed and assembly.proxy_rules is None


@pytest.mark.parametrize(
    ("proxies", "message"),
    [
        ("{not_for: [procedural]}", "unknown decision type 'procedural'"),
        ("{held_by: anyone}", "unknown proxy holder 'anyone'"),
        ("{per_year: 0}", "a number of meetings a year must be at least 1, got 0"),
    ],
)
def test_proxy_conditions_that_cannot_hold_are_refused(proxies, message):
    text = council_variant((COUNCIL_QUORUM, COUNCIL_QUORUM + f"    proxies: {proxies}\n"))
    assert the_problem(text).message.startswith(message)


def test_attendees_with_voice_are_read_and_checked():
    text = council_variant(
        (
            COUNCIL_QUORUM,
            COUNCIL_QUORUM + "    attendees_with_voice: [unit_members, {seats_of: bureau, "
            "office: secretary}]\n",
        )
    )
    charter = load_charter(text)
    council = charter.body("council")
    assert [(r.unit_members, r.seats_of, r.office) for r in council.attendees_with_voice] == [
        (True, None, None),
        (False, "bureau", "secretary"),
    ]
    assert body_rules(charter, council).voice == (
        "every member of the unit, the secretary of the Bureau, with voice but no vote"
    )
    wrong = council_variant(
        (COUNCIL_QUORUM, COUNCIL_QUORUM + "    attendees_with_voice: [{seats_of: burea}]\n")
    )
    assert the_problem(wrong).message == "unknown body 'burea'; did you mean 'bureau'?"


# The real constitutions in examples/charters


EXAMPLES = Path(__file__).parents[2] / "examples" / "charters"


def test_the_examples_encode_their_seat_rights():
    from minutebook.charter.loader import load_charter_file

    awu = load_charter_file(EXAMPLES / "alphabet-workers-union" / "charter.yaml")
    assert [r.seats_of for r in awu.body("assembly").attendees_with_voice] == ["executive-council"]
    committee = awu.body("finance-audit-committee").seats[0]
    assert (committee.count_min, committee.count) == (3, None)

    greens = load_charter_file(EXAMPLES / "australian-greens-victoria" / "charter.yaml")
    council = greens.body("state-council")
    assert council.quorum.required(7) == 5 and council.quorum.required(10) == 6
    assert council.proxy_rules.not_for == ("procedural",)
    assert council.proxy_rules.directions == ProxyDirections.FORBIDDEN
    branch = greens.body("branch-meeting").quorum
    assert [branch.required(30, size) for size in (14, 15)] == [4, 6]
    assert branch.none_for == ("election-deliberation",)
