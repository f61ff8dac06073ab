"""The dragon (SPEC §2 optional part ``dragon``): the Moon's nodes on the back of the instrument.

A pointer that turns on the pivot over the back, between the mater and the alidade. Its
*head* marks the ascending node and its *tail* the descending one (Caput and Cauda Draconis;
the jawzahr of Islamic astronomy). At each end a plate carries the ecliptic limits as
engraved arcs centred on the node (``astro.eclipse_limits``). The outer arc is the solar
limit and the inner arc the lunar (umbral) limit. A long tick ends each arc at its major
limit (no eclipse beyond it) and a short tick marks its minor limit (an eclipse is certain
within it at the new or full moon).

Use (see the instruction page of the PDF): put the head's nose on the date's place on the
node-year scale of the back (``parts.back_nodes``); lay the alidade on the date on the
calendar ring. The alidade's edge then shows the Sun's longitude on the back's zodiac ring,
which is uniform in longitude, so fixed degrees on the dragon mean fixed degrees of
longitude. If that edge crosses an arc between its end ticks, the Sun is inside that limit:
an eclipse of that kind is possible at the next new moon (solar) or full moon (lunar).

Drawn head up (page bearing 0) and as seen on the back, with its pivot at ``center_mm``.
The modern style is a clean pointer, one exact contour (``dragon_outline``). The classic
style draws a winged dragon, one piece (``dragon_beast``). Both carry the same limit plates
and marks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..astro.eclipse_limits import LIMITS, SOLAR, EclipseLimit, limits_manifest
from ..design import Design
from ..errors import InputError
from ..geometry.primitives import (
    Arc,
    Circle,
    Contour,
    FilledPolygon,
    Point,
    Polyline,
    Segment,
    shape_bbox,
)
from ..scene import Part
from ..text import text_width_mm
from .back import bands_for
from .back_calendar import epoch_year
from .back_nodes import node_marks
from .dragon_beast import beast_outline, body_centre, head
from .dragon_outline import EndShape, PointerShape, pointer_contour
from .labels import Labels
from .layout import PAGE_MARGIN_MM, Layout
from .mater import LABEL_PAD_MM
from .scales import point_at, ring_label

#: Gap between the nose and the reading circle of the node-year scale, mm.
NOSE_GAP_MM = 0.25
#: Least distance from any engraving to a cut, mm.
CUT_CLEARANCE_MM = 0.6
#: The long ticks reach this share of their length beyond the arc.
OVERSHOOT = 0.35


@dataclass(frozen=True)
class DragonGeometry:
    """Radii (mm from the pivot) and sizes of the dragon; ``labelled`` is False on an
    instrument too small for the names and values of the limits (arcs and ticks only)."""

    center: Point
    shape: PointerShape
    r_solar: float
    r_lunar: float
    tick_mm: float
    cap_mm: float
    min_text_mm: float
    labelled: bool = True


@dataclass(frozen=True)
class _Sizes:
    """What the radial budget is shared out from."""

    nose_r: float
    half_bar: float
    hub: float
    cap: float
    tick: float
    web: float


def dragon_geometry(design: Design, layout: Layout, center: Point) -> DragonGeometry:
    """Sizes from the back: the nose stops just short of the node-year scale's reading
    circle; bar 6 % of the mater radius (at least twice the minimum web, 4 mm). The classic
    head and tail tip take more room; on a small instrument they shrink to the modern
    tongue's length, then the limits lose their lettering; else the dragon does not fit."""
    bands = bands_for(design.replace(dragon=True), layout)
    assert bands.node_ring is not None
    r = layout.mater_radius_mm
    web = design.min_web_mm
    cap = max(design.min_text_height_mm, min(0.8 * design.label_height_mm, 0.03 * r))
    half_bar = max(0.03 * r, web, 2.0)
    sizes = _Sizes(
        nose_r=bands.node_ring.reading_r - NOSE_GAP_MM,
        half_bar=half_bar,
        hub=max(1.3 * half_bar, design.pivot_diameter_mm / 2.0 + max(min(3.0, 0.07 * r), web)),
        cap=cap,
        tick=max(0.8, 0.9 * cap),
        web=web,
    )
    classic = design.style == "classic"
    short_tip = max(0.06 * r, 2.5 * web, 2.5)
    tips = [max(0.15 * r, 4.0 * web, 4.0), short_tip] if classic else [short_tip]
    for labelled in (True, False):
        for tip in tips:
            geo = _geometry(center, sizes, tip, labelled, classic)
            if geo is not None:
                return replace(geo, min_text_mm=design.min_text_height_mm)
    raise InputError(
        f"the dragon does not fit a {design.diameter_mm:g} mm instrument with a min web of "
        f"{web:g} mm: use --no-dragon, a larger --diameter or a smaller --min-web"
    )


def _geometry(
    center: Point, s: _Sizes, tip_mm: float, labelled: bool, classic: bool
) -> DragonGeometry | None:
    """The radii for one tip length, with or without lettering; None when they do not fit."""
    band = s.cap + 2.0 * LABEL_PAD_MM + 0.3  # an arc line and its labels below it
    r_out = s.nose_r - tip_mm
    r_solar = r_out - CUT_CLEARANCE_MM - 0.3 - OVERSHOOT * s.tick
    r_lunar = r_solar - (band + 1.0 if labelled else s.tick + 0.5)
    low = max(s.tick, band) if labelled else s.tick
    r_in = min(r_lunar - low - CUT_CLEARANCE_MM, r_out - 2.0 * s.web)
    fillet = max(1.0, 0.5 * s.web + 0.05)
    if r_in < s.hub + max(2.0, s.web) or r_out - r_in < 2.0 * fillet + 0.5:
        return None
    if s.half_bar > 0.5 * r_in or max(s.half_bar, 1.2 * s.web) > 0.5 * r_out:
        return None
    tongue = max(s.half_bar, 1.2 * s.web)
    # wide enough for the solar ticks, and for the corners' fillets beside bar and tongue
    phi = max(
        SOLAR.major_deg + math.degrees((fillet + CUT_CLEARANCE_MM + 0.6) / r_solar),
        _asin_deg(s.half_bar / r_in) + _asin_deg(fillet / (r_in + fillet)) + 2.0,
        _asin_deg(tongue / r_out) + _asin_deg(fillet / (r_out - fillet)) + 2.0,
    )
    head = EndShape(
        r_in,
        r_out,
        phi,
        fillet,
        s.nose_r,
        max(0.5 * s.web + 0.05, 0.6),
        tongue,
    )
    tail = EndShape(r_in, r_out, phi, fillet, s.nose_r if classic else None)
    shape = PointerShape(center, s.half_bar, s.hub, head, tail)
    return DragonGeometry(center, shape, r_solar, r_lunar, s.tick, s.cap, 0.0, labelled)


def _asin_deg(x: float) -> float:
    return math.degrees(math.asin(min(1.0, x)))


@dataclass
class DragonDrawing:
    """The dragon as drawn, with its geometry (for tests and the instruction page)."""

    part: Part
    geometry: DragonGeometry
    labels: Labels


def draw_dragon(design: Design, layout: Layout) -> DragonDrawing:
    probe = dragon_geometry(design, layout, (0.0, 0.0))
    outline = _outline(design, probe)
    x0, y0, x1, y1 = shape_bbox(outline)
    m = PAGE_MARGIN_MM
    center = (m - x0, m - y0)
    geo = dragon_geometry(design, layout, center)
    part = Part("dragon", x1 - x0 + 2.0 * m, y1 - y0 + 2.0 * m, center)
    labels = Labels(geo.cap_mm)
    for beta in (0.0, 180.0):
        for limit, r in ((SOLAR, geo.r_solar), (LIMITS[1], geo.r_lunar)):
            _limit_arc(part, labels, geo, (beta, r), limit)
    classic = design.style == "classic"
    _axes(part, geo, classic)
    if classic:
        _beast_marks(part, labels, geo, design)
    else:
        _names(labels, geo, design)
    for box in labels.boxes:
        part.add("ENGRAVE", box.outline)
    part.add("CUT_INNER", Circle(*center, design.pivot_diameter_mm / 2.0))
    part.add("CUT_OUTER", _outline(design, geo))
    part.meta.update(dragon_meta(design, geo))
    return DragonDrawing(part, geo, labels)


def _outline(design: Design, geo: DragonGeometry) -> Contour | Polyline:
    if design.style == "classic":
        return beast_outline(geo.shape, design.min_web_mm)
    return pointer_contour(geo.shape)


def _limit_arc(
    part: Part,
    labels: Labels,
    geo: DragonGeometry,
    end: tuple[float, float],
    limit: EclipseLimit,
) -> None:
    """One limit at one end (page bearing, radius of the arc): the arc, long ticks at the
    major limit, short ones at the minor limit, the name on the left half and the value on
    the right (shrunk down to the minimum text height to fit, else the Sun or Moon symbol)."""
    c = geo.center
    beta, r = end
    min_text_mm = geo.min_text_mm
    t0 = math.radians(beta - limit.major_deg - 90.0)
    part.add("SCORE", Arc(c[0], c[1], r, t0, math.radians(2.0 * limit.major_deg)), "normal")
    for sign in (-1.0, 1.0):
        # the long ticks cross the arc's ends (a T, not a corner: the laser path stays the
        # same in every file format)
        for angle, above, below, weight in (
            (limit.major_deg, OVERSHOOT * geo.tick_mm, geo.tick_mm, "heavy"),
            (limit.minor_deg, 0.0, 0.6 * geo.tick_mm, "normal"),
        ):
            b = beta + sign * angle
            tick = Segment(point_at(c, b, r + above), point_at(c, b, r - below))
            part.add("SCORE", tick, weight)  # type: ignore[arg-type]
    if not geo.labelled:
        return
    name = limit.kind.upper()
    symbol = "☉" if limit.kind == "solar" else "☾"
    r_text = r - LABEL_PAD_MM - geo.cap_mm / 2.0 - 0.15
    room_mm = math.radians(limit.minor_deg) * r_text - 2.0 * labels.gap_mm - 0.4
    for sign, texts in ((-1.0, (name, symbol)), (1.0, (f"{limit.major_deg:g}°",))):
        for text in texts:
            # the centre line to the minor tick; shrink to the minimum text height if need be
            cap = min(geo.cap_mm, room_mm / text_width_mm(text, 1.0))
            if cap >= min_text_mm:
                b = beta + sign * limit.minor_deg / 2.0
                if ring_label(labels, text, c, b, r_text, scale=cap / labels.cap_height_mm):
                    break


def _axes(part: Part, geo: DragonGeometry, classic: bool) -> None:
    """The centre line of each end through both arcs; on the modern head it runs out to the
    nose's centre (the classic head's snout is its own pointer)."""
    c = geo.center
    end = geo.shape.head
    assert end.nose_r is not None
    r_low = geo.r_lunar - geo.tick_mm
    top = geo.r_solar if classic else end.nose_r - end.nose_radius_mm
    part.add("SCORE", Segment(point_at(c, 0.0, r_low), point_at(c, 0.0, top)), "normal")
    part.add("SCORE", Segment(point_at(c, 180.0, r_low), point_at(c, 180.0, geo.r_solar)), "normal")


NAMES = {
    "modern": (
        ("☊ HEAD · ASCENDING NODE", "☊ HEAD", "☊"),
        ("☋ TAIL · DESCENDING NODE", "☋ TAIL", "☋"),
    ),
    "classic": (
        ("☊ CAPUT DRACONIS", "☊ CAPUT", "☊"),
        ("☋ CAUDA DRACONIS", "☋ CAUDA", "☋"),
    ),
}


def _names(labels: Labels, geo: DragonGeometry, design: Design) -> None:
    """Head and tail named along the bar, reading outwards, the longest text that fits."""
    c, shape = geo.center, geo.shape
    start = shape.hub_radius_mm + 1.0
    stop = shape.head.r_in - 1.0
    cap = min(geo.cap_mm * 1.1, 2.0 * shape.bar_half_width_mm - 2.0 * CUT_CLEARANCE_MM - 0.8)
    if cap < design.min_text_height_mm or stop <= start:
        return
    for beta, texts in zip((0.0, 180.0), NAMES[design.style], strict=True):
        for text in texts:
            if text_width_mm(text, cap) <= stop - start:
                mid = point_at(c, beta, (start + stop) / 2.0)
                rotation = -90.0 if beta == 0.0 else 90.0
                labels.place(text, mid, rotation_deg=rotation, scale=cap / labels.cap_height_mm)
                break


def _beast_marks(part: Part, labels: Labels, geo: DragonGeometry, design: Design) -> None:
    """The classic dragon's eyes and nostrils (filled dots), scales along its body (chevrons
    pointing to the head) and the node symbols on the body by each pair of wings."""
    c, shape = geo.center, geo.shape
    assert shape.head.nose_r is not None
    _, dots = head(c, shape.head.r_out - 1.0, shape.head.nose_r, design.min_web_mm)
    for p, radius in dots:
        ring = tuple(
            (
                p[0] + radius * math.cos(k * math.pi / 16.0),
                p[1] + radius * math.sin(k * math.pi / 16.0),
            )
            for k in range(32)
        )
        part.add("ENGRAVE", FilledPolygon((ring,)))
    r_in = shape.head.r_in
    amp = 0.09 * r_in
    hw = shape.bar_half_width_mm
    cap = min(geo.cap_mm * 1.1, 1.5 * hw - 2.0 * CUT_CLEARANCE_MM)
    for beta, symbol in ((0.0, "☊"), (180.0, "☋")):
        u = (r_in - 0.8 * cap - 1.0) * (1.0 if beta == 0.0 else -1.0)
        if cap >= design.min_text_height_mm:
            v = float(body_centre(np.array([u]), r_in, amp)[0])
            labels.place(
                symbol,
                (c[0] + v, c[1] - u),
                rotation_deg=-90.0 if beta == 0.0 else 90.0,
                scale=cap / labels.cap_height_mm,
            )
    step = max(2.0, 1.2 * hw)
    for u in np.arange(-r_in + 3.0 * cap, r_in - 3.0 * cap, step):
        if abs(u) < shape.hub_radius_mm + step:
            continue
        half = hw * (0.75 + 0.25 * (u + r_in) / (2.0 * r_in))
        _chevron(part, c, float(u), r_in, amp, 0.45 * half)


def _chevron(part: Part, c: Point, u: float, r_in: float, amp: float, arm: float) -> None:
    """A V on the body's centre line at u, its point towards the head."""
    v = float(body_centre(np.array([u]), r_in, amp)[0])
    slope = amp * 2.0 * math.pi / r_in * math.cos(2.0 * math.pi * u / r_in)
    norm = math.hypot(1.0, slope)
    tu, tv = 1.0 / norm, slope / norm  # along the body, towards the head
    nu, nv = -tv, tu
    tip = (c[0] + v, c[1] - u)
    for side in (-1.0, 1.0):
        bu = u - 0.6 * arm * tu + side * arm * nu
        bv = v - 0.6 * arm * tv + side * arm * nv
        part.add("SCORE", Segment((c[0] + bv, c[1] - bu), tip), "fine")


def dragon_meta(design: Design, geo: DragonGeometry) -> dict[str, Any]:
    """The manifest entry (SPEC §4): limits, arcs, the node-year marks and the mapping."""
    head = geo.shape.head
    assert head.nose_r is not None
    years = {
        str(m.date.year): round(m.lon_deg, 4)
        for m in node_marks(epoch_year(design))
        if m.level == "year"
    }
    return {
        "pivot_diameter_mm": design.pivot_diameter_mm,
        "mirrored": False,
        "style": "dragon" if design.style == "classic" else "pointer",
        "head_bearing_deg": 0.0,
        "tail_bearing_deg": 180.0,
        "nose_radius_mm": round(head.nose_r, 6),
        "limits_deg": limits_manifest(),
        "limit_arcs_radius_mm": {"solar": round(geo.r_solar, 6), "lunar": round(geo.r_lunar, 6)},
        "marks": "long ticks at the major limit (no eclipse beyond), short ticks at the minor "
        "limit (an eclipse certain within), about the axis of each end",
        "node_years": {
            "formula": "mean ascending node (Meeus, Astronomical Algorithms, eq. 47.7) on "
            "1 January 0h UT of the year, ecliptic longitude in degrees",
            "longitude_deg": years,
            "scale": "mater-back scales.node_years (ticks for the first of each month between)",
        },
        "zodiac_mapping": "on mater-back, ecliptic longitude lambda lies at bearing 270 + "
        "lambda about its center_mm (scales.ecliptic), the same for the Sun (calendar ring) and "
        "the node; set the head to bearing 270 + Omega: then an angle on the dragon is the "
        "same angle of longitude",
        "use": "nose on the date's place on the node-year scale; alidade on the date of the "
        "calendar ring; the Sun is inside a limit when the alidade's edge crosses that arc "
        "between its end ticks",
    }


def dragon_part(design: Design, layout: Layout) -> Part:
    """The dragon (SPEC §2 optional part ``dragon``)."""
    return draw_dragon(design, layout).part
