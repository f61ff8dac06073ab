"""A wrong date, as the Moon tells it.

A timestamp a whole day off moves the stars' sidereal time by 3 min 56 s and the Sun by
about a degree: within the clock's tolerance and the reading noise, so the sidereal time
cannot see it. The Moon moves 12-15 deg a day against the stars, though: with the Moon in
the session, its place on the wrong day misfits the other sightings (or, as the only
disagreeing sighting, is dropped as a misread). So for every session with a Moon sighting
the Sun's and the Moon's places are taken a day earlier and a day later, and the session
fitted again with all its sightings: a day slip is called when one of those dates fits
better than the logged one by more than ``SLIP_CHI2`` noise variances (each residual capped
at ``CAP_SIGMAS``).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from numpy.typing import NDArray

from astrolabe_fab.reduce import solve
from astrolabe_fab.reduce.positions import Sky
from astrolabe_fab.reduce.roots import SEARCH_SCALE_DEG, Geometry
from astrolabe_fab.reduce.sessions import Sessions
from astrolabe_fab.reduce.solve import Array, IntArray

DAY_SHIFTS = (-1, 1)
"""Whole days tried against the logged date."""

CAP_SIGMAS = 5.0
"""A residual counts at most this many sigma in the comparison of dates (a misread elsewhere
in the session weighs the same on every date)."""

SLIP_CHI2 = 12.0
"""How much better (noise variances) another date must fit: a day's slip moves the Moon
12-15 deg, 4 sigma or more of a 1.5 deg reading in most geometries; a clean Moon read 2.6
sigma low (a simulated log's, near the horizon) fits the next day's place 7 variances better,
which must not be called a slip."""

_KINDS = {"Sun": "sun", "Moon": "moon"}


def _moving_rows(sessions: Sessions) -> NDArray[np.bool_]:
    """Rows of the sessions that have a Moon sighting."""
    data = sessions.data
    moon = np.array([name == "Moon" for name in sessions.names], dtype=bool)
    has = solve.group_count(data.session[moon], data.n_sessions) > 0
    return has[data.session]


def _shifted(sessions: Sessions, rows: IntArray, days: int, sky_cache: Sky) -> solve.FitData:
    """The rows with the Sun's and the Moon's places taken ``days`` later."""
    data = sessions.data.subset(np.isin(np.arange(len(sessions.data.session)), rows))
    ra, dec, par = data.ra_rad.copy(), data.dec_rad.copy(), data.parallax_deg.copy()
    seconds = data.dtheta_rad / (2.0 * np.pi * solve.SIDEREAL_RATE) * 86400.0
    for k, row in enumerate(rows):
        kind = _KINDS.get(sessions.names[row])
        if kind is None:
            continue
        when = sessions.utc[int(data.session[k])] + dt.timedelta(
            days=days, seconds=float(seconds[k])
        )
        ra_h, dec_deg, parallax = sky_cache.body_ra_dec_parallax(sessions.names[row], kind, when)
        ra[k], dec[k], par[k] = np.radians(15.0 * ra_h), np.radians(dec_deg), parallax
    return solve.FitData(
        data.session, ra, dec, data.altitude_deg, data.dtheta_rad, par,
        data.side, data.azimuth_deg, data.n_sessions,
    )  # fmt: skip


def _best_capped_chi2(data: solve.FitData, lat_rad: Array, noise_deg: float) -> Array:
    """Per session: the least sum of capped squared standardised residuals over its LSTs."""
    s, t = solve.grid_candidates(data, lat_rad, SEARCH_SCALE_DEG, kind="cauchy")
    cands = solve.refine(data, lat_rad, s, t, SEARCH_SCALE_DEG, kind="cauchy")
    owner, _, resid = solve.candidate_residuals(data, lat_rad, cands.session, cands.theta_rad)
    capped = np.minimum((resid / noise_deg) ** 2, CAP_SIGMAS**2)
    per_cand = solve.group_sum(owner, capped, len(cands.session))
    best = np.full(data.n_sessions, np.inf)
    np.minimum.at(best, cands.session, per_cand)
    return best


def day_slips(sessions: Sessions, geometry: Geometry, noise_deg: float, sky_cache: Sky) -> IntArray:
    """Per session: the whole days (-1, +1) by which its date is off, as the Moon tells
    (module docstring); 0 where it is not or cannot be told."""
    out = np.zeros(sessions.n, dtype=np.int64)
    data, lat = sessions.data.shifted(geometry.zero_point_deg), geometry.lat_rad
    moving = _moving_rows(sessions)
    logged = np.zeros(sessions.n)
    if moving.any():
        logged = _best_capped_chi2(data.subset(moving), lat, noise_deg)
    # only a session misfit by more than SLIP_CHI2 at its logged date can fit better by that
    rows = np.flatnonzero(moving & (logged[data.session] > SLIP_CHI2))
    if len(rows) == 0:
        return out
    best = np.full(sessions.n, np.inf)
    for days in DAY_SHIFTS:
        shifted = _shifted(sessions, rows, days, sky_cache).shifted(geometry.zero_point_deg)
        cost = _best_capped_chi2(shifted, lat, noise_deg)
        better = (cost < best) & (cost < logged - SLIP_CHI2)
        out[better], best[better] = days, cost[better]
    return out
