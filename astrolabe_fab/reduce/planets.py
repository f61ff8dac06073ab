"""A planet's place from its altitude: where its almucantar crosses the ecliptic.

With the rete set to the session's sidereal time, the planet lies on the circle of its
measured altitude; assuming it is on the ecliptic (planets stray up to a few degrees), its
place is one of the two points where that circle cuts the ecliptic. Derivation: with the
zenith z = (cos phi cos T, cos phi sin T, sin phi) and the ecliptic point
e(l) = (cos l, sin l cos eps, sin l sin eps) in equatorial axes,

    sin h = z . e(l) = A cos l + B sin l = R cos(l - l0),
    A = cos phi cos T, B = cos phi sin T cos eps + sin phi sin eps, R = hypot(A, B),
    l = l0 +- arccos(sin h / R),

and |dl/dh| = cos h / (R |sin(l - l0)|): a crossing at a grazing angle is poorly fixed.
When the circle misses the ecliptic (|sin h| > R, noise near the ecliptic's highest point),
the nearest point of the ecliptic (l0 or l0 + 180 deg) is taken and flagged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from astrolabe_fab.reduce.refraction import true_from_apparent_deg

Array = NDArray[np.float64]

MAX_SIGMA_DEG = 90.0
"""Cap of the longitude uncertainty of a grazing crossing."""


@dataclass
class Crossings:
    """The two crossings of each sighting: ecliptic longitudes (deg, equinox of date),
    their sensitivity |dl/dh| (deg per deg of altitude), hour angles (rad, west positive),
    azimuths (deg, N = 0, E = 90) and whether the circle missed the ecliptic."""

    lon_deg: Array  # (n, 2)
    sensitivity: Array  # (n,)
    hour_angle_rad: Array  # (n, 2)
    azimuth_deg: Array  # (n, 2)
    grazing: NDArray[np.bool_]  # (n,)


def ecliptic_crossings(
    lst_rad: Array, lat_rad: Array, apparent_altitude_deg: Array, obliquity_deg: Array
) -> Crossings:
    """Both crossings of each sighting's almucantar with the ecliptic (see module docstring).

    The measured (apparent) altitude is first freed of refraction (Bennett's formula).
    """
    lst = np.asarray(lst_rad, dtype=float)
    lat = np.asarray(lat_rad, dtype=float)
    eps = np.radians(np.asarray(obliquity_deg, dtype=float))
    h = np.radians(true_from_apparent_deg(apparent_altitude_deg))
    a = np.cos(lat) * np.cos(lst)
    b = np.cos(lat) * np.sin(lst) * np.cos(eps) + np.sin(lat) * np.sin(eps)
    r = np.hypot(a, b)
    lon0 = np.arctan2(b, a)
    ratio = np.sin(h) / np.maximum(r, 1e-12)
    grazing = np.abs(ratio) > 1.0
    half = np.arccos(np.clip(ratio, -1.0, 1.0))
    lon = np.stack([lon0 + half, lon0 - half], axis=1)
    sens = np.cos(h) / np.maximum(r * np.abs(np.sin(half)), 1e-9)
    lon_deg = np.degrees(lon) % 360.0
    ra, dec = ecliptic_to_equatorial_rad(lon, eps[:, None])
    hour = (lst[:, None] - ra + np.pi) % (2 * np.pi) - np.pi
    az = np.degrees(
        np.arctan2(
            -np.cos(dec) * np.sin(hour),
            np.sin(dec) * np.cos(lat)[:, None] - np.cos(dec) * np.cos(hour) * np.sin(lat)[:, None],
        )
    )
    return Crossings(
        lon_deg=lon_deg,
        sensitivity=np.minimum(sens, MAX_SIGMA_DEG),
        hour_angle_rad=hour,
        azimuth_deg=az % 360.0,
        grazing=grazing,
    )


def ecliptic_to_equatorial_rad(lon_rad: Array, eps_rad: Array | float) -> tuple[Array, Array]:
    """(ra, dec) in radians of ecliptic points of zero latitude (Meeus ch. 13, beta = 0):
    tan a = sin l cos eps / cos l, sin d = sin eps sin l."""
    ra = np.arctan2(np.sin(lon_rad) * np.cos(eps_rad), np.cos(lon_rad)) % (2 * np.pi)
    dec = np.arcsin(np.sin(eps_rad) * np.sin(lon_rad))
    return ra, dec


def wrap_deg(angle_deg: Array | float) -> Array:
    """Angle wrapped into [-180, 180)."""
    return (np.asarray(angle_deg, dtype=float) + 180.0) % 360.0 - 180.0


def choose_by_side(crossings: Crossings, side: NDArray[np.int64]) -> NDArray[np.int64]:
    """Root index (0/1) whose hour angle has the recorded side (+1 W: H > 0, -1 E: H < 0);
    -1 where no side was given or both roots lie on the same side."""
    west = crossings.hour_angle_rad > 0
    want_west = side > 0
    match = west == want_west[:, None]
    choice = np.where(match[:, 0] & ~match[:, 1], 0, np.where(match[:, 1] & ~match[:, 0], 1, -1))
    return np.where(side == 0, -1, choice)


def choose_by_azimuth(crossings: Crossings, azimuth_deg: Array) -> NDArray[np.int64]:
    """Root index whose predicted azimuth is nearer the measured one; -1 where none measured."""
    miss = np.abs(wrap_deg(crossings.azimuth_deg - azimuth_deg[:, None]))
    choice = np.argmin(miss, axis=1)
    return np.where(np.isnan(azimuth_deg), -1, choice)


def choose_by_continuity(
    days: Array, lon_deg: Array, fixed: NDArray[np.int64], window_days: float = 30.0
) -> tuple[NDArray[np.int64], list[str]]:
    """Root choice for unresolved sightings of one planet by continuity of its motion.

    Walks the sightings in time; each unresolved one takes the root nearer the last chosen
    longitude if that was within ``window_days`` (planets move at most ~1.6 deg/day), else the
    root nearer the next resolved sighting, else root 0 ('arbitrary').
    """
    order = np.argsort(days, kind="stable")
    choice = fixed.copy()
    why = ["" for _ in range(len(days))]
    last_day, last_lon = -np.inf, np.nan
    for i in order:
        if choice[i] >= 0:
            last_day, last_lon = days[i], lon_deg[i, choice[i]]
            continue
        if days[i] - last_day <= window_days and np.isfinite(last_lon):
            miss = np.abs(wrap_deg(lon_deg[i] - last_lon))
            choice[i] = int(np.argmin(miss))
            why[i] = "continuity"
        else:
            choice[i] = 0
            why[i] = "arbitrary"
        last_day, last_lon = days[i], lon_deg[i, choice[i]]
    return choice, why
