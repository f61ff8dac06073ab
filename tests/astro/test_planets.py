"""astro.planets against PyEphem (an independent ephemeris: VSOP87 via libastro) and
textbook orbital elements."""

from __future__ import annotations

import math

import astronomy
import ephem
import pytest

from astrolabe_fab.astro import planets
from astrolabe_fab.errors import InputError

DATES = ["2021/01/15 03:00:00", "2022/07/04 21:30:00", "2024/03/01 00:00:00"]


def _time(date: str) -> astronomy.Time:
    d = ephem.Date(date).tuple()
    return astronomy.Time.Make(*d[:5], d[5])


@pytest.mark.parametrize("date", DATES)
@pytest.mark.parametrize("name", ["Mercury", "Venus", "Mars", "Jupiter", "Saturn"])
def test_planet_ra_dec_matches_pyephem(name: str, date: str) -> None:
    body = getattr(ephem, name)()
    body.compute(ephem.Date(date), epoch=ephem.Date(date))
    ra_h, dec_deg = planets.planet_ra_dec(name.lower(), _time(date))
    assert abs(((ra_h - body.g_ra * 12 / math.pi + 12) % 24 - 12) * 15) < 0.01
    assert abs(dec_deg - math.degrees(body.g_dec)) < 0.01


@pytest.mark.parametrize("date", DATES)
def test_earth_heliocentric_matches_pyephem(date: str) -> None:
    """PyEphem's Sun.hlon is the Earth's heliocentric longitude of date: ours (J2000) plus the
    general precession since J2000 must match it."""
    sun = ephem.Sun()
    sun.compute(ephem.Date(date))
    x, y, z = planets.earth_heliocentric_ecliptic_au(_time(date))
    years = (ephem.Date(date) - ephem.J2000) / 365.25
    lon = math.degrees(math.atan2(y, x)) + planets.general_precession_deg(years)
    assert abs((lon - math.degrees(sun.hlon) + 180) % 360 - 180) < 0.005
    assert abs(math.sqrt(x * x + y * y + z * z) - sun.earth_distance) < 1e-5
    assert abs(z) < 1e-4


@pytest.mark.parametrize(
    ("name", "a_au"),
    [
        ("Mercury", 0.3871),
        ("Venus", 0.7233),
        ("Mars", 1.5237),
        ("Jupiter", 5.2026),
        ("Saturn", 9.5549),
    ],
)
def test_semi_major_axes_match_textbook(name: str, a_au: float) -> None:
    """Mean elements (Meeus, Astronomical Algorithms, table 31.A); Saturn's mean period is
    perturbed by Jupiter, hence the looser tolerance."""
    assert planets.planet_semi_major_axis_au(name) == pytest.approx(a_au, rel=0.003)


def test_moon_parallax_is_about_one_degree() -> None:
    t = _time(DATES[0])
    _, _, dist_km = planets.moon_ra_dec_distance(t)
    assert 356_000 < dist_km < 407_000
    assert 0.89 < planets.moon_horizontal_parallax_deg(dist_km) < 1.03


def test_general_precession_per_year() -> None:
    """50.29" per year (IAU 2006)."""
    assert planets.general_precession_deg(1.0) * 3600 == pytest.approx(50.29, abs=0.01)


def test_unknown_planet_names_the_choices() -> None:
    with pytest.raises(InputError, match="Jupiter"):
        planets.planet_body("Vulcan")
    assert planets.canonical_planet_name(" saturn ") == "Saturn"
    assert planets.is_planet("MARS") and not planets.is_planet("Sirius")


@pytest.mark.parametrize("date", DATES)
def test_fast_sun_matches_pyephem(date: str) -> None:
    sun = ephem.Sun()
    sun.compute(ephem.Date(date), epoch=ephem.Date(date))
    ra_h, dec_deg = planets.sun_ra_dec_fast(_time(date))
    assert abs(((ra_h - sun.g_ra * 12 / math.pi + 12) % 24 - 12) * 15) < 0.005
    assert abs(dec_deg - math.degrees(sun.g_dec)) < 0.005
