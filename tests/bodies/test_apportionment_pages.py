"""The apportionment page of a body and the census API: who sees what, who takes a census."""

import pytest
from django.contrib.auth import get_user_model

from minutebook.bodies.apportionment import census_take
from minutebook.bodies.models import Body, Census
from tests.api.conftest import Api
from tests.bodies.apportioned_world import CENSUS_DAY, build_apportioned_union


@pytest.fixture
def world(db, small_charter_text):
    return build_apportioned_union(small_charter_text)


@pytest.fixture
def taken(world):
    return census_take(
        actor=world.admin, body=world.assembly, taken_on=CENSUS_DAY, label="2026 Assembly"
    )


def _user(world, key):
    return get_user_model().objects.get(pk=world.members[key].user_id)


def test_the_page_shows_the_census_with_counts_seats_and_who_was_counted(world, taken, client):
    client.force_login(_user(world, "east-1"))
    html = client.get("/bodies/assembly/apportionment/").content.decode()
    assert "Census of 1 March 2026 — 2026 Assembly" in html
    assert "none from a unit of fewer than 10 members" in html
    assert '<th scope="row">East Local</th>\n        <td>10</td>\n        <td>1</td>' in html
    assert "Joined On The Day" in html  # counted, named to a reader of the roll
    assert "Joined Day After" not in html
    assert "Take a census" not in html  # a rank-and-file member may not


def test_the_body_page_links_to_the_apportionment(world, taken, client):
    client.force_login(_user(world, "east-1"))
    html = client.get("/bodies/assembly/").content.decode()
    assert "Seats per unit from the census of 1 March 2026" in html
    assert "/bodies/assembly/apportionment/" in html


def test_without_a_census_the_page_says_so(world, client):
    client.force_login(world.admin)
    html = client.get("/bodies/assembly/apportionment/").content.decode()
    assert "No census has been taken" in html
    assert "Take a census" in html


def test_the_administrator_takes_a_census_through_the_page(world, client):
    client.force_login(world.admin)
    response = client.post(
        "/bodies/assembly/apportionment/", {"taken_on": "2026-03-01", "label": "Spring"}
    )
    census = Census.objects.get()
    assert response.status_code == 302
    assert response.url.endswith(f"?census={census.pk}")
    assert census.label == "Spring"


def test_a_census_date_to_come_is_refused_on_the_form(world, client):
    client.force_login(world.admin)
    response = client.post("/bodies/assembly/apportionment/", {"taken_on": "2027-01-01"})
    assert response.status_code == 200
    assert "a day that has come" in response.content.decode()
    assert not Census.objects.exists()


def test_a_member_may_not_take_a_census(world, client):
    client.force_login(_user(world, "east-1"))
    response = client.post("/bodies/assembly/apportionment/", {"taken_on": "2026-03-01"})
    assert response.status_code == 403
    assert not Census.objects.exists()


def test_outsiders_and_bodies_without_apportionment_get_404(world, client, outsider):
    client.force_login(outsider)
    assert client.get("/bodies/assembly/apportionment/").status_code == 404
    client.force_login(world.admin)
    assert client.get("/bodies/council/apportionment/").status_code == 404


def test_an_unknown_census_is_404(world, taken, client):
    client.force_login(world.admin)
    assert client.get(f"/bodies/assembly/apportionment/?census={taken.pk + 99}").status_code == 404


# The API


def test_the_api_lists_the_censuses_with_counts(world, taken):
    api = Api(_user(world, "east-1"))
    response = api.get("/bodies/assembly/censuses")
    assert response.status_code == 200
    (census,) = response.json()
    assert census["taken_on"] == "2026-03-01"
    assert census["in_force"] is True
    units = {u["unit"]: u for u in census["units"]}
    assert (units["east"]["members"], units["east"]["seats"]) == (10, 1)
    assert (units["west"]["members"], units["west"]["seats"]) == (9, 0)
    names = {m["full_name"] for m in units["east"]["counted"]}
    assert "Joined On The Day" in names and "East Applicant" not in names
    assert api.get(f"/bodies/assembly/censuses/{taken.pk}").json()["label"] == "2026 Assembly"


def test_the_api_hides_who_was_counted_from_a_member_not_in_good_standing(world, taken):
    api = Api(_user(world, "applicant"))
    (census,) = api.get("/bodies/assembly/censuses").json()
    assert all(unit["counted"] is None for unit in census["units"])


def test_the_api_takes_a_census_for_an_administrator_only(world):
    assert (
        Api(_user(world, "east-1"))
        .post("/bodies/assembly/censuses", {"taken_on": "2026-03-01"})
        .status_code
        == 403
    )
    refused = Api(world.admin).post("/bodies/assembly/censuses", {"taken_on": "2027-03-01"})
    assert refused.status_code == 422
    created = Api(world.admin).post("/bodies/assembly/censuses", {"taken_on": "2026-03-01"})
    assert created.status_code == 201
    assert created.json()["units"][0]["unit"] == "east"
    assert Census.objects.count() == 1


def test_the_api_404s_for_a_body_without_apportionment_and_for_outsiders(world, outsider):
    assert Api(world.admin).get("/bodies/council/censuses").status_code == 404
    assert Api(outsider).get("/bodies/assembly/censuses").status_code == 404
    assert Body.objects.filter(slug="assembly").exists()


def test_the_charter_api_gives_the_formula_in_words(world):
    body = next(
        b for b in Api(world.admin).get("/charter").json()["bodies"] if b["id"] == "assembly"
    )
    (rule,) = body["seats"]
    assert rule["count"] is None and rule["count_unspecified"] is False
    assert rule["apportionment"].startswith("none from a unit of fewer than 10 members; 10 to 19")
