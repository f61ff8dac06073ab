"""Each star's name where it can be read at a glance: on its own pointer, or right at its root.

On the Gothic retes of Chaucer's time (the Sloane astrolabe, the Oxford "Chaucer" astrolabes)
each star's name is engraved on its own pointer's body or on the bar right where the pointer
grows from it; never in a row of names down a bar. Here, for every star not yet named (daggers
and stars marked on the frame; stems and band stars carry their names already):

1. on the pointer's body: the name written along the body, centred at points along its middle
   line, root first;
2. else on a name-carrying bar of the frame, at the track point nearest the pointer's root (or
   the star's mark), written along the bar.

A place is taken only when the name's glyphs lie on the material clear of every cut and every
other engraving (``rete_names.NameSpace``), its nearest point lies within ``reach_mm`` of the
star's *feature* (the pointer's middle line from tip to root, or the star's point), and it lies
nearer that feature than any other star's, by ``MARGIN_MM``: no name stands between two stars.
Sizes go down from the name size to the minimum text height (each size tried on the body, then
on the frame, before a smaller one); a name with no such place is left out and reported.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import LineString
from shapely.geometry import Point as ShPoint

from ..geometry.primitives import Point
from ..text import TextBox, hull_on_page, ink_radius_mm, outline_hull, text_width_mm
from .rete_frame import Track
from .rete_names import (
    DESCENDER,
    NameSpace,
    centred_anchor,
    centred_text,
    track_anchors,
    upright,
)
from .rete_placement import Pointer

#: How far the nearest point of a name may lie from its star's feature, mm at 200 mm diameter
#: (scaled with the diameter).
REACH_AT_200_MM = 4.0
#: The least reach, in name cap heights.
REACH_IN_CAPS = 2.5
#: A name must be nearer its own star's feature than any other's by this much, mm.
MARGIN_MM = 0.3
#: Step between tried centres along a pointer's body, mm.
BODY_STEP_MM = 0.5


def name_reach_mm(diameter_mm: float, name_cap_mm: float) -> float:
    """The reach of a name from its star: REACH_AT_200_MM at 200 mm, in proportion, but never
    under REACH_IN_CAPS name heights (names do not shrink below the minimum text height)."""
    return max(REACH_AT_200_MM * diameter_mm / 200.0, REACH_IN_CAPS * name_cap_mm)


def pointer_feature(pointer: Pointer) -> shapely.Geometry:
    """A pointer's middle line from the star to its root (where it meets the frame)."""
    return LineString([pointer.place.tip, *pointer.middle, pointer_root(pointer)])


def pointer_root(pointer: Pointer) -> Point:
    """Where a pointer meets the frame: its middle line's last point (a dagger bows, so its
    root is off the chord), or ``length_mm`` from the tip along its direction."""
    if pointer.middle:
        return pointer.middle[-1]
    t = math.radians(pointer.direction_deg)
    tip = pointer.place.tip
    return (tip[0] + math.cos(t) * pointer.length_mm, tip[1] + math.sin(t) * pointer.length_mm)


@dataclass(frozen=True)
class NameJob:
    """One star to name: its engraved name, its feature, its pointer (None for a mark) and the
    point whose nearest track points are tried first (the root, or the star)."""

    star: str
    text: str
    feature: shapely.Geometry
    pointer: Pointer | None
    near: Point


@dataclass(frozen=True)
class NameRules:
    """Where names may go: the free material, the tracks, the sizes, the reach, and every star's
    feature (for the rule that a name is nearer its own star than any other's)."""

    space: NameSpace
    tracks: list[tuple[Track, float]]
    sizes_mm: list[float]
    reach_mm: float
    features: dict[str, shapely.Geometry]

    def unambiguous(self, star: str, area: shapely.Geometry) -> bool:
        return near_own(self.features, star, area, self.reach_mm)


def near_own(
    features: dict[str, shapely.Geometry], star: str, area: shapely.Geometry, reach_mm: float
) -> bool:
    """Whether a name's area lies within ``reach_mm`` of its star's feature and nearer it than
    any other star's by MARGIN_MM (module doc)."""
    own = features[star].distance(area)
    if own > reach_mm:
        return False
    return all(f.distance(area) > own + MARGIN_MM for name, f in features.items() if name != star)


def name_rectangle(box: TextBox) -> shapely.Geometry:
    """The smallest rectangle round a placed name's glyphs (as the manifest records it). It
    depends only on the glyphs' convex hull, whose corners are corners of the rings (the
    union of the rings has the same hull): made from the rings' points, without the union."""
    return shapely.minimum_rotated_rectangle(shapely.multipoints(box.outline.points()[0]))


def place_star_names(jobs: list[NameJob], rules: NameRules) -> dict[str, TextBox]:
    """The names placed (module doc), by star; stars whose name found no place are absent."""
    out: dict[str, TextBox] = {}
    pending = list(jobs)
    for cap in rules.sizes_mm:
        for on_body in (True, False):
            for job in list(pending):
                box = _try(job, rules, cap, on_body)
                if box is not None:
                    out[job.star] = box
                    pending.remove(job)
    return out


def _try(job: NameJob, rules: NameRules, cap_mm: float, on_body: bool) -> TextBox | None:
    if on_body:
        if job.pointer is None:
            return None
        candidates = _body_candidates(job.pointer, text_width_mm(job.text, cap_mm))
    else:
        candidates = _frame_candidates(job, rules)
    return _first_fit(job, rules, cap_mm, candidates)


def _first_fit(
    job: NameJob, rules: NameRules, cap_mm: float, candidates: list[tuple[Point, float]]
) -> TextBox | None:
    near = within_reach(job, rules.reach_mm, cap_mm, candidates)
    for at, angle in hull_free(job.text, rules.space, cap_mm, near):
        box = centred_text(job.text, at, cap_mm, upright(angle))
        glyphs = rules.space.fit_glyphs(box)
        if glyphs is None:
            continue
        # the rectangle round the rings is the one round their union: the same convex hull
        if not rules.unambiguous(job.star, shapely.minimum_rotated_rectangle(glyphs)):
            continue
        # a word space (half a cap) round it, so that names never run together
        rules.space.take(shapely.union_all(shapely.get_parts(glyphs)).buffer(0.5 * cap_mm))
        return box
    return None


def within_reach(
    job: NameJob, reach_mm: float, cap_mm: float, candidates: list[tuple[Point, float]]
) -> list[tuple[Point, float]]:
    """The candidate centres from which the name can lie within ``reach_mm`` of its star's
    feature, in their order; the others would fail ``near_own`` and are not drawn.

    Every glyph point lies within ``ink`` of the centre (``text.ink_radius_mm``, + the
    descender shift of ``centred_text``, + rounding); the rectangle round the glyphs has each
    side touching them, so it lies within ink·√2 of the centre: a centre farther than
    reach + ink·√2 from the feature leaves the rectangle beyond the reach."""
    if not candidates:
        return []
    ink = ink_radius_mm(job.text, cap_mm) + 0.5 * DESCENDER * cap_mm + 1e-3
    centres = shapely.points([at for at, _ in candidates])
    far = shapely.distance(job.feature, centres) > reach_mm + ink * math.sqrt(2.0)
    return [c for c, beyond in zip(candidates, far, strict=True) if not beyond]


def hull_free(
    text: str, space: NameSpace, cap_mm: float, candidates: list[tuple[Point, float]]
) -> list[tuple[Point, float]]:
    """The candidates (centre, direction) at which every corner of the name's outline hull
    (``text.outline_hull``: the very points the outline will have there) lies on the free
    material and in nothing taken (``NameSpace.points_free``), in their order. At the others
    the name cannot fit (``NameSpace.fit_glyphs`` would refuse it), so it is not drawn."""
    if not candidates:
        return []
    rotations = [upright(angle) for _, angle in candidates]
    anchors = np.array(
        [centred_anchor(at, cap_mm, r) for (at, _), r in zip(candidates, rotations, strict=True)]
    )
    x, y = hull_on_page(outline_hull(text, cap_mm), anchors, rotations)
    free = space.points_free(x, y)
    return [c for c, ok in zip(candidates, free, strict=True) if ok]


def _body_candidates(pointer: Pointer, text_mm: float) -> list[tuple[Point, float]]:
    """Centres along the pointer's middle line where the whole name lies between tip and root,
    root first, each with the direction of the chord under the name (degrees)."""
    line = pointer_feature(pointer)
    length = line.length
    half = text_mm / 2.0
    out: list[tuple[Point, float]] = []
    s = length - half
    while s >= half + 1.0:
        a, b = line.interpolate(s - half), line.interpolate(s + half)
        c = line.interpolate(s)
        out.append(((c.x, c.y), math.degrees(math.atan2(b.y - a.y, b.x - a.x))))
        s -= BODY_STEP_MM
    return out


def _frame_candidates(job: NameJob, rules: NameRules) -> list[tuple[Point, float]]:
    """Track points near the root (or the star), nearest first (equally near ones in the
    order of the tracks), with the track's direction."""
    found: list[tuple[float, Point, float]] = []
    # a name's centre may lie half a name (+ the reach) from the root
    reach = rules.reach_mm + 12.0 * max(rules.sizes_mm)
    for track, _width in rules.tracks:
        for p, a in track_anchors(track, job.near, reach):
            found.append((math.dist(p, job.near), p, a))
    found.sort(key=lambda t: t[0])
    return [(p, a) for _, p, a in found]


def name_jobs(
    pointers: list[Pointer],
    marked: list[tuple[str, Point]],
    name_of: Callable[[str], str],
) -> list[NameJob]:
    """Jobs for unnamed pointers (root first in the search) and marked stars."""
    jobs = [
        NameJob(
            p.place.star.name,
            name_of(p.place.star.name),
            pointer_feature(p),
            p,
            pointer_root(p),
        )
        for p in pointers
        if p.label is None
    ]
    jobs += [NameJob(star, name_of(star), ShPoint(at), None, at) for star, at in marked]
    return jobs
