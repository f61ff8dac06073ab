"""The 24 hour letters of the Treatise's limb: a cross at noon, then A to Z without J, U, W.

Source: Chaucer, Treatise on the Astrolabe, Part II §3 (Skeat's text): on 12 March 1391 the
label's point stood "in the bordure upon a capital lettre that is clepid an X. Tho rekned I alle
the capitale lettres fro the lyne of mydnight unto this forseide lettre X, and fond that it was
9 of the clokke of the day." With the 23 letters of the medieval Latin alphabet (no J, U, W) and
the cross (+) the limb has 24 marks, one per equal hour. X is the 21st letter; counting N O P
Q R S T V X from the midnight line gives 9, so M stands at midnight, A one hour after noon and
the cross on the noon line, the "south lyne" under the ring (Part I §4). Skeat's plates agree:
fig. 11 (II §3, first part) has the first point of Aries "opposite X; 9 a.m.", fig. 12 (second
part) "near H; 8h. 8m. p.m." (H, the 8th letter, at 8 p.m.).
Letter k (cross = 0) therefore marks apparent solar time 12 h + k (mod 24), and the letters run
round the limb in the Sun's daily sense.
"""

from __future__ import annotations

#: The limb's labels from the noon line in the Sun's sense: "+", "A", ..., "Z" (24 in all).
HOUR_LETTERS: tuple[str, ...] = ("+", *"ABCDEFGHIKLMNOPQRSTVXYZ")


def hour_of_letter(index: int) -> int:
    """Apparent solar time (h, 0-23) marked by the limb's label ``index`` (0 = the cross)."""
    return (12 + index) % 24


def letter_of_hour(hour: int) -> str:
    """The Treatise's label of the whole hour ``hour`` (0-23): 12 -> '+', 9 -> 'X', 0 -> 'M'."""
    return HOUR_LETTERS[(hour - 12) % 24]
