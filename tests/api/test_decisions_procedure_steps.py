"""The API for the procedures of issue 10's second part (tests/ledger/procedure_world.py):
a decision recorded with its amount and its affected units, each unit's answer, an outside
approval, and a rescission refused by a protection."""

import datetime as dt

import pytest

from tests.api.conftest import Api, rules
from tests.factories import record
from tests.ledger.procedure_world import build_procedure_world


@pytest.fixture
def world(db, small_charter_text):
    return build_procedure_world(small_charter_text)


def decision(**extra) -> dict:
    return {
        "body": "council",
        "decided_on": "2026-03-02",
        "votes_for": 4,
        "votes_against": 1,
        "title": "A decision",
        **extra,
    }


def test_the_affected_units_are_named_and_each_answers_through_its_committee(world):
    admin = Api(world.admin)
    created = admin.post(
        "/decisions",
        decision(decision_type="boundaries.redraw", affected_units=["east", "west"]),
    )
    assert created.status_code == 201, created.json()
    reference = created.json()["reference"]
    assert [u["slug"] for u in created.json()["affected_units"]] == ["east", "west"]
    [step] = created.json()["procedure"]
    assert (step["kind"], step["body"], step["units"]["needed"]) == ("units_agree", None, 2)

    # East's committee secretary answers for East.
    east = Api(world.user("east-committee-0"))
    answer = east.post(
        f"/decisions/{reference}/steps",
        {
            "body": "local-committee.east",
            "decided_on": "2026-03-10",
            "votes_for": 3,
            "votes_against": 0,
        },
    )
    assert answer.status_code == 201, answer.json()
    assert answer.json()["unit"] == "east"
    # ... and may not answer for West.
    west_by_east = east.post(
        f"/decisions/{reference}/steps",
        {
            "body": "local-committee.west",
            "decided_on": "2026-03-10",
            "votes_for": 3,
            "votes_against": 0,
        },
    )
    assert west_by_east.status_code == 403
    detail = admin.get(f"/decisions/{reference}").json()
    assert detail["status"] == "pending"
    assert detail["procedure"][0]["units"]["answers"] == [
        {"unit": "east", "answer": "agreed"},
        {"unit": "west", "answer": "waiting"},
    ]


def test_a_unit_not_affected_is_refused_with_its_rule(world):
    redraw = record(
        world.bodies["council"],
        "boundaries.redraw",
        decided_on=dt.date(2026, 3, 2),
        affected_units=[world.units["east"]],
    )
    answer = Api(world.admin).post(
        f"/decisions/{redraw.reference}/steps",
        {
            "body": "local-committee.north",
            "decided_on": "2026-03-10",
            "votes_for": 3,
            "votes_against": 0,
        },
    )
    assert answer.status_code == 422
    assert [(d["field"], d["rule"]) for d in answer.json()["detail"]] == [("body", "step_body")]


def test_unknown_affected_units_and_an_amount_where_none_is_recorded_are_422(world):
    admin = Api(world.admin)
    unknown = admin.post(
        "/decisions", decision(decision_type="boundaries.redraw", affected_units=["nowhere"])
    )
    assert unknown.status_code == 422
    assert [(d["field"], d["rule"]) for d in unknown.json()["detail"]] == [
        ("affected_units", "unknown")
    ]
    amount = admin.post("/decisions", decision(decision_type="resolution", amount="100.00"))
    assert amount.status_code == 422 and rules(amount) == {"amount"}


def test_an_amount_above_its_limit_asks_for_the_recommendation(world):
    admin = Api(world.admin)
    at_limit = admin.post("/decisions", decision(decision_type="spend.approve", amount="10000"))
    assert at_limit.status_code == 201, at_limit.json()
    assert (at_limit.json()["amount"], at_limit.json()["currency"]) == ("10000.00", "USD")
    assert at_limit.json()["procedure"][0]["status"] == "not_required"
    assert at_limit.json()["procedure"][0]["applies_when"] == "amount at least USD 50,000"
    above = admin.post("/decisions", decision(decision_type="spend.approve", amount="10000.01"))
    assert above.status_code == 422 and rules(above) == {"recommendation"}


def test_the_outside_approval_is_recorded_without_a_body(world):
    affiliation = record(
        world.bodies["council"], "affiliation.join", yes=4, no=1, decided_on=dt.date(2026, 3, 2)
    )
    assembly_secretary = Api(world.user("east-delegate-0"))  # not the Council's secretary
    not_theirs = assembly_secretary.post(
        f"/decisions/{affiliation.reference}/steps",
        {"decided_on": "2026-04-15", "given": True, "outside_reference": "x"},
    )
    assert not_theirs.status_code == 403
    secretary = Api(world.user("council-0"))
    no_reference = secretary.post(
        f"/decisions/{affiliation.reference}/steps", {"decided_on": "2026-04-15", "given": True}
    )
    assert no_reference.status_code == 422
    assert rules(no_reference) == {"outside_reference"}

    answer = secretary.post(
        f"/decisions/{affiliation.reference}/steps",
        {"decided_on": "2026-04-15", "given": True, "outside_reference": "Letter EB/2026/14"},
    )

    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert body["body"] is None and body["votes_for"] is None
    assert body["outside_body"] == "National Federation Executive Board"
    detail = Api(world.admin).get(f"/decisions/{affiliation.reference}").json()
    assert detail["status"] == "adopted" and detail["in_force_from"] == "2026-04-15"


def test_a_rescission_within_the_protection_is_refused_naming_the_rule(world):
    platform = record(
        world.bodies["assembly"], "platform.adopt", yes=5, no=1, decided_on=dt.date(2026, 3, 2)
    )
    answer = Api(world.admin).post(
        "/decisions",
        {
            "body": "assembly",
            "decision_type": "decision.rescind",
            "decided_on": "2026-09-01",
            "votes_for": 3,
            "votes_against": 2,
            "title": "Rescind the platform",
            "ends": platform.reference,
        },
    )
    assert answer.status_code == 422
    assert [(d["field"], d["rule"]) for d in answer.json()["detail"]] == [("ends", "protected")]
