"""Building blocks of a cut-out rete's frame, shared by the designs (``rete_classic``,
``rete_modern``): rings, straight bars and arc bars, each with its exact generators (the
circles and lines its edges lie on, for ``rete_solid.ring_to_contour``), the points along its
middle (for the minimum-web check) and its centre line (a *track* that may carry names).

Every curved edge is an exact circle: an arc bar is the region between two concentric circles
(radius R +- w/2) between two angles. Mirroring about the solstitial colure (the line through
the pivot and the ecliptic's centre) maps each block onto a block of the same kind, so a
design that adds every block together with its mirror image is symmetric by construction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from shapely.geometry import Polygon

from ..geometry.primitives import Arc, Circle, Line, Point, Segment, circle_through
from ..geometry.projection import Frame
from .rete_ecliptic import EclipticRing
from .rete_solid import SAGITTA_MM, Generator, annulus, circle_polygon, strip

#: Spacing of the points along an element's middle line checked by the web test, mm.
SKELETON_STEP_MM = 1.0

Track = Segment | Arc


@dataclass
class FrameParts:
    """Polygons to unite, their generators, middle-line points and name tracks."""

    polygons: list[Polygon] = field(default_factory=list)
    generators: list[Generator] = field(default_factory=list)
    skeleton: list[Point] = field(default_factory=list)
    tracks: list[tuple[Track, float]] = field(default_factory=list)

    def add(self, other: FrameParts) -> None:
        self.polygons.extend(other.polygons)
        self.generators.extend(other.generators)
        self.skeleton.extend(other.skeleton)
        self.tracks.extend(other.tracks)


@dataclass(frozen=True)
class ReteGeometry:
    """The sizes every cut-out design starts from (mm)."""

    frame: Frame
    outer_radius_mm: float
    ring_inner_mm: float
    limit_radius_mm: float
    hub_radius_mm: float
    pivot_radius_mm: float
    ecliptic: EclipticRing
    min_web_mm: float
    #: cap height of star names on the rete
    name_cap_mm: float

    @property
    def center(self) -> Point:
        return self.frame.center_mm

    @property
    def axis(self) -> Axis:
        """The solstitial colure, pointing from the pivot to the ecliptic's centre."""
        cx, cy = self.center
        c = self.ecliptic.circle
        return Axis((cx, cy), math.atan2(c.cy - cy, c.cx - cx))

    @property
    def name_bar_mm(self) -> float:
        """Width of a bar that carries names: cap + descender (1/3 cap) + 2 x 0.55 mm."""
        return max(1.4 * self.min_web_mm, 1.34 * self.name_cap_mm + 1.1)

    def rim(self) -> FrameParts:
        cx, cy = self.center
        return ring((cx, cy), self.ring_inner_mm, self.outer_radius_mm)

    def band(self) -> FrameParts:
        c = self.ecliptic.circle
        return ring(c.center, self.ecliptic.inner_radius_mm, c.r)

    def hub(self) -> FrameParts:
        return disc(self.center, self.hub_radius_mm)


@dataclass(frozen=True)
class Axis:
    """The solstitial colure: through the pivot, towards the ecliptic's centre."""

    origin: Point
    angle_rad: float

    def mirror(self, p: Point) -> Point:
        """Reflection of p about the axis: p' = o + R(2 theta) (p - o) reflected."""
        ox, oy = self.origin
        c, s = math.cos(2.0 * self.angle_rad), math.sin(2.0 * self.angle_rad)
        dx, dy = p[0] - ox, p[1] - oy
        return (ox + c * dx + s * dy, oy + s * dx - c * dy)

    def mirror_angle(self, t_rad: float) -> float:
        """Direction t mirrored about the axis: 2 theta - t."""
        return 2.0 * self.angle_rad - t_rad

    def direction(self, offset_rad: float) -> tuple[float, float]:
        t = self.angle_rad + offset_rad
        return (math.cos(t), math.sin(t))


def ring(center: Point, r_in: float, r_out: float, carries_names: bool = False) -> FrameParts:
    """A full ring between two concentric circles."""
    cx, cy = center
    mid = (r_in + r_out) / 2.0
    parts = FrameParts(
        [annulus(cx, cy, r_in, r_out)],
        [Circle(cx, cy, r_in), Circle(cx, cy, r_out)],
        _circle_points(Circle(cx, cy, mid), 0.0, 2.0 * math.pi),
    )
    if carries_names:
        parts.tracks.append((Arc(cx, cy, mid, 0.0, 2.0 * math.pi - 1e-9), r_out - r_in))
    return parts


def bar(a: Point, b: Point, width_mm: float, carries_names: bool = False) -> FrameParts:
    """A straight bar of constant width from a to b."""
    poly, edges = strip(a, b, width_mm)
    n = max(1, math.floor(math.dist(a, b) / SKELETON_STEP_MM))
    pts = [Segment(a, b).point_at(k / n) for k in range(1, n)]
    parts = FrameParts([poly], list(edges), pts)
    if carries_names:
        parts.tracks.append((Segment(a, b), width_mm))
    return parts


def arc_bar(arc: Arc, width_mm: float, carries_names: bool = False) -> FrameParts:
    """The region between the circles of radius r +- w/2 about the arc's centre, over the arc's
    angles; its straight ends lie on the radii at both ends."""
    c = Circle(arc.cx, arc.cy, arc.r)
    outer = Circle(arc.cx, arc.cy, arc.r + width_mm / 2.0)
    inner = Circle(arc.cx, arc.cy, arc.r - width_mm / 2.0)
    t0, t1 = arc.start_rad, arc.start_rad + arc.sweep_rad
    pts = arc_points(outer, t0, t1) + arc_points(inner, t1, t0)
    ends = [Line.through(inner.point_at(t), outer.point_at(t)) for t in (t0, t1)]
    parts = FrameParts([Polygon(pts).buffer(0)], [outer, inner, *ends], _circle_points(c, t0, t1))
    if carries_names:
        parts.tracks.append((arc, width_mm))
    return parts


def mirrored_arc(arc: Arc, axis: Axis) -> Arc:
    """The arc's mirror image about the axis (same circle size, swept the other way)."""
    cx, cy = axis.mirror(arc.center)
    t0 = axis.mirror_angle(arc.start_rad)
    return Arc(cx, cy, arc.r, t0 - 0.0, -arc.sweep_rad)


def arc_points(circle: Circle, t0_rad: float, t1_rad: float) -> list[Point]:
    """Points exactly on the circle from angle t0 to t1, chords within SAGITTA_MM of it."""
    sweep = t1_rad - t0_rad
    step = 2.0 * math.acos(max(-1.0, 1.0 - SAGITTA_MM / circle.r))
    n = max(2, math.ceil(abs(sweep) / step))
    return [circle.point_at(t0_rad + sweep * k / n) for k in range(n + 1)]


def disc(center: Point, radius_mm: float) -> FrameParts:
    """A solid disc (hub, pads)."""
    circle = Circle(center[0], center[1], radius_mm)
    return FrameParts([circle_polygon(circle)], [circle], [])


def _circle_points(circle: Circle, t0_rad: float, t1_rad: float) -> list[Point]:
    n = max(1, math.floor(abs(t1_rad - t0_rad) * circle.r / SKELETON_STEP_MM))
    return [circle.point_at(t0_rad + (t1_rad - t0_rad) * k / n) for k in range(n)]


def arc_through(a: Point, mid: Point, b: Point) -> Arc:
    """The arc from a through mid to b (the three points must not be collinear)."""
    c = circle_through(a, mid, b)
    if not isinstance(c, Circle):
        raise ValueError("collinear points make no arc")
    t0, tm, t1 = c.angle_of(a), c.angle_of(mid), c.angle_of(b)
    ccw = (t1 - t0) % (2.0 * math.pi)
    through = (tm - t0) % (2.0 * math.pi) < ccw
    sweep = ccw if through else ccw - 2.0 * math.pi
    return Arc(c.cx, c.cy, c.r, t0, sweep)
