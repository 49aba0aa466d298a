"""POST /decisions, /decisions/check and /decisions/{reference}/progress."""

import datetime as dt

import pytest
from django.test import Client

from minutebook.journal.models import JournalEntry
from minutebook.ledger.models import Decision
from tests.api.conftest import Api, fields, rules
from tests.factories import record


def resolution(**changes) -> dict:
    data = {
        "body": "assembly",
        "decision_type": "resolution",
        "decided_on": "2026-04-01",
        "title": "Support the Elm Street tenants",
        "text": "The assembly pledges its support.",
        "votes_for": 5,
        "votes_against": 1,
        "votes_abstain": 0,
        "present": 6,
    }
    data.update(changes)
    return data


def expulsion(**changes) -> dict:
    """A Council expulsion that breaks three rules: quorum, threshold, notice."""
    return resolution(
        body="council",
        decision_type="member.expel",
        title="Expel a member",
        votes_for=1,
        votes_against=1,
        present=2,
        notice_given=False,
        **changes,
    )


def test_the_secretary_records_a_decision(org, secretary):
    journal_before = JournalEntry.objects.count()
    response = secretary.post("/decisions", resolution())
    assert response.status_code == 201
    decision = response.json()
    assert decision["reference"].startswith("2026-")
    assert decision["body"]["slug"] == "assembly"
    assert decision["status"] == "adopted"
    assert decision["check"] == {"passed": True, "failures": []}
    assert decision["recorded_by"] == "East Local Delegate 0"
    entry = JournalEntry.objects.order_by("-position").first()
    assert JournalEntry.objects.count() == journal_before + 1
    assert entry.action == "decision.record"
    assert entry.after["reference"] == decision["reference"]


def test_a_member_may_not_record(member):
    response = member.post("/decisions", resolution())
    assert response.status_code == 403
    assert rules(response) == {"forbidden"}
    assert not Decision.objects.filter(title="Support the Elm Street tenants").exists()


def test_the_secretary_of_another_body_may_not_record(council_secretary):
    assert council_secretary.post("/decisions", resolution()).status_code == 403


def test_people_off_the_roll_cannot_even_name_a_body(outsider_api, anonymous):
    response = outsider_api.post("/decisions", resolution())
    assert response.status_code == 422
    assert fields(response) == {"body"}
    assert anonymous.post("/decisions", resolution()).status_code == 401


def test_a_refused_decision_lists_every_failed_rule(org, admin):
    journal_before = JournalEntry.objects.count()
    response = admin.post("/decisions", expulsion())
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert {(item["field"], item["rule"]) for item in detail} == {
        ("present", "quorum"),
        ("votes_for", "threshold"),
        ("notice_given", "notice"),
    }
    assert all(item["message"] for item in detail)
    assert JournalEntry.objects.count() == journal_before
    assert not Decision.objects.filter(title="Expel a member").exists()


def test_a_failing_decision_can_be_recorded_as_irregular_with_a_reason(admin):
    response = admin.post(
        "/decisions", expulsion(irregular_reason="the council insists; minutes attached")
    )
    assert response.status_code == 201
    decision = response.json()
    assert decision["irregular"] is True
    assert decision["irregular_reason"] == "the council insists; minutes attached"
    assert {failure["rule"] for failure in decision["check"]["failures"]} == {
        "quorum",
        "threshold",
        "notice",
    }


def test_a_decision_of_the_wrong_body_is_refused(admin):
    response = admin.post("/decisions", resolution(decision_type="budget.spend"))
    assert response.status_code == 422
    assert rules(response) == {"wrong_body"}
    assert fields(response) == {"body"}


def test_missing_and_malformed_input_is_422_naming_the_fields(admin):
    response = admin.post("/decisions", {"votes_for": -1, "decided_on": "someday"})
    assert response.status_code == 422
    named = fields(response)
    assert {"body", "decision_type", "title", "decided_on", "votes_for"} <= named
    assert all(item["message"] for item in response.json()["detail"])
    assert all(item["loc"][0] == "body" for item in response.json()["detail"])


def test_a_body_that_is_not_json_is_400_in_the_same_format(admin):
    response = admin.client.post("/api/v1/decisions", "{not", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == [
        {"field": None, "message": "Cannot parse request body", "rule": "unreadable"}
    ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"body": "no-such-body"}, "body"),
        ({"ends": "1999-99999"}, "ends"),
        ({"responsible_body": "no-such-body"}, "responsible_body"),
        ({"responsible_member": "no-such-number"}, "responsible_member"),
    ],
)
def test_an_unknown_reference_is_422_naming_the_field(admin, change, field):
    response = admin.post("/decisions", resolution(**change))
    assert response.status_code == 422
    assert fields(response) == {field}
    assert rules(response) == {"unknown"}


def test_a_hidden_decision_is_as_unknown_as_a_missing_one(ledger, secretary):
    response = secretary.post(
        "/decisions",
        resolution(decision_type="decision.rescind", ends=ledger["bureau"].reference),
    )
    assert response.status_code == 422
    assert fields(response) == {"ends"}
    assert response.json()["detail"][0]["message"] == f"no decision {ledger['bureau'].reference}"


def test_the_services_own_validation_is_422_naming_the_field(admin):
    response = admin.post("/decisions", resolution(title="   "))
    assert response.status_code == 422
    assert fields(response) == {"title"}
    response = admin.post("/decisions", resolution(new_charter_text="name: x"))
    assert response.status_code == 422
    assert fields(response) == {"new_charter_text"}


def test_a_rescission_ends_the_decision(ledger, admin):
    target = ledger["overdue"]  # a Council decision; the Assembly elects the Council
    response = admin.post(
        "/decisions",
        resolution(
            decision_type="decision.rescind",
            title="Stop",
            ends=target.reference,
            decided_on=target.decided_on.isoformat(),
        ),
    )
    assert response.status_code == 201
    assert response.json()["ends"] == target.reference
    assert admin.get(f"/decisions/{target.reference}").json()["status"] == "rescinded"


def test_a_rescission_of_a_closed_decision_is_refused_naming_ends(ledger, admin):
    response = admin.post(
        "/decisions",
        resolution(decision_type="decision.rescind", ends=ledger["rescinded"].reference),
    )
    assert response.status_code == 422
    assert ("ends", "ends_closed") in {(i["field"], i["rule"]) for i in response.json()["detail"]}


def test_a_charter_amendment_puts_the_new_charter_in_force(admin, member, small_charter_text):
    amended = small_charter_text.replace("Test Tenants' Union", "Test Tenants' Federation")
    response = admin.post(
        "/decisions",
        resolution(
            decision_type="charter.amend",
            title="Rename the union",
            notice_given=True,
            new_charter_text=amended,
        ),
    )
    assert response.status_code == 201, response.json()
    reference = response.json()["reference"]
    charter = member.get("/charter").json()
    assert (charter["number"], charter["name"]) == (2, "Test Tenants' Federation")
    assert charter["adopted_by"] == reference
    assert member.get("/charter/versions/2").json()["adopted_by"] == reference
    assert member.get("/charter/versions/1").json()["in_force"] is False


def test_an_invalid_amended_charter_is_422_with_its_problems(admin):
    response = admin.post(
        "/decisions",
        resolution(
            decision_type="charter.amend",
            notice_given=True,
            new_charter_text="minutebook_charter: 1\norganization: {}\n",
        ),
    )
    assert response.status_code == 422
    assert fields(response) == {"new_charter_text"}
    assert rules(response) == {"charter_invalid"}
    assert len(response.json()["detail"]) > 1


def test_the_check_gives_the_verdict_without_recording(admin):
    count = Decision.objects.count()
    response = admin.post("/decisions/check", expulsion())
    assert response.status_code == 200
    verdict = response.json()
    assert verdict["passed"] is False
    assert verdict["threshold"] == "two_thirds_entire"
    assert {f["rule"] for f in verdict["failures"]} == {"quorum", "threshold", "notice"}
    assert admin.post("/decisions/check", resolution()).json()["passed"] is True
    assert Decision.objects.count() == count


def test_only_those_who_may_record_may_check(member, outsider_api, anonymous):
    assert member.post("/decisions/check", resolution()).status_code == 403
    assert outsider_api.post("/decisions/check", resolution()).status_code == 422
    assert anonymous.post("/decisions/check", resolution()).status_code == 401


def test_the_secretary_reports_progress(org, ledger, council_secretary):
    reference = ledger["overdue"].reference
    response = council_secretary.post(
        f"/decisions/{reference}/progress",
        {"written_on": "2026-05-02", "text": "Accounts drafted.", "status": "in_progress"},
    )
    assert response.status_code == 201
    assert response.json()["status_after"] == "in_progress"
    assert response.json()["author"] == "Council Member 0"
    decision = council_secretary.get(f"/decisions/{reference}").json()
    assert decision["status"] == "in_progress"
    assert decision["progress_notes"][-1]["text"] == "Accounts drafted."
    assert JournalEntry.objects.order_by("-position").first().action == "decision.progress"


def test_a_member_may_not_report_progress(ledger, member):
    response = member.post(
        f"/decisions/{ledger['overdue'].reference}/progress",
        {"written_on": "2026-05-02", "text": "Done.", "status": "implemented"},
    )
    assert response.status_code == 403


def test_progress_on_a_hidden_decision_is_404(ledger, member):
    response = member.post(
        f"/decisions/{ledger['bureau'].reference}/progress",
        {"written_on": "2026-05-02", "text": "Done.", "status": "implemented"},
    )
    assert response.status_code == 404


def test_a_status_the_decision_cannot_reach_is_422(ledger, admin):
    response = admin.post(
        f"/decisions/{ledger['rescinded'].reference}/progress",
        {"written_on": "2026-05-02", "text": "Done.", "status": "implemented"},
    )
    assert response.status_code == 422
    assert fields(response) == {"status"}
    response = admin.post(
        f"/decisions/{ledger['overdue'].reference}/progress",
        {"written_on": "2026-05-02", "text": "Done.", "status": "finished"},
    )
    assert response.status_code == 422
    assert fields(response) == {"status"}


def test_the_responsible_member_reports_progress(org, secretary):
    east_member = org.members["east-member"]
    created = secretary.post(
        "/decisions", resolution(responsible_member=east_member.membership_number)
    ).json()
    assert created["responsible_member"]["full_name"] == "East Rank And File"
    response = Api(east_member.user).post(
        f"/decisions/{created['reference']}/progress",
        {"written_on": "2026-05-02", "text": "Letter sent.", "status": "implemented"},
    )
    assert response.status_code == 201


def test_a_browser_session_needs_the_csrf_token(org):
    browser = Api(org.user("east-delegate-0"), client=Client(enforce_csrf_checks=True))
    response = browser.post("/decisions", resolution())
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"][0]["message"]
    browser.client.cookies["csrftoken"] = "x" * 32
    response = browser.post("/decisions", resolution(), headers={"X-CSRFToken": "x" * 32})
    assert response.status_code == 201


# The steps of a decision's procedure


def test_a_pending_decision_shows_its_procedure_and_takes_its_ratification(org):
    bylaws = record(
        org.bodies["council"], "bylaws.amend", yes=4, no=1, decided_on=dt.date(2026, 3, 2)
    )
    detail = Api(org.admin).get(f"/decisions/{bylaws.reference}").json()
    assert detail["status"] == "pending" and detail["in_force_from"] is None
    assert [
        (s["kind"], s["body"]["slug"], s["status"], s["due_on"]) for s in detail["procedure"]
    ] == [
        # due by 1 May; the tests' clock stands in November, so as of today it has lapsed
        ("ratify", "assembly", "lapsed", "2026-05-01"),
        ("veto", "bureau", "not_reached", None),
    ]

    answer = Api(org.user("east-delegate-0")).post(
        f"/decisions/{bylaws.reference}/steps",
        {"body": "assembly", "decided_on": "2026-04-01", "votes_for": 4, "votes_against": 2},
    )

    assert answer.status_code == 201, answer.json()
    assert answer.json()["carried"] is True
    detail = Api(org.admin).get(f"/decisions/{bylaws.reference}").json()
    assert detail["status"] == "adopted" and detail["in_force_from"] == "2026-04-16"
    assert [s["status"] for s in detail["procedure"]] == ["given", "window_passed"]
    assert detail["steps"][0]["body"]["slug"] == "assembly"


def test_a_step_by_the_wrong_body_is_refused_with_its_rule(org):
    bylaws = record(
        org.bodies["council"], "bylaws.amend", yes=4, no=1, decided_on=dt.date(2026, 3, 2)
    )

    answer = Api(org.admin).post(
        f"/decisions/{bylaws.reference}/steps",
        {"body": "council", "decided_on": "2026-04-01", "votes_for": 5, "votes_against": 0},
    )

    assert answer.status_code == 422
    assert [(d["field"], d["rule"]) for d in answer.json()["detail"]] == [("body", "step_body")]


def test_a_step_of_a_decision_one_may_not_see_is_not_found(org, outsider):
    bylaws = record(
        org.bodies["council"], "bylaws.amend", yes=4, no=1, decided_on=dt.date(2026, 3, 2)
    )
    step = {"body": "assembly", "decided_on": "2026-04-01", "votes_for": 4, "votes_against": 0}
    assert Api(outsider).post(f"/decisions/{bylaws.reference}/steps", step).status_code == 404
    assert (
        Api(org.user("east-member")).post(f"/decisions/{bylaws.reference}/steps", step).status_code
        == 403
    )
