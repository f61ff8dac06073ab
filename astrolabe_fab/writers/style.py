"""How lines look in every writer: hairlines for the laser, or visible weights for previews and
paper (SVG, PNG and the PDF's part drawings all take a ``DrawStyle``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..scene import Weight
from .palette import Palette, palette

HAIRLINE_MM = 0.01
PREVIEW_WIDTH_MM: dict[Weight, float] = {"fine": 0.1, "normal": 0.16, "heavy": 0.32}
PREVIEW_CUT_MM = 0.3


@dataclass(frozen=True)
class DrawStyle:
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
