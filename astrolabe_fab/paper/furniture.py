"""What a paper page carries besides the parts: the calibration square (first page only), the
100 mm scale bar of every other page, headers, captions, and the registration marks and trim
lines of tiles. Laid out on a ``Sketch``.

The square is 100 mm with a 0-100 mm scale along its lower edge and the note "print at 100 % /
actual size". The scale bar is a thin 100 mm line with a tick every 10 mm in the page's foot
band. Tiles overlap by 10 mm; registration marks sit in the middle of the overlap band at part
positions, so both neighbours print them at the same place of the drawing, and the tile laid
over its neighbour (every tile but the first of its row or column) has a dashed trim line on
that side.
"""

from __future__ import annotations

from ..text import text_width_mm
from .packing import CAPTION_CAP_MM, Placement, tile_name
from .sketch import LINE_MM, THIN_MM, Sketch
from .tiling import CAL_MM, FOOTER_MM, MARGIN_MM, OVERLAP_MM, PartPlan

CALIBRATION = "Cal"
SCALE_BAR_MM = 100.0


def calibration_square() -> Sketch:
    """The 100 mm calibration square (top-left at 0, 0), its scale and the print note."""
    c = Sketch(CAL_MM, CAL_MM)
    c.rect(0.0, 0.0, CAL_MM, CAL_MM, LINE_MM)
    base = CAL_MM
    for mm in range(0, 101):
        h = 5.0 if mm % 10 == 0 else 3.5 if mm % 5 == 0 else 2.0
        c.line((float(mm), base), (float(mm), base - h), 0.12)
        if mm % 10 == 0 and 0 < mm < 100:
            c.text(str(mm), (float(mm), base - 6.2), 2.0, "center", "bottom")
    c.text("mm", (97.5, base - 6.2), 2.0, "right", "bottom")
    c.text("PRINT AT 100 % / ACTUAL SIZE", (50.0, 8.0), 4.0, "center")
    notes = [
        'Do not use "Fit to page" or "Shrink".',
        "This square must measure 100 mm on each side, and the scale along its lower edge 100 mm.",
        "If it does not, change the printer setting to 100 % (actual size) and print again.",
    ]
    c.paragraphs(notes, (6.0, 18.0), CAL_MM - 12.0, 2.6)
    c.text("100 mm calibration square", (50.0, CAL_MM - 16.0), 3.0, "center")
    return c


def scale_bar(c: Sketch) -> None:
    """A thin 100 mm bar in the page's foot band, ticks every 10 mm, with its note."""
    x0 = MARGIN_MM
    y = c.height_mm - MARGIN_MM - 1.0
    c.line((x0, y), (x0 + SCALE_BAR_MM, y), THIN_MM)
    for k in range(11):
        h = 2.5 if k in (0, 5, 10) else 1.5
        c.line((x0 + 10.0 * k, y), (x0 + 10.0 * k, y - h), THIN_MM)
    c.text("0", (x0, y - 2.8), 2.0, "center", "bottom")
    c.text("100 mm", (x0 + SCALE_BAR_MM, y - 2.8), 2.0, "center", "bottom")
    c.text(
        "this bar must measure 100 mm: print at 100 % (actual size)",
        (x0 + SCALE_BAR_MM + 8.0, y - FOOTER_MM / 2.0 + 1.0),
        2.2,
        "left",
        "middle",
    )


def page_header(c: Sketch, title: str, page: tuple[int, int]) -> None:
    """The title of the page (shortened with '...' to leave room) and "page n of m"."""
    number = f"page {page[0]} of {page[1]}"
    room = c.width_mm - 2 * MARGIN_MM - text_width_mm(number, 3.0) - 5.0
    while text_width_mm(title, 3.0) > room and len(title) > 4:
        title = title[:-4].rstrip(" ,") + "..."
    c.text(title, (MARGIN_MM, MARGIN_MM), 3.0)
    c.text(number, (c.width_mm - MARGIN_MM, MARGIN_MM), 3.0, "right")


def piece_name(placement: Placement) -> str:
    return tile_name(placement.tile)


def caption(c: Sketch, placement: Placement) -> None:
    """The piece's name above it (``packing`` leaves room for it)."""
    x0, y0, _, _ = placement.box
    c.text(piece_name(placement), (x0, y0 - 1.2), CAPTION_CAP_MM, "left", "bottom")


def registration_mark(c: Sketch, x: float, y: float) -> None:
    """A circle with a cross through its centre."""
    c.circle(x, y, 2.5, THIN_MM)
    c.line((x - 4.0, y), (x + 4.0, y))
    c.line((x, y - 4.0), (x, y + 4.0))


def seams(c: Sketch, placement: Placement, plan: PartPlan) -> None:
    """Registration marks in the middle of every overlap band the tile shares with a
    neighbour (at 20, 50 and 80 % of the band both tiles show), and the dashed trim lines (left
    and top) of a tile laid over its neighbours."""
    tile = placement.tile
    ax, ay = placement.at
    x0, y0, x1, y1 = tile.window
    for other in plan.tiles:
        if other is tile:
            continue
        ox0, oy0, ox1, oy1 = other.window
        if other.row == tile.row and abs(other.col - tile.col) == 1:
            sx = max(tile.grid_xy[0], other.grid_xy[0]) + OVERLAP_MM / 2.0
            lo, hi = max(y0, oy0), min(y1, oy1)
            marks = [(sx, lo + (hi - lo) * f) for f in (0.2, 0.5, 0.8)]
        elif other.col == tile.col and abs(other.row - tile.row) == 1:
            sy = max(tile.grid_xy[1], other.grid_xy[1]) + OVERLAP_MM / 2.0
            lo, hi = max(x0, ox0), min(x1, ox1)
            marks = [(lo + (hi - lo) * f, sy) for f in (0.2, 0.5, 0.8)]
        else:
            continue
        for mx, my in marks:
            if x0 <= mx <= x1 and y0 <= my <= y1:
                registration_mark(c, ax + mx - x0, ay + my - y0)
    if tile.col > 0:
        c.line((ax, ay), (ax, ay + y1 - y0), 0.2, (2.0, 1.5))
    if tile.row > 0:
        c.line((ax, ay), (ax + x1 - x0, ay), 0.2, (2.0, 1.5))
