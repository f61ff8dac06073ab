"""The designer's engine in this process: how many preview workers, where they run (forkserver
children, not forks of a server that has threads), starting them and the first design's parts,
and stopping them at once, busy or not."""

from __future__ import annotations

import asyncio
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

from astrolabe_fab.design import Design
from astrolabe_fab.web import engine as engine_module
from astrolabe_fab.web.engine import MAX_WORKERS, MIN_WORKERS, BusyError, Engine, default_workers
from astrolabe_fab.web.work import find_job
from tests.faults.procs import alive, wait_until

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forkserver, /proc")
#: one module, one worker: it starts process pools of its own
pytestmark = pytest.mark.one_worker


@pytest.mark.parametrize(("usable", "workers"), [(1, 2), (3, 3), (4, 4), (16, 4)])
def test_preview_workers_follow_the_usable_cores_within_limits(
    monkeypatch: pytest.MonkeyPatch, usable: int, workers: int
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(usable)), raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)  # affinity first: a container's share
    assert default_workers() == workers
    assert (MIN_WORKERS, MAX_WORKERS) == (2, 4)


@pytest.mark.parametrize(("cores", "workers"), [(None, 2), (1, 2), (3, 3), (12, 4)])
def test_without_affinity_the_processor_count(
    monkeypatch: pytest.MonkeyPatch, cores: int | None, workers: int
) -> None:
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    assert default_workers() == workers


def test_busy_means_try_again_in_two_seconds_unless_told() -> None:
    assert BusyError("busy").retry_after_s == 2
    assert BusyError("busy", retry_after_s=7).retry_after_s == 7


def _pids(pool: Any) -> list[int]:
    return [p.pid for p in (getattr(pool, "_processes", None) or {}).values()]


@linux_only
def test_engine_starts_draws_runs_apart_and_stops_at_once() -> None:
    """``start`` brings up every worker (previews and the build worker) and draws the first
    design's parts into the cache; previews and builds run in different worker processes,
    children of the forkserver (not of this process); ``close`` kills a busy worker at once,
    and the queued jobs never run, nor do new ones."""
    engine = Engine(workers=2)
    assert isinstance(engine.previews, ProcessPoolExecutor)
    design = Design(latitude_deg=-33.87, diameter_mm=100.0).validate()
    try:
        asyncio.run(engine.start(design))
        assert engine.ready is True
        for name in engine_module.part_names(design):
            job = find_job(design, name)
            assert engine.parts.get(design, (name, repr(job.args))) is not None, name
        previews, builds = _pids(engine.previews), _pids(engine.builds)
        assert len(previews) == 2 and len(builds) == 1
        ran = asyncio.run(_run_both(engine))
        assert ran["preview"][0] in previews and ran["build"][0] in builds
        assert os.getpid() not in (ran["preview"][1], ran["build"][1])  # not forked from here
        busy = engine.previews.submit(time.sleep, 30.0)
        queued = [engine.previews.submit(time.sleep, 30.0) for _ in range(4)]
        assert wait_until(busy.running, 20.0)
        start = time.monotonic()
        engine.close()
        assert time.monotonic() - start < 5.0  # (at worst two 2 s waits for the pools)
        assert wait_until(lambda: not any(alive(p) for p in previews + builds), 5.0)
        # the queued jobs never run: cancelled, or failed with the pool the kill broke
        assert wait_until(lambda: all(f.done() for f in queued), 5.0)
        assert all(f.cancelled() or f.exception() is not None for f in queued)
        with pytest.raises(RuntimeError):
            engine.previews.submit(time.sleep, 0.0)
    finally:
        engine.close()


async def _run_both(engine: Engine) -> dict[str, tuple[int, int]]:
    """(pid, parent pid) of a preview job and of a build job, through the engine's queue."""
    preview = await engine._run("preview", "pid-p", _pid_and_parent)
    build = await engine._run("build", "pid-b", _pid_and_parent)
    return {"preview": preview, "build": build}


def _pid_and_parent() -> tuple[int, int]:
    return os.getpid(), os.getppid()
