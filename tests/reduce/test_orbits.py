"""Orbit estimators against synthetic series with known answers."""

from __future__ import annotations

import math

import astronomy
import numpy as np
import pytest

from astrolabe_fab.astro.planets import (
    SIDEREAL_YEAR_DAYS,
    earth_heliocentric_ecliptic_au,
    general_precession_deg,
)
from astrolabe_fab.reduce import orbits


@pytest.mark.parametrize(
    ("synodic_days", "inner", "a_au"),
    [
        (779.94, False, 1.5237),
        (583.92, True, 0.7233),
        (398.88, False, 5.2026),
        (378.09, False, 9.5549),
    ],
)
def test_synodic_to_semi_major_axis(synodic_days: float, inner: bool, a_au: float) -> None:
    """Mean synodic periods (Meeus table 36.A... or any almanac) give the textbook axes."""
    assert orbits.semi_major_axis_from_synodic(synodic_days, inner) == pytest.approx(
        a_au, rel=0.004
    )
    assert orbits.synodic_from_semi_major_axis(a_au) == pytest.approx(synodic_days, rel=0.01)


def _series(a_au: float, n: int, noise_deg: float, seed: int):
    rng = np.random.default_rng(seed)
    days = np.sort(rng.uniform(7670, 7670 + 3 * 365.25, n))  # 2021-2023
    earth = np.array([earth_heliocentric_ecliptic_au(astronomy.Time(float(d)))[:2] for d in days])
    prec = np.array([general_precession_deg(d / 365.25) for d in days])
    rate = 360.0 / (a_au**1.5 * SIDEREAL_YEAR_DAYS)
    helio = np.radians(40.0 + rate * (days - days.mean()))
    x, y = a_au * np.cos(helio) - earth[:, 0], a_au * np.sin(helio) - earth[:, 1]
    true_lon = np.degrees(np.arctan2(y, x)) + prec
    observed = true_lon + noise_deg * rng.standard_normal(n)
    decoy = rng.uniform(0, 360, n)  # the other crossing: anywhere
    swap = rng.random(n) < 0.5
    pair = np.where(swap[:, None], np.c_[decoy, observed], np.c_[observed, decoy]) % 360
    data = orbits.OrbitData(days, pair, np.full(n, noise_deg), earth, prec)
    return data, swap, true_lon


@pytest.mark.parametrize(("a_au", "inner"), [(0.72, True), (1.52, False), (5.2, False)])
def test_fit_recovers_a_circular_orbit(a_au: float, inner: bool) -> None:
    data, swap, _ = _series(a_au, 150, 1.0, seed=3)
    assert orbits.is_inner(data.lon_deg - _sun_lon(data)[:, None]) == inner
    fit = orbits.fit_circular_orbit(data, inner)
    assert fit is not None
    assert fit.semi_major_axis_au == pytest.approx(a_au, rel=0.01)
    assert abs(fit.semi_major_axis_au - a_au) < 4 * fit.semi_major_axis_sigma_au + 1e-3
    # the nearer crossing is the true one
    assert np.mean(fit.chosen_root == swap.astype(int)) > 0.97


def _sun_lon(data: orbits.OrbitData) -> np.ndarray:
    return np.degrees(np.arctan2(-data.earth_xy[:, 1], -data.earth_xy[:, 0])) + data.precession_deg


def test_fit_needs_five_sightings() -> None:
    data, _, _ = _series(1.52, 4, 1.0, seed=1)
    assert orbits.fit_circular_orbit(data, False) is None


def test_recurrence_recovers_the_synodic_period() -> None:
    """Sun-relative RA of an outer planet decreasing uniformly: every 2-h bin recurs after S."""
    s_true = 780.0
    days = np.arange(0.0, 1100.0, 3.0)
    rel = (12.0 - 24.0 * days / s_true) % 24.0 - 12.0
    rec = orbits.recurrence_estimate(days, rel, inner=False)
    assert rec.synodic_days == pytest.approx(s_true, abs=3.0)
    assert rec.semi_major_axis_au == pytest.approx(
        orbits.semi_major_axis_from_synodic(s_true, False), rel=0.01
    )
    assert len(rec.intervals_days) > 0 and np.all(rec.intervals_days > 200.0)


def test_recurrence_folds_multiple_periods() -> None:
    s_true = 399.0
    days = np.arange(0.0, 1100.0, 5.0)
    rel = (12.0 - 24.0 * days / s_true) % 24.0 - 12.0
    rec = orbits.recurrence_estimate(days, rel, inner=False)
    assert rec.synodic_days == pytest.approx(s_true, abs=5.0)


def test_recurrence_without_pairs_is_nan() -> None:
    rec = orbits.recurrence_estimate(np.array([0.0, 10.0]), np.array([1.0, 1.1]), False)
    assert math.isnan(rec.synodic_days) and math.isnan(rec.semi_major_axis_au)


def test_whole_orbit_arcs_fit_the_eccentricity() -> None:
    """Mars as PyEphem places it (true, eccentric orbit; ecliptic of date), 2018-2020: the
    series spans more than one Martian year, so the ellipse is fitted."""
    import ephem

    rng = np.random.default_rng(5)
    days = np.sort(rng.uniform(6575, 6575 + 3 * 365.25, 200))  # 2018-2020
    lons, earth = [], []
    for d in days:
        mars = ephem.Mars()
        date = ephem.Date(ephem.J2000 + d)
        mars.compute(date, epoch=date)
        lons.append(math.degrees(float(ephem.Ecliptic(mars, epoch=date).lon)))
        earth.append(earth_heliocentric_ecliptic_au(astronomy.Time(float(d)))[:2])
    lon = np.array(lons) + 0.5 * rng.standard_normal(len(days))
    prec = np.array([general_precession_deg(d / 365.25) for d in days])
    data = orbits.OrbitData(
        days, np.c_[lon, (lon + 137.0) % 360], np.full(len(days), 0.5), np.array(earth), prec
    )
    fit = orbits.fit_circular_orbit(data, inner=False)
    assert fit is not None
    assert fit.semi_major_axis_au == pytest.approx(1.5237, rel=0.005)
    assert fit.eccentricity == pytest.approx(0.0934, abs=0.02)


def test_short_arcs_stay_circular() -> None:
    data, _, _ = _series(5.2, 150, 1.0, seed=4)
    fit = orbits.fit_circular_orbit(data, inner=False)
    assert fit is not None and fit.eccentricity == 0.0
