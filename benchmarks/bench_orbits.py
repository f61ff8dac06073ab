"""Benchmark: semi-major axes of the planets by several estimators over several three-year
windows of simulated sightings (39N 77W, 2.6 deg altitude noise, default session mix).

Run: python benchmarks/bench_orbits.py [--windows 2012 2015 ...] [--seeds 21 22]
     [--sessions 773] [--noise 2.6]

Each window is simulated, written in the wide layout, read back and reduced by the real
pipeline; the series each planet's orbit fit receives is kept and fed to these estimators
(errors in percent of the true mean semi-major axis):

- ``fit``: the reported estimator (circular orbit, period tied to radius by Kepler's third law;
  an ellipse when the arc spans a whole orbit); ``sigma``: its reported ``fit_sigma`` (not an
  error). ``rec``: Robinson's recurrence.
- ``radius``: a circle whose radius r and angular speed w are both free (no Kepler's law):
  r comes from the loop amplitude (the Earth's parallax) alone.
- ``visviva``: the same free circle turned into a by vis-viva, 1/a = 2/r - (r w)^2 / GM.
- ``e.05`` / ``e-free``: a Keplerian ellipse fitted with a Gaussian prior of 0.05 (resp. no
  effective prior) on each of e cos w, e sin w.
- ``model``: the ``fit`` estimator on the TRUE longitudes at the same dates (no noise, no
  root ambiguity): the bias of the circular model itself. ``r/a``: the planet's true
  heliocentric distance at the mid-epoch over a (where it is on its ellipse).

Findings (5 windows 2012-2026 x seeds 21-25, 773 sessions): worst |error| of ``fit``:
Venus 1.5 %, Mars 0.7 %, Jupiter 7.6 %, Saturn 16.9 %; ``model`` alone gives Jupiter
+5.5 % (2015-2017, aphelion) and -5.9 % (2021-2023, perihelion), Saturn +7.3 %: the
eccentricity bias of a circle on a short arc, a_circle / a - 1 = (4/3) (r / a - 1). No other
estimator here does better: ``radius`` scatters by 4-20 % for Jupiter and is pulled by
Saturn's latitude (-35 % to +290 %), ``visviva`` multiplies that by four, ``e.05`` stays
near the circle and is slightly worse, ``e-free`` scatters by tens of percent. So
``fit_sigma`` includes the circle's model error (largest |error| / fit_sigma: Jupiter 1.2,
Saturn 1.8) instead. Before the ``is_inner`` fix, 2012-2014 seed 22 took Venus for an
outer planet (+65.8 %).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import math
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import astronomy
import numpy as np
from scipy.optimize import least_squares

from astrolabe_fab.astro.planets import (
    SIDEREAL_YEAR_DAYS,
    planet_ecliptic_lon_lat_deg,
    planet_heliocentric_ecliptic_au,
    planet_semi_major_axis_au,
)
from astrolabe_fab.reduce import orbits, sim_files
from astrolabe_fab.reduce import simulate as sim
from astrolabe_fab.reduce.pipeline import reduce_sightings
from astrolabe_fab.reduce.positions import resolve_star_name
from astrolabe_fab.reduce.sightings import read_sightings

GM_AU3_PER_DAY2 = 4.0 * math.pi**2 / SIDEREAL_YEAR_DAYS**2
"""Sun's GM in AU^3/day^2, from Kepler's third law with P = 1 sidereal year at a = 1 AU."""

PLANETS = ("Venus", "Mars", "Jupiter", "Saturn")
ESTIMATORS = ("fit", "sigma", "rec", "radius", "visviva", "e.05", "e-free", "model")
TARGET_PCT = {"Venus": 2.0, "Mars": 2.0, "Jupiter": 5.0, "Saturn": 15.0}
"""Bars of the real-log acceptance (issue 6)."""


@contextlib.contextmanager
def _recording(store: list[tuple[orbits.OrbitData, bool]]) -> Iterator[None]:
    """Record every (data, inner) the pipeline hands to ``fit_circular_orbit``."""
    original = orbits.fit_circular_orbit

    def spy(data: orbits.OrbitData, inner: bool, *args, **kwargs):
        store.append((data, inner))
        return original(data, inner, *args, **kwargs)

    orbits.fit_circular_orbit = spy  # type: ignore[assignment]
    try:
        yield
    finally:
        orbits.fit_circular_orbit = original  # type: ignore[assignment]


def _free_circle(data: orbits.OrbitData, start: orbits.OrbitFit) -> tuple[float, float]:
    """Radius r (AU) and angular speed w (rad/day) of a circle fitted without Kepler's law
    (same residuals, sigma and soft-L1 loss as the reported fit)."""
    n = len(data.days)
    sigma = np.sqrt(data.sigma_deg**2 + orbits.SIGMA_FLOOR_DEG**2)
    epoch = start.epoch_days

    def residuals(p: np.ndarray) -> np.ndarray:
        helio = np.radians(p[1] + p[2] * (data.days - epoch))
        model = orbits._geocentric(float(np.exp(p[0])), helio, data.earth_xy, data.precession_deg)
        miss = orbits.wrap_deg(data.lon_deg - model[:, None])
        return miss[np.arange(n), np.argmin(np.abs(miss), axis=1)] / sigma

    rate0 = 360.0 / (start.semi_major_axis_au**1.5 * SIDEREAL_YEAR_DAYS)
    result = least_squares(
        residuals,
        [math.log(start.semi_major_axis_au), start.lon0_deg, rate0],
        loss="soft_l1",
        f_scale=1.5,
        x_scale=[0.01, 5.0, 0.01 * rate0],
    )
    return float(np.exp(result.x[0])), math.radians(float(result.x[2]))


def _ellipse(data: orbits.OrbitData, start: orbits.OrbitFit, prior: float) -> float:
    """a of the package's Keplerian ellipse fit with eccentricity prior ``prior``."""
    saved = orbits.ECCENTRICITY_PRIOR
    orbits.ECCENTRICITY_PRIOR = prior
    try:
        sigma = np.sqrt(data.sigma_deg**2 + orbits.SIGMA_FLOOR_DEG**2)
        return orbits._fit_eccentric(
            data, start, sigma, orbits.OUTER_RANGE_AU, 1.5
        ).semi_major_axis_au
    finally:
        orbits.ECCENTRICITY_PRIOR = saved


def _model_bias(planet: str, data: orbits.OrbitData, inner: bool) -> float:
    """The reported estimator on the true apparent longitudes at the same dates."""
    lon = np.array(
        [planet_ecliptic_lon_lat_deg(planet, astronomy.Time(float(d)))[0] for d in data.days]
    )
    truth = orbits.OrbitData(
        data.days, np.c_[lon, lon], data.sigma_deg, data.earth_xy, data.precession_deg
    )
    fit = orbits.fit_circular_orbit(truth, inner)
    return fit.semi_major_axis_au if fit else float("nan")


def estimates(planet: str, data: orbits.OrbitData, inner: bool, summary: dict) -> dict[str, float]:
    """Every estimator's a (AU) for one planet's series."""
    nan = float("nan")
    out = dict.fromkeys(ESTIMATORS, nan)
    axes = summary["orbits"][planet]["semi_major_axis_au"]
    out["fit"] = axes["fit"] if axes["fit"] is not None else nan
    out["sigma"] = axes["fit_sigma"] if axes["fit_sigma"] is not None else nan
    out["rec"] = axes["recurrence"] if axes["recurrence"] is not None else nan
    circle = orbits.fit_circular_orbit(data, inner)
    if circle is None:
        return out
    r, w = _free_circle(data, circle)
    out["radius"] = r
    inv_a = 2.0 / r - (r * w) ** 2 / GM_AU3_PER_DAY2
    out["visviva"] = 1.0 / inv_a if inv_a > 0 else float("inf")
    if not inner:
        out["e.05"] = _ellipse(data, circle, 0.05)
        out["e-free"] = _ellipse(data, circle, 10.0)
    out["model"] = _model_bias(planet, data, inner)
    return out


def run_window(
    first_year: int, seed: int, sessions: int, noise_deg: float
) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Errors (%) per planet and estimator, and each planet's true r/a at the mid-epoch."""
    config = sim.SimConfig(
        latitude_deg=39.0,
        longitude_deg=-77.0,
        start=dt.date(first_year, 1, 1),
        end=dt.date(first_year + 2, 12, 31),
        sessions=sessions,
        noise_deg=noise_deg,
        seed=seed,
    )
    records: list[tuple[orbits.OrbitData, bool]] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "log.csv"
        path.write_text(sim_files.to_wide_csv(sim.simulate(config)), encoding="utf-8")
        with _recording(records):
            red = reduce_sightings(read_sightings(path, resolve_star_name))
    errors: dict[str, dict[str, float]] = {}
    phase: dict[str, float] = {}
    # the pipeline fits the planets in sorted order, one call each
    for planet, (data, inner) in zip(sorted(red.summary["orbits"]), records, strict=True):
        if planet not in PLANETS:
            continue
        a_true = planet_semi_major_axis_au(planet)
        est = estimates(planet, data, inner, red.summary)
        errors[planet] = {k: 100.0 * (v / a_true - (k != "sigma")) for k, v in est.items()}
        x, y, _ = planet_heliocentric_ecliptic_au(
            planet, astronomy.Time(float(np.median(data.days)))
        )
        phase[planet] = math.hypot(x, y) / a_true
    return errors, phase


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--windows", type=int, nargs="+", default=[2012, 2015, 2018, 2021, 2024])
    parser.add_argument("--seeds", type=int, nargs="+", default=[21])
    parser.add_argument("--sessions", type=int, default=773)
    parser.add_argument("--noise", type=float, default=2.6)
    args = parser.parse_args()
    worst: dict[tuple[str, str], float] = {}
    header = f"{'window':>9} {'seed':>4} {'planet':<7} {'r/a':>5} " + " ".join(
        f"{e:>7}" for e in ESTIMATORS
    )
    print(header)
    start = time.perf_counter()
    for year in args.windows:
        for seed in args.seeds:
            errors, phase = run_window(year, seed, args.sessions, args.noise)
            for planet in PLANETS:
                if planet not in errors:
                    print(f"{year}-{year + 2} {seed:>4} {planet:<7} (no fit)")
                    continue
                row = errors[planet]
                cells = " ".join(f"{row[e]:>+7.1f}" for e in ESTIMATORS)
                print(f"{year}-{year + 2} {seed:>4} {planet:<7} {phase[planet]:>5.3f} {cells}")
                ratio = abs(row["fit"]) / row["sigma"] if row["sigma"] > 0 else float("inf")
                worst[(planet, "fit/sigma")] = max(worst.get((planet, "fit/sigma"), 0.0), ratio)
                for e in ESTIMATORS:
                    key = (planet, e)
                    value = abs(row[e]) if np.isfinite(row[e]) else float("inf")
                    worst[key] = max(worst.get(key, 0.0), value)
            sys.stdout.flush()
    print(f"\nworst |error| % over {len(args.windows)} windows x {len(args.seeds)} seeds")
    print("(sigma: the largest fit_sigma; fit/sigma: the largest |fit error| / fit_sigma)")
    columns = (*ESTIMATORS, "fit/sigma")
    print(f"{'planet':<7} {'target':>6} " + " ".join(f"{e:>9}" for e in columns))
    for planet in PLANETS:
        cells = " ".join(f"{worst.get((planet, e), float('nan')):>9.1f}" for e in columns)
        print(f"{planet:<7} {TARGET_PCT[planet]:>6.1f} {cells}")
    print(f"({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
