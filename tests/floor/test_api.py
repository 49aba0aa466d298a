"""The list of speakers through the API: the same services, the API's error format."""

import pytest

from minutebook.floor.models import SpeakerRequest
from minutebook.journal.models import JournalEntry
from tests.api.conftest import Api, rules


@pytest.fixture
def chair_api(chair):
    return Api(chair)


@pytest.fixture
def delegate_api(delegate):
    return Api(delegate)


def test_read_the_list_with_the_reasons(org, meeting, delegate_api, chair_api):
    delegate_api.post(f"/meetings/{meeting.pk}/speakers", {"kind": "speech"})
    Api(org.user("east-delegate-2")).post(
        f"/meetings/{meeting.pk}/speakers", {"kind": "point_of_order"}
    )

    body = Api(org.user("east-member")).get(f"/meetings/{meeting.pk}/speakers").json()

    assert body["speaking_limit_seconds"] == body["charter_limit_seconds"] == 120
    assert body["current"] is None
    assert [
        (w["position"], w["request"]["member"]["full_name"], w["rules"]) for w in body["waiting"]
    ] == [
        (1, "East Local Delegate 2", ["point_of_order"]),
        (2, "East Local Delegate 1", ["first_come"]),
    ]
    assert body["waiting"][0]["reason"] == "Point of order: heard before the list"


def test_ask_and_withdraw(meeting, delegate_api):
    response = delegate_api.post(
        f"/meetings/{meeting.pk}/speakers", {"kind": "speech", "stance": "pro"}
    )
    assert response.status_code == 201
    created = response.json()
    assert (created["kind"], created["stance"], created["status"]) == ("speech", "pro", "waiting")

    again = delegate_api.post(f"/meetings/{meeting.pk}/speakers", {"kind": "speech"})
    assert again.status_code == 422
    assert "already waiting" in again.json()["detail"][0]["message"]

    withdrawn = delegate_api.post(f"/meetings/{meeting.pk}/speakers/{created['id']}/withdraw")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"


def test_the_chair_runs_the_floor(org, meeting, delegate_api, chair_api, clock):
    delegate_api.post(f"/meetings/{meeting.pk}/speakers", {"kind": "speech"})
    base = f"/meetings/{meeting.pk}/floor"

    called = chair_api.post(f"{base}/call-next")
    assert called.status_code == 200
    assert called.json()["status"] == "speaking"
    started = chair_api.post(f"{base}/timer/start").json()
    assert started["current"]["timer"]["running"] is True
    assert started["current"]["role"] == "Member"
    clock.advance(50)
    extended = chair_api.post(f"{base}/extend", {"seconds": 20, "reason": "An amendment"})
    assert extended.status_code == 201
    assert extended.json()["granted_by"] == "West Local Delegate 0"
    paused = chair_api.post(f"{base}/timer/pause").json()
    assert paused["current"]["timer"] == {
        "limit_seconds": 140,
        "elapsed_seconds": 50.0,
        "running_since": None,
        "running": False,
        "remaining_seconds": 90.0,
    }
    ended = chair_api.post(f"{base}/turn/end").json()
    assert (ended["status"], ended["time_spoken_seconds"]) == ("spoke", 50.0)
    assert [e["reason"] for e in ended["extensions"]] == ["An amendment"]

    assert chair_api.post(f"{base}/options", {"progressive": True}).json()["progressive"]
    assert (
        chair_api.post(f"{base}/limit", {"seconds": 90, "reason": "Late"}).json()[
            "speaking_limit_seconds"
        ]
        == 90
    )
    assert chair_api.post(f"{base}/list/close").json()["list_closed"] is True
    assert chair_api.post(f"{base}/list/reopen").json()["list_closed"] is False
    item = meeting.agenda_items.first()
    assert chair_api.post(f"{base}/item", {"agenda_item": item.pk}).json()["agenda_item"] == {
        "id": item.pk,
        "position": 1,
        "title": "Rents",
    }
    Api(org.user("east-delegate-2")).post(f"/meetings/{meeting.pk}/speakers", {"kind": "speech"})
    closed = chair_api.post(f"{base}/debate/close", {"agenda_item": item.pk}).json()
    assert [m["full_name"] for m in closed["not_called"]] == ["East Local Delegate 2"]
    assert JournalEntry.objects.filter(action="floor.debate_close").count() == 1


def test_the_statistics(org, council_debate):
    api = Api(org.user("council-4"))

    meeting = api.get(f"/meetings/{council_debate.meeting.pk}/speakers/statistics").json()
    body = api.get("/bodies/council/speaking").json()

    assert meeting == body | {"meetings": 1}
    assert (meeting["turns"], meeting["seconds"], meeting["never_called"]) == (4, 350.0, 1)
    assert [(r["leading"], r["seconds"]) for r in meeting["by_role"]] == [
        (True, 190.0),
        (False, 160.0),
    ]
    assert meeting["grants"] == [
        {
            "granted_by": "Council Member 0",
            "granted_to": {
                "membership_number": org.members["council-1"].membership_number,
                "full_name": "Council Member 1",
            },
            "extensions": 1,
            "seconds": 30,
        }
    ]


def test_chair_actions_are_refused_to_delegates(meeting, delegate_api):
    for path in ("call-next", "timer/start", "list/close", "turn/end"):
        response = delegate_api.post(f"/meetings/{meeting.pk}/floor/{path}")
        assert response.status_code == 403, path
        assert rules(response) == {"forbidden"}
    response = delegate_api.post(
        f"/meetings/{meeting.pk}/floor/limit", {"seconds": 600, "reason": "Mine"}
    )
    assert response.status_code == 403


def test_outsiders_get_a_404(org, meeting, outsider):
    api = Api(outsider)

    assert api.get(f"/meetings/{meeting.pk}/speakers").status_code == 404
    assert api.post(f"/meetings/{meeting.pk}/speakers", {"kind": "speech"}).status_code == 404
    assert api.post(f"/meetings/{meeting.pk}/floor/call-next").status_code == 404
    assert api.get("/bodies/assembly/speaking").status_code == 404
    assert not SpeakerRequest.objects.exists()


def test_a_refusal_by_the_rules_is_a_422(meeting, chair_api):
    response = chair_api.post(f"/meetings/{meeting.pk}/floor/call-next")

    assert response.status_code == 422
    assert response.json()["detail"][0]["message"] == "Nobody is waiting to speak."


def test_an_unknown_item_is_named(meeting, delegate_api):
    response = delegate_api.post(
        f"/meetings/{meeting.pk}/speakers", {"kind": "speech", "agenda_item": 999999}
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "agenda_item"
