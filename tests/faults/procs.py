"""Helpers of the fault suite: run astrofab as a real process, find its processes and the
temporary entries it may leave."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from astrolabe_fab.outputs import TEMP_NAME
from astrolabe_fab.pool import BUILD_WORKERS_VARIABLE

ASTROFAB = [sys.executable, "-m", "astrolabe_fab"]


def users_environment() -> dict[str, str]:
    """This process's environment without ASTROFAB_WORKERS: a command started with it has as
    many build workers as a user's command has (the suite's own builds run with one:
    tests/conftest.py)."""
    return {k: v for k, v in os.environ.items() if k != BUILD_WORKERS_VARIABLE}


def start(args: list[str], cwd: Path | None = None) -> subprocess.Popen[str]:
    """``astrofab ARGS`` as a process of its own session (a signal sent to its group reaches
    its workers too, as from a terminal), in a user's environment (``users_environment``)."""
    return subprocess.Popen(
        [*ASTROFAB, *args],
        cwd=cwd,
        env=users_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def run(args: list[str], cwd: Path | None = None, timeout_s: float = 60.0) -> tuple[int, str]:
    """Exit code and standard error of ``astrofab ARGS`` (killed after ``timeout_s``)."""
    proc = start(args, cwd)
    try:
        _, err = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    return proc.returncode, err


def handles_signals(pid: int) -> bool:
    """Whether the process catches SIGTERM yet (astrofab's handlers are installed): the
    ``SigCgt`` mask of /proc/PID/status."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    for line in status.splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) >> (signal.SIGTERM - 1) & 1)
    return False


def wait_until_handling(proc: subprocess.Popen[str], timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not handles_signals(proc.pid) and proc.poll() is None:
        if time.monotonic() > deadline:
            raise TimeoutError("astrofab did not start")
        time.sleep(0.002)


def processes_mentioning(marker: str) -> list[int]:
    """Live (not zombie) processes whose command line holds ``marker`` (forked workers keep
    their parent's command line)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            if marker.encode() in cmdline and state != "Z":
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie (Linux /proc)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_until(condition: Callable[[], object], timeout_s: float) -> bool:
    """Poll ``condition`` every 20 ms until it holds or ``timeout_s`` has passed; whether it
    holds then."""
    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)
    return bool(condition())


def wait_for_no_process(marker: str, timeout_s: float = 10.0) -> list[int]:
    """Wait (bounded) until no process mentions ``marker``; return those still there."""
    deadline = time.monotonic() + timeout_s
    while (left := processes_mentioning(marker)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


def temp_entries(folder: Path) -> list[str]:
    """astrofab's temporary entries in ``folder``."""
    return [p.name for p in folder.iterdir() if TEMP_NAME.fullmatch(p.name)]


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    """A small tmpfs mounted at ``path`` (root only); raises OSError where mounting fails."""
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise OSError(done.stderr.strip() or "mount failed")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def complete_build(folder: Path) -> bool:
    """A build folder as a build leaves it: manifest.json and every file it lists."""
    import json

    manifest = json.loads((folder / "manifest.json").read_text())
    names = [n for part in manifest["parts"].values() for n in part["files"].values()]
    return all((folder / n).is_file() for n in [*names, "astrofab.toml"])
