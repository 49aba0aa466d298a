"""The obligations on the pages: the body's section with its overdue ones first and marked,
the organization's list filtered to the overdue ones, one duty's page, the home page's count;
and who sees them (those who may read the body's records; a 404 for everyone else)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from minutebook.obligations.services import obligation_arise
from tests.obligations.conftest import meeting_on


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def arise(org, body: str, title: str, due_on: dt.date, source: str):
    return obligation_arise(
        actor=org.admin,
        body=org.bodies[body],
        kind="meeting",
        title=title,
        arose_on=dt.date(2026, 3, 1),
        due_on=due_on,
        rule="special-meeting",
        rule_text="A special meeting within 50 days of a valid requisition.",
        source=source,
    )


@pytest.fixture
def world(org):
    """On the tests' day (23 November 2026): the Council owes an overdue special meeting and
    one still open, and has met once of the twice a year it must; the Bureau (records for its
    three members only) owes an overdue one."""
    overdue = arise(
        org, "council", "Special meeting on the rent strike", dt.date(2026, 4, 20), "petition:1"
    )
    still_open = arise(
        org, "council", "Special meeting on the budget", dt.date(2026, 12, 20), "petition:2"
    )
    hidden = arise(org, "bureau", "Bureau hearing", dt.date(2026, 5, 1), "petition:3")
    meeting_on(org.bodies["council"], dt.date(2026, 2, 1))
    return {"overdue": overdue, "open": still_open, "hidden": hidden}


def test_the_body_page_lists_its_obligations_overdue_first_and_marked(org, world):
    response = client_for(org.user("east-member")).get(reverse("bodies:detail", args=["council"]))
    page = response.content.decode()

    assert response.status_code == 200
    assert 'id="obligations-heading">Obligations</h2>' in page
    assert "1 overdue obligation" in page
    overdue_at = page.index("Special meeting on the rent strike")
    assert overdue_at < page.index("Special meeting on the budget")
    assert overdue_at < page.index("At least twice: meetings in 2026")
    assert page.count('class="badge badge-overdue"') == 2  # the count and the duty
    assert "1 of 2 so far" in page and "27 days left" in page


def test_a_closed_body_page_shows_its_obligations_to_its_members_only(org, world):
    url = reverse("bodies:detail", args=["bureau"])

    outside = client_for(org.user("east-member")).get(url).content.decode()
    inside = client_for(org.user("council-1")).get(url).content.decode()

    assert "Bureau hearing" not in outside and "obligations-heading" not in outside
    assert "Bureau hearing" in inside and "1 overdue obligation" in inside


def test_the_list_shows_what_the_viewer_may_see_and_filters_to_the_overdue(org, world):
    member = client_for(org.user("east-member"))

    everything = member.get(reverse("obligations:list")).content.decode()
    overdue = member.get(reverse("obligations:list") + "?overdue=on").content.decode()

    assert "Special meeting on the budget" in everything
    assert "Bureau hearing" not in everything
    assert "Special meeting on the rent strike" in overdue
    assert "Special meeting on the budget" not in overdue
    assert (
        "Bureau hearing"
        in client_for(org.admin).get(reverse("obligations:list") + "?overdue=on").content.decode()
    )


def test_the_list_of_one_body(org, world):
    page = client_for(org.admin).get(reverse("obligations:list") + "?body=bureau").content.decode()

    assert "Bureau hearing" in page and "Special meeting" not in page


def test_an_obligation_page_says_where_it_stands(org, world):
    url = reverse("obligations:detail", args=[world["overdue"].pk])

    page = client_for(org.user("east-member")).get(url).content.decode()

    assert "Special meeting on the rent strike" in page
    assert "Overdue" in page and "217 days overdue" in page
    assert "petition:1" in page


def test_a_charter_duty_has_a_page_too(org, world):
    url = reverse("obligations:detail", args=["council-meets:council:2026"])

    page = client_for(org.user("east-member")).get(url).content.decode()

    assert "1 of 2 so far" in page


def test_home_counts_the_overdue_obligations_the_viewer_may_see(org, world):
    member = client_for(org.user("east-member")).get(reverse("home")).content.decode()
    admin = client_for(org.admin).get(reverse("home")).content.decode()

    assert 'id="obligations-heading">Overdue obligations' in member
    assert '<span class="stat">1</span> deadlines of the charter missed' in member
    assert '<span class="stat">2</span> deadlines of the charter missed' in admin


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("council-1", 200),
        ("council-3", 404),
        ("east-member", 404),
        ("outsider", 404),
    ],
)
def test_who_sees_an_obligation_of_a_closed_body(org, world, outsider, persona, status):
    """The Bureau's records are for its three seat holders (council-0 to council-2)."""
    user = (
        outsider
        if persona == "outsider"
        else org.admin
        if persona == "admin"
        else org.user(persona)
    )
    client = client_for(user)

    assert (
        client.get(reverse("obligations:detail", args=[world["hidden"].pk])).status_code == status
    )
    assert client.get(reverse("obligations:list") + "?body=bureau").status_code == status


def test_outsiders_get_a_404_and_strangers_the_login(org, world, outsider):
    pages = [
        reverse("obligations:list"),
        reverse("obligations:detail", args=[world["open"].pk]),
        reverse("obligations:detail", args=["council-meets:council:2026"]),
    ]
    for url in pages:
        assert client_for(outsider).get(url).status_code == 404, url
        response = client_for(None).get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("key", ["999999", "council-meets:council:1999", "nothing", "x:no-body:1"])
def test_no_such_obligation_is_a_404(org, world, key):
    assert client_for(org.admin).get(reverse("obligations:detail", args=[key])).status_code == 404
