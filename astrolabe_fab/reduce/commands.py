"""The ``astrofab reduce`` and ``astrofab simulate`` commands (registered by cli.py).

Bad input raises InputError (the CLI prints one line and exits with code 2); outputs are
built in memory and written atomically, so nothing is half-written on error. Options are
declared once, as annotated types, so that each command reads at a glance.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from astrolabe_fab.errors import InputError
from astrolabe_fab.outputs import Target, check_target
from astrolabe_fab.parsing import number, optional_number

if TYPE_CHECKING:
    from astrolabe_fab.reduce.simulate import SimSession


def _option(name: str, help_text: str) -> typer.models.OptionInfo:
    return typer.Option(name, help=help_text)


# reduce
LatOption = Annotated[
    str | None,
    _option(
        "--lat",
        "Latitude, -90 to 90 deg (north +), for rows without their own; default: the "
        "instrument's, else fitted.",
    ),
]
LonOption = Annotated[
    str | None,
    _option(
        "--lon",
        "Longitude, -180 to 180 deg (east +), for rows without their own: the clock is read "
        "against it; it never moves a fit.",
    ),
]
InstrumentOption = Annotated[
    Path | None,
    _option("--instrument", "manifest.json of the instrument used: star places, latitude."),
]
OutOption = Annotated[
    Path | None,
    _option("--out", "Folder for sessions.csv, planets.csv, summary.json and plots (SVG, PNG)."),
]
FormatOption = Annotated[
    str,
    _option("--format", "Terminal output: table, json (everything) or csv (sessions.csv)."),
]
FitLatOption = Annotated[
    bool,
    _option("--fit-latitude", "Fit one latitude and use it for the times even when known."),
]
PngOption = Annotated[bool, typer.Option("--png/--no-png", help="PNG copies of the plots.")]
ForceOption = Annotated[
    bool, typer.Option("--force", help="Replace an existing --out folder of a reduction.")
]
PlacesOption = Annotated[
    str,
    _option(
        "--places",
        "Planet places: combined (crossing combined with the fitted orbit) or crossing.",
    ),
]


def reduce_command(
    file: Annotated[Path, typer.Argument(help="Sightings CSV, long or wide layout (SPEC §5).")],
    *,
    lat: LatOption = None,
    lon: LonOption = None,
    instrument: InstrumentOption = None,
    out: OutOption = None,
    fmt: FormatOption = "table",
    fit_latitude: FitLatOption = False,
    png: PngOption = True,
    force: ForceOption = False,
    places: PlacesOption = "combined",
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


def _date(what: str, text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{what} must be a date YYYY-MM-DD, got {text!r}") from None


# simulate: number options as text, parsed with the range in the error message
SimLat = Annotated[str, _option("--lat", "Latitude, -89 to 89 deg (north +).")]
SimLon = Annotated[str, _option("--lon", "Longitude, -180 to 180 deg (east +).")]
SimStart = Annotated[str, _option("--start", "First date, YYYY-MM-DD.")]
SimEnd = Annotated[str, _option("--end", "Last date, YYYY-MM-DD.")]
SimSessions = Annotated[int, _option("--sessions", "Number of sessions, 1 to 100000.")]
SimNoise = Annotated[str, _option("--noise", "Gaussian core of the reading noise, 0-20 deg (SD).")]
SimSeed = Annotated[int, _option("--seed", "Random seed (same seed, same file).")]
SimLayout = Annotated[str, _option("--layout", "wide (one row per session) or long (with side).")]
SimTruth = Annotated[Path | None, _option("--truth", "Also write the truth, every fault in it.")]
SimDay = Annotated[str, _option("--day-fraction", "Share of sessions by day (Sun), 0 to 1.")]
SimStars = Annotated[int, _option("--max-stars", "Stars per night session, 1 to 10.")]
SimSingle = Annotated[
    str, _option("--single-fraction", "Share of sessions cut to one reference sighting, 0-1.")
]
SimZero = Annotated[str, _option("--zero-point", "Instrument zero-point, -5 to 5 deg.")]
SimMisread = Annotated[str, _option("--misread", "Share of readings misread by 5-20 deg, 0-1.")]
SimClock = Annotated[str, _option("--clock-sd", "Clock scatter per session, 0 to 60 min (SD).")]
SimLag = Annotated[str, _option("--star-lag", "Night sessions' times written late, -60-60 min.")]
SimMisid = Annotated[
    str, _option("--misidentified", "Share of star sightings logged as another star, 0-1.")
]
SimWrongTime = Annotated[
    str, _option("--wrong-time", "Share of sessions off by 1, 2, 8, 12 or 24 h, 0 to 1.")
]
SimWrongSide = Annotated[
    str, _option("--wrong-side", "Share of side/azimuth entries on the wrong side, 0 to 1.")
]
SimRound = Annotated[str, _option("--round", "Round altitudes to this step, 0 to 5 deg.")]
SimEcliptic = Annotated[
    bool, _option("--ecliptic-planets", "Put the planets on the ecliptic (a test aid).")
]
SimAzimuth = Annotated[bool, _option("--azimuth", "Log azimuths too (wide layout).")]
SimPlace = Annotated[
    bool, typer.Option("--place/--no-place", help="Write the latitude and longitude.")
]
SimForce = Annotated[
    bool, typer.Option("--force", help="Replace existing --out and --truth files.")
]
SimFaults = Annotated[
    bool,
    typer.Option(
        "--faults/--no-faults",
        help="Inject the per-session faults; --no-faults: the same log without them.",
    ),
]


_SIM_NUMBERS = (
    ("latitude_deg", "--lat", -89.0, 89.0, "degrees"),
    ("longitude_deg", "--lon", -180.0, 180.0, "degrees"),
    ("noise_deg", "--noise", 0.0, 20.0, "degrees"),
    ("day_fraction", "--day-fraction", 0.0, 1.0, ""),
    ("single_fraction", "--single-fraction", 0.0, 1.0, ""),
    ("zero_point_deg", "--zero-point", -5.0, 5.0, "degrees"),
    ("misread_fraction", "--misread", 0.0, 1.0, ""),
    ("clock_sd_min", "--clock-sd", 0.0, 60.0, "minutes"),
    ("star_lag_min", "--star-lag", -60.0, 60.0, "minutes"),
    ("misidentified_fraction", "--misidentified", 0.0, 1.0, ""),
    ("wrong_time_fraction", "--wrong-time", 0.0, 1.0, ""),
    ("wrong_side_fraction", "--wrong-side", 0.0, 1.0, ""),
    ("round_deg", "--round", 0.0, 5.0, "degrees"),
)
"""simulate's number options, in the order of their texts: (SimConfig field, option,
allowed range, unit)."""


def simulate_command(
    out: Annotated[Path, typer.Option("--out", help="Sightings CSV to write.")],
    *,
    lat: SimLat = "39",
    lon: SimLon = "-77",
    start: SimStart = "2021-01-01",
    end: SimEnd = "2023-12-31",
    sessions: SimSessions = 773,
    noise: SimNoise = "1.5",
    seed: SimSeed = 0,
    layout: SimLayout = "wide",
    truth: SimTruth = None,
    day_fraction: SimDay = "0.5",
    max_stars: SimStars = 4,
    single: SimSingle = "0.2",
    zero_point: SimZero = "0.5",
    misread: SimMisread = "0.03",
    clock_sd: SimClock = "1",
    star_lag: SimLag = "1",
    misidentified: SimMisid = "0.03",
    wrong_time: SimWrongTime = "0.03",
    wrong_side: SimWrongSide = "0.03",
    round_deg: SimRound = "0.5",
    ecliptic_planets: SimEcliptic = False,
    azimuth: SimAzimuth = False,
    place: SimPlace = True,
    faults: SimFaults = True,
    force: SimForce = False,
) -> None:
    """Write a simulated log as unkind as a real one (reading noise with gross misreads, an
    instrument zero-point, clock scatter and lag, wrong timestamps, misidentified stars,
    wrong sides; defaults: a realistic three-year log) and, with --truth, the truth."""
    from astrolabe_fab.reduce import simulate as sim

    _check_layout(layout)
    targets = _sim_targets(out, truth, force)
    texts = [lat, lon, noise, day_fraction, single, zero_point, misread, clock_sd, star_lag]
    texts += [misidentified, wrong_time, wrong_side, round_deg]
    parse: dict[str, Any] = {
        name: number(flag, text, lo, hi, unit)
        for (name, flag, lo, hi, unit), text in zip(_SIM_NUMBERS, texts, strict=True)
    }
    config = sim.SimConfig(
        start=_date("--start", start),
        end=_date("--end", end),
        sessions=sessions,
        seed=seed,
        max_stars=max_stars,
        ecliptic_planets=ecliptic_planets,
        faults=faults,
        **parse,
    )
    _write_simulation(sim.simulate(config), layout, targets, (azimuth, place))


def _check_layout(layout: str) -> None:
    if layout not in ("wide", "long"):
        raise InputError(f"--layout must be wide or long, got {layout!r}")


def _sim_targets(out: Path, truth: Path | None, force: bool) -> tuple[Target, Target | None]:
    """The log's and the truth's files, refused now rather than after the work."""
    if out == truth:
        raise InputError("--out and --truth must be different files")
    targets = (Target(out, force=force), None if truth is None else Target(truth, force=force))
    for target in targets:
        if target is not None:
            check_target(target)
    return targets


def _write_simulation(
    result: list[SimSession],
    layout: str,
    targets: tuple[Target, Target | None],
    columns: tuple[bool, bool],
) -> None:
    """The log (and the truth) as files; ``columns`` = (azimuth, place)."""
    from astrolabe_fab.reduce import report, sim_files

    out, truth = targets
    if layout == "wide":
        text = sim_files.to_wide_csv(result, with_azimuth=columns[0], with_place=columns[1])
    else:
        text = sim_files.to_long_csv(result, with_side=True, with_azimuth=columns[0])
    files = [(out, text)]
    if truth is not None:
        files.append((truth, sim_files.truth_csv(result)))
    report.write_files(files)
    n = sum(len(s.sightings) for s in result)
    typer.echo(f"written: {out.path} ({len(result)} sessions, {n} sightings)")


def register(app: typer.Typer) -> None:
    """Add the ``reduce`` and ``simulate`` commands to the astrofab app."""
    app.command("reduce")(reduce_command)
    app.command("simulate")(simulate_command)
