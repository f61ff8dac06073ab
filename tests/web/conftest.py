"""Fixtures of the web designer's tests: the CLI's build of a design, the application under
Starlette's test client, and a real ``astrofab serve`` process for the browser and raw-socket
tests."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from astrolabe_fab.cli import main
from astrolabe_fab.web.app import Settings, create_app

#: The design the API tests compare with the CLI's build, as query pairs and as options.
QUERY = {
    "latitude_deg": "38.9",
    "diameter_mm": "150",
    "twilight": "civil,astronomical",
    "houses": "true",
    "epoch": "2026",
}
QUERY_STRING = "&".join(f"{k}={v}" for k, v in QUERY.items())


def cli_build(argv: list[str], out: Path) -> Path:
    """Run ``astrofab build ARGV --out OUT -q`` in this process; the folder it wrote."""
    try:
        main(["build", *argv, "--out", str(out), "-q"])
    except SystemExit as exc:
        assert not exc.code, f"astrofab build {shlex.join(argv)} exited with {exc.code}"
    return out


def folder_files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="session")
def client() -> Iterator[TestClient]:
    """The application with two worker processes, as ``astrofab serve`` runs it."""
    app = create_app(Settings(workers=2, warm=False))
    with TestClient(app, base_url="http://127.0.0.1:8765") as test_client:
        yield test_client


@pytest.fixture(scope="session")
def cli_folder(client: TestClient, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The CLI's build of QUERY, made with the command the API gives for it."""
    command = client.get(f"/api/design?{QUERY_STRING}").json()["command"]
    argv = shlex.split(command)[2:]  # without 'astrofab build'
    return cli_build(argv, tmp_path_factory.mktemp("cli") / "build")


class LiveServer:
    """An ``astrofab serve`` process on a free port of 127.0.0.1."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "astrolabe_fab", "serve", "--port", "0", "--workers", "2"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not found:
            self.stop()
            raise RuntimeError(f"astrofab serve did not start: {line!r}")
        self.port = int(found.group(1))
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    server = LiveServer()
    deadline = time.monotonic() + 120
    import urllib.request

    while True:  # the port answers at once; wait until the workers are warm
        with contextlib.suppress(OSError):
            health = urllib.request.urlopen(f"{server.url}/api/health", timeout=5).read()
            if json.loads(health)["ready"]:
                break
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError("astrofab serve was not ready within 120 s")
        time.sleep(0.1)
    yield server
    server.stop()
