"""The user's instructions for the dragon, with a worked example for the instrument's own year.

Content only (a ``scene.TextPage``: title, paragraphs, a table of readings). The PDF writer
lays it out on a page,
and the README carries the same walk-through. The example is the first eclipse season of the
instrument's epoch year, as the instrument shows it (``eclipses.study``). Its numbers are the
readings the user should find: the node's place on the node-year scale, the Sun's longitude
on the zodiac ring, the dates the alidade enters and leaves the arcs, and the new and full
moons with the real eclipses (astronomy-engine).
"""

from __future__ import annotations

import datetime as dt

from ..astro.eclipse_limits import LUNAR, SOLAR
from ..astro.nodes import mean_node_at
from ..design import Design
from ..parts.back_calendar import SIGNS, calendar_kind, epoch_year
from ..scene import TextPage
from .model import CalendarModel, Season, sun_node_deg
from .study import EclipseStudy, run_study

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def zodiac_text(lon_deg: float) -> str:
    """342.2 -> '342.2° (Pisces 12.2°)': the longitude and its place in its sign."""
    lon = lon_deg % 360.0
    return f"{lon:.1f}° ({SIGNS[int(lon // 30.0) % 12].title()} {lon % 30.0:.1f}°)"


def day_text(date: dt.date) -> str:
    return f"{date.day} {MONTH_NAMES[date.month - 1]} {date.year}"


def node_setting_text(date: dt.date) -> str:
    """Where the nose goes on the node-year scale for a date: the month's tick after the
    year's mark, and how far towards the next month's tick."""
    month = MONTH_NAMES[date.month - 1]
    place = f"the {date.year} mark" if date.month == 1 else f"the {month} tick after {date.year}"
    into = round((date.day - 1) / 30.0 * 10.0) / 10.0
    if into < 0.1:
        return place
    return f"{into:g} of the way from {place} to the next tick"


def _noon(date: dt.date) -> dt.datetime:
    return dt.datetime(date.year, date.month, date.day, 12, tzinfo=dt.UTC)


def _ring_lon(ring: CalendarModel, date: dt.date) -> float:
    return ring.longitude_deg(date, 0.5)


def dragon_guide(design: Design) -> TextPage:
    """The instruction page for a design with the dragon."""
    year = epoch_year(design)
    study = run_study(year, 1, design.epoch, calendar_kind(design))
    paragraphs = (
        "The dragon turns on the pivot between the back of the mater and the alidade. Its "
        "head (☊) marks the Moon's ascending node, its tail (☋) the descending node: the two "
        "places where the Moon's path crosses the Sun's. An eclipse can only happen when the "
        f"Sun is near one of them: a solar eclipse at a new moon with the Sun within "
        f"{SOLAR.major_deg:g}° of a node, a partial or total lunar eclipse at a full moon "
        f"within {LUNAR.major_deg:g}°.",
        "On each end the outer arc (SOLAR) and the inner arc (LUNAR) are these limits. The "
        f"long ticks that end the arcs are the major limits: no eclipse beyond them. The short "
        f"ticks ({SOLAR.minor_deg:g}° and {LUNAR.minor_deg:g}°) are the minor limits: within "
        "them an eclipse is certain at the new or full moon. Faint penumbral lunar eclipses "
        "are not covered; they can happen anywhere within the solar arcs (limits after "
        "Meeus and the classical tables; checked with astronomy-engine, 1900-2100).",
        "Assembly: the dragon goes on the screw between the back of the mater and the "
        "alidade, its lettering facing you as you look at the back.",
        "1. Set the head. The node-year scale just inside the calendar ring has a long mark "
        f"for 1 January of each year from {year} to {year + 18} and a tick for the first of "
        "each month (each quarter on small instruments). The node moves backwards, about "
        "19.3° a year. Turn the dragon until its nose points at today's place on that scale.",
        "2. Lay the alidade's edge on today's date on the calendar ring. The edge now shows "
        "the Sun's longitude on the zodiac ring.",
        "3. Read. If the edge crosses an arc between its long ticks, the Sun is inside that "
        "limit: a solar eclipse is possible at the next new moon (solar arc), a lunar eclipse "
        "at the next full moon (lunar arc; the full Moon then stands at the other end of the "
        "dragon). The dates on which the edge enters and leaves an arc bound the season.",
    )
    return TextPage(
        "The dragon: eclipse seasons",
        paragraphs,
        _example(study),
        (
            f"After {year + 18}: use the mark of 19 years before and turn the head 7.5° further "
            "along the scale (past the earlier marks). astrofab eclipses --from YEAR --years N "
            "lists the seasons this instrument shows and the eclipses that really happen.",
        ),
    )


def _example(study: EclipseStudy) -> tuple[tuple[str, ...], ...]:
    """The first solar season of the year with its lunar season, step by step, by date."""
    solar = next(s for s in study.seasons if s.kind == "solar" and not s.cut)
    lunar = next(
        (s for s in study.seasons if s.kind == "lunar" and solar.start <= s.start <= solar.end),
        None,
    )
    ring = study.ring
    end = solar.node
    node0 = mean_node_at(_noon(solar.start)) + (0.0 if end == "head" else 180.0)
    steps: list[tuple[dt.date, tuple[str, ...]]] = [
        (
            solar.start,
            (
                day_text(solar.start),
                f"Nose at {node_setting_text(solar.start)}; alidade on the date.",
                f"Node ({end}) at {zodiac_text(node0)}; Sun at "
                f"{zodiac_text(_ring_lon(ring, solar.start))}: the edge reaches the end of the "
                f"solar arc at the {end}. The solar season begins.",
            ),
        )
    ]
    if lunar is not None:
        steps.append(_season_row(lunar.start, "enters the lunar arc: the lunar season begins."))
        steps.append(_season_row(lunar.end, "leaves the lunar arc: the lunar season ends."))
    if solar.passage is not None:
        steps.append(
            _season_row(solar.passage, f"lies on the {end}'s centre line: Sun at the node.")
        )
    steps.append(_season_row(solar.end, "leaves the solar arc: the solar season ends."))
    steps += _moon_rows(study, solar, lunar)
    rows = [row for _, row in sorted(steps, key=lambda s: s[0])]
    nxt = next((s for s in study.seasons if s.kind == "solar" and s.start > solar.end), None)
    if nxt is not None:
        rows.append(
            (
                day_text(nxt.start),
                "The next season, at the other end.",
                f"{nxt.node.title()}: solar season {day_text(nxt.start)} to {day_text(nxt.end)}.",
            )
        )
    return (("date", "what to do", "what you read"), *rows)


def _season_row(date: dt.date, what: str) -> tuple[dt.date, tuple[str, ...]]:
    return date, (day_text(date), "Nose and alidade set for the date.", f"The edge {what}")


def _moon_rows(
    study: EclipseStudy, solar: Season, lunar: Season | None
) -> list[tuple[dt.date, tuple[str, ...]]]:
    """The new moons of the solar season and the full moons of the lunar one, with what
    the instrument says and what happened."""
    rows: list[tuple[dt.date, tuple[str, ...]]] = []
    for r in study.rows:
        season = solar if r.kind == "solar" else lunar
        if season is None or r.season != season:
            continue
        moon = "New moon" if r.syzygy.phase == "new" else "Full moon"
        zone = {
            "minor": "inside the short ticks: an eclipse is certain",
            "major": "between the short and long ticks: an eclipse is possible",
            "outside": "outside the arc",
        }[r.zone]
        happened = (
            f"{_article(r.eclipse.kind)} {r.eclipse.kind} {r.kind} eclipse "
            f"({r.eclipse.peak_utc:%H:%M} UT)"
            if r.eclipse
            else "no eclipse"
        )
        node, s = sun_node_deg(r.syzygy.utc, study.ring)
        date = r.syzygy.utc.date()
        rows.append(
            (
                date,
                (
                    day_text(date),
                    f"{moon} ({r.syzygy.utc:%H:%M} UT, from an almanac); set the date.",
                    f"Sun {abs(s):.1f}° from the {node}, {zone}. It happened: {happened}.",
                ),
            )
        )
    return rows


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"
