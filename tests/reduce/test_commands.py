"""The reduce and simulate commands, through a throwaway typer app (as cli.py registers them)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from astrolabe_fab.errors import InputError
from astrolabe_fab.reduce.commands import register
from astrolabe_fab.reduce.report import PLANET_COLUMNS, SESSION_COLUMNS

#: one simulated log (the module fixture ``log``) read by every test: one worker runs them all
#: (tests/conftest.py)
pytestmark = pytest.mark.one_worker


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
    time_error = summary["time_error_min"]
    assert {"mean", "sd", "sd_all", "robust_sd", "n", "n_flagged"} <= set(time_error)
    flags = sum(1 for r in rows[1:] if r[-1])
    assert time_error["n_flagged"] + time_error["n_unreduced_flagged"] == flags
    assert {"value", "low", "high", "sigma"} <= set(summary["zero_point_deg"])
    for orbit in summary["orbits"].values():
        assert {"recurrence", "fit", "fit_sigma"} <= set(orbit["semi_major_axis_au"])
        assert isinstance(orbit["inner"], bool)
    for stem in ("time_error", "sun_relative_ra", "orbits", "solar_system"):
        assert "<svg" in (out / f"{stem}.svg").read_text()
        assert (out / f"{stem}.png").read_bytes()[:4] == b"\x89PNG"
    assert not list(out.glob(".*.tmp"))
    assert "clock error, all" in result.output


def test_outputs_are_deterministic(app: typer.Typer, log: Path, tmp_path: Path) -> None:
    """Same inputs, same bytes: CSV, JSON, and the plots (SVG ids, no dates in metadata)."""
    for name in ("a", "b"):
        assert _run(app, ["reduce", str(log), "--out", str(tmp_path / name)]).exit_code == 0
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(files) == 11
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    svg = (tmp_path / "a" / "time_error.svg").read_text()
    assert "<dc:date>" not in svg


def test_matplotlib_is_imported_only_for_plots(log: Path) -> None:
    code = (
        "import sys\n"
        "from astrolabe_fab.cli import main\n"
        "try:\n"
        f"    main(['reduce', {str(log)!r}, '--format', 'csv'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('matplotlib' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip().splitlines()[-1] == "False"


def test_simulate_defaults_are_the_realistic_config(app: typer.Typer, tmp_path: Path) -> None:
    """The command's defaults are SimConfig's (the realistic log the acceptance is run on),
    and --no-faults gives the same log without its faults, recorded in the truth."""
    from astrolabe_fab.reduce import sim_files
    from astrolabe_fab.reduce import simulate as sim

    out, truth = tmp_path / "d.csv", tmp_path / "t.csv"
    args = ["simulate", "--out", str(out), "--truth", str(truth), "--sessions", "40", "--seed", "9"]
    assert _run(app, args).exit_code == 0
    expected = sim.simulate(sim.SimConfig(sessions=40, seed=9))
    assert out.read_text() == sim_files.to_wide_csv(expected)
    assert truth.read_text() == sim_files.truth_csv(expected)
    clean_out = tmp_path / "c.csv"
    assert (
        _run(
            app,
            ["simulate", "--out", str(clean_out), "--sessions", "40", "--seed", "9", "--no-faults"],
        ).exit_code
        == 0
    )
    clean = sim.simulate(sim.SimConfig(sessions=40, seed=9, faults=False))
    assert clean_out.read_text() == sim_files.to_wide_csv(clean)


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
        ["simulate", "--out", "{tmp}/x.csv", "--zero-point", "9"],
        ["simulate", "--out", "{tmp}/x.csv", "--wrong-time", "1.5"],
        ["simulate", "--out", "{tmp}/x.csv", "--star-lag", "lots"],
        ["reduce", "{log}", "--places", "both"],
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
