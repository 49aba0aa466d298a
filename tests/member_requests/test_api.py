"""The requests API: make, read, answer, withdraw; the same rules as the pages (404 to those
who may not know of a request, 403 to those who may not act, 422 for a refusal by its state
or an empty field), and only the number and status to those who may not read it in full."""

from __future__ import annotations

import datetime as dt

from minutebook.member_requests.models import MemberRequest
from tests.member_requests.conftest import answer, client_for, submit


def api(user):
    return client_for(user)


def test_a_member_makes_a_request_and_reads_its_answer(org):
    client = api(org.user("east-member"))

    made = client.post(
        "/api/v1/requests",
        {"body": "council", "subject": "Dues in 2027", "text": "Will the dues go up?"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["status"], body["duty"], body["subject"]) == ("open", "open", "Dues in 2027")
    request_id = body["id"]
    answered = api(org.user("council-0")).post(
        f"/api/v1/requests/{request_id}/answer", {"answer": "No."}, content_type="application/json"
    )
    assert answered.status_code == 200, answered.content

    read = client.get(f"/api/v1/requests/{request_id}").json()
    assert read["status"] == "answered" and read["answer"] == "No."
    assert read["answered_by"]["full_name"] == "Council Member 0"
    assert read["duty"] == "met"


def test_others_who_read_the_body_s_records_get_the_status_only(org):
    made = submit(org)

    read = api(org.user("west-member")).get(f"/api/v1/requests/{made.pk}").json()

    assert read["in_full"] is False
    assert (read["subject"], read["text"], read["requester"], read["answer"]) == (None,) * 4
    assert read["status"] == "open" and read["due_on"] == "2026-05-01"


def test_an_outsider_gets_a_404(org, outsider):
    made = submit(org, body="bureau")

    assert api(outsider).get(f"/api/v1/requests/{made.pk}").status_code == 404
    assert api(org.user("west-member")).get(f"/api/v1/requests/{made.pk}").status_code == 404


def test_the_wrong_person_answering_gets_a_403(org):
    made = submit(org)

    refused = api(org.user("council-1")).post(
        f"/api/v1/requests/{made.pk}/answer", {"answer": "No."}, content_type="application/json"
    )

    assert refused.status_code == 403
    assert "only the secretary" in refused.json()["detail"][0]["message"]


def test_a_second_answer_and_an_empty_request_are_422(org):
    made = submit(org)
    answer(org, made, dt.date(2026, 4, 10))

    again = api(org.user("council-0")).post(
        f"/api/v1/requests/{made.pk}/answer", {"answer": "Again."}, content_type="application/json"
    )
    empty = api(org.user("east-member")).post(
        "/api/v1/requests",
        {"body": "council", "subject": "", "text": "Why?"},
        content_type="application/json",
    )

    assert again.status_code == 422 and empty.status_code == 422
    assert empty.json()["detail"][0]["field"] == "subject"
    assert MemberRequest.objects.count() == 1


def test_the_list_holds_what_the_caller_may_know_of(org):
    to_council = submit(org)
    to_bureau = submit(org, body="bureau")

    own = api(org.user("east-member")).get("/api/v1/requests").json()
    other = api(org.user("west-member")).get("/api/v1/requests").json()

    assert {item["id"] for item in own["items"]} == {to_council.pk, to_bureau.pk}
    assert {item["id"] for item in other["items"]} == {to_council.pk}


def test_withdrawing_is_the_requester_s(org):
    made = submit(org)

    refused = api(org.user("council-0")).post(f"/api/v1/requests/{made.pk}/withdraw")
    done = api(org.user("east-member")).post(f"/api/v1/requests/{made.pk}/withdraw")

    assert refused.status_code == 403
    assert done.status_code == 200 and done.json()["status"] == "withdrawn"
    assert done.json()["duty"] is None
