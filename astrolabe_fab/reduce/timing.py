"""Stage 3 of the reduction: each session's local times, its clock against the sky, the
longitude of each site, and the sessions whose clock disagrees with the sky.

Per session (conventions of ``clock``): apparent time = LST - RA(Sun) + 12 h, mean time =
apparent - EoT, ``clock_minus_mean_min`` = clock UTC - mean time wrapped into +-720 min
around the site's expected offset (-4 min x longitude), the implied longitude, and the time
error = clock - true UTC = -4 min/deg x (session longitude - site longitude).

Longitude of a site: an equal-weight Huber M-estimate of its sessions' longitudes (every
session one vote, whatever its class or formal precision: real logs have class-dependent
biases, and precision weights let the precise class dominate), first over all sessions, then
over the unflagged ones; its 95 % interval from the estimator's asymptotic variance.

Flags: a session is flagged when no LST within the clock's tolerance of its reading (the
clock corrected by the site's common offset, +- max(``FLAG_FLOOR_MIN``, 3 tau), tau the
clock's own scatter between sessions measured from the data) fits its kept sightings: the
sum of squared residuals there exceeds the best fit's by more than ``FLAG_CHI2`` noise
variances (``sky_check.clock_disagreement``; exact even for a body on the meridian, where
the local slope says nothing). Nothing is dropped: the summary gives all-session figures
first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from astrolabe_fab.reduce import sky_check, solve, verdict
from astrolabe_fab.reduce.clock import MINUTES_PER_DEG, implied_longitude_deg, wrap
from astrolabe_fab.reduce.roots import Geometry, Roots
from astrolabe_fab.reduce.sessions import Sessions, Site
from astrolabe_fab.reduce.solve import Array

HUBER_K = 1.345
"""Huber's tuning constant: 95 % efficiency for Gaussian data (Huber 1964)."""

FLAG_CHI2 = 9.0
"""Chi^2 rise (3 sigma for one parameter) beyond which the clock disagrees with the sky."""

FLAG_FLOOR_MIN = 5.0
"""Least tolerance of the clock (minutes): below it a clock error is an ordinary slip."""


@dataclass
class Location:
    """A robust location estimate: value, standard error, robust scale (1.4826 MAD), n."""

    value: float
    sigma: float
    scale: float
    n: int


def huber_location(values: Array, k: float = HUBER_K) -> Location:
    """Huber M-estimate of location with the MAD scale held fixed (Huber 1964; Hampel et al.
    1986, ch. 2): mu solves sum psi((x - mu) / s) = 0, psi(u) = max(-k, min(k, u)), by
    iterated reweighting; var(mu) = s^2 E[psi^2] / (E[psi'])^2 / n."""
    x = np.asarray(values, dtype=np.float64)
    x = x[np.isfinite(x)]
    if len(x) == 0:
        return Location(math.nan, math.nan, math.nan, 0)
    mu = float(np.median(x))
    s = max(float(1.4826 * np.median(np.abs(x - mu))), 1e-9)
    for _ in range(100):
        r = np.abs(x - mu)
        w = np.minimum(1.0, k * s / np.maximum(r, 1e-300))
        new = float(np.sum(w * x) / np.sum(w))
        if abs(new - mu) < 1e-10 * s:
            mu = new
            break
        mu = new
    u = (x - mu) / s
    inside = float(np.mean(np.abs(u) <= k))
    psi2 = float(np.mean(np.clip(u, -k, k) ** 2))
    se = s * math.sqrt(psi2 / max(inside, 1e-9) ** 2 / len(x)) if len(x) > 1 else math.inf
    return Location(mu, se, s, len(x))


@dataclass
class SiteLongitude:
    """One site's pooled longitude (deg, east +) with its 95 % interval, the sessions used,
    the reference the time errors are taken against, and how it was found."""

    site: Site
    estimate: Location
    reference_deg: float
    reference: str
    n_sessions: int

    def as_dict(self) -> dict[str, object]:
        e = self.estimate
        return {
            "value": round(e.value, 4),
            "low": round(e.value - 1.96 * e.sigma, 4),
            "high": round(e.value + 1.96 * e.sigma, 4),
            "sigma": round(e.sigma, 4),
            "session_robust_sd": round(e.scale, 4),
            "n": e.n,
            "method": "Huber M-estimate, equal weight per session, unflagged sessions",
        }


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


def _pool(lon: Array, centre_deg: float) -> Location:
    """Huber location of longitudes, wrapped around ``centre_deg``."""
    est = huber_location(wrap(lon, 360.0, centre_deg))
    est.value = float(wrap(est.value, 360.0))
    return est


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
    """What the clock check needs: the kept rows (zero-point removed), latitudes, roots."""

    rows: solve.FitData
    lat_rad: Array
    theta: Array
    noise_deg: float

    @classmethod
    def of(cls, sessions: Sessions, roots: Roots, geometry: Geometry) -> _Check:
        rows = sessions.data.shifted(geometry.zero_point_deg).subset(roots.keep)
        return cls(rows, geometry.lat_rad, roots.theta, roots.noise_deg)

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
    """One site's sessions and its longitude after the two passes."""

    members: NDArray[np.intp]
    pooled: SiteLongitude
    error_min: Array
    flagged: NDArray[np.bool_]
    tau_min: float


def _site(check: _Check, sessions: Sessions, lon: Array, site_index: int) -> _SiteRun:
    """Pool, flag, pool again without the flagged sessions, flag again."""
    site = sessions.sites[site_index]
    members = np.flatnonzero(sessions.site == site_index)
    lon_m = lon[members]
    sigma = sky_check.profile_sigma_min(check.rows, check.lat_rad, check.theta, check.noise_deg)
    sigma = sigma[members]
    given = math.isfinite(site.longitude_deg)
    known = np.isfinite(lon_m).any()
    centre = site.longitude_deg if given else float(np.nanmedian(lon_m)) if known else 0.0
    flagged = np.zeros(len(members), dtype=bool)
    for _ in range(2):
        est = _pool(np.where(flagged, np.nan, lon_m), centre)
        ref = site.longitude_deg if given else est.value
        error = wrap(-MINUTES_PER_DEG * (lon_m - ref), 1440.0)
        middle = huber_location(np.where(flagged, np.nan, error)).value
        middle = 0.0 if not math.isfinite(middle) else middle
        tau = clock_scatter_min(np.where(flagged, np.nan, error - middle), sigma)
        flagged = check.flagged(members, error - middle, max(FLAG_FLOOR_MIN, 3.0 * tau))
    pooled = SiteLongitude(site, est, ref, "given" if given else "estimated", len(members))
    return _SiteRun(members, pooled, error, flagged, tau)


def time_and_longitude(sessions: Sessions, roots: Roots, geometry: Geometry) -> Timing:
    """Stage 3 (module docstring)."""
    times = _local_times(sessions, roots.theta)
    check = _Check.of(sessions, roots, geometry)
    n = sessions.n
    error, expected = np.full(n, np.nan), np.zeros(n)
    flagged = np.zeros(n, dtype=bool)
    pooled: list[SiteLongitude] = []
    taus: list[float] = []
    for index in range(len(sessions.sites)):
        run = _site(check, sessions, times["longitude_deg"], index)
        error[run.members], flagged[run.members] = run.error_min, run.flagged
        expected[run.members] = -MINUTES_PER_DEG * run.pooled.reference_deg
        pooled.append(run.pooled)
        taus.append(run.tau_min)
    clock_minus_mean = wrap((sessions.utc_h - times["mean_time_h"]) * 60.0, 1440.0, expected)
    flags = verdict.flags(sessions, roots, error, flagged)
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
