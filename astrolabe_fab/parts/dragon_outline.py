"""The modern dragon's outline: one exact contour of arcs and segments (no sampling).

The pointer is a bar through the pivot with a round hub. At each end sits a *limit plate*,
an annular sector about the pivot that carries the engraved limits, and the head's plate has
a tapered tongue ending in a round nose. Everything is built in a local frame of one end:
u outward along the end's axis, v to its right (as drawn on the page). A bearing b about a
local centre names the point (u, v) = centre + r (cos b, sin b). The page frame turns that
frame to the end's page bearing beta (0 = up). The outline runs clockwise on the page: the
head, down the right edge of the bar round the hub, the tail, and back up the left edge.

Every convex corner is rounded with a radius of at least half the minimum web, so an opening
by a disc of the minimum web leaves the part unchanged. The nose radius is at least half the
web too. Concave corners (bar into plate, tongue into plate) need no rounding.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..geometry.primitives import Arc, Contour, Point, Segment

Local = tuple[float, float]


@dataclass(frozen=True)
class EndShape:
    """One end of the pointer, in mm and degrees about the pivot."""

    r_in: float  # inner edge of the limit plate
    r_out: float  # outer edge of the limit plate
    half_angle_deg: float  # the plate spans bearings -half_angle .. +half_angle
    fillet_mm: float  # radius of the plate's four convex corners
    nose_r: float | None = None  # distance of the nose's tip from the pivot (head only)
    nose_radius_mm: float = 0.0
    tongue_half_width_mm: float = 0.0  # half-width of the tongue where it leaves the plate


@dataclass(frozen=True)
class PointerShape:
    """The whole pointer: bar half-width, hub radius, the two ends."""

    center: Point
    bar_half_width_mm: float
    hub_radius_mm: float
    head: EndShape
    tail: EndShape


@dataclass(frozen=True)
class _Arc:
    """An arc in a local frame: centre (u, v), radius, start bearing and sweep (degrees)."""

    cu: float
    cv: float
    r: float
    b0: float
    sweep: float

    def at(self, b: float) -> Local:
        return (
            self.cu + self.r * math.cos(math.radians(b)),
            self.cv + self.r * math.sin(math.radians(b)),
        )

    @property
    def start(self) -> Local:
        return self.at(self.b0)

    @property
    def end(self) -> Local:
        return self.at(self.b0 + self.sweep)

    def mirrored(self) -> _Arc:
        return _Arc(self.cu, -self.cv, self.r, -self.b0, -self.sweep)

    def reversed(self) -> _Arc:
        return _Arc(self.cu, self.cv, self.r, self.b0 + self.sweep, -self.sweep)


@dataclass(frozen=True)
class _Seg:
    p0: Local
    p1: Local

    @property
    def start(self) -> Local:
        return self.p0

    @property
    def end(self) -> Local:
        return self.p1

    def mirrored(self) -> _Seg:
        return _Seg((self.p0[0], -self.p0[1]), (self.p1[0], -self.p1[1]))

    def reversed(self) -> _Seg:
        return _Seg(self.p1, self.p0)


Piece = _Arc | _Seg


def polar(b_deg: float, r: float) -> Local:
    """Local point at bearing b about the pivot."""
    return (r * math.cos(math.radians(b_deg)), r * math.sin(math.radians(b_deg)))


def _right_side(end: EndShape, half_bar: float) -> list[Piece]:
    """From the top of the right side (tongue or plate centre) down to the bar's right edge:
    outer arc, outer fillet, radial edge, inner fillet, inner arc (see module doc)."""
    phi, f = end.half_angle_deg, end.fillet_mm
    d_out = math.degrees(math.asin(f / (end.r_out - f)))
    d_in = math.degrees(math.asin(f / (end.r_in + f)))
    fo = polar(phi - d_out, end.r_out - f)
    fi = polar(phi - d_in, end.r_in + f)
    pieces: list[Piece] = []
    b_top = 0.0
    if end.nose_r is not None:
        b_top = math.degrees(math.asin(end.tongue_half_width_mm / end.r_out))
        tangent = _nose_tangent(end)
        pieces.append(_Seg(tangent, polar(b_top, end.r_out)))
    pieces.append(_Arc(0.0, 0.0, end.r_out, b_top, phi - d_out - b_top))
    pieces.append(_Arc(fo[0], fo[1], f, phi - d_out, 90.0 + d_out))
    pieces.append(
        _Seg(polar(phi, (end.r_out - f) * math.cos(math.radians(d_out))), polar(phi, fi_r(end)))
    )
    pieces.append(_Arc(fi[0], fi[1], f, phi + 90.0, 90.0 - d_in))
    b_bar = math.degrees(math.asin(half_bar / end.r_in))
    pieces.append(_Arc(0.0, 0.0, end.r_in, phi - d_in, b_bar - (phi - d_in)))
    return pieces


def fi_r(end: EndShape) -> float:
    """Distance from the pivot where the inner fillet meets the plate's radial edge."""
    d_in = math.degrees(math.asin(end.fillet_mm / (end.r_in + end.fillet_mm)))
    return (end.r_in + end.fillet_mm) * math.cos(math.radians(d_in))


def _nose_center(end: EndShape) -> Local:
    assert end.nose_r is not None
    return (end.nose_r - end.nose_radius_mm, 0.0)


def _nose_tangent_bearing(end: EndShape) -> float:
    """Bearing about the nose centre of the right tongue edge's tangent point: phi - acos(rho
    / D), phi and D the bearing and distance of the tongue's base corner from that centre."""
    cu, _ = _nose_center(end)
    base = polar(math.degrees(math.asin(end.tongue_half_width_mm / end.r_out)), end.r_out)
    du, dv = base[0] - cu, base[1]
    dist = math.hypot(du, dv)
    phi = math.degrees(math.atan2(dv, du))
    return phi - math.degrees(math.acos(end.nose_radius_mm / dist))


def _nose_tangent(end: EndShape) -> Local:
    cu, _ = _nose_center(end)
    g = math.radians(_nose_tangent_bearing(end))
    return (cu + end.nose_radius_mm * math.cos(g), end.nose_radius_mm * math.sin(g))


def end_chain(end: EndShape, half_bar: float) -> list[Piece]:
    """One end, from the bar's left edge round the plate (and nose) to its right edge."""
    right = _right_side(end, half_bar)
    left = [p.mirrored().reversed() for p in reversed(right)]
    if end.nose_r is None:  # the two halves of the outer arc become one
        top_left, top_right = left.pop(), right.pop(0)
        assert isinstance(top_left, _Arc) and isinstance(top_right, _Arc)
        merged = _Arc(0.0, 0.0, top_left.r, top_left.b0, top_left.sweep + top_right.sweep)
        return [*left, merged, *right]
    g = _nose_tangent_bearing(end)
    cu, _ = _nose_center(end)
    nose = _Arc(cu, 0.0, end.nose_radius_mm, -g, 2.0 * g)
    return [*left, nose, *right]


def _to_page(piece: Piece, center: Point, beta_deg: float) -> Arc | Segment:
    """Local frame of an end at page bearing beta -> page primitives (bearing b about a local
    centre is page bearing beta + b; page angle t = bearing - 90 deg)."""
    bx, by = math.sin(math.radians(beta_deg)), -math.cos(math.radians(beta_deg))
    px, py = math.cos(math.radians(beta_deg)), math.sin(math.radians(beta_deg))

    def page(p: Local) -> Point:
        return (center[0] + p[0] * bx + p[1] * px, center[1] + p[0] * by + p[1] * py)

    if isinstance(piece, _Seg):
        return Segment(page(piece.p0), page(piece.p1))
    c = page((piece.cu, piece.cv))
    return Arc(
        c[0], c[1], piece.r, math.radians(beta_deg + piece.b0 - 90.0), math.radians(piece.sweep)
    )


def pointer_contour(shape: PointerShape) -> Contour:
    """The closed outline, clockwise on the page, head up (see module doc)."""
    c, hw = shape.center, shape.bar_half_width_mm
    pieces: list[Arc | Segment] = []
    pieces += [_to_page(p, c, 0.0) for p in end_chain(shape.head, hw)]
    pieces += _bar_side(shape, shape.head.r_in, shape.tail.r_in, right=True)
    pieces += [_to_page(p, c, 180.0) for p in end_chain(shape.tail, hw)]
    pieces += _bar_side(shape, shape.tail.r_in, shape.head.r_in, right=False)
    return Contour(tuple(pieces))


def _bar_side(shape: PointerShape, r_from: float, r_to: float, right: bool) -> list[Arc | Segment]:
    """One long edge of the bar, bulging round the hub when the hub is wider than the bar."""
    cx, cy = shape.center
    hw, hb = shape.bar_half_width_mm, shape.hub_radius_mm
    s = 1.0 if right else -1.0  # right edge runs down the page, left edge up
    x = cx + s * hw
    y_from = cy - s * math.sqrt(r_from**2 - hw**2)
    y_to = cy + s * math.sqrt(r_to**2 - hw**2)
    if hb <= hw:
        return [Segment((x, y_from), (x, y_to))]
    yh = math.sqrt(hb * hb - hw * hw)
    a = math.degrees(math.asin(hw / hb))  # bearing of the bar edge on the hub
    start_b = a if right else 180.0 + a
    return [
        Segment((x, y_from), (x, cy - s * yh)),
        Arc(cx, cy, hb, math.radians(start_b - 90.0), math.radians(180.0 - 2.0 * a)),
        Segment((x, cy + s * yh), (x, y_to)),
    ]
