"""Who may see and run the list of speakers: a matrix of personas against pages and actions.

Seeing follows the meeting (whoever may read the body's records; outsiders and those the
charter keeps out get a 404). Running the floor is for the meeting's chair, the body's chair
and secretary, and administrators; anyone else gets a 403."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from minutebook.floor.services import FloorRefused, floor_call_next, floor_request
from tests.floor.conftest import check_in, make_meeting

READ_PAGES = ["page", "projector", "statistics", "controls"]
CHAIR_ACTIONS = [
    "console",
    "call_next",
    "timer_start",
    "timer_pause",
    "turn_end",
    "extend",
    "list_close",
    "list_reopen",
    "debate_close",
    "options",
    "limit",
    "item",
]


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def personas(org, outsider):
    return {
        "chair": org.user("west-delegate-0"),  # chairs this meeting
        "secretary": org.user("east-delegate-0"),  # the assembly's secretary
        "admin": org.admin,
        "delegate": org.user("east-delegate-1"),
        "member": org.user("east-member"),  # no seat on the assembly
        "outsider": outsider,
    }


def hit(client: Client, name: str, meeting_id: int):
    if name == "console":
        return client.get(reverse("floor:console_part", args=[meeting_id, "turn"]))
    url = reverse(f"floor:{name}", args=[meeting_id])
    if name in ("page", "projector", "statistics", "controls"):
        return client.get(url)
    return client.post(url, {"seconds": 60, "reason": "Because"})


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("chair", 200),
        ("secretary", 200),
        ("admin", 200),
        ("delegate", 200),
        ("member", 200),
        ("outsider", 404),
    ],
)
def test_who_sees_the_floor(meeting, personas, persona, status):
    client = client_for(personas[persona])

    assert {page: hit(client, page, meeting.pk).status_code for page in READ_PAGES} == {
        page: status for page in READ_PAGES
    }


def test_signing_in_comes_first(meeting):
    for page in READ_PAGES:
        response = hit(client_for(None), page, meeting.pk)
        assert response.status_code == 302, page
        assert response["Location"].startswith(reverse("login")), page


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("chair", True),
        ("secretary", True),
        ("admin", True),
        ("delegate", False),
        ("member", False),
        ("outsider", None),
    ],
)
def test_who_runs_the_floor(meeting, personas, persona, allowed):
    """Allowed: the page or a redirect (a refusal by the rules comes back as a message).
    Refused: 403. An outsider learns nothing: 404."""
    client = client_for(personas[persona])
    expected = {True: {200, 302}, False: {403}, None: {404}}[allowed]

    for action in CHAIR_ACTIONS:
        assert hit(client, action, meeting.pk).status_code in expected, action


def test_a_missing_meeting_is_a_404(personas):
    assert hit(client_for(personas["admin"]), "page", 999999).status_code == 404


def test_a_meeting_of_a_closed_body_is_hidden_from_members_not_on_it(org):
    """The Bureau's records are for its three seat holders only."""
    bureau = make_meeting(org, "bureau")
    member_client = client_for(org.user("east-member"))
    bureau_client = client_for(org.user("council-1"))

    for page in READ_PAGES:
        assert hit(member_client, page, bureau.pk).status_code == 404
        assert hit(bureau_client, page, bureau.pk).status_code == 200


def test_withdrawing_someone_elses_request_is_for_the_chair(org, meeting):
    check_in(meeting)  # everyone is already in
    request = floor_request(actor=org.user("east-delegate-2"), meeting=meeting, kind="speech")
    url = reverse("floor:withdraw", args=[meeting.pk, request.pk])

    assert client_for(org.user("east-delegate-1")).post(url).status_code == 403
    assert client_for(org.user("east-member")).post(url).status_code == 403
    assert client_for(org.user("west-delegate-0")).post(url).status_code == 302


def test_a_request_of_another_meeting_is_a_404(org, meeting):
    other = make_meeting(org)
    check_in(other, org.members["east-delegate-2"])
    request = floor_request(actor=org.user("east-delegate-2"), meeting=other, kind="speech")
    url = reverse("floor:withdraw", args=[meeting.pk, request.pk])

    assert client_for(org.user("east-delegate-2")).post(url).status_code == 404


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("chair", True), ("secretary", True), ("admin", True), ("delegate", False)],
)
def test_the_services_check_the_chair_too(org, meeting, personas, persona, allowed):
    floor_request(actor=org.user("east-delegate-2"), meeting=meeting, kind="speech")

    if allowed:
        assert floor_call_next(actor=personas[persona], meeting=meeting).status == "speaking"
    else:
        with pytest.raises(PermissionDenied):
            floor_call_next(actor=personas[persona], meeting=meeting)


def test_the_body_speaking_page_follows_the_bodys_visibility(org):
    bureau_url = reverse("floor:body_speaking", args=["bureau"])
    assembly_url = reverse("floor:body_speaking", args=["assembly"])

    assert client_for(org.user("east-member")).get(assembly_url).status_code == 200
    assert client_for(org.user("east-member")).get(bureau_url).status_code == 404
    assert client_for(org.user("council-0")).get(bureau_url).status_code == 200
    assert client_for(org.admin).get(bureau_url).status_code == 200


def test_the_body_speaking_page_is_hidden_from_outsiders(org, outsider):
    url = reverse("floor:body_speaking", args=["assembly"])

    assert client_for(outsider).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302


def test_a_member_without_a_seat_sees_why_they_cannot_ask(org, meeting):
    with pytest.raises(FloorRefused):
        floor_request(actor=org.user("east-member"), meeting=meeting, kind="speech")
    page = client_for(org.user("east-member")).get(reverse("floor:page", args=[meeting.pk]))

    assert "Only those holding a seat on the General Assembly may ask" in page.content.decode()
    assert 'id="ask-for-floor"' not in page.content.decode()
