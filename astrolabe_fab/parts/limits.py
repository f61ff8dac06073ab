"""Limits of a design that follow from the parts' geometry, checked before anything is drawn.

Text height. The rete's ecliptic band (calendar, degree scale and signs) is
``band_width_mm(h)`` wide inside the ecliptic circle, proportional to the label cap height h.
The ecliptic circle's point nearest the pivot lies on the near tropic (declination +eps on a
northern plate, -eps on a southern one), at r = Re tan((90 - eps) / 2) from it (SPEC §1).
While the band is narrower than that, its inner edge is a circle around the pivot; at that
width it reaches the pivot, and beyond it the band's inner radius (R - width) would be
smaller than the circle's offset from the pivot, or negative. So the cap height may be at
most r / band_width_mm(1).
"""

from __future__ import annotations

import math

from ..design import Design
from ..errors import InputError
from .layout import layout_for
from .rete_ecliptic import band_width_mm

MIN_TEXT_HEIGHT_MM = 0.8


def max_text_height_mm(design: Design) -> float:
    """Largest label cap height whose ecliptic band fits the rete (mm, rounded down to 0.1)."""
    layout = layout_for(design)
    near_tropic_mm = layout.equator_radius_mm * math.tan(
        math.radians(90.0 - layout.obliquity_deg) / 2.0
    )
    # band_width_mm is proportional to the cap height
    return math.floor(near_tropic_mm / band_width_mm(1.0, design.rete_calendar) * 10.0) / 10.0


def check_text_height(design: Design) -> None:
    """InputError when the labels are too tall for the rete of this diameter."""
    if design.text_height_mm is None:
        return
    limit = max_text_height_mm(design)
    if design.text_height_mm > limit:
        raise InputError(
            f"text height {design.text_height_mm:g} mm is too large for a "
            f"{design.diameter_mm:g} mm astrolabe (the rete's ecliptic band would cover the "
            f"pivot): allowed {MIN_TEXT_HEIGHT_MM:g} to {limit:g} mm at this diameter"
        )
