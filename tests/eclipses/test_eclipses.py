"""``astrofab eclipses`` against the sky.

The seasons are recomputed here without the package: the Sun's apparent longitude from
astronomy-engine at 0 h UT of each real date (not the calendar ring), and the mean node from
the issue's formula (Meeus: Omega = 125.04452 - 1934.136261 T). They are compared with
seasons.csv. Every solar eclipse and every partial or total lunar eclipse that astronomy-engine
finds for 2026-2045 must lie in a season of its kind, and the seasons of each kind must cover
at most 22 % of the days.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import astronomy
import pytest

from astrolabe_fab.design import Design
from astrolabe_fab.eclipses.model import calendar_model
from astrolabe_fab.parts.back import draw_mater_back
from astrolabe_fab.parts.layout import layout_for
from tests.cli_run import run_cli

#: one build (the module fixture ``written``) read by every test: one worker runs them all
#: (tests/conftest.py)
pytestmark = pytest.mark.one_worker

FIRST, YEARS = 2026, 20
LIMITS = {"solar": 18.5, "lunar": 12.2}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The command run once for 2026-2045 (the acceptance span)."""
    from astrolabe_fab.cli import main

    folder = tmp_path_factory.mktemp("ecl") / "out"
    main(["eclipses", "--from", str(FIRST), "--years", str(YEARS), "--out", str(folder)])
    return folder


def _node_deg(time: astronomy.Time) -> float:
    return (125.04452 - 1934.136261 * time.tt / 36525.0) % 360.0


def _wrap(a: float) -> float:
    return (a + 180.0) % 360.0 - 180.0


def independent_seasons() -> list[tuple[str, str, dt.date, dt.date]]:
    """(kind, node, first date, last date): dates whose 0 h-to-0 h interval holds a moment
    with the Sun within the limit of the node (true Sun, Meeus mean node)."""
    first = dt.date(FIRST, 1, 1)
    days = (dt.date(FIRST + YEARS, 1, 1) - first).days
    s = []
    for k in range(days + 1):
        d = first + dt.timedelta(days=k)
        t = astronomy.Time.Make(d.year, d.month, d.day, 0, 0, 0.0)
        s.append(_wrap(astronomy.SunPosition(t).elon - _node_deg(t)))
    out = []
    for kind, limit in LIMITS.items():
        for node, off in (("head", 0.0), ("tail", 180.0)):
            run: list[dt.date] = []
            for k in range(days + 1):
                a = _wrap(s[k] - off)
                b = _wrap(s[k + 1] - off) if k < days else a
                inside = k < days and abs(a) < 90.0 and b > -limit and a < limit
                if inside:
                    run.append(first + dt.timedelta(days=k))
                elif run:
                    out.append((kind, node, run[0], run[-1]))
                    run = []
    return out


def test_seasons_agree_with_an_independent_computation(written: Path) -> None:
    rows = _read(written / "seasons.csv")
    ours = {(r["kind"], r["node"], dt.date.fromisoformat(r["start"])): r for r in rows}
    theirs = independent_seasons()
    edge = (dt.date(FIRST, 1, 1), dt.date(FIRST + YEARS, 1, 1) - dt.timedelta(1))
    assert len(theirs) == len(rows)
    for kind, node, start, end in theirs:
        # the calendar ring of 2026 stands for the Sun of other years: within a day
        match = [
            r
            for (k, n, s), r in ours.items()
            if k == kind and n == node and abs((s - start).days) <= 1
        ]
        assert len(match) == 1, (kind, node, start)
        r = match[0]
        if start not in edge:
            assert abs((dt.date.fromisoformat(r["start"]) - start).days) <= 1
        if end not in edge:
            assert abs((dt.date.fromisoformat(r["end"]) - end).days) <= 1


def _real_eclipses() -> list[tuple[str, str, dt.date]]:
    """(solar|lunar, kind, UTC date of the peak) from astronomy-engine, 2026-2045."""
    start = astronomy.Time.Make(FIRST, 1, 1, 0, 0, 0.0)
    stop = astronomy.Time.Make(FIRST + YEARS, 1, 1, 0, 0, 0.0).ut
    out = []
    e = astronomy.SearchGlobalSolarEclipse(start)
    while e.peak.ut < stop:
        out.append(("solar", e.kind.name.lower(), e.peak.Utc().date()))
        e = astronomy.NextGlobalSolarEclipse(e.peak)
    m = astronomy.SearchLunarEclipse(start)
    while m.peak.ut < stop:
        out.append(("lunar", m.kind.name.lower(), m.peak.Utc().date()))
        m = astronomy.NextLunarEclipse(m.peak)
    return out


def test_every_eclipse_in_a_season_of_its_kind_and_seasons_are_limited(written: Path) -> None:
    rows = _read(written / "seasons.csv")
    days = (dt.date(FIRST + YEARS, 1, 1) - dt.date(FIRST, 1, 1)).days
    eclipses = _real_eclipses()
    counted = 0
    for body, kind, date in eclipses:
        if body == "lunar" and kind == "penumbral":
            continue
        counted += 1
        assert any(
            r["kind"] == body
            and dt.date.fromisoformat(r["start"]) <= date <= dt.date.fromisoformat(r["end"])
            for r in rows
        ), (body, kind, date)
    assert counted > 60
    for kind in LIMITS:
        covered = set()
        for r in rows:
            if r["kind"] == kind:
                d0, d1 = dt.date.fromisoformat(r["start"]), dt.date.fromisoformat(r["end"])
                covered |= {d0 + dt.timedelta(k) for k in range((d1 - d0).days + 1)}
        assert len(covered) / days <= 0.22, kind
        assert len(covered) / days >= LIMITS[kind] / 90.0 - 0.01  # real seasons, not slivers


def test_verdicts_in_eclipses_csv(written: Path) -> None:
    rows = _read(written / "eclipses.csv")
    verdicts = {r["verdict"] for r in rows}
    assert not any(v.startswith("MISSED") for v in verdicts)
    assert {"eclipse in season", "no eclipse"} <= verdicts
    for r in rows:
        if r["verdict"] in ("eclipse in season", "no eclipse", "penumbral only"):
            assert r["season"]
        # an eclipse is certain inside the minor limits: no candidate there went without
        if r["zone"] == "minor":
            assert r["eclipse"] not in ("none", "penumbral"), r
    solar = [r for r in rows if r["kind"] == "solar" and r["eclipse"] != "none"]
    assert len(solar) == sum(1 for e in _real_eclipses() if e[0] == "solar")


def test_out_is_atomic_never_overwritten_and_deterministic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "e"
    args = ["eclipses", "--from", "2026", "--years", "2", "--out", str(out)]
    assert run_cli(args, capsys)[0] == 0
    first = (out / "seasons.csv").read_bytes(), (out / "eclipses.csv").read_bytes()
    code, _, err = run_cli(args, capsys)  # existing results: refused, untouched
    assert code == 2 and "--force" in err and len(err.strip().splitlines()) == 1
    (out / "seasons.csv").write_text("old")
    assert run_cli([*args, "--force"], capsys)[0] == 0
    assert (out / "seasons.csv").read_bytes() == first[0]  # same inputs, same bytes
    assert (out / "eclipses.csv").read_bytes() == first[1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e"]  # no temporary entry left
    stranger = tmp_path / "notes"
    stranger.mkdir()
    (stranger / "mine.txt").write_text("x")
    code, _, err = run_cli([*args[:-1], str(stranger), "--force"], capsys)
    assert code == 2 and (stranger / "mine.txt").exists()  # --force spares other folders


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--years", "0"], "--years 0 is out of range"),
        (["--years", "x"], "whole number"),
        (["--from", "1200"], "--from 1200 is out of range"),
        (["--calendar", "lunar"], "concentric or eccentric"),
        (["--epoch", "abc"], "--epoch must be a number"),
    ],
)
def test_bad_input_one_line_exit_2_nothing_written(
    args: list[str], words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "never"
    code, _, err = run_cli(["eclipses", *args, "--out", str(out)], capsys)
    assert code == 2
    assert words in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


@pytest.mark.parametrize("kind", ["concentric", "eccentric"])
def test_calendar_model_is_the_back_as_drawn(kind: str) -> None:
    """The command reads the Sun from the very ring the back draws (manifest bearings)."""
    design = Design(51.75, epoch=2026.0, calendar=kind).validate()
    back = draw_mater_back(design, layout_for(design)).part
    bearings = back.meta["scales"]["calendar"]["day_start_bearing_deg"]
    ring = calendar_model(2026.0, kind)
    assert len(ring.day_start_lon_deg) == len(bearings)
    for lon, bearing in zip(ring.day_start_lon_deg, bearings, strict=True):
        assert abs(_wrap(lon - (bearing - 270.0))) < 2e-5
