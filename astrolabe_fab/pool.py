"""Independent jobs on the machine's cores: a map whose results come back in order.

A build's parts do not depend on each other, so each is built, prepared and written in a
worker process. Workers are forked (Linux only: the modules, fonts and star table already
loaded are shared, nothing is re-imported) and the work is handed out costliest first so that
the last job to finish is a short one. Elsewhere, with one usable core, or with
``ASTROFAB_WORKERS=1``, or where the system cannot make a process pool (no POSIX semaphores),
jobs run one after another in this process. Either way the results are
the same values in the same order, so the files are byte-identical.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from .errors import InputError

T = TypeVar("T")
R = TypeVar("R")

#: At most this many workers: a build has only two long jobs (rete, back) and a few short ones,
#: and each worker is a copy-on-write image of the command's process.
MAX_WORKERS = 4


def worker_count(jobs: int) -> int:
    """Workers for ``jobs`` jobs: the usable cores (at most MAX_WORKERS, at most ``jobs``), 1
    where fork is not the safe default (macOS, Windows), or ``ASTROFAB_WORKERS`` if set."""
    setting = os.environ.get("ASTROFAB_WORKERS", "").strip()
    if setting:
        if not (setting.isascii() and setting.isdigit()) or int(setting) < 1:
            raise InputError(
                f"ASTROFAB_WORKERS={setting!r} is not allowed: use a whole number >= 1"
            )
        wanted = int(setting)
    elif sys.platform.startswith("linux"):
        wanted = min(len(os.sched_getaffinity(0)), MAX_WORKERS)
    else:
        wanted = 1
    return max(1, min(wanted, jobs))


def ordered_map(
    fn: Callable[[T], R],
    items: Sequence[T],
    cost: Callable[[T], float] = lambda item: 0.0,
    workers: int | None = None,
) -> Iterator[R]:
    """Yield ``fn(item)`` for each item, in the items' order; with more than one worker the
    calls run in forked processes, started in order of decreasing ``cost``. ``fn`` and the
    items must pickle (module-level functions, dataclasses); exceptions reach the caller."""
    n = worker_count(len(items)) if workers is None else max(1, min(workers, len(items)))
    if n == 1 or not sys.platform.startswith("linux"):
        yield from map(fn, items)
        return
    try:
        pool = ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork"))
    except (OSError, ImportError, NotImplementedError):  # no POSIX semaphores: one process
        yield from map(fn, items)
        return
    starts = sorted(range(len(items)), key=lambda i: -cost(items[i]))
    try:
        futures = {i: pool.submit(fn, items[i]) for i in starts}
        for i in range(len(items)):
            yield futures[i].result()
    except BaseException:  # an error, Ctrl-C, or the caller stopped early: drop queued jobs
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
