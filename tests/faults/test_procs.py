"""The fault suite's commands run as a user's would: with the machine's own number of build
workers, although the suite's in-process builds run with one (tests/conftest.py)."""

from __future__ import annotations

import os
from typing import Any

import pytest

from astrolabe_fab.pool import BUILD_WORKERS_VARIABLE
from tests.conftest import CALLERS_BUILD_WORKERS
from tests.faults import procs


def test_a_command_run_as_a_process_gets_the_machines_worker_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, Any] = {}

    def popen(argv: list[str], **kwargs: Any) -> object:
        seen.update(kwargs, argv=argv)
        return object()

    monkeypatch.setenv(BUILD_WORKERS_VARIABLE, "1")
    monkeypatch.setattr(procs.subprocess, "Popen", popen)
    procs.start(["build", "--lat", "40"])
    assert seen["argv"][-3:] == ["build", "--lat", "40"]
    assert BUILD_WORKERS_VARIABLE not in seen["env"]
    assert seen["env"] == {k: v for k, v in os.environ.items() if k != BUILD_WORKERS_VARIABLE}


def test_the_suites_own_builds_run_with_one_worker_unless_told_otherwise() -> None:
    """tests/conftest.py sets the variable to 1 when the caller has not: a suite run with
    ASTROFAB_WORKERS set keeps its value."""
    assert os.environ[BUILD_WORKERS_VARIABLE] == (CALLERS_BUILD_WORKERS or "1")
