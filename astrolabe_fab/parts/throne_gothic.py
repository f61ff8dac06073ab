"""A throne of the period: lobed and cusped, with the turet and the ring, one exact contour.

Chaucer, Treatise on the Astrolabe, Part I §1-2: "Thyn Astrolabie hath a ring to putten on the
thoumbe of thy right hand ... This ring renneth in a maner turet, fast to the moder of thyn
Astrolabie"; Skeat's notes: the ring is the *armilla suspensoria*, the turet "an eye or a
swivel", fastened to the loop of the throne (*ansa*, *armilla reflexa*). On 14th-century
European instruments (e.g. the "Chaucer" astrolabe of 1326 in the British Museum) the throne
is a low Gothic crest of lobes between cusps.

Cut from one sheet, the three become one outline: on the disc, a central lobe between two
smaller side lobes (the crest), above it a bead (the turet), and on top the ring, whose opening
is the hanging hole. Every piece is a circle traversed on its outer side, and each two that
follow one another are joined by a concave fillet tangent to both from outside (the cusps):
the centre F of the fillet of radius f between circles A and B satisfies |F - A| = rA + f and
|F - B| = rB + f (intersection of two circles; of its two solutions the one outside every
other circle of the chain, on the side being traversed), and the tangent points lie on the
lines A-F and B-F. The outline is symmetric about the vertical through the pivot, as the back
needs (back.py), G1-smooth everywhere, and made of exact arcs only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..geometry.primitives import Arc, Circle, Contour, Point, circle_circle_intersections


@dataclass(frozen=True)
class Bump:
    """A convex circle of the outline and the radius of the fillet that joins it to the next."""

    circle: Circle
    fillet_mm: float


@dataclass(frozen=True)
class GothicThrone:
    """The crest, turet and ring above a disc of radius ``disc_radius_mm`` at ``center``."""

    center: Point
    disc_radius_mm: float
    lobe: Circle
    side_lobe: Circle  # the left one; the right is its mirror image
    bead: Circle
    ring: Circle
    hole_radius_mm: float
    fillets_mm: tuple[float, float, float, float]  # disc-side, side-lobe, lobe-bead, bead-ring

    @property
    def hole(self) -> Circle:
        """The hanging hole: the opening of the ring."""
        return Circle(self.ring.cx, self.ring.cy, self.hole_radius_mm)

    @property
    def top_mm(self) -> float:
        """Page y of the highest point of the outline (the top of the ring)."""
        return self.ring.cy - self.ring.r

    def chain(self) -> list[Bump]:
        """The circles of the outline in order (clockwise on the page, from the disc)."""
        cx = self.center[0]
        right = Circle(2.0 * cx - self.side_lobe.cx, self.side_lobe.cy, self.side_lobe.r)
        f_disc, f_side, f_bead, f_ring = self.fillets_mm
        disc = Circle(*self.center, self.disc_radius_mm)
        return [
            Bump(disc, f_disc),
            Bump(self.side_lobe, f_side),
            Bump(self.lobe, f_bead),
            Bump(self.bead, f_ring),
            Bump(self.ring, f_ring),
            Bump(self.bead, f_bead),
            Bump(self.lobe, f_side),
            Bump(right, f_disc),
        ]


def gothic_throne_for(center: Point, disc_radius_mm: float) -> GothicThrone:
    """Proportions, with L = max(6 mm, 8 % of R) as the plain throne's lobe: central lobe
    0.8 L centred 0.25 L above the rim; side lobes 0.5 L with their centres 0.15 L outside the
    rim, beside the central lobe; turet 0.38 L; ring around the hanging hole (2.5 % of R, at
    least 1.6 mm) with a band of 0.45 L (at least 2.5 mm)."""
    cx, cy = center
    r = disc_radius_mm
    unit = max(6.0, 0.08 * r)
    hole_r = max(1.6, 0.025 * r)
    lobe = Circle(cx, cy - r - 0.25 * unit, 0.8 * unit)
    side_r = 0.5 * unit
    dx = lobe.r + 0.55 * side_r
    side_c = (cx - dx, cy - math.sqrt((r + 0.15 * unit) ** 2 - dx * dx))
    bead = Circle(cx, lobe.cy - lobe.r - 0.2 * unit, 0.38 * unit)
    ring_r = hole_r + max(2.5, 0.45 * unit)
    ring = Circle(cx, bead.cy - bead.r - 0.6 * ring_r, ring_r)
    fillets = (0.6 * side_r, 0.25 * side_r, 0.3 * bead.r, 0.35 * bead.r)
    return GothicThrone(center, r, lobe, Circle(*side_c, side_r), bead, ring, hole_r, fillets)


def _inside_any(p: Point, circles: list[Circle]) -> bool:
    return any(math.dist(p, (c.cx, c.cy)) < c.r - 1e-9 for c in circles)


def _fillet(a: Circle, b: Circle, f: float, left: bool, throne: GothicThrone) -> Circle:
    """The fillet circle of radius f tangent to a and b from outside (module doc): of the two
    candidates, one outside every circle of the chain, on the side of the axis being traversed
    (``left``), the farther from the pivot if both are."""
    chain = [bump.circle for bump in throne.chain()]
    found = circle_circle_intersections(Circle(a.cx, a.cy, a.r + f), Circle(b.cx, b.cy, b.r + f))
    free = [p for p in found if not _inside_any(p, chain)]
    axis_x = throne.center[0]
    sided = [p for p in free if (p[0] < axis_x) == left] or free
    if not sided:
        raise ValueError("the throne's fillet meets no free notch")
    p = max(sided, key=lambda q: math.dist(q, throne.center))
    return Circle(p[0], p[1], f)


def _toward(a: Circle, b: Point) -> Point:
    """The point of circle a on the line from its centre to b."""
    d = math.dist((a.cx, a.cy), b)
    return (a.cx + (b[0] - a.cx) * a.r / d, a.cy + (b[1] - a.cy) * a.r / d)


def _angle(c: Circle, p: Point) -> float:
    return math.atan2(p[1] - c.cy, p[0] - c.cx)


def gothic_outline(throne: GothicThrone) -> Contour:
    """Disc, side lobe, lobe, turet, ring, and back down the other side: one closed contour,
    clockwise on the page (convex arcs sweep positive, fillets negative)."""
    chain = throne.chain()
    n = len(chain)
    half = n // 2  # the ring is chain[half]: the fillets before it lie left of the axis
    fillets = [
        _fillet(chain[i].circle, chain[(i + 1) % n].circle, chain[i].fillet_mm, i < half, throne)
        for i in range(n)
    ]
    pieces: list[Arc] = []
    for i in range(n):
        c, f, nxt = chain[i].circle, fillets[i], chain[(i + 1) % n].circle
        entry = _toward(c, (fillets[i - 1].cx, fillets[i - 1].cy))
        leave = _toward(c, (f.cx, f.cy))
        a0, a1 = _angle(c, entry), _angle(c, leave)
        pieces.append(Arc(c.cx, c.cy, c.r, a0, (a1 - a0) % (2.0 * math.pi)))
        b0, b1 = _angle(f, leave), _angle(f, _toward(nxt, (f.cx, f.cy)))
        pieces.append(Arc(f.cx, f.cy, f.r, b0, -((b0 - b1) % (2.0 * math.pi))))
    return Contour(tuple(pieces))
