"""One run of the eclipse check: the instrument's seasons over a span of years, and the sky."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..astro.nodes import RealEclipse, Syzygy, real_eclipses, syzygies
from ..errors import InputError
from .model import CalendarModel, Season, all_seasons, calendar_model
from .verdict import Row, judge, unmatched

FIRST_YEAR, LAST_YEAR = 1600, 2500
MAX_YEARS = 200


@dataclass(frozen=True)
class EclipseStudy:
    """Seasons of the instrument from ``first`` to ``last`` (dates, inclusive), the new and
    full moons and real eclipses of the span, and the verdict rows."""

    first: dt.date
    last: dt.date
    ring: CalendarModel
    seasons: list[Season]
    syzygies: list[Syzygy]
    eclipses: list[RealEclipse]
    rows: list[Row]

    @property
    def total_days(self) -> int:
        return (self.last - self.first).days + 1

    def season_days(self, kind: str) -> int:
        """Days in the span that lie in some season of this kind."""
        return sum(s.days for s in self.seasons if s.kind == kind)

    def moons_in(self, season: Season) -> list[Syzygy]:
        """The new moons of a solar season, or the full moons of a lunar one."""
        phase = "new" if season.kind == "solar" else "full"
        return [z for z in self.syzygies if z.phase == phase and season.holds(z.utc.date())]


def check_span(from_year: int, years: int) -> None:
    if not FIRST_YEAR <= from_year <= LAST_YEAR:
        raise InputError(f"--from {from_year} is out of range: allowed {FIRST_YEAR} to {LAST_YEAR}")
    if not 1 <= years <= MAX_YEARS:
        raise InputError(f"--years {years} is out of range: allowed 1 to {MAX_YEARS}")


def run_study(from_year: int, years: int, epoch: float, calendar: str) -> EclipseStudy:
    """Seasons of the instrument (epoch, calendar kind) for ``years`` years from 1 January
    of ``from_year``, with the syzygies and eclipses of astronomy-engine."""
    check_span(from_year, years)
    ring = calendar_model(epoch, calendar)
    first, last = dt.date(from_year, 1, 1), dt.date(from_year + years, 1, 1) - dt.timedelta(1)
    seasons = all_seasons(first, last, ring)
    start = dt.datetime(from_year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(from_year + years, 1, 1, tzinfo=dt.UTC)
    pad = dt.timedelta(days=2)
    moons = syzygies(start - pad, end + pad)
    eclipses = real_eclipses(start - pad, end + pad)
    rows = [
        r
        for r in judge(moons, eclipses, seasons, ring)
        if start <= (r.eclipse.peak_utc if r.eclipse else r.syzygy.utc) < end
    ]
    inside = [e for e in eclipses if start <= e.peak_utc < end]
    lost = unmatched(inside, rows)
    if lost:  # an eclipse with no syzygy within a day: astronomy-engine and we disagree
        raise RuntimeError(f"eclipse without a new or full moon within a day: {lost[0]}")
    moons = [z for z in moons if start <= z.utc < end]
    return EclipseStudy(first, last, ring, seasons, moons, inside, rows)
