"""A page being laid out: marks added one by one in page millimetres (x right, y down).

Text is laid out here: wrapped to a width, aligned, and set glyph by glyph with the widths of
the bundled font (``text.text_width_mm``), so the writer only places the glyphs.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..text import advance_units, char_widths_mm, text_width_mm, units_to_mm
from .page import Glyph, Held, Line, Mark, Page, PartView, Rect, Ring, Symbol, SymbolView

#: Line widths of the page furniture: cut lines and frames, and thin lines (mm).
LINE_MM = 0.3
THIN_MM = 0.15


class Sketch:
    """The marks of a page (or a symbol) ``width_mm`` x ``height_mm``, in drawing order."""

    def __init__(self, width_mm: float, height_mm: float) -> None:
        self.width_mm = width_mm
        self.height_mm = height_mm
        self.marks: list[Mark] = []

    def line(
        self,
        start: tuple[float, float],
        end: tuple[float, float],
        width: float = THIN_MM,
        dash: tuple[float, float] | None = None,
    ) -> None:
        self.marks.append(Line(start[0], start[1], end[0], end[1], width, dash))

    def rect(self, x: float, y: float, w: float, h: float, width: float = LINE_MM) -> None:
        self.marks.append(Rect(x, y, w, h, width))

    def circle(self, cx: float, cy: float, r: float, width: float = THIN_MM) -> None:
        self.marks.append(Ring(cx, cy, r, width))

    def text(
        self,
        text: str,
        at: tuple[float, float],
        cap: float,
        halign: str = "left",
        valign: str = "top",
    ) -> None:
        """Text in the bundled font at cap height ``cap``; ``at`` is the anchor."""
        x, y = at
        width = text_width_mm(text, cap)
        x0 = {"left": x, "center": x - width / 2.0, "right": x - width}[halign]
        base = {"top": y + cap, "middle": y + cap / 2.0, "bottom": y, "baseline": y}[valign]
        pen = x0
        for ch, advance in zip(text, char_widths_mm(text, cap), strict=True):
            if not ch.isspace():
                self.marks.append(Glyph(ch, pen, base, cap))
            pen += advance

    def paragraphs(
        self,
        items: Sequence[str],
        at: tuple[float, float],
        width: float,
        cap: float,
        spacing: float = 1.7,
    ) -> float:
        """Wrapped paragraphs from ``at`` down; returns the y below them."""
        x, y = at
        for para in items:
            for line in wrap(para, width, cap):
                self.text(line, (x, y), cap)
                y += cap * spacing
            y += cap * 0.6
        return y

    def part(
        self,
        name: str,
        at_mm: tuple[float, float],
        clip: tuple[float, float, float, float],
        turned: bool = False,
    ) -> None:
        self.marks.append(PartView(name, at_mm, clip, turned))

    def symbol(self, name: str, at_mm: tuple[float, float]) -> None:
        self.marks.append(SymbolView(name, at_mm))

    def page(self, holds: tuple[Held, ...] = ()) -> Page:
        return Page(self.width_mm, self.height_mm, tuple(self.marks), holds)

    def as_symbol(self, name: str) -> Symbol:
        return Symbol(name, self.width_mm, self.height_mm, tuple(self.marks))


def wrap(text: str, width_mm: float, cap: float) -> list[str]:
    """Words of ``text`` in lines no wider than ``width_mm`` (a longer word has its own line).

    A line's width is its words' advances and the spaces between them, added word by word
    (``text.advance_units``: whole font units, so the same number as measuring the line)."""
    lines: list[str] = []
    current, current_units = "", 0.0
    space_units = advance_units(" ")
    for word in text.split():
        units = advance_units(word)
        trial_units = current_units + space_units + units if current else units
        if current and units_to_mm(trial_units, cap) > width_mm:
            lines.append(current)
            current, current_units = word, units
        else:
            current, current_units = f"{current} {word}" if current else word, trial_units
    if current:
        lines.append(current)
    return lines
