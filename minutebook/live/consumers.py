"""The websocket every participant's page keeps open to a meeting."""

from __future__ import annotations

import time

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from minutebook.live.publish import meeting_group


@database_sync_to_async
def _may_follow(user, meeting_id: int) -> bool:
    from minutebook.meetings.access import can_follow_meeting

    return can_follow_meeting(user, meeting_id)


def _casts_from_sockets(casts: list) -> list[dict]:
    from minutebook.votes.casting import casts_from_sockets

    return casts_from_sockets(casts)


# Not in the one thread that runs the views, which would queue the ballots of thousands
# behind every page request: in a pooled connection of their own.
_cast_many = database_sync_to_async(_casts_from_sockets, thread_sensitive=False)


async def _cast(user, meeting_id: int, data) -> dict:
    from minutebook.votes.casting import socket_casts

    return await socket_casts(_cast_many).cast(user, meeting_id, data)


class MeetingConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        self.meeting_id = int(self.scope["url_route"]["kwargs"]["meeting_id"])
        user = self.scope.get("user")
        if (
            user is None
            or not user.is_authenticated
            or not await _may_follow(user, self.meeting_id)
        ):
            await self.close(code=4403)
            return
        self.group = meeting_group(self.meeting_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json({"topic": "hello", "data": {"meeting": self.meeting_id}})

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs) -> None:
        # Clients act through HTTP, apart from casting a ballot, which thousands may do at
        # once (minutebook.votes.casting), and a ping that lets clients measure their clock
        # offset for timers.
        if not isinstance(content, dict):
            return
        topic = content.get("topic")
        if topic == "ping":
            await self.send_json(
                {"topic": "pong", "data": {"server_time": time.time(), "echo": content.get("data")}}
            )
        elif topic == "cast":
            answer = await _cast(self.scope["user"], self.meeting_id, content.get("data"))
            await self.send_json({"topic": "reply", "ref": content.get("ref"), "data": answer})

    async def dispatch(self, message) -> None:
        # Channels closes stale database connections before every message, in the thread
        # that also runs the views: with thousands of participants, every event would queue
        # thousands of such calls ahead of the requests. Passing an event on touches no
        # database.
        if message["type"] == "live.event":
            await self.live_event(message)
            return
        await super().dispatch(message)

    async def live_event(self, event) -> None:
        await self.send(text_data=event["text"])
