"""Issue 11's acceptance on realistic simulated three-year logs (default ``astrofab simulate``
settings), seed by seed: the figures a user sees, against the truth file.

Run: python benchmarks/acceptance_reduce.py [--seeds 101 102 ...] [--start-year 2021]
                                            [--star-lag 1.0]
     python benchmarks/acceptance_reduce.py --orbits [--seeds ...]
     python benchmarks/acceptance_reduce.py --compare-estimators [--seeds ...]

Default mode. Per seed: the log with its faults and the same log without them
(``faults=False``) are written in the wide layout, read back and reduced. Printed per seed:

- ``lon err``: fitted longitude - truth (deg; bar 0.1), ``in``: whether the reported 95 %
  interval holds the truth, ``+-``: its half-width; ``day``/``night``: each class's own
  longitude - truth (a night lag of L min moves the night class by -L/4 deg);
- ``sd_all``: the all-session clock-error sd; ``sd``: over unflagged sessions;
  ``ratio``: that sd over the sd of the same pipeline on the log without faults (bar 1.2);
- ``ts``: share of the injected timestamp faults of >= 1 h that are flagged (the issue's 95 %
  bar, which the sky cannot meet: a 24 h fault is invisible unless the Moon was sighted, and
  so is a fault that puts the clock on a single sighting's mirror root), ``visible``: the same
  for the faults the sky can see at all (``sim_truth``; bar 95 %); ``clean``: share of
  sessions without any injected fault that are flagged (bar 2 %); ``faulty``: share of
  flagged sessions that carry an injected fault;
- semi-major axis errors (%) of Venus, Mars (bar 1 %), Jupiter (3 %), Saturn (5 %): the
  headline fit (orbit of known shape).

``--orbits``: per seed and three-year window (2012, 2015, 2018, 2021, 2024), the axes' errors
(%) of the headline fit and of the circle fitted without the shape, and how many windows
meet the bars (issue: 4 of 5).

``--compare-estimators``: the longitude estimators of ``reduce/longitude.py``'s docstring
(equal-weight Huber; random effects; random effects stratified by class) on the same logs
with the default night lag and without it: bias, sd and RMSE against the truth.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import math
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from astrolabe_fab.astro.planets import planet_semi_major_axis_au
from astrolabe_fab.reduce import sim_files, sim_truth
from astrolabe_fab.reduce import simulate as sim
from astrolabe_fab.reduce.longitude import HUBER_K, huber_location
from astrolabe_fab.reduce.pipeline import Reduction, reduce_sightings
from astrolabe_fab.reduce.positions import resolve_star_name
from astrolabe_fab.reduce.sightings import read_sightings

BARS = {"Venus": 1.0, "Mars": 1.0, "Jupiter": 3.0, "Saturn": 5.0}
WINDOWS = (2012, 2015, 2018, 2021, 2024)


def reduce_log(sessions: list[sim.SimSession]) -> Reduction:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "log.csv"
        path.write_text(sim_files.to_wide_csv(sessions), encoding="utf-8")
        return reduce_sightings(read_sightings(path, resolve_star_name))


def _pct(a: int, b: int) -> float:
    return 100.0 * a / b if b else float("nan")


def _config(seed: int, start_year: int, lag: float) -> sim.SimConfig:
    return sim.SimConfig(
        seed=seed,
        start=dt.date(start_year, 1, 1),
        end=dt.date(start_year + 2, 12, 31),
        star_lag_min=lag,
    )


def axis_errors(red: Reduction, key: str = "fit") -> dict[str, float]:
    """Semi-major axis error (%) of each planet of ``BARS`` by the summary's ``key``."""
    out = {}
    for planet in BARS:
        fit = red.summary["orbits"].get(planet, {}).get("semi_major_axis_au", {}).get(key)
        out[planet] = 100.0 * (fit / planet_semi_major_axis_au(planet) - 1.0) if fit else math.nan
    return out


def longitude_figures(red: Reduction, truth_deg: float) -> dict[str, float]:
    lon = red.summary["longitude_deg"]
    by_class = lon["by_class"]
    return {
        "lon_err": lon["value"] - truth_deg,
        "inside": float(lon["low"] <= truth_deg <= lon["high"]),
        "half": 0.5 * (lon["high"] - lon["low"]),
        "day": by_class["day"]["value"] - truth_deg,
        "night": by_class["night"]["value"] - truth_deg,
    }


def run_seed(seed: int, start_year: int, lag: float) -> dict[str, float]:
    config = _config(seed, start_year, lag)
    faulty = sim.simulate(config)
    clean = sim.simulate(dataclasses.replace(config, faults=False))
    red, red_clean = reduce_log(faulty), reduce_log(clean)
    te, te_clean = red.summary["time_error_min"], red_clean.summary["time_error_min"]
    c = sim_truth.check_flags(faulty, red, config.noise_deg)
    return {
        **longitude_figures(red, config.longitude_deg),
        "sd_all": te["sd_all"],
        "sd": te["sd"],
        "ratio": te["sd"] / te_clean["sd"],
        "ts": _pct(c.timestamp_flagged, c.timestamp_faults),
        "ts_n": c.timestamp_faults,
        "visible": _pct(c.visible_flagged, c.visible_faults),
        "visible_n": c.visible_faults,
        "clean": _pct(c.clean_flagged, c.clean),
        "faulty": _pct(c.flagged_faulty, c.flagged),
        **axis_errors(red),
    }


def acceptance(seeds: list[int], start_year: int, lag: float) -> None:
    print(
        f"{'seed':>5} {'lon err':>7} {'in':>3} {'+-':>5} {'day':>6} {'night':>6} "
        f"{'sd_all':>6} {'sd':>5} {'ratio':>5} {'ts flagged':>13} {'visible':>13} "
        f"{'clean':>6} {'faulty':>6} " + " ".join(f"{p:>7}" for p in BARS)
    )
    rows = []
    for seed in seeds:
        r = run_seed(seed, start_year, lag)
        rows.append(r)
        print(
            f"{seed:>5} {r['lon_err']:>+7.3f} {'yes' if r['inside'] else 'NO':>3} "
            f"{r['half']:>5.2f} {r['day']:>+6.2f} {r['night']:>+6.2f} {r['sd_all']:>6.1f} "
            f"{r['sd']:>5.1f} {r['ratio']:>5.2f} {r['ts']:>6.1f}% of {r['ts_n']:>2} "
            f"{r['visible']:>6.1f}% of {r['visible_n']:>2} {r['clean']:>5.2f}% "
            f"{r['faulty']:>5.1f}% " + " ".join(f"{r[p]:>+6.2f}%" for p in BARS),
            flush=True,
        )
    _acceptance_totals(rows)


def _acceptance_totals(rows: list[dict[str, float]]) -> None:
    n = len(rows)
    err = np.array([r["lon_err"] for r in rows])

    def count(test: str, ok: list[bool]) -> None:
        print(f"  {test}: {sum(ok)} of {n} seeds")

    print(f"longitude: mean error {err.mean():+.3f}, rms {math.sqrt((err**2).mean()):.3f} deg")
    count("truth inside the 95 % interval", [bool(r["inside"]) for r in rows])
    count("longitude within 0.1 deg", [abs(r["lon_err"]) < 0.1 for r in rows])
    count("unflagged sd within 1.2x the faultless log's", [r["ratio"] <= 1.2 for r in rows])
    count(">= 95 % of the visible timestamp faults flagged", [r["visible"] >= 95 for r in rows])
    count(">= 95 % of all timestamp faults flagged", [r["ts"] >= 95 for r in rows])
    count("<= 2 % of clean sessions flagged", [r["clean"] <= 2 for r in rows])
    for planet, bar in BARS.items():
        count(f"{planet} within {bar:g} %", [abs(r[planet]) < bar for r in rows])


def orbit_windows(seeds: list[int]) -> None:
    """Headline and circle axis errors over the five windows, and windows within the bars."""
    print(f"{'seed':>5} {'window':>9} " + " ".join(f"{p:>16}" for p in BARS) + "   (fit / circle)")
    met = {p: [] for p in BARS}
    for seed in seeds:
        within = dict.fromkeys(BARS, 0)
        for year in WINDOWS:
            red = reduce_log(sim.simulate(_config(seed, year, 1.0)))
            fit, circle = axis_errors(red), axis_errors(red, "shape_free_fit")
            for p, bar in BARS.items():
                within[p] += abs(fit[p]) < bar
            print(
                f"{seed:>5} {year}-{year + 2} "
                + " ".join(f"{fit[p]:>+7.2f}/{circle[p]:>+7.2f}%" for p in BARS),
                flush=True,
            )
        print(f"{seed:>5} windows within the bars: {within}")
        for p in BARS:
            met[p].append(within[p])
    for p, bar in BARS.items():
        ok = sum(m >= 4 for m in met[p])
        print(f"{p} within {bar:g} % in at least 4 of 5 windows: {ok} of {len(seeds)} seeds")


def _tau(x: np.ndarray, mu: float, s: np.ndarray) -> float:
    """Between-session scatter tau: median |x - mu| / sqrt(s^2 + tau^2) = 0.6745."""

    def med(t: float) -> float:
        return float(np.median(np.abs(x - mu) / np.sqrt(s**2 + t**2)))

    if med(0.0) <= 0.6745:
        return 0.0
    lo, hi = 0.0, 100.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if med(mid) > 0.6745 else (lo, mid)
    return hi


def random_effects(x: np.ndarray, s: np.ndarray) -> float:
    """Huber M-estimate with weights 1 / (s^2 + tau^2), tau re-estimated as mu moves (the
    robust analogue of DerSimonian and Laird 1986)."""
    mu = float(np.median(x))
    for _ in range(30):
        si = np.sqrt(s**2 + _tau(x, mu, s) ** 2)
        u = (x - mu) / si
        w = np.minimum(1.0, HUBER_K / np.maximum(np.abs(u), 1e-12)) / si**2
        new = float(np.sum(w * x) / np.sum(w))
        if abs(new - mu) < 1e-9:
            break
        mu = new
    return mu


def _estimates(red: Reduction, truth_deg: float) -> tuple[float, float, float]:
    rows = [r for r in red.sessions if not r.flag and math.isfinite(r.longitude_deg)]
    x = np.array([r.longitude_deg for r in rows]) - truth_deg
    s = np.array([r.lst_sigma_min for r in rows]) / 4.0
    s = np.where(np.isfinite(s), s, 360.0)
    day = np.array([r.by_day for r in rows])
    parts = [(m.mean(), random_effects(x[m], s[m])) for m in (day, ~day) if m.sum() >= 5]
    strat = sum(p * v for p, v in parts) / sum(p for p, _ in parts)
    return huber_location(x).value, random_effects(x, s), strat


def compare_estimators(seeds: list[int], start_year: int) -> None:
    names = ("equal-weight Huber", "random effects", "random effects by class")
    for lag in (1.0, 0.0):
        errors = []
        for seed in seeds:
            config = _config(seed, start_year, lag)
            errors.append(_estimates(reduce_log(sim.simulate(config)), config.longitude_deg))
        e = np.array(errors)
        print(f"night lag {lag:g} min, {len(seeds)} seeds:")
        for k, name in enumerate(names):
            col = e[:, k]
            print(
                f"  {name:<25} bias {col.mean():+.3f} sd {col.std(ddof=1):.3f} "
                f"rmse {math.sqrt((col**2).mean()):.3f} deg"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[101, 102, 103, 104, 105])
    parser.add_argument("--start-year", type=int, default=2021)
    parser.add_argument("--star-lag", type=float, default=1.0)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--orbits", action="store_true")
    mode.add_argument("--compare-estimators", action="store_true")
    args = parser.parse_args()
    start = time.perf_counter()
    if args.orbits:
        orbit_windows(args.seeds)
    elif args.compare_estimators:
        compare_estimators(args.seeds, args.start_year)
    else:
        acceptance(args.seeds, args.start_year, args.star_lag)
    print(f"({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
