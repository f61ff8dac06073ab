"""Benchmark: `astrofab build --lat 38.9` (all parts; svg, dxf, pdf) and the travel figures.

Run: python benchmarks/bench_build.py [--repeat N]
Prints wall times (whole CLI process with its worker processes, the same in one process, and
in-process stage by stage) and the laser travel of the plate and the back before and after
ordering. Target (issue 5): the build under 1.5 s on a
2-core machine; travel after ordering at most half of the raw file's. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from astrolabe_fab.build import PART_WRITERS, instrument_parts, instrument_pdf
from astrolabe_fab.design import Design
from astrolabe_fab.fabrication import prepare_for_cutting
from astrolabe_fab.fabrication.stats import job_stats
from astrolabe_fab.parts.layout import layout_for
from astrolabe_fab.pool import worker_count


def cli_seconds(repeat: int, workers: str = "") -> float:
    best = float("inf")
    env = {**os.environ, "ASTROFAB_WORKERS": workers} if workers else None
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeat):
            t = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "astrolabe_fab",
                    "build",
                    "--lat",
                    "38.9",
                    "--formats",
                    "svg,dxf,pdf",
                    "--out",
                    str(Path(tmp) / "o"),
                    "--force",
                    "-q",
                ],
                check=True,
                env=env,
            )
            best = min(best, time.perf_counter() - t)
    return best


def stages() -> None:
    design = Design(latitude_deg=38.9).validate()
    t = time.perf_counter()
    raw = instrument_parts(design, layout_for(design))
    t_parts = time.perf_counter() - t
    t = time.perf_counter()
    ready = prepare_for_cutting(raw, design)
    t_prep = time.perf_counter() - t
    times = {}
    for fmt in ("svg", "dxf"):
        t = time.perf_counter()
        for part in ready:
            PART_WRITERS[fmt](part, design)
        times[fmt] = time.perf_counter() - t
    t = time.perf_counter()
    instrument_pdf(ready, design)
    times["pdf"] = time.perf_counter() - t
    print(
        f"parts {t_parts:.3f} s, fabrication step {t_prep:.3f} s, "
        + ", ".join(f"{k} {v:.3f} s" for k, v in times.items())
    )
    print(f"{'part':<16} {'travel raw':>11} {'ordered':>9} {'ratio':>6} {'pierces':>8}")
    for a, b in zip(raw, ready, strict=False):
        ta, tb = job_stats(a).travel_mm, job_stats(b).travel_mm
        mark = "  <- acceptance" if a.name.startswith(("plate", "mater-back")) else ""
        print(
            f"{a.name:<16} {ta / 1000:9.3f} m {tb / 1000:7.3f} m {tb / ta:6.2f} "
            f"{job_stats(b).pierces:8d}{mark}"
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(
        f"astrofab build --lat 38.9 (svg,dxf,pdf), best of {args.repeat}: "
        f"{cli_seconds(args.repeat):.2f} s (target 1.5 s; {worker_count(99)} workers)"
    )
    print(f"  the same in one process (ASTROFAB_WORKERS=1): {cli_seconds(args.repeat, '1'):.2f} s")
    print(f"  bytecode cache written: {not sys.flags.dont_write_bytecode}")
    print("in-process stages, one process, warm:")
    stages()


if __name__ == "__main__":
    main()
