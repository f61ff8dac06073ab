"""The clock and the sky: converting a session's sidereal time into the longitude that the
clock implies, and back.

With local mean time LMT = LST - RA(Sun) + 12 h - EoT (EoT = apparent - mean solar time) and
LMT = UTC + longitude / 15 h (east positive), a session's LST and its clock's UTC give the
longitude 15 (LMT - UTC) deg. A clock error e (clock - true UTC, min) moves that longitude by
-e / 4 deg; for a known longitude L the clock should read LMT - 4 L min, the site's expected
offset.
"""

from __future__ import annotations

import numpy as np

from astrolabe_fab.reduce.solve import Array, IntArray

MINUTES_PER_DEG = 4.0
"""Minutes of time per degree of longitude (1440 min / 360 deg)."""


def wrap(value: Array | float, period: float, centre: Array | float = 0.0) -> Array:
    """Value wrapped into [centre - period/2, centre + period/2)."""
    v = np.asarray(value, dtype=np.float64)
    return (v - centre + period / 2.0) % period - period / 2.0 + centre


def implied_longitude_deg(theta_rad: Array, session: IntArray, sun: Array, utc_h: Array) -> Array:
    """Longitude (deg, east +) implied by an LST: 15 (LMT - UTC), LMT = LST - RA_sun + 12 - EoT.

    ``sun[s]`` = (RA h, dec deg, EoT min) of session s at its reference time ``utc_h[s]``.
    """
    lst_h = np.degrees(theta_rad) / 15.0
    lmt = lst_h - sun[session, 0] + 12.0 - sun[session, 2] / 60.0
    return wrap(15.0 * (lmt - utc_h[session]), 360.0)


def expected_offset_min(longitude_deg: Array | float) -> Array:
    """What clock UTC - local mean time should be at a longitude: -4 min x longitude (east +)."""
    return -MINUTES_PER_DEG * np.asarray(longitude_deg, dtype=np.float64)


def longitude_mode_deg(longitude_deg: Array, weight: Array) -> float:
    """Densest longitude of weighted candidates: a 0.1 deg histogram smoothed by a circular
    Gaussian kernel of 1 deg (by FFT); linear in the number of candidates."""
    bins = 3600
    index = np.floor(wrap(longitude_deg, 360.0, 0.0) * 10.0 + 1800.0).astype(np.int64) % bins
    hist = np.bincount(index, weights=weight, minlength=bins).astype(np.float64)
    offsets = wrap(np.arange(bins) / 10.0, 360.0)
    kernel = np.exp(-0.5 * offsets**2)
    density = np.fft.irfft(np.fft.rfft(hist) * np.fft.rfft(kernel), n=bins)
    return float((int(np.argmax(density)) - 1800) / 10.0 + 0.05)
