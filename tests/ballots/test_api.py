"""The ballots API: list, detail, call, cast (the receipt once), result, cancel, receipts.
Outsiders 404, members who may see but not act 403."""

import datetime as dt

import pytest

from minutebook.ballots.services import ballot_close, ballots_tick
from minutebook.votes.receipts import receipt_hash
from tests.api.conftest import Api, fields
from tests.ballots.world import call_referendum, open_referendum


def test_a_referendum_from_the_call_to_the_receipts(org, clock, outsider):
    secretary = Api(org.user("council-0"))
    opens = clock.now + dt.timedelta(days=14)
    payload = {
        "title": "Join the federation",
        "decision_type": "resolution",
        "opens_at": opens.isoformat(),
        "closes_at": (opens + dt.timedelta(days=7)).isoformat(),
    }
    assert (
        Api(org.user("east-member")).post("/bodies/referendum/ballots", payload).status_code == 403
    )
    assert Api(outsider).post("/bodies/referendum/ballots", payload).status_code == 404
    short = {**payload, "opens_at": (clock.now + dt.timedelta(days=3)).isoformat()}
    refused = secretary.post("/bodies/referendum/ballots", short)
    assert refused.status_code == 422 and fields(refused) == {"opens_at"}

    called = secretary.post("/bodies/referendum/ballots", payload)
    assert called.status_code == 201
    ballot = called.json()
    assert (ballot["status"], ballot["secret"], ballot["accepting_votes"]) == (
        "announced",
        True,
        False,
    )
    clock.advance(days=14)
    ballots_tick()
    member = Api(org.user("east-member"))
    mine = member.get("/ballots", open_to_me=True).json()["items"]
    assert [b["id"] for b in mine] == [ballot["id"]] and mine[0]["you_may_vote"]
    cast = member.post(f"/ballots/{ballot['id']}/cast", {"choice": "for"})
    assert cast.status_code == 201
    code = cast.json()["receipt_code"]
    assert code and cast.json()["choice"] is None
    again = member.post(f"/ballots/{ballot['id']}/cast", {"choice": "for"})
    assert again.status_code == 422
    assert member.get(f"/ballots/{ballot['id']}").json()["you_have_voted"] is True
    assert Api(outsider).post(f"/ballots/{ballot['id']}/cast", {"choice": "for"}).status_code == 404
    assert Api(org.user("applicant")).get(f"/ballots/{ballot['id']}").status_code == 404

    clock.advance(days=7)
    late = Api(org.user("west-member"))
    detail = late.get(f"/ballots/{ballot['id']}").json()
    assert (detail["status"], detail["accepting_votes"]) == ("closing", False)
    assert late.post(f"/ballots/{ballot['id']}/cast", {"choice": "for"}).status_code == 422

    ballots_tick()
    result = late.get(f"/ballots/{ballot['id']}/result").json()
    assert (result["turnout"], result["electorate"], result["votes_for"]) == (1, 13, 1)
    assert result["adopted"] is True and result["explanation"].startswith("1 of 13 voted.")
    receipts = late.get(f"/ballots/{ballot['id']}/receipts").json()
    assert receipts == [{"receipt_hash": receipt_hash(code), "choice": "for"}]


@pytest.mark.parametrize(
    ("who", "status"), [("council-0", 200), ("council-1", 403), ("east-member", 403)]
)
def test_who_cancels_through_the_api(org, clock, who, status):
    ballot = open_referendum(org, clock)
    answer = Api(org.user(who)).post(f"/ballots/{ballot.pk}/cancel", {"reason": "Wrong text"})
    assert answer.status_code == status


def test_a_missing_ballot_is_a_404(org):
    assert Api(org.admin).get("/ballots/4242").status_code == 404


def test_the_result_waits_for_the_close(org, clock):
    ballot = open_referendum(org, clock)
    api = Api(org.user("west-member"))
    assert api.get(f"/ballots/{ballot.pk}/result").json()["votes_for"] is None
    clock.advance(days=7)
    ballot_close(ballot=ballot)
    assert api.get(f"/ballots/{ballot.pk}/result").json()["adopted"] is False


def test_the_list_is_paged_as_the_other_lists(org, clock, outsider):
    """Three ballots of the referendum, newest opening first: limit 2 gives the two opening
    last and the count of all three; offset 2 the first one called; an outsider sees none."""
    first = call_referendum(org, clock, title="First")
    clock.advance(days=1)
    second = call_referendum(org, clock, title="Second")
    clock.advance(days=1)
    third = call_referendum(org, clock, title="Third")
    api = Api(org.user("council-1"))
    page = api.get("/ballots", limit=2).json()
    assert (page["count"], page["limit"], page["offset"]) == (3, 2, 0)
    assert [b["id"] for b in page["items"]] == [third.pk, second.pk]
    rest = api.get("/ballots", limit=2, offset=2).json()
    assert [b["id"] for b in rest["items"]] == [first.pk]
    assert api.get("/ballots", body="council").json()["count"] == 0
    assert api.get("/ballots", limit=0).status_code == 422
    assert Api(outsider).get("/ballots").json()["count"] == 0
