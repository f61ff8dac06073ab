"""The ``classic`` rete frame: a European Gothic rete of the 14th-15th centuries.

What was followed (descriptions of surviving instruments):
- the "Chaucerian" astrolabes: British Museum's Sloane astrolabe (Ward, *Catalogue of European
  Scientific Instruments*, 1981) and the Museum of the History of Science, Oxford, inv. 49359
  (c. 1370) and 45133 (an early Gothic "semi-quatrefoil" or "trefoil" rete, c. 1320), and
  Gunther's *Astrolabes of the World* (1932) and Price's checklist (1955): a rete symmetric
  about the solstitial colure (the meridian bar through the pivot and the ecliptic's centre),
  made of the ecliptic ring, the outer rim (the tropic of Capricorn), a cross of the meridian
  bar and the equinoctial bar, a quatrefoil round the pivot, and the "short equinoctial band"
  (the equator's arc outside the ecliptic) carried by pointed, cusped arches from the rim;
- star pointers as curved daggers or flames (tongues) growing from the tracery
  (``rete_pointer_shapes.dagger``), the star at the very point;
- each star's name engraved on its own pointer's body (the flame is made full enough to carry
  it where one fits, ``rete_placement``) or on the tracery right at the pointer's root, as on
  the Sloane and Oxford instruments, never in rows along a bar (``rete_star_names``); the
  quatrefoil's lobes and the arches are as wide as a name bar so that they can carry names.

Every block is added together with its mirror image about the colure (``rete_frame.Axis``),
so the frame is symmetric by construction; only the pointers, which follow the sky, are not.
"""

from __future__ import annotations

import math

from ..geometry.primitives import Arc, Circle, Point, circle_circle_intersections
from .rete_frame import FrameParts, ReteGeometry, arc_bar, bar, mirrored_arc, ring

#: Lobe radius of the quatrefoil in units of the lobe centres' distance from the pivot.
LOBE_RATIO = 0.8
#: Number of cusped arches hanging from the rim over the equinoctial band.
ARCHES = 5


def classic_frame(geo: ReteGeometry) -> FrameParts:
    """Rim, ecliptic band, hub, cross, quatrefoil, equinoctial band and its arches."""
    parts = FrameParts()
    for block in (geo.rim(), geo.band(), geo.hub(), cross(geo), quatrefoil(geo)):
        parts.add(block)
    band = equinoctial_band(geo)
    if band is not None:
        parts.add(arc_bar(band, geo.name_bar_mm, carries_names=True))
        parts.add(arc_bar(mirrored_arc(band, geo.axis), geo.name_bar_mm, carries_names=True))
        parts.add(arches(geo, band))
    return parts


def cross(geo: ReteGeometry) -> FrameParts:
    """The meridian bar along the colure and the equinoctial bar across it, rim to rim."""
    cx, cy = geo.center
    reach = (geo.ring_inner_mm + geo.outer_radius_mm) / 2.0
    parts = FrameParts()
    for offset in (0.0, math.pi / 2.0):
        ux, uy = geo.axis.direction(offset)
        a = (cx - ux * reach, cy - uy * reach)
        b = (cx + ux * reach, cy + uy * reach)
        parts.add(bar(a, b, geo.name_bar_mm, carries_names=True))
    return parts


def quatrefoil(geo: ReteGeometry) -> FrameParts:
    """Four ring lobes round the pivot on the cross, the one towards the tropic of Cancer
    reaching into the ecliptic band (lobe radius LOBE_RATIO x their distance q)."""
    cx, cy = geo.center
    c = geo.ecliptic.circle
    # nearest approach of the band's inner edge to the pivot (on the colure, away from E)
    near = geo.ecliptic.inner_radius_mm - math.dist(c.center, geo.center)
    # the lobes carry the names of stars marked on them or pointing from them
    w = max(1.2 * geo.min_web_mm, geo.name_bar_mm)
    named = w >= geo.name_bar_mm
    q = (near + 0.5 * w) / (1.0 + LOBE_RATIO)
    rho = LOBE_RATIO * q
    if rho - w / 2.0 <= geo.hub_radius_mm - q + geo.min_web_mm:
        return FrameParts()  # too small to read as a quatrefoil: the hub and cross carry it
    parts = FrameParts()
    for k in range(4):
        ux, uy = geo.axis.direction(k * math.pi / 2.0)
        parts.add(ring((cx + q * ux, cy + q * uy), rho - w / 2.0, rho + w / 2.0, named))
    return parts


def equinoctial_band(geo: ReteGeometry) -> Arc | None:
    """Half of the equator's arc outside the ecliptic (from the colure to just inside the
    band at the equinox), or None when the equator does not leave the ecliptic."""
    cx, cy = geo.center
    equator = Circle(cx, cy, geo.frame.equator_radius_mm)
    c = geo.ecliptic.circle
    hits = circle_circle_intersections(equator, Circle(c.cx, c.cy, c.r - 0.5))
    if len(hits) != 2:
        return None
    away = geo.axis.angle_rad + math.pi  # the colure on the side away from the ecliptic centre
    ends = sorted((equator.angle_of(p) for p in hits), key=lambda t: _turn(t - away))
    t_end = ends[-1]  # the equinox on the counter-clockwise side of "away"
    return Arc(cx, cy, equator.r, away, _turn(t_end - away))


def arches(geo: ReteGeometry, band: Arc) -> FrameParts:
    """Pointed cusped arches: rings centred on the rim's inner edge, reaching down over the
    equinoctial band; ARCHES of them, symmetric about the colure, neighbours intersecting so
    that their inner edges meet in cusps."""
    cx, cy = geo.center
    r_rim = geo.ring_inner_mm
    rho = r_rim - band.r + 0.5 * geo.name_bar_mm
    if rho < 3.0 * geo.min_web_mm:
        return FrameParts()
    w = max(1.2 * geo.min_web_mm, geo.name_bar_mm)
    span = abs(band.sweep_rad) * 0.8
    step = 2.0 * span / ARCHES
    parts = FrameParts()
    away = geo.axis.angle_rad + math.pi
    for k in range(ARCHES):
        t = away - span + step * (k + 0.5)
        centre: Point = (cx + r_rim * math.cos(t), cy + r_rim * math.sin(t))
        parts.add(_inner_half_ring(centre, (cx, cy), rho, w))
    return parts


def _inner_half_ring(centre: Point, pivot: Point, rho: float, width: float) -> FrameParts:
    """The half of a ring (radius rho about ``centre``) that faces the pivot, as an arc bar
    (the other half would lie in the rim anyway)."""
    t_in = math.atan2(pivot[1] - centre[1], pivot[0] - centre[0])
    arc = Arc(centre[0], centre[1], rho, t_in - math.pi / 2.0 - 0.3, math.pi + 0.6)
    return arc_bar(arc, width, carries_names=True)


def _turn(t_rad: float) -> float:
    """An angle taken into (-pi, pi]."""
    return math.atan2(math.sin(t_rad), math.cos(t_rad))
