"""The reduce and simulate commands, through a throwaway typer app (as cli.py registers them)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from astrolabe_fab.errors import InputError
from astrolabe_fab.reduce.commands import register
from astrolabe_fab.reduce.report import PLANET_COLUMNS, SESSION_COLUMNS


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    application = typer.Typer()
    register(application)
    return application


def _run(app: typer.Typer, args: list[str]):
    return CliRunner().invoke(app, args, catch_exceptions=True)


@pytest.fixture(scope="module")
def log(app: typer.Typer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cmd") / "log.csv"
    result = _run(
        app,
        [
            "simulate",
            "--out",
            str(path),
            "--sessions",
            "60",
            "--noise",
            "1",
            "--seed",
            "3",
            "--start",
            "2022-01-01",
            "--end",
            "2022-12-31",
        ],
    )
    assert result.exit_code == 0, result.output
    return path


def test_simulate_writes_a_wide_log(log: Path) -> None:
    header = log.read_text().splitlines()[0].split(",")
    assert header[:4] == ["UTC date", "UTC time", "Latitude", "Longitude"]
    assert any(h.endswith(" elevation") for h in header)


def test_reduce_writes_every_output(app: typer.Typer, log: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _run(app, ["reduce", str(log), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "longitude:" in result.output
    with (out / "sessions.csv").open() as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == SESSION_COLUMNS and len(rows) > 10
    with (out / "planets.csv").open() as f:
        assert tuple(next(csv.reader(f))) == PLANET_COLUMNS
    summary = json.loads((out / "summary.json").read_text())
    assert summary["sessions"] == len(rows) - 1
    assert {"value", "low", "high"} <= set(summary["longitude_deg"])
    assert {"mean", "sd", "robust_sd"} <= set(summary["time_error_min"])
    for orbit in summary["orbits"].values():
        assert {"recurrence", "fit", "fit_sigma"} <= set(orbit["semi_major_axis_au"])
        assert isinstance(orbit["inner"], bool)
    for stem in ("time_error", "sun_relative_ra", "orbit_distributions", "solar_system"):
        assert (out / f"{stem}.svg").read_text().startswith("<svg")
        assert (out / f"{stem}.png").read_bytes()[:4] == b"\x89PNG"
    assert not list(out.glob(".*.tmp"))


def test_reduce_json_and_csv(app: typer.Typer, log: Path) -> None:
    doc = json.loads(_run(app, ["reduce", str(log), "--format", "json"]).output)
    assert doc["sessions"][0]["minima"]
    assert "conventions" in doc["summary"]
    lines = _run(app, ["reduce", str(log), "--format", "csv", "--lon", "-77"]).output
    assert lines.splitlines()[0] == ",".join(SESSION_COLUMNS)


@pytest.mark.parametrize(
    "args",
    [
        ["reduce", "{log}", "--lat", "95"],
        ["reduce", "{log}", "--lon", "east"],
        ["reduce", "{log}", "--format", "xml"],
        ["reduce", "{missing}"],
        ["reduce", "{log}", "--instrument", "{missing}"],
        ["simulate", "--out", "{tmp}/x.csv", "--noise", "50"],
        ["simulate", "--out", "{tmp}/x.csv", "--start", "2022-13-01"],
        ["simulate", "--out", "{tmp}/nofolder/x.csv"],
    ],
)
def test_bad_input_is_an_input_error_and_writes_nothing(
    app: typer.Typer, log: Path, tmp_path: Path, args: list[str]
) -> None:
    fill = {"log": str(log), "missing": str(tmp_path / "missing.csv"), "tmp": str(tmp_path)}
    out = tmp_path / "out"
    result = _run(
        app, [a.format(**fill) for a in args] + (["--out", str(out)] if args[0] == "reduce" else [])
    )
    assert isinstance(result.exception, InputError), result.output
    assert "\n" not in str(result.exception)
    assert not out.exists() and not (tmp_path / "x.csv").exists()


def test_bad_row_names_file_line_and_column(app: typer.Typer, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("UTC date,UTC time,Sun elevation\n1/2/2022,14:00,30\n1/3/2022,14:00,3O\n")
    out = tmp_path / "out"
    result = _run(app, ["reduce", str(bad), "--out", str(out)])
    message = str(result.exception)
    assert isinstance(result.exception, InputError)
    assert "bad.csv:3" in message and "Sun elevation" in message
    assert not out.exists()


def test_instrument_star_places_are_used(app: typer.Typer, tmp_path: Path) -> None:
    """A rete whose Vega is engraved one hour of RA late shifts that session's LST by 1 h."""
    from astrolabe_fab.astro import stars

    vega = stars.find_star("Vega")
    ra_h, dec_deg = stars.star_ra_dec(vega, 2022.0)
    log = tmp_path / "v.csv"
    log.write_text(
        "utc,object,altitude_deg,side\n2022-01-15T02:30:00Z,Vega,30,W\n", encoding="utf-8"
    )
    manifest = tmp_path / "manifest.json"
    manifest.write_text(
        json.dumps(
            {
                "latitude_deg": 39.0,
                "epoch": 2022.0,
                "parts": {
                    "rete": {
                        "stars": [{"name": "Vega", "ra_h": (ra_h + 1.0) % 24, "dec_deg": dec_deg}]
                    }
                },
            }
        )
    )
    plain = json.loads(_run(app, ["reduce", str(log), "--lat", "39", "--format", "json"]).output)
    inst = json.loads(
        _run(app, ["reduce", str(log), "--instrument", str(manifest), "--format", "json"]).output
    )
    shift = (inst["sessions"][0]["lst_h"] - plain["sessions"][0]["lst_h"]) % 24
    assert shift == pytest.approx(1.0, abs=0.01)
