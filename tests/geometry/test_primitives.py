"""Exact intersections and clipping, checked against brute-force sampling."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from astrolabe_fab.geometry.primitives import (
    MIN_PIECE_MM,
    TAU,
    Arc,
    Circle,
    Contour,
    FilledPolygon,
    Line,
    OutsideBox,
    Polyline,
    Region,
    Segment,
    _box_crossings,
    _merge_arc_pieces,
    _unique_sorted_angles,
    arc_between,
    chord,
    circle_circle_intersections,
    circle_line_intersections,
    circle_through,
    clip_circle,
    clip_curve,
    clip_polyline,
    clip_segment,
    intersections,
    line_line_intersection,
    mirror_x,
    shape_bbox,
    transform_point,
    translate,
)
from tests.independent import distance_to_shape, sample_shape

coord = st.floats(-50, 50, allow_nan=False)
radius = st.floats(0.5, 60, allow_nan=False)


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


# --------------------------------------------------------------------------- the primitives


def test_polyline_ends_length_and_reversal() -> None:
    pts = ((0.0, 0.0), (3.0, 4.0), (3.0, 10.0))
    open_line = Polyline(pts)
    closed = Polyline(pts, closed=True)
    assert open_line.start == (0.0, 0.0) and open_line.end == (3.0, 10.0)
    assert closed.start == (0.0, 0.0) and closed.end == (0.0, 0.0)
    assert math.isclose(open_line.length_mm, 5.0 + 6.0)
    assert math.isclose(closed.length_mm, 5.0 + 6.0 + math.hypot(3.0, 10.0))
    back = open_line.reversed()
    assert back.points == tuple(reversed(pts)) and back.start == open_line.end
    assert closed.reversed().closed


def test_arc_segment_contour_by_their_points() -> None:
    arc = Arc(1.0, 2.0, 3.0, 0.5, -2.0)
    assert math.dist(arc.start, (1 + 3 * math.cos(0.5), 2 + 3 * math.sin(0.5))) < 1e-12
    assert math.dist(arc.end, (1 + 3 * math.cos(-1.5), 2 + 3 * math.sin(-1.5))) < 1e-12
    assert math.dist(arc.mid, (1 + 3 * math.cos(-0.5), 2 + 3 * math.sin(-0.5))) < 1e-12
    assert arc.center == (1.0, 2.0) and math.isclose(arc.length_mm, 6.0)
    back = arc.reversed()
    assert math.dist(back.start, arc.end) < 1e-12 and math.dist(back.end, arc.start) < 1e-12
    assert math.dist(back.mid, arc.mid) < 1e-12
    seg = Segment((1.0, 1.0), (4.0, 5.0))
    assert seg.start == (1.0, 1.0) and seg.end == (4.0, 5.0) and seg.mid == (2.5, 3.0)
    assert math.isclose(seg.length_mm, 5.0) and seg.point_at(0.2) == pytest.approx((1.6, 1.8))
    assert seg.reversed() == Segment((4.0, 5.0), (1.0, 1.0))
    square = [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0), (0.0, 4.0)]
    contour = Contour(
        tuple(Segment(a, b) for a, b in zip(square, square[1:] + square[:1], strict=True))
    )
    assert contour.start == (0.0, 0.0) and contour.end == (0.0, 0.0)
    assert math.isclose(contour.length_mm, 16.0)
    rev = contour.reversed()
    assert rev.pieces[0] == Segment((0.0, 0.0), (0.0, 4.0)) and rev.start == (0.0, 0.0)
    circle = Circle(1.0, -1.0, 2.0)
    assert math.isclose(circle.length_mm, 4 * math.pi) and circle.center == (1.0, -1.0)
    assert math.isclose(circle.angle_of(circle.point_at(2.0)), 2.0)


def test_line_through_param_and_signed_distance() -> None:
    line = Line.through((1.0, 1.0), (4.0, 5.0))
    assert (line.dx, line.dy) == pytest.approx((0.6, 0.8))
    assert line.point_at(5.0) == pytest.approx((4.0, 5.0))
    assert line.param_of((4.0, 5.0)) == pytest.approx(5.0)
    # page frame (y down): the left of a direction (0.6, 0.8) is towards (+0.8, -0.6)
    assert line.signed_distance((1.0 + 0.8 * 2, 1.0 - 0.6 * 2)) == pytest.approx(2.0)


def _all_shapes() -> list:
    arc = Arc(3.0, 4.0, 5.0, 0.3, 1.2)
    return [
        Circle(3.0, 4.0, 5.0),
        arc,
        Arc(-2.0, 1.0, 2.0, 4.0, -2.5),
        Segment((1.0, 2.0), (7.0, -3.0)),
        Polyline(((0.0, 0.0), (2.0, 1.0), (5.0, -2.0)), closed=False),
        Polyline(((0.0, 0.0), (2.0, 1.0), (5.0, -2.0)), closed=True),
        Contour((Segment(arc.end, arc.start), arc)),
        FilledPolygon((((0.0, 0.0), (2.0, 0.0), (2.0, 3.0)), ((5.0, 5.0), (6.0, 5.0), (6.0, 7.0)))),
    ]


def _mapped_onto(shape, image, f) -> None:
    """Every sampled point of ``shape`` mapped by ``f`` lies on ``image``, ends map to ends."""
    if isinstance(shape, FilledPolygon):
        assert isinstance(image, FilledPolygon)
        assert image.rings == tuple(tuple(f(p) for p in ring) for ring in shape.rings)
        return
    assert type(image) is type(shape)
    for p in sample_shape(shape, 0.2):
        assert distance_to_shape(f(p), image) < 1e-9
    for q in sample_shape(image, 0.2):  # and nothing else is on the image
        assert min(math.dist(q, f(p)) for p in sample_shape(shape, 0.05)) < 0.05
    if not isinstance(shape, Circle):
        assert math.dist(f(shape.start), image.start) < 1e-9
        assert math.dist(f(shape.end), image.end) < 1e-9
    if isinstance(shape, Polyline):
        assert image.closed == shape.closed


@pytest.mark.parametrize("shape", _all_shapes(), ids=lambda s: type(s).__name__)
def test_mirror_x_of_every_shape(shape) -> None:
    axis = 10.0
    _mapped_onto(shape, mirror_x(shape, axis), lambda p: (2 * axis - p[0], p[1]))


@pytest.mark.parametrize("shape", _all_shapes(), ids=lambda s: type(s).__name__)
def test_translate_every_shape(shape) -> None:
    _mapped_onto(shape, translate(shape, 2.5, -4.0), lambda p: (p[0] + 2.5, p[1] - 4.0))


def test_transform_point_is_the_svg_matrix() -> None:
    # SVG matrix(a b c d e f): x' = a x + c y + e, y' = b x + d y + f
    assert transform_point((2.0, 3.0), (1.0, 2.0, 3.0, 4.0, 5.0, 6.0)) == (16.0, 22.0)


def _sampled_bbox(shape, step: float = 0.001) -> tuple[float, float, float, float]:
    pts = np.asarray(sample_shape(shape, step))
    return (*pts.min(axis=0), *pts.max(axis=0))


@pytest.mark.parametrize("shape", _all_shapes(), ids=lambda s: type(s).__name__)
def test_shape_bbox_of_every_shape(shape) -> None:
    if isinstance(shape, FilledPolygon):
        pts = np.asarray([p for ring in shape.rings for p in ring])
        expected = (*pts.min(axis=0), *pts.max(axis=0))
    else:
        expected = _sampled_bbox(shape)
    assert shape_bbox(shape) == pytest.approx(expected, abs=1e-6)


# --------------------------------------------------------------------------- constructions


@pytest.mark.parametrize(
    "a,b,c", [((0, 0), (0, 0), (2, 2)), ((0, 0), (2, 2), (0, 0)), ((0, 0), (1, 1), (3, 3))]
)
def test_circle_through_repeated_or_collinear_points_is_their_line(a, b, c) -> None:
    line = circle_through(a, b, c)
    assert isinstance(line, Line)
    for p in (a, b, c):
        assert abs(line.signed_distance(p)) < 1e-12


def test_circle_through_almost_collinear_points_is_still_a_circle() -> None:
    shape = circle_through((-10.0, 0.0), (0.0, 1e-4), (10.0, 0.0))
    assert isinstance(shape, Circle)
    assert math.isclose(shape.r, (100.0 + 1e-8) / 2e-4, rel_tol=1e-6)


def test_arc_between_turns_with_increasing_angle() -> None:
    c = Circle(0.0, 0.0, 2.0)
    arc = arc_between(c, 5.5, 0.5)
    assert arc.start_rad == 5.5 and math.isclose(arc.sweep_rad, 0.5 + 2 * math.pi - 5.5)
    assert (arc.cx, arc.cy, arc.r) == (0.0, 0.0, 2.0)
    assert math.isclose(arc_between(c, 0.5, 1.5).sweep_rad, 1.0)


# --------------------------------------------------------------------------- intersections


def test_tangent_and_disjoint_circles() -> None:
    a = Circle(0.0, 0.0, 5.0)
    assert circle_circle_intersections(a, Circle(8.0, 0.0, 3.0)) == [pytest.approx((5.0, 0.0))]
    assert circle_circle_intersections(a, Circle(2.0, 0.0, 3.0)) == [pytest.approx((5.0, 0.0))]
    assert circle_circle_intersections(Circle(2.0, 0.0, 3.0), a) == [pytest.approx((5.0, 0.0))]
    assert circle_circle_intersections(a, Circle(9.0, 0.0, 3.0)) == []  # apart
    # touching from outside within the tolerance (the chord's half-length squared below 0)
    assert circle_circle_intersections(a, Circle(8.0 + 5e-10, 0.0, 3.0)) == [
        pytest.approx((5.0, 0.0))
    ]
    assert circle_circle_intersections(a, Circle(1.0, 0.0, 1.0)) == []  # inside
    assert circle_circle_intersections(a, Circle(0.0, 0.0, 3.0)) == []  # concentric
    # a huge circle (a horizon near the equator) keeps its digits: both points on both
    big = Circle(0.0, 1e10 + 1.0, 1e10)
    pts = circle_circle_intersections(Circle(0.0, 0.0, 5.0), big)
    assert len(pts) == 2
    for p in pts:
        assert abs(math.hypot(*p) - 5.0) < 1e-9 and abs(p[1] - 1.0) < 1e-6


def test_circle_line_tangent_miss_and_chord() -> None:
    c = Circle(0.0, 0.0, 5.0)
    tangent = Line(-10.0, 5.0, 1.0, 0.0)
    assert circle_line_intersections(c, tangent) == [pytest.approx((0.0, 5.0))]
    assert circle_line_intersections(c, Line(-10.0, 6.0, 1.0, 0.0)) == []
    pts = circle_line_intersections(c, Line(-10.0, 3.0, 1.0, 0.0))
    assert sorted(pts) == [pytest.approx((-4.0, 3.0)), pytest.approx((4.0, 3.0))]
    assert chord(Line(-10.0, 3.0, 1.0, 0.0), c).length_mm == pytest.approx(8.0)
    assert chord(tangent, c) is None and chord(Line(-10.0, 6.0, 1.0, 0.0), c) is None


def test_line_line_and_the_dispatcher() -> None:
    a = Line(0.0, 0.0, 1.0, 0.0)
    b = Line.through((2.0, -1.0), (2.0, 3.0))
    assert line_line_intersection(a, b) == pytest.approx((2.0, 0.0))
    assert line_line_intersection(a, Line(0.0, 1.0, -1.0, 0.0)) is None
    assert intersections(a, b) == [pytest.approx((2.0, 0.0))]
    assert intersections(a, Line(5.0, 1.0, 1.0, 0.0)) == []
    c = Circle(2.0, 0.0, 1.0)
    assert sorted(intersections(a, c)) == sorted(intersections(c, a))
    assert sorted(intersections(a, c)) == [pytest.approx((1.0, 0.0)), pytest.approx((3.0, 0.0))]
    d = Circle(3.0, 0.0, 1.0)
    assert len(intersections(c, d)) == 2


# --------------------------------------------------------------------------- regions


def test_region_sides_and_complement() -> None:
    disc = Region(Circle(0.0, 0.0, 2.0), True)
    assert disc.contains((1.0, 1.0)) and not disc.contains((2.0, 1.0))
    assert disc.contains((2.0, 0.0))  # the boundary belongs to both sides
    assert disc.complement().contains((2.0, 1.0)) and not disc.complement().contains((0.0, 0.0))
    assert disc.complement().complement() == disc and disc.boundaries == (disc.boundary,)
    assert Region.side_of(disc.boundary, (0.5, 0.0)) == disc
    assert Region.side_of(disc.boundary, (5.0, 0.0)) == disc.complement()
    line = Line(0.0, 0.0, 1.0, 0.0)  # left of +x in the page frame is y < 0
    left = Region(line, True)
    assert left.contains((3.0, -1.0)) and not left.contains((3.0, 1.0))
    assert Region.side_of(line, (0.0, -2.0)) == left
    assert Region.side_of(line, (0.0, -0.5)) == left
    assert Region.side_of(line, (0.0, 2.0)) == left.complement()


def test_outside_box_contains_what_is_not_in_the_box() -> None:
    box = OutsideBox(((0.0, 0.0), (4.0, 0.0), (4.0, 2.0), (0.0, 2.0)))
    assert box.center == (2.0, 1.0) and math.isclose(box.reach_mm, math.sqrt(5.0))
    assert not box.contains((1.0, 1.0)) and not box.contains((3.9, 0.1))
    assert box.contains((5.0, 1.0)) and box.contains((2.0, -0.1)) and box.contains((50.0, 50.0))
    # the same box with its corners in the other turning sense
    rev = OutsideBox(((0.0, 0.0), (0.0, 2.0), (4.0, 2.0), (4.0, 0.0)))
    assert not rev.contains((1.0, 1.0)) and rev.contains((5.0, 1.0))
    assert not rev.contains((0.5, 1.0)) and not box.contains((0.5, 1.0))  # near an edge
    # a quadrilateral whose corners are not all equally far from its centre (a trapezoid)
    trapezoid = OutsideBox(((0.0, 0.0), (6.0, 0.0), (4.0, 2.0), (2.0, 2.0)))
    assert math.isclose(trapezoid.reach_mm, math.sqrt(10.0))
    assert not trapezoid.contains((0.5, 0.2)) and not trapezoid.contains((5.5, 0.2))
    assert trapezoid.contains((0.5, 1.0)) and trapezoid.contains((3.0, 2.1))
    assert len(box.boundaries) == 4
    for line, (p, q) in zip(
        box.boundaries, itertools.pairwise([*box.corners, box.corners[0]]), strict=True
    ):
        assert abs(line.signed_distance(p)) < 1e-12 and abs(line.signed_distance(q)) < 1e-12


# --------------------------------------------------------------------------- clipping


def _boundary_distance(region, p) -> float:
    b = region.boundaries if isinstance(region, OutsideBox) else (region.boundary,)
    out = math.inf
    for line in b:
        if isinstance(line, Circle):
            out = min(out, abs(math.dist(p, line.center) - line.r))
        else:
            out = min(out, abs(line.signed_distance(p)))
    return out


regions_st = st.lists(
    st.one_of(
        st.tuples(coord, coord, radius, st.booleans()).map(
            lambda t: Region(Circle(t[0], t[1], t[2]), t[3])
        ),
        st.tuples(coord, coord, st.floats(0, 2 * math.pi), st.booleans()).map(
            lambda t: Region(Line(t[0], t[1], math.cos(t[2]), math.sin(t[2])), t[3])
        ),
        st.tuples(coord, coord, st.floats(1, 20), st.floats(1, 20)).map(
            lambda t: OutsideBox(
                (
                    (t[0], t[1]),
                    (t[0] + t[2], t[1]),
                    (t[0] + t[2], t[1] + t[3]),
                    (t[0], t[1] + t[3]),
                )
            )
        ),
    ),
    min_size=1,
    max_size=4,
)


def seg_param(seg: Segment, p) -> float:
    return (p[0] - seg.p0[0]) * (seg.p1[0] - seg.p0[0]) + (p[1] - seg.p0[1]) * (
        seg.p1[1] - seg.p0[1]
    )


def test_clip_circle_keeps_one_arc_across_angle_zero() -> None:
    """A kept arc that runs through angle 0 is one arc, not two pieces meeting at 0."""
    circle = Circle(0.0, 0.0, 10.0)
    pieces = clip_circle(circle, [Region(Circle(10.0, 0.0, 5.0), True)])
    assert len(pieces) == 1
    (arc,) = pieces
    half = 2 * math.asin(5.0 / 2 / 10.0)  # the chord of 5 mm seen from the centre
    assert arc.sweep_rad == pytest.approx(2 * half)
    assert arc.start_rad == pytest.approx(2 * math.pi - half)
    assert math.dist(arc.mid, (10.0, 0.0)) < 1e-9
    # two discs split it into two arcs, one on each side of angle 0 ...
    two = clip_circle(
        circle,
        [Region(Circle(10.0, 0.0, 5.0), True), Region(Circle(10.0, 0.0, 1.0), False)],
    )
    assert len(two) == 2 and sum(p.length_mm for p in two) == pytest.approx(
        10.0 * 2 * (half - 2 * math.asin(1.0 / 2 / 10.0))
    )
    # ... and boundaries that cross the kept arc without changing the side leave one arc: the
    # edge lines y = +-0.5 of a box on the far side of the circle
    box = OutsideBox(((-10.5, -0.5), (-9.5, -0.5), (-9.5, 0.5), (-10.5, 0.5)))
    (same,) = clip_circle(circle, [Region(Circle(10.0, 0.0, 5.0), True), box])
    assert (same.start_rad, same.sweep_rad) == pytest.approx((arc.start_rad, arc.sweep_rad))


def test_clip_circle_whole_or_nothing() -> None:
    circle = Circle(0.0, 0.0, 3.0)
    assert clip_circle(circle, [Region(Circle(0.0, 0.0, 10.0), True)]) == [circle]
    assert clip_circle(circle, [Region(Circle(0.0, 0.0, 10.0), False)]) == []
    assert clip_circle(circle, [Region(Circle(0.0, 0.0, 3.0), True)]) == [circle]  # itself
    tangent_outside = Region(Circle(5.0, 0.0, 2.0), False)  # touches at one point
    assert clip_circle(circle, [tangent_outside]) == [circle]
    far_box = OutsideBox(((50.0, 50.0), (52.0, 50.0), (52.0, 52.0), (50.0, 52.0)))
    assert clip_circle(circle, [far_box]) == [circle]
    # a half plane through the centre keeps exactly half of it
    (half,) = clip_circle(circle, [Region(Line(0.0, 0.0, 1.0, 0.0), True)])
    assert half.length_mm == pytest.approx(3.0 * math.pi)
    assert half.mid == pytest.approx((0.0, -3.0))


def test_merge_of_pieces_that_make_the_whole_circle() -> None:
    """Boundaries crossing the circle without a side change leave it whole."""
    circle = Circle(0.0, 0.0, 3.0)
    boxes = [
        OutsideBox(((x, -10.0), (x + 0.5, -10.0), (x + 0.5, -9.0), (x, -9.0))) for x in (-1.0, 1.0)
    ]
    # the boxes' edge lines cross the circle, the boxes themselves are far from it
    assert clip_circle(circle, boxes) == [circle]


def test_clip_segment_merges_pieces_split_without_a_side_change() -> None:
    seg = Segment((0.0, 0.0), (10.0, 0.0))
    box = OutsideBox(((4.0, 1.0), (6.0, 1.0), (6.0, 3.0), (4.0, 3.0)))  # above the segment
    assert clip_segment(seg, [box]) == [seg]
    disc = Region(Circle(5.0, 0.0, 2.0), False)
    pieces = clip_segment(seg, [disc, box])
    assert [(p.p0[0], p.p1[0]) for p in pieces] == [pytest.approx((0, 3)), pytest.approx((7, 10))]


def test_clip_curve_for_circles_and_lines() -> None:
    limit = Circle(0.0, 0.0, 10.0)
    lower = Region(Line(0.0, 0.0, -1.0, 0.0), True)  # left of -x: y > 0 (lower on the page)
    (seg,) = clip_curve(Line(-20.0, 5.0, 1.0, 0.0), limit, [lower])
    assert seg.length_mm == pytest.approx(2 * math.sqrt(75.0))
    assert clip_curve(Line(-20.0, -5.0, 1.0, 0.0), limit, [lower]) == []  # on the wrong side
    assert clip_curve(Line(-20.0, 50.0, 1.0, 0.0), limit, []) == []  # misses the plate
    (arc,) = clip_curve(Circle(0.0, 10.0, 10.0), limit, [])
    assert distance_to_shape(arc.mid, limit) < 10.0 and math.hypot(*arc.mid) < 10.0
    for end in (arc.start, arc.end):
        assert abs(math.hypot(*end) - 10.0) < 1e-9


def test_clip_polyline_chains_and_skips_repeated_points() -> None:
    pts = [(0.0, 0.0), (1.0, 0.0), (1.0, 0.0), (2.0, 0.0), (3.0, 1.0)]
    (run,) = clip_polyline(pts, [Region(Circle(0.0, 0.0, 100.0), True)])
    assert run.points == ((0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (3.0, 1.0))
    assert clip_polyline(pts, [Region(Circle(0.0, 0.0, 100.0), False)]) == []


def test_pieces_of_a_micrometre_are_geometry_not_slivers() -> None:
    """Slivers are numerical (below 1e-6 mm); a kept piece of 0.001 mm is real and stays, on
    small and large circles, across angle 0 and elsewhere."""
    seg = Segment((0.0, 0.0), (10.0, 0.0))
    (tip,) = clip_segment(seg, [Region(Circle(10.0005, 0.0, 0.0015), True)])
    assert tip.length_mm == pytest.approx(0.001)
    for r in (10.0, 100.0):
        circle = Circle(0.0, 0.0, r)
        for at in (0.0, math.pi / 2.0):  # across angle 0, and at 90°
            dot = Region(Circle(r * math.cos(at), r * math.sin(at), 0.0005), True)
            (arc,) = clip_circle(circle, [dot])
            assert arc.length_mm == pytest.approx(0.001, rel=1e-3)
            # and the whole circle but that micrometre
            (rest,) = clip_circle(circle, [dot.complement()])
            assert isinstance(rest, Arc)
            assert rest.length_mm == pytest.approx(2 * math.pi * r - 0.001, abs=1e-6)


def test_pieces_micrometres_apart_stay_apart() -> None:
    """Two gaps of 0.001 mm cut into a circle of 100 mm leave two arcs, not one across a gap."""
    r = 100.0
    circle = Circle(0.0, 0.0, r)
    gaps = [Region(Circle(r * math.cos(t), r * math.sin(t), 0.0005), False) for t in (1.0, 2.0)]
    pieces = clip_circle(circle, gaps)
    assert len(pieces) == 2
    assert sum(p.length_mm for p in pieces) == pytest.approx(2 * math.pi * r - 0.002, abs=1e-6)


def test_kept_arcs_join_across_their_start_wherever_a_box_splits_them() -> None:
    """Gaps at 1.6 and 3.1 rad, and a keep-out box just outside the circle whose edge lines
    cross it (splitting it without a change of side), at every whole degree round it: always
    two arcs remain. (The join of the last piece with the first once failed by rounding for
    one box position in five.)"""
    r = 10.0
    circle = Circle(0.0, 0.0, r)
    gaps = [Region(Circle(r * math.cos(t), r * math.sin(t), 0.5), False) for t in (1.6, 3.1)]
    gap_mm = 2 * (
        2 * r * 2 * math.asin(0.5 / 2 / r)
    )  # each disc takes 2 phi r, sin(phi/2) = 0.5/2r
    for degree in range(360):
        c, s = math.cos(math.radians(degree)), math.sin(math.radians(degree))
        box = OutsideBox(
            tuple(  # type: ignore[arg-type]
                ((r + 0.05 + u) * c - v * s, (r + 0.05 + u) * s + v * c)
                for u, v in ((0.0, -0.2), (0.3, -0.2), (0.3, 0.2), (0.0, 0.2))
            )
        )
        pieces = clip_circle(circle, [*gaps, box])
        assert len(pieces) == 2, degree
        assert sum(p.length_mm for p in pieces) == pytest.approx(2 * math.pi * r - gap_mm)
        # the arc through angle 0 is one piece
        assert len([p for p in pieces if distance_to_shape((r, 0.0), p) < 1e-9]) == 1


def test_a_box_beside_a_circle_leaves_it_whole() -> None:
    """The edge lines of a keep-out box just outside a circle cross it four times; the pieces
    cover the circle and make it whole again."""
    circle = Circle(0.0, 0.0, 3.0)
    box = OutsideBox(((3.05, -0.25), (3.5, -0.25), (3.5, 0.25), (3.05, 0.25)))
    assert clip_circle(circle, [box]) == [circle]


def test_a_line_tangent_within_the_tolerance_touches() -> None:
    c = Circle(0.0, 0.0, 5.0)
    (p,) = circle_line_intersections(c, Line(-10.0, 5.0 + 5e-10, 1.0, 0.0))
    assert p == pytest.approx((0.0, 5.0))


@pytest.mark.parametrize(
    "a,b,c",
    [
        ((-10.0, 0.0), (10.0, 0.0), (0.0, 5e-12)),  # a and b farthest apart
        ((0.0, 5e-12), (-10.0, 0.0), (10.0, 0.0)),  # b and c farthest apart
        ((-10.0, 0.0), (0.0, 5e-12), (10.0, 0.0)),  # a and c farthest apart
    ],
)
def test_points_collinear_to_rounding_are_a_line(a, b, c) -> None:
    """5e-12 mm off the line through two points 20 mm apart is collinear (relative 1e-12 of
    the largest distance squared), whichever pair is the farthest apart."""
    assert isinstance(circle_through(a, b, c), Line)


def test_a_segment_along_a_box_edge_is_cut_where_the_box_is() -> None:
    box = OutsideBox(((0.0, 0.0), (4.0, 0.0), (4.0, 2.0), (0.0, 2.0)))
    (piece,) = clip_segment(Segment((0.0, 0.0), (10.0, 0.0)), [box])
    assert piece.p0 == pytest.approx((4.0, 0.0)) and piece.p1 == pytest.approx((10.0, 0.0))


def test_discs_touching_at_a_point_keep_nothing_of_a_line_through_it() -> None:
    seg = Segment((0.0, 0.0), (10.0, 0.0))
    both = [Region(Circle(3.0, 0.0, 2.0), True), Region(Circle(7.0, 0.0, 2.0), True)]
    assert clip_segment(seg, both) == []


# --------------------------------------------------------------------------- properties
# Against brute force, with many examples: last in the file, so that a mutation run (pytest -x)
# stops on the quick checks above whenever they see the bug.


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


@settings(max_examples=200, deadline=None)
@given(
    start=st.floats(-3 * math.pi, 3 * math.pi),
    sweep=st.floats(-2 * math.pi + 0.01, 2 * math.pi - 0.01).filter(lambda s: abs(s) > 0.01),
)
def test_shape_bbox_of_an_arc_reaches_its_extremes(start: float, sweep: float) -> None:
    """The box of an arc holds the points where it passes 0, 90, 180 or 270 degrees."""
    arc = Arc(1.0, -2.0, 3.0, start, sweep)
    t = start + sweep * np.linspace(0.0, 1.0, 20001)  # every 0.03°: 4e-7 mm from the extremes
    xs, ys = 1.0 + 3.0 * np.cos(t), -2.0 + 3.0 * np.sin(t)
    assert shape_bbox(arc) == pytest.approx((xs.min(), ys.min(), xs.max(), ys.max()), abs=1e-6)


@settings(max_examples=100, deadline=None)
@given(coord, coord, coord, coord, coord, coord)
def test_circle_through_holds_the_three_points(ax, ay, bx, by, cx, cy) -> None:
    a, b, c = (ax, ay), (bx, by), (cx, cy)
    # two points at one place fix no circle either (it would be fixed by the direction from
    # one to the other, which their rounding sets: at 1e-10 mm apart the centre moves by
    # microns); the callers give three points a quarter turn apart on a sky circle, or an
    # arc's ends and its middle
    assume(min(math.dist(a, b), math.dist(b, c), math.dist(a, c)) > 1e-3)
    shape = circle_through(a, b, c)
    if isinstance(shape, Circle):
        for p in (a, b, c):
            assert abs(math.dist(p, shape.center) - shape.r) < 1e-6 * max(1.0, shape.r)
    else:
        for p in (a, b, c):
            assert abs(shape.signed_distance(p)) < 1e-6


@settings(max_examples=150, deadline=None)
@given(coord, coord, radius, regions_st)
def test_clip_circle_by_discs_lines_and_boxes_matches_brute_force(cx, cy, r, regions) -> None:
    circle = Circle(cx, cy, r)
    pieces = clip_circle(circle, regions)
    for k in range(720):
        p = circle.point_at(2 * math.pi * (k + 0.5) / 720)
        if any(_boundary_distance(reg, p) < 1e-3 for reg in regions):
            continue
        assert _covered(pieces, p) == all(reg.contains(p) for reg in regions)
    for piece in pieces:
        if isinstance(piece, Arc):
            assert 0 < piece.sweep_rad < 2 * math.pi and 0 <= piece.start_rad < 2 * math.pi
    # kept arcs never touch end to start: touching pieces are one arc
    arcs = [p for p in pieces if isinstance(p, Arc)]
    for a in arcs:
        for b in arcs:
            assert a is b or math.dist(a.end, b.start) > 1e-6


@settings(max_examples=150, deadline=None)
@given(coord, coord, coord, coord, regions_st)
def test_clip_segment_matches_brute_force(x0, y0, x1, y1, regions) -> None:
    seg = Segment((x0, y0), (x1, y1))
    if seg.length_mm < 1e-3:
        return
    pieces = clip_segment(seg, regions)
    for k in range(400):
        p = seg.point_at((k + 0.5) / 400)
        if any(_boundary_distance(reg, p) < 1e-3 for reg in regions):
            continue
        covered = any(distance_to_shape(p, piece) < 1e-9 for piece in pieces)
        assert covered == all(reg.contains(p) for reg in regions)
    for a, b in itertools.pairwise(pieces):  # in order along the segment, never touching
        assert math.dist(a.p1, b.p0) > 1e-6
        assert seg_param(seg, a.p1) < seg_param(seg, b.p0)


@pytest.mark.parametrize("centre", [(0.0, -1.0), (-1.0, 0.0), (3.0, -7.0)])
@pytest.mark.parametrize("reverse", [False, True])
def test_clip_segment_by_an_off_centre_disc_cuts_the_chord(
    centre: tuple[float, float], reverse: bool
) -> None:
    """A chord 3.9 mm from the centre of a 5 mm disc centred off the origin (the quick
    'wholly inside' and 'wholly outside' answers must measure from the disc's own centre): the
    disc keeps |s| <= sqrt(25 - 3.9^2) of it and its outside keeps the two ends."""
    cx, cy = centre
    along = (1.0, 0.0) if centre[1] != 0.0 else (0.0, 1.0)
    normal = (-along[1], along[0])

    def at(s: float) -> tuple[float, float]:
        return (cx + 3.9 * normal[0] + s * along[0], cy + 3.9 * normal[1] + s * along[1])

    seg = Segment(at(-4.0), at(4.0))
    if reverse:
        seg = seg.reversed()
    disc = Circle(cx, cy, 5.0)
    half = math.sqrt(25.0 - 3.9**2)
    (kept,) = clip_segment(seg, [Region(disc, True)])
    assert {tuple(round(v, 9) for v in p) for p in (kept.p0, kept.p1)} == {
        tuple(round(v, 9) for v in at(-half)),
        tuple(round(v, 9) for v in at(half)),
    }
    outside = clip_segment(seg, [Region(disc, False)])
    assert sorted(round(p.length_mm, 9) for p in outside) == [round(4.0 - half, 9)] * 2


def test_clip_circle_cuts_only_where_a_box_edge_crosses() -> None:
    """A box straddling the circle whose edges' lines also cross the circle far from the box:
    one arc, its ends on the box's edges themselves, the box's chord of the circle left out."""
    circle = Circle(0.0, 0.0, 10.0)
    box = OutsideBox(((9.0, -1.0), (11.0, -1.0), (11.0, 1.0), (9.0, 1.0)))
    # the lines y = +-1 cross the circle at x = -sqrt(99) too, the line x = 9 at y = +-sqrt(19)
    (arc,) = clip_circle(circle, [box])
    ends = [arc.point_at(arc.start_rad), arc.point_at(arc.start_rad + arc.sweep_rad)]
    for p in ends:
        assert abs(abs(p[1]) - 1.0) < 1e-12 and 9.0 < p[0] < 11.0  # on the edges y = +-1
    assert arc.sweep_rad == pytest.approx(2.0 * math.pi - 2.0 * math.asin(1.0 / 10.0))
    # a box cut by the circle through two edges' ends (its corners): still one arc
    corner = OutsideBox(((6.0, 8.0), (8.0, 6.0), (12.0, 10.0), (10.0, 12.0)))
    (arc,) = clip_circle(circle, [corner])
    assert {(round(p[0], 9), round(p[1], 9)) for p in (arc.start, arc.end)} == {
        (6.0, 8.0),
        (8.0, 6.0),
    }


def test_box_crossings_are_on_the_edges_only() -> None:
    """The circle crosses the four edges' lines six times; two of those lie on the box."""
    circle = Circle(0.0, 0.0, 10.0)
    box = OutsideBox(((9.0, -1.0), (11.0, -1.0), (11.0, 1.0), (9.0, 1.0)))
    lines = [p for line in box.boundaries for p in circle_line_intersections(circle, line)]
    assert len(lines) == 6
    got = sorted(_box_crossings(circle, box))
    y = math.sqrt(99.0)
    assert got == pytest.approx(sorted([(y, -1.0), (y, 1.0)]), abs=1e-12)
    # a turned box (45 degrees) with a corner on the circle and one edge through it: the corner
    # once from each edge that ends there (within EPS_MM of their ends), the other crossing
    # where the circle leaves through the opposite edge
    c = math.sqrt(0.5)
    turned = OutsideBox(
        (
            (10.0 * c, 10.0 * c),
            (10.0 * c + 2.0 * c, 10.0 * c - 2.0 * c),
            (10.0 * c + 4.0 * c, 10.0 * c),
            (10.0 * c + 2.0 * c, 10.0 * c + 2.0 * c),
        )
    )
    for p in _box_crossings(circle, turned):
        assert abs(math.hypot(*p) - 10.0) < 1e-9
        on_edge = [
            abs(line.signed_distance(p)) < 1e-9
            and -1e-9 <= line.param_of(p) <= math.dist(a, b) + 1e-9
            for line, (a, b) in zip(
                turned.boundaries,
                itertools.pairwise([*turned.corners, turned.corners[0]]),
                strict=True,
            )
        ]
        assert any(on_edge), p
    # a corner exactly on the circle, reached by the edges' lines a hair beyond their ends
    corner = OutsideBox(((6.0, 8.0), (8.0, 6.0), (12.0, 10.0), (10.0, 12.0)))
    pts = {(round(p[0], 9), round(p[1], 9)) for p in _box_crossings(circle, corner)}
    assert pts == {(6.0, 8.0), (8.0, 6.0)}


def test_box_contains_points_on_its_edges_and_not_nan() -> None:
    """``contains`` means outside the box: a point on an edge is in the box (not contained), a
    point with a NaN coordinate is on no side of any edge (contained)."""
    box = OutsideBox(((0.0, 0.0), (4.0, 0.0), (4.0, 2.0), (0.0, 2.0)))
    turned = OutsideBox(((0.0, 0.0), (0.0, 2.0), (4.0, 2.0), (4.0, 0.0)))  # the other way round
    for b in (box, turned):
        for p in ((2.0, 0.0), (4.0, 1.0), (0.0, 0.0), (2.0, 2.0), (1.0, 1.0)):
            assert b.contains(p) is False
        assert b.contains((math.nan, 1.0)) is True
        assert b.contains((5.0, 1.0)) is True
    assert box.contains((2.0, 2.0 + 1e-9)) and not box.contains((2.0, 2.0 - 1e-9))


def test_merge_arc_pieces_joins_touching_pieces_and_across_angle_zero() -> None:
    circle = Circle(1.0, 2.0, 10.0)
    tiny = 0.1 * MIN_PIECE_MM / circle.r  # an angle the merge counts as touching
    # two pieces end to start (a tiny gap), a separate one, and one that runs on into the first
    pieces = [(0.0, 0.5), (0.5 + tiny, 0.25), (2.0, 1.0), (5.0, 2.0 * math.pi - 5.0 + 0.5 * tiny)]
    got = _merge_arc_pieces(circle, pieces)
    assert len(got) == 2
    wrap, middle = got
    assert isinstance(wrap, Arc) and isinstance(middle, Arc)
    # the last runs over angle 0 into the first two: one arc from 5.0 on to 0.75
    assert wrap.start_rad == pytest.approx(5.0)
    assert wrap.sweep_rad == pytest.approx(2.0 * math.pi - 5.0 + 0.5 * tiny + 0.5 + 0.25, abs=1e-12)
    assert (middle.start_rad, middle.sweep_rad) == (2.0, 1.0)
    assert (wrap.cx, wrap.cy, wrap.r) == (1.0, 2.0, 10.0)
    # pieces a real gap apart stay apart, in order; start angles taken modulo a turn
    apart = _merge_arc_pieces(circle, [(-0.5, 0.2), (0.0, 0.1)])
    assert [(a.start_rad, a.sweep_rad) for a in apart] == [  # type: ignore[union-attr]
        (pytest.approx(2.0 * math.pi - 0.5), 0.2),
        (0.0, 0.1),
    ]
    # a whole turn is the circle; nothing is nothing
    assert _merge_arc_pieces(circle, [(0.3, 1.0), (1.3, 2.0 * math.pi - 1.0)]) == [circle]
    assert _merge_arc_pieces(circle, []) == []
    # one piece alone is not joined to itself
    (alone,) = _merge_arc_pieces(circle, [(1.0, 3.0)])
    assert (alone.start_rad, alone.sweep_rad) == (1.0, 3.0)  # type: ignore[union-attr]

    # two pieces, the second running over angle 0 into the first: one arc
    (joined,) = _merge_arc_pieces(circle, [(0.0, 1.0), (5.0, 2.0 * math.pi - 5.0)])
    assert (joined.start_rad, joined.sweep_rad) == (5.0, pytest.approx(2.0 * math.pi - 4.0))  # type: ignore[union-attr]


def test_unique_sorted_angles_drop_repeats_and_the_last_one_a_turn_round() -> None:
    """Angles within MIN_PIECE_MM (along the circle) of the one before are dropped, and the
    last is dropped when it comes that near the first a turn later."""
    r = 10.0
    near = 0.1 * MIN_PIECE_MM / r
    assert _unique_sorted_angles([1.0, 0.1 + near, 0.1], r) == [0.1, 1.0]
    assert _unique_sorted_angles([0.0, TAU - near], r) == [0.0]
    assert _unique_sorted_angles([2.0, 0.0, TAU - near], r) == [0.0, 2.0]
    assert _unique_sorted_angles([2.0, 0.0, TAU - 100.0 * near], r) == [
        0.0,
        2.0,
        pytest.approx(TAU - 100.0 * near),
    ]
    assert _unique_sorted_angles([-1.0], r) == [pytest.approx(TAU - 1.0)]


def test_a_segment_through_an_off_centre_disc_is_cut_at_its_circle() -> None:
    """The disc centred at (0, 10): a segment from (0, -10), whose end lies as far below the
    x axis as the centre lies above it, keeps only its part in the disc (either way round)."""
    disc = Region(Circle(0.0, 10.0, 5.0), True)
    for a, b in (((0.0, -10.0), (0.0, 10.5)), ((0.0, 10.5), (0.0, -10.0))):
        (piece,) = clip_segment(Segment(a, b), [disc])
        assert sorted([piece.p0[1], piece.p1[1]]) == pytest.approx([5.0, 10.5])
        assert piece.p0[0] == piece.p1[0] == 0.0
