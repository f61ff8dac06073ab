"""The ``astrofab eclipses`` command (registered by cli.py).

The dragon's eclipse seasons for a span of years, checked against astronomy-engine. Bad input
raises InputError: the CLI prints one line and exits with code 2, and nothing is written.
``--out`` is written atomically by ``write_folder``. An existing folder is kept unless
``--force``: as with ``build``, the files go to ``DIR-2``, ``DIR-3`` and so on, and the
command says so.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from ..design import CALENDAR_KINDS
from ..errors import InputError
from ..parsing import number
from ..writers.files import staging_folder


def free_folder(out: Path, force: bool) -> Path:
    """``out``, or with ``force`` kept as is; else the first free ``out-2``, ``out-3``, ...
    (the rule of ``build``'s output folder)."""
    if force or not out.exists():
        return out
    for k in range(2, 1000):
        candidate = out.with_name(f"{out.name}-{k}")
        if not candidate.exists():
            return candidate
    raise InputError(f"output folder {out} and its numbered variants exist: use --force")


def write_folder(folder: Path, files: dict[str, str]) -> None:
    """Write text files into ``folder`` at once: a staging folder renamed into place."""
    if folder.exists() and not folder.is_dir():
        raise InputError(f"--out {folder} is a file, not a folder")
    with staging_folder(folder) as tmp:
        for name, text in files.items():
            (tmp / name).write_text(text, encoding="utf-8")


def _whole(what: str, text: str, lo: int, hi: int) -> int:
    """A whole number from ``lo`` to ``hi`` given on the command line."""
    try:
        value = int(text.strip())
    except ValueError:
        raise InputError(f"{what} must be a whole number from {lo} to {hi}, got {text!r}") from None
    if not lo <= value <= hi:
        raise InputError(f"{what} {value} is out of range: allowed {lo} to {hi}")
    return value


def eclipses_command(
    from_year: Annotated[
        str, typer.Option("--from", help="First year of the span, 1600 to 2500.")
    ] = str(dt.date.today().year),
    years: Annotated[str, typer.Option("--years", help="Number of years, 1 to 200.")] = "20",
    epoch: Annotated[
        str | None,
        typer.Option(
            "--epoch",
            help="Epoch of the instrument whose calendar ring is read (default: the first year).",
        ),
    ] = None,
    calendar: Annotated[
        str,
        typer.Option(
            "--calendar", help="Calendar ring of the instrument: concentric or eccentric."
        ),
    ] = "concentric",
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder for seasons.csv and eclipses.csv."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing --out folder.")
    ] = False,
) -> None:
    """Eclipse seasons as the dragon shows them (mean node, calendar ring, engraved limits),
    with the new and full moons in them and the real eclipses (astronomy-engine)."""
    from .report import eclipses_csv, seasons_csv, summary
    from .study import FIRST_YEAR, LAST_YEAR, MAX_YEARS, run_study

    first = _whole("--from", from_year, FIRST_YEAR, LAST_YEAR)
    count = _whole("--years", years, 1, MAX_YEARS)
    epoch_value = first if epoch is None else number("--epoch", epoch, 1000.0, 3000.0, "years")
    kind = calendar.strip().lower()
    if kind not in CALENDAR_KINDS:
        raise InputError(f"--calendar {calendar!r} is unknown: choose concentric or eccentric")
    folder = free_folder(out, force) if out is not None else None
    study = run_study(first, count, float(epoch_value), kind)
    text = summary(study)
    if folder is not None:
        write_folder(
            folder, {"seasons.csv": seasons_csv(study), "eclipses.csv": eclipses_csv(study)}
        )
    typer.echo(text, nl=False)
    if folder is not None:
        note = "" if folder == out else f" ({out} exists; use --force to replace it)"
        typer.echo(f"written: {folder}/seasons.csv, {folder}/eclipses.csv{note}")


def register(app: typer.Typer) -> None:
    """Add the ``eclipses`` command to the astrofab app."""
    app.command("eclipses")(eclipses_command)
