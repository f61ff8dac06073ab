"""SVG writer: translates a scene Part into an SVG document in millimetres (SPEC §1, §3).

The root has ``width``/``height`` in mm and a viewBox in mm, so one user unit is one mm in every
program (research note §1.3). One top-level Inkscape layer group per operation, in SPEC order.
Circles are <circle>, arcs are path ``A`` commands, text is already outlines (filled paths).

Two styles: ``laser`` (hairlines of 0.01 mm, palette colours) and ``preview`` (visible line
weights on white, for PNG previews and the paper PDF).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import svgwrite
from svgwrite.extensions import Inkscape

from ..geometry.primitives import Arc, Circle, Contour, FilledPolygon, Polyline, Segment, Shape
from ..scene import LAYERS, Part, Weight
from .palette import Palette, palette

HAIRLINE_MM = 0.01
PREVIEW_WIDTH_MM: dict[Weight, float] = {"fine": 0.1, "normal": 0.16, "heavy": 0.32}
PREVIEW_CUT_MM = 0.3


@dataclass(frozen=True)
class SvgStyle:
    """How lines look: hairline laser output, or visible weights for previews and paper."""

    preview: bool = False
    palette: Palette = field(default_factory=lambda: palette("lightburn"))
    background: bool = False

    def stroke_width(self, layer: str, weight: Weight) -> float:
        if not self.preview:
            return HAIRLINE_MM
        if layer.startswith("CUT"):
            return PREVIEW_CUT_MM
        return PREVIEW_WIDTH_MM[weight]


def fmt(v: float) -> str:
    """Number with at most 4 decimals (0.1 um), no trailing zeros, never '-0'."""
    s = f"{v:.4f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def _pt(p: tuple[float, float]) -> str:
    return f"{fmt(p[0])},{fmt(p[1])}"


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
        f"A{r},{r} 0 0,{sweep} "
        f"{_pt(arc.point_at(arc.start_rad + step * (k + 1)))}"
        for k in range(n)
    )


def path_data(shape: Shape) -> str:
    """SVG path data of a shape (circles are written as <circle> instead)."""
    if isinstance(shape, Arc):
        return f"M{_pt(shape.start)} {arc_command(shape)}"
    if isinstance(shape, Segment):
        return f"M{_pt(shape.p0)} L{_pt(shape.p1)}"
    if isinstance(shape, Polyline):
        body = " ".join(_pt(p) for p in shape.points[1:])
        return f"M{_pt(shape.points[0])} L{body}" + (" Z" if shape.closed else "")
    if isinstance(shape, Contour):
        parts = [f"M{_pt(shape.start)}"]
        for piece in shape.pieces:
            parts.append(arc_command(piece) if isinstance(piece, Arc) else f"L{_pt(piece.p1)}")
        parts.append("Z")
        return " ".join(parts)
    if isinstance(shape, FilledPolygon):
        return " ".join(
            f"M{_pt(ring[0])} L" + " ".join(_pt(p) for p in ring[1:]) + " Z" for ring in shape.rings
        )
    raise TypeError(f"no path data for {type(shape).__name__}")


def part_to_svg(part: Part, style: SvgStyle | None = None) -> str:
    """The SVG document of one part, as text."""
    style = style or SvgStyle()
    w, h = part.width_mm, part.height_mm
    dwg = svgwrite.Drawing(size=(f"{fmt(w)}mm", f"{fmt(h)}mm"), profile="full", debug=False)
    dwg["viewBox"] = f"0 0 {fmt(w)} {fmt(h)}"
    inkscape = Inkscape(dwg)
    if style.background:
        dwg.add(dwg.rect((0, 0), (fmt(w), fmt(h)), fill="#FFFFFF"))
    for layer in LAYERS:
        items = part.items(layer)
        if not items and layer == "GUIDE":
            continue
        colour = style.palette.colour(layer)
        if layer == "ENGRAVE":
            group = inkscape.layer(label=layer, id=layer, fill=colour, stroke="none")
            group["fill-rule"] = "nonzero"
        else:
            group = inkscape.layer(label=layer, id=layer, fill="none", stroke=colour)
            group["stroke-width"] = fmt(style.stroke_width(layer, "normal"))
            group["stroke-linecap"] = "round"
            group["stroke-linejoin"] = "round"
        for item in items:
            element = _element(dwg, item.shape)
            width = style.stroke_width(layer, item.weight)
            if layer != "ENGRAVE" and width != style.stroke_width(layer, "normal"):
                element["stroke-width"] = fmt(width)
            group.add(element)
        dwg.add(group)
    return dwg.tostring()


def _element(dwg: svgwrite.Drawing, shape: Shape) -> svgwrite.base.BaseElement:
    if isinstance(shape, Circle):
        return dwg.circle(center=(fmt(shape.cx), fmt(shape.cy)), r=fmt(shape.r))
    return dwg.path(d=path_data(shape))
