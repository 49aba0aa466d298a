"""The live load benchmark, run small: every delegate's ballot counted once, second presses
refused, the database agreeing with what the delegates cast, every client getting every
update. Its timings are the benchmark's business, not this test's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres")
    or not os.environ.get("REDIS_URL"),
    reason="the live load benchmark runs on PostgreSQL and Redis (CI's second stage)",
)


def test_a_small_congress_votes_and_nothing_is_lost_or_doubled():
    run = subprocess.run(
        [sys.executable, "benchmarks/live_load.py", "--delegates", "60", "--workers", "2"]
        + ["--calls", "2", "--spread", "1", "--pause", "0.3"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    output = run.stdout + run.stderr
    for check in (
        "every delegate's ballot accepted once",
        "every second press refused",
        "one participation and one ballot per delegate",
        "stored ballots = ballots cast = ballots accepted",
        "closed tally = ballots cast",
        "every receipt matches a stored ballot",
        "every client had every speaker and the result",
    ):
        assert f"[ok] {check}" in output, output
    assert "60 participations, 60 ballots" in output
    assert "fan-out" in output or "until every client" in output
