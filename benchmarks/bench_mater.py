"""Time the mater front, mater back, rule and alidade (geometry + labels + SVG), issue 4.

Run: python3 benchmarks/bench_mater.py [DIAMETER ...]   (prints figures; asserts nothing)
Target: the four parts together well under half a second at 200 mm, so that the whole
``astrofab build`` stays around one second.
"""

from __future__ import annotations

import statistics
import sys
import time

from astrolabe_fab.design import Design
from astrolabe_fab.parts.back import mater_back_part
from astrolabe_fab.parts.layout import layout_for
from astrolabe_fab.parts.mater import mater_front_part
from astrolabe_fab.parts.pointers import alidade_part, rule_part
from astrolabe_fab.writers.svg import part_to_svg

BUILDERS = {
    "mater-front": mater_front_part,
    "mater-back": mater_back_part,
    "rule": rule_part,
    "alidade": alidade_part,
}


def main() -> None:
    diameters = [float(a) for a in sys.argv[1:]] or [200.0, 120.0]
    print(f"{'part':<12} {'diameter':>9} {'geometry s':>11} {'svg s':>8}")
    for diameter in diameters:
        for style in ("modern", "classic"):
            design = Design(38.9, epoch=2026.0, diameter_mm=diameter, style=style).validate()
            layout = layout_for(design)
            for name, build in BUILDERS.items():
                build(design, layout)  # warm caches (font, the Sun's year)
                geometry, writing = [], []
                for _ in range(3):
                    t0 = time.perf_counter()
                    part = build(design, layout)
                    t1 = time.perf_counter()
                    part_to_svg(part)
                    geometry.append(t1 - t0)
                    writing.append(time.perf_counter() - t1)
                print(
                    f"{name + ' ' + style[0]:<12} {diameter:>9.0f} "
                    f"{statistics.median(geometry):>11.3f} {statistics.median(writing):>8.3f}"
                )


if __name__ == "__main__":
    main()
