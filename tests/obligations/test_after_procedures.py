"""A duty that follows a decision arises when the decision takes effect: a decision pending
ratification starts no clock until its ratification (and, when a veto window follows, until
the window has passed); a decision refused ratification never starts one; a decision vetoed
after it arose loses the duties that arose from it.

The small charter's `bylaws.amend` (Council) is ratified by the General Assembly within 60
days, then the Bureau may veto it within 14 days of the ratification."""

from __future__ import annotations

import datetime as dt

import pytest

from minutebook.ledger.competence import Tally
from minutebook.ledger.models import DecisionStatus
from minutebook.ledger.services import decision_step_record
from minutebook.obligations.models import Obligation, ObligationStatus
from tests.factories import build_small_union, record

DUTY = """
obligations:
  - id: bylaws-published
    body: bureau
    within_days: 30
    after: {decision: bylaws.amend}
    then: {decision: resolution}
"""

ADOPTED_ON = dt.date(2026, 3, 2)
RATIFIED_ON = dt.date(2026, 4, 1)
# The Bureau's veto window runs 14 days from the ratification, to 15 April; the amendment
# takes effect the day after, 16 April, and the Bureau owes its resolution 30 days later.
IN_FORCE = dt.date(2026, 4, 16)
DUE = dt.date(2026, 5, 16)


@pytest.fixture
def org(db, small_charter_text):
    return build_small_union(small_charter_text + DUTY)


@pytest.fixture
def bylaws(org):
    return record(org.bodies["council"], "bylaws.amend", yes=4, no=1, decided_on=ADOPTED_ON)


def step(org, decision, body, on, yes, no=0):
    return decision_step_record(
        actor=org.admin,
        decision=decision,
        body=org.bodies[body],
        decided_on=on,
        tally=Tally(votes_for=yes, votes_against=no),
    )


def duties_of(decision):
    return list(Obligation.objects.filter(source=f"decision:{decision.reference}"))


def test_a_decision_pending_ratification_starts_no_clock(org, bylaws):
    assert bylaws.status == DecisionStatus.PENDING
    assert duties_of(bylaws) == []


def test_the_duty_arises_when_the_ratified_decision_takes_effect(org, bylaws):
    step(org, bylaws, "assembly", RATIFIED_ON, yes=5, no=1)

    bylaws.refresh_from_db()
    (duty,) = duties_of(bylaws)
    assert (bylaws.status, bylaws.in_force_from) == (DecisionStatus.ADOPTED, IN_FORCE)
    assert (duty.body, duty.arose_on, duty.due_on) == (org.bodies["bureau"], IN_FORCE, DUE)
    assert duty.status == ObligationStatus.ACTIVE


def test_a_decision_refused_ratification_never_starts_one(org, bylaws):
    step(org, bylaws, "assembly", RATIFIED_ON, yes=1, no=5)

    bylaws.refresh_from_db()
    assert bylaws.status == DecisionStatus.REFUSED
    assert duties_of(bylaws) == []


def test_a_veto_withdraws_the_duty_that_arose(org, bylaws):
    step(org, bylaws, "assembly", RATIFIED_ON, yes=5, no=1)
    step(org, bylaws, "bureau", dt.date(2026, 4, 10), yes=3)  # unanimous: vetoed

    bylaws.refresh_from_db()
    (duty,) = duties_of(bylaws)
    assert bylaws.status == DecisionStatus.VETOED
    assert duty.status == ObligationStatus.WITHDRAWN
    assert duty.withdrawn_reason == f"{bylaws.reference} did not take effect (vetoed)"


def test_a_veto_voted_down_leaves_the_duty(org, bylaws):
    step(org, bylaws, "assembly", RATIFIED_ON, yes=5, no=1)
    step(org, bylaws, "bureau", dt.date(2026, 4, 10), yes=2, no=1)  # not unanimous

    (duty,) = duties_of(bylaws)
    assert duty.status == ObligationStatus.ACTIVE
