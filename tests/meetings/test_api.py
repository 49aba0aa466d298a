"""The meetings API: the same services and the same visibility as the pages, errors in the
common format."""

import json

import pytest

from minutebook.meetings import services
from minutebook.meetings.models import Meeting, MeetingStatus
from tests.api.conftest import Api, fields, rules
from tests.meetings.conftest import convene

CONVENE = {
    "body": "council",
    "title": "September meeting",
    "starts_at": "2026-09-12T10:00:00+00:00",
    "place": "Union Hall",
    "agenda": [{"title": "Reports", "minutes_allocated": 20}, {"title": "Budget"}],
}


@pytest.fixture
def api(org, council, clock):
    return {key: Api(user) for key, user in {
        "admin": org.admin,
        "secretary": org.user("council-0"),
        "seat_holder": org.user("council-2"),
        "member": org.user("east-member"),
    }.items()}  # fmt: skip


def test_convene_and_read(api, org):
    response = api["secretary"].post("/meetings", CONVENE)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "scheduled"
    assert body["notice"] == {
        "required_days": 7,
        "required_hours": None,
        "days_given": 103,
        "late": False,
        "explanation": body["notice"]["explanation"],
    }
    assert [(i["position"], i["title"], i["minutes_allocated"]) for i in body["agenda"]] == [
        (1, "Reports", 20),
        (2, "Budget", None),
    ]
    assert body["quorum"] == {
        "filled_seats": 5,
        "present": 0,
        "required": 3,
        "fixed": True,
        "rule": "at least half of the filled seats present",
        "has_quorum": False,
    }
    listed = api["member"].get("/meetings", body="council").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]
    assert api["member"].get(f"/meetings/{body['id']}").status_code == 200


def test_convene_errors_are_in_the_common_format(api):
    response = api["seat_holder"].post("/meetings", CONVENE)
    assert response.status_code == 403 and rules(response) == {"forbidden"}
    response = api["secretary"].post("/meetings", {**CONVENE, "place": ""})
    assert response.status_code == 422 and fields(response) == {"place"}
    response = api["secretary"].post("/meetings", {**CONVENE, "body": "no-such-body"})
    assert response.status_code == 422 and rules(response) == {"unknown"}
    response = api["secretary"].post(
        "/meetings",
        {**CONVENE, "emergency": True, "emergency_declared_by": "bureau", "emergency_reason": "x"},
    )
    assert response.status_code == 422 and fields(response) == {"emergency_declared_by"}
    response = api["secretary"].post("/meetings", {**CONVENE, "starts_at": "soon"})
    assert response.status_code == 422 and fields(response) == {"starts_at"}


def test_agenda_documents_attendance_and_states(api, org, meeting, clock):
    secretary, seat_holder = api["secretary"], api["seat_holder"]
    base = f"/meetings/{meeting.pk}"
    item = secretary.post(f"{base}/agenda", {"title": "Elections", "position": 1}).json()
    assert item["position"] == 1
    assert seat_holder.post(f"{base}/agenda", {"title": "Mine"}).status_code == 403
    edited = secretary.client.put(
        f"/api/v1{base}/agenda/{item['id']}",
        '{"title": "Elections of officers", "minutes_allocated": 30}',
        content_type="application/json",
    )
    assert edited.json()["minutes_allocated"] == 30
    ids = [i["id"] for i in secretary.get(f"{base}/agenda").json()]
    reordered = secretary.client.put(
        f"/api/v1{base}/agenda/order",
        json.dumps({"items": list(reversed(ids))}),
        content_type="application/json",
    )
    assert [i["id"] for i in reordered.json()] == list(reversed(ids))
    assert secretary.delete(f"{base}/agenda/{item['id']}").status_code == 204

    number = org.members["council-2"].membership_number
    paper = seat_holder.post(
        f"{base}/documents", {"title": "My paper", "text": "Text", "authors": [number]}
    )
    assert paper.status_code == 201 and paper.json()["notice"]["late"] is False
    anonymous = secretary.post(f"{base}/documents", {"title": "Anon", "text": "Text"})
    assert anonymous.status_code == 422 and fields(anonymous) == {"authors"}
    listed = api["member"].get(f"{base}/documents").json()
    assert [d["title"] for d in listed] == ["My paper"]
    assert api["member"].get(f"{base}/documents/{paper.json()['id']}").json()["text"] == "Text"

    early = seat_holder.post(f"{base}/check-in", {})
    assert (
        early.status_code == 422
        and "once the meeting is open" in early.json()["detail"][0]["message"]
    )
    clock.set(meeting.starts_at)
    opened = secretary.post(f"{base}/open", {})
    assert opened.json()["status"] == "open"
    assert opened.json()["chair"]["membership_number"] == org.members["council-0"].membership_number
    assert seat_holder.post(f"{base}/check-in", {}).status_code == 201
    chair_in = secretary.post(
        f"{base}/check-in", {"member": org.members["council-3"].membership_number}
    )
    assert chair_in.status_code == 201 and chair_in.json()["holds_seat"] is True
    proxy = secretary.post(
        f"{base}/check-in",
        {
            "member": org.members["council-1"].membership_number,
            "proxy_for": org.members["council-4"].membership_number,
        },
    )
    assert proxy.status_code == 422 and fields(proxy) == {"proxy_for"}
    quorum = api["member"].get(f"{base}/quorum").json()
    assert (quorum["present"], quorum["required"]) == (2, 3)
    assert seat_holder.post(f"{base}/check-out", {}).json()["checked_out_at"]
    assert len(api["member"].get(f"{base}/attendance").json()) == 2
    closed = secretary.post(f"{base}/close")
    assert closed.json()["status"] == "closed"
    assert closed.json()["quorum_at_closing"]["present"] == 1
    again = secretary.post(f"{base}/close")
    assert again.status_code == 422 and fields(again) == {"status"}
    minutes = api["member"].get(f"{base}/minutes").json()
    assert minutes["draft"] is True and minutes["approved_by"] is None
    assert minutes["markdown"].startswith("# Minutes of the Council: Ordinary meeting")


def test_approving_minutes_through_the_api(two_meetings, clock):
    org, first, second = two_meetings
    secretary = Api(org.user("council-0"))
    approve = {"at_meeting": second.pk, "votes_for": 3, "votes_against": 0, "present": 3}
    not_yet = secretary.post(f"/meetings/{first.pk}/minutes/approve", approve)
    assert not_yet.status_code == 422 and fields(not_yet) == {"at_meeting"}
    clock.set(second.starts_at)
    secretary.post(f"/meetings/{second.pk}/open", {})
    response = secretary.post(f"/meetings/{first.pk}/minutes/approve", approve)
    assert response.status_code == 201, response.json()
    assert response.json()["decision_type"] == "minutes.approve"
    minutes = secretary.get(f"/meetings/{first.pk}/minutes").json()
    assert minutes["draft"] is False
    assert minutes["approved_by"] == response.json()["reference"]
    refused = secretary.post(
        f"/meetings/{first.pk}/minutes/approve", {**approve, "votes_for": 1, "votes_against": 2}
    )
    assert refused.status_code == 422  # already approved


def test_a_charter_without_minutes_approve_through_the_api(org, council, open_meeting, clock):
    first = services.meeting_close(actor=org.admin, meeting=open_meeting)
    second = convene(org, days=10, title="July")
    clock.set(second.starts_at)
    services.meeting_open(actor=org.admin, meeting=second)
    # Signed in now: a session from three weeks ago (the frozen clock's) has expired.
    response = Api(org.user("council-0")).post(
        f"/meetings/{first.pk}/minutes/approve",
        {"at_meeting": second.pk, "votes_for": 3, "votes_against": 0, "present": 3},
    )
    assert response.status_code == 422 and fields(response) == {"decision_type"}
    assert "no decision type 'minutes.approve'" in response.json()["detail"][0]["message"]


def test_a_member_who_may_not_see_the_body_gets_404_everywhere(api, org, clock):
    meeting = convene(org, actor=org.admin, body=org.bodies["bureau"], days=3)
    document = services.document_circulate(
        actor=org.admin,
        meeting=meeting,
        title="Secret",
        text="SECRET",
        authors=[org.members["council-1"]],
    )
    member = api["member"]
    base = f"/meetings/{meeting.pk}"
    for path in (
        base,
        f"{base}/agenda",
        f"{base}/documents",
        f"{base}/documents/{document.pk}",
        f"{base}/attendance",
        f"{base}/quorum",
        f"{base}/minutes",
    ):
        response = member.get(path)
        assert response.status_code == 404, path
        assert rules(response) == {"not_found"}
    for path in (f"{base}/open", f"{base}/close", f"{base}/check-in", f"{base}/agenda"):
        assert member.post(path, {"title": "x"}).status_code == 404, path
    assert member.get("/meetings", body="bureau").json()["count"] == 0
    hidden = member.post("/meetings", {**CONVENE, "body": "bureau"})
    assert hidden.status_code == 422 and rules(hidden) == {"unknown"}
    # A Bureau member reads it all.
    assert (
        Api(org.user("council-1")).get(f"{base}/documents/{document.pk}").json()["text"] == "SECRET"
    )


def test_anonymous_callers_are_turned_away(org, meeting):
    assert Api().get(f"/meetings/{meeting.pk}").status_code == 401


def test_the_api_and_the_pages_change_the_same_record(api, org, meeting):
    api["secretary"].post(f"/meetings/{meeting.pk}/open", {})
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.OPEN
