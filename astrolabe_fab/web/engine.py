"""The designer's engine: worker processes, caches, and limits on expensive work.

Parts are drawn in a pool of worker processes (``work.py``), so that requests run on every
core and a long drawing never holds up another client's slider: the server's event loop only
waits. Zips are built in a pool of their own (one process), so that a download never takes a
preview worker. Workers fork from a clean server process that has already imported the
package (``forkserver`` with the package preloaded), whatever threads the web server runs.

What is drawn is kept (``cache.py``); identical requests in flight share one drawing. Work
that would queue up beyond ``MAX_QUEUED_PREVIEWS`` or ``MAX_QUEUED_BUILDS`` jobs, or zips
beyond the ``BuildRate`` token bucket, is refused with ``BusyError`` (HTTP 429) instead of
piling up.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Hashable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any, TypeVar

from ..design import Design
from . import work
from .cache import BytesLru, PartCache, design_hash

T = TypeVar("T")

#: Preview jobs waiting or running at once, and zip builds: beyond these, requests get 429.
MAX_QUEUED_PREVIEWS = 24
MAX_QUEUED_BUILDS = 2
#: Preview workers: the usable cores, at least 2 (two sliders never wait for each other's
#: drawing to start), at most 4.
MIN_WORKERS, MAX_WORKERS = 2, 4


class BusyError(Exception):
    """Too much expensive work asked for at once; try again after ``retry_after_s``."""

    def __init__(self, message: str, retry_after_s: int = 2) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class BuildRate:
    """Token bucket for zip builds: at most ``burst`` at once, then one per ``every_s``."""

    def __init__(self, burst: int = 4, every_s: float = 10.0) -> None:
        self.burst, self.every_s = burst, every_s
        self._tokens = float(burst)
        self._stamp = time.monotonic()

    def take(self) -> None:
        now = time.monotonic()
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) / self.every_s)
        self._stamp = now
        if self._tokens < 1.0:
            wait = (1.0 - self._tokens) * self.every_s
            raise BusyError(
                f"too many builds in a short time: at most {self.burst} at once, then one every "
                f"{self.every_s:g} s (try again in {wait:.0f} s)",
                retry_after_s=max(1, round(wait)),
            )
        self._tokens -= 1.0


def default_workers() -> int:
    """Preview worker processes for this machine."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(MIN_WORKERS, min(MAX_WORKERS, cores or 1))


def _pool(workers: int) -> Executor:
    """A process pool of warmed workers; threads where processes cannot be made."""
    if workers < 1:
        return ThreadPoolExecutor(max_workers=2)
    try:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["astrolabe_fab.web.work"])
        return ProcessPoolExecutor(
            workers, mp_context=context, initializer=work.start_worker, initargs=(os.getpid(),)
        )
    except (ValueError, OSError, ImportError, NotImplementedError):  # no forkserver here
        return ThreadPoolExecutor(max_workers=max(2, workers))


class Engine:
    """Parts, sheets and zips of designs: cached, shared while in flight, limited."""

    def __init__(self, workers: int | None = None, rate: BuildRate | None = None) -> None:
        count = default_workers() if workers is None else workers
        self.workers = max(1, count)
        self.previews = _pool(count)
        self.builds = _pool(min(count, 1))
        self.parts = PartCache()
        self.files = BytesLru(64 * 2**20)
        self.sheets: dict[str, list[str]] = {}
        self.rate = rate or BuildRate()
        self._flying: dict[Hashable, asyncio.Future[Any]] = {}
        self._queued = {"preview": 0, "build": 0}
        #: True once ``start`` has run: workers up and the first design drawn
        self.ready = False

    def close(self) -> None:
        """Stop the workers now, drawing or not (the server is stopping)."""
        for pool in (self.previews, self.builds):
            # no public way to end running jobs before Python 3.14's terminate_workers()
            workers = list((getattr(pool, "_processes", None) or {}).values())
            for worker in workers:
                with contextlib.suppress(Exception):
                    worker.kill()
            # frees the pool's queues; a worker killed in the middle of sending a result can
            # leave the pool's reader waiting, so this is given two seconds, not forever
            stopper = threading.Thread(
                target=pool.shutdown, kwargs={"wait": True, "cancel_futures": True}, daemon=True
            )
            stopper.start()
            stopper.join(timeout=2.0)

    async def start(self, design: Design) -> None:
        """Start every worker at once (a pool starts them one by one as requests come), then
        draw every part of ``design`` (the page's first design) into the cache."""
        loop = asyncio.get_running_loop()
        for pool, count in ((self.previews, self.workers), (self.builds, 1)):
            await asyncio.gather(*(loop.run_in_executor(pool, _nothing) for _ in range(count)))
        await asyncio.gather(*(self.part_svg(design, name) for name in part_names(design)))
        self.ready = True

    async def part_svg(self, design: Design, name: str) -> bytes:
        """The SVG of one part (or ``sheet-N``), as ``astrofab build`` writes it."""
        if name.startswith("sheet-"):
            sheets = await self.sheet_svgs(design)
            if name not in sheets:
                raise LookupError(f"no part {name!r}: this design has {', '.join(sheets)}")
            return sheets[name]
        job = work.find_job(design, name)
        part_id = (name, repr(job.args))
        stored = self.parts.get(design, part_id)
        if stored is not None:
            return stored
        data, reads = await self._run(
            "preview", (part_id, design_hash(design)), work.render_part, design, name
        )
        self.parts.put(design, part_id, reads, data)
        return data

    async def sheet_svgs(self, design: Design) -> dict[str, bytes]:
        """The ``sheet-N`` SVGs of a design with a sheet size, by name (none without one)."""
        if design.sheet_mm is None:
            return {}
        key = design_hash(design)
        names = self.sheets.get(key)
        stored = [self.files.get(("sheet", key, n)) for n in names or ()]
        if names is not None and all(d is not None for d in stored):
            return {n: d for n, d in zip(names, stored, strict=True) if d is not None}
        sheets = await self._run("preview", ("sheets", key), work.render_sheets, design)
        self.sheets[key] = list(sheets)
        for n, data in sheets.items():
            self.files.put(("sheet", key, n), data)
        return sheets

    async def build_zip(self, design: Design) -> bytes:
        """The zip of every file ``astrofab build`` writes for ``design``."""
        key = ("zip", design_hash(design))
        data = self.files.get(key)
        if data is not None:
            return data
        if key not in self._flying:
            self.rate.take()
        data = await self._run("build", key, work.build_zip, design)
        self.files.put(key, data)
        return data

    async def _run(self, kind: str, key: Hashable, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in the pool of ``kind``; one run for identical keys in flight. A caller
        that goes away (a closed page) leaves the run to finish for the cache."""
        flying = self._flying.get(key)
        if flying is None:
            limit = MAX_QUEUED_PREVIEWS if kind == "preview" else MAX_QUEUED_BUILDS
            if self._queued[kind] >= limit:
                what = "previews" if kind == "preview" else "builds"
                raise BusyError(f"the designer is busy with {self._queued[kind]} {what}: try again")
            pool = self.previews if kind == "preview" else self.builds
            flying = asyncio.get_running_loop().run_in_executor(pool, fn, *args)
            self._flying[key] = flying
            self._queued[kind] += 1

            def done(_: asyncio.Future[Any]) -> None:
                self._queued[kind] -= 1
                self._flying.pop(key, None)

            flying.add_done_callback(done)
        return await asyncio.shield(flying)


def _nothing() -> None:
    """A job that only makes a pool start a worker."""


def part_names(design: Design) -> list[str]:
    """The parts of a design, in SPEC §2 order (sheets not included)."""
    from ..build import part_jobs

    return [job.name for job in part_jobs(design)]
