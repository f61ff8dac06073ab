"""The ``astrofab reduce`` and ``astrofab simulate`` commands (registered by cli.py).

Bad input raises InputError (the CLI prints one line and exits with code 2); outputs are
built in memory and written atomically, so nothing is half-written on error.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from astrolabe_fab.errors import InputError
from astrolabe_fab.outputs import Target, check_target, publish_file
from astrolabe_fab.parsing import optional_number


def _date(what: str, text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{what} must be a date YYYY-MM-DD, got {text!r}") from None


def reduce_command(
    file: Annotated[Path, typer.Argument(help="Sightings CSV, long or wide layout (SPEC §5).")],
    lat: Annotated[
        str | None,
        typer.Option(
            "--lat",
            help="Latitude of the place, -90 to 90 deg (north +); default: "
            "the instrument's, else the file's, else fitted.",
        ),
    ] = None,
    lon: Annotated[
        str | None,
        typer.Option(
            "--lon",
            help="Approximate longitude, -180 to 180 deg (east +): only "
            "chooses between equally good solutions; never moves a fit.",
        ),
    ] = None,
    instrument: Annotated[
        Path | None,
        typer.Option(
            "--instrument",
            help="manifest.json of the instrument used: its star places, epoch and latitude.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Folder for sessions.csv, planets.csv, summary.json and plots (SVG and PNG).",
        ),
    ] = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="Terminal output: table, json (everything, with every "
            "local minimum) or csv (sessions.csv).",
        ),
    ] = "table",
    fit_latitude: Annotated[
        bool,
        typer.Option(
            "--fit-latitude",
            help="Fit one latitude for all sessions and use it for "
            "the times even when a latitude is known.",
        ),
    ] = False,
    png: Annotated[bool, typer.Option("--png/--no-png", help="PNG copies of the plots.")] = True,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing --out folder of a reduction.")
    ] = False,
    places: Annotated[
        str,
        typer.Option(
            "--places",
            help="Planet places: combined (each crossing combined with "
            "the orbit fitted to all sightings, by their uncertainties) or crossing "
            "(the almucantar-ecliptic crossing alone).",
        ),
    ] = "combined",
) -> None:
    """Reduce sightings: local time and longitude per session, planet places, orbit sizes."""
    from astrolabe_fab.reduce import report
    from astrolabe_fab.reduce.instrument import read_instrument
    from astrolabe_fab.reduce.pipeline import Options, reduce_sightings
    from astrolabe_fab.reduce.positions import resolve_star_name
    from astrolabe_fab.reduce.sightings import read_sightings

    if fmt not in ("table", "json", "csv"):
        raise InputError(f"--format must be table, json or csv, got {fmt!r}")
    if places not in ("combined", "crossing"):
        raise InputError(f"--places must be combined or crossing, got {places!r}")
    options = Options(
        latitude_deg=optional_number("--lat", lat, -90.0, 90.0, "degrees"),
        longitude_deg=optional_number("--lon", lon, -180.0, 180.0, "degrees"),
        fit_latitude=fit_latitude,
        places=places,
    )
    if out is not None:  # refused now rather than after the work
        check_target(report.output_target(out, force))
    inst = read_instrument(instrument) if instrument is not None else None
    sightings = read_sightings(file, lambda name: resolve_star_name(name, inst))
    reduction = reduce_sightings(sightings, options, inst)
    if out is not None:
        out = report.write_outputs(reduction, out, png=png, force=force)
    if fmt == "json":
        typer.echo(report.full_json(reduction), nl=False)
    elif fmt == "csv":
        typer.echo(report.sessions_csv(reduction.sessions), nl=False)
    else:
        typer.echo(report.table(reduction), nl=False)
        if out is not None:
            typer.echo(f"written: {out}/sessions.csv, planets.csv, summary.json, plots")


def simulate_command(
    out: Annotated[Path, typer.Option("--out", help="Sightings CSV to write.")],
    lat: Annotated[str, typer.Option("--lat", help="Latitude, -89 to 89 deg (north +).")] = "39",
    lon: Annotated[str, typer.Option("--lon", help="Longitude, -180 to 180 deg (east +).")] = "-77",
    start: Annotated[str, typer.Option("--start", help="First date, YYYY-MM-DD.")] = "2021-01-01",
    end: Annotated[str, typer.Option("--end", help="Last date, YYYY-MM-DD.")] = "2023-12-31",
    sessions: Annotated[int, typer.Option("--sessions", help="Number of sessions.")] = 200,
    noise: Annotated[
        str, typer.Option("--noise", help="Gaussian altitude noise, 0 to 20 deg (SD).")
    ] = "1.0",
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same file).")] = 0,
    layout: Annotated[
        str, typer.Option("--layout", help="wide (one row per session) or long (with side).")
    ] = "wide",
    truth: Annotated[
        Path | None, typer.Option("--truth", help="Also write the truth behind each sighting.")
    ] = None,
    day_fraction: Annotated[
        str, typer.Option("--day-fraction", help="Share of sessions by day (Sun), 0 to 1.")
    ] = "0.3",
    max_stars: Annotated[int, typer.Option("--max-stars", help="Stars per night session.")] = 4,
    single: Annotated[
        str, typer.Option("--single-fraction", help="Share of single-sighting sessions.")
    ] = "0",
    misidentified: Annotated[
        str,
        typer.Option(
            "--misidentified",
            help="Share of star sightings logged under another star's name, 0 to 1.",
        ),
    ] = "0",
    wrong_time: Annotated[
        str,
        typer.Option(
            "--wrong-time",
            help="Share of sessions with a wrong timestamp (off by 1 h, 12 h or a day), 0 to 1.",
        ),
    ] = "0",
    ecliptic_planets: Annotated[
        bool,
        typer.Option(
            "--ecliptic-planets",
            help="Put the planets exactly on the "
            "ecliptic (to test the reduction without the ecliptic assumption).",
        ),
    ] = False,
    azimuth: Annotated[bool, typer.Option("--azimuth", help="Log azimuths too.")] = False,
    place: Annotated[
        bool, typer.Option("--place/--no-place", help="Write the latitude and longitude.")
    ] = True,
    round_deg: Annotated[
        str, typer.Option("--round", help="Round altitudes to this step, 0 to 5 deg.")
    ] = "0",
    force: Annotated[
        bool, typer.Option("--force", help="Replace existing --out and --truth files.")
    ] = False,
) -> None:
    """Write simulated sightings for a place and a date range (objects above the horizon,
    Gaussian altitude noise, sessions by day and by night, optional faults)."""
    from astrolabe_fab.reduce import simulate as sim

    if layout not in ("wide", "long"):
        raise InputError(f"--layout must be wide or long, got {layout!r}")
    if out == truth:
        raise InputError("--out and --truth must be different files")
    for path in (out, truth):
        if path is not None:
            check_target(Target(path, force=force))
    config = sim.SimConfig(
        latitude_deg=optional_number("--lat", lat, -89.0, 89.0, "degrees"),
        longitude_deg=optional_number("--lon", lon, -180.0, 180.0, "degrees"),
        start=_date("--start", start),
        end=_date("--end", end),
        sessions=sessions,
        noise_deg=optional_number("--noise", noise, 0.0, 20.0, "degrees"),
        seed=seed,
        day_fraction=optional_number("--day-fraction", day_fraction, 0.0, 1.0, ""),
        max_stars=max_stars,
        single_fraction=optional_number("--single-fraction", single, 0.0, 1.0, ""),
        misidentified_fraction=optional_number("--misidentified", misidentified, 0.0, 1.0, ""),
        wrong_time_fraction=optional_number("--wrong-time", wrong_time, 0.0, 1.0, ""),
        ecliptic_planets=ecliptic_planets,
        round_deg=optional_number("--round", round_deg, 0.0, 5.0, "degrees"),
    )
    result = sim.simulate(config)
    if layout == "wide":
        text = sim.to_wide_csv(result, with_azimuth=azimuth, with_place=place)
    else:
        text = sim.to_long_csv(result, with_side=True, with_azimuth=azimuth)
    files = [(Target(out, force=force), text)]
    if truth is not None:
        files.append((Target(truth, force=force), sim.truth_csv(result)))
    for target, _ in files:
        check_target(target)
    for target, content in files:
        publish_file(target, content.encode())
    n = sum(len(s.sightings) for s in result)
    typer.echo(f"written: {out} ({len(result)} sessions, {n} sightings)")


def register(app: typer.Typer) -> None:
    """Add the ``reduce`` and ``simulate`` commands to the astrofab app."""
    app.command("reduce")(reduce_command)
    app.command("simulate")(simulate_command)
