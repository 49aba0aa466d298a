"""A duty to hold a ballot (a referendum a petition required) is met by the record: a ballot of
the body announced after the duty arose, to open by its due date."""

import datetime as dt

from minutebook.obligations.duties import DutyState
from minutebook.obligations.selectors import body_duties
from minutebook.obligations.services import obligation_arise
from tests.ballots.world import call_referendum


def referendum_duty(org, clock, within_days):
    today = clock.now.date()
    return obligation_arise(
        actor=org.admin,
        body=org.bodies["referendum"],
        kind="ballot",
        title="A referendum on joining the federation, required by petition 1",
        due_on=today + dt.timedelta(days=within_days),
        arose_on=today,
        rule="referendum-petition",
        source="petition:1",
    )


def state(org, clock):
    (duty,) = body_duties(org.bodies["referendum"], clock.now.date())
    return duty


def test_a_ballot_announced_to_open_in_time_meets_the_duty(org, clock):
    referendum_duty(org, clock, within_days=14)  # the ballot opens in 14 days: on the day
    assert state(org, clock).state == DutyState.OPEN

    ballot = call_referendum(org, clock)

    duty = state(org, clock)
    assert duty.state == DutyState.MET
    assert duty.met.record == f"ballot:{ballot.pk}"


def test_a_ballot_that_opens_after_the_due_date_meets_it_late(org, clock):
    referendum_duty(org, clock, within_days=13)

    call_referendum(org, clock)

    assert state(org, clock).state == DutyState.OPEN  # not met yet, due in 13 days
    clock.advance(days=14)
    duty = state(org, clock)
    assert duty.state == DutyState.LATE
    assert duty.met.on == clock.now.date()  # the day it opened
