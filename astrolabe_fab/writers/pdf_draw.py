"""A part drawn as PDF path operators, in the paper look of the preview SVG.

The same primitives the SVG writer writes, drawn with the same line weights (``DrawStyle``,
preview) in black on white: circles and arcs as cubic Bezier curves of at most 30 degrees
each (radial error below 4e-7 r, i.e. < 0.0001 mm for r < 250 mm; the error of a cubic arc
of angle a grows as a^6, Riskus 2014 "Approximation of a cubic Bezier curve by circular arcs
and vice versa"), handle length k = 4/3 tan(a / 4) r; filled areas with the non-zero rule;
holes and windows (CUT_INNER) shaded light grey so a paper builder sees what to cut away.

Coordinates: part mm, y down, become points with y up on a page as high as the part:
X = x k, Y = (H - y) k with k = 72 / 25.4 pt per mm.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import numpy as np

from ..geometry.primitives import Arc, Circle, Contour, FilledPolygon, Polyline, Segment, Shape
from ..scene import LAYERS, Item, Part
from .numbers import decimal_join, decimal_text
from .style import DrawStyle

PT_PER_MM = 72.0 / 25.4
MAX_PIECE_RAD = math.radians(30.0)
WINDOW_GREY = 0.85
GUIDE_GREY = 0.5
#: The texts after the numbers of rings (``_Path.rings``): after an X, after the first Y,
#: after any other Y, after the last Y, after the only Y (each ring then followed by a space).
PDF_RING_TEXTS = ("", " ", " m ", " l ", " l h ", " m  h ")


def _num(v: float) -> str:
    """A PDF real in points, to 0.001 pt."""
    return decimal_text(v, 3)


class _Path:
    """Builds one PDF path in part coordinates."""

    def __init__(self, height_mm: float) -> None:
        self.h = height_mm
        self.ops: list[str] = []

    def p(self, x: float, y: float) -> str:
        return f"{x * PT_PER_MM:.3f} {(self.h - y) * PT_PER_MM:.3f}"

    def rings(self, polygons: Sequence[FilledPolygon]) -> None:
        """The rings of filled polygons (text outlines: many points, all formatted at once by
        ``decimal_join``): ``X Y m X Y l ... X Y l h`` for each ring."""
        sizes = np.asarray([b - a for p in polygons for a, b in p.ring_spans()])
        if not len(sizes):
            return
        if not sizes.all():
            raise ValueError("a ring without points in a filled polygon")
        xy = np.concatenate([p.points()[0] for p in polygons]).ravel()
        xy[0::2] *= PT_PER_MM
        xy[1::2] = (self.h - xy[1::2]) * PT_PER_MM
        count = len(xy)
        ends = 2 * np.cumsum(sizes)
        after = np.tile(np.array([1, 3]), count // 2)
        after[ends - 2 * sizes + 1] = 2
        after[ends - 1] = np.where(sizes == 1, 5, 4)
        before = np.zeros(count, dtype=int)
        self.ops.append(decimal_join(xy, 3, PDF_RING_TEXTS, before, after, strip=False)[:-1])

    def move(self, pt: tuple[float, float]) -> None:
        self.ops.append(f"{self.p(*pt)} m")

    def line(self, pt: tuple[float, float]) -> None:
        self.ops.append(f"{self.p(*pt)} l")

    def arc(self, a: Arc) -> None:
        """Continue the path along an arc (the current point is its start)."""
        n = max(1, math.ceil(abs(a.sweep_rad) / MAX_PIECE_RAD))
        step = a.sweep_rad / n
        k = 4.0 / 3.0 * math.tan(step / 4.0) * a.r
        for i in range(n):
            t0 = a.start_rad + step * i
            t1 = t0 + step
            p0 = (a.cx + a.r * math.cos(t0), a.cy + a.r * math.sin(t0))
            p3 = (a.cx + a.r * math.cos(t1), a.cy + a.r * math.sin(t1))
            # tangent (d/dt) of the circle is (-sin t, cos t)
            c1 = (p0[0] - k * math.sin(t0), p0[1] + k * math.cos(t0))
            c2 = (p3[0] + k * math.sin(t1), p3[1] - k * math.cos(t1))
            self.ops.append(f"{self.p(*c1)} {self.p(*c2)} {self.p(*p3)} c")

    def close(self) -> None:
        self.ops.append("h")


def _trace(path: _Path, shape: Shape) -> None:
    """Add a shape to the path (closed with ``h`` where the shape is)."""
    if isinstance(shape, Circle):
        path.move((shape.cx + shape.r, shape.cy))
        path.arc(Arc(shape.cx, shape.cy, shape.r, 0.0, 2.0 * math.pi))
        path.close()
    elif isinstance(shape, Arc):
        path.move(shape.start)
        path.arc(shape)
    elif isinstance(shape, Segment):
        path.move(shape.p0)
        path.line(shape.p1)
    elif isinstance(shape, Polyline):
        path.move(shape.points[0])
        for pt in shape.points[1:]:
            path.line(pt)
        if shape.closed:
            path.close()
    elif isinstance(shape, Contour):
        path.move(shape.start)
        for piece in shape.pieces:
            if isinstance(piece, Arc):
                path.arc(piece)
            else:
                path.line(piece.p1)
        path.close()
    elif isinstance(shape, FilledPolygon):
        path.rings([shape])
    else:
        raise TypeError(f"cannot draw {type(shape).__name__}")


def _filled(items: Sequence[Item], height_mm: float) -> str:
    """The path of the filled shapes (ENGRAVE): runs of filled polygons (the glyphs) in one
    go (``_Path.rings``), any other shape on its own."""
    path = _Path(height_mm)
    for _, run in itertools.groupby(
        (i.shape for i in items), lambda s: isinstance(s, FilledPolygon)
    ):
        shapes = list(run)
        polygons = [s for s in shapes if isinstance(s, FilledPolygon)]
        if polygons:  # a run of filled polygons
            path.rings(polygons)
        else:
            for shape in shapes:
                _trace(path, shape)
    return " ".join(path.ops)


def part_operators(part: Part, style: DrawStyle | None = None) -> bytes:
    """The content stream drawing a part on a page of the part's size (paper look)."""
    style = style or DrawStyle(preview=True)
    h = part.height_mm
    out: list[str] = ["1 J 1 j 0 G 0 g"]
    for layer in LAYERS:
        items = part.items(layer)
        if not items:
            continue
        if layer == "ENGRAVE":
            out.append("0 g " + _filled(items, h) + " f")
            continue
        grey = GUIDE_GREY if layer == "GUIDE" else 0.0
        by_width: dict[float, list[Shape]] = {}
        for it in items:
            by_width.setdefault(style.stroke_width(layer, it.weight), []).append(it.shape)
        for width, shapes in sorted(by_width.items()):
            path = _Path(h)
            closed: list[Shape] = []
            for s in shapes:
                _trace(path, s)
                if layer == "CUT_INNER" and not isinstance(s, Segment | Arc):
                    closed.append(s)
            if closed:  # shade what is cut away
                fill = _Path(h)
                for s in closed:
                    _trace(fill, s)
                out.append(f"{_num(WINDOW_GREY)} g " + " ".join(fill.ops) + " f 0 g")
            out.append(f"{_num(grey)} G {_num(width * PT_PER_MM)} w " + " ".join(path.ops) + " S")
    return ("\n".join(out) + "\n").encode("ascii")
