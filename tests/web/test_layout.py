"""The layout, logging in and out, and the two rules every page obeys: anonymous visitors are
sent to the login page, and a login with no member behind it finds nothing."""

import pytest
from django.urls import reverse

PAGES = [
    "/",
    "/charter/",
    "/charter/versions/",
    "/charter/versions/1/",
    "/units/",
    "/bodies/",
    "/bodies/assembly/",
    "/members/",
    "/decisions/",
    "/decisions/new/",
    "/journal/",
    "/journal/verify/",
]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(anonymous_client, org, url):
    response = anonymous_client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("url", PAGES)
def test_a_login_without_a_member_finds_nothing(outsider_client, org, url):
    assert outsider_client.get(url).status_code == 404


def test_decision_and_member_pages_require_login(anonymous_client, ledger, org):
    number = org.members["east-member"].membership_number
    for url in (f"/decisions/{ledger['open'].reference}/", f"/members/{number}/"):
        response = anonymous_client.get(url)
        assert response.status_code == 302, url


def test_a_login_without_a_member_sees_no_decision_or_member(outsider_client, ledger, org):
    number = org.members["east-member"].membership_number
    assert outsider_client.get(f"/decisions/{ledger['open'].reference}/").status_code == 404
    assert outsider_client.get(f"/members/{number}/").status_code == 404
    response = outsider_client.post(
        f"/decisions/{ledger['overdue'].reference}/progress/",
        {"written_on": "2026-05-01", "text": "x", "status": "in_progress"},
    )
    assert response.status_code == 404


def test_the_404_page_tells_an_unlinked_login_why(outsider_client, org):
    response = outsider_client.get("/")
    assert b"not linked to a member" in response.content


def test_the_login_page_has_labelled_fields(anonymous_client, org):
    response = anonymous_client.get("/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_username"' in html
    assert '<label for="id_password"' in html
    assert "<main" in html


def test_logging_in_leads_to_the_overview(anonymous_client, org):
    response = anonymous_client.post(
        "/login/", {"username": "east.rank.and.file", "password": "pw-east.rank.and.file-1"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_logout_is_a_post_form(member_client):
    html = member_client.get("/").content.decode()
    assert f'<form method="post" action="{reverse("logout")}">' in html
    assert member_client.post(reverse("logout")).status_code == 302
    assert member_client.get("/").status_code == 302


def test_the_layout_has_a_skip_link_landmarks_and_the_current_section(member_client):
    html = member_client.get("/decisions/").content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert '<nav class="site-nav" aria-label="Main">' in html
    assert 'href="/decisions/" aria-current="page"' in html
    assert 'href="/" aria-current' not in html
    assert "East Rank And File" in html


def test_pages_inside_a_section_mark_it_current(member_client):
    html = member_client.get("/bodies/assembly/").content.decode()
    assert 'href="/bodies/" aria-current="true"' in html


def test_only_administrators_see_the_journal_in_the_menu(member_client, admin_client):
    assert 'href="/journal/"' not in member_client.get("/").content.decode()
    assert 'href="/journal/"' in admin_client.get("/").content.decode()


def test_the_stylesheet_and_htmx_are_served_from_the_app(member_client):
    html = member_client.get("/").content.decode()
    assert "/static/minutebook/site.css" in html
    assert "/static/vendor/htmx/htmx.min.js" in html
    assert "//cdn" not in html
