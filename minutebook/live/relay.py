"""Passing a meeting's live events on to the sockets of one worker.

Channels gives every consumer a channel of its own: one event to a meeting of thousands would
cost, per socket, a queue, a new task and a decoding of the message before it is written. The
relay instead receives each event of a meeting once per worker, on one channel in the meeting's
group, and hands it to every socket of that meeting the worker holds
(`MeetingConsumer.deliver`), which writes it as soon as the socket takes it: as text, or as the
websocket frame the relay encoded once for all of them."""

from __future__ import annotations

import asyncio
import logging
import weakref
from typing import Protocol

from channels.layers import get_channel_layer
from websockets.frames import Frame, Opcode

from minutebook.live.publish import meeting_group

logger = logging.getLogger(__name__)


class Follower(Protocol):
    audience: str  # whether it reads the closed sessions of the meeting (see live.publish)

    def deliver(self, text: str, frame: bytes) -> None: ...


def text_frame(text: str) -> bytes:
    """A server's websocket frame carrying `text`: unmasked and uncompressed, the same bytes
    for every socket."""
    return Frame(Opcode.TEXT, text.encode()).serialize(mask=False)


class MeetingRelay:
    def __init__(self, meeting_id: int, forget):
        self.group = meeting_group(meeting_id)
        self.followers: set[Follower] = set()
        self._forget = forget  # called when the last follower has left
        self._subscribed: asyncio.Future | None = None
        self._task: asyncio.Task | None = None

    async def join(self, follower: Follower) -> None:
        """Deliver the meeting's events to `follower` from now on: returns once the worker is
        subscribed to them."""
        self.followers.add(follower)
        if self._subscribed is None:
            self._subscribed = asyncio.get_running_loop().create_future()
            try:
                layer = get_channel_layer()
                self._channel = await layer.new_channel("relay.")
                await layer.group_add(self.group, self._channel)
                self._task = asyncio.ensure_future(self._pass_on(layer))
                self._subscribed.set_result(True)
            except BaseException as failed:
                self._subscribed.set_exception(failed)
                self._forget()  # the next to join tries again with a relay of its own
                raise
        await asyncio.shield(self._subscribed)

    async def leave(self, follower: Follower) -> None:
        self.followers.discard(follower)
        if self.followers or self._subscribed is None:
            return
        self._forget()
        await asyncio.shield(self._subscribed)
        self._task.cancel()  # its receive unsubscribes the channel
        await get_channel_layer().group_discard(self.group, self._channel)

    async def _pass_on(self, layer) -> None:
        while True:
            message = await layer.receive(self._channel)
            text = message.get("text")
            if text is None:
                continue
            frame = text_frame(text)
            audience = message.get("audience")
            for follower in tuple(self.followers):
                if audience is not None and follower.audience != audience:
                    continue
                try:
                    follower.deliver(text, frame)
                except Exception:  # one socket's trouble must not silence the meeting
                    logger.exception("passing a live event of %s on failed", self.group)


_relays: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def meeting_relay(meeting_id: int) -> MeetingRelay:
    """This worker's relay of the meeting's events (one per event loop: tests run several)."""
    relays = _relays.setdefault(asyncio.get_running_loop(), {})
    if meeting_id not in relays:
        relays[meeting_id] = MeetingRelay(meeting_id, forget=lambda: relays.pop(meeting_id, None))
    return relays[meeting_id]
