"""The mater's back: altitude scale, zodiac and calendar rings, equation of time, shadow square.

Two-sided making. The back is drawn as a person sees it when looking at the back of the
instrument hanging from its throne (throne up). Turning the cut mater over about the vertical
line through the pivot (left and right swap, top stays top) brings the back face up exactly as
it is drawn here, so nothing needs to be mirrored by the maker. Every cut (outline with the
throne, pivot, hanging hole, registration pin hole) is symmetric about that line, and the back
file carries the very same cut geometry (the front's, mirrored about the line, which maps it
onto itself): the part cut from one side drops back into its hole in the sheet after turning
and lines up with the second file. The GUIDE layer of both files has the same two
registration holes, symmetric about the flip axis, and two marks on the axis, for pins through
the sheet (or the bed) when the whole sheet is turned. Cut from one side only; on the second
pass switch the cut layers off (or run them at zero power to check the alignment).

From the rim inwards:
- altitude scale 0-90 on both upper quadrants (1 deg ticks, 5 and 10 heavier, labelled
  outside the ticks): altitude a at bearing 90 - a on the right, 270 + a on the left, i.e.
  zero on the horizontal line and 90 at the top, which is where the alidade's upper end points
  when it sights an object at altitude a with the instrument hanging; with
  ``altitude_quadrants`` 4 also on the lower two (0 on the horizontal, 90 at the bottom), as
  the Treatise has it;
- the ecliptic ring (longitude lambda at bearing 270 + lambda) with sign names;
- the calendar ring (concentric or eccentric, see back_calendar; Julian or Gregorian days,
  astro.calendars) with month names and days, and inside it, when asked for, the Treatise's
  circles of the A.B.C. and of the feasts (back_treatise);
- the equation-of-time curve with its reference circles (modern style, back_eot);
- inside: shadow square (lower half), unequal-hours diagram (upper left, option), the legend
  of the equation of time (upper right), the Treatise's names of the lines (``latin_labels``)
  and the maker's line (bottom).
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..design import Design, latitude_tag
from ..geometry.primitives import Arc, Circle, Point, Segment, mirror_x
from ..scene import Part, Weight
from ..text import text_width_mm
from .back_calendar import (
    LATIN_MONTHS,
    LATIN_SIGNS,
    MONTHS,
    SIGN_GLYPHS,
    SIGNS,
    TROPICAL_YEAR_DAYS,
    Eccentric,
    SunYear,
    calendar_kind,
    calendar_system,
    catmull_rom,
    eccentric_bearing_from_pivot,
    eccentric_calendar,
    ecliptic_bearing_deg,
    epoch_year,
    solar_orbit_elements,
    sun_year,
    unwrap_deg,
)
from .back_eot import REFERENCE_STEP_MIN, EotScale, draw_eot, eot_extent
from .back_nodes import NodeRingBand, draw_node_ring, node_ring_band
from .back_shadow import (
    cotangent_labels,
    cotangent_ticks,
    shadow_square,
    unequal_hours_diagram,
)
from .back_treatise import (
    CalendarCircles,
    CalendarDrawing,
    calendar_circles,
    draw_abc,
    draw_feasts,
    line_names,
)
from .labels import Labels
from .layout import Layout
from .mater import (
    LABEL_PAD_MM,
    PIN_HOLE_DIAMETER_MM,
    mater_cuts,
    mater_page,
    registration_guides,
)
from .registration import pin_center, plate_notch
from .scales import (
    Tick,
    TickLevel,
    add_circle,
    add_ticks,
    keepouts_near_ring,
    point_at,
    ring_label,
    ring_ticks,
)


@dataclass(frozen=True)
class BackBands:
    """Radii (mm) of the back, outside in. Calendar radii are about the calendar's centre."""

    alt_label_r: float
    alt_cap: float
    alt_base_r: float
    alt_tick_mm: float
    zodiac_outer_r: float
    zodiac_tick_mm: float
    zodiac_label_r: float
    zodiac_cap: float
    zodiac_inner_r: float
    cal_offset_mm: float
    cal_outer_r: float
    month_label_r: float
    cal_base_r: float
    cal_tick_mm: float
    day_label_r: float
    day_cap: float
    cal_inner_r: float
    eot_outer_r: float
    inner_r: float
    #: the node-year scale just inside the calendar ring (with the dragon only)
    node_ring: NodeRingBand | None = None


def bands_for(design: Design, layout: Layout) -> BackBands:
    """The back's radii for a design (the calendar's kind decides its eccentric offset)."""
    return bands_and_circles(design, layout)[0]


def bands_and_circles(design: Design, layout: Layout) -> tuple[BackBands, CalendarCircles | None]:
    """The back's radii and, when asked for, the Treatise's circles of the A.B.C. and of the
    feasts inside the calendar ring (back_treatise): what lies inside them (the node-year
    scale, the equation of time, the shadow square) moves in by the room they take."""
    e, _ = solar_orbit_elements(design.epoch)
    kind = calendar_kind(design)
    fraction = 2.0 * e if kind == "eccentric" else 0.0
    bands = back_bands(design, layout, fraction)
    year = sun_year(epoch_year(design), calendar_system(design))
    circles = _calendar_circles(design, bands, year, kind)
    if circles is None:
        return bands, None
    reserved = bands.cal_inner_r - circles.inner_r
    return back_bands(design, layout, fraction, reserved), circles


def node_ring_width_mm(bands: BackBands) -> float:
    """Radial room the node-year scale takes inside the calendar ring (0 without it)."""
    if bands.node_ring is None:
        return 0.0
    return bands.cal_inner_r - bands.cal_offset_mm - bands.node_ring.reading_r


def back_bands(
    design: Design, layout: Layout, offset_fraction: float, reserved_mm: float = 0.0
) -> BackBands:
    """Share the back between the rings; text heights clamp between the design's minimum and
    3 % of the radius; the calendar shrinks by its eccentric offset so that it stays inside
    the ecliptic ring all round; ``reserved_mm`` inside the calendar ring are left for the
    Treatise's circles."""
    r = layout.mater_radius_mm
    mt = design.min_text_height_mm
    pad = LABEL_PAD_MM
    m = 0.008 * r
    cap_a = max(mt, min(design.label_height_mm, 0.03 * r))
    alt_base = r - m - cap_a - 2.0 * pad
    ta = 0.04 * r
    z0 = alt_base - ta
    tz = 0.025 * r
    cap_z = max(mt, 0.9 * cap_a)
    desc = 0.3 * cap_z  # room for descenders (J, some zodiac signs) on either side
    z_mid = z0 - tz
    z1 = z_mid - cap_z - 2.0 * (pad + desc)
    offset = offset_fraction * z1 / (1.0 + offset_fraction)
    c_out = z1 - offset - (0.6 if offset > 0.0 else 0.0)
    c0 = c_out - cap_z - 2.0 * (pad + desc)
    tc = 0.025 * r
    cap_d = max(mt, 0.8 * cap_a)
    c_end = c0 - tc
    c2 = c_end - cap_d - 2.0 * pad
    inside = c2 - offset - reserved_mm  # nearest approach of the calendar's circles to the pivot
    node_ring = None
    if design.has_dragon:
        node_ring = node_ring_band(inside - 0.006 * r, cap_d, tc)
        inside = node_ring.reading_r
    return BackBands(
        alt_label_r=r - m - pad - cap_a / 2.0,
        alt_cap=cap_a,
        alt_base_r=alt_base,
        alt_tick_mm=ta,
        zodiac_outer_r=z0,
        zodiac_tick_mm=tz,
        zodiac_label_r=z_mid - pad - desc - cap_z / 2.0,
        zodiac_cap=cap_z,
        zodiac_inner_r=z1,
        cal_offset_mm=offset,
        cal_outer_r=c_out,
        month_label_r=c_out - pad - desc - cap_z / 2.0,
        cal_base_r=c0,
        cal_tick_mm=tc,
        day_label_r=c_end - pad - cap_d / 2.0,
        day_cap=cap_d,
        cal_inner_r=c2,
        eot_outer_r=inside - 0.012 * r,
        inner_r=inside - 0.012 * r,
        node_ring=node_ring,
    )


@dataclass
class BackDrawing:
    """The back as drawn, with the scales kept apart so tests can read them."""

    part: Part
    center: Point
    bands: BackBands
    year: SunYear
    calendar: str
    eccentric: Eccentric | None = None
    eot: EotScale | None = None
    inner_r: float = 0.0
    scales: dict[str, list[Tick]] = field(default_factory=dict)
    day_start_bearing_deg: list[float] = field(default_factory=list)
    circles: CalendarCircles | None = None
    calendar_extras: dict[str, Any] = field(default_factory=dict)


def altitude_bearing_deg(altitude_deg: float, quadrant: str) -> float:
    """Right quadrant: 90 - a; left: 270 + a (0 on the horizontal, 90 at the top); lower
    right: 90 + a, lower left: 270 - a (90 at the bottom)."""
    zero, sense = QUADRANT_BEARINGS[quadrant]
    return (zero + sense * altitude_deg) % 360.0


def draw_mater_back(design: Design, layout: Layout) -> BackDrawing:
    """The back: the three rings, what lies inside them, the front's cuts mirrored."""
    width, height, center = mater_page(layout, design.throne_in_use)
    cx, _cy = center
    part = Part("mater-back", width, height, center)
    kind = calendar_kind(design)
    bands, circles = bands_and_circles(design, layout)
    year = sun_year(epoch_year(design), calendar_system(design))
    drawing = BackDrawing(part, center, bands, year, kind, circles=circles)
    labels = Labels(bands.alt_cap)
    spacing = design.min_tick_spacing_mm
    hidden = _reserve_holes(labels, design, layout, center)

    _altitude_scale(drawing, labels, design)
    _ecliptic_ring(drawing, labels, spacing, LATIN_SIGNS if design.latin_labels else SIGNS)
    _calendar_ring(drawing, labels, design, spacing)
    node_scale = None
    if bands.node_ring is not None:
        node_scale = draw_node_ring(
            part, labels, center, bands.node_ring, epoch_year(design), spacing
        )
    scales = _ring_scales_meta(drawing)
    if node_scale is not None:
        scales["node_years"] = node_scale
    _inside_the_rings(drawing, labels, design, layout, scales)

    for box in labels.boxes:
        if not any(box is h for h in hidden):
            part.add("ENGRAVE", box.outline)

    # ---- cuts: the front's, mirrored about the flip axis (they map onto themselves)
    inner, outer = mater_cuts(design, layout, center)
    part.extend("CUT_INNER", [mirror_x(c, cx) for c in inner])
    part.add("CUT_OUTER", mirror_x(outer, cx))
    registration_guides(part, layout, center)

    part.meta.update(
        {
            "equator_radius_mm": layout.equator_radius_mm,
            "limit_radius_mm": layout.limit_radius_mm,
            "mirrored": False,
            "two_sided": "drawn as seen from behind: turn the part over about the vertical "
            "line through center_mm; cuts and GUIDE holes coincide with mater-front",
            "style": design.style,
            "scales": scales,
        }
    )
    return drawing


def _ring_scales_meta(drawing: BackDrawing) -> dict[str, Any]:
    """The manifest's record of the rings: how a value maps to a bearing on each."""
    bands = drawing.bands
    return {
        "angle_convention": "bearing: degrees clockwise on the page from the upward direction "
        "(-y) about center_mm; the page shows the back as seen from behind",
        "altitude": {
            "formula": "bearing = zero_bearing_deg + sense * altitude_deg",
            "quadrants": {
                q: {"zero_bearing_deg": zero, "sense": sense}
                for q, (zero, sense) in QUADRANT_BEARINGS.items()
                if f"altitude-{q}" in drawing.scales
            },
            "range_deg": [0, 90],
            "tick_base_radius_mm": round(bands.alt_base_r, 6),
            "ticks_per_quadrant": 91,
        },
        "ecliptic": {
            "formula": "bearing = 270 + lambda (apparent ecliptic longitude of the Sun, deg)",
            "radii_mm": [round(bands.zodiac_inner_r, 6), round(bands.zodiac_outer_r, 6)],
        },
        "calendar": _calendar_meta(drawing),
    }


def _inside_the_rings(
    drawing: BackDrawing,
    labels: Labels,
    design: Design,
    layout: Layout,
    scales: dict[str, Any],
) -> None:
    """Inside the rings: the equation of time (modern), the shadow square, the unequal-hours
    diagram (classic, or as asked), the legend (modern), the maker's line, the cotangent scale;
    their records go into ``scales``."""
    part, center, bands = drawing.part, drawing.center, drawing.bands
    modern = design.style == "modern"
    pivot_clear = design.pivot_diameter_mm / 2.0 + 1.0
    rho = bands.inner_r
    if modern:
        values = eot_extent(drawing.year)
        # the node-year scale takes half its room from the curve's band, half from inside
        width_mm = 0.24 * layout.mater_radius_mm - 0.5 * node_ring_width_mm(bands)
        k = (width_mm - 1.2) / (values[-1] - values[0])
        zero_r = bands.eot_outer_r - 0.6 - values[-1] * k
        drawing.eot = EotScale(center, zero_r, k)
        scales["equation_of_time"] = draw_eot(
            part, labels, drawing.eot, drawing.year, 0.8 * bands.alt_cap, design.min_text_height_mm
        )
        rho = zero_r + values[0] * k - 0.6 - 0.01 * layout.mater_radius_mm
    drawing.inner_r = rho
    cap_in = max(design.min_text_height_mm, 0.8 * bands.alt_cap)
    scales["shadow_square"] = shadow_square(
        part,
        labels,
        center,
        rho,
        design.shadow_square_divisions,
        (cap_in, design.min_text_height_mm),
        pivot_clear,
    )
    diagram = design.unequal_hours_diagram
    if diagram is None:
        diagram = not modern
    if diagram:
        unequal_hours_diagram(part, labels, center, rho, cap_in, pivot_clear)
    if modern:
        _legend(part, labels, center, rho, cap_in, design.min_text_height_mm)
    if design.latin_labels:
        scales["line_names"] = _the_four_lines(
            drawing, labels, (rho, pivot_clear), cap_in, diagram, scales
        )
    _maker_line(part, labels, design, center, rho, cap_in, scales)
    if design.cotangent_scale:
        _cotangent(drawing, labels, design)
        scales["cotangent"] = {
            "gnomon_units": design.shadow_square_divisions,
            "formula": "shadow v = N cot(a) at bearing 270 - a (left) and 90 + a (right)",
        }


def _the_four_lines(
    drawing: BackDrawing,
    labels: Labels,
    radii: tuple[float, float],
    cap: float,
    diagram: bool,
    scales: dict[str, Any],
) -> dict[str, bool]:
    """The Treatise's cross of lines inside the rings and their names (back_treatise): the
    east-west line beyond the shadow square and the south line above the pivot, where the
    square and the unequal-hours diagram do not already draw them."""
    cx, cy = drawing.center
    rho, pivot_clear = radii
    s = scales["shadow_square"]["half_width_mm"]
    lines = [Segment((cx + s, cy), (cx + rho, cy))]
    if not diagram:
        lines += [
            Segment((cx - rho, cy), (cx - s, cy)),
            Segment((cx, cy - rho), (cx, cy - pivot_clear)),
        ]
    return line_names(drawing.part, labels, drawing.center, rho, cap, lines)


# --------------------------------------------------------------------------- rings


def _reserve_holes(labels: Labels, design: Design, layout: Layout, center: Point) -> list[Any]:
    """Keep labels and lines off the registration pin hole, which goes through to the back:
    an unengraved placeholder box covers it (its keep-out also breaks the lines there)."""
    if not design.has_pin:
        return []
    pin = pin_center(center, layout.plate_radius_mm, plate_notch(design))
    cap = PIN_HOLE_DIAMETER_MM + 0.8
    box = labels.place("00", pin, scale=cap / labels.cap_height_mm)
    return [box] if box is not None else []


#: Quadrants of the altitude scale: zero bearing and sense (bearing = zero + sense * a).
QUADRANT_BEARINGS: dict[str, tuple[float, int]] = {
    "right": (90.0, -1),
    "left": (270.0, 1),
    "lower-right": (90.0, 1),
    "lower-left": (270.0, -1),
}


def _quadrants(design: Design) -> tuple[str, ...]:
    """The upper two, or all four as in the Treatise (Part I §7: "by that same proporcioun is
    every quarter of thin Astrolabie devyded")."""
    names = tuple(QUADRANT_BEARINGS)
    return names if design.altitude_quadrants == 4 else names[:2]


def _altitude_scale(drawing: BackDrawing, labels: Labels, design: Design) -> None:
    """Ticks of 1, 5 and 10 degrees on each quadrant, numbered by fives where they fit (the
    Treatise: "noumbres of augrim, that devyden thilke same degrees fro fyve to fyve"), else by
    tens; with ``latin_labels`` the east end (left) carries the Treatise's cross for its 0."""
    b, part, center = drawing.bands, drawing.part, drawing.center
    t = b.alt_tick_mm
    levels = [
        TickLevel(1.0, 0.4 * t, "fine"),
        TickLevel(5.0, 0.65 * t, "normal"),
        TickLevel(10.0, t, "heavy"),
    ]
    quadrants = _quadrants(design)
    for quadrant in quadrants:
        drawing.scales[f"altitude-{quadrant}"] = ring_ticks(
            center,
            0.0,
            90.0,
            levels,
            functools.partial(altitude_bearing_deg, quadrant=quadrant),
            b.alt_base_r,
            inward=True,
        )
    # ticks shared by two quadrants (90 at the top and bottom, 0 on the sides) are drawn once
    shared = {"left": (90.0,), "lower-right": (0.0,), "lower-left": (0.0, 90.0)}
    for quadrant in quadrants:
        skip = shared.get(quadrant, ())
        add_ticks(
            part, [tk for tk in drawing.scales[f"altitude-{quadrant}"] if tk.value not in skip]
        )
    step5 = math.radians(5.0) * b.alt_label_r >= 2.0 * text_width_mm("85", b.alt_cap)
    for a in range(0, 91, 5 if step5 else 10):
        for q in quadrants:
            if a in shared.get(q, ()):
                continue
            text = "+" if (a == 0 and q == "left" and design.latin_labels) else str(a)
            scale = 1.0 if a % 10 == 0 else 0.85
            ring_label(labels, text, center, altitude_bearing_deg(a, q), b.alt_label_r, scale=scale)
    cx, cy = center
    if len(quadrants) == 4:
        part.add("SCORE", Circle(cx, cy, b.alt_base_r), "normal")
        return
    part.add("SCORE", Arc(cx, cy, b.alt_base_r, math.pi, math.pi), "normal")
    if design.cotangent_scale:
        part.add("SCORE", Arc(cx, cy, b.alt_base_r, 0.0, math.pi), "normal")


def _ecliptic_ring(
    drawing: BackDrawing, labels: Labels, spacing: float, signs: tuple[str, ...] = SIGNS
) -> None:
    b, part, center = drawing.bands, drawing.part, drawing.center
    t = b.zodiac_tick_mm
    ticks = ring_ticks(
        center,
        0.0,
        359.0,
        [
            TickLevel(1.0, 0.4 * t, "fine"),
            TickLevel(5.0, 0.65 * t, "normal"),
            TickLevel(10.0, t, "normal"),
        ],
        ecliptic_bearing_deg,
        b.zodiac_outer_r,
        inward=True,
        min_spacing_mm=spacing,
        skip=lambda v: v % 30.0 == 0.0,
    )
    drawing.scales["ecliptic"] = ticks
    add_ticks(part, ticks)
    scale = b.zodiac_cap / labels.cap_height_mm
    # one style for all twelve signs: names with the 10 and 20 numbers when every name fits
    # between them, names alone when they fit in 22 deg, else the glyphs with the numbers
    names = [f"{SIGN_GLYPHS[k]} {name}" for k, name in enumerate(signs)]
    widest = max(text_width_mm(t, b.zodiac_cap) for t in names)
    arc_per_deg = math.radians(1.0) * b.zodiac_label_r
    if widest < 10.0 * arc_per_deg - 1.5:
        texts, numbers = names, True
    elif widest < 22.0 * arc_per_deg - 1.5:
        texts, numbers = names, False
    else:
        texts, numbers = list(SIGN_GLYPHS), True
    for k, text in enumerate(texts):
        mid = ecliptic_bearing_deg(30.0 * k + 15.0)
        ring_label(labels, text, center, mid, b.zodiac_label_r, scale=scale)
        for d in (10, 20) if numbers else ():
            ring_label(
                labels,
                str(d),
                center,
                ecliptic_bearing_deg(30.0 * k + d),
                b.zodiac_label_r,
                scale=0.8 * scale,
            )
    for k in range(12):
        bearing = ecliptic_bearing_deg(30.0 * k)
        part.add(
            "SCORE",
            Segment(
                point_at(center, bearing, b.zodiac_outer_r),
                point_at(center, bearing, b.zodiac_inner_r),
            ),
            "heavy",
        )
    keep = keepouts_near_ring(labels.regions(), center, b.zodiac_inner_r, b.zodiac_outer_r)
    add_circle(part, Circle(*center, b.zodiac_outer_r), "heavy")
    add_circle(part, Circle(*center, b.zodiac_outer_r - t), "fine", keep)
    add_circle(part, Circle(*center, b.zodiac_inner_r), "heavy", keep)


def _calendar_ring(drawing: BackDrawing, labels: Labels, design: Design, spacing: float) -> None:
    """The calendar ring: day ticks (every day when they stand ``spacing`` apart, else every
    fifth), month lines and names, day numbers every five, and the ring's circles; inside it
    the Treatise's circles of the A.B.C. and of the feasts when asked for (back_treatise)."""
    b, part = drawing.bands, drawing.part
    cal_center, bearing = _calendar_bearing(drawing, design)
    ticks = _day_ticks(drawing, cal_center, bearing, spacing)
    drawing.scales["calendar"] = ticks
    add_ticks(part, ticks, labels.regions()[:1] if not design.fused else ())
    _months(drawing, labels, cal_center, bearing, LATIN_MONTHS if design.latin_labels else MONTHS)
    if drawing.circles is not None:
        cal = CalendarDrawing(cal_center, bearing, drawing.year, drawing.calendar_extras)
        if design.dominical_letters:
            draw_abc(part, labels, cal, drawing.circles)
        if design.festivals:
            draw_feasts(part, labels, cal, drawing.circles)
    keep = keepouts_near_ring(
        labels.regions(), cal_center, b.cal_inner_r - 1.0, b.cal_outer_r + 1.0
    )
    t = b.cal_tick_mm
    add_circle(part, Circle(*cal_center, b.cal_outer_r), "heavy", keep)
    add_circle(part, Circle(*cal_center, b.cal_base_r), "normal", keep)
    add_circle(part, Circle(*cal_center, b.cal_base_r - t), "fine", keep)
    add_circle(part, Circle(*cal_center, b.cal_inner_r), "heavy", keep)


def _calendar_circles(
    design: Design, bands: BackBands, year: SunYear, kind: str
) -> CalendarCircles | None:
    """Room for the circles of the A.B.C. and of the feasts inside the calendar ring (None
    when neither is asked for); a day spans 360/365.24219 deg on the eccentric calendar and
    at least the Sun's smallest daily motion on the concentric one."""
    if not (design.dominical_letters or design.festivals):
        return None
    if kind == "eccentric":
        day_deg = 360.0 / TROPICAL_YEAR_DAYS
    else:
        lon = unwrap_deg(year.lon_deg)
        day_deg = min(b - a for a, b in itertools.pairwise(lon))
    return calendar_circles(
        bands.cal_inner_r,
        day_deg,
        bands.day_cap,
        design.min_text_height_mm,
        LABEL_PAD_MM,
        abc=design.dominical_letters,
        feasts=design.festivals,
    )


def _calendar_bearing(
    drawing: BackDrawing, design: Design
) -> tuple[Point, Callable[[float], float]]:
    """The calendar's centre and the bearing of day u (days from the first, fractional) about
    it: eccentric (back_calendar) or concentric (the Sun's longitude on the ecliptic ring);
    records the eccentric circle and each day's bearing from the pivot."""
    pivot, year = drawing.center, drawing.year
    if drawing.calendar == "eccentric":
        ecc = eccentric_calendar(pivot, drawing.bands.cal_base_r, design, year)
        drawing.eccentric = ecc
        drawing.day_start_bearing_deg = [
            eccentric_bearing_from_pivot(ecc, pivot, k) for k in range(len(year.days))
        ]
        return ecc.center, ecc.day_bearing_deg
    lon = unwrap_deg(year.lon_deg)
    drawing.day_start_bearing_deg = [ecliptic_bearing_deg(v) for v in year.lon_deg]
    return pivot, lambda u: ecliptic_bearing_deg(catmull_rom(lon, u))


def _day_ticks(
    drawing: BackDrawing, cal_center: Point, bearing: Callable[[float], float], spacing: float
) -> list[Tick]:
    """Ticks of the days 6, 11, 16, 21, 26 (normal) and, when days stand ``spacing`` apart on
    the ring, of every other day (fine); month starts get their own line."""
    b, year = drawing.bands, drawing.year
    n_days = len(year.days) - 1
    t = b.cal_tick_mm
    five = {k for k, d in enumerate(year.days[:-1]) if d.day in (6, 11, 16, 21, 26)}
    day_arc = min(abs((bearing(k + 1) - bearing(k) + 180.0) % 360.0 - 180.0) for k in range(n_days))
    daily = math.radians(day_arc) * b.cal_base_r >= spacing
    ticks: list[Tick] = []
    weight: Weight
    for k in range(n_days):
        if year.days[k].day == 1:
            continue
        if k in five:
            length, weight = 0.65 * t, "normal"
        elif daily:
            length, weight = 0.4 * t, "fine"
        else:
            continue
        bb = bearing(k)
        segment = Segment(
            point_at(cal_center, bb, b.cal_base_r), point_at(cal_center, bb, b.cal_base_r - length)
        )
        ticks.append(Tick(float(k), bb, segment, weight))
    return ticks


def _months(
    drawing: BackDrawing,
    labels: Labels,
    cal_center: Point,
    bearing: Callable[[float], float],
    names: tuple[str, ...] = MONTHS,
) -> None:
    """A heavy line at the start of each month, its name centred in it (nudged up to 8 deg to
    find room) and the day numbers 5, 10 ... 30 centred on their days."""
    b, part, year = drawing.bands, drawing.part, drawing.year
    n_days = len(year.days) - 1
    month_starts = [k for k, d in enumerate(year.days[:-1]) if d.day == 1]
    for k in month_starts:
        bb = bearing(k)
        part.add(
            "SCORE",
            Segment(
                point_at(cal_center, bb, b.cal_outer_r),
                point_at(cal_center, bb, b.cal_base_r - b.cal_tick_mm),
            ),
            "heavy",
        )
    month_scale = b.zodiac_cap / labels.cap_height_mm
    day_scale = b.day_cap / labels.cap_height_mm
    for i, k in enumerate(month_starts):
        end = month_starts[i + 1] if i + 1 < len(month_starts) else n_days
        mid = bearing((k + end) / 2.0)
        for shift in (0.0, 2.0, -2.0, 4.0, -4.0, 6.0, -6.0, 8.0, -8.0):
            if ring_label(
                labels, names[i], cal_center, mid + shift, b.month_label_r, scale=month_scale
            ):
                break
        for day in (5, 10, 15, 20, 25, 30):
            if k + day - 1 < end:
                ring_label(
                    labels,
                    str(day),
                    cal_center,
                    bearing(k + day - 0.5),
                    b.day_label_r,
                    scale=day_scale,
                )


def _calendar_meta(drawing: BackDrawing) -> dict[str, Any]:
    year = drawing.year
    meta: dict[str, Any] = {
        "kind": drawing.calendar,
        "system": year.system,
        "year": year.year,
        "first_day": year.days[0].isoformat(),
        "first_day_proleptic_gregorian": year.days[0].gregorian.isoformat(),
        "day_start": "0h UT; the cell of a date runs from its bearing to the next one's",
        "day_start_bearing_deg": [round(v, 5) for v in drawing.day_start_bearing_deg],
        "formula": "bearing from the pivot = 270 + lambda_sun(date at 0h UT), lambda the Sun's "
        "apparent ecliptic longitude (astronomy-engine, for the same day in the proleptic "
        "Gregorian calendar)",
        **drawing.calendar_extras,
    }
    if drawing.eccentric is not None:
        ecc = drawing.eccentric
        meta["eccentric"] = {
            "center_mm": [round(ecc.center[0], 6), round(ecc.center[1], 6)],
            "offset_mm": round(ecc.offset_mm, 6),
            "radius_mm": round(ecc.radius_mm, 6),
            "day_bearing_formula": "bearing about center_mm = psi0_deg + 360 * d / "
            "365.24219, d = days since first_day 0h UT",
            "psi0_deg": round(ecc.psi0_deg, 6),
        }
        meta["formula"] = (
            "uniform days on the eccentric circle; day_start_bearing_deg is "
            "the bearing from the pivot of each day's mark"
        )
    return meta


# --------------------------------------------------------------------------- inside


def _fit_scale(text: str, cap: float, width: float, min_text: float) -> float | None:
    """Cap height that fits ``text`` in ``width`` (at most ``cap``), None below ``min_text``."""
    w = text_width_mm(text, cap)
    c = cap if w <= width else cap * width / w
    return c if c >= min_text else None


def _legend(
    part: Part, labels: Labels, center: Point, rho: float, cap: float, min_text: float
) -> None:
    """The sign convention of the equation of time, in the upper-right quadrant: one text
    height for every line, the largest (up to ``cap``) at which the block fits the disc."""
    cx, cy = center
    lines = [
        "EQUATION OF TIME",
        "E = sundial − clock",
        f"circles every {REFERENCE_STEP_MIN} min",
        "outside 0: sundial fast",
    ]
    x0 = cx + 0.1 * rho
    inside = Circle(cx, cy, rho)

    def layout(c: float) -> list[tuple[str, float]] | None:
        y = cy - 0.2 * rho - c / 2.0  # centre of the lowest line
        out = []
        for text in reversed(lines):
            half = math.sqrt(max(0.0, rho * rho - (abs(y - cy) + c / 2.0 + 0.5) ** 2))
            if text_width_mm(text, c) > cx + half - x0 - 0.5:
                return None
            out.append((text, y))
            y -= 1.7 * c
        return out[::-1]

    c = cap
    while c >= min_text:
        placed = layout(c)
        if placed is not None:
            for text, y in placed:
                labels.place(
                    text, (x0, y), halign="left", scale=c / labels.cap_height_mm, inside=inside
                )
            return
        c *= 0.95


def _maker_line(
    part: Part,
    labels: Labels,
    design: Design,
    center: Point,
    rho: float,
    cap: float,
    scales: dict[str, Any],
) -> None:
    """Maker, latitude and epoch under the shadow square (only when a maker is given)."""
    if not design.maker:
        return
    cx, cy = center
    below = scales["shadow_square"]["numbers_below_mm"]
    y = (below + cy + rho) / 2.0
    half = math.sqrt(max(0.0, rho * rho - (y - cy + cap) ** 2))
    text = f"{design.maker} · {latitude_tag(design.latitude_deg)} · {epoch_year(design)}"
    c = _fit_scale(text, cap, 2.0 * half - 2.0, design.min_text_height_mm)
    if c is not None:
        labels.place(text, (cx, y), scale=c / labels.cap_height_mm)


def _cotangent(drawing: BackDrawing, labels: Labels, design: Design) -> None:
    b = drawing.bands
    ticks = cotangent_ticks(
        drawing.center,
        b.alt_base_r,
        b.alt_tick_mm,
        design.shadow_square_divisions,
        design.min_tick_spacing_mm,
    )
    for name, tk in ticks.items():
        drawing.scales[name] = tk
        add_ticks(drawing.part, tk)
    cotangent_labels(
        labels, drawing.center, b.alt_label_r, design.shadow_square_divisions, 0.85 * b.alt_cap
    )


def mater_back_part(design: Design, layout: Layout) -> Part:
    """The mater's back face as a part (SPEC §2 name ``mater-back``)."""
    return draw_mater_back(design, layout).part
