"""Per-row places and per-site pooling; the simulator's faults and its faultless twin; the
robust estimators of the time/longitude stage."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pytest

from astrolabe_fab.reduce import sim_files
from astrolabe_fab.reduce import simulate as sim
from astrolabe_fab.reduce.clock import longitude_mode_deg, wrap
from astrolabe_fab.reduce.longitude import huber_location
from astrolabe_fab.reduce.pipeline import Options, reduce_sightings
from astrolabe_fab.reduce.positions import resolve_star_name
from astrolabe_fab.reduce.sessions import assign_sites
from astrolabe_fab.reduce.sightings import read_sightings
from astrolabe_fab.reduce.timing import clock_scatter_min


def _long_log(tmp_path: Path, logs: list[list[sim.SimSession]], **kw: bool) -> Path:
    lines: list[str] = []
    for k, log in enumerate(logs):
        rows = sim_files.to_long_csv(log, **kw).splitlines()
        lines += ([] if lines else [rows[0]]) + [f"T{k}-{row}" for row in rows[1:]]
    path = tmp_path / "log.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_trip_is_reduced_at_its_own_place(tmp_path: Path) -> None:
    """Home at 39N 77W and a trip at 45N 10E in one file, each row with its place: both
    sites get their own longitude; --lat/--lon are only the default for rows without one."""
    home = sim.simulate(sim.SimConfig(sessions=300, seed=3))
    trip = sim.simulate(sim.SimConfig(latitude_deg=45.0, longitude_deg=10.0, sessions=150, seed=4))
    path = _long_log(tmp_path, [home, trip])
    red = reduce_sightings(
        read_sightings(path, resolve_star_name), Options(latitude_deg=0.0, longitude_deg=100.0)
    )
    sites = {s["place"]: s for s in red.summary["sites"]}
    assert set(sites) == {"39.00, -77.00", "45.00, 10.00"}
    for place, truth in (("39.00, -77.00", -77.0), ("45.00, 10.00", 10.0)):
        lon = sites[place]["longitude_deg"]
        assert lon["value"] == pytest.approx(truth, abs=4 * lon["sigma"])
    trip_rows = [r for r in red.sessions if r.session.startswith("T1-")]
    assert all(r.site == "45.00, 10.00" for r in trip_rows)
    ok = [r for r in trip_rows if not r.flag and math.isfinite(r.clock_minus_mean_min)]
    assert np.median([r.clock_minus_mean_min for r in ok]) == pytest.approx(-40.0, abs=5.0)
    assert np.median([r.latitude_deg for r in trip_rows if math.isfinite(r.latitude_deg)]) == 45.0


def test_sites_group_nearby_places() -> None:
    lat = np.array([39.0, 39.1, np.nan, 45.0, 39.0, np.nan])
    lon = np.array([-77.0, -77.1, -77.0, 10.0, np.nan, np.nan])
    site, sites = assign_sites(lat, lon)
    assert site.tolist() == [0, 0, 1, 2, 3, 4]
    assert [s.label for s in sites] == [
        "39.00, -77.00",
        "lat ?, -77.00",
        "45.00, 10.00",
        "39.00, lon ?",
        "lat ?, lon ?",
    ]


def test_faults_are_recorded_and_the_faultless_twin_matches() -> None:
    """Every fault is in the truth; without faults the same sessions, times and readings
    except where a fault was injected."""
    config = sim.SimConfig(sessions=300, seed=8)
    faulty = sim.simulate(config)
    clean = sim.simulate(dataclasses.replace(config, faults=False))
    assert len(faulty) == len(clean)
    truth = sim_files.truth_csv(faulty)
    faults = [f for s in faulty for f in s.faults]
    assert len(faults) > 20
    for fault in faults:
        assert fault.split(";")[0] in truth
    by_true = sorted(faulty, key=lambda x: x.true_utc)
    twins = sorted(clean, key=lambda x: x.true_utc)
    for f, c in zip(by_true, twins, strict=True):
        assert f.true_utc == c.true_utc
        if f.time_fault_min == 0:
            assert f.recorded_utc == c.recorded_utc
        else:
            shift = (f.recorded_utc - c.recorded_utc).total_seconds() / 60
            assert shift == pytest.approx(f.time_fault_min, abs=1)
        for a, b in zip(f.sightings, c.sightings, strict=True):
            if not a.fault:
                assert (a.object, a.altitude_deg, a.logged_side) == (
                    b.object,
                    b.altitude_deg,
                    b.side,
                )
            if "misread" in a.fault:
                assert abs(a.altitude_deg - b.altitude_deg) >= 4.5


def test_readings_carry_the_zero_point_and_the_noise() -> None:
    config = sim.SimConfig(sessions=400, seed=2, faults=False, round_deg=0.0)
    errors = np.array(
        [s.altitude_deg - s.true_altitude_deg for x in sim.simulate(config) for s in x.sightings]
    )
    assert np.mean(errors) == pytest.approx(config.zero_point_deg, abs=0.12)
    assert np.std(errors) == pytest.approx(config.noise_deg, rel=0.1)


def test_night_sessions_are_written_late() -> None:
    config = sim.SimConfig(sessions=300, seed=5, faults=False, clock_sd_min=0.0)
    for s in sim.simulate(config):
        lag = 0.0 if s.by_day else config.star_lag_min
        assert s.clock_error_min == pytest.approx(lag, abs=0.5)


def test_huber_location_and_its_sigma() -> None:
    """Gaussian data: the estimate near the mean with sigma ~ s / sqrt(n) (95 % efficient);
    5 % of gross outliers move it far less than they move the mean."""
    rng = np.random.default_rng(1)
    x = rng.normal(3.0, 2.0, 4000)
    est = huber_location(x)
    assert est.value == pytest.approx(3.0, abs=0.1)
    assert est.sigma == pytest.approx(2.0 / math.sqrt(4000) / math.sqrt(0.95), rel=0.1)
    dirty = np.r_[x, np.full(200, 500.0)]
    assert abs(huber_location(dirty).value - 3.0) < 0.2 < abs(np.mean(dirty) - 3.0)
    assert math.isnan(huber_location(np.array([np.nan])).value)


def test_clock_scatter_is_what_the_formal_sigmas_leave() -> None:
    rng = np.random.default_rng(2)
    sigma = rng.uniform(1.0, 6.0, 3000)
    errors = rng.normal(0.0, np.sqrt(sigma**2 + 4.0**2))
    assert clock_scatter_min(errors, sigma) == pytest.approx(4.0, rel=0.1)
    assert clock_scatter_min(rng.normal(0.0, sigma), sigma) < 1.0


def test_longitude_mode_and_wrap() -> None:
    lon = np.array([-77.2, -76.9, -77.0, 140.0, 179.9, -179.9])
    assert longitude_mode_deg(lon, np.ones(6)) == pytest.approx(-77.0, abs=0.15)
    assert longitude_mode_deg(np.array([179.95, -179.95]), np.ones(2)) in (179.95, -179.95)
    assert float(wrap(1000.0, 1440.0, 308.0)) == pytest.approx(1000.0)
    assert float(wrap(-500.0, 1440.0, 308.0)) == pytest.approx(940.0)
