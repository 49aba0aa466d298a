"""GET /obligations and /obligations/{id}: status, due date and what met it, overdue ones
first; the body's visibility rules, with a 404 for what the caller may not see."""

from __future__ import annotations

import datetime as dt

import pytest

from minutebook.obligations.services import obligation_arise
from tests.api.conftest import Api
from tests.obligations.conftest import meeting_on


def arise(org, body: str, title: str, due_on: dt.date, source: str, arose_on=dt.date(2026, 3, 1)):
    return obligation_arise(
        actor=org.admin,
        body=org.bodies[body],
        kind="meeting",
        title=title,
        arose_on=arose_on,
        due_on=due_on,
        rule="special-meeting",
        source=source,
    )


@pytest.fixture
def world(org):
    """As on the pages' tests: on 23 November 2026 the Council owes an overdue special
    meeting (arisen after its only meeting) and one that meeting met; the Bureau an overdue
    one."""
    meeting = meeting_on(
        org.bodies["council"], dt.date(2026, 3, 20), convened_on=dt.date(2026, 3, 5)
    )
    return {
        "overdue": arise(
            org,
            "council",
            "Special meeting on rents",
            dt.date(2026, 4, 20),
            "petition:1",
            arose_on=dt.date(2026, 3, 25),
        ),
        "met": arise(
            org, "council", "Special meeting on the budget", dt.date(2026, 3, 30), "petition:2"
        ),
        "hidden": arise(org, "bureau", "Bureau hearing", dt.date(2026, 5, 1), "petition:3"),
        "meeting": meeting,
    }


def ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    page = response.json()
    assert page["count"] == len(page["items"])
    return [item["id"] for item in page["items"]]


def test_an_overdue_obligation_in_the_api(org, world):
    response = Api(org.user("east-member")).get(f"/obligations/{world['overdue'].pk}")

    assert response.status_code == 200
    assert response.json() | {"rule_text": ""} == {
        "id": str(world["overdue"].pk),
        "body": {"slug": "council", "name": "Council"},
        "title": "Special meeting on rents",
        "rule": "special-meeting",
        "rule_text": "",
        "form": "arising",
        "status": "overdue",
        "overdue": True,
        "arose_on": "2026-03-25",
        "due_on": "2026-04-20",
        "days_left": None,
        "days_late": 217,
        "progress": "",
        "source": "petition:1",
        "met_by": None,
        "concerns": None,
    }


def test_a_met_obligation_says_by_what(org, world):
    body = Api(org.user("east-member")).get(f"/obligations/{world['met'].pk}").json()

    assert body["status"] == "met"
    assert body["met_by"] == {
        "on": "2026-03-05",
        "by": "Meeting (20 March 2026)",
        "record": f"meeting:{world['meeting'].pk}",
        "url": f"/meetings/{world['meeting'].pk}/",
    }


def test_the_list_puts_the_overdue_first_and_filters(org, world):
    member = Api(org.user("east-member"))

    everything = ids(member.get("/obligations"))
    overdue = ids(member.get("/obligations", overdue="true"))

    assert everything[0] == str(world["overdue"].pk)
    assert str(world["met"].pk) in everything
    assert "council-meets:council:2026" in everything
    assert overdue == [str(world["overdue"].pk)]
    assert str(world["hidden"].pk) not in everything
    assert str(world["overdue"].pk) not in ids(member.get("/obligations", overdue="false"))


def test_the_list_of_one_body(org, world):
    assert ids(Api(org.admin).get("/obligations", body="bureau")) == [str(world["hidden"].pk)]


def test_a_charter_duty_by_its_id(org, world):
    body = Api(org.user("east-member")).get("/obligations/council-meets:council:2026").json()

    assert (body["status"], body["progress"], body["days_left"]) == ("open", "1 of 2 so far", 38)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 200), ("council-1", 200), ("council-3", 404), ("east-member", 404)],
)
def test_an_obligation_of_a_closed_body(org, world, persona, status):
    api = Api(org.admin if persona == "admin" else org.user(persona))

    assert api.get(f"/obligations/{world['hidden'].pk}").status_code == status
    assert api.get("/obligations", body="bureau").status_code == status


def test_outsiders_see_nothing_and_strangers_must_sign_in(org, world, outsider):
    outsider_api = Api(outsider)

    assert outsider_api.get(f"/obligations/{world['overdue'].pk}").status_code == 404
    assert ids(outsider_api.get("/obligations")) == []
    assert Api().get("/obligations").status_code == 401
    assert Api().get(f"/obligations/{world['overdue'].pk}").status_code == 401


def test_no_such_obligation(org, world):
    response = Api(org.admin).get("/obligations/999999")

    assert response.status_code == 404
    assert "no obligation 999999" in response.content.decode()
