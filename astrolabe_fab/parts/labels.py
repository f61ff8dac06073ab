"""Label placement: text boxes that never overlap, and the keep-out circles that break lines.

A label is placed only if its box (grown by a gap) overlaps no label placed before it, so
callers place the most important labels first. Each placed label leaves a keep-out box;
lines are clipped outside those boxes, so no engraved line ever crosses a label.

A part that knows its cuts before placing labels gives them (``avoid_cuts``): a label whose
glyphs (descenders included) would come within ``CUT_CLEARANCE_MM`` of a cut edge or lie over a
hole is refused, so the caller's next choice (another place, a smaller size) is tried.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Polygon

from ..geometry.primitives import Circle, OutsideBox, Point
from ..text import HAlign, TextBox, VAlign, place_text, text_corners
from .glyphs import bounds_near, glyph_polygons

#: Nearest an engraved glyph may come to a cut edge or a hole, mm (issue 14).
CUT_CLEARANCE_MM = 0.3


def cut_zone(holes: list[Circle], outline: shapely.Geometry | None = None) -> shapely.Geometry:
    """Where no glyph may go: within CUT_CLEARANCE_MM of the holes (circles) or outside the
    ``outline`` (the part's material) shrunk by CUT_CLEARANCE_MM."""
    zones = [
        Polygon(Circle(c.cx, c.cy, c.r + CUT_CLEARANCE_MM).point_at(k * 0.0982) for k in range(64))
        for c in holes
    ]
    if outline is not None:
        inner = outline.buffer(-CUT_CLEARANCE_MM)
        zones.append(outline.envelope.buffer(10.0).difference(inner))
    return shapely.union_all(zones)


class _Rows:
    """Rows of four numbers added one at a time and read as one (n, 4) array (a view, no
    copy of the rows each time they are read)."""

    def __init__(self) -> None:
        self._data = np.empty((16, 4))
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def append(self, row: tuple[float, float, float, float]) -> None:
        if self._count == len(self._data):
            self._data = np.concatenate([self._data, np.empty_like(self._data)])
        self._data[self._count] = row
        self._count += 1

    def array(self) -> np.ndarray:
        return self._data[: self._count]


@dataclass
class Labels:
    """Placed labels of one part, their keep-out circles, and what was refused."""

    cap_height_mm: float
    gap_mm: float = 0.35
    boxes: list[TextBox] = field(default_factory=list)
    keepouts: list[OutsideBox] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    _polygons: list[Polygon] = field(default_factory=list)
    _cuts: shapely.Geometry | None = None
    #: bounds (min x, min y, max x, max y) of the placed upright boxes, for ``surely_overlap``
    _upright: _Rows = field(default_factory=_Rows)
    #: bounds of every placed box, in the order of ``_polygons``
    _bounds: _Rows = field(default_factory=_Rows)

    def __post_init__(self) -> None:
        if not self.gap_mm >= 0.0:
            raise ValueError(f"a label gap must be 0 mm or more, not {self.gap_mm}")

    def avoid_cuts(self, zone: shapely.Geometry) -> None:
        """Refuse from now on every label whose glyphs reach into ``zone`` (``cut_zone``)."""
        shapely.prepare(zone)
        self._cuts = zone

    def place(
        self,
        text: str,
        anchor: Point,
        *,
        rotation_deg: float = 0.0,
        halign: HAlign = "center",
        valign: VAlign = "middle",
        scale: float = 1.0,
        keepout: bool = True,
        inside: Circle | None = None,
    ) -> TextBox | None:
        """Place ``text`` unless it would overlap a placed label or leave the ``inside`` circle."""
        cap = self.cap_height_mm * scale
        # the box first: the glyphs are outlined only for a place that passes the box's tests
        corners = text_corners(
            text, anchor, cap, rotation_deg=rotation_deg, halign=halign, valign=valign
        )
        poly = self._free_box(corners, rotation_deg, inside)
        if poly is None:
            self.refused.append(text)
            return None
        box = place_text(text, anchor, cap, rotation_deg=rotation_deg, halign=halign, valign=valign)
        if self._cuts is not None and _reaches(self._cuts, box):
            self.refused.append(text)
            return None
        self.boxes.append(box)
        self._polygons.append(poly)
        bounds = poly.bounds
        self._bounds.append(bounds)
        if rotation_deg == 0.0:
            self._upright.append(bounds)
        if keepout:
            self.keepouts.append(OutsideBox(_quad(box.corners, self.gap_mm)))
        return box

    def blocked(
        self,
        text: str,
        anchor: Point,
        *,
        rotation_deg: float = 0.0,
        scale: float = 1.0,
        inside: Circle | None = None,
    ) -> bool:
        """Whether ``place`` (centred, middle) would refuse ``text`` here by its box alone:
        outside the ``inside`` circle or over a placed label. Nothing is outlined or noted: a
        caller with dearer tests of its own (the glyphs against its lines) asks this first."""
        corners = text_corners(text, anchor, self.cap_height_mm * scale, rotation_deg=rotation_deg)
        return self._free_box(corners, rotation_deg, inside) is None

    def _free_box(
        self, corners: tuple[Point, Point, Point, Point], rotation_deg: float, inside: Circle | None
    ) -> Polygon | None:
        """The box with these corners as a polygon, or None when a corner is not finite, or it
        leaves the ``inside`` circle (less the gap), or it overlaps a placed label."""
        if not all(math.isfinite(v) for corner in corners for v in corner):
            return None  # an anchor at infinity (a projection pole) has no place
        if inside is not None:
            reach = inside.r - self.gap_mm
            if any((x - inside.cx) ** 2 + (y - inside.cy) ** 2 > reach * reach for x, y in corners):
                return None
        poly = Polygon(corners)
        if self._polygons and self._overlaps(poly, upright=rotation_deg == 0.0):
            return None
        return poly

    def _overlaps(self, poly: Polygon, upright: bool) -> bool:
        """Whether ``poly`` grown by ``gap_mm`` (a mitred buffer) meets a placed box.

        Only the placed boxes near it are tested (``glyphs.bounds_near``), and the buffer is
        made only when there is one: when it and every placed box are upright, those whose gap
        along x or along y exceeds ``gap_mm`` surely miss it (the grown box is the box widened
        by the gap); otherwise those whose bounds lie farther than ``gap_mm`` times the root of
        2 along x or y (a mitred corner of a right angle reaches that far beyond the box's
        bounds). This holds for a gap of 0 or more and boxes of a label's size: GEOS's mitred
        buffer of a box thinner than about 1e-9 mm may reach farther."""
        bounds = poly.bounds
        if upright and len(self._upright) == len(self._polygons):
            near = bounds_near(bounds, self._upright.array(), self.gap_mm)
        else:
            near = bounds_near(bounds, self._bounds.array(), self.gap_mm * math.sqrt(2.0))
        if not len(near):
            return False
        grown = poly.buffer(self.gap_mm, join_style="mitre")
        return bool(shapely.intersects(grown, [self._polygons[i] for i in near.tolist()]).any())

    def surely_overlap(self, centers: np.ndarray, width_mm: float, height_mm: float) -> np.ndarray:
        """Which upright ``width_mm`` x ``height_mm`` boxes centred on ``centers`` (n, 2) ``place``
        would surely refuse for overlapping a placed upright box: a cheap exact refusal.

        ``place`` grows the box by ``gap_mm`` (a mitred buffer: the rectangle widened by the gap
        on every side) and refuses it when that meets a placed box, i.e. when the gaps between
        the two rectangles along x and along y are both at most ``gap_mm``. Rows whose gaps are
        both below ``gap_mm - 1e-6`` are refused whatever the rounding of the corners; the rest
        are left to ``place``."""
        pts = np.asarray(centers, dtype=float).reshape(-1, 2)
        if not len(self._upright) or not len(pts):
            return np.zeros(len(pts), dtype=bool)
        half_w, half_h = width_mm / 2.0, height_mm / 2.0
        x, y = pts[:, :1], pts[:, 1:]
        with np.errstate(invalid="ignore"):
            gx, gy = _gaps(self._upright.array(), x - half_w, y - half_h, x + half_w, y + half_h)
            near = (gx < self.gap_mm - 1e-6) & (gy < self.gap_mm - 1e-6)
        return np.asarray(near.any(axis=1), dtype=bool)

    def regions(self) -> list[OutsideBox]:
        """Regions 'outside every label box', to clip lines with."""
        return list(self.keepouts)

    def fits(self, box_center: Point, radius_mm: float) -> bool:
        """Whether a circle of ``radius_mm`` at ``box_center`` is clear of every placed label."""
        probe = Polygon(Circle(*box_center, radius_mm).point_at(k * 0.3927) for k in range(16))
        return not any(probe.intersects(p) for p in self._polygons)


def _gaps(placed: np.ndarray, x0: Any, y0: Any, x1: Any, y1: Any) -> tuple[Any, Any]:
    """The gaps along x and along y between upright rectangles (x0, y0, x1, y1; numbers, or
    columns of rows of rectangles) and the placed ones (rows of ``placed``): negative where
    they overlap along that axis."""
    gx = np.maximum(placed[:, 0] - x1, x0 - placed[:, 2])
    gy = np.maximum(placed[:, 1] - y1, y0 - placed[:, 3])
    return gx, gy


def _reaches(zone: shapely.Geometry, box: TextBox) -> bool:
    """Whether the glyphs of ``box`` reach into ``zone``: their bounding rectangle first (the
    glyphs lie inside it, so a rectangle clear of the zone settles it cheaply), then the glyphs
    ring by ring (their union meets the zone exactly when one of them does)."""
    if box.ink_bounds_mm is None:
        return False
    if not zone.intersects(shapely.box(*box.ink_bounds_mm)):
        return False
    return bool(shapely.intersects(zone, glyph_polygons(box)).any())


def _quad(
    corners: tuple[Point, Point, Point, Point], gap: float
) -> tuple[Point, Point, Point, Point]:
    """The box grown by ``gap`` on every side (corners in order)."""
    cx = sum(p[0] for p in corners) / 4.0
    cy = sum(p[1] for p in corners) / 4.0
    ux = (corners[1][0] - corners[0][0], corners[1][1] - corners[0][1])
    vy = (corners[3][0] - corners[0][0], corners[3][1] - corners[0][1])
    lu, lv = (ux[0] ** 2 + ux[1] ** 2) ** 0.5, (vy[0] ** 2 + vy[1] ** 2) ** 0.5
    eu = (ux[0] / lu, ux[1] / lu)
    ev = (vy[0] / lv, vy[1] / lv)
    hu, hv = lu / 2.0 + gap, lv / 2.0 + gap
    return tuple(  # type: ignore[return-value]
        (cx + su * hu * eu[0] + sv * hv * ev[0], cy + su * hu * eu[1] + sv * hv * ev[1])
        for su, sv in ((-1, -1), (1, -1), (1, 1), (-1, 1))
    )
