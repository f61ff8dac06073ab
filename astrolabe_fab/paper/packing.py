"""Pieces onto pages: where each piece (``tiling.Tile``) of the parts goes, pure data.

A big piece (more than a quarter of the drawing area: a plate, the rete, a whole mater face or
its main tile) has a page of its own, at the top of the drawing area, centred; so every plate of
a set has its page. The small pieces (rule, alidade with its vanes, dragon, the narrow strips of
tiled parts) are then packed, tallest first, on shelves: below a big piece where there is room,
else on pages of their own. Each small piece has its name above it (``CAPTION_MM``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..text import text_width_mm
from .tiling import Box, PartPlan, Tile, drawing_area

#: Room above a small piece for its name (at ``CAPTION_CAP_MM``), and between pieces, mm.
CAPTION_MM = 5.0
CAPTION_CAP_MM = 2.5
SPACING_MM = 5.0
#: A piece larger than this share of the drawing area has a page of its own. A small piece
#: that finds no room as planned is tried a quarter turn the other way before a new page.
BIG_SHARE = 0.25


@dataclass(frozen=True)
class Placement:
    """A piece on a page: the plan it belongs to, the tile, where the tile's window's top-left
    lands (page mm) and whether it carries a caption."""

    plan: PartPlan
    tile: Tile
    at: tuple[float, float]
    caption: bool

    @property
    def box(self) -> Box:
        """The piece's rectangle on the page."""
        w, h = self.tile.size
        return (self.at[0], self.at[1], self.at[0] + w, self.at[1] + h)


@dataclass
class _Shelf:
    y: float  # top of the shelf (its captions)
    height: float
    x: float  # next free x


@dataclass
class _Page:
    area: Box
    placements: list[Placement] = field(default_factory=list)
    shelves: list[_Shelf] = field(default_factory=list)
    y_free: float = 0.0

    def fit(self, plan: PartPlan, tile: Tile) -> bool:
        """Put a small piece on an open shelf or a new one; False when it does not fit."""
        w, h = _room(tile)
        need = h + CAPTION_MM
        for shelf in self.shelves:
            if shelf.x + w <= self.area[2] + 1e-9 and need <= shelf.height + 1e-9:
                self._put(plan, tile, shelf)
                return True
        if self.y_free + need > self.area[3] + 1e-9 or self.area[0] + w > self.area[2] + 1e-9:
            return False
        shelf = _Shelf(self.y_free, need, self.area[0])
        self.shelves.append(shelf)
        self.y_free += need + SPACING_MM
        self._put(plan, tile, shelf)
        return True

    def _put(self, plan: PartPlan, tile: Tile, shelf: _Shelf) -> None:
        self.placements.append(Placement(plan, tile, (shelf.x, shelf.y + CAPTION_MM), True))
        shelf.x += _room(tile)[0] + SPACING_MM


def tile_name(tile: Tile) -> str:
    """'rule', or 'mater-front A2' for a tile."""
    return f"{tile.part} {tile.label}" if tile.tiled else tile.part


def _room(tile: Tile) -> tuple[float, float]:
    """Width and height a small piece takes: its own, at least as wide as its caption."""
    w, h = tile.size
    return max(w, text_width_mm(tile_name(tile), CAPTION_CAP_MM)), h


def _big(tile: Tile, area: Box) -> bool:
    w, h = tile.size
    return w * h > BIG_SHARE * (area[2] - area[0]) * (area[3] - area[1])


def pack(plans: Sequence[PartPlan], paper: tuple[float, float]) -> list[list[Placement]]:
    """The pieces of every plan, page by page (in the order of ``plans`` for big pieces)."""
    area = drawing_area(paper)
    pages: list[_Page] = []
    small: list[tuple[PartPlan, Tile]] = []
    for plan in plans:
        for tile in plan.tiles:
            if _big(tile, area):
                pages.append(_alone(plan, tile, area))
            else:
                small.append((plan, tile))
    order = sorted(range(len(small)), key=lambda k: (-small[k][1].size[1], k))
    for k in order:
        plan, tile = small[k]
        if any(page.fit(plan, tile) for page in pages):
            continue
        turned = _turned(plan, tile)  # a whole part may lie the other way round to fit
        if turned is None or not any(page.fit(plan, turned) for page in pages):
            page = _Page(area, y_free=area[1])
            if not page.fit(plan, tile):  # as tall as the page: no room for its caption
                page = _alone(plan, tile, area)
            pages.append(page)
    return [page.placements for page in pages]


def _turned(plan: PartPlan, tile: Tile) -> Tile | None:
    """The piece of a one-piece part turned a quarter turn (view (x', y') = (H - y, x));
    None for a tile of a tiled part."""
    if tile.tiled:
        return None
    x0, y0, x1, y1 = tile.window
    if tile.rotated:  # back to the part's own coordinates
        h = plan.part.height_mm
        window = (y0, h - x1, y1, h - x0)
    else:
        h = plan.part.height_mm
        window = (h - y1, x0, h - y0, x1)
    return Tile(tile.part, window, rotated=not tile.rotated, grid_xy=(window[0], window[1]))


def _alone(plan: PartPlan, tile: Tile, area: Box) -> _Page:
    """A page for one piece, at the top of the drawing area, centred (the header names it)."""
    w, h = tile.size
    x = (area[0] + area[2] - w) / 2.0
    page = _Page(area, [Placement(plan, tile, (x, area[1]), False)])
    page.y_free = area[1] + h + SPACING_MM
    return page
