"""The mater's outline: the disc and the throne (the handle it hangs from), one exact contour.

The throne is a round lobe above the disc, centred on the noon line, holding the hanging hole.
Disc and lobe are joined by two fillet arcs tangent to both from outside, so the outline is
smooth (G1) everywhere: disc arc, left fillet, lobe arc, right fillet. All pieces are exact
arcs. The contour is symmetric about the vertical line through the pivot, which is what lets
front and back be cut and engraved from the same outline (see back.py).

Fillet centre F: |F - C| = R + f and |F - T| = Rt + f (C disc centre, T lobe centre), i.e. the
intersection of two circles; the tangent points lie on the lines C-F and T-F.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..geometry.primitives import Arc, Circle, Contour, Point, circle_circle_intersections


@dataclass(frozen=True)
class Throne:
    """Sizes of the throne for a disc of radius ``disc_radius_mm`` at ``center``."""

    center: Point
    disc_radius_mm: float
    lobe_radius_mm: float
    lobe_center: Point
    fillet_radius_mm: float
    hole_radius_mm: float

    @property
    def hole(self) -> Circle:
        return Circle(*self.lobe_center, self.hole_radius_mm)


def throne_for(center: Point, disc_radius_mm: float) -> Throne:
    """Proportions: lobe radius 8 % of R (at least 6 mm), its centre 0.45 lobe radii above the
    rim, fillets 0.8 lobe radii, hanging hole 2.5 % of R (at least 1.6 mm)."""
    r = disc_radius_mm
    lobe_r = max(6.0, 0.08 * r)
    hole_r = max(1.6, 0.025 * r)
    lobe_c = (center[0], center[1] - r - 0.45 * lobe_r)
    return Throne(center, r, lobe_r, lobe_c, 0.8 * lobe_r, hole_r)


def _signed_sweep(t0: float, t1: float, positive: bool) -> float:
    """Sweep from angle t0 to t1 in the chosen sense, in (0, 2 pi)."""
    s = (t1 - t0) % (2.0 * math.pi)
    return s if positive else s - 2.0 * math.pi


def outline(throne: Throne) -> Contour:
    """Disc + throne as one closed contour, running clockwise on the page (increasing angle)."""
    c, t = throne.center, throne.lobe_center
    r, rt, f = throne.disc_radius_mm, throne.lobe_radius_mm, throne.fillet_radius_mm
    centres = circle_circle_intersections(Circle(*c, r + f), Circle(*t, rt + f))
    if len(centres) != 2:
        raise ValueError("throne fillets do not meet the disc and the lobe")
    f_left, f_right = sorted(centres, key=lambda p: p[0])

    def toward(a: Point, b: Point, radius: float) -> Point:
        d = math.dist(a, b)
        return (a[0] + (b[0] - a[0]) * radius / d, a[1] + (b[1] - a[1]) * radius / d)

    disc_r_pt = toward(c, f_right, r)
    disc_l_pt = toward(c, f_left, r)
    lobe_l_pt = toward(t, f_left, rt)
    lobe_r_pt = toward(t, f_right, rt)

    def ang(center: Point, p: Point) -> float:
        return math.atan2(p[1] - center[1], p[0] - center[0])

    a0, a1 = ang(c, disc_r_pt), ang(c, disc_l_pt)
    disc = Arc(c[0], c[1], r, a0, _signed_sweep(a0, a1, True))
    b0, b1 = ang(f_left, disc_l_pt), ang(f_left, lobe_l_pt)
    fil_l = Arc(f_left[0], f_left[1], f, b0, _signed_sweep(b0, b1, False))
    c0, c1 = ang(t, lobe_l_pt), ang(t, lobe_r_pt)
    lobe = Arc(t[0], t[1], rt, c0, _signed_sweep(c0, c1, True))
    d0, d1 = ang(f_right, lobe_r_pt), ang(f_right, disc_r_pt)
    fil_r = Arc(f_right[0], f_right[1], f, d0, _signed_sweep(d0, d1, False))
    return Contour((disc, fil_l, lobe, fil_r))


def page_for(throne: Throne, margin_mm: float) -> tuple[float, float, Point]:
    """Page size holding disc and throne with the pivot at the same x as a square page: the
    pivot sits at (R + m, top + m) where top is the throne's height above the disc."""
    r = throne.disc_radius_mm
    above = throne.center[1] - (throne.lobe_center[1] - throne.lobe_radius_mm)
    width = 2.0 * (r + margin_mm)
    height = r + above + 2.0 * margin_mm
    return width, height, (r + margin_mm, above + margin_mm)
