"""A filled polygon's rings as shapely polygons, in one vectorised call.

``FilledPolygon`` (text outlines, marks) is filled by the non-zero rule; its rings, each taken
as a filled polygon, cover exactly its area, so their union is the area and distances and
containment can be asked of the rings one by one. Building one ``shapely.Polygon`` per ring in
Python cost ten times as much as this.
"""

from __future__ import annotations

from itertools import chain

import numpy as np
import shapely

from .primitives import FilledPolygon


def ring_polygons(shape: FilledPolygon) -> np.ndarray:
    """One polygon per ring of at least three points, in the shape's order (an empty array
    when there is none)."""
    rings = [r for r in shape.rings if len(r) >= 3]
    if not rings:
        return np.empty(0, dtype=object)
    xy = np.fromiter(chain.from_iterable(chain.from_iterable(rings)), float).reshape(-1, 2)
    index = np.repeat(np.arange(len(rings)), [len(r) for r in rings])
    return shapely.polygons(shapely.linearrings(xy, indices=index))
