"""Hardware the instrument is put together with: the pivot screw, from one table read forwards.

Every screw the package knows is a row of ``SCREWS``: its thread, the hole it needs and the
standard the hole comes from. The design names a screw (``--pivot 6-32``) and gets its hole; a
hole given directly (``--pivot 4.2`` or ``pivot_diameter_mm``) gets the largest metric screw
that passes it (``fastener_for``). Clearance holes:

- metric: ISO 273:1979 "Fasteners - Clearance holes for bolts and screws": the pivot hole is the
  medium series (M4 -> 4.5 mm, M5 -> 5.5 mm); the fine series (M4 -> 4.3 mm) is the tightest
  hole a screw is made to pass, so it decides which screw fits a hole given directly;
- inch: ASME B18.2.8-1999 (R2017) "Clearance Holes for Bolts, Screws, and Studs": normal fit for
  the pivot hole (#6 -> 0.1495 in = #25 drill, 1/4 -> 0.2812 in = 9/32 drill), close fit as the
  tightest (#6 -> 0.1440 in = #27 drill, 1/4 -> 0.2570 in = F drill).

This module is a leaf (it imports only the error type), so ``design`` can read it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .errors import InputError

MM_PER_INCH = 25.4


@dataclass(frozen=True)
class Screw:
    """One screw size: what ``--pivot`` calls it, how it is sold, its thread and its holes."""

    key: str  #: the name ``--pivot`` accepts (lower case)
    label: str  #: the name on the packet: "M4", "#6-32", "1/4-20"
    article: str  #: "a" or "an", as the label is read aloud
    thread_mm: float  #: nominal major diameter
    tightest_hole_mm: float  #: ISO 273 fine / ASME close fit
    hole_mm: float  #: the pivot hole: ISO 273 medium / ASME normal fit
    metric: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.label,
            "thread_mm": self.thread_mm,
            "hole_mm": self.hole_mm,
            "standard": "ISO 273 medium" if self.metric else "ASME B18.2.8 normal fit",
        }


def _inch(x: float) -> float:
    return round(x * MM_PER_INCH, 3)


#: Every screw the package knows (ISO 273 fine / medium, ASME B18.2.8 close / normal).
SCREWS: tuple[Screw, ...] = (
    Screw("m2", "M2", "an", 2.0, 2.2, 2.4, True),
    Screw("m2.5", "M2.5", "an", 2.5, 2.7, 2.9, True),
    Screw("m3", "M3", "an", 3.0, 3.2, 3.4, True),
    Screw("m4", "M4", "an", 4.0, 4.3, 4.5, True),
    Screw("m5", "M5", "an", 5.0, 5.3, 5.5, True),
    Screw("m6", "M6", "an", 6.0, 6.4, 6.6, True),
    Screw("m8", "M8", "an", 8.0, 8.4, 9.0, True),
    Screw("m10", "M10", "an", 10.0, 10.5, 11.0, True),
    Screw("m12", "M12", "an", 12.0, 13.0, 13.5, True),
    # #6 thread 0.138 in; holes #27 drill (close) and #25 drill (normal)
    Screw("6-32", "#6-32", "a", _inch(0.138), _inch(0.1440), _inch(0.1495), False),
    # 1/4 thread 0.25 in; holes F drill (close) and 9/32 drill (normal)
    Screw("1/4-20", "1/4-20", "a", _inch(0.25), _inch(0.2570), _inch(0.28125), False),
)
SCREW_BY_KEY: dict[str, Screw] = {s.key: s for s in SCREWS}

#: Range of a pivot hole given directly as a diameter, mm.
PIVOT_MIN_MM = 1.0
PIVOT_MAX_MM = 20.0


def _key(screw: str) -> str:
    return screw.strip().lower().replace(" ", "")


def pivot_clearance_mm(screw: str) -> float:
    """The pivot hole (mm) for a named screw (``SCREWS`` keys) or a hole diameter in mm."""
    key = _key(screw)
    if key in SCREW_BY_KEY:
        return SCREW_BY_KEY[key].hole_mm
    try:
        value = float(key.removesuffix("mm"))
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not PIVOT_MIN_MM <= value <= PIVOT_MAX_MM:
        names = "|".join(SCREW_BY_KEY)
        raise InputError(
            f"pivot {screw!r} is not known: give {names} or a hole diameter from "
            f"{PIVOT_MIN_MM:g} to {PIVOT_MAX_MM:g} mm"
        )
    return value


def pivot_name(screw: str) -> str | None:
    """The canonical screw name, or None when ``screw`` is a plain diameter."""
    key = _key(screw)
    return key if key in SCREW_BY_KEY else None


@dataclass(frozen=True)
class Fastener:
    """What goes through the pivot holes: a screw from the table, or (for a hole too small for
    any) a pin; ``how`` says in one line why it is this one."""

    screw: Screw | None
    hole_mm: float
    how: str

    def words(self) -> str:
        """The fastener as the assembly text names it."""
        if self.screw is None:
            return f"a pin or rivet of {self.hole_mm:g} mm diameter"
        s = self.screw
        return (
            f"{s.article} {s.label} Chicago screw (binding post), or {s.article} {s.label} bolt "
            "with two washers and a wing nut; length = thickness of the stack + 3 mm"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "screw": self.screw.as_dict() if self.screw is not None else None,
            "hole_mm": self.hole_mm,
            "how": self.how,
            "text": self.words(),
        }


def fastener_for(pivot_screw: str | None, pivot_diameter_mm: float) -> Fastener:
    """The design's fastener: the named screw, else the largest metric screw whose tightest
    standard hole (ISO 273 fine) is no larger than the pivot hole, else a pin."""
    name = pivot_name(pivot_screw) if pivot_screw is not None else None
    if name is not None:
        screw = SCREW_BY_KEY[name]
        return Fastener(screw, screw.hole_mm, f"named by the design (--pivot {name})")
    fits = [s for s in SCREWS if s.metric and s.tightest_hole_mm <= pivot_diameter_mm + 1e-9]
    if not fits:
        smallest = SCREWS[0]
        return Fastener(
            None,
            pivot_diameter_mm,
            f"the {pivot_diameter_mm:g} mm hole is smaller than the tightest hole of an "
            f"{smallest.label} screw ({smallest.tightest_hole_mm:g} mm, ISO 273 fine)",
        )
    screw = max(fits, key=lambda s: s.thread_mm)
    return Fastener(
        screw,
        pivot_diameter_mm,
        f"the largest metric screw that passes the {pivot_diameter_mm:g} mm hole: its tightest "
        f"hole (ISO 273 fine) is {screw.tightest_hole_mm:g} mm",
    )
