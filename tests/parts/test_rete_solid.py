"""rete_solid: fine circle polygons, rings and strips, the exact tracing of shapely rings back
to arcs and segments, and the minimum-web test, each against shapes whose answer is known
by hand."""

from __future__ import annotations

import math

import pytest
import shapely
from shapely.geometry import Polygon

from astrolabe_fab.geometry.primitives import Arc, Circle, Line, Segment
from astrolabe_fab.parts.rete_solid import (
    SAGITTA_MM,
    ContourStats,
    annulus,
    circle_polygon,
    edge_labels,
    edge_runs,
    largest_polygon,
    ring_to_contour,
    run_corners,
    strip,
    web_problem,
    web_problem_at,
)


@pytest.mark.parametrize("r", [0.5, 3.0, 40.0, 400.0])
def test_circle_polygon_vertices_on_the_circle_and_chords_within_the_sagitta(r: float) -> None:
    poly = circle_polygon(Circle(1.0, -2.0, r))
    pts = list(poly.exterior.coords)[:-1]
    assert len(pts) % 4 == 0 and len(pts) >= 64
    assert max(abs(math.dist(p, (1.0, -2.0)) - r) for p in pts) < 1e-9
    chord = math.dist(pts[0], pts[1])
    assert r - math.sqrt(r * r - chord * chord / 4.0) <= SAGITTA_MM + 1e-12
    assert poly.area == pytest.approx(math.pi * r * r, rel=2.0 * SAGITTA_MM / r + 1e-9)


def test_annulus_area_and_hole() -> None:
    ring = annulus(0.0, 0.0, 3.0, 5.0)
    assert len(ring.interiors) == 1
    # each chord cuts off at most a sagitta: the area is short by less than perimeter x sagitta
    assert 0.0 < math.pi * 16.0 - ring.area < 2.0 * math.pi * 8.0 * SAGITTA_MM
    assert not ring.contains(shapely.Point(0.0, 0.0))
    assert ring.contains(shapely.Point(4.0, 0.0))


def test_strip_is_centred_with_its_edges_as_lines() -> None:
    poly, (left, right) = strip((0.0, 0.0), (10.0, 0.0), 2.0)
    assert poly.area == pytest.approx(20.0)
    assert poly.bounds == pytest.approx((0.0, -1.0, 10.0, 1.0))
    assert {round(left.py, 9), round(right.py, 9)} == {1.0, -1.0}
    assert abs(left.dx) == pytest.approx(1.0) and left.dy == pytest.approx(0.0)


def _traced_area(contour) -> float:  # type: ignore[no-untyped-def]
    pts = []
    for piece in contour.pieces:
        if isinstance(piece, Arc):
            n = max(4, int(abs(piece.sweep_rad) * piece.r / 0.01))
            pts += [piece.point_at(piece.start_rad + piece.sweep_rad * k / n) for k in range(n)]
        else:
            pts.append(piece.p0)
    return Polygon(pts).area


def test_a_bar_across_a_disc_traces_to_two_arcs_and_two_segments_meeting_exactly() -> None:
    disc = Circle(0.0, 0.0, 10.0)
    bar, edges = strip((-20.0, 0.0), (20.0, 0.0), 4.0)
    shape = circle_polygon(disc).intersection(bar)
    stats = ContourStats()
    contour = ring_to_contour(list(shape.exterior.coords), [disc, *edges], stats)
    assert (stats.arcs, stats.segments, stats.fallback) == (2, 2, 0)
    corner_x = math.sqrt(100.0 - 4.0)
    for piece in contour.pieces:
        for p in (piece.start, piece.end):
            assert abs(abs(p[1]) - 2.0) < 1e-12  # corners on the bar's edges exactly
            assert abs(abs(p[0]) - corner_x) < 1e-12  # and on the circle exactly
    # pieces follow each other end to start
    pieces = contour.pieces
    for a, b in zip(pieces, pieces[1:] + pieces[:1], strict=True):
        assert math.dist(a.end, b.start) < 1e-12
    exact = 2.0 * (corner_x * 2.0 + 100.0 * math.asin(0.2))  # area of the disc's band |y| <= 2
    assert _traced_area(contour) == pytest.approx(exact, rel=1e-5)


def test_a_full_circle_traces_to_one_full_turn() -> None:
    c = Circle(5.0, 5.0, 2.0)
    contour = ring_to_contour(list(circle_polygon(c).exterior.coords), [c])
    assert len(contour.pieces) == 1
    arc = contour.pieces[0]
    assert isinstance(arc, Arc) and abs(abs(arc.sweep_rad) - 2.0 * math.pi) < 1e-12


def test_an_edge_on_no_generator_is_kept_and_counted_as_fallback() -> None:
    square = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)]
    stats = ContourStats()
    contour = ring_to_contour([*square, square[0]], [Line.through((0.0, 0.0), (4.0, 0.0))], stats)
    assert stats.segments == 1 and stats.fallback == 3
    assert all(isinstance(p, Segment) for p in contour.pieces)
    assert _traced_area(contour) == pytest.approx(16.0)


def test_edge_labels_runs_and_exact_corners() -> None:
    bottom, right = Line.through((0.0, 0.0), (1.0, 0.0)), Line.through((4.0, 0.0), (4.0, 1.0))
    pts = [(0.0, 0.0), (2.0, 0.0), (4.0, 0.0), (4.0, 3.0)]
    labels = edge_labels(pts, [bottom, right], 1e-6)
    assert labels == [0, 0, 1, -1]
    runs = edge_runs(pts, labels)
    assert [r[0] for r in runs] == [0, 1, -1]
    assert runs[0][1] == [(0.0, 0.0), (2.0, 0.0), (4.0, 0.0)]
    slightly_off = [(0.0, 0.0), (2.0, 0.0), (4.0 + 1e-4, 1e-4), (4.0, 3.0)]
    corners = run_corners(edge_runs(slightly_off, labels), [bottom, right], 1e-3)
    assert corners[1] == pytest.approx((4.0, 0.0), abs=1e-12)  # recomputed, not the vertex
    assert corners[0] == (0.0, 0.0)  # next to an unmatched edge: the vertex itself


def test_web_check_finds_a_thin_neck_and_where_it_is() -> None:
    left = shapely.box(0.0, 0.0, 10.0, 10.0)
    right = shapely.box(20.0, 0.0, 30.0, 10.0)
    neck = shapely.box(10.0, 4.5, 20.0, 5.5)  # 1 mm wide
    solid = shapely.union_all([left, right, neck])
    found = web_problem_at(solid, [], 1.5)
    assert found is not None and "narrower" in found[0]
    assert web_problem_at(solid, [], 0.9) is None
    wide = shapely.union_all([left, right, shapely.box(10.0, 4.0, 20.0, 6.0)])
    assert web_problem(wide, [(15.0, 5.0)], 1.5) is None
    # a skeleton point on a bar that an opening removes is reported with its place
    stub = shapely.union_all([left, shapely.box(10.0, 4.5, 14.0, 5.5)])
    found = web_problem_at(stub, [(13.0, 5.0)], 1.5)
    assert found is not None and found[1] == (13.0, 5.0)


def test_largest_polygon_picks_the_biggest_piece() -> None:
    pieces = shapely.union_all([shapely.box(0, 0, 1, 1), shapely.box(5, 5, 8, 8)])
    assert largest_polygon(pieces).area == pytest.approx(9.0)
    with pytest.raises(ValueError):
        largest_polygon(shapely.LineString([(0, 0), (1, 1)]))
