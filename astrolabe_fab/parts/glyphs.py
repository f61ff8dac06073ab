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
- ``grown_touches``: whether the glyphs grown by ``buffer(d)`` touch a shape. GEOS draws a
  buffer's round ends and corners as chords, 8 to the quarter turn (shapely's default
  ``quad_segs``), whose vertices lie on the circle of radius d: so the grown glyphs hold every
  point within d·cos(π/32) of the glyphs and none farther than d. A shape farther than d
  (+ BOUNDS_SLACK_MM) is clear; one nearer than d·INSCRIBED is touched; only a shape in between
  needs the union and its buffer, and then gets the very answer the buffer gives.
"""

from __future__ import annotations

from collections.abc import Callable

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


def grown_touches(
    glyphs: shapely.Geometry,
    grown: Callable[[], shapely.Geometry],
    shape: shapely.Geometry,
    distance_mm: float,
) -> bool:
    """Whether ``grown()`` (the glyphs' union buffered by ``distance_mm`` with the default
    quad_segs) intersects ``shape``, settled by distances when they are clear (module doc);
    ``grown`` is called only when they are not. ``glyphs``: the rings as one collection
    (``shapely.multipolygons(glyph_polygons(box))``: a distance is the least over its parts,
    and one call with all of them costs a quarter of a call per ring). ``shape`` is best
    prepared."""
    if shapely.dwithin(shape, glyphs, distance_mm * INSCRIBED):
        return True
    if not shapely.dwithin(shape, glyphs, distance_mm + BOUNDS_SLACK_MM):
        return False
    return bool(grown().intersects(shape))
