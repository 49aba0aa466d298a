"""GET /units, /bodies, /bodies/{slug}: the structure, seats with provenance, vacancies."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minutebook.bodies.models import SeatMethod
from minutebook.bodies.services import seat_fill
from minutebook.members.models import Member, MembershipStatus
from tests.api.conftest import Api
from tests.factories import FOUNDED, by_election_won, record


def seat_on_committee(org, key: str, unit: str, source_decision=None):
    seat_fill(
        actor=org.admin,
        body=org.bodies[f"local-committee.{unit}"],
        member=org.members[key],
        method=SeatMethod.ELECTED,
        starts_on=FOUNDED,
        constituency=org.units[unit],
        source_decision=source_decision,
    )


@pytest.fixture
def committee_election(org):
    """East Local's committee seats the East rank-and-file member by a decision that only
    East members may read."""
    seat_on_committee(org, "east-delegate-1", "east")
    seat_on_committee(org, "east-delegate-2", "east")
    election = record(
        org.bodies["local-committee.east"], "resolution", title="Co-opting", yes=2, no=0
    )
    seat_on_committee(org, "east-member", "east", source_decision=election)
    return election


def test_the_unit_tree(member):
    response = member.get("/units")
    assert response.status_code == 200
    [root] = response.json()
    assert root["slug"] == "union"
    assert [child["slug"] for child in root["children"]] == ["east", "west"]
    assert root["children"][0]["active"] is True


def test_units_need_a_place_on_the_roll(outsider_api, anonymous):
    assert outsider_api.get("/units").status_code == 403
    assert anonymous.get("/units").status_code == 401


def test_it_lists_the_bodies_with_what_the_caller_may_read(member):
    response = member.get("/bodies")
    assert response.status_code == 200
    page = response.json()
    assert page["count"] == 5
    by_slug = {body["slug"]: body for body in page["items"]}
    assert by_slug["bureau"]["visibility"] == "body"
    assert by_slug["bureau"]["records_visible"] is False
    assert by_slug["assembly"]["records_visible"] is True
    assert by_slug["local-committee.east"]["records_visible"] is True
    assert by_slug["local-committee.west"]["records_visible"] is False


def test_the_bodies_list_filters_and_pages(admin):
    page = admin.get("/bodies", unit="east").json()
    assert [body["slug"] for body in page["items"]] == ["local-committee.east"]
    page = admin.get("/bodies", limit=2, offset=1).json()
    assert page["count"] == 5 and len(page["items"]) == 2 and page["offset"] == 1
    assert all(body["records_visible"] for body in admin.get("/bodies").json()["items"])


def test_the_bodies_list_needs_a_place_on_the_roll(outsider_api, anonymous):
    assert outsider_api.get("/bodies").status_code == 403
    assert anonymous.get("/bodies").status_code == 401


def test_a_body_shows_its_seats_and_their_provenance(org, other_member):
    response = other_member.get("/bodies/council")
    assert response.status_code == 200
    council = response.json()
    assert council["rules"]["quorum"]["fraction"] == "1/2"
    assert len(council["seats"]) == 5
    secretary = next(seat for seat in council["seats"] if seat["office"] == "secretary")
    assert secretary["member"] == {
        "membership_number": org.members["council-0"].membership_number,
        "full_name": "Council Member 0",
    }
    assert secretary["method"] == "elected"
    assert (
        secretary["source_decision"]
        == org.members["council-0"].seats.get(body=org.bodies["council"]).source_decision.reference
    )
    assert secretary["term_ends_on"] == "2027-01-09"
    assert council["vacancies"] == 0


def test_seats_per_constituency_and_vacancies(member):
    assembly = member.get("/bodies/assembly").json()
    assert {(g["constituency"], g["filled"], g["vacant"]) for g in assembly["seat_groups"]} == {
        ("east", 3, 0),
        ("west", 3, 0),
    }
    assert all(seat["constituency"] in {"east", "west"} for seat in assembly["seats"])
    committee = member.get("/bodies/local-committee.west").json()
    assert committee["seat_groups"] == [
        {"method": "elected", "constituency": "west", "seats": 3, "filled": 0, "vacant": 3}
    ]
    assert committee["vacancies"] == 3


def test_a_seat_does_not_link_a_decision_the_viewer_may_not_read(
    committee_election, member, other_member
):
    def co_opted_seat(api):
        seats = api.get("/bodies/local-committee.east").json()["seats"]
        return next(seat for seat in seats if seat["member"]["full_name"] == "East Rank And File")

    assert co_opted_seat(member)["source_decision"] == committee_election.reference
    assert co_opted_seat(other_member)["source_decision"] is None
    assert committee_election.reference not in str(
        other_member.get("/bodies/local-committee.east").content
    )


def test_a_body_with_hidden_records_still_shows_who_sits_on_it(member):
    bureau = member.get("/bodies/bureau").json()
    assert bureau["records_visible"] is False
    assert len(bureau["seats"]) == 3
    # The Bureau's seats come from a Council decision, which every member may read.
    assert all(seat["source_decision"] for seat in bureau["seats"])


def test_ex_officio_seats_name_the_seat_that_carries_them(org, admin):
    # Nothing in the small charter is ex officio, so the provenance is the electing decision.
    assert all(seat["via_seat"] is None for seat in admin.get("/bodies/bureau").json()["seats"])


def test_an_unknown_body_is_404(member):
    response = member.get("/bodies/no-such-body")
    assert response.status_code == 404
    assert response.json()["detail"][0]["field"] is None


def test_a_body_is_hidden_from_people_not_on_the_roll(outsider_api, anonymous):
    assert outsider_api.get("/bodies/assembly").status_code == 404
    assert anonymous.get("/bodies/assembly").status_code == 401


def test_a_body_page_costs_the_same_queries_however_many_seats(org, member):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert member.get("/bodies/local-committee.west").status_code == 200
        return len(captured)

    seat_on_committee(org, "west-delegate-0", "west")
    election = record(org.bodies["local-committee.west"], "resolution", yes=1, no=0)
    seat_on_committee(org, "west-delegate-1", "west", source_decision=election)
    two_seats = queries()
    seat_on_committee(org, "west-delegate-2", "west", source_decision=election)
    assert queries() == two_seats


def test_the_bodies_list_costs_a_bounded_number_of_queries(member):
    with CaptureQueriesContext(connection) as captured:
        assert member.get("/bodies").status_code == 200
    assert len(captured) <= 12


def test_a_seat_filled_by_an_election_names_it(org, member, other_member):
    """`source_election` names the election that filled the seat, on the body and on the
    member's record, for whoever may read the records of the body that held it."""
    election = by_election_won(org)
    expected = {
        "id": election.pk,
        "title": "By-election to the Council",
        "meeting": election.meeting_id,
    }
    seats = {
        seat["member"]["full_name"]: seat for seat in member.get("/bodies/council").json()["seats"]
    }
    assert seats["West Rank And File"]["source_election"] == expected
    assert seats["West Rank And File"]["source_decision"] is None
    assert seats["Council Member 0"]["source_election"] is None  # seated by a decision
    number = org.members["west-member"].membership_number
    [seat] = other_member.get(f"/members/{number}").json()["seats"]
    assert seat["source_election"] == expected
    assert member.get(f"/elections/{election.pk}").status_code == 200


def test_a_seat_does_not_name_an_election_the_viewer_may_not_read(org):
    """A member not in good standing reads no body's records: the election stays unnamed."""
    by_election_won(org)
    Member.objects.filter(pk=org.members["east-member"].pk).update(
        status=MembershipStatus.SUSPENDED
    )
    seats = Api(org.user("east-member")).get("/bodies/council").json()["seats"]
    assert len(seats) == 5
    assert all(seat["source_election"] is None for seat in seats)
