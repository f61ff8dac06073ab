"""Star names engraved on the rete's material, clear of every cut by ``CLEARANCE_MM``.

A name is tried at points along the frame's tracks (the middle lines of the bars that carry
names, ``rete_frame``), nearest the star's root first, written along the track and upright.
A place is taken when the name's glyphs (descenders included), grown by CLEARANCE_MM, lie on
the material and clear of every other name, mark and scale; else the name is tried smaller,
down to the minimum text height, and left out (and reported) when nothing fits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import shapely
from shapely.geometry import Polygon

from ..geometry.primitives import Arc, Point, Segment
from ..text import TextBox, place_text
from .rete_frame import Track

#: Nearest distance from an engraved glyph to a cut edge or a hole, mm (issue 14).
CLEARANCE_MM = 0.3
#: Descender below the baseline, in cap heights (DejaVu Sans).
DESCENDER = 0.33
#: Step between tried places along a track, mm.
STEP_MM = 1.0
#: Width of the distance rings in which every size is tried before going further, mm.
NEAR_STEP_MM = 6.0
#: How far along a track from the root a name may go, in rete radii.
REACH_FRACTION = 0.3


def glyph_area(box: TextBox) -> shapely.Geometry:
    """The area of a placed text's glyphs (each outline ring filled: exact for distances)."""
    return shapely.union_all([Polygon(r) for r in box.outline.rings if len(r) >= 3])


@dataclass
class NameSpace:
    """Where names may go: the material shrunk by the clearance, minus what is taken."""

    free: shapely.Geometry
    taken: list[shapely.Geometry] = field(default_factory=list)

    def __post_init__(self) -> None:
        shapely.prepare(self.free)

    def fits(self, box: TextBox) -> bool:
        area = glyph_area(box)
        if not self.free.contains(area):
            return False
        grown = area.buffer(CLEARANCE_MM)
        return not any(grown.intersects(t) for t in self.taken)

    def take(self, geometry: shapely.Geometry) -> None:
        self.taken.append(geometry)


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


def place_name(
    name: str,
    near: Point,
    tracks: list[tuple[Track, float]],
    space: NameSpace,
    sizes_mm: list[float],
    radius_mm: float,
) -> TextBox | None:
    """The nearest place on a track where the name fits (module doc): within each ring of
    NEAR_STEP_MM round the root the largest size first, then smaller, before going further."""
    candidates: list[tuple[float, Point, float]] = []
    for track, _width in tracks:
        for p, a in track_anchors(track, near, REACH_FRACTION * radius_mm):
            candidates.append((math.dist(p, near), p, a))
    candidates.sort(key=lambda t: t[0])
    # nearness first: within each ring of NEAR_STEP_MM every size is tried before going on
    rings: dict[int, list[tuple[float, Point, float]]] = {}
    for c in candidates:
        rings.setdefault(int(c[0] // NEAR_STEP_MM), []).append(c)
    for key in sorted(rings):
        for cap in sizes_mm:
            for _, p, angle in rings[key]:
                box = centred_text(name, p, cap, upright(angle))
                if space.fits(box):
                    # a word space (half a cap) round it, so that names never run together
                    space.take(glyph_area(box).buffer(0.5 * cap))
                    return box
    return None


def centred_text(name: str, at: Point, cap_mm: float, rotation_deg: float) -> TextBox:
    """Text whose glyphs, descenders included (DESCENDER cap heights), are centred across
    the line through ``at``: the cap box is moved up by half the descender."""
    shift = 0.5 * DESCENDER * cap_mm
    r = math.radians(rotation_deg)
    anchor = (at[0] + shift * math.sin(r), at[1] - shift * math.cos(r))
    return place_text(name, anchor, cap_mm, rotation_deg=rotation_deg)


def name_sizes(cap_mm: float, min_cap_mm: float) -> list[float]:
    """The name's size, then smaller by 15 % steps down to the minimum text height."""
    sizes = [cap_mm]
    while sizes[-1] * 0.85 >= min_cap_mm:
        sizes.append(sizes[-1] * 0.85)
    if sizes[-1] > min_cap_mm:
        sizes.append(min_cap_mm)
    return sizes
