"""A filled polygon's rings as shapely polygons, in one vectorised call.

``FilledPolygon`` (text outlines, marks) is filled by the non-zero rule; its rings, each taken
as a filled polygon, cover exactly its area, so their union is the area and distances and
containment can be asked of the rings one by one. Building one ``shapely.Polygon`` per ring in
Python cost ten times as much as this.
"""

from __future__ import annotations

import numpy as np
import shapely

from .primitives import FilledPolygon


def ring_polygons(shape: FilledPolygon) -> np.ndarray:
    """One polygon per ring of at least three points, in the shape's order (an empty array
    when there is none)."""
    xy, _ = shape.points()
    sizes = np.asarray([b - a for a, b in shape.ring_spans()])
    kept = sizes >= 3
    if not kept.any():
        return np.empty(0, dtype=object)
    ring_of = np.repeat(np.arange(len(sizes)), sizes)
    rows = kept[ring_of]
    index = np.repeat(np.arange(int(kept.sum())), sizes[kept])
    return shapely.polygons(shapely.linearrings(xy[rows], indices=index))
