"""The Sun, time and the ecliptic frame: a small facade over astronomy-engine.

astronomy-engine (Don Cross, MIT) implements VSOP87 and NOVAS C 3.1; its claimed accuracy is
about one arcminute, which at astrolabe radii is 0.01-0.03 mm, far below the laser kerf.
Every other module asks the sky through here (and through ``stars``/``planets``), never through
astronomy-engine directly, so that time scales and sign conventions are decided in one place.
"""

from __future__ import annotations

import datetime as dt
import math

import astronomy

HOURS_PER_DEG = 1.0 / 15.0


def time_from_datetime(when: dt.datetime) -> astronomy.Time:
    """astronomy-engine time (UT) of an aware datetime; naive datetimes are taken as UTC."""
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    seconds = when.second + when.microsecond / 1e6
    return astronomy.Time.Make(when.year, when.month, when.day, when.hour, when.minute, seconds)


def time_of_epoch(epoch_year: float) -> astronomy.Time:
    """Time of a decimal (Julian) epoch: J2000.0 + (epoch - 2000) * 365.25 days (IAU convention)."""
    return astronomy.Time((epoch_year - 2000.0) * 365.25 - 0.5)


def mean_obliquity_deg(epoch_year: float) -> float:
    """Mean obliquity of the ecliptic, IAU 2006 (Capitaine et al. 2003, A&A 412, 567, eq. 39).

    eps = 84381.406" - 46.836769" T - 0.0001831" T^2 + 0.00200340" T^3 - 5.76e-7" T^4
          - 4.34e-8" T^5, with T in Julian centuries of TT from J2000.0.
    """
    t = (epoch_year - 2000.0) / 100.0
    arcsec = (
        84381.406
        - 46.836769 * t
        - 0.0001831 * t**2
        + 0.00200340 * t**3
        - 5.76e-7 * t**4
        - 4.34e-8 * t**5
    )
    return arcsec / 3600.0


def sun_ecliptic_longitude_deg(time: astronomy.Time) -> float:
    """Apparent geocentric ecliptic longitude of the Sun, true equinox of date, in [0, 360)."""
    return astronomy.SunPosition(time).elon % 360.0


def sun_ra_dec(time: astronomy.Time) -> tuple[float, float]:
    """Apparent geocentric right ascension (h) and declination (deg) of the Sun, equinox of date."""
    eq = astronomy.Equator(astronomy.Body.Sun, time, _GEOCENTRE, ofdate=True, aberration=True)
    return eq.ra, eq.dec


def greenwich_sidereal_time_h(time: astronomy.Time) -> float:
    """Greenwich apparent sidereal time in hours, [0, 24)."""
    return astronomy.SiderealTime(time)


def equation_of_time_min(time: astronomy.Time) -> float:
    """Equation of time = apparent solar time - mean solar time, in minutes.

    Positive when the sundial is ahead of the clock (early November, about +16 min).
    At Greenwich, apparent solar time = GAST - RA(Sun) + 12 h and mean solar time = UT, so
    EoT = GAST - RA(Sun) + 12 h - UT, wrapped into (-12 h, 12 h].
    """
    ra_h, _ = sun_ra_dec(time)
    ut_h = (time.ut % 1.0) * 24.0 + 12.0  # astronomy-engine days start at noon (J2000 = 12h UT)
    diff_h = greenwich_sidereal_time_h(time) - ra_h + 12.0 - ut_h
    diff_h = (diff_h + 12.0) % 24.0 - 12.0
    return diff_h * 60.0


def ecliptic_to_equatorial(
    lon_deg: float, lat_deg: float, obliquity_deg: float
) -> tuple[float, float]:
    """Ecliptic (lambda, beta) to equatorial (ra_h, dec_deg) for obliquity eps (Meeus, ch. 13).

    tan(ra) = (sin l cos e - tan b sin e) / cos l ;  sin(dec) = sin b cos e + cos b sin e sin l.
    """
    lam, bet, eps = (math.radians(v) for v in (lon_deg, lat_deg, obliquity_deg))
    ra = math.atan2(math.sin(lam) * math.cos(eps) - math.tan(bet) * math.sin(eps), math.cos(lam))
    dec = math.asin(math.sin(bet) * math.cos(eps) + math.cos(bet) * math.sin(eps) * math.sin(lam))
    return (math.degrees(ra) % 360.0) * HOURS_PER_DEG, math.degrees(dec)


_GEOCENTRE = astronomy.Observer(0.0, 0.0, 0.0)
