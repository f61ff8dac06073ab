"""Issue 11's acceptance on realistic simulated three-year logs (default ``astrofab simulate``
settings), seed by seed: the figures a user sees, against the truth file.

Run: python benchmarks/acceptance_reduce.py [--seeds 101 102 ...] [--start-year 2021]

Per seed: the log with its faults and the same log without them (``faults=False``) are
written in the wide layout, read back and reduced. Printed per seed:

- ``lon err``: fitted longitude - truth (deg; bar 0.1);
- ``sd_all``: the all-session clock-error sd; ``sd``: over unflagged sessions;
  ``ratio``: that sd over the sd of the same pipeline on the log without faults (bar 1.2);
- ``ts flagged``: share of the injected timestamp faults of >= 1 h that are flagged (bar 95 %),
  and (``visible``) the same for the faults the sky can see at all (``sim_truth``: a 24 h
  fault is invisible unless the Moon was sighted, and so is a fault that puts the clock on a
  single sighting's mirror root). ``clean flagged``: share of sessions without any injected
  fault that are flagged (bar 2 %); ``flagged faulty``: share of flagged sessions that carry
  an injected fault;
- semi-major axis errors (%) of Venus, Mars (bar 1 %), Jupiter (3 %), Saturn (5 %).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from astrolabe_fab.astro.planets import planet_semi_major_axis_au
from astrolabe_fab.reduce import sim_files, sim_truth
from astrolabe_fab.reduce import simulate as sim
from astrolabe_fab.reduce.pipeline import Reduction, reduce_sightings
from astrolabe_fab.reduce.positions import resolve_star_name
from astrolabe_fab.reduce.sightings import read_sightings

BARS = {"Venus": 1.0, "Mars": 1.0, "Jupiter": 3.0, "Saturn": 5.0}


def reduce_log(sessions: list[sim.SimSession]) -> Reduction:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "log.csv"
        path.write_text(sim_files.to_wide_csv(sessions), encoding="utf-8")
        return reduce_sightings(read_sightings(path, resolve_star_name))


def _pct(a: int, b: int) -> float:
    return 100.0 * a / b if b else float("nan")


def run_seed(seed: int, start_year: int) -> dict[str, float]:
    config = sim.SimConfig(
        seed=seed, start=dt.date(start_year, 1, 1), end=dt.date(start_year + 2, 12, 31)
    )
    faulty = sim.simulate(config)
    clean = sim.simulate(sim.SimConfig(**{**config.__dict__, "faults": False}))
    red, red_clean = reduce_log(faulty), reduce_log(clean)
    te, te_clean = red.summary["time_error_min"], red_clean.summary["time_error_min"]
    c = sim_truth.check_flags(faulty, red, config.noise_deg)
    out = {
        "lon_err": red.summary["longitude_deg"]["value"] - config.longitude_deg,
        "lon_sigma": red.summary["longitude_deg"]["sigma"],
        "sd_all": te["sd_all"],
        "sd": te["sd"],
        "ratio": te["sd"] / te_clean["sd"],
        "ts": _pct(c.timestamp_flagged, c.timestamp_faults),
        "ts_n": c.timestamp_faults,
        "visible": _pct(c.visible_flagged, c.visible_faults),
        "visible_n": c.visible_faults,
        "clean": _pct(c.clean_flagged, c.clean),
        "faulty": _pct(c.flagged_faulty, c.flagged),
        "zero_point": (red.summary.get("zero_point_deg") or {}).get("value", float("nan")),
    }
    for planet in BARS:
        fit = red.summary["orbits"].get(planet, {}).get("semi_major_axis_au", {}).get("fit")
        a = planet_semi_major_axis_au(planet)
        out[planet] = 100.0 * (fit / a - 1.0) if fit else float("nan")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[101, 102, 103, 104, 105])
    parser.add_argument("--start-year", type=int, default=2021)
    args = parser.parse_args()
    print(
        f"{'seed':>5} {'lon err':>8} {'+-':>5} {'sd_all':>7} {'sd':>6} {'ratio':>5} "
        f"{'ts flagged':>14} {'visible':>13} {'clean fl':>8} {'fl faulty':>9} {'z':>5} "
        + " ".join(f"{p:>7}" for p in BARS)
    )
    start = time.perf_counter()
    for seed in args.seeds:
        r = run_seed(seed, args.start_year)
        print(
            f"{seed:>5} {r['lon_err']:>+8.3f} {r['lon_sigma']:>5.3f} {r['sd_all']:>7.1f} "
            f"{r['sd']:>6.1f} {r['ratio']:>5.2f} {r['ts']:>8.1f}% of {r['ts_n']:>2} "
            f"{r['visible']:>6.1f}% of {r['visible_n']:>2} {r['clean']:>7.2f}% "
            f"{r['faulty']:>8.1f}% "
            f"{r['zero_point']:>5.2f} " + " ".join(f"{r[p]:>+6.2f}%" for p in BARS),
            flush=True,
        )
    print(f"({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
