"""PNG previews: the preview-style SVG rendered by cairosvg on a white background."""

from __future__ import annotations

from ..scene import Part
from .svg import SvgStyle, part_to_svg


def part_to_png(part: Part, px_per_mm: float = 5.0) -> bytes:
    """PNG bytes of a part with visible line weights, ``px_per_mm`` pixels per millimetre.

    cairosvg (and the cairo library under it) is imported here, on first use, so that builds
    without PNG previews do not pay for loading it.
    """
    import cairosvg

    svg = part_to_svg(part, SvgStyle(preview=True, background=True))
    width_px = max(1, round(part.width_mm * px_per_mm))
    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), output_width=width_px)
