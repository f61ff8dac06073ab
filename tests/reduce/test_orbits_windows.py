"""Semi-major axes over several three-year windows (39N 77W, realistic logs): the headline
fit (the Kepler orbit of the planet's known shape, a and phase fitted) against the planets'
true mean axes, and the circle fitted without the shape against the bias that the planet's
eccentricity must give a circle fitted to a short arc.

A circle whose period is tied to its radius reads the planet's current angular speed
w = n (1 + e cos v)^2 / (1 - e^2)^(3/2) as a mean motion, so a = (GM / w^2)^(1/3) comes out
a (1 - (4/3) e cos v) to first order; with r = a (1 - e cos v) that is
a_fit / a - 1 = (4/3) (r / a - 1), r the true heliocentric distance at the mid-epoch
(astronomy-engine's ephemeris, independent of the reduction). Jupiter over 2015-2017 (near
aphelion) comes out long, over 2021-2023 (near perihelion) short; benchmarks/bench_orbits.py
tabulates more windows and the estimators that were tried against this bias.
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import astronomy
import numpy as np
import pytest

from astrolabe_fab.astro.planets import planet_heliocentric_ecliptic_au, planet_semi_major_axis_au
from astrolabe_fab.reduce import orbits, sim_files
from astrolabe_fab.reduce import simulate as sim
from astrolabe_fab.reduce.pipeline import reduce_sightings
from astrolabe_fab.reduce.positions import resolve_star_name
from astrolabe_fab.reduce.sightings import read_sightings

#: each window's log simulated and reduced once (the module fixture ``window``, one per window):
#: one worker runs them all (tests/conftest.py)
pytestmark = pytest.mark.one_worker

WINDOWS = [(2012, 22), (2015, 21), (2021, 21)]
"""(first year, seed): 2012-2014 seed 22 once took Venus for an outer planet (a = 1.2 AU);
2015-2017 and 2021-2023 put Jupiter near aphelion and perihelion (the worst cases)."""

BARS = {"Venus": 0.03, "Mars": 0.01, "Jupiter": 0.03, "Saturn": 0.05}
"""Bars in every window: issue 11's for Mars, Jupiter and Saturn; Venus is held to 1 % in
most windows (``test_inner_planets_within_one_percent_in_most_windows``): a realistic log
holds only 10-25 Venus sightings, a few of them misread (2021-2023 seed 21: 3 of 12)."""

CIRCLE_BARS = {"Venus": 0.03, "Mars": 0.03, "Jupiter": 0.08, "Saturn": 0.20}
"""Bars of the circle fitted without the shape (issue 6's)."""


_CACHE: dict[tuple[int, int], tuple[dict, float]] = {}


def _reduce_window(
    first_year: int, seed: int, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict, float]:
    """Orbits summary and mid-epoch (days since 2000-01-01) of one simulated window."""
    if (first_year, seed) not in _CACHE:
        config = sim.SimConfig(
            start=dt.date(first_year, 1, 1), end=dt.date(first_year + 2, 12, 31), seed=seed
        )
        path = Path(tmp_path_factory.mktemp("window")) / "log.csv"
        path.write_text(sim_files.to_wide_csv(sim.simulate(config)), encoding="utf-8")
        red = reduce_sightings(read_sightings(path, resolve_star_name))
        epoch = dt.date(2000, 1, 1)
        mid = ((config.start - epoch).days + (config.end - epoch).days) / 2
        _CACHE[(first_year, seed)] = (red.summary["orbits"], mid)
    return _CACHE[(first_year, seed)]


@pytest.fixture(scope="module", params=WINDOWS, ids=lambda w: f"{w[0]}-{w[0] + 2}")
def window(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    return _reduce_window(*request.param, tmp_path_factory)


def _error(orbits_summary: dict, planet: str, key: str = "fit") -> float:
    fit = orbits_summary[planet]["semi_major_axis_au"][key]
    return fit / planet_semi_major_axis_au(planet) - 1.0


@pytest.mark.parametrize("planet", ["Venus", "Mars", "Jupiter", "Saturn"])
def test_axes_within_the_bars(window, planet: str) -> None:
    summary, _ = window
    assert summary[planet]["inner"] == (planet == "Venus")
    assert abs(_error(summary, planet)) < BARS[planet]
    assert abs(_error(summary, planet, "shape_free_fit")) < CIRCLE_BARS[planet]
    axis = summary[planet]["semi_major_axis_au"]
    for key in ("fit_sigma", "shape_free_fit_sigma"):
        assert 0.0 < axis[key] < 0.1 * planet_semi_major_axis_au(planet)
    assert summary[planet]["orbit_shape"]["eccentricity"] > 0.0


def test_inner_planets_within_one_percent_in_most_windows(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Issue 11: Venus and Mars within 1 % in most windows (here 2 of the 3)."""
    errors: dict[str, list[float]] = {"Venus": [], "Mars": []}
    for first_year, seed in WINDOWS:
        summary, _ = _reduce_window(first_year, seed, tmp_path_factory)
        for planet, found in errors.items():
            found.append(abs(_error(summary, planet)))
    for planet, found in errors.items():
        assert sum(e < 0.01 for e in found) >= 2, (planet, found)


def test_circle_error_is_the_eccentricity_bias_and_the_known_shape_removes_it(window) -> None:
    """The circle: a_fit / a - 1 = (4/3) (r_mid / a - 1) within the noise (3 %), r_mid from
    the ephemeris; the orbit of known shape is free of that bias (within 2 %, and within a
    third of the circle's error where that bias is large: 2015-2017 near aphelion, 2021-2023
    near perihelion)."""
    summary, mid_days = window
    a_true = planet_semi_major_axis_au("Jupiter")
    x, y, _ = planet_heliocentric_ecliptic_au("Jupiter", astronomy.Time(mid_days))
    predicted = 4.0 / 3.0 * (math.hypot(x, y) / a_true - 1.0)
    circle = _error(summary, "Jupiter", "shape_free_fit")
    assert circle == pytest.approx(predicted, abs=0.03)
    assert abs(_error(summary, "Jupiter")) < 0.02
    if abs(predicted) > 0.04:
        assert abs(_error(summary, "Jupiter")) < abs(circle) / 3.0


@pytest.mark.parametrize("planet", ["Jupiter", "Saturn"])
@pytest.mark.parametrize("key", ["fit", "shape_free_fit"])
def test_fit_sigma_covers_the_error(window, planet: str, key: str) -> None:
    """The reported sigmas cover the errors: the circle's includes its eccentricity error
    (its own scatter alone, about 1 % for Jupiter, would put 2015-2017 and 2021-2023 six
    sigma off); the known shape's needs no such term."""
    summary, _ = window
    sigma = summary[planet]["semi_major_axis_au"][f"{key}_sigma"]
    error_au = abs(_error(summary, planet, key)) * planet_semi_major_axis_au(planet)
    assert error_au < 2.5 * sigma


def test_a_few_noisy_venus_crossings_do_not_make_it_outer() -> None:
    """Venus never strays beyond 47 deg from the Sun; two crossings pushed past 60 deg by
    noise (of 18) must not turn it into an outer planet, while an outer planet seen at night
    (a fifth of its sightings near opposition) stays outer."""
    rng = np.random.default_rng(0)
    venus = np.c_[rng.uniform(-47, 47, 18), rng.uniform(150, 210, 18)]
    venus[:2, 0] = [-61.0, -65.0]
    venus[:2, 1] = [-166.0, -177.0]
    assert orbits.is_inner(venus)
    outer = np.c_[rng.uniform(-60, 60, 40), rng.uniform(-60, 60, 40)]
    outer[:10] = np.c_[rng.uniform(120, 240, 10), rng.uniform(90, 270, 10)]
    assert not orbits.is_inner(outer)
