"""Benchmark: the reduction's time and memory, from a three-year log of 773 sessions (the
default ``astrofab simulate`` log) to a class's pooled logs of 100,000 sightings.

Run: python benchmarks/bench_reduce.py [--sightings 100000] [--sites 4] [--repeat 3]

Targets (issue 11): the 773-session log in under 2 s; 100,000 sightings in at most 15 times
the 773-session time, with a peak resident memory under 600 MB. The big log is several
observers' simulated logs (one per site, places 2 to 6 deg apart, seeds 1, 2, ...) in the long
layout, each row with its own latitude and longitude, so sessions are pooled per site.

Each reduction runs in a fresh Python process (``astrofab reduce FILE --format csv``, the
command a user runs, imports included), timed from outside; the peak memory is that process's
maximum resident set size. Exits with status 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from astrolabe_fab.reduce import sim_files
from astrolabe_fab.reduce import simulate as sim

SMALL_TARGET_S = 2.0
RATIO_TARGET = 15.0
MEMORY_TARGET_MB = 600.0


def _run(path: Path) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of ``astrofab reduce path`` in a fresh process."""
    code = (
        "import resource, sys\n"
        "from astrolabe_fab.cli import main\n"
        "try:\n"
        f"    main(['reduce', {str(path)!r}, '--format', 'csv'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    )
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    wall = time.perf_counter() - start
    peak_kb = float(done.stderr.strip().splitlines()[-1])
    return wall, peak_kb / 1024.0


def _best(path: Path, repeat: int) -> tuple[float, float]:
    runs = [_run(path) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs)


def big_log(sightings: int, sites: int) -> list[list[sim.SimSession]]:
    """Realistic logs at ``sites`` places, together about ``sightings`` sightings."""
    per_site = max(1, round(sightings / sites / 2.1))  # about 2.1 sightings per session
    logs = []
    for k in range(sites):
        config = sim.SimConfig(
            latitude_deg=35.0 + 2.0 * k,
            longitude_deg=-80.0 + 6.0 * k,
            sessions=per_site,
            seed=k + 1,
            start=dt.date(2021, 1, 1),
        )
        logs.append(sim.simulate(config))
    return logs


def _long_text(logs: list[list[sim.SimSession]]) -> str:
    """One long-layout CSV of several logs, session labels made unique per log."""
    lines: list[str] = []
    for k, log in enumerate(logs):
        text = sim_files.to_long_csv(log, with_side=True)
        rows = text.splitlines()
        if not lines:
            lines.append(rows[0])
        lines += [f"O{k}-{row}" for row in rows[1:]]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sightings", type=int, default=100_000)
    parser.add_argument("--sites", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small.csv"
        small_log = sim.simulate(sim.SimConfig(seed=1))
        small.write_text(sim_files.to_wide_csv(small_log), encoding="utf-8")
        logs = big_log(args.sightings, args.sites)
        big = Path(tmp) / "big.csv"
        big.write_text(_long_text(logs), encoding="utf-8")
        n_small = sum(len(s.sightings) for s in small_log)
        n_big = sum(len(s.sightings) for log in logs for s in log)
        t_small, m_small = _best(small, args.repeat)
        t_big, m_big = _best(big, 1)
    ratio = t_big / t_small
    print(f"773-session log: {n_small} sightings, {t_small:.2f} s, peak {m_small:.0f} MB")
    print(
        f"pooled logs: {n_big} sightings at {args.sites} sites, {t_big:.1f} s, peak {m_big:.0f} MB"
    )
    print(
        f"ratio {ratio:.1f} (target <= {RATIO_TARGET:g}); memory target < {MEMORY_TARGET_MB:g} MB"
    )
    ok = t_small < SMALL_TARGET_S and ratio <= RATIO_TARGET and m_big < MEMORY_TARGET_MB
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
