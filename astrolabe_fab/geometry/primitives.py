"""Exact plane primitives in millimetres, their intersections and analytic clipping.

The frame is the SVG page frame: x to the right, y downwards. An angle ``t`` (radians) on a
circle of centre (cx, cy) and radius r names the point (cx + r cos t, cy + r sin t); increasing
``t`` therefore turns clockwise on the page.

Clipping is exact: a curve is split at its intersections with the boundaries of the regions it
must stay in (circle-circle and circle-line intersections in closed form), and each piece is kept
when its midpoint lies in every region. No curve is ever sampled here.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

Point = tuple[float, float]

TAU = 2.0 * math.pi
#: Geometric tolerance for "the same point" and "on the boundary", in mm.
EPS_MM = 1e-9
#: Pieces shorter than this after clipping are dropped (they are numerical slivers), in mm.
MIN_PIECE_MM = 1e-6


@dataclass(frozen=True)
class Circle:
    """A full circle."""

    cx: float
    cy: float
    r: float

    @property
    def center(self) -> Point:
        return (self.cx, self.cy)

    def point_at(self, t_rad: float) -> Point:
        return (self.cx + self.r * math.cos(t_rad), self.cy + self.r * math.sin(t_rad))

    def angle_of(self, p: Point) -> float:
        return math.atan2(p[1] - self.cy, p[0] - self.cx)

    @property
    def length_mm(self) -> float:
        return TAU * self.r


@dataclass(frozen=True)
class Arc:
    """Part of a circle from angle ``start_rad`` turning by ``sweep_rad`` (0 < |sweep| < 2 pi)."""

    cx: float
    cy: float
    r: float
    start_rad: float
    sweep_rad: float

    @property
    def center(self) -> Point:
        return (self.cx, self.cy)

    def point_at(self, t_rad: float) -> Point:
        return (self.cx + self.r * math.cos(t_rad), self.cy + self.r * math.sin(t_rad))

    @property
    def start(self) -> Point:
        return self.point_at(self.start_rad)

    @property
    def end(self) -> Point:
        return self.point_at(self.start_rad + self.sweep_rad)

    @property
    def mid(self) -> Point:
        return self.point_at(self.start_rad + self.sweep_rad / 2.0)

    @property
    def length_mm(self) -> float:
        return abs(self.sweep_rad) * self.r

    def reversed(self) -> Arc:
        return Arc(self.cx, self.cy, self.r, self.start_rad + self.sweep_rad, -self.sweep_rad)


@dataclass(frozen=True)
class Segment:
    """A straight segment from ``p0`` to ``p1``."""

    p0: Point
    p1: Point

    @property
    def start(self) -> Point:
        return self.p0

    @property
    def end(self) -> Point:
        return self.p1

    @property
    def mid(self) -> Point:
        return ((self.p0[0] + self.p1[0]) / 2.0, (self.p0[1] + self.p1[1]) / 2.0)

    @property
    def length_mm(self) -> float:
        return math.dist(self.p0, self.p1)

    def point_at(self, u: float) -> Point:
        return (
            self.p0[0] + u * (self.p1[0] - self.p0[0]),
            self.p0[1] + u * (self.p1[1] - self.p0[1]),
        )

    def reversed(self) -> Segment:
        return Segment(self.p1, self.p0)


@dataclass(frozen=True)
class Line:
    """An infinite straight line through ``p`` with direction ``(dx, dy)`` (unit length)."""

    px: float
    py: float
    dx: float
    dy: float

    @staticmethod
    def through(a: Point, b: Point) -> Line:
        length = math.dist(a, b)
        return Line(a[0], a[1], (b[0] - a[0]) / length, (b[1] - a[1]) / length)

    def point_at(self, u: float) -> Point:
        return (self.px + u * self.dx, self.py + u * self.dy)

    def param_of(self, p: Point) -> float:
        return (p[0] - self.px) * self.dx + (p[1] - self.py) * self.dy

    def signed_distance(self, p: Point) -> float:
        """Distance of ``p`` from the line, positive on the left of the direction (page frame)."""
        return (p[0] - self.px) * self.dy - (p[1] - self.py) * self.dx


@dataclass(frozen=True)
class Polyline:
    """Sampled curve for the few curves that are not circles (chord error below 0.01 mm)."""

    points: tuple[Point, ...]
    closed: bool = False

    @property
    def start(self) -> Point:
        return self.points[0]

    @property
    def end(self) -> Point:
        return self.points[0] if self.closed else self.points[-1]

    @property
    def length_mm(self) -> float:
        pts = (*self.points, self.points[0]) if self.closed else self.points
        return sum(math.dist(a, b) for a, b in itertools.pairwise(pts))

    def reversed(self) -> Polyline:
        return Polyline(tuple(reversed(self.points)), self.closed)


@dataclass(frozen=True)
class Contour:
    """A closed outline made of segments and arcs, each piece starting where the last ended."""

    pieces: tuple[Segment | Arc, ...]

    @property
    def start(self) -> Point:
        return self.pieces[0].start

    @property
    def end(self) -> Point:
        return self.pieces[0].start

    @property
    def length_mm(self) -> float:
        return sum(p.length_mm for p in self.pieces)

    def reversed(self) -> Contour:
        return Contour(tuple(p.reversed() for p in reversed(self.pieces)))


class FilledPolygon:
    """Filled area (text outlines, filled marks): closed rings, non-zero winding fill.

    Held as its rings (tuples of points), or as one (n, 2) array of all their points and
    where each ring ends in it (``from_points``: a text is outlined as arrays, and the writers
    and shapely want arrays). Either form is made from the other when first asked for, with
    the very same numbers. Equality and hashing are by the rings; a pickled polygon keeps
    its form. Immutable."""

    __slots__ = ("_ends", "_rings", "_xy")
    _rings: tuple[tuple[Point, ...], ...] | None
    _xy: np.ndarray | None
    _ends: tuple[int, ...]

    def __init__(self, rings: tuple[tuple[Point, ...], ...]) -> None:
        object.__setattr__(self, "_rings", rings)
        object.__setattr__(self, "_xy", None)  # (and ``_ends``, set with it by ``points``)

    @classmethod
    def from_points(cls, xy: np.ndarray, ends: tuple[int, ...]) -> FilledPolygon:
        """The polygon whose rings are the rows of ``xy`` (x, y) up to each of ``ends``
        (ring k is rows ends[k - 1] to ends[k], at least one; the last end is len(xy))."""
        points = np.array(np.reshape(xy, (-1, 2)), dtype=float)  # its own copy
        ends = tuple(ends)
        if (ends[-1] if ends else 0) != len(points) or any(
            b <= a for a, b in itertools.pairwise((0, *ends))
        ):
            raise ValueError(f"ring ends {ends} do not divide {len(points)} points into rings")
        points.flags.writeable = False
        shape = cls.__new__(cls)
        object.__setattr__(shape, "_rings", None)
        object.__setattr__(shape, "_xy", points)
        object.__setattr__(shape, "_ends", ends)
        return shape

    @property
    def rings(self) -> tuple[tuple[Point, ...], ...]:
        if self._rings is None:
            assert self._xy is not None
            xs, ys = self._xy[:, 0].tolist(), self._xy[:, 1].tolist()
            rings = tuple(tuple(zip(xs[a:b], ys[a:b], strict=True)) for a, b in self.ring_spans())
            object.__setattr__(self, "_rings", rings)
            return rings
        return self._rings

    def points(self) -> tuple[np.ndarray, tuple[int, ...]]:
        """All the points, rows of (x, y), and where each ring ends among them."""
        if self._xy is None:
            rings = self.rings
            ends = tuple(itertools.accumulate(len(r) for r in rings))
            flat = itertools.chain.from_iterable(itertools.chain.from_iterable(rings))
            count = 2 * (ends[-1] if ends else 0)
            xy = np.fromiter(flat, dtype=float, count=count).reshape(-1, 2)
            xy.flags.writeable = False
            object.__setattr__(self, "_xy", xy)
            object.__setattr__(self, "_ends", ends)
            return xy, ends
        return self._xy, self._ends

    def ring_spans(self) -> tuple[tuple[int, int], ...]:
        """Where each ring lies among ``points``: rows from start to end (exclusive)."""
        return tuple(itertools.pairwise((0, *self.points()[1])))

    def bbox(self) -> tuple[float, float, float, float]:
        xy, _ = self.points()
        x0, y0 = xy.min(axis=0).tolist()
        x1, y1 = xy.max(axis=0).tolist()
        return (x0, y0, x1, y1)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a FilledPolygon cannot be changed (setting {name!r})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FilledPolygon):
            return NotImplemented
        return self.rings == other.rings

    def __hash__(self) -> int:
        return hash(self.rings)

    def __repr__(self) -> str:
        return f"FilledPolygon(rings={self.rings!r})"

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        if self._rings is None:
            return (FilledPolygon.from_points, (self._xy, self._ends))
        return (FilledPolygon, (self._rings,))


Shape = Circle | Arc | Segment | Polyline | Contour | FilledPolygon
Boundary = Circle | Line


# --------------------------------------------------------------------------- constructions


def circle_through(a: Point, b: Point, c: Point) -> Circle | Line:
    """Circumcircle of three points, or the line through them when they are collinear.

    Centre from the perpendicular-bisector equations (e.g. Bourke, "Equation of a circle from
    3 points"): d = 2 (ax (by - cy) + bx (cy - ay) + cx (ay - by)).
    """
    ax, ay = a
    bx, by = b
    cx, cy = c
    d = 2.0 * (ax * (by - cy) + bx * (cy - ay) + cx * (ay - by))
    scale = max(math.dist(a, b), math.dist(b, c), math.dist(a, c))
    if abs(d) <= 1e-12 * scale * scale:
        return Line.through(a, c) if math.dist(a, c) >= math.dist(a, b) else Line.through(a, b)
    a2, b2, c2 = ax * ax + ay * ay, bx * bx + by * by, cx * cx + cy * cy
    ux = (a2 * (by - cy) + b2 * (cy - ay) + c2 * (ay - by)) / d
    uy = (a2 * (cx - bx) + b2 * (ax - cx) + c2 * (bx - ax)) / d
    return Circle(ux, uy, math.dist((ux, uy), a))


def arc_between(circle: Circle, t0_rad: float, t1_rad: float) -> Arc:
    """The arc of ``circle`` from angle t0 turning clockwise on the page (increasing t) to t1."""
    sweep = (t1_rad - t0_rad) % TAU
    return Arc(circle.cx, circle.cy, circle.r, t0_rad, sweep)


# --------------------------------------------------------------------------- intersections


def circle_circle_intersections(a: Circle, b: Circle) -> list[Point]:
    """Intersections of two circles (0, 1 or 2 points); concentric circles give none.

    With d the distance of the centres, the common chord lies at l = (d^2 + ra^2 - rb^2) / 2d
    from a's centre, half-length h = sqrt(ra^2 - l^2). Computed from the smaller circle, with
    d^2 - rb^2 = (d - rb)(d + rb), so that a circle of huge radius (a horizon near the equator)
    loses no digits.
    """
    if a.r > b.r:
        return circle_circle_intersections(b, a)
    dx, dy = b.cx - a.cx, b.cy - a.cy
    d = math.hypot(dx, dy)
    if d < EPS_MM:
        return []
    if d > a.r + b.r + EPS_MM or d < abs(a.r - b.r) - EPS_MM:
        return []
    ell = (a.r * a.r + (d - b.r) * (d + b.r)) / (2.0 * d)
    h2 = (a.r - ell) * (a.r + ell)
    h = math.sqrt(h2) if h2 > 0.0 else 0.0
    mx, my = a.cx + ell * dx / d, a.cy + ell * dy / d
    if h < EPS_MM:
        return [(mx, my)]
    ox, oy = -dy / d * h, dx / d * h
    return [(mx + ox, my + oy), (mx - ox, my - oy)]


def circle_line_intersections(c: Circle, line: Line) -> list[Point]:
    """Intersections of a circle with an infinite line: foot of the perpendicular +- chord,
    h = sqrt((r - s)(r + s)) with s the distance of the centre from the line."""
    u0 = line.param_of(c.center)
    foot = line.point_at(u0)
    dist = abs(line.signed_distance(c.center))
    if dist > c.r + EPS_MM:
        return []
    h2 = (c.r - dist) * (c.r + dist)
    h = math.sqrt(h2) if h2 > 0.0 else 0.0
    if h < EPS_MM:
        return [foot]
    return [line.point_at(u0 - h), line.point_at(u0 + h)]


def line_line_intersection(a: Line, b: Line) -> Point | None:
    """Intersection of two infinite lines, None when parallel."""
    den = a.dx * b.dy - a.dy * b.dx
    if abs(den) < 1e-15:
        return None
    u = ((b.px - a.px) * b.dy - (b.py - a.py) * b.dx) / den
    return a.point_at(u)


def intersections(curve: Circle | Line, boundary: Boundary) -> list[Point]:
    """Intersections of a circle or line with a circle or line."""
    if isinstance(curve, Circle):
        if isinstance(boundary, Circle):
            return circle_circle_intersections(curve, boundary)
        return circle_line_intersections(curve, boundary)
    if isinstance(boundary, Circle):
        return circle_line_intersections(boundary, curve)
    p = line_line_intersection(curve, boundary)
    return [] if p is None else [p]


# --------------------------------------------------------------------------- regions


@dataclass(frozen=True)
class Region:
    """One side of a circle or a line: the set a clipped curve must stay in.

    ``inside`` selects the disc of a circle (True) or its outside (False); for a line it selects
    the left side (True) or the right side (False) of its direction.
    """

    boundary: Boundary
    inside: bool

    def contains(self, p: Point) -> bool:
        b = self.boundary
        if isinstance(b, Circle):
            is_in = math.dist(p, b.center) <= b.r
        else:
            is_in = b.signed_distance(p) >= 0.0
        return is_in == self.inside

    @staticmethod
    def side_of(boundary: Boundary, point: Point) -> Region:
        """The side of ``boundary`` on which ``point`` lies."""
        if isinstance(boundary, Circle):
            return Region(boundary, math.dist(point, boundary.center) <= boundary.r)
        return Region(boundary, boundary.signed_distance(point) >= 0.0)

    def complement(self) -> Region:
        return Region(self.boundary, not self.inside)

    @property
    def boundaries(self) -> tuple[Boundary, ...]:
        return (self.boundary,)


@dataclass(frozen=True)
class OutsideBox:
    """The outside of a convex quadrilateral (a label's box): lines are cut at its edges."""

    corners: tuple[Point, Point, Point, Point]

    @cached_property
    def boundaries(self) -> tuple[Line, ...]:
        c = self.corners
        return tuple(Line.through(c[i], c[(i + 1) % 4]) for i in range(4))

    @cached_property
    def center(self) -> Point:
        return (sum(p[0] for p in self.corners) / 4.0, sum(p[1] for p in self.corners) / 4.0)

    @cached_property
    def reach_mm(self) -> float:
        """Radius of the circle around the centre that holds the box."""
        c = self.center
        return max(math.dist(c, p) for p in self.corners)

    @cached_property
    def bounds(self) -> tuple[float, float, float, float]:
        """Square around the reach circle, grown by EPS_MM (min x, min y, max x, max y)."""
        (cx, cy), reach = self.center, self.reach_mm + 2.0 * EPS_MM
        return (cx - reach, cy - reach, cx + reach, cy + reach)

    @cached_property
    def _edges(self) -> tuple[tuple[float, float, float, float], ...]:
        """Each boundary's point and unit direction (px, py, dx, dy)."""
        return tuple((b.px, b.py, b.dx, b.dy) for b in self.boundaries)

    @cached_property
    def edge_lengths_mm(self) -> tuple[float, ...]:
        """Each edge's length, in the order of ``boundaries`` (corner k to corner k + 1)."""
        c = self.corners
        return tuple(math.dist(c[k], c[(k + 1) % 4]) for k in range(4))

    def contains(self, p: Point) -> bool:
        """Whether ``p`` is outside the box: beyond its reach, or not on the same side of
        every edge (``Line.signed_distance`` of each edge, written out: all >= 0 or all <= 0
        is inside; a NaN is neither)."""
        if math.dist(p, self.center) > self.reach_mm:
            return True
        x, y = p
        below = above = False  # some edge's signed distance not >= 0, some not <= 0
        for px, py, dx, dy in self._edges:
            s = (x - px) * dy - (y - py) * dx
            if not s >= 0.0:
                below = True
            if not s <= 0.0:
                above = True
        return below and above


Clip = Region | OutsideBox


def _all_contain(regions: Iterable[Clip], p: Point) -> bool:
    # a loop rather than all(...): no generator at each of the thousands of calls a plate
    for region in regions:  # noqa: SIM110
        if not region.contains(p):
            return False
    return True


def _near_circle(region: Clip, circle: Circle) -> bool:
    """False when a box keep-out cannot touch the circle (it then keeps the whole circle)."""
    if isinstance(region, Region):
        return True
    return abs(math.dist(region.center, circle.center) - circle.r) <= region.reach_mm + EPS_MM


def _near_segment(region: Clip, seg: Segment) -> bool:
    """False when a box keep-out cannot touch the segment (it then keeps the whole segment).

    Two tests: the box's bounding square against the segment's bounding box (four
    comparisons, which settle most boxes of a part), then the distance from the box's centre
    to the segment against the box's reach."""
    if isinstance(region, Region):
        return True
    x0, y0, x1, y1 = region.bounds
    (ax, ay), (bx, by) = seg.p0, seg.p1
    if max(ax, bx) < x0 or min(ax, bx) > x1 or max(ay, by) < y0 or min(ay, by) > y1:
        return False
    c = region.center
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy or 1.0
    t = max(0.0, min(1.0, ((c[0] - ax) * dx + (c[1] - ay) * dy) / length2))
    return math.dist(c, (ax + t * dx, ay + t * dy)) <= region.reach_mm + EPS_MM


#: Margin of the "segment wholly on one side of a circle" pre-test, mm: far above rounding.
_SIDE_MARGIN_MM = 1e-6


def _segment_side(region: Region, seg: Segment) -> bool | None:
    """Where ``seg`` lies with respect to a circular region, when that is plain at a glance:
    True when the whole segment is inside the region and clear of its boundary (the region
    then neither cuts nor removes any of it), False when the whole segment is outside it,
    None when the boundary may cross it (or the boundary is a line). A disc is convex, so the
    segment is in it when both ends are; it misses the disc when its nearest point does."""
    b = region.boundary
    if not isinstance(b, Circle):
        return None
    (ax, ay), (bx, by) = seg.p0, seg.p1
    far = max(math.hypot(ax - b.cx, ay - b.cy), math.hypot(bx - b.cx, by - b.cy))
    if far < b.r - _SIDE_MARGIN_MM:
        return region.inside
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy or 1.0
    t = max(0.0, min(1.0, ((b.cx - ax) * dx + (b.cy - ay) * dy) / length2))
    near = math.hypot(ax + t * dx - b.cx, ay + t * dy - b.cy)
    if near > b.r + _SIDE_MARGIN_MM:
        return not region.inside
    return None


def clip_circle(circle: Circle, regions: Sequence[Clip]) -> list[Circle | Arc]:
    """The parts of ``circle`` inside every region, as exact arcs (or the whole circle)."""
    regions = [r for r in regions if _near_circle(r, circle)]
    angles: list[float] = []
    for region in regions:
        if isinstance(region, OutsideBox):
            angles.extend(circle.angle_of(p) for p in _box_crossings(circle, region))
            continue
        for boundary in region.boundaries:
            if boundary != circle:
                angles.extend(circle.angle_of(p) for p in intersections(circle, boundary))
    angles = _unique_sorted_angles(angles, circle.r)
    if len(angles) < 2:
        probe = circle.point_at(angles[0] + math.pi if angles else 0.0)
        return [circle] if _all_contain(regions, probe) else []
    pieces: list[tuple[float, float]] = []
    for i, t0 in enumerate(angles):
        t1 = angles[(i + 1) % len(angles)]
        sweep = (t1 - t0) % TAU
        if sweep * circle.r < MIN_PIECE_MM:
            continue
        if _all_contain(regions, circle.point_at(t0 + sweep / 2.0)):
            pieces.append((t0, sweep))
    return _merge_arc_pieces(circle, pieces)


def _box_crossings(circle: Circle, box: OutsideBox) -> list[Point]:
    """Where ``circle`` crosses the edges of ``box``: the crossings of each edge's line that lie
    on the edge (EPS_MM beyond its ends included). The line's other crossings cut the circle
    where the box does not begin or end, so they are left out."""
    out: list[Point] = []
    for line, length in zip(box.boundaries, box.edge_lengths_mm, strict=True):
        for p in circle_line_intersections(circle, line):
            if -EPS_MM <= line.param_of(p) <= length + EPS_MM:
                out.append(p)
    return out


def _unique_sorted_angles(angles: list[float], radius: float) -> list[float]:
    out: list[float] = []
    for t in sorted(a % TAU for a in angles):
        if not out or (t - out[-1]) * radius > MIN_PIECE_MM:
            out.append(t)
    if len(out) > 1 and (out[0] + TAU - out[-1]) * radius <= MIN_PIECE_MM:
        out.pop()
    return out


def _merge_arc_pieces(circle: Circle, pieces: list[tuple[float, float]]) -> list[Circle | Arc]:
    """Join pieces that touch end to start (including across angle 0) into single arcs."""
    if not pieces:
        return []
    total = sum(s for _, s in pieces)
    if abs(total - TAU) * circle.r < MIN_PIECE_MM:
        return [circle]
    merged: list[list[float]] = []
    for t0, sweep in pieces:
        if merged and abs((merged[-1][0] + merged[-1][1]) - t0) * circle.r < MIN_PIECE_MM:
            merged[-1][1] += sweep
        else:
            merged.append([t0, sweep])
    if len(merged) > 1:
        last, first = merged[-1], merged[0]
        if abs(math.remainder((last[0] + last[1]) - first[0], TAU)) * circle.r < MIN_PIECE_MM:
            first[0], first[1] = last[0], last[1] + first[1]
            merged.pop()
    return [Arc(circle.cx, circle.cy, circle.r, t0 % TAU, sweep) for t0, sweep in merged]


def clip_segment(segment: Segment, regions: Sequence[Clip]) -> list[Segment]:
    """The parts of ``segment`` inside every region, as segments.

    Regions that plainly keep the whole segment (a far label box, a circle wholly around or
    wholly beside it) are left out before any intersection is computed; they would add no
    cut and pass the midpoint test, so the pieces are the same."""
    near: list[Clip] = []
    for r in regions:
        if isinstance(r, Region):
            side = _segment_side(r, segment)
            if side is False:
                return []
            if side is None:
                near.append(r)
        elif _near_segment(r, segment):
            near.append(r)
    regions = near
    line = Line.through(segment.p0, segment.p1)
    length = segment.length_mm
    params = [0.0, length]
    for region in regions:
        for boundary in region.boundaries:
            if boundary == line:
                continue
            for p in intersections(line, boundary):
                u = line.param_of(p)
                if 0.0 < u < length:
                    params.append(u)
    params.sort()
    kept: list[tuple[float, float]] = []
    for u0, u1 in itertools.pairwise(params):
        if u1 - u0 < MIN_PIECE_MM:
            continue
        if _all_contain(regions, line.point_at((u0 + u1) / 2.0)):
            if kept and abs(kept[-1][1] - u0) < MIN_PIECE_MM:
                kept[-1] = (kept[-1][0], u1)
            else:
                kept.append((u0, u1))
    return [Segment(line.point_at(u0), line.point_at(u1)) for u0, u1 in kept]


def chord(line: Line, circle: Circle) -> Segment | None:
    """The part of an infinite line inside a circle (None when they do not cross)."""
    pts = circle_line_intersections(circle, line)
    if len(pts) < 2:
        return None
    return Segment(pts[0], pts[1])


def clip_curve(curve: Circle | Line, limit: Circle, regions: Sequence[Clip]) -> list[Shape]:
    """Clip a projected sky circle (a circle, or a line through the pivot region) to the plate.

    ``limit`` bounds the result (the plate limit); ``regions`` are the further sides to keep.
    """
    inside_limit = Region(limit, True)
    if isinstance(curve, Circle):
        return list(clip_circle(curve, [inside_limit, *regions]))
    seg = chord(curve, limit)
    if seg is None:
        return []
    return list(clip_segment(seg, [inside_limit, *regions]))


def clip_polyline(points: Sequence[Point], regions: Sequence[Clip]) -> list[Polyline]:
    """The parts of a sampled curve inside every region: each chord is clipped exactly
    (``clip_segment``) and the kept pieces that join end to start are chained again."""
    runs: list[list[Point]] = []
    for a, b in itertools.pairwise(points):
        if math.dist(a, b) < MIN_PIECE_MM:
            continue
        for piece in clip_segment(Segment(a, b), regions):
            if runs and math.dist(runs[-1][-1], piece.p0) < MIN_PIECE_MM:
                runs[-1].append(piece.p1)
            else:
                runs.append([piece.p0, piece.p1])
    return [Polyline(tuple(run)) for run in runs]


# --------------------------------------------------------------------------- transforms


def transform_point(p: Point, m: tuple[float, float, float, float, float, float]) -> Point:
    """Affine map (a, b, c, d, e, f): x' = a x + c y + e, y' = b x + d y + f (SVG matrix order)."""
    a, b, c, d, e, f = m
    return (a * p[0] + c * p[1] + e, b * p[0] + d * p[1] + f)


def transform_points(
    xy: np.ndarray, m: tuple[float, float, float, float, float, float]
) -> np.ndarray:
    """``transform_point`` of every row (x, y) of ``xy``: the same operations in the same
    order, so the same numbers."""
    x, y = xy[:, 0], xy[:, 1]
    a, b, c, d, e, f = m
    return np.column_stack([a * x + c * y + e, b * x + d * y + f])


def mirror_x(shape: Shape, axis_x: float) -> Shape:
    """Mirror a shape about the vertical line x = axis_x (exact for every primitive)."""
    m = (-1.0, 0.0, 0.0, 1.0, 2.0 * axis_x, 0.0)
    if isinstance(shape, Circle):
        return Circle(2.0 * axis_x - shape.cx, shape.cy, shape.r)
    if isinstance(shape, Arc):
        return Arc(
            2.0 * axis_x - shape.cx, shape.cy, shape.r, math.pi - shape.start_rad, -shape.sweep_rad
        )
    if isinstance(shape, Segment):
        return Segment(transform_point(shape.p0, m), transform_point(shape.p1, m))
    if isinstance(shape, Polyline):
        return Polyline(tuple(transform_point(p, m) for p in shape.points), shape.closed)
    if isinstance(shape, Contour):
        return Contour(tuple(mirror_x(p, axis_x) for p in shape.pieces))  # type: ignore[misc]
    xy, ends = shape.points()
    return FilledPolygon.from_points(transform_points(xy, m), ends)


def translate(shape: Shape, dx: float, dy: float) -> Shape:
    """Move a shape by (dx, dy) mm."""
    if isinstance(shape, Circle):
        return Circle(shape.cx + dx, shape.cy + dy, shape.r)
    if isinstance(shape, Arc):
        return Arc(shape.cx + dx, shape.cy + dy, shape.r, shape.start_rad, shape.sweep_rad)
    if isinstance(shape, Segment):
        return Segment((shape.p0[0] + dx, shape.p0[1] + dy), (shape.p1[0] + dx, shape.p1[1] + dy))
    if isinstance(shape, Polyline):
        return Polyline(tuple((x + dx, y + dy) for x, y in shape.points), shape.closed)
    if isinstance(shape, Contour):
        return Contour(tuple(translate(p, dx, dy) for p in shape.pieces))  # type: ignore[misc]
    xy, ends = shape.points()
    return FilledPolygon.from_points(xy + np.array([dx, dy]), ends)


def shape_bbox(shape: Shape) -> tuple[float, float, float, float]:
    """Axis-aligned bounding box (min x, min y, max x, max y), exact for circles and arcs."""
    if isinstance(shape, Circle):
        return (shape.cx - shape.r, shape.cy - shape.r, shape.cx + shape.r, shape.cy + shape.r)
    if isinstance(shape, Arc):
        # the ends, and every multiple of 90 degrees the arc passes (its extremes in x and y)
        pts = [shape.start, shape.end]
        lo, hi = sorted((shape.start_rad, shape.start_rad + shape.sweep_rad))
        quarter = math.pi / 2.0
        for k in range(math.ceil(lo / quarter), math.floor(hi / quarter) + 1):
            pts.append(shape.point_at(k * quarter))
        return _bbox_of(pts)
    if isinstance(shape, Segment):
        return _bbox_of([shape.p0, shape.p1])
    if isinstance(shape, Polyline):
        return _bbox_of(list(shape.points))
    if isinstance(shape, Contour):
        boxes = [shape_bbox(p) for p in shape.pieces]
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
    return shape.bbox()


def _bbox_of(pts: Sequence[Point]) -> tuple[float, float, float, float]:
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return (min(xs), min(ys), max(xs), max(ys))
