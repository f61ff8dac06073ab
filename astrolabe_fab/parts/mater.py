"""The mater (front): the disc with its throne, the limb scales, the pivot and the plate seat.

Limb, from the rim inwards (both styles):
- hour labels, then the hour scale (ticks hang inwards from a circle);
- the degree scale (ticks stand outwards from a circle), then its labels;
- the seat of the plate (a fine circle at the plate radius) with the registration pin hole
  that the plate's notch fits (parts.registration: a flat mater only, ``Design.has_pin``).

Hours (SPEC §1 orientation): the Sun at hour angle H stands at bearing H (clockwise from the
noon line) in the north and -H in the south, and apparent solar time is t = 12 h + H/15, so
hour t is drawn at bearing +-(t - 12) * 15: noon at the top, midnight at the bottom, hours
running clockwise in the north (counter-clockwise in the south) like the Sun.
- modern (Robinson): 24 hours in Arabic numerals, ticks every 5 min; degrees 0-360 from the
  noon line in the same sense as the hours (the Sun's hour angle in degrees).
- classic (Chaucer): twice XII hours in Roman numerals (XII at noon and midnight), ticks every
  4 min (one degree); degrees in four quadrants 0-90, 0 at the east and west points and 90 at
  the noon and midnight lines.

``--fused`` engraves the plate of the design's latitude on the mater itself (one opaque
sheet, Robinson's design); then there is no seat and no pin hole.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..design import Design
from ..geometry.primitives import Circle, Contour, Point, Segment, translate
from ..history.hour_letters import letter_of_hour
from ..scene import Part
from ..text import text_width_mm
from .labels import Labels
from .layout import PAGE_MARGIN_MM, Layout
from .plate import draw_plate
from .registration import PIN_DIAMETER_MM, pin_center, plate_notch
from .scales import (
    Tick,
    TickLevel,
    add_circle,
    add_ticks,
    ring_label,
    ring_ticks,
)
from .throne import outline, page_for, throne_for
from .throne_gothic import GothicThrone, gothic_outline, gothic_throne_for

#: Diameter of the registration pin hole (a 2 mm pin fits the plate's 2.2 mm notch).
PIN_HOLE_DIAMETER_MM = PIN_DIAMETER_MM
#: Gap around labels inside their bands, mm.
LABEL_PAD_MM = 0.35

ROMAN = ("XII", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI")


def hour_label(hour: int, kind: str) -> str:
    """The limb's label of whole hour ``hour`` (apparent solar time 0-23): arabic '13', roman
    'I' (twice XII), or the Treatise's letter ('+' at noon, 'X' at 9 a.m.; history.hour_letters)."""
    if kind == "letters":
        return letter_of_hour(hour)
    if kind == "roman":
        return ROMAN[hour % 12]
    return str(hour)


@dataclass(frozen=True)
class LimbBands:
    """Radii (mm) of the front limb, outside in."""

    hour_label_r: float
    hour_cap: float
    hour_base_r: float  # hour ticks hang inwards from here
    divider_r: float  # between the hour and degree scales
    degree_base_r: float  # degree ticks stand outwards from here
    degree_label_r: float
    degree_cap: float
    tick_mm: float


def limb_bands(design: Design, layout: Layout) -> LimbBands:
    """Share the limb width between two label bands (text heights clamped between the design's
    minimum and a quarter of the limb) and two equal tick bands."""
    r, w = layout.mater_radius_mm, layout.limb_width_mm
    margin = 0.05 * w
    cap_h = max(design.min_text_height_mm, min(design.label_height_mm, 0.26 * w))
    cap_d = max(design.min_text_height_mm, 0.8 * cap_h)
    tick = max(0.5, (w - margin - cap_h - cap_d - 4.0 * LABEL_PAD_MM - 0.3) / 2.0)
    hour_base = r - margin - cap_h - 2.0 * LABEL_PAD_MM
    divider = hour_base - tick
    degree_base = divider - tick
    return LimbBands(
        hour_label_r=r - margin - LABEL_PAD_MM - cap_h / 2.0,
        hour_cap=cap_h,
        hour_base_r=hour_base,
        divider_r=divider,
        degree_base_r=degree_base,
        degree_label_r=degree_base - LABEL_PAD_MM - cap_d / 2.0,
        degree_cap=cap_d,
        tick_mm=tick,
    )


def hour_bearing_deg(hour: float, hemisphere: str) -> float:
    """Bearing of apparent solar time ``hour``: +-(t - 12) * 15 (SPEC §1, see module doc)."""
    b = (hour - 12.0) * 15.0
    return (b if hemisphere == "north" else -b) % 360.0


def degree_bearing_deg(value: float, hemisphere: str) -> float:
    """Bearing of a degree of the limb: modern 0-360 in the hours' sense from the noon line."""
    return (value if hemisphere == "north" else -value) % 360.0


@dataclass
class FrontDrawing:
    part: Part
    bands: LimbBands
    scales: dict[str, list[Tick]] = field(default_factory=dict)


def draw_limb(design: Design, layout: Layout, name: str = "mater-front") -> FrontDrawing:
    """The limb scales and their labels on the mater's page (the front, or the stacked
    mater's ring, ``parts.mater_ring``), with the limb's manifest entries; no cuts."""
    width, height, center = mater_page(layout, design.throne_in_use)
    part = Part(name, width, height, center)
    bands = limb_bands(design, layout)
    drawing = FrontDrawing(part, bands)
    labels = Labels(bands.hour_cap)
    drawing.scales["hours"] = _hour_scale(design, bands, center, labels)
    drawing.scales["degrees"] = _degree_scale(design, bands, center, labels)
    _engrave_limb(drawing, labels)
    part.meta.update(limb_meta(design, layout))
    return drawing


def draw_mater_front(design: Design, layout: Layout) -> FrontDrawing:
    """The front: limb scales and their labels, the plate seat (or the fused plate), the cuts."""
    drawing = draw_limb(design, layout)
    part, center = drawing.part, drawing.part.center_mm
    # ---- plate seat, or the fused plate
    if design.fused:
        _engrave_plate(part, design, layout)
    else:
        part.add("SCORE", Circle(*center, layout.plate_radius_mm), "fine")

    # ---- holes and outline (inner cuts before the outer cut)
    inner, outer = mater_cuts(design, layout, center)
    part.extend("CUT_INNER", inner)
    part.add("CUT_OUTER", outer)
    registration_guides(part, layout, center)
    return drawing


def _hour_steps_h(design: Design) -> tuple[float, float]:
    """Hours between fine ticks and between middle ticks: classic 4 and 20 min (one and five
    degrees of the Sun's motion), modern 5 and 15 min."""
    if design.style == "classic":
        return 4.0 / 60.0, 20.0 / 60.0
    return 5.0 / 60.0, 0.25


def _hour_scale(design: Design, bands: LimbBands, center: Point, labels: Labels) -> list[Tick]:
    """Ticks of the hour scale (hanging inwards from ``hour_base_r``) and its 24 labels."""
    hemi = design.hemisphere
    step_h, mid_h = _hour_steps_h(design)
    t = bands.tick_mm
    hour_ticks = ring_ticks(
        center,
        0.0,
        24.0 - step_h,
        [
            TickLevel(step_h, 0.4 * t, "fine"),
            TickLevel(mid_h, 0.65 * t, "normal"),
            TickLevel(1.0, t, "heavy"),
        ],
        lambda h: hour_bearing_deg(h, hemi),
        bands.hour_base_r,
        inward=True,
        min_spacing_mm=design.min_tick_spacing_mm,
    )
    for h in range(24):
        text = hour_label(h, design.hour_labels_in_use)
        ring_label(labels, text, center, hour_bearing_deg(h, hemi), bands.hour_label_r)
    return hour_ticks


def _degree_bearing(design: Design) -> Callable[[float], float]:
    """Bearing of degree v of the limb: classic quadrants (v in [0, 360) runs as 0..90 from the
    east-west line, drawn at bearing 90 - v), modern 0-360 in the hours' sense."""
    if design.style == "classic":
        return lambda v: (90.0 - v) % 360.0
    hemi = design.hemisphere
    return lambda v: degree_bearing_deg(v, hemi)


def _degree_scale(design: Design, bands: LimbBands, center: Point, labels: Labels) -> list[Tick]:
    """Ticks of the degree scale (standing outwards from ``degree_base_r``), labels every 10."""
    deg_bearing = _degree_bearing(design)
    t = bands.tick_mm
    deg_ticks = ring_ticks(
        center,
        0.0,
        359.0,
        [
            TickLevel(1.0, 0.4 * t, "fine"),
            TickLevel(5.0, 0.65 * t, "normal"),
            TickLevel(10.0, t, "heavy"),
        ],
        deg_bearing,
        bands.degree_base_r,
        inward=False,
        min_spacing_mm=design.min_tick_spacing_mm,
    )
    scale_d = bands.degree_cap / bands.hour_cap
    for v in range(0, 360, _degree_label_step(design, bands)):
        if design.style == "classic":
            q = v % 180
            text = str(q if q <= 90 else 180 - q)
        else:
            text = str(v)
        ring_label(labels, text, center, deg_bearing(float(v)), bands.degree_label_r, scale=scale_d)
    return deg_ticks


def _degree_label_step(design: Design, bands: LimbBands) -> int:
    """Degrees between numbers: by fives in the classic quadrants where two numbers fit in
    five degrees (the Treatise, Part I §7: "fro fyve to fyve"), else by tens."""
    if design.style != "classic":
        return 10
    five_mm = 5.0 * math.pi / 180.0 * bands.degree_label_r
    return 5 if five_mm >= 2.0 * text_width_mm("85", bands.degree_cap) else 10


def _engrave_limb(drawing: FrontDrawing, labels: Labels) -> None:
    """The limb's ticks, its three circles (broken around labels) and the labels."""
    part, bands, center = drawing.part, drawing.bands, drawing.part.center_mm
    keep = labels.regions()
    add_ticks(part, drawing.scales["hours"])
    add_ticks(part, drawing.scales["degrees"])
    add_circle(part, Circle(*center, bands.hour_base_r), "normal", keep)
    add_circle(part, Circle(*center, bands.divider_r), "heavy", keep)
    add_circle(part, Circle(*center, bands.degree_base_r), "normal", keep)
    for box in labels.boxes:
        part.add("ENGRAVE", box.outline)


def limb_meta(design: Design, layout: Layout) -> dict[str, Any]:
    """The limb's manifest entry: radii, pivot, style and the formulas of its scales."""
    classic = design.style == "classic"
    s = 1 if design.hemisphere == "north" else -1
    return {
        "equator_radius_mm": layout.equator_radius_mm,
        "limit_radius_mm": layout.limit_radius_mm,
        "plate_radius_mm": layout.plate_radius_mm,
        "pivot_diameter_mm": design.pivot_diameter_mm,
        "mirrored": False,
        "style": design.style,
        "fused": design.fused,
        "scales": {
            "angle_convention": "bearing: degrees clockwise on the page from the upward "
            "direction (-y), about center_mm",
            "hours": {
                "formula": "bearing = s * (t - 12) * 15, t = apparent solar time in hours",
                "s": s,
                "numerals": {
                    "arabic": "arabic 0-23",
                    "roman": "roman 2x12",
                    "letters": "the Treatise's 24 letters, + at noon (Part II §3)",
                }[design.hour_labels_in_use],
                "labels_from_noon": [
                    hour_label((12 + k) % 24, design.hour_labels_in_use) for k in range(24)
                ],
                "labels_run": "from the noon line in the Sun's daily sense (clockwise in the "
                "north, counter-clockwise in the south)",
                "tick_minutes": round(_hour_steps_h(design)[0] * 60.0, 6),
            },
            "degrees": {
                "formula": "bearing = 90 - v (v = 0..360, shown as four quadrants 0-90)"
                if classic
                else "bearing = s * v",
                "s": s,
            },
        },
    }


def mater_page(layout: Layout, throne: str = "plain") -> tuple[float, float, Point]:
    """Page of the mater (front and back alike): disc and throne, pivot at the same place."""
    if throne == "gothic":
        crest = gothic_throne_for((0.0, 0.0), layout.mater_radius_mm)
        return page_for_height(layout.mater_radius_mm, -crest.top_mm, PAGE_MARGIN_MM)
    return page_for(throne_for((0.0, 0.0), layout.mater_radius_mm), PAGE_MARGIN_MM)


def page_for_height(
    radius_mm: float, above_mm: float, margin_mm: float
) -> tuple[float, float, Point]:
    """Page holding a disc and what stands ``above_mm`` above its centre, pivot as page_for."""
    width = 2.0 * (radius_mm + margin_mm)
    height = radius_mm + above_mm + 2.0 * margin_mm
    return width, height, (radius_mm + margin_mm, above_mm + margin_mm)


def mater_cuts(design: Design, layout: Layout, center: Point) -> tuple[list[Circle], Contour]:
    """Inner cuts (pivot, registration pin unless fused, hanging hole) and the outline.

    Every cut is symmetric about the vertical line through the pivot, so the back (drawn as
    seen from behind, i.e. mirrored about that line) has exactly the same cuts.
    """
    inner = [Circle(*center, design.pivot_diameter_mm / 2.0)]
    if design.has_pin:
        pin = pin_center(center, layout.plate_radius_mm, plate_notch(design))
        inner.append(Circle(*pin, PIN_HOLE_DIAMETER_MM / 2.0))
    hole, outer = throne_cuts(design, layout, center)
    inner.append(hole)
    return inner, outer


def throne_cuts(design: Design, layout: Layout, center: Point) -> tuple[Circle, Contour]:
    """The hanging hole and the outline of the mater with its throne, plain or gothic (the
    same for the mater, its back and the stacked mater's ring)."""
    if design.throne_in_use == "gothic":
        crest: GothicThrone = gothic_throne_for(center, layout.mater_radius_mm)
        return crest.hole, gothic_outline(crest)
    throne = throne_for(center, layout.mater_radius_mm)
    return throne.hole, outline(throne)


#: Registration hole diameter on GUIDE, mm.
REGISTRATION_HOLE_MM = 2.0


def registration_guides(part: Part, layout: Layout, center: Point) -> None:
    """Two registration holes beside the disc and two marks on the flip axis (GUIDE), the
    same on front and back and symmetric about the vertical line through the pivot."""
    cx, cy = center
    r = layout.mater_radius_mm
    off = r + 2.6
    for sx in (-1.0, 1.0):
        part.add("GUIDE", Circle(cx + sx * off, cy, REGISTRATION_HOLE_MM / 2.0))
    part.add("GUIDE", Segment((cx, cy + r + 1.0), (cx, cy + r + 4.0)))
    part.add("GUIDE", Segment((cx, 0.5), (cx, 3.0)))


def _engrave_plate(part: Part, design: Design, layout: Layout) -> None:
    """Robinson's fused design: the plate's curves and labels engraved on the mater."""
    drawing = draw_plate(design, layout)
    pcx, pcy = drawing.frame.center_mm
    dx, dy = part.center_mm[0] - pcx, part.center_mm[1] - pcy
    for curve in drawing.curves:
        part.extend("SCORE", [translate(p, dx, dy) for p in curve.pieces], curve.weight)
    assert drawing.labels is not None
    for box in drawing.labels.boxes:
        part.add("ENGRAVE", translate(box.outline, dx, dy))
    part.meta["latitude_deg"] = drawing.latitude_deg


def mater_front_part(design: Design, layout: Layout) -> Part:
    """The mater's front face as a cut part (SPEC §2 name ``mater-front``)."""
    return draw_mater_front(design, layout).part
