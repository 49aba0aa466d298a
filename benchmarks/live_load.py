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
the event) after the delegate's cast was acknowledged; the time is measured from the moment
the delegate sent it, so the cast figures err on the slow side.
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


class Congress:
    def __init__(
        self, world: dict, base: str, http, spread: float, seed: int, cast_over: str = "socket"
    ):
        self.world = world
        self.base = base
        self.ws_base = base.replace("http://", "ws://")
        self.http = http
        self.spread = spread
        self.random = random.Random(seed)
        self.meeting = world["meeting"]
        self.delegates = [
            Delegate(i, d["member"], f"sessionid={d['session']}", secrets.token_hex(16))
            for i, d in enumerate(world["delegates"])
        ]
        self.chair_csrf = secrets.token_hex(16)
        self.chair_cookie = f"sessionid={world['chair']}"
        self.casts: list[Cast] = []
        self.vote_id: int | None = None
        self.cast_tasks: list[asyncio.Task] = []
        self.waiters: list = []  # (predicate, set of delegate indexes that have seen it, future)
        self.cast_over = cast_over
        self.finished = False
        self.dropped: list = []  # (when, delegate index, close code) of sockets the server closed
        self.event_bytes: dict[str, list[int]] = {}  # topic -> sizes, as delegate 0 got them
        self.replies: dict = {}  # (delegate index, ref) -> future of the server's reply
        self.sent = 0
        self.fetches: list[asyncio.Task] = []  # own controls refetched

    def headers(self, cookie: str, csrf: str, htmx: bool = False) -> dict:
        headers = {"Cookie": f"{cookie}; csrftoken={csrf}", "X-CSRFToken": csrf}
        if htmx:
            headers["HX-Request"] = "true"
        return headers

    async def connect(self, delegate: Delegate) -> None:
        # The websockets library, not aiohttp: its parser reads a message in a few
        # microseconds where aiohttp's takes tens, and the simulated delegates share the
        # server's cores. It answers the server's pings by itself, as browsers do.
        from websockets.asyncio.client import connect

        headers = {"Cookie": delegate.cookie, "Origin": self.base}
        for attempt in range(5):
            try:
                delegate.socket = await connect(
                    f"{self.ws_base}/ws/meetings/{self.meeting}/",
                    additional_headers=headers,
                    compression=None,
                    ping_interval=None,
                    max_size=None,
                    open_timeout=30,
                )
                hello = json.loads(await asyncio.wait_for(delegate.socket.recv(), 30))
                assert hello["topic"] == "hello", hello
                return
            except (TimeoutError, OSError):
                await asyncio.sleep(0.5 * (attempt + 1))
        raise SystemExit(f"delegate {delegate.index} could not connect")

    async def listen(self, delegate: Delegate) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            async for message in delegate.socket:
                self.receive(delegate, message)
        except ConnectionClosed:
            pass
        if not self.finished:
            # The server closed the socket (a browser would reconnect and reload its state):
            # what this delegate waited for never comes.
            self.dropped.append((time.time(), delegate.index, delegate.socket.close_code))
            for (index, ref), answer in list(self.replies.items()):
                if index == delegate.index:
                    del self.replies[(index, ref)]
                    answer.set_result({"error": "the socket was closed before the reply"})

    def receive(self, delegate: Delegate, message: str) -> None:
        received = time.time()
        event = json.loads(message)
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
            self.cast_tasks.append(asyncio.create_task(self.vote(delegate, data["vote"])))
        for predicate, seen, done in self.waiters:
            if not done.done() and predicate(event["topic"], data):
                seen.add(delegate.index)
                if len(seen) == len(self.delegates):
                    done.set_result(time.time())

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
            self.http.get(url, headers=self.headers(delegate.cookie, delegate.csrf)),
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
                headers=self.headers(delegate.cookie, delegate.csrf, htmx=True),
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
        await delegate.socket.send(
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
        cast.status = 200
        if found := RECEIPT.search(data.get("html") or ""):
            cast.receipt = found.group(1)
        elif ALREADY in (data.get("error") or ""):
            cast.refused = ALREADY
        else:
            cast.refused = str(data)[:300]

    def wait_for(self, predicate) -> tuple[set, asyncio.Future]:
        seen: set[int] = set()
        done = asyncio.get_running_loop().create_future()
        self.waiters.append((predicate, seen, done))
        return seen, done

    async def chair(self, path: str, data: dict) -> int:
        async with self.http.post(
            f"{self.base}{path}",
            data=data,
            headers=self.headers(self.chair_cookie, self.chair_csrf),
            allow_redirects=False,
        ) as response:
            await response.read()
            if response.status >= 400:
                raise SystemExit(f"the chair's {path} failed: HTTP {response.status}")
            return response.status

    async def until_everyone(
        self, predicate, action, timeout: float = 60
    ) -> tuple[float, float, int]:
        """Run the chair's action; the time from just before it until the last delegate had
        the update, and until the median delegate had it."""
        seen, done = self.wait_for(predicate)
        started = time.time()
        await action()
        try:
            last = await asyncio.wait_for(done, timeout)
        except TimeoutError:
            last = float("nan")
        return started, last, len(seen)


def received_times(delegates: list[Delegate], predicate, after: float) -> list[float]:
    times = []
    for delegate in delegates:
        for received, topic, data in delegate.events:
            if received >= after and predicate(topic, data):
                times.append(received)
                break
    return times


async def run(world: dict, base: str, options) -> dict:
    import aiohttp

    # Every websocket holds a connection of the pool: the pool has no limit, the HTTP
    # requests are limited by a semaphore (`--connections`) instead.
    # A connection per request, as phones on a hall's wifi would: no request is written to a
    # kept-alive connection the server is just closing.
    connector = aiohttp.TCPConnector(limit=0, force_close=True)
    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(
        connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
    ) as http:
        congress = Congress(world, base, http, options.spread, options.seed, options.cast)
        congress.requests = asyncio.Semaphore(options.connections)
        figures: dict = {"delegates": len(congress.delegates)}

        started = time.monotonic()
        gate = asyncio.Semaphore(100)

        listeners = []

        async def connect(delegate):
            async with gate:
                await congress.connect(delegate)
            # Listen at once: a client that does not read does not answer the server's
            # pings, and the server drops it after 20 s.
            listeners.append(asyncio.create_task(congress.listen(delegate)))
            if delegate.index % 500 == 499:
                print(f"  {delegate.index + 1:,} connected", flush=True)

        await asyncio.gather(*(connect(d) for d in congress.delegates))
        figures["connect_seconds"] = time.monotonic() - started
        print(f"connected in {figures['connect_seconds']:.1f} s", flush=True)
        await asyncio.sleep(1)

        # 1. The chair calls the next speaker.
        speaker_rounds = []
        for call in range(options.calls):
            expected = world["speakers"][call]

            def shows(topic, data, expected=expected):
                return topic == "speakers" and (data.get("current") or {}).get("member") == expected

            started, last, reached = await congress.until_everyone(
                shows,
                lambda: congress.chair(f"/meetings/{congress.meeting}/floor/call-next/", {}),
            )
            times = received_times(congress.delegates, shows, started)
            speaker_rounds.append((started, last, reached, times))
            print(f"speaker {call + 1} called: {reached} delegates saw it", flush=True)
            await asyncio.sleep(options.pause)
            await congress.chair(f"/meetings/{congress.meeting}/floor/turn/end/", {})
            await asyncio.sleep(options.pause)
        figures["speaker_calls"] = speaker_rounds

        # 2. A secret ballot.
        motion = world["motion"]

        def opened(topic, data):
            return topic == "vote" and data.get("event") == "open"

        vote_started, vote_last, vote_reached = await congress.until_everyone(
            opened,
            lambda: congress.chair(
                f"/meetings/{congress.meeting}/votes/open/",
                {"question": f"motion:{motion}", "method": "secret"},
            ),
        )
        figures["vote_open"] = (vote_started, vote_last, vote_reached)
        print(f"vote opened: {vote_reached} delegates saw it", flush=True)
        while len(congress.cast_tasks) < len(congress.delegates):
            await asyncio.sleep(0.1)
        await asyncio.gather(*congress.cast_tasks)
        figures["casting_seconds"] = max(c.acknowledged for c in congress.casts) - vote_started
        figures["casts"] = congress.casts
        await asyncio.sleep(max(1.0, options.pause))

        # 3. The chair closes the vote.
        def closed(topic, data):
            return topic == "vote" and data.get("event") == "close"

        vote_id = next(
            data["vote"] for _, topic, data in congress.delegates[0].events if opened(topic, data)
        )
        figures["vote"] = vote_id
        figures["vote_close"] = await congress.until_everyone(
            closed, lambda: congress.chair(f"/votes/{vote_id}/close/", {})
        )
        await asyncio.sleep(0.5)
        congress.finished = True
        await asyncio.gather(*congress.fetches)
        await asyncio.gather(*(delegate.socket.close() for delegate in congress.delegates))
        for listener in listeners:
            listener.cancel()
        figures["events"] = [d.events for d in congress.delegates]
        figures["refetches"] = sum(d.refetches for d in congress.delegates)
        figures["dropped"] = congress.dropped
        figures["event_bytes"] = congress.event_bytes
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


def count_updates(figures: dict) -> list[float]:
    """For every accepted ballot, the time from its sending until every client had a count
    that surely includes it."""
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
    complete = sorted((at, max(times)) for at, times in updates.items() if len(times) == clients)
    counted = [at for at, _ in complete]
    import bisect

    latencies = []
    for cast in figures["casts"]:
        if not cast.receipt:
            continue
        position = bisect.bisect_left(counted, cast.acknowledged)
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
    parser.add_argument("--pool", type=int, default=8, help="database connections per worker")
    parser.add_argument("--redis-db", type=int, default=9, help="Redis database to use")
    parser.add_argument("--keep", action="store_true", help="keep the server log and database")
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
    if options.keep:
        print(f"  server log: {data / 'server.log'}; database: {database}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
