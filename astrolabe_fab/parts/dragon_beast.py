"""The classic style's dragon: a winged serpent in one piece, seen from above.

The head lies at the ascending node: its snout is the pointer, and its eyes are engraved dots.
The tail lies at the descending node and ends in a barbed tip. A sinuous body joins them
through the round hub at the pivot. Both ends spread wings that carry the limit arcs. The
wings are the limit plates of ``dragon_outline``, their trailing edge hanging below the plate
in bat-like fingers beyond the lunar arc.

The silhouette is the union of these pieces (shapely), followed by a morphological opening
with a disc of the design's minimum web. The opening removes any spike or neck thinner than
the web, so the web holds by construction. The outline is not a circle, so it is sampled and
written as one closed polyline. Its arcs come from buffers with 64 segments a quadrant: the
chord error stays below 0.01 mm up to radii of 40 mm.
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from shapely.geometry import Polygon

from ..geometry.primitives import Point, Polyline
from .dragon_outline import EndShape, PointerShape

#: Buffer segments per quadrant (chord error r (1 - cos(pi / 256)) < 0.01 mm for r < 130 mm).
QUAD_SEGS = 64
#: Sample step along the body's centre line and the scalloped edges, mm.
STEP_MM = 0.25
#: Scallops per wing.
SCALLOPS = 2


def _page(center: Point, beta_deg: float, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Local (u outward along the end's axis, v to its right) -> page points."""
    b = math.radians(beta_deg)
    x = center[0] + u * math.sin(b) + v * math.cos(b)
    y = center[1] - u * math.cos(b) + v * math.sin(b)
    return np.column_stack([x, y])


def _polar(center: Point, beta_deg: float, b_deg: np.ndarray, r: np.ndarray) -> np.ndarray:
    t = np.radians(b_deg)
    return _page(center, beta_deg, r * np.cos(t), r * np.sin(t))


def wing(
    center: Point, beta_deg: float, end: EndShape, drop_mm: float, clear_deg: float
) -> Polygon:
    """The limit plate, its trailing edge hanging ``drop_mm`` below the plate outside
    ``clear_deg`` of the axis in ``SCALLOPS`` bat-like fingers."""
    phi = end.half_angle_deg
    n = max(16, int(math.radians(2.0 * phi) * end.r_out / STEP_MM))
    b = np.linspace(-phi, phi, n)
    outer = _polar(center, beta_deg, b, np.full(n, end.r_out))
    back = np.abs(b[::-1])
    phase = np.clip((back - clear_deg) / ((phi - clear_deg) / SCALLOPS), 0.0, None)
    hang = np.where(back > clear_deg, 1.0 - np.abs(np.sin(math.pi * phase)), 0.0)
    inner = _polar(center, beta_deg, b[::-1], end.r_in - drop_mm * hang)
    return Polygon(np.vstack([outer, inner]))


def head(
    center: Point, u0: float, nose_r: float, min_web_mm: float
) -> tuple[Polygon, list[tuple[Point, float]]]:
    """A dragon's head seen from above, from ``u0`` to the round tip of its snout at
    ``nose_r``; also the eyes and nostrils as (page point, radius) for engraving."""
    length = nose_r - u0
    rho = max(0.12 * length, 0.5 * min_web_mm + 0.05)  # the snout's round tip
    # (fraction of the length, half-width as a fraction of the length): neck, cheeks, snout
    profile = [(0.0, 0.20), (0.18, 0.22), (0.34, 0.36), (0.46, 0.40), (0.58, 0.33), (0.74, 0.24)]
    horn = [(0.44, 0.37), (0.02, 0.66), (0.28, 0.30)]  # base, swept-back tip, base
    right = [(u0 + f * length, w * length) for f, w in profile]
    right = [*right[:3], *[(u0 + f * length, w * length) for f, w in reversed(horn)], *right[3:]]
    tip = [
        (nose_r - rho + rho * math.cos(a), rho * math.sin(a))
        for a in np.linspace(math.pi / 2.0, 0.0, 17)
    ]
    right += tip[:-1]  # from the neck to just before the tip of the snout
    left = [(u, -v) for u, v in right]
    pts = np.array([*left, tip[-1], *reversed(right)])
    poly = Polygon(_page(center, 0.0, pts[:, 0], pts[:, 1]))
    marks = []
    for f, w, radius in ((0.55, 0.16, 0.045), (0.86, 0.06, 0.022)):  # eyes, nostrils
        for side in (-1.0, 1.0):
            p = _page(center, 0.0, np.array([u0 + f * length]), np.array([side * w * length]))[0]
            marks.append(((float(p[0]), float(p[1])), radius * length))
    return poly, marks


def tail_tip(center: Point, u0: float, tip_r: float, stem_half_mm: float) -> Polygon:
    """A barbed tail tip (arrowhead on a stem) from ``u0`` to its point at ``tip_r``."""
    length = tip_r - u0
    s = stem_half_mm
    pts = [
        (u0, -s), (u0 + 0.55 * length, -s), (u0 + 0.38 * length, -0.34 * length),
        (tip_r, 0.0),
        (u0 + 0.38 * length, 0.34 * length), (u0 + 0.55 * length, s), (u0, s),
    ]  # fmt: skip
    arr = np.array(pts)
    return Polygon(_page(center, 180.0, arr[:, 0], arr[:, 1]))


def body_centre(u: np.ndarray, r_in: float, amplitude_mm: float) -> np.ndarray:
    """The body's centre line: v = A sin(2 pi u / r_in), through the pivot and the middle of
    both wings' inner edges."""
    return amplitude_mm * np.sin(2.0 * math.pi * u / r_in)


def body(center: Point, shape: PointerShape, amplitude_mm: float) -> Polygon:
    """The sinuous body from the tail's wings to the head's, tapering towards the tail."""
    r_in = shape.head.r_in + 0.5
    n = int(2.0 * r_in / STEP_MM) + 1
    u = np.linspace(-r_in, r_in, n)
    v = body_centre(u, shape.head.r_in, amplitude_mm)
    dv = np.gradient(v, u)
    norm = np.sqrt(1.0 + dv * dv)
    hw_head = shape.bar_half_width_mm
    half = hw_head * (0.75 + 0.25 * (u + r_in) / (2.0 * r_in))
    nu, nv = -dv / norm, 1.0 / norm  # unit normal to the right of the centre line
    right = _page(center, 0.0, u + half * nu, v + half * nv)
    left = _page(center, 0.0, u - half * nu, v - half * nv)
    return Polygon(np.vstack([right, left[::-1]]))


def beast_polygon(shape: PointerShape, min_web_mm: float) -> Polygon:
    """The whole silhouette, opened by the minimum web (see module doc)."""
    c = shape.center
    head_end, tail_end = shape.head, shape.tail
    assert head_end.nose_r is not None and tail_end.nose_r is not None
    clear = 13.2  # the fingers hang outside the lunar arc (12.2 deg) and its end ticks
    drop = 1.4 * (head_end.r_out - head_end.r_in)
    pieces = [
        wing(c, 0.0, head_end, drop, clear),
        wing(c, 180.0, tail_end, drop, clear),
        head(c, head_end.r_out - 1.0, head_end.nose_r, min_web_mm)[0],
        tail_tip(c, tail_end.r_out - 1.0, tail_end.nose_r, max(0.8 * min_web_mm, 1.0)),
        body(c, shape, 0.09 * head_end.r_in),
        shapely.Point(c).buffer(shape.hub_radius_mm, quad_segs=QUAD_SEGS),
    ]
    union = shapely.union_all([p.buffer(0) for p in pieces])
    r = min_web_mm / 2.0
    opened = union.buffer(-r, quad_segs=QUAD_SEGS).buffer(r, quad_segs=QUAD_SEGS)
    if opened.geom_type != "Polygon":
        raise ValueError("the dragon falls apart at its minimum web")
    return Polygon(opened.exterior)


def beast_outline(shape: PointerShape, min_web_mm: float) -> Polyline:
    """The silhouette's outline as one closed polyline (points rounded to 1e-4 mm)."""
    ring = shapely.set_precision(beast_polygon(shape, min_web_mm), 1e-4).exterior
    pts = [(float(x), float(y)) for x, y in np.asarray(ring.coords)[:-1]]
    return Polyline(tuple(pts), closed=True)
