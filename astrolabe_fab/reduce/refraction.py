"""Atmospheric refraction at standard conditions (10 °C, 1010 hPa).

A sighting measures the apparent altitude; the sky model gives the true (airless) altitude.
The solver compares ``apparent_from_true(model)`` with the measurement, so refraction is
modelled exactly where the model is, with no inversion of noisy data.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

_LOWEST_DEG = -1.9
"""Below this the formulas diverge; altitudes are clamped there (the body is not visible)."""


def apparent_from_true_deg(true_altitude_deg: ArrayLike) -> NDArray[np.float64]:
    """Apparent altitude from true altitude, Sæmundsson (1986), Sky & Tel. 72, 70 (Meeus ch. 16).

    R (arcmin) = 1.02 / tan(h + 10.3 / (h + 5.11)), h true altitude in degrees; R is
    0 at the zenith, about 34.5' at the horizon.
    """
    h = np.asarray(true_altitude_deg, dtype=float)
    hc = np.maximum(h, _LOWEST_DEG)
    r_arcmin = 1.02 / np.tan(np.radians(hc + 10.3 / (hc + 5.11)))
    r_arcmin = np.where(h >= 90.0, 0.0, r_arcmin)
    return h + r_arcmin / 60.0


def true_from_apparent_deg(apparent_altitude_deg: ArrayLike) -> NDArray[np.float64]:
    """True altitude from apparent altitude, Bennett (1982), J. Navigation 35, 255 (Meeus ch. 16).

    R (arcmin) = 1 / tan(h0 + 7.31 / (h0 + 4.4)), h0 apparent altitude in degrees.
    """
    h0 = np.asarray(apparent_altitude_deg, dtype=float)
    hc = np.maximum(h0, _LOWEST_DEG)
    r_arcmin = 1.0 / np.tan(np.radians(hc + 7.31 / (hc + 4.4)))
    r_arcmin = np.where(h0 >= 90.0, 0.0, r_arcmin)
    return h0 - r_arcmin / 60.0


def refraction_slope(true_altitude_deg: ArrayLike) -> NDArray[np.float64]:
    """d(apparent)/d(true) of the Sæmundsson formula (for Jacobians), by differentiation:
    x = h + 10.3/(h + 5.11), dR/dh = -1.02 (pi/180) / sin^2 x * (1 - 10.3/(h + 5.11)^2) arcmin.
    """
    h = np.asarray(true_altitude_deg, dtype=float)
    hc = np.maximum(h, _LOWEST_DEG)
    x = np.radians(hc + 10.3 / (hc + 5.11))
    d_r = -1.02 * (np.pi / 180.0) / np.sin(x) ** 2 * (1.0 - 10.3 / (hc + 5.11) ** 2)
    return np.where((h >= 90.0) | (h < _LOWEST_DEG), 1.0, 1.0 + d_r / 60.0)
