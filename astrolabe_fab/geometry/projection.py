"""The SPEC §1 frame: stereographic projection of the sky onto the equator plane, in mm.

Northern instrument: projected from the south celestial pole, north pole at the pivot, a point
of declination d at radius r(d) = Re tan((90 - d) / 2). Southern instrument: projected from the
north pole, r(d) = Re tan((90 + d) / 2), and the picture mirrored so that east is on the right.
A sky point of hour angle H (west positive) lies at (cx + s r sin H, cy - r cos H), s = +1 in
the north and -1 in the south (SPEC §1).

Sky vectors are unit vectors in the equatorial frame of the observer's meridian:
x towards the upper meridian on the equator (H = 0, d = 0), y towards the west point (H = 90°),
z towards the north celestial pole.

Stereographic projection maps every circle on the sphere to a circle or, when it passes
through the projection pole, to a straight line (Ptolemy, Planisphaerium; e.g. Needham,
"Visual Complex Analysis", §3.IV). ``sky_circle_to_plane`` uses this: three projected points of
the sky circle fix the plane circle exactly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from .primitives import Circle, Line, Point, circle_through

Vector = tuple[float, float, float]
#: A projected circle larger than this many equator radii is drawn as its chord line.
NEAR_LINE_RADII = 1e6
Hemisphere = Literal["north", "south"]


def sky_vector(hour_angle_deg: float, dec_deg: float) -> Vector:
    """Unit vector of hour angle H (west positive) and declination d."""
    h, d = math.radians(hour_angle_deg), math.radians(dec_deg)
    return (math.cos(d) * math.cos(h), math.cos(d) * math.sin(h), math.sin(d))


def horizontal_to_equatorial(
    altitude_deg: float, azimuth_deg: float, latitude_deg: float
) -> tuple[float, float]:
    """(altitude, azimuth from north, east positive) at latitude phi -> (H west positive, dec).

    sin d = sin phi sin a + cos phi cos a cos A;  cos d sin H = -cos a sin A;
    cos d cos H = cos phi sin a - sin phi cos a cos A   (Meeus, Astronomical Algorithms, ch. 13).
    """
    a, az, phi = (math.radians(v) for v in (altitude_deg, azimuth_deg, latitude_deg))
    sin_d = math.sin(phi) * math.sin(a) + math.cos(phi) * math.cos(a) * math.cos(az)
    y = -math.cos(a) * math.sin(az)
    x = math.cos(phi) * math.sin(a) - math.sin(phi) * math.cos(a) * math.cos(az)
    return math.degrees(math.atan2(y, x)), math.degrees(math.asin(max(-1.0, min(1.0, sin_d))))


def horizontal_vector(altitude_deg: float, azimuth_deg: float, latitude_deg: float) -> Vector:
    """Sky vector (equatorial frame) of an altitude/azimuth at a latitude."""
    return sky_vector(*horizontal_to_equatorial(altitude_deg, azimuth_deg, latitude_deg))


def _normalize(v: Vector) -> Vector:
    n = math.sqrt(v[0] ** 2 + v[1] ** 2 + v[2] ** 2)
    return (v[0] / n, v[1] / n, v[2] / n)


def _cross(a: Vector, b: Vector) -> Vector:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def _dot(a: Vector, b: Vector) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


@dataclass(frozen=True)
class Frame:
    """Where the projection sits on a part: pivot, equator radius and hemisphere."""

    center_mm: Point
    equator_radius_mm: float
    hemisphere: Hemisphere = "north"

    @property
    def _sign(self) -> float:
        return 1.0 if self.hemisphere == "north" else -1.0

    @property
    def projection_pole(self) -> Vector:
        """The pole projected from: the south pole for a northern instrument, else the north."""
        return (0.0, 0.0, -self._sign)

    @property
    def pivot(self) -> Point:
        return self.center_mm

    def radius_mm(self, dec_deg: float) -> float:
        """r(d) = Re tan((90 - d)/2) in the north, Re tan((90 + d)/2) in the south (SPEC §1)."""
        return self.equator_radius_mm * math.tan(math.radians(90.0 - self._sign * dec_deg) / 2.0)

    def dec_at_radius(self, radius_mm: float) -> float:
        """Inverse of ``radius_mm``: the declination drawn at a distance from the pivot."""
        d = 90.0 - 2.0 * math.degrees(math.atan(radius_mm / self.equator_radius_mm))
        return self._sign * d

    def sky_to_plane(self, hour_angle_deg: float, dec_deg: float) -> Point:
        """(cx + s r(d) sin H, cy - r(d) cos H), SPEC §1."""
        r = self.radius_mm(dec_deg)
        h = math.radians(hour_angle_deg)
        cx, cy = self.center_mm
        return (cx + self._sign * r * math.sin(h), cy - r * math.cos(h))

    def vector_to_plane(self, v: Vector) -> Point:
        """Project a unit sky vector: (x, y) / (1 + s z) scaled by Re, then oriented per SPEC.

        The projection pole itself goes to infinity: (inf, inf).
        """
        s = self._sign
        den = 1.0 + s * v[2]
        if den < 1e-15:
            return (math.inf, math.inf)
        k = self.equator_radius_mm / den
        cx, cy = self.center_mm
        return (cx + s * k * v[1], cy - k * v[0])

    def plane_to_vector(self, p: Point) -> Vector:
        """Inverse stereographic projection of a plane point to a unit sky vector."""
        s = self._sign
        cx, cy = self.center_mm
        u = -(p[1] - cy) / self.equator_radius_mm  # along x (upper meridian)
        w = s * (p[0] - cx) / self.equator_radius_mm  # along y (west)
        rho2 = u * u + w * w
        z = s * (1.0 - rho2) / (1.0 + rho2)
        return (2.0 * u / (1.0 + rho2), 2.0 * w / (1.0 + rho2), z)

    def sky_circle_to_plane(self, axis: Vector, angular_radius_deg: float) -> Circle | Line:
        """Image of the sky circle of angular radius rho around ``axis``: a circle or a line.

        Three points of the sky circle, chosen a quarter turn or more away from the one nearest
        the projection pole, are projected and the plane circle is drawn through them; when the
        sky circle passes through the projection pole its image is the line through two points.
        """
        c = _normalize(axis)
        rho = math.radians(angular_radius_deg)
        helper = (1.0, 0.0, 0.0) if abs(c[0]) < 0.9 else (0.0, 1.0, 0.0)
        e1 = _normalize(_cross(c, helper))
        e2 = _cross(c, e1)
        pole = self.projection_pole
        t_near = math.atan2(_dot(pole, e2), _dot(pole, e1))
        through_pole = abs(_dot(c, pole) - math.cos(rho)) < 1e-12

        def at(t: float) -> Point:
            cr, sr = math.cos(rho), math.sin(rho)
            ct, st = math.cos(t), math.sin(t)
            v: Vector = (
                cr * c[0] + sr * (ct * e1[0] + st * e2[0]),
                cr * c[1] + sr * (ct * e1[1] + st * e2[1]),
                cr * c[2] + sr * (ct * e1[2] + st * e2[2]),
            )
            return self.vector_to_plane(v)

        if through_pole:
            return Line.through(at(t_near + 2.0 * math.pi / 3.0), at(t_near - 2.0 * math.pi / 3.0))
        p1, p2, p3 = at(t_near + math.pi / 2.0), at(t_near + math.pi), at(t_near - math.pi / 2.0)
        circle = circle_through(p1, p2, p3)
        if isinstance(circle, Circle) and circle.r > NEAR_LINE_RADII * self.equator_radius_mm:
            # within 3 Re of the pivot it departs from its chord by < 5e-6 Re: draw the line
            return Line.through(p1, p3)
        return circle

    def parallel(self, dec_deg: float) -> Circle:
        """The circle of a declination (equator, tropics, declination circles)."""
        cx, cy = self.center_mm
        return Circle(cx, cy, self.radius_mm(dec_deg))

    def almucantar(self, altitude_deg: float, latitude_deg: float) -> Circle | Line:
        """Circle of equal altitude a: the sky circle of radius 90 - a around the zenith."""
        zenith = sky_vector(0.0, latitude_deg)
        return self.sky_circle_to_plane(zenith, 90.0 - altitude_deg)

    def azimuth_circle(self, azimuth_deg: float, latitude_deg: float) -> Circle | Line:
        """Vertical circle of azimuth A (north = 0, east = 90): the great circle through the
        zenith and the horizon point of azimuth A, whose axis is the horizon point at A - 90.
        """
        axis = horizontal_vector(0.0, azimuth_deg - 90.0, latitude_deg)
        return self.sky_circle_to_plane(axis, 90.0)

    def hour_line_direction(self, hour_angle_deg: float) -> Line:
        """Radial line of an hour circle (a line through the pivot)."""
        far = self.sky_to_plane(hour_angle_deg, 0.0)
        return Line.through(self.center_mm, far)


def ecliptic_axis(obliquity_deg: float, sidereal_time_h: float = 0.0) -> Vector:
    """North ecliptic pole as a sky vector (RA 18 h, dec 90 - eps) at local sidereal time T.

    Hour angle H = T - RA; at T = 0 the pole stands at H = -18 h = +6 h (west).
    """
    hour_angle_deg = (sidereal_time_h - 18.0) * 15.0
    return sky_vector(hour_angle_deg, 90.0 - obliquity_deg)
