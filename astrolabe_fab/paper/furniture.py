"""What a paper page carries besides the part: the calibration square, the registration marks
and trim lines of tiles, titles, page numbers and notes. Laid out on a ``Sketch``.

The square is 100 mm with a 0-100 mm scale bar along its lower edge and the note "print at 100 %
/ actual size". Tiles overlap by 10 mm; registration marks sit in the middle of every overlap
band at part positions, so both neighbours print them at the same place of the drawing, and the
tile laid over its neighbour (every tile but the first of its row or column) has a dashed trim
line on that side.
"""

from __future__ import annotations

from .sketch import LINE_MM, THIN_MM, Sketch
from .tiling import CAL_MM, GAP_MM, MARGIN_MM, OVERLAP_MM, PartPlan, Tile

CALIBRATION = "Cal"


def calibration_square() -> Sketch:
    """The 100 mm calibration square (top-left at 0, 0), its scale bar and the print note."""
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


def registration_mark(c: Sketch, x: float, y: float) -> None:
    """A circle with a cross through its centre."""
    c.circle(x, y, 2.5, THIN_MM)
    c.line((x - 4.0, y), (x + 4.0, y))
    c.line((x, y - 4.0), (x, y + 4.0))


def tile_header(c: Sketch, tile: Tile, instrument: str, page: tuple[int, int]) -> None:
    """Title (instrument, part, tile and its place in the grid) and "page n of m"."""
    title = f"{instrument}  -  {tile.part}"
    if tile.rows * tile.cols > 1:
        title += (
            f"  -  tile {tile.label} (row {tile.label[0]} of "
            f"{chr(ord('A') + tile.rows - 1)}, column {tile.col + 1} of {tile.cols})"
        )
    c.text(title, (MARGIN_MM, MARGIN_MM), 3.0)
    c.text(f"page {page[0]} of {page[1]}", (c.width_mm - MARGIN_MM, MARGIN_MM), 3.0, "right")


def seams(c: Sketch, tile: Tile, plan: PartPlan) -> None:
    """Registration marks in the middle of every overlap band the tile shares, and the dashed
    trim lines (left and top) of a tile laid over its neighbours."""
    ax, ay = tile.area_xy
    x0, y0, x1, y1 = tile.window
    w, h = x1 - x0, y1 - y0
    xs = sorted({t.window[0] for t in plan.tiles})
    ys = sorted({t.window[1] for t in plan.tiles})
    seams_x = [sx + OVERLAP_MM / 2.0 for sx in xs[1:]]
    seams_y = [sy + OVERLAP_MM / 2.0 for sy in ys[1:]]
    marks = [(sx, y0 + h * f) for sx in seams_x for f in (0.2, 0.5, 0.8)]
    marks += [(x0 + w * f, sy) for sy in seams_y for f in (0.2, 0.5, 0.8)]
    for mx, my in marks:
        if x0 + 3 <= mx <= x1 - 3 and y0 + 3 <= my <= y1 - 3:
            registration_mark(c, ax + mx - x0, ay + my - y0)
    if tile.col > 0:
        c.line((ax, ay), (ax, ay + h), 0.2, (2.0, 1.5))
        c.text("trim, lay over the tile to the left", (ax + 1.5, ay + 1.5), 2.0)
    if tile.row > 0:
        c.line((ax, ay), (ax + w, ay), 0.2, (2.0, 1.5))
        c.text("trim, lay over the tile above", (ax + w / 2.0, ay + 1.5), 2.0, "center")


def band_notes(c: Sketch, tile: Tile) -> None:
    """Beside a square in the foot band: what the lines mean and, for a tile, how to join it."""
    nx = tile.cal_xy[0] + CAL_MM + GAP_MM
    notes = [
        f"{tile.part}: thick lines are cut lines (scissors or a craft knife); grey "
        "areas are cut away; thin lines and lettering are the scales."
    ]
    if tile.rows * tile.cols > 1:
        notes.append(
            f"Tile {tile.label} overlaps its neighbours by {OVERLAP_MM:g} mm: "
            "trim along the dashed line, match the round marks, glue."
        )
    c.paragraphs(notes, (nx, tile.cal_xy[1] + 2.0), c.width_mm - MARGIN_MM - nx, 2.6)
