"""The worked examples of the guide, computed for the instrument's latitude and epoch.

Each example is what the instrument does with its scales, worked out with the same spherical
triangle the plate draws (Meeus, "Astronomical Algorithms", ch. 13 and 15):

- the Sun's ecliptic longitude lambda on a date (the back's calendar and zodiac rings: its
  apparent longitude at 12 h UT of the date, ``astro.sky``) and its declination
  sin d = sin(eps) sin(lambda) (where that point of the rete's ecliptic lies);
- the hour angle of an altitude a (the Sun's point laid on the almucantar a):
  cos H = (sin a - sin phi sin d) / (cos phi cos d), and the apparent solar time the rule
  shows on the limb, t = 12 h + H / 15 (H negative in the morning);
- sunrise and sunset (the Sun's point on the horizon, a = 0), the azimuth of rising
  cos A = sin d / cos phi (from the north, east of it);
- a star rising (its pointer on the eastern horizon): the sidereal time RA - H0 / 15, and the
  Sun's apparent time at that moment 12 h + (RA_star - H0/15) - RA_sun;
- local mean time = apparent time - E (the back's equation-of-time curve) and, with a known
  longitude (east positive), UTC = local mean time - longitude / 15;
- the shadow square: for an altitude under 45 degrees the alidade crosses a vertical side at
  N tan a (umbra versa), so a height above the eye = distance x reading / N.

What the instrument can be read to (``READING``): the limb's hour ticks are 5 minutes apart
(4 in the classic style) and are read to about half a tick; the Sun's altitude to half an
almucantar step; so the times below are good to about 3-5 minutes, azimuths to 2 degrees.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from ..astro.sky import (
    ecliptic_to_equatorial,
    equation_of_time_min,
    mean_obliquity_deg,
    sun_ecliptic_longitude_deg,
    time_from_datetime,
)

SIGNS = (
    "Aries", "Taurus", "Gemini", "Cancer", "Leo", "Virgo",
    "Libra", "Scorpio", "Sagittarius", "Capricorn", "Aquarius", "Pisces",
)  # fmt: skip

#: What the instrument is read to (minutes of time, degrees), stated in the guide.
READING_TIME_MIN = 4.0
READING_AZIMUTH_DEG = 2.0


@dataclass(frozen=True)
class SunOnDate:
    """The Sun on a date as the back gives it: longitude (and its sign), declination, E."""

    date: dt.date
    longitude_deg: float
    declination_deg: float
    ra_h: float
    eot_min: float

    @property
    def sign(self) -> tuple[int, str]:
        """(degree within the sign, 0-29, rounded) and the sign's name."""
        lam = round(self.longitude_deg) % 360
        return lam % 30, SIGNS[lam // 30]


def sun_on(date: dt.date, epoch: float) -> SunOnDate:
    """The Sun at 12 h UT of ``date``: apparent longitude, and its declination and right
    ascension on the rete's ecliptic (mean obliquity of the epoch); E at that time."""
    t = time_from_datetime(dt.datetime(date.year, date.month, date.day, 12, 0))
    lam = sun_ecliptic_longitude_deg(t)
    ra_h, dec = ecliptic_to_equatorial(lam, 0.0, mean_obliquity_deg(epoch))
    return SunOnDate(date, lam, dec, ra_h, equation_of_time_min(t))


def hour_angle_deg(altitude_deg: float, dec_deg: float, lat_deg: float) -> float | None:
    """|H| at which a point of declination d stands at altitude a; None if it never does."""
    phi, d, a = (math.radians(v) for v in (lat_deg, dec_deg, altitude_deg))
    den = math.cos(phi) * math.cos(d)
    if abs(den) < 1e-12:
        return None
    x = (math.sin(a) - math.sin(phi) * math.sin(d)) / den
    if not -1.0 <= x <= 1.0:
        return None
    return math.degrees(math.acos(x))


def noon_altitude_deg(dec_deg: float, lat_deg: float) -> float:
    """The Sun's altitude on the meridian: 90 - |phi - d|."""
    return 90.0 - abs(lat_deg - dec_deg)


def rising_azimuth_deg(dec_deg: float, lat_deg: float) -> float:
    """Azimuth (from north, east 90) where declination d rises: cos A = sin d / cos phi."""
    x = math.sin(math.radians(dec_deg)) / math.cos(math.radians(lat_deg))
    return math.degrees(math.acos(max(-1.0, min(1.0, x))))


@dataclass(frozen=True)
class Clock:
    """An apparent solar time, and the mean and UT times the back and the longitude give.

    Worked in whole minutes as the reader works them (the limb read to the minute, E to the
    minute, the longitude at 4 minutes a degree rounded to the minute), so that the guide's
    sums add up as printed; each rounding is half a minute at most."""

    apparent_h: float
    eot_min: float
    longitude_deg: float | None

    @property
    def mean_h(self) -> float:
        return ((round(self.apparent_h * 60.0) - round(self.eot_min)) % 1440) / 60.0

    @property
    def longitude_shift_min(self) -> int | None:
        """Minutes to add to local mean time for UT: 4 per degree west (lon < 0)."""
        if self.longitude_deg is None:
            return None
        return round(-self.longitude_deg * 4.0)

    @property
    def utc_day_offset(self) -> int:
        """-1 when UT falls on the day before local mean time's date, +1 on the day after."""
        shift = self.longitude_shift_min or 0
        return (round(self.mean_h * 60.0) + shift) // 1440

    @property
    def utc_h(self) -> float | None:
        shift = self.longitude_shift_min
        if shift is None:
            return None
        return ((round(self.mean_h * 60.0) + shift) % 1440) / 60.0


def hm(hours: float) -> str:
    """'8:31' (hours and minutes, rounded to the minute)."""
    minutes = round(hours * 60.0) % (24 * 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


@dataclass(frozen=True)
class SunAltitudeExample:
    sun: SunOnDate
    altitude_deg: float
    morning: Clock


def sun_altitude_example(
    sun: SunOnDate, lat: float, lon: float | None
) -> SunAltitudeExample | None:
    """The Sun seen in the morning at a round altitude: a multiple of 5 degrees about 0.6 of
    the way from its lowest altitude (or the horizon) to its noon altitude."""
    noon = noon_altitude_deg(sun.declination_deg, lat)
    lowest = max(0.0, abs(lat) + (sun.declination_deg if lat >= 0 else -sun.declination_deg) - 90)
    if noon - lowest < 4.0:
        return None
    alt = 5.0 * round((lowest + 0.6 * (noon - lowest)) / 5.0)
    if not lowest + 1.0 < alt < noon - 1.0:
        alt = float(round((lowest + noon) / 2.0))
    h = hour_angle_deg(alt, sun.declination_deg, lat)
    if h is None:
        return None
    return SunAltitudeExample(sun, alt, Clock(12.0 - h / 15.0, sun.eot_min, lon))


@dataclass(frozen=True)
class RiseSetExample:
    sun: SunOnDate
    rise: Clock
    set: Clock
    azimuth_deg: float


def rise_set_example(sun: SunOnDate, lat: float, lon: float | None) -> RiseSetExample | None:
    """The Sun's point on the eastern and western horizon; None when it does not rise or set."""
    h = hour_angle_deg(0.0, sun.declination_deg, lat)
    if h is None or h < 1.0 or h > 179.0:
        return None
    rise = Clock(12.0 - h / 15.0, sun.eot_min, lon)
    sset = Clock(12.0 + h / 15.0, sun.eot_min, lon)
    return RiseSetExample(sun, rise, sset, rising_azimuth_deg(sun.declination_deg, lat))


@dataclass(frozen=True)
class StarExample:
    name: str
    ra_h: float
    dec_deg: float
    sun: SunOnDate
    rise: Clock
    azimuth_deg: float


def star_rise_clock(
    ra_h: float, dec_deg: float, sun: SunOnDate, lat: float, lon: float | None
) -> Clock | None:
    """The Sun's apparent time when a star rises on the sun's date (None if it never rises or
    never sets)."""
    h0 = hour_angle_deg(0.0, dec_deg, lat)
    if h0 is None or h0 < 1.0 or h0 > 179.0:
        return None
    lst = ra_h - h0 / 15.0
    return Clock((12.0 + lst - sun.ra_h) % 24.0, sun.eot_min, lon)


@dataclass(frozen=True)
class ShadowExample:
    divisions: int
    distance_m: float
    reading: float
    eye_m: float

    @property
    def altitude_deg(self) -> float:
        return math.degrees(math.atan(self.reading / self.divisions))

    @property
    def height_m(self) -> float:
        return self.distance_m * self.reading / self.divisions + self.eye_m


def shadow_example(divisions: int) -> ShadowExample:
    """A building sighted from 24 m away reading two thirds of the side (8 of 12, ...): under
    45 degrees, so on the vertical side (umbra versa)."""
    reading = round(2.0 * divisions / 3.0)
    return ShadowExample(divisions, 24.0, float(reading), 1.6)
