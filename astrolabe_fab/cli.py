"""The ``astrofab`` command: typer commands, progress and exit codes; no logic of its own.

Exit codes: 0 success; 2 bad input (one line on stderr naming the problem and the allowed
range, nothing written); 1 unexpected failure (message, no traceback unless --debug).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .build import ALL_FORMATS, build, resolve_folder
from .design import Design
from .errors import InputError

app = typer.Typer(
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Design astrolabes for any latitude; write laser SVG/DXF and a paper PDF; reduce "
    "sightings taken with them.",
)


def number(what: str, text: str, lo: float, hi: float, unit: str) -> float:
    """Parse a number given on the command line; InputError names the allowed range."""
    try:
        value = float(text)
    except ValueError:
        raise InputError(
            f"{what} must be a number from {lo:g} to {hi:g} {unit}, got {text!r}"
        ) from None
    if not math.isfinite(value) or not lo <= value <= hi:
        raise InputError(f"{what} {text} is out of range: allowed {lo:g} to {hi:g} {unit}")
    return value


def split_list(text: str | None) -> list[str]:
    """'a, b,c' -> ['a', 'b', 'c'] (empty items dropped)."""
    if not text:
        return []
    return [t.strip().lower() for t in text.split(",") if t.strip()]


@app.callback(invoke_without_command=True)
def _root(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    if version:
        typer.echo(f"astrofab {__version__}")
        raise typer.Exit(0)


@app.command("build")
def build_command(
    lat: Annotated[str, typer.Option("--lat", help="Latitude of the plate, -90 to 90 degrees "
                                     "(north positive).")],
    out: Annotated[Path | None, typer.Option("--out", help="Output folder (default "
                                             "output/<name>).")] = None,
    name: Annotated[str | None, typer.Option("--name", help="Instrument name (default "
                                             "astrolabe-<lat>).")] = None,
    diameter: Annotated[str, typer.Option("--diameter", help="Overall diameter of the mater, "
                                          "60 to 1000 mm.")] = "200",
    epoch: Annotated[str | None, typer.Option("--epoch", help="Epoch of the star positions and "
                                              "calendar, e.g. 2026 (default: this year).")] = None,
    almucantar_step: Annotated[str, typer.Option("--almucantar-step",
                                                 help="1, 2, 5 or 10 degrees.")] = "2",
    azimuth_step: Annotated[str, typer.Option("--azimuth-step", help="5, 10 or 15 degrees.")] = "10",
    twilight: Annotated[str, typer.Option("--twilight", help="Comma list of civil, nautical, "
                                          "astronomical (or 'none').")] = "astronomical",
    hours: Annotated[bool, typer.Option("--hours/--no-hours", help="Unequal hours below the "
                                        "horizon.")] = True,
    houses: Annotated[bool, typer.Option("--houses/--no-houses", help="Regiomontanus house "
                                         "lines below the horizon.")] = False,
    plate_label: Annotated[bool, typer.Option("--plate-label/--no-plate-label",
                                              help="Write the latitude on the plate.")] = True,
    text_height: Annotated[str | None, typer.Option("--text-height", help="Cap height of "
                                                    "labels in mm (0.8 to 20).")] = None,
    # -- more options above this line --
    formats: Annotated[str, typer.Option("--formats", help="Comma list of "
                                         f"{', '.join(ALL_FORMATS)}.")] = "svg",
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output "
                                        "folder.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress lines.")] = False,
) -> None:
    """Build an instrument: one SVG (and more formats) per part, plus manifest.json."""
    twilight_list = [] if twilight.strip().lower() == "none" else split_list(twilight)
    kwargs = dict(
        latitude_deg=number("latitude", lat, -90.0, 90.0, "degrees"),
        name=name,
        diameter_mm=number("diameter", diameter, 60.0, 1000.0, "mm"),
        almucantar_step_deg=number("almucantar step", almucantar_step, 1.0, 10.0, "degrees"),
        azimuth_step_deg=number("azimuth step", azimuth_step, 5.0, 15.0, "degrees"),
        twilight=tuple(twilight_list),
        unequal_hours=hours,
        houses=houses,
        plate_label=plate_label,
        text_height_mm=None if text_height is None else number("text height", text_height, 0.8,
                                                               20.0, "mm"),
    )
    if epoch is not None:
        kwargs["epoch"] = number("epoch", epoch, 1000.0, 3000.0, "years")
    design = Design(**kwargs).validate()  # type: ignore[arg-type]
    folder = resolve_folder(design, out, Path("output"), force)

    def progress(part: str, fmts: Sequence[str]) -> None:
        if not quiet:
            typer.echo(f"  {part:<16} {' '.join(fmts)}")

    if not quiet:
        typer.echo(f"astrofab {__version__}: building {design.instrument_name} into {folder}")
    build(design, folder, split_list(formats), on_part=progress)
    if not quiet:
        typer.echo(f"done: {folder}/manifest.json")


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
        app(args=args, prog_name="astrofab", standalone_mode=False)
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
        typer.echo(f"error: unexpected failure: {type(exc).__name__}: {exc} "
                   "(run with --debug for the traceback)", err=True)
        sys.exit(1)
