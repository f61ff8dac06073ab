"""What the sky says about a session's clock, beyond the local slope of the fit.

The formal sigma of a session's LST, noise / sqrt(sum (dh/dT)^2), is infinite for a body on
the meridian (its altitude stands still) and meaningless near it. Both checks here use the
profile of the session's cost instead, which is exact whatever the geometry:

- ``profile_sigma_min``: how far (minutes of time) the LST can move from the chosen root
  before the sum of squared residuals rises by one noise variance (Delta chi^2 = 1);
- ``clock_disagreement``: the smallest rise of that sum, in noise variances, over the LSTs
  the clock allows (its reading +- a tolerance): the chi^2 evidence that the clock is wrong.
"""

from __future__ import annotations

import numpy as np

from astrolabe_fab.reduce import solve
from astrolabe_fab.reduce.solve import Array

RAD_PER_MIN = 2.0 * np.pi / 1440.0
"""Radians of LST per minute of (sidereal) time."""

PROFILE_STEPS_MIN = 2.0 ** np.arange(-2, 11)
"""Steps of the profile, 0.25 to 1024 minutes of time."""


def _sum_squares(rows: solve.FitData, lat_rad: Array, theta: Array) -> Array:
    """Sum of squared residuals (deg^2) of each session at the given LSTs (0 where none)."""
    finite = np.where(np.isfinite(theta), theta, 0.0)
    resid, _ = solve.residuals_at(rows, lat_rad, finite)
    return solve.group_sum(rows.session, resid * resid, rows.n_sessions)


def profile_sigma_min(rows: solve.FitData, lat_rad: Array, theta: Array, noise_deg: float) -> Array:
    """Per session: the smallest step of ``PROFILE_STEPS_MIN`` (min) at which moving the LST
    either way raises the sum of squares by a noise variance (linear interpolation between
    steps); NaN where the session has no root or no sighting, 1440 where it never rises."""
    base = _sum_squares(rows, lat_rad, theta)
    sigma = np.full(rows.n_sessions, np.nan)
    has = np.isfinite(theta) & (solve.group_count(rows.session, rows.n_sessions) > 0)
    sigma[has] = 1440.0
    prev_step, prev_rise = 0.0, np.zeros(rows.n_sessions)
    for step in PROFILE_STEPS_MIN:
        rise = np.minimum(
            _sum_squares(rows, lat_rad, theta + step * RAD_PER_MIN),
            _sum_squares(rows, lat_rad, theta - step * RAD_PER_MIN),
        )
        rise = (rise - base) / noise_deg**2
        new = has & (sigma == 1440.0) & (rise >= 1.0)
        frac = (1.0 - prev_rise[new]) / np.maximum(rise[new] - prev_rise[new], 1e-12)
        sigma[new] = prev_step + np.clip(frac, 0.0, 1.0) * (step - prev_step)
        prev_step, prev_rise = float(step), rise
    return sigma


def clock_disagreement(
    rows: solve.FitData, lat_rad: Array, theta: Array, clock_theta: Array, tolerance_min: float
) -> Array:
    """Per session: min over LSTs within ``tolerance_min`` of the clock's of the rise of the
    sum of squares above the chosen root's, in deg^2 (divide by the noise variance for chi^2).
    NaN where the session has no root."""
    base = _sum_squares(rows, lat_rad, theta)
    best = np.full(rows.n_sessions, np.inf)
    for offset in np.linspace(-1.0, 1.0, 9):
        trial = clock_theta + offset * tolerance_min * RAD_PER_MIN
        best = np.minimum(best, _sum_squares(rows, lat_rad, trial))
    return np.where(np.isfinite(theta), np.maximum(best - base, 0.0), np.nan)
