"""Calling an election by ballot from the page: the seats the members elect, the counting
method, the candidates by membership number; errors on the form; who may (404 where the
members elect nothing, 403 for those who may not call)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from minutebook.ballots.models import Ballot, BallotKind


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(org, clock, who="council-0", *, days=14, candidates=None, seats=1, method="irv"):
    opens = clock.now + dt.timedelta(days=14)
    numbers = candidates or [
        org.members[k].membership_number for k in ("east-member", "west-member")
    ]
    return client_for(org.user(who)).post(
        reverse("ballots:new_election", args=["referendum"]),
        {
            "elects": "trustees",
            "seats": seats,
            "method": method,
            "candidates": "\n".join(numbers),
            "title": "",
            "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (opens + dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M"),
        },
    )


def test_the_council_secretary_calls_an_election_from_the_page(org, clock):
    page = client_for(org.user("council-0")).get(reverse("ballots:body", args=["referendum"]))
    assert reverse("ballots:new_election", args=["referendum"]) in page.content.decode()
    form = client_for(org.user("council-0")).get(
        reverse("ballots:new_election", args=["referendum"])
    )
    assert '<option value="trustees">Trustees</option>' in form.content.decode()

    answer = post(org, clock, days=7)

    ballot = Ballot.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse(
        "ballots:detail", args=[ballot.pk]
    )
    assert (ballot.kind, ballot.elects.slug, ballot.seats, ballot.method) == (
        BallotKind.ELECTION,
        "trustees",
        1,
        "irv",
    )
    names = sorted(c.member.full_name for c in ballot.candidates.select_related("member"))
    assert names == ["East Rank And File", "West Rank And File"]


def test_errors_are_shown_on_the_form_and_nothing_is_called(org, clock):
    unknown = post(org, clock, candidates=["NO-SUCH-NUMBER"]).content.decode()
    assert "no member numbered NO-SUCH-NUMBER" in unknown
    too_long = post(org, clock, days=22).content.decode()
    assert "open 7 to 21 days; this one would be open 22 day(s)" in too_long
    irv_two = post(org, clock, seats=2).content.decode()
    assert "elects one seat" in irv_two
    applicant = [
        org.members["applicant"].membership_number,
        org.members["east-member"].membership_number,
    ]
    assert (
        "is not a member in good standing"
        in post(org, clock, candidates=applicant).content.decode()
    )
    assert not Ballot.objects.exists()


@pytest.mark.parametrize(("who", "status"), [("council-1", 403), ("east-member", 403)])
def test_only_those_who_call_ballots_call_an_election(org, clock, who, status):
    url = reverse("ballots:new_election", args=["referendum"])
    assert client_for(org.user(who)).get(url).status_code == status
    assert post(org, clock, who).status_code == status


def test_a_body_whose_members_elect_nothing_has_no_election_form(org):
    url = reverse("ballots:new_election", args=["council"])
    assert client_for(org.user("council-0")).get(url).status_code == 404
    page = client_for(org.user("council-0")).get(reverse("ballots:body", args=["council"]))
    assert url not in page.content.decode()
