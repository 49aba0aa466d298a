"""Elections by all members: the charter must have the members of the unit elect the seats,
papers shaped as the counting method needs, counted by the counting core, and the elected
seated with the unit as their constituency."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from minutebook.ballots.models import BallotKind, BallotPaper
from minutebook.ballots.services import (
    ballot_call_election,
    ballot_cast,
    ballot_close,
    ballot_open,
)
from minutebook.bodies.models import Seat
from tests.api.conftest import Api


def call(org, clock, *, method="scottish-stv", seats=2, elects="trustees", names=None):
    names = names or ["east-member", "west-member", "council-3"]
    return ballot_call_election(
        actor=org.user("council-0"),
        body=org.bodies["referendum"],
        elects=org.bodies[elects],
        seats=seats,
        method=method,
        candidates=[org.members[name] for name in names],
        opens_at=clock.now + dt.timedelta(days=14),
        closes_at=clock.now + dt.timedelta(days=21),
    )


def ids(ballot) -> dict[str, int]:
    return {c.member.full_name: c.pk for c in ballot.candidates.select_related("member")}


def test_an_stv_election_by_all_members_seats_the_elected(org, clock):
    ballot = call(org, clock)
    assert ballot.kind == BallotKind.ELECTION and ballot.secret
    clock.advance(days=14)
    ballot = ballot_open(ballot=ballot)
    c = ids(ballot)
    east, west, third = c["East Rank And File"], c["West Rank And File"], c["Council Member 3"]
    rankings = [[[east], [west]]] * 5 + [[[west], [east]]] * 4 + [[[third], [west]]] * 3
    voters = sorted(
        ["east-delegate-0", "east-delegate-1", "east-delegate-2", "west-delegate-0"]
        + ["west-delegate-1", "west-delegate-2", "council-0", "council-1", "council-2"]
        + ["council-3", "council-4", "east-member"]
    )
    for who, ranking in zip(voters, rankings, strict=True):
        cast = ballot_cast(actor=org.user(who), ballot=ballot, ranking=ranking)
        assert cast.receipt_code
    assert BallotPaper.objects.filter(ballot=ballot).count() == 12
    clock.advance(days=7)

    ballot = ballot_close(ballot=ballot)

    assert set(ballot.result["elected"]) == {"East Rank And File", "West Rank And File"}
    assert ballot.result["ballots"] == 12 and ballot.result["rounds"]
    assert ballot.explanation.startswith("12 of 13 voted. Elected:")
    seated = Seat.objects.current().filter(body=org.bodies["trustees"])
    assert {s.member_id for s in seated} == {
        org.members["east-member"].pk,
        org.members["west-member"].pk,
    }
    assert {s.constituency_id for s in seated} == {org.units["union"].pk}


def test_a_plurality_paper_marks_one_candidate(org, clock):
    ballot = call(org, clock, method="plurality", seats=1)
    clock.advance(days=14)
    ballot = ballot_open(ballot=ballot)
    c = list(ids(ballot).values())

    with pytest.raises(ValidationError, match="mark one candidate"):
        ballot_cast(actor=org.user("east-member"), ballot=ballot, ranking=[[c[0], c[1]]])
    with pytest.raises(ValidationError, match="not a candidate"):
        ballot_cast(actor=org.user("east-member"), ballot=ballot, ranking=[[99999]])
    assert ballot_cast(actor=org.user("east-member"), ballot=ballot, ranking=[]).receipt_code


def test_the_charter_must_have_the_members_elect_the_seats(org, clock):
    with pytest.raises(ValidationError, match="does not have the members of the Members' Ref"):
        call(org, clock, elects="council")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"seats": 3}, "2 vacant elected seat"),
        ({"method": "irv", "seats": 2}, "elects one seat"),
        ({"method": "borda-count"}, "unknown counting method"),
        ({"names": ["east-member"]}, "1 candidate\\(s\\) for 2 seat"),
        ({"names": ["east-member", "applicant"]}, "not a member in good standing"),
    ],
)
def test_an_election_the_method_or_the_seats_do_not_allow_is_refused(org, clock, options, message):
    with pytest.raises(ValidationError, match=message):
        call(org, clock, **options)


def test_members_rank_candidates_from_the_page_and_through_the_api(org, clock):
    ballot = call(org, clock)
    clock.advance(days=14)
    ballot = ballot_open(ballot=ballot)
    c = ids(ballot)
    client = Client()
    client.force_login(org.user("east-member"))
    page = client.get(reverse("ballots:detail", args=[ballot.pk])).content.decode()
    assert page.count('class="rank-input"') == 3

    answer = client.post(
        reverse("ballots:cast", args=[ballot.pk]),
        {f"rank_{c['West Rank And File']}": "1", f"rank_{c['Council Member 3']}": "2"},
    )
    assert answer.status_code == 200 and "receipt-code" in answer.content.decode()
    api = Api(org.user("west-member"))
    detail = api.get(f"/ballots/{ballot.pk}").json()
    assert (detail["method"], detail["seats"], len(detail["candidates"])) == ("scottish-stv", 2, 3)
    cast = api.post(f"/ballots/{ballot.pk}/cast", {"ranking": [[c["West Rank And File"]]]})
    assert cast.status_code == 201 and cast.json()["receipt_code"]

    clock.advance(days=7)
    ballot_close(ballot=ballot)
    result = api.get(f"/ballots/{ballot.pk}/result").json()
    assert result["count"]["method"] == "scottish-stv"
    assert [m["full_name"] for m in result["elected"]][0] == "West Rank And File"


def test_the_secretary_calls_an_election_through_the_api(org, clock, outsider):
    opens = clock.now + dt.timedelta(days=14)
    payload = {
        "elects": "trustees",
        "seats": 1,
        "method": "irv",
        "candidates": [org.members["east-member"].membership_number],
        "opens_at": opens.isoformat(),
        "closes_at": (opens + dt.timedelta(days=7)).isoformat(),
    }
    url = "/bodies/referendum/elections-by-ballot"
    assert Api(org.user("east-member")).post(url, payload).status_code == 403
    assert Api(outsider).post(url, payload).status_code == 404
    unknown = Api(org.user("council-0")).post(url, {**payload, "candidates": ["nobody"]})
    assert unknown.status_code == 422

    called = Api(org.user("council-0")).post(url, payload)

    assert called.status_code == 201
    assert (called.json()["kind"], called.json()["method"]) == ("election", "irv")
    assert [c["member"]["full_name"] for c in called.json()["candidates"]] == ["East Rank And File"]
