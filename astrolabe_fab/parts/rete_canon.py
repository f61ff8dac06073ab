"""The canon: the stars people expect on an astrolabe's rete, and the names engraved for them.

Sources followed (names are the IAU names of ``data/stars.csv``):

- P. Kunitzsch, *Typen von Sternverzeichnissen in astronomischen Handschriften des zehnten bis
  vierzehnten Jahrhunderts* (Wiesbaden, 1966) and *The Astrolabe Stars of al-Sufi* / his
  papers on the "Older Type" astrolabe star table (reprinted in *The Arabs and the Stars*,
  Variorum, 1989): the Latin astrolabe star tables of the 10th-14th centuries, whose common
  core is the list below (Alpheratz, Mirach, Algol, Menkar, Aldebaran, Capella, Rigel,
  Betelgeuse, Sirius, Procyon, the Twins, Alphard, Regulus, Denebola, the Great Bear's
  Dubhe and Alkaid, Vindemiatrix, Spica, Arcturus, Alphecca, Antares, Rasalhague, Vega,
  Altair, Deneb, Enif, Markab, Scheat, Fomalhaut, Deneb Kaitos (Diphda), the Crow).
- R. T. Gunther, *The Astrolabes of the World* (Oxford, 1932) and D. J. Price, *An
  International Checklist of Astrolabes* (Archives internationales d'histoire des sciences,
  1955), whose star tables of surviving European retes show the same core on the 14th-15th
  century "Chaucerian" instruments (e.g. the British Museum's Sloane astrolabe and the Museum
  of the History of Science, Oxford, inv. 49359, with its bird for Vega, dog's head for
  Sirius and dragon's head for Antares).
- For southern instruments, which the medieval tables never had: the four stars every
  southern planisphere carries (Acrux, Canopus, Achernar, alpha Centauri = Rigil Kentaurus).

On top of the canon every star brighter than ``ALWAYS_BRIGHTER_THAN`` (V < 1.6) is always
wanted. Whether a wanted star is shown depends only on whether it lies within the rete's reach.

Display names: the rete engraves ``display_name(name)``; the default is the IAU name. A
design with period names (issue 15, Chaucer's astrolabe) passes its own mapping
(``DisplayNames``) and nothing else changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..astro.stars import Star, load_catalogue

#: Every star brighter than this V magnitude that the rete can reach is always on it.
ALWAYS_BRIGHTER_THAN = 1.6

#: The traditional astrolabe stars (Kunitzsch's Latin tables, Gunther, Price), IAU names.
CANON_NORTH: tuple[str, ...] = (
    "Alpheratz",
    "Mirach",
    "Algol",
    "Menkar",
    "Diphda",
    "Aldebaran",
    "Capella",
    "Rigel",
    "Betelgeuse",
    "Sirius",
    "Procyon",
    "Castor",
    "Pollux",
    "Alphard",
    "Regulus",
    "Denebola",
    "Dubhe",
    "Alkaid",
    "Vindemiatrix",
    "Gienah",
    "Spica",
    "Arcturus",
    "Alphecca",
    "Antares",
    "Rasalhague",
    "Vega",
    "Altair",
    "Deneb",
    "Enif",
    "Markab",
    "Scheat",
    "Fomalhaut",
)

#: Southern additions: the stars every southern planisphere carries.
CANON_SOUTH: tuple[str, ...] = ("Acrux", "Canopus", "Achernar", "Rigil Kentaurus")

#: Star name -> engraved name.
DisplayNames = Mapping[str, str]


def canon_names() -> tuple[str, ...]:
    """The canon (north and south together): the rete shows those it can reach."""
    return CANON_NORTH + CANON_SOUTH


def canon_stars() -> list[Star]:
    """The canon's stars and every catalogue star brighter than ALWAYS_BRIGHTER_THAN."""
    wanted = set(canon_names())
    return [
        s
        for s in load_catalogue()
        if s.name in wanted or (s.vmag is not None and s.vmag < ALWAYS_BRIGHTER_THAN)
    ]


def display_name(name: str, names: DisplayNames | None = None) -> str:
    """The name engraved for a star: from ``names`` when it has one, else the star's name."""
    if names is None:
        return name
    return names.get(name, name)


def ordered(stars: list[Star], required: frozenset[str]) -> list[Star]:
    """Canon stars first, then the others; brightest first within each (ties by name)."""
    return sorted(stars, key=lambda s: (s.name not in required, *_brightness_key(s)))


def choose_stars(chosen: list[Star], explicit: bool, max_mag: float | None) -> StarChoice:
    """The rete's stars: an explicit list (``--stars``) is taken as it is; otherwise the canon
    (cut at ``max_mag`` when given) plus the catalogue's stars brighter than ``max_mag``."""
    if explicit:
        return StarChoice(ordered(chosen, frozenset()), frozenset())
    canon = [s for s in canon_stars() if max_mag is None or (s.vmag or 99.0) <= max_mag]
    required = frozenset(s.name for s in canon)
    names = {s.name for s in chosen}
    merged = chosen + [s for s in canon if s.name not in names]
    return StarChoice(ordered(merged, required), required)


@dataclass(frozen=True)
class StarChoice:
    """The stars to place, in placing order, and those of the canon (never left out while
    they lie within reach)."""

    stars: list[Star]
    required: frozenset[str]


def _brightness_key(star: Star) -> tuple[float, str]:
    return (star.vmag if star.vmag is not None else 99.0, star.name)
