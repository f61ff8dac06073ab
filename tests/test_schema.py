"""The design schema: one record per Design field, the build options made from it, strings
parsed as the TOML files are, one-line errors naming the field and its allowed range."""

from __future__ import annotations

import dataclasses
import json
import re
import tomllib
import typing
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
import typer

from astrolabe_fab.cli import app
from astrolabe_fab.config import coerce_design_values, resolve_design
from astrolabe_fab.design import RANGES, Design
from astrolabe_fab.errors import InputError
from astrolabe_fab.schema import SCHEMA, design_from_strings, field_spec, parse_strings
from tests.cli_run import run_cli

README = Path(__file__).resolve().parents[1] / "README.md"

#: One string per design-file key and the TOML literal meaning the same value. A new Design
#: field needs an entry here (test_every_key_has_a_sample), so its parser is checked too.
SAMPLES: dict[str, tuple[str, str]] = {
    "latitude_deg": ("38.9", "38.9"),
    "longitude_deg": ("-77", "-77"),
    "place": ("Oxford", '"Oxford"'),
    "plates_deg": ("30:40:5", "[30, 35, 40]"),
    "name": ("my-astrolabe", '"my-astrolabe"'),
    "diameter_mm": ("150", "150"),
    "epoch": ("2026.5", "2026.5"),
    "almucantar_step_deg": ("5", "5"),
    "azimuth_step_deg": ("15", "15.0"),
    "twilight": ("Civil, astronomical", '["civil", "astronomical"]'),
    "unequal_hours": ("false", "false"),
    "houses": ("yes", "true"),
    "plate_label": ("off", "false"),
    "text_height_mm": ("2.5", "2.5"),
    "rete_style": (" Transparent", '"transparent"'),
    "rete_design": ("Classic ", '"classic"'),
    "rete_calendar": ("off", "false"),
    "rete_degree_step_deg": ("2", "2"),
    "min_web_mm": ("2", "2"),
    "star_names": ("Vega, Sirius", '["Vega", "Sirius"]'),
    "stars_file": ("stars.csv", '"stars.csv"'),
    "max_mag": ("-1.5", "-1.5"),
    "mirror_engrave": ("true", "true"),
    "style": ("classic", '"classic"'),
    "pivot_screw": ("6-32", '"6-32"'),
    "pivot_diameter_mm": ("5", "5"),
    "fused": ("1", "true"),
    "shadow_square_divisions": ("7", "7"),
    "unequal_hours_diagram": ("no", "false"),
    "cotangent_scale": ("on", "true"),
    "dragon": ("yes", "true"),
    "maker": ("Made by A. N. Other, 2026", '"Made by A. N. Other, 2026"'),
    "calendar": ("eccentric", '"eccentric"'),
    "min_text_height_mm": ("1.5", "1.5"),
    "min_tick_spacing_mm": ("0.8", "0.8"),
    "calendar_system": ("Julian", '"julian"'),
    "hour_labels": ("letters", '"letters"'),
    "star_name_style": ("medieval", '"medieval"'),
    "dominical_letters": ("on", "true"),
    "festivals": ("yes", "true"),
    "latin_labels": ("true", "true"),
    "altitude_quadrants": ("2", "2"),  # 4 and the cotangent scale (on above) exclude each other
    "throne": ("gothic", '"gothic"'),
    "palette": ("Glowforge", '"glowforge"'),
    "paper": ("letter", '"letter"'),
    "kerf_mm": ("0.15", "0.15"),
    "sheet_mm": ("600x400", "[600, 400]"),
    "sheet_margin_mm": ("3", "3"),
    "formats": ("svg,png", '["svg", "png"]'),
    "stacked": ("no", "false"),  # fused (above) excludes a stacked mater
    "stock_thickness_mm": ("4", "4"),
    "two_sided_plates": ("yes", "true"),
    "registration_pin": ("on", "true"),
}


def build_params() -> list[Any]:
    """The click parameters of ``astrofab build`` (typer vendors its own click)."""
    group: Any = typer.main.get_command(app)
    return list(group.commands["build"].params)


def test_every_design_field_has_a_record_and_a_build_option() -> None:
    """Fails when a Design field is added without a schema record (or a record has no field)."""
    fields = [f.name for f in dataclasses.fields(Design)]
    assert set(SCHEMA) == set(fields)
    options = {opt for p in build_params() for opt in (*p.opts, *p.secondary_opts)}
    for spec in SCHEMA.values():
        assert set(spec.flags) <= options, spec.key
        assert spec.help and "\n" not in spec.help, spec.key


def test_every_key_has_a_sample() -> None:
    assert set(SAMPLES) == set(SCHEMA)


def test_each_option_is_declared_once_with_the_records_help() -> None:
    params = {p.name: p for p in build_params()}
    for spec in SCHEMA.values():
        if spec.declares_option:
            assert params[spec.key].help == spec.help, spec.key
        else:  # set through another record's option (--stars FILE.csv, --pivot 5)
            owner = [s for s in SCHEMA.values() if s.option == spec.option and s.declares_option]
            assert len(owner) == 1, spec.key
    declared = [s.option for s in SCHEMA.values() if s.declares_option]
    assert len(declared) == len(set(declared))


@pytest.mark.parametrize("key", sorted(SCHEMA))
def test_string_gives_the_value_the_toml_file_gives(key: str) -> None:
    text, literal = SAMPLES[key]
    from_string = field_spec(key).parse(text)
    from_toml = coerce_design_values(tomllib.loads(f"{key} = {literal}"), "t.toml")[key]
    assert from_string == from_toml
    assert type(from_string) is type(from_toml)
    if isinstance(from_toml, tuple):
        assert [type(v) for v in from_string] == [type(v) for v in from_toml]


def test_a_design_from_strings_equals_the_same_design_from_toml() -> None:
    strings = {key: text for key, (text, _) in SAMPLES.items()}
    toml = "\n".join(f"{key} = {literal}" for key, (_, literal) in SAMPLES.items())
    from_toml = Design(**coerce_design_values(tomllib.loads(toml), "t.toml")).validate()
    assert design_from_strings(strings) == from_toml


def test_kind_agrees_with_the_field_type() -> None:
    """The kind tells a form which control to show; it must fit the Design field's type."""
    hints = typing.get_type_hints(Design)
    expected = {
        "number": {float},
        "choice": {float, int, str},
        "bool": {bool},
        "text": {str},
        "place": {str},
        "choices": {tuple[str, ...]},
        "names": {tuple[str, ...]},
        "numbers": {tuple[float, ...]},
        "size": {tuple[float, float]},
    }
    for spec in SCHEMA.values():
        hint = hints[spec.key]
        types = set(typing.get_args(hint)) - {type(None)} if spec.optional else {hint}
        assert types <= expected[spec.kind], spec.key
        if spec.kind == "choice":
            assert spec.choices and all(type(c) in types for c in spec.choices), spec.key


def test_ranges_and_choices_are_shown_in_the_help() -> None:
    for spec in SCHEMA.values():
        if spec.lo is not None and spec.hi is not None:
            assert f"{spec.lo:g} to {spec.hi:g}" in spec.help, spec.key
        for choice in spec.choices:
            assert (f"{choice:g}" if isinstance(choice, float) else str(choice)) in spec.help


def test_number_records_use_the_ranges_validate_checks() -> None:
    for key, r in RANGES.items():
        assert (SCHEMA[key].lo, SCHEMA[key].hi) == (r.lo, r.hi), key


def test_help_lists_every_option_with_its_help(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = run_cli(["build", "--help"], capsys)
    assert code == 0

    def flat(text: str) -> str:  # the help is wrapped, also after hyphens
        return re.sub(r"-\s+", "-", " ".join(text.split()))

    for spec in SCHEMA.values():
        assert spec.option in out, spec.key
        if spec.declares_option:
            assert flat(spec.help) in flat(out), spec.key
    for option in ("--preset", "--config", "--out", "--force", "--quiet"):
        assert option in out


def test_readme_documents_every_option() -> None:
    text = README.read_text(encoding="utf-8")
    for spec in SCHEMA.values():
        assert f"`{spec.option}" in text, spec.option
        assert f"`{spec.key}`" in text, spec.key


def _bad_number_cases() -> list[tuple[str, list[str], str]]:
    """For every ranged number option: a value above its range, and what the error names."""
    cases = []
    for spec in SCHEMA.values():
        if spec.kind == "number" and spec.declares_option and spec.hi is not None:
            argv = [spec.option, f"{spec.hi + 1:g}"]
            if spec.key != "latitude_deg":
                argv = ["--lat", "38.9", *argv]
            cases.append((spec.key, argv, f"{spec.label} "))
    return cases


def _bad_choice_cases() -> list[tuple[str, list[str], str]]:
    """For every choice option: a value that is not a choice (inside the span of numbers)."""
    bad = {"almucantar_step_deg": "3", "azimuth_step_deg": "7", "shadow_square_divisions": "8"}
    return [
        (spec.key, ["--lat", "38.9", spec.option, bad.get(spec.key, "nope")], "")
        for spec in SCHEMA.values()
        if spec.kind in ("choice", "choices")
    ]


@pytest.mark.parametrize(("key", "argv", "needle"), _bad_number_cases() + _bad_choice_cases())
def test_bad_value_of_every_option_exits_2_with_one_line_naming_it(
    key: str,
    argv: list[str],
    needle: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(["build", "--formats", "svg", *argv], capsys)
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    spec = SCHEMA[key]
    assert needle in lines[0], err
    if spec.kind == "number":
        assert f"allowed {spec.lo:g} to {spec.hi:g} {spec.unit}" in lines[0], err
    for choice in spec.choices:
        assert (f"{choice:g}" if isinstance(choice, float) else str(choice)) in lines[0], err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"latitude_deg": "north"}, "latitude must be a number from -90 to 90 degrees"),
        ({"diameter_mm": "2000"}, "diameter 2000 is out of range: allowed 60 to 1000 mm"),
        ({"houses": "maybe"}, "houses must be true or false, got 'maybe'"),
        ({"unequal_hours_diagram": "maybe"}, "must be true or false or auto"),
        ({"pivot_diameter_mm": "0.5"}, "pivot diameter must be a number from 1 mm"),
        ({"sheet_mm": "600"}, "must be WxH in mm"),
        ({"plates_deg": "30:50"}, "start:stop:step"),
        ({"diamter_mm": "150"}, "unknown design key 'diamter_mm' (did you mean 'diameter_mm'?)"),
    ],
)
def test_parse_errors_are_one_line_and_name_the_field(values: dict[str, str], message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_strings(values)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_shadow_square_refuses_a_fraction(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--shadow-square 7.5 used to become 7 silently; 7.0 is 7 (an int, as in the TOML)."""
    assert parse_strings({"shadow_square_divisions": "7.0"}) == {"shadow_square_divisions": 7}
    code, _, err = run_cli(
        ["build", "--lat", "40", "--shadow-square", "7.5", "--out", str(tmp_path / "o")], capsys
    )
    assert code == 2 and "shadow square 7.5 is not allowed" in err
    assert list(tmp_path.iterdir()) == []


def test_query_parameters_make_the_design_the_command_line_makes() -> None:
    query = "latitude_deg=38.9&diameter_mm=150&twilight=civil,astronomical&houses=true"
    design = design_from_strings(dict(parse_qsl(query)))
    expected = Design(
        38.9, diameter_mm=150.0, twilight=("civil", "astronomical"), houses=True
    ).validate()
    assert design == expected


def test_strings_follow_the_precedence_of_the_command_line(tmp_path: Path) -> None:
    cfg = tmp_path / "d.toml"
    cfg.write_text("[design]\nlatitude_deg = 45.0\ndiameter_mm = 150\nkerf_mm = 0.1\n")
    design = design_from_strings(
        {"place": "Washington DC", "diameter_mm": "120"}, preset="chaucer", config_path=cfg
    )
    assert design.style == "classic"  # preset
    assert design.kerf_mm == 0.1  # file over preset
    assert design.latitude_deg == pytest.approx(38.9072)  # place over file
    assert design.longitude_deg == pytest.approx(-77.0369) and design.place == "Washington DC"
    assert design.diameter_mm == 120.0  # given over file
    given = design_from_strings({"place": "Washington DC", "latitude_deg": "10"})
    assert given.latitude_deg == 10.0 and given == resolve_design(
        {"latitude_deg": 10.0}, place="Washington DC"
    )
    assert design_from_strings({"twilight": "none", "latitude_deg": "0"}).twilight == ()


def test_new_options_override_a_preset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--lon and the --no- form of every flag (here over the chaucer preset's diagram)."""
    out = tmp_path / "o"
    code, _, err = run_cli(
        [
            "build",
            "--preset",
            "chaucer",
            "--lon",
            "-1.5",
            "--no-unequal-hours-diagram",
            "--no-fused",
            "--formats",
            "svg",
            "-q",
            "--out",
            str(out),
        ],
        capsys,
    )
    assert code == 0, err
    manifest = json.loads((out / "manifest.json").read_text())["design"]
    assert manifest["longitude_deg"] == -1.5 and manifest["place"] == "Oxford"
    assert manifest["unequal_hours_diagram"] is False and manifest["fused"] is False
