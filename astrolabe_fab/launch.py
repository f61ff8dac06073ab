"""The ``astrofab`` command's entry point: stop signals are handled from its first line.

Only the tiny ``interrupts`` module is imported before the handlers are installed; the rest of
the package (typer, numpy, shapely, ...) is imported after, so a Ctrl-C, SIGTERM or SIGHUP
while it loads gives the same one line and exit code as one during the work. (A signal that
arrives before this module runs, while Python itself starts, gets Python's own handling.)

A command stopped by a signal leaves with ``os._exit`` once its line is printed and its
temporary files are removed: its worker processes were killed (or are killed by the system
as this process ends, see pool.py), and a normal interpreter exit could wait for a worker's
result that will never come.
"""

from __future__ import annotations

import contextlib
import os
import sys


def main() -> None:
    """Run the ``astrofab`` command with the process's arguments."""
    from . import interrupts

    interrupts.install()
    code: int | str | None = 0
    try:
        from .cli import main as run_command

        run_command()
    except SystemExit as exc:
        code = exc.code
    except BaseException as exc:  # a signal while loading, or past the command's handling
        interrupts.ignore()
        stop = interrupts.cause(exc)
        if stop is None:
            raise
        sys.stderr.write(stop.message() + "\n")
        code = stop.exit_code
    finally:
        interrupts.ignore()
    if interrupts.stopped():
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code if isinstance(code, int) else 1)
    sys.exit(code)
