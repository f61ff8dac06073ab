"""The paper kit of an instrument as a ``PaperDocument``: every page and what is on it.

Pages (``--paper a4|letter|a3|tabloid``, portrait, 10 mm margin):

- the first page: title, the parts and the pages they are on, the hardware list, the assembly
  (``parts.assembly``) and the 100 mm calibration square at its foot (the only one);
- the parts at 1:1 (sheet layouts excluded): each on one page when it fits the drawing area,
  tiled only when it cannot (``tiling``); a page of its own for each big piece (every plate of
  a set, the rete, a mater face), the small pieces packed together (``packing``); every page
  with its header and a thin 100 mm scale bar in its foot band (``furniture``);
- the user's guide, when given (``guide_pages``), two or three pages;
- the pages of instructions, if any (``instructions``: the dragon's).

Each page records what it holds (``Page.holds``) for the manifest. The document is
deterministic data; ``writers/pdf.py`` draws it.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import __version__
from ..design import Design
from ..guide.model import Guide
from ..parts.assembly import Assembly
from ..scene import TextPage
from ..text import place_text
from .furniture import (
    CALIBRATION,
    calibration_square,
    caption,
    page_header,
    piece_name,
    scale_bar,
    seams,
)
from .guide_pages import guide_pages
from .instructions import text_page
from .packing import Placement, pack
from .page import Glyph, Held, Outline, Page, PaperDocument, PartSize
from .sketch import LINE_MM, Sketch
from .tiling import CAL_MM, GAP_MM, MARGIN_MM, PAPER_MM, PartPlan


def glyph_outline(ch: str) -> Outline:
    """The outline of a character at 1 mm cap height, its pen position at the origin."""
    return place_text(ch, (0.0, 0.0), 1.0, halign="left", valign="baseline").outline.rings


def _where(name: str, pages: Sequence[Sequence[Placement]]) -> str:
    """'page 4' or 'pages 2 and 6 (tiles A1, A2)'."""
    found = [(k + 2, p) for k, page in enumerate(pages) for p in page if p.tile.part == name]
    numbers = sorted({k for k, _ in found})
    if len(numbers) == 1 and not found[0][1].tile.tiled:
        return f"page {numbers[0]}"
    words = ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"
    labels = ", ".join(p.tile.label for _, p in found)
    return (
        f"pages {words} (tiles {labels})" if len(numbers) > 1 else f"page {numbers[0]} ({labels})"
    )


def _part_line(plan: PartPlan, pages: Sequence[Sequence[Placement]]) -> str:
    """'rete: 172 x 172 mm, page 5, turned a quarter turn'."""
    e = plan.extent
    line = (
        f"{plan.part.name}: {e[2] - e[0] - 2 * LINE_MM:.0f} x {e[3] - e[1] - 2 * LINE_MM:.0f} mm, "
        f"{_where(plan.part.name, pages)}"
    )
    back_of = plan.part.meta.get("back_of")
    if back_of:
        line += f", the back of {back_of}"
    return line + (", turned a quarter turn" if plan.rotated else "")


def _cover_body(
    c: Sketch,
    plans: Sequence[PartPlan],
    pages: Sequence[Sequence[Placement]],
    assembly: Assembly,
    cap: float,
    texts: Sequence[tuple[str, int]] = (),
) -> float:
    """Parts (and the instruction pages ``texts``: title, page), hardware and assembly from
    the top of the text column; returns the y below."""
    x, width = MARGIN_MM, c.width_mm - 2 * MARGIN_MM
    y = MARGIN_MM + 20.0
    parts = [_part_line(p, pages) for p in plans]
    parts += [f"{title} (instructions): page {page}" for title, page in texts]
    for title, items in (
        ("Parts", parts),
        ("Hardware", [i.words() for i in assembly.hardware.items]),
        ("Assembly", [f"{k}. {s}" for k, s in enumerate(assembly.steps, start=1)]),
    ):
        c.text(title, (x, y), cap * 1.3)
        y = c.paragraphs(items, (x + 4.0, y + cap * 2.2), width - 4.0, cap, spacing=1.5) + cap
    return c.paragraphs(
        [
            "Thick lines: cut. Grey areas: cut away (windows, holes). Thin lines and "
            "black lettering are the scales: do not cut them."
        ],
        (x, y),
        width,
        cap,
    )


def _kind(assembly: Assembly) -> str:
    """What the kit makes, for its title: by the medium of its steps."""
    return "laser-cut astrolabe" if assembly.medium == "laser" else "paper astrolabe"


def cover_page(
    plans: Sequence[PartPlan],
    pages: Sequence[Sequence[Placement]],
    assembly: Assembly,
    design: Design,
    texts: Sequence[tuple[str, int]] = (),
) -> Page:
    """The first page: title, the parts and where they are, the hardware, the assembly, the
    calibration square at its foot (the text takes the largest size, 3.0 to 2.0 mm, that
    keeps it above the square)."""
    pw, ph = PAPER_MM[design.paper]
    room = ph - MARGIN_MM - CAL_MM - GAP_MM
    cap = 3.0
    while cap > 2.0 and _cover_body(Sketch(pw, ph), plans, pages, assembly, cap, texts) > room:
        cap = round(cap - 0.1, 1)
    c = Sketch(pw, ph)
    c.text(f"{design.instrument_name}: {_kind(assembly)}", (MARGIN_MM, MARGIN_MM), 7.0)
    hemi = "N" if design.latitude_deg >= 0 else "S"
    c.text(
        f"latitude {abs(design.latitude_deg):.2f}° {hemi}, diameter {design.diameter_mm:g} "
        f"mm, epoch {design.epoch:g}; astrofab {__version__}",
        (MARGIN_MM, MARGIN_MM + 11.0),
        3.0,
    )
    _cover_body(c, plans, pages, assembly, cap, texts)
    c.symbol(CALIBRATION, (MARGIN_MM, ph - MARGIN_MM - CAL_MM))
    return c.page((Held("cover"),))


def parts_page(placements: Sequence[Placement], design: Design, number: tuple[int, int]) -> Page:
    """A page of pieces: each part's window at 1:1, its caption, the seams of tiles."""
    c = Sketch(*PAPER_MM[design.paper])
    names = ", ".join(piece_name(p) for p in placements)
    page_header(c, f"{design.instrument_name}  -  {names}", number)
    holds = []
    for p in placements:
        tile = p.tile
        x0, y0, _, _ = p.box
        c.part(tile.part, (x0 - tile.window[0], y0 - tile.window[1]), p.box, turned=tile.rotated)
        if p.caption:
            caption(c, p)
        if tile.tiled:
            seams(c, p, p.plan)
        holds.append(Held("part", tile.part, tile.label, tile.rows * tile.cols, tile.rotated))
    scale_bar(c)
    return c.page(tuple(holds))


def paper_document(
    plans: Sequence[PartPlan],
    assembly: Assembly,
    design: Design,
    guide: Guide | None = None,
    texts: Sequence[TextPage] = (),
) -> PaperDocument:
    """The paper kit: the cover, the parts' pages (``plans``, in order), the guide, then the
    instruction pages ``texts`` (the dragon's)."""
    pages = pack(plans, PAPER_MM[design.paper])
    guide_count = len(guide_pages(guide, design, (0, 0))) if guide is not None else 0
    first_text = 2 + len(pages) + guide_count
    n_pages = first_text - 1 + len(texts)
    named = [(t.title, first_text + k) for k, t in enumerate(texts)]
    out = [cover_page(plans, pages, assembly, design, named)]
    out += [parts_page(p, design, (len(out) + 1 + k, n_pages)) for k, p in enumerate(pages)]
    if guide is not None:
        out += guide_pages(guide, design, (len(out) + 1, n_pages))
    out += [text_page(t, design, (first_text + k, n_pages)) for k, t in enumerate(texts)]
    symbols = (calibration_square().as_symbol(CALIBRATION),)
    chars = {
        m.char
        for marks in (*(p.marks for p in out), *(s.marks for s in symbols))
        for m in marks
        if isinstance(m, Glyph)
    }
    return PaperDocument(
        pages=tuple(out),
        symbols=symbols,
        parts=tuple(PartSize(p.part.name, p.part.width_mm, p.part.height_mm) for p in plans),
        outlines={ch: glyph_outline(ch) for ch in sorted(chars)},
        info={
            "Title": f"{design.instrument_name} ({_kind(assembly)})",
            "Creator": f"astrofab {__version__}",
            "Producer": f"astrofab {__version__}",
        },
    )
