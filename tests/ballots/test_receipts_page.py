"""The receipts page of a closed secret ballot: each paper in words, as a meeting's secret
ballot shows it (the shared `votes/receipts_published.html`), and "Check my receipt"."""

from django.test import Client
from django.urls import reverse

from minutebook.ballots.services import ballot_cast, ballot_close, ballot_open
from minutebook.votes.receipts import receipt_hash
from tests.ballots.test_elections import call, ids
from tests.ballots.world import open_referendum


def reader(org) -> Client:
    client = Client()
    client.force_login(org.user("west-member"))
    return client


def test_a_referendums_receipts_say_the_answer_and_the_check_finds_it(org, clock):
    ballot = open_referendum(org, clock)
    code = ballot_cast(actor=org.user("east-member"), ballot=ballot, choice="against").receipt_code
    url = reverse("ballots:receipts", args=[ballot.pk])
    assert "published when the ballot closes" in reader(org).get(url).content.decode()
    clock.advance(days=7)
    ballot_close(ballot=ballot)

    page = reader(org).get(url).content.decode()
    assert f'<td class="hash">{receipt_hash(code)}</td><td>Against</td>' in page
    found = reader(org).post(url, {"code": code}).content.decode()
    assert "was counted as: <strong>Against</strong>" in found
    missing = reader(org).post(url, {"code": "AAAA-AAAA-AAAA-AAAA-AAAA"}).content.decode()
    assert "No ballot has this receipt" in missing and "tell the secretary" in missing


def test_an_elections_receipts_say_the_ranking_with_the_candidates_names(org, clock):
    ballot = call(org, clock)
    clock.advance(days=14)
    ballot = ballot_open(ballot=ballot)
    c = ids(ballot)
    ranking = [[c["West Rank And File"]], [c["East Rank And File"]]]
    code = ballot_cast(actor=org.user("council-1"), ballot=ballot, ranking=ranking).receipt_code
    blank = ballot_cast(actor=org.user("council-2"), ballot=ballot, ranking=[]).receipt_code
    clock.advance(days=7)
    ballot_close(ballot=ballot)

    page = reader(org).get(reverse("ballots:receipts", args=[ballot.pk])).content.decode()
    assert (
        f'<td class="hash">{receipt_hash(code)}</td>'
        "<td>1. West Rank And File, 2. East Rank And File</td>"
    ) in page
    assert f'<td class="hash">{receipt_hash(blank)}</td><td>blank</td>' in page
