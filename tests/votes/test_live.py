"""Live: opening a vote, each ballot and closing it reach every participant's websocket with
the "vote" topic, its data and its fragments ("vote-result", "vote-count", and "vote-panel"
when a vote opens or closes). A secret ballot's events say how many voted, never how."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from minutebook.routing import websocket_urlpatterns
from minutebook.votes.services import vote_cast, vote_close, vote_open
from tests.motions.world import admitted

pytestmark = pytest.mark.django_db(transaction=True)


async def next_topic(communicator, topic: str) -> dict:
    while True:
        message = await communicator.receive_json_from(timeout=5)
        if message["topic"] == topic:
            return message


def test_vote_events_reach_a_participants_websocket(org, meeting):
    motion = admitted(org, meeting)
    chair, voter, watcher = (
        org.user("east-delegate-0"), org.user("west-delegate-0"), org.user("east-member"),
    )  # fmt: skip

    async def scenario():
        application = URLRouter(websocket_urlpatterns)
        communicator = WebsocketCommunicator(application, f"/ws/meetings/{meeting.pk}/")
        communicator.scope["user"] = watcher
        connected, _ = await communicator.connect()
        assert connected
        assert (await communicator.receive_json_from())["topic"] == "hello"

        vote = await database_sync_to_async(vote_open)(
            actor=chair, meeting=meeting, method="secret", motion=motion
        )
        opened = await next_topic(communicator, "vote")
        assert opened["data"]["event"] == "open"
        assert opened["data"]["cast"] == 0 and opened["data"]["eligible"] == 6
        assert set(opened["fragments"]) == {"vote-result", "vote-count", "vote-panel"}
        assert "Vote open: Motion" in opened["fragments"]["vote-panel"]
        assert f"/votes/{vote.pk}/cast/" in opened["fragments"]["vote-panel"]

        await database_sync_to_async(vote_cast)(actor=voter, vote=vote, choice="against")
        cast = await next_topic(communicator, "vote")
        assert cast["data"]["event"] == "cast" and cast["data"]["cast"] == 1
        assert "votes_against" not in cast["data"]
        assert "against" not in cast["fragments"]["vote-result"].lower()
        assert "1 of 6 has voted" in cast["fragments"]["vote-count"]
        assert "vote-panel" not in cast["fragments"]

        await database_sync_to_async(vote_close)(actor=chair, vote=vote)
        closed = await next_topic(communicator, "vote")
        assert closed["data"]["event"] == "close"
        assert (closed["data"]["votes_for"], closed["data"]["votes_against"]) == (0, 1)
        assert closed["data"]["adopted"] is False
        assert "Not adopted" in closed["fragments"]["vote-result"]
        assert "No vote is open" in closed["fragments"]["vote-panel"]
        await communicator.disconnect()

    async_to_sync(scenario)()


def test_outsiders_get_no_websocket(org, meeting, outsider):
    async def scenario():
        communicator = WebsocketCommunicator(
            URLRouter(websocket_urlpatterns), f"/ws/meetings/{meeting.pk}/"
        )
        communicator.scope["user"] = outsider
        connected, code = await communicator.connect()
        assert not connected and code == 4403

    async_to_sync(scenario)()
