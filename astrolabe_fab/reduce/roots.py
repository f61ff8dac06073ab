"""Stage 2 of the reduction: every session's sidereal time (its root), chosen among the
minima of its fit.

One altitude gives two hour angles (east and west of the meridian), so a session's cost has
several minima. Among the minima the data find equally good, the clock breaks the tie first:
it is usually right to minutes, whereas side/azimuth columns are read off the instrument by
hand and are wrong a few % of the time. A side or azimuth column decides only when the clock
cannot: when it lies hours from every minimum (a wrong timestamp), or about as near two of
them. Misread sightings (beyond 3 sigma of their session's fit) are dropped and listed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from astrolabe_fab.reduce import choice, sky_check, solve
from astrolabe_fab.reduce.clock import implied_longitude_deg
from astrolabe_fab.reduce.sessions import Sessions
from astrolabe_fab.reduce.solve import Array, IntArray

SEARCH_SCALE_DEG = 1.5
"""Cauchy scale of the search for minima over all sightings (misread stars included)."""

DEFAULT_NOISE_DEG = 1.0
"""Assumed altitude noise when too few multi-sighting sessions exist to measure it."""

UNMEASURED_NOISE_DEG = 3.0
"""Noise the outlier test assumes when the noise cannot be measured (drops misfits > 9 deg)."""

NOISE_FLOOR_DEG = 0.05
"""Lowest altitude noise assumed (model and rounding errors)."""

OUTLIER_SIGMAS = 3.0
"""A sighting whose standardised residual exceeds this many sigma is dropped (a misread)."""


@dataclass
class Geometry:
    """What the fit assumes of the place and the instrument: each session's latitude (rad)
    and the instrument's zero-point (deg, added to every true reading)."""

    lat_rad: Array
    zero_point_deg: float = 0.0


@dataclass
class Roots:
    """Each session's chosen LST at its reference time (rad, NaN when none), how it was
    chosen, the sightings kept (per solver row), the altitude noise, and per session the LST's
    formal sigma (min of time), the rms residual and the number of sightings used."""

    theta: Array
    picked: choice.Picked
    keep: NDArray[np.bool_]
    candidates: solve.Candidates
    noise_deg: float
    noise_measured: bool
    lst_sigma_min: Array
    rms_deg: Array
    n_used: IntArray


def _search(
    data: solve.FitData, lat_rad: Array, scale: float, kind: str = "soft_l1"
) -> solve.Candidates:
    """Every local minimum: grid search, refinement, and a second refinement seeded beside
    each poorly conditioned minimum (close mirror minima hide in one grid cell)."""
    s, t = solve.grid_candidates(data, lat_rad, scale, kind=kind)
    first = solve.refine(data, lat_rad, s, t, scale, kind=kind)
    flat = first.curvature < (0.35 * 180.0 / math.pi) ** 2
    if not flat.any():
        return first
    seeds_s = np.concatenate([first.session, first.session[flat], first.session[flat]])
    seeds_t = np.concatenate(
        [first.theta_rad, first.theta_rad[flat] - 0.01, first.theta_rad[flat] + 0.01]
    )
    return solve.refine(data, lat_rad, seeds_s, seeds_t, scale, kind=kind)


def _leverage(jac: Array, session: IntArray, n_s: int) -> Array:
    """Leverage of each sighting in its session's one-parameter fit: h = a^2 / sum a^2
    (a = dh/dT); the residual's variance is sigma^2 (1 - h) (e.g. Draper & Smith ch. 8)."""
    total = solve.group_sum(session, jac * jac, n_s)[session]
    return np.where(total > 0, jac * jac / np.where(total > 0, total, 1.0), 1.0)


def noise_estimate(resid: Array, jac: Array, session: IntArray, n_s: int) -> float | None:
    """Altitude noise sigma: 1.4826 MAD of the standardised residuals r / sqrt(1 - h) of the
    sightings that do not dominate their session's fit (h < 0.9); None if fewer than 6."""
    h = _leverage(jac, session, n_s)
    ok = (h < 0.9) & np.isfinite(resid)
    if ok.sum() < 6:
        return None
    scaled = np.abs(resid[ok]) / np.sqrt(1.0 - h[ok])
    return max(NOISE_FLOOR_DEG, float(1.4826 * np.median(scaled)))


def _inliers(
    resid: Array, jac: Array, session: IntArray, n_s: int, noise: float
) -> NDArray[np.bool_]:
    """Rows to keep: standardised residual |r| / sqrt(1 - h) <= 3 sigma. A session may lose
    every sighting (a body that cannot reach the measured altitude there): it is then left
    unreduced."""
    h = np.minimum(_leverage(jac, session, n_s), 0.9)
    return np.abs(resid) / np.sqrt(1.0 - h) <= OUTLIER_SIGMAS * noise


@dataclass
class _Clock:
    """What the root choice needs of the sessions: the longitude the clock is read against
    (per session, NaN if none), the Sun per session and the UTC hours."""

    longitude_deg: Array
    sun: Array
    utc_h: Array

    def longitudes(self, cands: solve.Candidates) -> Array:
        return implied_longitude_deg(cands.theta_rad, cands.session, self.sun, self.utc_h)


def _refit(
    data: solve.FitData, lat_rad: Array, theta: Array, scale: float
) -> tuple[Array, Array, Array]:
    """Least-squares-like refit of every chosen root (a Cauchy minimum hugs some sightings
    and exaggerates the others' residuals): (theta, residuals, dh/dT)."""
    theta = theta.copy()
    present = np.flatnonzero(np.isfinite(theta))
    near = solve.refine(data, lat_rad, present.astype(np.int64), theta[present], scale)
    theta[near.session] = near.theta_rad
    resid, jac = solve.residuals_at(data, lat_rad, theta)
    return theta, resid, jac


def find_roots(sessions: Sessions, geometry: Geometry, clock_lon_deg: Array) -> Roots:
    """Each session's root (module docstring): search all sightings with a redescending
    loss, choose, drop the sightings beyond 3 sigma (misreads), search the rest again and
    choose; re-measure the noise and repeat until it settles."""
    data = sessions.data.shifted(geometry.zero_point_deg)
    lat, n_s = geometry.lat_rad, data.n_sessions
    clock = _Clock(clock_lon_deg, sessions.sun, sessions.utc_h)
    cands_all = _search(data, lat, SEARCH_SCALE_DEG, kind="cauchy")
    lon_all = clock.longitudes(cands_all)
    picked = choice.pick(data, cands_all, lat, choice.Votes(lon_all, clock.longitude_deg))
    _, resid, jac = _refit(data, lat, picked.theta, 3.0 * DEFAULT_NOISE_DEG)
    measured = noise_estimate(resid, jac, data.session, n_s)
    noise = measured if measured is not None else DEFAULT_NOISE_DEG
    for _ in range(8):
        scores = choice.candidate_scores(data, lat, cands_all, OUTLIER_SIGMAS * noise)
        votes = choice.Votes(lon_all, clock.longitude_deg, scores, noise)
        picked = choice.pick(data, cands_all, lat, votes)
        scale = max(2.0 * noise, 0.1)
        _, resid, jac = _refit(data, lat, picked.theta, scale)
        limit = noise if measured is not None else UNMEASURED_NOISE_DEG
        keep = _inliers(resid, jac, data.session, n_s, limit)
        kept = data.subset(keep)
        cands = _search(kept, lat, scale)
        votes = choice.Votes(clock.longitudes(cands), clock.longitude_deg, None, noise)
        picked = choice.pick(kept, cands, lat, votes)
        if measured is None:
            break
        _, resid, jac = _refit(data, lat, picked.theta, scale)
        new_noise = noise_estimate(resid, jac, data.session, n_s) or noise
        settled = abs(new_noise - noise) < 0.03 * noise
        noise = new_noise
        if settled:
            break
    return _roots(kept, lat, keep, cands, picked, (noise, measured is not None))


def _roots(
    kept: solve.FitData,
    lat_rad: Array,
    keep: NDArray[np.bool_],
    cands: solve.Candidates,
    picked: choice.Picked,
    noise: tuple[float, bool],
) -> Roots:
    """The stage's result, with each session's LST sigma (minutes of time, from the profile
    of its cost: ``sky_check``), rms residual and count from the kept rows."""
    n_s = kept.n_sessions
    finite = np.where(np.isfinite(picked.theta), picked.theta, 0.0)
    resid, _ = solve.residuals_at(kept, lat_rad, finite)
    n_used = solve.group_count(kept.session, n_s)
    squares = solve.group_sum(kept.session, resid * resid, n_s)
    safe_n = np.maximum(n_used, 1)
    return Roots(
        theta=picked.theta,
        picked=picked,
        keep=keep,
        candidates=cands,
        noise_deg=noise[0],
        noise_measured=noise[1],
        lst_sigma_min=sky_check.profile_sigma_min(kept, lat_rad, picked.theta, noise[0]),
        rms_deg=np.where(n_used > 0, np.sqrt(squares / safe_n), np.nan),
        n_used=n_used,
    )


def best_without_root(sessions: Sessions, geometry: Geometry, roots: Roots) -> Array:
    """For each session left without a root (every sighting dropped): the LST that fits all
    its sightings best (the Cauchy search, lowest cost), NaN for the others. Only for the
    clock check: such a session is not reduced, but its clock can still disagree with the
    sky (a Sun and a Moon 13 deg apart after a 24 h slip fit no LST, yet neither fits the
    clock's)."""
    data = sessions.data.shifted(geometry.zero_point_deg)
    out = np.full(data.n_sessions, np.nan)
    rows = ~np.isfinite(roots.theta[data.session])
    if not rows.any():
        return out
    cands = _search(data.subset(rows), geometry.lat_rad, SEARCH_SCALE_DEG, kind="cauchy")
    order = np.lexsort((cands.cost, cands.session))
    first = np.r_[True, cands.session[order][1:] != cands.session[order][:-1]]
    out[cands.session[order[first]]] = cands.theta_rad[order[first]]
    return out
