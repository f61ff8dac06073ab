"""Sheet nesting (``--sheet WxH``): every part laid out on sheets of stock, without overlap.

Shelf packing of bounding boxes (first-fit decreasing height, a standard bin-packing heuristic,
e.g. Coffman, Garey & Johnson 1980 "Performance bounds for level-oriented two-dimensional
packing algorithms"): parts sorted by height, placed left to right on shelves, a new shelf when
the row is full, a new sheet when the sheet is full. ``margin`` is kept from the sheet edge and
between parts. Each sheet is a Part named ``sheet-N`` whose GUIDE layer holds the sheet frame.
Parts are never rotated; a part larger than the sheet is an InputError.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import InputError
from ..geometry.primitives import Polyline, translate
from ..scene import LAYERS, Item, LayerName, Part

NEST_LAYERS: tuple[LayerName, ...] = ("ENGRAVE", "SCORE", "CUT_INNER", "CUT_OUTER")


@dataclass(frozen=True)
class Placement:
    part: str
    sheet: int
    dx_mm: float
    dy_mm: float


def part_extent(part: Part) -> tuple[float, float, float, float]:
    """Bounding box of what is made of the part (GUIDE excluded)."""
    return part.bbox(NEST_LAYERS)


def shelf_pack(
    parts: Sequence[Part], sheet_w: float, sheet_h: float, margin: float
) -> list[Placement]:
    """Placements (translation of each part) on numbered sheets, by shelf packing."""
    usable_w, usable_h = sheet_w - 2 * margin, sheet_h - 2 * margin
    boxes = {p.name: part_extent(p) for p in parts}
    for name, (x0, y0, x1, y1) in boxes.items():
        if x1 - x0 > usable_w + 1e-9 or y1 - y0 > usable_h + 1e-9:
            raise InputError(
                f"part {name} ({x1 - x0:.1f} x {y1 - y0:.1f} mm) does not fit on a "
                f"{sheet_w:g} x {sheet_h:g} mm sheet with a {margin:g} mm margin: use a larger "
                "--sheet (width and height 50 to 5000 mm) or a smaller --sheet-margin"
            )
    order = sorted(parts, key=lambda p: (-(boxes[p.name][3] - boxes[p.name][1]), p.name))
    out: list[Placement] = []
    sheet, x, y, shelf_h = 1, margin, margin, 0.0
    for p in order:
        x0, y0, x1, y1 = boxes[p.name]
        w, h = x1 - x0, y1 - y0
        if x + w > sheet_w - margin + 1e-9:  # next shelf
            x, y, shelf_h = margin, y + shelf_h + margin, 0.0
        if y + h > sheet_h - margin + 1e-9:  # next sheet
            sheet, x, y, shelf_h = sheet + 1, margin, margin, 0.0
        out.append(Placement(p.name, sheet, x - x0, y - y0))
        x += w + margin
        shelf_h = max(shelf_h, h)
    return out


def nest(parts: Sequence[Part], sheet_w: float, sheet_h: float, margin: float) -> list[Part]:
    """Sheet parts ``sheet-1``, ``sheet-2``, ... holding every part translated into place."""
    placements = shelf_pack(parts, sheet_w, sheet_h, margin)
    by_name = {p.name: p for p in parts}
    n_sheets = max((pl.sheet for pl in placements), default=0)
    sheets: list[Part] = []
    for k in range(1, n_sheets + 1):
        sheet = Part(f"sheet-{k}", sheet_w, sheet_h, (sheet_w / 2.0, sheet_h / 2.0))
        placed: dict[str, list[float]] = {}
        for pl in placements:
            if pl.sheet != k:
                continue
            part = by_name[pl.part]
            for layer in NEST_LAYERS:
                for it in part.items(layer):
                    sheet.layers[layer].append(
                        Item(translate(it.shape, pl.dx_mm, pl.dy_mm), it.weight)
                    )
            placed[pl.part] = [round(pl.dx_mm, 6), round(pl.dy_mm, 6)]
        sheet.add(
            "GUIDE",
            Polyline(((0.0, 0.0), (sheet_w, 0.0), (sheet_w, sheet_h), (0.0, sheet_h)), closed=True),
        )
        sheet.meta.update(
            {
                "sheet": True,
                "sheet_mm": [sheet_w, sheet_h],
                "margin_mm": margin,
                "placements_mm": placed,
            }
        )
        assert set(sheet.layers) == set(LAYERS)
        sheets.append(sheet)
    return sheets
