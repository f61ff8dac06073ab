"""The user's guide (``guide.model.Guide``) laid out on pages: headings, paragraphs, numbered
steps and two-column tables of readings, flowed from page to page; each page with its header and
the 100 mm scale bar. The text takes the largest cap height from 2.8 down to 2.0 mm that keeps
the guide on ``MAX_PAGES`` pages.
"""

from __future__ import annotations

from collections.abc import Callable

from ..design import Design
from ..guide.model import Guide
from .furniture import page_header, scale_bar
from .page import Held, Page
from .sketch import THIN_MM, Sketch
from .tiling import PAPER_MM, drawing_area

MAX_PAGES = 3
#: Shares of the width of a table's two columns.
COLUMNS = (0.62, 0.38)

Block = Callable[[Sketch, float], float]  # draws at y, returns the y below


def _blocks(guide: Guide, width: float, x: float, cap: float) -> list[tuple[Block, bool]]:
    """Every block of the guide in order, and whether it must stay with the next one."""
    blocks: list[tuple[Block, bool]] = []

    def para(text: str, indent: float = 0.0) -> Block:
        return lambda c, y: c.paragraphs([text], (x + indent, y), width - indent, cap, 1.45)

    def heading(text: str, size: float) -> Block:
        def draw(c: Sketch, y: float) -> float:
            c.text(text, (x, y + 1.0), size)
            return y + size * 1.9

        return draw

    def row(a: str, b: str, rule: float) -> Block:
        def draw(c: Sketch, y: float) -> float:
            c.line((x, y - cap * 0.35), (x + width, y - cap * 0.35), rule)
            left = c.paragraphs([a], (x, y), width * COLUMNS[0] - 2.0, cap, 1.4)
            right = c.paragraphs([b], (x + width * COLUMNS[0], y), width * COLUMNS[1], cap, 1.4)
            return max(left, right) + cap * 0.2

        return draw

    blocks += [(para(p), False) for p in guide.intro]
    for s in guide.sections:
        blocks.append((heading(s.title, cap * 1.35), True))
        blocks += [(para(p), False) for p in s.paragraphs]
        blocks += [(para(f"{k}. {t}", 2.0), False) for k, t in enumerate(s.steps, start=1)]
        for i, (a, b) in enumerate(s.table):
            blocks.append((row(a, b, 0.3 if i == 1 else THIN_MM), i == 0))
        blocks += [(para(p), False) for p in s.closing]
    return blocks


def _flow(guide: Guide, design: Design, cap: float) -> list[Sketch]:
    """The guide's pages at cap height ``cap`` (furniture added later)."""
    pw, ph = PAPER_MM[design.paper]
    x0, y0, x1, y1 = drawing_area((pw, ph))
    sketches = [Sketch(pw, ph)]
    sketches[0].text(guide.title, (x0, y0), cap * 1.8)
    y = y0 + cap * 3.2
    blocks = _blocks(guide, x1 - x0, x0, cap)
    for k, (block, keep) in enumerate(blocks):
        trial = Sketch(pw, ph)
        end = block(trial, y)
        if keep and k + 1 < len(blocks):
            end = blocks[k + 1][0](trial, end)
        if end > y1 and y > y0:
            sketches.append(Sketch(pw, ph))
            y = y0
        y = block(sketches[-1], y)
    return sketches


def guide_pages(guide: Guide, design: Design, first: tuple[int, int]) -> list[Page]:
    """The guide's pages; ``first`` is this first page's number and the document's count."""
    cap = 2.8
    sketches = _flow(guide, design, cap)
    while len(sketches) > MAX_PAGES and cap > 2.0:
        cap = round(cap - 0.1, 1)
        sketches = _flow(guide, design, cap)
    pages = []
    for k, c in enumerate(sketches):
        page_header(c, f"{design.instrument_name}  -  user's guide", (first[0] + k, first[1]))
        scale_bar(c)
        pages.append(c.page((Held("guide"),)))
    return pages
