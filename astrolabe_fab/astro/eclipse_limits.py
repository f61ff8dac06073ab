"""The ecliptic limits engraved on the dragon, with their sources.

An eclipse needs a new moon (solar) or a full moon (lunar) while the Sun is close to one of
the Moon's nodes. An *ecliptic limit* is the Sun's greatest distance in longitude from the
node at that syzygy for which an eclipse can still happen. It depends on the distances of the
Sun and Moon, so there are two of each:
- the **major** limit: beyond it no eclipse is possible;
- the **minor** limit: within it an eclipse is certain.

Values engraved (degrees):

==============================  =====  =====
                                minor  major
==============================  =====  =====
solar (partial or more)          15.4   18.5
lunar, umbral (partial, total)    9.5   12.2
==============================  =====  =====

Sources:
- The classical values are solar 15°21' and 18°31', lunar 9°30' and 12°15'. They are
  tabulated in the textbooks of the 19th and 20th centuries, e.g. C. A. Young, "General
  Astronomy", and W. M. Smart, "Textbook on Spherical Astronomy", ch. on eclipses; those
  books were not at hand here. Two texts that were: the Oxford "Dictionary of Astronomy"
  (entry "ecliptic limits") gives the major limits as 18.4° (partial solar) and 12.2°
  (partial lunar), and a popular eclipse text gives 9.5° and 12.25° as the partial lunar
  limits (astronomyclub.xyz, "The ecliptic limits for lunar eclipses").
- Meeus, "Astronomical Algorithms" (2nd ed., 1998), ch. 54, screens syzygies in another way.
  He uses the Moon's *mean* argument of latitude F at the *mean* syzygy: an eclipse is certain
  within 13.9° of a node and impossible beyond 21.0° (|sin F| > 0.36), and the same screen
  serves lunar eclipses, penumbral ones included. His figures are wider because they must
  also absorb the Sun's and the Moon's inequalities. The dragon does not need that margin:
  the calendar ring gives the true Sun. Meeus's "Mathematical Astronomy Morsels" was not
  consulted.

Penumbral lunar eclipses are **not** covered by the lunar limits. They reach about 18.6°
from the node, close to the solar major limit. An eclipse inside the solar arcs at full moon
may be a faint penumbral one.

Checked against astronomy-engine (``tests/astro/test_eclipse_limits.py`` checks 1950-2050),
measuring the Sun's true longitude minus the *mean* node, as on the instrument, at every
syzygy from 1900 to 2100:
- solar eclipses reach 18.07° and umbral lunar eclipses 11.94°, so the major limits hold
  with 0.4° and 0.3° to spare;
- new moons without an eclipse stay beyond 16.6° and full moons without an umbral eclipse
  beyond 10.45°, so the minor limits hold with 1.2° and 0.95° to spare;
- penumbral lunar eclipses reach 18.57°.

The *true* node swings up to 1.7° about the mean one. So why does the mean node do this
well? Near a syzygy close to a node, the main term of that swing, -1.4979° sin 2(D - F), is
small: D is 0 or 180° there and F is near 0 or 180°.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EclipseLimit:
    """One kind of limit: name, minor and major half-widths (degrees from the node)."""

    kind: str  # "solar" or "lunar"
    minor_deg: float
    major_deg: float
    covers: str


SOLAR = EclipseLimit("solar", 15.4, 18.5, "every solar eclipse: partial, annular or total")
LUNAR = EclipseLimit(
    "lunar", 9.5, 12.2, "umbral lunar eclipses (partial or total); not penumbral ones"
)
LIMITS: tuple[EclipseLimit, ...] = (SOLAR, LUNAR)

#: The Sun's mean motion relative to the mean node, degrees per day: 360 degrees per eclipse
#: year of 346.620 days (Meeus, "Astronomical Algorithms", ch. 54 and the node's regression).
SUN_FROM_NODE_DEG_PER_DAY = 360.0 / 346.620


def limits_manifest() -> dict[str, dict[str, float | str]]:
    """The limits as recorded in manifest.json."""
    return {
        lim.kind: {"minor_deg": lim.minor_deg, "major_deg": lim.major_deg, "covers": lim.covers}
        for lim in LIMITS
    }
