"""The Latin words of the Treatise's plate: ORIENS and OCCIDENS on the east-west line and
CREPUSCULUM on the twilight line (``latin_labels``).

Chaucer, Treatise on the Astrolabe, Part I §5 and Skeat's note: "The Est lyne is marked with
the word Oriens; the West lyne, with Occidens"; Part I §18-19 name the plate's lines, among them
the line of twilight, the "crepusculum", drawn 18 degrees below the horizon (medieval
astronomy's depression of the Sun at the end of dusk). East is on the viewer's left in the north
(SPEC §1; the Treatise, I §6: the instrument's right, east, side is toward the viewer's left),
on the right in the south.
"""

from __future__ import annotations

from ..geometry.primitives import Point
from ..text import text_width_mm
from .labels import Labels

#: Depression of the twilight line named CREPUSCULUM, degrees.
CREPUSCULUM_DEPRESSION_DEG = 18.0
#: Where the words are tried along the east-west line, in limit radii from the pivot.
_ALONG = tuple(0.9 - 0.025 * k for k in range(31))
#: Free room round a word beyond its half-width, mm, so that it does not run into a number;
#: where there is none that wide, the least.
CLEAR_MM = 3.0
LEAST_CLEAR_MM = 0.8


def place_line_names(
    labels: Labels, center: Point, limit_r_mm: float, hemisphere: str
) -> dict[str, bool]:
    """ORIENS on the east half of the east-west line, OCCIDENS on the west half, each at the
    first place from near the limit inwards with ``CLEAR_MM`` free round it, centred on the line
    (which is then broken around it). Returns which found room."""
    cx, cy = center
    east = -1.0 if hemisphere == "north" else 1.0
    placed = {}
    for word, side in (("ORIENS", east), ("OCCIDENS", -east)):
        placed[word] = any(
            _place_on_line(labels, word, (cx + side * f * limit_r_mm, cy), clear, limit_r_mm, cx)
            for clear in (CLEAR_MM, LEAST_CLEAR_MM)
            for f in _ALONG
        )
    return placed


def _place_on_line(
    labels: Labels, word: str, anchor: Point, clear_mm: float, limit_r_mm: float, cx: float
) -> bool:
    """Place the word at ``anchor`` if it and ``clear_mm`` round it are free and inside."""
    cap = labels.cap_height_mm
    reach = text_width_mm(word, cap) / 2.0 + clear_mm
    if abs(anchor[0] - cx) + reach > limit_r_mm or not labels.fits(anchor, reach):
        return False
    return labels.place(word, anchor) is not None


def twilight_text(depression_deg: float, latin: bool) -> str:
    """CREPUSCULUM for the 18 degree line when the Latin words are asked for, else '−18°'."""
    if latin and depression_deg == CREPUSCULUM_DEPRESSION_DEG:
        return "CREPUSCULUM"
    return f"{-depression_deg:g}°".replace("-", "\u2212")
