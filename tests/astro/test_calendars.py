"""Julian and Gregorian calendars checked against fixed points of the calendar's history and
against Python's own proleptic Gregorian arithmetic, not against the module's formulas."""

from __future__ import annotations

import datetime as dt

import pytest

from astrolabe_fab.astro.calendars import (
    CalendarDay,
    abc_letter,
    default_calendar_system,
    dominical_letters,
    is_leap_year,
    jdn_to_julian,
    julian_to_jdn,
    year_days,
)


def test_the_reform_is_one_day() -> None:
    """Thursday 4 October 1582 (Julian) was followed by Friday 15 October 1582 (Gregorian)."""
    last = CalendarDay.of(1582, 10, 4, "julian")
    first = CalendarDay.of(1582, 10, 15, "gregorian")
    assert first.jdn - last.jdn == 1
    assert last.jdn == 2299160  # Meeus, Astronomical Algorithms, ch. 7
    assert last.gregorian == dt.date(1582, 10, 14)
    assert first.gregorian.weekday() == 4  # Friday
    assert last.weekday == 3  # Thursday


def test_meeus_example_7b() -> None:
    """333 January 27, 12h (Julian) is JD 1842713.0 (Meeus, example 7.b)."""
    assert julian_to_jdn(333, 1, 27) == 1842713


@pytest.mark.parametrize(
    "julian,gregorian",
    [
        ((1391, 3, 12), dt.date(1391, 3, 20)),  # the Treatise's equinox (II §1)
        ((1391, 12, 13), dt.date(1391, 12, 21)),  # and its winter solstice
        ((1700, 2, 18), dt.date(1700, 2, 28)),  # 10 days until Julian 29 Feb 1700 ...
        ((1700, 2, 19), dt.date(1700, 3, 1)),  # ... then 11
        ((1752, 9, 2), dt.date(1752, 9, 13)),  # Britain's last Julian day
        ((1918, 1, 31), dt.date(1918, 2, 13)),  # Russia's
    ],
)
def test_julian_dates_in_gregorian(julian: tuple[int, int, int], gregorian: dt.date) -> None:
    assert CalendarDay.of(*julian, "julian").gregorian == gregorian


def test_julian_day_numbers_round_trip() -> None:
    for jdn in range(1_990_000, 2_800_000, 997):
        assert julian_to_jdn(*jdn_to_julian(jdn)) == jdn
    # the proleptic Gregorian side agrees with Python's date arithmetic
    d = CalendarDay.of(2000, 1, 1, "gregorian")
    assert d.jdn == 2451545
    assert d.plus(366).gregorian == dt.date(2001, 1, 1)


def test_leap_years_differ_only_on_centuries() -> None:
    assert is_leap_year(1500, "julian") and not is_leap_year(1500, "gregorian")
    assert is_leap_year(1600, "julian") and is_leap_year(1600, "gregorian")
    assert len(year_days(1500, "julian")) == 366
    assert len(year_days(1391, "julian")) == 365
    with pytest.raises(ValueError):
        CalendarDay.of(1500, 2, 29, "gregorian")
    assert CalendarDay.of(1500, 2, 29, "julian").isoformat() == "1500-02-29"


@pytest.mark.parametrize(
    "year,system,letters",
    [(2026, "gregorian", "D"), (2024, "gregorian", "GF"), (2000, "gregorian", "BA")],
)
def test_dominical_letters_of_known_years(year: int, system: str, letters: str) -> None:
    assert dominical_letters(year, system) == letters  # type: ignore[arg-type]


@pytest.mark.parametrize("year", [1391, 1392, 1400, 1066, 1550])
def test_dominical_letter_falls_on_sunday(year: int) -> None:
    """Independently of the module's weekday: Python's weekday of the same Gregorian day."""
    letters = dominical_letters(year, "julian")
    first_sunday = next(d for d in year_days(year, "julian")[:7] if d.gregorian.weekday() == 6)
    assert letters[0] == (abc_letter(first_sunday) or "").upper()
    if len(letters) == 2:  # a leap year: the letter before, from March
        march = [d for d in year_days(year, "julian") if d.month == 3]
        sunday = next(d for d in march if d.gregorian.weekday() == 6)
        assert letters[1] == (abc_letter(sunday) or "").upper()


def test_1391_began_on_a_sunday() -> None:
    """1 January 1391 (Julian) = 9 January 1391 (proleptic Gregorian), a Sunday: letter A."""
    assert CalendarDay.of(1391, 1, 1, "julian").gregorian.weekday() == 6
    assert dominical_letters(1391, "julian") == "A"


def test_the_letters_of_the_days() -> None:
    days = {d.isoformat(): abc_letter(d) for d in year_days(1392, "julian")}
    assert days["1392-01-01"] == "A" and days["1392-01-08"] == "A"
    assert days["1392-01-02"] == "b" and days["1392-01-07"] == "g"
    assert days["1392-02-29"] is None  # the bissextile day has no letter of its own
    assert days["1392-03-01"] == "d"  # as in every year
    assert days["1392-12-31"] == "A"


def test_default_calendar_by_epoch() -> None:
    assert default_calendar_system(1391.0) == "julian"
    assert default_calendar_system(1582.9) == "julian"
    assert default_calendar_system(1583.0) == "gregorian"
    assert default_calendar_system(2026.0) == "gregorian"
