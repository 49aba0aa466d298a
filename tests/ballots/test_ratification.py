"""A referendum of the members that ratifies what a body adopted: the ballot decides the step
the decision waits for, and its outcome, carried or not, is recorded as that step.

Here the Council's `bylaws.amend` is ratified by the Members' Referendum within 60 days
(instead of the General Assembly), then open to a unanimous Bureau veto for 14 days."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from minutebook.ballots.services import ballot_call, ballot_cast, ballot_close, ballot_open
from minutebook.ledger.models import DecisionStatus
from tests.ballots.conftest import ballot_charter_text
from tests.factories import record

RATIFIED_BY_REFERENDUM = (
    "ratify: {body: assembly, threshold: majority_cast, within_days: 60}",
    "ratify: {body: referendum, threshold: majority_cast, within_days: 60}",
)


@pytest.fixture
def small_charter_text() -> str:
    text = ballot_charter_text()
    assert RATIFIED_BY_REFERENDUM[0] in text
    return text.replace(*RATIFIED_BY_REFERENDUM)


@pytest.fixture
def bylaws(org, clock):
    return record(org.bodies["council"], "bylaws.amend", yes=4, no=1, decided_on=clock.now.date())


def call_ratification(org, clock, decision, body="referendum", notice=14, open_days=7):
    return ballot_call(
        actor=org.user("council-0"),
        body=org.bodies[body],
        title="Ratify the new bylaws",
        opens_at=clock.now + dt.timedelta(days=notice),
        closes_at=clock.now + dt.timedelta(days=notice + open_days),
        step_of=decision,
    )


def vote(org, ballot, **choices):
    for who, choice in choices.items():
        ballot_cast(actor=org.user(who.replace("_", "-")), ballot=ballot, choice=choice)


def test_a_referendum_that_carries_ratifies_the_decision(org, clock, bylaws):
    ballot = call_ratification(org, clock, bylaws)
    assert ballot.text == bylaws.text and ballot.threshold == "majority_cast"
    clock.advance(days=14)
    ballot_open(ballot=ballot)
    vote(org, ballot, east_member="for", west_member="for", council_1="for", council_2="against")
    clock.advance(days=7)

    ballot = ballot_close(ballot=ballot, actor=org.user("council-0"))

    bylaws.refresh_from_db()
    assert ballot.recording_note == ""
    assert ballot.adopted and ballot.step_record.carried
    assert ballot.step_record.body == org.bodies["referendum"]
    assert (ballot.step_record.votes_for, ballot.step_record.votes_against) == (3, 1)
    assert bylaws.status == DecisionStatus.ADOPTED
    # closed on 14 December (23 November + 21 days); the Bureau's window runs 14 days more
    assert bylaws.in_force_from == dt.date(2026, 12, 29)


def test_a_referendum_that_fails_refuses_the_decision(org, clock, bylaws):
    ballot = call_ratification(org, clock, bylaws)
    clock.advance(days=14)
    ballot_open(ballot=ballot)
    vote(org, ballot, east_member="for", west_member="against", council_1="against")
    clock.advance(days=7)

    ballot = ballot_close(ballot=ballot, actor=org.user("council-0"))

    bylaws.refresh_from_db()
    assert ballot.adopted is False and ballot.step_record.carried is False
    assert bylaws.status == DecisionStatus.REFUSED


def test_a_ratification_ballot_of_another_body_is_refused(org, clock, bylaws):
    with pytest.raises(ValidationError) as refused:
        # a circular resolution of the Council, as its charter allows (2 days' notice, 3 open)
        call_ratification(org, clock, bylaws, body="council", notice=2, open_days=3)
    assert "is for Members' Referendum" in str(refused.value)


def test_the_ballot_page_and_the_api_name_the_decision_it_ratifies(org, clock, bylaws):
    from django.test import Client

    ballot = call_ratification(org, clock, bylaws)
    client = Client()
    client.force_login(org.user("east-member"))

    html = client.get(f"/ballots/{ballot.pk}/").content.decode()
    answer = client.get(f"/api/v1/ballots/{ballot.pk}").json()

    assert "This ballot decides whether to ratify" in html and bylaws.reference in html
    assert answer["step_of"] == bylaws.reference


def test_a_ratification_ballot_is_called_through_the_api(org, clock, bylaws):
    from tests.api.conftest import Api

    answer = Api(org.user("council-0")).post(
        "/bodies/referendum/ballots",
        {
            "title": "Ratify the new bylaws",
            "opens_at": (clock.now + dt.timedelta(days=14)).isoformat(),
            "closes_at": (clock.now + dt.timedelta(days=21)).isoformat(),
            "step_of": bylaws.reference,
        },
    )

    assert answer.status_code == 201, answer.json()
    assert answer.json()["step_of"] == bylaws.reference
    assert answer.json()["decision_type"] == "bylaws.amend"


def test_the_closed_ballot_and_the_ledger_name_the_ratification(org, clock, bylaws):
    from django.test import Client

    ballot = call_ratification(org, clock, bylaws)
    clock.advance(days=14)
    ballot_open(ballot=ballot)
    vote(org, ballot, east_member="for", west_member="for")
    clock.advance(days=7)
    ballot_close(ballot=ballot, actor=org.user("council-0"))
    client = Client()
    client.force_login(org.user("east-member"))

    ballot_page = client.get(f"/ballots/{ballot.pk}/").content.decode()
    ledger_page = client.get(f"/decisions/{bylaws.reference}/").content.decode()

    assert "Recorded as the ratification of <a" in ballot_page
    assert "Ratification by <a" in ledger_page


def test_the_bodys_ballots_page_offers_the_decisions_awaiting_its_ratification(org, clock, bylaws):
    from django.test import Client

    secretary, member = Client(), Client()
    secretary.force_login(org.user("council-0"))
    member.force_login(org.user("east-member"))
    new_ballot = f"/bodies/referendum/ballots/new/?step_of={bylaws.reference}"

    page = secretary.get("/bodies/referendum/ballots/").content.decode()
    form = secretary.get(new_ballot).content.decode()

    assert "Waiting for the Members" in page and f'href="{new_ballot}"' in page
    assert "call a ballot on its ratification" in page
    assert f'value="{bylaws.reference}"' in form
    assert bylaws.reference not in member.get("/bodies/referendum/ballots/").content.decode()
    call_ratification(org, clock, bylaws)
    assert "Waiting for the" not in secretary.get("/bodies/referendum/ballots/").content.decode()
