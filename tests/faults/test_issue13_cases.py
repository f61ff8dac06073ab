"""Issue 13's thirteen cases, each run as the issue wrote it, each keeping the README's
promises: bad input costs one line and exit code 2 and writes nothing; an output folder is
complete or absent; existing results are never replaced without --force.

The larger fault tests live beside this file: random stop signals (test_signals.py), every
hostile input for every reader (test_hostile_inputs.py), full disks (test_full_disk.py), the
TOML round trip for any text (test_toml_roundtrip.py), the output mechanism (test_outputs.py).
"""

from __future__ import annotations

import json
import math
import multiprocessing
import os
import signal
import stat
import sys
import time
from pathlib import Path

import pytest

from astrolabe_fab.design import Design
from tests.cli_run import run_cli
from tests.faults.procs import (
    alive,
    complete_build,
    start,
    temp_entries,
    wait_for_no_process,
)

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork, /proc")
QUICK = ["build", "--lat", "40", "--diameter", "60", "--formats", "svg", "-q"]


def refused(argv: list[str], capsys: pytest.CaptureFixture[str], needle: str = "") -> str:
    """Run a command that must be refused: exit 2, one line naming ``needle``."""
    code, _, err = run_cli(argv, capsys)
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 1 and "Traceback" not in err, (code, err)
    assert needle in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ------------------------------------------------------------------------------ 1


@linux_only
def test_case_01_concurrent_builds_into_one_folder_all_keep_their_files(tmp_path: Path) -> None:
    procs = [start([*QUICK, "--out", "o", "--maker", f"build {k}"], tmp_path) for k in range(3)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    folders = sorted(p.name for p in tmp_path.iterdir())
    assert folders == ["o", "o-2", "o-3"]
    makers = set()
    for name in folders:
        assert complete_build(tmp_path / name)
        makers.add(json.loads((tmp_path / name / "manifest.json").read_text())["design"]["maker"])
    assert makers == {"build 0", "build 1", "build 2"}


# ------------------------------------------------------------------------------ 2


def _slow(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def _map_slowly(marker: str) -> None:
    from astrolabe_fab.pool import ordered_map

    list(ordered_map(_slow, [30.0, 30.0], workers=2))


@linux_only
def test_case_02_workers_die_with_their_killed_parent(tmp_path: Path) -> None:
    """SIGKILL of the command: its forked workers do not live on (PR_SET_PDEATHSIG)."""
    parent = multiprocessing.get_context("fork").Process(target=_map_slowly, args=("x",))
    parent.start()
    deadline = time.monotonic() + 20
    while len(_children(parent.pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = _children(parent.pid)
    assert len(workers) == 2
    os.kill(parent.pid, signal.SIGKILL)
    parent.join(10)
    deadline = time.monotonic() + 10
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not any(alive(w) for w in workers)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


@linux_only
def test_case_02_sigterm_during_a_build_one_line_no_folder_no_process(tmp_path: Path) -> None:
    proc = start([*QUICK, "--out", str(tmp_path / "o")])
    time.sleep(0.8)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    if proc.returncode != 0:  # it may have finished first on a fast machine
        assert proc.returncode == 143 and err == "stopped by SIGTERM: nothing was written\n"
        assert list(tmp_path.iterdir()) == []
    assert wait_for_no_process(str(tmp_path)) == []


# ------------------------------------------------------------------------------ 3


@pytest.mark.parametrize("height", ["17", "20"])
def test_case_03_text_height_too_large_names_the_range_for_the_diameter(
    height: str, cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refused(["build", "--lat", "40", "--text-height", height], capsys, "allowed 0.8 to 8.8 mm")
    refused(["build", "--lat", "40", "--diameter", "1000", "--text-height", "20.5"], capsys, "20")
    assert list(cwd.iterdir()) == []


def test_case_03_at_the_largest_text_height_the_ecliptic_band_still_rings_the_pivot() -> None:
    """Checked on the drawn rete: the band's inner circle holds the pivot inside it, and one
    step above the limit it would not."""
    from astrolabe_fab.parts.layout import layout_for
    from astrolabe_fab.parts.limits import max_text_height_mm
    from astrolabe_fab.parts.rete import draw_rete

    for diameter, lat in ((200.0, 40.0), (60.0, -34.0)):
        design = Design(lat, diameter_mm=diameter, epoch=2026.0).validate()
        h = max_text_height_mm(design)
        drawing = draw_rete(design.replace(text_height_mm=h), layout_for(design))
        ecl = drawing.ecliptic.circle
        cx, cy = drawing.frame.center_mm
        offset = math.hypot(ecl.cx - cx, ecl.cy - cy)
        assert drawing.ecliptic.inner_radius_mm > offset  # the pivot is inside the band's hole
        band = ecl.r - drawing.ecliptic.inner_radius_mm
        assert ecl.r - band * (h + 0.1) / h < offset  # 0.1 mm more would reach past it


# ------------------------------------------------------------------------------ 4


@linux_only
def test_case_04_dev_zero_and_fifos_are_refused_at_once(
    cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    os.mkfifo(cwd / "log.csv")
    (cwd / "d.toml").write_text('latitude_deg = 40\nstars_file = "/dev/zero"\n')
    start_s = time.monotonic()
    refused(["reduce", "/dev/zero"], capsys, "device")
    refused(["reduce", "log.csv"], capsys, "FIFO")
    refused(["build", "--config", "d.toml"], capsys, "device")
    assert time.monotonic() - start_s < 5.0


# ------------------------------------------------------------------------------ 5


@pytest.mark.parametrize("maker", ["two\nlines", "nul\x00", "tab\there"])
def test_case_05_control_characters_are_refused(
    maker: str, cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refused([*QUICK, "--maker", maker], capsys, "control character")
    assert list(cwd.iterdir()) == []


def test_case_05_quotes_and_backslashes_round_trip() -> None:
    from astrolabe_fab.config import design_to_toml, parse_design_toml

    design = Design(40.0, maker='say "hi" \\o/', place='C:\\"x"\\', epoch=2026.0).validate()
    assert Design(**parse_design_toml(design_to_toml(design), "t")).validate() == design


# ------------------------------------------------------------------------------ 6


@pytest.mark.parametrize("out", [".", "..", "./", "sub/.."])
@pytest.mark.parametrize("force", [[], ["--force"]])
def test_case_06_out_naming_the_current_or_parent_folder_is_refused(
    out: str, force: list[str], cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refused([*QUICK, "--out", out, *force], capsys, "names no new entry")
    assert list(cwd.iterdir()) == [] and temp_entries(cwd.parent) == []


# ------------------------------------------------------------------------------ 7


def test_case_07_force_over_a_file_or_a_link_leaves_nothing_behind(
    cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (cwd / "f").write_text("notes")
    refused([*QUICK, "--out", "f", "--force"], capsys, "not a folder")
    (cwd / "target").mkdir()
    (cwd / "link").symlink_to("target")
    code, _, err = run_cli([*QUICK, "--out", "link", "--force"], capsys)
    assert code == 0, err
    assert (cwd / "link").is_dir() and not (cwd / "link").is_symlink()
    assert complete_build(cwd / "link") and list((cwd / "target").iterdir()) == []
    assert sorted(p.name for p in cwd.iterdir()) == ["f", "link", "target"]
    assert (cwd / "f").read_text() == "notes"


# ------------------------------------------------------------------------------ 8


def _write(cwd: Path, name: str, data: str | bytes) -> None:
    path = cwd / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")


MANIFEST_PART = {"files": {"svg": "p.svg"}, "size_mm": [10, 10]}
CASE_8: dict[str, tuple[dict[str, str | bytes], list[str], str]] = {
    "star CSV with a quoted newline": (
        {"s.csv": 'name,ra_h,dec_deg\n"Ve\nga",18.6,38.8\n'},
        [*QUICK, "--stars", "s.csv"],
        "line 2",
    ),
    "non-UTF-8 TOML": (
        {"d.toml": b"latitude_deg = 40\nmaker = '\xff'\n"},
        [*QUICK, "--config", "d.toml"],
        "UTF-8",
    ),
    "TOML nested 2000 deep": (
        {"d.toml": "a = " + "[" * 2000 + "]" * 2000 + "\n"},
        [*QUICK, "--config", "d.toml"],
        "nested too deeply",
    ),
    "long layout at year 1": (
        {"l.csv": "utc,object,altitude_deg\n0001-01-01T00:00:00+01:00,Sun,30\n"},
        ["reduce", "l.csv"],
        "years 1000 to 3000",
    ),
    "long layout at year 9999": (
        {"l.csv": "utc,object,altitude_deg\n9999-12-31T23:00:00-02:00,Sun,30\n"},
        ["reduce", "l.csv"],
        "years 1000 to 3000",
    ),
    "manifest: a JSON list": ({"m/manifest.json": "[]"}, ["inspect", "m"], "JSON object"),
    "manifest: parts as a list": ({"m/manifest.json": '{"parts": []}'}, ["inspect", "m"], "parts"),
    "manifest: missing keys": (
        {"m/manifest.json": '{"parts": {"p": {"files": {"dxf": "p.dxf"}}}}', "m/p.dxf": "0\nEOF\n"},
        ["inspect", "m"],
        "size_mm",
    ),
    "manifest: not UTF-8": ({"m/manifest.json": b'{"parts": "\xff"}'}, ["inspect", "m"], "UTF-8"),
    "manifest: corrupt DXF": (
        {
            "m/manifest.json": json.dumps(
                {"parts": {"p": {**MANIFEST_PART, "files": {"dxf": "p.dxf"}}}}
            ),
            "m/p.dxf": "0\nSECTION\n2\nENTITIES\n0\nLINE\n10\nnot a number\n",
        },
        ["inspect", "m"],
        "cannot be read",
    ),
    "manifest: bad size_mm": (
        {
            "m/manifest.json": json.dumps(
                {"parts": {"p": {"files": {"dxf": "p.dxf"}, "size_mm": "big"}}}
            ),
            "m/p.dxf": "0\nEOF\n",
        },
        ["inspect", "m"],
        "size_mm",
    ),
    "a 300-character --out": ({}, [*QUICK, "--out", "x" * 300], "at most 200 bytes"),
    "simulate --seed -5": ({}, ["simulate", "--out", "s.csv", "--seed", "-5"], "--seed"),
}


@pytest.mark.parametrize("case", list(CASE_8))
def test_case_08_bad_input_exits_2_not_1(
    case: str, cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files, argv, needle = CASE_8[case]
    for name, data in files.items():
        _write(cwd, name, data)
    before = sorted(p.name for p in cwd.iterdir())
    refused(argv, capsys, needle)
    assert sorted(p.name for p in cwd.iterdir()) == before


# ------------------------------------------------------------------------------ 9


@pytest.mark.parametrize(
    ("args", "needle"),
    [(["--sheet", "100x100"], "sheet"), (["--min-web", "10", "--diameter", "100"], "min web")],
)
def test_case_09_late_errors_create_no_folder(
    args: list[str], needle: str, cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(["build", "--lat", "40", "--formats", "svg", *args], capsys)
    assert code == 2 and needle in err and len(err.strip().splitlines()) == 1, err
    assert list(cwd.iterdir()) == []  # no empty output/


# ------------------------------------------------------------------------------ 10


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        ([*QUICK, "--shadow-square", "7.5"], "choose 12, 7 or 10"),
        ([*QUICK, "--stars", ""], "star names is empty"),
        ([*QUICK, "--stars", ",,,"], "star names is empty"),
        (["reduce", "w.csv"], "'2/3/-5' is not a date"),
    ],
)
def test_case_10_invalid_values_are_not_silently_changed(
    argv: list[str], needle: str, cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (cwd / "w.csv").write_text("UTC date,UTC time,Sun elevation\n2/3/-5,12:00,30\n")
    refused(argv, capsys, needle)
    assert sorted(p.name for p in cwd.iterdir()) == ["w.csv"]


def test_case_10_two_digit_years_still_mean_this_century(tmp_path: Path) -> None:
    from astrolabe_fab.reduce.sightings import read_sightings

    (tmp_path / "w.csv").write_text("UTC date,UTC time,Sun elevation\n2/3/24,12:00,30\n")
    assert read_sightings(tmp_path / "w.csv")[0].utc.year == 2024


# ------------------------------------------------------------------------------ 11


def test_case_11_repeated_list_entries_count_once(
    cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    t0 = time.monotonic()
    design = Design(40.0, twilight=("civil",) * 1_000_000, plates_deg=(30.0,) * 1000).validate()
    assert design.twilight == ("civil",) and design.plates_deg == (30.0,)
    assert time.monotonic() - t0 < 5.0
    names = Design(40.0, star_names=("Vega", " vega ", "VEGA", "Sirius")).validate().star_names
    assert names == ("Vega", "Sirius")
    (cwd / "d.toml").write_text(
        "latitude_deg = 40\ntwilight = [" + ", ".join(['"civil"'] * 5000) + "]\n"
    )
    refused([*QUICK, "--config", "d.toml"], capsys, "at most 1000")
    (cwd / "big.toml").write_text(
        "latitude_deg = 40\ntwilight = [" + ", ".join(['"civil"'] * 200_000) + "]\n"
    )
    refused([*QUICK, "--config", "big.toml"], capsys, "at most 1.0 MB")


# ------------------------------------------------------------------------------ 12


def test_case_12_reduce_and_simulate_never_replace_results_without_force(
    cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sim = ["simulate", "--out", "s.csv", "--sessions", "12", "--seed", "2"]
    assert run_cli(sim, capsys)[0] == 0
    first = (cwd / "s.csv").read_bytes()
    refused([*sim[:-1], "3"], capsys, "exists: add --force")
    assert (cwd / "s.csv").read_bytes() == first
    assert run_cli([*sim[:-1], "3", "--force"], capsys)[0] == 0
    assert (cwd / "s.csv").read_bytes() != first
    red = ["reduce", "s.csv", "--no-png", "--lat", "39", "--out", "r"]
    assert run_cli(red, capsys)[0] == 0
    (cwd / "r" / "sessions.csv").write_text("my notes")
    refused(red, capsys, "exists: add --force")
    assert (cwd / "r" / "sessions.csv").read_text() == "my notes"
    assert run_cli([*red, "--force"], capsys)[0] == 0
    assert (cwd / "r" / "sessions.csv").read_text().startswith("session")
    assert temp_entries(cwd) == []


# ------------------------------------------------------------------------------ 13


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_case_13_folders_and_files_follow_the_umask(
    umask: int, cwd: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = os.umask(umask)
    try:
        code, _, err = run_cli([*QUICK, "--out", "a/b"], capsys)
    finally:
        os.umask(old)
    assert code == 0, err
    for folder in (cwd / "a", cwd / "a" / "b"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o777 & ~umask
    for path in (cwd / "a" / "b").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
