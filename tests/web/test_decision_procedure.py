"""A decision's procedure on its page: the steps it waits for, and the form for the body that
takes the next one (the small union's `bylaws.amend`: adopted by the Council, ratified by the
General Assembly within 60 days, then open to a Bureau veto for 14 days)."""

import datetime as dt

import pytest

from minutebook.ledger.models import DecisionStatus, DecisionStep
from tests.factories import record


@pytest.fixture
def bylaws(org):
    return record(
        org.bodies["council"], "bylaws.amend", yes=4, no=1, decided_on=dt.date(2026, 3, 2)
    )


def url(decision, tail="") -> str:
    return f"/decisions/{decision.reference}/{tail}"


def test_the_page_says_the_decision_awaits_its_ratification(member_client, bylaws):
    html = member_client.get(url(bylaws)).content.decode()

    assert "Awaiting ratification or consent" in html
    assert "Not yet in force" in html
    assert "Ratification" in html and "General Assembly" in html
    assert "due by 1 May 2026" in html
    # a rank-and-file member reads the procedure but may record nothing
    assert "Record the vote" not in html


def test_the_ratifying_body_s_secretary_gets_the_form_and_records_the_ratification(
    secretary_client, council_secretary_client, bylaws
):
    assert "Record the ratify by the General Assembly" not in (
        council_secretary_client.get(url(bylaws)).content.decode()
    )
    assert "Record the ratify by the General Assembly" in (
        secretary_client.get(url(bylaws)).content.decode()
    )

    response = secretary_client.post(
        url(bylaws, "steps/"),
        {"decided_on": "2026-04-01", "votes_for": 4, "votes_against": 2, "present": 6},
    )

    assert response.status_code == 302
    bylaws.refresh_from_db()
    assert bylaws.status == DecisionStatus.ADOPTED
    html = secretary_client.get(url(bylaws)).content.decode()
    # the tests' clock stands in November 2026: the Bureau's window (to 15 April) has passed
    assert "In force from 16 April 2026." in html
    assert "Not used in time: the decision stands" in html
    assert "Ratification by <a" in html and "carried" in html


def test_a_refused_step_shows_the_rule_and_records_nothing(secretary_client, bylaws):
    response = secretary_client.post(
        url(bylaws, "steps/"), {"decided_on": "2026-05-02", "votes_for": 4, "votes_against": 0}
    )

    assert response.status_code == 200
    assert "the ratify was due by 2026-05-01: 2026-05-02 is too late" in response.content.decode()
    assert not DecisionStep.objects.exists()


def test_who_may_not_record_a_step_gets_403_and_who_may_not_see_gets_404(
    council_secretary_client, member_client, outsider_client, bylaws
):
    data = {"decided_on": "2026-04-01", "votes_for": 4, "votes_against": 0}
    assert council_secretary_client.post(url(bylaws, "steps/"), data).status_code == 403
    assert member_client.post(url(bylaws, "steps/"), data).status_code == 403
    assert outsider_client.post(url(bylaws, "steps/"), data).status_code == 404
    assert not DecisionStep.objects.exists()
