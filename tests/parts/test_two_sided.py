"""Two-sided plates (issue 17): a pair of latitudes on one piece, read on the written files.

Turning the piece over about the vertical line through the pivot must bring the second face's
outline, notch and pivot hole onto the first face's; the second face reads the right way round
(its numbers are not mirrored); the paper kit prints one page per face; a sheet cuts the piece
once and engraves the second face where the piece lies.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import shapely

from astrolabe_fab.build import build
from astrolabe_fab.schema import design_from_strings
from tests.fabrication.helpers import svg_layers


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    design = design_from_strings(
        {
            "latitude_deg": "38.9",
            "plates_deg": "40,45",
            "two_sided_plates": "true",
            "sheet_mm": "900x600",
            "epoch": "2026",
        }
    )
    folder = tmp_path_factory.mktemp("two") / "b"
    build(design, folder, ("svg", "pdf"), workers=1)
    return folder, json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def _cuts(folder: Path, name: str) -> list[np.ndarray]:
    layers, _, _ = svg_layers((folder / f"{name}.svg").read_text(encoding="utf-8"))
    return [np.asarray(p) for p in layers["CUT_OUTER"] + layers["CUT_INNER"]]


def test_pairs_in_order_and_the_odd_plate_alone(pair) -> None:  # type: ignore[no-untyped-def]
    _, manifest = pair
    parts = manifest["parts"]
    assert parts["plate-38.90N"]["second_face"] == "plate-40.00N"
    assert parts["plate-40.00N"]["back_of"] == "plate-38.90N"
    assert "back_of" not in parts["plate-45.00N"] and "second_face" not in parts["plate-45.00N"]


def test_turned_over_the_second_face_lies_on_the_first(pair) -> None:  # type: ignore[no-untyped-def]
    folder, manifest = pair
    front, back = manifest["parts"]["plate-38.90N"], manifest["parts"]["plate-40.00N"]
    cx = back["center_mm"][0]
    turned = [np.column_stack([2 * cx - p[:, 0], p[:, 1]]) for p in _cuts(folder, "plate-40.00N")]
    shift = np.asarray(front["center_mm"]) - np.asarray(back["center_mm"])
    first = shapely.MultiLineString([shapely.LineString(p) for p in _cuts(folder, "plate-38.90N")])
    for p in turned:
        assert first.distance(shapely.MultiPoint(p + shift)) < 0.005  # arcs sampled to 0.002
        assert max(shapely.Point(q).distance(first) for q in p + shift) < 0.01


def test_the_second_face_reads_the_right_way_round(pair) -> None:  # type: ignore[no-untyped-def]
    _, manifest = pair
    labels = manifest["parts"]["plate-40.00N"]["labels"]
    latitude = next(r for r in labels if r["kind"] == "latitude")
    assert latitude["text"] == "40.00° N"
    (x0, _), (x1, _) = latitude["corners_mm"][0], latitude["corners_mm"][1]
    assert x1 > x0  # left to right, not mirrored


def test_one_page_per_face_and_one_piece_on_the_sheet(pair) -> None:  # type: ignore[no-untyped-def]
    _, manifest = pair
    pages = manifest["pdf"]["pages"]
    for name in ("plate-38.90N", "plate-40.00N", "plate-45.00N"):
        holding = [p for p in pages if any(h.get("part") == name for h in p["holds"])]
        assert len(holding) == 1 and len(holding[0]["holds"]) == 1, name
    sheets = {n: p for n, p in manifest["parts"].items() if p.get("sheet")}
    cut = [n for s in sheets.values() if "second_faces_of" not in s for n in s["placements_mm"]]
    assert "plate-38.90N" in cut and "plate-40.00N" not in cut and "plate-45.00N" in cut
    back = next(s for s in sheets.values() if "second_faces_of" in s)
    front = sheets[back["second_faces_of"]]
    assert back["placements_mm"]["plate-40.00N"] == front["placements_mm"]["plate-38.90N"]
