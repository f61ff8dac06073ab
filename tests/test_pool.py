"""The worker pool: results in order, really in other processes, as many at once as asked,
the costliest first; errors reach the caller, stop signals kill the workers, and the workers
leave stop signals to the command and die with it."""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.synchronize
import os
import signal
import sys
import threading
import time
import types
from pathlib import Path
from typing import Any

import pytest

from astrolabe_fab import pool
from astrolabe_fab.errors import InputError
from astrolabe_fab.interrupts import Interrupted
from astrolabe_fab.pool import (
    BUILD_WORKERS_VARIABLE,
    MAX_WORKERS,
    STOP_SIGNALS,
    ordered_map,
    worker_count,
)
from tests.faults.procs import alive, wait_until

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork on Linux")


def square_and_pid(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def fail_on_three(x: int) -> int:
    if x == 3:
        raise InputError("three is not allowed: use 0 to 2")
    return x


@linux_only
def test_results_come_back_in_order_from_worker_processes() -> None:
    items = list(range(12))
    out = list(ordered_map(square_and_pid, items, cost=lambda x: x % 5, workers=2))
    assert [v for v, _ in out] == [x * x for x in items]
    pids = {pid for _, pid in out}
    assert os.getpid() not in pids
    assert 1 <= len(pids) <= 2


def test_one_worker_runs_in_this_process() -> None:
    out = list(ordered_map(square_and_pid, [1, 2, 3], workers=1))
    assert out == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]


@linux_only
@pytest.mark.parametrize("workers", [1, 2])
def test_a_worker_error_reaches_the_caller_with_its_type(workers: int) -> None:
    with pytest.raises(InputError, match="three is not allowed"):
        list(ordered_map(fail_on_three, [1, 2, 3, 4], workers=workers))


def test_worker_count_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASTROFAB_WORKERS", "3")
    assert worker_count(10) == 3
    assert worker_count(2) == 2  # never more workers than jobs
    monkeypatch.setenv("ASTROFAB_WORKERS", "1")
    assert worker_count(10) == 1
    for bad in ("0", "two", "-1"):
        monkeypatch.setenv("ASTROFAB_WORKERS", bad)
        with pytest.raises(InputError, match="ASTROFAB_WORKERS"):
            worker_count(10)
    monkeypatch.delenv("ASTROFAB_WORKERS")
    n = worker_count(100)
    assert 1 <= n <= MAX_WORKERS
    if sys.platform.startswith("linux"):
        assert n == min(len(os.sched_getaffinity(0)), MAX_WORKERS)


def test_no_process_pool_means_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import astrolabe_fab.pool as pool

    def no_semaphores(*args: object, **kwargs: object) -> None:
        raise OSError("[Errno 38] Function not implemented")

    monkeypatch.setattr(pool, "ProcessPoolExecutor", no_semaphores)
    out = list(pool.ordered_map(square_and_pid, [1, 2, 3], workers=2))
    assert out == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]


# --------------------------------------------------------------------------- workers at work
# Worker functions read module globals made before the pool forks (a barrier, a counter): a
# forked worker has the test's memory, so they need not pickle.

_BARRIER: multiprocessing.synchronize.Barrier | None = None
_BARRIER_WAIT_S = 20.0  # how long a worker waits for the others at the barrier
_TICKETS: Any = None  # a shared counter (multiprocessing.Value)


def met_the_others(x: int) -> bool:
    """Whether every party of ``_BARRIER`` was at it at once (within ``_BARRIER_WAIT_S``)."""
    assert _BARRIER is not None
    try:
        _BARRIER.wait(timeout=_BARRIER_WAIT_S)
    except threading.BrokenBarrierError:
        return False
    return True


def ticket(x: int) -> int:
    """The order in which this job started (0 first), then a short wait."""
    with _TICKETS.get_lock():
        mine = int(_TICKETS.value)
        _TICKETS.value += 1
    time.sleep(0.2)
    return mine


def worker_state(x: int) -> tuple[list[object], int, set[int]]:
    """The stop signals' handlers, the signal sent when the parent dies, the blocked signals."""
    handlers = [signal.getsignal(sig) for sig in STOP_SIGNALS]
    return handlers, parent_death_signal(), set(signal.pthread_sigmask(signal.SIG_BLOCK, []))


def parent_death_signal() -> int:
    """This process's PR_GET_PDEATHSIG (Linux prctl 2): the signal it gets when its parent dies."""
    value = ctypes.c_int(-1)
    ctypes.CDLL(None, use_errno=True).prctl(2, ctypes.byref(value), 0, 0, 0)
    return value.value


def job(spec: tuple[str, float, str]) -> str:
    """("fail", ...) raises once a "sleep" job has started (its .start file); ("sleep", s,
    folder) writes its pid to folder/<pid>.start, sleeps s seconds and writes
    folder/<pid>.<ns>.done; ("mark", s, folder) sleeps s and writes a .done file; ("held", ...)
    writes its .done file as soon as folder/release exists."""
    kind, seconds, folder = spec
    if kind == "fail":
        wait_until(lambda: any(Path(folder).glob("*.start")), 10.0)
        raise InputError("this job fails: use another")
    if kind == "held":
        wait_until(lambda: Path(folder, "release").exists(), 20.0)
    pid = os.getpid()
    if kind == "sleep":
        Path(folder, f"{pid}.start").write_text("")
    time.sleep(seconds)
    Path(folder, f"{pid}.{time.monotonic_ns()}.done").write_text(kind)
    return kind


@linux_only
def test_as_many_workers_as_asked_run_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Three workers meet at a barrier of three; two never do (whatever the machine's cores)."""
    monkeypatch.setattr(sys.modules[__name__], "_BARRIER", multiprocessing.Barrier(3))
    assert list(ordered_map(met_the_others, [0, 1, 2], workers=3)) == [True] * 3
    monkeypatch.setattr(sys.modules[__name__], "_BARRIER", multiprocessing.Barrier(3))
    monkeypatch.setattr(sys.modules[__name__], "_BARRIER_WAIT_S", 1.0)  # the third never comes
    assert list(ordered_map(met_the_others, [0, 1, 2], workers=2)) == [False] * 3


@linux_only
def test_without_a_count_the_environment_sets_the_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(BUILD_WORKERS_VARIABLE, "2")
    monkeypatch.setattr(sys.modules[__name__], "_BARRIER", multiprocessing.Barrier(2))
    assert list(ordered_map(met_the_others, [0, 1])) == [True, True]


@linux_only
def test_the_costliest_jobs_start_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "_TICKETS", multiprocessing.Value("i", 0))
    tickets = list(ordered_map(ticket, list(range(6)), cost=float, workers=2))
    assert sorted(tickets) == list(range(6))
    assert tickets[5] in (0, 1) and tickets[4] in (0, 1)  # the dearest two first
    assert tickets[0] in (4, 5) and tickets[1] in (4, 5)  # the cheapest two last


@linux_only
def test_workers_ignore_stop_signals_and_die_with_the_command() -> None:
    """A terminal's Ctrl-C reaches the whole process group: the workers leave it to the
    command; and the system kills them if the command dies (PR_SET_PDEATHSIG)."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    for handlers, death, blocked in ordered_map(worker_state, [0, 1], workers=2):
        assert handlers == [signal.SIG_IGN] * len(STOP_SIGNALS)
        assert death == signal.SIGKILL
        assert not blocked & set(STOP_SIGNALS)
    assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == before  # the command's mask is back


@linux_only
def test_worker_start_in_this_process_and_its_exit_when_the_parent_is_gone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``_worker_start`` as a forked worker runs it (here, with everything put back after)."""
    handlers = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    mask, death = signal.pthread_sigmask(signal.SIG_BLOCK, []), parent_death_signal()
    libc = ctypes.CDLL(None, use_errno=True)
    try:
        signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)  # as ordered_map forks them
        pool._worker_start(os.getppid())
        assert [signal.getsignal(sig) for sig in STOP_SIGNALS] == [signal.SIG_IGN] * 3
        assert parent_death_signal() == signal.SIGKILL
        assert not set(signal.pthread_sigmask(signal.SIG_BLOCK, [])) & set(STOP_SIGNALS)

        class ExitedError(Exception):
            pass

        def exit_now(code: int) -> None:
            raise ExitedError(code)

        monkeypatch.setattr(pool.os, "_exit", exit_now)
        with pytest.raises(ExitedError) as exited:  # its parent is not the one that made it
            pool._worker_start(os.getppid() + 100_000)
        code = exited.value.args[0]
        assert isinstance(code, int) and code != 0
    finally:
        for sig, handler in handlers.items():
            if handler is not None:  # (None: set outside Python, cannot be put back)
                signal.signal(sig, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        libc.prctl(1, death, 0, 0, 0)


@linux_only
def test_an_error_drops_the_queued_jobs_and_lets_the_running_one_end(tmp_path: Path) -> None:
    """The caller gets the error at once, not after the job running beside the failed one;
    the queued jobs never start (a few already handed to a worker may); the running job ends
    normally rather than being killed. The 20 queued jobs wait for a file made after the
    error: dropped, none of them would run; kept, all would, at once."""
    folder = str(tmp_path)
    specs = [("fail", 0.0, folder), ("sleep", 3.0, folder)] + [("held", 0.0, folder)] * 20
    with pytest.raises(InputError, match="this job fails"):
        list(ordered_map(job, specs, workers=2))
    assert any(tmp_path.glob("*.start"))  # the 3 s job began, and had not ended:
    assert not any(p.read_text() == "sleep" for p in tmp_path.glob("*.done"))
    (tmp_path / "release").write_text("")
    assert wait_until(lambda: any(p.read_text() == "sleep" for p in tmp_path.glob("*.done")), 15)
    time.sleep(0.5)  # what was handed out has ended by now
    assert len([p for p in tmp_path.glob("*.done") if p.read_text() == "held"]) < 10


@linux_only
def test_a_stop_signal_kills_the_workers_at_once(tmp_path: Path) -> None:
    """``Interrupted`` (a stop signal in the command) kills the running jobs and reaches the
    caller as it is."""
    folder = str(tmp_path)
    results = ordered_map(job, [("mark", 0.0, folder), ("sleep", 30.0, folder)], workers=2)
    assert next(results) == "mark"
    assert wait_until(lambda: any(tmp_path.glob("*.start")), 15)
    sleeper = int(next(tmp_path.glob("*.start")).name.split(".")[0])
    with pytest.raises(Interrupted):
        results.throw(Interrupted(signal.SIGTERM))
    assert wait_until(lambda: not alive(sleeper), 5), "the running job was not killed"


def test_elsewhere_than_linux_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where fork is not the safe default (macOS, Windows): one worker, this process."""
    monkeypatch.delenv(BUILD_WORKERS_VARIABLE, raising=False)
    monkeypatch.setattr(pool, "sys", types.SimpleNamespace(platform="darwin"))
    assert worker_count(10) == 1
    out = list(ordered_map(square_and_pid, [1, 2, 3], workers=2))
    assert out == [(1, os.getpid()), (4, os.getpid()), (9, os.getpid())]


def started_masked(parent_pid: int) -> None:
    """``_worker_start``, first noting the signals blocked when the worker began."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    Path(_MASK_FOLDER, f"{os.getpid()}.mask").write_text(",".join(str(int(s)) for s in blocked))
    _WORKER_START(parent_pid)


_MASK_FOLDER = ""
_WORKER_START = pool._worker_start  # the pool's own, which the test replaces by the above


@linux_only
def test_workers_begin_with_the_stop_signals_held_and_end_with_the_map(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Forked with the stop signals blocked (none reaches a worker before it ignores them);
    gone when the map is done (the pool is shut down, not left to the garbage collector)."""
    monkeypatch.setattr(sys.modules[__name__], "_MASK_FOLDER", str(tmp_path))
    monkeypatch.setattr(pool, "_worker_start", started_masked)
    workers = {pid for _, pid in ordered_map(square_and_pid, [1, 2, 3, 4], workers=2)}
    assert not any(alive(pid) for pid in workers)  # at once: no waiting here
    masks = [set(map(int, p.read_text().split(","))) for p in tmp_path.glob("*.mask")]
    assert len(masks) == 2 and all(set(STOP_SIGNALS) <= mask for mask in masks)


def test_never_more_workers_than_four_whatever_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(BUILD_WORKERS_VARIABLE, raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(16)), raising=False)
    if sys.platform.startswith("linux"):
        assert worker_count(100) == 4
        assert worker_count(3) == 3
