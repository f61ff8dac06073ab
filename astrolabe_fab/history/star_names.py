"""Medieval names of the rete's stars, in the Latinised Arabic forms of European astrolabes.

The rete engraves one name per star; with ``--star-names medieval`` it is the name below, keyed
by the catalogue's (IAU) name, and the star's own name where the table has none (stars that
medieval European tables did not carry, e.g. Acrux). ``display_names`` is the one mapping the
rete asks for.

Sources, by the key in each entry:
- ``chaucer``: Chaucer's own spellings in the Treatise (Skeat's text): Aldeberan and Algomeyse
  in Part I §21 (stars south of the ecliptic and north of the equator), Alhabor (Sirius) in
  Part II §3; see also J. de Weever, *Chaucer Name Dictionary* (1988), s.v. Algomeyse,
  Alhabor.
- ``latin-arabic``: the Latin forms of the Arabic names found on European astrolabes and in the
  Latin astrolabe star tables of the 10th-14th centuries studied by P. Kunitzsch (*Arabische
  Sternnamen in Europa*, 1959; *Typen von Sternverzeichnissen in astronomischen Handschriften
  des zehnten bis vierzehnten Jahrhunderts*, 1966; *The Arabs and the Stars*, 1989). I. Ridpath
  (*Star Tales*, "Star names on astrolabes") reads Alhabor, Alhaiot, Alramek, Azimech, Alfeta,
  Mirac and Sceat on an Italian astrolabe of about 1500; R. H. Allen (*Star Names: Their Lore
  and Meaning*, 1899) gives the forms of the Latin Alfonsine Tables (e.g. Algomeysa).
- ``latin``: the classical Latin name, in use through the Middle Ages.
The Arabic original is given with each Latinised name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class MedievalName:
    """A star's medieval name, the Arabic it comes from (or a gloss) and the source key."""

    name: str
    origin: str
    source: str


#: IAU name -> medieval name (module doc for the sources).
MEDIEVAL_NAMES: dict[str, MedievalName] = {
    "Alpheratz": MedievalName("Alpheraz", "al-faras, the horse", "latin-arabic"),
    "Mirach": MedievalName("Mirach", "al-mi'zar, the girdle", "latin-arabic"),
    "Algol": MedievalName("Algol", "ra's al-ghul, the demon's head", "latin-arabic"),
    "Menkar": MedievalName("Menkar", "al-minkhar, the nostril (of the whale)", "latin-arabic"),
    "Diphda": MedievalName("Deneb Kaitos", "dhanab qaytus, the whale's tail", "latin-arabic"),
    "Aldebaran": MedievalName("Aldeberan", "al-dabaran, the follower", "chaucer"),
    "Capella": MedievalName("Alhaioth", "al-'ayyuq", "latin-arabic"),
    "Rigel": MedievalName("Rigel", "rijl al-jawza', the foot of al-Jawza'", "latin-arabic"),
    "Betelgeuse": MedievalName(
        "Bedalgeuze", "yad al-jawza', the hand of al-Jawza'", "latin-arabic"
    ),
    "Sirius": MedievalName("Alhabor", "al-'abur", "chaucer"),
    "Procyon": MedievalName("Algomeyse", "al-ghumaysa' (Latin Algomeisa)", "chaucer"),
    "Castor": MedievalName("Castor", "Castor, the first of the Twins", "latin"),
    "Pollux": MedievalName("Pollux", "Pollux, the second of the Twins", "latin"),
    "Alphard": MedievalName("Alphard", "al-fard, the solitary one", "latin-arabic"),
    "Regulus": MedievalName("Calbalazet", "qalb al-asad, the Lion's heart", "latin-arabic"),
    "Denebola": MedievalName("Deneb Alezet", "dhanab al-asad, the Lion's tail", "latin-arabic"),
    "Dubhe": MedievalName("Dubhe", "al-dubb, the bear", "latin-arabic"),
    "Alkaid": MedievalName("Benenaz", "banat na'sh, the daughters of the bier", "latin-arabic"),
    "Vindemiatrix": MedievalName("Vindemiatrix", "the grape-gatherer", "latin"),
    "Gienah": MedievalName("Algorab", "al-ghurab, the crow", "latin-arabic"),
    "Spica": MedievalName("Azimech", "al-simak al-a'zal, the unarmed simak", "latin-arabic"),
    "Arcturus": MedievalName(
        "Alramech", "al-simak al-ramih, the simak with the lance", "latin-arabic"
    ),
    "Alphecca": MedievalName("Alpheta", "al-fakka, the broken ring", "latin-arabic"),
    "Antares": MedievalName("Calbalacrab", "qalb al-'aqrab, the Scorpion's heart", "latin-arabic"),
    "Rasalhague": MedievalName(
        "Rasalhague", "ra's al-hawwa', the serpent-charmer's head", "latin-arabic"
    ),
    "Vega": MedievalName("Wega", "al-(nasr al-)waqi', the falling (eagle)", "latin-arabic"),
    "Altair": MedievalName("Altair", "al-(nasr al-)ta'ir, the flying (eagle)", "latin-arabic"),
    "Deneb": MedievalName("Arided", "al-ridf, the follower", "latin-arabic"),
    "Enif": MedievalName("Enif", "anf al-faras, the horse's nose", "latin-arabic"),
    "Markab": MedievalName("Markab", "mankib al-faras, the horse's shoulder", "latin-arabic"),
    "Scheat": MedievalName("Scheat", "al-saq, the leg", "latin-arabic"),
    "Fomalhaut": MedievalName("Fomalhaut", "fam al-hut, the fish's mouth", "latin-arabic"),
    "Elnath": MedievalName("Alnath", "al-nath, the butting one", "latin-arabic"),
    "Alioth": MedievalName("Alioth", "in the Bear's tail (origin uncertain)", "latin-arabic"),
    "Canopus": MedievalName("Suhel", "suhayl", "latin-arabic"),
    "Achernar": MedievalName("Acharnahar", "akhir al-nahr, the river's end", "latin-arabic"),
    "Polaris": MedievalName("Alrucaba", "al-rukkaba", "latin-arabic"),
    "Alhena": MedievalName("Alhena", "al-han'a, the brand", "latin-arabic"),
    "Rasalgethi": MedievalName("Rasalgeti", "ra's al-jathi, the kneeler's head", "latin-arabic"),
}

STAR_NAME_STYLES: tuple[str, ...] = ("modern", "medieval")


def medieval_name(name: str) -> str:
    """The medieval name of a star (its own name when the table has none)."""
    entry = MEDIEVAL_NAMES.get(name)
    return entry.name if entry is not None else name


def display_names(style: str) -> Mapping[str, str] | None:
    """The rete's name mapping for a ``--star-names`` style: None (the stars' own names) for
    modern, the medieval table for medieval."""
    if style == "medieval":
        return {key: entry.name for key, entry in MEDIEVAL_NAMES.items()}
    return None


def name_record(name: str) -> dict[str, str]:
    """The manifest's record of a star's names: modern, medieval, the Arabic and the source."""
    entry = MEDIEVAL_NAMES.get(name)
    record = {"modern": name, "medieval": entry.name if entry is not None else name}
    if entry is not None:
        record["origin"] = entry.origin
        record["source"] = entry.source
    return record
