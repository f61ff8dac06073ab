"""The Latin words of the Treatise's plate: ORIENS and OCCIDENS on the east-west line and
CREPUSCULUM on the twilight line (``latin_labels``); placed with the plate's numbers
(``plate_labels``).

Chaucer, Treatise on the Astrolabe, Part I §5 and Skeat's note: "The Est lyne is marked with
the word Oriens; the West lyne, with Occidens"; Part I §18-19 name the plate's lines, among them
the line of twilight, the "crepusculum", drawn 18 degrees below the horizon (medieval
astronomy's depression of the Sun at the end of dusk). East is on the viewer's left in the north
(SPEC §1; the Treatise, I §6: the instrument's right, east, side is toward the viewer's left),
on the right in the south.
"""

from __future__ import annotations

#: Depression of the twilight line named CREPUSCULUM, degrees.
CREPUSCULUM_DEPRESSION_DEG = 18.0
#: Free room round a word, mm, so that it does not run into a number (where there is none
#: that wide, the place farthest from the numbers; ``plate_labels.place_line_names``).
CLEAR_MM = 3.0


def twilight_text(depression_deg: float, latin: bool) -> str:
    """CREPUSCULUM for the 18 degree line when the Latin words are asked for, else '−18°'."""
    if latin and depression_deg == CREPUSCULUM_DEPRESSION_DEG:
        return "CREPUSCULUM"
    return f"{-depression_deg:g}°".replace("-", "\u2212")
