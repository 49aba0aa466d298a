"""The roll and a member's page."""

from minutebook.members.models import MembershipStatus
from minutebook.members.services import member_change_status
from tests.factories import record


def test_the_roll_lists_members_with_units_and_status(member_client, org):
    response = member_client.get("/members/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hopeful Applicant" in html and "Applicant" in html
    assert "East Local" in html


def test_the_roll_can_be_searched_and_filtered(member_client, org):
    response = member_client.get("/members/", {"q": "rank", "status": "member"})
    names = [member.full_name for member in response.context["page"]]
    assert names == ["East Rank And File", "West Rank And File"]


def test_the_roll_is_refused_to_a_member_not_in_good_standing(applicant_client, org):
    assert applicant_client.get("/members/").status_code == 403


def test_an_applicant_may_still_read_their_own_page(applicant_client, org):
    number = org.members["applicant"].membership_number
    assert applicant_client.get(f"/members/{number}/").status_code == 200
    other = org.members["east-member"].membership_number
    assert applicant_client.get(f"/members/{other}/").status_code == 403


def test_a_member_page_shows_seats_with_provenance(member_client, org):
    number = org.members["council-0"].membership_number
    html = member_client.get(f"/members/{number}/").content.decode()
    assert "Council Member 0" in html
    assert "Elected by the General Assembly, decision" in html
    assert "Elected by the Council, decision" in html  # her Bureau seat


def test_status_history_links_the_decision_only_if_visible(member_client, login, org):
    target = org.members["west-member"]
    suspension = record(org.bodies["council"], "member.suspend", yes=4, no=1, present=5,
                        title="Suspension of West Rank And File")  # fmt: skip
    member_change_status(actor=None, member=target, status=MembershipStatus.SUSPENDED,
                         effective_on=suspension.decided_on, decision=suspension)  # fmt: skip
    html = member_client.get(f"/members/{target.membership_number}/").content.decode()
    assert f'href="/decisions/{suspension.reference}/"' in html
    assert "Suspended" in html

    # The suspended member no longer reads the Council's records, but still their own page
    # and the decision that suspended them, which they need in order to appeal.
    suspended = login(target.user)
    own = suspended.get(f"/members/{target.membership_number}/")
    assert own.status_code == 200
    assert f'href="/decisions/{suspension.reference}/"' in own.content.decode()
    page = suspended.get(f"/decisions/{suspension.reference}/")
    assert page.status_code == 200
    assert "Suspension of West Rank And File" in page.content.decode()
    assert suspension.reference in {d.reference for d in page_decisions(suspended)}

    other = record(org.bodies["council"], "resolution", yes=4, no=1, present=5,
                   title="Another Council resolution")  # fmt: skip
    assert suspended.get(f"/decisions/{other.reference}/").status_code == 404
    assert other.reference not in {d.reference for d in page_decisions(suspended)}


def page_decisions(client):
    return client.get("/decisions/").context["page"]


def test_decisions_of_closed_bodies_are_not_on_the_responsible_members_page(
    member_client, bureau_client, ledger, org
):
    number = org.members["east-member"].membership_number
    response = member_client.get(f"/members/{number}/")
    refs = {d.reference for d in response.context["responsible"]}
    assert refs == {ledger["overdue"].reference}
    assert "Secret bureau plan" not in response.content.decode()
    # A Bureau member sees both.
    response = bureau_client.get(f"/members/{number}/")
    refs = {d.reference for d in response.context["responsible"]}
    assert refs == {ledger["overdue"].reference, ledger["secret"].reference}


def test_an_unknown_member_is_not_found(member_client, org):
    assert member_client.get("/members/999999/").status_code == 404
