"""A placed text's glyphs as shapely areas, built fast, and the cheap tests placement tries first.

A label's glyphs are the filled rings of its outline (``TextBox.outline``, each ring filled:
exact for distances and containment). Placement asks of many candidate places whether the
glyphs lie on the material, clear of other engraving, before it keeps one; these helpers make
that cheap without changing any answer:

- ``glyph_polygons``: the rings as polygons (``geometry.filled``);
- ``glyph_area``: their union, the area itself;
- ``all_within``: the union lies inside an area exactly when every ring does (a union of sets
  is contained in A if and only if each set is), so no union is needed to refuse a place;
- ``bounds_near``: which of a list of bounding rectangles come within a distance of a
  rectangle; a shape whose rectangle is farther away cannot touch the grown glyphs.
- ``GrownGlyphs.touches``: whether the glyphs grown by ``buffer(d)`` touch a shape. GEOS draws a
  buffer's round ends and corners as chords, 8 to the quarter turn (shapely's default
  ``quad_segs``), whose vertices lie on the circle of radius d: so the grown glyphs hold every
  point within d·cos(π/32) of the glyphs and none farther than d. A shape farther than d
  (+ BOUNDS_SLACK_MM) is clear; one nearer than d·INSCRIBED is touched; only a shape in between
  needs the union and its buffer, and then gets the very answer the buffer gives.
"""

from __future__ import annotations

import numpy as np
import shapely

from ..geometry.filled import ring_polygons
from ..text import TextBox

#: Added to a distance when rectangles are compared, so that rounding never drops a neighbour.
BOUNDS_SLACK_MM = 1e-6
#: Below cos(π/32) = 0.99518 (module doc), with room for rounding.
INSCRIBED = 0.99


def glyph_polygons(box: TextBox) -> np.ndarray:
    """One polygon per outline ring of at least three points, in the outline's order."""
    return ring_polygons(box.outline)


def glyph_area(box: TextBox) -> shapely.Geometry:
    """The area of a placed text's glyphs: the union of its filled rings."""
    return shapely.union_all(glyph_polygons(box))


def all_within(polygons: np.ndarray, area: shapely.Geometry) -> bool:
    """Whether every polygon lies inside ``area`` (``area`` is best prepared): the same answer
    as for their union (module doc)."""
    return bool(shapely.contains(area, polygons).all())


def bounds_of(polygons: np.ndarray) -> tuple[float, float, float, float]:
    """The bounding rectangle (x0, y0, x1, y1) of a set of polygons."""
    b = shapely.bounds(polygons)
    return (float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 2].max()), float(b[:, 3].max()))


def bounds_near(
    bounds: tuple[float, float, float, float], others: np.ndarray, distance_mm: float
) -> np.ndarray:
    """Indices of the rectangles in ``others`` (rows x0, y0, x1, y1) that come within
    ``distance_mm`` (+ BOUNDS_SLACK_MM) of ``bounds``: the only shapes that a set of glyphs
    grown by ``distance_mm`` can touch."""
    if len(others) == 0:
        return np.empty(0, dtype=int)
    d = distance_mm + BOUNDS_SLACK_MM
    x0, y0, x1, y1 = bounds
    hit = (
        (others[:, 0] <= x1 + d)
        & (others[:, 2] >= x0 - d)
        & (others[:, 1] <= y1 + d)
        & (others[:, 3] >= y0 - d)
    )
    return np.flatnonzero(hit)


class GrownGlyphs:
    """A placed text's glyphs grown by ``buffer(distance_mm)`` (default quad_segs), asked
    whether they touch shapes: settled by distances when those are clear of the buffer's chord
    band (module doc), the buffer drawn (once) only when they are not.

    The rings are held as one collection (a MultiPolygon of the rings, not their union): a
    distance is the least over its parts, and one call with all of them costs a quarter of a
    call per ring."""

    def __init__(self, polygons: np.ndarray, distance_mm: float) -> None:
        self.polygons = polygons
        self.distance_mm = distance_mm
        self.glyphs = shapely.multipolygons(polygons)
        self._grown: shapely.Geometry | None = None

    def grown(self) -> shapely.Geometry:
        """The union of the rings, buffered (drawn on first use)."""
        if self._grown is None:
            self._grown = shapely.union_all(self.polygons).buffer(self.distance_mm)
        return self._grown

    def settled(self, shape: shapely.Geometry) -> bool | None:
        """Whether the grown glyphs surely intersect ``shape`` (best prepared): True when it
        comes nearer the glyphs than distance·INSCRIBED, False when it lies farther than the
        distance (+ BOUNDS_SLACK_MM), None in the band between, where only the buffer tells."""
        if shapely.dwithin(shape, self.glyphs, self.distance_mm * INSCRIBED):
            return True
        if not shapely.dwithin(shape, self.glyphs, self.distance_mm + BOUNDS_SLACK_MM):
            return False
        return None

    def touches(self, shape: shapely.Geometry) -> bool:
        """Whether the grown glyphs intersect ``shape`` (best prepared)."""
        sure = self.settled(shape)
        return bool(self.grown().intersects(shape)) if sure is None else sure
