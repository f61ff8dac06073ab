# ruff: noqa: E501  (the docstring holds the README table, one row per line)
"""Layer colours for laser programs (``--palette``; SPEC §3 default look is ``lightburn``).

Each palette gives every SPEC layer an RGB colour (SVG) and an AutoCAD Colour Index (DXF, all
entities BYLAYER). The colours follow the import rules of each program or shop as far as they are
documented (research note §1.1: LightBurn layers by colour; Glowforge steps by colour, filled =
engrave; xTool Creative Space cut/score/engrave per object, engrave before score before cut;
Epilog/ULS print driver red hairline = vector cut, black fill = raster; Ponoko blue = cut,
red = vector engrave, black = raster). ENGRAVE is always a black *fill* with no stroke, so every
program that tells raster from vector by fill treats it as an engrave.

What each layer becomes (this table is copied to the README):

| palette | ENGRAVE | SCORE | CUT_INNER | CUT_OUTER | GUIDE |
|---|---|---|---|---|---|
| ``lightburn`` (default) | black fill #000000 = layer 00, set it to Fill | blue #0000FF = layer 01, Line at low power | green #00A000 = layer 11, Line, cut power; put it above CUT_OUTER in the Cuts list | red #FF0000 = layer 02, Line, cut power | grey #A0A0A0: turn its Output off |
| ``glowforge`` | black fill: an Engrave step | blue #0000FF: set the step to Score | green #00A000: Cut step, run it first | red #FF0000: Cut step, run it last | grey #A0A0A0: set the step to Ignore |
| ``xtool`` | black fill: Engrave (fill) | blue #0000FF: Score | green #00A000: Cut (auto-planning cuts inside first) | red #FF0000: Cut | grey #A0A0A0: set to Ignore/hide |
| ``epilog`` | black fill: raster engrave | blue #0000FF: vector, score speed/power by colour mapping | green #00FF00: vector cut (drawn before the outline) | red #FF0000: vector cut | grey #A0A0A0: omit or disable in colour mapping |
| ``ponoko`` | black fill: raster engrave | red #FF0000: vector engrave | blue #0000FF: cut | blue #0000FF: cut | grey #A0A0A0: delete the GUIDE layer before upload |
| ``mono`` | black fill | black lines | black lines | black lines | black lines: layers are told apart by name only (Inkscape/vpype/CAD) |

DXF layers carry the very RGB colour of the SVG as a true colour (group 420), and the nearest
ACI for programs that read only that (group 62), in SPEC layer order ENGRAVE, SCORE, CUT_INNER,
CUT_OUTER, GUIDE: lightburn/glowforge/xtool/epilog 7, 5, 3, 1, 8; ponoko 7, 1, 5, 5, 8; mono
7, 7, 7, 7, 7.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError


@dataclass(frozen=True)
class Palette:
    """Colour of each layer (hex RGB) and its DXF ACI colour (ENGRAVE..GUIDE order)."""

    name: str
    engrave: str
    score: str
    cut_inner: str
    cut_outer: str
    guide: str
    aci: tuple[int, int, int, int, int] = (7, 5, 3, 1, 8)

    def colour(self, layer: str) -> str:
        return getattr(self, layer.lower())

    def aci_of(self, layer: str) -> int:
        """DXF AutoCAD Colour Index of a SPEC layer."""
        order = ("ENGRAVE", "SCORE", "CUT_INNER", "CUT_OUTER", "GUIDE")
        return self.aci[order.index(layer)]


PALETTES: dict[str, Palette] = {
    "lightburn": Palette("lightburn", "#000000", "#0000FF", "#00A000", "#FF0000", "#A0A0A0"),
    "glowforge": Palette("glowforge", "#000000", "#0000FF", "#00A000", "#FF0000", "#A0A0A0"),
    "xtool": Palette("xtool", "#000000", "#0000FF", "#00A000", "#FF0000", "#A0A0A0"),
    "epilog": Palette("epilog", "#000000", "#0000FF", "#00FF00", "#FF0000", "#A0A0A0"),
    "ponoko": Palette(
        "ponoko", "#000000", "#FF0000", "#0000FF", "#0000FF", "#A0A0A0", aci=(7, 1, 5, 5, 8)
    ),
    "mono": Palette(
        "mono", "#000000", "#000000", "#000000", "#000000", "#000000", aci=(7, 7, 7, 7, 7)
    ),
}

#: Paper and preview look: black on white (SPEC §3 layers stay separate groups).
PAPER = Palette("paper", "#000000", "#000000", "#000000", "#000000", "#808080", aci=(7, 7, 7, 7, 8))


def palette(name: str) -> Palette:
    try:
        return PALETTES[name]
    except KeyError:
        raise InputError(f"unknown palette {name!r}: choose one of {', '.join(PALETTES)}") from None
