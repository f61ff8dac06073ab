"""The site's longitude with its classes and its honest interval; flags that the plain clock
check cannot give (a day slip the Moon shows, a session no time fits)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from pathlib import Path

import numpy as np
import pytest

from astrolabe_fab.astro.planets import ALL_PLANETS
from astrolabe_fab.reduce import sim_files
from astrolabe_fab.reduce import simulate as sim
from astrolabe_fab.reduce.longitude import (
    CLASS_MIN_SESSIONS,
    Z95,
    Location,
    SiteLongitude,
    by_class,
)
from astrolabe_fab.reduce.pipeline import Reduction, reduce_sightings
from astrolabe_fab.reduce.positions import resolve_star_name
from astrolabe_fab.reduce.sessions import Site
from astrolabe_fab.reduce.sightings import read_sightings

#: the calm sessions simulated once (module fixture ``calm``): one worker runs them all
#: (tests/conftest.py)
pytestmark = pytest.mark.one_worker

SITE = Site(39.0, -77.0)


def _site(pooled: Location, day: Location, night: Location) -> SiteLongitude:
    return SiteLongitude(SITE, pooled, -77.0, "given", 500, {"day": day, "night": night})


def test_interval_holds_every_large_class() -> None:
    """The interval: the pooled statistical one widened to hold each class's own 95 %
    interval, classes of fewer than CLASS_MIN_SESSIONS sessions left out."""
    pooled = Location(-77.10, 0.05, 2.5, 600)
    day = Location(-77.00, 0.08, 2.5, 300)
    night = Location(-77.25, 0.06, 2.0, 300)
    low, high = _site(pooled, day, night).interval()
    assert low == pytest.approx(-77.25 - Z95 * 0.06)
    assert high == pytest.approx(-77.00 + Z95 * 0.08)
    few = Location(-80.0, 1.0, 2.0, CLASS_MIN_SESSIONS - 1)
    assert _site(pooled, day, few).interval() == (
        pytest.approx(-77.10 - Z95 * 0.05),
        pytest.approx(-77.00 + Z95 * 0.08),
    )


def test_interval_is_the_statistical_one_when_classes_agree_closely() -> None:
    pooled = Location(-77.0, 0.05, 2.5, 600)
    tight = Location(-77.0, 0.04, 2.5, 300)
    assert _site(pooled, tight, tight).interval() == pytest.approx(pooled.interval())


def test_summary_entry_reports_classes_and_their_difference() -> None:
    entry = _site(
        Location(-77.1, 0.05, 2.5, 600),
        Location(-77.0, 0.08, 2.5, 300),
        Location(-77.25, 0.06, 2.0, 300),
    ).as_dict()
    assert entry["statistical_low"] == pytest.approx(-77.1 - Z95 * 0.05, abs=1e-4)
    assert entry["low"] < entry["statistical_low"] and entry["high"] > entry["statistical_high"]
    assert entry["by_class"]["night"]["value"] == -77.25
    assert entry["night_minus_day_deg"] == pytest.approx(-0.25)
    assert entry["night_minus_day_sigma"] == pytest.approx(0.1)


def test_classes_split_by_day_and_wrap() -> None:
    """Longitudes near the date line pooled around the centre, per class."""
    lon = np.array([179.5, -179.5, 179.8, 179.9, -179.9, -179.7])
    day = np.array([True, True, True, False, False, False])
    classes = by_class(lon, day, 180.0)
    assert classes["day"].n == 3 and classes["night"].n == 3
    assert abs((classes["day"].value - 179.9 + 180) % 360 - 180) < 0.3
    assert abs((classes["night"].value + 179.9 + 180) % 360 - 180) < 0.3


def _reduce(tmp: Path, sessions: list[sim.SimSession]) -> Reduction:
    path = tmp / "log.csv"
    path.write_text(sim_files.to_wide_csv(sessions), encoding="utf-8")
    return reduce_sightings(read_sightings(path, resolve_star_name))


def test_night_lag_shows_in_the_classes_and_the_interval_still_holds(tmp_path: Path) -> None:
    """Night sessions written 4 min late: the night class comes out 1 deg west of the day
    class; the pooled longitude is about half a degree west, its statistical interval
    misses the truth, the reported interval holds it."""
    config = sim.SimConfig(seed=41, star_lag_min=4.0)
    lon = _reduce(tmp_path, sim.simulate(config)).summary["longitude_deg"]
    diff, sigma = lon["night_minus_day_deg"], lon["night_minus_day_sigma"]
    assert diff == pytest.approx(-1.0, abs=3 * sigma)
    assert lon["statistical_high"] < config.longitude_deg
    assert lon["low"] <= config.longitude_deg <= lon["high"]


def test_longitude_within_a_tenth_of_a_degree_where_the_statistics_allow(tmp_path: Path) -> None:
    """No class lag and 2500 sessions (sigma about 0.05 deg): within 0.1 deg of the truth,
    inside both intervals, the classes agreeing within their sigma's reach."""
    config = sim.SimConfig(seed=42, star_lag_min=0.0, sessions=2500)
    lon = _reduce(tmp_path, sim.simulate(config)).summary["longitude_deg"]
    assert lon["sigma"] < 0.06
    assert abs(lon["value"] - config.longitude_deg) < 0.1
    assert lon["statistical_low"] <= config.longitude_deg <= lon["statistical_high"]
    assert abs(lon["night_minus_day_deg"]) < 3 * lon["night_minus_day_sigma"]


@pytest.fixture(scope="module")
def calm() -> list[sim.SimSession]:
    """A calm log (0.3 deg readings, no faults) to plant faults in."""
    config = sim.SimConfig.ideal(sessions=160, noise_deg=0.3, seed=43, day_fraction=0.3)
    return sim.simulate(config)


def _with_moon_and_stars(sessions: list[sim.SimSession]) -> int:
    for i, s in enumerate(sessions):
        names = [x.object for x in s.sightings if x.object not in ALL_PLANETS]
        if "Moon" in names and len(names) >= 3:
            return i
    raise AssertionError("no session with the Moon and two stars")


@pytest.mark.parametrize(("days", "said"), [(1, "earlier"), (-1, "later")])
def test_a_day_slip_is_flagged_by_the_moon(
    tmp_path: Path, calm: list[sim.SimSession], days: int, said: str
) -> None:
    """A date a day off moves the stars by 4 min of sidereal time, nothing the clock check
    sees; the Moon moved 12-15 deg: the session is flagged, and no other."""
    sessions = list(calm)
    k = _with_moon_and_stars(sessions)
    late = sessions[k].recorded_utc + dt.timedelta(days=days)
    sessions[k] = dataclasses.replace(sessions[k], recorded_utc=late)
    red = _reduce(tmp_path, sorted(sessions, key=lambda s: s.recorded_utc))
    flagged = {r.utc: r.flag for r in red.sessions if r.flag}
    assert list(flagged) == [late]
    assert flagged[late].startswith(f"the Moon fits a day {said} than logged")
    assert flagged[late].endswith(" agree")


def test_a_day_slip_with_the_moon_and_one_star_is_flagged(
    tmp_path: Path, calm: list[sim.SimSession]
) -> None:
    """Two sightings, the Moon and a star, a day off: fitted at any sidereal time the two
    can meet halfway; held to the clock's window (the clock is right to 4 minutes) the
    Moon's 12-15 deg tells the date."""
    sessions = list(calm)
    k = next(
        i
        for i, s in enumerate(sessions)
        if sorted(x.object == "Moon" for x in s.sightings) == [False, True]
        and "Sun" not in [x.object for x in s.sightings]
    )
    late = sessions[k].recorded_utc + dt.timedelta(days=1)
    sessions[k] = dataclasses.replace(sessions[k], recorded_utc=late)
    red = _reduce(tmp_path, sorted(sessions, key=lambda s: s.recorded_utc))
    flagged = {r.utc: r.flag for r in red.sessions if r.flag}
    assert list(flagged) == [late]
    assert "the Moon fits a day earlier than logged" in flagged[late]


def test_a_session_no_time_fits_is_still_judged(tmp_path: Path, calm: list[sim.SimSession]) -> None:
    """A single star read 10 deg above the highest it can stand (no sidereal time fits: the
    session is not reduced) whose clock is 12 h off: at the best sidereal time the star
    stands at its highest, at the clock's it is below the horizon: flagged, 'not reduced'."""
    sessions = list(calm)
    k = next(
        i
        for i, s in enumerate(sessions)
        if len(s.sightings) == 1 and s.sightings[0].object not in ("Sun", "Moon", *ALL_PLANETS)
    )
    star = sessions[k].sightings[0]
    highest = 90.0 - abs(39.0 - star.dec_deg)
    wrong = dataclasses.replace(star, altitude_deg=min(89.0, highest + 10.0))
    late = sessions[k].recorded_utc + dt.timedelta(hours=12)
    sessions[k] = dataclasses.replace(sessions[k], recorded_utc=late, sightings=[wrong])
    red = _reduce(tmp_path, sorted(sessions, key=lambda s: s.recorded_utc))
    row = next(r for r in red.sessions if r.utc == late)
    assert math.isnan(row.time_error_min) and row.n_sightings == 0
    assert row.flag.startswith("not reduced: ")
    # the best fit puts the star at its highest: the clock is 12 h off that, less the hours
    # the star stood from its transit when it was sighted
    hours = float(row.flag.split("the clock is ")[1].removesuffix(" h off"))
    assert 6.0 <= abs(hours) <= 18.0
    summary = red.summary["time_error_min"]
    assert summary["n_unreduced_flagged"] >= 1
