"""The back as Chaucer's Treatise describes it (Part I §§4-11): the two inmost circles of the
calendar and the marks of the four lines.

Inside the calendar ring, about the calendar's own centre (it may be eccentric, back_calendar):
- the circle of the A.B.C. (Part I §11; Skeat: "what we now call the Sunday letters"): every
  day's letter A b c d e f g (``astro.calendars.abc_letter``) in the middle of its day. Where a
  row of letters at the smallest text height would not fit one letter per day, the letters
  alternate between two rows (neighbours in a row are then two days apart); where even that
  does not fit, only the A's are drawn (every seventh day, from which the others are counted);
- the circle of the feasts (the "halydayes", ``history.festivals``): a mark in the middle of the
  feast's day and its name centred on it; a name that would come within 1.5 mm of its
  neighbour's goes to a second row, its mark running down to it (and where even that fails, it
  is moved along the ring by up to four days; the mark stays on the day).
The marks of the lines (Part I §§4-7): the south line under the ring is Meridies, the east line
Oriens with "a litel +" at its end on the border, the west line Occidens (Skeat's notes on
I §4-5); east is on the viewer's left on both faces (I §6), as on this drawing of the back.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..astro.calendars import (
    MONTH_DAYS,
    CalendarDay,
    abc_letter,
    common_year_index,
    dominical_letters,
)
from ..geometry.primitives import Circle, Point, Segment, clip_segment
from ..history.festivals import TREATISE_FEASTS
from ..scene import Part
from ..text import HAlign, text_width_mm
from .back_calendar import SunYear
from .labels import Labels
from .scales import add_circle, keepouts_near_ring, point_at, ring_label

#: Gap around labels inside their bands, mm (as the other rings of the back).
PAD_MM = 0.35
#: Room left for descenders (g) and ascenders (b, d, f), in cap heights.
DESCENT = 0.35
#: Least distance between two letters squeezed in at the smallest size, mm (the clearance
#: every engraved glyph keeps from another).
SQUEEZE_GAP_MM = 0.3
#: 31 December's place in a common year.
LAST_COMMON_DAY = 364


@dataclass(frozen=True)
class CalendarCircles:
    """Radii (mm, about the calendar's centre) of the A.B.C. and the feasts, outside in."""

    abc_rows_r: tuple[float, ...]
    abc_cap: float
    abc_min_cap: float
    abc_layout: str  # "one row", "two rows", "A only" or "none"
    abc_inner_r: float
    feast_outer_r: float
    feast_tick_mm: float
    feast_rows_r: tuple[float, ...]
    feast_rows: tuple[int, ...]  # the row of each of TREATISE_FEASTS
    feast_cap: float
    inner_r: float


def _letter_width_per_cap() -> float:
    """Widest letter of the A.B.C. per mm of cap height."""
    return max(text_width_mm(ch, 1.0) for ch in "Abcdefg")


def _abc_layout(
    outer_r: float, day_deg: float, cap_max: float, min_cap: float, gap: float
) -> tuple[str, float]:
    """One row, two staggered rows or the A's alone, and the letters' cap height (module doc):
    the letters of neighbouring days must stand ``gap`` apart along the ring."""
    k = _letter_width_per_cap()
    for layout, rows in (("one row", 1), ("two rows", 2)):
        r_in = outer_r - PAD_MM - rows * cap_max * (1.0 + 2.0 * DESCENT)  # innermost row, at most
        chord = rows * math.radians(day_deg) * r_in
        cap = min(cap_max, (chord - gap - 0.05) / k)
        if cap >= min_cap:
            return layout, cap
    return "A only", cap_max


def calendar_circles(
    outer_r: float,
    day_deg: float,
    cap_max: float,
    min_cap: float,
    gap: float,
    *,
    abc: bool,
    feasts: bool,
) -> CalendarCircles:
    """Share the room inside the calendar ring (``outer_r`` about its centre) between the
    circle of the A.B.C. and the feasts; ``day_deg`` is the smallest angle of one day."""
    r = outer_r
    rows_r: tuple[float, ...] = ()
    layout, cap = "none", cap_max
    if abc:
        layout, cap = _abc_layout(outer_r, day_deg, cap_max, min_cap, gap)
        row_h = cap * (1.0 + 2.0 * DESCENT)
        n_rows = 2 if layout == "two rows" else 1
        rows_r = tuple(r - PAD_MM - row_h * (i + 0.5) for i in range(n_rows))
        r -= 2.0 * PAD_MM + n_rows * row_h
    abc_inner = r
    tick, f_cap = 0.0, cap_max
    feast_rows: tuple[int, ...] = ()
    feast_rows_r: tuple[float, ...] = ()
    if feasts:
        tick = 0.5 * f_cap
        row_h = f_cap * (1.0 + 2.0 * DESCENT)
        first_r = r - tick - PAD_MM - row_h / 2.0
        feast_rows = _feast_rows(first_r - row_h, day_deg, f_cap)
        n_rows = max(feast_rows) + 1
        feast_rows_r = tuple(first_r - i * (row_h + PAD_MM) for i in range(n_rows))
        r = feast_rows_r[-1] - row_h / 2.0 - PAD_MM
    return CalendarCircles(
        rows_r,
        cap,
        min_cap,
        layout,
        abc_inner,
        abc_inner,
        tick,
        feast_rows_r,
        feast_rows,
        f_cap,
        r,
    )


#: Least distance between two feasts' names in one row, mm: more than between the letters of
#: one name, so that two names never read as one.
FEAST_SEPARATION_MM = 1.5


def _feast_rows(radius_mm: float, day_deg: float, cap_mm: float) -> tuple[int, ...]:
    """A row for each feast's name: the first where it stands FEAST_SEPARATION_MM clear of the
    names already in that row when centred on its day (at most two rows; a name that fits in
    neither is moved along the ring when drawn)."""
    spans: list[list[tuple[float, float]]] = [[], []]
    rows = []
    for feast in TREATISE_FEASTS:
        mid = (sum(MONTH_DAYS[: feast.month - 1]) + feast.day - 0.5) * math.radians(day_deg)
        half = (text_width_mm(feast.engraved, cap_mm) / 2.0 + FEAST_SEPARATION_MM / 2.0) / radius_mm
        row = next(
            (i for i, taken in enumerate(spans) if all(abs(mid - m) > half + h for m, h in taken)),
            0,
        )
        spans[row].append((mid, half))
        rows.append(row)
    return tuple(rows)


@dataclass
class CalendarDrawing:
    """What the two circles need of the calendar: its centre, the bearing of a fractional day
    index about it, and the year's days."""

    center: Point
    bearing: Callable[[float], float]
    year: SunYear
    meta: dict[str, Any] = field(default_factory=dict)


def draw_abc(part: Part, labels: Labels, cal: CalendarDrawing, circles: CalendarCircles) -> None:
    """The letters of the days, the circle under them; records the ring in ``cal.meta``."""
    year = cal.year
    scale = circles.abc_cap / labels.cap_height_mm
    n_rows = len(circles.abc_rows_r)
    drawn = 0
    missing: list[tuple[int, str]] = []
    # the rows alternate with the days of a common year (29 February has no letter); two rows
    # cannot alternate round its 365 days, so 31 December and 1 January (both A) meet in one
    # row and both are engraved at the smallest size (1 January here, 31 December squeezed in
    # below). In a leap year 31 December's A falls on 1 January's place (366 days in one turn)
    # and is left out, reported in the manifest.
    seam = n_rows == 2
    for k, day in enumerate(year.days[:-1]):
        letter = abc_letter(day)
        common = common_year_index(day)
        if letter is None or common is None:
            continue
        if circles.abc_layout == "A only" and letter != "A":
            continue
        size = circles.abc_min_cap / labels.cap_height_mm if seam and common == 0 else scale
        r = circles.abc_rows_r[common % n_rows]
        if not (seam and common == LAST_COMMON_DAY) and ring_label(
            labels, letter, cal.center, cal.bearing(k + 0.5), r, scale=size
        ):
            drawn += 1
        else:
            missing.append((k, letter))
    drawn += _squeeze_in(labels, cal, circles, missing)
    keep = keepouts_near_ring(
        labels.regions(), cal.center, circles.abc_inner_r - 1.0, circles.abc_inner_r + 1.0
    )
    add_circle(part, Circle(*cal.center, circles.abc_inner_r), "normal", keep)
    cal.meta["dominical_letters"] = {
        "year": year.year,
        "calendar": year.system,
        "year_letters": dominical_letters(year.year, year.system),
        "ring": "A b c d e f g in turn from 1 January (A); 29 February has no letter of its "
        "own; the year's Sunday letter is the letter its Sundays fall on",
        "layout": circles.abc_layout,
        "cap_height_mm": round(circles.abc_cap, 4),
        "letters_drawn": drawn,
        "letters_missing": [year.days[k].isoformat() for k, _ in missing],
        "label_radii_mm": [round(r, 6) for r in circles.abc_rows_r],
    }


def _squeeze_in(
    labels: Labels, cal: CalendarDrawing, circles: CalendarCircles, missing: list[tuple[int, str]]
) -> int:
    """Letters that found no room at the ring's size (and 31 December, see ``draw_abc``), tried
    again at the smallest text height and 0.3 mm from their neighbours, in either row. Removes
    the ones placed from ``missing``; returns how many."""
    scale = circles.abc_min_cap / labels.cap_height_mm
    gap = labels.gap_mm
    labels.gap_mm = SQUEEZE_GAP_MM
    placed = []
    try:
        for k, letter in missing:
            for r in circles.abc_rows_r:
                if ring_label(labels, letter, cal.center, cal.bearing(k + 0.5), r, scale=scale):
                    placed.append((k, letter))
                    break
    finally:
        labels.gap_mm = gap
    for item in placed:
        missing.remove(item)
    return len(placed)


def draw_feasts(part: Part, labels: Labels, cal: CalendarDrawing, circles: CalendarCircles) -> None:
    """Each feast: a mark in the middle of its day, down to its name (module doc)."""
    year = cal.year
    scale = circles.feast_cap / labels.cap_height_mm
    records = []
    for feast, row in zip(TREATISE_FEASTS, circles.feast_rows, strict=True):
        day = CalendarDay.of(year.year, feast.month, feast.day, year.system)
        k = year.day_index(day)
        b = cal.bearing(k + 0.5)
        radius = circles.feast_rows_r[row]
        tick_end = radius + circles.feast_cap / 2.0 + 0.2 if row else None
        length = circles.feast_tick_mm if tick_end is None else circles.feast_outer_r - tick_end
        tick = Segment(
            point_at(cal.center, b, circles.feast_outer_r),
            point_at(cal.center, b, circles.feast_outer_r - length),
        )
        part.add("SCORE", tick, "heavy")
        shift = _place_feast_name(labels, feast.engraved, cal, k, radius, scale)
        records.append(
            {
                "name": feast.name,
                "engraved": feast.engraved if shift is not None else None,
                "date": day.isoformat(),
                "calendar": day.system,
                "proleptic_gregorian": day.gregorian.isoformat(),
                "day_index": k,
                "bearing_deg": round(b, 5),
                "row": row,
                "name_shift_days": shift,
            }
        )
    keep = keepouts_near_ring(labels.regions(), cal.center, circles.inner_r - 1.0, circles.inner_r)
    add_circle(part, Circle(*cal.center, circles.inner_r), "heavy", keep)
    cal.meta["festivals"] = records


def _place_feast_name(
    labels: Labels, text: str, cal: CalendarDrawing, k: int, radius: float, scale: float
) -> float | None:
    """Centre the name on its day, else up to four days either side; the shift (days)."""
    for shift in (0.0, 0.5, -0.5, 1.0, -1.0, 1.5, -1.5, 2.0, -2.0, 3.0, -3.0, 4.0, -4.0):
        if ring_label(labels, text, cal.center, cal.bearing(k + 0.5 + shift), radius, scale=scale):
            return shift
    return None


# --------------------------------------------------------------------------- the four lines


def line_names(
    part: Part, labels: Labels, center: Point, rho_mm: float, cap_mm: float, lines: list[Segment]
) -> dict[str, bool]:
    """The Latin names of the lines inside the rings (I §4-5), near the rim: MERIDIES down the
    south line, ORIENS on the left (east), OCCIDENS on the right (west); then ``lines`` (the
    parts of the cross of the south and east-west lines not drawn by another scale), broken
    around every label. Returns which names found room."""
    cx, cy = center
    scale = cap_mm / labels.cap_height_mm
    inset = rho_mm - 1.0
    placed = {}
    words: tuple[tuple[str, Point, float, HAlign], ...] = (
        ("ORIENS", (cx - inset, cy - cap_mm / 2.0 - 0.6), 0.0, "left"),
        ("OCCIDENS", (cx + inset, cy - cap_mm / 2.0 - 0.6), 0.0, "right"),
        ("MERIDIES", (cx + cap_mm / 2.0 + 0.6, cy - inset), 90.0, "left"),
    )
    for name, anchor, rotation, halign in words:
        box = labels.place(name, anchor, rotation_deg=rotation, halign=halign, scale=scale)
        placed[name] = box is not None
    keep = labels.regions()
    for seg in lines:
        part.extend("SCORE", clip_segment(seg, keep), "normal")
    return placed
