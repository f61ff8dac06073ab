"""PNG previews: an SVG document rendered by cairosvg (``writers.part_to_png`` gives it the
preview-style SVG of a part on a white background)."""

from __future__ import annotations


def svg_to_png(svg: str, width_mm: float, px_per_mm: float = 5.0) -> bytes:
    """PNG bytes of an SVG document ``width_mm`` wide, ``px_per_mm`` pixels per millimetre.

    cairosvg (and the cairo library under it) is imported here, on first use, so that builds
    without PNG previews do not pay for loading it.
    """
    import cairosvg

    width_px = max(1, round(width_mm * px_per_mm))
    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), output_width=width_px)
