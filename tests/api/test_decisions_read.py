"""GET /decisions and /decisions/{reference}: what each persona may read, filters, detail."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import Api
from tests.factories import record


def references(api, **params) -> set[str]:
    response = api.get("/decisions", limit=200, **params)
    assert response.status_code == 200
    page = response.json()
    assert page["count"] == len(page["items"])
    return {item["reference"] for item in page["items"]}


def test_a_member_reads_the_decisions_the_charter_shows_them(ledger, member):
    seen = references(member)
    assert ledger["campaign"].reference in seen
    assert ledger["east"].reference in seen
    assert ledger["overdue"].reference in seen
    assert ledger["bureau"].reference not in seen
    assert ledger["bureau_ended"].reference not in seen


def test_a_member_of_another_unit_does_not_read_the_unit_records(ledger, other_member):
    seen = references(other_member)
    assert ledger["campaign"].reference in seen
    assert ledger["east"].reference not in seen
    assert ledger["bureau"].reference not in seen


def test_a_seat_holder_reads_the_records_of_their_body(ledger, council_secretary):
    seen = references(council_secretary)
    assert ledger["bureau"].reference in seen
    assert ledger["east"].reference not in seen


def test_the_administrator_reads_everything(ledger, admin):
    assert {d.reference for d in ledger.values()} <= references(admin)


def test_people_not_in_good_standing_read_no_decisions(org, ledger, outsider_api):
    assert references(outsider_api) == set()
    assert references(Api(org.user("applicant"))) == set()


def test_the_list_requires_a_login(ledger, anonymous):
    assert anonymous.get("/decisions").status_code == 401


@pytest.mark.parametrize(
    ("persona", "key"),
    [
        ("member", "bureau"),
        ("other_member", "east"),
        ("outsider_api", "campaign"),
    ],
)
def test_a_hidden_decision_is_404(request, ledger, persona, key):
    api = request.getfixturevalue(persona)
    response = api.get(f"/decisions/{ledger[key].reference}")
    assert response.status_code == 404
    # Hidden and missing look the same.
    missing = api.get("/decisions/1999-99999")
    assert missing.status_code == 404
    assert response.json()["detail"][0]["rule"] == missing.json()["detail"][0]["rule"]


def test_a_seat_holder_reads_a_decision_of_their_body(ledger, council_secretary):
    response = council_secretary.get(f"/decisions/{ledger['bureau'].reference}")
    assert response.status_code == 200
    assert response.json()["body"] == {"slug": "bureau", "name": "Bureau"}


def test_the_detail_has_the_vote_the_check_and_the_timeline(ledger, member):
    response = member.get(f"/decisions/{ledger['campaign'].reference}")
    assert response.status_code == 200
    decision = response.json()
    assert decision["title"] == "Start the rent campaign"
    assert decision["votes"] == {
        "votes_for": 5,
        "votes_against": 1,
        "votes_abstain": 0,
        "unanimous": False,
        "present": None,
        "seats_filled": 6,
    }
    assert decision["threshold"] == "majority_cast"
    assert decision["check"] == {"passed": True, "failures": []}
    assert decision["charter_version"] == 1
    assert decision["status"] == "implemented"
    [note] = decision["progress_notes"]
    assert note["text"] == "Leaflets printed and handed out."
    assert note["status_after"] == "implemented"
    assert note["author"] == "admin"
    assert decision["recorded_by"] == "admin"


def test_an_irregular_decision_shows_why_and_what_failed(ledger, member):
    decision = member.get(f"/decisions/{ledger['irregular'].reference}").json()
    assert decision["irregular"] is True
    assert decision["irregular_reason"].startswith("the minutes say")
    assert decision["check"]["passed"] is False
    [failure] = decision["check"]["failures"]
    assert failure["rule"] == "threshold"
    assert failure["field"] == "votes_for"


def test_overdue_and_responsibility(ledger, member):
    decision = member.get(f"/decisions/{ledger['overdue'].reference}").json()
    assert decision["overdue"] is True
    assert decision["responsible_body"] == {"slug": "bureau", "name": "Bureau"}
    assert decision["responsible_member"] is None
    assert (
        decision["due_on"]
        == (dt.date.fromisoformat(decision["decided_on"]) + dt.timedelta(30)).isoformat()
    )


def test_ends_and_ended_by_link_both_ways(ledger, member):
    rescinded = member.get(f"/decisions/{ledger['rescinded'].reference}").json()
    assert rescinded["status"] == "rescinded"
    assert rescinded["ended_by"] == ledger["rescission"].reference
    rescission = member.get(f"/decisions/{ledger['rescission'].reference}").json()
    assert rescission["ends"] == ledger["rescinded"].reference


def test_a_visible_decision_does_not_link_a_hidden_one(ledger, member, council_secretary):
    ender = ledger["bureau_ender"].reference
    assert member.get(f"/decisions/{ender}").json()["ends"] is None
    assert (
        ledger["bureau_ended"].reference not in member.get(f"/decisions/{ender}").content.decode()
    )
    assert (
        council_secretary.get(f"/decisions/{ender}").json()["ends"]
        == ledger["bureau_ended"].reference
    )
    ended = council_secretary.get(f"/decisions/{ledger['bureau_ended'].reference}").json()
    assert ended["ended_by"] == ender


def test_filters(ledger, admin):
    assert references(admin, body="bureau") == {
        ledger["bureau"].reference,
        ledger["bureau_ended"].reference,
    }
    assert references(admin, type="budget.spend") == {ledger["irregular"].reference}
    assert references(admin, status="rescinded") == {
        ledger["rescinded"].reference,
        ledger["bureau_ended"].reference,
    }
    assert references(admin, overdue="true") == {ledger["overdue"].reference}
    assert ledger["overdue"].reference not in references(admin, overdue="false")
    assert references(admin, irregular="true") == {ledger["irregular"].reference}
    assert references(admin, q="printer") == {ledger["irregular"].reference}
    assert references(admin, decided_from="2026-03-02", decided_to="2026-03-03") == {
        ledger["rescission"].reference,
        ledger["bureau_ender"].reference,
    }


def test_a_filter_cannot_reach_hidden_records(ledger, member):
    assert references(member, body="bureau") == set()
    assert references(member, q="Bureau rota") == set()


def test_paging(ledger, admin):
    page = admin.get("/decisions", limit=2, offset=2).json()
    assert page["count"] == len(references(admin))
    assert (page["limit"], page["offset"], len(page["items"])) == (2, 2, 2)


def test_a_bad_filter_is_422_naming_it(ledger, admin):
    response = admin.get("/decisions", decided_from="yesterday", limit=0)
    assert response.status_code == 422
    assert {item["field"] for item in response.json()["detail"]} == {"decided_from", "limit"}


def test_the_list_costs_the_same_queries_however_long(org, ledger, member):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert member.get("/decisions").status_code == 200
        return len(captured)

    before = queries()
    for i in range(5):
        record(org.bodies["assembly"], "resolution", yes=4, no=0, title=f"More {i}")
    assert queries() == before


def test_the_detail_costs_the_same_queries_however_many_notes(org, ledger, member):
    from minutebook.ledger.services import decision_add_progress

    reference = ledger["overdue"].reference

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert member.get(f"/decisions/{reference}").status_code == 200
        return len(captured)

    before = queries()
    for day in range(1, 4):
        decision_add_progress(
            actor=org.admin,
            decision=ledger["overdue"],
            written_on=dt.date(2026, 5, day),
            text=f"Note {day}",
            status="in_progress",
        )
    assert queries() == before
