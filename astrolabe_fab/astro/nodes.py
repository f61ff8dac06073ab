"""The Moon's nodes, new and full moons, and eclipses: the sky behind the dragon.

The instrument models the ascending node by its *mean* motion. Its longitude is given by Meeus,
"Astronomical Algorithms" (2nd ed., 1998), eq. 47.7:

    Omega = 125.0445479 - 1934.1362891 T + 0.0020754 T^2 + T^3 / 467441 - T^4 / 60616000

in degrees, T in Julian centuries of TT from J2000.0. The node regresses by about 19.35 deg
a year (one turn in 18.61 years). The *true* node swings about the mean one by up to
1.7 deg, with a period of 173 days (Meeus, ch. 47, the terms after eq. 47.7).

Everything else comes from astronomy-engine (Don Cross, MIT), through this module only:
- node crossings (``SearchMoonNode``/``NextMoonNode``). At a crossing the Moon is on the
  ecliptic, so its ecliptic longitude (true equinox of date) is where the node really was;
- new and full moons (``SearchMoonPhase``);
- lunar eclipses and global solar eclipses (``SearchLunarEclipse``,
  ``SearchGlobalSolarEclipse`` and their ``Next`` forms). Their kinds are penumbral,
  partial and total for the Moon, and partial, annular and total for the Sun.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import astronomy

from .sky import time_from_datetime

#: Julian days per Julian century.
DAYS_PER_CENTURY = 36525.0
#: Mean regression of the node, degrees per Julian year (Meeus eq. 47.7: 1934.136 / 100).
REGRESSION_DEG_PER_YEAR = 19.341362891

EclipseBody = Literal["solar", "lunar"]


def mean_ascending_node_deg(time: astronomy.Time) -> float:
    """Longitude of the Moon's mean ascending node, degrees in [0, 360) (Meeus eq. 47.7)."""
    t = time.tt / DAYS_PER_CENTURY
    omega = 125.0445479 - 1934.1362891 * t + 0.0020754 * t * t + t**3 / 467441.0 - t**4 / 60616000.0
    return omega % 360.0


def mean_node_at(when: dt.datetime) -> float:
    """Mean ascending node (degrees) at a moment given as a datetime (naive = UTC)."""
    return mean_ascending_node_deg(time_from_datetime(when))


def node_year_longitudes(first_year: int, count: int) -> list[tuple[int, float]]:
    """(year, mean ascending node on 1 January 0 h UT of that year) for ``count`` years."""
    return [
        (year, mean_node_at(dt.datetime(year, 1, 1, tzinfo=dt.UTC)))
        for year in range(first_year, first_year + count)
    ]


def _utc(time: astronomy.Time) -> dt.datetime:
    return time.Utc().replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class NodeCrossing:
    """The Moon crossing the ecliptic: when, which node, and at what ecliptic longitude."""

    utc: dt.datetime
    ascending: bool
    longitude_deg: float


def node_crossings(start: dt.datetime, end: dt.datetime) -> list[NodeCrossing]:
    """Every node crossing of the Moon from ``start`` to ``end`` (astronomy-engine)."""
    stop = time_from_datetime(end).ut
    event = astronomy.SearchMoonNode(time_from_datetime(start))
    out: list[NodeCrossing] = []
    while event.time.ut < stop:
        lon = astronomy.EclipticGeoMoon(event.time).lon % 360.0
        out.append(
            NodeCrossing(_utc(event.time), event.kind == astronomy.NodeEventKind.Ascending, lon)
        )
        event = astronomy.NextMoonNode(event)
    return out


@dataclass(frozen=True)
class Syzygy:
    """A new moon (``phase`` "new") or a full moon ("full")."""

    utc: dt.datetime
    phase: Literal["new", "full"]


def syzygies(start: dt.datetime, end: dt.datetime) -> list[Syzygy]:
    """Every new and full moon from ``start`` to ``end``, in time order (astronomy-engine;
    remembered per span: a build, the web designer and the tests ask for the same year)."""
    return list(_syzygies(start, end))


@lru_cache(maxsize=16)
def _syzygies(start: dt.datetime, end: dt.datetime) -> tuple[Syzygy, ...]:
    out: list[Syzygy] = []
    stop = time_from_datetime(end).ut
    for phase, angle in (("new", 0.0), ("full", 180.0)):
        time = astronomy.SearchMoonPhase(angle, time_from_datetime(start), 40.0)
        while time is not None and time.ut < stop:
            out.append(Syzygy(_utc(time), phase))  # type: ignore[arg-type]
            time = astronomy.SearchMoonPhase(angle, time.AddDays(20.0), 40.0)
    return tuple(sorted(out, key=lambda s: s.utc))


@dataclass(frozen=True)
class RealEclipse:
    """An eclipse found by astronomy-engine: peak time, Sun or Moon, and its kind."""

    peak_utc: dt.datetime
    body: EclipseBody
    kind: str  # penumbral, partial, annular, total

    @property
    def umbral(self) -> bool:
        """Whether it counts for the ecliptic limits: every solar eclipse; a lunar one only
        when the Moon enters the umbra (partial or total)."""
        return self.body == "solar" or self.kind != "penumbral"


def real_eclipses(start: dt.datetime, end: dt.datetime) -> list[RealEclipse]:
    """Every lunar and global solar eclipse with its peak from ``start`` to ``end``
    (remembered per span, as ``syzygies``)."""
    return list(_real_eclipses(start, end))


@lru_cache(maxsize=16)
def _real_eclipses(start: dt.datetime, end: dt.datetime) -> tuple[RealEclipse, ...]:
    stop = time_from_datetime(end).ut
    out: list[RealEclipse] = []
    lunar = astronomy.SearchLunarEclipse(time_from_datetime(start))
    while lunar.peak.ut < stop:
        out.append(RealEclipse(_utc(lunar.peak), "lunar", lunar.kind.name.lower()))
        lunar = astronomy.NextLunarEclipse(lunar.peak)
    solar = astronomy.SearchGlobalSolarEclipse(time_from_datetime(start))
    while solar.peak.ut < stop:
        out.append(RealEclipse(_utc(solar.peak), "solar", solar.kind.name.lower()))
        solar = astronomy.NextGlobalSolarEclipse(solar.peak)
    return tuple(sorted(out, key=lambda e: e.peak_utc))
