"""Sizes shared by all parts: mater, limb, plate and projection radii, derived from the Design.

The mater of diameter D carries the limb scales on a ring of width ``limb_width_mm``; the plate
sits inside it. The plate limit (SPEC §1) is the far tropic, drawn ``plate_margin_mm`` inside the
plate's edge; the equator radius follows from r(limit) = Re tan((90 + eps) / 2).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..astro.sky import mean_obliquity_deg
from ..design import Design
from ..geometry.primitives import Point
from ..geometry.projection import Frame

#: Margin around a part on its own page, mm.
PAGE_MARGIN_MM = 5.0


@dataclass(frozen=True)
class Layout:
    """Radii (mm) and angles every part agrees on."""

    diameter_mm: float
    mater_radius_mm: float
    limb_width_mm: float
    plate_radius_mm: float
    limit_radius_mm: float
    equator_radius_mm: float
    obliquity_deg: float
    hemisphere: str

    @property
    def limit_dec_deg(self) -> float:
        """Declination of the plate limit: the tropic on the far side of the equator."""
        return -self.obliquity_deg if self.hemisphere == "north" else self.obliquity_deg

    def frame(self, center_mm: Point) -> Frame:
        return Frame(center_mm, self.equator_radius_mm, self.hemisphere)  # type: ignore[arg-type]

    def square_page(self, radius_mm: float) -> tuple[float, float, Point]:
        """Page width, height and centre for a round part of the given radius."""
        side = 2.0 * (radius_mm + PAGE_MARGIN_MM)
        return side, side, (side / 2.0, side / 2.0)


def layout_for(design: Design) -> Layout:
    """Radii for a design: limb 14 % of the radius, plate limit 2 % inside the plate edge."""
    mater_r = design.diameter_mm / 2.0
    limb = round(0.14 * mater_r, 3)
    plate_r = mater_r - limb
    limit_r = plate_r - max(1.5, round(0.02 * mater_r, 3))
    eps = mean_obliquity_deg(design.epoch)
    equator_r = limit_r / math.tan(math.radians(90.0 + eps) / 2.0)
    return Layout(
        diameter_mm=design.diameter_mm,
        mater_radius_mm=mater_r,
        limb_width_mm=limb,
        plate_radius_mm=plate_r,
        limit_radius_mm=limit_r,
        equator_radius_mm=equator_r,
        obliquity_deg=eps,
        hemisphere=design.hemisphere,
    )
