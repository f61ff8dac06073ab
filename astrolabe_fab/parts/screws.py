"""Pivot screws: the clearance-hole diameter of the screw (or pin) the instrument turns on.

Normal ("medium") fit clearance diameters:
- metric: ISO 273:1979 "Fasteners - Clearance holes for bolts and screws", medium series
  (M4 -> 4.5 mm, M5 -> 5.5 mm);
- inch: ASME B18.2.8-1999 (R2017) "Clearance Holes for Bolts, Screws, and Studs", normal fit
  (#6 -> 0.1495 in = #25 drill, 1/4 -> 0.2812 in = 9/32 drill).
"""

from __future__ import annotations

import math

from ..errors import InputError

MM_PER_INCH = 25.4

#: Normal-fit clearance hole diameter in mm for each named pivot screw.
PIVOT_CLEARANCE_MM: dict[str, float] = {
    "m4": 4.5,  # ISO 273 medium
    "m5": 5.5,  # ISO 273 medium
    "6-32": round(0.1495 * MM_PER_INCH, 3),  # ASME B18.2.8 normal fit, #25 drill: 3.797 mm
    "1/4-20": round(0.28125 * MM_PER_INCH, 3),  # ASME B18.2.8 normal fit, 9/32 drill: 7.144 mm
}

#: Range of a pivot hole given directly as a diameter, mm.
PIVOT_MIN_MM = 1.0
PIVOT_MAX_MM = 20.0


def pivot_clearance_mm(screw: str) -> float:
    """Clearance diameter (mm) for a named screw ``m4|m5|6-32|1/4-20`` or a diameter in mm."""
    key = screw.strip().lower().replace(" ", "")
    if key in PIVOT_CLEARANCE_MM:
        return PIVOT_CLEARANCE_MM[key]
    try:
        value = float(key.removesuffix("mm"))
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not PIVOT_MIN_MM <= value <= PIVOT_MAX_MM:
        names = "|".join(PIVOT_CLEARANCE_MM)
        raise InputError(
            f"pivot {screw!r} is not known: give {names} or a hole diameter from "
            f"{PIVOT_MIN_MM:g} to {PIVOT_MAX_MM:g} mm"
        )
    return value


def pivot_name(screw: str) -> str | None:
    """The canonical screw name, or None when ``screw`` is a plain diameter."""
    key = screw.strip().lower().replace(" ", "")
    return key if key in PIVOT_CLEARANCE_MM else None
