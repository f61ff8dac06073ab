"""Design files, presets and the precedence of their values (issue 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from astrolabe_fab.config import (
    design_to_toml,
    parse_design_toml,
    preset_names,
    read_preset,
    resolve_design,
)
from astrolabe_fab.design import Design
from astrolabe_fab.errors import InputError
from astrolabe_fab.places import find_place


def test_presets_exist_and_resolve() -> None:
    names = set(preset_names())
    assert {"modern", "chaucer", "paper-a4", "acrylic-200", "plywood-300", "southern"} <= names
    for name in names:
        design = resolve_design({}, preset=name)
        assert -90 <= design.latitude_deg <= 90
    # Oxford as the Treatise gives it (II §25: 51 degrees and 50 minutes), not the modern 51.75
    assert abs(resolve_design({}, preset="chaucer").latitude_deg - (51.0 + 50.0 / 60.0)) < 1e-9
    assert resolve_design({}, preset="southern").hemisphere == "south"


def test_misspelled_key_names_the_key_and_suggests() -> None:
    with pytest.raises(InputError, match=r"unknown key 'diamter_mm' \(did you mean 'diameter_mm'"):
        parse_design_toml("diamter_mm = 150\n", "x.toml")


def test_wrong_type_is_refused() -> None:
    with pytest.raises(InputError, match="diameter_mm must be a number"):
        parse_design_toml('diameter_mm = "big"\n', "x.toml")
    with pytest.raises(InputError, match="not valid TOML"):
        parse_design_toml("diameter_mm = \n", "x.toml")


def test_precedence_preset_file_then_options(tmp_path: Path) -> None:
    cfg = tmp_path / "d.toml"
    cfg.write_text("[design]\nlatitude_deg = 45.0\ndiameter_mm = 150\n")
    d = resolve_design({"diameter_mm": 120.0}, preset="chaucer", config_path=cfg)
    assert d.latitude_deg == 45.0  # file beats preset
    assert d.diameter_mm == 120.0  # option beats file
    assert read_preset("chaucer")["diameter_mm"] == 200.0


def test_place_sets_latitude_and_longitude_but_lat_wins() -> None:
    d = resolve_design({}, place="Washington DC")
    assert d.latitude_deg == pytest.approx(38.9072) and d.longitude_deg == pytest.approx(-77.0369)
    d2 = resolve_design({"latitude_deg": 38.9}, place="washington d.c.")
    assert d2.latitude_deg == 38.9 and d2.place == "Washington DC"
    with pytest.raises(InputError, match="did you mean Sydney"):
        find_place("Sydny")


def test_latitude_is_required() -> None:
    with pytest.raises(InputError, match="no latitude"):
        resolve_design({})


def test_resolved_toml_round_trips() -> None:
    design = Design(
        -33.87, epoch=2026.0, plates_deg=(-30.0, -40.0), twilight=("civil",), name="sydney-set"
    ).validate()
    again = Design(**parse_design_toml(design_to_toml(design), "astrofab.toml")).validate()
    assert again == design


def test_plates_out_of_range_or_other_hemisphere() -> None:
    with pytest.raises(InputError, match=r"plate latitude 95 .*-90 to 90"):
        Design(30.0, plates_deg=(30.0, 95.0)).validate()
    with pytest.raises(InputError, match="other hemisphere"):
        Design(30.0, plates_deg=(-30.0,)).validate()
    assert Design(30.0, plates_deg=(30.0, 35.0)).plate_latitudes_deg == (30.0, 35.0)
