"""Live updates over the meeting's websocket: every participant hears a change of the list,
with the fragments rendered once for all of them; outsiders cannot listen.

These tests commit for real (`transaction=True`): the websocket's authentication reads the
session from the database outside the test's transaction, and events leave only on commit."""

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.test import Client

from minutebook.asgi import application
from minutebook.floor import live
from minutebook.floor.services import floor_call_next, floor_request

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def fresh_channel_layer():
    """The in-memory layer keeps queues tied to the event loop of the test that made them."""
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def communicator(meeting_id: int, cookie: str | None) -> WebsocketCommunicator:
    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if cookie:
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    return WebsocketCommunicator(application, f"/ws/meetings/{meeting_id}/", headers=headers)


@pytest.fixture
def render_count(monkeypatch):
    """How often the shared fragments were rendered."""
    calls = []
    real = live.render_fragments

    def counting(state):
        calls.append(state.meeting.pk)
        return real(state)

    monkeypatch.setattr(live, "render_fragments", counting)
    return calls


def test_two_participants_hear_a_request_and_a_call_with_fragments_rendered_once(
    org, meeting, chair, render_count
):
    delegate = org.user("east-delegate-1")
    cookies = [session_cookie(chair), session_cookie(delegate)]

    async def scenario():
        listeners = [communicator(meeting.pk, cookie) for cookie in cookies]
        for listener in listeners:
            connected, _ = await listener.connect()
            assert connected
            assert (await listener.receive_json_from())["topic"] == "hello"

        await database_sync_to_async(floor_request)(actor=delegate, meeting=meeting, kind="speech")
        heard = [await listener.receive_json_from(timeout=5) for listener in listeners]
        for event in heard:
            assert event["topic"] == "speakers"
            assert set(event["fragments"]) == {"speakers-list", "current-speaker"}
            assert "East Local Delegate 1" in event["fragments"]["speakers-list"]
            assert "In order of asking" in event["fragments"]["speakers-list"]
            assert "Nobody has the floor" in event["fragments"]["current-speaker"]
            assert event["data"]["waiting"] == [org.members["east-delegate-1"].membership_number]
        assert heard[0]["fragments"] == heard[1]["fragments"]
        assert render_count == [meeting.pk]  # once for both listeners

        await database_sync_to_async(floor_call_next)(actor=chair, meeting=meeting)
        for listener in listeners:
            speakers = await listener.receive_json_from(timeout=5)
            timer = speakers["data"]["timer"]  # in the same event: one message per change
            assert speakers["topic"] == "speakers"
            current = speakers["fragments"]["current-speaker"]
            assert "East Local Delegate 1" in current
            assert 'id="timer"' in current
            assert 'data-timer-limit="120"' in current
            assert 'data-timer-started=""' in current  # the chair has not started it yet
            assert speakers["data"]["current"]["name"] == "East Local Delegate 1"
            assert "Nobody is waiting to speak" in speakers["fragments"]["speakers-list"]
            assert timer["limit"] == 120
            assert timer["running"] is False
            assert await listener.receive_nothing()
        assert render_count == [meeting.pk, meeting.pk]

        for listener in listeners:
            await listener.disconnect()

    async_to_sync(scenario)()


def test_an_outsider_cannot_listen(org, meeting, outsider):
    cookie = session_cookie(outsider)

    async def scenario():
        listener = communicator(meeting.pk, cookie)
        connected, code = await listener.connect()
        assert not connected
        assert code == 4403

    async_to_sync(scenario)()


def test_nobody_signed_in_cannot_listen(org, meeting):
    async def scenario():
        connected, code = await communicator(meeting.pk, None).connect()
        assert (connected, code) == (False, 4403)

    async_to_sync(scenario)()


def test_more_listeners_do_not_mean_more_rendering(org, meeting, render_count):
    """Twelve screens follow the meeting (some people on two devices): one change, one
    rendering, the same fragments for every screen."""
    keys = [f"{local}-delegate-{i}" for local in ("east", "west") for i in range(3)]
    cookies = [session_cookie(org.user(key)) for key in keys * 2]
    delegate = org.user("east-delegate-1")

    async def scenario():
        listeners = [communicator(meeting.pk, cookie) for cookie in cookies]
        for listener in listeners:
            assert (await listener.connect())[0]
            await listener.receive_json_from()
        await database_sync_to_async(floor_request)(actor=delegate, meeting=meeting, kind="speech")
        heard = [await listener.receive_json_from(timeout=5) for listener in listeners]
        assert {event["fragments"]["speakers-list"] for event in heard} == {
            heard[0]["fragments"]["speakers-list"]
        }
        assert len(render_count) == 1
        for listener in listeners:
            await listener.disconnect()

    async_to_sync(scenario)()


def test_a_participants_own_controls_change_only_with_their_own_place(org, meeting, chair):
    """floor.js refetches one's own controls when this key changes: calling a speaker
    changes it for the speaker, not for the others waiting."""
    from minutebook.floor.live import speakers_data, viewer_floor_key
    from minutebook.floor.selectors import floor_state
    from minutebook.floor.services import floor_call_next, floor_request

    first, second = org.members["east-delegate-1"], org.members["east-delegate-2"]
    for member in (first, second):
        floor_request(actor=member.user, meeting=meeting, kind="speech")
    before = floor_state(meeting)
    floor_call_next(actor=chair, meeting=meeting)
    after = floor_state(meeting)

    assert viewer_floor_key(after, first) != viewer_floor_key(before, first)
    assert viewer_floor_key(after, second) == viewer_floor_key(before, second)
    # What the page computes from the event's data is in the event.
    data = speakers_data(after)
    assert data["current"]["member"] == first.membership_number
    assert data["waiting"].count(second.membership_number) == 1
    assert "pro_contra" in data and "list_closed" in data and "agenda_item" in data
