"""The procedure steps of issue 10's second part in the charter: the agreement and the veto of
units, the approval of an outside body, steps above an amount, and protection from
rescission; read as written, and every mistake reported where it is."""

from decimal import Decimal
from fractions import Fraction

import pytest

from minutebook.charter.loader import load_charter
from minutebook.charter.spec import (
    AmountCondition,
    AmountRule,
    Protection,
    StepKind,
    UnitsConcerned,
    UnitsNeeded,
)
from tests.charter.charters import problems_of, the_problem, variant

EXPEL = "    bodies: [district-committee]\n    threshold: two_thirds_cast\n"


def with_expel(lines: str, *changes) -> str:
    return variant((EXPEL, EXPEL + lines), *changes)


STEPS = with_expel(
    "    amount: {currency: EUR}\n"
    "    protected: {months: 12, except: two_thirds_cast}\n"
    "    procedure:\n"
    "      - recommend: {body: board, decision_type: minutes.approve, when: {amount_above: 10000}}\n"
    "      - units_agree: {body: branch-meeting, units: affected, needs: all, within_days: 60}\n"
    "      - units_agree: {body: branch-meeting, units: all, needs: majority}\n"
    "      - units_veto: {body: branch-meeting, units: all, needs: {at_least: 2/3}, within_days: 30}\n"
    '      - outside_approval: {by: "National Union Executive Board", within_days: 90}\n'
    "      - ratify: {body: board, when: {amount_at_least: 2500.50}}\n"
)


def test_the_new_steps_are_read_as_written():
    expel = load_charter(STEPS).decision_type("member.expel")

    recommend, agree_all, agree_majority, veto, outside, ratify = expel.procedure
    assert recommend.when == AmountCondition(Decimal("10000"), inclusive=False)
    assert (agree_all.kind, agree_all.body, agree_all.units, agree_all.within_days) == (
        StepKind.UNITS_AGREE,
        "branch-meeting",
        UnitsConcerned.AFFECTED,
        60,
    )
    assert agree_all.needs == UnitsNeeded(Fraction(1))
    assert agree_majority.needs == UnitsNeeded(Fraction(1, 2), more_than=True)
    assert (veto.kind, veto.needs) == (StepKind.UNITS_VETO, UnitsNeeded(Fraction(2, 3)))
    assert (outside.kind, outside.outside, outside.body) == (
        StepKind.OUTSIDE_APPROVAL,
        "National Union Executive Board",
        "",
    )
    assert ratify.when == AmountCondition(Decimal("2500.50"), inclusive=True)
    assert expel.amount == AmountRule("EUR")
    assert expel.protected == Protection(12, "two_thirds_cast")


@pytest.mark.parametrize(
    ("needs", "total", "needed"),
    [
        (UnitsNeeded(), 3, 3),
        (UnitsNeeded(Fraction(1, 2), more_than=True), 4, 3),  # more than 2
        (UnitsNeeded(Fraction(1, 2), more_than=True), 3, 2),
        (UnitsNeeded(Fraction(1, 2)), 4, 2),  # at least half
        (UnitsNeeded(Fraction(2, 3)), 7, 5),  # 14/3 = 4.67, so 5
        (UnitsNeeded(Fraction(2, 3)), 6, 4),
        (UnitsNeeded(Fraction(1, 10)), 3, 1),
        (UnitsNeeded(), 0, 0),
    ],
)
def test_how_many_units_are_needed_in_whole_units(needs, total, needed):
    assert needs.needed(total) == needed


@pytest.mark.parametrize(
    ("amount", "above", "at_least"),
    [
        (Decimal("9999.99"), False, False),
        (Decimal("10000"), False, True),
        (Decimal("10000.00"), False, True),
        (Decimal("10000.01"), True, True),
        (None, True, True),  # no amount on record: the step is taken
    ],
)
def test_a_step_applies_above_or_from_its_amount(amount, above, at_least):
    limit = Decimal("10000")
    assert AmountCondition(limit).applies(amount) is above
    assert AmountCondition(limit, inclusive=True).applies(amount) is at_least


def test_amount_plain_has_no_currency():
    text = variant(("    amount: {currency: EUR}\n", "    amount: plain\n"), text=STEPS)
    assert load_charter(text).decision_type("member.expel").amount == AmountRule("")


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            (
                "units_agree: {body: branch-meeting, units: affected,",
                "units_agree: {body: board, units: affected,",
            ),
            "decision_types[2].procedure[1].units_agree.body",
            "'board' is one body, not one in each unit: the units concerned agree or veto each "
            "through its own instance of a body defined with `per_unit_kind`",
        ),
        (
            ("units: all, needs: majority}", "units: every, needs: majority}"),
            "decision_types[2].procedure[2].units_agree.units",
            "unknown units 'every'; it is one of affected, all",
        ),
        (
            ("needs: majority}", "needs: most}"),
            "decision_types[2].procedure[2].units_agree.needs",
            "expected how many units: all, majority, {at_least: 2/3} or {more_than: 1/2}, got "
            "'most'",
        ),
        (
            ("needs: {at_least: 2/3}", "needs: {more_than: 1}"),
            "decision_types[2].procedure[3].units_veto.needs.more_than",
            "more than all of the units can never be reached",
        ),
        (
            ("needs: {at_least: 2/3}", "needs: {at_least: 3/2}"),
            "decision_types[2].procedure[3].units_veto.needs.at_least",
            "a share must be more than 0 and at most 1, got '3/2'",
        ),
        (
            ("needs: {at_least: 2/3}, within_days: 30}", "needs: {at_least: 2/3}}"),
            "decision_types[2].procedure[3].units_veto",
            "missing required key 'within_days'",
        ),
        (
            ('outside_approval: {by: "National Union Executive Board",', "outside_approval: {"),
            "decision_types[2].procedure[4].outside_approval",
            "missing required key 'by'",
        ),
        (
            ("when: {amount_at_least: 2500.50}", "when: {amount_over: 2500.50}"),
            "decision_types[2].procedure[5].ratify.when.amount_over",
            "unknown key 'amount_over'; did you mean 'amount_above'?",
        ),
        (
            ("when: {amount_at_least: 2500.50}", "when: {amount_at_least: -5}"),
            "decision_types[2].procedure[5].ratify.when.amount_at_least",
            "an amount must be 0 or more, got -5",
        ),
        (
            ("    amount: {currency: EUR}\n", ""),
            "decision_types[2].procedure[0].recommend.when",
            "'member.expel' records no amount: give the decision type `amount:` (plain, or "
            "{currency: ...}) for a step that depends on one",
        ),
        (
            ("protected: {months: 12, except: two_thirds_cast}", "protected: {months: 0}"),
            "decision_types[2].protected.months",
            "a number of months must be at least 1, got 0",
        ),
        (
            ("    amount: {currency: EUR}\n", "    amount: dollars\n"),
            "decision_types[2].amount",
            "expected plain or {currency: ...}, got 'dollars'",
        ),
    ],
)
def test_a_wrong_step_or_rule_is_reported_where_it_is(change, path, message):
    problems = problems_of(variant(change, text=STEPS))
    found = [(p.path, p.message) for p in problems]
    assert any(
        problem_path == path and problem_message.startswith(message)
        for problem_path, problem_message in found
    ), found


def test_the_rescission_itself_is_not_protected():
    text = variant(
        (
            "    bodies: [assembly, {body: board, threshold: two_thirds_cast}]\n",
            "    bodies: [assembly, {body: board, threshold: two_thirds_cast}]\n"
            "    protected: {months: 12}\n",
        )
    )
    problem = the_problem(text)
    assert problem.path == "decision_types[1].protected"
    assert "are not rescinded" in problem.message


def test_a_units_veto_on_a_charter_amendment_is_refused_like_a_veto():
    text = variant(
        (
            "    notice_required: true\n    articles: [art-1]\n",
            "    notice_required: true\n    articles: [art-1]\n    procedure:\n"
            "      - units_veto: {body: branch-meeting, units: all, needs: all, within_days: 9}\n",
        )
    )
    assert "a veto window after that" in the_problem(text).message
