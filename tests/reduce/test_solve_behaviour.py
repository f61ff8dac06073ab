"""reduce/solve.py against independent computations: altitudes from rotation matrices,
derivatives and covariances from finite differences, searches by brute force in plain Python
loops, and results that must not depend on how the work is cut into chunks."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from astrolabe_fab.reduce import solve
from astrolabe_fab.reduce.refraction import apparent_from_true_deg

LAT_DEG = 39.0


def _sky_altitude_deg(hour: np.ndarray, lat: np.ndarray, dec: np.ndarray, par: np.ndarray):  # type: ignore[no-untyped-def]
    """Apparent altitude by rotating the equatorial unit vector onto the zenith, then first-order
    parallax h - p cos h and Sæmundsson's refraction (the reduction's refraction module)."""
    v = np.stack([np.cos(dec) * np.cos(hour), np.cos(dec) * np.sin(hour), np.sin(dec)])
    zenith = np.stack([np.cos(lat), np.zeros_like(lat), np.sin(lat)])
    true = np.degrees(np.arcsin(np.clip(np.sum(v * zenith, axis=0), -1.0, 1.0)))
    return apparent_from_true_deg(true - par * np.cos(np.radians(true)))


def _data(
    theta: np.ndarray,
    session: np.ndarray,
    hour_offsets_deg: np.ndarray,
    dec_deg: np.ndarray,
    *,
    dtheta: np.ndarray | None = None,
    parallax: np.ndarray | None = None,
    noise_deg: np.ndarray | None = None,
    zero_point_deg: float = 0.0,
    lat_deg: float = LAT_DEG,
) -> solve.FitData:
    """Sightings made at LST ``theta[session] + dtheta`` whose altitudes are the sky's."""
    n = len(session)
    dtheta = np.zeros(n) if dtheta is None else dtheta
    parallax = np.zeros(n) if parallax is None else parallax
    hour = np.radians(hour_offsets_deg)
    ra = theta[session] + dtheta - hour
    dec = np.radians(dec_deg)
    alt = _sky_altitude_deg(hour, np.full(n, math.radians(lat_deg)), dec, parallax)
    alt = alt + zero_point_deg + (0.0 if noise_deg is None else noise_deg)
    return solve.FitData(
        session=session.astype(np.int64),
        ra_rad=ra,
        dec_rad=dec,
        altitude_deg=alt,
        dtheta_rad=dtheta,
        parallax_deg=parallax,
        side=np.zeros(n, dtype=np.int64),
        azimuth_deg=np.full(n, np.nan),
        n_sessions=len(theta),
    )


def _sessions(n_sessions: int = 5, seed: int = 2, noise: float = 0.0) -> solve.FitData:
    """Sessions of 3 to 5 sightings on both sides of the meridian, some of the Moon."""
    return _sessions_and_lsts(n_sessions, seed, noise)[0]


def _sessions_and_lsts(
    n_sessions: int, seed: int, noise: float = 0.0
) -> tuple[solve.FitData, np.ndarray]:
    """``_sessions`` and the sessions' true LSTs (rad)."""
    rng = np.random.default_rng(seed)
    counts = rng.integers(3, 6, n_sessions)
    session = np.repeat(np.arange(n_sessions), counts)
    n = len(session)
    theta = rng.uniform(0.0, 2.0 * np.pi, n_sessions)
    data = _data(
        theta,
        session,
        rng.uniform(-75.0, 75.0, n),
        rng.uniform(-20.0, 70.0, n),
        dtheta=rng.uniform(-0.01, 0.01, n),
        parallax=rng.choice([0.0, 0.95], n),
        noise_deg=rng.normal(0.0, noise, n) if noise else None,
    )
    return data, theta


def _lat(data: solve.FitData, lat_deg: float = LAT_DEG) -> np.ndarray:
    return np.full(data.n_sessions, math.radians(lat_deg))


def _cost_by_loop(
    data: solve.FitData, lat_rad: np.ndarray, s: int, theta: float, c: float, kind: str
) -> float:
    """One session's robust cost at one LST, row by row."""
    total = 0.0
    for i in np.flatnonzero(data.session == s):
        hour = np.array([theta + data.dtheta_rad[i] - data.ra_rad[i]])
        alt = _sky_altitude_deg(
            hour, lat_rad[s : s + 1], data.dec_rad[i : i + 1], data.parallax_deg[i : i + 1]
        )[0]
        r = (data.altitude_deg[i] - alt) / c
        if kind == "cauchy":
            total += c * c * math.log1p(r * r)
        else:
            total += 2.0 * c * c * (math.sqrt(1.0 + r * r) - 1.0)
    return total


# ----------------------------------------------------------------------------- bookkeeping


def test_subset_keeps_the_chosen_rows_of_every_column() -> None:
    data = _sessions()
    keep = np.arange(len(data.session)) % 3 != 1
    sub = data.subset(keep)
    for name in ("session", "ra_rad", "dec_rad", "altitude_deg", "dtheta_rad", "parallax_deg"):
        np.testing.assert_array_equal(getattr(sub, name), getattr(data, name)[keep])
    np.testing.assert_array_equal(sub.side, data.side[keep])
    assert np.all(np.isnan(sub.azimuth_deg)) and len(sub.azimuth_deg) == keep.sum()
    assert sub.n_sessions == data.n_sessions


def test_session_bounds_and_expand_against_a_loop() -> None:
    data = _sessions(7, seed=4)
    starts, counts = solve.session_bounds(data)
    for s in range(7):
        rows = np.flatnonzero(data.session == s)
        assert (starts[s], counts[s]) == (rows[0], len(rows))
    items = np.array([3, 0, 3, 6], dtype=np.int64)
    owner, rows = solve.expand(items, starts, counts)
    expected = [(k, r) for k, s in enumerate(items) for r in np.flatnonzero(data.session == s)]
    assert list(zip(owner.tolist(), rows.tolist(), strict=True)) == expected
    assert owner.dtype == np.int64 and rows.dtype == np.int64


@pytest.mark.parametrize("chunk_rows", [1, 7, 40, 400_000])
def test_row_chunks_hold_whole_sessions_and_cover_every_row(
    chunk_rows: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(solve, "CHUNK_ROWS", chunk_rows)
    data = _sessions(9, seed=8)
    chunks = solve._row_chunks(data, 4)
    assert chunks[0][0] == 0 and chunks[-1][1] == len(data.session)
    for (_, hi), (lo, _) in itertools.pairwise(chunks):
        assert hi == lo
        assert data.session[hi - 1] != data.session[hi]  # a cut between two sessions
    size = max(1, chunk_rows // 4)
    for lo, hi in chunks:
        assert hi > lo
        # a chunk is the size asked for, grown only to finish its last session
        last = data.session[min(lo + size, len(data.session)) - 1]
        assert hi == max(np.flatnonzero(data.session == last)) + 1


def test_row_chunks_divide_the_budget_by_the_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each chunk holds about CHUNK_ROWS / width rows: one-row sessions make it exact."""
    monkeypatch.setattr(solve, "CHUNK_ROWS", 30)
    data = _data(np.zeros(20), np.arange(20), np.zeros(20), np.zeros(20))
    assert solve._row_chunks(data, 10) == [(k, k + 3) for k in range(0, 18, 3)] + [(18, 20)]
    assert solve._row_chunks(data, 0) == [(0, 20)]
    assert solve._row_chunks(data, 100) == [(k, k + 1) for k in range(20)]


# ----------------------------------------------------------------------------- the model


def test_residuals_and_slopes_at_given_lsts() -> None:
    """residuals_at: observed minus the sky at each session's LST (with dtheta), and the slope
    of the model by central differences in the LST."""
    data = _sessions(4, seed=11, noise=0.3)
    lat = _lat(data)
    rng = np.random.default_rng(1)
    theta = rng.uniform(0.0, 2.0 * np.pi, data.n_sessions)
    r, slope = solve.residuals_at(data, lat, theta)
    hour = theta[data.session] + data.dtheta_rad - data.ra_rad
    sky = _sky_altitude_deg(hour, lat[data.session], data.dec_rad, data.parallax_deg)
    np.testing.assert_allclose(r, data.altitude_deg - sky, atol=1e-9)
    eps = 1e-6
    up = _sky_altitude_deg(hour + eps, lat[data.session], data.dec_rad, data.parallax_deg)
    down = _sky_altitude_deg(hour - eps, lat[data.session], data.dec_rad, data.parallax_deg)
    ok = (sky > 0.0) & (sky < 85.0)
    np.testing.assert_allclose(slope[ok], ((up - down) / (2 * eps))[ok], rtol=1e-5, atol=1e-5)


def test_candidate_residuals_of_every_candidate_row() -> None:
    data = _sessions(3, seed=12)
    lat = _lat(data)
    cand_s = np.array([2, 0, 2], dtype=np.int64)
    cand_t = np.array([0.3, 4.0, 5.9])
    owner, rows, r = solve.candidate_residuals(data, lat, cand_s, cand_t)
    for k, (s, t) in enumerate(zip(cand_s, cand_t, strict=True)):
        mine = np.flatnonzero(data.session == s)
        np.testing.assert_array_equal(rows[owner == k], mine)
        hour = t + data.dtheta_rad[mine] - data.ra_rad[mine]
        sky = _sky_altitude_deg(
            hour, lat[mine * 0 + s], data.dec_rad[mine], data.parallax_deg[mine]
        )
        np.testing.assert_allclose(r[owner == k], data.altitude_deg[mine] - sky, atol=1e-9)


def test_hour_angle_wraps_into_minus_pi_to_pi() -> None:
    hour = np.array([1.5 * np.pi, np.pi, -np.pi, 2.5 * np.pi, -0.25, 7.0 * np.pi])
    wrapped, az = solve.hour_angle_and_azimuth(hour, np.full(6, 0.7), np.full(6, 0.2))
    np.testing.assert_allclose(wrapped, [-0.5 * np.pi, -np.pi, -np.pi, 0.5 * np.pi, -0.25, -np.pi])
    assert np.all((az >= 0.0) & (az < 360.0))
    # west of the meridian (H > 0) the body is in the western sky (azimuth 180..360)
    assert 180.0 < az[3] < 360.0 and 0.0 < az[0] < 180.0


def test_loss_defaults_to_soft_l1() -> None:
    r = np.array([-4.0, 0.5, 9.0])
    np.testing.assert_array_equal(solve.loss(r, 2.0), solve.soft_l1(r, 2.0))
    np.testing.assert_array_equal(solve.loss_weight(r, 2.0), solve.soft_l1_weight(r, 2.0))
    # the weight is 1 at r = 0 and 1/sqrt(2) (soft-L1) or 1/2 (Cauchy) at r = c
    assert solve.soft_l1_weight(np.array([0.0, 2.0]), 2.0) == pytest.approx([1.0, 0.5**0.5])
    assert solve.loss_weight(np.array([0.0, 2.0]), 2.0, "cauchy") == pytest.approx([1.0, 0.5])


# ----------------------------------------------------------------------------- the searches


@pytest.mark.parametrize("kind", ["soft_l1", "cauchy"])
def test_grid_candidates_are_the_local_minima_of_a_brute_force_cost(kind: str) -> None:
    """On a coarse grid, every local minimum of each session's cost (computed sighting by
    sighting) is listed, lowest first, at most MAX_CANDIDATES of them."""
    data = _sessions(4, seed=6, noise=0.5)
    lat = _lat(data)
    steps, c = 48, 0.8
    s_found, t_found = solve.grid_candidates(data, lat, c, steps=steps, kind=kind)
    grid = np.arange(steps) * 2.0 * np.pi / steps
    for s in range(data.n_sessions):
        cost = [_cost_by_loop(data, lat, s, float(t), c, kind) for t in grid]
        minima = [
            k for k in range(steps) if cost[k] < cost[k - 1] and cost[k] <= cost[(k + 1) % steps]
        ]
        minima = sorted(minima, key=lambda k: cost[k])[: solve.MAX_CANDIDATES]
        np.testing.assert_allclose(t_found[s_found == s], grid[minima], atol=1e-12)


def test_grid_candidates_keep_the_lowest_of_a_flat_cost() -> None:
    """A cost with no strict local minimum (all equal) still yields its lowest grid point."""
    data = _data(np.array([1.0]), np.array([0]), np.array([0.0]), np.array([90.0]))
    s, t = solve.grid_candidates(data, _lat(data, 90.0), 1.0, steps=12)
    assert s.tolist() == [0] and len(t) == 1


def test_grid_candidates_do_not_depend_on_the_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    data = _sessions(12, seed=3, noise=0.4)
    lat = _lat(data)
    whole = solve.grid_candidates(data, lat, 1.0, steps=60)
    monkeypatch.setattr(solve, "CHUNK_ROWS", 150)  # 2 rows a chunk, then whole sessions
    cut = solve.grid_candidates(data, lat, 1.0, steps=60)
    np.testing.assert_array_equal(whole[0], cut[0])
    np.testing.assert_array_equal(whole[1], cut[1])
    assert len(set(whole[0].tolist())) == 12


def test_at_most_max_candidates_per_session() -> None:
    """A session whose cost ripples (sightings on every side) keeps only the lowest minima."""
    rng = np.random.default_rng(9)
    n = 14
    data = _data(
        np.array([2.0]),
        np.zeros(n, dtype=np.int64),
        rng.uniform(-170.0, 170.0, n),
        rng.uniform(-60.0, 80.0, n),
        noise_deg=rng.normal(0.0, 25.0, n),
    )
    lat = _lat(data)
    steps, c = 480, 0.05
    _s, t = solve.grid_candidates(data, lat, c, steps=steps, kind="cauchy")
    grid = np.arange(steps) * 2.0 * np.pi / steps
    cost = np.array([_cost_by_loop(data, lat, 0, float(x), c, "cauchy") for x in grid])
    is_min = (cost < np.roll(cost, 1)) & (cost <= np.roll(cost, -1))
    assert is_min.sum() > solve.MAX_CANDIDATES
    best = np.sort(cost[is_min])[: solve.MAX_CANDIDATES]
    assert len(t) == solve.MAX_CANDIDATES
    np.testing.assert_allclose(np.sort(np.interp(t, grid, cost)), best)


@pytest.mark.parametrize("kind", ["soft_l1", "cauchy"])
def test_refine_converges_from_a_third_of_a_radian(kind: str) -> None:
    """Levenberg-Marquardt steps of at most 0.1 rad reach the true LST from 0.3 rad away in
    the default number of iterations; the curvature is sum (dh/dT)^2 by finite differences."""
    data, truth = _sessions_and_lsts(5, seed=21)
    lat = _lat(data)
    start = truth + np.array([0.3, -0.3, 0.25, -0.2, 0.3])
    found = solve.refine(data, lat, np.arange(5, dtype=np.int64), start, 1.0, kind=kind)
    assert found.session.tolist() == list(range(5))
    np.testing.assert_allclose(found.theta_rad, np.mod(truth, 2.0 * np.pi), atol=1e-7)
    assert np.all(found.cost < 1e-12)
    eps = 1e-6
    for s in range(5):
        mine = data.session == s
        hour = found.theta_rad[s] + data.dtheta_rad[mine] - data.ra_rad[mine]
        args = (np.full(mine.sum(), lat[s]), data.dec_rad[mine], data.parallax_deg[mine])
        up, down = _sky_altitude_deg(hour + eps, *args), _sky_altitude_deg(hour - eps, *args)
        assert found.curvature[s] == pytest.approx(np.sum(((up - down) / (2 * eps)) ** 2), rel=1e-5)


def test_refine_stops_at_the_robust_minimum_of_noisy_sightings() -> None:
    """With noise the minimum is where the robust cost's slope in T vanishes (central
    differences of the brute-force cost), and the cost reported is that cost."""
    data, truth = _sessions_and_lsts(4, seed=5, noise=0.4)
    lat = _lat(data)
    c = 0.7
    for kind in ("soft_l1", "cauchy"):
        found = solve.refine(data, lat, np.arange(4, dtype=np.int64), truth + 0.05, c, kind=kind)
        for k, s in enumerate(found.session):
            t = float(found.theta_rad[k])
            cost = _cost_by_loop(data, lat, int(s), t, c, kind)
            assert found.cost[k] == pytest.approx(cost, rel=1e-9)
            eps = 1e-5
            up = _cost_by_loop(data, lat, int(s), t + eps, c, kind)
            down = _cost_by_loop(data, lat, int(s), t - eps, c, kind)
            assert abs(up - down) / (2 * eps) < 1e-4 * max(1.0, cost)
            assert up >= cost and down >= cost


def test_refine_of_no_candidates_is_empty() -> None:
    data = _sessions(2)
    found = solve.refine(data, _lat(data), np.zeros(0, dtype=np.int64), np.zeros(0), 1.0)
    assert len(found.session) == len(found.theta_rad) == len(found.cost) == 0
    assert found.session.dtype == np.int64


def test_refine_refuses_steps_that_raise_the_cost() -> None:
    """One iteration from a point where a full Gauss-Newton step overshoots: the cost never
    rises, and more iterations never end higher."""
    data, truth = _sessions_and_lsts(6, seed=13, noise=2.0)
    lat = _lat(data)
    start = truth + 0.09
    s = np.arange(6, dtype=np.int64)
    before = np.array([_cost_by_loop(data, lat, k, float(start[k]), 0.3, "cauchy") for k in s])
    previous = before
    for n in (1, 2, 5, 30):
        found = solve.refine(data, lat, s, start, 0.3, iterations=n, kind="cauchy")
        assert np.all(found.cost <= before + 1e-12)
        assert np.all(found.cost <= previous + 1e-12)
        previous = found.cost


def test_merge_keeps_the_cheapest_of_one_minimum_and_distinct_minima_apart() -> None:
    session = np.array([0, 0, 0, 1, 1, 0], dtype=np.int64)
    theta = np.array([1.0, 1.0 + 5e-5, 3.0, 1.0, 2 * np.pi - 2e-5, 1e-5])
    cost = np.array([2.0, 1.0, 0.5, 4.0, 3.0, 9.0])
    keep = solve._merge_duplicates(session, theta, cost)
    # session 0: {1.0, 1.00005} one minimum (the cheaper kept), 3.0 alone, 1e-5 alone (its
    # neighbour across 2 pi is in session 1); session 1: 1.0 and 2 pi - 2e-5 apart
    assert keep.tolist() == [False, True, True, True, True, True]
    # 2e-4 apart are two minima; across 2 pi within 1e-4 they are one
    keep = solve._merge_duplicates(
        np.zeros(3, dtype=np.int64),
        np.array([0.5, 0.5 + 2e-4, 2 * np.pi - 3e-5]),
        np.array([1.0, 2.0, 0.5]),
    )
    assert keep.tolist() == [True, True, True]
    keep = solve._merge_duplicates(
        np.zeros(3, dtype=np.int64),
        np.array([3e-5, 2.0, 2 * np.pi - 3e-5]),
        np.array([1.0, 2.0, 0.5]),
    )
    assert keep.tolist() == [False, True, True]
    keep = solve._merge_duplicates(
        np.zeros(3, dtype=np.int64),
        np.array([3e-5, 2.0, 2 * np.pi - 3e-5]),
        np.array([0.2, 2.0, 0.5]),
    )
    assert keep.tolist() == [True, True, False]


# ----------------------------------------------------------------------------- the common fit


def _full_jacobian(
    data: solve.FitData, lat: np.ndarray, theta: np.ndarray, z: float, dphi: float
) -> np.ndarray:
    """d(model + z)/d(dphi, z, T_0..T_n) by central differences of the sky's altitude."""
    eps = 1e-6

    def model(dp: float, th: np.ndarray) -> np.ndarray:
        hour = th[data.session] + data.dtheta_rad - data.ra_rad
        return _sky_altitude_deg(hour, lat[data.session] + dp, data.dec_rad, data.parallax_deg)

    cols = [(model(dphi + eps, theta) - model(dphi - eps, theta)) / (2 * eps)]
    cols.append(np.ones(len(data.session)))
    for s in range(data.n_sessions):
        step = np.zeros(data.n_sessions)
        step[s] = eps
        cols.append((model(dphi, theta + step) - model(dphi, theta - step)) / (2 * eps))
    return np.stack(cols, axis=1)


def test_common_fit_sigmas_are_the_covariance_of_the_full_problem() -> None:
    """Exact sightings: the fit lands on the truth, and its sigmas per unit noise are the
    square roots of the diagonal of (J^T J)^-1 over all parameters (J by differences)."""
    data, truth = _sessions_and_lsts(6, seed=17)
    lat0 = _lat(data, LAT_DEG - 1.5)
    shifted = replace_altitudes(data, data.altitude_deg + 0.6)
    fit = solve.fit_common(shifted, truth + 0.02, lat0, 1.0)
    assert fit.ok
    assert math.degrees(fit.lat_rad) == pytest.approx(1.5, abs=1e-7)
    assert fit.zero_point_deg == pytest.approx(0.6, abs=1e-7)
    np.testing.assert_allclose(fit.theta, np.mod(truth, 2 * np.pi), atol=1e-8)
    jac = _full_jacobian(data, lat0, truth, 0.6, fit.lat_rad)
    cov = np.linalg.inv(jac.T @ jac)
    assert fit.lat_sigma_unit == pytest.approx(math.sqrt(cov[0, 0]), rel=1e-4)
    assert fit.zero_point_sigma_unit == pytest.approx(math.sqrt(cov[1, 1]), rel=1e-4)
    # with the latitude known, the zero-point's sigma is that of the smaller problem
    fit_z = solve.fit_common(
        shifted, truth, lat0 + math.radians(1.5), 1.0, fit_latitude=False, zero_point0_deg=0.3
    )
    assert fit_z.ok and fit_z.zero_point_deg == pytest.approx(0.6, abs=1e-7)
    small = np.linalg.inv(jac[:, 1:].T @ jac[:, 1:])
    assert fit_z.zero_point_sigma_unit == pytest.approx(math.sqrt(small[0, 0]), rel=1e-4)


def test_common_fit_walks_from_far_in_clipped_steps() -> None:
    """Starting 4 degrees of latitude and 3 degrees of zero-point away (beyond one step's
    clip), the fit still reaches the truth within its iterations."""
    data, truth = _sessions_and_lsts(8, seed=23)
    shifted = replace_altitudes(data, data.altitude_deg - 3.0)
    fit = solve.fit_common(shifted, truth, _lat(data, LAT_DEG + 4.0), 1.0)
    assert fit.ok
    assert math.degrees(fit.lat_rad) == pytest.approx(-4.0, abs=1e-6)
    assert fit.zero_point_deg == pytest.approx(-3.0, abs=1e-6)
    few = solve.fit_common(shifted, truth, _lat(data, LAT_DEG + 4.0), 1.0, iterations=2)
    # two clipped steps cannot cover 3 degrees of zero-point
    assert abs(few.zero_point_deg + 3.0) > 0.5


def test_common_fit_with_no_sightings_is_not_determined() -> None:
    data = _sessions(2).subset(np.zeros(len(_sessions(2).session), dtype=bool))
    fit = solve.fit_common(data, np.zeros(2), np.zeros(2), 1.0)
    assert not fit.ok and math.isinf(fit.lat_sigma_unit) and math.isinf(fit.zero_point_sigma_unit)


def test_common_fit_downweights_a_misread_sighting() -> None:
    """One sighting 10 degrees off among 25: the soft-L1 fit stays within a tenth of a degree
    of the truth where least squares would be pulled by about a degree."""
    data, truth = _sessions_and_lsts(6, seed=29)
    alt = data.altitude_deg.copy()
    alt[4] += 10.0
    fit = solve.fit_common(replace_altitudes(data, alt), truth, _lat(data), 0.1)
    assert fit.ok
    assert abs(math.degrees(fit.lat_rad)) < 0.1 and abs(fit.zero_point_deg) < 0.1


def replace_altitudes(data: solve.FitData, altitude_deg: np.ndarray) -> solve.FitData:
    from dataclasses import replace

    return replace(data, altitude_deg=altitude_deg)


# ----------------------------------------------------------------------------- latitude scan


def test_profile_scan_is_the_brute_force_profile_and_finds_the_latitude() -> None:
    data, _ = _sessions_and_lsts(3, seed=31, noise=0.2)
    grid_deg = np.array([30.0, 37.5, 39.0, 41.0, 50.0])
    lats, totals = solve.profile_latitude_scan(data, 1.0, grid_deg, kind="soft_l1")
    np.testing.assert_array_equal(lats, grid_deg)
    steps = np.arange(360) * 2.0 * np.pi / 360
    for lat_deg, total in zip(grid_deg, totals, strict=True):
        lat = _lat(data, float(lat_deg))
        expected = sum(
            min(_cost_by_loop(data, lat, s, float(t), 1.0, "soft_l1") for t in steps)
            for s in range(3)
        )
        assert total == pytest.approx(expected, rel=1e-9)
    assert grid_deg[np.argmin(totals)] == 39.0


def test_profile_scan_default_grid_covers_both_poles(monkeypatch: pytest.MonkeyPatch) -> None:
    data, _ = _sessions_and_lsts(2, seed=33)
    lats, totals = solve.profile_latitude_scan(data, 1.0)
    assert lats[0] == -87.5 and lats[-1] == 87.5 and np.allclose(np.diff(lats), 2.5)
    assert lats[np.argmin(totals)] == pytest.approx(LAT_DEG, abs=2.5)
    monkeypatch.setattr(solve, "CHUNK_ROWS", 400)
    _, cut = solve.profile_latitude_scan(data, 1.0)
    np.testing.assert_allclose(cut, totals, rtol=1e-12)


# ----------------------------------------------------------------------------- edge cases


def test_altitude_at_the_zenith_and_the_nadir_is_finite() -> None:
    """sin h = sin^2 phi + cos^2 phi can round past 1 (and past -1 at the nadir): the model
    still gives +-90 degrees (refracted), never NaN, at every latitude."""
    lat = np.radians(np.linspace(-89.9, 89.9, 2001))
    zero = np.zeros_like(lat)
    for dec, hour, sign in ((lat, zero, 1.0), (-lat, np.full_like(lat, np.pi), -1.0)):
        for alt in (
            solve.apparent_altitude_deg(hour, lat, dec, zero),
            solve.model_altitude_deg(hour, lat, dec, zero)[0],
        ):
            assert np.all(np.isfinite(alt))
            assert np.all(np.abs(alt - sign * 90.0) < 1.0)


def test_group_count_has_a_slot_for_every_group() -> None:
    counts = solve.group_count(np.array([0, 0, 1], dtype=np.int64), 5)
    np.testing.assert_array_equal(counts, [2, 1, 0, 0, 0])
    sums = solve.group_sum(np.array([1], dtype=np.int64), np.array([2.5]), 4)
    np.testing.assert_array_equal(sums, [0.0, 2.5, 0.0, 0.0])


def test_profile_scan_searches_with_the_cauchy_loss_by_default() -> None:
    data, _ = _sessions_and_lsts(2, seed=37, noise=3.0)
    grid = np.array([20.0, 39.0, 60.0])
    default = solve.profile_latitude_scan(data, 0.5, grid)[1]
    cauchy = solve.profile_latitude_scan(data, 0.5, grid, kind="cauchy")[1]
    soft = solve.profile_latitude_scan(data, 0.5, grid, kind="soft_l1")[1]
    np.testing.assert_array_equal(default, cauchy)
    assert not np.allclose(default, soft)


def test_refine_and_common_fit_give_lsts_in_zero_to_two_pi() -> None:
    """Started a whole turn (or two) away, the LSTs come back in [0, 2 pi)."""
    data, truth = _sessions_and_lsts(4, seed=41)
    lat = _lat(data)
    wrapped = np.mod(truth, 2 * np.pi)
    found = solve.refine(data, lat, np.arange(4, dtype=np.int64), truth + 2 * np.pi, 1.0)
    np.testing.assert_allclose(found.theta_rad, wrapped, atol=1e-7)
    fit = solve.fit_common(data, truth + 4 * np.pi, lat, 1.0)
    assert fit.ok
    np.testing.assert_allclose(fit.theta, wrapped, atol=1e-7)


def test_refine_steps_are_clipped_to_a_tenth_of_a_radian() -> None:
    """One iteration from 0.3 rad away moves each LST by exactly 0.1 rad towards the truth."""
    data, truth = _sessions_and_lsts(3, seed=43)
    lat = _lat(data)
    offset = np.array([0.3, -0.3, 0.3])
    s = np.arange(3, dtype=np.int64)
    found = solve.refine(data, lat, s, truth + offset, 1.0, iterations=1)
    moved = (found.theta_rad - np.mod(truth + offset, 2 * np.pi) + np.pi) % (2 * np.pi) - np.pi
    np.testing.assert_allclose(moved, -np.sign(offset) * 0.1, atol=1e-12)


def test_one_refine_iteration_near_the_minimum_is_a_gauss_newton_step() -> None:
    """Near the minimum of exact sightings a step is almost a Gauss-Newton step (mu = 1e-3):
    from 1e-4 rad away one iteration lands within 1e-6 rad."""
    data, truth = _sessions_and_lsts(3, seed=47)
    s = np.arange(3, dtype=np.int64)
    found = solve.refine(data, _lat(data), s, truth + 1e-4, 1.0, iterations=1)
    np.testing.assert_allclose(found.theta_rad, np.mod(truth, 2 * np.pi), atol=1e-6)


def test_refine_damps_an_overshooting_step_until_it_helps() -> None:
    """One star 3 degrees of hour angle past the meridian, started 1 degree past it: the
    Gauss-Newton step lands at 5 degrees (the altitude is nearly quadratic in H there),
    which costs more; the damping grows until the step helps, and the fit reaches 3."""
    lst = 1.0
    data = _data(np.array([lst]), np.array([0]), np.array([3.0]), np.array([20.0]))
    ra = data.ra_rad[0]
    start = np.array([ra + math.radians(1.0)])
    found = solve.refine(data, _lat(data), np.zeros(1, dtype=np.int64), start, 1.0)
    assert math.degrees(found.theta_rad[0] - ra) == pytest.approx(3.0, abs=1e-6)


def test_curvature_uses_the_weights_of_the_loss_in_use() -> None:
    """Curvature at a noisy minimum: sum w(r) (dh/dT)^2 with the loss's own IRLS weight."""
    data, truth = _sessions_and_lsts(3, seed=53, noise=0.8)
    lat = _lat(data)
    c, eps = 0.5, 1e-6
    for kind, weight in (
        ("cauchy", lambda z: 1.0 / (1.0 + z)),
        ("soft_l1", lambda z: 1.0 / np.sqrt(1.0 + z)),
    ):
        found = solve.refine(data, lat, np.arange(3, dtype=np.int64), truth, c, kind=kind)
        for k, s in enumerate(found.session):
            mine = data.session == s
            hour = found.theta_rad[k] + data.dtheta_rad[mine] - data.ra_rad[mine]
            args = (np.full(mine.sum(), lat[s]), data.dec_rad[mine], data.parallax_deg[mine])
            r = data.altitude_deg[mine] - _sky_altitude_deg(hour, *args)
            up, down = _sky_altitude_deg(hour + eps, *args), _sky_altitude_deg(hour - eps, *args)
            slope = (up - down) / (2 * eps)
            expected = np.sum(weight((r / c) ** 2) * slope**2)
            assert found.curvature[k] == pytest.approx(expected, rel=1e-5)


def test_refine_of_no_candidates_has_no_curvature_either() -> None:
    data = _sessions(2)
    found = solve.refine(data, _lat(data), np.zeros(0, dtype=np.int64), np.zeros(0), 1.0)
    assert len(found.curvature) == 0


def test_merge_works_in_every_session() -> None:
    """Duplicates in the second and third sessions are merged too, each to its cheapest."""
    session = np.array([0, 1, 1, 2, 2, 2], dtype=np.int64)
    theta = np.array([1.0, 1.0, 1.0 + 5e-5, 4.0, 4.0 + 3e-5, 4.0 + 6e-5])
    cost = np.array([1.0, 3.0, 2.0, 5.0, 4.0, 6.0])
    keep = solve._merge_duplicates(session, theta, cost)
    assert keep.tolist() == [True, False, True, False, True, False]


# ----------------------------------------------------------------------------- common-fit steps


def _gauss_newton_step(
    data: solve.FitData, lat0: np.ndarray, theta: np.ndarray, z: float, dphi: float, c: float
) -> np.ndarray:
    """(d dphi, dz, dT_0..) of one weighted Gauss-Newton step on the full problem, J by
    differences and the soft-L1 IRLS weights."""
    hour = theta[data.session] + data.dtheta_rad - data.ra_rad
    model = _sky_altitude_deg(hour, lat0[data.session] + dphi, data.dec_rad, data.parallax_deg)
    r = data.altitude_deg - model - z
    w = 1.0 / np.sqrt(1.0 + (r / c) ** 2)
    jac = _full_jacobian(data, lat0, theta, z, dphi)
    return np.linalg.solve(jac.T @ (jac * w[:, None]), jac.T @ (w * r))


def test_one_common_step_is_the_weighted_gauss_newton_step_of_the_full_problem() -> None:
    """The Schur-complement step equals solving the whole normal equations at once."""
    data, truth = _sessions_and_lsts(5, seed=59, noise=0.2)
    lat0 = _lat(data, LAT_DEG - 0.5)
    start = truth + np.linspace(-0.004, 0.004, 5)
    c = 0.3
    expected = _gauss_newton_step(data, lat0, start, 0.1, 0.0, c)
    assert np.all(np.abs(expected[2:]) < 0.05) and abs(expected[0]) < 0.05
    fit = solve.fit_common(data, start, lat0, c, zero_point0_deg=0.1, iterations=1)
    assert fit.lat_rad == pytest.approx(expected[0], rel=1e-4)
    assert fit.zero_point_deg == pytest.approx(0.1 + expected[1], rel=1e-4)
    np.testing.assert_allclose(
        fit.theta,
        np.mod(start + expected[2:], 2 * np.pi),
        rtol=0,
        atol=1e-4 * np.abs(expected[2:]).max(),
    )


def test_common_fit_sigmas_weigh_the_sightings_by_the_loss() -> None:
    """At a noisy minimum, the sigmas are those of (J^T W J)^-1 with the soft-L1 weights."""
    data, truth = _sessions_and_lsts(6, seed=61, noise=0.5)
    lat0 = _lat(data)
    c = 0.3
    fit = solve.fit_common(data, truth, lat0, c)
    assert fit.ok
    # the covariance the fit reports belongs to the Schur matrix of its last step, at (or a
    # hair before) the minimum; recompute it there
    hour = fit.theta[data.session] + data.dtheta_rad - data.ra_rad
    model = _sky_altitude_deg(
        hour, lat0[data.session] + fit.lat_rad, data.dec_rad, data.parallax_deg
    )
    r = data.altitude_deg - model - fit.zero_point_deg
    w = 1.0 / np.sqrt(1.0 + (r / c) ** 2)
    assert w.min() < 0.8  # the weights matter here
    jac = _full_jacobian(data, lat0, fit.theta, fit.zero_point_deg, fit.lat_rad)
    cov = np.linalg.inv(jac.T @ (jac * w[:, None]))
    assert fit.lat_sigma_unit == pytest.approx(math.sqrt(cov[0, 0]), rel=1e-3)
    assert fit.zero_point_sigma_unit == pytest.approx(math.sqrt(cov[1, 1]), rel=1e-3)


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_common_steps_are_clipped(sign: float) -> None:
    """One step moves the zero-point by at most 1 degree, the latitude by at most 0.05 rad and
    each LST by at most 0.05 rad, whichever way."""
    data, truth = _sessions_and_lsts(6, seed=67)
    shifted = replace_altitudes(data, data.altitude_deg + sign * 1.5)
    fit = solve.fit_common(shifted, truth, _lat(data), 1.0, fit_latitude=False, iterations=1)
    assert fit.zero_point_deg == pytest.approx(sign * 1.0, abs=1e-12)
    # the default start of the zero-point is 0: 1.5 degrees need two steps
    fit = solve.fit_common(shifted, truth, _lat(data), 1.0, fit_latitude=False, iterations=2)
    assert fit.zero_point_deg == pytest.approx(sign * 1.5, abs=1e-3)
    far_lat = _lat(data, LAT_DEG - sign * 10.0)
    fit = solve.fit_common(data, truth, far_lat, 1.0, iterations=1)
    assert fit.lat_rad == pytest.approx(sign * 0.05, abs=1e-12)
    start = truth - sign * 0.2
    fit = solve.fit_common(data, start, _lat(data), 1.0, fit_latitude=False, iterations=1)
    moved = (fit.theta - np.mod(start, 2 * np.pi) + np.pi) % (2 * np.pi) - np.pi
    np.testing.assert_allclose(moved, sign * 0.05, atol=1e-12)


def test_an_undetermined_fit_returns_its_starting_point() -> None:
    data = _data(
        np.array([1.0, 2.0]), np.array([0, 1]), np.array([40.0, -60.0]), np.array([20.0, 5.0])
    )
    start = np.array([1.01, 2.02])
    fit = solve.fit_common(
        data, start, np.full(2, 0.68), 1.0, fit_latitude=False, zero_point0_deg=0.25
    )
    assert fit.ok is False
    assert fit.lat_rad == 0.0 and fit.zero_point_deg == 0.25
    np.testing.assert_array_equal(fit.theta, start)
