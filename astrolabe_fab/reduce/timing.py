"""Stage 3 of the reduction: each session's local times, its clock against the sky, the
longitude of each site, and the sessions whose clock disagrees with the sky.

Per session (conventions of ``clock``): apparent time = LST - RA(Sun) + 12 h, mean time =
apparent - EoT, ``clock_minus_mean_min`` = clock UTC - mean time wrapped into +-720 min
around the site's expected offset (-4 min x longitude), the implied longitude, and the time
error = clock - true UTC = -4 min/deg x (session longitude - site longitude).

Longitude of a site (``longitude``): an equal-weight Huber M-estimate of its sessions'
longitudes (every session one vote, whatever its class or formal precision: real logs have
class-dependent biases, and precision weights let the precise class dominate), first over all
sessions, then over the unflagged ones; each class's own (day, night); the 95 % interval
widened to hold every class's own.

Flags: a session is flagged when no LST within the clock's tolerance of its reading (the
clock corrected by the site's common offset, +- max(``FLAG_FLOOR_MIN``, 3 tau), tau the
clock's own scatter between sessions measured from the data) fits its kept sightings: the
sum of squared residuals there exceeds the best fit's by more than ``FLAG_CHI2`` noise
variances (``sky_check.clock_disagreement``; exact even for a body on the meridian, where
the local slope says nothing); a session left without a root is judged at the sidereal time
that fits all its sightings best; and a session whose Moon fits a day earlier or later than
logged is flagged too (``day_slip``: a whole day moves nothing else the sky can see).
Nothing is dropped: the summary gives all-session figures first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from astrolabe_fab.reduce import day_slip, longitude, sky_check, solve, verdict
from astrolabe_fab.reduce.clock import MINUTES_PER_DEG, implied_longitude_deg, wrap
from astrolabe_fab.reduce.longitude import SiteLongitude, huber_location
from astrolabe_fab.reduce.positions import Sky
from astrolabe_fab.reduce.roots import Geometry, Roots, best_without_root
from astrolabe_fab.reduce.sessions import Sessions
from astrolabe_fab.reduce.solve import Array

FLAG_CHI2 = 5.0
"""Chi^2 rise (2.2 sigma for one parameter) beyond which the clock disagrees with the sky:
chosen on 16 simulated logs (seeds 401-416) as the highest that flags every timestamp fault
the sky can see (chi^2 > 16 on the true altitudes), a noisy reading of a 4-sigma fault
falling below it 4 % of the time; clean sessions flagged 0.5 % (9 flags 0.03 %, but misses
6 % of the visible faults)."""

FLAG_FLOOR_MIN = 5.0
"""Least tolerance of the clock (minutes): below it a clock error is an ordinary slip."""


@dataclass
class Timing:
    """The stage's result, per session (arrays) and per site."""

    lst_h: Array
    apparent_time_h: Array
    eot_min: Array
    mean_time_h: Array
    clock_minus_mean_min: Array
    longitude_deg: Array
    time_error_min: Array
    flagged: NDArray[np.bool_]
    flags: list[str]
    sites: list[SiteLongitude]
    clock_scatter_min: float


def _local_times(sessions: Sessions, theta: Array) -> dict[str, Array]:
    """LST, apparent and mean time (h), EoT (min) and implied longitude of every session."""
    lst_h = np.mod(np.degrees(theta) / 15.0, 24.0)
    apparent = np.mod(lst_h - sessions.sun[:, 0] + 12.0, 24.0)
    eot = np.where(np.isfinite(theta), sessions.sun[:, 2], np.nan)
    idx = np.arange(sessions.n)
    return {
        "lst_h": lst_h,
        "apparent_time_h": apparent,
        "eot_min": eot,
        "mean_time_h": np.mod(apparent - eot / 60.0, 24.0),
        "longitude_deg": implied_longitude_deg(theta, idx, sessions.sun, sessions.utc_h),
    }


def clock_scatter_min(error_min: Array, sigma_min: Array) -> float:
    """The clock's own scatter tau (min): the smallest tau >= 0 for which the median of
    |e| / sqrt(sigma^2 + tau^2) is at most 0.6745 (the Gaussian MAD), by bisection."""
    ok = np.isfinite(error_min) & np.isfinite(sigma_min)
    e, s = np.abs(error_min[ok]), sigma_min[ok]
    if len(e) == 0:
        return 0.0

    def median_z(tau: float) -> float:
        return float(np.median(e / np.sqrt(s**2 + tau**2 + 1e-12)))

    if median_z(0.0) <= 0.6745:
        return 0.0
    lo, hi = 0.0, 2000.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if median_z(mid) > 0.6745 else (lo, mid)
    return hi


@dataclass
class _Check:
    """What the clock check needs: the kept rows (zero-point removed), latitudes, roots;
    for the sessions left without a root, all their rows and the LST that fits them best
    (``roots.best_without_root``)."""

    rows: solve.FitData
    lat_rad: Array
    theta: Array
    noise_deg: float
    reduced: NDArray[np.bool_]

    @classmethod
    def of(cls, sessions: Sessions, roots: Roots, geometry: Geometry) -> _Check:
        fallback = best_without_root(sessions, geometry, roots)
        unreduced = np.isfinite(fallback)
        keep = roots.keep | unreduced[sessions.data.session]
        rows = sessions.data.shifted(geometry.zero_point_deg).subset(keep)
        theta = np.where(unreduced, fallback, roots.theta)
        return cls(rows, geometry.lat_rad, theta, roots.noise_deg, np.isfinite(roots.theta))

    def flagged(
        self, members: NDArray[np.intp], offset_min: Array, tolerance_min: float
    ) -> NDArray[np.bool_]:
        """Sessions ``members`` whose clock, ``offset_min`` from the chosen root, disagrees."""
        clock_theta = self.theta.copy()
        clock_theta[members] += np.radians(offset_min / MINUTES_PER_DEG)
        rise = sky_check.clock_disagreement(
            self.rows, self.lat_rad, self.theta, clock_theta, tolerance_min
        )
        chi2 = rise[members] / self.noise_deg**2
        return np.isfinite(chi2) & (chi2 > FLAG_CHI2) & np.isfinite(offset_min)


@dataclass
class _SiteRun:
    """One site's sessions and its longitude after the two passes: the clock errors of the
    reduced sessions, and of every session its clock's offset from the sky (that of a
    session without a root from the LST that fits it best)."""

    members: NDArray[np.intp]
    pooled: SiteLongitude
    error_min: Array
    offset_min: Array
    flagged: NDArray[np.bool_]
    tau_min: float
    clock_min: Array
    tolerance_min: float


def _site(check: _Check, sessions: Sessions, lon: Array, site_index: int) -> _SiteRun:
    """Pool, flag, pool again without the flagged sessions, flag again."""
    site = sessions.sites[site_index]
    members = np.flatnonzero(sessions.site == site_index)
    lon_m = np.where(check.reduced, lon, np.nan)[members]
    sigma = sky_check.profile_sigma_min(check.rows, check.lat_rad, check.theta, check.noise_deg)
    sigma = sigma[members]
    given = math.isfinite(site.longitude_deg)
    known = np.isfinite(lon_m).any()
    centre = site.longitude_deg if given else float(np.nanmedian(lon_m)) if known else 0.0
    flagged = np.zeros(len(members), dtype=bool)
    for _ in range(2):
        est = longitude.pooled(np.where(flagged, np.nan, lon_m), centre)
        ref = site.longitude_deg if given else est.value
        offset = wrap(-MINUTES_PER_DEG * (lon[members] - ref), 1440.0)
        error = np.where(check.reduced[members], offset, np.nan)
        middle = huber_location(np.where(flagged, np.nan, error)).value
        middle = 0.0 if not math.isfinite(middle) else middle
        tau = clock_scatter_min(np.where(flagged, np.nan, error - middle), sigma)
        flagged = check.flagged(members, offset - middle, max(FLAG_FLOOR_MIN, 3.0 * tau))
    classes = longitude.by_class(np.where(flagged, np.nan, lon_m), sessions.by_day[members], centre)
    pooled = SiteLongitude(site, est, ref, "given" if given else "estimated", len(members), classes)
    tolerance = max(FLAG_FLOOR_MIN, 3.0 * tau)
    return _SiteRun(members, pooled, error, offset, flagged, tau, offset - middle, tolerance)


def time_and_longitude(
    sessions: Sessions, roots: Roots, geometry: Geometry, sky_cache: Sky | None = None
) -> Timing:
    """Stage 3 (module docstring)."""
    times = _local_times(sessions, roots.theta)
    check = _Check.of(sessions, roots, geometry)
    idx = np.arange(sessions.n)
    lon_check = implied_longitude_deg(check.theta, idx, sessions.sun, sessions.utc_h)
    n = sessions.n
    error, offset, expected = np.full(n, np.nan), np.full(n, np.nan), np.zeros(n)
    flagged = np.zeros(n, dtype=bool)
    clock = day_slip.ClockWindow(np.full(n, np.nan), np.zeros(n))
    pooled: list[SiteLongitude] = []
    taus: list[float] = []
    for index in range(len(sessions.sites)):
        run = _site(check, sessions, lon_check, index)
        error[run.members], flagged[run.members] = run.error_min, run.flagged
        offset[run.members] = run.offset_min
        clock.theta_rad[run.members] = check.theta[run.members] + np.radians(
            run.clock_min / MINUTES_PER_DEG
        )
        clock.tolerance_min[run.members] = run.tolerance_min
        expected[run.members] = -MINUTES_PER_DEG * run.pooled.reference_deg
        pooled.append(run.pooled)
        taus.append(run.tau_min)
    clock_minus_mean = wrap((sessions.utc_h - times["mean_time_h"]) * 60.0, 1440.0, expected)
    slips = day_slip.day_slips(sessions, geometry, roots.noise_deg, sky_cache or Sky(), clock)
    flags = verdict.flags(sessions, roots, offset, flagged, slips)
    flagged |= slips != 0
    return Timing(
        lst_h=times["lst_h"],
        apparent_time_h=times["apparent_time_h"],
        eot_min=times["eot_min"],
        mean_time_h=times["mean_time_h"],
        clock_minus_mean_min=clock_minus_mean,
        longitude_deg=times["longitude_deg"],
        time_error_min=error,
        flagged=flagged,
        flags=flags,
        sites=pooled,
        clock_scatter_min=float(np.median(taus)) if taus else 0.0,
    )
