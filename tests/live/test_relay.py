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
        consumer.deliver("event 0", b"")
        await asyncio.sleep(0)  # being written, and stuck
        for number in range(1, MeetingConsumer.LARGEST_BACKLOG + 5):
            consumer.deliver(f"event {number}", b"")
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
            consumer.deliver(f"event {number}", b"")
        before = list(written)
        reading.set()
        await asyncio.sleep(0.01)
        consumer.deliver("event 4", b"")
        return before, written, consumer._writing

    before, written, still_writing = asyncio.run(scenario())
    assert before == ["event 0"]  # written at once, without waiting for the loop
    assert written == [f"event {number}" for number in range(5)]
    assert not still_writing


def test_one_sockets_trouble_does_not_silence_the_meeting(monkeypatch):
    class Follower:
        def __init__(self, fails):
            self.fails, self.got = fails, []

        def deliver(self, text, frame):
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


# Under uvicorn's websockets-sansio server (what `minutebook serve` runs), a live event is
# written to every socket as one frame encoded by the relay. The connection below is that
# server's own, with a transport that records what is written.


class Transport:
    def __init__(self):
        self.written, self.closing = [], False

    def write(self, data: bytes) -> None:
        self.written.append(data)

    def is_closing(self) -> bool:
        return self.closing


def uvicorn_connection(loop):
    from uvicorn.config import Config
    from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
    from uvicorn.server import ServerState
    from websockets.protocol import State

    config = Config(app=lambda scope, receive, send: None, ws="websockets-sansio")
    config.load()
    connection = WebSocketsSansIOProtocol(config, ServerState(), {}, _loop=loop)
    connection.transport = Transport()
    connection.conn.state = State.OPEN  # as after the handshake
    return connection


def received_texts(data: bytes) -> list[str]:
    """What a browser reads from these bytes."""
    from websockets.client import ClientProtocol
    from websockets.protocol import State
    from websockets.uri import parse_uri

    client = ClientProtocol(parse_uri("ws://minutebook.test/"), state=State.OPEN)
    client.receive_data(data)
    return [frame.data.decode() for frame in client.events_received()]


@pytest.mark.parametrize("size", [3, 200, 70_000])  # the frame's three length encodings
def test_the_relays_frame_reads_as_the_events_text(size):
    text = "é" * size
    assert received_texts(relay.text_frame(text)) == [text]


def consumer_on_uvicorn(loop):
    connection = uvicorn_connection(loop)
    consumer = MeetingConsumer()
    sent = []

    async def send(text_data=None, **kwargs):
        await connection.writable.wait()
        sent.append(text_data)

    consumer.send = send
    consumer._connection = connection
    return consumer, connection, sent


def test_uvicorns_connection_is_recognised_behind_the_asgi_send():
    from minutebook.live.consumers import _server_connection

    async def scenario():
        connection = uvicorn_connection(asyncio.get_running_loop())
        return connection, _server_connection(connection.send)

    connection, found = asyncio.run(scenario())
    assert found is connection

    async def other_server(message):
        pass

    assert _server_connection(other_server) is None


def test_a_socket_that_takes_writes_is_written_the_relays_frame():
    async def scenario():
        consumer, connection, sent = consumer_on_uvicorn(asyncio.get_running_loop())
        for number in range(3):
            text = f"event {number}"
            consumer.deliver(text, relay.text_frame(text))
        return b"".join(connection.transport.written), sent

    written, sent = asyncio.run(scenario())
    assert received_texts(written) == ["event 0", "event 1", "event 2"]
    assert sent == []  # not through ASGI


def test_events_wait_in_order_while_the_sockets_buffer_is_full():
    async def scenario():
        consumer, connection, sent = consumer_on_uvicorn(asyncio.get_running_loop())
        consumer.deliver("event 0", relay.text_frame("event 0"))
        connection.pause_writing()  # the transport's buffer is over its high-water mark
        consumer.deliver("event 1", relay.text_frame("event 1"))
        connection.resume_writing()
        # Before event 1 has gone: event 2 must not overtake it.
        consumer.deliver("event 2", relay.text_frame("event 2"))
        await asyncio.sleep(0.01)
        consumer.deliver("event 3", relay.text_frame("event 3"))
        return received_texts(b"".join(connection.transport.written)), sent

    framed, sent = asyncio.run(scenario())
    assert framed == ["event 0", "event 3"]
    assert sent == ["event 1", "event 2"]


def test_a_closing_socket_is_written_no_frame():
    from websockets.protocol import State

    async def scenario():
        consumer, connection, sent = consumer_on_uvicorn(asyncio.get_running_loop())
        connection.conn.state = State.CLOSING  # the server has sent its close frame
        consumer.deliver("event 0", relay.text_frame("event 0"))
        connection.conn.state = State.OPEN
        connection.transport.closing = True  # the peer has gone
        consumer.deliver("event 1", relay.text_frame("event 1"))
        return connection.transport.written, sent

    written, sent = asyncio.run(scenario())
    assert written == []
    assert sent == ["event 0", "event 1"]  # ASGI's send, which knows what to do with them


def test_an_event_for_one_audience_reaches_only_the_followers_of_that_audience(monkeypatch):
    """The floor of an item in closed session goes to those who read it; the others hear only
    that the session is closed (minutebook.floor.live.publish_floor)."""
    from minutebook.live.publish import CLOSED_SESSION_READERS, OTHER_FOLLOWERS

    class Follower:
        def __init__(self, audience):
            self.audience, self.got = audience, []

        def deliver(self, text, frame):
            self.got.append(text)

    async def scenario():
        from channels.layers import InMemoryChannelLayer

        layer = InMemoryChannelLayer()
        monkeypatch.setattr(relay, "get_channel_layer", lambda: layer)
        meeting = relay.MeetingRelay(98, forget=lambda: None)
        reader, other = Follower(CLOSED_SESSION_READERS), Follower(OTHER_FOLLOWERS)
        await meeting.join(reader)
        await meeting.join(other)
        for text, audience in (
            ("the floor", CLOSED_SESSION_READERS),
            ("closed session", OTHER_FOLLOWERS),
            ("the agenda", None),
        ):
            event = {"type": "live.event", "text": text}
            if audience:
                event["audience"] = audience
            await layer.group_send(meeting_group(98), event)
        await asyncio.sleep(0.05)
        await meeting.leave(reader)
        await meeting.leave(other)
        return reader.got, other.got

    assert asyncio.run(scenario()) == (
        ["the floor", "the agenda"],
        ["closed session", "the agenda"],
    )


def test_a_socket_learns_at_connect_whether_it_reads_closed_sessions(org):
    """The Council's seat holders read its closed sessions; a member who follows it does not."""
    from minutebook.live.publish import CLOSED_SESSION_READERS, OTHER_FOLLOWERS
    from tests.meetings.conftest import convene

    meeting = convene(org)
    users = [org.user("council-2"), org.user("east-member")]

    async def scenario():
        audiences = []
        for user in users:
            communicator = await follow(user, meeting.pk)
            relays = relay._relays[asyncio.get_running_loop()]
            audiences.append({f.audience for f in relays[meeting.pk].followers})
            await communicator.disconnect()
        return audiences

    assert async_to_sync(scenario)() == [{CLOSED_SESSION_READERS}, {OTHER_FOLLOWERS}]
