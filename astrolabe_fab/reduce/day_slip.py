"""A wrong date, as the Moon tells it.

A timestamp a whole day off moves the stars' sidereal time by 3 min 56 s and the Sun by
about a degree: within the clock's tolerance and the reading noise, so the sidereal time
cannot see it. The Moon moves 12-15 deg a day against the stars, though: with the Moon in
the session, its place on the wrong day misfits the other sightings (or, as the only
disagreeing sighting, is dropped as a misread). So for every session with a Moon sighting
the Sun's and the Moon's places are taken a day earlier and a day later, and the session
fitted again with all its sightings at the sidereal times its clock allows (``ClockWindow``:
the clock's LST, moved by 3 min 56 s per day of the trial date, +- the clock's tolerance; a
whole day leaves the clock right to minutes, and held to it the other sightings cannot bend
the fit towards a wrong Moon): a day slip is called when one of those dates fits better than
the logged one by more than ``SLIP_CHI2`` noise variances (each residual capped at
``CAP_SIGMAS``). Sessions without a clock LST are fitted at any sidereal time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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

SLIP_CHI2 = 7.5
"""How much better (noise variances) another date must fit. Measured on 30 simulated
three-year logs (seeds 101-130, default settings) with the clock window: no session without
an injected fault with the Moon gained more than 6.6 from another date,
while the day slips the sky can see (``sim_truth.fault_visible``) gained 7.8 to 25 (most
about 25: a Moon 5 sigma off, capped). Fitted at any sidereal time instead, clean sessions
gained up to 16 (a Moon read low bends the fit) and slips as little as 2.5. The two overlap
all the same: in the worked example (seed 2026) a clean session whose Moon was read 3.9 deg
low near the horizon (2.6 sigma) gains 9.4 and is flagged, the text naming the misread as
the other explanation; at 12 that one would pass and a visible slip of seed 105 (gain 7.8)
would be missed."""

SIDEREAL_GAIN_MIN = 1440.0 * (solve.SIDEREAL_RATE - 1.0)
"""Minutes of sidereal time the clock's LST gains per day (3 min 56 s)."""

WINDOW_STEPS = 17
"""Sidereal times tried across the clock's window."""

_RAD_PER_MIN = 2.0 * np.pi / 1440.0
_KINDS = {"Sun": "sun", "Moon": "moon"}


@dataclass(frozen=True)
class ClockWindow:
    """Per session: the LST its clock gives at the site (rad; NaN where unknown) and the
    clock's tolerance (minutes of time)."""

    theta_rad: Array
    tolerance_min: Array


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


def _capped(data: solve.FitData, lat_rad: Array, theta: Array, noise_deg: float) -> Array:
    """Per session: the sum of capped squared standardised residuals at LSTs ``theta``."""
    resid, _ = solve.residuals_at(data, lat_rad, np.nan_to_num(theta))
    capped = np.minimum((resid / noise_deg) ** 2, CAP_SIGMAS**2)
    return solve.group_sum(data.session, capped, data.n_sessions)


def _cost(
    data: solve.FitData, lat_rad: Array, noise_deg: float, clock: ClockWindow | None, days: int
) -> Array:
    """Per session: the least capped chi^2 over the LSTs its clock allows on a date ``days``
    later than logged (``_best_capped_chi2`` where there is no clock LST)."""
    if clock is None:
        return _best_capped_chi2(data, lat_rad, noise_deg)
    centre = clock.theta_rad + days * SIDEREAL_GAIN_MIN * _RAD_PER_MIN
    best = np.full(data.n_sessions, np.inf)
    for step in np.linspace(-1.0, 1.0, WINDOW_STEPS):
        theta = centre + step * clock.tolerance_min * _RAD_PER_MIN
        best = np.minimum(best, _capped(data, lat_rad, theta, noise_deg))
    missing = ~np.isfinite(centre)
    if missing.any():
        best[missing] = _best_capped_chi2(data, lat_rad, noise_deg)[missing]
    return best


def day_slips(
    sessions: Sessions,
    geometry: Geometry,
    noise_deg: float,
    sky_cache: Sky,
    clock: ClockWindow | None = None,
) -> IntArray:
    """Per session: the whole days (-1, +1) by which its date is off, as the Moon tells
    (module docstring); 0 where it is not or cannot be told."""
    out = np.zeros(sessions.n, dtype=np.int64)
    data, lat = sessions.data.shifted(geometry.zero_point_deg), geometry.lat_rad
    moving = _moving_rows(sessions)
    logged = np.zeros(sessions.n)
    if moving.any():
        logged = _cost(data.subset(moving), lat, noise_deg, clock, 0)
    # only a session misfit by more than SLIP_CHI2 at its logged date can fit better by that
    rows = np.flatnonzero(moving & (logged[data.session] > SLIP_CHI2))
    if len(rows) == 0:
        return out
    best = np.full(sessions.n, np.inf)
    for days in DAY_SHIFTS:
        shifted = _shifted(sessions, rows, days, sky_cache).shifted(geometry.zero_point_deg)
        cost = _cost(shifted, lat, noise_deg, clock, days)
        better = (cost < best) & (cost < logged - SLIP_CHI2)
        out[better], best[better] = days, cost[better]
    return out
