"""Pages of instructions (``scene.TextPage``, e.g. the dragon's) laid out on paper.

The header and page number at the top, then the title, the paragraphs, the table (columns 20,
35 and 45 % of the width, a rule between rows, a heavier one under the header) and the closing
paragraphs; the 100 mm scale bar at the foot, like every page but the first. The text takes the
largest cap height from 3.0 down to 2.0 mm that keeps it in the drawing area.
"""

from __future__ import annotations

from ..design import Design
from ..scene import TextPage
from .furniture import page_header, scale_bar
from .page import Held, Page
from .sketch import LINE_MM, THIN_MM, Sketch
from .tiling import MARGIN_MM, PAPER_MM, drawing_area

#: Shares of the width of the table's three columns.
COLUMNS = (0.2, 0.35, 0.45)
TITLE_MM = 10.0


def text_page(page: TextPage, design: Design, number: tuple[int, int]) -> Page:
    """One page of instructions (``number``: this page and the count of pages)."""
    pw, ph = PAPER_MM[design.paper]
    x0, y0, x1, y1 = drawing_area((pw, ph))
    width = x1 - x0
    room = y1 - y0 - TITLE_MM
    cap = 3.0
    while cap > 2.0 and _body(Sketch(pw, ph), page, 0.0, width, cap) > room:
        cap = round(cap - 0.1, 1)
    c = Sketch(pw, ph)
    page_header(c, f"{design.instrument_name}  -  instructions", number)
    c.text(page.title, (x0, y0), 5.0)
    _body(c, page, y0 + TITLE_MM, width, cap)
    scale_bar(c)
    return c.page((Held("instructions"),))


def _body(c: Sketch, page: TextPage, y: float, width: float, cap: float) -> float:
    """Paragraphs, table and closing from ``y`` down; returns the height they take."""
    top, x = y, MARGIN_MM
    y = c.paragraphs(page.paragraphs, (x, y), width, cap, spacing=1.55)
    if page.table:
        starts = [x + width * sum(COLUMNS[:k]) for k in range(len(COLUMNS))]
        y += cap * 0.6
        for i, row in enumerate(page.table):
            rule = LINE_MM if i == 1 else THIN_MM
            c.line((x, y - cap * 0.5), (x + width, y - cap * 0.5), rule)
            bottom = y
            for col, cell in enumerate(row[: len(COLUMNS)]):
                end = c.paragraphs((cell,), (starts[col], y), width * COLUMNS[col] - 2.0, cap, 1.45)
                bottom = max(bottom, end)
            y = bottom + cap * 0.3
        y += cap * 0.6
    y = c.paragraphs(page.closing, (x, y), width, cap, spacing=1.55)
    return y - top
