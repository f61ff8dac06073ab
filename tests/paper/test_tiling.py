"""Page plans as data: tiles cover the part with the stated overlap, a part that fits the page
is one piece, and the pieces packed on a page stay in its drawing area without overlapping
(checked on points sampled here from the part's primitives, not with the planner's own)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from astrolabe_fab.geometry.primitives import Arc, Circle, FilledPolygon, Polyline, Segment
from astrolabe_fab.paper.packing import CAPTION_MM, pack
from astrolabe_fab.paper.tiling import (
    FOOTER_MM,
    HEADER_MM,
    MARGIN_MM,
    OVERLAP_MM,
    PAPER_MM,
    PartPlan,
    Tile,
    _dense_lines,
    _starts,
    _tiles,
    _view_extent,
    drawing_area,
    drawn_points,
    part_extent,
    plan_part,
)
from astrolabe_fab.scene import Part
from tests.caching import per_mutant_cache
from tests.fabrication.helpers import ready_parts


def _points(part: Part) -> np.ndarray:
    """Points every ~0.5 mm along everything drawn (GUIDE excluded), in part mm."""
    out: list[tuple[float, float]] = []
    for layer in ("ENGRAVE", "SCORE", "CUT_INNER", "CUT_OUTER"):
        for it in part.items(layer):
            s = it.shape
            if isinstance(s, Circle):
                s = Arc(s.cx, s.cy, s.r, 0.0, 2.0 * math.pi)
            if isinstance(s, Arc):
                n = max(2, math.ceil(abs(s.sweep_rad) * s.r / 0.5))
                out += [s.point_at(s.start_rad + s.sweep_rad * k / n) for k in range(n + 1)]
            elif isinstance(s, Segment):
                out += [s.p0, s.p1]
            elif isinstance(s, Polyline):
                out += list(s.points)
            elif isinstance(s, FilledPolygon):
                out += [p for ring in s.rings for p in ring]
    return np.asarray(out, dtype=float)


def _view(points: np.ndarray, plan: PartPlan) -> np.ndarray:
    if not plan.rotated:
        return points
    return np.column_stack([plan.part.height_mm - points[:, 1], points[:, 0]])


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_tiles_cover_the_part_with_the_overlap(paper: str) -> None:
    pw, ph = PAPER_MM[paper]
    for part in ready_parts(38.9):
        plan = plan_part(part, (pw, ph))
        pts = _view(_points(part), plan)
        windows = [shapely.box(*t.window) for t in plan.tiles]
        # every drawn point is on some tile
        covered = shapely.union_all(windows)
        assert covered.buffer(1e-6).contains(shapely.multipoints(pts)), part.name
        # neighbours in a row overlap by the stated overlap
        for a in plan.tiles:
            for b in plan.tiles:
                if a.row == b.row and b.col == a.col + 1:
                    assert a.window[2] - b.window[0] == pytest.approx(OVERLAP_MM)
        for t in plan.tiles:  # each piece fits the drawing area
            w, h = t.size
            assert w <= pw - 2 * MARGIN_MM + 1e-9
            assert h <= ph - 2 * MARGIN_MM - HEADER_MM - FOOTER_MM + 1e-9


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_default_build_plate_and_rete_on_one_page_mater_faces_on_two(paper: str) -> None:
    plans = {p.name: plan_part(p, PAPER_MM[paper]) for p in ready_parts(38.9)}
    assert len(plans["plate-38.90N"].tiles) == 1
    assert len(plans["rete"].tiles) == 1
    assert len(plans["mater-front"].tiles) <= 2 and len(plans["mater-back"].tiles) <= 2
    assert sorted(t.label for t in plans["mater-front"].tiles)[0] == "A1"
    assert len(plans["rule"].tiles) == 1 and len(plans["alidade"].tiles) == 1


@per_mutant_cache
def _paper_a4_parts() -> tuple:
    from astrolabe_fab.build import instrument_parts
    from astrolabe_fab.config import resolve_design
    from astrolabe_fab.fabrication import prepare_for_cutting

    design = resolve_design({}, preset="paper-a4")
    return tuple(prepare_for_cutting(instrument_parts(design), design)), design


def test_paper_a4_preset_every_part_on_one_page() -> None:
    parts, design = _paper_a4_parts()
    for part in parts:
        assert len(plan_part(part, PAPER_MM[design.paper]).tiles) == 1, part.name


@pytest.mark.parametrize("paper", ["a4", "letter", "a3"])
def test_pieces_on_a_page_stay_in_the_drawing_area_and_apart(paper: str) -> None:
    pw, ph = PAPER_MM[paper]
    plans = [plan_part(p, (pw, ph)) for p in ready_parts(38.9)]
    pages = pack(plans, (pw, ph))
    placed = [(p.plan.part.name, p.tile.label) for page in pages for p in page]
    expected = [(plan.part.name, t.label) for plan in plans for t in plan.tiles]
    assert sorted(placed) == sorted(expected)  # every piece once
    for page in pages:
        boxes = []
        for p in page:
            x0, y0, x1, y1 = p.box
            top = y0 - (CAPTION_MM if p.caption else 0.0)
            assert x0 >= MARGIN_MM - 1e-9 and x1 <= pw - MARGIN_MM + 1e-9
            assert top >= MARGIN_MM + HEADER_MM - 1e-9
            assert y1 <= ph - MARGIN_MM - FOOTER_MM + 1e-9
            boxes.append(shapely.box(x0, top, x1, y1))
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                assert a.intersection(b).area < 1e-9
    big = {"plate-38.90N", "rete"}  # a page of its own each
    for page in pages:
        names = {p.plan.part.name for p in page}
        assert len(names & big) <= 1


def _dense_by_definition(pts: np.ndarray, step: float) -> list[tuple[float, float]]:
    """A line's first point, then each segment p -> q cut into n = ceil(|q - p| / step) (at
    least 1) equal steps, ending on q."""
    out = [(float(pts[0][0]), float(pts[0][1]))] if len(pts) else []
    for p, q in itertools.pairwise(pts):
        n = max(1, math.ceil(math.hypot(q[0] - p[0], q[1] - p[1]) / step))
        out += [(p[0] + (q[0] - p[0]) * (k + 1) / n, p[1] + (q[1] - p[1]) * (k + 1) / n)
                for k in range(n)]  # fmt: skip
    return out


coord = st.floats(-200.0, 200.0, allow_nan=False)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.lists(st.tuples(coord, coord), max_size=6), min_size=1, max_size=6),
    st.sampled_from([0.3, 1.0, 2.5]),
)
def test_dense_lines_keep_every_vertex_and_no_gap_wider_than_the_step(lines, step) -> None:
    """Line after line (empty and one-point lines too): every vertex kept in order, no two
    following points of a line more than a step apart, nothing joined across lines."""
    arrays = [np.asarray(line, dtype=float).reshape(-1, 2) for line in lines]
    out = _dense_lines(arrays, step)
    at = 0
    for pts in arrays:
        expected = _dense_by_definition(pts, step)
        got = out[at : at + len(expected)]
        at += len(expected)
        assert np.allclose(got, np.asarray(expected).reshape(-1, 2), rtol=0.0, atol=1e-9)
        if len(pts):
            assert np.allclose(got[-1], pts[-1], rtol=0.0, atol=1e-9)  # ends on its last vertex
        gaps = np.hypot(*np.diff(got, axis=0).T) if len(got) > 1 else np.zeros(0)
        assert (gaps <= step + 1e-9).all()
    assert at == len(out)


def test_drawn_points_in_the_order_of_the_items_with_filled_areas_as_box_corners() -> None:
    part = Part("p", 100.0, 100.0, (50.0, 50.0))
    part.add("SCORE", Segment((0.0, 0.0), (2.5, 0.0)))
    part.add("ENGRAVE", Polyline(((30.0, 30.0), (31.0, 30.0))))
    part.add("ENGRAVE", FilledPolygon((((10.0, 10.0), (12.0, 10.0), (11.0, 13.0)),)))
    part.add("ENGRAVE", Polyline(((20.0, 20.0), (20.0, 21.5))))
    pts = drawn_points(part)
    # layers in the order ENGRAVE, SCORE, CUT_INNER, CUT_OUTER; lines made 1 mm dense
    expected = [(30.0, 30.0), (31.0, 30.0)]
    expected += [(10.0, 10.0), (12.0, 10.0), (10.0, 13.0), (12.0, 13.0)]  # the box's corners
    expected += [(20.0, 20.0), (20.0, 20.75), (20.0, 21.5)]
    expected += [(0.0, 0.0), (2.5 / 3, 0.0), (5.0 / 3, 0.0), (2.5, 0.0)]
    assert np.allclose(pts, expected, rtol=0.0, atol=1e-12)


def test_drawn_points_of_an_arc_lie_on_it_and_of_nothing_are_none() -> None:
    """An arc's points: within 0.05 mm of it (the chord error), at most 1 mm apart, from its
    start to its end; a part with nothing drawn has no points."""
    part = Part("p", 100.0, 100.0, (50.0, 50.0))
    arc = Arc(50.0, 50.0, 30.0, 0.3, 2.0)
    part.add("CUT_OUTER", arc)
    pts = drawn_points(part)
    # on chords of the arc: inside its circle by at most the chord error
    radii = np.hypot(pts[:, 0] - 50.0, pts[:, 1] - 50.0)
    assert (radii <= 30.0 + 1e-9).all() and (30.0 - radii <= 0.05 + 1e-9).all()
    assert (np.hypot(*np.diff(pts, axis=0).T) <= 1.0 + 1e-9).all()
    assert np.allclose([pts[0], pts[-1]], [arc.start, arc.end], rtol=0.0, atol=1e-9)
    # no finer than the chord error needs: 18 chords of 2/18 rad (30 (1 - cos(1/18)) = 0.046
    # mm; 17 would err by 0.052), each 3.33 mm long and cut into 4 steps of at most 1 mm
    assert len(pts) == 18 * 4 + 1
    empty = drawn_points(Part("q", 10.0, 10.0, (5.0, 5.0)))
    assert empty.shape == (0, 2)


# --------------------------------------------------------------------------- tiles by hand

PAD = 0.3  # the line width's room round what is drawn (sketch.LINE_MM)


def test_tiles_of_a_hand_made_grid() -> None:
    """Windows of 100 x 60 over an extent 250 x 130 from (20, 10), overlapping by 10: x from
    20, 110, 200 and y from 10, 60, 110 (3 x 3). Each window holds the points on or inside its
    edges (a point on an edge is in both windows); one with none is skipped; each is cropped
    to its points (+ the line's room) within itself. Expected by hand."""
    pts = np.asarray(
        [
            (25.0, 15.0),  # A1 only
            (115.0, 65.0),  # A1, A2, B1, B2
            (120.0, 30.0),  # on A1's right edge, and in A2
            (220.0, 140.0),  # C3, on its bottom edge (the extent's corner)
            (110.1, 40.0),  # A1, and A2 within the line's room of its left edge
            (200.0, 90.0),  # B2, and B3 on its left edge (alone there)
            (50.0, 110.0),  # B1, and C1 on its top edge (alone there)
        ]
    )
    part = Part("wide", 300.0, 200.0, (150.0, 100.0))
    tiles = _tiles(part, True, (20.0, 10.0, 270.0, 140.0), (100.0, 60.0), pts)
    expected = [
        ("A1", 0, 0, (20.0, 10.0), (25.0 - PAD, 15.0 - PAD, 120.0, 65.0 + PAD)),
        ("A2", 0, 1, (110.0, 10.0), (110.0, 30.0 - PAD, 120.0 + PAD, 65.0 + PAD)),
        ("B1", 1, 0, (20.0, 60.0), (50.0 - PAD, 65.0 - PAD, 115.0 + PAD, 110.0 + PAD)),
        ("B2", 1, 1, (110.0, 60.0), (115.0 - PAD, 65.0 - PAD, 200.0 + PAD, 90.0 + PAD)),
        ("B3", 1, 2, (200.0, 60.0), (200.0, 90.0 - PAD, 200.0 + PAD, 90.0 + PAD)),
        ("C1", 2, 0, (20.0, 110.0), (50.0 - PAD, 110.0, 50.0 + PAD, 110.0 + PAD)),
        ("C3", 2, 2, (200.0, 110.0), (220.0 - PAD, 140.0 - PAD, 220.0 + PAD, 140.0)),
    ]
    assert [t.label for t in tiles] == [e[0] for e in expected]
    for tile, (label, row, col, grid, window) in zip(tiles, expected, strict=True):
        assert (tile.part, tile.row, tile.col, tile.rows, tile.cols) == ("wide", row, col, 3, 3)
        assert tile.rotated is True and tile.tiled, label
        assert tile.grid_xy == pytest.approx(grid), label
        assert tile.window == pytest.approx(window, abs=1e-12), label


@pytest.mark.parametrize(
    ("ext", "one"),
    [
        ((30.0, 6.0, 120.0, 56.0), True),  # 90 x 50 in 100 x 60
        ((30.0, 6.0, 130.0, 66.0), True),  # exactly 100 x 60
        ((30.0, 6.0, 130.1, 56.0), False),  # too wide
        ((30.0, 6.0, 120.0, 96.0), False),  # too high
    ],
)
def test_an_extent_that_fits_the_area_is_one_tile_of_itself(
    ext: tuple[float, float, float, float], one: bool
) -> None:
    pts = np.asarray([(ext[0] + 1.0, ext[1] + 1.0), (ext[2] - 1.0, ext[3] - 1.0)])
    tiles = _tiles(Part("p", 200.0, 200.0, (100.0, 100.0)), False, ext, (100.0, 60.0), pts)
    if one:
        assert tiles == [Tile("p", ext, rotated=False, grid_xy=(ext[0], ext[1]))]
    else:
        assert len(tiles) == 2 and all(t.tiled for t in tiles)


@settings(max_examples=200, deadline=None)
@given(
    lo=st.floats(-500.0, 500.0),
    span=st.floats(0.0, 1000.0),
    size=st.floats(10.5, 400.0),
)
def test_window_starts_cover_the_span_with_as_few_windows_as_may_be(
    lo: float, span: float, size: float
) -> None:
    """Windows of ``size`` from ``lo``, each OVERLAP_MM over the last, cover [lo, lo + span];
    one window fewer would not."""
    hi = lo + span
    starts = _starts(lo, hi, size)
    assert starts[0] == lo
    assert np.allclose(np.diff(starts), size - OVERLAP_MM, rtol=0.0, atol=1e-9)
    assert starts[-1] + size >= hi - 1e-9
    if len(starts) > 1:
        assert starts[-2] + size < hi + 1e-9
    assert _starts(100.0, 290.0, 100.0) == [100.0, 190.0]
    assert _starts(5.0, 5.0, 100.0) == [5.0]


def test_a_wide_part_is_turned_when_that_takes_fewer_tiles() -> None:
    """A part 500 x 300 mm on A4 (drawing area 190 x 262): as drawn 3 x 2 tiles, turned a
    quarter turn 2 x 2; the turned tiles show every point turned (x', y') = (H - y, x)."""
    part = Part("wide", 500.0, 300.0, (250.0, 150.0))
    part.add("CUT_OUTER", Polyline(((1.0, 1.0), (499.0, 1.0), (499.0, 299.0), (1.0, 299.0)), True))
    part.add("SCORE", Segment((10.0, 150.0), (490.0, 150.0)))
    x0, y0, x1, y1 = drawing_area(PAPER_MM["a4"])
    assert (x1 - x0, y1 - y0) == (190.0, 262.0)
    plan = plan_part(part, PAPER_MM["a4"])
    assert plan.rotated and len(plan.tiles) == 4
    assert plan.extent == part_extent(part)
    assert all(t.size[0] <= 190.0 + 1e-9 and t.size[1] <= 262.0 + 1e-9 for t in plan.tiles)
    # the turned extent is the box of the extent's corners turned
    ex0, ey0, ex1, ey1 = plan.extent
    corners = np.asarray([(ex0, ey0), (ex1, ey0), (ex0, ey1), (ex1, ey1)])
    turned = _view(corners, plan)
    assert _view_extent(part, True, plan.extent) == (
        *turned.min(axis=0).tolist(),
        *turned.max(axis=0).tolist(),
    )
    assert _view_extent(part, False, plan.extent) == plan.extent
    view = _view(drawn_points(part), plan)
    windows = shapely.union_all([shapely.box(*t.window) for t in plan.tiles])
    assert windows.buffer(1e-9).contains(shapely.multipoints(view))
    assert all(t.rotated for t in plan.tiles)


def test_a_tie_keeps_the_part_as_drawn() -> None:
    """A square part 400 x 400 mm on A4 takes 3 x 2 tiles either way: it is not turned."""
    part = Part("square", 400.0, 400.0, (200.0, 200.0))
    part.add("CUT_OUTER", Polyline(((1.0, 1.0), (399.0, 1.0), (399.0, 399.0), (1.0, 399.0)), True))
    plan = plan_part(part, PAPER_MM["a4"])
    assert not plan.rotated and len(plan.tiles) == 6
    assert {(t.rows, t.cols) for t in plan.tiles} == {(2, 3)}
