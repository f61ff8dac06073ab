"""Small shape helpers shared by the fabrication steps: ends, reversal, pieces, flattening.

A vector path is entered at ``shape_start`` and left at ``shape_end``. A full circle is entered
and left at angle 0, the point (cx + r, cy): that is where an SVG ``<circle>`` and a DXF
``CIRCLE`` begin (SVG 2 §9.3 "the path starts at (cx + r, cy)"; DXF circles start at angle 0).
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Sequence

from ..geometry.primitives import (
    TAU,
    Arc,
    Circle,
    Contour,
    FilledPolygon,
    Point,
    Polyline,
    Segment,
    Shape,
)

#: Two points closer than this are the same point; overlaps below it are duplicates (mm).
TOL_MM = 0.01

Piece = Circle | Arc | Segment


def shape_start(shape: Shape) -> Point:
    if isinstance(shape, Circle):
        return (shape.cx + shape.r, shape.cy)
    if isinstance(shape, FilledPolygon):
        x, y = shape.points()[0][0].tolist()  # the first ring's first point
        return (x, y)
    return shape.start


def shape_end(shape: Shape) -> Point:
    if isinstance(shape, Circle | FilledPolygon):
        return shape_start(shape)  # closed by construction: it ends where it starts
    return shape.end


def is_closed(shape: Shape) -> bool:
    """True for shapes that end where they start by construction."""
    if isinstance(shape, Circle | Contour | FilledPolygon):
        return True
    if isinstance(shape, Polyline):
        return shape.closed
    return False


def reverse(shape: Shape) -> Shape:
    if isinstance(shape, Circle | FilledPolygon):
        return shape
    return shape.reversed()


def length_mm(shape: Shape) -> float:
    if isinstance(shape, FilledPolygon):
        return 0.0
    return shape.length_mm


def pieces_of(shape: Shape) -> list[Piece]:
    """Elementary pieces (circles, arcs, segments) of a line shape."""
    if isinstance(shape, Circle | Arc | Segment):
        return [shape]
    if isinstance(shape, Contour):
        return list(shape.pieces)
    if isinstance(shape, Polyline):
        pts = list(shape.points)
        if shape.closed:
            pts.append(pts[0])
        return [Segment(a, b) for a, b in itertools.pairwise(pts) if a != b]
    raise TypeError(f"{type(shape).__name__} has no line pieces")


def arc_points(arc: Arc | Circle, chord_error_mm: float = 0.001) -> list[Point]:
    """Points along an arc with chord error below ``chord_error_mm`` (sagitta r (1 - cos(h/2)))."""
    if isinstance(arc, Circle):
        arc = Arc(arc.cx, arc.cy, arc.r, 0.0, TAU)
    step = 2.0 * math.acos(max(-1.0, 1.0 - chord_error_mm / max(arc.r, 1e-9)))
    n = max(2, math.ceil(abs(arc.sweep_rad) / max(step, 1e-6)))
    return [arc.point_at(arc.start_rad + arc.sweep_rad * k / n) for k in range(n + 1)]


def shape_points(shape: Shape, chord_error_mm: float = 0.001) -> list[Point]:
    """Points along a line shape (closed shapes repeat their first point at the end)."""
    if isinstance(shape, Circle | Arc):
        return arc_points(shape, chord_error_mm)
    if isinstance(shape, Segment):
        return [shape.p0, shape.p1]
    if isinstance(shape, Polyline):
        pts = list(shape.points)
        return [*pts, pts[0]] if shape.closed else pts
    if isinstance(shape, Contour):
        out: list[Point] = [shape.start]
        for piece in shape.pieces:
            pts = (
                arc_points(piece, chord_error_mm)
                if isinstance(piece, Arc)
                else [piece.p0, piece.p1]
            )
            out.extend(pts[1:])
        return out
    raise TypeError(f"{type(shape).__name__} has no line points")


def ring_area_mm2(ring: tuple[Point, ...] | list[Point]) -> float:
    """Signed area of a closed ring (shoelace formula)."""
    s = 0.0
    n = len(ring)
    for i in range(n):
        x0, y0 = ring[i]
        x1, y1 = ring[(i + 1) % n]
        s += x0 * y1 - x1 * y0
    return 0.5 * s


def greedy_chains(
    shapes: Sequence[Shape], chainable: Sequence[bool]
) -> list[list[tuple[int, bool]]]:
    """Greedy end-to-start chains of shapes whose ends meet within TOL_MM.

    Each chain is a list of (index, reversed). Shapes are taken in order; a chain grows forward
    from its last end, then backward from its first start, always to the nearest free end
    (ties: lowest index). Shapes that are not ``chainable`` (full circles, closed contours)
    stand alone.
    """
    ends = [(shape_start(s), shape_end(s)) for s in shapes]
    grid: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for i, (a, b) in enumerate(ends):
        if chainable[i]:
            for which, q in ((0, a), (1, b)):
                grid[(round(q[0] / TOL_MM), round(q[1] / TOL_MM))].append((i, which))
    used = [False] * len(shapes)

    def find(q: Point) -> tuple[int, int] | None:
        kx, ky = round(q[0] / TOL_MM), round(q[1] / TOL_MM)
        best: tuple[float, int, int] | None = None
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for i, which in grid.get((kx + dx, ky + dy), ()):
                    if used[i]:
                        continue
                    d = math.dist(q, ends[i][which])
                    if d <= TOL_MM and (best is None or (d, i, which) < best):
                        best = (d, i, which)
        return None if best is None else (best[1], best[2])

    chains: list[list[tuple[int, bool]]] = []
    for i in range(len(shapes)):
        if used[i]:
            continue
        used[i] = True
        chain = [(i, False)]
        if chainable[i]:
            while (hit := find(ends[chain[-1][0]][0 if chain[-1][1] else 1])) is not None:
                used[hit[0]] = True
                chain.append((hit[0], hit[1] == 1))
            while (hit := find(ends[chain[0][0]][1 if chain[0][1] else 0])) is not None:
                used[hit[0]] = True
                chain.insert(0, (hit[0], hit[1] == 0))
        chains.append(chain)
    return chains
