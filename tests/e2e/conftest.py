"""Browser tests: the real `minutebook demo` command serving the demo organization, driven by
Playwright in Debian's headless Chromium. In CI a missing browser is a failure, not a skip."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.browser import free_port


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


def _fresh_postgres_database(url: str) -> str:
    """A database of its own for the browser tests, so they never touch real data."""
    import psycopg

    parts = urlsplit(url)
    name = "minutebook_e2e"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    """`minutebook demo` on a free port, with the environment's database and channel layer."""
    data_dir = tmp_path_factory.mktemp("minutebook-data")
    env = {**os.environ, "MINUTEBOOK_DATA": str(data_dir), "LOG_LEVEL": "warning"}
    if env.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"] = _fresh_postgres_database(env["DATABASE_URL"])
    port = free_port()
    log = (data_dir / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "minutebook", "demo", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"minutebook demo exited: {(data_dir / 'server.log').read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("minutebook demo did not start listening within 180 s")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()
