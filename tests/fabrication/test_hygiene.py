"""Cut hygiene: no overlapping cut length, every cut contour closed (checked independently)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import shapely

from astrolabe_fab.fabrication.hygiene import HygieneReport, clean_part, overlap_free_length
from astrolabe_fab.geometry.primitives import Arc, Circle, Contour, FilledPolygon, Polyline, Segment
from astrolabe_fab.scene import Part
from tests.fabrication.helpers import LATITUDES, ready_parts


def _piece_points(piece: object, step: float) -> np.ndarray:
    """Points along an elementary piece every ``step`` mm (written here, not the package's)."""
    if isinstance(piece, Segment):
        n = max(2, math.ceil(math.dist(piece.p0, piece.p1) / step) + 1)
        t = np.linspace(0.0, 1.0, n)
        return np.column_stack(
            [
                piece.p0[0] + t * (piece.p1[0] - piece.p0[0]),
                piece.p0[1] + t * (piece.p1[1] - piece.p0[1]),
            ]
        )
    if isinstance(piece, Circle):
        piece = Arc(piece.cx, piece.cy, piece.r, 0.0, 2 * math.pi)
    n = max(3, math.ceil(abs(piece.sweep_rad) * piece.r / step) + 1)
    t = piece.start_rad + np.linspace(0.0, piece.sweep_rad, n)
    return np.column_stack([piece.cx + piece.r * np.cos(t), piece.cy + piece.r * np.sin(t)])


def _pieces(shape: object) -> list[object]:
    if isinstance(shape, Contour):
        return list(shape.pieces)
    if isinstance(shape, Polyline):
        pts = [*shape.points, shape.points[0]] if shape.closed else list(shape.points)
        return [Segment(a, b) for a, b in itertools.pairwise(pts)]
    return [shape]


def overlap_length_mm(
    shapes: list[object], tol: float = 0.002, step: float = 0.05, end_gap: float = 0.02
) -> float:
    """Length of cut lines lying within ``tol`` of another piece: points every ``step`` along
    each piece (``end_gap`` clear of its ends, where joined pieces meet) that have another piece
    within ``tol``. Pieces are sampled polylines with a chord error below 0.0005 mm."""
    pieces = [p for s in shapes for p in _pieces(s)]
    lines = []
    for p in pieces:
        r = getattr(p, "r", None)
        fine = 0.05 if r is None else min(0.5, math.sqrt(8.0 * r * 0.0005))
        lines.append(shapely.linestrings(_piece_points(p, fine)))
    tree = shapely.STRtree(lines)
    points, owners = [], []
    for k, p in enumerate(pieces):
        pts = _piece_points(p, step)
        along = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(pts, axis=0).T))])
        keep = (along > end_gap) & (along < along[-1] - end_gap)
        if isinstance(p, Circle):
            keep[:] = True
        points.append(pts[keep])
        owners.append(np.full(int(keep.sum()), k))
    pts_all, own_all = np.concatenate(points), np.concatenate(owners)
    idx_pts, idx_geom = tree.query(shapely.points(pts_all), predicate="dwithin", distance=tol)
    hit = np.unique(idx_pts[idx_geom != own_all[idx_pts]])
    return len(hit) * step


def _closed(shape: object) -> bool:
    if isinstance(shape, Circle):
        return True
    if isinstance(shape, Polyline):
        return shape.closed
    if isinstance(shape, Contour):
        ps = shape.pieces
        return all(
            math.dist(ps[i].end, ps[(i + 1) % len(ps)].start) <= 0.01 for i in range(len(ps))
        )
    return False


@pytest.mark.parametrize("lat", LATITUDES)
def test_no_overlapping_cut_length_and_closed_cuts(lat: float) -> None:
    for part in ready_parts(lat):
        cuts = [it.shape for layer in ("CUT_INNER", "CUT_OUTER") for it in part.items(layer)]
        assert cuts, part.name
        assert all(_closed(s) for s in cuts), part.name
        assert overlap_length_mm(cuts) < 0.01, part.name


def test_overlap_measure_sees_duplicates() -> None:
    """The independent measure is able to fail: a doubled circle overlaps over its length."""
    c = Circle(0.0, 0.0, 10.0)
    assert overlap_length_mm([c, c]) > 100.0
    assert overlap_length_mm([Segment((0, 0), (10, 0)), Segment((5, 0), (20, 0))]) > 9.0


def test_clean_removes_duplicates_and_partial_overlaps() -> None:
    part = Part("t", 100.0, 100.0, (50.0, 50.0))
    part.add("CUT_OUTER", Circle(50.0, 50.0, 40.0))
    part.add("CUT_OUTER", Circle(50.0, 50.0 + 0.004, 40.0))  # within 0.01 mm: a duplicate
    part.add("CUT_INNER", Circle(50.0, 50.0, 3.0))
    # a square hole drawn as four segments, one of them twice and one half-overlapping
    sq = [(40.0, 40.0), (60.0, 40.0), (60.0, 60.0), (40.0, 60.0)]
    for a, b in zip(sq, sq[1:] + sq[:1], strict=True):
        part.add("CUT_INNER", Segment(a, b))
    part.add("CUT_INNER", Segment((60.0, 40.0), (40.0, 40.0)))  # reversed duplicate
    part.add("CUT_INNER", Segment((50.0, 60.0), (30.0, 60.0)))  # sticks out 10 mm
    # score arcs overlapping each other and the outline
    part.add("SCORE", Arc(50.0, 50.0, 30.0, 0.0, math.pi))
    part.add("SCORE", Arc(50.0, 50.0, 30.0, math.pi / 2.0, math.pi))
    part.add("SCORE", Arc(50.0, 50.0, 40.0, 0.0, 1.0))  # lies on the outer cut
    cleaned, report = clean_part(part)
    outer = [it.shape for it in cleaned.items("CUT_OUTER")]
    inner = [it.shape for it in cleaned.items("CUT_INNER")]
    score = [it.shape for it in cleaned.items("SCORE")]
    assert outer == [Circle(50.0, 50.0, 40.0)]
    assert overlap_length_mm(outer + inner) < 0.01
    assert math.isclose(
        sum(s.length_mm for s in inner), 2 * math.pi * 3 + 80.0 + 10.0, abs_tol=1e-6
    )
    closed = [s for s in inner if isinstance(s, Contour)]
    assert len(closed) == 1 and math.isclose(closed[0].length_mm, 80.0, abs_tol=1e-6)
    assert math.isclose(sum(s.length_mm for s in score), 30.0 * 1.5 * math.pi, abs_tol=1e-6)
    assert report.removed_mm > 0


def test_near_closed_cut_chain_is_closed() -> None:
    part = Part("t", 50.0, 50.0, (25.0, 25.0))
    pts = [(10.0, 10.0), (40.0, 10.0), (40.0, 40.0), (10.0, 40.0), (10.0, 10.03)]
    for a, b in itertools.pairwise(pts):
        part.add("CUT_OUTER", Segment(a, b))
    part.add("CUT_OUTER", Segment((10.0, 10.0), (40.0, 10.0)))  # duplicate forces cleaning
    cleaned, report = clean_part(part)
    (shape,) = [it.shape for it in cleaned.items("CUT_OUTER")]
    assert _closed(shape) and report.open_cuts == 0


# --------------------------------------------------------------------------- behaviour, piece by
# piece: each case is measured independently (lengths by hand, overlaps with shapely above)


def _part(*items: tuple[str, object]) -> Part:
    part = Part("t", 200.0, 200.0, (100.0, 100.0))
    for layer, shape in items:
        part.add(layer, shape)  # type: ignore[arg-type]
    return part


def _shapes(part: Part, layer: str) -> list[object]:
    return [it.shape for it in part.items(layer)]  # type: ignore[arg-type]


def _total(shapes: list[object]) -> float:
    return sum(s.length_mm for s in shapes)  # type: ignore[attr-defined]


@pytest.mark.parametrize("shift", [(0.009, 0, 0), (0, -0.009, 0), (0, 0, 0.009), (0.006, 0.006, 0)])
@pytest.mark.parametrize("base", [0.0, 0.02, 0.026, 0.049])
def test_near_identical_circles_are_one_circle(shift, base: float) -> None:
    """Circles whose centres and radii differ by less than 0.01 mm are duplicates wherever they
    fall on the index's grid."""
    a = Circle(50.0 + base, 50.0 + base, 20.0 + base)
    b = Circle(a.cx + shift[0], a.cy + shift[1], a.r + shift[2])
    cleaned, report = clean_part(_part(("CUT_OUTER", a), ("CUT_OUTER", b)))
    assert _shapes(cleaned, "CUT_OUTER") == [a]
    assert report.removed_mm == pytest.approx(b.length_mm)


@pytest.mark.parametrize("angle", [0.0, 0.3, -1.2])
def test_segments_a_hundredth_of_a_degree_apart_are_one_line(angle: float) -> None:
    """Within 0.01 mm over their whole length: a 100 mm line and a 50 mm piece turned by
    1.6e-4 rad (0.008 mm at its far end) about a point on it."""
    u = (math.cos(angle), math.sin(angle))
    long = Segment((10.0, 10.0), (10.0 + 100.0 * u[0], 10.0 + 100.0 * u[1]))
    t = angle + 1.6e-4
    start = (10.0 + 20.0 * u[0], 10.0 + 20.0 * u[1])
    piece = Segment(start, (start[0] + 50.0 * math.cos(t), start[1] + 50.0 * math.sin(t)))
    cleaned, report = clean_part(_part(("SCORE", long), ("SCORE", piece)))
    assert _shapes(cleaned, "SCORE") == [long]
    assert report.removed_mm == pytest.approx(50.0)


@pytest.mark.parametrize("cell_edge", [0.025, 0.075, 20.025])
def test_circles_straddling_a_grid_cell_are_found(cell_edge: float) -> None:
    for coord in range(3):  # the centre's x, its y, and the radius straddle a cell edge
        v = [40.0, 40.0, 20.0]
        w = list(v)
        v[coord] += cell_edge - 0.002
        w[coord] += cell_edge + 0.002
        a, b = Circle(*v), Circle(*w)
        cleaned, _ = clean_part(_part(("SCORE", a), ("SCORE", b)))
        assert _shapes(cleaned, "SCORE") == [a], coord


def test_circles_farther_apart_than_the_tolerance_both_stay() -> None:
    a, b = Circle(50.0, 50.0, 20.0), Circle(50.0, 50.0, 20.02)
    c = Circle(50.02, 50.0, 20.0)
    cleaned, report = clean_part(_part(("SCORE", a), ("SCORE", b), ("SCORE", c)))
    assert _shapes(cleaned, "SCORE") == [a, b, c] and report.removed_mm == 0.0


def test_arcs_overlapping_across_angle_zero() -> None:
    """An arc from -30° to +30° and one from +10° to +50°: 20° are removed from the second,
    the first (crossing angle 0) is kept whole as one arc."""
    r = 10.0
    first = Arc(0.0, 0.0, r, math.radians(-30.0), math.radians(60.0))
    second = Arc(0.0, 0.0, r, math.radians(50.0), math.radians(-40.0))  # drawn backwards
    cleaned, report = clean_part(_part(("SCORE", first), ("SCORE", second)))
    out = _shapes(cleaned, "SCORE")
    assert out[0] == first
    assert _total(out) == pytest.approx(r * math.radians(80.0))
    assert report.removed_mm == pytest.approx(r * math.radians(20.0))
    assert overlap_length_mm(out) < 0.01


def test_an_arc_keeps_its_rest_as_one_arc_across_angle_zero() -> None:
    """A full circle minus an arc at 90°..120° leaves one arc running through angle 0."""
    r = 10.0
    part = _part(
        ("SCORE", Arc(0.0, 0.0, r, math.radians(90.0), math.radians(30.0))),
        ("SCORE", Circle(0.0, 0.0, r)),
    )
    cleaned, report = clean_part(part)
    out = _shapes(cleaned, "SCORE")
    rest = [s for s in out if isinstance(s, Arc) and s != part.layers["SCORE"][0].shape]
    assert len(rest) == 1
    assert rest[0].length_mm == pytest.approx(r * math.radians(330.0))
    assert math.degrees(rest[0].start_rad) % 360.0 == pytest.approx(120.0)
    assert report.removed_mm == pytest.approx(r * math.radians(30.0))


@pytest.mark.parametrize("start_deg", [-400.0, 10.0, 700.0])
def test_arc_angles_are_taken_modulo_a_turn(start_deg: float) -> None:
    r = 5.0
    a = Arc(0.0, 0.0, r, math.radians(start_deg), math.radians(40.0))
    b = Arc(0.0, 0.0, r, math.radians(start_deg + 360.0 + 20.0), math.radians(40.0))
    cleaned, report = clean_part(_part(("SCORE", a), ("SCORE", b)))
    assert report.removed_mm == pytest.approx(r * math.radians(20.0))
    assert overlap_length_mm(_shapes(cleaned, "SCORE")) < 0.01


def test_an_arc_on_a_circle_drawn_before_is_removed_whole() -> None:
    circle = Circle(0.0, 0.0, 10.0)
    arc = Arc(0.0, 0.0, 10.0, 5.0, 2.0)  # crosses angle 0 (2 pi = 6.28)
    cleaned, report = clean_part(_part(("SCORE", circle), ("SCORE", arc)))
    assert _shapes(cleaned, "SCORE") == [circle]
    assert report.removed_mm == pytest.approx(20.0)


def test_two_half_circles_stay_two_arcs_and_a_third_is_removed() -> None:
    r = 4.0
    upper = Arc(0.0, 0.0, r, math.pi, math.pi)
    lower = Arc(0.0, 0.0, r, 0.0, math.pi)
    again = Arc(0.0, 0.0, r, 0.5, 4.0)
    cleaned, report = clean_part(_part(("SCORE", upper), ("SCORE", lower), ("SCORE", again)))
    out = _shapes(cleaned, "SCORE")
    assert out == [upper, lower] and report.removed_mm == pytest.approx(4.0 * r)


def test_an_overlap_below_the_tolerance_is_no_overlap() -> None:
    a = Segment((0.0, 0.0), (10.0, 0.0))
    b = Segment((9.995, 0.0), (20.0, 0.0))  # shares 0.005 mm with a
    cleaned, report = clean_part(_part(("SCORE", a), ("SCORE", b)))
    assert _shapes(cleaned, "SCORE") == [a, b] and report.removed_mm == 0.0


@pytest.mark.parametrize("right_first", [True, False])
def test_nearly_vertical_segments_overlap_whichever_way_they_lean(right_first: bool) -> None:
    """Directions are folded to [-90°, 90°]: a line leaning 0.006° right and one leaning 0.003°
    left of vertical fall on the two ends of that range and must still be compared, in either
    order."""
    right = Segment((50.0, 10.0), (50.004, 50.0))
    left = Segment((50.0015, 25.0), (50.0005, 45.0))  # within 0.003 mm of the first
    first, second = (right, left) if right_first else (left, right)
    cleaned, report = clean_part(_part(("SCORE", first), ("SCORE", second)))
    assert report.removed_mm == pytest.approx(20.0, abs=1e-6)
    assert _total(_shapes(cleaned, "SCORE")) == pytest.approx(40.0, abs=1e-6)


def _ends(seg: Segment) -> set[tuple[float, float]]:
    return {(round(seg.p0[0], 9), round(seg.p0[1], 9)), (round(seg.p1[0], 9), round(seg.p1[1], 9))}


def test_collinear_segments_lose_exactly_their_covered_parts() -> None:
    first = Segment((0.0, 0.0), (10.0, 10.0))
    covering_middle = Segment((8.0, 8.0), (2.0, 2.0))  # reversed, inside the first: removed
    sticking_out = Segment((15.0, 15.0), (5.0, 5.0))  # 5..10 covered, 10..15 kept
    parallel = Segment((0.0, 1.0), (10.0, 11.0))  # another line: untouched
    part = _part(
        ("SCORE", first), ("SCORE", covering_middle), ("SCORE", sticking_out), ("SCORE", parallel)
    )
    cleaned, report = clean_part(part)
    out = _shapes(cleaned, "SCORE")
    assert first in out and parallel in out
    (rest,) = [s for s in out if s not in (first, parallel)]
    assert _ends(rest) == {(15.0, 15.0), (10.0, 10.0)}
    assert report.removed_mm == pytest.approx(math.sqrt(2) * (6.0 + 5.0))


def test_a_segment_with_a_hole_covered_in_the_middle_keeps_both_ends() -> None:
    middle = Segment((4.0, 0.0), (6.0, 0.0))
    long = Segment((10.0, 0.0), (0.0, 0.0))
    cleaned, report = clean_part(_part(("SCORE", middle), ("SCORE", long)))
    pieces = [s for s in _shapes(cleaned, "SCORE") if s != middle]
    assert sorted(sorted(_ends(s)) for s in pieces) == [
        [(0.0, 0.0), (4.0, 0.0)],
        [(6.0, 0.0), (10.0, 0.0)],
    ]
    assert report.removed_mm == pytest.approx(2.0)


def test_cut_layers_win_over_score_and_outer_over_inner() -> None:
    outline = Circle(100.0, 100.0, 50.0)
    part = _part(
        ("SCORE", Arc(100.0, 100.0, 50.0, 0.0, 1.0)),  # on the outline: burnt by the cut
        ("CUT_INNER", Circle(100.0, 100.0, 50.0)),  # the same circle as the outline
        ("CUT_OUTER", outline),
        ("ENGRAVE", Circle(100.0, 100.0, 50.0)),  # engraving is never touched
    )
    cleaned, report = clean_part(part)
    assert _shapes(cleaned, "CUT_OUTER") == [outline]
    assert _shapes(cleaned, "CUT_INNER") == [] and _shapes(cleaned, "SCORE") == []
    assert _shapes(cleaned, "ENGRAVE") == [Circle(100.0, 100.0, 50.0)]
    assert report.removed_mm == pytest.approx(2 * math.pi * 50.0 + 50.0)


def test_filled_shapes_pass_and_slivers_go() -> None:
    text = FilledPolygon((((0.0, 0.0), (1.0, 0.0), (1.0, 1.0)),))
    sliver = Segment((5.0, 5.0), (5.0005, 5.0))
    part = _part(("SCORE", text), ("SCORE", sliver), ("CUT_INNER", text))
    cleaned, report = clean_part(part)
    assert _shapes(cleaned, "SCORE") == [text] and _shapes(cleaned, "CUT_INNER") == [text]
    assert report.removed_mm == pytest.approx(0.0005)
    assert report.open_cuts == 0  # a filled shape is closed


def test_an_untouched_closed_contour_stays_the_same_object() -> None:
    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    contour = Contour(
        tuple(Segment(a, b) for a, b in zip(square, square[1:] + square[:1], strict=True))
    )
    closed_line = Polyline(((20.0, 0.0), (30.0, 0.0), (25.0, 8.0)), closed=True)
    part = _part(("CUT_OUTER", contour), ("CUT_INNER", closed_line))
    cleaned, report = clean_part(part)
    assert _shapes(cleaned, "CUT_OUTER") == [contour]
    assert _shapes(cleaned, "CUT_INNER") == [closed_line]
    assert report == HygieneReport()


def test_open_cut_pieces_are_chained_into_closed_contours() -> None:
    """Four segments and an arc given in scrambled order and directions make one contour."""
    arc = Arc(5.0, 10.0, 5.0, 0.0, math.pi)  # from (10, 10) down through (5, 15) to (0, 10)
    pieces = [
        Segment((10.0, 0.0), (0.0, 0.0)),
        Segment((10.0, 10.0), (10.0, 0.0)),
        arc.reversed(),
        Segment((0.0, 0.0), (0.0, 10.0)),
    ]
    part = _part(*(("CUT_INNER", p) for p in pieces))
    cleaned, report = clean_part(part)
    (shape,) = _shapes(cleaned, "CUT_INNER")
    assert isinstance(shape, Contour) and _closed(shape)
    assert shape.length_mm == pytest.approx(30.0 + 5.0 * math.pi)
    # exactly joined: every piece starts where the one before ended
    for a, b in zip(shape.pieces, shape.pieces[1:] + shape.pieces[:1], strict=True):
        assert a.end == pytest.approx(b.start, abs=1e-12)
    assert report.open_cuts == 0 and report.closed_gaps == 0


def test_small_gaps_are_closed_and_large_ones_reported() -> None:
    near = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.04)]  # 0.04 mm gap
    far = [(50.0, 0.0), (60.0, 0.0), (60.0, 10.0), (50.0, 10.0), (50.0, 0.2)]  # 0.2 mm gap
    part = _part(
        *(("CUT_INNER", Segment(a, b)) for a, b in itertools.pairwise(near)),
        *(("CUT_INNER", Segment(a, b)) for a, b in itertools.pairwise(far)),
    )
    cleaned, report = clean_part(part)
    shapes = _shapes(cleaned, "CUT_INNER")
    closed = [s for s in shapes if _closed(s)]
    assert len(closed) == 1 and closed[0].length_mm == pytest.approx(40.0)
    assert report.closed_gaps == 1 and report.open_cuts == 1
    (open_run,) = [s for s in shapes if not _closed(s)]
    assert isinstance(open_run, Polyline) and open_run.length_mm == pytest.approx(39.8)


def test_a_gap_within_the_tolerance_closes_without_a_segment() -> None:
    pts = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0), (0.0, 0.005)]
    part = _part(*(("CUT_OUTER", Segment(a, b)) for a, b in itertools.pairwise(pts)))
    cleaned, report = clean_part(part)
    (shape,) = _shapes(cleaned, "CUT_OUTER")
    assert isinstance(shape, Contour) and len(shape.pieces) == 4
    assert report.closed_gaps == 0 and _closed(shape)


def test_an_arc_that_closes_on_itself_becomes_a_circle() -> None:
    """A cut arc whose ends are 0.001 mm apart is a circle; one 1 mm short stays open."""
    nearly = Arc(5.0, 5.0, 3.0, 0.0, 2 * math.pi - 0.001 / 3.0)
    short = Arc(50.0, 5.0, 3.0, 0.0, 2 * math.pi - 1.0 / 3.0)
    cleaned, report = clean_part(_part(("CUT_INNER", nearly), ("CUT_INNER", short)))
    assert _shapes(cleaned, "CUT_INNER") == [Circle(5.0, 5.0, 3.0), short]
    assert report.open_cuts == 1 and report.closed_gaps == 0


def test_score_runs_become_polylines_and_keep_their_weight() -> None:
    part = Part("t", 100.0, 100.0, (50.0, 50.0))
    part.add("SCORE", Segment((0.0, 0.0), (10.0, 0.0)), "heavy")
    part.add("SCORE", Segment((15.0, -5.0), (15.0, 0.0)), "heavy")
    part.add("SCORE", Segment((5.0, 0.0), (15.0, 0.0)), "fine")  # keeps 10..15
    part.add("SCORE", Segment((15.0, -5.0), (15.0, 10.0)), "heavy")  # keeps 0..10
    cleaned, report = clean_part(part)
    items = cleaned.items("SCORE")
    runs = [it for it in items if isinstance(it.shape, Polyline)]
    assert len(runs) == 1 and runs[0].weight == "fine"  # the weight of the run's first piece
    assert sorted(runs[0].shape.points) == [(10.0, 0.0), (15.0, 0.0), (15.0, 10.0)]
    assert not runs[0].shape.closed
    assert _total([it.shape for it in items]) == pytest.approx(10.0 + 5.0 + 5.0 + 10.0)
    assert report.removed_mm == pytest.approx(5.0 + 5.0) and report.open_cuts == 0


def test_score_chains_with_arcs_stay_pieces() -> None:
    arc = Arc(0.0, 0.0, 5.0, 0.0, 1.0)
    seg = Segment(arc.end, (0.0, 20.0))
    part = _part(("SCORE", arc), ("SCORE", arc), ("SCORE", seg))
    cleaned, _ = clean_part(part)
    out = _shapes(cleaned, "SCORE")
    assert sorted(type(s).__name__ for s in out) == ["Arc", "Segment"]
    assert _total(out) == pytest.approx(5.0 + seg.length_mm)


def test_overlap_free_length_is_zero_once_clean() -> None:
    part = _part(("SCORE", Circle(0.0, 0.0, 5.0)), ("SCORE", Circle(0.0, 0.0, 5.0)))
    assert overlap_free_length(part) == pytest.approx(10 * math.pi)
    assert overlap_free_length(clean_part(part)[0]) == 0.0


def _line_segment(theta: float, offset: float, length: float = 50.0) -> Segment:
    """The segment of the given length from the foot of the line {p : n . p = offset},
    n = (-sin theta, cos theta), in direction theta."""
    u = (math.cos(theta), math.sin(theta))
    n = (-u[1], u[0])
    p0 = (offset * n[0], offset * n[1])
    return Segment(p0, (p0[0] + length * u[0], p0[1] + length * u[1]))


@pytest.mark.parametrize(
    "first,second",
    [
        ((0.30049, 6.0), (0.30051, 6.0)),  # directions in neighbouring cells (1e-3 rad), up
        ((0.30051, 6.0), (0.30049, 6.0)),  # and down
        ((0.3, 0.05 * 120.48), (0.3, 0.05 * 120.52)),  # offsets in neighbouring 0.05 mm cells
        ((0.3, 0.05 * 120.52), (0.3, 0.05 * 120.48)),
    ],
)
def test_the_same_line_is_found_in_a_neighbouring_cell(first, second) -> None:
    """Two 50 mm segments within 0.002 mm of each other on either side of a cell edge of the
    line index are the same line."""
    a, b = _line_segment(*first), _line_segment(*second)
    assert max(abs(_signed(a, b.p0)), abs(_signed(a, b.p1))) < TOL
    cleaned, report = clean_part(_part(("SCORE", a), ("SCORE", b)))
    assert _shapes(cleaned, "SCORE") == [a]
    assert report.removed_mm == pytest.approx(50.0)


TOL = 0.01


def _signed(seg: Segment, p) -> float:
    (x0, y0), (x1, y1) = seg.p0, seg.p1
    return ((p[0] - x0) * (y1 - y0) - (p[1] - y0) * (x1 - x0)) / seg.length_mm


def test_chains_take_pieces_the_other_way_round_and_join_them_exactly() -> None:
    """Pieces meeting within 0.01 mm, one of them drawn backwards, one arc: the contour runs
    through them in one sense and every piece starts exactly where the one before ended."""
    arc = Arc(5.0, 10.0, 5.0, 0.0, math.pi)  # (10, 10) down through (5, 15) to (0, 10)
    pieces = [
        Segment((0.0, 0.004), (10.0, 0.0)),  # 0.004 mm off the corner where the last ends
        Segment((10.0, 0.0), (10.003, 10.002)),  # ends 0.0036 mm from the arc's start
        arc,
        Segment((0.0, 0.0), (0.0, 10.0)),  # backwards: from the start to the arc's end
    ]
    cleaned, report = clean_part(_part(*(("CUT_INNER", p) for p in pieces)))
    (shape,) = _shapes(cleaned, "CUT_INNER")
    assert isinstance(shape, Contour) and len(shape.pieces) == 4
    for a, b in itertools.pairwise([*shape.pieces, shape.pieces[0]]):
        assert a.end == b.start  # exactly
    assert shape.length_mm == pytest.approx(30.0 + 5.0 * math.pi, abs=0.02)
    assert report.closed_gaps == 0 and report.open_cuts == 0


def test_a_cut_chain_beginning_with_an_arc_is_a_contour() -> None:
    """A 'D': an arc and its chord, arc first; closed, it is a contour (not the arc's circle)."""
    arc = Arc(0.0, 0.0, 5.0, -math.pi / 2.0, math.pi)  # (0, -5) through (5, 0) to (0, 5)
    chord = Segment((0.0, 5.0), (0.0, -5.0))
    part = _part(("CUT_INNER", arc), ("CUT_INNER", chord))
    cleaned, _ = clean_part(part)
    (shape,) = _shapes(cleaned, "CUT_INNER")
    assert isinstance(shape, Contour)
    assert shape.length_mm == pytest.approx(5.0 * math.pi + 10.0)


def test_every_closed_gap_is_counted() -> None:
    squares = []
    for x in (0.0, 50.0, 100.0):
        pts = [(x, 0.0), (x + 10.0, 0.0), (x + 10.0, 10.0), (x, 10.0), (x, 0.03)]
        squares += [("CUT_INNER", Segment(a, b)) for a, b in itertools.pairwise(pts)]
    cleaned, report = clean_part(_part(*squares))
    assert report.closed_gaps == 3 and report.open_cuts == 0
    assert all(_closed(s) for s in _shapes(cleaned, "CUT_INNER"))


def test_two_half_circles_cut_make_one_closed_outline() -> None:
    upper = Arc(20.0, 20.0, 8.0, math.pi, math.pi)
    lower = Arc(20.0, 20.0, 8.0, 0.0, math.pi)
    cleaned, report = clean_part(_part(("CUT_OUTER", upper), ("CUT_OUTER", lower)))
    (shape,) = _shapes(cleaned, "CUT_OUTER")
    assert _closed(shape) and shape.length_mm == pytest.approx(16.0 * math.pi)
    assert report.open_cuts == 0 and report.removed_mm == 0.0


def test_a_run_takes_the_weight_of_the_piece_it_starts_with() -> None:
    """Two loose pieces joined end to start (the second drawn before the first on the path):
    the run starts with the vertical piece and has its weight."""
    part = Part("t", 100.0, 100.0, (50.0, 50.0))
    part.add("SCORE", Segment((0.0, 0.0), (5.0, 0.0)), "heavy")
    part.add("SCORE", Segment((5.0, -10.0), (5.0, -5.0)), "fine")
    part.add("SCORE", Segment((3.0, 0.0), (10.0, 0.0)), "heavy")  # keeps (5, 0)-(10, 0)
    part.add("SCORE", Segment((5.0, -8.0), (5.0, 0.0)), "fine")  # keeps (5, -5)-(5, 0)
    cleaned, _ = clean_part(part)
    (run,) = [it for it in cleaned.items("SCORE") if isinstance(it.shape, Polyline)]
    assert run.shape.points[0] == pytest.approx((5.0, -5.0))
    assert run.shape.points[-1] == pytest.approx((10.0, 0.0))
    assert run.weight == "fine"


@pytest.mark.parametrize(
    "covered", [[(1.0, 1.5), (2.5, 3.0), (4.0, 4.5)], [(1.0, 5.5), (5.8, 6.7)]]
)
def test_what_is_left_of_a_circle_is_one_arc_per_gap(covered) -> None:
    """Arcs drawn first cover parts of a circle drawn after them; what is left of the circle is
    one arc between each two covered parts, the one through angle 0 included, and nothing else."""
    r = 10.0
    arcs = [Arc(0.0, 0.0, r, a, b - a) for a, b in covered]
    part = _part(*(("SCORE", a) for a in arcs), ("SCORE", Circle(0.0, 0.0, r)))
    cleaned, report = clean_part(part)
    rest = [s for s in _shapes(cleaned, "SCORE") if s not in arcs]
    assert len(rest) == len(covered)
    covered_rad = sum(b - a for a, b in covered)
    assert _total(rest) == pytest.approx(r * (2 * math.pi - covered_rad))
    assert report.removed_mm == pytest.approx(r * covered_rad)
    assert overlap_length_mm(_shapes(cleaned, "SCORE")) < 0.01


def test_short_pieces_of_a_touched_line_stay() -> None:
    """A polyline whose long piece is half covered keeps its 0.5 mm piece, and a circle left
    with 0.5 mm of itself keeps that; only slivers under 0.01 mm go."""
    part = _part(
        ("SCORE", Segment((0.0, 0.0), (5.0, 0.0))),
        ("SCORE", Polyline(((0.0, 0.0), (10.0, 0.0), (10.0, 0.5)))),
        ("SCORE", Arc(50.0, 50.0, 10.0, 0.0, 2 * math.pi - 0.05)),
        ("SCORE", Circle(50.0, 50.0, 10.0)),
        ("SCORE", Arc(0.0, 50.0, 10.0, 0.0, 2 * math.pi - 0.0005)),
        ("SCORE", Circle(0.0, 50.0, 10.0)),  # leaves 0.005 mm: a sliver
    )
    cleaned, report = clean_part(part)
    out = _shapes(cleaned, "SCORE")
    assert _total(out) == pytest.approx(5.0 + 5.5 + 10.0 * 2 * math.pi + 10.0 * 2 * math.pi - 0.005)
    # the second circle loses the arc drawn before it and its 0.005 mm sliver: all of it
    assert report.removed_mm == pytest.approx(
        5.0 + 10.0 * (2 * math.pi - 0.05) + 10.0 * 2 * math.pi
    )


@pytest.mark.parametrize("other", [((9.5, 0.0), (20.0, 0.0)), ((-10.0, 0.0), (0.5, 0.0))])
def test_an_overlap_of_half_a_millimetre_is_removed(other) -> None:
    """At either end of the later segment."""
    a = Segment((0.0, 0.0), (10.0, 0.0))
    cleaned, report = clean_part(_part(("SCORE", a), ("SCORE", Segment(*other))))
    assert report.removed_mm == pytest.approx(0.5)
    assert overlap_length_mm(_shapes(cleaned, "SCORE")) < 0.01


def test_a_segment_with_two_holes_covered_keeps_three_pieces() -> None:
    covers = [Segment((4.0, 0.0), (5.0, 0.0)), Segment((7.0, 0.0), (8.0, 0.0))]
    long = Segment((0.0, 0.0), (10.0, 0.0))
    cleaned, report = clean_part(_part(*(("SCORE", c) for c in covers), ("SCORE", long)))
    rest = [s for s in _shapes(cleaned, "SCORE") if s not in covers]
    assert len(rest) == 3 and _total(rest) == pytest.approx(8.0)
    assert report.removed_mm == pytest.approx(2.0)


def test_every_sliver_and_open_cut_is_counted_and_nothing_after_them_lost() -> None:
    part = _part(
        ("SCORE", Segment((5.0, 5.0), (5.0005, 5.0))),
        ("SCORE", Segment((6.0, 5.0), (6.0007, 5.0))),
        ("SCORE", Segment((0.0, 20.0), (10.0, 20.0))),  # after the slivers: kept
        ("CUT_OUTER", Segment((0.0, 40.0), (10.0, 40.0))),  # open
        ("CUT_INNER", Segment((0.0, 60.0), (10.0, 60.0))),  # open
    )
    cleaned, report = clean_part(part)
    assert _shapes(cleaned, "SCORE") == [Segment((0.0, 20.0), (10.0, 20.0))]
    assert report.removed_mm == pytest.approx(0.0012)
    assert report.open_cuts == 2


def test_a_contour_with_a_point_piece_keeps_what_follows_it() -> None:
    pts = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (10.0, 10.0), (0.0, 10.0)]
    sides = [Segment(a, b) for a, b in itertools.pairwise([*pts, pts[0]])]
    part = _part(
        ("CUT_OUTER", Segment((0.0, 0.0), (10.0, 0.0))), ("CUT_OUTER", Contour(tuple(sides)))
    )
    cleaned, report = clean_part(part)
    out = _shapes(cleaned, "CUT_OUTER")
    assert _total(out) == pytest.approx(40.0) and report.removed_mm == pytest.approx(10.0)
    assert overlap_length_mm(out) < 0.01


@pytest.mark.parametrize("shift", [(-0.009, 0, 0), (0, 0, -0.009)])
@pytest.mark.parametrize("base", [0.0, 0.026])
def test_near_identical_circles_one_cell_down(shift, base: float) -> None:
    a = Circle(50.0 + base, 50.0 + base, 20.0 + base)
    b = Circle(a.cx + shift[0], a.cy + shift[1], a.r + shift[2])
    cleaned, _ = clean_part(_part(("CUT_OUTER", a), ("CUT_OUTER", b)))
    assert _shapes(cleaned, "CUT_OUTER") == [a]


@pytest.mark.parametrize("degrees", [0, 30, 90, 120, 180, 250, 270, 300, 0.003, -0.003, 89.997])
def test_a_segment_and_its_reverse_are_one_line_in_every_direction(degrees: float) -> None:
    t = math.radians(degrees)
    a = Segment((20.0, 30.0), (20.0 + 40.0 * math.cos(t), 30.0 + 40.0 * math.sin(t)))
    cleaned, report = clean_part(_part(("SCORE", a), ("SCORE", a.reversed())))
    assert _shapes(cleaned, "SCORE") == [a] and report.removed_mm == pytest.approx(40.0)


@pytest.mark.parametrize("up_first", [True, False])
def test_nearly_horizontal_segments_leaning_apart_are_one_line(up_first: bool) -> None:
    up = Segment((10.0, 50.0), (50.0, 49.996))
    down = Segment((25.0, 49.9985), (45.0, 49.9995))
    first, second = (up, down) if up_first else (down, up)
    _, report = clean_part(_part(("SCORE", first), ("SCORE", second)))
    assert report.removed_mm == pytest.approx(20.0, abs=1e-6)


def test_a_line_from_a_point_of_another_is_another_line() -> None:
    """Starting on a line and leaving it by 0.025 mm over 50 mm is not running along it."""
    a = Segment((0.0, 0.0), (100.0, 0.0))
    b = Segment((10.0, 0.0), (60.0, 0.025))
    cleaned, report = clean_part(_part(("SCORE", a), ("SCORE", b)))
    assert _shapes(cleaned, "SCORE") == [a, b] and report.removed_mm == 0.0
