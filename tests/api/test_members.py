"""GET /members, /members/{number}; POST /members/{number}/status."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minutebook.bodies.models import SeatMethod
from minutebook.bodies.services import seat_fill
from minutebook.journal.models import JournalEntry
from minutebook.members.services import member_change_status
from tests.api.conftest import Api, fields, rules
from tests.factories import FOUNDED, make_member, record


@pytest.fixture
def admission(org):
    """East Local's committee admits the applicant; only East members may read its records."""
    for key in ("east-delegate-1", "east-delegate-2"):
        seat_fill(
            actor=org.admin,
            body=org.bodies["local-committee.east"],
            member=org.members[key],
            method=SeatMethod.ELECTED,
            starts_on=FOUNDED,
            constituency=org.units["east"],
        )
    return record(
        org.bodies["local-committee.east"], "member.admit", yes=2, no=0, title="Admit Hopeful"
    )


@pytest.fixture
def suspended(org):
    """A member of East Local suspended by the Council."""
    person = make_member("Suspended Person", org.units["east"])
    decision = record(
        org.bodies["council"], "member.suspend", yes=4, no=0, present=5, title="Suspension"
    )
    member_change_status(
        actor=org.admin,
        member=person,
        status="suspended",
        effective_on=dt.date(2026, 3, 5),
        decision=decision,
    )
    return person


def status_change(**changes) -> dict:
    return {"status": "member", "effective_on": "2026-03-10", **changes}


def test_the_roll(org, member):
    response = member.get("/members", limit=200)
    assert response.status_code == 200
    page = response.json()
    assert page["count"] == len(org.members)
    east_member = next(m for m in page["items"] if m["full_name"] == "East Rank And File")
    assert east_member == {
        "membership_number": org.members["east-member"].membership_number,
        "full_name": "East Rank And File",
        "status": "member",
        "units": ["east"],
    }


def test_the_roll_filters(org, admin):
    assert [m["full_name"] for m in admin.get("/members", status="applicant").json()["items"]] == [
        "Hopeful Applicant"
    ]
    west = admin.get("/members", unit="west", limit=200).json()["items"]
    assert west and all(m["units"] == ["west"] for m in west)
    assert admin.get("/members", q="rank and").json()["count"] == 2


def test_the_roll_is_for_members_in_good_standing(org, suspended, outsider_api, anonymous):
    assert Api(org.user("applicant")).get("/members").status_code == 403
    assert Api(suspended.user).get("/members").status_code == 403
    # A login with no member behind it is told nothing, as on the pages.
    assert outsider_api.get("/members").status_code == 404
    assert anonymous.get("/members").status_code == 401


def test_the_roll_costs_the_same_queries_however_long(org, member):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert member.get("/members").status_code == 200
        return len(captured)

    before = queries()
    for i in range(5):
        make_member(f"Newcomer {i}", org.units["west"])
    assert queries() == before


def test_a_member_record(org, member):
    number = org.members["council-0"].membership_number
    response = member.get(f"/members/{number}")
    assert response.status_code == 200
    record_ = response.json()
    assert record_["units"] == ["west"]
    assert record_["unit_history"][0]["unit"] == "west"
    assert {seat["body"] for seat in record_["seats"]} == {"council", "bureau"}
    assert all(seat["source_decision"] for seat in record_["seats"])
    assert record_["status_history"] == [
        {
            "status": "member",
            "effective_on": "2026-01-10",
            "decision": None,
            "note": "imported from the existing roll",
        }
    ]


def test_a_member_record_does_not_link_a_hidden_decision(org, admission, member, other_member):
    applicant = org.members["applicant"]
    member_change_status(
        actor=org.admin,
        member=applicant,
        status="member",
        effective_on=dt.date(2026, 3, 2),
        decision=admission,
    )
    path = f"/members/{applicant.membership_number}"
    assert member.get(path).json()["status_history"][-1]["decision"] == admission.reference
    seen_from_west = other_member.get(path)
    assert seen_from_west.json()["status_history"][-1]["decision"] is None
    assert admission.reference not in seen_from_west.content.decode()


def test_a_suspended_member_reads_their_own_record_and_case_only(org, suspended):
    api = Api(suspended.user)
    own = api.get(f"/members/{suspended.membership_number}")
    assert own.status_code == 200
    assert [change["status"] for change in own.json()["status_history"]] == [
        "member",
        "suspended",
    ]
    # The Council's records are open to members, which a suspended member is not now; the
    # decision that suspended them stays open to them, which they need in order to appeal.
    suspension = own.json()["status_history"][-1]["decision"]
    assert suspension is not None
    assert api.get(f"/decisions/{suspension}").json()["decision_type"] == "member.suspend"
    other_decision = record(org.bodies["council"], "resolution", yes=4, no=0, present=5)
    assert api.get(f"/decisions/{other_decision.reference}").status_code == 404
    other = org.members["east-member"].membership_number
    assert api.get(f"/members/{other}").status_code == 403


def test_a_member_record_is_hidden_from_people_off_the_roll(org, outsider_api, anonymous):
    number = org.members["east-member"].membership_number
    assert outsider_api.get(f"/members/{number}").status_code == 404
    assert anonymous.get(f"/members/{number}").status_code == 401


def test_an_unknown_member_is_404(member):
    assert member.get("/members/no-such-number").status_code == 404


def test_the_administrator_applies_an_admission(org, admission, admin):
    applicant = org.members["applicant"]
    response = admin.post(
        f"/members/{applicant.membership_number}/status",
        status_change(decision=admission.reference, note="welcome"),
    )
    assert response.status_code == 201
    assert response.json() == {
        "status": "member",
        "effective_on": "2026-03-10",
        "decision": admission.reference,
        "note": "welcome",
    }
    applicant.refresh_from_db()
    assert applicant.status == "member"
    assert JournalEntry.objects.filter(action="member.status").exists()


def test_an_admission_needs_its_decision(org, admin):
    number = org.members["applicant"].membership_number
    response = admin.post(f"/members/{number}/status", status_change())
    assert response.status_code == 422
    assert fields(response) == {"decision"}


def test_the_decision_must_be_of_the_matching_type(org, ledger, admin):
    number = org.members["applicant"].membership_number
    response = admin.post(
        f"/members/{number}/status", status_change(decision=ledger["campaign"].reference)
    )
    assert response.status_code == 422
    assert fields(response) == {"decision"}


def test_an_unknown_decision_is_422(org, admin):
    number = org.members["applicant"].membership_number
    response = admin.post(f"/members/{number}/status", status_change(decision="1999-99999"))
    assert response.status_code == 422
    assert fields(response) == {"decision"} and rules(response) == {"unknown"}


def test_an_impossible_status_is_422(org, admin):
    number = org.members["applicant"].membership_number
    response = admin.post(f"/members/{number}/status", status_change(status="suspended"))
    assert response.status_code == 422
    assert fields(response) == {"status"}
    response = admin.post(f"/members/{number}/status", status_change(status="emperor"))
    assert response.status_code == 422
    assert fields(response) == {"status"}


def test_only_an_administrator_applies_status_changes(org, secretary, outsider_api, anonymous):
    number = org.members["applicant"].membership_number
    response = secretary.post(f"/members/{number}/status", status_change(status="resigned"))
    assert response.status_code == 403
    assert outsider_api.post(f"/members/{number}/status", status_change()).status_code == 404
    assert anonymous.post(f"/members/{number}/status", status_change()).status_code == 401
