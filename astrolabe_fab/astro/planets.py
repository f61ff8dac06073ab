"""Planets, the Moon and the Earth's orbit: a small facade over astronomy-engine.

astronomy-engine (Don Cross, MIT) computes the planets from VSOP87 and the Moon from a
truncated ELP/MPP02-like series; one arcminute is far below what an astrolabe reads.
Conventions: right ascension in hours, angles in degrees, equinox and equator of date
(apparent places) unless the name says ``j2000``; heliocentric vectors in astronomical units.
"""

from __future__ import annotations

import math

import astronomy

from astrolabe_fab.errors import InputError

NAKED_EYE_PLANETS: tuple[str, ...] = ("Mercury", "Venus", "Mars", "Jupiter", "Saturn")
"""The planets a naked-eye observer can sight with an astrolabe."""

ALL_PLANETS: tuple[str, ...] = (*NAKED_EYE_PLANETS, "Uranus", "Neptune")

J2000_OBLIQUITY_DEG = 23.4392911
"""Mean obliquity at J2000.0 (IAU 1980/2006: 84381.406"/3600); rotates EQJ into ECL J2000."""

MOON_EQUATORIAL_RADIUS_KM = 6378.137
"""Earth's equatorial radius (WGS-84), used for the Moon's horizontal parallax."""

_GEOCENTRE = astronomy.Observer(0.0, 0.0, 0.0)


def planet_body(name: str) -> astronomy.Body:
    """The astronomy-engine body of a planet name (case-insensitive); InputError if unknown."""
    for planet in ALL_PLANETS:
        if planet.lower() == name.strip().lower():
            return astronomy.Body[planet]
    raise InputError(f"unknown planet {name!r}; expected one of {', '.join(ALL_PLANETS)}")


def is_planet(name: str) -> bool:
    """True when ``name`` is one of the seven planets (case-insensitive)."""
    return name.strip().lower() in {p.lower() for p in ALL_PLANETS}


def canonical_planet_name(name: str) -> str:
    """``'mars'`` -> ``'Mars'``; InputError if not a planet."""
    return planet_body(name).name


def planet_ra_dec(name: str, time: astronomy.Time) -> tuple[float, float]:
    """Apparent geocentric right ascension (h) and declination (deg) of a planet, of date."""
    eq = astronomy.Equator(planet_body(name), time, _GEOCENTRE, ofdate=True, aberration=True)
    return eq.ra, eq.dec


def planet_ecliptic_lon_lat_deg(name: str, time: astronomy.Time) -> tuple[float, float]:
    """Apparent geocentric ecliptic longitude and latitude (deg) of a planet, true equinox of date.

    astronomy-engine: geocentric EQJ vector with light time and aberration -> ``Ecliptic``
    (which applies precession and nutation to the true ecliptic of date).
    """
    vec = astronomy.GeoVector(planet_body(name), time, aberration=True)
    ecl = astronomy.Ecliptic(vec)
    return ecl.elon % 360.0, ecl.elat


def sun_ra_dec_fast(time: astronomy.Time) -> tuple[float, float]:
    """Apparent RA (h) and declination (deg) of the Sun, true equator and equinox of date,
    from astronomy-engine's ``SunPosition`` (apparent ecliptic place of date) rotated by
    ``Rotation_ECT_EQD``. Agrees with ``sky.sun_ra_dec`` to about 9" in RA and 1" in
    declination (their aberration/light-time treatments differ) at under half its cost;
    used where thousands of sessions are reduced.
    """
    vec = astronomy.SunPosition(time).vec
    eq = astronomy.EquatorFromVector(astronomy.RotateVector(astronomy.Rotation_ECT_EQD(time), vec))
    return eq.ra, eq.dec


def moon_ra_dec_distance(time: astronomy.Time) -> tuple[float, float, float]:
    """Apparent geocentric RA (h), declination (deg) and distance (km) of the Moon, of date."""
    eq = astronomy.Equator(astronomy.Body.Moon, time, _GEOCENTRE, ofdate=True, aberration=True)
    return eq.ra, eq.dec, eq.dist * astronomy.KM_PER_AU


def moon_horizontal_parallax_deg(distance_km: float) -> float:
    """Horizontal parallax of the Moon: asin(R_earth / distance) (Meeus, ch. 40)."""
    return math.degrees(math.asin(MOON_EQUATORIAL_RADIUS_KM / distance_km))


def earth_heliocentric_ecliptic_au(time: astronomy.Time) -> tuple[float, float, float]:
    """Heliocentric position of the Earth in the mean ecliptic and equinox of J2000 (AU).

    astronomy-engine ``HelioVector`` (VSOP87, EQJ frame) rotated about x by the J2000
    obliquity: y_ecl = y cos e + z sin e, z_ecl = -y sin e + z cos e.
    """
    vec = astronomy.HelioVector(astronomy.Body.Earth, time)
    return _eqj_to_eclj(vec.x, vec.y, vec.z)


def planet_heliocentric_ecliptic_au(name: str, time: astronomy.Time) -> tuple[float, float, float]:
    """Heliocentric position of a planet in the mean ecliptic and equinox of J2000 (AU)."""
    vec = astronomy.HelioVector(planet_body(name), time)
    return _eqj_to_eclj(vec.x, vec.y, vec.z)


def planet_semi_major_axis_au(name: str) -> float:
    """Mean semi-major axis of a planet (AU), from its mean sidereal period by Kepler's third law.

    a = (P / 1 yr)^(2/3) with astronomy-engine's ``PlanetOrbitalPeriod`` (days) and the sidereal
    year 365.256363 d. Truth for tests and plots, never used by the reduction itself.
    """
    period_days = astronomy.PlanetOrbitalPeriod(planet_body(name))
    return (period_days / SIDEREAL_YEAR_DAYS) ** (2.0 / 3.0)


SIDEREAL_YEAR_DAYS = 365.256363
"""Sidereal year (days): the Earth's orbital period relative to the stars (IERS)."""


def general_precession_deg(years_from_j2000: float) -> float:
    """Accumulated general precession in longitude since J2000 (deg): 5029.0966"/century.

    Source: IAU 2006 (Capitaine et al. 2003), linear term; adds to J2000 ecliptic longitudes
    to refer them to the mean equinox of date (good to 0.001 deg over a century).
    """
    return 5029.0966 / 3600.0 * years_from_j2000 / 100.0


def _eqj_to_eclj(x: float, y: float, z: float) -> tuple[float, float, float]:
    """Rotate an EQJ vector into the J2000 ecliptic frame (rotation about x by the obliquity)."""
    eps = math.radians(J2000_OBLIQUITY_DEG)
    c, s = math.cos(eps), math.sin(eps)
    return x, y * c + z * s, -y * s + z * c
