"""The worker's entry point (what `minutebook serve` and any ASGI server import): a worker
is ready for its first request, or its first ballot, before it takes any."""

import json
import os
import subprocess
import sys

WORKER_AFTER_START = """
import gc, json, sys
import minutebook.asgi
from django.template import engines

[loader] = engines["django"].engine.template_loaders  # Django's cached loader
print(json.dumps({
    "views imported": "minutebook.votes.views" in sys.modules,
    "templates compiled": sorted(loader.get_template_cache),
    "frozen": gc.get_freeze_count(),
    "young generation": gc.get_threshold()[0],
}))
"""


def test_a_worker_starts_with_its_views_and_templates_loaded_and_frozen():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "minutebook.settings"}
    started = subprocess.run(
        [sys.executable, "-c", WORKER_AFTER_START],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    worker = json.loads(started.stdout.strip().splitlines()[-1])
    assert worker["views imported"]
    assert "votes/my_ballot.html" in worker["templates compiled"]
    assert len(worker["templates compiled"]) > 50
    # What was loaded is frozen out of every collection, and the young generation is large
    # enough for a batch of ballots to die in it.
    assert worker["frozen"] > 100_000
    assert worker["young generation"] >= 50_000
