"""Stage 4 of the reduction: the latitude and the instrument's zero-point.

A home-made instrument reads every altitude with a common offset, its zero-point (index
error); unmodelled, it shows up as a wrong latitude. Both are fitted jointly with every
session's LST (``solve.fit_common``) from the sessions of two or more sightings: the
zero-point always (with the latitude fixed where it is known), the latitude too when it is
unknown or ``--fit-latitude`` asks for it. Where the latitude is known the joint fit is still
made and reported (``used_for_times: false``), as a check of the given latitude.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from astrolabe_fab.reduce import solve
from astrolabe_fab.reduce.roots import Geometry, Roots
from astrolabe_fab.reduce.sessions import Sessions
from astrolabe_fab.reduce.solve import Array

MIN_SESSIONS = 3
"""Sessions of two or more sightings needed to fit a latitude or a zero-point."""

MAX_LATITUDE_SIGMA_DEG = 2.0
MAX_ZERO_POINT_SIGMA_DEG = 0.5
"""Fits less precise than these are not used (nor reported, for the latitude)."""


@dataclass
class Estimate:
    """A fitted value with its formal sigma and 95 % interval, and whether the times use it."""

    value: float
    sigma: float
    used_for_times: bool

    def as_dict(self, digits: int = 4) -> dict[str, object]:
        return {
            "value": round(self.value, digits),
            "low": round(self.value - 1.96 * self.sigma, digits),
            "high": round(self.value + 1.96 * self.sigma, digits),
            "sigma": round(self.sigma, digits),
            "used_for_times": self.used_for_times,
        }


@dataclass
class GeometryFit:
    """The stage's result: the geometry for the next round, the latitude and zero-point
    estimates (None when the data cannot fix them) and a note for the summary."""

    geometry: Geometry
    latitude: Estimate | None
    zero_point: Estimate | None
    note: str = ""

    def moved(self, before: Geometry) -> bool:
        """Whether the geometry moved enough to search the roots again."""
        lat_step = float(np.nanmax(np.abs(self.geometry.lat_rad - before.lat_rad), initial=0.0))
        z_step = abs(self.geometry.zero_point_deg - before.zero_point_deg)
        return lat_step > math.radians(0.05) or z_step > 0.05


def _multi_sighting_rows(sessions: Sessions, roots: Roots) -> solve.FitData:
    """Kept rows of the sessions with two or more kept sightings and a root."""
    kept = sessions.data.subset(roots.keep)
    multi = roots.n_used >= 2
    return kept.subset(multi[kept.session] & np.isfinite(roots.theta[kept.session]))


def fit_geometry(
    sessions: Sessions, roots: Roots, geometry: Geometry, fit_latitude: bool
) -> GeometryFit:
    """Zero-point (and latitude when ``fit_latitude``) from the chosen roots."""
    rows = _multi_sighting_rows(sessions, roots)
    if len(np.unique(rows.session)) < MIN_SESSIONS:
        return GeometryFit(geometry, None, None, "too few sessions of 2+ sightings")
    spread = float(np.ptp(geometry.lat_rad)) if len(geometry.lat_rad) else 0.0
    one_place = spread <= math.radians(1.0)
    start = np.where(np.isfinite(roots.theta), roots.theta, 0.0)
    scale = max(2.0 * roots.noise_deg, 0.1)
    joint = _fit(rows, start, geometry, scale, fit_latitude=one_place)
    alone = _fit(rows, start, geometry, scale, fit_latitude=False)
    fit = joint if fit_latitude and one_place else alone
    new = Geometry(geometry.lat_rad, geometry.zero_point_deg)
    zero_point = None
    if fit.ok and fit.zero_point_sigma_unit * roots.noise_deg <= MAX_ZERO_POINT_SIGMA_DEG:
        new.zero_point_deg = fit.zero_point_deg
        zero_point = Estimate(fit.zero_point_deg, fit.zero_point_sigma_unit * roots.noise_deg, True)
    latitude = _latitude(joint, geometry, roots.noise_deg, fit_latitude)
    if latitude is not None and latitude.used_for_times:
        new.lat_rad = geometry.lat_rad + (math.radians(latitude.value) - geometry.lat_rad[0])
    note = "" if one_place else "sessions at several latitudes: no common latitude fitted"
    return GeometryFit(new, latitude, zero_point, note)


def _fit(
    rows: solve.FitData, start: Array, geometry: Geometry, scale: float, fit_latitude: bool
) -> solve.CommonFit:
    return solve.fit_common(
        rows,
        start,
        geometry.lat_rad,
        scale,
        fit_latitude=fit_latitude,
        zero_point0_deg=geometry.zero_point_deg,
    )


def _latitude(
    joint: solve.CommonFit, geometry: Geometry, noise_deg: float, used: bool
) -> Estimate | None:
    """The common latitude from the joint fit, when one place and precise enough."""
    if not joint.ok or not math.isfinite(joint.lat_sigma_unit):
        return None
    sigma = math.degrees(joint.lat_sigma_unit * noise_deg)
    if sigma > MAX_LATITUDE_SIGMA_DEG:
        return None
    value = math.degrees(float(geometry.lat_rad[0]) + joint.lat_rad)
    return Estimate(value, sigma, used)
