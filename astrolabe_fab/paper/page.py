"""The page model of paper documents: pages of marks in page millimetres (x right, y down).

Everything here is decided: where each line, letter and part goes, how thick, on which page.
A writer (``writers/pdf.py``) only turns the marks into its format's operators, in order.
Text is already laid out as glyphs (one character at a pen position and cap height); the glyph
outlines come with the document, so a writer needs no font.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

Point = tuple[float, float]
Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class Line:
    """A straight stroke, optionally dashed (dash, gap) in mm."""

    x0: float
    y0: float
    x1: float
    y1: float
    width_mm: float
    dash_mm: tuple[float, float] | None = None


@dataclass(frozen=True)
class Rect:
    """A stroked rectangle with its top-left at (x, y)."""

    x: float
    y: float
    w: float
    h: float
    width_mm: float


@dataclass(frozen=True)
class Ring:
    """A stroked circle."""

    cx: float
    cy: float
    r: float
    width_mm: float


@dataclass(frozen=True)
class Glyph:
    """One character, its left edge at ``x_mm`` on the baseline ``baseline_mm``."""

    char: str
    x_mm: float
    baseline_mm: float
    cap_mm: float


@dataclass(frozen=True)
class PartView:
    """A part's drawing, clipped to ``clip`` (page mm). Unturned, the part's top-left lands at
    ``at_mm``; turned a quarter turn clockwise, part (x, y) lands at ``at_mm`` + (H - y, x)."""

    part: str
    at_mm: Point
    clip: Box
    turned: bool = False


@dataclass(frozen=True)
class SymbolView:
    """A symbol of the document with its top-left at ``at_mm``."""

    symbol: str
    at_mm: Point


Mark = Line | Rect | Ring | Glyph | PartView | SymbolView


@dataclass(frozen=True)
class Symbol:
    """A drawing used on many pages (the calibration square), drawn once."""

    name: str
    width_mm: float
    height_mm: float
    marks: tuple[Mark, ...]


@dataclass(frozen=True)
class Held:
    """Something a page holds, as the manifest lists it: a part (or one tile of it), or a page
    of text (``kind`` "cover", "guide" ...)."""

    kind: str
    part: str = ""
    tile: str = ""
    tiles: int = 1
    turned: bool = False

    def as_dict(self) -> dict[str, object]:
        if self.kind != "part":
            return {"kind": self.kind}
        out: dict[str, object] = {"kind": "part", "part": self.part, "turned": self.turned}
        if self.tiles > 1:
            out.update(tile=self.tile, tiles=self.tiles)
        return out


@dataclass(frozen=True)
class Page:
    width_mm: float
    height_mm: float
    marks: tuple[Mark, ...]
    holds: tuple[Held, ...] = ()


@dataclass(frozen=True)
class PartSize:
    """A part the pages show, by name, and the size of its drawing."""

    name: str
    width_mm: float
    height_mm: float


Outline = tuple[tuple[Point, ...], ...]


@dataclass(frozen=True)
class PaperDocument:
    """A whole paper document: its pages in order, the symbols and parts they show, the outline
    of every glyph at 1 mm cap height (rings from its pen position on the baseline, y down)
    and the document information (title, creator ...)."""

    pages: tuple[Page, ...]
    symbols: tuple[Symbol, ...]
    parts: tuple[PartSize, ...]
    outlines: Mapping[str, Outline]
    info: Mapping[str, str]
