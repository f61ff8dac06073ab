"""Independent reference computations for tests: numpy rotation matrices and the SPEC §1
formulas written out directly, sharing no code with the package's geometry."""

from __future__ import annotations

import itertools
import math

import numpy as np

from astrolabe_fab.geometry.primitives import Arc, Circle, Contour, Polyline, Segment


def altaz_to_hadec(alt_deg: float, az_deg: float, lat_deg: float) -> tuple[float, float]:
    """Horizon -> equatorial by a rotation matrix (not the package's trigonometric formulas).

    Horizon frame: x north, y west, z zenith (azimuth east of north). Rotating about the
    west axis by (90 - lat) turns it into the equatorial frame: x meridian (H=0) on the
    equator, y west, z north pole.
    """
    a, az = math.radians(alt_deg), math.radians(az_deg)
    v = np.array([math.cos(a) * math.cos(az), -math.cos(a) * math.sin(az), math.sin(a)])
    colat = math.radians(90.0 - lat_deg)
    # horizon north (x_h) is the point at altitude 0 towards the pole: equatorial
    # direction (-sin lat, 0, cos lat); zenith is (cos lat, 0, sin lat).
    north = np.array([-math.cos(colat), 0.0, math.sin(colat)])
    zenith = np.array([math.sin(colat), 0.0, math.cos(colat)])
    west = np.array([0.0, 1.0, 0.0])
    e = v[0] * north + v[1] * west + v[2] * zenith
    dec = math.degrees(math.asin(max(-1.0, min(1.0, e[2]))))
    ha = math.degrees(math.atan2(e[1], e[0]))
    return ha, dec


def project(
    ha_deg: float, dec_deg: float, center: tuple[float, float], re_mm: float, south: bool
) -> tuple[float, float]:
    """SPEC §1 literally: r(d) = Re tan((90 -+ d)/2), (cx +- r sin H, cy - r cos H)."""
    if south:
        r = re_mm * math.tan(math.radians(90.0 + dec_deg) / 2.0)
        sx = -1.0
    else:
        r = re_mm * math.tan(math.radians(90.0 - dec_deg) / 2.0)
        sx = 1.0
    h = math.radians(ha_deg)
    return (center[0] + sx * r * math.sin(h), center[1] - r * math.cos(h))


def project_many(
    ha_deg: np.ndarray, dec_deg: np.ndarray, center: tuple[float, float], re_mm: float, south: bool
) -> np.ndarray:
    """``project`` for arrays of hour angles and declinations, (n, 2): SPEC section 1 written
    for numpy, r = Re tan((90 -+ d) / 2), (cx +- r sin H, cy - r cos H)."""
    dec = np.asarray(dec_deg, dtype=float)
    with np.errstate(all="ignore"):
        if south:
            r, sx = re_mm * np.tan(np.radians(90.0 + dec) / 2.0), -1.0
        else:
            r, sx = re_mm * np.tan(np.radians(90.0 - dec) / 2.0), 1.0
        h = np.radians(np.asarray(ha_deg, dtype=float))
        return np.column_stack([center[0] + sx * r * np.sin(h), center[1] - r * np.cos(h)])


def sky_points(
    alt_deg: np.ndarray,
    az_deg: np.ndarray,
    lat_deg: float,
    center: tuple[float, float],
    re_mm: float,
    south: bool,
) -> np.ndarray:
    """``project(*altaz_to_hadec(alt, az, lat), ...)`` for arrays of altitudes and azimuths:
    the same rotation, written for numpy, then ``project_many``; (n, 2)."""
    a = np.radians(np.asarray(alt_deg, dtype=float))
    az = np.radians(np.asarray(az_deg, dtype=float))
    v = np.stack([np.cos(a) * np.cos(az), -np.cos(a) * np.sin(az), np.sin(a)])
    colat = math.radians(90.0 - lat_deg)
    north = np.array([-math.cos(colat), 0.0, math.sin(colat)])
    zenith = np.array([math.sin(colat), 0.0, math.cos(colat)])
    west = np.array([0.0, 1.0, 0.0])
    e = north[:, None] * v[0] + west[:, None] * v[1] + zenith[:, None] * v[2]
    dec = np.degrees(np.arcsin(np.clip(e[2], -1.0, 1.0)))
    ha = np.degrees(np.arctan2(e[1], e[0]))
    return project_many(ha, dec, center, re_mm, south)


def distances_to_shapes(points: np.ndarray, shapes: list) -> np.ndarray:
    """For each row of ``points`` (n, 2), the distance to the nearest of ``shapes``: the
    minimum of ``distance_to_shape`` over them, computed for all the points at once (inf
    when there is no shape)."""
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    best = np.full(len(pts), np.inf)
    for shape in shapes:
        best = np.minimum(best, _distances(pts, shape))
    return best


def _distances(pts: np.ndarray, shape: object) -> np.ndarray:
    """``distance_to_shape`` of every row of ``pts`` to one primitive."""
    x, y = pts[:, 0], pts[:, 1]
    if isinstance(shape, Circle):
        return np.abs(np.hypot(x - shape.cx, y - shape.cy) - shape.r)
    if isinstance(shape, Arc):
        t = np.arctan2(y - shape.cy, x - shape.cx)
        lo = shape.start_rad if shape.sweep_rad > 0 else shape.start_rad + shape.sweep_rad
        on_arc = (t - lo) % (2 * math.pi) <= abs(shape.sweep_rad)
        (sx, sy), (ex, ey) = shape.start, shape.end
        ends = np.minimum(np.hypot(x - sx, y - sy), np.hypot(x - ex, y - ey))
        return np.where(on_arc, np.abs(np.hypot(x - shape.cx, y - shape.cy) - shape.r), ends)
    if isinstance(shape, Segment):
        return _segments(pts, np.asarray([shape.p0]), np.asarray([shape.p1]))
    if isinstance(shape, Polyline):
        ring = np.asarray(shape.points, dtype=float)
        return _segments(pts, ring[:-1], ring[1:])
    if isinstance(shape, Contour):
        return distances_to_shapes(pts, list(shape.pieces))
    raise TypeError(type(shape))


def _segments(pts: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distance of every point to the nearest of the segments a[k]-b[k] (``_point_segment``)."""
    dx, dy = (b[:, 0] - a[:, 0])[None, :], (b[:, 1] - a[:, 1])[None, :]
    n2 = dx * dx + dy * dy
    px, py = pts[:, :1] - a[None, :, 0], pts[:, 1:] - a[None, :, 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(n2 == 0, 0.0, np.clip((px * dx + py * dy) / n2, 0.0, 1.0))
    return np.hypot(px - t * dx, py - t * dy).min(axis=1)


def distance_to_shape(p: tuple[float, float], shape: object) -> float:
    """Euclidean distance from a point to a primitive (exact for arcs, circles, segments)."""
    if isinstance(shape, Circle):
        return abs(math.dist(p, shape.center) - shape.r)
    if isinstance(shape, Arc):
        t = math.atan2(p[1] - shape.cy, p[0] - shape.cx)
        lo = shape.start_rad if shape.sweep_rad > 0 else shape.start_rad + shape.sweep_rad
        if (t - lo) % (2 * math.pi) <= abs(shape.sweep_rad):
            return abs(math.dist(p, shape.center) - shape.r)
        return min(math.dist(p, shape.start), math.dist(p, shape.end))
    if isinstance(shape, Segment):
        return _point_segment(p, shape.p0, shape.p1)
    if isinstance(shape, Polyline):
        pts = shape.points
        return min(_point_segment(p, a, b) for a, b in itertools.pairwise(pts))
    if isinstance(shape, Contour):
        return min(distance_to_shape(p, piece) for piece in shape.pieces)
    raise TypeError(type(shape))


def _point_segment(p, a, b) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    n2 = dx * dx + dy * dy
    t = 0.0 if n2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / n2))
    return math.dist(p, (a[0] + t * dx, a[1] + t * dy))


def sample_shape(shape: object, step_mm: float = 0.5) -> list[tuple[float, float]]:
    """Points along a primitive (for 'does it cross / stay inside' checks)."""
    if isinstance(shape, Circle):
        n = max(8, int(2 * math.pi * shape.r / step_mm))
        return [shape.point_at(2 * math.pi * k / n) for k in range(n)]
    if isinstance(shape, Arc):
        n = max(2, int(shape.length_mm / step_mm) + 1)
        return [shape.point_at(shape.start_rad + shape.sweep_rad * k / n) for k in range(n + 1)]
    if isinstance(shape, Segment):
        n = max(1, int(shape.length_mm / step_mm) + 1)
        return [shape.point_at(k / n) for k in range(n + 1)]
    if isinstance(shape, Polyline):
        return list(shape.points)
    if isinstance(shape, Contour):
        return [q for piece in shape.pieces for q in sample_shape(piece, step_mm)]
    raise TypeError(type(shape))
