"""The stacked mater (``--stacked``): the limb ring (``mater-ring``) and the plain base disc.

The ring carries the limb scales of the front (``mater.draw_limb``) on the mater's outline with
its throne; its opening is the recess the plates sit in, with the tab that enters their notch
(``registration.RingFit``). It is glued on the base disc, which is the mater's one piece: its
front face (``mater-front``) is plain, under the plates, with the pivot hole and a GUIDE circle
where the ring's opening lies; its back face is the usual back (``mater-back``). Both have the
throne, so the hanging hole goes through ring and base.
"""

from __future__ import annotations

from typing import Any

from ..design import Design
from ..geometry.primitives import Circle
from ..scene import Part
from .layout import Layout
from .mater import (
    draw_limb,
    limb_meta,
    mater_cuts,
    mater_page,
    registration_guides,
    throne_cuts,
)
from .registration import FIT_CLEARANCE_MM, RingFit, ring_fit, ring_layers


def ring_meta(fit: RingFit, design: Design) -> dict[str, Any]:
    """What the manifest says of the ring: opening, tab, clearance and how many to glue up."""
    return {
        "opening_diameter_mm": round(2.0 * fit.opening_radius_mm, 6),
        "plate_diameter_mm": round(2.0 * fit.plate_radius_mm, 6),
        "clearance_mm": fit.clearance_mm,
        "clearance": f"{FIT_CLEARANCE_MM:g} mm on the diameter between finished pieces: exact "
        "when --kerf is the laser's kerf; with --kerf 0 the gap grows by twice the kerf",
        "tab_width_mm": round(fit.tab_width_mm, 6) if fit.tab else None,
        "notch_width_mm": fit.notch.width_mm,
        "notch_depth_mm": fit.notch.depth_mm,
        "copies": ring_layers(design),
        "stock_thickness_mm": design.stock_thickness_mm,
    }


def mater_ring_part(design: Design, layout: Layout) -> Part:
    """The limb ring (SPEC §2 ``mater-ring``): limb scales, throne, opening with its tab."""
    drawing = draw_limb(design, layout, "mater-ring")
    part = drawing.part
    center = part.center_mm
    fit = ring_fit(design, layout)
    hole, outer = throne_cuts(design, layout, center)
    part.add("CUT_INNER", hole)
    part.add("CUT_INNER", fit.opening(center))
    part.add("CUT_OUTER", outer)
    registration_guides(part, layout, center)
    part.meta.update(ring_meta(fit, design))
    part.meta["glued_on"] = "mater-front"
    return part


def base_front_part(design: Design, layout: Layout) -> Part:
    """The base disc's front face (``mater-front`` of a stacked mater): plain, the ring's
    opening on GUIDE, the mater's cuts (the pin only when asked)."""
    width, height, center = mater_page(layout, design.throne_in_use)
    part = Part("mater-front", width, height, center)
    fit = ring_fit(design, layout)
    part.add("GUIDE", Circle(*center, fit.opening_radius_mm))
    inner, outer = mater_cuts(design, layout, center)
    part.extend("CUT_INNER", inner)
    part.add("CUT_OUTER", outer)
    registration_guides(part, layout, center)
    part.meta.update(limb_meta(design, layout))
    part.meta["scales"] = {}
    part.meta["stacked"] = "the base disc: the mater-ring is glued on this face"
    return part
