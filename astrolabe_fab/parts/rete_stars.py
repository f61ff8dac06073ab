"""Stars on the rete: where each tip goes, and a ray cast to find the structure from a tip.

A star of mean place (RA a, Dec d) at the epoch (``astro.stars.star_ra_dec``) is drawn, with the
rete at LST 0 h, at hour angle H = -a (SPEC §1): ``Frame.sky_to_plane(-15 a, d)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from ..astro.stars import Star, star_ra_dec
from ..geometry.primitives import Point
from ..geometry.projection import Frame


def star_tip(frame: Frame, ra_h: float, dec_deg: float) -> Point:
    """Plane position of a star with the rete at LST 0 h (H = -RA)."""
    return frame.sky_to_plane(-15.0 * ra_h, dec_deg)


@dataclass(frozen=True)
class StarPlace:
    """A star of the epoch and its tip on the rete."""

    star: Star
    ra_h: float
    dec_deg: float
    tip: Point


def star_places(frame: Frame, stars: list[Star], epoch_year: float) -> list[StarPlace]:
    out = []
    for star in stars:
        ra_h, dec_deg = star_ra_dec(star, epoch_year)
        out.append(StarPlace(star, ra_h, dec_deg, star_tip(frame, ra_h, dec_deg)))
    return out


@dataclass(frozen=True)
class BoundaryEdges:
    """The boundary of the solid structure as straight edges a + t e, t in [0, 1] (arrays)."""

    ax: np.ndarray
    ay: np.ndarray
    ex: np.ndarray
    ey: np.ndarray

    @staticmethod
    def of(geometry: shapely.Geometry) -> BoundaryEdges:
        rings = shapely.get_parts(shapely.boundary(geometry))
        xy, ring = shapely.get_coordinates(rings, return_index=True)
        same = ring[1:] == ring[:-1]
        a, b = xy[:-1][same], xy[1:][same]
        return BoundaryEdges(a[:, 0], a[:, 1], b[:, 0] - a[:, 0], b[:, 1] - a[:, 1])


#: Slack on the edge parameter t of a ray hit (rounding at shared vertices).
T_SLACK = 1e-9


def first_hits_mm(
    tip: Point, ux: np.ndarray, uy: np.ndarray, reach_mm: float, edges: BoundaryEdges
) -> np.ndarray:
    """Distance along each ray tip + s u (0 <= s <= reach) to the first boundary edge it meets
    (inf when none): with w = a - tip and c(p, q) = p_x q_y - p_y q_x, the ray meets an edge at
    s = c(w, e) / c(u, e) when t = c(w, u) / c(u, e) lies in [0, 1]. Edges wholly outside the
    square of half-side ``reach_mm`` round the tip cannot be met and are skipped."""
    ax, ay, ex, ey = edges.ax, edges.ay, edges.ex, edges.ey
    near = (
        (np.minimum(ax, ax + ex) <= tip[0] + reach_mm)
        & (np.maximum(ax, ax + ex) >= tip[0] - reach_mm)
        & (np.minimum(ay, ay + ey) <= tip[1] + reach_mm)
        & (np.maximum(ay, ay + ey) >= tip[1] - reach_mm)
    )
    ax, ay, ex, ey = ax[near], ay[near], ex[near], ey[near]
    wx = ax - tip[0]
    wy = ay - tip[1]
    ux_, uy_ = ux[:, None], uy[:, None]
    denom = ux_ * ey - uy_ * ex
    with np.errstate(divide="ignore", invalid="ignore"):
        s = (wx * ey - wy * ex) / denom
        t = (wx * uy_ - wy * ux_) / denom
    # a small slack on t: a ray through a vertex meets both edges there, not neither
    ok = (denom != 0.0) & (s >= 0.0) & (s <= reach_mm) & (t >= -T_SLACK) & (t <= 1.0 + T_SLACK)
    return np.where(ok, s, np.inf).min(axis=1, initial=np.inf)
