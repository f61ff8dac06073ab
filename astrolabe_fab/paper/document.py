"""The paper kit of an instrument as a ``PaperDocument``: every page and what is on it.

Pages (``--paper a4|letter|a3|tabloid``, portrait, 10 mm margin):

- a first page with the parts list (size, pages, tiling), the assembly (``parts.assembly``: the
  order on the pivot, the steps, the screw) and the calibration square at its foot;
- the pages of instructions, if any (``instructions``: the dragon's);
- then each part (sheet layouts excluded) at 1:1 on its tiles (``tiling``), with the square,
  the header and the seams of each tile (``furniture``).

The document is deterministic data; ``writers/pdf.py`` draws it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import __version__
from ..design import Design
from ..parts.assembly import Assembly
from ..scene import TextPage
from ..text import place_text
from .furniture import CALIBRATION, band_notes, calibration_square, seams, tile_header
from .instructions import text_page
from .page import Glyph, Outline, Page, PaperDocument, PartSize
from .sketch import LINE_MM, Sketch
from .tiling import CAL_MM, MARGIN_MM, PAPER_MM, PartPlan, Tile


def glyph_outline(ch: str) -> Outline:
    """The outline of a character at 1 mm cap height, its pen position at the origin."""
    return place_text(ch, (0.0, 0.0), 1.0, halign="left", valign="baseline").outline.rings


def cover_page(
    plans: Sequence[PartPlan],
    assembly: Assembly,
    design: Design,
    page_of: dict[str, int],
    texts: Sequence[str] = (),
) -> Page:
    """The first page: title, the parts and where they are (and the instruction pages
    ``texts``, by title), the assembly, the square."""
    pw, ph = PAPER_MM[design.paper]
    c = Sketch(pw, ph)
    x, width = MARGIN_MM, pw - 2 * MARGIN_MM
    c.text(f"{design.instrument_name}: paper astrolabe", (x, MARGIN_MM), 7.0)
    hemi = "N" if design.latitude_deg >= 0 else "S"
    c.text(
        f"latitude {abs(design.latitude_deg):.2f}° {hemi}, diameter {design.diameter_mm:g} "
        f"mm, epoch {design.epoch:g}; astrofab {__version__}",
        (x, MARGIN_MM + 11.0),
        3.0,
    )
    y = MARGIN_MM + 20.0
    c.text("Parts", (x, y), 4.0)
    y += 7.0
    for plan in plans:
        c.text(_part_line(plan, page_of[plan.part.name]), (x + 4.0, y), 3.0)
        y += 5.2
    for title in texts:
        c.text(f"{title} (instructions): page {page_of[title]}", (x + 4.0, y), 3.0)
        y += 5.2
    y += 3.0
    c.text("Assembly", (x, y), 4.0)
    y += 7.0
    steps = [f"{k}. {s}" for k, s in enumerate(assembly.steps, start=1)]
    y = c.paragraphs(steps, (x + 4.0, y), width - 4.0, 3.0)
    c.paragraphs(
        [
            "Thick lines: cut. Grey areas: cut away (windows, holes). Thin lines and "
            "black lettering are the scales: do not cut them."
        ],
        (x, y + 2.0),
        width,
        3.0,
    )
    c.symbol(CALIBRATION, (MARGIN_MM, ph - MARGIN_MM - CAL_MM))
    return c.page()


def _part_line(plan: PartPlan, first: int) -> str:
    """'rete: 180 x 180 mm, pages 4-5, tiled 1 x 2, turned a quarter turn'."""
    e = plan.extent
    pages = len(plan.tiles)
    where = f"page {first}" if pages == 1 else f"pages {first}-{first + pages - 1}"
    grid = "" if pages == 1 else f", tiled {plan.tiles[0].rows} x {plan.tiles[0].cols}"
    if plan.rotated:
        grid += ", turned a quarter turn"
    return (
        f"{plan.part.name}: {e[2] - e[0] - 2 * LINE_MM:.0f} x "
        f"{e[3] - e[1] - 2 * LINE_MM:.0f} mm, {where}{grid}"
    )


def tile_page(plan: PartPlan, tile: Tile, design: Design, page: tuple[int, int]) -> Page:
    """One tile of a part: the part's window, the square, the header, seams and notes."""
    c = Sketch(*PAPER_MM[design.paper])
    x0, y0, x1, y1 = tile.window
    ax, ay = tile.area_xy
    clip = (ax, ay, ax + x1 - x0, ay + y1 - y0)
    c.part(plan.part.name, (ax - x0, ay - y0), clip, turned=plan.rotated)
    c.symbol(CALIBRATION, tile.cal_xy)
    tile_header(c, tile, design.instrument_name, page)
    if tile.rows * tile.cols > 1:
        seams(c, tile, plan)
    if tile.band:
        band_notes(c, tile)
    return c.page()


def paper_document(
    plans: Sequence[PartPlan],
    assembly: Assembly,
    design: Design,
    texts: Sequence[TextPage] = (),
) -> PaperDocument:
    """The paper kit: the cover, the instruction pages ``texts``, then every tile of every
    part (``plans``, in order)."""
    page_of: dict[str, int] = {page.title: 2 + k for k, page in enumerate(texts)}
    n = 2 + len(texts)
    for plan in plans:
        page_of[plan.part.name] = n
        n += len(plan.tiles)
    n_pages = n - 1
    titles = [page.title for page in texts]
    pages = [cover_page(plans, assembly, design, page_of, titles)]
    pages += [text_page(t, design, (len(pages) + 1 + k, n_pages)) for k, t in enumerate(texts)]
    for plan in plans:
        for tile in plan.tiles:
            pages.append(tile_page(plan, tile, design, (len(pages) + 1, n_pages)))
    symbols = (calibration_square().as_symbol(CALIBRATION),)
    chars = {
        m.char
        for marks in (*(p.marks for p in pages), *(s.marks for s in symbols))
        for m in marks
        if isinstance(m, Glyph)
    }
    return PaperDocument(
        pages=tuple(pages),
        symbols=symbols,
        parts=tuple(PartSize(p.part.name, p.part.width_mm, p.part.height_mm) for p in plans),
        outlines={ch: glyph_outline(ch) for ch in sorted(chars)},
        info={
            "Title": f"{design.instrument_name} (paper astrolabe)",
            "Creator": f"astrofab {__version__}",
            "Producer": f"astrofab {__version__}",
        },
    )
