"""Outlines of the rete's star pointers: the modern stem and the classic curved dagger.

Both end in the same laser-proof point: the star is the apex; 1 mm behind it the pointer is
already ``TIP_WIDTH_FACTOR`` x min-web wide (so only its last millimetre is narrower than the
web), and behind that it widens along straight lines (stem) or circular arcs (dagger) to
its full width. Every edge is an exact line or circle, kept as a generator for the exact cut.

- stem (``modern``): the tip, a shoulder over ``SHOULDER_WIDTHS`` stem widths, then a straight
  stem of constant width wide enough for the name with room round it;
- dagger (``classic``): a flame or tongue whose two edges are circular arcs bowed to the same
  side by ``DAGGER_BOW`` x its length, widening from the tip to the base.

A pointer runs from the star along the unit direction u = (ux, uy) to the frame ``length_mm``
away and on into the frame by ``overlap`` base widths (the caller drops what pokes out).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from shapely.geometry import Polygon

from ..geometry.primitives import Circle, Line, Point
from .rete_frame import arc_points, arc_through
from .rete_solid import Generator

#: Width 1 mm behind the tip, in min-webs.
TIP_WIDTH_FACTOR = 1.12
#: Length of the stem's shoulder (tip width -> stem width), in stem widths.
SHOULDER_WIDTHS = 1.2
#: Sideways bow of a dagger's edges, as a fraction of its length.
DAGGER_BOW = 0.10
#: A plain dagger's half-width at mid-length in (tip + base half-widths): a slender blade.
DAGGER_FULLNESS = 0.58
#: A named flame's: a tongue that swells to hold its name (``rete_placement``).
FLAME_FULLNESS = 0.8

PointerKind = Literal["stem", "dagger"]


@dataclass(frozen=True)
class PointerStyle:
    """Sizes of one design's pointers (mm)."""

    kind: PointerKind
    min_web_mm: float
    width_mm: float
    name_cap_mm: float
    clearance_mm: float
    max_length_mm: float
    end_pad_mm: float
    #: a dagger's half-width at mid-length, in (tip half-width + base half-width)
    fullness: float = DAGGER_FULLNESS

    @property
    def tip_half_mm(self) -> float:
        return TIP_WIDTH_FACTOR * self.min_web_mm / 2.0

    @property
    def head_mm(self) -> float:
        """Length from the apex to where the pointer reaches its full width."""
        if self.kind == "stem":
            return 1.0 + SHOULDER_WIDTHS * self.width_mm
        return 1.0


@dataclass(frozen=True)
class Outline:
    """A pointer's polygon, its exact edges and points along its middle (for the web check)."""

    polygon: Polygon
    generators: tuple[Generator, ...]
    middle: tuple[Point, ...]


def pointer_style(
    kind: PointerKind, name_cap_mm: float, min_web_mm: float, radius_mm: float
) -> PointerStyle:
    """Stem: as wide as a name (cap + descender) with 0.6 mm round it, at least 1.3 min-web.
    Dagger: base 2.2 min-web (names go on the frame)."""
    width = max(1.34 * name_cap_mm + 1.2, 1.3 * min_web_mm) if kind == "stem" else 2.2 * min_web_mm
    return PointerStyle(
        kind=kind,
        min_web_mm=min_web_mm,
        width_mm=width,
        name_cap_mm=name_cap_mm,
        clearance_mm=max(min_web_mm, 0.5 * width),
        max_length_mm=0.42 * radius_mm,
        end_pad_mm=0.6,
    )


def outline(
    style: PointerStyle,
    tip: Point,
    u: tuple[float, float],
    length_mm: float,
    overlap: float = 3.0,
    bow_sign: float = 1.0,
) -> Outline:
    """The pointer's outline (see module doc); daggers bow to the side ``bow_sign``."""
    if style.kind == "stem":
        return stem(style, tip, u, length_mm + overlap * style.width_mm)
    return dagger(style, tip, u, length_mm + overlap * style.width_mm, bow_sign)


def _at(tip: Point, u: tuple[float, float], s: float, side: float) -> Point:
    """The point s along u from the tip and ``side`` to its left (normal (-uy, ux))."""
    return (tip[0] + u[0] * s - u[1] * side, tip[1] + u[1] * s + u[0] * side)


def stem(style: PointerStyle, tip: Point, u: tuple[float, float], end_mm: float) -> Outline:
    """Apex, tip (width 2 tip_half at 1 mm), shoulder, straight stem to ``end_mm``."""
    h1, hw, s2 = style.tip_half_mm, style.width_mm / 2.0, style.head_mm
    end_mm = max(end_mm, s2 + 0.5)
    pts = [
        tip,
        _at(tip, u, 1.0, h1),
        _at(tip, u, s2, hw),
        _at(tip, u, end_mm, hw),
        _at(tip, u, end_mm, -hw),
        _at(tip, u, s2, -hw),
        _at(tip, u, 1.0, -h1),
    ]
    gens = tuple(Line.through(pts[i], pts[(i + 1) % 7]) for i in range(7))
    middle = tuple(_at(tip, u, s, 0.0) for s in _steps(1.0 + style.min_web_mm / 2.0, end_mm))
    return Outline(Polygon(pts), gens, middle)


def dagger(
    style: PointerStyle, tip: Point, u: tuple[float, float], end_mm: float, bow_sign: float = 1.0
) -> Outline:
    """Apex, tip, then two arcs bowed to one side of u by DAGGER_BOW x length to the base."""
    h1, hb = style.tip_half_mm, style.width_mm / 2.0
    end_mm = max(end_mm, 2.5)
    bow = bow_sign * DAGGER_BOW * end_mm
    s_mid = (1.0 + end_mm) / 2.0
    h_mid = style.fullness * (h1 + hb)
    left = arc_through(
        _at(tip, u, 1.0, h1), _at(tip, u, s_mid, h_mid + bow), _at(tip, u, end_mm, hb)
    )
    right = arc_through(
        _at(tip, u, 1.0, -h1), _at(tip, u, s_mid, -h_mid + bow), _at(tip, u, end_mm, -hb)
    )
    lc, rc = Circle(left.cx, left.cy, left.r), Circle(right.cx, right.cy, right.r)
    lpts = arc_points(lc, left.start_rad, left.start_rad + left.sweep_rad)
    rpts = arc_points(rc, right.start_rad, right.start_rad + right.sweep_rad)
    gens: tuple[Generator, ...] = (
        Line.through(tip, lpts[0]),
        Line.through(tip, rpts[0]),
        lc,
        rc,
        Line.through(lpts[-1], rpts[-1]),
    )
    first = 1.0 + style.min_web_mm / 2.0 + 0.05
    n = max(2, math.ceil(end_mm))
    middle = []
    for k in range(1, n):
        a = left.point_at(left.start_rad + left.sweep_rad * k / n)
        b = right.point_at(right.start_rad + right.sweep_rad * k / n)
        m = ((a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0)
        if math.dist(m, tip) >= first:
            middle.append(m)
    return Outline(Polygon([tip, *lpts, *reversed(rpts)]), gens, tuple(middle))


def _steps(start_mm: float, end_mm: float, step_mm: float = 1.0) -> list[float]:
    out: list[float] = []
    s = start_mm
    while s < end_mm and len(out) < 400:
        out.append(s)
        s += step_mm
    return out
