"""Run the ``astrofab`` command in-process, as the tests of every command do."""

from __future__ import annotations

import pytest

from astrolabe_fab.cli import main


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Exit code, standard output and standard error of ``astrofab ARGV``."""
    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err
