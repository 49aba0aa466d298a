"""The pure procedure state of units steps and steps above an amount, without a database."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from minutebook.charter.spec import (
    AmountCondition,
    Competence,
    DecisionTypeSpec,
    ProcedureStep,
    StepKind,
    UnitsConcerned,
    UnitsNeeded,
)
from minutebook.ledger.procedure import StepRecord, StepStatus, procedure_state

ADOPTED = dt.date(2026, 3, 2)


def spec(*steps) -> DecisionTypeSpec:
    return DecisionTypeSpec("t", "T", (Competence("council", "majority_cast"),), procedure=steps)


AGREE = ProcedureStep(
    StepKind.UNITS_AGREE,
    "branch",
    units=UnitsConcerned.ALL,
    needs=UnitsNeeded(Fraction(2, 3)),
    within_days=10,
)


def test_no_unit_concerned_passes_the_step_the_day_it_opens():
    state = procedure_state(spec(AGREE), ADOPTED, [], ADOPTED, units={0: ()})
    assert state.steps[0].status == StepStatus.GIVEN
    assert state.in_force_from() == ADOPTED


def test_an_answer_from_a_unit_not_concerned_or_a_second_one_counts_for_nothing():
    records = [
        StepRecord(0, dt.date(2026, 3, 3), True, unit="a"),
        StepRecord(0, dt.date(2026, 3, 4), True, unit="a"),
        StepRecord(0, dt.date(2026, 3, 4), True, unit="z"),
    ]
    state = procedure_state(spec(AGREE), ADOPTED, records, ADOPTED, units={0: ("a", "b", "c")})
    # two thirds of 3 is 2: one agreement so far
    assert state.steps[0].status == StepStatus.WAITING
    assert state.steps[0].units.answers == (("a", True),)


def test_the_answer_that_reaches_what_is_needed_dates_the_step_and_later_ones_change_nothing():
    records = [
        StepRecord(0, dt.date(2026, 3, 5), True, unit="c"),
        StepRecord(0, dt.date(2026, 3, 3), True, unit="a"),
        StepRecord(0, dt.date(2026, 3, 9), False, unit="b"),
    ]
    state = procedure_state(spec(AGREE), ADOPTED, records, ADOPTED, units={0: ("a", "b", "c")})
    assert state.steps[0].status == StepStatus.GIVEN
    assert state.in_force_from() == dt.date(2026, 3, 5)


def test_a_step_below_its_amount_is_not_required_and_the_next_counts_from_the_one_before():
    ratify = ProcedureStep(StepKind.RATIFY, "assembly", within_days=30)
    costly = ProcedureStep(
        StepKind.RATIFY, "congress", when=AmountCondition(Decimal("1000"), inclusive=True)
    )
    below = procedure_state(spec(costly, ratify), ADOPTED, [], ADOPTED, amount=Decimal("999.99"))
    assert [s.status for s in below.steps] == [StepStatus.NOT_REQUIRED, StepStatus.WAITING]
    assert below.current.due_on == dt.date(2026, 4, 1)  # 30 days from the adoption
    at = procedure_state(spec(costly, ratify), ADOPTED, [], ADOPTED, amount=Decimal("1000"))
    assert [s.status for s in at.steps] == [StepStatus.WAITING, StepStatus.NOT_REACHED]
