"""Calendars of the instrument: Julian and Gregorian dates, day numbers and Sunday letters.

Every date is a day of one calendar system (``julian`` or ``gregorian``); the two meet through
the Julian Day Number (JDN: the count of days whose noon starts 1 January 4713 BC Julian).
- Julian calendar date -> JDN: Meeus, "Astronomical Algorithms", 2nd ed. (1998), ch. 7,
  JD = INT(365.25 (Y + 4716)) + INT(30.6001 (M + 1)) + D - 1524.5 with B = 0 (Julian), January and
  February counted as months 13 and 14 of the year before; the JDN is that JD + 0.5.
- JDN -> Julian calendar date: Meeus ch. 7, the inverse (A = Z for Z < 2299161, for any Z when
  the calendar is Julian by choice).
- Gregorian dates are Python's proleptic Gregorian ``datetime.date``; JDN = ordinal + 1721425
  (1 January of the year 1 Gregorian is JDN 1721426).
astronomy-engine takes proleptic Gregorian dates (its ``Time.Make`` is NOVAS C 3.1's
``julian_date``), so a Julian date reaches the ephemeris as ``CalendarDay.gregorian``.

The reform: Pope Gregory XIII's bull *Inter gravissimas* (1582) made the day after Thursday
4 October 1582 (Julian) Friday 15 October 1582 (Gregorian). A calendar ring shows a whole
year, and 1582 was Julian for nine and a half months where the reform was first adopted, so
the default calendar of an epoch is Julian for years before ``FIRST_GREGORIAN_YEAR`` (1583)
and Gregorian from it. Britain and its colonies kept the Julian calendar until 2 September
1752 (Calendar (New Style) Act 1750); an English instrument of 1583-1752 asks for
``--calendar-system julian``.

Sunday letters (the Treatise's "circle of the A.B.C.", Part I §11; Skeat's note: "what we now
call the Sunday letters"): the days of a common year carry the letters A b c d e f g in turn
from 1 January (A); the letter that falls on the Sundays of a year is its dominical letter. In
a leap year the intercalary day takes no letter of its own (the medieval bissextile: 24 February
counted twice under one letter), so the Sundays from March on fall on the letter before: a leap
year has two dominical letters (e.g. 2024 GF). The letters are written as in medieval calendars,
a capital A and small b-g.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Literal

CalendarSystem = Literal["julian", "gregorian"]
CALENDAR_SYSTEMS: tuple[str, ...] = ("julian", "gregorian")
#: The first whole Gregorian year where the reform was first adopted (see module doc).
FIRST_GREGORIAN_YEAR = 1583
#: Last Julian day and first Gregorian day of the reform (JDN 2299160 and 2299161).
REFORM_LAST_JULIAN = (1582, 10, 4)
REFORM_FIRST_GREGORIAN = (1582, 10, 15)
#: JDN of 1 January of the year 1 (proleptic Gregorian) minus ``date(1, 1, 1).toordinal()``.
_ORDINAL_TO_JDN = 1721425
#: The letters of the circle of the A.B.C., as medieval calendars write them.
ABC_LETTERS = ("A", "b", "c", "d", "e", "f", "g")
MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def default_calendar_system(epoch: float) -> CalendarSystem:
    """Julian for epochs before 1583, Gregorian from 1583 on (see the module doc)."""
    return "julian" if math.floor(epoch) < FIRST_GREGORIAN_YEAR else "gregorian"


def is_leap_year(year: int, system: CalendarSystem) -> bool:
    """Julian: every fourth year; Gregorian: and not the centuries not divisible by 400."""
    if system == "julian":
        return year % 4 == 0
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year: int, month: int, system: CalendarSystem) -> int:
    if month == 2 and is_leap_year(year, system):
        return 29
    return MONTH_DAYS[month - 1]


def julian_to_jdn(year: int, month: int, day: int) -> int:
    """JDN of a Julian calendar date (Meeus ch. 7, B = 0)."""
    if month <= 2:
        year, month = year - 1, month + 12
    jd = math.floor(365.25 * (year + 4716)) + math.floor(30.6001 * (month + 1)) + day - 1524.5
    return int(jd + 0.5)


def jdn_to_julian(jdn: int) -> tuple[int, int, int]:
    """Julian calendar (year, month, day) of a JDN (Meeus ch. 7 with A = Z)."""
    b = jdn + 1524
    c = math.floor((b - 122.1) / 365.25)
    d = math.floor(365.25 * c)
    e = math.floor((b - d) / 30.6001)
    day = b - d - math.floor(30.6001 * e)
    month = e - 1 if e < 14 else e - 13
    year = c - 4716 if month > 2 else c - 4715
    return year, month, day


def gregorian_to_jdn(date: dt.date) -> int:
    return date.toordinal() + _ORDINAL_TO_JDN


def jdn_to_gregorian(jdn: int) -> dt.date:
    return dt.date.fromordinal(jdn - _ORDINAL_TO_JDN)


@dataclass(frozen=True, order=True)
class CalendarDay:
    """A day as written in its calendar: (year, month, day) of ``system``, and its JDN."""

    jdn: int
    system: CalendarSystem

    @staticmethod
    def of(year: int, month: int, day: int, system: CalendarSystem) -> CalendarDay:
        """The day (year, month, day) of ``system``; ValueError if that date does not exist."""
        if not 1 <= month <= 12 or not 1 <= day <= days_in_month(year, month, system):
            raise ValueError(f"{year}-{month:02d}-{day:02d} is not a {system} date")
        if system == "julian":
            return CalendarDay(julian_to_jdn(year, month, day), system)
        return CalendarDay(gregorian_to_jdn(dt.date(year, month, day)), system)

    @property
    def ymd(self) -> tuple[int, int, int]:
        if self.system == "julian":
            return jdn_to_julian(self.jdn)
        g = jdn_to_gregorian(self.jdn)
        return g.year, g.month, g.day

    @property
    def year(self) -> int:
        return self.ymd[0]

    @property
    def month(self) -> int:
        return self.ymd[1]

    @property
    def day(self) -> int:
        return self.ymd[2]

    @property
    def gregorian(self) -> dt.date:
        """The same day in the proleptic Gregorian calendar (what astronomy-engine takes)."""
        return jdn_to_gregorian(self.jdn)

    def isoformat(self) -> str:
        """'1391-03-12' (the date as written in its own calendar)."""
        y, m, d = self.ymd
        return f"{y:04d}-{m:02d}-{d:02d}"

    def plus(self, days: int) -> CalendarDay:
        return CalendarDay(self.jdn + days, self.system)

    @property
    def weekday(self) -> int:
        """Monday 0 ... Sunday 6 (JDN 0 was a Monday)."""
        return self.jdn % 7


def year_days(year: int, system: CalendarSystem, extra_days: int = 0) -> tuple[CalendarDay, ...]:
    """Every day of ``year`` from 1 January, then ``extra_days`` days of the next year."""
    first = CalendarDay.of(year, 1, 1, system)
    n = CalendarDay.of(year + 1, 1, 1, system).jdn - first.jdn
    return tuple(first.plus(k) for k in range(n + extra_days))


def common_year_index(day: CalendarDay) -> int | None:
    """The day's place 0-364 in a common year (1 January = 0); None for 29 February."""
    _, m, d = day.ymd
    if m == 2 and d == 29:
        return None
    return sum(MONTH_DAYS[: m - 1]) + d - 1


def abc_index(day: CalendarDay) -> int | None:
    """Index 0-6 of the day's letter in the circle of the A.B.C. (A = 1 January); None for the
    intercalary 29 February, which has no letter of its own (module doc)."""
    k = common_year_index(day)
    return None if k is None else k % 7


def abc_letter(day: CalendarDay) -> str | None:
    """The day's letter (A b c d e f g), None for 29 February."""
    k = abc_index(day)
    return None if k is None else ABC_LETTERS[k]


def dominical_letters(year: int, system: CalendarSystem) -> str:
    """The year's Sunday letter(s) in capitals: 'D' (2026 Gregorian), 'GF' (2024 Gregorian)."""
    first = CalendarDay.of(year, 1, 1, system)
    sunday = first.plus((6 - first.weekday) % 7)
    letters = ABC_LETTERS[abc_index(sunday) or 0].upper()
    if is_leap_year(year, system):
        march = CalendarDay.of(year, 3, 1, system)
        later = march.plus((6 - march.weekday) % 7)
        letters += ABC_LETTERS[abc_index(later) or 0].upper()
    return letters


def calendar_record(year: int, system: CalendarSystem) -> dict[str, object]:
    """The manifest's record of an instrument's calendar: system, year, Sunday letters."""
    first = CalendarDay.of(year, 1, 1, system)
    return {
        "system": system,
        "year": year,
        "first_day": first.isoformat(),
        "first_day_proleptic_gregorian": first.gregorian.isoformat(),
        "dominical_letters": dominical_letters(year, system),
        "default_rule": f"julian for epochs before {FIRST_GREGORIAN_YEAR}, gregorian from it "
        "(the reform: 4 October 1582 Julian was followed by 15 October 1582 Gregorian)",
    }
