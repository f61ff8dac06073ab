"""The feasts marked on the Treatise's calendar, with their dates (Julian, as the calendar is).

Source: Chaucer, Treatise on the Astrolabe, Part I §11: next the circle of the days come "the
names of the halydayes in the kalender, and the lettres of the A B C on whiche thei fallen".
Skeat's note on I §11 (Chaucer's Works, vol. III, commentary; from the figures of the Cambridge
Univ. Dd. 3. 53 and Trinity MSS.): "The festivals marked are those of St. Paul (Jan. 25), The
Purification (Feb. 2), The Annunciation (Mar. 25), The Invention of the Holy Cross (May 3),
St. John the Baptist (June 24), St. James (July 25), St. Lawrence (Aug. 10), The Nativity of the
Blessed Virgin (Sept. 8), St. Luke (Oct. 18), St. Martin of Tours (Nov. 11), and St. Thomas
(Dec. 21)." St. Paul's feast of 25 January is his Conversion. Every one is a fixed feast of the
Roman and Sarum calendars, so its day does not change from year to year.

The engraved forms are the Latin genitives of medieval calendars (Conversio S. Pauli, ...),
shortened to fit the ring, in capitals with I for J and V for U as the period wrote them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Feast:
    """A fixed feast: English name (Skeat's note), engraved Latin form, month and day."""

    name: str
    engraved: str
    month: int
    day: int

    @property
    def date_text(self) -> str:
        """'01-25'."""
        return f"{self.month:02d}-{self.day:02d}"


#: Skeat's list (note on Part I §11), in calendar order.
TREATISE_FEASTS: tuple[Feast, ...] = (
    Feast("Conversion of St Paul", "PAVLI", 1, 25),
    Feast("Purification of the Virgin", "PVRIFICACIO", 2, 2),
    Feast("Annunciation", "ANNVNCIACIO", 3, 25),
    Feast("Invention of the Holy Cross", "INVENCIO CRVCIS", 5, 3),
    Feast("Nativity of St John the Baptist", "IOH. BAPTISTE", 6, 24),
    Feast("St James", "IACOBI", 7, 25),
    Feast("St Lawrence", "LAVRENCII", 8, 10),
    Feast("Nativity of the Virgin", "NAT. MARIE", 9, 8),
    Feast("St Luke", "LVCE", 10, 18),
    Feast("St Martin of Tours", "MARTINI", 11, 11),
    Feast("St Thomas the Apostle", "THOME", 12, 21),
)
