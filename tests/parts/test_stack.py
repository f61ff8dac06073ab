"""The stacked mater and the pin, measured on the written files (issue 17).

The ring's opening and tab and the plate's outline and notch are read back from the SVGs (an
SVG reader that shares no code with the writer); the hardware from manifest.json and the PDF.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from astrolabe_fab.build import build
from astrolabe_fab.schema import design_from_strings
from tests.fabrication.helpers import svg_layers
from tests.writers.pdf_text import page_lines

CLEARANCE_MM = 0.3  # the fit the module docstring promises, typed here


@cache
def built(tmp: str, **values: str) -> tuple[Path, dict]:
    design = design_from_strings({"epoch": "2026", **values})
    folder = Path(tmp) / "-".join(f"{k}{v}" for k, v in sorted(values.items()))
    build(design, folder, ("svg", "pdf"), workers=1)
    return folder, json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("stack"))


def _polylines(folder: Path, part: str, layer: str) -> list[np.ndarray]:
    layers, _, _ = svg_layers((folder / f"{part}.svg").read_text(encoding="utf-8"))
    return [np.asarray(p) for p in layers[layer]]


def _top_points(lines: list[np.ndarray], center: list[float], radius: float) -> np.ndarray:
    """Every vertex of a layer within 6 mm of the circle ``radius`` about the centre, above it."""
    pts = np.concatenate(lines)
    r = np.hypot(*(pts - center).T)
    return pts[(abs(r - radius) < 6.0) & (pts[:, 1] < center[1])]


def _notch_or_tab(points: np.ndarray, center: list[float]) -> tuple[float, float, float]:
    """(circle radius, width and lowest page y of what stands off the circle, inwards, at the
    top): the width is read 0.5 mm clear of the rim, past the rounded corners a kerf makes."""
    r = np.hypot(*(points - center).T)
    radius = float(np.median(r[abs(points[:, 0] - center[0]) > 5.0]))
    off = points[(r < radius - 0.5) & (abs(points[:, 0] - center[0]) < 5.0)]
    return radius, float(off[:, 0].max() - off[:, 0].min()), float(off[:, 1].max())


@pytest.mark.parametrize("kerf", ["0", "0.2"])
def test_plate_sits_in_the_ring_with_the_clearance_and_its_notch_on_the_tab(
    tmp: str, kerf: str
) -> None:
    folder, manifest = built(tmp, latitude_deg="38.9", stacked="true", kerf_mm=kerf)
    k = float(kerf)
    ring, plate = manifest["parts"]["mater-ring"], manifest["parts"]["plate-38.90N"]
    opening = _top_points(_polylines(folder, "mater-ring", "CUT_INNER"), ring["center_mm"], 86.0)
    outline = _top_points(_polylines(folder, "plate-38.90N", "CUT_OUTER"), plate["center_mm"], 86.0)
    r_open, tab_w, tab_tip_y = _notch_or_tab(opening, ring["center_mm"])
    r_plate, notch_w, floor_y = _notch_or_tab(outline, plate["center_mm"])
    # finished pieces: the laser takes half a kerf off each side of every drawn cut path
    finished_open, finished_plate = r_open + k / 2.0, r_plate - k / 2.0
    assert 2 * finished_plate == pytest.approx(2 * finished_open - CLEARANCE_MM, abs=0.01)
    # finished: the tab loses a kerf across its width, the notch gains one
    assert (tab_w - k) + CLEARANCE_MM == pytest.approx(notch_w + k, abs=0.05)
    # the tab stops half the clearance short of the notch's floor (both as distances from
    # the pivot, measured on each file about its own pivot)
    tip_from_pivot = ring["center_mm"][1] - tab_tip_y + k / 2.0
    floor_from_pivot = plate["center_mm"][1] - floor_y - k / 2.0
    assert floor_from_pivot - tip_from_pivot == pytest.approx(-CLEARANCE_MM / 2.0, abs=0.05)
    assert ring["clearance_mm"] == CLEARANCE_MM
    assert ring["opening_diameter_mm"] - ring["plate_diameter_mm"] == pytest.approx(CLEARANCE_MM)


def _pin_holes(folder: Path, manifest: dict) -> int:
    """Small round holes of the mater away from its pivot (the pin's)."""
    c = np.asarray(manifest["parts"]["mater-front"]["center_mm"])
    count = 0
    for p in _polylines(folder, "mater-front", "CUT_INNER"):
        mid = (p.min(axis=0) + p.max(axis=0)) / 2.0
        size = np.ptp(p, axis=0).max()
        if size < 2.5 and math.dist(mid, c) > 60.0 and abs(mid[0] - c[0]) < 0.01:
            count += 1
    return count


def test_no_loose_pin_in_a_stacked_build_unless_asked(tmp: str) -> None:
    folder, manifest = built(tmp, latitude_deg="38.9", stacked="true")
    assert _pin_holes(folder, manifest) == 0
    assert "pin" not in " ".join(manifest["assembly"]["steps"]).lower().replace("pinhole", "")
    folder, manifest = built(tmp, latitude_deg="38.9", stacked="true", registration_pin="true")
    assert _pin_holes(folder, manifest) == 1


def test_flat_build_states_the_pin_length_and_screw_length(tmp: str) -> None:
    folder, manifest = built(tmp, latitude_deg="38.9", stock_thickness_mm="3")
    assert _pin_holes(folder, manifest) == 1
    hardware = manifest["assembly"]["hardware"]
    # mater + one plate, flush at both ends
    assert any(
        i["what"] == "registration pin" and "6 mm long" in i["size"] for i in hardware["items"]
    )
    # rule, rete, plate, mater, dragon (modern style), alidade: six pieces of 3 mm on the pivot
    assert hardware["stack_mm"] == pytest.approx(18.0)
    # M4: the stack, two 0.8 mm washers, a 3.2 mm nut, two 0.7 mm threads -> 24.2 -> 25 mm
    assert hardware["screw_length_mm"] == 25.0
    cover = " ".join(page_lines((folder / "astrolabe.pdf").read_bytes(), 0))
    assert "M4 x 25 mm" in cover and "6 mm long" in cover


def test_stacked_screw_length_follows_the_stock_and_the_plates(tmp: str) -> None:
    _, manifest = built(
        tmp,
        latitude_deg="38.9",
        stacked="true",
        stock_thickness_mm="4",
        plates_deg="30,35,40",
        two_sided_plates="true",
    )
    hardware = manifest["assembly"]["hardware"]
    # four latitudes on two pieces: rule, rete, 2 plates, base disc, dragon, alidade = 7 x 4 mm
    assert hardware["stack_mm"] == pytest.approx(28.0)
    assert hardware["screw_length_mm"] == 35.0  # 28 + 1.6 + 3.2 + 1.4 = 34.2 -> 35
    assert manifest["parts"]["mater-ring"]["copies"] == 2  # the recess holds both plates


@pytest.mark.parametrize("stacked", ["false", "true"])
def test_no_engraving_across_the_notch(tmp: str, stacked: str) -> None:
    """Every score line and glyph of the plate keeps 0.25 mm from the notch (the limit circle
    used to run across it), read on the SVG: no point inside the notch grown by 0.25 mm."""
    folder, manifest = built(tmp, latitude_deg="38.9", stacked=stacked)
    plate = manifest["parts"]["plate-38.90N"]
    cx, cy = plate["center_mm"]
    outline = _top_points(_polylines(folder, "plate-38.90N", "CUT_OUTER"), [cx, cy], 86.0)
    _, notch_w, floor_y = _notch_or_tab(outline, [cx, cy])
    layers, _, _ = svg_layers((folder / "plate-38.90N.svg").read_text(encoding="utf-8"))
    pts = np.concatenate([np.asarray(p) for p in layers["SCORE"] + layers["ENGRAVE"]])
    inside = (abs(pts[:, 0] - cx) < notch_w / 2.0 + 0.25) & (pts[:, 1] < floor_y + 0.25)
    assert not inside.any(), pts[inside][:5]
