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

import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry import Point as ShPoint

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


def _first_hit(tip: Point, ux: float, uy: float, reach: float, base: shapely.Geometry) -> float:
    ray = LineString([tip, (tip[0] + ux * reach, tip[1] + uy * reach)])
    hit = ray.intersection(base)
    if hit.is_empty:
        return math.inf
    coords = shapely.get_coordinates(hit)
    return min(math.dist(tip, (float(x), float(y))) for x, y in coords)


def place_pointers(
    places: list[StarPlace],
    base: shapely.Geometry,
    style: PointerStyle,
    allowed: shapely.Geometry,
) -> list[Pointer]:
    """Greedy pointer layout (module docstring); ``allowed`` is where tips may lie."""
    placed: list[Pointer] = []
    placed_polys: list[Polygon] = []
    placed_tips: list[Point] = []
    prepared_base = base
    shapely.prepare(prepared_base)
    for place in places:
        tip = place.tip
        tip_pt = ShPoint(tip)
        if not allowed.contains(tip_pt) or base.distance(tip_pt) < 0.5 * style.width_mm:
            continue
        if any(p.distance(tip_pt) < style.clearance_mm for p in placed_polys):
            continue
        name = place.star.name
        text_len = text_width_mm(name, style.cap_height_mm)
        need = style.tip_length_mm + text_len + 2.0 * style.end_pad_mm
        best: tuple[float, Pointer] | None = None
        for k in range(36):
            theta = math.radians(10.0 * k)
            ux, uy = math.cos(theta), math.sin(theta)
            d = _first_hit(tip, ux, uy, style.max_length_mm, base)
            if not math.isfinite(d) or d < need:
                continue
            poly, edges = _pointer_polygon(tip, ux, uy, d, style)
            attached = _attached_part(poly, base, tip)
            if attached is None:
                continue
            poly, visible = attached
            free, _ = _pointer_polygon(tip, ux, uy, d - 1.5 * style.width_mm, style, 0.0)
            if free.distance(base) < 0.5 * style.clearance_mm:
                continue
            if any(visible.distance(o) < style.clearance_mm for o in placed_polys):
                continue
            if any(visible.distance(ShPoint(t)) < style.clearance_mm for t in placed_tips):
                continue
            cost = d * (1.0 + 0.8 * abs(math.sin(theta)))
            if best is not None and cost >= best[0]:
                continue
            mid = style.tip_length_mm + style.end_pad_mm + text_len / 2.0
            mid += (d - need) / 2.0
            anchor = (tip[0] + ux * mid, tip[1] + uy * mid)
            rotation = math.degrees(theta)
            if 90.0 < rotation < 270.0:
                rotation -= 180.0
            label = place_text(name, anchor, style.cap_height_mm, rotation_deg=rotation)
            best = (
                cost,
                Pointer(place, poly, edges, label, math.degrees(theta), d, visible),
            )
        if best is None:
            continue
        pointer = best[1]
        placed.append(pointer)
        placed_polys.append(pointer.visible or pointer.polygon)
        placed_tips.append(tip)
    return placed
