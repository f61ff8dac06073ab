"""Hashes of every plate's output, to prove a speed change left the bytes alone.

Run: python benchmarks/plate_bytes.py [--quick] > hashes.txt   (on the old code and the new one,
then ``diff``). For each design variant below and each latitude, the plate part is drawn and
prepared for cutting as ``astrofab build`` does, then hashed: its SVG, its DXF, its share of the
paper PDF (page plan and drawing) and its manifest entry (centre, size, meta). One line per case:
``variant latitude svg dxf pdf manifest`` (sha256, first 16 hex digits).
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys

from astrolabe_fab.build import PART_WRITERS, part_jobs, pdf_part
from astrolabe_fab.config import read_preset
from astrolabe_fab.design import Design
from astrolabe_fab.fabrication import prepare_part
from astrolabe_fab.parts.layout import layout_for

#: Design variants: name -> keyword arguments beside the latitude.
VARIANTS: dict[str, dict[str, object]] = {
    "default": {},
    "classic": {"style": "classic"},
    "houses": {"houses": True, "twilight": ("civil", "nautical", "astronomical")},
    "d100": {"diameter_mm": 100.0},
    "d300": {"diameter_mm": 300.0},
    "chaucer": {k: v for k, v in read_preset("chaucer").items() if k != "latitude_deg"},
    "paper": {k: v for k, v in read_preset("paper-a4").items() if k != "latitude_deg"},
    "laser": {k: v for k, v in read_preset("acrylic-200").items() if k != "latitude_deg"},
}

#: Latitudes: special ones (equator, tropics, polar circles, test cities) and a spread.
LATITUDES = sorted(
    {0.0, 23.44, -23.44, 66.56, -66.56, 38.9, -38.9, -33.87, 89.9, -89.9}
    | {round(-85.0 + 170.0 * k / 22, 2) for k in range(23)}
)


def short(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def plate_hashes(design: Design) -> list[tuple[str, str, str, str, str]]:
    """(part name, svg, dxf, pdf share, manifest entry) hashes of every plate of ``design``."""
    return part_hashes(design, "plate")


def part_hashes(design: Design, prefix: str) -> list[tuple[str, str, str, str, str]]:
    """(part name, svg, dxf, pdf share, manifest entry) hashes of every part of ``design`` whose
    name starts with ``prefix``."""
    layout = layout_for(design)
    rows = []
    for job in part_jobs(design):
        if not job.name.startswith(prefix):
            continue
        part = prepare_part(job.run(design, layout), design.kerf_mm)
        svg = PART_WRITERS["svg"](part, design)
        dxf = PART_WRITERS["dxf"](part, design)
        share = pdf_part(part, design)
        pdf = b"" if share is None else repr(share.plan).encode() + share.drawing
        entry = {
            "center_mm": [round(part.center_mm[0], 6), round(part.center_mm[1], 6)],
            "size_mm": [round(part.width_mm, 6), round(part.height_mm, 6)],
            **part.meta,
        }
        manifest = json.dumps(entry, indent=2, ensure_ascii=False, sort_keys=True).encode()
        rows.append((job.name, short(svg), short(dxf), short(pdf), short(manifest)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="every third latitude only")
    args = parser.parse_args()
    lats = LATITUDES[::3] if args.quick else LATITUDES
    for name, extra in VARIANTS.items():
        for lat in lats:
            design = dataclasses.replace(Design(latitude_deg=lat, epoch=2026.0), **extra).validate()
            for row in plate_hashes(design):
                print(name, f"{lat:+.2f}", *row)
            sys.stdout.flush()


if __name__ == "__main__":
    main()
