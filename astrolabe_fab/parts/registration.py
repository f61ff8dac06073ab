"""How the plates register on the mater: the notch of every plate, and what engages it.

Every plate has a rectangular notch at the top of its noon line (``plate_notch``). Two ways
to hold it (the design decides, ``Design.stacked``):

- **Stacked mater** (``--stacked``, on in the acrylic and plywood presets): a limb ring
  (``mater-ring``) glued on a plain base disc. The plates sit in the ring's opening, a recess as
  deep as the ring, and register on a tab of the ring that enters their notch. The fit is a
  clearance ``FIT_CLEARANCE_MM`` on the diameter between the finished pieces: the ring's
  opening is the plate diameter plus the clearance, the tab is the notch less the clearance in
  width and stops half the clearance short of the notch's floor. Finished pieces are the drawn
  ones when ``--kerf`` is your laser's kerf (cut paths then move half a kerf into the waste,
  ``fabrication.kerf``); with ``--kerf 0`` every cut loses half a kerf on each side, so the gap
  grows by twice the kerf (about 0.3-0.4 mm more on a CO2 laser): give ``--kerf`` for a snug fit.
  The ring is cut once per plate the recess holds (``ring_layers``), so the plates lie flush
  with its top. No loose pin (unless asked, ``--pin``).
- **Flat mater** (the default, and paper): a pin of ``PIN_DIAMETER_MM`` stands in a hole of the
  mater inside the plates' notch. Its length is stated (``pin_length_mm``): the mater and the
  plates, so that it is flush with the back face (where the alidade turns) and with the top
  plate's face (where the rete turns): nothing turning meets a pin end that stands proud.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..design import Design
from ..geometry.primitives import Arc, Circle, Contour, OutsideBox, Point, Segment
from .layout import Layout

#: Clearance on the diameter between a plate and the ring's opening (finished pieces), mm:
#: a sliding fit for 3 mm acrylic or plywood that neither binds nor rattles.
FIT_CLEARANCE_MM = 0.3
#: The registration pin of a flat mater, and its hole (a 2 mm pin is pressed or glued in).
PIN_DIAMETER_MM = 2.0
#: Notch of a plate held by a pin: width and depth, mm (the pin fits with 0.1 mm each side).
PIN_NOTCH_WIDTH_MM = 2.2
NOTCH_DEPTH_MM = 2.6
#: Keep engraving this far from the notch, mm.
NOTCH_CLEAR_MM = 0.3


@dataclass(frozen=True)
class Notch:
    """The rectangular notch at the top of a plate (its noon line): width and depth, mm."""

    width_mm: float
    depth_mm: float


def plate_notch(design: Design) -> Notch:
    """The pin's notch (2.2 x 2.6 mm) on a flat mater; on a stacked one, a notch 2 % of the
    diameter wide (at least 3 mm), so that the ring's tab is not a sliver."""
    if design.stacked:
        return Notch(max(3.0, round(0.02 * design.diameter_mm, 3)), NOTCH_DEPTH_MM)
    return Notch(PIN_NOTCH_WIDTH_MM, NOTCH_DEPTH_MM)


def notch_floor_y(center: Point, plate_radius_mm: float, notch: Notch) -> float:
    """Page y of the notch's floor: the depth below the rim at the notch's corners."""
    half = notch.width_mm / 2.0
    return center[1] - math.sqrt(plate_radius_mm**2 - half**2) + notch.depth_mm


def notch_keepout(center: Point, plate_radius_mm: float, notch: Notch) -> OutsideBox:
    """Where a plate's engraving stops: outside the notch grown by ``NOTCH_CLEAR_MM``."""
    cx, cy = center
    half = notch.width_mm / 2.0 + NOTCH_CLEAR_MM
    y_in = notch_floor_y(center, plate_radius_mm, notch) + NOTCH_CLEAR_MM
    y_out = cy - plate_radius_mm - 1.0
    return OutsideBox(
        ((cx - half, y_out), (cx + half, y_out), (cx + half, y_in), (cx - half, y_in))
    )


def pin_center(center: Point, plate_radius_mm: float, notch: Notch) -> Point:
    """Where the pin of a flat mater stands: on the noon line, 0.1 mm short of the notch's
    floor (a plate slides on over it)."""
    floor = notch_floor_y(center, plate_radius_mm, notch)
    return (center[0], floor - PIN_DIAMETER_MM / 2.0 - 0.1)


# --------------------------------------------------------------------------- stacked mater


@dataclass(frozen=True)
class RingFit:
    """The ring's opening and tab for plates of radius ``plate_radius_mm`` (mm)."""

    plate_radius_mm: float
    clearance_mm: float
    notch: Notch
    tab: bool = True

    @property
    def opening_radius_mm(self) -> float:
        """Plate diameter + clearance, halved."""
        return self.plate_radius_mm + self.clearance_mm / 2.0

    @property
    def tab_width_mm(self) -> float:
        return self.notch.width_mm - self.clearance_mm

    def tab_tip_y(self, center: Point) -> float:
        """The tab stops half the clearance short of the notch's floor."""
        return notch_floor_y(center, self.plate_radius_mm, self.notch) - self.clearance_mm / 2.0

    def opening(self, center: Point) -> Contour | Circle:
        """The ring's inner cut: the opening circle with the tab standing in at the top (a
        plain circle when a pin holds the notch instead, ``tab`` False)."""
        cx, cy = center
        r = self.opening_radius_mm
        if not self.tab:
            return Circle(cx, cy, r)
        half = self.tab_width_mm / 2.0
        alpha = math.asin(half / r)
        y_rim = cy - math.sqrt(r * r - half * half)
        y_tip = self.tab_tip_y(center)
        top = -math.pi / 2.0
        return Contour(
            (
                Arc(cx, cy, r, top + alpha, 2.0 * math.pi - 2.0 * alpha),
                Segment((cx - half, y_rim), (cx - half, y_tip)),
                Segment((cx - half, y_tip), (cx + half, y_tip)),
                Segment((cx + half, y_tip), (cx + half, y_rim)),
            )
        )


def ring_fit(design: Design, layout: Layout) -> RingFit:
    """The ring for the design's plates: with the tab, unless the user asked for a pin (which
    then stands in the notch in the tab's place)."""
    return RingFit(
        layout.plate_radius_mm, FIT_CLEARANCE_MM, plate_notch(design), not design.has_pin
    )


def physical_plates(design: Design) -> int:
    """Pieces of plate stock: one per latitude, or one per pair with two-sided plates."""
    n = len(design.plate_latitudes_deg)
    return math.ceil(n / 2) if design.two_sided_plates else n


def ring_layers(design: Design) -> int:
    """How many rings are glued up: one per plate piece, so the recess holds them flush."""
    return physical_plates(design) if design.stacked else 0


def pin_length_mm(design: Design) -> float:
    """The flat mater's pin: through the mater and every plate piece, flush at both ends."""
    return design.stock_thickness_mm * (1 + physical_plates(design))
