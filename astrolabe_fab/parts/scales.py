"""The one builder of graduated scales: tick rings, radial scales and their labels.

Angles here are *bearings*: degrees clockwise on the page from the upward direction (towards
-y) around a centre, the way a clock face is read. A bearing b at radius r names the point
(cx + r sin b, cy - r cos b). A scale maps its values (degrees, minutes, days...) to bearings
with any monotonic function, so the same code draws uniform limbs and the calendar.

Tick levels: every value on the finest grid gets the length and weight of the coarsest level
whose step divides it. A level whose neighbouring ticks would stand closer than the minimum
tick spacing (measured along the arc at the tick's base radius) is dropped, so a scale thins
itself out on a small instrument instead of turning into a grey band.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..geometry.primitives import (
    Circle,
    Clip,
    OutsideBox,
    Point,
    Segment,
    clip_circle,
    clip_segment,
)
from ..scene import Part, Weight
from ..text import TextBox, tangent_rotation_deg
from .labels import Labels

#: Tolerance deciding that a value lies on a level's grid (in scale units).
_GRID_EPS = 1e-6


def point_at(center: Point, bearing_deg: float, radius_mm: float) -> Point:
    """(cx + r sin b, cy - r cos b): bearing b clockwise from up."""
    b = math.radians(bearing_deg)
    return (center[0] + radius_mm * math.sin(b), center[1] - radius_mm * math.cos(b))


def bearing_of(center: Point, p: Point) -> float:
    """Bearing of ``p`` seen from ``center``, degrees in [0, 360)."""
    return math.degrees(math.atan2(p[0] - center[0], -(p[1] - center[1]))) % 360.0


@dataclass(frozen=True)
class TickLevel:
    """One level of graduation: every ``step`` units, ticks ``length_mm`` long."""

    step: float
    length_mm: float
    weight: Weight = "fine"


@dataclass(frozen=True)
class Tick:
    """A drawn tick: its value, bearing, the segment and its weight."""

    value: float
    bearing_deg: float
    segment: Segment
    weight: Weight


def _on_grid(value: float, step: float) -> bool:
    q = value / step
    return abs(q - round(q)) < _GRID_EPS * max(1.0, abs(q))


def grid_values(start: float, stop: float, step: float) -> list[float]:
    """start, start + step, ... up to stop inclusive (no drift: each value is start + k step)."""
    n = math.floor((stop - start) / step + 1e-9)
    return [start + k * step for k in range(n + 1)]


def level_spacing_mm(
    step: float, start: float, stop: float, bearing: Callable[[float], float], radius_mm: float
) -> float:
    """Smallest arc distance (mm, at ``radius_mm``) between neighbouring ticks of one level."""
    values = grid_values(start, stop, step)
    if len(values) < 2:
        return math.inf
    arcs = [abs(bearing(b) - bearing(a)) % 360.0 for a, b in itertools.pairwise(values)]
    arcs = [min(a, 360.0 - a) for a in arcs]
    return math.radians(min(arcs)) * radius_mm


def ring_ticks(
    center: Point,
    start: float,
    stop: float,
    levels: Sequence[TickLevel],
    bearing: Callable[[float], float],
    base_radius_mm: float,
    *,
    inward: bool,
    min_spacing_mm: float = 0.0,
    skip: Callable[[float], bool] | None = None,
) -> list[Tick]:
    """Ticks of a circular scale from ``start`` to ``stop`` (inclusive).

    ``levels`` are ordered fine to coarse; each tick starts on the base circle and runs inward
    or outward along the radius through ``center``. Levels closer than ``min_spacing_mm`` are
    dropped; ``skip(value)`` leaves single values out (e.g. where another scale takes over).
    """
    kept = [
        lv
        for lv in levels
        if level_spacing_mm(lv.step, start, stop, bearing, base_radius_mm) >= min_spacing_mm
    ]
    if not kept:
        return []
    finest = kept[0]
    sign = -1.0 if inward else 1.0
    ticks: list[Tick] = []
    for value in grid_values(start, stop, finest.step):
        if skip is not None and skip(value):
            continue
        level = finest
        for lv in kept:
            if _on_grid(value - start, lv.step) or _on_grid(value, lv.step):
                level = lv
        b = bearing(value)
        p0 = point_at(center, b, base_radius_mm)
        p1 = point_at(center, b, base_radius_mm + sign * level.length_mm)
        ticks.append(Tick(value, b, Segment(p0, p1), level.weight))
    return ticks


def radial_ticks(
    origin: Point,
    direction_deg: float,
    positions_mm: Iterable[tuple[float, float, Weight]],
    *,
    side: float,
) -> list[Segment]:
    """Ticks along a straight scale: from ``origin`` along bearing ``direction_deg``, a tick at
    each distance d, ``length`` long, standing on the left (side = -1) or right (+1) of the
    direction as seen on the page."""
    ux, uy = point_at((0.0, 0.0), direction_deg, 1.0)
    nx, ny = -uy * side, ux * side
    out: list[Segment] = []
    for d, length, _w in positions_mm:
        p0 = (origin[0] + d * ux, origin[1] + d * uy)
        out.append(Segment(p0, (p0[0] + length * nx, p0[1] + length * ny)))
    return out


def add_ticks(
    part: Part, ticks: Iterable[Tick], keep: Sequence[Clip] = (), layer: str = "SCORE"
) -> None:
    """Put ticks on a part, clipped outside the given keep-outs (label boxes)."""
    for t in ticks:
        pieces = clip_segment(t.segment, keep) if keep else [t.segment]
        part.extend(layer, pieces, t.weight)  # type: ignore[arg-type]


def add_circle(part: Part, circle: Circle, weight: Weight, keep: Sequence[Clip] = ()) -> None:
    """A full reference circle, broken where it would cross a label."""
    keep = boxes_on_circle(keep, circle)
    part.extend("SCORE", clip_circle(circle, keep) if keep else [circle], weight)


def _point_segment_distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy or 1.0
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return math.dist(p, (a[0] + t * dx, a[1] + t * dy))


def boxes_on_circle(keep: Sequence[Clip], circle: Circle) -> list[Clip]:
    """The keep-outs that can cut a circle: regions always, label boxes only when the circle
    passes through them (nearest edge point within r, farthest corner beyond r)."""
    c = circle.center
    out: list[Clip] = []
    for k in keep:
        if not isinstance(k, OutsideBox):
            out.append(k)
            continue
        q = k.corners
        far = max(math.dist(c, p) for p in q)
        inside = not k.contains(c)
        near = (
            0.0
            if inside
            else min(_point_segment_distance(c, q[i], q[(i + 1) % 4]) for i in range(4))
        )
        if near <= circle.r <= far:
            out.append(k)
    return out


def keepouts_near_ring(
    keepouts: Sequence[OutsideBox], center: Point, r_min_mm: float, r_max_mm: float
) -> list[OutsideBox]:
    """The label boxes that may touch the annulus r_min..r_max (cheap pre-filter for clipping)."""
    out = []
    for box in keepouts:
        d = math.dist(box.center, center)
        if d + box.reach_mm >= r_min_mm and d - box.reach_mm <= r_max_mm:
            out.append(box)
    return out


def ring_label(
    labels: Labels,
    text: str,
    center: Point,
    bearing_deg: float,
    radius_mm: float,
    *,
    orientation: str = "tangent",
    scale: float = 1.0,
    inside: Circle | None = None,
) -> TextBox | None:
    """Place one label centred on the circle of ``radius_mm`` at ``bearing_deg``.

    ``tangent``: along the circle, upright (read from outside on the upper half, turned on the
    lower half so it still reads left to right); ``radial``: along the radius, reading
    outwards on the right half and inwards on the left; ``upright``: not rotated.
    """
    anchor = point_at(center, bearing_deg, radius_mm)
    if orientation == "tangent":
        rot = tangent_rotation_deg(center, anchor)
    elif orientation == "radial":
        rot = (bearing_deg - 90.0 + 180.0) % 360.0 - 180.0
        if rot > 90.0:
            rot -= 180.0
        elif rot < -90.0:
            rot += 180.0
    else:
        rot = 0.0
    return labels.place(text, anchor, rotation_deg=rot, scale=scale, inside=inside)


def ring_labels(
    labels: Labels,
    items: Iterable[tuple[str, float]],
    center: Point,
    radius_mm: float,
    *,
    orientation: str = "tangent",
    scale: float = 1.0,
    inside: Circle | None = None,
) -> list[TextBox | None]:
    """Place (text, bearing) labels on one circle; refused ones come back as None."""
    return [
        ring_label(
            labels, text, center, b, radius_mm, orientation=orientation, scale=scale, inside=inside
        )
        for text, b in items
    ]
