"""The solver's model, derivatives, losses and fits, against independent computations:
finite differences, rotation matrices (tests/independent.py), closed forms."""

from __future__ import annotations

import math

import numpy as np
import pytest

from astrolabe_fab.reduce import solve
from astrolabe_fab.reduce.refraction import apparent_from_true_deg, refraction_slope
from tests.independent import altaz_to_hadec

RNG = np.random.default_rng(5)
N = 200
HOUR = RNG.uniform(-math.pi, math.pi, N)
LAT = RNG.uniform(math.radians(-60), math.radians(60), N)
DEC = RNG.uniform(math.radians(-40), math.radians(40), N)
PARALLAX = RNG.choice([0.0, 0.95], N)


def _true_altitude_deg(hour: np.ndarray, lat: np.ndarray, dec: np.ndarray) -> np.ndarray:
    """Altitude by rotating the equatorial unit vector into the horizon frame."""
    v = np.stack([np.cos(dec) * np.cos(hour), np.cos(dec) * np.sin(hour), np.sin(dec)])
    zenith = np.stack([np.cos(lat), np.zeros_like(lat), np.sin(lat)])
    return np.degrees(np.arcsin(np.sum(v * zenith, axis=0)))


def test_model_altitude_is_the_sky() -> None:
    """h from the spherical formula = h from a rotation, then parallax and refraction."""
    alt, _, _ = solve.model_altitude_deg(HOUR, LAT, DEC, PARALLAX)
    true = _true_altitude_deg(HOUR, LAT, DEC)
    topo = true - PARALLAX * np.cos(np.radians(true))
    np.testing.assert_allclose(alt, apparent_from_true_deg(topo), atol=1e-9)
    np.testing.assert_allclose(solve.apparent_altitude_deg(HOUR, LAT, DEC, PARALLAX), alt)


def test_derivatives_against_finite_differences() -> None:
    """dh/dH and dh/dphi of the model (parallax and refraction included) against central
    differences; the points near the zenith or far below the horizon are left out."""
    alt, d_hour, d_lat = solve.model_altitude_deg(HOUR, LAT, DEC, PARALLAX)
    ok = (alt > -1.5) & (alt < 85.0)
    eps = 1e-6

    def h(hour: np.ndarray, lat: np.ndarray) -> np.ndarray:
        return solve.model_altitude_deg(hour, lat, DEC, PARALLAX)[0]

    num_hour = (h(HOUR + eps, LAT) - h(HOUR - eps, LAT)) / (2 * eps)
    num_lat = (h(HOUR, LAT + eps) - h(HOUR, LAT - eps)) / (2 * eps)
    assert ok.sum() > 80
    np.testing.assert_allclose(d_hour[ok], num_hour[ok], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(d_lat[ok], num_lat[ok], rtol=1e-5, atol=1e-5)


def test_refraction_slope_against_finite_differences() -> None:
    h = np.linspace(-1.5, 89.0, 300)
    eps = 1e-6
    numeric = (apparent_from_true_deg(h + eps) - apparent_from_true_deg(h - eps)) / (2 * eps)
    np.testing.assert_allclose(refraction_slope(h), numeric, rtol=1e-6)


def test_soft_l1_and_cauchy_losses() -> None:
    """rho(r) of both losses: quadratic for small r, linear (soft-L1) or logarithmic (Cauchy)
    for large r, and the IRLS weight rho'(r) / (2 r) by differentiation."""
    r = np.array([-30.0, -3.0, -0.01, 0.0, 0.01, 2.0, 30.0])
    c = 1.5
    np.testing.assert_allclose(solve.soft_l1(r, c), 2 * c**2 * (np.sqrt(1 + (r / c) ** 2) - 1))
    np.testing.assert_allclose(solve.loss(r, c), solve.soft_l1(r, c))
    np.testing.assert_allclose(solve.loss(r, c, "cauchy"), c**2 * np.log1p((r / c) ** 2))
    assert solve.soft_l1(np.array([0.01]), c)[0] == pytest.approx(1e-4, rel=1e-4)
    assert solve.soft_l1(np.array([300.0]), c)[0] == pytest.approx(2 * c * 300 - 2 * c**2, rel=1e-3)
    eps = 1e-6
    for kind in ("soft_l1", "cauchy"):
        x = np.array([-7.0, -1.0, 0.3, 2.0, 9.0])
        slope = (solve.loss(x + eps, c, kind) - solve.loss(x - eps, c, kind)) / (2 * eps)
        np.testing.assert_allclose(solve.loss_weight(x, c, kind), slope / (2 * x), rtol=1e-6)
    assert (
        solve.loss_weight(np.array([100.0]), c, "cauchy")[0]
        < solve.soft_l1_weight(np.array([100.0]), c)[0]
    )


@pytest.mark.parametrize(
    ("alt_deg", "az_deg", "lat_deg"), [(30, 100, 39), (50, 250, 39), (20, 10, -33), (70, 180, 51)]
)
def test_azimuth_against_a_rotation(alt_deg: float, az_deg: float, lat_deg: float) -> None:
    """A body at a given altitude and azimuth, turned into (H, dec) by a rotation matrix, is
    given back its azimuth and hour angle."""
    ha_deg, dec_deg = altaz_to_hadec(alt_deg, az_deg, lat_deg)
    hour, az = solve.hour_angle_and_azimuth(
        np.array([math.radians(ha_deg)]),
        np.array([math.radians(lat_deg)]),
        np.array([math.radians(dec_deg)]),
    )
    assert az[0] == pytest.approx(az_deg, abs=1e-7)
    assert math.degrees(hour[0]) == pytest.approx(ha_deg, abs=1e-7)


def _fit_data(
    hour_offsets: np.ndarray,
    dec_deg: np.ndarray,
    session: np.ndarray,
    lat_deg: float,
    theta: np.ndarray,
    zero_point: float = 0.0,
) -> solve.FitData:
    """Sightings whose altitudes are exactly the model's at LST ``theta[session]``."""
    ra = theta[session] - hour_offsets
    dec = np.radians(dec_deg)
    lat = np.full(len(theta), math.radians(lat_deg))
    alt = solve.apparent_altitude_deg(theta[session] - ra, lat[session], dec, np.zeros(len(ra)))
    n = len(ra)
    return solve.FitData(
        session=session.astype(np.int64),
        ra_rad=ra,
        dec_rad=dec,
        altitude_deg=alt + zero_point,
        dtheta_rad=np.zeros(n),
        parallax_deg=np.zeros(n),
        side=np.zeros(n, dtype=np.int64),
        azimuth_deg=np.full(n, np.nan),
        n_sessions=len(theta),
    )


def _three_star_sessions(zero_point: float = 0.0) -> tuple[solve.FitData, np.ndarray]:
    theta = np.array([0.5, 2.0, 4.0, 5.5])
    session = np.repeat(np.arange(4), 3)
    offsets = np.tile(np.radians([-50.0, 10.0, 70.0]), 4)
    dec = np.tile([60.0, -10.0, 25.0], 4)
    return _fit_data(offsets, dec, session, 39.0, theta, zero_point), theta


def test_refine_finds_the_exact_lst_from_nearby() -> None:
    data, theta = _three_star_sessions()
    lat = np.full(4, math.radians(39.0))
    found = solve.refine(data, lat, np.arange(4, dtype=np.int64), theta + 0.05, 1.0)
    np.testing.assert_allclose(np.sort(found.theta_rad), np.sort(theta), atol=1e-7)
    assert np.all(found.cost < 1e-10)
    assert np.all(found.curvature > 0)


def test_grid_search_lists_both_mirror_roots_of_one_sighting() -> None:
    """One star: two LSTs give its altitude, symmetric about its meridian passage."""
    data = _fit_data(np.radians([40.0]), np.array([20.0]), np.array([0]), 39.0, np.array([3.0]))
    lat = np.array([math.radians(39.0)])
    s, t = solve.grid_candidates(data, lat, 1.0)
    cands = solve.refine(data, lat, s, t, 1.0)
    assert len(cands.theta_rad) == 2
    ra = data.ra_rad[0]
    hours = sorted(
        float(x) for x in np.degrees((cands.theta_rad - ra + np.pi) % (2 * np.pi) - np.pi)
    )
    assert hours == pytest.approx([-40.0, 40.0], abs=1e-5)


def test_duplicates_are_merged_across_two_pi() -> None:
    """The same minimum reached from both ends of the circle is kept once."""
    data = _fit_data(
        np.radians([40.0, -30.0]), np.array([20.0, 50.0]), np.array([0, 0]), 39.0, np.array([0.0])
    )
    lat = np.array([math.radians(39.0)])
    starts = np.array([2 * np.pi - 1e-3, 1e-3, 0.02])
    found = solve.refine(data, lat, np.zeros(3, dtype=np.int64), starts, 1.0)
    assert len(found.theta_rad) == 1
    assert min(found.theta_rad[0], 2 * np.pi - found.theta_rad[0]) < 1e-7


def test_common_fit_recovers_latitude_and_zero_point() -> None:
    """Altitudes read 0.7 deg high at 39 deg: the joint fit from 38 deg and zero finds both."""
    data, theta = _three_star_sessions(zero_point=0.7)
    lat0 = np.full(4, math.radians(38.0))
    fit = solve.fit_common(data, theta + 0.01, lat0, 1.0, fit_latitude=True)
    assert fit.ok
    assert math.degrees(math.radians(38.0) + fit.lat_rad) == pytest.approx(39.0, abs=1e-6)
    assert fit.zero_point_deg == pytest.approx(0.7, abs=1e-6)
    np.testing.assert_allclose(fit.theta, theta, atol=1e-7)
    assert 0 < fit.zero_point_sigma_unit < 10 and 0 < fit.lat_sigma_unit < 1


def test_zero_point_alone_with_the_latitude_known() -> None:
    data, theta = _three_star_sessions(zero_point=-0.4)
    lat = np.full(4, math.radians(39.0))
    fit = solve.fit_common(data, theta, lat, 1.0, fit_latitude=False)
    assert fit.zero_point_deg == pytest.approx(-0.4, abs=1e-6)
    assert fit.lat_rad == 0.0 and math.isnan(fit.lat_sigma_unit)


def test_zero_point_of_single_sightings_is_not_determined() -> None:
    """One sighting per session: each session's LST absorbs any offset."""
    data = _fit_data(
        np.radians([40.0, -60.0]),
        np.array([20.0, 5.0]),
        np.array([0, 1]),
        39.0,
        np.array([1.0, 2.0]),
    )
    fit = solve.fit_common(data, np.array([1.0, 2.0]), np.full(2, 0.68), 1.0, fit_latitude=False)
    assert not fit.ok


def test_shifted_takes_the_zero_point_off() -> None:
    data, _ = _three_star_sessions(zero_point=0.5)
    assert data.shifted(0.0) is data
    np.testing.assert_allclose(data.shifted(0.5).altitude_deg, data.altitude_deg - 0.5)


def test_group_sums_are_floats() -> None:
    sums = solve.group_sum(np.array([0, 2, 2], dtype=np.int64), np.array([0.5, 1.25, 1.0]), 4)
    assert sums.dtype == np.float64
    np.testing.assert_array_equal(sums, [0.5, 0.0, 2.25, 0.0])
    np.testing.assert_array_equal(
        solve.group_count(np.array([1, 1, 3], dtype=np.int64), 4), [0, 2, 0, 1]
    )
