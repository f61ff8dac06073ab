"""Cut hygiene: no line drawn twice, every cut contour closed (SPEC §3, research note §1.8).

Overlaps are found exactly on the primitives, never on sampled copies: arcs and circles that lie
on the same circle (centre and radius within ``TOL_MM``) are compared as angular intervals;
segments on the same line (both ends within ``TOL_MM`` of the other's line) as intervals along
the line. What an earlier piece already covers is removed from a later one; slivers shorter than
``TOL_MM`` are dropped. Cut layers take precedence: CUT_OUTER, then CUT_INNER, then SCORE, so a
score line on a cut is removed (the cut burns it anyway) and the outline is never lost.

A shape that loses nothing is kept as it is (its circles stay circles, its contour stays one
contour). The remaining pieces of shapes that lost something are chained end to start within
``TOL_MM``; on cut layers a chain that closes becomes a ``Contour``, and a chain whose ends are
less than ``CLOSE_GAP_MM`` apart is closed with a short segment.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..geometry.primitives import TAU, Arc, Circle, Contour, Point, Polyline, Segment, Shape
from ..scene import Item, LayerName, Part, Weight
from .shapes import (
    TOL_MM,
    Piece,
    greedy_chains,
    is_closed,
    pieces_of,
    shape_end,
    shape_start,
)

#: Open cut chains whose ends are closer than this are closed with a segment (mm).
CLOSE_GAP_MM = 0.05
#: Line shapes shorter than this are numerical slivers and are dropped (mm).
MIN_LENGTH_MM = 1e-3
#: Layers cleaned, in precedence order (an earlier layer's lines win).
CLEANED_LAYERS: tuple[LayerName, ...] = ("CUT_OUTER", "CUT_INNER", "SCORE")


# --------------------------------------------------------------------------- interval algebra


def _subtract(
    interval: tuple[float, float], covered: list[tuple[float, float]], min_len: float
) -> list[tuple[float, float]]:
    """Parts of [a, b] not inside any covered interval; pieces shorter than min_len dropped."""
    rest = [interval]
    for c0, c1 in covered:
        nxt: list[tuple[float, float]] = []
        for a, b in rest:
            if c1 <= a or c0 >= b:
                nxt.append((a, b))
                continue
            if c0 > a:
                nxt.append((a, c0))
            if c1 < b:
                nxt.append((c1, b))
        rest = nxt
    return [(a, b) for a, b in rest if b - a >= min_len]


# --------------------------------------------------------------------------- clusters


@dataclass
class _CircleCluster:
    """Pieces on one circle: coverage as angle intervals within [0, 2 pi]."""

    ref: Circle
    covered: list[tuple[float, float]] = field(default_factory=list)


@dataclass
class _LineCluster:
    """Pieces on one line: coverage as parameter intervals along the reference direction."""

    p: Point
    u: Point
    covered: list[tuple[float, float]] = field(default_factory=list)


class _Index:
    """Finds the cluster of a circle or a line within TOL_MM (hash grid + exact check)."""

    CELL_MM = 0.05
    ANGLE_CELL = 1e-3

    def __init__(self) -> None:
        self.circles: dict[tuple[int, int, int], list[_CircleCluster]] = defaultdict(list)
        self.lines: dict[tuple[int, int], list[_LineCluster]] = defaultdict(list)

    def circle(self, c: Circle) -> _CircleCluster:
        k = (round(c.cx / self.CELL_MM), round(c.cy / self.CELL_MM), round(c.r / self.CELL_MM))
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for dr in (-1, 0, 1):
                    for cl in self.circles.get((k[0] + dx, k[1] + dy, k[2] + dr), ()):
                        if (
                            math.dist(cl.ref.center, c.center) <= TOL_MM
                            and abs(cl.ref.r - c.r) <= TOL_MM
                        ):
                            return cl
        cl = _CircleCluster(Circle(c.cx, c.cy, c.r))
        self.circles[k].append(cl)
        return cl

    @staticmethod
    def _line_key(u: Point, p: Point) -> tuple[float, float]:
        theta = math.atan2(u[1], u[0])  # direction normalised to (-pi/2, pi/2]
        offset = -u[1] * p[0] + u[0] * p[1]
        return theta, offset

    def line(self, seg: Segment) -> _LineCluster:
        dx, dy = seg.p1[0] - seg.p0[0], seg.p1[1] - seg.p0[1]
        n = math.hypot(dx, dy)
        u = (dx / n, dy / n)
        if u[0] < 0.0 or (u[0] == 0.0 and u[1] < 0.0):
            u = (-u[0], -u[1])
        theta, offset = self._line_key(u, seg.p0)
        keys = [(theta, offset)]
        # near vertical: the same line may be stored with the opposite direction, on the other
        # side of the wrap at +-90 degrees (its offset then changes sign)
        if theta > math.pi / 2.0 - 0.01:
            keys.append((theta - math.pi, -offset))
        elif theta < -math.pi / 2.0 + 0.01:
            keys.append((theta + math.pi, -offset))
        for th, off in keys:
            kt, ko = round(th / self.ANGLE_CELL), round(off / self.CELL_MM)
            for dt in (-1, 0, 1):
                for do in (-1, 0, 1):
                    for cl in self.lines.get((kt + dt, ko + do), ()):
                        if _on_line(cl, seg.p0) and _on_line(cl, seg.p1):
                            return cl
        cl = _LineCluster(seg.p0, u)
        self.lines[(round(theta / self.ANGLE_CELL), round(offset / self.CELL_MM))].append(cl)
        return cl


def _on_line(cl: _LineCluster, p: Point) -> bool:
    return abs(-cl.u[1] * (p[0] - cl.p[0]) + cl.u[0] * (p[1] - cl.p[1])) <= TOL_MM


# --------------------------------------------------------------------------- removal


def _angle_intervals(arc: Arc | Circle) -> list[tuple[float, float]]:
    """Angle intervals in [0, 2 pi] covered by an arc (split at 0)."""
    if isinstance(arc, Circle):
        return [(0.0, TAU)]
    a = arc.start_rad if arc.sweep_rad > 0 else arc.start_rad + arc.sweep_rad
    a %= TAU
    b = a + abs(arc.sweep_rad)
    if b <= TAU:
        return [(a, b)]
    return [(a, TAU), (0.0, b - TAU)]


def _merge_wrap(intervals: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Join an interval ending at 2 pi with one starting at 0 (one arc across angle 0)."""
    intervals = sorted(intervals)
    if len(intervals) > 1 and intervals[0][0] <= tol and intervals[-1][1] >= TAU - tol:
        first, last = intervals[0], intervals[-1]
        intervals = [(last[0], first[1] + TAU), *intervals[1:-1]]
    return intervals


def _remove_covered_arc(piece: Arc | Circle, cluster: _CircleCluster) -> list[Piece]:
    tol = TOL_MM / piece.r
    rest: list[tuple[float, float]] = []
    for iv in _angle_intervals(piece):
        rest.extend(_subtract(iv, cluster.covered, 0.0))
    rest = _merge_wrap(rest, 1e-12)
    rest = [(a, b) for a, b in rest if b - a >= tol]
    cluster.covered.extend(_angle_intervals(piece))
    out: list[Piece] = []
    for a, b in rest:
        if b - a >= TAU - 1e-12:
            out.append(Circle(piece.cx, piece.cy, piece.r))
        else:
            out.append(Arc(piece.cx, piece.cy, piece.r, a % TAU, b - a))
    return out


def _remove_covered_segment(seg: Segment, cluster: _LineCluster) -> list[Piece]:
    def t(p: Point) -> float:
        return (p[0] - cluster.p[0]) * cluster.u[0] + (p[1] - cluster.p[1]) * cluster.u[1]

    t0, t1 = t(seg.p0), t(seg.p1)
    lo, hi = min(t0, t1), max(t0, t1)
    rest = _subtract((lo, hi), cluster.covered, TOL_MM)
    cluster.covered.append((lo, hi))
    span = t1 - t0

    def at(tt: float) -> Point:
        f = (tt - t0) / span
        return (seg.p0[0] + f * (seg.p1[0] - seg.p0[0]), seg.p0[1] + f * (seg.p1[1] - seg.p0[1]))

    if len(rest) == 1 and abs(rest[0][0] - lo) < 1e-12 and abs(rest[0][1] - hi) < 1e-12:
        return [seg]
    return [Segment(at(a), at(b)) for a, b in rest]


@dataclass
class HygieneReport:
    """What the cleaning changed on one part."""

    removed_mm: float = 0.0
    closed_gaps: int = 0
    open_cuts: int = 0


def _pieces_kept(index: _Index, shape: Shape) -> tuple[list[Piece], bool]:
    """Pieces of a shape that earlier lines do not cover, and whether the shape is untouched."""
    kept: list[Piece] = []
    untouched = True
    for piece in pieces_of(shape):
        if isinstance(piece, Segment):
            if piece.length_mm < 1e-12:
                continue
            rest = _remove_covered_segment(piece, index.line(piece))
        else:
            rest = _remove_covered_arc(piece, index.circle(Circle(piece.cx, piece.cy, piece.r)))
        if abs(sum(p.length_mm for p in rest) - piece.length_mm) < TOL_MM:
            rest = [piece]  # an overlap shorter than the tolerance is no overlap
        else:
            untouched = False
        kept.extend(rest)
    return kept, untouched


def clean_part(part: Part) -> tuple[Part, HygieneReport]:
    """A copy of ``part`` with duplicate and overlapping lines removed and cut chains closed."""
    report = HygieneReport()
    index = _Index()
    new_layers: dict[LayerName, list[Item]] = {
        name: list(items) for name, items in part.layers.items()
    }
    for layer in CLEANED_LAYERS:
        out: list[Item] = []
        loose: list[tuple[Piece, Weight]] = []
        for item in part.items(layer):
            shape = item.shape
            if not isinstance(shape, Circle | Arc | Segment | Polyline | Contour):
                out.append(item)
                continue
            if shape.length_mm < MIN_LENGTH_MM:
                report.removed_mm += shape.length_mm
                continue
            kept, untouched = _pieces_kept(index, shape)
            if untouched and (not layer.startswith("CUT") or is_closed(shape)):
                out.append(item)
                continue
            report.removed_mm += shape.length_mm - sum(p.length_mm for p in kept)
            loose.extend((p, item.weight) for p in kept)
        cut = layer.startswith("CUT")
        loose = [(p, w) for p, w in loose if p.length_mm >= MIN_LENGTH_MM]
        for chain, weight in _chains(loose):
            out.extend(Item(s, weight) for s in _chain_shapes(chain, cut, report))
        if cut:
            report.open_cuts += sum(1 for it in out if not is_closed(it.shape))
        new_layers[layer] = out
    return part.with_layers(new_layers), report


# --------------------------------------------------------------------------- chaining


def _chains(pieces: list[tuple[Piece, Weight]]) -> Iterator[tuple[list[Piece], Weight]]:
    """Greedy end-to-start chains of pieces within TOL_MM (full circles stand alone)."""
    shapes = [p for p, _ in pieces]
    for chain in greedy_chains(shapes, [not isinstance(p, Circle) for p in shapes]):
        first = chain[0][0]
        ordered = [_reverse_piece(shapes[i]) if rev else shapes[i] for i, rev in chain]
        yield ordered, pieces[first][1]


def _reverse_piece(piece: Piece) -> Piece:
    """A piece run the other way (a full circle has no direction)."""
    return piece if isinstance(piece, Circle) else piece.reversed()


def _chain_shapes(chain: list[Piece], cut: bool, report: HygieneReport) -> list[Shape]:
    """Shapes for one chain: a closed cut chain becomes a Contour; segment runs a Polyline."""
    if len(chain) == 1 and isinstance(chain[0], Circle):
        return [chain[0]]
    gap = math.dist(shape_start(chain[0]), shape_end(chain[-1]))
    if cut and gap <= CLOSE_GAP_MM:
        if gap > TOL_MM:
            chain = [*chain, Segment(shape_end(chain[-1]), shape_start(chain[0]))]
            report.closed_gaps += 1
        if len(chain) == 1 and isinstance(chain[0], Arc):
            a = chain[0]
            return [Circle(a.cx, a.cy, a.r)]
        return [Contour(tuple(_snap(chain)))]
    segments = [p for p in chain if isinstance(p, Segment)]
    if len(chain) > 1 and len(segments) == len(chain):
        pts = [segments[0].start, *(p.end for p in segments)]
        return [Polyline(tuple(pts))]
    return list(chain)


def _snap(chain: list[Piece]) -> list[Segment | Arc]:
    """Make every segment start exactly where the previous piece ended (closing the loop)."""
    out: list[Segment | Arc] = list(chain)  # type: ignore[arg-type]
    n = len(out)
    for i in range(n):
        prev_end = shape_end(out[i - 1])
        p = out[i]
        if isinstance(p, Segment):
            out[i] = Segment(prev_end, p.p1)
    # a segment may have been followed by an arc: snap its end to the arc's start too
    for i in range(n):
        p = out[i]
        nxt = out[(i + 1) % n]
        if isinstance(p, Segment) and isinstance(nxt, Arc):
            out[i] = Segment(p.p0, nxt.start)
    return out


def overlap_free_length(part: Part) -> float:
    """Total length removed when cleaning ``part`` again (0 for a clean part)."""
    return clean_part(part)[1].removed_mm
