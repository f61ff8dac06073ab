"""Parts onto pages: how each part of a paper document is cut into page-sized pieces, pure data.

Every page but the first keeps a 10 mm margin, an 8 mm header and a 7 mm foot band for its
100 mm scale bar; the rest is the drawing area (``drawing_area``). A part that fits the area, as
drawn or turned a quarter turn clockwise, is one piece (``Tile``). A part that fits neither way
is tiled: windows of the area's size from the part's top-left, overlapping by 10 mm, the fewest
of the two orientations (ties keep the part as drawn); a window with nothing drawn in it is
skipped and every window is cropped to what is drawn in it, so the last tile of a row is a
narrow strip that ``packing`` can put on a page beside other pieces. Tiles are named by row letter
and column number (A1, A2, B1 ...).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

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
HEADER_MM = 8.0
#: The foot band of every page but the first: its 100 mm scale bar.
FOOTER_MM = 7.0
#: The calibration square of the first page.
CAL_MM = 100.0
GAP_MM = 5.0

Box = tuple[float, float, float, float]


def drawing_area(paper: tuple[float, float]) -> Box:
    """The part of a page that pieces may use: x0, y0, x1, y1 in page mm."""
    pw, ph = paper
    return (MARGIN_MM, MARGIN_MM + HEADER_MM, pw - MARGIN_MM, ph - MARGIN_MM - FOOTER_MM)


@dataclass
class Tile:
    """One piece of a part: the window of the part (view mm) it shows, cropped to what is drawn;
    a tiled part's tiles also carry the grid they belong to."""

    part: str
    window: Box  # x0, y0, x1, y1 in view coordinates
    label: str = ""
    row: int = 0
    col: int = 0
    rows: int = 1
    cols: int = 1
    rotated: bool = False
    #: the uncropped window's left and top edges (the seams a neighbour overlaps)
    grid_xy: tuple[float, float] = (0.0, 0.0)

    @property
    def size(self) -> tuple[float, float]:
        x0, y0, x1, y1 = self.window
        return x1 - x0, y1 - y0

    @property
    def tiled(self) -> bool:
        return self.rows * self.cols > 1


@dataclass
class PartPlan:
    """How a part goes on pages; windows are in view coordinates, which are the part's own,
    or, for a part turned a quarter turn clockwise, (x', y') = (H - y, x)."""

    part: Part
    extent: Box  # of the part itself (unturned)
    tiles: list[Tile] = field(default_factory=list)
    rotated: bool = False


def part_extent(part: Part) -> Box:
    """What is drawn of a part (GUIDE excluded), with room for the line width."""
    x0, y0, x1, y1 = part.bbox(("ENGRAVE", "SCORE", "CUT_INNER", "CUT_OUTER"))
    pad = LINE_MM
    return (x0 - pad, y0 - pad, x1 + pad, y1 + pad)


def drawn_points(part: Part) -> np.ndarray:
    """Points of everything drawn, at most 1 mm apart along lines (arcs to a 0.05 mm chord
    error), and the corners of filled areas' boxes; in the order of the part's items."""
    chunks: list[np.ndarray] = []
    lines: list[np.ndarray] = []  # lines not yet made dense: all at once (``_dense_lines``)
    for layer in ("ENGRAVE", "SCORE", "CUT_INNER", "CUT_OUTER"):
        for it in part.items(layer):
            s = it.shape
            if isinstance(s, FilledPolygon):
                if lines:
                    chunks.append(_dense_lines(lines))
                    lines = []
                x0, y0, x1, y1 = s.bbox()
                chunks.append(np.asarray([(x0, y0), (x1, y0), (x0, y1), (x1, y1)], dtype=float))
            else:
                lines.append(np.asarray(shape_points(s, 0.05), dtype=float).reshape(-1, 2))
    if lines:
        chunks.append(_dense_lines(lines))
    return np.concatenate(chunks) if chunks else np.zeros((0, 2))


def _dense_lines(lines: list[np.ndarray], step_mm: float = 1.0) -> np.ndarray:
    """The points of each line (n x 2 arrays) with points added so that none are more than
    ``step_mm`` apart, line after line, in one pass over all of them: each line's first point,
    then for each of its segments p -> q cut into n = ceil(|q - p| / step) (at least 1) equal
    steps the points p + (q - p) (k + 1) / n, k = 0 .. n - 1."""
    shaped = [line.reshape(-1, 2) for line in lines]
    pts = np.concatenate(shaped)
    if len(pts) == 0:
        return pts
    sizes = np.asarray([len(line) for line in shaped])
    is_first = np.zeros(len(pts), dtype=bool)  # each non-empty line's first point
    is_first[(np.cumsum(sizes) - sizes)[sizes > 0]] = True
    # segments join consecutive points of one line: none ends on a line's first point
    starts = np.flatnonzero(~is_first[1:])
    d = pts[starts + 1] - pts[starts]
    n = np.maximum(1, np.ceil(np.hypot(d[:, 0], d[:, 1]) / step_mm)).astype(int)
    seg = np.repeat(np.arange(len(d)), n)
    # the k-th of n points of a segment sits at (k + 1) / n of it
    k = np.arange(len(seg)) - np.repeat(np.cumsum(n) - n, n)
    t = ((k + 1) / np.repeat(n, n))[:, None]
    added = pts[starts[seg]] + d[seg] * t
    # each line's first point, then the points added along its segments
    per_point = np.zeros(len(pts), dtype=int)  # rows each point of ``pts`` brings
    per_point[is_first] = 1
    per_point[starts] += n  # a segment's points follow its start point's own row
    out = np.empty((int(per_point.sum()), 2))
    at = np.cumsum(per_point) - per_point  # first row of each point's rows
    out[at[is_first]] = pts[is_first]
    rows = np.repeat(at[starts] + is_first[starts], n) + k
    out[rows] = added
    return out


def _view(points: np.ndarray, part: Part, rotated: bool) -> np.ndarray:
    """Part coordinates to view coordinates ((H - y, x) for a quarter turn clockwise)."""
    if not rotated:
        return points
    return np.column_stack([part.height_mm - points[:, 1], points[:, 0]])


def _view_extent(part: Part, rotated: bool, extent: Box) -> Box:
    x0, y0, x1, y1 = extent
    if not rotated:
        return extent
    h = part.height_mm
    return (h - y1, x0, h - y0, x1)


def _starts(lo: float, hi: float, size: float) -> list[float]:
    """Window starts from ``lo`` covering [lo, hi], overlapping by OVERLAP_MM."""
    n = max(1, math.ceil((hi - lo - OVERLAP_MM) / (size - OVERLAP_MM)))
    return [lo + k * (size - OVERLAP_MM) for k in range(n)]


def _tiles(
    part: Part, rotated: bool, ext: Box, area: tuple[float, float], pts: np.ndarray
) -> list[Tile]:
    """The tiles of one orientation: windows of the area's size, cropped to what they show."""
    aw, ah = area
    if ext[2] - ext[0] <= aw and ext[3] - ext[1] <= ah:
        return [Tile(part.name, ext, rotated=rotated, grid_xy=(ext[0], ext[1]))]
    xs, ys = _starts(ext[0], ext[2], aw), _starts(ext[1], ext[3], ah)
    tiles = []
    for j, wy in enumerate(ys):
        for i, wx in enumerate(xs):
            x1, y1 = min(wx + aw, ext[2]), min(wy + ah, ext[3])
            inside = pts[
                (pts[:, 0] >= wx) & (pts[:, 0] <= x1) & (pts[:, 1] >= wy) & (pts[:, 1] <= y1)
            ]
            if not len(inside):
                continue
            pad = LINE_MM
            crop = (
                max(wx, float(inside[:, 0].min()) - pad),
                max(wy, float(inside[:, 1].min()) - pad),
                min(x1, float(inside[:, 0].max()) + pad),
                min(y1, float(inside[:, 1].max()) + pad),
            )
            label = f"{chr(ord('A') + j)}{i + 1}"
            tiles.append(
                Tile(part.name, crop, label, j, i, len(ys), len(xs), rotated, grid_xy=(wx, wy))
            )
    return tiles


def plan_part(part: Part, paper: tuple[float, float]) -> PartPlan:
    """One piece when the part fits the drawing area as drawn or turned; else the orientation
    with the fewest tiles (ties keep the part as drawn)."""
    x0, y0, x1, y1 = drawing_area(paper)
    area = (x1 - x0, y1 - y0)
    extent = part_extent(part)
    pts = drawn_points(part)
    best: list[Tile] | None = None
    for rotated in (False, True):
        tiles = _tiles(
            part, rotated, _view_extent(part, rotated, extent), area, _view(pts, part, rotated)
        )
        if best is None or len(tiles) < len(best):
            best = tiles
        if len(best) == 1:
            break
    assert best is not None
    return PartPlan(part, extent, best, best[0].rotated)
