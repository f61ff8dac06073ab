"""The node-year scale on the back: where the dragon's head goes on a given date.

A mark for each of the 19 years from the instrument's epoch year stands at the ecliptic
longitude of the Moon's mean ascending node on 1 January (0 h UT) of that year
(``astro.nodes``, Meeus eq. 47.7). It is drawn at the zodiac ring's bearing, 270 + lambda
(``back_calendar.ecliptic_bearing_deg``). The node regresses about 19.34° a year, so the
marks run counter-clockwise on the back as seen, and 19 years take a little more than one
turn (18.61 years). Between the marks stand ticks for the first of each month, or of each
quarter when monthly ticks would crowd. They are the same mean node on the 1st of that
month, so setting the dragon's head on today's place between two marks sets it on today's
mean node.

Where the last year passes the first year's mark (after July of the 19th year), its month
ticks stop. For later years, use the mark of 19 years earlier and turn the head a further
19 x 19.34 - 360 = 7.5° in the node's direction (counter-clockwise on the back as seen).

Layout, from the calendar ring inwards: the year labels, then the ticks standing on the
*reading circle*, which the dragon's nose touches from inside.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from ..astro.nodes import REGRESSION_DEG_PER_YEAR, mean_node_at
from ..geometry.primitives import Circle, Point, Segment
from ..scene import Part, Weight
from .back_calendar import ecliptic_bearing_deg
from .labels import Labels
from .mater import LABEL_PAD_MM
from .scales import add_circle, keepouts_near_ring, point_at, ring_label

#: Years on the scale (one turn of the node holds one cycle of 18.61 years).
NODE_YEARS = 19
#: Month ticks of the last year stop this far (deg) before reaching the first year's mark.
WRAP_CLEARANCE_DEG = 0.8


@dataclass(frozen=True)
class NodeRingBand:
    """Radii of the node-year scale (mm, about the pivot): the reading circle the ticks stand
    on, tick length, the labels' centre circle and cap height, and the top of the band."""

    reading_r: float
    tick_mm: float
    label_r: float
    cap: float
    outer_r: float


def node_ring_band(outer_r: float, cap: float, tick_mm: float) -> NodeRingBand:
    """Labels just inside ``outer_r``, ticks below them, the reading circle at the bottom."""
    pad = LABEL_PAD_MM
    return NodeRingBand(
        reading_r=outer_r - cap - 2.0 * pad - tick_mm,
        tick_mm=tick_mm,
        label_r=outer_r - pad - cap / 2.0,
        cap=cap,
        outer_r=outer_r,
    )


@dataclass(frozen=True)
class NodeMark:
    """A tick of the scale: date (1st of a month, 0 h UT), mean node longitude, its level."""

    date: dt.date
    lon_deg: float
    level: str  # year, quarter, month


def node_marks(first_year: int) -> list[NodeMark]:
    """Year marks for ``NODE_YEARS`` years from ``first_year`` and the months between them,
    the last year's stopping short of the first mark (see module doc)."""
    start = dt.date(first_year, 1, 1)
    first_lon = _node(start)
    marks: list[NodeMark] = []
    for year in range(first_year, first_year + NODE_YEARS):
        for month in range(1, 13):
            date = dt.date(year, month, 1)
            lon = _node(date)
            if regression_deg(first_lon, lon, (date - start).days) > 360.0 - WRAP_CLEARANCE_DEG:
                continue
            level = "year" if month == 1 else "quarter" if month in (4, 7, 10) else "month"
            marks.append(NodeMark(date, lon, level))
    return marks


def regression_deg(first_lon: float, lon: float, days: float) -> float:
    """How far (deg, unwrapped) the node has regressed from ``first_lon`` to ``lon`` in
    ``days`` days: the mean rate picks the turn, the longitudes give the value."""
    approx = days / 365.25 * REGRESSION_DEG_PER_YEAR
    diff = (first_lon - lon - approx + 180.0) % 360.0 - 180.0
    return approx + diff


def _node(date: dt.date) -> float:
    return mean_node_at(dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC))


def _month_spacing_mm(band: NodeRingBand) -> float:
    return math.radians(REGRESSION_DEG_PER_YEAR / 12.0) * band.reading_r


def draw_node_ring(
    part: Part, labels: Labels, center: Point, band: NodeRingBand, first_year: int, spacing: float
) -> dict[str, Any]:
    """Ticks, year labels and the reading circle on the back; returns the manifest entry."""
    monthly = _month_spacing_mm(band) >= spacing
    quarterly = 3.0 * _month_spacing_mm(band) >= spacing
    lengths: dict[str, tuple[float, Weight]] = {
        "year": (band.tick_mm, "heavy"),
        "quarter": (0.7 * band.tick_mm, "normal"),
        "month": (0.45 * band.tick_mm, "fine"),
    }
    marks = [
        m
        for m in node_marks(first_year)
        if m.level == "year" or (m.level == "quarter" and quarterly) or monthly
    ]
    scale = band.cap / labels.cap_height_mm
    labelled = [
        m.date.year
        for m in marks
        if m.level == "year"
        and ring_label(
            labels,
            str(m.date.year),
            center,
            ecliptic_bearing_deg(m.lon_deg),
            band.label_r,
            scale=scale,
        )
    ]
    for m in marks:
        length, weight = lengths[m.level]
        b = ecliptic_bearing_deg(m.lon_deg)
        tick = Segment(
            point_at(center, b, band.reading_r), point_at(center, b, band.reading_r + length)
        )
        part.add("SCORE", tick, weight)
    keep = keepouts_near_ring(labels.regions(), center, band.reading_r - 1.0, band.reading_r + 1.0)
    add_circle(part, Circle(*center, band.reading_r), "normal", keep)
    return {
        "formula": "bearing = 270 + Omega, Omega the longitude of the Moon's mean ascending "
        "node (Meeus, Astronomical Algorithms, eq. 47.7) at 0h UT of the date",
        "reading_radius_mm": round(band.reading_r, 6),
        "years": {str(m.date.year): round(m.lon_deg, 4) for m in marks if m.level == "year"},
        "labelled_years": labelled,
        "between_marks": "monthly" if monthly else "quarterly" if quarterly else "none",
        "wrap": "the last year's month ticks stop before the first year's mark; for later "
        "years use the mark of 19 years before and turn the head 7.5 deg further "
        "(counter-clockwise as seen)",
    }
