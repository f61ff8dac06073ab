"""The ``astrofab`` command: typer commands, progress and exit codes; no logic of its own.

Exit codes: 0 success; 2 bad input (one line on stderr naming the problem and the allowed
range, nothing written); 1 unexpected failure (message, no traceback unless --debug).
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from . import __version__, interrupts
from .build import build, check_inputs, requested_folder, resolve_folder
from .config import preset_names, preset_summary
from .design import Design
from .errors import InputError
from .fabrication.clearance import left_out_notes
from .inspect import inspect_folder, job_lines
from .interrupts import Interrupted
from .places import places
from .schema import SCHEMA, FieldSpec, design_from_strings

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


def build_command(
    ctx: typer.Context,
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
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing output folder.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress lines.")] = False,
    **design_options: Any,
) -> None:
    """Build an instrument: one SVG (and more formats) per part, plus manifest.json."""
    given = given_design_strings(ctx, design_options)
    design = design_from_strings(given, preset=preset, config_path=config)
    run_build(design, out, force, quiet)


def run_build(design: Design, out: Path | None, force: bool, quiet: bool) -> None:
    """Check everything (the design, the star file, the output folder), then build and
    publish the folder; nothing is written before the last step (``build``)."""
    check_inputs(design)
    requested = requested_folder(design, out, Path("output"))
    folder = resolve_folder(design, out, Path("output"), force)
    if quiet:
        build(design, requested, design.formats, force=force)
        return
    typer.echo(f"astrofab {__version__}: building {design.instrument_name} into {folder}")
    with BuildProgress(live=sys.stdout.isatty()) as progress:
        result = build(
            design,
            requested,
            design.formats,
            on_part=progress.step,
            on_start=progress.start,
            force=force,
        )
    typer.echo(job_lines(result.parts))
    notes = left_out_notes(result.parts)
    if notes:
        typer.echo("left out (see manifest.json):\n" + notes)
    if result.folder != folder:
        typer.echo(f"note: {folder} was taken by another command meanwhile")
    typer.echo(f"done: {result.folder}/manifest.json")


def design_option(spec: FieldSpec) -> inspect.Parameter:
    """The typer parameter of a schema record: named by its key, declared by its option.

    Values stay strings (parsed by the schema, so the errors are the schema's one-line
    messages); bools are ``--x/--no-x`` flags. Defaults are shown in the help.
    """
    if spec.kind == "bool":
        info = typer.Option("/".join(spec.flags), help=spec.help)
        annotation: Any = Annotated[bool | None if spec.optional else bool, info]
        default: Any = spec.default
    else:
        annotation = Annotated[str | None, typer.Option(spec.option, help=spec.help)]
        default = spec.default_text
    return inspect.Parameter(
        spec.key, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


def with_design_options(command: Callable[..., None], after: str) -> Callable[..., None]:
    """Give ``command`` (which takes ``**design_options``) one option per schema record.

    typer reads a command's parameters from ``inspect.signature``, which honours
    ``__signature__``: the generated options go after the parameter ``after``. (Chosen over
    adding click parameters to the command: typer vendors its own click, and options declared
    through the signature get typer's help, defaults and parameter sources like any other.)
    """
    explicit = [
        p.replace(kind=inspect.Parameter.KEYWORD_ONLY)
        for p in inspect.signature(command, eval_str=True).parameters.values()
        if p.kind is not inspect.Parameter.VAR_KEYWORD
    ]
    at = [p.name for p in explicit].index(after) + 1
    generated = [design_option(spec) for spec in SCHEMA.values() if spec.declares_option]
    command.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [*explicit[:at], *generated, *explicit[at:]], return_annotation=None
    )
    return command


def given_design_strings(ctx: typer.Context, options: dict[str, Any]) -> dict[str, str]:
    """The design options set on the command line, as design-file keys -> strings."""
    out: dict[str, str] = {}
    for key, value in options.items():
        source = ctx.get_parameter_source(key)
        if source is None or source.name not in ("COMMANDLINE", "ENVIRONMENT", "PROMPT"):
            continue
        text = ("true" if value else "false") if isinstance(value, bool) else str(value)
        out[SCHEMA[key].key_for(text)] = text
    return out


app.command("build")(with_design_options(build_command, after="out"))


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


def _register_plugins() -> None:
    """Commands that live beside the build (web designer, eclipses, reduction, simulation)
    register themselves."""
    from .eclipses.commands import register as register_eclipses
    from .web.server import register as register_serve

    register_serve(app)
    register_eclipses(app)
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
    except Interrupted as exc:  # SIGINT, SIGTERM or SIGHUP (interrupts.install)
        typer.echo(exc.message(), err=True)
        sys.exit(exc.exit_code)
    except Exception as exc:
        stop = interrupts.cause(exc)
        if stop is not None:  # a stop signal, wrapped by Python on its way
            typer.echo(stop.message(), err=True)
            sys.exit(stop.exit_code)
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
