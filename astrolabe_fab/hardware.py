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
    pitch_mm: float  #: coarse thread pitch (ISO 261; UNC 32 and 20 threads per inch)
    nut_mm: float  #: hex nut height (ISO 4032 m max; ASME B18.2.2 machine screw / finished nut)
    washer_mm: float  #: plain washer thickness (ISO 7089 h; ASME B18.21.1 SAE narrow)
    washer_od_mm: float  #: its outer diameter

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
    Screw("m2", "M2", "an", 2.0, 2.2, 2.4, True, 0.4, 1.6, 0.3, 5.0),
    Screw("m2.5", "M2.5", "an", 2.5, 2.7, 2.9, True, 0.45, 2.0, 0.5, 6.0),
    Screw("m3", "M3", "an", 3.0, 3.2, 3.4, True, 0.5, 2.4, 0.5, 7.0),
    Screw("m4", "M4", "an", 4.0, 4.3, 4.5, True, 0.7, 3.2, 0.8, 9.0),
    Screw("m5", "M5", "an", 5.0, 5.3, 5.5, True, 0.8, 4.7, 1.0, 10.0),
    Screw("m6", "M6", "an", 6.0, 6.4, 6.6, True, 1.0, 5.2, 1.6, 12.0),
    Screw("m8", "M8", "an", 8.0, 8.4, 9.0, True, 1.25, 6.8, 1.6, 16.0),
    Screw("m10", "M10", "an", 10.0, 10.5, 11.0, True, 1.5, 8.4, 2.0, 20.0),
    Screw("m12", "M12", "an", 12.0, 13.0, 13.5, True, 1.75, 10.8, 2.5, 24.0),
    # #6 thread 0.138 in; holes #27 drill (close) and #25 drill (normal); nut 7/64 in high;
    # SAE washer 0.049 in thick, 3/8 in across
    Screw(
        "6-32", "#6-32", "a", _inch(0.138), _inch(0.1440), _inch(0.1495), False,
        _inch(1 / 32), _inch(7 / 64), _inch(0.049), _inch(0.375),
    ),
    # 1/4 thread 0.25 in; holes F drill (close) and 9/32 drill (normal); nut 7/32 in high;
    # SAE washer 0.065 in thick, 5/8 in across
    Screw(
        "1/4-20", "1/4-20", "a", _inch(0.25), _inch(0.2570), _inch(0.28125), False,
        _inch(1 / 20), _inch(7 / 32), _inch(0.065), _inch(0.625),
    ),
)  # fmt: skip

#: Nominal screw lengths sold, mm (ISO 888 preferred lengths, from 4 to 120 mm) ...
METRIC_LENGTHS_MM = (4, 5, 6, 8, 10, 12, 14, 16, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 80,
                     90, 100, 110, 120)  # fmt: skip
#: ... and inches (ASME B18.6.3 machine screws: 1/8 in steps to 1 in, then 1/4 in steps).
INCH_LENGTHS_IN = (0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1.0, 1.25, 1.5, 1.75, 2.0, 2.25, 2.5,
                   2.75, 3.0, 3.5, 4.0)  # fmt: skip
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
            "with two washers and a nyloc or wing nut (lengths: the hardware list)"
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


# --------------------------------------------------------------------------- hardware list


@dataclass(frozen=True)
class HardwareItem:
    """One line of the hardware list: how many of what, and its size in words."""

    count: int
    what: str
    size: str

    def words(self) -> str:
        return f"{self.count} x {self.what}, {self.size}"


@dataclass(frozen=True)
class Hardware:
    """What to buy to put the instrument together, for a pivot stack ``stack_mm`` thick."""

    stack_mm: float
    screw_length_mm: float | None
    items: tuple[HardwareItem, ...]
    how: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "stack_mm": round(self.stack_mm, 3),
            "screw_length_mm": self.screw_length_mm,
            "items": [
                {"count": i.count, "what": i.what, "size": i.size, "text": i.words()}
                for i in self.items
            ],
            "how": self.how,
        }


def _fmt_in(inches: float) -> str:
    """0.625 -> '5/8 in', 1.25 -> '1 1/4 in' (eighths)."""
    whole, eighths = divmod(round(inches * 8), 8)
    if eighths == 0:
        return f"{whole} in"
    num, den = eighths, 8
    while num % 2 == 0:
        num, den = num // 2, den // 2
    return f"{f'{whole} ' if whole else ''}{num}/{den} in"


def screw_length(screw: Screw, stack_mm: float) -> tuple[float, str]:
    """The shortest length sold that passes the stack, two washers and the nut with two
    threads to spare: (mm, as the packet says it)."""
    need = stack_mm + 2.0 * screw.washer_mm + screw.nut_mm + 2.0 * screw.pitch_mm
    if screw.metric:
        mm = next((float(v) for v in METRIC_LENGTHS_MM if v >= need - 1e-9), math.ceil(need))
        return mm, f"{mm:g} mm"
    inch = next((v for v in INCH_LENGTHS_IN if v * MM_PER_INCH >= need - 1e-9), need / MM_PER_INCH)
    return round(inch * MM_PER_INCH, 3), _fmt_in(inch)


def _washer_size(s: Screw) -> str:
    """'M4, 9 mm across' or '#6, 3/8 in across'."""
    if s.metric:
        return f"{s.label}, {s.washer_od_mm:g} mm across"
    return f"{s.label.split('-')[0]}, {_fmt_in(s.washer_od_mm / MM_PER_INCH)} across"


def hardware_for(
    fastener: Fastener,
    stack_mm: float,
    pin: tuple[float, float] | None = None,
) -> Hardware:
    """The hardware list: the pivot screw (length for ``stack_mm``), its nut and two washers,
    or a Chicago screw of the stack's length; a pin (diameter, length mm) when the mater has
    one; a pin or rivet through the pivot when no screw fits the hole."""
    items: list[HardwareItem] = []
    length: float | None = None
    s = fastener.screw
    if s is None:
        items.append(
            HardwareItem(1, "pin or rivet", f"{fastener.hole_mm:g} mm, {stack_mm + 2.0:g} mm long")
        )
        how = f"the pivot stack is {stack_mm:g} mm; a pin 2 mm longer can be peened over"
    else:
        length, said = screw_length(s, stack_mm)
        items += [
            HardwareItem(1, "screw", f"{s.label} x {said}"),
            HardwareItem(1, "nut (nyloc or wing nut)", s.label),
            HardwareItem(2, "washer", _washer_size(s)),
        ]
        how = (
            f"pivot stack {stack_mm:g} mm + two washers ({s.washer_mm:g} mm each) + nut "
            f"({s.nut_mm:g} mm) + two threads ({s.pitch_mm:g} mm each), rounded up to "
            f"{'ISO 888' if s.metric else 'ASME B18.6.3'} lengths; or {s.article} {s.label} "
            f"Chicago screw whose post is at most the stack, {stack_mm:g} mm"
        )
    if pin is not None:
        items.append(HardwareItem(1, "registration pin", f"{pin[0]:g} mm x {pin[1]:g} mm long"))
    return Hardware(stack_mm, length, tuple(items), how)
