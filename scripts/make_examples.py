"""Render the example PNGs in examples/ from a 38.9 N build, and both rete designs at 38.9 N
and 33.87 S (run after changing a part).

Run: python3 scripts/make_examples.py
"""

from __future__ import annotations

from pathlib import Path

from astrolabe_fab.build import instrument_parts
from astrolabe_fab.config import read_preset
from astrolabe_fab.design import Design
from astrolabe_fab.parts.layout import layout_for
from astrolabe_fab.parts.rete import rete_part
from astrolabe_fab.writers import part_to_png

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NAMES = {
    "mater-front": "mater-front-38.90N.png",
    "mater-back": "mater-back-38.90N.png",
    "plate-38.90N": "plate-38.90N.png",
    "rule": "rule.png",
    "alidade": "alidade.png",
    "dragon": "dragon.png",
}


def main() -> None:
    design = Design(38.9, epoch=2026.0).validate()
    for part in instrument_parts(design):
        if part.name in NAMES:
            (EXAMPLES / NAMES[part.name]).write_bytes(part_to_png(part, px_per_mm=6.0))
    transparent = design.replace(rete_style="transparent")
    for part in instrument_parts(transparent):
        if part.name == "rete":
            (EXAMPLES / "rete-transparent-38.90N.png").write_bytes(part_to_png(part, 6.0))
    classic = Design(51.75, epoch=2026.0, style="classic", dragon=True).validate()
    for part in instrument_parts(classic):
        if part.name == "dragon":
            (EXAMPLES / "dragon-classic.png").write_bytes(part_to_png(part, 6.0))
    for style in ("classic", "modern"):  # both rete designs, north and south (issue 14)
        for lat, tag in ((38.9, "38.90N"), (-33.87, "33.87S")):
            both = Design(lat, epoch=2026.0, style=style).validate()
            rete = rete_part(both, layout_for(both))
            (EXAMPLES / f"rete-{style}-{tag}.png").write_bytes(part_to_png(rete, 6.0))
    chaucer()
    print(f"wrote {len(NAMES) + 6 + len(CHAUCER)} PNGs to {EXAMPLES}")


#: The chaucer preset's faces (README, "Chaucer's astrolabe").
CHAUCER = {
    "mater-front": "chaucer-mater-front.png",
    "mater-back": "chaucer-mater-back.png",
    "plate-51.83N": "chaucer-plate-51.83N.png",
    "rete": "chaucer-rete.png",
}


def chaucer() -> None:
    """The instrument of Chaucer's Treatise (the chaucer preset)."""
    design = Design(**read_preset("chaucer")).validate()
    for part in instrument_parts(design):
        if part.name in CHAUCER:
            (EXAMPLES / CHAUCER[part.name]).write_bytes(part_to_png(part, px_per_mm=6.0))


if __name__ == "__main__":
    import sys

    chaucer() if sys.argv[1:] == ["chaucer"] else main()
