"""`unspecified`: a value the constitution leaves open (notice days, seat counts, quorum) is
read as None, never checked against, and described as not fixed by the charter."""

import pytest

from minutebook.charter.describe import body_rules
from minutebook.charter.loader import load_charter
from minutebook.charter.spec import SeatMethod, SeatRule
from tests.charter.charters import line_of, the_problem, variant
from tests.conftest import DATA
from tests.factories import open_charter

SMALL = (DATA / "small-charter.yaml").read_text()


def test_each_open_value_is_read_as_none():
    charter = load_charter(open_charter(SMALL))

    council = charter.body("council")
    assert council.quorum is None
    assert council.notice.meeting_days is None
    assert council.notice.documents_days is None
    assert council.notice.emergency_allowed is True
    assert council.notice.emergency_meeting_days is None
    bureau = charter.body("bureau")
    assert bureau.seats == (
        SeatRule(SeatMethod.ELECTED, count=None, by_body="council", term_months=12),
    )
    assert bureau.seats[0].count_unspecified
    assert bureau.fixed_seat_count is None
    assert charter.fixed_seats("bureau") is None
    # Values that are given stay as they were.
    assert charter.body("assembly").notice.meeting_days == 14
    assert charter.fixed_seats("assembly") == 6


def test_ex_officio_seats_have_no_count_but_it_is_not_left_open():
    rule = SeatRule(SeatMethod.EX_OFFICIO, of_body="assembly")
    assert rule.count is None and not rule.count_unspecified


def test_an_emergency_notice_is_not_compared_with_an_ordinary_notice_left_open():
    text = variant(
        (
            "      meeting_days: 7\n      documents_days: 3\n      emergency: {allowed: true, meeting_days: 1,",
            "      meeting_days: unspecified\n      documents_days: 3\n      emergency: {allowed: true, meeting_days: 30,",
        )
    )

    assert load_charter(text).body("board").notice.emergency_meeting_days == 30


def test_a_quorum_is_not_compared_with_seats_whose_number_is_open():
    """Board: quorum 3, six elected seats and an ex officio one. With a quorum of 20 and the
    elected seats' number open, there is nothing to compare with."""
    text = variant(
        ("    quorum: 3\n", "    quorum: 20\n"),
        ("{by_body: assembly, count: 6,", "{by_body: assembly, count: unspecified,"),
        ("      - ex_officio: {of_body: assembly, office: chair}\n", ""),
    )

    assert load_charter(text).body("board").quorum.at_least == 20


def test_with_every_count_fixed_the_same_quorum_is_impossible():
    """The control for the test above: the check is there when the number is given."""
    text = variant(
        ("    quorum: 3\n", "    quorum: 20\n"),
        ("      - ex_officio: {of_body: assembly, office: chair}\n", ""),
    )

    problem = the_problem(text)

    assert problem.message == "impossible quorum: 20 present, but the body has only 6 seats"


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ("    quorum: majority\n", "    quorum: unspecifed\n", "bodies[0].quorum"),
        (
            "      meeting_days: 14\n",
            "      meeting_days: unspeciifed\n",
            "bodies[0].notice.meeting_days",
        ),
        ("count: 6,", "count: Unspecified,", "bodies[1].seats[0].elected.count"),
    ],
)
def test_a_typo_of_unspecified_is_named(old, new, path):
    text = variant((old, new))
    written = new.split(": ")[-1].rstrip(",\n")

    problem = the_problem(text)

    assert (problem.line, problem.path) == (line_of(text, written), path)
    assert problem.message == f"unknown value '{written}'; did you mean 'unspecified'?"


def test_unspecified_is_not_allowed_where_the_value_is_always_fixed():
    text = variant(
        ("branch, count: 3, term_months: 12}", "branch, count: 3, term_months: unspecified}")
    )

    problem = the_problem(text)

    assert problem.path == "bodies[0].seats[0].elected.term_months"
    assert problem.message == "expected a whole number (a term in months), got 'unspecified'"


def test_the_rules_in_words_say_what_is_not_fixed():
    charter = load_charter(open_charter(SMALL))

    council = body_rules(charter, charter.body("council"))
    assert council.quorum == "not fixed by the charter"
    assert council.notice == (
        "meetings called with notice not fixed by the charter, documents sent with notice not "
        "fixed by the charter; an emergency meeting may be called with notice not fixed by the "
        "charter, declared by the Council"
    )
    bureau = body_rules(charter, charter.body("bureau"))
    assert bureau.seats == (
        "seats (their number not fixed by the charter) elected by the Council, for 1 year",
    )
