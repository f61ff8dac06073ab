"""The cut-out rete's solid: shapely for the union, exact arcs and segments for the cuts.

The solid is designed with shapely (rings, bands, struts and pointers united, the pivot hole
taken out) from exact generators: every circle and straight edge used to build it is kept in
a registry. Shapely works on fine polygons (vertices exactly on their circle, sagitta below
``SAGITTA_MM``); its result is then turned back into exact geometry: each boundary edge is
assigned to the generator it lies on, consecutive edges of one generator become one Arc or
Segment, and every corner is recomputed as the exact intersection of its two generators
(circle-circle, circle-line or line-line in closed form, see ``geometry.primitives``).
An edge that lies on no generator (none is expected) is kept as a straight segment of the
fine polygon, whose chord error is below ``SAGITTA_MM``.

The minimum web is checked by a morphological opening (erode then dilate by half the web):
a bridge narrower than the web disappears from the opened solid.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon

from ..geometry.primitives import (
    Arc,
    Circle,
    Contour,
    Line,
    Point,
    Segment,
    circle_circle_intersections,
    circle_line_intersections,
    line_line_intersection,
)

#: Largest distance between a shapely circle polygon and its true circle, mm.
SAGITTA_MM = 0.002
Generator = Circle | Line


def circle_polygon(circle: Circle, hole: bool = False) -> Polygon:
    """A fine polygon inscribed in the circle: n vertices exactly on it, sagitta < SAGITTA_MM.

    Sagitta of a chord spanning angle 2 pi / n: r (1 - cos(pi / n)).
    """
    n = max(64, math.ceil(math.pi / math.acos(max(0.0, 1.0 - SAGITTA_MM / circle.r))))
    n = 4 * math.ceil(n / 4)
    pts = [circle.point_at(2.0 * math.pi * k / n) for k in range(n)]
    return Polygon(pts)


def annulus(cx: float, cy: float, r_in: float, r_out: float) -> Polygon:
    """The ring between two concentric circles."""
    outer = circle_polygon(Circle(cx, cy, r_out))
    inner = circle_polygon(Circle(cx, cy, r_in))
    return Polygon(outer.exterior.coords, [inner.exterior.coords])


def strip(a: Point, b: Point, width_mm: float) -> tuple[Polygon, tuple[Line, Line]]:
    """Rectangle of the given width centred on segment a-b, and its two long edges as lines."""
    length = math.dist(a, b)
    ux, uy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    nx, ny = -uy * width_mm / 2.0, ux * width_mm / 2.0
    p1, p2 = (a[0] + nx, a[1] + ny), (b[0] + nx, b[1] + ny)
    p3, p4 = (b[0] - nx, b[1] - ny), (a[0] - nx, a[1] - ny)
    return Polygon([p1, p2, p3, p4]), (Line.through(p1, p2), Line.through(p4, p3))


def _dist_to(g: Generator, p: Point) -> float:
    if isinstance(g, Circle):
        return abs(math.dist(p, g.center) - g.r)
    return abs(g.signed_distance(p))


def _match(g: Generator, a: Point, b: Point, tol: float) -> bool:
    if _dist_to(g, a) > tol or _dist_to(g, b) > tol:
        return False
    if isinstance(g, Circle):
        # the chord's midpoint sits at most one sagitta inside the circle
        mid = ((a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0)
        return _dist_to(g, mid) <= tol + (math.dist(a, b) ** 2) / (8.0 * g.r)
    return True


def _corner(g1: Generator, g2: Generator, near: Point, tol: float) -> Point:
    """Exact intersection of two generators nearest ``near`` (``near`` itself if none)."""
    if isinstance(g1, Circle) and isinstance(g2, Circle):
        pts = circle_circle_intersections(g1, g2)
    elif isinstance(g1, Circle) and isinstance(g2, Line):
        pts = circle_line_intersections(g1, g2)
    elif isinstance(g1, Line) and isinstance(g2, Circle):
        pts = circle_line_intersections(g2, g1)
    else:
        p = line_line_intersection(g1, g2)  # type: ignore[arg-type]
        pts = [] if p is None else [p]
    if not pts:
        return near
    best = min(pts, key=lambda p: math.dist(p, near))
    return best if math.dist(best, near) < 50.0 * tol + 0.05 else near


@dataclass
class ContourStats:
    """How a ring was converted: pieces that are exact arcs, exact segments, fallback chords."""

    arcs: int = 0
    segments: int = 0
    fallback: int = 0


def ring_to_contour(
    coords: Sequence[Point], generators: Sequence[Generator], stats: ContourStats | None = None
) -> Contour:
    """Turn one closed shapely ring into an exact Contour of Arcs and Segments: label each
    edge with its generator, cut the ring into runs of one generator, recompute the corners
    exactly and make one Arc or Segment per run."""
    pts = [(float(x), float(y)) for x, y in coords]
    if pts[0] == pts[-1]:
        pts = pts[:-1]
    tol = 2.0 * SAGITTA_MM + 1e-7
    labels = edge_labels(pts, generators, tol)
    start = next(
        (i for i in range(len(pts)) if labels[i] != labels[i - 1] or labels[i] == -1), None
    )
    if start is None:  # one generator all round
        g = generators[labels[0]]
        if isinstance(g, Circle):
            if stats:
                stats.arcs += 1
            return Contour((Arc(g.cx, g.cy, g.r, 0.0, _ring_sweep(pts, g)),))
        start = 0
    runs = edge_runs(pts[start:] + pts[:start], labels[start:] + labels[:start])
    corners = run_corners(runs, generators, tol)
    return Contour(tuple(_run_pieces(runs, corners, generators, stats)))


def edge_labels(pts: list[Point], generators: Sequence[Generator], tol: float) -> list[int]:
    """For each edge pts[i] -> pts[i+1] (closed ring) the index of the generator it lies on,
    -1 for none; a run of one generator goes on while its edges still match it. Only the
    generators ``_near_ends`` finds near both ends of an edge are tested (``_match``)."""
    n = len(pts)
    near = _near_ends(pts, generators, tol)
    labels: list[int] = []
    for i in range(n):
        a, b = pts[i], pts[(i + 1) % n]
        if labels and labels[-1] != -1 and _match(generators[labels[-1]], a, b, tol):
            labels.append(labels[-1])  # the previous generator would win any tie anyway
            continue
        hits = [k for k in near[i] if _match(generators[k], a, b, tol)]
        if not hits:
            labels.append(-1)
        else:
            labels.append(hits[0] if len(hits) == 1 else _best(hits, generators, a, b))
    return labels


#: Slack of ``_near_ends`` over the tolerance, mm: far above the difference between numpy's
#: rounding and ``math``'s, far below any tolerance.
NEAR_SLACK_MM = 1e-9


def _near_ends(pts: list[Point], generators: Sequence[Generator], tol: float) -> list[list[int]]:
    """For each edge pts[i] -> pts[i+1] (closed ring), in increasing order, the generators
    that both its ends lie within ``tol`` (+ NEAR_SLACK_MM) of, by numpy (``_dist_to`` of every
    point and generator at once): every generator ``_match`` accepts, and few others."""
    n = len(pts)
    if not n or not generators:
        return [[] for _ in range(n)]
    xy = np.asarray(pts, dtype=float).reshape(-1, 2)
    x, y = xy[:, :1], xy[:, 1:]
    dist = np.empty((n, len(generators)))
    circles = [k for k, g in enumerate(generators) if isinstance(g, Circle)]
    lines = [k for k, g in enumerate(generators) if isinstance(g, Line)]
    if circles:
        discs = [(g.cx, g.cy, g.r) for g in generators if isinstance(g, Circle)]
        cx, cy, r = np.asarray(discs).T
        dist[:, circles] = np.abs(np.hypot(x - cx, y - cy) - r)
    if lines:
        rays = [(g.px, g.py, g.dx, g.dy) for g in generators if isinstance(g, Line)]
        px, py, dx, dy = np.asarray(rays).T
        dist[:, lines] = np.abs((x - px) * dy - (y - py) * dx)
    close = dist <= tol + NEAR_SLACK_MM
    both = close & np.roll(close, -1, axis=0)  # row i: ends i and i + 1 (the last: n-1 and 0)
    rows, cols = np.nonzero(both)
    near: list[list[int]] = [[] for _ in range(n)]
    for i, k in zip(rows.tolist(), cols.tolist(), strict=True):
        near[i].append(k)
    return near


def edge_runs(pts: list[Point], labels: list[int]) -> list[tuple[int, list[Point]]]:
    """Consecutive edges of one generator joined into runs (label, points); unmatched edges
    (-1) stay one run each. ``pts``/``labels`` start at the start of a run."""
    n = len(pts)
    runs: list[tuple[int, list[Point]]] = []
    for i in range(n):
        if runs and labels[i] == runs[-1][0] and labels[i] != -1:
            runs[-1][1].append(pts[(i + 1) % n])
        else:
            runs.append((labels[i], [pts[i], pts[(i + 1) % n]]))
    return runs


def run_corners(
    runs: list[tuple[int, list[Point]]], generators: Sequence[Generator], tol: float
) -> list[Point]:
    """The start of each run: the exact intersection of its generator with the previous
    run's, or the ring's own vertex next to an unmatched edge."""
    corners: list[Point] = []
    for j, (label, run_pts) in enumerate(runs):
        prev = runs[j - 1][0]
        if label == -1 or prev == -1:
            corners.append(run_pts[0])
        else:
            corners.append(_corner(generators[prev], generators[label], run_pts[0], tol))
    return corners


def _run_pieces(
    runs: list[tuple[int, list[Point]]],
    corners: list[Point],
    generators: Sequence[Generator],
    stats: ContourStats | None,
) -> list[Arc | Segment]:
    """One Arc (circle generator) or Segment (line or none) per run, corner to corner; a run
    whose two corners are one point (a run shorter than the corner's correction) gives none."""
    m = len(runs)
    pieces: list[Arc | Segment] = []
    for j, (label, run_pts) in enumerate(runs):
        p0, p1 = corners[j], corners[(j + 1) % m]
        gen = generators[label] if label != -1 else None
        if isinstance(gen, Circle):
            arc = _run_arc(gen, run_pts, p0, p1)
            if abs(arc.sweep_rad) * arc.r > 1e-9:  # both corners of a tiny run can coincide
                pieces.append(arc)
            if stats:
                stats.arcs += 1
            continue
        if math.dist(p0, p1) > 1e-9:
            pieces.append(Segment(p0, p1))
        if stats:
            if gen is None:
                stats.fallback += 1
            else:
                stats.segments += 1
    return pieces


def _run_arc(circle: Circle, run_pts: list[Point], p0: Point, p1: Point) -> Arc:
    """The arc of ``circle`` from p0 to p1 turning the way the run turns."""
    sweep = _run_sweep(run_pts, circle)
    t0, t1 = circle.angle_of(p0), circle.angle_of(p1)
    exact = (t1 - t0) % (2.0 * math.pi) if sweep > 0 else -((t0 - t1) % (2.0 * math.pi))
    if abs(exact - sweep) > 0.5:  # wrapped the wrong way round: trust the run
        exact = sweep
    return Arc(circle.cx, circle.cy, circle.r, t0, exact)


def _best(hits: list[int], generators: Sequence[Generator], a: Point, b: Point) -> int:
    return min(hits, key=lambda k: _dist_to(generators[k], a) + _dist_to(generators[k], b))


def _run_sweep(run_pts: list[Point], circle: Circle) -> float:
    total = 0.0
    for p, q in itertools.pairwise(run_pts):
        d = circle.angle_of(q) - circle.angle_of(p)
        total += (d + math.pi) % (2.0 * math.pi) - math.pi
    return total


def _ring_sweep(pts: list[Point], circle: Circle) -> float:
    return 2.0 * math.pi if _run_sweep([*pts, pts[0]], circle) > 0 else -2.0 * math.pi


def largest_polygon(geom: shapely.Geometry) -> Polygon:
    if isinstance(geom, Polygon):
        return geom
    if isinstance(geom, MultiPolygon):
        return max(geom.geoms, key=lambda g: g.area)
    raise ValueError("no polygon")


def opened(solid: shapely.Geometry, min_web_mm: float) -> shapely.Geometry:
    """Morphological opening by a disc of diameter ``min_web_mm``: what survives a web test."""
    return solid.buffer(-min_web_mm / 2.0, quad_segs=16).buffer(min_web_mm / 2.0, quad_segs=16)


def web_problem_at(
    solid: Polygon, skeleton: list[Point], min_web_mm: float
) -> tuple[str, Point | None] | None:
    """None when the solid survives a morphological opening by a disc of diameter min-web
    (erode by half the web, dilate back) in one piece and still holds every skeleton point
    (the middle lines of all designed elements); else what broke and where."""
    opened = solid.buffer(-min_web_mm / 2.0, quad_segs=8).buffer(min_web_mm / 2.0, quad_segs=8)
    if not isinstance(opened, Polygon):
        pieces = sorted(getattr(opened, "geoms", []), key=lambda g: g.area)
        where = pieces[0].representative_point() if pieces else None
        return ("a bridge is narrower than the web", (where.x, where.y) if where else None)
    shapely.prepare(opened)
    # every skeleton point's distance in one call (the same GEOS distance as one by one)
    gaps = shapely.distance(
        opened, shapely.points(np.asarray(skeleton, dtype=float).reshape(-1, 2))
    )
    lost = [p for p, gap in zip(skeleton, gaps.tolist(), strict=True) if gap > 0.02]
    if lost:
        x, y = lost[0]
        return (f"an element is narrower than the web near ({x:.1f}, {y:.1f}) mm", lost[0])
    return None


def web_problem(solid: Polygon, skeleton: list[Point], min_web_mm: float) -> str | None:
    """What breaks the minimum web (see ``web_problem_at``), or None."""
    found = web_problem_at(solid, skeleton, min_web_mm)
    return None if found is None else found[0]
