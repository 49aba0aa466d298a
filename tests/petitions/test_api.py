"""The petitions API: start, sign, withdraw a signature, follow progress and the obligation."""

import json

from minutebook.petitions.models import Petition
from tests.petitions.conftest import client_for, start


def post(client, path: str, data: dict | None = None):
    return client.post(f"/api/v1{path}", json.dumps(data or {}), "application/json")


def test_starting_signing_and_following_a_petition(org):
    starter = client_for(org.user("east-member"))
    started = post(
        starter,
        "/petitions",
        {"kind": "special-assembly", "title": "Rent strike", "demand": "Meet on it."},
    )
    assert started.status_code == 201, started.content
    body = started.json()
    assert body["status"] == "collecting" and body["signed"] is True
    assert body["entitled_at_opening"] == 13
    assert body["progress"]["words"] == (
        "1 of 4 signatures (30 % of 13 members in good standing at opening)"
    )
    pk = body["id"]

    for key in ("west-member", "east-delegate-0"):
        assert post(client_for(org.user(key)), f"/petitions/{pk}/sign").status_code == 200
    reached = post(client_for(org.user("east-delegate-1")), f"/petitions/{pk}/sign").json()

    assert reached["status"] == "reached"
    assert reached["obligation"]["body"] == "assembly"
    assert reached["obligation"]["kind"] == "meeting"
    assert reached["obligation"]["state"] == "open"
    assert [s["member"]["full_name"] for s in reached["signatures"]][0] == "East Rank And File"
    listed = starter.get("/api/v1/petitions").json()
    assert listed["count"] == 1 and listed["items"][0]["progress"]["reached"] is True


def test_refusals_name_the_rule(org, suspended):
    petition = start(org)
    member = client_for(org.user("east-member"))

    twice = post(member, f"/petitions/{petition.pk}/sign")
    assert twice.status_code == 422
    assert twice.json()["detail"][0]["field"] == "member"
    assert "has signed this petition already" in twice.json()["detail"][0]["message"]

    refused = post(client_for(suspended), f"/petitions/{petition.pk}/sign")
    assert refused.status_code == 403
    assert "not a member in good standing" in refused.json()["detail"][0]["message"]

    unknown = post(member, "/petitions", {"kind": "nope", "title": "T", "demand": "D"})
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["field"] == "kind"
    assert Petition.objects.count() == 1


def test_withdrawing_a_signature(org):
    petition = start(org)
    client = client_for(org.user("west-member"))
    post(client, f"/petitions/{petition.pk}/sign")

    answer = post(client, f"/petitions/{petition.pk}/withdraw-signature")

    assert answer.status_code == 200
    assert answer.json()["signed"] is False and answer.json()["progress"]["signatures"] == 1


def test_signers_are_hidden_from_those_who_may_not_sign(org):
    petition = start(org, "council-1", kind="council-recall")

    seen = client_for(org.user("east-member")).get(f"/api/v1/petitions/{petition.pk}").json()

    assert seen["signatures"] is None and seen["progress"]["signatures"] == 1


def test_a_petition_the_caller_may_not_start_is_a_403(org):
    answer = post(
        client_for(org.user("west-member")),
        "/petitions",
        {"kind": "east-meeting", "title": "T", "demand": "D"},
    )

    assert answer.status_code == 403
    assert "only the members of East Local" in answer.json()["detail"][0]["message"]
