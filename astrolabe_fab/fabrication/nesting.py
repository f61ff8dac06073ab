"""Sheet nesting (``--sheet WxH``): every part laid out on sheets of stock, without overlap.

Shelf packing of bounding boxes (first-fit decreasing height, a standard bin-packing heuristic,
e.g. Coffman, Garey & Johnson 1980 "Performance bounds for level-oriented two-dimensional
packing algorithms"): parts sorted by height, each placed at the end of the first shelf with
room, else in the room left under a shorter part of a shelf (a column as wide as that part:
the rule under the alidade), else on a new shelf, a new sheet when the sheet is full. ``margin``
is kept from the sheet edge and between parts. Each sheet is a Part named ``sheet-N`` whose
GUIDE layer holds the sheet frame. Parts are never rotated;
a part larger than the sheet is an InputError.

Each physical piece is nested once (``parts.faces``): the second face of a two-faced piece (the
mater's back, the second plate of a two-sided pair) is not cut again. Its engraving is a second
job on the same sheet, ``sheet-N-back``: that face's ENGRAVE and SCORE placed exactly where its
piece was cut (its flip axis, the vertical line through its pivot, stays put), and the piece's
cut lines on GUIDE to check the alignment. After sheet-N is cut, turn each two-faced piece over
left-to-right into its own hole and run sheet-N-back (engraving only). A part asking for
``meta["copies"]`` (the glued-up rings of a stacked mater) is placed that many times
(``mater-ring``, ``mater-ring#2``, ...).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import InputError
from ..geometry.primitives import Polyline, translate
from ..parts.faces import back_of, first_faces
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


@dataclass
class _Column:
    """The room under a part on its shelf: as wide as the part, down to the shelf's floor."""

    x: float
    width: float
    y_next: float


@dataclass
class _Shelf:
    sheet: int
    y: float
    height: float
    x_next: float
    columns: list[_Column]


def shelf_pack(
    parts: Sequence[Part], sheet_w: float, sheet_h: float, margin: float
) -> list[Placement]:
    """Placements (translation of each part) on numbered sheets, by shelf packing (first fit
    decreasing height), the room under a shorter part of a shelf used as a column."""
    boxes = {p.name: part_extent(p) for p in parts}
    for name, (x0, y0, x1, y1) in boxes.items():
        if x1 - x0 > sheet_w - 2 * margin + 1e-9 or y1 - y0 > sheet_h - 2 * margin + 1e-9:
            raise InputError(
                f"part {name} ({x1 - x0:.1f} x {y1 - y0:.1f} mm) does not fit on a "
                f"{sheet_w:g} x {sheet_h:g} mm sheet with a {margin:g} mm margin: use a larger "
                "--sheet (width and height 50 to 5000 mm) or a smaller --sheet-margin"
            )
    order = sorted(parts, key=lambda p: (-(boxes[p.name][3] - boxes[p.name][1]), p.name))
    shelves: list[_Shelf] = []
    out: list[Placement] = []
    for p in order:
        x0, y0, x1, y1 = boxes[p.name]
        sheet, x, y = _slot(shelves, x1 - x0, y1 - y0, (sheet_w, sheet_h), margin)
        out.append(Placement(p.name, sheet, x - x0, y - y0))
    return out


def _slot(
    shelves: list[_Shelf], w: float, h: float, sheet: tuple[float, float], margin: float
) -> tuple[int, float, float]:
    """Where a ``w`` x ``h`` part goes (sheet, x, y): the end of the first shelf with room
    (parts come tallest first, so it is never taller than the shelf), else under an earlier
    part as wide, else a new shelf on the last sheet, else a new sheet."""
    right = sheet[0] - margin + 1e-9
    for shelf in shelves:
        if shelf.x_next + w <= right:
            x = shelf.x_next
            shelf.x_next += w + margin
            shelf.columns.append(_Column(x, w, shelf.y + h + margin))
            return shelf.sheet, x, shelf.y
    for shelf in shelves:
        for col in shelf.columns:
            if w <= col.width + 1e-9 and col.y_next + h <= shelf.y + shelf.height + 1e-9:
                y = col.y_next
                col.y_next += h + margin
                return shelf.sheet, col.x, y
    last = shelves[-1] if shelves else None
    y = last.y + last.height + margin if last is not None else margin
    number = last.sheet if last is not None else 1
    if last is None or y + h > sheet[1] - margin + 1e-9:
        number, y = (last.sheet + 1 if last is not None else 1), margin
    shelves.append(_Shelf(number, y, h, margin + w + margin, [_Column(margin, w, y + h + margin)]))
    return number, margin, y


def pieces(parts: Sequence[Part]) -> list[Part]:
    """The parts that are cut, each copy once (``copies`` named ``name#2``, ...)."""
    out: list[Part] = []
    for part in first_faces(parts):
        out.append(part)
        for k in range(2, int(part.meta.get("copies", 1)) + 1):
            copy = part.with_layers(part.layers)
            copy.name = f"{part.name}#{k}"
            out.append(copy)
    return out


def _sheet(name: str, sheet_w: float, sheet_h: float) -> Part:
    sheet = Part(name, sheet_w, sheet_h, (sheet_w / 2.0, sheet_h / 2.0))
    sheet.add(
        "GUIDE",
        Polyline(((0.0, 0.0), (sheet_w, 0.0), (sheet_w, sheet_h), (0.0, sheet_h)), closed=True),
    )
    return sheet


def _place(sheet: Part, part: Part, pl: Placement, layers: dict[LayerName, LayerName]) -> None:
    """Copy ``part``'s layers (source -> layer on the sheet) translated into place."""
    for source, target in layers.items():
        for it in part.items(source):
            sheet.layers[target].append(Item(translate(it.shape, pl.dx_mm, pl.dy_mm), it.weight))


def nest(parts: Sequence[Part], sheet_w: float, sheet_h: float, margin: float) -> list[Part]:
    """Sheet parts ``sheet-1``, ``sheet-2``, ... holding every piece translated into place, each
    followed by ``sheet-N-back`` when second faces are engraved on that sheet."""
    cut = pieces(parts)
    placements = shelf_pack(cut, sheet_w, sheet_h, margin)
    by_name = {p.name: p for p in cut}
    second = {back_of(p): p for p in parts if back_of(p) in by_name}
    n_sheets = max((pl.sheet for pl in placements), default=0)
    sheets: list[Part] = []
    for k in range(1, n_sheets + 1):
        sheet = _sheet(f"sheet-{k}", sheet_w, sheet_h)
        back = _sheet(f"sheet-{k}-back", sheet_w, sheet_h)
        placed: dict[str, list[float]] = {}
        backs: dict[str, list[float]] = {}
        for pl in (pl for pl in placements if pl.sheet == k):
            _place(sheet, by_name[pl.part], pl, {layer: layer for layer in NEST_LAYERS})
            placed[pl.part] = [round(pl.dx_mm, 6), round(pl.dy_mm, 6)]
            face = second.get(pl.part)
            if face is not None:
                _place(back, face, pl, {"ENGRAVE": "ENGRAVE", "SCORE": "SCORE"})
                _place(back, face, pl, {"CUT_INNER": "GUIDE", "CUT_OUTER": "GUIDE"})
                backs[face.name] = placed[pl.part]
        sheet.meta.update(_sheet_meta(sheet_w, sheet_h, margin, placed))
        sheets.append(sheet)
        if backs:
            back.meta.update(_sheet_meta(sheet_w, sheet_h, margin, backs))
            back.meta["second_faces_of"] = sheet.name
            back.meta["how"] = (
                f"after {sheet.name} is cut, turn each two-faced piece over left-to-right into "
                "its own hole and engrave this file (no cuts: its GUIDE shows the outlines)"
            )
            sheets.append(back)
    assert all(set(s.layers) == set(LAYERS) for s in sheets)
    return sheets


def _sheet_meta(
    sheet_w: float, sheet_h: float, margin: float, placed: dict[str, list[float]]
) -> dict[str, object]:
    return {
        "sheet": True,
        "sheet_mm": [sheet_w, sheet_h],
        "margin_mm": margin,
        "placements_mm": placed,
    }
