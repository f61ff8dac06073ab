"""The Sun's year on the back: the zodiac ring, the calendar ring and the data behind them.

Ecliptic ring: the Sun's apparent ecliptic longitude lambda is drawn at bearing 270 + lambda
(degrees clockwise from the top), so the March equinox is at the left, the June solstice at
the top, the September equinox at the right and the December solstice at the bottom.

The days are those of the instrument's calendar (``calendar_system``: Julian before 1583 by
default, astro.calendars); the Sun is computed for the same day in the proleptic Gregorian
calendar astronomy-engine takes, so a Julian calendar of 1391 puts the equinox on 12 March.

Concentric calendar (default, Robinson): the start of each day (0 h UT) of the epoch year is
drawn at the bearing of the Sun's longitude at that moment, from astronomy-engine (through
astro.sky), so the alidade laid on a date reads the Sun's longitude on the zodiac ring.

Eccentric calendar (classic): the days are spaced uniformly (one tropical year per turn) on a
circle whose centre is displaced from the pivot towards the Sun's apogee by 2 e times its
radius. Seen from the pivot, uniform motion on that circle reproduces the equation of the
centre to first order in e (Hipparchus' eccentric model; e.g. Evans, "The History and Practice
of Ancient Astronomy", 1998, ch. 5): lambda = M + 2 e sin M + O(e^2). Earth's orbital
eccentricity and longitude of perihelion are from Meeus, "Astronomical Algorithms", ch. 25/31:
e = 0.016708634 - 0.000042037 T, varpi = 102.93735 + 1.71946 T (degrees, T centuries from
J2000); the Sun's apogee is at longitude varpi.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import cache

from ..astro.calendars import CalendarDay, CalendarSystem, year_days
from ..astro.sky import equation_of_time_min, sun_ecliptic_longitude_deg, time_from_datetime
from ..design import Design
from ..geometry.primitives import Point

TROPICAL_YEAR_DAYS = 365.242190
MONTHS = (
    "JANUARY",
    "FEBRUARY",
    "MARCH",
    "APRIL",
    "MAY",
    "JUNE",
    "JULY",
    "AUGUST",
    "SEPTEMBER",
    "OCTOBER",
    "NOVEMBER",
    "DECEMBER",
)
#: The months under their Roman names, as on the Treatise's back ("The names of the months are
#: all Roman": Skeat's note on Part I §10), in the engraved capitals of the feasts (V for U, the
#: medieval -ci- of MARCIVS as in ANNVNCIACIO): used with ``latin_labels``.
LATIN_MONTHS = (
    "IANVARIVS",
    "FEBRVARIVS",
    "MARCIVS",
    "APRILIS",
    "MAIVS",
    "IVNIVS",
    "IVLIVS",
    "AVGVSTVS",
    "SEPTEMBER",
    "OCTOBER",
    "NOVEMBER",
    "DECEMBER",
)
SIGNS = (
    "ARIES",
    "TAURUS",
    "GEMINI",
    "CANCER",
    "LEO",
    "VIRGO",
    "LIBRA",
    "SCORPIO",
    "SAGITTARIUS",
    "CAPRICORN",
    "AQUARIUS",
    "PISCES",
)
#: The signs as the Treatise names them (Part I §8: "Aries, Taurus, Gemini, Cancer, Leo,
#: Virgo, Libra, Scorpio, Sagittarius, Capricornus, Aquarius, Pisces"), in the capitals of
#: LATIN_MONTHS: used with ``latin_labels``.
LATIN_SIGNS = (
    "ARIES",
    "TAVRVS",
    "GEMINI",
    "CANCER",
    "LEO",
    "VIRGO",
    "LIBRA",
    "SCORPIO",
    "SAGITTARIVS",
    "CAPRICORNVS",
    "AQVARIVS",
    "PISCES",
)
SIGN_GLYPHS = "♈♉♊♋♌♍♎♏♐♑♒♓"


def ecliptic_bearing_deg(lon_deg: float) -> float:
    """Bearing of ecliptic longitude lambda on the back: 270 + lambda (see module doc)."""
    return (270.0 + lon_deg) % 360.0


def epoch_year(design: Design) -> int:
    """The calendar year drawn: the integer part of the design's epoch."""
    return math.floor(design.epoch)


def calendar_system(design: Design) -> CalendarSystem:
    """The design's calendar, or by its epoch: Julian before 1583 (astro.calendars)."""
    return "julian" if design.calendar_system_in_use == "julian" else "gregorian"


def calendar_kind(design: Design) -> str:
    """concentric (modern default) or eccentric (classic default), unless given."""
    if design.calendar is not None:
        return design.calendar
    return "eccentric" if design.style == "classic" else "concentric"


@dataclass(frozen=True)
class SunYear:
    """The Sun at 0 h UT of every day of one calendar year and of 1 January of the next.

    ``days`` are dates of the instrument's calendar (``astro.calendars``: Julian or Gregorian);
    the Sun is computed for the same days in the proleptic Gregorian calendar that
    astronomy-engine takes (``CalendarDay.gregorian``)."""

    year: int
    days: tuple[CalendarDay, ...]
    lon_deg: tuple[float, ...]
    eot_min: tuple[float, ...]
    #: two more days (2 and 3 January of the next year), so curves can run a full tropical
    #: year and interpolate without extrapolating
    lon_after: tuple[float, ...] = ()
    eot_after: tuple[float, ...] = ()

    @property
    def system(self) -> CalendarSystem:
        return self.days[0].system

    def day_index(self, date: CalendarDay) -> int:
        return date.jdn - self.days[0].jdn


@cache
def sun_year(year: int, system: CalendarSystem = "gregorian") -> SunYear:
    """Daily samples (0 h UT) of the Sun's apparent longitude and the equation of time over
    the calendar year ``year`` of ``system``."""
    days = year_days(year, system, extra_days=3)
    n = len(days) - 3
    lons, eots = [], []
    for d in days:
        g = d.gregorian
        t = time_from_datetime(dt.datetime(g.year, g.month, g.day, tzinfo=dt.UTC))
        lons.append(sun_ecliptic_longitude_deg(t))
        eots.append(equation_of_time_min(t))
    return SunYear(
        year,
        days[: n + 1],
        tuple(lons[: n + 1]),
        tuple(eots[: n + 1]),
        tuple(lons[n + 1 :]),
        tuple(eots[n + 1 :]),
    )


def unwrap_deg(values: tuple[float, ...] | list[float]) -> list[float]:
    """Make a sequence of angles continuous (no jumps of 360)."""
    out = [values[0]]
    for v in values[1:]:
        prev = out[-1]
        out.append(prev + ((v - prev + 180.0) % 360.0 - 180.0))
    return out


def catmull_rom(values: list[float], u: float) -> float:
    """Cubic (Catmull-Rom) interpolation of equally spaced samples at fractional index u.

    Interpolation error of a cubic through 4 neighbours is h^4 f''''/24 at most; for the
    Sun's daily longitude and the equation of time this is far below 1e-6 of a unit.
    """
    n = len(values)
    i = max(0, min(n - 2, math.floor(u)))
    t = u - i
    p0 = values[i - 1] if i > 0 else 2.0 * values[0] - values[1]
    p1, p2 = values[i], values[i + 1]
    p3 = values[i + 2] if i + 2 < n else 2.0 * values[-1] - values[-2]
    return 0.5 * (
        2.0 * p1
        + (-p0 + p2) * t
        + (2.0 * p0 - 5.0 * p1 + 4.0 * p2 - p3) * t * t
        + (-p0 + 3.0 * p1 - 3.0 * p2 + p3) * t**3
    )


# --------------------------------------------------------------------------- eccentric model


def solar_orbit_elements(epoch: float) -> tuple[float, float]:
    """Eccentricity and longitude of the Sun's apogee (deg) at an epoch (Meeus ch. 25, 31)."""
    t = (epoch - 2000.0) / 100.0
    e = 0.016708634 - 0.000042037 * t
    varpi = 102.93735 + 1.71946 * t
    return e, varpi % 360.0


@dataclass(frozen=True)
class Eccentric:
    """Eccentric calendar circle: centre offset (mm, page frame) and day -> bearing about it."""

    center: Point
    radius_mm: float
    offset_mm: float
    apogee_bearing_deg: float
    psi0_deg: float  # bearing about the eccentric centre of day index 0 (1 Jan, 0 h UT)

    def day_bearing_deg(self, day_index: float) -> float:
        """Uniform motion: psi = psi0 + 360 d / tropical year."""
        return (self.psi0_deg + 360.0 * day_index / TROPICAL_YEAR_DAYS) % 360.0


def eccentric_calendar(
    pivot: Point,
    radius_mm: float,
    design: Design,
    year: SunYear,
) -> Eccentric:
    """The eccentric circle of the calendar; psi0 fitted so that the bearing from the pivot
    of each day matches the Sun's true longitude in the least-squares sense."""
    e, apogee_lon = solar_orbit_elements(design.epoch)
    offset = 2.0 * e * radius_mm
    a = math.radians(ecliptic_bearing_deg(apogee_lon))
    center = (pivot[0] + offset * math.sin(a), pivot[1] - offset * math.cos(a))
    ecc = Eccentric(center, radius_mm, offset, math.degrees(a) % 360.0, 0.0)
    targets = [ecliptic_bearing_deg(lon) for lon in year.lon_deg]
    psi0 = targets[0]
    for _ in range(4):
        ecc = Eccentric(center, radius_mm, offset, ecc.apogee_bearing_deg, psi0)
        diffs = [
            ((targets[k] - eccentric_bearing_from_pivot(ecc, pivot, k)) + 180.0) % 360.0 - 180.0
            for k in range(len(targets))
        ]
        psi0 += sum(diffs) / len(diffs)
    return Eccentric(center, radius_mm, offset, ecc.apogee_bearing_deg, psi0 % 360.0)


def eccentric_point(ecc: Eccentric, day_index: float, radius_mm: float | None = None) -> Point:
    """Point of a day on the eccentric circle (or on a concentric circle about its centre)."""
    r = ecc.radius_mm if radius_mm is None else radius_mm
    b = math.radians(ecc.day_bearing_deg(day_index))
    return (ecc.center[0] + r * math.sin(b), ecc.center[1] - r * math.cos(b))


def eccentric_bearing_from_pivot(ecc: Eccentric, pivot: Point, day_index: float) -> float:
    """Bearing, seen from the pivot, of a day's mark on the eccentric circle."""
    p = eccentric_point(ecc, day_index)
    return math.degrees(math.atan2(p[0] - pivot[0], -(p[1] - pivot[1]))) % 360.0
