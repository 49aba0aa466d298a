"""The bodies: the list, and a body with its seats, vacancies and (visible) decisions."""

import datetime as dt

from minutebook.bodies.models import Seat
from minutebook.bodies.services import seat_end
from minutebook.members.models import Member, MembershipStatus
from tests.factories import by_election_won
from tests.web.conftest import client_for


def test_the_list_groups_bodies_by_unit(member_client, org):
    response = member_client.get("/bodies/")
    assert response.status_code == 200
    units = [unit.slug for _, unit, _ in response.context["groups"]]
    assert units == ["union", "east", "west"]
    assert "Local Committee, West Local" in response.content.decode()


def test_a_body_shows_who_sits_there_and_how_they_got_there(member_client, org):
    response = member_client.get("/bodies/council/")
    assert response.status_code == 200
    html = response.content.decode()
    election = Seat.objects.filter(body=org.bodies["council"]).first().source_decision
    assert "Council Member 0" in html
    assert "Elected by the General Assembly, decision" in html
    assert f'href="/decisions/{election.reference}/"' in html
    # Office holders come first.
    assert response.context["current_seats"][0].office == "secretary"


def test_seats_elected_by_a_units_members_name_the_unit(member_client, org):
    html = member_client.get("/bodies/assembly/").content.decode()
    assert "Elected by the members of East Local" in html
    assert "secretary" in html


def test_vacancies_are_the_charters_seats_minus_those_filled(member_client, org):
    response = member_client.get("/bodies/local-committee.east/")
    count = response.context["seat_count"]
    assert (count.fixed, count.fixed_held, count.vacancies) == (3, 0, 3)
    assert "3 vacant seats" in response.content.decode()


def test_past_seats_are_listed_with_their_end(member_client, org):
    seat = Seat.objects.get(body=org.bodies["council"], member=org.members["council-4"])
    seat_end(actor=org.admin, seat=seat, ended_on=dt.date(2026, 2, 1), reason="resigned")
    response = member_client.get("/bodies/council/")
    assert [s.pk for s in response.context["past_seats"]] == [seat.pk]
    assert "resigned" in response.content.decode()
    assert response.context["seat_count"].vacancies == 1


def test_a_member_does_not_see_a_closed_bodys_decisions(member_client, ledger):
    response = member_client.get("/bodies/bureau/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Secret bureau plan" not in html
    assert "keeps the records of this body to its own seat holders only" in html
    # Who sits there is not secret.
    assert "Council Member 1" in html


def test_a_seat_holder_sees_the_closed_bodys_decisions(bureau_client, ledger):
    html = bureau_client.get("/bodies/bureau/").content.decode()
    assert "Secret bureau plan" in html


def test_an_unchartered_body_carries_a_warning_and_its_irregular_decisions(member_client, ledger):
    response = member_client.get(f"/bodies/{ledger['coordinating'].slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The charter does not define this body." in html
    assert "Coordinators call a rally" in html
    assert "⚠ Irregular" in html


def test_an_unknown_body_is_not_found(member_client, org):
    assert member_client.get("/bodies/no-such-body/").status_code == 404


def test_vacancies_are_counted_per_constituency(member_client, org):
    """Three seats per local: the empty seat is East Local's, named as such."""
    seat = Seat.objects.get(body=org.bodies["assembly"], member=org.members["east-delegate-2"])
    seat_end(actor=org.admin, seat=seat, ended_on=dt.date(2026, 2, 1), reason="moved away")
    response = member_client.get("/bodies/assembly/")
    assert response.context["seat_count"].vacancies == 1
    assert "1 of 3 elected seats for East Local" in response.content.decode()


def test_a_seat_filled_by_an_election_links_to_it(member_client, org):
    election = by_election_won(org)
    link = (
        f'Elected by the General Assembly, election <a href="/elections/{election.pk}/">'
        "By-election to the Council</a>"
    )
    assert link in member_client.get("/bodies/council/").content.decode()
    number = org.members["west-member"].membership_number
    assert link in member_client.get(f"/members/{number}/").content.decode()
    # A member not in good standing reads no record: the seat says who elected it, no more.
    suspended = org.members["east-member"]
    Member.objects.filter(pk=suspended.pk).update(status=MembershipStatus.SUSPENDED)
    html = client_for(org.user("east-member")).get("/bodies/council/").content.decode()
    assert "West Rank And File" in html
    assert f"/elections/{election.pk}/" not in html
