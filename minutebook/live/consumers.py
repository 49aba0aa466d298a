"""The websocket every participant's page keeps open to a meeting."""

from __future__ import annotations

import asyncio
import time
from collections import deque

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from websockets.protocol import State

from minutebook.live.publish import CLOSED_SESSION_READERS, OTHER_FOLLOWERS
from minutebook.live.relay import meeting_relay


def _server_connection(send):
    """The connection of uvicorn's websockets-sansio server behind `send`, whose transport
    takes a live event's frame as the relay encoded it; None under any other server, where
    events go through ASGI's "websocket.send"."""
    try:
        from uvicorn.protocols.websockets.websockets_sansio_impl import (
            WebSocketsSansIOProtocol,
        )
    except ImportError:
        return None
    connection = getattr(send, "__self__", None)
    return connection if type(connection) is WebSocketsSansIOProtocol else None


@database_sync_to_async
def _may_follow(user, meeting_id: int) -> bool:
    from minutebook.meetings.access import can_follow_meeting

    return can_follow_meeting(user, meeting_id)


@database_sync_to_async
def _audience(user, meeting_id: int) -> str:
    from minutebook.meetings.access import reads_closed_sessions
    from minutebook.meetings.models import Meeting

    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    return CLOSED_SESSION_READERS if reads_closed_sessions(user, meeting) else OTHER_FOLLOWERS


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
    # The meeting's events come through the worker's relay (minutebook.live.relay), not a
    # channel of each consumer's own.
    channel_layer_alias = None

    # A socket this many events behind reads nothing any more (a phone gone to sleep
    # without closing): closed, so that its events stop piling up; a page that wakes
    # reconnects and reloads what it shows.
    LARGEST_BACKLOG = 200

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._outbox: deque[str] = deque()  # live events the socket has not taken yet
        self._writing = self._closing = False
        self._sending = None  # the send under way, when it had to wait for the socket
        self._connection = None  # the server's connection, when it takes frames (see deliver)
        self.audience = OTHER_FOLLOWERS  # until connect has read who the user is

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
        self.audience = await _audience(user, self.meeting_id)
        self.relay = meeting_relay(self.meeting_id)
        await self.relay.join(self)
        await self.accept()
        self._connection = _server_connection(self.base_send)
        await self.send_json({"topic": "hello", "data": {"meeting": self.meeting_id}})

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "relay"):
            await self.relay.leave(self)

    def deliver(self, text: str, frame: bytes) -> None:
        """Send a live event as soon as the socket takes it, without holding up the relay.

        Through ASGI, an event costs every socket a few coroutines and an encoding of its
        frame; a socket of uvicorn's websockets-sansio server that takes writes at once
        (nothing queued, not closing) is written the frame the relay encoded once for all,
        which is what that server's own send would write."""
        if self._closing:
            return
        if not self._writing and self._takes_frames():
            self._connection.transport.write(frame)
            return
        if len(self._outbox) >= self.LARGEST_BACKLOG:
            self._closing = True
            self._outbox.clear()
            self._writer = asyncio.ensure_future(self.close(code=4008))
            return
        self._outbox.append(text)
        if not self._writing:
            self._writing = True
            self._write_outbox()

    def _takes_frames(self) -> bool:
        connection = self._connection
        return (
            connection is not None
            and connection.conn.state is State.OPEN
            and connection.writable.is_set()
            and not connection.transport.is_closing()
        )

    def _write_outbox(self, _done=None) -> None:
        # A socket nearly always takes a write at once: the send is run here, without a task
        # of its own (thousands a second), and only a send that has to wait for the socket
        # is resumed later, when the future it waits on is done, as a task would.
        try:
            while self._outbox or self._sending is not None:
                if self._sending is None:
                    self._sending = self.send(text_data=self._outbox.popleft())
                try:
                    waiting = self._sending.send(None)
                except StopIteration:
                    self._sending = None
                    continue
                if waiting is None:  # a bare yield: go on at the loop's next turn
                    asyncio.get_running_loop().call_soon(self._write_outbox)
                else:
                    waiting._asyncio_future_blocking = False
                    waiting.add_done_callback(self._write_outbox)
                return
        except Exception:
            self._outbox.clear()  # the socket is gone: its disconnect follows
            self._sending = None
        self._writing = False

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
        # Channels closes stale database connections before every message, in the one thread
        # that also runs the views. This consumer reaches the database only through
        # database_sync_to_async, which does that itself, in the thread doing the work.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"no handler for message type {message['type']}")
        await handler(message)
