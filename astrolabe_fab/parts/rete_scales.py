"""The rete's scale lines: sidereal-hour ticks on the rim, the Aries index, and the ecliptic
ring's ticks and zone circles (``rete_ecliptic`` computes them).

Neighbouring scales never interleave: where the ecliptic band runs into the rim (at the far
tropic), the rim's hour ticks stop ``SCALE_GAP_MM`` short of the ecliptic circle, so the band's
calendar ticks and the rim's hour ticks never stand between one another.
"""

from __future__ import annotations

import math

from ..geometry.primitives import (
    Arc,
    Circle,
    FilledPolygon,
    OutsideBox,
    Region,
    Segment,
    Shape,
    clip_circle,
    clip_segment,
)
from ..geometry.projection import Frame
from ..scene import Weight
from .rete_ecliptic import EclipticRing

#: Gap between the rim's ticks and the ecliptic circle, mm.
SCALE_GAP_MM = 0.4
#: Nearest approach of an engraved mark to a cut edge, mm.
EDGE_CLEARANCE_MM = 0.35


def hour_ticks(
    frame: Frame, r_out: float, r_in: float, ecliptic: Circle | None = None
) -> list[tuple[Shape, Weight]]:
    """Sidereal-hour ticks on the outer ring: RA a drawn at H = -a (every 20 min, hours
    longer; 0 h is the Aries index), clipped SCALE_GAP_MM outside the ``ecliptic`` circle when
    given."""
    out: list[tuple[Shape, Weight]] = []
    cx, cy = frame.center_mm
    keep = (
        [Region(Circle(ecliptic.cx, ecliptic.cy, ecliptic.r + SCALE_GAP_MM), False)]
        if ecliptic is not None
        else []
    )
    for k in range(72):
        p_out = frame.sky_to_plane(-15.0 * k / 3.0, 0.0)
        ux, uy = (p_out[0] - cx), (p_out[1] - cy)
        n = math.hypot(ux, uy)
        ux, uy = ux / n, uy / n
        length = (r_out - r_in) * (0.85 if k % 3 == 0 else 0.45)
        start = r_out - 0.12 * (r_out - r_in)
        a = (cx + ux * start, cy + uy * start)
        b = (a[0] - ux * length * 0.88, a[1] - uy * length * 0.88)
        if k == 0:
            continue  # 0 h: the Aries index (``aries_index``) marks it
        weight: Weight = "heavy" if k % 18 == 0 else ("normal" if k % 3 == 0 else "fine")
        for piece in clip_segment(Segment(a, b), keep) if keep else [Segment(a, b)]:
            out.append((piece, weight))
    return out


def aries_index(frame: Frame, r_out: float, width: float) -> FilledPolygon:
    """Filled triangle on the outer ring pointing outwards at the first point of Aries (H = 0),
    its point EDGE_CLEARANCE_MM inside the rim's edge."""
    cx, cy = frame.center_mm
    tip = (cx, cy - (r_out - max(0.08 * width, EDGE_CLEARANCE_MM)))
    base_y = cy - (r_out - 0.92 * width)
    half = 0.55 * width
    return FilledPolygon(((tip, (cx + half, base_y), (cx - half, base_y)),))


def ecliptic_scores(
    ring: EclipticRing, include_edges: bool, keepouts: list[OutsideBox] | None = None
) -> list[tuple[Shape, Weight]]:
    """The ring's ticks and zone circles (and edges), cut around the marks of band stars."""
    keep = list(keepouts or [])
    out: list[tuple[Shape, Weight]] = []
    for tick in (*ring.longitude_ticks, *ring.calendar_ticks):
        pieces: list[Segment] = clip_segment(tick.segment, keep) if keep else [tick.segment]
        out.extend((piece, tick.weight) for piece in pieces)
    c = ring.circle
    circles: list[tuple[Circle, Weight]] = [
        (Circle(c.cx, c.cy, r), "fine") for r in ring.zone_radii_mm
    ]
    if include_edges:
        circles += [(c, "heavy"), (ring.band_inner, "normal")]
    for circle, weight in circles:
        arcs: list[Circle | Arc] = clip_circle(circle, keep) if keep else [circle]
        out.extend((piece, weight) for piece in arcs)
    return out
