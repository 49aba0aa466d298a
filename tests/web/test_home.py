"""The organization at a glance."""

from minutebook.bodies.models import Body


def test_it_shows_the_organization_bodies_and_the_members_own_seats(secretary_client, ledger):
    response = secretary_client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Test Tenants&#x27; Union" in html
    assert "General Assembly" in html and "Local Committee, East Local" in html
    # The secretary's own seat, with her office.
    assert "Your seats" in html
    assert "General Assembly</a>, secretary" in html


def test_it_counts_seats_and_vacancies(member_client, ledger):
    seat_counts = member_client.get("/").context["seat_counts"]
    council = Body.objects.get(slug="council")
    local = Body.objects.get(slug="local-committee.east")
    assert seat_counts[council.pk].held == 5 and seat_counts[council.pk].vacancies == 0
    assert seat_counts[local.pk].fixed == 3 and seat_counts[local.pk].vacancies == 3


def test_it_lists_overdue_and_irregular_decisions_with_their_badges(member_client, ledger):
    response = member_client.get("/")
    assert response.context["overdue_count"] == 1
    assert [d.reference for d in response.context["overdue"]] == [ledger["overdue"].reference]
    irregular = {d.reference for d in response.context["irregular"]}
    assert irregular == {ledger["irregular"].reference, ledger["claim"].reference}
    html = response.content.decode()
    assert "Overdue</span>" in html
    assert "⚠ Irregular</span>" in html


def test_a_member_does_not_see_closed_decisions_at_a_glance(member_client, ledger):
    response = member_client.get("/")
    assert ledger["secret"] not in response.context["recent"]
    assert "Secret bureau plan" not in response.content.decode()


def test_a_seat_holder_of_a_closed_body_sees_its_decisions(bureau_client, ledger):
    response = bureau_client.get("/")
    assert "Secret bureau plan" in response.content.decode()


def test_an_administrator_without_member_record_sees_everything(admin_client, ledger):
    response = admin_client.get("/")
    assert "Secret bureau plan" in response.content.decode()
    assert response.context["own_seats"] == []


def test_a_member_not_in_good_standing_sees_no_decisions(applicant_client, ledger):
    response = applicant_client.get("/")
    assert response.status_code == 200
    assert response.context["recent"] == []
    assert response.context["overdue_count"] == 0
