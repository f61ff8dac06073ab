"""SVG writer: translates a scene Part into an SVG document in millimetres (SPEC §1, §3).

The root has ``width``/``height`` in mm and a viewBox in mm, so one user unit is one mm in every
program (research note §1.3). One top-level Inkscape layer group per operation, in SPEC order.
Circles are <circle>, arcs are path ``A`` commands, text is already outlines (filled paths).

The document is written as text: four element kinds with fixed, plain-ASCII attributes need no
XML library (svgwrite, used at first, cost 0.07 s to import, 5 % of the build-time budget).
The tests parse every file with ElementTree.

Two looks (``style.DrawStyle``): ``laser`` (hairlines of 0.01 mm, palette colours) and
``preview`` (visible line weights on white, for PNG previews).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..geometry.primitives import Arc, Circle, Contour, FilledPolygon, Polyline, Segment, Shape
from ..scene import LAYERS, Part
from .numbers import decimal_join, decimal_text
from .style import DrawStyle


def fmt(v: float) -> str:
    """Number with at most 4 decimals (0.1 um), no trailing zeros, never '-0'."""
    return decimal_text(v, 4)


def _pt(p: tuple[float, float]) -> str:
    return f"{fmt(p[0])},{fmt(p[1])}"


#: The texts between the numbers of polylines and glyph rings (``_ring_paths``): before a
#: ring's first x, after an x, after a ring's first y, after any other y; then the end of a
#: ring, by whether it has one point, is closed and is the shape's last (index
#: ``RING_END + 4 single + 2 closed + last``).
SVG_RING_TEXTS = (
    "",
    "M",
    ",",
    " L",
    " ",
    *(
        (" L" if single else "") + (" Z" if closed else "") + ("\n" if last else " ")
        for single in (0, 1)
        for closed in (0, 1)
        for last in (0, 1)
    ),
)
RING_END = 5
#: The shapes drawn as rings of points.
RINGED = (Polyline, FilledPolygon)


def _ring_paths(shapes: Sequence[Polyline | FilledPolygon]) -> list[str]:
    """Path data of polylines and filled polygons, all their numbers formatted at once
    (``decimal_join``): each ring is ``M<first> L<rest ...>``, closed by `` Z`` (a polyline's
    only if it is closed), the rings of a shape joined by spaces."""
    arrays: list[np.ndarray] = []
    sizes: list[int] = []  # of every ring
    closed: list[bool] = []
    last: list[bool] = []
    counts = []  # rings of each shape
    for shape in shapes:
        xy, own = _rings_of(shape)
        if 0 in own:
            raise ValueError(f"a ring without points in {type(shape).__name__}")
        arrays.append(xy)
        counts.append(len(own))
        sizes += own
        closed += [isinstance(shape, FilledPolygon) or shape.closed] * len(own)
        last += [False] * (len(own) - 1) + [True] * bool(own)
    if not sizes:
        return ["" for _ in shapes]
    count = 2 * sum(sizes)
    ends = 2 * np.cumsum(sizes)
    starts = ends - 2 * np.asarray(sizes)
    before = np.zeros(count, dtype=int)
    before[starts] = 1
    after = np.tile(np.array([2, 4]), count // 2)
    after[starts + 1] = 3
    single = np.asarray(sizes) == 1
    after[ends - 1] = RING_END + 4 * single + 2 * np.asarray(closed) + np.asarray(last)
    xy = np.concatenate(arrays).ravel()
    paths = iter(decimal_join(xy, 4, SVG_RING_TEXTS, before, after).split("\n"))
    return [next(paths) if rings else "" for rings in counts]


def _rings_of(shape: Polyline | FilledPolygon) -> tuple[np.ndarray, list[int]]:
    """A shape's points, rows of (x, y), and the size of each of its rings."""
    if isinstance(shape, FilledPolygon):
        return shape.points()[0], [b - a for a, b in shape.ring_spans()]
    return np.asarray(shape.points).reshape(-1, 2), [len(shape.points)]


def arc_command(arc: Arc) -> str:
    """Path ``A`` command from the arc's start to its end (sweep flag 1 = increasing angle)."""
    sweep = 1 if arc.sweep_rad > 0 else 0
    r = fmt(arc.r)
    # A reader recovers the centre from the rounded end points; near a half turn that is
    # ill-conditioned (centre error ~ tan(sweep / 2) x rounding), so arcs over 0.75 pi are
    # written as equal pieces of at most 0.75 pi (error < 3 x 0.00005 mm).
    n = max(1, math.ceil(abs(arc.sweep_rad) / (0.75 * math.pi)))
    step = arc.sweep_rad / n
    return " ".join(
        f"A{r},{r} 0 0,{sweep} {_pt(arc.point_at(arc.start_rad + step * (k + 1)))}"
        for k in range(n)
    )


def path_data(shape: Shape) -> str:
    """SVG path data of a shape (circles are written as <circle> instead)."""
    if isinstance(shape, Arc):
        return f"M{_pt(shape.start)} {arc_command(shape)}"
    if isinstance(shape, Segment):
        return f"M{_pt(shape.p0)} L{_pt(shape.p1)}"
    if isinstance(shape, Polyline | FilledPolygon):
        return _ring_paths([shape])[0]
    if isinstance(shape, Contour):
        parts = [f"M{_pt(shape.start)}"]
        for piece in shape.pieces:
            parts.append(arc_command(piece) if isinstance(piece, Arc) else f"L{_pt(piece.p1)}")
        parts.append("Z")
        return " ".join(parts)
    raise TypeError(f"no path data for {type(shape).__name__}")


SVG_NS = "http://www.w3.org/2000/svg"
INKSCAPE_NS = "http://www.inkscape.org/namespaces/inkscape"


def _layer_open(layer: str, style: DrawStyle) -> str:
    """Start tag of a layer group: an Inkscape layer with the layer's paint."""
    colour = style.palette.colour(layer)
    width = fmt(style.stroke_width(layer, "normal"))
    paint = (
        f'fill="{colour}" fill-rule="nonzero" stroke="none"'
        if layer == "ENGRAVE"
        else f'fill="none" stroke="{colour}" stroke-width="{width}"'
        ' stroke-linecap="round" stroke-linejoin="round"'
    )
    return f'<g id="{layer}" inkscape:groupmode="layer" inkscape:label="{layer}" {paint}>'


def part_to_svg(part: Part, style: DrawStyle | None = None) -> str:
    """The SVG document of one part, as text."""
    style = style or DrawStyle()
    w, h = fmt(part.width_mm), fmt(part.height_mm)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="{SVG_NS}" xmlns:inkscape="{INKSCAPE_NS}" version="1.1" '
        f'width="{w}mm" height="{h}mm" viewBox="0 0 {w} {h}">',
    ]
    if style.background:
        out.append(f'<rect x="0" y="0" width="{w}" height="{h}" fill="#FFFFFF"/>')
    for layer in LAYERS:
        items = part.items(layer)
        if not items and layer == "GUIDE":
            continue
        out.append(_layer_open(layer, style))
        normal = style.stroke_width(layer, "normal")
        # the layer's polylines and glyphs in one go (``_ring_paths``), in their order
        rings = iter(_ring_paths([i.shape for i in items if isinstance(i.shape, RINGED)]))
        for item in items:
            width = style.stroke_width(layer, item.weight)
            extra = ""
            if layer != "ENGRAVE" and width != normal:
                extra = f' stroke-width="{fmt(width)}"'
            data = next(rings) if isinstance(item.shape, RINGED) else None
            out.append(_element(item.shape, extra, data))
        out.append("</g>")
    out.append("</svg>\n")
    return "\n".join(out)


def _element(shape: Shape, extra: str, data: str | None) -> str:
    """The element of one shape (``extra``: attributes of its own); ``data``: its path data,
    when already made."""
    if isinstance(shape, Circle):
        return f'<circle cx="{fmt(shape.cx)}" cy="{fmt(shape.cy)}" r="{fmt(shape.r)}"{extra}/>'
    return f'<path d="{path_data(shape) if data is None else data}"{extra}/>'
