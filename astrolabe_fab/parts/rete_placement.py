"""Where each star's pointer goes: a greedy search, canon stars first, brightest first.

For a star lying in an opening, rays are cast from its tip every 10° (``rete_stars``); along a
ray the pointer (``rete_pointer_shapes``) runs back to the first solid element the ray meets.
A direction is acceptable when the pointer is long enough (for a stem: to carry the name),
stays ``clearance`` clear of other pointers and of other stars' tips, and its free part stays
clear of the structure; the cheapest acceptable direction wins. Stems cost length x
(1 + 0.8 |sin theta|) (horizontal names read best), daggers their length.

Classic daggers are placed first (so the stars shown do not depend on their names); each is then
replaced, where one fits under the same rules, by a flame (a fuller dagger, ``FLAME_FULLNESS``)
long enough that its name fits on its body (``flame_holds``); ``rete_star_names`` engraves it.

A canon star (``required``) that finds no such direction is tried again once every other star
is placed, with the pointers placed so far counted as structure (a pointer may then grow from
another pointer), a clearance of one web, and no name on its body (its name goes on the frame).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry import Point as ShPoint

from ..geometry.primitives import Point
from ..text import TextBox, text_width_mm
from .glyphs import GrownGlyphs, all_within, glyph_polygons
from .rete_names import centred_text, upright
from .rete_pointer_shapes import (
    DAGGER_FULLNESS,
    FLAME_FULLNESS,
    Outline,
    PointerStyle,
    outline,
)
from .rete_solid import Generator
from .rete_stars import BoundaryEdges, StarPlace, first_hits_mm

#: Pointer costs (mm) are compared to this many decimals.
COST_DECIMALS = 6
#: Length of a flame's body per mm of its name (the name sits where the flame is wide).
FLAME_TEXT_FACTOR = 1.5
#: Longest named flame, in plain daggers' longest (long flames would unbalance the frame).
FLAME_REACH = 0.7
#: Directions tried for a pointer, from the star's tip: every 10 degrees.
RAY_ANGLES_RAD = np.radians(10.0 * np.arange(36))
RAY_UX, RAY_UY = np.cos(RAY_ANGLES_RAD), np.sin(RAY_ANGLES_RAD)


@dataclass(frozen=True)
class Pointer:
    """A placed pointer: outline as cut, exact edges, name on its body (stems) or None."""

    place: StarPlace
    polygon: Polygon
    edges: tuple[Generator, ...]
    label: TextBox | None
    direction_deg: float
    length_mm: float
    visible: Polygon
    middle: tuple[Point, ...]


@dataclass(frozen=True)
class Search:
    """One pass of the search: the structure, its boundary and the rules of the pass."""

    base: shapely.Geometry
    boundary: BoundaryEdges
    style: PointerStyle
    named: bool
    name_of: Callable[[str], str]
    bow_of: Callable[[Point], float]
    #: second pass: placed pointers are part of ``base``
    from_pointers: bool = False


def place_pointers(
    places: list[StarPlace],
    base: shapely.Geometry,
    style: PointerStyle,
    allowed: shapely.Geometry,
    required: frozenset[str],
    name_of: Callable[[str], str],
    bow_of: Callable[[Point], float],
) -> list[Pointer]:
    """Greedy pointer layout (module docstring); ``allowed`` is where tips may lie. Classic
    daggers are then made named flames where one fits (``_named_flames``)."""
    shapely.prepare(base)
    first = Search(base, BoundaryEdges.of(base), style, style.kind == "stem", name_of, bow_of)
    placed: list[Pointer] = []
    missed: list[StarPlace] = []
    for place in places:
        if not allowed.contains(ShPoint(place.tip)):
            continue
        pointer = _place_one(place, first, placed)
        if pointer is not None:
            placed.append(pointer)
        elif place.star.name in required:
            missed.append(place)
    grown = _second_pass(missed, first, placed) if missed else []
    if style.kind == "dagger":
        placed = _named_flames(placed, grown, first)
    return placed + grown


def _named_flames(placed: list[Pointer], grown: list[Pointer], first: Search) -> list[Pointer]:
    """Each dagger replaced, where one fits, by a flame long and full enough to carry its name
    (``rete_star_names`` engraves it), kept clear of every other pointer and star as in the
    first pass; daggers that a second-pass pointer grows from stay. The stars shown are the
    same as the daggers'; only their pointers change."""
    style = first.style
    flame = replace(
        style,
        width_mm=flame_width_mm(style),
        fullness=FLAME_FULLNESS,
        max_length_mm=FLAME_REACH * style.max_length_mm,
    )
    search = replace(first, style=flame, named=True)
    out = list(placed)
    for k, pointer in enumerate(out):
        if any(g.polygon.distance(pointer.visible) < 0.01 for g in grown):
            continue
        others = out[:k] + out[k + 1 :]
        better = _place_one(pointer.place, search, others, [g.visible for g in grown])
        if better is not None:
            out[k] = better
    return out


def flame_width_mm(style: PointerStyle) -> float:
    """Base width of a classic flame that carries its name: as wide as a named stem (cap +
    descender with 0.6 mm round it), at least the plain dagger's."""
    return max(style.width_mm, 1.34 * style.name_cap_mm + 1.2)


def _second_pass(missed: list[StarPlace], first: Search, placed: list[Pointer]) -> list[Pointer]:
    """Canon stars again, growing from the structure or from other pointers (module doc)."""
    mw = first.style.min_web_mm
    style = replace(
        first.style, kind="dagger", width_mm=2.2 * mw, clearance_mm=mw, fullness=DAGGER_FULLNESS
    )
    out: list[Pointer] = []
    search: Search | None = None  # the structure with the pointers so far (made anew once
    for place in missed:  # a pointer is added: until then it is the same)
        if search is None:
            base = shapely.union_all([first.base, *[p.visible for p in placed + out]])
            shapely.prepare(base)
            edges = BoundaryEdges.of(base)
            search = Search(base, edges, style, False, first.name_of, first.bow_of, True)
        pointer = _place_one(place, search, placed + out)
        if pointer is not None:
            out.append(pointer)
            search = None
    return out


def _place_one(
    place: StarPlace, search: Search, placed: list[Pointer], extra: list[Any] | None = None
) -> Pointer | None:
    """The star's pointer, kept ``clearance`` from other pointers (first pass) or grown from
    them (second pass, where they are part of the structure) and clear of other stars' tips
    (and of the ``extra`` shapes)."""
    tip_pt = ShPoint(place.tip)
    style = search.style
    if search.base.distance(tip_pt) < 0.3 or search.base.contains(tip_pt):
        return None
    others = [] if search.from_pointers else [p.visible for p in placed] + (extra or [])
    if others and min(shapely.distance(others, tip_pt)) < style.clearance_mm:
        return None
    tips = [ShPoint(p.place.tip) for p in placed]
    return _best_pointer(place, search, others + tips)


def _needed_length(name: str, search: Search) -> tuple[float, float]:
    """Length a pointer needs (mm) and the name's width (0 when it carries no name); a flame
    widens from its point, so its name needs FLAME_TEXT_FACTOR x its width of length."""
    style = search.style
    if not search.named:
        return style.head_mm + 0.5, 0.0
    text_len = text_width_mm(name, style.name_cap_mm)
    factor = 1.0 if style.kind == "stem" else FLAME_TEXT_FACTOR
    return style.head_mm + factor * text_len + 2.0 * style.end_pad_mm, text_len


def _best_pointer(place: StarPlace, search: Search, others: list[Any]) -> Pointer | None:
    """The cheapest acceptable pointer for one star (module docstring), or None; costs are
    compared to 1 nm (COST_DECIMALS) so that mirror-image directions tie exactly and the
    smaller angle wins."""
    style = search.style
    tip = place.tip
    name = search.name_of(place.star.name)
    need, text_len = _needed_length(name, search)
    hits = first_hits_mm(tip, RAY_UX, RAY_UY, style.max_length_mm, search.boundary)
    stem = style.kind == "stem"
    per_mm = 1.0 + 0.8 * np.abs(RAY_UY) if search.named and stem else np.ones_like(RAY_UY)
    costs = hits * per_mm
    usable = [k for k in range(len(RAY_ANGLES_RAD)) if math.isfinite(hits[k]) and hits[k] >= need]
    bow = search.bow_of(tip)
    for k in sorted(usable, key=lambda k: (round(float(costs[k]), COST_DECIMALS), k)):
        u = (float(RAY_UX[k]), float(RAY_UY[k]))
        d = float(hits[k])
        shape = outline(style, tip, u, d, bow_sign=bow)
        attached = _attached_part(shape.polygon, search.base, tip)
        if attached is None:
            continue
        poly, visible = attached
        free_mm = d - 1.5 * style.width_mm
        if free_mm > style.head_mm + 1.0:
            free = outline(style, tip, u, free_mm, 0.0, bow)
            if free.polygon.distance(search.base) < 0.5 * style.clearance_mm:
                continue
        if others and min(shapely.distance(others, visible)) < style.clearance_mm:
            continue
        if search.named and not stem and not flame_holds(name, tip, shape, poly, style):
            continue
        # a flame's name is placed on the settled solid (rete_star_names)
        label = _stem_label(name, tip, u, d, need, text_len, style) if stem else None
        theta = math.degrees(math.atan2(u[1], u[0]))
        middle = tuple(m for m in shape.middle if math.dist(m, tip) <= d)
        return Pointer(place, poly, shape.generators, label, theta, d, visible, middle)
    return None


def flame_holds(name: str, tip: Point, shape: Outline, poly: Polygon, style: PointerStyle) -> bool:
    """Whether the name, written along the flame's middle line, fits on it somewhere with
    0.3 mm of material round its glyphs (``rete_star_names`` places it on the settled rete)."""
    line = LineString([tip, *shape.middle])
    half = text_width_mm(name, style.name_cap_mm) / 2.0
    s = min(line.length, shape_length(poly, tip)) - half
    while s >= half + 1.0:
        a, b, c = line.interpolate(s - half), line.interpolate(s + half), line.interpolate(s)
        angle = upright(math.degrees(math.atan2(b.y - a.y, b.x - a.x)))
        box = centred_text(name, (c.x, c.y), style.name_cap_mm, angle)
        if _holds(box, poly):
            return True
        s -= 0.5
    return False


def _holds(box: TextBox, poly: Polygon, clearance_mm: float = 0.3) -> bool:
    """Whether the glyphs grown by ``buffer(clearance_mm)`` lie within ``poly``: refused at
    once when a ring leaves it, settled by the distance to its edge when that is clear of the
    buffer's rounding (``glyphs`` module doc), else by the buffer itself."""
    polygons = glyph_polygons(box)
    if len(polygons) == 0 or not all_within(polygons, poly):
        return False
    edge = poly.boundary
    shapely.prepare(edge)
    grown = GrownGlyphs(polygons, clearance_mm)
    reaches_edge = grown.settled(edge)
    if reaches_edge is None:
        return bool(grown.grown().within(poly))
    return not reaches_edge


def shape_length(poly: Polygon, tip: Point) -> float:
    """Farthest reach of a polygon from a point (mm)."""
    return max(math.dist(tip, q) for q in poly.exterior.coords)


def _stem_label(
    name: str,
    tip: Point,
    u: tuple[float, float],
    length_mm: float,
    need_mm: float,
    text_len: float,
    style: PointerStyle,
) -> TextBox:
    """The name centred on the stem's free part, upright, its glyphs (with descenders)
    centred across the stem."""
    mid = style.head_mm + style.end_pad_mm + text_len / 2.0 + (length_mm - need_mm) / 2.0
    at = (tip[0] + u[0] * mid, tip[1] + u[1] * mid)
    return centred_text(name, at, style.name_cap_mm, upright(math.degrees(math.atan2(u[1], u[0]))))


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


__all__ = ["Outline", "Pointer", "place_pointers"]
