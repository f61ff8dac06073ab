"""Round trips through the simulator: sightings written to CSV, read back and reduced.

The simulator computes altitudes forward (LST from the clock and the longitude, altitude from
the spherical formula); the reduction inverts them. The truth checks are the issue's
acceptance bars.
"""

from __future__ import annotations

import math
from pathlib import Path

import ephem
import numpy as np
import pytest

from astrolabe_fab.reduce import sim_files
from astrolabe_fab.reduce import simulate as sim
from astrolabe_fab.reduce.pipeline import Options, Reduction, reduce_sightings
from astrolabe_fab.reduce.positions import resolve_star_name
from astrolabe_fab.reduce.sightings import read_sightings

LAT, LON = 39.0, -77.0


def _reduce_text(tmp_path: Path, text: str, options: Options | None = None) -> Reduction:
    path = tmp_path / "sightings.csv"
    path.write_text(text, encoding="utf-8")
    return reduce_sightings(read_sightings(path, resolve_star_name), options)


def _wrap(x: np.ndarray | float, period: float) -> np.ndarray:
    return (np.asarray(x) + period / 2) % period - period / 2


def _planet_truth(sessions: list[sim.SimSession]) -> dict:
    return {
        (s.recorded_utc, x.object): x
        for s in sessions
        for x in s.sightings
        if x.object in ("Mercury", "Venus", "Mars", "Jupiter", "Saturn")
    }


def test_simulator_lst_agrees_with_pyephem() -> None:
    sessions = sim.simulate(sim.SimConfig.ideal(sessions=10, seed=4))
    for s in sessions:
        obs = ephem.Observer()
        obs.lat, obs.lon = str(LAT), str(LON)
        obs.date = ephem.Date(s.true_utc.replace(tzinfo=None))
        lst_h = obs.sidereal_time() * 12 / math.pi
        assert abs(_wrap(s.lst_h - lst_h, 24.0)) * 3600 < 1.0


@pytest.fixture(scope="module")
def noise_free(tmp_path_factory: pytest.TempPathFactory):
    config = sim.SimConfig.ideal(sessions=150, seed=11, ecliptic_planets=True, day_fraction=0.2)
    sessions = sim.simulate(config)
    tmp = tmp_path_factory.mktemp("rt")
    red = _reduce_text(tmp, sim_files.to_long_csv(sessions, with_side=True, digits=7))
    return sessions, red


def test_noise_free_round_trip_times(noise_free) -> None:
    sessions, red = noise_free
    truth = {s.recorded_utc: s for s in sessions}
    lst_err_min = [abs(_wrap(r.lst_h - truth[r.utc].lst_h, 24.0)) * 60 for r in red.sessions]
    lon_err = [abs(_wrap(r.longitude_deg - LON, 360.0)) for r in red.sessions]
    assert max(lst_err_min) < 0.1
    assert max(lon_err) < 0.025  # 0.1 min of time
    assert all(r.resolved_by in ("unique minimum", "clock") for r in red.sessions)
    assert not any(r.flag for r in red.sessions)
    assert red.summary["zero_point_deg"]["value"] == pytest.approx(0.0, abs=0.01)
    assert red.summary["time_error_min"]["sd_all"] < 0.1
    assert red.summary["latitude_deg"]["value"] == pytest.approx(LAT, abs=0.01)
    assert red.summary["longitude_deg"]["value"] == pytest.approx(LON, abs=0.01)


def test_noise_free_round_trip_planets_on_the_ecliptic(noise_free) -> None:
    """In a world whose planets ride on the ecliptic, a crossing is the planet's place: one
    of each sighting's two crossings is exact, the orbit picks it, except where the two lie
    within a few degrees of each other (the almucantar grazes the ecliptic: either is as
    good). The places reported are combined with the fitted orbit, which has the real
    planet's inclination (not this world's): within 0.06 h."""
    sessions, red = noise_free
    truth = _planet_truth(sessions)
    assert len(red.planets) > 20
    for p in red.planets:
        t = truth[(p.utc, p.object)]
        chosen = abs(_wrap(p.crossing_ecliptic_lon_deg - t.ecliptic_lon_deg, 360.0))
        other = abs(_wrap(p.other_ecliptic_lon_deg - t.ecliptic_lon_deg, 360.0))
        assert min(chosen, other) < 0.3
        gap = abs(_wrap(p.crossing_ecliptic_lon_deg - p.other_ecliptic_lon_deg, 360.0))
        assert chosen < 0.3 or gap < 5.0
        assert abs(_wrap(p.ra_h - t.ra_h, 24.0)) < (0.06 if chosen < 0.3 else 0.2)
        assert p.root.startswith(("side", "orbit fit"))


def test_ecliptic_assumption_error_for_true_planets(tmp_path: Path) -> None:
    """True planets stray from the ecliptic; noise-free, the crossing then misplaces them.
    Measured (2021-2023, 39N, 2 x 300 sessions): median |error| 0.11-0.12 h, SD 0.41-0.44 h,
    90th percentile 0.45 h, worst ~3 h where the almucantar grazes the ecliptic."""
    sessions = sim.simulate(sim.SimConfig.ideal(sessions=150, seed=12, day_fraction=0.1))
    text = sim_files.to_long_csv(sessions, with_side=True, digits=7)
    red = _reduce_text(tmp_path, text, Options(places="crossing"))
    truth = _planet_truth(sessions)
    err_h = np.array([_wrap(p.ra_h - truth[(p.utc, p.object)].ra_h, 24.0) for p in red.planets])
    assert len(err_h) > 20
    assert float(np.median(np.abs(err_h))) < 0.2
    assert float(np.percentile(np.abs(err_h), 75)) < 0.4
