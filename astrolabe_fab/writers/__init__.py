"""Writers translate a scene (or a paper document) into file bytes and decide nothing: one
module per format (``svg``, ``dxf``, ``pdf`` with ``pdf_draw``/``pdf_file``, ``png``) and the
helpers they share (``style``, ``palette``, ``numbers``, ``files``). No writer imports another;
what combines two formats is composed here."""

from __future__ import annotations

from ..scene import Part
from .png import svg_to_png
from .style import DrawStyle
from .svg import part_to_svg


def part_to_png(part: Part, px_per_mm: float = 5.0) -> bytes:
    """PNG preview of a part: its SVG with visible line weights on white, rendered by cairosvg."""
    svg = part_to_svg(part, DrawStyle(preview=True, background=True))
    return svg_to_png(svg, part.width_mm, px_per_mm)
