"""A worker receives each event of a meeting once and passes it to every socket it holds for
that meeting, and to no other; a socket that reads nothing does not hold up the others."""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from minutebook.live import relay
from minutebook.live.consumers import MeetingConsumer
from minutebook.live.publish import meeting_group
from minutebook.routing import websocket_urlpatterns

pytestmark = pytest.mark.django_db(transaction=True)


async def follow(user, meeting_id: int) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(
        URLRouter(websocket_urlpatterns), f"/ws/meetings/{meeting_id}/"
    )
    communicator.scope["user"] = user
    assert (await communicator.connect())[0]
    assert (await communicator.receive_json_from())["topic"] == "hello"
    return communicator


def test_every_socket_of_the_meeting_gets_the_event_and_no_other(org):
    from tests.meetings.conftest import convene

    meeting, other = convene(org), convene(org)
    users = [org.user("council-1"), org.user("council-2"), org.user("council-3")]

    async def scenario():
        first = await follow(users[0], meeting.pk)
        second = await follow(users[1], meeting.pk)
        elsewhere = await follow(users[2], other.pk)
        relays = relay._relays[asyncio.get_running_loop()]
        assert (
            relays[meeting.pk].followers == {*relays[meeting.pk].followers}
            and len(relays[meeting.pk].followers) == 2
        )
        await get_channel_layer().group_send(
            meeting_group(meeting.pk), {"type": "live.event", "text": '{"topic": "speakers"}'}
        )
        got = [await first.receive_json_from(), await second.receive_json_from()]
        nothing_elsewhere = await elsewhere.receive_nothing(timeout=0.3)
        for communicator in (first, second, elsewhere):
            await communicator.disconnect()
        return got, nothing_elsewhere, dict(relays)

    got, nothing_elsewhere, left = async_to_sync(scenario)()
    assert got == [{"topic": "speakers"}, {"topic": "speakers"}]
    assert nothing_elsewhere
    assert left == {}  # the last socket of a meeting gone, the worker unsubscribes


def test_a_socket_that_reads_nothing_is_closed_before_its_backlog_grows_without_end():
    async def scenario():
        consumer = MeetingConsumer()
        stuck = asyncio.Event()  # the socket never takes another byte
        sent, closed = [], []

        async def send(text_data=None, **kwargs):
            sent.append(text_data)
            await stuck.wait()

        async def close(code=None):
            closed.append(code)

        consumer.send, consumer.close = send, close
        consumer.deliver("event 0")
        await asyncio.sleep(0)  # being written, and stuck
        for number in range(1, MeetingConsumer.LARGEST_BACKLOG + 5):
            consumer.deliver(f"event {number}")
        await asyncio.sleep(0)
        return sent, closed, len(consumer._outbox)

    sent, closed, backlog = asyncio.run(scenario())
    assert sent == ["event 0"]
    assert closed == [4008]
    assert backlog == 0  # nothing more piles up for a socket being closed


def test_a_socket_that_makes_a_write_wait_gets_the_rest_in_order_once_it_reads_again():
    async def scenario():
        consumer = MeetingConsumer()
        reading = asyncio.Event()
        written = []

        async def send(text_data=None, **kwargs):
            if text_data == "event 1":  # the socket's buffer is full
                await reading.wait()
            written.append(text_data)

        consumer.send = send
        for number in range(4):
            consumer.deliver(f"event {number}")
        before = list(written)
        reading.set()
        await asyncio.sleep(0.01)
        consumer.deliver("event 4")
        return before, written, consumer._writing

    before, written, still_writing = asyncio.run(scenario())
    assert before == ["event 0"]  # written at once, without waiting for the loop
    assert written == [f"event {number}" for number in range(5)]
    assert not still_writing


def test_one_sockets_trouble_does_not_silence_the_meeting(monkeypatch):
    class Follower:
        def __init__(self, fails):
            self.fails, self.got = fails, []

        def deliver(self, text):
            if self.fails:
                raise RuntimeError("broken")
            self.got.append(text)

    async def scenario():
        from channels.layers import InMemoryChannelLayer

        layer = InMemoryChannelLayer()
        monkeypatch.setattr(relay, "get_channel_layer", lambda: layer)
        meeting = relay.MeetingRelay(99, forget=lambda: None)
        broken, fine = Follower(fails=True), Follower(fails=False)
        await meeting.join(broken)
        await meeting.join(fine)
        for number in range(2):
            await layer.group_send(meeting_group(99), {"type": "live.event", "text": str(number)})
        await asyncio.sleep(0.05)
        await meeting.leave(broken)
        await meeting.leave(fine)
        return fine.got

    assert asyncio.run(scenario()) == ["0", "1"]
