"""The worker pool: results in order, really in other processes, errors reach the caller."""

from __future__ import annotations

import os
import sys

import pytest

from astrolabe_fab.errors import InputError
from astrolabe_fab.pool import MAX_WORKERS, ordered_map, worker_count

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
