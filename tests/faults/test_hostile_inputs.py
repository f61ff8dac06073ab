"""Hostile input files (issue 13, case 4): FIFOs, /dev/zero, folders and huge files given as
any input file exit with code 2 and one line, at once, without reading or blocking."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

import pytest

from astrolabe_fab.errors import InputError
from astrolabe_fab.inputs import LIMITS, read_text
from tests.cli_run import run_cli
from tests.faults.procs import run

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="FIFOs, /dev/zero")


class HungError(Exception):
    pass


@pytest.fixture(autouse=True)
def watchdog() -> Iterator[None]:
    """A test that blocks fails after 10 s instead of hanging the suite."""

    def hung(signum: int, frame: FrameType | None) -> None:
        raise HungError("the command blocked")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def make_fifo(path: Path) -> str:
    os.mkfifo(path)
    return "FIFO"


def make_dev_zero(path: Path) -> str:
    path.symlink_to("/dev/zero")
    return "device"


def make_folder(path: Path) -> str:
    path.mkdir()
    return "folder"


def make_huge(path: Path) -> str:
    with path.open("wb") as fh:  # sparse: 20 GB on paper, nothing on disk
        fh.truncate(20 * 1024**3)
    return "MB"


HOSTILE: dict[str, Callable[[Path], str]] = {
    "fifo": make_fifo,
    "dev-zero": make_dev_zero,
    "folder": make_folder,
    "huge": make_huge,
}

#: Every way a command reads a user's file: argv with {f} for the hostile file's path.
READERS: dict[str, list[str]] = {
    "design file": ["build", "--config", "{f}"],
    "star file (option)": ["build", "--lat", "40", "--stars", "{f}"],
    "star file (design)": ["build", "--config", "{toml}"],
    "sightings file": ["reduce", "{f}"],
    "instrument manifest": ["reduce", "{log}", "--instrument", "{f}"],
    "manifest (inspect)": ["inspect", "{folder}"],
}


@pytest.mark.parametrize("kind", list(HOSTILE))
@pytest.mark.parametrize("reader", list(READERS))
def test_hostile_file_exits_2_at_once(
    kind: str,
    reader: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "built"
    folder.mkdir()
    hostile = folder / "manifest.json" if reader.startswith("manifest") else tmp_path / "in.csv"
    needle = HOSTILE[kind](hostile)
    (tmp_path / "d.toml").write_text(f'latitude_deg = 40\nstars_file = "{hostile}"\n')
    (tmp_path / "log.csv").write_text("utc,object,altitude_deg\n2024-03-01T21:30:00Z,Vega,30\n")
    fill = {"f": str(hostile), "toml": "d.toml", "log": "log.csv", "folder": str(folder)}
    before = sorted(p.name for p in tmp_path.iterdir())
    start = time.monotonic()
    code, _, err = run_cli([a.format(**fill) for a in READERS[reader]], capsys)
    assert time.monotonic() - start < 5.0
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_as_a_real_process_a_fifo_exits_2_within_seconds(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.csv")
    start = time.monotonic()
    code, err = run(["reduce", "pipe.csv"], cwd=tmp_path, timeout_s=20.0)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "FIFO" in err, err
    assert time.monotonic() - start < 10.0


def test_a_file_that_grows_past_the_limit_while_read_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limit holds on the bytes read, not only on the size reported before."""
    import astrolabe_fab.inputs as inputs

    path = tmp_path / "d.toml"
    path.write_bytes(b"#" * 5000)
    monkeypatch.setitem(inputs.LIMITS, "design file", 4000)
    real_stat = os.stat
    monkeypatch.setattr(
        inputs.os,
        "stat",
        lambda p, *a, **k: os.stat_result((*real_stat(p)[:6], 10, *real_stat(p)[7:])),
    )
    with pytest.raises(InputError, match="at most 4000 bytes"):
        read_text(path, "design file")


@pytest.mark.parametrize(
    ("data", "outcome"),
    [
        (b"\xef\xbb\xbflatitude_deg = 40\n", "ok"),  # UTF-8 with a byte-order mark
        (b"latitude_deg = 40\nmaker = '\xe9'\n", "byte 0xe9 at offset 27"),  # Latin-1
        (b"latitude_deg = 40\n\x00\n", "NUL"),
        (b"\xff\xfel\x00a\x00", "byte 0xff at offset 0"),  # UTF-16
    ],
)
def test_text_is_utf8_with_or_without_bom(data: bytes, outcome: str, tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    path.write_bytes(data)
    if outcome == "ok":
        assert read_text(path, "design file") == "latitude_deg = 40\n"
    else:
        with pytest.raises(InputError, match=outcome):
            read_text(path, "design file")


def test_every_kind_of_input_has_a_limit() -> None:
    assert {"design file", "star file", "sightings file", "manifest", "DXF file"} <= set(LIMITS)
    assert all(0 < v <= 64 * 1024 * 1024 for v in LIMITS.values())
