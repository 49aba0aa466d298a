"""Notice in hours on a body, and a decision type's own notice, as the charter file says them."""

import datetime as dt

from minutebook.charter.loader import load_charter
from tests.charter.charters import MINIMAL, line_of, problems_of, the_problem, variant

BOARD_NOTICE = "      meeting_days: 7\n      documents_days: 3\n      emergency:"
EXPEL = "    appeal_to: board\n"


def test_a_body_notice_in_hours():
    text = variant(
        (
            BOARD_NOTICE,
            "      meeting_hours: 12\n      documents_hours: 6\n      emergency:",
        ),
        (
            "emergency: {allowed: true, meeting_days: 1,",
            "emergency: {allowed: true, meeting_hours: 2,",
        ),
    )
    notice = load_charter(text).body("board").notice
    assert (notice.meeting_days, notice.meeting_hours) == (None, 12)
    assert notice.period("meeting").delta == dt.timedelta(hours=12)
    assert notice.period("documents").words() == "6 hours"
    assert notice.period("emergency").notice_words() == "2 hours' notice"
    assert notice.emergency_meeting_days is None


def test_days_and_hours_for_one_period_are_a_problem():
    text = variant(
        (
            BOARD_NOTICE,
            "      meeting_days: 7\n      meeting_hours: 12\n"
            "      documents_days: 3\n      emergency:",
        )
    )
    problem = the_problem(text)
    assert problem.line == line_of(text, "meeting_hours: 12")
    assert "in days ('meeting_days') or in hours ('meeting_hours'), not both" in problem.message


def test_a_period_in_neither_unit_is_missing():
    text = variant((BOARD_NOTICE, "      documents_days: 3\n      emergency:"))
    assert the_problem(text).message == (
        "missing required key 'meeting_days' (or 'meeting_hours' for a notice counted in hours)"
    )


def test_an_emergency_in_hours_longer_than_the_ordinary_notice_in_days_is_a_problem():
    # 7 days is 168 hours: 169 is longer, 168 is not.
    longer = variant(
        (
            "emergency: {allowed: true, meeting_days: 1,",
            "emergency: {allowed: true, meeting_hours: 169,",
        )
    )
    assert "emergency notice (169 hours) is longer than ordinary notice (7 days)" in (
        the_problem(longer).message
    )
    load_charter(longer.replace("meeting_hours: 169", "meeting_hours: 168"))


def test_a_decision_types_own_notice_implies_notice_required():
    days = load_charter(variant((EXPEL, EXPEL + "    notice: {days: 14}\n")))
    spec = days.decision_type("member.expel")
    assert spec.notice_required and spec.notice.days == 14
    assert spec.notice.notice_words() == "14 days' notice"
    hours = load_charter(variant((EXPEL, EXPEL + "    notice: {hours: 48}\n")))
    assert hours.decision_type("member.expel").notice.delta == dt.timedelta(hours=48)
    assert load_charter(MINIMAL).decision_type("member.expel").notice is None


def test_a_malformed_type_notice_is_reported():
    both = variant((EXPEL, EXPEL + "    notice: {days: 14, hours: 2}\n"))
    assert the_problem(both).message == "give the notice in days or in hours, not both"
    empty = variant((EXPEL, EXPEL + "    notice: {}\n"))
    assert "needs 'days' or 'hours'" in the_problem(empty).message
    zero = variant((EXPEL, EXPEL + "    notice: {days: 0}\n"))
    assert "at least 1" in the_problem(zero).message
    contradiction = variant((EXPEL, EXPEL + "    notice: {days: 14}\n    notice_required: false\n"))
    assert "contradicts the type's own 'notice'" in the_problem(contradiction).message


def test_every_problem_of_the_notice_is_reported_on_its_own_line():
    text = variant(
        (EXPEL, EXPEL + "    notice: {days: 14, hours: 2}\n"),
        (
            BOARD_NOTICE,
            "      meeting_days: 7\n      meeting_hours: 12\n"
            "      documents_days: 3\n      emergency:",
        ),
    )
    assert len(problems_of(text)) == 2


def test_a_decision_types_own_quorum_is_read_and_checked():
    # member.expel is taken by the district committee: 5 seats in each district
    text = variant((EXPEL, EXPEL + "    quorum: 5\n"))
    assert load_charter(text).decision_type("member.expel").quorum.at_least == 5
    third = load_charter(variant((EXPEL, EXPEL + "    quorum: 1/3\n")))
    assert third.decision_type("member.expel").quorum.required(6) == 2
    assert load_charter(MINIMAL).decision_type("member.expel").quorum is None
    problem = the_problem(variant((EXPEL, EXPEL + "    quorum: 6\n")))
    assert problem.message == (
        "impossible quorum: 6 present, but 'district-committee', which takes this type, has at "
        "most 5 seats"
    )
    assert "malformed quorum" in the_problem(variant((EXPEL, EXPEL + "    quorum: most\n"))).message
