"""The planets' mean orbital elements, and positions on a Kepler orbit of a given shape.

Source: E. M. Standish, "Keplerian Elements for Approximate Positions of the Major Planets"
(JPL Solar System Dynamics), Table 1 (valid 1800-2050 AD): elements and their rates per Julian
century, referred to the mean ecliptic and equinox of J2000. (Meeus, *Astronomical
Algorithms*, ch. 31, Table 31.B gives the same orbits to the same degree for J2000.)

The reduction takes only an orbit's *shape* from here: eccentricity e, longitude of the
perihelion w-bar, longitude of the ascending node W and inclination i. Its size (the
semi-major axis a, which fixes the period by Kepler's third law) and its phase (the mean
longitude at an epoch) are fitted to the sightings (``kepler_fit``). ``a_au`` and
``mean_lon_deg`` are kept for the tests that hold the table against the ephemeris.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

DAYS_PER_CENTURY = 36525.0

SOURCE = "Standish, Keplerian Elements for Approximate Positions of the Major Planets, Table 1"


@dataclass(frozen=True)
class MeanElements:
    """One planet's J2000 elements (AU, deg) and their rates per Julian century."""

    a_au: float
    eccentricity: float
    inclination_deg: float
    mean_lon_deg: float
    perihelion_deg: float
    node_deg: float
    eccentricity_rate: float
    inclination_rate: float
    mean_lon_rate: float
    perihelion_rate: float
    node_rate: float


ELEMENTS: dict[str, MeanElements] = {
    # a, e, i, L, w-bar, W; then the rates of e, i, L, w-bar, W per century (Standish, Table 1)
    "Mercury": MeanElements(
        0.38709927, 0.20563593, 7.00497902, 252.25032350, 77.45779628, 48.33076593,
        0.00001906, -0.00594749, 149472.67411175, 0.16047689, -0.12534081,
    ),
    "Venus": MeanElements(
        0.72333566, 0.00677672, 3.39467605, 181.97909950, 131.60246718, 76.67984255,
        -0.00004107, -0.00078890, 58517.81538729, 0.00268329, -0.27769418,
    ),
    "Earth": MeanElements(
        1.00000261, 0.01671123, -0.00001531, 100.46457166, 102.93768193, 0.0,
        -0.00004392, -0.01294668, 35999.37244981, 0.32327364, 0.0,
    ),
    "Mars": MeanElements(
        1.52371034, 0.09339410, 1.84969142, -4.55343205, -23.94362959, 49.55953891,
        0.00007882, -0.00813131, 19140.30268499, 0.44441088, -0.29257343,
    ),
    "Jupiter": MeanElements(
        5.20288700, 0.04838624, 1.30439695, 34.39644051, 14.72847983, 100.47390909,
        -0.00013253, -0.00183714, 3034.74612775, 0.21252668, 0.20469106,
    ),
    "Saturn": MeanElements(
        9.53667594, 0.05386179, 2.48599187, 49.95424423, 92.59887831, 113.66242448,
        -0.00050991, 0.00193609, 1222.49362201, -0.41897216, -0.28867794,
    ),
    "Uranus": MeanElements(
        19.18916464, 0.04725744, 0.77263783, 313.23810451, 170.95427630, 74.01692503,
        -0.00004397, -0.00242939, 428.48202785, 0.40805281, 0.04240589,
    ),
    "Neptune": MeanElements(
        30.06992276, 0.00859048, 1.77004347, -55.12002969, 44.96476227, 131.78422574,
        0.00005105, 0.00035372, 218.45945325, -0.32241464, -0.00508664,
    ),
}  # fmt: skip
"""Standish's Table 1, J2000 ecliptic and equinox."""


@dataclass(frozen=True)
class OrbitShape:
    """An orbit's shape and orientation (J2000 ecliptic): eccentricity, longitudes of the
    perihelion and of the ascending node, inclination (deg)."""

    eccentricity: float
    perihelion_deg: float
    node_deg: float
    inclination_deg: float

    def as_dict(self) -> dict[str, float]:
        return {
            "eccentricity": round(self.eccentricity, 5),
            "perihelion_lon_deg": round(self.perihelion_deg % 360.0, 3),
            "node_lon_deg": round(self.node_deg % 360.0, 3),
            "inclination_deg": round(self.inclination_deg, 3),
        }


CIRCLE = OrbitShape(0.0, 0.0, 0.0, 0.0)
"""A circle in the ecliptic (what the shape-free fit assumes)."""


def shape_at(planet: str, days: float) -> OrbitShape | None:
    """The planet's mean shape at ``days`` since J2000 (linear rates), None if unknown."""
    el = ELEMENTS.get(planet)
    if el is None:
        return None
    t = days / DAYS_PER_CENTURY
    return OrbitShape(
        el.eccentricity + el.eccentricity_rate * t,
        el.perihelion_deg + el.perihelion_rate * t,
        el.node_deg + el.node_rate * t,
        el.inclination_deg + el.inclination_rate * t,
    )


def mean_lon_at(planet: str, days: float) -> float:
    """The table's mean longitude (deg) at ``days`` since J2000 (for the tests)."""
    el = ELEMENTS[planet]
    return el.mean_lon_deg + el.mean_lon_rate * days / DAYS_PER_CENTURY


def eccentric_anomaly(mean_anomaly_rad: Array, e: float) -> Array:
    """E solving Kepler's equation E - e sin E = M (Meeus ch. 30), by Newton's method from
    E = M + e sin M; eight steps reach machine precision for e < 0.3."""
    m = np.asarray(mean_anomaly_rad, dtype=np.float64)
    ecc = m + e * np.sin(m)
    for _ in range(8):
        ecc = ecc - (ecc - e * np.sin(ecc) - m) / (1.0 - e * np.cos(ecc))
    return ecc


def heliocentric_xyz(shape: OrbitShape, a_au: float, mean_lon_deg: Array) -> tuple[Array, ...]:
    """Heliocentric (x, y, z) (AU, J2000 ecliptic) on the orbit of ``shape`` and size ``a_au``
    at mean longitudes ``mean_lon_deg`` (Standish's recipe, Meeus ch. 33): mean anomaly
    M = L - w-bar, E from Kepler's equation, in the orbit's plane x' = a (cos E - e),
    y' = a sqrt(1 - e^2) sin E; then rotated by the argument of the perihelion w = w-bar - W,
    the inclination i and the node W."""
    e = shape.eccentricity
    m = np.radians(np.asarray(mean_lon_deg, dtype=np.float64) - shape.perihelion_deg)
    ecc = eccentric_anomaly(m, e)
    xp = a_au * (np.cos(ecc) - e)
    yp = a_au * math.sqrt(1.0 - e * e) * np.sin(ecc)
    w = math.radians(shape.perihelion_deg - shape.node_deg)
    node, inc = math.radians(shape.node_deg), math.radians(shape.inclination_deg)
    cw, sw, cn, sn, ci = math.cos(w), math.sin(w), math.cos(node), math.sin(node), math.cos(inc)
    x = (cw * cn - sw * sn * ci) * xp + (-sw * cn - cw * sn * ci) * yp
    y = (cw * sn + sw * cn * ci) * xp + (-sw * sn + cw * cn * ci) * yp
    z = (sw * xp + cw * yp) * math.sin(inc)
    return x, y, z


def mean_from_true_lon_deg(shape: OrbitShape, true_lon_deg: float) -> float:
    """Mean longitude whose position has the heliocentric ecliptic longitude ``true_lon_deg``
    (to start a fit from a circle's longitude): L = l - 2 e sin(l - w-bar) to first order,
    then three Newton steps on the exact position."""
    lon = true_lon_deg - math.degrees(
        2.0 * shape.eccentricity * math.sin(math.radians(true_lon_deg - shape.perihelion_deg))
    )
    for _ in range(3):
        x, y, _ = heliocentric_xyz(shape, 1.0, np.array([lon, lon + 1e-3]))
        got = np.degrees(np.arctan2(y, x))
        slope = float((got[1] - got[0]) / 1e-3)
        miss = (true_lon_deg - float(got[0]) + 180.0) % 360.0 - 180.0
        lon += miss / slope if slope > 0.1 else miss
    return lon
