"""Designs from query strings: the schema's parsing, the form's controls, the equivalent
command, and `astrofab serve` options."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from astrolabe_fab import schema
from astrolabe_fab.errors import InputError
from astrolabe_fab.web.query import (
    QueryError,
    command_line,
    design_json,
    design_request,
    schema_json,
    value_text,
)
from astrolabe_fab.web.server import bind, is_loopback
from tests.cli_run import run_cli


def test_query_strings_give_the_design_the_schema_gives() -> None:
    pairs = [("latitude_deg", "-33.87"), ("twilight", "none"), ("sheet_mm", "600x400")]
    request = design_request(pairs)
    assert request.design == schema.design_from_strings(dict(pairs))
    assert request.design.twilight == () and request.design.sheet_mm == (600.0, 400.0)


def test_values_are_shown_as_their_options_take_them() -> None:
    values = design_json(design_request([("latitude_deg", "0.5"), ("sheet_mm", "600x400")]))
    shown = values["values"]
    assert shown["latitude_deg"] == "0.5" and shown["diameter_mm"] == "200"
    assert shown["sheet_mm"] == "600x400" and shown["formats"] == "svg,dxf,pdf"
    assert shown["unequal_hours"] == "true" and shown["calendar"] == ""
    assert value_text(schema.SCHEMA["epoch"], 2026.25) == "2026.25"


def test_every_option_has_a_control() -> None:
    """The controls are the schema's records (the page builds one per record it is sent)."""
    fields = schema_json()
    declared = [s for s in schema.SCHEMA.values() if s.declares_option]
    assert [f["key"] for f in fields] == [s.key for s in declared if s.key != "stars_file"]
    diameter = next(f for f in fields if f["key"] == "diameter_mm")
    assert (diameter["kind"], diameter["lo"], diameter["hi"], diameter["unit"]) == (
        "number",
        60.0,
        1000.0,
        "mm",
    )
    assert diameter["option"] == "--diameter" and diameter["default"] == "200"


def test_command_uses_each_fields_option() -> None:
    request = design_request(
        [
            ("preset", "chaucer"),
            ("unequal_hours", "false"),
            ("unequal_hours_diagram", "auto"),
            ("maker", "Jo's shop"),
            ("place", "Washington DC"),
        ]
    )
    assert command_line(request) == (
        "astrofab build --preset chaucer --place 'Washington DC' --no-hours "
        "--maker 'Jo'\"'\"'s shop'"
    )


def test_given_keys_are_checked_before_parsing() -> None:
    with pytest.raises(QueryError) as caught:
        design_request([("latitude_deg", "1"), ("stars_file", "x.csv")])
    assert caught.value.key == "stars_file"
    with pytest.raises(QueryError, match="is given twice"):
        design_request([("preset", "modern"), ("preset", "chaucer")])


def test_loopback_names() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")


def test_port_in_use_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(InputError, match=f"port {port} is in use"):
            bind("127.0.0.1", port)
        code, _, err = run_cli(["serve", "--port", str(port)], capsys)
    assert code == 2
    assert err == f"error: port {port} is in use: choose another with --port\n"
    code, _, err = run_cli(["serve", "--workers", "0"], capsys)
    assert (code, err) == (2, "error: workers 0 is out of range: allowed 1 to 16\n")


def test_another_host_is_served_with_a_warning() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "astrolabe_fab", "serve", "--host", "0.0.0.0", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None and process.stdout is not None
        warning = process.stderr.readline()
        started = process.stdout.readline()
    finally:
        process.terminate()
        process.wait(timeout=20)
    assert warning.startswith("warning: serving on 0.0.0.0, beyond this machine")
    assert started.startswith("astrofab designer at http://0.0.0.0:")
