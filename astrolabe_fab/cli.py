"""The ``astrofab`` command: typer commands, progress and exit codes; no logic of its own.

Exit codes: 0 success; 2 bad input (one line on stderr naming the problem and the allowed
range, nothing written); 1 unexpected failure (message, no traceback unless --debug).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from . import __version__
from .build import ALL_FORMATS, build, check_inputs, resolve_folder
from .config import preset_names, preset_summary, resolve_design
from .errors import InputError
from .inspect import inspect_folder, job_lines
from .parsing import number, parse_sheet, split_list
from .places import places

app = typer.Typer(
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Design astrolabes for any latitude; write laser SVG/DXF and a paper PDF; reduce "
    "sightings taken with them.",
)


@app.callback(invoke_without_command=True)
def _root(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        typer.echo(f"astrofab {__version__}")
        raise typer.Exit(0)


@app.command("build")
def build_command(
    ctx: typer.Context,
    lat: Annotated[
        str | None,
        typer.Option("--lat", help="Latitude of the plate, -90 to 90 degrees (north positive)."),
    ] = None,
    place: Annotated[
        str | None,
        typer.Option(
            "--place", help="A place from the bundled list (astrofab places), e.g. 'Washington DC'."
        ),
    ] = None,
    plates: Annotated[
        str | None,
        typer.Option("--plates", help="Further plates: latitudes '30,35,40' or a range '30:50:5'."),
    ] = None,
    preset: Annotated[
        str | None, typer.Option("--preset", help="A bundled design (astrofab presets).")
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="A design file (TOML); options given here override it."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Output folder (default output/<name>).")
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="Instrument name (default astrolabe-<lat>).")
    ] = None,
    diameter: Annotated[
        str, typer.Option("--diameter", help="Overall diameter of the mater, 60 to 1000 mm.")
    ] = "200",
    epoch: Annotated[
        str | None,
        typer.Option(
            "--epoch",
            help="Epoch of the star positions and calendar, e.g. 2026 (default: this year).",
        ),
    ] = None,
    almucantar_step: Annotated[
        str, typer.Option("--almucantar-step", help="1, 2, 5 or 10 degrees.")
    ] = "2",
    azimuth_step: Annotated[
        str, typer.Option("--azimuth-step", help="5, 10 or 15 degrees.")
    ] = "10",
    twilight: Annotated[
        str,
        typer.Option("--twilight", help="Comma list of civil, nautical, astronomical (or 'none')."),
    ] = "astronomical",
    hours: Annotated[
        bool, typer.Option("--hours/--no-hours", help="Unequal hours below the horizon.")
    ] = True,
    houses: Annotated[
        bool,
        typer.Option("--houses/--no-houses", help="Regiomontanus house lines below the horizon."),
    ] = False,
    plate_label: Annotated[
        bool,
        typer.Option("--plate-label/--no-plate-label", help="Write the latitude on the plate."),
    ] = True,
    text_height: Annotated[
        str | None, typer.Option("--text-height", help="Cap height of labels in mm (0.8 to 20).")
    ] = None,
    rete: Annotated[
        str,
        typer.Option(
            "--rete",
            help="Rete style: cutout (fretwork, one piece) or transparent (engraved clear disc).",
        ),
    ] = "cutout",
    min_web: Annotated[
        str,
        typer.Option(
            "--min-web", help="Narrowest bridge or pointer of the cut-out rete, 0.3 to 10 mm."
        ),
    ] = "1.5",
    stars: Annotated[
        str | None,
        typer.Option(
            "--stars",
            help="Star names (comma list) or a CSV "
            "file (name, ra_h, dec_deg[, pm_ra_mas_yr, "
            "pm_dec_mas_yr, vmag]) of J2000 stars.",
        ),
    ] = None,
    max_mag: Annotated[
        str | None,
        typer.Option("--max-mag", help="Faintest star magnitude on the rete (default 2.5)."),
    ] = None,
    mirror_engrave: Annotated[
        bool,
        typer.Option(
            "--mirror-engrave", help="Transparent rete: engrave mirrored, for the back face."
        ),
    ] = False,
    style: Annotated[
        str,
        typer.Option(
            "--style",
            help="modern (24 h limb, 0-360, calendar in "
            "days, equation of time) or classic (Chaucer: 2 x XII "
            "hours, quadrants, eccentric calendar).",
        ),
    ] = "modern",
    pivot: Annotated[
        str | None,
        typer.Option(
            "--pivot",
            help="Pivot screw m4, m5, 6-32, 1/4-20 "
            "(normal-fit clearance hole) or a hole diameter "
            "in mm.",
        ),
    ] = None,
    fused: Annotated[
        bool,
        typer.Option("--fused", help="Engrave the plate on the mater itself (one opaque sheet)."),
    ] = False,
    shadow_square: Annotated[
        str, typer.Option("--shadow-square", help="Divisions of the shadow square: 12, 7 or 10.")
    ] = "12",
    unequal_hours_diagram: Annotated[
        bool | None,
        typer.Option(
            "--unequal-hours-diagram/--no-unequal-hours-diagram",
            help="Unequal-hours diagram on the back (default: classic style only).",
        ),
    ] = None,
    cotangent_scale: Annotated[
        bool, typer.Option("--cotangent-scale", help="Cotangent (shadow) scale on the back.")
    ] = False,
    maker: Annotated[
        str | None,
        typer.Option("--maker", help="Maker's line on the back (with latitude and epoch)."),
    ] = None,
    calendar: Annotated[
        str | None, typer.Option("--calendar", help="concentric or eccentric (default: by style).")
    ] = None,
    min_text_height: Annotated[
        str, typer.Option("--min-text-height", help="Smallest engraved text, 0.5 to 10 mm.")
    ] = "1.2",
    min_tick_spacing: Annotated[
        str, typer.Option("--min-tick-spacing", help="Closest ticks of a scale, 0.1 to 5 mm.")
    ] = "0.6",
    palette: Annotated[
        str,
        typer.Option(
            "--palette",
            help="Laser layer colours: lightburn, glowforge, xtool, epilog, ponoko or mono.",
        ),
    ] = "lightburn",
    paper: Annotated[
        str, typer.Option("--paper", help="Paper of the PDF: a4, letter, a3 or tabloid.")
    ] = "a4",
    kerf: Annotated[
        str,
        typer.Option(
            "--kerf",
            help="Kerf of the laser, 0 to 1 mm: cut paths move by half of it into the waste.",
        ),
    ] = "0",
    sheet: Annotated[
        str | None,
        typer.Option("--sheet", help="Also lay all parts out on sheets of WxH mm, e.g. 600x400."),
    ] = None,
    sheet_margin: Annotated[
        str,
        typer.Option(
            "--sheet-margin", help="Margin at the sheet edge and between parts, 0 to 50 mm."
        ),
    ] = "5",
    # -- more options above this line --
    formats: Annotated[
        str, typer.Option("--formats", help=f"Comma list of {', '.join(ALL_FORMATS)}.")
    ] = "svg,dxf,pdf",
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing output folder.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress lines.")] = False,
) -> None:
    """Build an instrument: one SVG (and more formats) per part, plus manifest.json."""
    twilight_list = [] if twilight.strip().lower() == "none" else split_list(twilight)
    kwargs = dict(
        latitude_deg=None if lat is None else number("latitude", lat, -90.0, 90.0, "degrees"),
        plates_deg=parse_plates(plates),
        formats=tuple(split_list(formats)),
        name=name,
        diameter_mm=number("diameter", diameter, 60.0, 1000.0, "mm"),
        almucantar_step_deg=number("almucantar step", almucantar_step, 1.0, 10.0, "degrees"),
        azimuth_step_deg=number("azimuth step", azimuth_step, 5.0, 15.0, "degrees"),
        twilight=tuple(twilight_list),
        unequal_hours=hours,
        houses=houses,
        plate_label=plate_label,
        text_height_mm=None
        if text_height is None
        else number("text height", text_height, 0.8, 20.0, "mm"),
    )
    if epoch is not None:
        kwargs["epoch"] = number("epoch", epoch, 1000.0, 3000.0, "years")
    kwargs["rete_style"] = rete.strip().lower()
    kwargs["min_web_mm"] = number("min web", min_web, 0.3, 10.0, "mm")
    kwargs["mirror_engrave"] = mirror_engrave
    if max_mag is not None:
        kwargs["max_mag"] = number("max mag", max_mag, -2.0, 15.0, "magnitudes")
    if stars is not None:
        if stars.strip().lower().endswith(".csv") or Path(stars).is_file():
            kwargs["stars_file"] = str(Path(stars))
        else:
            kwargs["star_names"] = tuple(n.strip() for n in stars.split(",") if n.strip())
    kwargs["style"] = style.strip().lower()
    kwargs["pivot_screw"] = None if pivot is None else pivot.strip().lower()
    kwargs["fused"] = fused
    kwargs["shadow_square_divisions"] = int(
        number("shadow square", shadow_square, 7, 12, "divisions")
    )
    kwargs["unequal_hours_diagram"] = unequal_hours_diagram
    kwargs["cotangent_scale"] = cotangent_scale
    kwargs["maker"] = maker
    kwargs["calendar"] = None if calendar is None else calendar.strip().lower()
    kwargs["min_text_height_mm"] = number("min text height", min_text_height, 0.5, 10.0, "mm")
    kwargs["min_tick_spacing_mm"] = number("min tick spacing", min_tick_spacing, 0.1, 5.0, "mm")
    kwargs["palette"] = palette.strip().lower()
    kwargs["paper"] = paper.strip().lower()
    kwargs["kerf_mm"] = number("kerf", kerf, 0.0, 1.0, "mm")
    kwargs["sheet_margin_mm"] = number("sheet margin", sheet_margin, 0.0, 50.0, "mm")
    kwargs["sheet_mm"] = None if sheet is None else parse_sheet(sheet)
    given = {k: v for k, v in kwargs.items() if option_given(ctx, k)}
    design = resolve_design(given, preset=preset, config_path=config, place=place)
    check_inputs(design)
    folder = resolve_folder(design, out, Path("output"), force)

    if quiet:
        build(design, folder, design.formats)
        return
    typer.echo(f"astrofab {__version__}: building {design.instrument_name} into {folder}")
    with BuildProgress(live=sys.stdout.isatty()) as progress:
        result = build(
            design, folder, design.formats, on_part=progress.step, on_start=progress.start
        )
    typer.echo(job_lines(result.parts))
    typer.echo(f"done: {folder}/manifest.json")


class BuildProgress:
    """A progress line per part; with a live bar (rich) when the output is a terminal."""

    def __init__(self, live: bool) -> None:
        self._live = live
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> BuildProgress:
        if self._live:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            # no refresh thread (auto_refresh off): the build forks worker processes, and a
            # process should not fork while another of its threads may hold a lock
            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                transient=True,
                auto_refresh=False,
            )
            self._bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)

    def start(self, total: int) -> None:
        if self._bar is not None:
            self._task = self._bar.add_task("building", total=total)
            self._bar.refresh()

    def step(self, part: str, fmts: Sequence[str]) -> None:
        line = f"  {part:<16} {' '.join(fmts)}"
        if self._bar is not None:
            self._bar.console.print(line, highlight=False, markup=False)
            task = self._bar.tasks[0]
            if task.total is not None and task.completed >= task.total:
                self._bar.update(self._task, total=task.completed + 1)  # sheets come on top
            self._bar.update(self._task, advance=1, description=part)
            self._bar.refresh()
        else:
            typer.echo(line)


@app.command("inspect")
def inspect_command(
    folder: Annotated[Path, typer.Argument(help="A folder written by astrofab build.")],
) -> None:
    """Job figures per part: cut and score length, engraved area, pierces, travel."""
    typer.echo(inspect_folder(folder))


@app.command("presets")
def presets_command() -> None:
    """List the bundled design presets (use one with: astrofab build --preset NAME)."""
    for name in preset_names():
        typer.echo(f"{name:<12} {preset_summary(name)}")


@app.command("places")
def places_command() -> None:
    """List the bundled places (use one with: astrofab build --place NAME)."""
    for place in places().values():
        typer.echo(
            f"{place.name:<18} {place.latitude_deg:9.4f} {place.longitude_deg:10.4f}  "
            f"{place.country}"
        )


#: Design fields whose command-line option is not simply the field name without its unit.
FIELD_OPTIONS = {
    "latitude_deg": "lat",
    "unequal_hours": "hours",
    "rete_style": "rete",
    "star_names": "stars",
    "stars_file": "stars",
    "shadow_square_divisions": "shadow_square",
    "pivot_screw": "pivot",
    "sheet_mm": "sheet",
}


def option_name(field_name: str) -> str:
    """The build option (typer parameter name) that sets a Design field."""
    if field_name in FIELD_OPTIONS:
        return FIELD_OPTIONS[field_name]
    for unit in ("_deg", "_mm"):
        if field_name.endswith(unit):
            return field_name[: -len(unit)]
    return field_name


def option_given(ctx: typer.Context, field_name: str) -> bool:
    """Whether the user set the option of a Design field on the command line."""
    param = option_name(field_name)
    if param not in ctx.params:
        raise RuntimeError(f"Design field {field_name!r} has no build option {param!r}")
    source = ctx.get_parameter_source(param)
    return source is not None and source.name in ("COMMANDLINE", "ENVIRONMENT", "PROMPT")


def parse_plates(text: str | None) -> tuple[float, ...]:
    """'30,35,40' or '30:50:5' (start:stop:step, stop included) -> latitudes in degrees."""
    if text is None or not text.strip():
        return ()
    if ":" in text:
        parts = text.split(":")
        if len(parts) != 3:
            raise InputError(f"plates range {text!r} must be start:stop:step, e.g. 30:50:5")
        start, stop = (number("plate latitude", p, -90.0, 90.0, "degrees") for p in parts[:2])
        step = number("plate step", parts[2], 0.1, 90.0, "degrees")
        count = math.floor(abs(stop - start) / step + 1e-9) + 1
        if count > 24:
            raise InputError(f"plates range {text!r} gives {count} plates: at most 24")
        sign = 1.0 if stop >= start else -1.0
        return tuple(round(start + sign * k * step, 6) for k in range(count))
    return tuple(
        number("plate latitude", p.strip(), -90.0, 90.0, "degrees")
        for p in text.split(",")
        if p.strip()
    )


def _register_plugins() -> None:
    """Commands that live beside the build (reduction, simulation) register themselves."""
    try:
        from .reduce.commands import register
    except ImportError:
        return
    register(app)


_register_plugins()


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the app, map errors to exit codes and one-line messages."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    args = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--debug"]
    try:
        code = app(args=args, prog_name="astrofab", standalone_mode=False)
    except InputError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(130)
    except typer.exceptions.TyperException as exc:  # usage errors from the option parser
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        typer.echo(f"error: {' '.join(message.split())}", err=True)
        sys.exit(getattr(exc, "exit_code", 2) or 2)
    except KeyboardInterrupt:
        typer.echo("interrupted: nothing was written", err=True)
        sys.exit(130)
    except Exception as exc:
        if debug:
            raise
        typer.echo(
            f"error: unexpected failure: {type(exc).__name__}: {exc} "
            "(run with --debug for the traceback)",
            err=True,
        )
        sys.exit(1)
    # typer returns the code of an Exit raised inside a command (Ctrl-C becomes Exit(130))
    if isinstance(code, int) and code != 0:
        if code == 130:
            typer.echo("interrupted: nothing was written", err=True)
        sys.exit(code)
