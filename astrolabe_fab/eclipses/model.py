"""Eclipse seasons as the instrument models them: the calendar ring, the mean node and the
limits engraved on the dragon.

A season is a run of dates on which the Sun stands inside an engraved limit around one end
of the dragon: solar seasons inside the solar arcs, lunar seasons inside the lunar ones.
"head" names the ascending node and "tail" the descending one.

- **Sun.** The Sun's longitude comes from the calendar ring of the instrument's epoch year.
  A date of any other year is read at the same month and day. Each date is a cell on the
  ring, from its 0 h UT mark to the next one (concentric ring: the Sun's apparent longitude
  at 0 h UT, astronomy-engine; eccentric ring: uniform days on the eccentric circle, seen
  from the pivot, ``parts.back_calendar``). 29 February has no cell on the ring of a common
  year, so it is read at the 1 March mark.
- **Node.** The mean ascending node (Meeus eq. 47.7, ``astro.nodes``), which the node-year
  scale on the back gives on 1 January of each year, with the months in between.
- **In season.** A date is in a season when its cell reaches inside the limit. Writing
  s = lambda_sun - Omega (- 180 for the tail), wrapped into (-180, 180], s runs from s0 at
  the cell's start to s1 at its end, and the date is in the season when s1 > -L and s0 < L.
  This is the reading on the instrument: some part of that date's cell lies inside the arc.

A season of half-width L lasts about 2 L / 1.0386 days, because the Sun gains 360° on the
node in one eclipse year of 346.62 days. There are two such seasons of each kind a year, so
the seasons of a kind cover about L / 90 of the days (20.6 % for the solar 18.5°). Reading a
whole day's cell adds about half a day at each end.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import cache

from ..astro.eclipse_limits import LIMITS, EclipseLimit
from ..astro.nodes import mean_node_at
from ..design import CALENDAR_KINDS, Design
from ..errors import InputError
from ..parts.back_calendar import (
    eccentric_bearing_from_pivot,
    eccentric_calendar,
    sun_year,
    unwrap_deg,
)

NODES = (("head", 0.0), ("tail", 180.0))


def wrap180(angle_deg: float) -> float:
    """An angle in (-180, 180]."""
    a = math.fmod(angle_deg, 360.0)
    if a > 180.0:
        a -= 360.0
    elif a <= -180.0:
        a += 360.0
    return a


@dataclass(frozen=True)
class CalendarModel:
    """The calendar ring: the Sun's longitude at the start (0 h UT) of every day of the ring's
    year and of the next 1 January (unwrapped, degrees), as the back draws them."""

    year: int
    kind: str
    day_start_lon_deg: tuple[float, ...]

    def day_index(self, date: dt.date) -> int:
        """The ring's cell for a date of any year (same month and day; 29 February of a leap
        year on a common year's ring is read at the 1 March mark)."""
        try:
            same = dt.date(self.year, date.month, date.day)
        except ValueError:
            same = dt.date(self.year, 3, 1)
        return (same - dt.date(self.year, 1, 1)).days

    def longitude_deg(self, date: dt.date, fraction: float) -> float:
        """Sun's longitude read on the ring at ``fraction`` (0 to 1) of a date's cell: linear
        between the day marks (the Sun's motion is uniform within a day to 1e-5 deg)."""
        k = self.day_index(date)
        if date.month == 2 and date.day == 29 and not _is_leap(self.year):
            fraction = 0.0
        a, b = self.day_start_lon_deg[k], self.day_start_lon_deg[k + 1]
        return (a + fraction * (b - a)) % 360.0


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


@cache
def calendar_model(epoch: float, kind: str) -> CalendarModel:
    """The calendar ring of an instrument of this epoch (year = integer part) and kind."""
    if kind not in CALENDAR_KINDS:
        raise InputError(f"unknown calendar {kind!r}: choose concentric or eccentric")
    year = sun_year(math.floor(epoch))
    if kind == "concentric":
        lons = list(year.lon_deg)
    else:
        pivot = (0.0, 0.0)
        ecc = eccentric_calendar(pivot, 1.0, Design(0.0, epoch=epoch), year)
        lons = [eccentric_bearing_from_pivot(ecc, pivot, k) - 270.0 for k in range(len(year.days))]
    return CalendarModel(year.year, kind, tuple(unwrap_deg(lons)))


@dataclass(frozen=True)
class Season:
    """Dates on which the Sun stands inside one limit around one node."""

    kind: str  # solar or lunar
    node: str  # head (ascending) or tail (descending)
    limit_deg: float
    start: dt.date
    end: dt.date
    #: the date whose cell holds the Sun's passage of the node (None if cut off by the span)
    passage: dt.date | None
    #: the node's longitude (mean node, that end of the dragon) at the start of the passage
    #: date, or at the middle of the season when the passage lies outside the span
    node_lon_deg: float
    #: whether the span cuts the season (it may begin before or end after it)
    cut: bool

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def label(self) -> str:
        return f"{self.start:%Y-%m}-{self.kind}"

    def holds(self, date: dt.date) -> bool:
        return self.start <= date <= self.end


@dataclass(frozen=True)
class DayCell:
    """One date: s = Sun minus node at the start and end of its cell, for each node."""

    date: dt.date
    s0: dict[str, float]
    s1: dict[str, float]


def day_cells(first: dt.date, last: dt.date, ring: CalendarModel) -> list[DayCell]:
    """The cells of every date from ``first`` to ``last`` (inclusive)."""
    out = []
    node_next = mean_node_at(dt.datetime(first.year, first.month, first.day, tzinfo=dt.UTC))
    for k in range((last - first).days + 1):
        date = first + dt.timedelta(days=k)
        after = date + dt.timedelta(days=1)
        node0 = node_next
        node_next = mean_node_at(dt.datetime(after.year, after.month, after.day, tzinfo=dt.UTC))
        lon0, lon1 = ring.longitude_deg(date, 0.0), ring.longitude_deg(date, 1.0)
        s0 = {name: wrap180(lon0 - node0 - off) for name, off in NODES}
        s1 = {name: wrap180(lon1 - node_next - off) for name, off in NODES}
        out.append(DayCell(date, s0, s1))
    return out


def inside(cell: DayCell, node: str, limit_deg: float) -> bool:
    """Whether some part of the date's cell lies inside the limit about ``node``."""
    s0, s1 = cell.s0[node], cell.s1[node]
    if abs(s0) > 90.0:  # far from this node (and s may wrap at 180)
        return False
    return s1 > -limit_deg and s0 < limit_deg


def seasons(cells: list[DayCell], limit: EclipseLimit) -> list[Season]:
    """The runs of dates inside the major limit of one kind, about either node, by date."""
    out: list[Season] = []
    for node, _off in NODES:
        run: list[DayCell] = []
        for cell in [*cells, None]:
            if cell is not None and inside(cell, node, limit.major_deg):
                run.append(cell)
                continue
            if run:
                out.append(_season(run, node, limit, cells))
                run = []
    return sorted(out, key=lambda s: s.start)


def _season(run: list[DayCell], node: str, limit: EclipseLimit, cells: list[DayCell]) -> Season:
    passage = next((c for c in run if c.s0[node] <= 0.0 < c.s1[node]), None)
    ref = passage or run[len(run) // 2]
    off = dict(NODES)[node]
    node_lon = mean_node_at(dt.datetime(ref.date.year, ref.date.month, ref.date.day, tzinfo=dt.UTC))
    return Season(
        kind=limit.kind,
        node=node,
        limit_deg=limit.major_deg,
        start=run[0].date,
        end=run[-1].date,
        passage=passage.date if passage else None,
        node_lon_deg=(node_lon + off) % 360.0,
        cut=run[0] is cells[0] or run[-1] is cells[-1],
    )


def all_seasons(first: dt.date, last: dt.date, ring: CalendarModel) -> list[Season]:
    """Solar and lunar seasons of the span, by start date."""
    cells = day_cells(first, last, ring)
    out = [s for limit in LIMITS for s in seasons(cells, limit)]
    return sorted(out, key=lambda s: (s.start, s.kind))


def sun_node_deg(when: dt.datetime, ring: CalendarModel) -> tuple[str, float]:
    """The nearer node and the Sun's signed distance from it (deg) at a moment, as the
    instrument reads them: ring longitude at that fraction of the date's cell, mean node."""
    utc = when.astimezone(dt.UTC)
    date = utc.date()
    fraction = (utc - dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)) / dt.timedelta(
        days=1
    )
    s = wrap180(ring.longitude_deg(date, fraction) - mean_node_at(utc))
    return ("head", s) if abs(s) <= 90.0 else ("tail", wrap180(s - 180.0))
