"""Text as filled outlines from the font shipped in the package (no <text>, no TEXT entities).

Glyph outlines come from the bundled DejaVu Sans subset through fontTools; their quadratic
Bezier pieces are flattened to polygons with a chord error below 1/1000 em (0.004 mm at the
usual 4 mm em, 0.03 mm at the largest 20 mm cap height), well within a laser's spot (0.1 mm
and more) and a 600 dpi printer's dot (0.04 mm). (It was 1/4000 em: 70 % more vertices, which
every writer and the cut ordering pay for, and no visible difference.)
Text size is given as the cap height in mm (the height of "H" and of the digits).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal

import numpy as np
import shapely
from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont

from .geometry.primitives import FilledPolygon, Point

FONT_FILE = "DejaVuSans-astrofab.ttf"
#: Flattening tolerance as a fraction of the em.
_FLATTEN_EM = 1.0 / 1000.0

HAlign = Literal["left", "center", "right"]
VAlign = Literal["baseline", "middle", "top", "bottom"]


class _FlattenPen(BasePen):
    """Collects glyph contours as polygons in font units, flattening quadratic curves (the
    bundled font is TrueType: its outlines have no cubic pieces; ``tests/test_text.py`` draws
    every glyph, and a cubic would raise ``NotImplementedError`` from ``BasePen``)."""

    def __init__(self, glyph_set: object, tolerance: float) -> None:
        super().__init__(glyph_set)
        self.rings: list[list[Point]] = []
        self._tolerance = tolerance

    def _moveTo(self, pt: Point) -> None:  # noqa: N802 (fontTools API)
        self.rings.append([pt])

    def _lineTo(self, pt: Point) -> None:  # noqa: N802
        self.rings[-1].append(pt)

    def _qCurveToOne(self, pt1: Point, pt2: Point) -> None:  # noqa: N802
        p0 = self.rings[-1][-1]
        # Max deviation of a quadratic from its chord split in n: |p0 - 2 p1 + p2| / (4 n^2).
        dev = math.hypot(p0[0] - 2 * pt1[0] + pt2[0], p0[1] - 2 * pt1[1] + pt2[1])
        n = max(1, math.ceil(math.sqrt(dev / (4.0 * self._tolerance))))
        for i in range(1, n + 1):
            t = i / n
            u = 1.0 - t
            self.rings[-1].append(
                (
                    u * u * p0[0] + 2 * u * t * pt1[0] + t * t * pt2[0],
                    u * u * p0[1] + 2 * u * t * pt1[1] + t * t * pt2[1],
                )
            )

    def _closePath(self) -> None:  # noqa: N802
        ring = self.rings[-1]
        if len(ring) > 1 and ring[0] == ring[-1]:
            ring.pop()


@dataclass(frozen=True)
class _Font:
    units_per_em: int
    cap_height: float
    glyph_set: object
    cmap: dict[int, str]
    advances: dict[str, int]


@cache
def _font() -> _Font:
    with resources.files("astrolabe_fab.fonts").joinpath(FONT_FILE).open("rb") as fh:
        tt = TTFont(fh, lazy=False)
    cmap = tt.getBestCmap()
    cap = tt["glyf"][cmap[ord("H")]].yMax
    advances = {name: adv for name, (adv, _) in tt["hmtx"].metrics.items()}
    return _Font(tt["head"].unitsPerEm, float(cap), tt.getGlyphSet(), dict(cmap), advances)


def _glyph_name(char: str) -> str:
    """The font's glyph for ``char``: its own, or the '?' glyph for a character it lacks."""
    font = _font()
    return font.cmap.get(ord(char)) or font.cmap[ord("?")]


@cache
def _glyph_rings(char: str) -> tuple[np.ndarray, ...]:
    """Rings of one glyph in font units (y up, n x 2 arrays); its advance: ``_advance_units``."""
    font = _font()
    pen = _FlattenPen(font.glyph_set, _FLATTEN_EM * font.units_per_em)
    font.glyph_set[_glyph_name(char)].draw(pen)  # type: ignore[index]
    return tuple(np.asarray(r, dtype=float) for r in pen.rings if len(r) >= 3)


def preload() -> None:
    """Read the font now. A build does this before it forks its worker processes, which then
    share it instead of each reading it again (glyphs are still flattened on first use: each
    part needs only a few dozen of them)."""
    _font()


def supported(char: str) -> bool:
    """Whether the bundled font has a glyph for ``char``."""
    return ord(char) in _font().cmap


@cache
def _advance_units(char: str) -> float:
    """Advance width of one glyph in font units (the '?' glyph's for a character the font lacks),
    read without flattening the glyph's outline."""
    return float(_font().advances[_glyph_name(char)])


def text_width_mm(text: str, cap_height_mm: float) -> float:
    """Advance width of a string set at the given cap height: the sum of its glyphs' advances
    (no kerning) times cap height / the font's cap height."""
    return units_to_mm(advance_units(text), cap_height_mm)


def advance_units(text: str) -> float:
    """The sum of the advances of the glyphs of ``text``, font units. The advances are whole
    numbers, so sums of them are exact in any order: the units of a joined string are the
    sum of its pieces' units."""
    return sum(map(_advance_units, text))


def char_widths_mm(text: str, cap_height_mm: float) -> list[float]:
    """``text_width_mm`` of each character of ``text``, the same numbers (one glyph's units
    times cap height / the font's cap height), with one lookup of the scale for all."""
    scale = cap_height_mm / _font().cap_height
    return [_advance_units(ch) * scale for ch in text]


def units_to_mm(units: float, cap_height_mm: float) -> float:
    """A width in font units, in mm at the given cap height (``text_width_mm``)."""
    return units * (cap_height_mm / _font().cap_height)


@dataclass(frozen=True)
class TextBox:
    """A placed text: its outline and the rectangle it occupies (corners, page frame)."""

    outline: FilledPolygon
    corners: tuple[Point, Point, Point, Point]
    center: Point
    width_mm: float
    height_mm: float
    #: the bounding rectangle (x0, y0, x1, y1) of the outline's points (None: no glyph), so
    #: that a test of the glyphs can first ask it cheaply
    ink_bounds_mm: tuple[float, float, float, float] | None = field(default=None, compare=False)

    def keepout_radius_mm(self, margin_mm: float = 0.0) -> float:
        """Radius of the circle around the box centre that holds the whole box plus a margin."""
        return math.hypot(self.width_mm, self.height_mm) / 2.0 + margin_mm


def _origin(
    text: str, cap_height_mm: float, halign: HAlign, valign: VAlign
) -> tuple[float, float, float]:
    """The text's advance width, its first pen position and its baseline, in the label's
    local frame (x right, y down, mm, origin at the anchor)."""
    width = text_width_mm(text, cap_height_mm)
    x0 = {"left": 0.0, "center": -width / 2.0, "right": -width}[halign]
    y_base = {
        "baseline": 0.0,
        "middle": cap_height_mm / 2.0,
        "top": cap_height_mm,
        "bottom": 0.0,
    }[valign]
    return width, x0, y_base


@lru_cache(maxsize=1024)
def ink_radius_mm(
    text: str, cap_height_mm: float, halign: HAlign = "center", valign: VAlign = "middle"
) -> float:
    """The farthest any point of the text's outline lies from its anchor, whatever the
    rotation (``place_text`` rounds each point to 1e-4 mm, which this leaves out)."""
    lx, ly = _local_points(text, cap_height_mm, halign, valign)
    return float(np.hypot(lx, ly).max()) if len(lx) else 0.0


def _local_points(
    text: str, cap_height_mm: float, halign: HAlign, valign: VAlign
) -> tuple[np.ndarray, np.ndarray]:
    """Every outline point of the text in the label's local frame (``_local_rings``)."""
    _, x0, y_base = _origin(text, cap_height_mm, halign, valign)
    lx, ly, _ = _local_rings(text, cap_height_mm, x0, y_base)
    return lx, ly


def _page_xy(
    lx: np.ndarray, ly: np.ndarray, ax: Any, ay: Any, cos_r: Any, sin_r: Any
) -> tuple[np.ndarray, np.ndarray]:
    """Local points (x right, y down from the anchor) turned and moved onto the page, rounded
    to 1e-4 mm: the one map of ``place_text`` and ``hull_on_page`` (scalars or arrays that
    broadcast, the same operations in the same order, so the same numbers)."""
    px = np.round(ax + lx * cos_r - ly * sin_r, 4)
    py = np.round(ay + lx * sin_r + ly * cos_r, 4)
    return px, py


@lru_cache(maxsize=4096)
def _local_rings(
    text: str, cap_height_mm: float, x0: float, y_base: float
) -> tuple[np.ndarray, np.ndarray, tuple[int, ...]]:
    """The text's glyph rings in the label's local frame (x right, y down, mm, origin at the
    anchor; the first glyph's pen at ``x0``, the baseline at ``y_base``): all points in two
    arrays, and where each ring ends in them."""
    font = _font()
    scale = cap_height_mm / font.cap_height
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    pen_x = x0
    for ch in text:
        for ring in _glyph_rings(ch):
            xs.append(pen_x + ring[:, 0] * scale)
            ys.append(y_base - ring[:, 1] * scale)
        pen_x += _advance_units(ch) * scale
    if not xs:
        return np.empty(0), np.empty(0), ()
    ends = tuple(int(e) for e in np.cumsum([len(x) for x in xs]))
    return np.concatenate(xs), np.concatenate(ys), ends


@lru_cache(maxsize=1024)
def outline_hull(
    text: str, cap_height_mm: float, halign: HAlign = "center", valign: VAlign = "middle"
) -> tuple[np.ndarray, np.ndarray]:
    """The corners of the convex hull of the text's outline points, in the label's local
    frame (x right, y down, mm, origin at the anchor): points of the outline itself, the
    extreme ones (``hull_on_page`` places them as ``place_text`` places the outline)."""
    lx, ly = _local_points(text, cap_height_mm, halign, valign)
    if len(lx) < 3:
        return lx, ly
    hull = shapely.convex_hull(shapely.multipoints(np.column_stack([lx, ly])))
    xy = shapely.get_coordinates(hull)[:-1] if hull.geom_type == "Polygon" else np.empty((0, 2))
    return xy[:, 0].copy(), xy[:, 1].copy()


def hull_on_page(
    hull: tuple[np.ndarray, np.ndarray], anchors: np.ndarray, rotations_deg: list[float]
) -> tuple[np.ndarray, np.ndarray]:
    """``outline_hull`` points placed at each anchor (rows of ``anchors``) turned by each
    rotation: one row of x and one of y per anchor, the very numbers ``place_text`` gives
    those outline points (the same operations in the same order, the same rounding)."""
    lx, ly = hull
    cos_r = np.array([math.cos(math.radians(r)) for r in rotations_deg])[:, None]
    sin_r = np.array([math.sin(math.radians(r)) for r in rotations_deg])[:, None]
    return _page_xy(lx[None, :], ly[None, :], anchors[:, :1], anchors[:, 1:2], cos_r, sin_r)


def place_text(
    text: str,
    anchor: Point,
    cap_height_mm: float,
    *,
    rotation_deg: float = 0.0,
    halign: HAlign = "center",
    valign: VAlign = "middle",
) -> TextBox:
    """Outline ``text`` with its anchor at ``anchor``; rotation turns clockwise on the page.

    The box spans from the baseline to the cap height (digits and capitals), so "middle" centres
    the numbers of a scale on the anchor.
    """
    width, x0, y_base = _origin(text, cap_height_mm, halign, valign)
    cos_r, sin_r = math.cos(math.radians(rotation_deg)), math.sin(math.radians(rotation_deg))
    ax, ay = anchor
    # glyphs in local coordinates (cached per text and size), then one affine map for all
    lx, ly, ends = _local_rings(text, cap_height_mm, x0, y_base)
    page_x, page_y = _page_xy(lx, ly, ax, ay, cos_r, sin_r)
    ink = None
    if len(page_x):
        ink = (float(page_x.min()), float(page_y.min()), float(page_x.max()), float(page_y.max()))
    corners, center = _frame(anchor, (cos_r, sin_r), x0, width, y_base, cap_height_mm)
    outline = FilledPolygon.from_points(np.column_stack([page_x, page_y]), ends)
    return TextBox(outline, corners, center, width, cap_height_mm, ink)


def text_corners(
    text: str,
    anchor: Point,
    cap_height_mm: float,
    *,
    rotation_deg: float = 0.0,
    halign: HAlign = "center",
    valign: VAlign = "middle",
) -> tuple[Point, Point, Point, Point]:
    """The corners ``place_text`` gives the box of ``text`` (the same numbers), without its
    glyphs: a placement that refuses most candidates asks this first."""
    width, x0, y_base = _origin(text, cap_height_mm, halign, valign)
    turn = (math.cos(math.radians(rotation_deg)), math.sin(math.radians(rotation_deg)))
    return _frame(anchor, turn, x0, width, y_base, cap_height_mm)[0]


def _frame(
    anchor: Point, turn: tuple[float, float], x0: float, width: float, y_base: float, cap: float
) -> tuple[tuple[Point, Point, Point, Point], Point]:
    """A text box's corners and centre on the page: the local rectangle from pen ``x0`` (width
    ``width``) and from the cap line to the baseline ``y_base``, turned by ``turn`` (cos, sin)
    and moved to ``anchor``."""
    ax, ay = anchor
    cos_r, sin_r = turn

    def to_page(lx: float, ly: float) -> Point:
        # local: x right, y down, origin at the anchor
        return (ax + lx * cos_r - ly * sin_r, ay + lx * sin_r + ly * cos_r)

    top, bottom = y_base - cap, y_base
    corners = (
        to_page(x0, top),
        to_page(x0 + width, top),
        to_page(x0 + width, bottom),
        to_page(x0, bottom),
    )
    return corners, to_page(x0 + width / 2.0, (top + bottom) / 2.0)


def tangent_rotation_deg(center: Point, point: Point) -> float:
    """Rotation that sets text tangent to a circle around ``center`` at ``point``, upright.

    On the upper half of the page the tops of the letters point away from the centre; on the
    lower half the text is turned by 180° so that it still reads left to right (the rotation
    is always within ±90°).
    """
    angle = math.degrees(math.atan2(point[1] - center[1], point[0] - center[0]))
    rot = (angle + 90.0 + 180.0) % 360.0 - 180.0
    if rot > 90.0:
        rot -= 180.0
    elif rot < -90.0:
        rot += 180.0
    return rot
