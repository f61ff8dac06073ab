"""A full disk (issue 13, case 12): every command says so in one line (exit code 2) and leaves
nothing, neither a partial folder nor a temporary entry. Needs root to mount a small tmpfs."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli_run import run_cli
from tests.faults.procs import tmpfs

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or os.geteuid() != 0,
    reason="mounting a small tmpfs needs root on Linux",
)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    try:
        with tmpfs(tmp_path / "disk", "256k") as disk:
            yield disk
    except OSError as exc:  # e.g. a container without CAP_SYS_ADMIN
        pytest.skip(f"cannot mount a tmpfs here: {exc}")


@pytest.fixture(scope="module")
def sightings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("log") / "log.csv"
    from astrolabe_fab.reduce import sim_files
    from astrolabe_fab.reduce import simulate as sim

    config = sim.SimConfig(latitude_deg=39.0, longitude_deg=-77.0, sessions=25, seed=5)
    path.write_text(
        sim_files.to_wide_csv(sim.simulate(config), with_azimuth=False, with_place=True)
    )
    return path


def filler(disk: Path, free_bytes: int) -> None:
    """Fill the disk until about ``free_bytes`` are left."""
    stats = os.statvfs(disk)
    free = stats.f_bavail * stats.f_frsize
    (disk / "filler").write_bytes(b"x" * max(0, free - free_bytes))


def one_line(err: str) -> bool:
    lines = err.strip().splitlines()
    return len(lines) == 1 and "no space left on device" in lines[0] and "Traceback" not in err


def test_build_on_a_full_disk(small_disk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = small_disk / "a" / "b"
    code, _, err = run_cli(
        ["build", "--lat", "40", "--formats", "svg", "-q", "--out", str(out)], capsys
    )
    assert code == 2 and one_line(err), err
    assert list(small_disk.iterdir()) == []


def test_reduce_on_a_full_disk(
    small_disk: Path, sightings: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    filler(small_disk, 16 * 1024)
    out = small_disk / "red"
    code, _, err = run_cli(["reduce", str(sightings), "--no-png", "--out", str(out)], capsys)
    assert code == 2 and one_line(err), err
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


def test_simulate_on_a_full_disk(small_disk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    filler(small_disk, 0)
    out = small_disk / "s.csv"
    code, _, err = run_cli(["simulate", "--sessions", "50", "--out", str(out)], capsys)
    assert code == 2 and one_line(err), err
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]
