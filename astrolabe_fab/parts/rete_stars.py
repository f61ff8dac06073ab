"""Stars on the rete: where each tip goes, and the pointers of the cut-out style.

A star of mean place (RA a, Dec d) at the epoch (``astro.stars.star_ra_dec``) is drawn, with the
rete at LST 0 h, at hour angle H = -a (SPEC §1): ``Frame.sky_to_plane(-15 a, d)``.

Cut-out pointers are chosen greedily, brightest star first. For a star lying in an opening, rays
are cast from its tip every 10°; along a ray the pointer is a stem of constant width (wide enough
to carry the engraved name) ending in a short triangular tip, running back to the first solid
element the ray meets. A direction is acceptable when the stem is long enough for the name, stays
``min_web`` clear of other pointers and of other stars' tips, and its free part stays clear of the
structure; the cheapest acceptable direction (short, and close to horizontal so the name reads
easily) wins. A star with no acceptable direction is left out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import Point as ShPoint
from shapely.geometry import Polygon

from ..astro.stars import Star, star_ra_dec
from ..geometry.primitives import Line, Point
from ..geometry.projection import Frame
from ..text import TextBox, place_text, text_width_mm


def star_tip(frame: Frame, ra_h: float, dec_deg: float) -> Point:
    """Plane position of a star with the rete at LST 0 h (H = -RA)."""
    return frame.sky_to_plane(-15.0 * ra_h, dec_deg)


@dataclass(frozen=True)
class StarPlace:
    """A star of the epoch and its tip on the rete."""

    star: Star
    ra_h: float
    dec_deg: float
    tip: Point


def star_places(frame: Frame, stars: list[Star], epoch_year: float) -> list[StarPlace]:
    out = []
    for star in stars:
        ra_h, dec_deg = star_ra_dec(star, epoch_year)
        out.append(StarPlace(star, ra_h, dec_deg, star_tip(frame, ra_h, dec_deg)))
    return out


@dataclass(frozen=True)
class Pointer:
    """A cut-out pointer: its polygon, its exact straight edges, and the engraved name."""

    place: StarPlace
    polygon: Polygon
    edges: tuple[Line, ...]
    label: TextBox
    direction_deg: float
    length_mm: float
    visible: Polygon | None = None


@dataclass(frozen=True)
class PointerStyle:
    """Sizes of the pointers (mm)."""

    cap_height_mm: float
    width_mm: float
    tip_length_mm: float
    clearance_mm: float
    max_length_mm: float
    end_pad_mm: float


def pointer_style(cap_height_mm: float, min_web_mm: float, radius_mm: float) -> PointerStyle:
    """Stem as wide as the name plus margins (at least 1.3 min-web), tip 1.7 stem widths long."""
    cap = 0.78 * cap_height_mm
    width = max(cap + 2.0 * max(0.35, 0.22 * cap), 1.3 * min_web_mm)
    return PointerStyle(
        cap_height_mm=cap,
        width_mm=width,
        tip_length_mm=1.7 * width,
        clearance_mm=max(min_web_mm, 0.6 * width),
        max_length_mm=0.42 * radius_mm,
        end_pad_mm=0.6 * width,
    )


def _pointer_polygon(
    tip: Point, ux: float, uy: float, length: float, style: PointerStyle, overlap: float = 3.0
) -> tuple[Polygon, tuple[Line, ...]]:
    """Tip triangle + stem from the tip along (ux, uy) to ``length`` + 3 widths into the base
    (the part that would come out on the far side is dropped by ``_attached_part``)."""
    nx, ny = -uy * style.width_mm / 2.0, ux * style.width_mm / 2.0
    t = style.tip_length_mm
    end = length + overlap * style.width_mm
    b = (tip[0] + ux * t, tip[1] + uy * t)
    e = (tip[0] + ux * end, tip[1] + uy * end)
    bl, br = (b[0] + nx, b[1] + ny), (b[0] - nx, b[1] - ny)
    el, er = (e[0] + nx, e[1] + ny), (e[0] - nx, e[1] - ny)
    poly = Polygon([tip, bl, el, er, br])
    edges = (
        Line.through(tip, bl),
        Line.through(tip, br),
        Line.through(bl, el),
        Line.through(br, er),
        Line.through(el, er),
    )
    return poly, edges


def _attached_part(
    poly: Polygon, base: shapely.Geometry, tip: Point
) -> tuple[Polygon, Polygon] | None:
    """The pointer as it will be cut: the part outside the structure that holds the tip, plus
    its overlap with the structure (and the outside part alone); an end that would poke out
    through a thin element on the far side is dropped."""
    outside = poly.difference(base)
    parts = list(getattr(outside, "geoms", [outside]))
    tip_pt = ShPoint(tip)
    held = [g for g in parts if isinstance(g, Polygon) and g.distance(tip_pt) < 1e-6]
    if not held:
        return None
    merged = held[0].union(poly.intersection(base))
    return (merged, held[0]) if isinstance(merged, Polygon) else None


@dataclass(frozen=True)
class BoundaryEdges:
    """The boundary of the solid structure as straight edges a + t e, t in [0, 1] (arrays)."""

    ax: np.ndarray
    ay: np.ndarray
    ex: np.ndarray
    ey: np.ndarray

    @staticmethod
    def of(geometry: shapely.Geometry) -> BoundaryEdges:
        rings = shapely.get_parts(shapely.boundary(geometry))
        xy, ring = shapely.get_coordinates(rings, return_index=True)
        same = ring[1:] == ring[:-1]
        a, b = xy[:-1][same], xy[1:][same]
        return BoundaryEdges(a[:, 0], a[:, 1], b[:, 0] - a[:, 0], b[:, 1] - a[:, 1])


#: Slack on the edge parameter t of a ray hit (rounding at shared vertices).
T_SLACK = 1e-9


def first_hits_mm(
    tip: Point, ux: np.ndarray, uy: np.ndarray, reach_mm: float, edges: BoundaryEdges
) -> np.ndarray:
    """Distance along each ray tip + s u (0 <= s <= reach) to the first boundary edge it meets
    (inf when none): with w = a - tip and c(p, q) = p_x q_y - p_y q_x, the ray meets an edge at
    s = c(w, e) / c(u, e) when t = c(w, u) / c(u, e) lies in [0, 1]. Edges wholly outside the
    square of half-side ``reach_mm`` round the tip cannot be met and are skipped."""
    ax, ay, ex, ey = edges.ax, edges.ay, edges.ex, edges.ey
    near = (
        (np.minimum(ax, ax + ex) <= tip[0] + reach_mm)
        & (np.maximum(ax, ax + ex) >= tip[0] - reach_mm)
        & (np.minimum(ay, ay + ey) <= tip[1] + reach_mm)
        & (np.maximum(ay, ay + ey) >= tip[1] - reach_mm)
    )
    ax, ay, ex, ey = ax[near], ay[near], ex[near], ey[near]
    wx = ax - tip[0]
    wy = ay - tip[1]
    ux_, uy_ = ux[:, None], uy[:, None]
    denom = ux_ * ey - uy_ * ex
    with np.errstate(divide="ignore", invalid="ignore"):
        s = (wx * ey - wy * ex) / denom
        t = (wx * uy_ - wy * ux_) / denom
    # a small slack on t: a ray through a vertex meets both edges there, not neither
    ok = (denom != 0.0) & (s >= 0.0) & (s <= reach_mm) & (t >= -T_SLACK) & (t <= 1.0 + T_SLACK)
    return np.where(ok, s, np.inf).min(axis=1, initial=np.inf)


#: Pointer costs (mm) are compared to this many decimals.
COST_DECIMALS = 6
#: Directions tried for a pointer, from the star's tip: every 10 degrees.
RAY_ANGLES_RAD = np.radians(10.0 * np.arange(36))
RAY_UX, RAY_UY = np.cos(RAY_ANGLES_RAD), np.sin(RAY_ANGLES_RAD)
#: The cost of a direction per mm of pointer: 1 + 0.8 |sin theta| (horizontal reads best).
RAY_COST_PER_MM = 1.0 + 0.8 * np.abs(RAY_UY)


def _best_pointer(
    place: StarPlace,
    base: shapely.Geometry,
    boundary: BoundaryEdges,
    style: PointerStyle,
    placed_polys: list[Polygon],
    placed_tips: list[ShPoint],
) -> Pointer | None:
    """The cheapest acceptable pointer for one star (module docstring), or None.

    A direction's cost, length x (1 + 0.8 |sin theta|), is known from the ray cast alone, so
    directions are tried cheapest first and the first acceptable wins. Costs are compared to
    1 nm (COST_DECIMALS): mirror-image directions that meet the same edge at the same distance
    tie exactly, and the smaller angle wins, not the last digit of a rounding error.
    """
    tip = place.tip
    name = place.star.name
    text_len = text_width_mm(name, style.cap_height_mm)
    need = style.tip_length_mm + text_len + 2.0 * style.end_pad_mm
    hits = first_hits_mm(tip, RAY_UX, RAY_UY, style.max_length_mm, boundary)
    costs = hits * RAY_COST_PER_MM
    others = placed_polys + placed_tips
    usable = [k for k in range(len(RAY_ANGLES_RAD)) if math.isfinite(hits[k]) and hits[k] >= need]
    for k in sorted(usable, key=lambda k: (round(float(costs[k]), COST_DECIMALS), k)):
        theta = float(RAY_ANGLES_RAD[k])
        ux, uy = math.cos(theta), math.sin(theta)
        d = float(hits[k])
        poly, edges = _pointer_polygon(tip, ux, uy, d, style)
        attached = _attached_part(poly, base, tip)
        if attached is None:
            continue
        poly, visible = attached
        free, _ = _pointer_polygon(tip, ux, uy, d - 1.5 * style.width_mm, style, 0.0)
        if free.distance(base) < 0.5 * style.clearance_mm:
            continue
        if others and min(shapely.distance(others, visible)) < style.clearance_mm:
            continue
        mid = style.tip_length_mm + style.end_pad_mm + text_len / 2.0 + (d - need) / 2.0
        anchor = (tip[0] + ux * mid, tip[1] + uy * mid)
        rotation = math.degrees(theta)
        if 90.0 < rotation < 270.0:
            rotation -= 180.0
        label = place_text(name, anchor, style.cap_height_mm, rotation_deg=rotation)
        return Pointer(place, poly, edges, label, math.degrees(theta), d, visible)
    return None


def place_pointers(
    places: list[StarPlace],
    base: shapely.Geometry,
    style: PointerStyle,
    allowed: shapely.Geometry,
) -> list[Pointer]:
    """Greedy pointer layout (module docstring); ``allowed`` is where tips may lie."""
    placed: list[Pointer] = []
    placed_polys: list[Polygon] = []
    placed_tips: list[ShPoint] = []
    shapely.prepare(base)
    boundary = BoundaryEdges.of(base)
    for place in places:
        tip = place.tip
        tip_pt = ShPoint(tip)
        if not allowed.contains(tip_pt) or base.distance(tip_pt) < 0.5 * style.width_mm:
            continue
        if placed_polys and min(shapely.distance(placed_polys, tip_pt)) < style.clearance_mm:
            continue
        pointer = _best_pointer(place, base, boundary, style, placed_polys, placed_tips)
        if pointer is None:
            continue
        placed.append(pointer)
        placed_polys.append(pointer.visible or pointer.polygon)
        placed_tips.append(tip_pt)
    return placed
