"""Layer colours for laser programs (SPEC §3 default look is ``lightburn``)."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError


@dataclass(frozen=True)
class Palette:
    """Colour of each layer (hex RGB) and its DXF ACI colour."""

    name: str
    engrave: str
    score: str
    cut_inner: str
    cut_outer: str
    guide: str
    aci: tuple[int, int, int, int, int] = (7, 5, 3, 1, 8)

    def colour(self, layer: str) -> str:
        return getattr(self, layer.lower())


PALETTES: dict[str, Palette] = {
    "lightburn": Palette("lightburn", "#000000", "#0000FF", "#00A000", "#FF0000", "#A0A0A0"),
}


def palette(name: str) -> Palette:
    try:
        return PALETTES[name]
    except KeyError:
        raise InputError(
            f"unknown palette {name!r}: choose one of {', '.join(sorted(PALETTES))}"
        ) from None
