"""The quorum live: a participant connected to the meeting's websocket hears every change of
attendance, with the quorum panel rendered once on the server; who may not see the body's
records is refused at the door. Through the real ASGI application (sessions, auth, the
allowed-hosts check) and the in-memory channel layer.

The tests commit for real (`transaction=True`): the consumer reads the database through
`database_sync_to_async`, which closes the connection around each call, and an event leaves
only after its transaction commits."""

from __future__ import annotations

import contextlib

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.test import Client

from minutebook.asgi import application
from minutebook.meetings import services
from tests.meetings.conftest import convene

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def in_memory_layer(settings):
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    from channels.layers import channel_layers

    channel_layers.backends.clear()


def socket_for(user, meeting_id: int) -> WebsocketCommunicator:
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return WebsocketCommunicator(
        application,
        f"/ws/meetings/{meeting_id}/",
        headers=[(b"cookie", cookie.encode()), (b"origin", b"http://testserver")],
    )


def test_a_check_in_reaches_a_connected_participant(org, open_meeting, clock):
    follower = socket_for(org.user("west-member"), open_meeting.pk)

    def check_in():
        services.attendance_check_in(
            actor=org.user("council-2"), meeting=open_meeting, member=org.members["council-2"]
        )

    async def scenario():
        connected, _ = await follower.connect()
        assert connected
        hello = await follower.receive_json_from()
        assert hello == {"topic": "hello", "data": {"meeting": open_meeting.pk}}
        await database_sync_to_async(check_in)()
        event = await follower.receive_json_from(timeout=3)
        await follower.disconnect()
        return event

    event = async_to_sync(scenario)()
    assert event["topic"] == "attendance"
    assert event["data"]["quorum"]["present"] == 1
    assert event["data"]["quorum"]["required"] == 3
    assert event["data"]["quorum"]["has_quorum"] is False
    assert "No quorum" in event["fragments"]["quorum"]
    assert "Council Member 2" in event["fragments"]["attendance"]


def test_nothing_is_sent_for_a_refused_check_in(org, open_meeting, clock):
    follower = socket_for(org.user("council-3"), open_meeting.pk)

    def refused():
        with contextlib.suppress(PermissionDenied):
            services.attendance_check_in(
                actor=org.user("council-2"),
                meeting=open_meeting,
                member=org.members["council-4"],
            )

    async def scenario():
        await follower.connect()
        await follower.receive_json_from()
        await database_sync_to_async(refused)()
        nothing = await follower.receive_nothing(timeout=0.3)
        await follower.disconnect()
        return nothing

    assert async_to_sync(scenario)() is True


def test_the_websocket_refuses_who_may_not_see_the_bodys_records(org, clock):
    """The Bureau's records are for its seat holders: an ordinary member is turned away."""
    meeting = convene(org, actor=org.admin, body=org.bodies["bureau"], days=2)
    stranger = socket_for(org.user("east-member"), meeting.pk)
    seated = socket_for(org.user("council-1"), meeting.pk)

    async def scenario():
        refused = await stranger.connect()
        accepted = await seated.connect()
        await seated.disconnect()
        return refused, accepted

    (stranger_ok, code), (seated_ok, _) = async_to_sync(scenario)()
    assert stranger_ok is False and code == 4403
    assert seated_ok is True
