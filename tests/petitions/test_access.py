"""Who may see and act on a petition: personas against pages and API endpoints, from one
table, and the services checked beneath the views.

The petition: a special meeting of the East Local Committee (signers: members of East Local;
the committee's records are open to its unit), started by East's rank-and-file member.
Seeing: those in East (in good standing or not), administrators; West's members do not see it
(404), nor does a login off the roll. Signing: East's members in good standing (a suspended
East member and an administrator see it but get 403). Withdrawing the petition: its starter
and administrators. Withdrawing a signature is refused by the petition's state (a message, or
422 in the API) to anyone without one, never by who they are."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from minutebook.members.models import MembershipStatus
from minutebook.petitions.services import petition_sign, petition_withdraw
from tests.petitions.conftest import client_for, start

PERSONAS = ["starter", "east", "suspended", "west", "admin", "outsider"]

# persona: (see, sign, withdraw a signature, withdraw the petition); True allowed, False
# refused by who they are (403), None hidden (404), "state" refused by the petition's state.
MATRIX = {
    "starter": (True, "state", True, True),
    "east": (True, True, "state", False),
    "suspended": (True, False, "state", False),
    "west": (None, None, None, None),
    "admin": (True, False, "state", True),
    "outsider": (None, None, None, None),
}
ACTIONS = ["see", "sign", "unsign", "withdraw"]
PAGE_STATUS = {True: {200, 302}, "state": {302}, False: {403}, None: {404}}
API_STATUS = {True: {200}, "state": {422}, False: {403}, None: {404}}


@pytest.fixture
def personas(org, outsider):
    suspended = org.members["east-delegate-2"]
    suspended.status = MembershipStatus.SUSPENDED
    suspended.save(update_fields=["status"])
    return {
        "starter": org.user("east-member"),
        "east": org.user("east-delegate-1"),
        "suspended": org.user("east-delegate-2"),
        "west": org.user("west-member"),
        "admin": org.admin,
        "outsider": outsider,
    }


@pytest.fixture
def petition(org):
    return start(org, kind="east-meeting")


def page(client, action: str, pk: int):
    if action == "see":
        return client.get(reverse("petitions:detail", args=[pk]))
    return client.post(reverse(f"petitions:{action}", args=[pk]))


API_PATHS = {"sign": "sign", "unsign": "withdraw-signature", "withdraw": "withdraw"}


def api(client, action: str, pk: int):
    if action == "see":
        return client.get(f"/api/v1/petitions/{pk}")
    return client.post(
        f"/api/v1/petitions/{pk}/{API_PATHS[action]}", json.dumps({}), "application/json"
    )


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", ACTIONS)
def test_pages(personas, petition, persona, action):
    allowed = MATRIX[persona][ACTIONS.index(action)]

    response = page(client_for(personas[persona]), action, petition.pk)

    assert response.status_code in PAGE_STATUS[allowed]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", ACTIONS)
def test_api(personas, petition, persona, action):
    allowed = MATRIX[persona][ACTIONS.index(action)]

    response = api(client_for(personas[persona]), action, petition.pk)

    assert response.status_code in API_STATUS[allowed], response.content


@pytest.mark.parametrize("action", ACTIONS)
def test_signing_in_comes_first(petition, action):
    response = page(client_for(None), action, petition.pk)

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert api(client_for(None), action, petition.pk).status_code == 401


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_list_shows_only_what_the_persona_sees(personas, petition, persona):
    seen = MATRIX[persona][0] is True
    html = client_for(personas[persona]).get(reverse("petitions:list"))
    listed = client_for(personas[persona]).get("/api/v1/petitions")

    if persona == "outsider":
        assert html.status_code == 404 and listed.status_code == 404
        return
    assert (f"Petition {petition.pk}:" in html.content.decode()) is seen
    assert (listed.json()["count"] == 1) is seen


def test_a_missing_petition_is_a_404(personas):
    assert page(client_for(personas["admin"]), "see", 999999).status_code == 404
    assert api(client_for(personas["admin"]), "see", 999999).status_code == 404


@pytest.mark.parametrize(
    ("persona", "allowed"), [("east", True), ("suspended", False), ("admin", False)]
)
def test_the_services_check_who_signs_too(personas, petition, persona, allowed):
    if allowed:
        assert petition_sign(actor=personas[persona], petition=petition).pk
    else:
        with pytest.raises(PermissionDenied):
            petition_sign(actor=personas[persona], petition=petition)


@pytest.mark.parametrize(
    ("persona", "allowed"), [("starter", True), ("admin", True), ("east", False)]
)
def test_the_services_check_who_withdraws_too(personas, petition, persona, allowed):
    if allowed:
        assert petition_withdraw(actor=personas[persona], petition=petition).status == "withdrawn"
    else:
        with pytest.raises(PermissionDenied):
            petition_withdraw(actor=personas[persona], petition=petition)
