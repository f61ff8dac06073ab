"""Sheet nesting (no overlap, inside the margin) and the job figures."""

from __future__ import annotations

import itertools
import math

import pytest

from astrolabe_fab.design import Design
from astrolabe_fab.errors import InputError
from astrolabe_fab.fabrication import prepare_for_cutting
from astrolabe_fab.fabrication.nesting import nest
from astrolabe_fab.fabrication.stats import job_stats
from astrolabe_fab.geometry.primitives import Circle, FilledPolygon, Segment, shape_bbox
from astrolabe_fab.scene import Part
from tests.fabrication.helpers import raw_parts, ready_parts


def test_sheets_hold_every_piece_once_without_overlap() -> None:
    """Every piece is cut once: the mater's back is not a second mater but a second job
    (sheet-N-back) at the very place of the mater on its sheet."""
    parts = list(ready_parts(38.9))
    margin = 5.0
    sheets = nest(parts, 600.0, 400.0, margin)
    cut_sheets = [s for s in sheets if "second_faces_of" not in s.meta]
    back_sheets = [s for s in sheets if "second_faces_of" in s.meta]
    placed = [name for s in cut_sheets for name in s.meta["placements_mm"]]
    assert sorted(placed) == sorted(p.name for p in parts if p.name != "mater-back")
    assert [list(s.meta["placements_mm"]) for s in back_sheets] == [["mater-back"]]
    back = back_sheets[0]
    front_sheet = next(s for s in cut_sheets if s.name == back.meta["second_faces_of"])
    assert back.name == f"{front_sheet.name}-back"
    assert (
        back.meta["placements_mm"]["mater-back"] == front_sheet.meta["placements_mm"]["mater-front"]
    )
    assert not back.items("CUT_INNER") and not back.items("CUT_OUTER")
    for sheet in cut_sheets:
        boxes = []
        for name, (dx, dy) in sheet.meta["placements_mm"].items():
            part = next(p for p in parts if p.name == name)
            b = [
                shape_bbox(it.shape)
                for layer in ("ENGRAVE", "SCORE", "CUT_INNER", "CUT_OUTER")
                for it in part.items(layer)
            ]
            box = (
                min(x[0] for x in b) + dx,
                min(x[1] for x in b) + dy,
                max(x[2] for x in b) + dx,
                max(x[3] for x in b) + dy,
            )
            assert box[0] >= margin - 1e-6 and box[1] >= margin - 1e-6
            assert box[2] <= 600.0 - margin + 1e-6 and box[3] <= 400.0 - margin + 1e-6
            boxes.append(box)
        for a, b in itertools.combinations(boxes, 2):
            gap = max(b[0] - a[2], a[0] - b[2], b[1] - a[3], a[1] - b[3])
            assert gap >= margin - 1e-6
        # the sheet's own cut geometry is inside its area too
        assert all(v >= 0 for v in sheet.bbox(("CUT_OUTER",))[:2])


def test_sheet_parts_come_out_of_prepare_for_cutting() -> None:
    design = Design(latitude_deg=38.9, sheet_mm=(600.0, 400.0)).validate()
    out = prepare_for_cutting(list(raw_parts(38.9)), design)
    sheets = [p for p in out if p.meta.get("sheet")]
    assert sheets and all(p.name.startswith("sheet-") for p in sheets)
    assert all("job" in p.meta for p in out)


def test_part_larger_than_the_sheet_is_an_input_error() -> None:
    with pytest.raises(InputError, match="does not fit"):
        nest(list(ready_parts(38.9)), 150.0, 150.0, 5.0)


def test_job_figures_of_a_known_part() -> None:
    part = Part("t", 100.0, 100.0, (50.0, 50.0))
    part.add("CUT_OUTER", Circle(50.0, 50.0, 10.0))  # entered at (60, 50)
    part.add("SCORE", Segment((0.0, 30.0), (40.0, 30.0)))
    part.add("SCORE", Segment((40.0, 30.0), (40.0, 35.0)))  # continues: no pierce
    square = ((0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0))
    hole = ((0.5, 0.5), (0.5, 1.5), (1.5, 1.5), (1.5, 0.5))  # opposite winding
    part.add("ENGRAVE", FilledPolygon((square, hole)))
    s = job_stats(part)
    assert math.isclose(s.cut_mm, 2 * math.pi * 10.0)
    assert math.isclose(s.score_mm, 45.0)
    assert math.isclose(s.engrave_mm2, 3.0)
    assert s.pierces == 2
    assert math.isclose(s.travel_mm, 30.0 + math.dist((40.0, 35.0), (60.0, 50.0)))


def _mater_sized_outlines(sheet: Part, diameter_mm: float) -> list[tuple[float, ...]]:
    """Boxes of the outer cuts as wide as the mater (its disc, with or without throne)."""
    boxes = [shape_bbox(it.shape) for it in sheet.items("CUT_OUTER")]
    return [
        b for b in boxes if abs((b[2] - b[0]) - diameter_mm) < 1.0 and b[3] - b[1] > diameter_mm
    ]


@pytest.mark.parametrize("stacked", [False, True])
def test_a_sheet_cuts_one_mater_per_instrument(stacked: bool) -> None:
    """Read on the sheets' own cut layers: one disc of the mater's size is cut (and, stacked,
    one ring, told apart by its opening), and the second faces are engraved on a back job."""
    design = Design(latitude_deg=38.9, stacked=stacked, sheet_mm=(900.0, 600.0)).validate()
    from astrolabe_fab.build import instrument_parts

    out = prepare_for_cutting(instrument_parts(design), design)
    sheets = [p for p in out if p.meta.get("sheet") and "second_faces_of" not in p.meta]
    discs = [b for s in sheets for b in _mater_sized_outlines(s, design.diameter_mm)]
    assert len(discs) == (2 if stacked else 1)
    openings = [
        it
        for s in sheets
        for it in s.items("CUT_INNER")
        if (lambda b: b[2] - b[0] > 0.8 * design.diameter_mm)(shape_bbox(it.shape))
    ]
    assert len(openings) == (1 if stacked else 0)
    backs = [p for p in out if "second_faces_of" in p.meta]
    assert [name for b in backs for name in b.meta["placements_mm"]] == ["mater-back"]
    assert backs[0].items("ENGRAVE") and backs[0].items("SCORE")


def test_a_short_part_goes_under_a_shorter_one_before_a_new_sheet() -> None:
    """The stacked 200 mm instrument on 600 x 400: two rows (mater, ring, rete; plate, dragon,
    alidade) leave no room at a row's end for the 199 mm rule, but there is under the 35 mm
    alidade: one cut sheet, not a second one for the rule (the overlap test above holds)."""
    design = Design(latitude_deg=38.9, stacked=True, sheet_mm=(600.0, 400.0)).validate()
    from astrolabe_fab.build import instrument_parts

    out = prepare_for_cutting(instrument_parts(design), design)
    cut = [p for p in out if p.meta.get("sheet") and "second_faces_of" not in p.meta]
    assert [s.name for s in cut] == ["sheet-1"]
    placed = cut[0].meta["placements_mm"]
    assert placed["rule"][0] == placed["alidade"][0] and placed["rule"][1] > placed["alidade"][1]


def test_prepare_part_without_figures_is_the_same_part_without_them() -> None:
    """The designer's previews leave the job figures out (their SVG does not carry them): the
    same items in the same order, only ``meta['job']`` missing; with figures they are those of
    ``job_stats`` of the prepared part."""
    from astrolabe_fab.fabrication import prepare_part

    for raw in list(raw_parts(38.9))[:3]:
        with_figures = prepare_part(raw, 0.1)
        without = prepare_part(raw, 0.1, figures=False)
        assert "job" not in without.meta and "job" in with_figures.meta
        assert {k: v for k, v in with_figures.meta.items() if k != "job"} == without.meta
        for layer in ("ENGRAVE", "SCORE", "CUT_INNER", "CUT_OUTER"):
            assert without.items(layer) == with_figures.items(layer), (raw.name, layer)
        figures = job_stats(without).as_dict()
        assert {k: with_figures.meta["job"][k] for k in figures} == figures
        assert with_figures.meta["job"]["kerf_mm"] == 0.1
