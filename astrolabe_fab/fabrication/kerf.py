"""Kerf compensation (``--kerf MM``): move cut paths by half the kerf into the waste.

The beam removes a strip ``kerf`` wide centred on the path, so the outline (CUT_OUTER) is moved
outwards and every hole or window (CUT_INNER) inwards by ``kerf / 2``; the part and its holes
then come out at their drawn size (research note §1.9; LightBurn's kerf offset does the same).

The offset is exact: an offset circle is a circle of radius r +- d, an offset segment is the
parallel segment; at a corner the offset pieces are trimmed to their intersection (concave
corner) or joined by an arc of radius d round the corner (convex corner), so every circle and
arc stays a true arc. Each exact offset is checked against shapely's buffer of the sampled
contour (Hausdorff distance below 0.005 mm); if the check fails (a piece shorter than the kerf
vanishes), the buffered outline is used instead, sampled to a chord error below 0.001 mm.
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from shapely.geometry import Polygon

from ..geometry.primitives import (
    TAU,
    Arc,
    Circle,
    Contour,
    Line,
    Point,
    Polyline,
    Segment,
    Shape,
    circle_circle_intersections,
    circle_line_intersections,
    line_line_intersection,
)
from ..scene import Item, LayerName, Part
from .shapes import ring_area_mm2, shape_points

CHECK_MM = 0.005


def _tangent(piece: Segment | Arc, at_end: bool) -> Point:
    """Unit direction of travel at the start or end of a piece."""
    if isinstance(piece, Segment):
        dx, dy = piece.p1[0] - piece.p0[0], piece.p1[1] - piece.p0[1]
        n = math.hypot(dx, dy)
        return (dx / n, dy / n)
    t = piece.start_rad + (piece.sweep_rad if at_end else 0.0)
    s = 1.0 if piece.sweep_rad > 0 else -1.0
    return (-math.sin(t) * s, math.cos(t) * s)


def _offset_piece(piece: Segment | Arc, d: float, left: bool) -> Segment | Arc | None:
    """Offset by d to the left (math sense: direction rotated by +90 deg) or the right."""
    if isinstance(piece, Segment):
        tx, ty = _tangent(piece, False)
        nx, ny = (-ty, tx) if left else (ty, -tx)
        return Segment(
            (piece.p0[0] + d * nx, piece.p0[1] + d * ny),
            (piece.p1[0] + d * nx, piece.p1[1] + d * ny),
        )
    mid_t = piece.start_rad + piece.sweep_rad / 2.0
    tx, ty = _tangent(Arc(piece.cx, piece.cy, piece.r, mid_t, piece.sweep_rad), False)
    nx, ny = (-ty, tx) if left else (ty, -tx)
    radial = nx * math.cos(mid_t) + ny * math.sin(mid_t)
    r = piece.r + d if radial > 0 else piece.r - d
    if r <= 1e-6:
        return None
    return Arc(piece.cx, piece.cy, r, piece.start_rad, piece.sweep_rad)


def _carrier(piece: Segment | Arc) -> Circle | Line:
    if isinstance(piece, Segment):
        return Line.through(piece.p0, piece.p1)
    return Circle(piece.cx, piece.cy, piece.r)


def _intersect(a: Segment | Arc, b: Segment | Arc) -> list[Point]:
    ca, cb = _carrier(a), _carrier(b)
    if isinstance(ca, Circle) and isinstance(cb, Circle):
        return circle_circle_intersections(ca, cb)
    if isinstance(ca, Circle):
        return circle_line_intersections(ca, cb)  # type: ignore[arg-type]
    if isinstance(cb, Circle):
        return circle_line_intersections(cb, ca)
    p = line_line_intersection(ca, cb)
    return [] if p is None else [p]


def _param(piece: Segment | Arc, p: Point) -> float:
    """Position of p along the piece: 0 at its start, 1 at its end."""
    if isinstance(piece, Segment):
        dx, dy = piece.p1[0] - piece.p0[0], piece.p1[1] - piece.p0[1]
        return ((p[0] - piece.p0[0]) * dx + (p[1] - piece.p0[1]) * dy) / (dx * dx + dy * dy)
    t = math.atan2(p[1] - piece.cy, p[0] - piece.cx)
    u = (t - piece.start_rad) / piece.sweep_rad
    # bring u to the turn nearest [0, 1]
    period = TAU / abs(piece.sweep_rad)
    u -= round((u - 0.5) / period) * period
    return u


def _trim(piece: Segment | Arc, p_start: Point | None, p_end: Point | None) -> Segment | Arc:
    if isinstance(piece, Segment):
        return Segment(p_start or piece.p0, p_end or piece.p1)
    t0 = piece.start_rad
    t1 = piece.start_rad + piece.sweep_rad
    if p_start is not None:
        t0 = piece.start_rad + _param(piece, p_start) * piece.sweep_rad
    if p_end is not None:
        t1 = piece.start_rad + _param(piece, p_end) * piece.sweep_rad
    return Arc(piece.cx, piece.cy, piece.r, t0, t1 - t0)


def offset_contour(contour: Contour, d: float, outward: bool) -> Contour | None:
    """The contour moved by d mm away from (outward) or into its enclosed area; None if the
    exact construction fails."""
    pts = shape_points(contour, 0.01)
    ccw = ring_area_mm2(pts) > 0.0  # interior on the left (math sense) of the travel direction
    left = ccw != outward
    n = len(contour.pieces)
    off: list[Segment | Arc] = []
    for piece in contour.pieces:
        o = _offset_piece(piece, d, left)
        if o is None:
            return None
        off.append(o)
    starts: list[Point | None] = [None] * n
    ends: list[Point | None] = [None] * n
    joins: list[Arc | None] = [None] * n
    for i in range(n):
        a, b = off[i], off[(i + 1) % n]
        if math.dist(a.end, b.start) < 1e-9:
            continue
        vertex = contour.pieces[i].end
        hits = [
            p
            for p in _intersect(a, b)
            if -1e-9 <= _param(a, p) <= 1 + 1e-9 and -1e-9 <= _param(b, p) <= 1 + 1e-9
        ]
        if hits:
            p = min(hits, key=lambda q: math.dist(q, vertex))
            ends[i], starts[(i + 1) % n] = p, p
        else:
            t0 = math.atan2(a.end[1] - vertex[1], a.end[0] - vertex[0])
            t1 = math.atan2(b.start[1] - vertex[1], b.start[0] - vertex[0])
            sweep = (t1 - t0 + math.pi) % TAU - math.pi
            joins[i] = Arc(vertex[0], vertex[1], d, t0, sweep)
    pieces: list[Segment | Arc] = []
    for i in range(n):
        piece = _trim(off[i], starts[i], ends[i])
        if isinstance(piece, Arc) and piece.sweep_rad * off[i].sweep_rad <= 0:  # type: ignore[union-attr]
            return None
        if isinstance(piece, Segment) and piece.length_mm < 1e-9:
            return None
        pieces.append(piece)
        if joins[i] is not None and abs(joins[i].sweep_rad) * d > 1e-9:  # type: ignore[union-attr]
            pieces.append(joins[i])  # type: ignore[arg-type]
    return Contour(tuple(pieces))


def _max_gap_mm(a: list[Point], b: list[Point]) -> float:
    """Symmetric distance between two outlines given as point lists (vertices to segments)."""

    def one_way(pts: list[Point], other: list[Point]) -> float:
        arr = np.asarray(other)
        tree = shapely.STRtree(shapely.linestrings(np.stack([arr[:-1], arr[1:]], axis=1)))
        _, dist = tree.query_nearest(
            shapely.points(np.asarray(pts)), return_distance=True, all_matches=False
        )
        return float(dist.max())

    return max(one_way(a, b), one_way(b, a))


def _buffered(shape: Contour | Circle | Polyline, d: float, outward: bool) -> Shape:
    """Fallback: shapely's round-joined buffer of the sampled outline, as a closed Polyline."""
    poly = Polygon(shape_points(shape, 0.001))
    res = poly.buffer(d if outward else -d, quad_segs=64)
    if res.is_empty:
        return shape
    if not isinstance(res, Polygon):
        res = max(res.geoms, key=lambda g: g.area)
    coords = list(res.exterior.coords)[:-1]
    return Polyline(tuple((float(x), float(y)) for x, y in coords), closed=True)


def offset_shape(shape: Shape, d: float, outward: bool) -> Shape:
    """A closed cut shape moved by d mm outwards or inwards (open shapes are left alone)."""
    if d <= 0.0:
        return shape
    if isinstance(shape, Circle):
        r = shape.r + d if outward else shape.r - d
        return Circle(shape.cx, shape.cy, r) if r > 1e-6 else shape
    if isinstance(shape, Contour):
        exact = offset_contour(shape, d, outward)
        expected = Polygon(shape_points(shape, 0.001)).buffer(d if outward else -d, quad_segs=64)
        if exact is not None and isinstance(expected, Polygon) and not expected.is_empty:
            ring = list(expected.exterior.coords)
            if _max_gap_mm(shape_points(exact, 0.001), ring) < CHECK_MM:
                return exact
        return _buffered(shape, d, outward)
    if isinstance(shape, Polyline) and shape.closed:
        return _buffered(shape, d, outward)
    return shape


def apply_kerf(part: Part, kerf_mm: float) -> Part:
    """A copy of ``part`` with outer cuts moved out and inner cuts moved in by kerf / 2."""
    if kerf_mm <= 0.0:
        return part
    d = kerf_mm / 2.0
    layers: dict[LayerName, list[Item]] = {name: list(items) for name, items in part.layers.items()}
    layers["CUT_OUTER"] = [
        Item(offset_shape(it.shape, d, True), it.weight) for it in part.items("CUT_OUTER")
    ]
    layers["CUT_INNER"] = [
        Item(offset_shape(it.shape, d, False), it.weight) for it in part.items("CUT_INNER")
    ]
    return part.with_layers(layers)
