"""The pages of the floor: what they carry for the live updates and the browser tests (stable
ids, labels, the timer element), and how their forms answer htmx and plain posts."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from minutebook.floor.models import RequestStatus, SpeakerRequest
from minutebook.floor.services import (
    floor_call_next,
    floor_request,
    floor_set_options,
    floor_start_timer,
)

HTMX = {"HX-Request": "true"}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(client: Client, name: str, meeting, **headers) -> str:
    response = client.get(reverse(f"floor:{name}", args=[meeting.pk]), headers=headers)
    assert response.status_code == 200
    return response.content.decode()


def test_the_participant_page_is_live(meeting, delegate):
    html = page(client_for(delegate), "page", meeting)

    assert "<body hx-headers=" in html and f'data-live-meeting="{meeting.pk}"' in html
    assert "/static/minutebook/live.js" in html
    assert 'id="speakers-list" data-live-fragment="speakers-list"' in html
    assert 'id="current-speaker" data-live-fragment="current-speaker"' in html
    assert 'id="timer"' in html
    assert re.search(
        r'<div id="floor-controls" class="live-part" hx-get="[^"]+/floor/controls/\?key=\w+" '
        r'hx-trigger="live" hx-target="this" hx-swap="outerHTML" data-live-refresh="speakers">',
        html,
    )
    assert 'aria-live="assertive"' in html and "data-timer-announcer" in html
    assert 'id="ask-for-floor"' in html and ">Ask for the floor</button>" in html
    assert ">Point of order</button>" in html
    assert 'id="chair-console"' not in html


def test_the_chair_sees_the_console(meeting, chair):
    html = page(client_for(chair), "page", meeting)

    assert 'id="chair-console"' in html
    assert 'data-live-refresh="speakers"' in html
    for label in ("Call next speaker", "Close the list", "Close the debate", "Save the rules"):
        assert label in html


def test_the_current_speaker_carries_the_timer_on_the_servers_clock(org, meeting, chair, clock):
    floor_request(actor=org.user("east-delegate-1"), meeting=meeting, kind="speech")
    floor_call_next(actor=chair, meeting=meeting)
    floor_start_timer(actor=chair, meeting=meeting)
    clock.advance(20)

    html = page(client_for(chair), "page", meeting)

    started = f"{(clock.now.timestamp() - 20):.3f}"
    assert (
        f'data-timer-limit="120" data-timer-started="{started}" data-timer-elapsed="0.000"'
    ) in html
    assert 'role="timer"' in html
    assert ">1:40</span>" in html  # what the server counts; live.js goes on from there
    assert "Member" in html  # the role label


def test_the_projector_has_the_speaker_the_list_and_room_for_the_vote(meeting, delegate):
    html = page(client_for(delegate), "projector", meeting)

    assert 'class="projector"' in html and f'data-live-meeting="{meeting.pk}"' in html
    assert "/static/minutebook/live.js" in html
    assert 'data-live-fragment="current-speaker"' in html
    assert 'data-live-fragment="speakers-list"' in html
    assert '<div id="vote-result" data-live-fragment="vote-result"></div>' in html


def test_asking_through_htmx_answers_with_the_controls(org, meeting, delegate):
    response = client_for(delegate).post(
        reverse("floor:ask", args=[meeting.pk]), {"kind": "speech"}, headers=HTMX
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "You are on the list of speakers." in html
    assert 'id="withdraw-speech"' in html
    assert 'id="ask-for-floor"' not in html  # one waiting speech per item
    assert SpeakerRequest.objects.get().member == org.members["east-delegate-1"]


def test_asking_without_javascript_goes_back_to_the_page(meeting, delegate):
    response = client_for(delegate).post(
        reverse("floor:ask", args=[meeting.pk]), {"kind": "point_of_order"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("floor:page", args=[meeting.pk])
    assert SpeakerRequest.objects.get().kind == "point_of_order"


def test_a_refusal_is_shown_in_the_controls(meeting, delegate):
    client = client_for(delegate)
    url = reverse("floor:ask", args=[meeting.pk])
    client.post(url, {"kind": "speech"}, headers=HTMX)

    html = client.post(url, {"kind": "speech"}, headers=HTMX).content.decode()

    assert 'role="alert"' in html
    assert "You are already waiting for speech on this item." in html


def test_the_stance_is_asked_in_the_debate_on_a_motion(meeting, chair, delegate):
    assert 'name="stance"' not in page(client_for(delegate), "controls", meeting)
    floor_set_options(actor=chair, meeting=meeting, pro_contra=True, progressive=False)

    html = page(client_for(delegate), "controls", meeting)
    assert "For the motion" in html and "Against the motion" in html

    client_for(delegate).post(
        reverse("floor:ask", args=[meeting.pk]), {"kind": "speech", "stance": "contra"}
    )
    assert SpeakerRequest.objects.get().stance == "contra"


def test_withdrawing_through_the_page(org, meeting, delegate):
    request = floor_request(actor=delegate, meeting=meeting, kind="speech")

    response = client_for(delegate).post(
        reverse("floor:withdraw", args=[meeting.pk, request.pk]), headers=HTMX
    )

    assert "Request withdrawn." in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN


def test_a_console_action_answers_with_the_console(org, meeting, chair):
    floor_request(actor=org.user("east-delegate-1"), meeting=meeting, kind="speech")

    response = client_for(chair).post(
        reverse("floor:call_next", args=[meeting.pk]),
        headers={**HTMX, "HX-Target": "console-turn"},
    )

    html = response.content.decode()
    assert html.startswith('<div id="console-turn" class="live-part"')
    assert 'id="timer-start"' in html and 'id="turn-end"' in html
    assert '<div id="console-message" class="floor-message" hx-swap-oob="true">' in html
    assert "Next speaker called." in html


def test_a_part_is_replaced_only_when_it_changed(org, meeting, chair, delegate):
    """Every change of the list makes each part refetch itself; the server answers 204 while
    the part is the same, so a half-filled form survives other people's actions."""
    client = client_for(chair)
    url = reverse("floor:console_part", args=[meeting.pk, "extend"])
    floor_request(actor=org.user("east-delegate-2"), meeting=meeting, kind="speech")
    floor_call_next(actor=chair, meeting=meeting)
    first = client.get(url, headers=HTMX)
    key = re.search(r'\?key=(\w+)"', first.content.decode())[1]

    floor_request(actor=delegate, meeting=meeting, kind="speech")  # someone else asks

    assert client.get(url, {"key": key}, headers=HTMX).status_code == 204
    turn_url = reverse("floor:console_part", args=[meeting.pk, "list"])
    list_key = re.search(r'\?key=(\w+)"', client.get(turn_url).content.decode())[1]
    floor_request(actor=org.user("west-delegate-1"), meeting=meeting, kind="speech")
    changed = client.get(turn_url, {"key": list_key}, headers=HTMX)
    assert changed.status_code == 200
    assert "West Local Delegate 1" in changed.content.decode()


def test_a_console_part_is_for_the_chair(meeting, delegate):
    url = reverse("floor:console_part", args=[meeting.pk, "rules"])

    assert client_for(delegate).get(url).status_code == 403
    missing = reverse("floor:console_part", args=[meeting.pk, "nothing"])
    assert client_for(delegate).get(missing).status_code == 404


def test_the_chair_extends_with_a_reason_from_the_console(org, meeting, chair):
    floor_request(actor=org.user("east-delegate-1"), meeting=meeting, kind="speech")
    floor_call_next(actor=chair, meeting=meeting)
    url = reverse("floor:extend", args=[meeting.pk])
    client = client_for(chair)
    headers = {**HTMX, "HX-Target": "console-extend"}

    refused = client.post(url, {"seconds": 30}, headers=headers).content.decode()
    granted = client.post(url, {"seconds": 30, "reason": "Quoting"}, headers=headers)

    assert "Why more time: This field is required." in refused
    assert "East Local Delegate 1 has 30 seconds more." in granted.content.decode()


@pytest.mark.parametrize("name", ["statistics"])
def test_the_statistics_page_is_live(meeting, delegate, name):
    html = page(client_for(delegate), name, meeting)

    assert f'data-live-meeting="{meeting.pk}"' in html
    assert 'data-live-refresh="speakers"' in html
    assert 'id="speaking-by-role"' in html
