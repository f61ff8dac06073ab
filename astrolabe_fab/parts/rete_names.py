"""Where star names may be engraved on the rete: the material clear of every cut by
``CLEARANCE_MM`` (``NameSpace``), the points along the frame's tracks (the middle lines of the
bars that carry names, ``rete_frame``) nearest a point first, and names centred on a line and
upright. ``rete_star_names`` chooses each name's place with these.

A place is free when the name's glyphs (descenders included) lie on the material and, grown by
CLEARANCE_MM, touch no other name, mark or scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import shapely

from ..geometry.primitives import Arc, Point, Segment
from ..text import TextBox, place_text
from .glyphs import (
    GrownGlyphs,
    all_within,
    bounds_near,
    bounds_of,
    glyph_polygons,
)
from .rete_frame import Track

#: Nearest distance from an engraved glyph to a cut edge or a hole, mm (issue 14).
CLEARANCE_MM = 0.3
#: Descender below the baseline, in cap heights (DejaVu Sans).
DESCENDER = 0.33
#: Step between tried places along a track, mm.
STEP_MM = 1.0


@dataclass
class NameSpace:
    """Where names may go: the material shrunk by the clearance, minus what is taken."""

    free: shapely.Geometry
    taken: list[shapely.Geometry] = field(default_factory=list)
    _taken_bounds: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        shapely.prepare(self.free)
        shapely.prepare(self.taken)
        self._taken_bounds = np.array(shapely.bounds(self.taken)).reshape(-1, 4)

    def fit_glyphs(self, box: TextBox) -> shapely.Geometry | None:
        """The glyphs' rings as one collection (a MultiPolygon, not their union) when they lie
        on the free material and, grown by CLEARANCE_MM, touch nothing taken; else None.
        Cheap tests first (``glyphs``): each ring on the material, then only the taken shapes
        whose rectangles come near, by distance."""
        polygons = glyph_polygons(box)
        if len(polygons) == 0 or not all_within(polygons, self.free):
            return None
        grown = GrownGlyphs(polygons, CLEARANCE_MM)
        for i in bounds_near(bounds_of(polygons), self._taken_bounds, CLEARANCE_MM):
            if grown.touches(self.taken[i]):
                return None
        return grown.glyphs

    def points_free(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """For each row of points (x, y: one row per place), whether every point lies on the
        free material and in nothing taken. A glyph point off the material, or in a taken
        shape (then the grown glyphs touch it), refuses the place: a cheap refusal, exact for
        the points given (``rete_star_names.hull_free``). Each taken shape is asked only of
        the rows with a point inside its rectangle."""
        ok = shapely.intersects_xy(self.free, x, y).all(axis=1)
        for shape, (x0, y0, x1, y1) in zip(self.taken, self._taken_bounds, strict=True):
            rows = np.flatnonzero(ok & ((x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)).any(axis=1))
            if len(rows):
                ok[rows] = ~shapely.intersects_xy(shape, x[rows], y[rows]).any(axis=1)
        return ok

    def take(self, geometry: shapely.Geometry) -> None:
        shapely.prepare(geometry)
        self.taken.append(geometry)
        self._taken_bounds = np.vstack([self._taken_bounds, shapely.bounds(geometry)])


def name_space(solid: shapely.Geometry, keep_out: list[shapely.Geometry]) -> NameSpace:
    """Material at least CLEARANCE_MM inside every cut, outside the ``keep_out`` areas (scale
    bands, marks, names already engraved)."""
    free = solid.buffer(-CLEARANCE_MM, quad_segs=8)
    return NameSpace(free, list(keep_out))


def track_anchors(track: Track, near: Point, reach: float) -> list[tuple[Point, float]]:
    """Points along the track (with the track's direction there, degrees), nearest ``near``
    first, up to ``reach`` mm along the track away."""
    out: list[tuple[float, Point, float]] = []
    if isinstance(track, Segment):
        (ax, ay), (bx, by) = track.p0, track.p1
        length = math.dist(track.p0, track.p1)
        ux, uy = (bx - ax) / length, (by - ay) / length
        s0 = (near[0] - ax) * ux + (near[1] - ay) * uy
        angle = math.degrees(math.atan2(uy, ux))
        for k in range(-int(reach / STEP_MM), int(reach / STEP_MM) + 1):
            s = s0 + k * STEP_MM
            if 0.0 <= s <= length:
                p = (ax + ux * s, ay + uy * s)
                out.append((math.dist(p, near), p, angle))
    else:
        out = _arc_anchors(track, near, reach)
    out.sort(key=lambda t: t[0])
    return [(p, a) for _, p, a in out]


def _arc_anchors(arc: Arc, near: Point, reach: float) -> list[tuple[float, Point, float]]:
    t_near = math.atan2(near[1] - arc.cy, near[0] - arc.cx)
    lo, hi = sorted((arc.start_rad, arc.start_rad + arc.sweep_rad))
    out = []
    n = int(reach / STEP_MM)
    for k in range(-n, n + 1):
        t = t_near + k * STEP_MM / arc.r
        tt = lo + (t - lo) % (2.0 * math.pi)
        if tt > hi:
            continue
        p = arc.point_at(tt)
        out.append((math.dist(p, near), p, math.degrees(tt) + 90.0))
    return out


def upright(angle_deg: float) -> float:
    """A text direction turned by 180° when needed so that the text reads left to right."""
    a = (angle_deg + 180.0) % 360.0 - 180.0
    if a > 90.0:
        a -= 180.0
    elif a < -90.0:
        a += 180.0
    return a


def centred_text(name: str, at: Point, cap_mm: float, rotation_deg: float) -> TextBox:
    """Text whose glyphs, descenders included (DESCENDER cap heights), are centred across
    the line through ``at``: the cap box is moved up by half the descender."""
    return place_text(
        name, centred_anchor(at, cap_mm, rotation_deg), cap_mm, rotation_deg=rotation_deg
    )


def centred_anchor(at: Point, cap_mm: float, rotation_deg: float) -> Point:
    """The anchor of ``centred_text``: ``at`` moved up the text by half the descender."""
    shift = 0.5 * DESCENDER * cap_mm
    r = math.radians(rotation_deg)
    return (at[0] + shift * math.sin(r), at[1] - shift * math.cos(r))


def name_sizes(cap_mm: float, min_cap_mm: float) -> list[float]:
    """The name's size, then smaller by 15 % steps down to the minimum text height."""
    sizes = [cap_mm]
    while sizes[-1] * 0.85 >= min_cap_mm:
        sizes.append(sizes[-1] * 0.85)
    if sizes[-1] > min_cap_mm:
        sizes.append(min_cap_mm)
    return sizes
