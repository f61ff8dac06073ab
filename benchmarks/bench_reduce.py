"""Benchmark: reduce a three-year log of 773 sessions (wide layout, 2.6 deg noise, with
misread stars, wrong timestamps and single-sighting sessions) - target under 2 s.

Run: python benchmarks/bench_reduce.py [--sessions N] [--repeat R]
Prints the time to read and reduce (best of R runs, fresh caches each run) and exits with
status 1 if it exceeds the target.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from astrolabe_fab.reduce import positions
from astrolabe_fab.reduce import simulate as sim
from astrolabe_fab.reduce.pipeline import reduce_sightings
from astrolabe_fab.reduce.positions import resolve_star_name
from astrolabe_fab.reduce.sightings import read_sightings

TARGET_S = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=773)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    config = sim.SimConfig(
        sessions=args.sessions,
        noise_deg=2.6,
        seed=1,
        misidentified_fraction=0.03,
        wrong_time_fraction=0.02,
        single_fraction=0.1,
    )
    sessions = sim.simulate(config)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "log.csv"
        path.write_text(sim.to_wide_csv(sessions), encoding="utf-8")
        best = best_cpu = float("inf")
        for _ in range(args.repeat):
            # fresh ephemeris caches: a real run starts cold
            positions.Sky.sun.cache_clear()
            positions.Sky.moon.cache_clear()
            positions.Sky.earth.cache_clear()
            positions._catalogue_place.cache_clear()
            start, start_cpu = time.perf_counter(), time.process_time()
            red = reduce_sightings(read_sightings(path, resolve_star_name))
            best = min(best, time.perf_counter() - start)
            best_cpu = min(best_cpu, time.process_time() - start_cpu)
    n = sum(len(s.sightings) for s in sessions)
    print(
        f"{len(red.sessions)} sessions, {n} sightings, {len(red.planets)} planet sightings: "
        f"read + reduce {best:.3f} s wall, {best_cpu:.3f} s CPU (best of {args.repeat}; "
        f"target < {TARGET_S} s)"
    )
    return 0 if best < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
