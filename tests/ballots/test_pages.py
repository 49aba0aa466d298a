"""The ballot pages: who sees and does what (404 for those who may not see a ballot, 403 for
those who may see but not act), voting from the ballot page with its receipt, the result
explained, and a page made for a phone's screen."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from minutebook.ballots.models import Ballot, BallotStatus
from minutebook.ballots.services import ballot_call, ballot_cancel, ballot_close, ballot_open
from tests.ballots.world import open_circular, open_referendum


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def personas(org, outsider):
    return {
        "admin": org.admin,
        "caller": org.user("council-0"),  # the council's secretary
        "council": org.user("council-1"),
        "member": org.user("east-member"),
        "applicant": org.user("applicant"),
        "outsider": outsider,
    }


def test_a_member_votes_from_the_ballot_page_and_gets_a_receipt_once(org, clock):
    ballot = open_referendum(org, clock)
    client = client_for(org.user("east-member"))
    page = client.get(reverse("ballots:detail", args=[ballot.pk])).content.decode()
    assert 'name="choice" value="for"' in page

    answer = client.post(reverse("ballots:cast", args=[ballot.pk]), {"choice": "against"})

    text = answer.content.decode()
    assert answer.status_code == 200
    assert "Your vote is recorded" in text
    code = re.search(r'receipt-code">([0-9A-Z-]{24})<', text)[1]
    again = client.get(reverse("ballots:detail", args=[ballot.pk])).content.decode()
    assert "You have voted" in again and code not in again and 'name="choice"' not in again
    second = client.post(reverse("ballots:cast", args=[ballot.pk]), {"choice": "for"})
    assert second.status_code == 422 and "already voted" in second.content.decode()


def test_a_ballot_past_its_closing_time_shows_no_form_and_refuses_votes(org, clock):
    ballot = open_referendum(org, clock)
    clock.advance(days=7, seconds=1)
    client = client_for(org.user("east-member"))

    page = client.get(reverse("ballots:detail", args=[ballot.pk])).content.decode()
    assert 'name="choice"' not in page and "Voting ended" in page
    answer = client.post(reverse("ballots:cast", args=[ballot.pk]), {"choice": "for"})
    assert answer.status_code == 422 and "closed at" in answer.content.decode()


def test_the_result_shows_turnout_and_the_threshold_explained(org, clock):
    ballot = open_referendum(org, clock)
    client_for(org.user("east-member")).post(
        reverse("ballots:cast", args=[ballot.pk]), {"choice": "for"}
    )
    clock.advance(days=7)
    ballot = ballot_close(ballot=ballot)

    page = client_for(org.user("west-member")).get(reverse("ballots:detail", args=[ballot.pk]))
    text = page.content.decode()
    assert "1 of 13" in text and "Adopted" in text
    assert ballot.explanation.split(". ")[1][:20] in text


def test_the_ballot_page_is_made_for_a_phone(org, clock):
    """The structure a 360 px screen needs (the browser test is the lead's): the viewport
    meta, the ballot's own stylesheet, one radio per choice inside a full-width label, a
    full-width submit button, and no table or fixed width on the page."""
    ballot = open_referendum(org, clock)
    page = client_for(org.user("east-member")).get(reverse("ballots:detail", args=[ballot.pk]))
    text = page.content.decode()

    assert 'name="viewport" content="width=device-width, initial-scale=1"' in text
    assert "minutebook/ballots.css" in text
    assert text.count('class="ballot-choice"') == 3
    assert 'class="ballot-submit"' in text
    main = text.split('<div class="ballot-page">')[1]
    assert "<table" not in main and "width:" not in main and "style=" not in main
    css = __import__("pathlib").Path("minutebook/static/minutebook/ballots.css").read_text()
    assert "min-height: 3.5rem" in css and "width: 100%" in css
    assert not re.search(r"width:\s*\d{3,}px", css)


def test_the_navigation_lists_the_ballots_open_to_the_viewer(org, clock):
    ballot = open_referendum(org, clock)
    page = client_for(org.user("east-member")).get(reverse("ballots:list")).content.decode()
    assert 'href="/ballots/"' in page
    mine = page.split("Open to you")[1].split("</section>")[0]
    assert ballot.title in mine
    applicant = client_for(org.user("applicant")).get(reverse("ballots:list")).content.decode()
    assert ballot.title not in applicant.split("Open to you")[1].split("</section>")[0]


def test_a_bodys_page_leads_to_its_ballots(org, clock):
    open_referendum(org, clock)
    body_page = reverse("bodies:detail", args=["referendum"])
    secretary = client_for(org.user("council-0")).get(body_page).content.decode()
    member = client_for(org.user("east-member")).get(body_page).content.decode()
    bureau = client_for(org.user("council-0")).get(reverse("bodies:detail", args=["bureau"]))

    ballots = reverse("ballots:body", args=["referendum"])
    assert f'<a href="{ballots}">Ballots of the Members&#x27; Referendum</a> (1 open)' in member
    assert reverse("ballots:new", args=["referendum"]) in secretary
    assert reverse("ballots:new", args=["referendum"]) not in member
    assert 'id="ballots-heading"' not in bureau.content.decode()  # it decides in meetings


def test_a_secretary_calls_a_ballot_from_the_form(org, clock):
    client = client_for(org.user("council-0"))
    url = reverse("ballots:new", args=["council"])
    opens = clock.now + dt.timedelta(days=3)
    data = {
        "title": "Renew the lease",
        "text": "",
        "decision_type": "resolution",
        "opens_at": opens.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (opens + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
    }
    assert client.get(url).status_code == 200
    answer = client.post(url, data)
    assert answer.status_code == 302
    ballot = Ballot.objects.get(title="Renew the lease")
    assert ballot.status == BallotStatus.ANNOUNCED

    data["closes_at"] = (opens + dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    refused = client.post(url, data)
    assert refused.status_code == 200 and "exactly 3 day" in refused.content.decode()


# Who may see and do what: personas against pages and actions.

SEE = {
    "admin": 200,
    "caller": 200,
    "council": 200,
    "member": 200,
    "applicant": 404,
    "outsider": 404,
}


@pytest.mark.parametrize(("persona", "status"), SEE.items())
def test_who_sees_a_ballot(org, clock, personas, persona, status):
    ballot = open_referendum(org, clock)
    client = client_for(personas[persona])
    for name in ("detail", "receipts"):
        assert client.get(reverse(f"ballots:{name}", args=[ballot.pk])).status_code == status
    # The list is every insider's page (an applicant's is empty); a login with no member: 404.
    assert client.get(reverse("ballots:list")).status_code == (
        404 if persona == "outsider" else 200
    )


def test_signing_in_comes_first(org, clock):
    ballot = open_referendum(org, clock)
    for url in (reverse("ballots:detail", args=[ballot.pk]), reverse("ballots:list")):
        answer = Client().get(url)
        assert answer.status_code == 302 and answer["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin", {200}),
        ("caller", {200}),
        ("council", {403}),
        ("member", {403}),
        ("applicant", {403, 404}),
    ],
)
def test_who_calls_a_ballot(org, personas, persona, expected):
    client = client_for(personas[persona])
    assert client.get(reverse("ballots:new", args=["referendum"])).status_code in expected


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin", 302),
        ("caller", 302),
        ("council", 403),
        ("member", 403),
        ("applicant", 404),
        ("outsider", 404),
    ],
)
def test_who_cancels_a_ballot(org, clock, personas, persona, expected):
    ballot = open_referendum(org, clock)
    url = reverse("ballots:cancel", args=[ballot.pk])
    assert client_for(personas[persona]).post(url, {"reason": "Why"}).status_code == expected


@pytest.mark.parametrize(
    ("persona", "allowed"), [("admin", True), ("caller", True), ("council", False)]
)
def test_the_service_checks_who_cancels_too(org, clock, personas, persona, allowed):
    ballot = open_referendum(org, clock)
    if allowed:
        cancelled = ballot_cancel(actor=personas[persona], ballot=ballot, reason="Why")
        assert cancelled.status == BallotStatus.CANCELLED
    else:
        with pytest.raises(PermissionDenied):
            ballot_cancel(actor=personas[persona], ballot=ballot, reason="Why")


def test_a_member_who_sees_a_circular_resolution_may_not_vote_in_it(org, clock):
    """The council's records are open to members, its ballot only to its seat holders: 403."""
    ballot = open_circular(org, clock)
    client = client_for(org.user("east-member"))
    url = reverse("ballots:cast", args=[ballot.pk])

    assert client.get(reverse("ballots:detail", args=[ballot.pk])).status_code == 200
    assert client.post(url, {"choice": "for"}).status_code == 403
    assert client_for(org.user("council-2")).post(url, {"choice": "for"}).status_code == 200


def test_a_missing_ballot_is_a_404(personas):
    assert (
        client_for(personas["admin"]).get(reverse("ballots:detail", args=[99999])).status_code
        == 404
    )


def test_opening_and_calling_go_through_the_services(org, clock):
    """ballot_open by a person who may not manage the ballot is refused beneath any page."""
    ballot = ballot_call(
        actor=org.admin,
        body=org.bodies["referendum"],
        title="Q",
        decision_type="resolution",
        opens_at=clock.now + dt.timedelta(days=14),
        closes_at=clock.now + dt.timedelta(days=21),
    )
    clock.advance(days=14)
    with pytest.raises(PermissionDenied):
        ballot_open(ballot=ballot, actor=org.user("east-member"))


def test_the_pages_form_gets_its_answer_as_a_fragment_with_the_receipt(org, clock):
    ballot = open_referendum(org, clock)
    client = client_for(org.user("east-member"))
    url = reverse("ballots:cast", args=[ballot.pk])
    page = client.get(reverse("ballots:detail", args=[ballot.pk])).content.decode()
    assert f'hx-post="{url}"' in page and 'hx-target="#your-vote"' in page

    answer = client.post(url, {"choice": "for"}, headers={"HX-Request": "true"})
    text = answer.content.decode()
    assert answer.status_code == 200 and "<html" not in text and "receipt-code" in text
    again = client.post(url, {"choice": "for"}, headers={"HX-Request": "true"})
    assert again.status_code == 200 and "already voted" in again.content.decode()


def test_the_bodys_page_leads_to_its_ballots(org):
    page = client_for(org.user("east-member")).get(reverse("bodies:detail", args=["referendum"]))
    assert reverse("ballots:body", args=["referendum"]) in page.content.decode()
