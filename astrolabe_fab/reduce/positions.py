"""Where the known bodies were: the Sun, the Moon and the stars at the time of each sighting.

All places are of date (equator and equinox of the sighting's date): the Sun and Moon
apparent, the stars mean places with proper motion (the 20" of nutation and aberration are
far below an astrolabe's reading). With an instrument, the rete's own engraved star places
(mean places of its epoch) are used instead, because those are what its owner reads.
"""

from __future__ import annotations

import datetime as dt
import functools

from astrolabe_fab.astro import planets as planet_ephemeris
from astrolabe_fab.astro import sky, stars
from astrolabe_fab.errors import InputError
from astrolabe_fab.reduce.instrument import Instrument

DAYS_PER_JULIAN_YEAR = 365.25


def decimal_year(when: dt.datetime) -> float:
    """Julian epoch of a UTC time: 2000.0 + (JD - 2451545.0) / 365.25 (IAU)."""
    return 2000.0 + ut_days(when) / DAYS_PER_JULIAN_YEAR


def ut_days(when: dt.datetime) -> float:
    """Days of UT since J2000.0 (2000-01-01 12:00 UT), as astronomy-engine counts them."""
    return sky.time_from_datetime(when).ut


def resolve_star_name(name: str, instrument: Instrument | None = None) -> str:
    """Canonical star name: the rete's own name if the instrument engraves it, else the
    bundled catalogue's (InputError with close matches when unknown)."""
    if instrument is not None and name.strip().lower() in instrument.stars:
        return instrument.stars[name.strip().lower()][0]
    return _catalogue_name(name)


@functools.lru_cache(maxsize=4096)
def _catalogue_name(name: str) -> str:
    return stars.find_star(name).name


class Sky:
    """Cached positions of the known bodies for one reduction.

    Star places are computed once per star and tenth of a year (precession moves a star by
    at most 5" in that time).
    """

    def __init__(self, instrument: Instrument | None = None) -> None:
        self.instrument = instrument

    def star_ra_dec(self, name: str, when: dt.datetime) -> tuple[float, float]:
        """(ra_h, dec_deg) of a star: the rete's engraved place, else the catalogue's of date."""
        key = name.strip().lower()
        if self.instrument is not None and key in self.instrument.stars:
            _, ra_h, dec_deg = self.instrument.stars[key]
            return ra_h, dec_deg
        return _catalogue_place(key, round(decimal_year(when), 1))

    @staticmethod
    @functools.lru_cache(maxsize=100_000)
    def sun(when: dt.datetime) -> tuple[float, float, float]:
        """(ra_h, dec_deg, equation_of_time_min) of the Sun, apparent of date.

        EoT = apparent solar time - mean solar time = GAST - RA(Sun) + 12 h - UT, wrapped
        into +-12 h (the formula of sky.equation_of_time_min, reusing the RA computed here).
        """
        time = sky.time_from_datetime(when)
        ra_h, dec_deg = planet_ephemeris.sun_ra_dec_fast(time)
        ut_h = (time.ut % 1.0) * 24.0 + 12.0
        diff_h = sky.greenwich_sidereal_time_h(time) - ra_h + 12.0 - ut_h
        return ra_h, dec_deg, ((diff_h + 12.0) % 24.0 - 12.0) * 60.0

    @staticmethod
    @functools.lru_cache(maxsize=100_000)
    def moon(when: dt.datetime) -> tuple[float, float, float]:
        """(ra_h, dec_deg, horizontal_parallax_deg) of the Moon, geocentric apparent of date."""
        ra_h, dec_deg, dist_km = planet_ephemeris.moon_ra_dec_distance(sky.time_from_datetime(when))
        return ra_h, dec_deg, planet_ephemeris.moon_horizontal_parallax_deg(dist_km)

    @staticmethod
    @functools.lru_cache(maxsize=100_000)
    def earth(when: dt.datetime) -> tuple[float, float]:
        """Heliocentric (x, y) of the Earth in the J2000 ecliptic (AU), from the ephemeris."""
        x, y, _ = planet_ephemeris.earth_heliocentric_ecliptic_au(sky.time_from_datetime(when))
        return x, y

    def body_ra_dec_parallax(self, name: str, kind: str, when: dt.datetime) -> tuple[float, ...]:
        """(ra_h, dec_deg, horizontal parallax deg) of a reference body (Sun, Moon or star)."""
        if kind == "sun":
            ra_h, dec_deg, _ = self.sun(when)
            return ra_h, dec_deg, 0.0
        if kind == "moon":
            return self.moon(when)
        if kind == "star":
            ra_h, dec_deg = self.star_ra_dec(name, when)
            return ra_h, dec_deg, 0.0
        raise InputError(f"{name} is not a reference body (Sun, Moon or a star)")


@functools.lru_cache(maxsize=20_000)
def _catalogue_place(key: str, year: float) -> tuple[float, float]:
    return stars.star_ra_dec(_catalogue_star(key), year)


@functools.lru_cache(maxsize=4096)
def _catalogue_star(key: str) -> stars.Star:
    return stars.find_star(key)
