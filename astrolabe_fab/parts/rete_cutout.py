"""The cut-out rete: frame (one design's), stars, minimum web, windows, exact cuts, engraving.

1. The design's frame (``rete_classic`` or ``rete_modern``) is united with shapely.
2. Stars: those on the ecliptic band get a mark or notch (``rete_band_stars``); those on other
   material get an engraved mark, on a small round pad when the material there is too narrow
   for one; those in an opening get a pointer (``rete_placement``).
3. The web: the solid must survive a morphological opening by a disc of diameter min-web in
   one piece and keep every element's middle line; a star whose pointer, pad or notch breaks
   that is left out (stars of the canon last) and the solid is made again.
4. Windows smaller than 1 mm² or with no room for a min-web disc are filled (no slivers).
5. The cuts are traced back to exact arcs and segments (``rete_solid``); names and marks are
   engraved at least 0.3 mm inside every cut (``rete_names``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import shapely
from shapely.geometry import Point as ShPoint
from shapely.geometry import Polygon

from ..errors import InputError
from ..geometry.primitives import Arc, Circle, Contour, FilledPolygon, Point, Shape
from ..text import TextBox
from .rete_band_stars import PAD_MARGIN_MM, BandStar, mark_size_mm, star_mark
from .rete_frame import FrameParts, ReteGeometry, disc
from .rete_placement import Pointer
from .rete_solid import Generator, circle_polygon, largest_polygon, opened, web_problem_at
from .rete_stars import StarPlace

#: Smallest window kept, mm².
MIN_WINDOW_MM2 = 1.0
#: Attempts at dropping a star that breaks the web before giving up.
MAX_DROPS = 16


@dataclass(frozen=True)
class MarkedStar:
    """A star lying on material (not the band): an engraved mark, on a pad when needed."""

    place: StarPlace
    mark: FilledPolygon
    pad: Circle | None

    @property
    def mark_radius_mm(self) -> float:
        return max(math.dist(self.place.tip, q) for q in self.mark.rings[0])


@dataclass
class Cutout:
    """What the cut-out assembly produced."""

    solid: Polygon
    pointers: list[Pointer]
    band_stars: list[BandStar]
    marked: list[MarkedStar]
    skeleton: list[Point]
    generators: list[Generator] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def marked_stars(
    places: list[StarPlace], base: shapely.Geometry, cap_mm: float, allowed: shapely.Geometry
) -> list[MarkedStar]:
    """Stars whose tip lies on (or within 0.3 mm of) the frame: a mark, with a pad of radius
    mark/2 + 0.6 mm when the material round the star is narrower than that."""
    out = []
    boundary = base.boundary
    for place in places:
        tip = ShPoint(place.tip)
        if not allowed.contains(tip) or base.distance(tip) > 0.3:
            continue
        size = mark_size_mm(place, cap_mm)
        room = boundary.distance(tip) if base.contains(tip) else 0.0
        pad = None
        if room < size / 2.0 + 0.45:
            pad = Circle(place.tip[0], place.tip[1], size / 2.0 + PAD_MARGIN_MM)
        out.append(MarkedStar(place, star_mark(place.tip, size), pad))
    return out


def last_resort_pads(
    places: list[StarPlace],
    required: frozenset[str],
    marked: list[MarkedStar],
    pointers: list[Pointer],
    base: shapely.Geometry,
    cap_mm: float,
) -> list[MarkedStar]:
    """Canon stars that found no pointer but lie near material: a mark on a pad joined to that
    material, where the pad keeps 0.5 mm clear of every other star's place."""
    shown = {m.place.star.name for m in marked} | {p.place.star.name for p in pointers}
    material = shapely.union_all([base, *[p.polygon for p in pointers]])
    tips = [ShPoint(p.place.tip) for p in pointers] + [ShPoint(m.place.tip) for m in marked]
    out: list[MarkedStar] = []
    for place in places:
        if place.star.name not in required or place.star.name in shown:
            continue
        size = mark_size_mm(place, cap_mm)
        pad = Circle(place.tip[0], place.tip[1], size / 2.0 + PAD_MARGIN_MM)
        tip = ShPoint(place.tip)
        if material.distance(tip) > pad.r - 0.5:
            continue
        if any(t.distance(tip) < pad.r + 0.5 for t in tips):
            continue
        out.append(MarkedStar(place, star_mark(place.tip, size), pad))
        tips.append(tip)
    return out


def assemble(
    geo: ReteGeometry,
    frame: FrameParts,
    parts: tuple[list[Pointer], list[BandStar], list[MarkedStar]],
    required: frozenset[str],
) -> Cutout:
    """Unite frame, pads and pointers; drop stars that break the web (module doc, step 3)."""
    pointers, band, marked = parts
    cx, cy = geo.center
    base = shapely.union_all(frame.polygons)
    inside = geo.outer_radius_mm - 0.5 * geo.min_web_mm - 0.05
    skeleton = [
        p for p in frame.skeleton if geo.pivot_radius_mm + 1.0 < math.dist(p, (cx, cy)) < inside
    ]
    dropped: list[str] = []
    for _attempt in range(MAX_DROPS):
        keep = _not_dropped(dropped)
        ps, bs, ms = keep(pointers), keep(band), keep(marked)
        solid = _solid(geo, base, ps, bs, ms)
        stems = skeleton + [q for p in ps for q in p.middle]
        found = web_problem_at(largest_polygon(solid), stems, geo.min_web_mm)
        if found is None and isinstance(solid, Polygon):
            return Cutout(solid, ps, bs, ms, stems, dropped=dropped)
        where = found[1] if found is not None else None
        culprit = _culprit(ps, bs, ms, where, required)
        if culprit is None:
            reason = found[0] if found is not None else "it falls apart"
            raise InputError(
                f"the cut-out rete cannot keep every web at {geo.min_web_mm:g} mm at this size "
                f"({reason}): lower --min-web or choose --rete transparent"
            )
        dropped.append(culprit)
    raise InputError(f"the cut-out rete cannot keep every web at {geo.min_web_mm:g} mm")


def _not_dropped(dropped: list[str]) -> Callable[[list[Any]], list[Any]]:
    def keep(items: list[Any]) -> list[Any]:
        return [i for i in items if i.place.star.name not in dropped]

    return keep


def _solid(
    geo: ReteGeometry,
    base: shapely.Geometry,
    pointers: list[Pointer],
    band: list[BandStar],
    marked: list[MarkedStar],
) -> shapely.Geometry:
    """Frame + pads + pointers, inside the rim, minus the pivot hole and the notches."""
    cx, cy = geo.center
    pads = [circle_polygon(m.pad) for m in marked if m.pad is not None]
    solid = shapely.union_all([base, *pads, *[p.polygon for p in pointers]])
    solid = solid.intersection(circle_polygon(Circle(cx, cy, geo.outer_radius_mm)).buffer(1e-9))
    solid = solid.difference(circle_polygon(Circle(cx, cy, geo.pivot_radius_mm)))
    for b in band:
        if b.notch is not None:
            solid = solid.difference(circle_polygon(b.notch))
    return solid


def _culprit(
    pointers: list[Pointer],
    band: list[BandStar],
    marked: list[MarkedStar],
    where: Point | None,
    required: frozenset[str],
) -> str | None:
    """The star whose pointer, notch or pad lies nearest a broken web (within 4 mm), stars
    outside the canon first."""
    if where is None:
        return None
    here = ShPoint(where)
    near: list[tuple[bool, float, str]] = []
    for p in pointers:
        near.append((False, p.polygon.distance(here), p.place.star.name))
    for b in band:
        if b.notch is not None:
            d = max(0.0, math.dist(b.notch.center, where) - b.notch.r)
            near.append((False, d, b.place.star.name))
    for m in marked:
        if m.pad is not None:
            d = max(0.0, math.dist(m.pad.center, where) - m.pad.r)
            near.append((False, d, m.place.star.name))
    near = [(name in required, d, name) for _, d, name in near if d < 4.0]
    return min(near)[2] if near else None


def fill_windows(solid: Polygon, min_web_mm: float, keep: Point) -> Polygon:
    """The solid with every window smaller than MIN_WINDOW_MM2 or holding no disc of diameter
    min-web filled in; the window round ``keep`` (the pivot hole) stays."""
    holes = []
    for ring in solid.interiors:
        hole = Polygon(ring)
        if hole.contains(ShPoint(keep)):
            holes.append(ring)
            continue
        if hole.area < MIN_WINDOW_MM2 or opened(hole, min_web_mm).area < 1e-6:
            continue
        holes.append(ring)
    return Polygon(solid.exterior, holes)


def as_circle(contour: Contour) -> Shape:
    """A contour that is one full-turn arc, as a Circle."""
    if len(contour.pieces) == 1 and isinstance(contour.pieces[0], Arc):
        a = contour.pieces[0]
        if abs(abs(a.sweep_rad) - 2.0 * math.pi) < 1e-9:
            return Circle(a.cx, a.cy, a.r)
    return contour


def pad_parts(marked: list[MarkedStar]) -> FrameParts:
    """The pads as frame parts (for their generators)."""
    parts = FrameParts()
    for m in marked:
        if m.pad is not None:
            parts.add(disc(m.pad.center, m.pad.r))
    return parts


def label_boxes(cut: Cutout) -> list[TextBox]:
    """Names carried by pointers (stems) and band stars."""
    return [p.label for p in cut.pointers if p.label is not None] + [
        b.label for b in cut.band_stars if b.label is not None
    ]
