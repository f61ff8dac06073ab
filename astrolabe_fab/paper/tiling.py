"""Parts onto pages: how each part of a paper document is tiled, pure data (``PartPlan``).

A part larger than the printable area (page less a 10 mm margin and an 8 mm header) is tiled
with a 10 mm overlap; tiles are named by row letter and column number (A1, A2, B1 ...), and tiles
with nothing on them are skipped. Every page carries the 100 mm calibration square: in a corner
the drawing leaves free (3 mm clear of it), else in a band at the page foot. Of the layouts (the
part as drawn or turned a quarter turn clockwise, square in a corner or in the band) the one
with the fewest pages wins; ties keep the part unturned and the square in a corner.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import shapely

from ..fabrication.shapes import shape_points
from ..geometry.primitives import FilledPolygon
from ..scene import Part
from .sketch import LINE_MM

#: Paper sizes in mm (ISO 216 A4/A3; ANSI Letter 8.5 x 11 in, Tabloid 11 x 17 in).
PAPER_MM: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "letter": (215.9, 279.4),
    "a3": (297.0, 420.0),
    "tabloid": (279.4, 431.8),
}
MARGIN_MM = 10.0
OVERLAP_MM = 10.0
CAL_MM = 100.0
HEADER_MM = 8.0
GAP_MM = 5.0
CLEAR_MM = 3.0

Box = tuple[float, float, float, float]


@dataclass
class Tile:
    """One page of a part: the window of the part (part mm) shown at ``area_xy`` (page mm)."""

    part: str
    window: Box  # x0, y0, x1, y1 in part coordinates
    area_xy: tuple[float, float]  # where the window's top-left lands on the page
    label: str
    row: int
    col: int
    rows: int
    cols: int
    cal_xy: tuple[float, float] = (0.0, 0.0)
    band: bool = False
    rotated: bool = False


@dataclass
class PartPlan:
    """How a part goes on pages; windows are in view coordinates, which are the part's own,
    or, for a part turned a quarter turn clockwise to fit, (x', y') = (H - y, x)."""

    part: Part
    extent: Box  # of the part itself (unturned)
    tiles: list[Tile] = field(default_factory=list)
    rotated: bool = False


def part_extent(part: Part) -> Box:
    """What is drawn of a part (GUIDE excluded), with room for the line width."""
    x0, y0, x1, y1 = part.bbox(("ENGRAVE", "SCORE", "CUT_INNER", "CUT_OUTER"))
    pad = LINE_MM
    return (x0 - pad, y0 - pad, x1 + pad, y1 + pad)


def _view(points: np.ndarray, part: Part, rotated: bool) -> np.ndarray:
    """Part coordinates to view coordinates ((H - y, x) for a quarter turn clockwise)."""
    if not rotated:
        return points
    return np.column_stack([part.height_mm - points[:, 1], points[:, 0]])


def _view_extent(part: Part, rotated: bool, extent: Box) -> Box:
    x0, y0, x1, y1 = extent
    if not rotated:
        return (x0, y0, x1, y1)
    h = part.height_mm
    return (h - y1, x0, h - y0, x1)


def _drawn_points(part: Part) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Coarse points of every line (coordinates, line index) and the boxes of filled areas."""
    coords: list[list[tuple[float, float]]] = []
    boxes: list[Box] = []
    for layer in ("ENGRAVE", "SCORE", "CUT_INNER", "CUT_OUTER"):
        for it in part.items(layer):
            s = it.shape
            if isinstance(s, FilledPolygon):
                boxes.append(s.bbox())
            else:
                pts = shape_points(s, 0.2)
                coords.append(pts if len(pts) > 1 else [pts[0], pts[0]])
    index = np.repeat(np.arange(len(coords)), [len(c) for c in coords])
    flat = np.asarray([p for c in coords for p in c], dtype=float).reshape(-1, 2)
    return flat, index, np.asarray(boxes, dtype=float).reshape(-1, 4)


def _geometry_index(
    part: Part, rotated: bool, drawn: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> shapely.STRtree:
    """Shapely geometry of everything drawn (view coordinates), to find empty tiles and free
    corners for the square."""
    flat, index, boxes = drawn
    geoms = []
    if len(flat):
        geoms.extend(shapely.linestrings(_view(flat, part, rotated), indices=index))
    if len(boxes):
        a = _view(boxes[:, 0:2], part, rotated)
        b = _view(boxes[:, 2:4], part, rotated)
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        geoms.extend(shapely.box(lo[:, 0], lo[:, 1], hi[:, 0], hi[:, 1]))
    return shapely.STRtree(geoms)


def _grid(lo: float, hi: float, size: float) -> list[float]:
    """Starts of windows of ``size`` covering [lo, hi] with OVERLAP_MM overlap, centred."""
    span = hi - lo
    if span <= size:
        return [lo - (size - span) / 2.0]
    n = math.ceil((span - OVERLAP_MM) / (size - OVERLAP_MM))
    total = n * size - (n - 1) * OVERLAP_MM
    start = lo - (total - span) / 2.0
    return [start + k * (size - OVERLAP_MM) for k in range(n)]


def _starts(lo: float, hi: float, size: float) -> list[list[float]]:
    """Window starts: the overlapping grid, or for one window centred / flush / flush."""
    grid = _grid(lo, hi, size)
    if len(grid) > 1:
        return [grid]
    return [grid, [hi - size], [lo]]


@dataclass(frozen=True)
class _Layout:
    """One way to put a part on pages: paper size, square in a foot band or in a corner, part
    turned or not; ``tree`` indexes what is drawn, in the view's coordinates."""

    part: Part
    paper: tuple[float, float]
    band: bool
    rotated: bool
    tree: shapely.STRtree

    @property
    def area(self) -> tuple[float, float]:
        """Width and height of the drawing area of a page (mm)."""
        pw, ph = self.paper
        aw = pw - 2 * MARGIN_MM
        ah = ph - 2 * MARGIN_MM - HEADER_MM - (CAL_MM + GAP_MM if self.band else 0.0)
        return aw, ah

    def empty(self, box: Box) -> bool:
        return len(self.tree.query(shapely.box(*box), predicate="intersects")) == 0


def _plan(layout: _Layout, extent: Box) -> list[Tile] | None:
    """Tiles of a part for one layout; None when a page has no free corner for the square."""
    aw, ah = layout.area
    ext = _view_extent(layout.part, layout.rotated, extent)
    if layout.band:
        return _tiles(layout, _grid(ext[0], ext[2], aw), _grid(ext[1], ext[3], ah))
    # a part narrower (shorter) than the page may sit centred or against either edge,
    # whichever leaves a corner free for the calibration square
    for xs in _starts(ext[0], ext[2], aw):
        for ys in _starts(ext[1], ext[3], ah):
            tiles = _tiles(layout, xs, ys)
            if tiles is not None:
                return tiles
    return None


def _tiles(layout: _Layout, xs: list[float], ys: list[float]) -> list[Tile] | None:
    """The tiles of windows starting at ``xs`` x ``ys`` (empty ones skipped); None when one has
    no free corner for the square."""
    ph = layout.paper[1]
    ax, ay = MARGIN_MM, MARGIN_MM + HEADER_MM
    aw, ah = layout.area
    tiles: list[Tile] = []
    for j, wy in enumerate(ys):
        for i, wx in enumerate(xs):
            window = (wx, wy, wx + aw, wy + ah)
            if layout.empty(window):
                continue
            label = f"{chr(ord('A') + j)}{i + 1}"
            tile = Tile(
                layout.part.name,
                window,
                (ax, ay),
                label,
                j,
                i,
                len(ys),
                len(xs),
                band=layout.band,
                rotated=layout.rotated,
            )
            if layout.band:
                tile.cal_xy = (MARGIN_MM, ph - MARGIN_MM - CAL_MM)
            else:
                corner = _free_corner(tile, layout)
                if corner is None:
                    return None
                tile.cal_xy = corner
            tiles.append(tile)
    return tiles


def _free_corner(tile: Tile, layout: _Layout) -> tuple[float, float] | None:
    """The page position of a corner of the tile's area where the square (3 mm clear) touches
    nothing drawn: lower right, lower left, upper right, upper left."""
    aw, ah = layout.area
    ax, ay = tile.area_xy
    wx, wy = tile.window[0], tile.window[1]
    for cx, cy in (
        (ax + aw - CAL_MM, ay + ah - CAL_MM),
        (ax, ay + ah - CAL_MM),
        (ax + aw - CAL_MM, ay),
        (ax, ay),
    ):
        # the square's page rectangle, with clearance, in part coordinates
        box = (
            cx - CLEAR_MM - ax + wx,
            cy - CLEAR_MM - ay + wy,
            cx + CAL_MM + CLEAR_MM - ax + wx,
            cy + CAL_MM + CLEAR_MM - ay + wy,
        )
        if layout.empty(box):
            return (cx, cy)
    return None


def plan_part(part: Part, paper: tuple[float, float]) -> PartPlan:
    """The layout with the fewest pages: the part as drawn or turned a quarter turn, with the
    square in a free corner or in a foot band (ties keep the part unturned)."""
    best: tuple[int, int, list[Tile]] | None = None
    extent = part_extent(part)
    drawn = _drawn_points(part)
    for turn in (0, 1):
        if best is not None and best[0] == 1:
            break  # one page: turning cannot do better
        tree = _geometry_index(part, bool(turn), drawn)
        for band in (False, True):
            tiles = _plan(_Layout(part, paper, band, bool(turn), tree), extent)
            if tiles is not None and (best is None or (len(tiles), turn) < best[:2]):
                best = (len(tiles), turn, tiles)
    assert best is not None
    return PartPlan(part, extent, best[2], bool(best[1]))
