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

import contextlib
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from .errors import InputError
from .interrupts import Interrupted

T = TypeVar("T")
R = TypeVar("R")

#: The environment variable that sets the number of workers (``worker_count``).
BUILD_WORKERS_VARIABLE = "ASTROFAB_WORKERS"

#: At most this many workers: a build has only two long jobs (rete, back) and a few short ones,
#: and each worker is a copy-on-write image of the command's process.
MAX_WORKERS = 4


def worker_count(jobs: int) -> int:
    """Workers for ``jobs`` jobs: the usable cores (at most MAX_WORKERS, at most ``jobs``), 1
    where fork is not the safe default (macOS, Windows), or ``ASTROFAB_WORKERS`` if set."""
    setting = os.environ.get(BUILD_WORKERS_VARIABLE, "").strip()
    if setting:
        if not (setting.isascii() and setting.isdigit()) or int(setting) < 1:
            raise InputError(
                f"{BUILD_WORKERS_VARIABLE}={setting!r} is not allowed: use a whole number >= 1"
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
    items must pickle (module-level functions, dataclasses); exceptions reach the caller.

    Workers never outlive the command: on an error the queued jobs are dropped and the
    running ones end; on a stop signal they are killed at once; and on Linux the system kills
    them when the command's process dies (``PR_SET_PDEATHSIG``), even by SIGKILL. They ignore
    SIGINT, SIGTERM and SIGHUP, which a terminal or a service manager sends to the whole
    process group: the command handles them and stops its workers.
    """
    n = worker_count(len(items)) if workers is None else max(1, min(workers, len(items)))
    if n == 1 or not sys.platform.startswith("linux"):
        yield from map(fn, items)
        return
    try:
        pool = ProcessPoolExecutor(
            n,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_worker_start,
            initargs=(os.getpid(),),
        )
    except (OSError, ImportError, NotImplementedError):  # no POSIX semaphores: one process
        yield from map(fn, items)
        return
    starts = sorted(range(len(items)), key=lambda i: -cost(items[i]))
    try:
        # the workers are forked on the first submit: with the stop signals blocked, so that
        # none reaches a worker before it has set its own handling (the mask is inherited)
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            futures = {i: pool.submit(fn, items[i]) for i in starts}
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        for i in range(len(items)):
            yield futures[i].result()
    except Interrupted:  # a stop signal: the command exits at once (launch.py)
        _stop(pool, kill=True)
        raise
    except BaseException:  # an error, or the caller stopped early
        _stop(pool, kill=False)
        raise
    pool.shutdown()


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _worker_start(parent_pid: int) -> None:
    """Set up a forked worker: killed with its parent, deaf to stop signals."""
    for sig in STOP_SIGNALS:  # sent to the whole process group: the parent stops the work
        signal.signal(sig, signal.SIG_IGN)
    _die_with_parent()
    if os.getppid() != parent_pid:  # the parent died before the line above took effect
        os._exit(1)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def _die_with_parent() -> None:
    """Ask Linux to send this process SIGKILL when its parent dies (prctl PR_SET_PDEATHSIG)."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: the parent still kills its workers on exit
        pass


def _stop(pool: ProcessPoolExecutor, kill: bool) -> None:
    """Drop the queued jobs; with ``kill``, kill the workers now instead of letting them end
    their running job. Only for a command that then leaves with ``os._exit`` (launch.py): a
    worker killed while sending its result leaves the executor's reading thread waiting for
    the rest, which a normal interpreter exit would wait for in turn. (The executor has no
    public way to stop its workers before Python 3.14's ``terminate_workers``.)"""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    if kill:
        for process in workers:
            with contextlib.suppress(Exception):
                process.kill()
