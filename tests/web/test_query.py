"""Designs from query strings: the schema's parsing, the form's controls, the equivalent
command, and `astrofab serve` options."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from astrolabe_fab import schema
from astrolabe_fab.errors import InputError
from astrolabe_fab.places import places
from astrolabe_fab.web.query import (
    QueryError,
    _names_of,
    blamed_key,
    command_line,
    design_json,
    design_request,
    places_json,
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


def test_each_control_carries_its_fields_words_choices_and_default() -> None:
    """The page's controls (GET /api/schema) say what the CLI's help says of each option."""
    fields = {f["key"]: f for f in schema_json()}
    for key, field in fields.items():
        spec = schema.SCHEMA[key]
        assert field["label"] == spec.label and field["help"] == spec.help and field["help"]
        assert field["optional"] is spec.optional
    latitude, steps = fields["latitude_deg"], fields["almucantar_step_deg"]
    assert (latitude["label"], latitude["default"], latitude["optional"]) == ("latitude", "", False)
    assert (steps["choices"], steps["default"]) == (["1", "2", "5", "10"], "2")
    assert fields["twilight"]["choices"] == ["civil", "nautical", "astronomical"]
    assert fields["longitude_deg"]["optional"] is True
    assert fields["rete_degree_step_deg"]["choices"] == ["1", "2"]


def test_the_place_search_gets_every_place_with_its_coordinates() -> None:
    listed = places_json()
    assert len(listed) == len(places())
    sydney = next(p for p in listed if p["name"] == "Sydney")
    found = places()["sydney"]
    assert sydney == {
        "name": "Sydney",
        "country": found.country,
        "latitude_deg": found.latitude_deg,
        "longitude_deg": found.longitude_deg,
    }
    assert sydney["country"] == "Australia" and -34.0 < sydney["latitude_deg"] < -33.8


def test_a_field_is_named_by_its_label_its_key_and_its_option_in_words() -> None:
    assert _names_of(schema.SCHEMA["latitude_deg"]) == {"latitude", "latitude deg", "lat"}
    assert _names_of(schema.SCHEMA["star_name_style"]) == {"star name style", "star names"}


def test_a_message_is_pinned_on_the_control_it_names() -> None:
    """By the words it starts with (after "unknown"), the longest; a given field before one
    left to its default; a message naming no field: the given key without which the design is
    valid."""
    assert blamed_key("latitude 95 is outside -90 to 90", {}) == "latitude_deg"
    assert blamed_key("unknown style 'x'", {}) == "style"
    assert blamed_key("sheet margin 900 is too wide", {}) == "sheet_margin_mm"  # not "sheet"
    # "star names" is the words of the star_names key and of --star-names (star_name_style)
    assert blamed_key("star names: x", {"star_name_style": "medieval"}) == "star_name_style"
    assert blamed_key("star names: x", {"star_names": "Vega"}) == "star_names"
    assert blamed_key("pivot diameter 3 is too small", {}) == "pivot_screw"  # its control
    bad = {"latitude_deg": "40", "diameter_mm": "80", "text_height_mm": "9"}
    assert blamed_key("nothing names a field here", bad) == "text_height_mm"
    assert blamed_key("nothing names a field here", {"latitude_deg": "40"}) is None
    # the preset's values count: without them no design is valid, with them one is
    assert blamed_key("nothing names a field here", {"text_height_mm": "9"}) is None
    assert blamed_key("nothing names a field", {"text_height_mm": "9"}, "plywood-300") == (
        "text_height_mm"
    )
