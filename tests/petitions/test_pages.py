"""The petition pages: the list with progress, starting, a petition's page with its rule,
progress, buttons, signers and the obligation it created."""

import datetime as dt

import time_machine
from django.urls import reverse

from minutebook.petitions.models import Petition, PetitionStatus
from minutebook.petitions.selectors import petition_obligation
from minutebook.petitions.services import petition_sign
from tests.petitions.conftest import client_for, start


def test_petitions_are_in_the_navigation(org):
    page = client_for(org.user("east-member")).get(reverse("home")).content.decode()

    assert f'href="{reverse("petitions:list")}">Petitions</a>' in page


def test_starting_a_petition_from_the_page(org):
    client = client_for(org.user("east-member"))
    form = client.get(reverse("petitions:new")).content.decode()
    assert "Requisition of a special General Assembly" in form
    assert "Special meeting of the East Local Committee" in form  # east-member is in east
    assert "Recall of the Council" not in form  # not on the council

    response = client.post(
        reverse("petitions:new"),
        {"kind": "special-assembly", "title": "Rent strike", "demand": "Meet on the strike."},
    )

    petition = Petition.objects.get()
    assert response["Location"] == reverse("petitions:detail", args=[petition.pk])
    assert petition.signatures.get().member == org.members["east-member"]


def test_a_form_left_empty_says_what_is_missing(org):
    client = client_for(org.user("east-member"))

    response = client.post(reverse("petitions:new"), {"kind": "special-assembly", "title": ""})

    assert response.status_code == 200
    assert "Please correct the fields marked below" in response.content.decode()
    assert not Petition.objects.exists()


def test_the_petitions_page_shows_rule_progress_and_the_sign_button(org):
    petition = start(org)
    page = client_for(org.user("west-member")).get(reverse("petitions:detail", args=[petition.pk]))
    html = page.content.decode()

    assert "1 of 4 signatures (30 % of 13 members in good standing at opening)" in html
    assert "A special meeting of the General Assembly within 21 days" in html
    assert "The General Assembly" in html  # its article
    assert "Sign this petition" in html
    assert "East Rank And File" in html  # the signers, to those entitled to sign


def test_signing_and_withdrawing_from_the_page(org):
    petition = start(org)
    client = client_for(org.user("west-member"))

    client.post(reverse("petitions:sign", args=[petition.pk]))
    page = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    assert "2 of 4 signatures" in page and "Withdraw my signature" in page
    assert "Sign this petition" not in page

    client.post(reverse("petitions:unsign", args=[petition.pk]))
    page = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    assert "1 of 4 signatures" in page and "Sign this petition" in page


def test_a_member_who_may_not_sign_is_told_why(org, suspended):
    petition = start(org)
    page = client_for(suspended).get(reverse("petitions:detail", args=[petition.pk]))

    assert "You cannot sign: West Rank And File is not a member in good standing" in (
        page.content.decode()
    )
    assert "Sign this petition" not in page.content.decode()


def test_signers_names_are_not_shown_to_those_who_may_not_sign(org):
    """The council-recall petition is seen by every member (the council's records are open),
    but only council members may sign it, so only they see who signed."""
    petition = start(org, "council-1", kind="council-recall")
    url = reverse("petitions:detail", args=[petition.pk])

    member_page = client_for(org.user("east-member")).get(url).content.decode()
    council_page = client_for(org.user("council-3")).get(url).content.decode()
    secretary_page = client_for(org.user("council-0")).get(url).content.decode()

    assert "Council Member 1" not in member_page.split('id="signers-heading"')[1]
    assert "Council Member 1" in council_page.split('id="signers-heading"')[1]
    assert "Council Member 1" in secretary_page.split('id="signers-heading"')[1]


def test_a_valid_petition_shows_its_obligation(org):
    petition = start(org)
    for key in ("west-member", "east-delegate-0", "east-delegate-1"):
        petition_sign(actor=org.user(key), petition=petition)

    page = client_for(org.user("west-member")).get(reverse("petitions:detail", args=[petition.pk]))
    html = page.content.decode()

    assert "Valid: threshold reached" in html
    assert 'id="obligation"' in html and "must act by" in html
    assert "Open, 21 days left" in html
    obligation = petition_obligation(petition)
    assert reverse("obligations:detail", args=[obligation.pk]) in html
    body_page = client_for(org.user("west-member")).get(reverse("bodies:detail", args=["assembly"]))
    assert obligation.title in body_page.content.decode()


def test_a_failed_petition_says_so_without_anything_running_at_the_deadline(org):
    petition = start(org)

    with time_machine.travel(petition.closes_at + dt.timedelta(minutes=1), tick=False):
        html = client_for(org.user("west-member")).get(
            reverse("petitions:detail", args=[petition.pk])
        )
        listed = client_for(org.user("west-member")).get(reverse("petitions:list"))

    assert "Failed: deadline passed" in html.content.decode()
    assert "Sign this petition" not in html.content.decode()
    assert "Failed: deadline passed" in listed.content.decode()


def test_the_list_shows_collecting_petitions_first_with_progress(org):
    first = start(org, title="First")
    start(org, title="Second")
    first.status = PetitionStatus.WITHDRAWN
    first.save()

    html = client_for(org.user("west-member")).get(reverse("petitions:list")).content.decode()

    assert html.index("Second") < html.index("First")
    assert "1 of 4 signatures" in html


def test_a_requisition_not_met_in_time_is_overdue_on_the_bodys_page(org):
    petition = start(org)
    for key in ("west-member", "east-delegate-0", "east-delegate-1"):
        petition_sign(actor=org.user(key), petition=petition)
    obligation = petition_obligation(petition)
    petition.refresh_from_db()
    after_due = petition.reached_at + dt.timedelta(days=23)

    with time_machine.travel(after_due, tick=False):
        client = client_for(org.user("west-member"))
        body = client.get(reverse("bodies:detail", args=["assembly"])).content.decode()
        page = client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()

    section = body.split(obligation.title)[1][:600]
    assert "Overdue" in section
    assert "Overdue" in page.split('id="obligation"')[1]


def test_the_charter_page_lists_what_members_can_require(org):
    html = client_for(org.user("east-member")).get(reverse("charter:charter")).content.decode()

    assert "What members can require by petition" in html
    assert (
        "A petition signed by at least 2 of the seat holders of the Council within 7 days "
        "requires a decision of the Council on recalling the chair of the Council within 14 "
        "days of its becoming valid."
    ) in html
