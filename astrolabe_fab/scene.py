"""The one scene model every writer translates: a part holds five layers of weighted shapes.

Layers (SPEC §3), in file order:
ENGRAVE (filled areas), SCORE (vector-engraved lines), CUT_INNER (holes and windows),
CUT_OUTER (the outline that frees the part), GUIDE (never cut).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from .geometry.primitives import Point, Shape, shape_bbox

LayerName = Literal["ENGRAVE", "SCORE", "CUT_INNER", "CUT_OUTER", "GUIDE"]
LAYERS: tuple[LayerName, ...] = ("ENGRAVE", "SCORE", "CUT_INNER", "CUT_OUTER", "GUIDE")
CUT_LAYERS: tuple[LayerName, ...] = ("CUT_INNER", "CUT_OUTER")

#: Line weights: "fine" minor ticks, "normal" lines, "heavy" every tenth line, main circles.
Weight = Literal["fine", "normal", "heavy"]


@dataclass(frozen=True)
class Item:
    """A shape on a layer with its line weight (used by paper and preview output)."""

    shape: Shape
    weight: Weight = "normal"


@dataclass
class Part:
    """One piece of the instrument as drawn on its own page, in mm (x right, y down)."""

    name: str
    width_mm: float
    height_mm: float
    center_mm: Point
    layers: dict[LayerName, list[Item]] = field(default_factory=lambda: {k: [] for k in LAYERS})
    #: Part-specific manifest entries (SPEC §4): equator_radius_mm, limit_radius_mm, ...
    meta: dict[str, Any] = field(default_factory=dict)

    def add(self, layer: LayerName, shape: Shape, weight: Weight = "normal") -> None:
        self.layers[layer].append(Item(shape, weight))

    def extend(self, layer: LayerName, shapes: Iterable[Shape], weight: Weight = "normal") -> None:
        for shape in shapes:
            self.add(layer, shape, weight)

    def with_layers(self, layers: dict[LayerName, list[Item]]) -> Part:
        """A copy of this part (same page and manifest entries) holding other layers."""
        return Part(
            self.name, self.width_mm, self.height_mm, self.center_mm, layers, dict(self.meta)
        )

    def items(self, layer: LayerName) -> list[Item]:
        return self.layers[layer]

    def bbox(self, layers: tuple[LayerName, ...] = LAYERS) -> tuple[float, float, float, float]:
        """Bounding box of the given layers' shapes (min x, min y, max x, max y)."""
        boxes = [shape_bbox(it.shape) for name in layers for it in self.layers[name]]
        if not boxes:
            return (0.0, 0.0, self.width_mm, self.height_mm)
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )


@dataclass(frozen=True)
class TextPage:
    """A page of instructions for the paper output: a title, paragraphs, a table (its first
    row is the header) and closing paragraphs. Writers lay it out; they add no words."""

    title: str
    paragraphs: tuple[str, ...]
    table: tuple[tuple[str, ...], ...] = ()
    closing: tuple[str, ...] = ()
