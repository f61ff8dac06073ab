"""The ``modern`` rete frame: clean and open, for today's makers.

The rim, the ecliptic band and the hub, joined by four smooth curved spokes: each spoke is
one exact circular arc from the hub to the rim, leaving the hub radially and sweeping round
by ``TWIST_DEG``. The spokes come in two mirror pairs about the solstitial colure, so the frame
is balanced and symmetric; the stars hang on straight pointers that carry their names
(``rete_pointer_shapes.stem``) with room round the letters.
"""

from __future__ import annotations

import math

from ..geometry.primitives import Arc, Point
from .rete_frame import FrameParts, ReteGeometry, arc_bar, arc_through, mirrored_arc

#: Directions of the spokes' roots on the hub, from the colure (one of each mirror pair).
SPOKE_ROOTS_DEG = (55.0, 125.0)
#: How far round each spoke sweeps between hub and rim.
TWIST_DEG = 28.0
#: Bulge of a spoke: sagitta as a fraction of its chord.
BULGE = 0.10


def modern_frame(geo: ReteGeometry) -> FrameParts:
    """Rim, ecliptic band, hub and two mirror pairs of arc spokes."""
    parts = FrameParts()
    for block in (geo.rim(), geo.band(), geo.hub()):
        parts.add(block)
    width = geo.name_bar_mm
    for root_deg in SPOKE_ROOTS_DEG:
        spoke = spoke_arc(geo, math.radians(root_deg))
        parts.add(arc_bar(spoke, width, carries_names=True))
        parts.add(arc_bar(mirrored_arc(spoke, geo.axis), width, carries_names=True))
    return parts


def spoke_arc(geo: ReteGeometry, root_rad: float) -> Arc:
    """The arc of one spoke: from inside the hub to the middle of the rim, through a point
    pushed sideways by BULGE x chord."""
    cx, cy = geo.center
    t0 = geo.axis.angle_rad + root_rad
    t1 = t0 + math.radians(TWIST_DEG)
    r0 = 0.5 * geo.hub_radius_mm
    r1 = (geo.ring_inner_mm + geo.outer_radius_mm) / 2.0
    a: Point = (cx + r0 * math.cos(t0), cy + r0 * math.sin(t0))
    b: Point = (cx + r1 * math.cos(t1), cy + r1 * math.sin(t1))
    chord = math.dist(a, b)
    mx, my = (a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0
    nx, ny = -(b[1] - a[1]) / chord, (b[0] - a[0]) / chord
    mid = (mx + nx * BULGE * chord, my + ny * BULGE * chord)
    return arc_through(a, mid, b)
