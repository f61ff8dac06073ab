"""The transparent rete: a disc of clear stock with everything engraved.

Stars (a filled star mark centred on the exact place, the name beside it), the ecliptic ring,
the equator and the declination circles every 10°, and the hour lines. Lines stop at every
label's keep-out box. ``mirror_engrave`` mirrors the engraving for the back face of the disc.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from shapely.geometry import Point as ShPoint
from shapely.geometry import Polygon

from ..geometry.primitives import (
    Circle,
    FilledPolygon,
    OutsideBox,
    Point,
    Region,
    Segment,
    Shape,
    clip_circle,
    clip_segment,
    mirror_x,
)
from ..geometry.projection import Frame
from ..scene import Weight
from ..text import HAlign, TextBox, VAlign, place_text
from .labels import Labels
from .rete_band_stars import BandStar, square, star_mark
from .rete_ecliptic import EclipticRing
from .rete_scales import aries_index, ecliptic_scores, hour_ticks
from .rete_solid import annulus
from .rete_stars import StarPlace

#: Name size beside a mark, in label cap heights.
NAME_SCALE = 0.8


@dataclass
class Transparent:
    """The engraved disc's content."""

    stars: list[StarPlace]
    engrave: list[FilledPolygon]
    score: list[tuple[Shape, Weight]]
    labels: list[TextBox]


@dataclass(frozen=True)
class DiscSizes:
    frame: Frame
    outer_radius_mm: float
    limit_radius_mm: float
    hub_radius_mm: float
    cap_height_mm: float
    ecliptic: EclipticRing


def _around(offset: float) -> tuple[tuple[float, float, HAlign, VAlign], ...]:
    """Where a name may go round its mark: right, left, above, below, then the diagonals."""
    d = 0.7 * offset
    return (
        (offset, 0.0, "left", "middle"),
        (-offset, 0.0, "right", "middle"),
        (0.0, -offset, "center", "bottom"),
        (0.0, offset, "center", "top"),
        (d, -d, "left", "bottom"),
        (-d, -d, "right", "bottom"),
        (d, d, "left", "top"),
        (-d, d, "right", "top"),
    )


def _name_beside(
    name: str, tip: Point, size: float, sizes: DiscSizes, labels: Labels, marks: list[Point]
) -> TextBox | None:
    h = sizes.cap_height_mm
    ecl = sizes.ecliptic
    band = annulus(ecl.circle.cx, ecl.circle.cy, ecl.inner_radius_mm, ecl.circle.r)
    cx, cy = sizes.frame.center_mm
    limit_disc = Circle(cx, cy, sizes.limit_radius_mm - 0.2)
    for dx, dy, halign, valign in _around(size / 2.0 + 0.45 * h):
        anchor = (tip[0] + dx, tip[1] + dy)
        trial = Polygon(
            place_text(name, anchor, h * NAME_SCALE, halign=halign, valign=valign).corners
        )
        if band.intersects(trial) or any(trial.distance(ShPoint(q)) < 0.6 for q in marks):
            continue
        box = labels.place(
            name, anchor, halign=halign, valign=valign, scale=NAME_SCALE, inside=limit_disc
        )
        if box is not None:
            return box
    return None


def _star_marks(
    places: list[StarPlace], sizes: DiscSizes, labels: Labels, name_of: Callable[[str], str]
) -> tuple[Transparent, list[OutsideBox]]:
    """Marks and names, brightest first."""
    out = Transparent([], [], [], [])
    cx, cy = sizes.frame.center_mm
    h = sizes.cap_height_mm
    ecl = sizes.ecliptic
    band = annulus(ecl.circle.cx, ecl.circle.cy, ecl.inner_radius_mm, ecl.circle.r)
    marks: list[Point] = []
    keepouts: list[OutsideBox] = []
    for place in places:
        tip = place.tip
        r_tip = math.dist(tip, (cx, cy))
        if r_tip > sizes.limit_radius_mm - 0.6 * h or r_tip < sizes.hub_radius_mm + h:
            continue
        if band.distance(ShPoint(tip)) < 0.6 * h or any(math.dist(tip, q) < 1.2 * h for q in marks):
            continue
        mag = place.star.vmag if place.star.vmag is not None else 3.0
        size = h * (1.25 - 0.18 * max(-1.0, min(3.0, mag)))
        if not labels.fits(tip, size / 2.0 + 0.2):
            continue
        box = _name_beside(name_of(place.star.name), tip, size, sizes, labels, marks)
        if box is None:
            continue
        keepouts.append(square(tip, size / 2.0 + 0.3))
        out.engrave.extend([star_mark(tip, size), box.outline])
        out.labels.append(box)
        out.stars.append(place)
        marks.append(tip)
    return out, keepouts


def _lines(sizes: DiscSizes, keep: list[OutsideBox]) -> list[tuple[Shape, Weight]]:
    """Declination circles, the near tropic and the hour lines, off the band and labels."""
    frame, ecl = sizes.frame, sizes.ecliptic.circle
    cx, cy = frame.center_mm
    r_lim = sizes.limit_radius_mm
    sides = (
        [Region(ecl, False)],
        [Region(Circle(ecl.cx, ecl.cy, sizes.ecliptic.inner_radius_mm), True)],
    )
    hub_clear = Region(Circle(cx, cy, sizes.hub_radius_mm), False)
    limit = Region(Circle(cx, cy, r_lim), True)
    out: list[tuple[Shape, Weight]] = []

    def circle(c: Circle, weight: Weight) -> None:
        for side in sides:
            out.extend(
                (piece, weight) for piece in clip_circle(c, [*side, *keep, hub_clear, limit])
            )

    for d in [d for d in range(80, -90, -10) if frame.radius_mm(d) < r_lim - 0.5]:
        circle(frame.parallel(float(d)), "heavy" if d == 0 else "fine")
    eps = frame.dec_at_radius(r_lim)
    circle(frame.parallel(-eps), "normal")  # the near tropic
    r0 = frame.radius_mm(80.0 if frame.hemisphere == "north" else -80.0)
    for k in range(24):
        p_far = frame.sky_to_plane(-15.0 * k, 0.0)
        ux, uy = p_far[0] - cx, p_far[1] - cy
        n = math.hypot(ux, uy)
        seg = Segment(
            (cx + ux / n * r0, cy + uy / n * r0), (cx + ux / n * r_lim, cy + uy / n * r_lim)
        )
        for side in sides:
            out.extend(
                (piece, "normal" if k % 6 else "heavy")
                for piece in clip_segment(seg, [*side, *keep])
            )
    return out


def draw_transparent(
    sizes: DiscSizes,
    places: list[StarPlace],
    band_stars: list[BandStar],
    labels: Labels,
    name_of: Callable[[str], str],
    mirror: bool,
) -> Transparent:
    """Everything engraved on the disc (module doc)."""
    out, mark_keep = _star_marks(places, sizes, labels, name_of)
    for b in band_stars:
        if b.mark is not None:
            out.engrave.append(b.mark)
        if b.label is not None:
            out.engrave.append(b.label.outline)
            out.labels.append(b.label)
        out.stars.append(b.place)
    band_keep = [k for b in band_stars for k in b.keepouts]
    out.score.extend(_lines(sizes, [*labels.regions(), *mark_keep, *band_keep]))
    frame, r_out, r_lim = sizes.frame, sizes.outer_radius_mm, sizes.limit_radius_mm
    cx = frame.center_mm[0]
    out.score.append((Circle(cx, frame.center_mm[1], r_lim), "normal"))
    out.score.extend(hour_ticks(frame, r_out, r_lim))
    out.engrave.append(aries_index(frame, r_out, r_out - r_lim))
    out.score.extend(ecliptic_scores(sizes.ecliptic, True, band_keep))
    out.engrave.extend(box.outline for box in sizes.ecliptic.labels)
    if mirror:
        out.score = [(mirror_x(s, cx), w) for s, w in out.score]
        out.engrave = [mirror_x(s, cx) for s in out.engrave]  # type: ignore[misc]
    return out
