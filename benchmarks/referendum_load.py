"""Referendum load benchmark: an all-member referendum of 100,000 members on one server.

    python benchmarks/referendum_load.py                    # 100,000 members, 10,000 vote
    python benchmarks/referendum_load.py --members 2000 --voters 1000 --rate 200

Against the machine's PostgreSQL (DATABASE_URL; default the local server) it builds a
federation whose every member sits on its Members' Referendum body (benchmarks/
referendum_world.py; built once a day per size and kept as a database of its own,
`--fresh-world` builds it again), starts `minutebook serve --workers N` (the server's own
tick opens and closes ballots, every 0.25 s here), and announces a referendum opening a few
seconds later. Then:

1. The server opens the ballot at its time, fixing the electorate of every member in good
   standing (one statement for the whole roll); the benchmark prints how long after the
   opening time the ballot accepted votes.
2. A burst: `--voters` members press "Cast my vote" on the ballot page, `--rate` a second
   from the opening (open loop: each at their moment, whether or not the server has answered
   the ones before), each with their own logged-in session, posting the form as the page's
   htmx does (its CSRF token in the form and the header, `HX-Request`), which the server
   answers without Django's request cycle (minutebook/ballots/cast_endpoint.py); 1% press
   twice. Each answer's time is measured (target: p95 < 300 ms), and the CPU time the
   server's processes, PostgreSQL's backends and the load generator spent during the burst
   is read from /proc: divided by the presses, it compares two versions of the server even on
   a busy machine, where the answers' times do not.
3. The benchmark moves the ballot's closing time to now (instead of waiting the day the
   charter keeps it open) and waits until the result can be read (target: < 2 s after the
   close).

It checks the database: one participation and one paper per accepted vote, none for a second
press, the stored counts equal to what the voters cast, every receipt code matching a stored
paper, the electorate equal to the roll. It prints every figure, and exits 1 if a check or a
target fails."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import secrets
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.live_load import (  # noqa: E402
    fresh_database,
    percentile,
    start_server,
    stop_server,
)
from minutebook.votes.receipts import receipt_hash  # noqa: E402  (pure Python, no Django)

RECEIPT = re.compile(r'receipt-code">([0-9A-Z-]+)<')
ALREADY = "already voted"
CHOICES = ("for",) * 6 + ("against",) * 3 + ("abstain",)
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/minutebook"


@dataclass
class Press:
    voter: int
    choice: str
    scheduled: float
    sent: float = 0.0
    answered: float = 0.0
    status: int = 0
    receipt: str = ""
    refused: str = ""


def world_template_name(members: int, voters: int) -> str:
    import datetime as dt
    import hashlib

    recipe = hashlib.sha256()
    for path in [
        ROOT / "benchmarks" / "referendum_world.py",
        *sorted(ROOT.glob("minutebook/*/migrations/*.py")),
    ]:
        recipe.update(path.read_bytes())
    return (
        f"minutebook_referendum_world_{members}_{voters}_{dt.date.today():%Y%m%d}_"
        f"{recipe.hexdigest()[:8]}"
    )


def world_database(server_url: str, options, env: dict, data: Path) -> tuple[dict, str]:
    """A copy of the built world (built first if needed); sets the world's SECRET_KEY in env."""
    import psycopg

    template = world_template_name(options.members, options.voters)
    admin_url = urlunsplit(urlsplit(server_url)._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as db:
        exists = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
    template_url = urlunsplit(urlsplit(server_url)._replace(path=f"/{template}"))
    if exists and not options.fresh_world:
        print(f"the world of {options.members:,} members: reused ({template})", flush=True)
    else:
        with psycopg.connect(admin_url, autocommit=True) as db:
            stale = db.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s",
                [f"minutebook_referendum_world_{options.members}_{options.voters}_%"],
            ).fetchall()
            for (name,) in stale:
                db.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        fresh_database(server_url, template)
        secret_key = secrets.token_urlsafe(50)
        print(f"building the world: {options.members:,} members ...", flush=True)
        world_file = data / "world.json"
        subprocess.run(
            [sys.executable, "-m", "benchmarks.referendum_world", "build",
             str(options.members), str(options.voters), str(world_file)],
            env={**env, "DATABASE_URL": template_url, "SECRET_KEY": secret_key}, cwd=ROOT,
            check=True,
        )  # fmt: skip
        with psycopg.connect(template_url, autocommit=True) as db:
            db.execute("CREATE TABLE benchmark_world (description text, secret_key text)")
            db.execute(
                "INSERT INTO benchmark_world VALUES (%s, %s)", [world_file.read_text(), secret_key]
            )
    with psycopg.connect(template_url) as db:
        description, env["SECRET_KEY"] = db.execute("SELECT * FROM benchmark_world").fetchone()
    return json.loads(description), fresh_database(
        server_url, "minutebook_referendum_load", template=template
    )


class CpuMeter:
    """The CPU time (user + system, seconds) spent by the server's processes (its process
    group: the supervisor, its tick and its workers) and by the PostgreSQL backends serving
    the benchmark's database, read from /proc: unlike the time an answer takes, it does not
    depend on what else the machine is doing, so it compares two versions of the cast on a
    busy machine. Backends that end before the burst does are missed (the pool keeps them)."""

    def __init__(self, server_group: int, database: str):
        self.server_group = server_group
        self.database = database
        self.tick = os.sysconf("SC_CLK_TCK")

    def _stat(self, pid: int) -> list[str] | None:
        try:
            text = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return None
        return text[text.rindex(")") + 2 :].split()  # after "pid (name) "

    def _cpu(self, fields: list[str]) -> float:
        return (int(fields[11]) + int(fields[12])) / self.tick  # utime, stime

    def server(self) -> dict[int, float]:
        found = {}
        for entry in Path("/proc").iterdir():
            fields = self._stat(int(entry.name)) if entry.name.isdigit() else None
            if fields and int(fields[2]) == self.server_group:  # its process group
                found[int(entry.name)] = self._cpu(fields)
        return found

    def database_backends(self) -> dict[int, float]:
        import psycopg

        with psycopg.connect(self.database, autocommit=True) as db:
            me = db.execute("SELECT pg_backend_pid()").fetchone()[0]
            pids = [
                pid
                for (pid,) in db.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                ).fetchall()
                if pid != me
            ]
        return {pid: self._cpu(fields) for pid in pids if (fields := self._stat(pid))}

    def read(self) -> dict:
        return {
            "server": self.server(),
            "database": self.database_backends(),
            "generator": sum(os.times()[:2]),
        }

    @staticmethod
    def spent(before: dict, after: dict) -> dict:
        """Seconds of CPU between two readings (a process started since counts from 0)."""

        def between(kind: str) -> float:
            return sum(cpu - before[kind].get(pid, 0.0) for pid, cpu in after[kind].items())

        return {
            "server": between("server"),
            "database": between("database"),
            "generator": after["generator"] - before["generator"],
        }


def headers(session: str, csrf: str) -> dict:
    return {"Cookie": f"sessionid={session}; csrftoken={csrf}"}


def htmx_headers(voter: dict, page: str) -> dict:
    """What the ballot page's htmx form sends with its POST: the page's (masked) CSRF token
    in the header it names in `hx-headers`, and its own headers."""
    return {
        **headers(voter["session"], voter["csrf"]),
        "X-CSRFToken": voter["token"],
        "HX-Request": "true",
        "HX-Current-URL": page,
        "HX-Target": "your-vote",
    }


async def wait_until_open(http, base: str, ballot: int, voter: dict, timeout: float) -> float:
    url = f"{base}/api/v1/ballots/{ballot}"
    deadline = time.time() + timeout
    while time.time() < deadline:
        async with http.get(url, headers=headers(voter["session"], "x" * 32)) as response:
            if response.status == 200 and (await response.json())["accepting_votes"]:
                return time.time()
        await asyncio.sleep(0.05)
    raise SystemExit("the ballot did not open")


async def burst(http, base: str, ballot: int, world: dict, options) -> list[Press]:
    rng = random.Random(options.seed)
    start = time.time()
    presses = [
        Press(i, rng.choice(CHOICES), start + i / options.rate) for i in range(len(world["voters"]))
    ]
    again = rng.sample(presses, k=len(presses) // 100)  # 1% press a second time
    presses += [Press(p.voter, p.choice, p.scheduled + 0.5) for p in again]
    url, page = f"{base}/ballots/{ballot}/cast/", f"{base}/ballots/{ballot}/"

    async def press(p: Press) -> None:
        await asyncio.sleep(max(0.0, p.scheduled - time.time()))
        voter = world["voters"][p.voter]
        # The form's fields in its order: the CSRF token, then the choice.
        form = {"csrfmiddlewaretoken": voter["token"], "choice": p.choice}
        p.sent = time.time()
        try:
            async with http.post(url, data=form, headers=htmx_headers(voter, page)) as response:
                body = await response.text()
                p.status = response.status
        except Exception as error:  # noqa: BLE001 - reported as a refusal
            p.refused = repr(error)
            p.answered = time.time()
            return
        p.answered = time.time()
        if found := RECEIPT.search(body):
            p.receipt = found.group(1)
        elif ALREADY in body:
            p.refused = ALREADY
        else:
            p.refused = body[:200] or f"HTTP {p.status}"

    await asyncio.gather(*(press(p) for p in presses))
    return presses


async def count_after_close(http, base: str, ballot: int, voter: dict, database: str) -> dict:
    import psycopg

    with psycopg.connect(database, autocommit=True) as db:
        closes_at = db.execute(
            "UPDATE ballots_ballot SET closes_at = now() WHERE id = %s RETURNING closes_at",
            [ballot],
        ).fetchone()[0]
    moved = time.time()
    url = f"{base}/api/v1/ballots/{ballot}/result"
    while time.time() - moved < 60:
        async with http.get(url, headers=headers(voter["session"], "x" * 32)) as response:
            result = await response.json()
        if result["status"] == "closed":
            seen = time.time()
            with psycopg.connect(database) as db:
                closed_at = db.execute(
                    "SELECT closed_at FROM ballots_ballot WHERE id = %s", [ballot]
                ).fetchone()[0]
            return {
                "result": result,
                "seen_after": seen - moved,
                "closed_after": (closed_at - closes_at).total_seconds(),
            }
        await asyncio.sleep(0.05)
    raise SystemExit("no result within 60 s of the close")


async def run(world: dict, base: str, ballot: int, database: str, options, meter: CpuMeter) -> dict:
    import aiohttp
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    for voter in world["voters"]:
        # The CSRF cookie of the voter's browser, and the token the ballot page was given.
        voter["csrf"] = _get_new_csrf_string()
        voter["token"] = _mask_cipher_secret(voter["csrf"])
    connector = aiohttp.TCPConnector(limit=options.connections)
    async with aiohttp.ClientSession(connector=connector) as http:
        opened_seen = await wait_until_open(http, base, ballot, world["voters"][0], 120)
        before = meter.read()
        presses = await burst(http, base, ballot, world, options)
        cpu = CpuMeter.spent(before, meter.read())
        closing = await count_after_close(http, base, ballot, world["voters"][0], database)
    return {"opened_seen": opened_seen, "presses": presses, "cpu": cpu, **closing}


def check_database(database: str, ballot: int, presses: list[Press], members: int) -> dict:
    import psycopg

    accepted = [p for p in presses if p.receipt]
    with psycopg.connect(database) as db:
        participations = db.execute(
            "SELECT count(*) FROM ballots_ballotparticipation WHERE ballot_id = %s", [ballot]
        ).fetchone()[0]
        papers = dict(
            db.execute(
                "SELECT receipt_hash, choice FROM ballots_ballotpaper WHERE ballot_id = %s",
                [ballot],
            ).fetchall()
        )
        row = db.execute(
            "SELECT electorate, turnout, votes_for, votes_against, votes_abstain, opens_at,"
            " opened_at FROM ballots_ballot WHERE id = %s",
            [ballot],
        ).fetchone()
    electorate, turnout, yes, no, abstain, opens_at, opened_at = row
    cast = Counter(p.choice for p in accepted)
    receipts_match = all(papers.get(receipt_hash(p.receipt)) == p.choice for p in accepted)
    once = len({p.voter for p in accepted}) == len(accepted)
    return {
        "electorate": electorate,
        "participations": participations,
        "papers": len(papers),
        "turnout": turnout,
        "counts": (yes, no, abstain),
        "opened_after": (opened_at - opens_at).total_seconds(),
        "ok": (
            electorate == members
            and once
            and participations == len(papers) == len(accepted) == turnout
            and (yes, no, abstain) == (cast["for"], cast["against"], cast["abstain"])
            and receipts_match
        ),
        "receipts_match": receipts_match,
        "once": once,
    }


def report(figures: dict, checked: dict, options, build_seconds: float, started: float) -> bool:
    presses = figures["presses"]
    answered = [p for p in presses if p.answered]
    waits = sorted((p.answered - p.sent) * 1000 for p in answered)
    accepted = [p for p in presses if p.receipt]
    second = [p for p in presses if p.refused == ALREADY]
    failed = [p for p in presses if not p.receipt and p.refused != ALREADY]
    lag = sorted((p.sent - p.scheduled) * 1000 for p in presses)
    span = max(p.answered for p in presses) - min(p.sent for p in presses)
    p95 = percentile(waits, 0.95)
    result = figures["result"]
    print()
    print(f"Referendum of {options.members:,} members, {options.workers} workers, "
          f"{len(presses):,} presses at {options.rate:g}/s")  # fmt: skip
    print(f"  world built in {build_seconds:.0f} s (reused when built today)")
    print(f"  ballot opened {checked['opened_after']:.2f} s after its opening time "
          f"(electorate of {checked['electorate']:,} fixed); votes accepted "
          f"{figures['opened_seen'] - started:.2f} s after the announcement")  # fmt: skip
    print(f"  answers: median {percentile(waits, 0.5):.0f} ms, p95 {p95:.0f} ms, "
          f"p99 {percentile(waits, 0.99):.0f} ms, max {waits[-1]:.0f} ms "
          f"(target p95 < 300 ms)")  # fmt: skip
    print(f"  the generator sent each press {percentile(lag, 0.5):.0f} ms (median) / "
          f"{percentile(lag, 0.95):.0f} ms (p95) after its moment; all answered within "
          f"{span:.1f} s, {len(presses) / span:.0f} presses/s achieved")  # fmt: skip
    cpu = figures["cpu"]
    print(f"  CPU per press during the burst: server {cpu['server'] / len(presses) * 1000:.2f} ms"
          f", PostgreSQL {cpu['database'] / len(presses) * 1000:.2f} ms, load generator "
          f"{cpu['generator'] / len(presses) * 1000:.2f} ms (server {cpu['server']:.1f} s, "
          f"PostgreSQL {cpu['database']:.1f} s in all)")  # fmt: skip
    print(
        f"  accepted {len(accepted):,}, second presses refused {len(second):,}, "
        f"failed {len(failed):,}" + (f" (first: {failed[0].refused[:120]!r})" if failed else "")
    )
    print(f"  result readable {figures['seen_after']:.2f} s after the close (counted "
          f"{figures['closed_after']:.2f} s after it; target < 2 s): {result['explanation']}")  # fmt: skip
    print(f"  database: {checked['participations']:,} participations, {checked['papers']:,} "
          f"papers, turnout {checked['turnout']:,}, counts for/against/abstain "
          f"{checked['counts']}, receipts match: {checked['receipts_match']}, once each: "
          f"{checked['once']} -> {'ok' if checked['ok'] else 'FAILED'}")  # fmt: skip
    return checked["ok"] and not failed and p95 < 300 and figures["seen_after"] < 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--voters", type=int, default=10_000, help="members who vote")
    parser.add_argument("--rate", type=float, default=500, help="presses a second")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--connections", type=int, default=500, help="HTTP connections")
    parser.add_argument("--pool", type=int, default=8, help="database connections per worker")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the server log and database")
    parser.add_argument("--fresh-world", action="store_true", help="build the world again")
    options = parser.parse_args(argv)
    if options.voters > options.members:
        parser.error("--voters may not exceed --members")

    server_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE)
    data = Path(tempfile.mkdtemp(prefix="minutebook-referendum-"))
    env = {
        **os.environ,
        "MINUTEBOOK_DATA": str(data),
        "MINUTEBOOK_DB_POOL": str(options.pool),
        "MINUTEBOOK_BALLOT_TICK": "0.25",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "warning",
    }
    env.pop("REDIS_URL", None)  # no live events in a ballot outside meetings
    world, database = world_database(server_url, options, env, data)
    env["DATABASE_URL"] = database
    server, base = start_server(env, options.workers, data / "server.log")
    try:
        started = time.time()
        ballot = int(
            subprocess.run(
                [sys.executable, "-m", "benchmarks.referendum_world", "call", "3"],
                env=env, cwd=ROOT, check=True, capture_output=True, text=True,
            ).stdout.strip().splitlines()[-1]
        )  # fmt: skip
        try:
            import uvloop

            uvloop.install()
        except ImportError:
            pass
        meter = CpuMeter(server.pid, database)
        figures = asyncio.run(run(world, base, ballot, database, options, meter))
    finally:
        stop_server(server)
    checked = check_database(database, ballot, figures["presses"], options.members)
    ok = report(figures, checked, options, world["build_seconds"], started)
    if options.keep:
        print(f"  server log: {data / 'server.log'}; database: {database}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
