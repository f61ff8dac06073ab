"""What a reduction returns: one row per session and per planet sighting, the summary, and
the orbit fits (the content of SPEC §6's files and plots)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from astrolabe_fab.reduce import orbits


@dataclass
class SessionResult:
    """One session's reduction (the columns of sessions.csv and diagnostics)."""

    session: str
    utc: dt.datetime
    n_sightings: int
    lst_h: float = math.nan
    apparent_time_h: float = math.nan
    eot_min: float = math.nan
    mean_time_h: float = math.nan
    clock_minus_mean_min: float = math.nan
    longitude_deg: float = math.nan
    rms_deg: float = math.nan
    ambiguous: bool = False
    dropped: list[str] = field(default_factory=list)
    flag: str = ""
    latitude_deg: float = math.nan
    lst_sigma_min: float = math.nan
    resolved_by: str = ""
    time_error_min: float = math.nan
    site: str = ""
    by_day: bool = False
    minima: list[dict[str, float]] = field(default_factory=list)


@dataclass
class PlanetResult:
    """One planet sighting's place (the columns of planets.csv and diagnostics)."""

    session: str
    utc: dt.datetime
    object: str
    ra_h: float = math.nan
    dec_deg: float = math.nan
    ecliptic_lon_deg: float = math.nan
    sun_relative_ra_h: float = math.nan
    root: str = ""
    other_ecliptic_lon_deg: float = math.nan
    crossing_ecliptic_lon_deg: float = math.nan
    sigma_deg: float = math.nan
    days: float = math.nan


@dataclass
class Reduction:
    """Everything ``report`` and ``plots`` write."""

    sessions: list[SessionResult]
    planets: list[PlanetResult]
    summary: dict[str, object]
    orbit_fits: dict[str, orbits.OrbitFit | None]
    recurrences: dict[str, orbits.Recurrence]
