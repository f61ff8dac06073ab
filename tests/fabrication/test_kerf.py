"""Kerf: outlines move out and holes move in by half the kerf, arcs stay arcs."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from shapely.geometry import Polygon

from astrolabe_fab.fabrication.kerf import apply_kerf, offset_shape
from astrolabe_fab.geometry.primitives import Arc, Circle, Contour, Polyline, Segment
from astrolabe_fab.scene import Part
from tests.fabrication.helpers import raw_parts


def _points(shape: object) -> np.ndarray:
    """Dense points of a closed shape (independent sampler, 0.02 mm steps)."""
    pieces = shape.pieces if isinstance(shape, Contour) else [shape]
    if isinstance(shape, Polyline):
        return np.asarray([*shape.points, shape.points[0]])
    out = []
    for p in pieces:
        if isinstance(p, Segment):
            n = max(2, math.ceil(p.length_mm / 0.02))
            t = np.linspace(0, 1, n)
            out.append(
                np.column_stack(
                    [p.p0[0] + t * (p.p1[0] - p.p0[0]), p.p0[1] + t * (p.p1[1] - p.p0[1])]
                )
            )
        else:
            a = p if isinstance(p, Arc) else Arc(p.cx, p.cy, p.r, 0.0, 2 * math.pi)
            n = max(3, math.ceil(abs(a.sweep_rad) * a.r / 0.02))
            t = a.start_rad + np.linspace(0, a.sweep_rad, n)
            out.append(np.column_stack([a.cx + a.r * np.cos(t), a.cy + a.r * np.sin(t)]))
    return np.concatenate(out)


def _check_offset(original: object, moved: object, d: float, outward: bool) -> None:
    ring = shapely.LinearRing(_points(original))
    poly = Polygon(ring)
    pts = _points(moved)
    ring_pts = np.asarray(ring.coords)
    tree = shapely.STRtree(shapely.linestrings(np.stack([ring_pts[:-1], ring_pts[1:]], axis=1)))
    _, dist = tree.query_nearest(shapely.points(pts), return_distance=True, all_matches=False)
    assert np.all(np.abs(dist - d) < 0.002), (dist.min(), dist.max())
    inside = shapely.contains_xy(poly, pts[:, 0], pts[:, 1])
    assert not inside.any() if outward else inside.all()


def rounded_rect() -> Contour:
    r = 3.0
    pieces = [
        Segment((13.0, 10.0), (37.0, 10.0)),
        Arc(37.0, 13.0, r, -math.pi / 2, math.pi / 2),
        Segment((40.0, 13.0), (40.0, 27.0)),
        Arc(37.0, 27.0, r, 0.0, math.pi / 2),
        Segment((37.0, 30.0), (13.0, 30.0)),
        Arc(13.0, 27.0, r, math.pi / 2, math.pi / 2),
        Segment((10.0, 27.0), (10.0, 13.0)),
        Arc(13.0, 13.0, r, math.pi, math.pi / 2),
    ]
    return Contour(tuple(pieces))


def notched() -> Contour:
    """A square with a rectangular notch: concave and convex corners, no arcs."""
    pts = [(0, 0), (20, 0), (20, 8), (14, 8), (14, 12), (20, 12), (20, 20), (0, 20)]
    return Contour(tuple(Segment(a, b) for a, b in zip(pts, pts[1:] + pts[:1], strict=True)))


@pytest.mark.parametrize("outward", [True, False])
@pytest.mark.parametrize("make", [rounded_rect, notched])
def test_contour_offset_is_exact_and_keeps_arcs(make: object, outward: bool) -> None:
    c = make()  # type: ignore[operator]
    for shape in (c, c.reversed()):
        moved = offset_shape(shape, 0.1, outward)
        assert isinstance(moved, Contour)
        n_arcs = sum(isinstance(p, Arc) for p in shape.pieces)
        assert sum(isinstance(p, Arc) for p in moved.pieces) >= n_arcs
        _check_offset(shape, moved, 0.1, outward)


def test_circles_stay_circles() -> None:
    assert offset_shape(Circle(0, 0, 5.0), 0.1, True) == Circle(0, 0, 5.1)
    assert offset_shape(Circle(0, 0, 5.0), 0.1, False) == Circle(0, 0, 4.9)


def test_apply_kerf_on_the_rete_and_plate() -> None:
    for part in raw_parts(38.9):
        if not (part.name == "rete" or part.name.startswith("plate")):
            continue
        moved = apply_kerf(part, 0.2)
        for layer, outward in (("CUT_OUTER", True), ("CUT_INNER", False)):
            for a, b in zip(part.items(layer), moved.items(layer), strict=True):
                _check_offset(a.shape, b.shape, 0.1, outward)


def test_zero_kerf_changes_nothing() -> None:
    part = Part("t", 10.0, 10.0, (5.0, 5.0))
    part.add("CUT_OUTER", Circle(5.0, 5.0, 4.0))
    assert apply_kerf(part, 0.0) is part
