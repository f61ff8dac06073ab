"""The instrument's seasons against the real sky: candidates and real eclipses, with verdicts.

A *candidate* is a new moon in a solar season or a full moon in a lunar season. Each real
eclipse found by astronomy-engine belongs to the syzygy within a day of its peak. Verdicts:

- ``eclipse in season``: a candidate that gave its eclipse (solar, or umbral lunar);
- ``penumbral only``: a lunar candidate that gave a penumbral eclipse alone;
- ``no eclipse``: a candidate that gave none;
- ``MISSED: eclipse outside the seasons``: a solar or umbral lunar eclipse whose peak date lies
  in no season of its kind. This would mean the limits are wrong; it should never happen;
- ``penumbral, outside the lunar limits``: a penumbral eclipse beyond the lunar limits, which
  cover umbral eclipses only.

Whether a date lies in a season is judged on the eclipse's peak date, or on the syzygy's date
when there is no eclipse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..astro.eclipse_limits import LUNAR, SOLAR
from ..astro.nodes import RealEclipse, Syzygy
from .model import CalendarModel, Season, sun_node_deg

MATCH_WINDOW = dt.timedelta(days=1)
VERDICTS = (
    "eclipse in season",
    "penumbral only",
    "no eclipse",
    "MISSED: eclipse outside the seasons",
    "penumbral, outside the lunar limits",
)


@dataclass(frozen=True)
class Row:
    """One syzygy that is a candidate or that gave an eclipse."""

    syzygy: Syzygy
    kind: str  # solar (new moon) or lunar (full moon)
    node: str  # the end of the dragon nearer the Sun
    sun_node_deg: float  # Sun minus that node, as the instrument reads it at the syzygy
    zone: str  # "minor" (eclipse certain), "major" (possible) or "outside"
    season: Season | None
    eclipse: RealEclipse | None
    verdict: str


def _zone(kind: str, s_deg: float) -> str:
    limit = SOLAR if kind == "solar" else LUNAR
    if abs(s_deg) < limit.minor_deg:
        return "minor"
    return "major" if abs(s_deg) < limit.major_deg else "outside"


def _verdict(season: Season | None, eclipse: RealEclipse | None) -> str:
    if eclipse is None:
        return "no eclipse"
    if season is None:
        return "MISSED: eclipse outside the seasons" if eclipse.umbral else VERDICTS[4]
    return "eclipse in season" if eclipse.umbral else "penumbral only"


def judge(
    syzygies: list[Syzygy],
    eclipses: list[RealEclipse],
    seasons: list[Season],
    ring: CalendarModel,
) -> list[Row]:
    """Rows for every candidate and every real eclipse, in time order."""
    rows: list[Row] = []
    for syz in syzygies:
        kind = "solar" if syz.phase == "new" else "lunar"
        eclipse = next(
            (e for e in eclipses if e.body == kind and abs(e.peak_utc - syz.utc) <= MATCH_WINDOW),
            None,
        )
        date = (eclipse.peak_utc if eclipse else syz.utc).date()
        season = next((s for s in seasons if s.kind == kind and s.holds(date)), None)
        if season is None and eclipse is None:
            continue
        node, s_deg = sun_node_deg(syz.utc, ring)
        rows.append(
            Row(
                syz,
                kind,
                node,
                s_deg,
                _zone(kind, s_deg),
                season,
                eclipse,
                _verdict(season, eclipse),
            )
        )
    return rows


def unmatched(eclipses: list[RealEclipse], rows: list[Row]) -> list[RealEclipse]:
    """Real eclipses that no syzygy claimed (none expected: a check on the matching)."""
    claimed = {id(r.eclipse) for r in rows if r.eclipse is not None}
    return [e for e in eclipses if id(e) not in claimed]
