"""Hashes of the rete's output for many designs, to prove a speed change left the bytes alone.

Run: python benchmarks/rete_bytes.py [--quick] > hashes.txt   (on the old code and the new one,
then ``diff``). The rete depends on the hemisphere, not the latitude, and on the size, the epoch,
the style, the rete's design and options, the kerf and the palette: each case below is drawn and
prepared for cutting as ``astrofab build`` does, then hashed as ``plate_bytes.py`` hashes a plate
(SVG, DXF, PDF share, manifest entry). One line per case: ``case svg dxf pdf manifest``.
Small diameters come first: there the ecliptic's names have the least room and try the most places.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys

from plate_bytes import part_hashes  # a sibling script: run this one from anywhere by its path

from astrolabe_fab.config import read_preset
from astrolabe_fab.design import Design

#: Diameters, mm: the smallest the design allows to the largest.
DIAMETERS = (80.0, 90.0, 100.0, 120.0, 150.0, 200.0, 250.0, 300.0, 400.0)
#: Variants beside the diameter and hemisphere: name -> keyword arguments.
VARIANTS: dict[str, dict[str, object]] = {
    "default": {},
    "classic-rete": {"rete_design": "classic"},
    "modern-rete": {"rete_design": "modern"},
    "classic": {"style": "classic", "kerf_mm": 0.1, "epoch": 2000.0},
    "no-calendar": {"rete_calendar": False, "epoch": 2040.0},
    "transparent": {"rete_style": "transparent"},
    # the preset's own options but the diameter and the place (the loops set them)
    "chaucer": {
        k: v
        for k, v in read_preset("chaucer").items()
        if k not in ("latitude_deg", "longitude_deg", "place", "diameter_mm")
    },
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="every other diameter only")
    parser.add_argument("--only", choices=sorted(VARIANTS), help="one variant only")
    args = parser.parse_args()
    diameters = DIAMETERS[::2] if args.quick else DIAMETERS
    for name, extra in VARIANTS.items():
        if args.only and name != args.only:
            continue
        for lat in (40.0, -40.0):
            for diameter in diameters:
                base = Design(latitude_deg=lat, epoch=2026.0, diameter_mm=diameter)
                design = dataclasses.replace(base, **extra).validate()
                for row in part_hashes(design, "rete"):
                    print(name, f"{lat:+.0f}", f"{diameter:.0f}", *row)
                sys.stdout.flush()


if __name__ == "__main__":
    main()
