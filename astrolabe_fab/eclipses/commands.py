"""The ``astrofab eclipses`` command (registered by cli.py).

The dragon's eclipse seasons for a span of years, checked against astronomy-engine. Bad input
raises InputError: the CLI prints one line and exits with code 2, and nothing is written.
``--out`` is published at once (``outputs.publish_folder``), and it never replaces existing
results without ``--force``, like ``reduce``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from ..design import CALENDAR_KINDS
from ..errors import InputError
from ..outputs import Target, check_target, publish_folder
from ..parsing import number


def output_target(out: Path, force: bool) -> Target:
    """The command's output folder: never over existing results without ``force``, and then
    only a folder this command wrote (``outputs``: the rule of every results folder)."""
    return Target(out, force=force, marker="seasons.csv")


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
    target = output_target(out, force) if out is not None else None
    if target is not None:
        check_target(target)  # before the work: a bad --out costs one line
    study = run_study(first, count, float(epoch_value), kind)
    text = summary(study)
    folder = None
    if target is not None:
        files = {"seasons.csv": seasons_csv(study), "eclipses.csv": eclipses_csv(study)}
        folder = publish_folder(target, {k: v.encode("utf-8") for k, v in files.items()})
    typer.echo(text, nl=False)
    if folder is not None:
        typer.echo(f"written: {folder}/seasons.csv, {folder}/eclipses.csv")


def register(app: typer.Typer) -> None:
    """Add the ``eclipses`` command to the astrofab app."""
    app.command("eclipses")(eclipses_command)
