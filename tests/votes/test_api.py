"""The votes and elections API: opening (422 with the quorum problem unless `proceed`),
casting (a receipt code for secret ballots, once), closing, results, receipts; elections
created, nominated, voted, counted and their result. Outsiders 404, others 403."""

from __future__ import annotations

import datetime as dt

import pytest

from minutebook.bodies.models import Seat
from minutebook.bodies.services import seat_end
from minutebook.votes.receipts import receipt_hash
from tests.api.conftest import Api, fields
from tests.motions.world import admitted, check_in, make_meeting


@pytest.fixture
def motion(org, meeting):
    return admitted(org, meeting)


def test_a_secret_vote_from_opening_to_receipts(org, meeting, motion, outsider):
    chair = Api(org.user("east-delegate-0"))
    assert (
        Api(org.user("west-delegate-0"))
        .post(f"/meetings/{meeting.pk}/votes", {"method": "secret", "motion": motion.pk})
        .status_code
        == 403
    )
    opened = chair.post(f"/meetings/{meeting.pk}/votes", {"method": "secret", "motion": motion.pk})
    assert opened.status_code == 201
    vote = opened.json()
    assert (vote["status"], vote["present"], vote["threshold"]) == ("open", 6, "majority_cast")

    cast = Api(org.user("west-delegate-0")).post(f"/votes/{vote['id']}/cast", {"choice": "for"})
    assert cast.status_code == 201
    body = cast.json()
    assert body["choice"] is None and body["receipt_code"]
    twice = Api(org.user("west-delegate-0")).post(f"/votes/{vote['id']}/cast", {"choice": "for"})
    assert twice.status_code == 422
    assert (
        Api(org.user("east-member"))
        .post(f"/votes/{vote['id']}/cast", {"choice": "for"})
        .status_code
        == 403
    )
    assert Api(outsider).post(f"/votes/{vote['id']}/cast", {"choice": "for"}).status_code == 404

    assert Api(org.user("east-member")).get(f"/votes/{vote['id']}").json()["cast"] == 1
    closed = chair.post(f"/votes/{vote['id']}/close", {})
    assert closed.status_code == 200
    assert (closed.json()["votes_for"], closed.json()["adopted"]) == (1, True)
    assert closed.json()["named"] is None
    receipts = Api(org.user("east-member")).get(f"/votes/{vote['id']}/receipts").json()
    assert receipts == [{"receipt_hash": receipt_hash(body["receipt_code"]), "says": "For"}]


def test_opening_without_quorum_needs_proceed(org, clock):
    meeting = make_meeting(org)
    check_in(org, meeting, "east-delegate-0")
    motion = admitted(org, meeting)
    chair = Api(org.user("east-delegate-0"))
    refused = chair.post(f"/meetings/{meeting.pk}/votes", {"method": "named", "motion": motion.pk})
    assert refused.status_code == 422 and fields(refused) == {"proceed"}
    assert refused.json()["detail"][0]["message"].startswith("no quorum: 1 present")
    opened = chair.post(
        f"/meetings/{meeting.pk}/votes",
        {"method": "named", "motion": motion.pk, "proceed": True, "proceed_reason": "urgent"},
    )
    assert opened.status_code == 201 and opened.json()["irregular"]


def test_a_show_of_hands_and_a_roll_call(org, meeting, motion):
    chair = Api(org.user("east-delegate-0"))
    vote = chair.post(
        f"/meetings/{meeting.pk}/votes", {"method": "roll_call", "motion": motion.pk}
    ).json()
    number = org.members["west-delegate-1"].membership_number
    recorded = chair.post(f"/votes/{vote['id']}/roll-call", {"voter": number, "choice": "against"})
    assert recorded.json()["named"][0]["choice"] == "against"
    chair.post(f"/votes/{vote['id']}/cancel", {"reason": "try hands"})
    hands = chair.post(
        f"/meetings/{meeting.pk}/votes", {"method": "show_of_hands", "motion": motion.pk}
    ).json()
    closed = chair.post(f"/votes/{hands['id']}/close", {"votes_for": 5, "votes_against": 1})
    assert closed.json()["adopted"] is True
    assert Api(org.user("east-member")).get(f"/votes/{hands['id']}/receipts").status_code == 403


def test_an_election_through_the_api(org, meeting):
    seat = Seat.objects.get(body=org.bodies["council"], member=org.members["council-4"])
    seat_end(actor=org.admin, seat=seat, ended_on=dt.date(2026, 5, 1), reason="resigned")
    chair = Api(org.user("east-delegate-0"))
    created = chair.post(
        f"/meetings/{meeting.pk}/elections", {"body": "council", "seats": 1, "method": "schulze"}
    )
    assert created.status_code == 201
    election_id = created.json()["id"]
    for key in ("east-member", "west-member"):
        number = org.members[key].membership_number
        candidates = chair.post(f"/elections/{election_id}/candidates", {"member": number}).json()
    for candidate in candidates["candidates"]:
        chair.post(f"/elections/{election_id}/candidates/{candidate['id']}/accept")
    ids = {c["member"]["full_name"]: c["id"] for c in candidates["candidates"]}
    assert chair.post(f"/elections/{election_id}/open", {}).status_code == 201
    for key in ("east-delegate-0", "east-delegate-1", "west-delegate-0"):
        cast = Api(org.user(key)).post(
            f"/elections/{election_id}/cast",
            {"ranking": [[ids["West Rank And File"]], [ids["East Rank And File"]]]},
        )
        assert cast.status_code == 201 and cast.json()["receipt_code"]
    assert Api(org.user("west-member")).post(f"/elections/{election_id}/count").status_code == 403
    counted = chair.post(f"/elections/{election_id}/count")
    assert counted.status_code == 200
    result = counted.json()
    assert result["status"] == "counted" and result["result"]["elected"] == ["West Rank And File"]
    assert result["tie_seed"] is not None and result["result"]["method"] == "schulze"
    election = Api(org.user("east-member")).get(f"/elections/{election_id}").json()
    assert [m["full_name"] for m in election["seated"]] == ["West Rank And File"]
