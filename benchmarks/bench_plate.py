"""Time the build of one climate plate (geometry + labels + SVG), the figure issue 2 asks for.

Run: python3 benchmarks/bench_plate.py [LAT ...]   (prints figures; asserts nothing)
"""

from __future__ import annotations

import statistics
import sys
import time

from astrolabe_fab.design import Design
from astrolabe_fab.parts.layout import layout_for
from astrolabe_fab.parts.plate import plate_part
from astrolabe_fab.writers.svg import part_to_svg


def time_plate(lat: float, repeats: int = 5) -> tuple[float, float, int]:
    design = Design(lat, epoch=2026.0).validate()
    layout = layout_for(design)
    plate_part(design, layout)  # warm caches (font, glyphs)
    geometry, writing = [], []
    size = 0
    for _ in range(repeats):
        t0 = time.perf_counter()
        part = plate_part(design, layout)
        t1 = time.perf_counter()
        svg = part_to_svg(part)
        t2 = time.perf_counter()
        geometry.append(t1 - t0)
        writing.append(t2 - t1)
        size = len(svg)
    return statistics.median(geometry), statistics.median(writing), size


def main() -> None:
    lats = [float(a) for a in sys.argv[1:]] or [38.9, -33.87, 0.0, 66.56, 90.0]
    print(f"{'latitude':>9} {'geometry s':>11} {'svg s':>8} {'svg kB':>8}")
    for lat in lats:
        g, w, size = time_plate(lat)
        print(f"{lat:9.2f} {g:11.3f} {w:8.3f} {size / 1024:8.1f}")


if __name__ == "__main__":
    main()
