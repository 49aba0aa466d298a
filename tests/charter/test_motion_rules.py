"""A decision type's `readings:` and a body's `motions:` (deadline, late admission, limit per
unit): read, and every wrong value reported where it is."""

import pytest

from minutebook.charter.loader import load_charter
from minutebook.charter.spec import MotionRules, Readings
from tests.charter.charters import the_problem, variant

READINGS = (
    "    appeal_to: board\n",
    "    appeal_to: board\n    readings: {count: 2, days_between: 14}\n",
)
MOTIONS = (
    "    visibility: members\n    articles: [art-1]\n",
    "    visibility: members\n    articles: [art-1]\n"
    "    motions: {deadline_days: 7, late_admission: two_thirds_cast, per_unit_limit: 3}\n",
)


def test_readings_and_motion_rules_are_read():
    charter = load_charter(variant(READINGS, MOTIONS))

    assert charter.decision_type("member.expel").readings == Readings(count=2, days_between=14)
    assert charter.body("assembly").motions == MotionRules(
        deadline_days=7, late_admission="two_thirds_cast", per_unit_limit=3
    )


def test_without_the_keys_there_are_no_readings_and_no_rules():
    charter = load_charter(variant())

    assert charter.decision_type("member.expel").readings is None
    assert charter.body("assembly").motions == MotionRules()


def test_days_between_readings_default_to_zero():
    text = variant(("    appeal_to: board\n", "    appeal_to: board\n    readings: {count: 3}\n"))

    assert load_charter(text).decision_type("member.expel").readings == Readings(3, 0)


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            ("count: 2, days_between: 14", "count: 1"),
            "decision_types[2].readings.count",
            "a number of readings must be at least 2, got 1",
        ),
        (
            ("count: 2, days_between: 14", "days_between: 14"),
            "decision_types[2].readings",
            "missing required key 'count'",
        ),
        (
            ("days_between: 14", "days_between: -1"),
            "decision_types[2].readings.days_between",
            "a number of days between readings must be at least 0, got -1",
        ),
        (
            ("deadline_days: 7, ", ""),
            "bodies[0].motions.late_admission",
            "'late_admission' says how a late motion may still be admitted: give the "
            "'deadline_days' after which a motion is late",
        ),
        (
            ("per_unit_limit: 3", "per_unit_limit: 0"),
            "bodies[0].motions.per_unit_limit",
            "a number of motions must be at least 1, got 0",
        ),
        (
            ("deadline_days: 7", "deadline_days: 0"),
            "bodies[0].motions.deadline_days",
            "a number of days before the meeting must be at least 1, got 0",
        ),
    ],
)
def test_a_wrong_value_is_reported_where_it_is(change, path, message):
    problem = the_problem(variant(change, text=variant(READINGS, MOTIONS)))

    assert (problem.path, problem.message) == (path, message)


def test_an_unknown_threshold_for_late_admission_is_reported_there():
    problem = the_problem(
        variant(("two_thirds_cast, per", "two_thirds_forever, per"), text=variant(MOTIONS))
    )

    assert problem.path == "bodies[0].motions.late_admission"


def test_an_unknown_key_in_the_rules_on_motions_is_named():
    problem = the_problem(
        variant(("per_unit_limit: 3", "per_branch_limit: 3"), text=variant(MOTIONS))
    )

    assert problem.message.startswith("unknown key 'per_branch_limit'")


def test_readings_or_adoption_at_one_meeting_by_a_threshold():
    text = variant(
        (
            "    appeal_to: board\n",
            "    appeal_to: board\n    readings: {count: 2, or_at_one_meeting: two_thirds_cast}\n",
        )
    )
    readings = load_charter(text).decision_type("member.expel").readings
    assert readings == Readings(count=2, days_between=0, or_at_one_meeting="two_thirds_cast")
    expression = text.replace("two_thirds_cast}", "{at_least: 3/4, of: cast}}")
    assert load_charter(expression).decision_type("member.expel").readings.or_at_one_meeting == (
        '{"at_least":"3/4","of":"cast"}'
    )
    problem = the_problem(
        text.replace("or_at_one_meeting: two_thirds_cast", "or_at_one_meeting: two_thirds")
    )
    assert problem.path == "decision_types[2].readings.or_at_one_meeting"
