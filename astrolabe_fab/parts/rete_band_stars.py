"""Stars lying on the ecliptic band, and the engraved star mark used wherever a star sits on
material.

A star on the band is marked exactly: an engraved four-pointed mark centred on the star, or,
on a cut-out rete where the star is too near the band's edge for a mark, a round notch centred
on the star. Its name goes into the band's sign zone (or beside the mark when the mark is in
that zone), clear of every other label, of every other star on the band and of the
sign-boundary ticks. A star whose name finds no room on the band keeps its notch (its name is
reported as left out); with a mark, a cut-out rete leaves it to the frame, which marks it the
same way and names it along a bar; a transparent rete keeps the mark and reports the name.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from shapely.geometry import LineString, Polygon
from shapely.geometry import Point as ShPoint

from ..geometry.primitives import Circle, FilledPolygon, OutsideBox, Point
from ..text import TextBox, place_text, tangent_rotation_deg, text_width_mm
from .labels import Labels
from .rete_ecliptic import EclipticRing
from .rete_stars import StarPlace

#: Name size on the band, in label cap heights.
BAND_NAME_SCALE = 0.62
#: A pad's radius beyond its star mark's half size, mm (``rete_cutout``).
PAD_MARGIN_MM = 0.6


@dataclass(frozen=True)
class BandStar:
    """A star on the ecliptic band: its mark or notch, its name (None when it found no room)
    and the boxes lines must stay out of."""

    place: StarPlace
    mark: FilledPolygon | None
    notch: Circle | None
    label: TextBox | None
    keepouts: tuple[OutsideBox, ...]


@dataclass(frozen=True)
class BandRules:
    """What the band-star search needs to know about the rete."""

    ring: EclipticRing
    cap_height_mm: float
    allow_notch: bool
    min_web_mm: float
    reach_mm: float
    notch_ok: Callable[[Circle], bool]
    name_of: Callable[[str], str]
    #: how far a name may lie from its star (``rete_star_names``), mm; 0 for no limit
    name_reach_mm: float = 0.0


def star_mark(p: Point, size_mm: float) -> FilledPolygon:
    """A four-pointed filled star centred exactly on the star's place."""
    pts = []
    for k in range(8):
        r = size_mm / 2.0 if k % 2 == 0 else size_mm / 7.0
        t = math.radians(45.0 * k - 90.0)
        pts.append((p[0] + r * math.cos(t), p[1] + r * math.sin(t)))
    return FilledPolygon((tuple(pts),))


def mark_size_mm(place: StarPlace, cap_height_mm: float) -> float:
    """Size of the engraved mark of a star on material, brighter = larger (mm)."""
    mag = place.star.vmag if place.star.vmag is not None else 3.0
    return cap_height_mm * (0.95 - 0.12 * max(-1.0, min(3.0, mag)))


def square(p: Point, half: float) -> OutsideBox:
    """The outside of a square of half-side ``half`` round p."""
    return OutsideBox(
        (
            (p[0] - half, p[1] - half),
            (p[0] + half, p[1] - half),
            (p[0] + half, p[1] + half),
            (p[0] - half, p[1] + half),
        )
    )


def box_keepout(box: TextBox, gap: float = 0.25) -> OutsideBox:
    """The label's box grown by ``gap`` on every side (lines stop there)."""
    c0, c1, _, c3 = box.corners
    w, h = math.dist(c0, c1), math.dist(c0, c3)
    e1 = ((c1[0] - c0[0]) / w, (c1[1] - c0[1]) / w)
    e2 = ((c3[0] - c0[0]) / h, (c3[1] - c0[1]) / h)
    mx, my = box.center
    a, b = w / 2.0 + gap, h / 2.0 + gap
    return OutsideBox(
        tuple(  # type: ignore[arg-type]
            (mx + sa * a * e1[0] + sb * b * e2[0], my + sa * a * e1[1] + sb * b * e2[1])
            for sa, sb in ((-1, -1), (1, -1), (1, 1), (-1, 1))
        )
    )


def marks_on_band(
    places: list[StarPlace], ring: EclipticRing, cap_height_mm: float
) -> list[tuple[StarPlace, float]]:
    """Every star whose mark (with its pad) may touch the band, with that mark's reach (mm):
    a band star's mark or notch, or the mark on the frame of one the band could not take."""
    out = []
    c = ring.circle
    for place in places:
        reach = mark_size_mm(place, cap_height_mm) / 2.0 + PAD_MARGIN_MM
        rho = math.dist(place.tip, c.center)
        if ring.inner_radius_mm - reach < rho < c.r + reach:
            out.append((place, reach))
    return out


def band_stars(places: list[StarPlace], rules: BandRules, labels: Labels) -> list[BandStar]:
    """Stars on the ecliptic band, in the given order (module docstring). A name keeps off
    the place of every other star on the band, taken or not (an untaken one is marked later
    on the frame)."""
    out: list[BandStar] = []
    taken: list[Polygon] = []
    boundaries = _sign_boundaries(rules.ring)
    marks = marks_on_band(places, rules.ring, rules.cap_height_mm)
    for place in places:
        marked = _mark_or_notch(place, rules, labels, taken)
        if marked is None:
            continue
        mark, notch, body = marked
        size = mark_size_mm(place, rules.cap_height_mm)
        others = [ShPoint(p.tip).buffer(r + 0.2) for p, r in marks if p is not place]
        near = _NearOwn(place, [p.tip for p in places if p is not place], rules.name_reach_mm)
        box = _band_name(
            place, rules, labels, [*taken, *others, body.buffer(0.2)], (boundaries, near), size
        )
        if box is None and notch is None and rules.allow_notch:
            continue  # the cut-out marks it on the frame and names it on a bar (rete_cutout)
        r_keep = (notch.r if notch else size / 2.0) + 0.25
        keep = (square(place.tip, r_keep),) + ((box_keepout(box),) if box else ())
        taken.append(body)
        if box is not None:
            taken.append(Polygon(box.corners))
        out.append(BandStar(place, mark, notch, box, keep))
    return out


@dataclass(frozen=True)
class _NearOwn:
    """A band name's nearness rule (as ``rete_star_names``): within ``reach_mm`` of its star
    and nearer it than any other star's place by 0.3 mm (no limit when the reach is 0)."""

    place: StarPlace
    others: list[Point]
    reach_mm: float

    def ok(self, trial: Polygon) -> bool:
        if self.reach_mm <= 0.0:
            return True
        own = trial.distance(ShPoint(self.place.tip))
        if own > self.reach_mm:
            return False
        return all(trial.distance(ShPoint(q)) > own + 0.3 for q in self.others)


def _sign_boundaries(ring: EclipticRing) -> list[LineString]:
    return [
        LineString([t.segment.p0, t.segment.p1])
        for t in ring.longitude_ticks
        if isinstance(t.value, float) and int(t.value) % 30 == 0
    ]


def _mark_or_notch(
    place: StarPlace, rules: BandRules, labels: Labels, taken: list[Polygon]
) -> tuple[FilledPolygon | None, Circle | None, Polygon] | None:
    """The star's mark (or notch) and the area it takes, or None when it is off the band or
    has no room."""
    ring = rules.ring
    c, r_in, tip = ring.circle, ring.inner_radius_mm, place.tip
    rho = math.dist(tip, c.center)
    if not r_in - rules.reach_mm < rho < c.r + rules.reach_mm:
        return None
    size = mark_size_mm(place, rules.cap_height_mm)
    edge = min(c.r - rho, rho - r_in)
    width = c.r - r_in
    mark, notch = None, None
    if edge >= size / 2.0 + 0.45 or not rules.allow_notch:
        mark = star_mark(tip, size)
        body = ShPoint(tip).buffer(size / 2.0)
    elif edge > 0.0 and 2.0 * edge + 0.45 * size <= width / 2.0 - 0.6 * rules.min_web_mm:
        notch = Circle(tip[0], tip[1], edge + 0.45 * size)
        body = ShPoint(tip).buffer(notch.r)
        if not rules.notch_ok(notch):
            return None
    else:
        return None
    if not labels.fits(tip, size / 2.0 + 0.2) or any(body.intersects(t) for t in taken):
        return None
    return mark, notch, body


def _name_anchors(
    place: StarPlace, rules: BandRules, name_width: float, size: float
) -> list[Point]:
    """Candidate anchors of the name: in the sign zone when the mark is in the calendar or
    degree zone, else beside the mark along the band."""
    ring = rules.ring
    c, tip = ring.circle, place.tip
    z2 = ring.sign_zone_outer_mm
    rho = math.dist(tip, c.center)
    phi = math.atan2(tip[1] - c.cy, tip[0] - c.cx)
    if rho > z2:
        radius = (z2 + ring.inner_radius_mm) / 2.0
        offsets = [0.0] + [s * k * 1.2 for k in range(1, 9) for s in (1.0, -1.0)]
    else:
        radius = rho
        base = size / 2.0 + 0.45 + name_width / 2.0
        offsets = [s * (base + k * 1.0) for k in range(5) for s in (1.0, -1.0)]
    return [
        (c.cx + radius * math.cos(phi + off / radius), c.cy + radius * math.sin(phi + off / radius))
        for off in offsets
    ]


def _band_name(
    place: StarPlace,
    rules: BandRules,
    labels: Labels,
    taken: list[Polygon],
    rules_of_place: tuple[list[LineString], _NearOwn],
    size: float,
) -> TextBox | None:
    """The first anchor whose name crosses no sign boundary, mark or other label, and lies
    near its own star (``_NearOwn``)."""
    boundaries, near = rules_of_place
    name = rules.name_of(place.star.name)
    cap = BAND_NAME_SCALE * rules.cap_height_mm
    width = text_width_mm(name, cap)
    for anchor in _name_anchors(place, rules, width, size):
        rotation = tangent_rotation_deg(rules.ring.circle.center, anchor)
        trial = Polygon(place_text(name, anchor, cap, rotation_deg=rotation).corners)
        if any(trial.intersects(line) for line in boundaries):
            continue
        if any(trial.intersects(t) for t in taken) or not near.ok(trial):
            continue
        box = labels.place(
            name, anchor, rotation_deg=rotation, scale=BAND_NAME_SCALE, keepout=False
        )
        if box is not None:
            return box
    return None
