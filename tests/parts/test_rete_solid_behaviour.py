"""Behaviour of the solid-rete geometry (parts/rete_solid.py) against shapely and plane facts:
shapes whose exact outline is known in closed form (half discs, two overlapping discs, thin
rectangles), traced both ways round, and openings measured on known necks."""

from __future__ import annotations

import math
import random

import pytest
import shapely
from shapely.geometry import Polygon

from astrolabe_fab.geometry.primitives import Arc, Circle, Contour, Line
from astrolabe_fab.parts.rete_solid import (
    NEAR_SLACK_MM,
    SAGITTA_MM,
    ContourStats,
    _best,
    _dist_to,
    _match,
    _near_ends,
    _run_pieces,
    circle_polygon,
    edge_labels,
    edge_runs,
    largest_polygon,
    opened,
    ring_to_contour,
    run_corners,
    strip,
    web_problem,
    web_problem_at,
)


def _sampled(contour: Contour, step_mm: float = 0.01) -> Polygon:
    """The contour as a fine polygon, arcs sampled along their own sweep."""
    pts = []
    for piece in contour.pieces:
        if isinstance(piece, Arc):
            n = max(8, int(abs(piece.sweep_rad) * piece.r / step_mm))
            pts += [piece.point_at(piece.start_rad + piece.sweep_rad * k / n) for k in range(n)]
        else:
            pts.append(piece.p0)
    return Polygon(pts)


def _closed_end_to_start(contour: Contour) -> None:
    pieces = contour.pieces
    for a, b in zip(pieces, pieces[1:] + pieces[:1], strict=True):
        assert math.dist(a.end, b.start) < 1e-12


def _ring(poly: Polygon, reverse: bool) -> list[tuple[float, float]]:
    coords = list(poly.exterior.coords)
    return coords[::-1] if reverse else coords


# ----------------------------------------------------------------------------- circle polygons


@pytest.mark.parametrize("r", [0.5, 3.0, 40.0, 400.0])
def test_circle_polygon_has_no_more_vertices_than_the_sagitta_needs(r: float) -> None:
    """Never fewer than 64 vertices (a multiple of 4), and four fewer would break the sagitta
    unless the 64 floor holds."""
    n = len(circle_polygon(Circle(0.0, 0.0, r)).exterior.coords) - 1
    assert n % 4 == 0
    if n == 64:
        assert r * (1.0 - math.cos(math.pi / 64)) <= SAGITTA_MM
    else:
        assert r * (1.0 - math.cos(math.pi / (n - 4))) > SAGITTA_MM
    assert r * (1.0 - math.cos(math.pi / n)) <= SAGITTA_MM + 1e-15


def test_small_circles_get_exactly_the_64_vertex_floor() -> None:
    for r in (0.1, 0.5, 1.0):
        assert len(circle_polygon(Circle(2.0, 3.0, r)).exterior.coords) == 65


def test_circle_polygon_hole_flag_gives_the_same_ring() -> None:
    c = Circle(1.0, 1.0, 5.0)
    assert list(circle_polygon(c, hole=True).exterior.coords) == list(
        circle_polygon(c).exterior.coords
    )


# ----------------------------------------------------------------------------- strips


@pytest.mark.parametrize(
    ("a", "b", "width"), [((1.0, 2.0), (7.0, 10.0), 3.0), ((-4.0, 5.0), (-4.5, -9.0), 0.8)]
)
def test_a_slanted_strip_is_the_buffer_of_its_centre_line(
    a: tuple[float, float], b: tuple[float, float], width: float
) -> None:
    """The strip equals shapely's flat-capped buffer of the segment, and its two lines run
    parallel to it half a width either side."""
    poly, (left, right) = strip(a, b, width)
    line = shapely.LineString([a, b])
    reference = line.buffer(width / 2.0, cap_style="flat")
    assert poly.symmetric_difference(reference).area < 1e-9
    assert poly.area == pytest.approx(math.dist(a, b) * width)
    for edge, sign in ((left, 1.0), (right, -1.0)):
        assert edge.signed_distance(a) * sign == pytest.approx(-width / 2.0) or (
            edge.signed_distance(a) * sign == pytest.approx(width / 2.0)
        )
        assert abs(edge.signed_distance(a)) == pytest.approx(width / 2.0)
        assert abs(edge.signed_distance(b)) == pytest.approx(width / 2.0)
    # the two lines lie on opposite sides of the centre line
    mid = ((a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0)
    assert left.signed_distance(mid) * right.signed_distance(mid) < 0.0
    # every corner of the polygon is on one of the two lines
    for p in list(poly.exterior.coords)[:-1]:
        assert min(abs(left.signed_distance(p)), abs(right.signed_distance(p))) < 1e-12


# ----------------------------------------------------------------------------- tracing rings


@pytest.mark.parametrize("reverse", [False, True])
def test_a_half_disc_traces_to_a_half_turn_and_its_diameter(reverse: bool) -> None:
    """Disc of radius 8 cut by y >= 1: one arc from the corner to the corner, turning the way
    the ring turns, and one segment; corners exactly on the circle and the line."""
    disc = Circle(0.0, 0.0, 8.0)
    cut = Line.through((-20.0, 1.0), (20.0, 1.0))
    cap = circle_polygon(disc).intersection(shapely.box(-20.0, 1.0, 20.0, 20.0))
    stats = ContourStats()
    contour = ring_to_contour(_ring(cap, reverse), [cut, disc], stats)
    assert (stats.arcs, stats.segments, stats.fallback) == (1, 1, 0)
    (arc,) = [p for p in contour.pieces if isinstance(p, Arc)]
    half = math.asin(1.0 / 8.0)
    assert abs(arc.sweep_rad) == pytest.approx(math.pi - 2.0 * half, abs=1e-12)
    ccw = Polygon(_ring(cap, reverse)).exterior.is_ccw
    assert (arc.sweep_rad > 0) == ccw
    x = math.sqrt(64.0 - 1.0)
    for piece in contour.pieces:
        for p in (piece.start, piece.end):
            assert abs(p[1] - 1.0) < 1e-12 and abs(abs(p[0]) - x) < 1e-12
    _closed_end_to_start(contour)
    exact = 64.0 * (math.pi / 2.0 - half) - x * 1.0  # circular segment above y = 1
    assert _sampled(contour).area == pytest.approx(exact, rel=1e-5)


@pytest.mark.parametrize("reverse", [False, True])
def test_two_overlapping_discs_meet_at_their_exact_intersections(reverse: bool) -> None:
    """The union of two discs of radius 5 with centres 6 apart: two arcs of 2 pi - 2 acos(0.6)
    each, meeting at (3, +-4) exactly; the area is twice a disc less the lens."""
    a, b = Circle(0.0, 0.0, 5.0), Circle(6.0, 0.0, 5.0)
    union = circle_polygon(a).union(circle_polygon(b))
    stats = ContourStats()
    contour = ring_to_contour(_ring(union, reverse), [a, b], stats)
    assert (stats.arcs, stats.segments, stats.fallback) == (2, 0, 0)
    for piece in contour.pieces:
        assert isinstance(piece, Arc)
        assert abs(piece.sweep_rad) == pytest.approx(2.0 * math.pi - 2.0 * math.acos(0.6))
        for p in (piece.start, piece.end):
            assert math.dist(p, (3.0, 4.0)) < 1e-12 or math.dist(p, (3.0, -4.0)) < 1e-12
    _closed_end_to_start(contour)
    lens = 2.0 * (25.0 * math.acos(0.6) - 3.0 * 4.0)
    assert _sampled(contour).area == pytest.approx(2.0 * math.pi * 25.0 - lens, rel=1e-5)


@pytest.mark.parametrize("reverse", [False, True])
def test_a_full_circle_turns_the_way_its_ring_turns(reverse: bool) -> None:
    c = Circle(-3.0, 4.0, 6.0)
    stats = ContourStats()
    contour = ring_to_contour(
        _ring(circle_polygon(c), reverse), [Line.through((50, 0), (50, 1)), c], stats
    )
    (arc,) = contour.pieces
    assert isinstance(arc, Arc) and (arc.cx, arc.cy, arc.r) == (-3.0, 4.0, 6.0)
    assert arc.start_rad == 0.0
    assert arc.sweep_rad == (-2.0 * math.pi if reverse else 2.0 * math.pi)
    assert stats.arcs == 1 and stats.segments == stats.fallback == 0


def test_an_open_ring_and_a_closed_ring_trace_alike() -> None:
    """Shapely closes its rings (last point = first); a ring given without the repeat traces
    to the same contour."""
    square = [(0.0, 0.0), (5.0, 0.0), (5.0, 2.0), (0.0, 2.0)]
    lines = [Line.through(square[i], square[(i + 1) % 4]) for i in range(4)]
    closed = ring_to_contour([*square, square[0]], lines)
    assert ring_to_contour(square, lines) == closed
    assert len(closed.pieces) == 4
    assert _sampled(closed).area == pytest.approx(10.0)
    # the first corner is (0, 0): no zero-length piece where the ring closes
    assert all(math.dist(p.start, p.end) > 1.0 for p in closed.pieces)


def test_a_thin_rectangle_keeps_its_short_sides() -> None:
    """Sides of 0.3 mm are pieces of the contour, not dropped as degenerate."""
    box = [(0.0, 0.0), (6.0, 0.0), (6.0, 0.3), (0.0, 0.3)]
    lines = [Line.through(box[i], box[(i + 1) % 4]) for i in range(4)]
    stats = ContourStats()
    contour = ring_to_contour(box[2:] + box[:2], lines, stats)
    assert stats.segments == 4 and len(contour.pieces) == 4
    assert sorted(round(math.dist(p.start, p.end), 9) for p in contour.pieces) == [
        0.3,
        0.3,
        6.0,
        6.0,
    ]


def test_a_ring_that_starts_mid_run_is_cut_where_the_generator_changes() -> None:
    """The first vertex in the middle of the bottom side: the bottom is still one segment."""
    ring = [(3.0, 0.0), (6.0, 0.0), (6.0, 4.0), (0.0, 4.0), (0.0, 0.0)]
    lines = [
        Line.through((0.0, 0.0), (1.0, 0.0)),
        Line.through((6.0, 0.0), (6.0, 1.0)),
        Line.through((0.0, 4.0), (1.0, 4.0)),
        Line.through((0.0, 0.0), (0.0, 1.0)),
    ]
    contour = ring_to_contour(ring, lines)
    assert len(contour.pieces) == 4
    assert {(p.start, p.end) for p in contour.pieces} == {
        ((0.0, 0.0), (6.0, 0.0)),
        ((6.0, 0.0), (6.0, 4.0)),
        ((6.0, 4.0), (0.0, 4.0)),
        ((0.0, 4.0), (0.0, 0.0)),
    }


def test_a_chord_of_a_large_circle_matches_within_the_default_tolerance() -> None:
    """A shapely vertex a few micrometres off the true circle (rounding of boolean results)
    still counts as on it: the tolerance is twice the sagitta."""
    c = Circle(0.0, 0.0, 100.0)
    pts = [c.point_at(k * 0.002) for k in range(100)]
    off = [(x * (1.0 + 3.5e-5), y * (1.0 + 3.5e-5)) for x, y in pts]  # 3.5 um outside
    ring = [*off, (0.0, 0.0)]
    stats = ContourStats()
    ring_to_contour(ring, [c], stats)
    assert stats.arcs == 1 and stats.fallback == 2


# ----------------------------------------------------------------------------- edge labels


def test_an_edge_on_two_generators_goes_to_the_nearer() -> None:
    """Two parallel lines 1 micrometre apart, both within the tolerance: the edge lying on the
    second is labelled with the second, wherever it comes in the list."""
    near = Line.through((0.0, 0.0), (1.0, 0.0))
    far = Line.through((0.0, 0.001), (1.0, 0.001))
    pts = [(0.0, 0.001), (5.0, 0.001), (5.0, 3.0)]
    assert edge_labels(pts, [near, far], 0.01)[0] == 1
    assert edge_labels(pts, [far, near], 0.01)[0] == 0
    # endpoints split between the two lines: the sum of both distances decides
    skew = [(0.0, 0.0), (5.0, 0.0009), (5.0, 3.0)]
    assert edge_labels(skew, [far, near], 0.01)[0] == 1


def test_concentric_circles_a_few_micrometres_apart_are_told_apart() -> None:
    inner, outer = Circle(0.0, 0.0, 10.0), Circle(0.0, 0.0, 10.003)
    pts = [outer.point_at(k * 0.01) for k in range(5)]
    assert edge_labels(pts, [inner, outer], 0.01)[:3] == [1, 1, 1]
    pts = [inner.point_at(k * 0.01) for k in range(5)]
    assert edge_labels(pts, [outer, inner], 0.01)[:3] == [1, 1, 1]


def test_an_unmatched_edge_does_not_carry_its_label_on() -> None:
    """After an edge on no generator, the next edge is matched afresh (the square's top and
    left are on no generator; the bottom is on the last one in the list)."""
    right = Line.through((4.0, 0.0), (4.0, 1.0))
    bottom = Line.through((0.0, 0.0), (1.0, 0.0))
    ring = [(4.0, 4.0), (0.0, 4.0), (0.0, 0.0), (4.0, 0.0)]
    assert edge_labels(ring, [right, bottom], 1e-6) == [-1, -1, 1, 0]
    runs = edge_runs(ring, [-1, -1, 1, 0])
    assert [label for label, _ in runs] == [-1, -1, 1, 0]


def test_a_long_chord_matches_its_circle_by_its_sagitta() -> None:
    """A 4 mm chord of a 100 mm circle bows 20 micrometres from it: still on the circle at a
    10 micrometre tolerance (the allowance is the chord's own sagitta c^2 / 8r); a chord of
    the same ends drawn through a point 0.1 mm further in is not."""
    c = Circle(0.0, 0.0, 100.0)
    half = math.asin(2.0 / 100.0)
    a, b = c.point_at(-half), c.point_at(half)
    assert edge_labels([a, b, (0.0, 0.0)], [c], 1e-5)[0] == 0
    mid_in = (a[0] - 0.1, 0.0)
    assert edge_labels([a, mid_in, b, (0.0, 0.0)], [c], 1e-5)[:2] == [-1, -1]
    # the bar across a disc: both ends on the circle, the middle far inside
    assert edge_labels([c.point_at(0.3), c.point_at(math.pi - 0.3), (0.0, 0.0)], [c], 1e-3)[0] == -1


def test_an_edge_with_one_end_off_the_generator_is_not_on_it() -> None:
    line = Line.through((0.0, 0.0), (1.0, 0.0))
    assert edge_labels([(0.0, 0.0), (3.0, 0.002), (3.0, 5.0)], [line], 0.001)[0] == -1
    assert edge_labels([(0.0, 0.002), (3.0, 0.0), (3.0, 5.0)], [line], 0.001)[0] == -1
    assert edge_labels([(0.0, 0.0005), (3.0, -0.0005), (3.0, 5.0)], [line], 0.001)[0] == 0


# ----------------------------------------------------------------------------- corners


def test_corners_of_parallel_runs_and_far_intersections_stay_at_the_vertex() -> None:
    """Two runs on parallel lines have no intersection; two lines crossing far from the ring's
    vertex (a 0.01 degree kink) do not move the corner there: the vertex is kept."""
    y0, y1 = Line.through((0.0, 0.0), (1.0, 0.0)), Line.through((0.0, 1e-4), (1.0, 1e-4))
    runs = [(0, [(0.0, 0.0), (5.0, 0.0)]), (1, [(5.0, 1e-4), (9.0, 1e-4)])]
    assert run_corners(runs, [y0, y1], 1e-3)[1] == (5.0, 1e-4)
    kink = Line.through((5.0, 0.0), (6.0, math.tan(math.radians(0.01))))
    far = Line.through((0.0, 0.0005), (1.0, 0.0005))  # crosses the kink 2.9 mm away
    runs = [(0, [(0.0, 0.0005), (5.0, 0.0005)]), (1, [(5.0, 0.0), (9.0, 0.0007)])]
    assert run_corners(runs, [far, kink], 1e-3)[1] == (5.0, 0.0)
    # ... but a crossing 0.03 mm from the vertex is taken exactly
    runs = [(0, [(0.0, 0.0), (5.03, 0.0)]), (1, [(5.03, 0.0), (6.0, 1.0)])]
    diag = Line.through((5.0, 0.0), (6.0, 1.0))
    assert run_corners(runs, [y0, diag], 1e-3)[1] == pytest.approx((5.0, 0.0), abs=1e-12)


def test_corner_after_an_unmatched_run_is_the_vertex() -> None:
    y0 = Line.through((0.0, 0.0), (1.0, 0.0))
    x4 = Line.through((4.0, 0.0), (4.0, 1.0))
    runs = [
        (-1, [(0.0, 3.0), (0.0, 0.0)]),
        (0, [(0.0, 1e-5), (4.0, 1e-5)]),
        (1, [(4.0, 0.0), (4.0, 3.0)]),
    ]
    corners = run_corners(runs, [y0, x4], 1e-3)
    assert corners[0] == (0.0, 3.0)  # previous run (the last) is matched, this one is not
    assert corners[1] == (0.0, 1e-5)  # previous run unmatched
    assert corners[2] == pytest.approx((4.0, 0.0), abs=1e-12)


def test_circle_and_line_corners_in_either_order() -> None:
    c = Circle(0.0, 0.0, 5.0)
    line = Line.through((-9.0, 3.0), (9.0, 3.0))
    near = (4.0004, 3.0003)
    runs = [(0, [(-4.0, 3.0), near]), (1, [near, (0.0, -5.0)])]
    assert run_corners(runs, [line, c], 1e-3)[1] == pytest.approx((4.0, 3.0), abs=1e-12)
    runs = [(1, [(0.0, -5.0), near]), (0, [near, (-4.0, 3.0)])]
    assert run_corners(runs, [line, c], 1e-3)[1] == pytest.approx((4.0, 3.0), abs=1e-12)


# ----------------------------------------------------------------------------- webs


def _dumbbell(neck_mm: float) -> shapely.Geometry:
    return shapely.union_all(
        [
            shapely.box(0.0, 0.0, 10.0, 10.0),
            shapely.box(20.0, 0.0, 30.0, 10.0),
            shapely.box(10.0, 5.0 - neck_mm / 2.0, 20.0, 5.0 + neck_mm / 2.0),
        ]
    )


def test_opening_removes_necks_narrower_than_the_web_and_keeps_the_rest() -> None:
    """A 1 mm neck vanishes in an opening by a 1.2 mm disc and survives one by 0.8 mm; the
    squares come back but for the rounding of their corners."""
    solid = _dumbbell(1.0)
    thin = opened(solid, 1.2)
    assert thin.geom_type == "MultiPolygon" and len(thin.geoms) == 2
    # each square comes back but for its four rounded corners, r^2 (1 - pi/4) each (a little
    # more where the neck met it); nothing of the neck's middle survives
    lost_corners = 4 * 2 * (0.6**2) * (1.0 - math.pi / 4.0)
    assert 200.0 - lost_corners - 0.01 < thin.area < 200.0
    assert thin.intersection(shapely.box(11.0, 0.0, 19.0, 10.0)).area == 0.0
    wide = opened(solid, 0.8)
    assert wide.geom_type == "Polygon"
    # only the eight outer corners round off: 8 x 0.4^2 (1 - pi/4) = 0.27 mm^2
    assert (
        solid.difference(wide).area == pytest.approx(8 * 0.16 * (1 - math.pi / 4), abs=0.01)
        and wide.difference(solid).area < 1e-4
    )  # polygonal arcs at the concave corners


def test_the_bridge_reported_is_on_the_smaller_piece() -> None:
    """Two pieces left after the opening: the place named is inside the smaller one."""
    solid = shapely.union_all(
        [shapely.box(0, 0, 10, 10), shapely.box(10, 4.6, 14, 5.4), shapely.box(14, 3, 17, 7)]
    )
    found = web_problem_at(solid, [], 1.0)
    assert found is not None and found[0] == "a bridge is narrower than the web"
    assert found[1] is not None and 14.0 < found[1][0] < 17.0 and 3.0 < found[1][1] < 7.0
    assert web_problem(solid, [], 1.0) == "a bridge is narrower than the web"


def test_web_problem_at_names_the_lost_element_and_its_place() -> None:
    stub = shapely.union_all([shapely.box(0, 0, 10, 10), shapely.box(10, 4.5, 14, 5.5)])
    found = web_problem_at(stub, [(5.0, 5.0), (13.0, 5.0)], 1.5)
    assert found == ("an element is narrower than the web near (13.0, 5.0) mm", (13.0, 5.0))
    assert web_problem(stub, [(13.0, 5.0)], 1.5) == found[0]
    # a skeleton point a hair outside the opened solid is not lost (20 micrometres allowed)
    assert web_problem_at(stub, [(10.01, 2.0)], 1.5) is None
    assert web_problem_at(stub, [(10.03, 2.0)], 1.5) is not None
    assert web_problem_at(stub, [(10.5, 5.0)], 0.9) is None


def test_web_opening_uses_the_full_web_in_both_directions() -> None:
    """A neck 1.1 mm wide fails a 1.2 mm web but passes a 1.0 mm one: the erosion is by half
    the web and the dilation gives back what it took (an element 0.1 mm inside its edge is
    still there after the opening)."""
    assert web_problem_at(_dumbbell(1.1), [], 1.2) is not None
    assert web_problem_at(_dumbbell(1.1), [], 1.0) is None
    square = shapely.box(0.0, 0.0, 10.0, 10.0)
    assert web_problem_at(square, [(0.05, 5.0), (9.95, 5.0), (5.0, 9.95)], 3.0) is None
    assert web_problem_at(square, [(0.2, 0.2)], 3.0) is not None  # a corner rounds off
    # eroding by a bit less than half the web would leave this 2.9 mm neck standing
    assert web_problem_at(_dumbbell(2.9), [], 3.0) is not None


def test_largest_polygon_of_a_polygon_is_itself() -> None:
    square = shapely.box(0, 0, 2, 2)
    assert largest_polygon(square) is square
    two = shapely.union_all([shapely.box(0, 0, 3, 3), shapely.box(5, 5, 6, 6)])
    assert largest_polygon(two).area == pytest.approx(9.0)
    with pytest.raises(ValueError, match=r"^no polygon$"):
        largest_polygon(shapely.Point(0, 0))


def test_corners_beside_an_unmatched_run_are_its_own_vertices() -> None:
    """A chamfer on no generator between a run on A and a run on B: both its ends stay where
    the ring puts them, although other generators cross within a few hundredths of a mm."""
    a = Line.through((0.0, 0.0), (1.0, 0.0))  # y = 0
    b = Line.through((4.0, 0.0), (4.0, 1.0))  # x = 4
    c = Line.through((3.99, 0.0), (4.0, 0.03))  # crosses A at (3.99, 0) and B at (4, 0.03)
    runs = [
        (1, [(0.0, 0.0), (3.98, 0.0)]),
        (-1, [(3.98, 0.0), (4.0, 0.02)]),
        (0, [(4.0, 0.02), (4.0, 3.0)]),
        (-1, [(4.0, 3.0), (0.0, 0.0)]),
    ]
    corners = run_corners(runs, [b, a, c], 1e-3)
    assert corners == [(0.0, 0.0), (3.98, 0.0), (4.0, 0.02), (4.0, 3.0)]


def test_a_crossing_half_a_millimetre_away_is_not_a_corner() -> None:
    y0 = Line.through((0.0, 0.0), (1.0, 0.0))
    slant = Line.through((5.5, 0.0), (6.5, 1.0))  # crosses y = 0 at x = 5.5
    runs = [(0, [(0.0, 0.0), (5.0, 0.0)]), (1, [(5.0, 0.0), (6.0, 1.0)])]
    assert run_corners(runs, [y0, slant], 1e-3)[1] == (5.0, 0.0)


def test_stats_add_to_what_they_already_count() -> None:
    stats = ContourStats(arcs=3, segments=2, fallback=1)
    c = Circle(0.0, 0.0, 4.0)
    ring_to_contour(list(circle_polygon(c).exterior.coords), [c], stats)
    assert (stats.arcs, stats.segments, stats.fallback) == (4, 2, 1)


def test_short_arcs_traced_anticlockwise_end_exactly_where_the_next_piece_starts() -> None:
    """The band |y| <= 2 of a disc of radius 10 traced anticlockwise: its arcs (0.4 rad) turn
    positively and end exactly on the bar's edges."""
    disc = Circle(0.0, 0.0, 10.0)
    bar, edges = strip((-20.0, 0.0), (20.0, 0.0), 4.0)
    shape = circle_polygon(disc).intersection(bar)
    ring = list(shape.exterior.coords)
    if not Polygon(ring).exterior.is_ccw:
        ring = ring[::-1]
    contour = ring_to_contour(ring, [disc, *edges])
    arcs = [p for p in contour.pieces if isinstance(p, Arc)]
    assert len(arcs) == 2
    for arc in arcs:
        assert arc.sweep_rad == pytest.approx(2.0 * math.asin(0.2), abs=1e-12)
    _closed_end_to_start(contour)
    for piece in contour.pieces:
        for p in (piece.start, piece.end):
            assert abs(abs(p[1]) - 2.0) < 1e-12


def test_a_run_whose_corners_coincide_gives_no_piece() -> None:
    """A run on a circle shorter than its corners' correction (both corners the same exact
    point) leaves no zero-length arc in the contour (kerf offsetting divides by its length)."""
    c = Circle(0.0, 0.0, 10.0)
    line = Line.through((-10.0, 0.0), (10.0, 0.0))
    tiny = [c.point_at(-1e-8), c.point_at(1e-8)]
    runs = [
        (0, [(-10.0, 0.0), (10.0, 0.0)]),
        (1, tiny),
        (1, [c.point_at(1e-8), c.point_at(math.pi / 2.0), (-10.0, 0.0)]),
    ]
    stats = ContourStats()
    pieces = _run_pieces(runs, [(-10.0, 0.0), (10.0, 0.0), (10.0, 0.0)], [line, c], stats)
    assert [type(p).__name__ for p in pieces] == ["Segment", "Arc"]
    assert pieces[1].sweep_rad == pytest.approx(math.pi)
    assert (stats.arcs, stats.segments) == (2, 1)


def test_a_short_arc_run_is_kept() -> None:
    """A run of half a millimetre along a circle is an arc of the contour, not dropped."""
    c = Circle(0.0, 0.0, 10.0)
    line = Line.through((0.0, 0.0), (1.0, 0.0))
    runs = [(1, [c.point_at(0.0), c.point_at(0.025), c.point_at(0.05)]), (0, [c.point_at(0.05)])]
    pieces = _run_pieces(runs, [c.point_at(0.0), c.point_at(0.05)], [line, c], None)
    arcs = [p for p in pieces if isinstance(p, Arc)]
    assert len(arcs) == 1 and arcs[0].sweep_rad == pytest.approx(0.05)


# ------------------------------------------------------------------------ generators near edges


def _labels_by_every_generator(pts, generators, tol) -> list[int]:  # type: ignore[no-untyped-def]
    """``edge_labels`` as its docstring defines it, every generator tested for every edge
    (``_match``, no pre-test): the continuation first, else the only or the nearest match."""
    labels: list[int] = []
    for i in range(len(pts)):
        a, b = pts[i], pts[(i + 1) % len(pts)]
        if labels and labels[-1] != -1 and _match(generators[labels[-1]], a, b, tol):
            labels.append(labels[-1])
            continue
        hits = [k for k, g in enumerate(generators) if _match(g, a, b, tol)]
        labels.append(
            -1 if not hits else hits[0] if len(hits) == 1 else _best(hits, generators, a, b)
        )
    return labels


@pytest.mark.parametrize("seed", range(6))
def test_edge_labels_are_those_of_every_generator_tested_even_at_the_tolerance(seed: int) -> None:
    """Rings whose points lie on circles and lines, at the very tolerance from them (inside by
    a hair, outside by a hair) or far: the labels are those of testing every generator."""
    rng = random.Random(seed)
    tol = 2.0 * SAGITTA_MM + 1e-7
    circles = [Circle(rng.uniform(-5, 5), rng.uniform(-5, 5), rng.uniform(5, 60)) for _ in range(6)]
    lines = [
        Line.through((rng.uniform(-50, 50), rng.uniform(-50, 50)), (rng.uniform(-50, 50), 60.0))
        for _ in range(6)
    ]
    generators = [g for pair in zip(circles, lines, strict=True) for g in pair]
    pts = []
    for _ in range(120):
        g = rng.choice(generators)
        off = rng.choice(
            [0.0, tol * (1 - 1e-12), tol * (1 + 1e-12), -tol * (1 - 1e-12), tol + 1e-7, 0.3]
        )
        if isinstance(g, Circle):
            pts.append(Circle(g.cx, g.cy, g.r + off).point_at(rng.uniform(0.0, 0.2)))
        else:
            t = rng.uniform(-40.0, 40.0)
            pts.append((g.px + t * g.dx - off * g.dy, g.py + t * g.dy + off * g.dx))
    # runs of neighbouring points on one generator, as a traced ring has
    assert edge_labels(pts, generators, tol) == _labels_by_every_generator(pts, generators, tol)
    near = _near_ends(pts, generators, tol)
    for i in range(len(pts)):
        a, b = pts[i], pts[(i + 1) % len(pts)]
        ends = [max(_dist_to(g, a), _dist_to(g, b)) for g in generators]
        # in the generators' order: every one within the tolerance, none beyond its slack
        assert near[i] == sorted(near[i])
        assert {k for k, d in enumerate(ends) if d <= tol} <= set(near[i])
        assert all(ends[k] <= tol + NEAR_SLACK_MM for k in near[i])


def test_generators_near_an_edge_need_both_its_ends_near() -> None:
    """A line through one end of an edge only is not near it; the last edge closes the ring
    (its ends are the last point and the first); far generators are never near; no
    generators or no points give empty answers."""
    x_axis = Line.through((0.0, 0.0), (1.0, 0.0))
    circle = Circle(0.0, 0.0, 10.0)
    pts = [(10.0, 0.0), (0.0, 10.0), (-10.0, 0.0), (3.0, 0.0)]
    assert _near_ends(pts, [x_axis, circle, Circle(100.0, 0.0, 1.0)], 1e-3) == [
        [1],  # (10, 0) -> (0, 10): the circle's chord
        [1],
        [0],  # (-10, 0) -> (3, 0): on the axis
        [0],  # (3, 0) -> (10, 0): the closing edge
    ]
    assert _near_ends(pts, [], 1e-3) == [[], [], [], []]
    assert _near_ends([], [circle], 1e-3) == []
