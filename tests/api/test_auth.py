"""Authentication: sessions, personal tokens (POST/GET /tokens, DELETE /tokens/{id})."""

import hashlib

from django.test import Client

from minutebook.api.models import ApiToken
from minutebook.api.services import api_token_create
from minutebook.journal.models import JournalEntry
from tests.api.conftest import Api, fields


def test_a_signed_in_user_creates_a_token_shown_once(org, member):
    response = member.post("/tokens", {"name": "my laptop"})
    assert response.status_code == 201
    created = response.json()
    assert created["name"] == "my laptop"
    assert created["token"].startswith("mb_")
    stored = ApiToken.objects.get(pk=created["id"])
    assert stored.user == org.user("east-member")
    assert stored.token_hash == hashlib.sha256(created["token"].encode()).hexdigest()
    assert created["token"] not in {getattr(stored, f.attname) for f in ApiToken._meta.fields}
    listed = member.get("/tokens").json()["items"]
    assert [token["name"] for token in listed] == ["my laptop"]
    assert "token" not in listed[0] and "token_hash" not in listed[0]
    entry = JournalEntry.objects.order_by("-position").first()
    assert entry.action == "api_token.create"
    assert created["token"] not in str(entry.after) + entry.summary


def test_a_token_authenticates_requests(org, ledger):
    _, plaintext = api_token_create(actor=org.user("east-member"), name="script")
    api = Api(token=plaintext)
    response = api.get("/decisions")
    assert response.status_code == 200
    assert response.json()["count"] > 0
    assert ApiToken.objects.get(name="script").last_used_at is not None
    # What the token's user may not see stays hidden.
    assert api.get(f"/decisions/{ledger['bureau'].reference}").status_code == 404


def test_a_token_writes_without_a_csrf_token(org):
    _, plaintext = api_token_create(actor=org.user("east-delegate-0"), name="minutes tool")
    api = Api(token=plaintext, client=Client(enforce_csrf_checks=True))
    response = api.post(
        "/decisions",
        {
            "body": "assembly",
            "decision_type": "resolution",
            "decided_on": "2026-04-01",
            "title": "Recorded by a script",
            "votes_for": 4,
            "votes_against": 0,
        },
    )
    assert response.status_code == 201


def test_a_token_cannot_create_tokens(org):
    _, plaintext = api_token_create(actor=org.user("east-member"), name="script")
    response = Api(token=plaintext).post("/tokens", {"name": "another"})
    assert response.status_code == 401


def test_creating_a_token_from_the_browser_needs_the_csrf_token(org):
    browser = Api(org.user("east-member"), client=Client(enforce_csrf_checks=True))
    assert browser.post("/tokens", {"name": "laptop"}).status_code == 403
    assert not ApiToken.objects.exists()


def test_a_token_needs_a_name(member):
    response = member.post("/tokens", {"name": "  "})
    assert response.status_code == 422
    assert fields(response) == {"name"}
    response = member.post("/tokens", {})
    assert response.status_code == 422
    assert fields(response) == {"name"}


def test_a_revoked_token_is_refused(org, member):
    created = member.post("/tokens", {"name": "old"}).json()
    api = Api(token=created["token"])
    assert api.get("/charter").status_code == 200
    response = member.delete(f"/tokens/{created['id']}")
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None
    refused = api.get("/charter")
    assert refused.status_code == 401
    assert refused.json()["detail"][0]["message"] == "the token is unknown or revoked"
    assert JournalEntry.objects.order_by("-position").first().action == "api_token.revoke"


def test_a_token_may_revoke_itself(org):
    token, plaintext = api_token_create(actor=org.user("east-member"), name="leaked")
    api = Api(token=plaintext)
    assert api.delete(f"/tokens/{token.pk}").status_code == 200
    assert api.get("/tokens").status_code == 401


def test_nobody_sees_or_revokes_another_persons_token(org, other_member):
    token, _ = api_token_create(actor=org.user("east-member"), name="mine")
    assert other_member.get("/tokens").json()["count"] == 0
    assert other_member.delete(f"/tokens/{token.pk}").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_unknown_token_is_refused_even_with_a_session(org):
    api = Api(org.user("east-member"), token="mb_not-a-token")
    assert api.get("/charter").status_code == 401


def test_a_disabled_users_token_is_refused(org):
    user = org.user("east-member")
    _, plaintext = api_token_create(actor=user, name="script")
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert Api(token=plaintext).get("/charter").status_code == 401


def test_nothing_without_a_login(anonymous):
    for path in ("/tokens", "/charter", "/units", "/bodies", "/members", "/decisions"):
        response = anonymous.get(path)
        assert response.status_code == 401, path
        assert response.json()["detail"][0]["field"] is None
    assert anonymous.post("/tokens", {"name": "x"}).status_code == 401
