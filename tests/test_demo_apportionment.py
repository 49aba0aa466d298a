"""The demo's Congress is apportioned by branch size, with a census for each Congress."""

import pytest

from minutebook.bodies.apportionment import census_in_force
from minutebook.bodies.models import Body, Seat
from minutebook.demo.load import demo_load
from minutebook.demo.story import on


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            demo_load()
            yield
            transaction.set_rollback(True)


def _seats(census) -> dict[str, tuple[int, int]]:
    return {c.unit.slug: (c.members, c.seats) for c in census.counts.select_related("unit")}


def test_the_founding_congress_had_five_delegates_per_branch_of_25(demo, db):
    congress = Body.objects.get(slug="congress")
    founding = census_in_force(congress, on(2025, 11, 15))
    assert founding.taken_on == on(2025, 11, 8)
    assert set(_seats(founding).values()) == {(25, 5)}
    delegates = Seat.objects.filter(body=congress, method="elected")
    assert delegates.count() == 40


def test_the_next_congress_is_apportioned_by_the_branches_grown_and_shrunk(demo, db):
    congress = Body.objects.get(slug="congress")
    census = congress.censuses.get(label="for the 2027 Congress")
    seats = _seats(census)
    # One member admitted in each of Greenhill and Saltmarsh (26: six, a part of five counts);
    # one suspended in Bayview (24: five); Harbour's applicant not admitted (25: five).
    assert seats["greenhill"] == (26, 6)
    assert seats["saltmarsh"] == (26, 6)
    assert seats["bayview"] == (24, 5)
    assert seats["harbour"] == (25, 5)


def test_the_congress_page_shows_its_census(demo, db, client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="rosa"))
    html = client.get("/bodies/congress/apportionment/").content.decode()
    assert "for the 2027 Congress" in html
    assert "one seat for every 5 members" in html
    assert "Greenhill Branch" in html
