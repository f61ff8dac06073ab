"""The mater (front): the disc that holds the plates, with its pivot hole.

Issue 2 ships the blank: outline and pivot hole. The limb scales, the throne and the plate seat
are added on top of this by later work.
"""

from __future__ import annotations

from ..design import Design
from ..geometry.primitives import Circle
from ..scene import Part
from .layout import Layout


def mater_front_part(design: Design, layout: Layout) -> Part:
    """A disc of the instrument's diameter with the pivot hole at its centre."""
    width, height, center = layout.square_page(layout.mater_radius_mm)
    part = Part("mater-front", width, height, center)
    part.add("CUT_INNER", Circle(*center, design.pivot_diameter_mm / 2.0))
    part.add("CUT_OUTER", Circle(*center, layout.mater_radius_mm))
    part.add("SCORE", Circle(*center, layout.plate_radius_mm), "fine")
    part.meta.update(
        {
            "equator_radius_mm": layout.equator_radius_mm,
            "limit_radius_mm": layout.limit_radius_mm,
            "mirrored": False,
        }
    )
    return part
