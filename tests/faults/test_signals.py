"""Stop signals at random moments (issue 13, case 2), on real processes.

SIGINT, SIGTERM and SIGHUP (to the command or, as a terminal does, to its whole process
group) give one line and exit code 128 + n, at any moment from the command's first line on;
SIGKILL of the command alone takes its workers with it. Whatever happens, the output folder is
complete or absent, and the next build into the same parent leaves no temporary entry and no
process behind.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.faults.procs import (
    complete_build,
    run,
    start,
    temp_entries,
    wait_for_no_process,
    wait_until_handling,
)

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals, /proc")

#: A quick build: every part, two formats, small enough for twenty runs.
BUILD = ["build", "--lat", "40", "--diameter", "60", "--formats", "svg,dxf", "-q"]
LANES, ROUNDS = 2, 10  # two commands at a time, ten interruptions each


def interrupt_at_random(parent: Path, duration_s: float, seed: int) -> list[str]:
    """ROUNDS builds into ``parent``, each stopped by a random signal at a random moment
    (from its first line to a little after a normal build's end); returns the problems."""
    rng = random.Random(seed)
    problems: list[str] = []
    for k in range(ROUNDS):
        sig = rng.choice([signal.SIGTERM, signal.SIGKILL, signal.SIGINT, signal.SIGHUP])
        to_group = sig != signal.SIGKILL and rng.random() < 0.5
        proc = start([*BUILD, "--out", str(parent / "b")])
        wait_until_handling(proc)
        time.sleep(rng.uniform(0.0, 1.1 * duration_s))
        with contextlib.suppress(ProcessLookupError):
            (os.killpg if to_group else os.kill)(proc.pid, sig)
        _, err = proc.communicate(timeout=60)
        what = f"lane {seed} round {k}: {sig.name} {'group' if to_group else ''} -> "
        code = proc.returncode
        if code not in (0, -sig if sig == signal.SIGKILL else 128 + sig):
            problems.append(what + f"exit {code}: {err.strip()[-300:]}")
        elif sig != signal.SIGKILL and code != 0:
            lines = err.strip().splitlines()
            if len(lines) != 1 or not lines[0].startswith(("interrupted", "stopped by")):
                problems.append(what + f"stderr {err.strip()[-300:]!r}")
    return problems


def test_random_stop_signals_then_one_build_leave_nothing_behind(tmp_path: Path) -> None:
    parent = tmp_path / "out"
    t0 = time.monotonic()
    code, err = run([*BUILD, "--out", str(parent / "ref")], timeout_s=120.0)
    assert code == 0, err
    duration_s = time.monotonic() - t0
    with ThreadPoolExecutor(LANES) as lanes:
        runs = [lanes.submit(interrupt_at_random, parent, duration_s, s) for s in range(LANES)]
        problems = [p for r in runs for p in r.result()]
    assert problems == []
    code, err = run([*BUILD, "--out", str(parent / "last")], timeout_s=120.0)
    assert code == 0, err
    assert temp_entries(parent) == []
    assert wait_for_no_process(str(parent)) == []
    for folder in parent.iterdir():
        assert complete_build(folder), folder.name
