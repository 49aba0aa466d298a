"""Live load benchmark: thousands of delegates following one meeting live.

    python benchmarks/live_load.py                 # 5,000 delegates, 4 workers
    python benchmarks/live_load.py --delegates 200 --workers 2

Against the machine's PostgreSQL and Redis (DATABASE_URL, REDIS_URL; default the local ones),
it builds a congress in a fresh database (benchmarks/live_world.py), starts `minutebook serve
--workers N`, and connects every delegate's websocket on loopback, each with its own logged-in
session. Then, as the delegates' pages would:

1. The chair calls the next speaker, several times: every screen must show the new speaker.
   Each delegate's own controls are refetched only when their own place changed, as
   floor.js does.
2. The chair opens a secret ballot on a motion. Each delegate casts over their websocket, as
   the vote panel does (live.js; `--cast http` posts the form instead), after a reaction time
   drawn uniformly from 0..--spread seconds; some press twice, in sequence or at once. Every
   screen follows the count.
3. The chair closes the vote; every screen must show the result.

The world is built once a day per size and kept as a PostgreSQL database
(minutebook_live_world_N_...); later runs copy it (`--fresh-world` builds it again).

It prints: how long casting took (target: all within 10 s), ballots accepted and refused,
what the database holds (one participation and one ballot per delegate, the tally equal to
what the delegates cast, every receipt code matching a stored ballot), and the fan-out, the
time from the chair's action (or a delegate pressing "vote") until EVERY client had the
update, as median and 95th percentile over the events (target: 95th percentile < 1 s).

A ballot is known to be in a count update when the server read the count (`counted_at` in
the event) after it committed the ballot (`recorded_at` in its answer over the socket; for a
cast posted over HTTP, after the answer arrived, which errs on the slow side); the time is
measured from the moment the delegate sent the ballot until the last client had that count.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from websockets.client import ClientProtocol  # installed with uvicorn[standard]
from websockets.frames import Frame, Opcode
from websockets.uri import parse_uri

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from minutebook.votes.receipts import receipt_hash  # noqa: E402  (pure Python, no Django)

RECEIPT = re.compile(r'receipt-code">([0-9A-Z-]+)<')
ALREADY = "already been cast"
CHOICES = ("for",) * 6 + ("against",) * 3 + ("abstain",)
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/minutebook"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


@dataclass
class Delegate:
    index: int
    member: str
    cookie: str
    csrf: str
    events: list = field(default_factory=list)  # (received, topic, data)
    refetches: int = 0
    own_key: str = ""
    socket: object = None


@dataclass
class Cast:
    delegate: int
    choice: str
    sent: float
    acknowledged: float = 0.0
    recorded: float = 0.0  # when the server committed it, as its answer says (socket casts)
    status: int = 0
    receipt: str = ""
    refused: str = ""


# The database and the server


def fresh_database(url: str, name: str, template: str = "") -> str:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return urlunsplit(parts._replace(path=f"/{name}"))


def world_template_name(delegates: int) -> str:
    """The database a built world is kept in: one per size, day (its logged-in sessions) and
    version of the schema and of the world's recipe, so that a changed recipe builds anew."""
    import datetime as dt
    import hashlib

    recipe = hashlib.sha256()
    sources = [
        ROOT / "benchmarks" / "live_world.py",
        *sorted(ROOT.glob("minutebook/*/migrations/*.py")),
    ]
    for path in sources:
        recipe.update(path.read_bytes())
    return f"minutebook_live_world_{delegates}_{dt.date.today():%Y%m%d}_{recipe.hexdigest()[:8]}"


def world_database(server_url: str, options, env: dict, data: Path) -> tuple[dict, str]:
    """The benchmark's database, a copy of the built world (built first if there is none, or
    with --fresh-world), and the world's description for the load generator. Sets the
    server's SECRET_KEY in `env` to the world's."""
    import psycopg

    template = world_template_name(options.delegates)
    admin_url = urlunsplit(urlsplit(server_url)._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as db:
        exists = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
    template_url = urlunsplit(urlsplit(server_url)._replace(path=f"/{template}"))
    if exists and not options.fresh_world:
        print(f"the world of {options.delegates:,} delegates: reused ({template})", flush=True)
    else:
        with psycopg.connect(admin_url, autocommit=True) as db:
            stale = db.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s",
                [f"minutebook_live_world_{options.delegates}_%"],
            ).fetchall()
            for (name,) in stale:
                db.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        fresh_database(server_url, template)
        # The sessions in the world are signed with it: kept with the world.
        secret_key = secrets.token_urlsafe(50)
        print(f"building the world: {options.delegates:,} delegates ...", flush=True)
        world_file = data / "world.json"
        subprocess.run(
            [sys.executable, "-m", "benchmarks.live_world", str(options.delegates), str(world_file)],
            env={**env, "DATABASE_URL": template_url, "SECRET_KEY": secret_key}, cwd=ROOT, check=True,
        )  # fmt: skip
        with psycopg.connect(template_url, autocommit=True) as db:
            db.execute("CREATE TABLE benchmark_world (description text, secret_key text)")
            db.execute(
                "INSERT INTO benchmark_world VALUES (%s, %s)", [world_file.read_text(), secret_key]
            )
    with psycopg.connect(template_url) as db:
        description, env["SECRET_KEY"] = db.execute("SELECT * FROM benchmark_world").fetchone()
    return json.loads(description), fresh_database(
        server_url, "minutebook_live_load", template=template
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict, workers: int, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "minutebook", "serve", "--port", str(port)]
        + ["--workers", str(workers)],
        env=env, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT,
        start_new_session=True,  # its workers are stopped with it (see stop_server)
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("the server did not listen within 120 s")


def stop_server(server: subprocess.Popen) -> None:
    import signal

    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


# The delegates


class DelegateSocket(asyncio.Protocol):
    """A delegate's websocket, as lean as a load generator can make it, since the simulated
    delegates share the server's cores: driven straight from the event loop's callbacks, each
    message handed to `on_message` as it is complete. What the delegate sends (the handshake,
    casts, pongs to the server's pings, the close) is framed by the websockets library; the
    server's frames, unmasked, are read here in a few slices (for an event of 1.3 kB, 3-3.5 µs
    instead of the library's 4.5-7.5, measured; aiohttp's reader took about 80)."""

    def __init__(self, uri: str, cookie: str, origin: str):
        protocol = ClientProtocol(parse_uri(uri), origin=origin)
        request = protocol.connect()
        request.headers["Cookie"] = cookie
        protocol.send_request(request)
        self.handshake = b"".join(protocol.data_to_send())
        loop = asyncio.get_running_loop()
        self.hello = loop.create_future()  # the text of the first message
        self.closed = loop.create_future()
        self.on_message = self.on_close = None
        self.buffer = bytearray()
        self.upgraded = False
        self.parts: list[bytes] = []
        self.close_code = 1006  # until the server's close frame says otherwise
        self.close_sent = False

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(self.handshake)

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        if not self.upgraded:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            status = bytes(buffer[: buffer.find(b"\r\n")])
            del buffer[: end + 4]
            if not status.startswith(b"HTTP/1.1 101 "):
                self.hello.set_exception(OSError(f"handshake: {status.decode(errors='replace')}"))
                self.transport.close()
                return
            self.upgraded = True
        while len(buffer) >= 2:
            head, length, start = buffer[0], buffer[1], 2
            if length & 0x80:
                raise OSError("the server masked a frame")
            if length == 126:
                length, start = int.from_bytes(buffer[2:4]), 4
            elif length == 127:
                length, start = int.from_bytes(buffer[2:10]), 10
            end = start + length
            if len(buffer) < end:
                return
            payload = bytes(buffer[start:end])
            del buffer[:end]
            self.frame_received(head & 0x0F, head & 0x80, payload)

    def frame_received(self, opcode: int, fin: int, payload: bytes) -> None:
        if opcode in (Opcode.TEXT, Opcode.CONT):
            self.parts.append(payload)
            if not fin:
                return
            text = b"".join(self.parts).decode()
            self.parts = []
            if not self.hello.done():
                self.hello.set_result(text)
            elif self.on_message is not None:
                self.on_message(text)
        elif opcode == Opcode.PING:
            self.write(Opcode.PONG, payload)
        elif opcode == Opcode.CLOSE:
            self.close_code = int.from_bytes(payload[:2]) if len(payload) >= 2 else 1005
            if not self.close_sent:  # the server closes: answer, it then ends the connection
                self.write(Opcode.CLOSE, payload[:2])

    def write(self, opcode, data: bytes) -> None:
        if self.close_sent or self.transport.is_closing():
            return
        self.close_sent = opcode == Opcode.CLOSE
        self.transport.write(Frame(opcode, data).serialize(mask=True))

    def send(self, text: str) -> None:
        self.write(Opcode.TEXT, text.encode())

    async def close(self) -> None:
        self.write(Opcode.CLOSE, (1000).to_bytes(2))
        try:
            await asyncio.wait_for(asyncio.shield(self.closed), 10)
        except TimeoutError:
            self.transport.close()

    def connection_lost(self, exc) -> None:
        if not self.hello.done():
            self.hello.set_exception(OSError("the connection was lost"))
        if not self.closed.done():
            self.closed.set_result(self.close_code)
        if self.on_close is not None:
            self.on_close(self.close_code)


def session_headers(cookie: str, csrf: str, htmx: bool = False) -> dict:
    """The headers of a logged-in request that passes the CSRF check."""
    headers = {"Cookie": f"{cookie}; csrftoken={csrf}", "X-CSRFToken": csrf}
    if htmx:
        headers["HX-Request"] = "true"
    return headers


class Congress:
    """The delegates one load-generating process simulates (`share`: their indexes)."""

    def __init__(
        self,
        world: dict,
        share: list[int],
        base: str,
        http,
        spread: float,
        seed: int,
        cast_over: str = "socket",
    ):
        self.base = base
        self.ws_base = base.replace("http://", "ws://")
        self.http = http
        self.spread = spread
        self.random = random.Random(seed)
        self.meeting = world["meeting"]
        self.delegates = [
            Delegate(
                i,
                world["delegates"][i]["member"],
                f"sessionid={world['delegates'][i]['session']}",
                secrets.token_hex(16),
            )
            for i in share
        ]
        self.casts: list[Cast] = []
        self.vote_id: int | None = None
        self.cast_tasks: list[asyncio.Task] = []
        self.waiters: list = []  # (what, set of delegate indexes that have seen it, future)
        self.last_text, self.last_event = "", {}
        self.cast_over = cast_over
        self.finished = False
        self.dropped: list = []  # (when, delegate index, close code) of sockets the server closed
        self.event_bytes: dict[str, list[int]] = {}  # topic -> sizes, as delegate 0 got them
        self.replies: dict = {}  # (delegate index, ref) -> future of the server's reply
        self.sent = 0
        self.fetches: list[asyncio.Task] = []  # own controls refetched

    async def connect(self, delegate: Delegate) -> None:
        host, port = urlsplit(self.base).hostname, urlsplit(self.base).port
        loop = asyncio.get_running_loop()
        for attempt in range(5):
            try:
                _, delegate.socket = await loop.create_connection(
                    lambda: DelegateSocket(
                        f"{self.ws_base}/ws/meetings/{self.meeting}/",
                        cookie=delegate.cookie,
                        origin=self.base,
                    ),
                    host,
                    port,
                )
                hello = json.loads(await asyncio.wait_for(delegate.socket.hello, 30))
                assert hello["topic"] == "hello", hello
                delegate.socket.on_message = lambda text: self.receive(delegate, text)
                delegate.socket.on_close = lambda code: self.closed(delegate, code)
                return
            except (TimeoutError, OSError):
                await asyncio.sleep(0.5 * (attempt + 1))
        raise SystemExit(f"delegate {delegate.index} could not connect")

    def closed(self, delegate: Delegate, code: int) -> None:
        if self.finished:
            return
        # The server closed the socket (a browser would reconnect and reload its state):
        # what this delegate waited for never comes.
        self.dropped.append((time.time(), delegate.index, code))
        for (index, ref), answer in list(self.replies.items()):
            if index == delegate.index:
                del self.replies[(index, ref)]
                answer.set_result({"error": "the socket was closed before the reply"})

    def receive(self, delegate: Delegate, message: str) -> None:
        received = time.time()
        # A live event reaches every delegate of this process with the same text: decoded
        # once, read by all (nothing here changes what was decoded).
        if message == self.last_text:
            event = self.last_event
        else:
            event = json.loads(message)
            self.last_text, self.last_event = message, event
        data = event.get("data", {})
        if delegate.index == 0:
            sizes = self.event_bytes.setdefault(event["topic"], [])
            sizes.append(len(message))
        if event["topic"] == "reply":
            self.replies.pop((delegate.index, event["ref"])).set_result(data)
            return
        delegate.events.append((received, event["topic"], data))
        if event["topic"] == "speakers":
            self.own_controls(delegate, data)
        elif event["topic"] == "vote" and data.get("event") == "open":
            self.vote_id = data["vote"]
            self.cast_tasks.append(asyncio.create_task(self.vote(delegate, data["vote"])))
        for what, seen, done in self.waiters:
            if not done.done() and shows(what, event["topic"], data):
                seen.add(delegate.index)
                if len(seen) == len(self.delegates):
                    done.set_result(time.time())
                    self.waiters = [waiter for waiter in self.waiters if not waiter[2].done()]

    def own_controls(self, delegate: Delegate, data: dict) -> None:
        """As floor.js: refetch one's own controls only when one's own place changed."""
        current = data.get("current") or {}
        key = "|".join(
            [
                "1" if data.get("list_closed") else "0",
                str(data.get("agenda_item") or ""),
                "1" if data.get("pro_contra") else "0",
                str(data.get("waiting", []).count(delegate.member)),
                "1" if current.get("member") == delegate.member else "0",
            ]
        )
        if delegate.own_key and key != delegate.own_key:
            delegate.refetches += 1
            self.fetches.append(asyncio.create_task(self.fetch_own_controls(delegate)))
        delegate.own_key = key

    async def fetch_own_controls(self, delegate: Delegate) -> None:
        url = f"{self.base}/meetings/{self.meeting}/floor/controls/?key=benchmark"
        async with (
            self.requests,
            self.http.get(url, headers=session_headers(delegate.cookie, delegate.csrf)),
        ):
            pass

    async def vote(self, delegate: Delegate, vote_id: int) -> None:
        await asyncio.sleep(self.random.uniform(0, self.spread))
        choice = CHOICES[delegate.index % len(CHOICES)]
        if delegate.index % 100 == 1:  # pressed twice at once
            await asyncio.gather(
                self.cast(delegate, vote_id, choice), self.cast(delegate, vote_id, choice)
            )
        else:
            await self.cast(delegate, vote_id, choice)
            if delegate.index % 50 == 3:  # pressed again after the answer
                await self.cast(delegate, vote_id, choice)

    async def cast(self, delegate: Delegate, vote_id: int, choice: str) -> None:
        cast = Cast(delegate.index, choice, time.time())
        self.casts.append(cast)
        if self.cast_over == "socket":
            await self.cast_over_socket(delegate, vote_id, cast)
            return
        async with (
            self.requests,
            self.http.post(
                f"{self.base}/votes/{vote_id}/cast/",
                data={"choice": choice},
                headers=session_headers(delegate.cookie, delegate.csrf, htmx=True),
            ) as response,
        ):
            body = await response.text()
            cast.acknowledged = time.time()
            cast.status = response.status
        if found := RECEIPT.search(body):
            cast.receipt = found.group(1)
        elif ALREADY in body:
            cast.refused = ALREADY
        else:
            cast.refused = body[:300] or f"HTTP {response.status}"

    async def cast_over_socket(self, delegate: Delegate, vote_id: int, cast: Cast) -> None:
        """As live.js sends the ballot form when the page's socket is open."""
        self.sent += 1
        ref = self.sent
        answer = asyncio.get_running_loop().create_future()
        self.replies[(delegate.index, ref)] = answer
        delegate.socket.send(
            json.dumps(
                {
                    "topic": "cast",
                    "ref": ref,
                    "data": {"vote": vote_id, "fields": [["choice", cast.choice]]},
                }
            )
        )
        data = await asyncio.wait_for(answer, 120)
        cast.acknowledged = time.time()
        cast.recorded = data.get("recorded_at") or 0.0
        cast.status = 200
        if found := RECEIPT.search(data.get("html") or ""):
            cast.receipt = found.group(1)
        elif ALREADY in (data.get("error") or ""):
            cast.refused = ALREADY
        else:
            cast.refused = str(data)[:300]

    def wait_for(self, what: tuple) -> tuple[set, asyncio.Future]:
        seen: set[int] = set()
        done = asyncio.get_running_loop().create_future()
        self.waiters.append((what, seen, done))
        return seen, done


def shows(what: tuple, topic: str, data: dict) -> bool:
    """Whether an event shows `what` the benchmark waits for: ("speaker", membership number)
    or ("vote", "open" | "close")."""
    if what[0] == "speaker":
        return topic == "speakers" and (data.get("current") or {}).get("member") == what[1]
    return topic == "vote" and data.get("event") == what[1]


def received_times(events: list[list], what: tuple, after: float) -> list[float]:
    """For each delegate's events, when the first showing `what` after `after` came."""
    times = []
    for delegate_events in events:
        for received, topic, data in delegate_events:
            if received >= after and shows(what, topic, data):
                times.append(received)
                break
    return times


def delegate_process(world: dict, share: list[int], base: str, options, number: int, link):
    """One load-generating process: follows the meeting as the delegates `share`, answering
    the coordinator's requests on `link` (see `Delegates`)."""
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    asyncio.run(follow(world, share, base, options, number, link))


async def follow(world: dict, share: list[int], base: str, options, number: int, link) -> None:
    import aiohttp

    # A connection per request, as phones on a hall's wifi would: no request is written to a
    # kept-alive connection the server is just closing.
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(
        connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
    ) as http:
        congress = Congress(
            world, share, base, http, options.spread, options.seed + number, options.cast
        )
        congress.requests = asyncio.Semaphore(max(1, options.connections // options.processes))
        gate = asyncio.Semaphore(max(1, 100 // options.processes))

        async def connect(delegate):
            async with gate:
                await congress.connect(delegate)

        await asyncio.gather(*(connect(d) for d in congress.delegates))
        link.send(("connected", time.time()))

        watching = []

        async def report_when_seen(key, seen, done):
            try:
                last = await asyncio.wait_for(done, 60)
            except TimeoutError:
                last = float("nan")
            link.send(("seen", key, last, len(seen)))

        while True:
            request = await asyncio.to_thread(link.recv)
            if request[0] == "watch":
                _, key, what = request
                seen, done = congress.wait_for(what)
                watching.append(asyncio.create_task(report_when_seen(key, seen, done)))
                link.send(("watching", key))
            elif request[0] == "casts":
                while len(congress.cast_tasks) < len(congress.delegates):
                    await asyncio.sleep(0.1)
                await asyncio.gather(*congress.cast_tasks)
                link.send(("cast", congress.vote_id))
            elif request[0] == "finish":
                break
        congress.finished = True
        await asyncio.gather(*congress.fetches, *watching)
        await asyncio.gather(*(delegate.socket.close() for delegate in congress.delegates))
        link.send(
            (
                "results",
                {
                    "events": {d.index: d.events for d in congress.delegates},
                    "casts": congress.casts,
                    "refetches": sum(d.refetches for d in congress.delegates),
                    "dropped": congress.dropped,
                    "event_bytes": congress.event_bytes,
                },
            )
        )


class Delegates:
    """The coordinator's side of the load-generating processes: it asks each to watch for
    what the chair's next action should show, and collects what they saw."""

    def __init__(self, world: dict, base: str, options):
        import multiprocessing

        # By its module's name, not this script's: what the processes send back (their
        # casts) must unpickle here.
        from benchmarks.live_load import delegate_process

        context = multiprocessing.get_context("spawn")
        self.links, self.processes = [], []
        count = len(world["delegates"])
        for number in range(options.processes):
            ours, theirs = context.Pipe()
            share = list(range(number, count, options.processes))
            process = context.Process(
                target=delegate_process,
                args=(world, share, base, options, number, theirs),
                daemon=True,
            )
            process.start()
            self.links.append(ours)
            self.processes.append(process)

    async def each(self, kind: str) -> list[tuple]:
        """The next answer of every process, which must be of `kind`."""
        answers = []
        for link in self.links:
            try:
                answer = await asyncio.wait_for(asyncio.to_thread(link.recv), 600)
            except EOFError:
                answer = ("ended",)
            if answer[0] != kind:
                raise SystemExit(f"a delegates' process answered {answer!r}, not {kind!r}")
            answers.append(answer)
        return answers

    async def until_everyone(self, what: tuple, action) -> tuple[float, float, int]:
        """Run the chair's action: the time just before it, when the last delegate had
        `what`, and how many delegates had it."""
        key = repr(what) + str(time.time())
        for link in self.links:
            link.send(("watch", key, what))
        await self.each("watching")
        started = time.time()
        await action()
        seen = await self.each("seen")
        return started, max(last for *_, last, _ in seen), sum(count for *_, count in seen)

    async def finish(self) -> dict:
        for link in self.links:
            link.send(("finish",))
        results = [answer[1] for answer in await self.each("results")]
        for process in self.processes:
            process.join(30)
        events = {}
        for result in results:
            events.update(result["events"])
        return {
            "events": [events[index] for index in sorted(events)],
            "casts": [cast for result in results for cast in result["casts"]],
            "refetches": sum(result["refetches"] for result in results),
            "dropped": [drop for result in results for drop in result["dropped"]],
            # Delegate 0 is in the first process.
            "event_bytes": results[0]["event_bytes"],
        }


async def run(world: dict, base: str, options) -> dict:
    import aiohttp

    chair_headers = session_headers(f"sessionid={world['chair']}", secrets.token_hex(16))
    meeting = world["meeting"]
    figures: dict = {"delegates": len(world["delegates"])}

    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:

        async def chair(path: str, data: dict) -> None:
            async with http.post(
                f"{base}{path}", data=data, headers=chair_headers, allow_redirects=False
            ) as response:
                await response.read()
                if response.status >= 400:
                    raise SystemExit(f"the chair's {path} failed: HTTP {response.status}")

        started = time.time()
        delegates = Delegates(world, base, options)
        connected = await delegates.each("connected")
        figures["connect_seconds"] = max(when for _, when in connected) - started
        print(f"connected in {figures['connect_seconds']:.1f} s", flush=True)
        await asyncio.sleep(1)

        # 1. The chair calls the next speaker.
        speaker_rounds = []
        for call in range(options.calls):
            what = ("speaker", world["speakers"][call])
            started, last, reached = await delegates.until_everyone(
                what, lambda: chair(f"/meetings/{meeting}/floor/call-next/", {})
            )
            speaker_rounds.append((started, last, reached, what))
            print(
                f"speaker {call + 1} called: {reached} delegates saw it,"
                f" the last {(last - started) * 1000:,.0f} ms after the call",
                flush=True,
            )
            await asyncio.sleep(options.pause)
            await chair(f"/meetings/{meeting}/floor/turn/end/", {})
            await asyncio.sleep(options.pause)

        # 2. A secret ballot.
        figures["vote_open"] = await delegates.until_everyone(
            ("vote", "open"),
            lambda: chair(
                f"/meetings/{meeting}/votes/open/",
                {"question": f"motion:{world['motion']}", "method": "secret"},
            ),
        )
        print(f"vote opened: {figures['vote_open'][2]} delegates saw it", flush=True)
        for link in delegates.links:
            link.send(("casts",))
        figures["vote"] = vote_id = (await delegates.each("cast"))[0][1]
        await asyncio.sleep(max(1.0, options.pause))

        # 3. The chair closes the vote.
        figures["vote_close"] = await delegates.until_everyone(
            ("vote", "close"), lambda: chair(f"/votes/{vote_id}/close/", {})
        )
        await asyncio.sleep(0.5)
        figures.update(await delegates.finish())

    figures["speaker_calls"] = [
        (started, last, reached, received_times(figures["events"], what, started))
        for started, last, reached, what in speaker_rounds
    ]
    figures["casting_seconds"] = (
        max(c.acknowledged for c in figures["casts"]) - figures["vote_open"][0]
    )
    return figures


# What the database holds


def check_database(database_url: str, vote_id: int, casts: list[Cast], delegates: int) -> dict:
    import psycopg

    with psycopg.connect(database_url) as db:
        participations = db.execute(
            "SELECT count(*), count(DISTINCT voter_id) FROM votes_participation WHERE vote_id = %s",
            [vote_id],
        ).fetchone()
        ballots = dict(
            db.execute(
                "SELECT choice, count(*) FROM votes_secretballot WHERE vote_id = %s GROUP BY choice",
                [vote_id],
            ).fetchall()
        )
        hashes = {
            row[0]
            for row in db.execute(
                "SELECT receipt_hash FROM votes_secretballot WHERE vote_id = %s", [vote_id]
            )
        }
        tally = db.execute(
            "SELECT votes_for, votes_against, votes_abstain, status FROM votes_vote WHERE id = %s",
            [vote_id],
        ).fetchone()
    accepted = [c for c in casts if c.receipt]
    cast_choices = {
        choice: sum(1 for c in accepted if c.choice == choice) for choice in set(CHOICES)
    }
    expected = {
        choice: sum(1 for i in range(delegates) if CHOICES[i % len(CHOICES)] == choice)
        for choice in set(CHOICES)
    }
    return {
        "participations": participations[0],
        "distinct_voters": participations[1],
        "ballots": sum(ballots.values()),
        "ballots_by_choice": ballots,
        "accepted_by_choice": cast_choices,
        "expected_by_choice": expected,
        "receipts_matching": sum(1 for c in accepted if receipt_hash(c.receipt) in hashes),
        "tally": tally,
    }


# The figures


def fan_out(rounds) -> tuple[list[float], list[float]]:
    """Per event, the time until every client had it; and every single delivery."""
    to_everyone, deliveries = [], []
    for started, last, _reached, times in rounds:
        to_everyone.append(last - started)
        deliveries.extend(t - started for t in times)
    return to_everyone, deliveries


def complete_counts(figures: dict) -> list[tuple[float, float]]:
    """The count updates every client had: (when the server read the count, when the last
    client had it), in order."""
    updates: dict[float, list[float]] = {}
    for events in figures["events"]:
        for received, topic, data in events:
            if (
                topic == "vote"
                and data.get("counted_at")
                and data.get("event") in ("cast", "close")
            ):
                updates.setdefault(data["counted_at"], []).append(received)
    clients = len(figures["events"])
    return sorted((at, max(times)) for at, times in updates.items() if len(times) == clients)


def count_updates(figures: dict) -> list[float]:
    """For every accepted ballot, the time from its sending until every client had a count
    that surely includes it."""
    import bisect

    complete = complete_counts(figures)
    counted = [at for at, _ in complete]
    latencies = []
    for cast in figures["casts"]:
        if not cast.receipt:
            continue
        # A count read after the ballot was committed includes it; a cast posted over HTTP
        # tells no commit time, so its answer's arrival stands in (later than the commit).
        position = bisect.bisect_left(counted, cast.recorded or cast.acknowledged)
        if position == len(complete):
            latencies.append(float("inf"))
            continue
        latencies.append(min(last for _, last in complete[position:]) - cast.sent)
    return latencies


def report(figures: dict, database: dict, options, build_seconds: float) -> bool:
    delegates = figures["delegates"]
    casts = figures["casts"]
    accepted = [c for c in casts if c.receipt]
    refused_double = [c for c in casts if c.refused == ALREADY]
    errors = [c for c in casts if not c.receipt and c.refused != ALREADY]
    speakers_all, speakers_each = fan_out(figures["speaker_calls"])
    vote_open, vote_close = figures["vote_open"], figures["vote_close"]
    updates = count_updates(figures)
    voted = {c.delegate for c in accepted}
    checks = {
        "every delegate's ballot accepted once": len(accepted) == delegates == len(voted),
        "every second press refused": len(casts) - len(accepted) == len(refused_double)
        and not errors,
        "all cast within 10 s": figures["casting_seconds"] < 10,
        "one participation and one ballot per delegate": database["participations"]
        == database["distinct_voters"]
        == database["ballots"]
        == delegates,
        "stored ballots = ballots cast = ballots accepted": database["ballots_by_choice"]
        == {k: v for k, v in database["expected_by_choice"].items() if v}
        == {k: v for k, v in database["accepted_by_choice"].items() if v},
        "closed tally = ballots cast": database["tally"][:3]
        == tuple(database["expected_by_choice"][k] for k in ("for", "against", "abstain")),
        "every receipt matches a stored ballot": database["receipts_matching"] == delegates,
        "no socket closed by the server": not figures["dropped"],
        "every client had every speaker and the result": all(
            reached == delegates for *_, reached, _times in figures["speaker_calls"]
        )
        and vote_open[2] == delegates
        and vote_close[2] == delegates,
        "95th percentile fan-out < 1 s": percentile(speakers_all + updates, 0.95) < 1,
    }

    def ms(values):
        return f"median {statistics.median(values) * 1000:,.0f} ms, p95 {percentile(values, 0.95) * 1000:,.0f} ms, max {max(values) * 1000:,.0f} ms"

    print()
    print(f"Live load: {delegates:,} delegates, {options.workers} workers, PostgreSQL + Redis")
    print(
        f"  world built in {build_seconds:.0f} s; all connected in {figures['connect_seconds']:.1f} s"
    )
    print(
        f"  speaker called, until every client shows it ({len(speakers_all)} calls): {ms(speakers_all)}"
    )
    print(f"  ... each single delivery ({len(speakers_each):,}): {ms(speakers_each)}")
    print(
        f"  vote opened, until every client shows it: {(vote_open[1] - vote_open[0]) * 1000:,.0f} ms"
    )
    print(
        f"  casting: {len(accepted):,} ballots accepted, {len(refused_double)} second presses refused,"
        f" {len(errors)} errors; last ballot accepted {figures['casting_seconds']:.2f} s after the"
        f" vote opened (reaction times spread over {options.spread:g} s)"
    )
    answered = [c.acknowledged - c.sent for c in accepted]
    print(f"  ballot cast, until the delegate has the server's answer: {ms(answered)}")
    if recorded := [c.recorded - c.sent for c in accepted if c.recorded]:
        print(f"  ... until the server had committed it: {ms(recorded)}")
    counts = [last - at for at, last in complete_counts(figures)]
    print(
        f"  count update, from the server reading the count until every client has it"
        f" ({len(counts)} updates): {ms(counts)}"
    )
    print(
        f"  ballot cast, until every client's count includes it ({len(updates):,} ballots): {ms(updates)}"
    )
    print(
        f"  vote closed, until every client shows the result: {(vote_close[1] - vote_close[0]) * 1000:,.0f} ms"
    )
    print(f"  own-controls refetches: {figures['refetches']}")
    sizes = ", ".join(
        f"{topic} {statistics.median(values):,.0f}"
        for topic, values in sorted(figures["event_bytes"].items())
    )
    print(f"  message sizes, median bytes: {sizes}")
    print(f"  sockets closed by the server: {len(figures['dropped'])}")
    print(
        f"  database: {database['participations']:,} participations, {database['ballots']:,} ballots"
        f" {database['ballots_by_choice']}, tally (for, against, abstain) {database['tally'][:3]},"
        f" {database['receipts_matching']:,} receipts match"
    )
    for error in errors[:5]:
        print(f"  error: delegate {error.delegate}: HTTP {error.status}: {error.refused}")
    for name, ok in checks.items():
        print(f"  [{'ok' if ok else 'FAILED'}] {name}")
    return all(checks.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delegates", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--spread", type=float, default=5.0, help="reaction times, seconds")
    parser.add_argument("--calls", type=int, default=10, help="speakers called")
    parser.add_argument("--pause", type=float, default=1.0, help="between the chair's actions")
    parser.add_argument("--connections", type=int, default=200, help="HTTP connections")
    parser.add_argument("--interval", default="0.25", help="MINUTEBOOK_LIVE_INTERVAL")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--cast",
        choices=("socket", "http"),
        default="socket",
        help="ballots over the page's websocket, as live.js sends them, or posted as without it",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=os.cpu_count() or 1,
        help="processes simulating the delegates (default: one per core)",
    )
    parser.add_argument("--pool", type=int, default=8, help="database connections per worker")
    parser.add_argument("--redis-db", type=int, default=9, help="Redis database to use")
    parser.add_argument("--keep", action="store_true", help="keep the server log and database")
    parser.add_argument(
        "--timings", type=Path, help="write every cast's and count update's times here (JSON)"
    )
    parser.add_argument(
        "--fresh-world",
        action="store_true",
        help="build the world even if one of this size was built today (it is kept, as a"
        " PostgreSQL database, for later runs)",
    )
    options = parser.parse_args(argv)

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = 2 * options.delegates + 1000
    if soft < needed:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, needed), hard))

    server_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE)
    # A Redis database of its own, so that nothing else's groups or messages mix in.
    redis = urlunsplit(
        urlsplit(os.environ.get("REDIS_URL", DEFAULT_REDIS))._replace(path=f"/{options.redis_db}")
    )
    data = Path(tempfile.mkdtemp(prefix="minutebook-live-load-"))
    env = {
        **os.environ,
        "REDIS_URL": redis,
        "MINUTEBOOK_DATA": str(data),
        "MINUTEBOOK_LIVE_INTERVAL": options.interval,
        "MINUTEBOOK_DB_POOL": str(options.pool),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "warning",
    }
    import redis as redis_client  # installed with channels-redis

    redis_client.Redis.from_url(redis).flushdb()
    world, database = world_database(server_url, options, env, data)
    env["DATABASE_URL"] = database
    server, base = start_server(env, options.workers, data / "server.log")
    try:
        try:
            import uvloop

            uvloop.install()
        except ImportError:
            pass
        figures = asyncio.run(run(world, base, options))
    finally:
        stop_server(server)
    checked = check_database(database, figures["vote"], figures["casts"], options.delegates)
    ok = report(figures, checked, options, world["build_seconds"])
    if options.timings:
        options.timings.write_text(
            json.dumps(
                {
                    "vote_opened": figures["vote_open"][0],
                    "casts": [vars(cast) for cast in figures["casts"]],
                    "counts": complete_counts(figures),
                }
            )
        )
    if options.keep:
        print(f"  server log: {data / 'server.log'}; database: {database}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
