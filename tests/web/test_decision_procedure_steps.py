"""The procedures of issue 10's second part on a decision's page (tests/ledger/
procedure_world.py): each unit concerned with its answer, the form for a unit's committee,
the outside approval's form and record, an amount and the steps it makes unnecessary."""

import datetime as dt
from decimal import Decimal

import pytest

from minutebook.ledger.models import Decision, DecisionStatus, DecisionStep
from tests.factories import record
from tests.ledger.procedure_world import build_procedure_world
from tests.web.conftest import client_for


@pytest.fixture
def world(db, small_charter_text):
    return build_procedure_world(small_charter_text)


def url(decision, tail="") -> str:
    return f"/decisions/{decision.reference}/{tail}"


@pytest.fixture
def redraw(world):
    return record(
        world.bodies["council"],
        "boundaries.redraw",
        decided_on=dt.date(2026, 3, 2),
        affected_units=[world.units["east"], world.units["west"]],
    )


def test_the_page_lists_each_unit_concerned_and_its_answer(world, redraw):
    html = client_for(world.user("east-member")).get(url(redraw)).content.decode()

    assert "Agreement of the units" in html
    assert "The Local Committee of each unit concerned" in html
    assert "2 of the 2 units concerned must agree (all of them); 0 did, 0 did not" in html
    assert "Units affected</dt><dd>East Local, West Local" in html
    assert "Record a unit" not in html


def test_a_unit_s_committee_secretary_records_its_answer_for_its_unit_only(world, redraw):
    east = client_for(world.user("east-committee-0"))
    html = east.get(url(redraw)).content.decode()
    assert "Record a unit's answer" in html
    assert 'value="local-committee.east"' in html
    assert 'value="local-committee.west"' not in html

    response = east.post(
        url(redraw, "steps/"),
        {"body": "local-committee.east", "decided_on": "2026-03-10", "votes_for": 3,
         "votes_against": 0},
    )  # fmt: skip

    assert response.status_code == 302
    html = east.get(url(redraw)).content.decode()
    assert "East Local</a>: <strong>agreed</strong>" in html
    assert 'West Local</a>: <span class="muted">awaited</span>' in html
    # Having answered, East has nothing more to record; West's secretary has.
    assert "Record a unit" not in html
    assert (
        client_for(world.user("west-committee-0"))
        .post(
            url(redraw, "steps/"),
            {
                "body": "local-committee.east",
                "decided_on": "2026-03-11",
                "votes_for": 3,
                "votes_against": 0,
            },
        )
        .status_code
        == 200
    )  # fmt: skip  (not a choice for West: the form says so)
    assert DecisionStep.objects.count() == 1
    assert (
        client_for(world.user("north-committee-0"))
        .post(
            url(redraw, "steps/"), {"decided_on": "2026-03-11", "votes_for": 3, "votes_against": 0}
        )
        .status_code
        == 403
    )


def test_the_outside_approval_has_its_own_form_and_record(world):
    affiliation = record(
        world.bodies["council"], "affiliation.join", yes=4, no=1, decided_on=dt.date(2026, 3, 2)
    )
    secretary = client_for(world.user("council-0"))
    html = secretary.get(url(affiliation)).content.decode()
    assert "National Federation Executive Board (outside the organization)" in html
    assert "Record the answer of National Federation Executive Board" in html

    late = secretary.post(
        url(affiliation, "steps/"),
        {"decided_on": "2026-06-01", "given": "yes", "reference": "EB/14"},
    )
    assert late.status_code == 200
    assert "the outside approval was due by 2026-05-31: 2026-06-01 is too late" in (
        late.content.decode()
    )
    response = secretary.post(
        url(affiliation, "steps/"),
        {"decided_on": "2026-04-15", "given": "yes", "reference": "EB/14",
         "document": "https://example.org/eb-14"},
    )  # fmt: skip

    assert response.status_code == 302
    affiliation.refresh_from_db()
    assert affiliation.status == DecisionStatus.ADOPTED
    html = secretary.get(url(affiliation)).content.decode()
    assert "Outside the organization</span> — <strong>given</strong>. Reference: EB/14" in html
    assert 'href="https://example.org/eb-14"' in html


def test_a_step_the_amount_does_not_reach_is_shown_as_not_required(world):
    spend = record(
        world.bodies["council"],
        "spend.approve",
        decided_on=dt.date(2026, 3, 2),
        amount=Decimal("49999.99"),
        recommended_by=record(world.bodies["bureau"], "budget.recommend", yes=2, no=1),
    )
    html = client_for(world.admin).get(url(spend)).content.decode()
    assert "Amount</dt><dd>USD 49999.99" in html
    assert "Only for an amount at least USD 50,000" in html
    assert "Not required for this amount" in html


def test_the_record_form_takes_the_amount_and_the_units_affected(world):
    admin = client_for(world.admin)
    response = admin.post(
        "/decisions/new/",
        {"body": "council", "decision_type": "boundaries.redraw", "decided_on": "2026-03-02",
         "votes_for": 4, "votes_against": 1, "title": "New boundaries", "text": "As drawn.",
         "affected_units": ["east", "north"]},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = Decision.objects.get(title="New boundaries")
    assert sorted(decision.affected_units.values_list("slug", flat=True)) == ["east", "north"]
    assert decision.status == DecisionStatus.PENDING
