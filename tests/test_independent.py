"""The tests' own reference computations (tests/independent.py): the array forms used by the
plate's checks give what the one-point forms give, so a check written either way tests the
same thing."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from astrolabe_fab.geometry.primitives import Arc, Circle, Contour, Polyline, Segment
from tests.independent import (
    altaz_to_hadec,
    distance_to_shape,
    distances_to_shapes,
    project,
    project_many,
    sky_points,
)

coords = st.floats(-50.0, 50.0, allow_nan=False)
points = st.tuples(coords, coords)
radii = st.floats(0.5, 40.0)
angles = st.floats(-7.0, 7.0)
shapes = st.one_of(
    st.builds(Circle, coords, coords, radii),
    st.builds(Arc, coords, coords, radii, angles, st.floats(-6.2, 6.2).filter(lambda s: s != 0)),
    st.builds(Segment, points, points),
    st.builds(lambda pts: Polyline(tuple(pts)), st.lists(points, min_size=2, max_size=6)),
)


@settings(max_examples=200, deadline=None)
@given(pts=st.lists(points, min_size=1, max_size=8), pieces=st.lists(shapes, max_size=4))
def test_distances_to_shapes_is_the_minimum_of_distance_to_shape(pts, pieces) -> None:
    got = distances_to_shapes(np.asarray(pts), pieces)
    for p, d in zip(pts, got, strict=True):
        want = min((distance_to_shape(p, s) for s in pieces), default=math.inf)
        assert math.isclose(d, want, rel_tol=1e-9, abs_tol=1e-9), (p, d, want)


def test_distances_to_a_contour_are_those_to_its_nearest_piece() -> None:
    a, b, c = (0.0, 0.0), (10.0, 0.0), (0.0, 10.0)
    contour = Contour((Segment(a, b), Segment(b, c), Segment(c, a)))
    got = distances_to_shapes(np.asarray([(5.0, -3.0), (2.0, 2.0), (20.0, 0.0)]), [contour])
    assert np.allclose(got, [3.0, 2.0, 10.0])


@settings(max_examples=200, deadline=None)
@given(
    sky=st.lists(st.tuples(st.floats(-89.0, 89.0), st.floats(0.0, 360.0)), min_size=1, max_size=6),
    lat=st.floats(-90.0, 90.0),
    re_mm=st.floats(10.0, 200.0),
)
def test_sky_points_are_the_projected_rotation(sky, lat, re_mm) -> None:
    """Row k of one call is point k (altitude, azimuth) rotated and projected alone."""
    centre, south = (100.0, 120.0), lat < 0
    alts, azs = np.asarray([a for a, _ in sky]), np.asarray([z for _, z in sky])
    got = sky_points(alts, azs, lat, centre, re_mm, south)
    assert got.shape == (len(sky), 2)
    for (alt, az), row in zip(sky, got, strict=True):
        want = project(*altaz_to_hadec(alt, az, lat), centre, re_mm, south)
        if all(math.isfinite(v) and abs(v) < 1e6 for v in want):
            assert math.dist(row, want) <= 1e-9 * max(1.0, math.dist(want, centre))


def test_distances_past_an_arc_end_are_to_the_end_point() -> None:
    """A point on the arc's circle just beyond its end is as far as that end, not on it."""
    arc = Arc(0.0, 0.0, 10.0, 0.0, math.pi / 2.0)
    beyond = (10.0 * math.cos(math.pi / 2.0 + 0.05), 10.0 * math.sin(math.pi / 2.0 + 0.05))
    before = (10.0 * math.cos(-0.05), 10.0 * math.sin(-0.05))
    got = distances_to_shapes(np.asarray([beyond, before, (0.0, 5.0)]), [arc])
    assert np.allclose(got, [math.dist(beyond, arc.end), math.dist(before, arc.start), 5.0])


@settings(max_examples=100, deadline=None)
@given(
    hadec=st.lists(st.tuples(st.floats(-720.0, 720.0), st.floats(-80.0, 80.0)), min_size=1),
    south=st.booleans(),
)
def test_project_many_is_project_row_by_row(hadec, south) -> None:
    got = project_many(
        np.asarray([h for h, _ in hadec]),
        np.asarray([d for _, d in hadec]),
        (5.0, -3.0),
        60.0,
        south,
    )
    for (ha, dec), row in zip(hadec, got, strict=True):
        want = project(ha, dec, (5.0, -3.0), 60.0, south)
        assert math.dist(row, want) <= 1e-9 * max(1.0, math.hypot(*want))
