"""Exact intersections and clipping, checked against brute-force sampling."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from astrolabe_fab.geometry.primitives import (
    Arc,
    Circle,
    Line,
    OutsideBox,
    Region,
    Segment,
    circle_circle_intersections,
    circle_line_intersections,
    circle_through,
    clip_circle,
    clip_polyline,
    clip_segment,
    mirror_x,
)

coord = st.floats(-50, 50, allow_nan=False)
radius = st.floats(0.5, 60, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(coord, coord, radius, coord, coord, radius)
def test_circle_circle_points_lie_on_both(ax, ay, ar, bx, by, br) -> None:
    a, b = Circle(ax, ay, ar), Circle(bx, by, br)
    for p in circle_circle_intersections(a, b):
        assert abs(math.dist(p, a.center) - a.r) < 1e-6
        assert abs(math.dist(p, b.center) - b.r) < 1e-6
    d = math.dist(a.center, b.center)
    if abs(a.r - b.r) + 1e-6 < d < a.r + b.r - 1e-6:
        assert len(circle_circle_intersections(a, b)) == 2


@settings(max_examples=200, deadline=None)
@given(coord, coord, radius, coord, coord, st.floats(0, 2 * math.pi))
def test_circle_line_points_lie_on_both(cx, cy, r, px, py, angle) -> None:
    c = Circle(cx, cy, r)
    line = Line(px, py, math.cos(angle), math.sin(angle))
    pts = circle_line_intersections(c, line)
    for p in pts:
        assert abs(math.dist(p, c.center) - r) < 1e-6
        assert abs(line.signed_distance(p)) < 1e-6
    if abs(line.signed_distance(c.center)) < r - 1e-6:
        assert len(pts) == 2


def test_circle_through_three_points_and_collinear_gives_line() -> None:
    c = circle_through((1, 0), (0, 1), (-1, 0))
    assert isinstance(c, Circle)
    assert math.isclose(c.r, 1) and abs(c.cx) < 1e-12 and abs(c.cy) < 1e-12
    assert isinstance(circle_through((0, 0), (1, 1), (2, 2)), Line)


def _covered(pieces, point, tol=1e-6) -> bool:
    for piece in pieces:
        if isinstance(piece, Circle):
            return True
        t = math.atan2(point[1] - piece.cy, point[0] - piece.cx)
        if (t - piece.start_rad) % (2 * math.pi) <= piece.sweep_rad + tol:
            return True
    return False


@settings(max_examples=150, deadline=None)
@given(
    coord,
    coord,
    radius,
    st.lists(st.tuples(coord, coord, radius, st.booleans()), min_size=1, max_size=4),
)
def test_clip_circle_matches_brute_force(cx, cy, r, specs) -> None:
    circle = Circle(cx, cy, r)
    regions = [Region(Circle(x, y, rr), inside) for x, y, rr, inside in specs]
    pieces = clip_circle(circle, regions)
    for k in range(720):
        t = 2 * math.pi * (k + 0.5) / 720
        p = circle.point_at(t)
        # skip points too close to a boundary to decide
        if any(abs(math.dist(p, reg.boundary.center) - reg.boundary.r) < 1e-3 for reg in regions):
            continue
        expected = all(reg.contains(p) for reg in regions)
        assert _covered(pieces, p) == expected
    for piece in pieces:
        if isinstance(piece, Arc):
            assert 0 < piece.sweep_rad < 2 * math.pi


def test_clip_segment_by_box_and_circle() -> None:
    seg = Segment((0, 0), (10, 0))
    box = OutsideBox(((4, -1), (6, -1), (6, 1), (4, 1)))
    pieces = clip_segment(seg, [box, Region(Circle(0, 0, 9), True)])
    assert [(round(p.p0[0], 9), round(p.p1[0], 9)) for p in pieces] == [(0, 4), (6, 9)]


def test_clip_polyline_cuts_exactly_at_box_edges() -> None:
    pts = [(x * 0.7, 0.0) for x in range(20)]
    box = OutsideBox(((3, -1), (5, -1), (5, 1), (3, 1)))
    runs = clip_polyline(pts, [box])
    assert len(runs) == 2
    assert math.isclose(runs[0].points[-1][0], 3) and math.isclose(runs[1].points[0][0], 5)


def test_mirror_arc_keeps_its_points() -> None:
    arc = Arc(3, 4, 5, 0.3, 1.2)
    m = mirror_x(arc, 10.0)
    for p, q in ((arc.start, m.start), (arc.end, m.end), (arc.mid, m.mid)):
        assert math.isclose(q[0], 20 - p[0], abs_tol=1e-9) and math.isclose(q[1], p[1])
