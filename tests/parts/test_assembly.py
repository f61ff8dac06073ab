"""The assembly steps fit what the build is made of (paper or laser), read from the written
manifest.json of real builds, and the laser build's PDF cover prints the same steps."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from astrolabe_fab.build import build
from astrolabe_fab.design import Design
from astrolabe_fab.parts.assembly import medium_of
from astrolabe_fab.schema import design_from_strings
from tests.writers.pdf_text import page_lines

#: Words of the paper kit that a laser maker must not be told (typed here, not read from code).
PAPER_WORDS = ("print", "card", "scissors", "glue stick", "craft knife", "page")


@cache
def built(tmp: str, formats: tuple[str, ...], preset: str | None, **values: str) -> tuple:
    design = design_from_strings({"epoch": "2026", **values}, preset=preset)
    name = "-".join([preset or "none", *formats, *(f"{k}{v}" for k, v in sorted(values.items()))])
    folder = Path(tmp) / name
    build(design, folder, formats, workers=1)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return folder, manifest, manifest["assembly"]["steps"]


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("assembly"))


def _words(steps: list[str]) -> str:
    return " ".join(steps).lower()


def test_stacked_laser_preset_says_laser_things_and_no_paper_things(tmp: str) -> None:
    folder, _, steps = built(tmp, ("svg", "pdf"), "acrylic-200")
    text = _words(steps)
    for word in PAPER_WORDS:
        assert not re.search(rf"\b{word}", text), word
    # the layers in the order they run: engrave and score before the inner cuts, outer last
    order = [text.find(w) for w in ("engrave (", "score (", "cut_inner", "cut_outer")]
    assert -1 not in order and order == sorted(order), order
    # the mater's back: flipped into its hole, engraved from its own file without cuts
    flip = next(s for s in steps if "mater-back" in s)
    assert "turn it over" in flip and "own hole" in flip and "cut layers off" in flip.lower()
    # the ring glued on the base disc, with cement (the preset's rete is clear: acrylic)
    ring = next(s for s in steps if s.startswith("Glue the mater-ring"))
    assert "mater-front" in ring and "acrylic solvent cement" in ring and "wood" not in ring
    # the flip and the ring gluing come before the stack, the hardware last
    assert steps.index(flip) < steps.index(ring) < len(steps) - 2
    assert steps[-1].startswith("Hardware: 1 x screw, M4")
    assert "pin" not in text.replace("spin", "")
    # the mirrored rete is turned over after cutting
    assert any(s.startswith("The rete is engraved mirrored") for s in steps)
    # the PDF cover: a laser title and the same steps, in order
    cover = " ".join(page_lines((folder / "astrolabe.pdf").read_bytes(), 0))
    assert cover.startswith("astrolabe-38.90N: laser-cut astrolabe")
    at = 0
    for k, step in enumerate(steps, start=1):
        at = cover.find(f"{k}. {step}", at)
        assert at >= 0, step


def test_paper_preset_still_starts_by_printing_at_100_percent(tmp: str) -> None:
    _, _, steps = built(tmp, ("svg",), "paper-a4")
    assert steps[0].startswith("Print every page at 100 % (actual size)")
    assert any("dry glue stick" in s for s in steps)
    assert any("with scissors" in s for s in steps)
    assert not any("CUT_OUTER" in s for s in steps)


def test_flat_laser_build_names_the_pin_and_flips_two_sided_plates(tmp: str) -> None:
    """Acrylic without the ring: a pin through the mater and the one plate piece (two faces),
    3 mm each, so 6 mm long; the plate pair is flipped on its outline, not glued."""
    _, _, steps = built(
        tmp,
        ("svg",),
        "acrylic-200",
        stacked="false",
        plates_deg="30",
        two_sided_plates="true",
        diameter_mm="120",
    )
    text = _words(steps)
    assert not re.search(r"\bprint|\bcard\b|scissors|back to back", text)
    pin = [s for s in steps if s.startswith("Push the registration pin")]
    assert len(pin) == 1 and "(2 mm, 6 mm long)" in pin[0]
    assert "registration pin, 2 mm x 6 mm long" in steps[-1]  # and the hardware list
    plate = next(s for s in steps if "plate-38.90N and plate-30.00N are one plate" in s)
    assert "flip it" in plate and "turn it over left to right" in plate
    assert "run plate-30.00N with its CUT layers off" in plate
    assert "mater-ring" not in text
    files = next(s for s in steps if s.startswith("Cut each piece from its own file"))
    assert "(.svg or .dxf)" in files and "plate-30.00N" not in files  # the second face is not cut


def test_nested_laser_build_flips_onto_the_back_sheet(tmp: str) -> None:
    _, manifest, steps = built(
        tmp,
        ("svg",),
        None,
        latitude_deg="-33.87",
        diameter_mm="100",
        sheet_mm="400x300",
        stacked="true",
    )
    assert "sheet-1-back" in manifest["parts"]
    flip = next(s for s in steps if "sheet-N-back" in s)
    assert "mater-front with mater-back on its back" in flip and "turn it over" in flip
    assert any(s.startswith("Cut the nested sheets sheet-1") for s in steps)
    assert not any(re.search(r"\bprint", s.lower()) for s in steps)
    # opaque stock (a cut-out rete): the design does not say acrylic or plywood, both glues named
    ring = next(s for s in steps if s.startswith("Glue the mater-ring"))
    assert "acrylic solvent cement for acrylic, wood glue for plywood" in ring


@pytest.mark.parametrize(
    ("values", "medium"),
    [
        ({}, "paper"),  # the default build: paper, even on 3 mm stock
        ({"stock_thickness_mm": 1.0}, "paper"),
        ({"stacked": True}, "laser"),
        ({"kerf_mm": 0.1}, "laser"),
        ({"sheet_mm": (600.0, 400.0)}, "laser"),
        ({"rete_style": "transparent"}, "laser"),
        ({"mirror_engrave": True}, "laser"),
        ({"formats": ("svg", "dxf")}, "laser"),
    ],
)
def test_the_medium_rule(values: dict, medium: str) -> None:
    assert medium_of(Design(latitude_deg=38.9, **values)) == medium
