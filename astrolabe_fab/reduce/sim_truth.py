"""A reduction of a simulated log held against the simulation's truth: which flags fall on
injected faults, and which timestamp faults the sky could see at all (for the tests and
``benchmarks/acceptance_reduce.py``).

A timestamp fault is *visible* when no sidereal time within 5 min of the wrong clock's fits
the session's true (noise-free) altitudes of its truly named reference bodies, placed where
the reduction places them at the recorded time, within 4 sigma of the reading noise
(chi^2 > 16). A 24 h fault moves a star session by 3 min 56 s of sidereal time and a Sun
session by about a minute, so it is invisible unless the Moon was sighted; a fault that puts
the clock on a single sighting's mirror root is invisible too.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from astrolabe_fab.astro import sky
from astrolabe_fab.astro.planets import ALL_PLANETS
from astrolabe_fab.reduce.positions import Sky
from astrolabe_fab.reduce.results import Reduction, SessionResult
from astrolabe_fab.reduce.simulate import SimSession
from astrolabe_fab.reduce.solve import apparent_altitude_deg

VISIBLE_CHI2 = 16.0
CLOCK_TOLERANCE_MIN = 5.0

_KINDS = {"Sun": "sun", "Moon": "moon"}


def fault_visible(session: SimSession, noise_deg: float, sky_cache: Sky | None = None) -> bool:
    """Whether the sky can see the session's timestamp fault (module docstring)."""
    sky_cache = sky_cache or Sky()
    refs = [s for s in session.sightings if s.true_object not in ALL_PLANETS]
    when = session.recorded_utc
    lst0_h = sky.greenwich_sidereal_time_h(sky.time_from_datetime(when))
    lst0_h += session.longitude_deg / 15.0
    places = [
        sky_cache.body_ra_dec_parallax(s.true_object, _KINDS.get(s.true_object, "star"), when)
        for s in refs
    ]
    ra = np.radians([15.0 * p[0] for p in places])
    dec = np.radians([p[1] for p in places])
    parallax = np.array([p[2] for p in places], dtype=np.float64)
    true_alt = np.array([s.true_altitude_deg for s in refs], dtype=np.float64)
    lat = np.full(len(refs), math.radians(session.latitude_deg))
    best = math.inf
    for offset_min in np.linspace(-CLOCK_TOLERANCE_MIN, CLOCK_TOLERANCE_MIN, 11):
        lst = math.radians(15.0 * (lst0_h + offset_min / 60.0))
        model = apparent_altitude_deg(lst - ra, lat, dec, parallax)
        best = min(best, float(np.sum(((model - true_alt) / noise_deg) ** 2)))
    return best > VISIBLE_CHI2


def matched(
    truth: list[SimSession], reduction: Reduction
) -> list[tuple[SimSession, SessionResult]]:
    """Each reduced session with the simulated session behind it (by recorded time; the rare
    sessions sharing a minute are left out)."""
    by_time: dict[dt.datetime, list[SimSession]] = {}
    for s in truth:
        by_time.setdefault(s.recorded_utc, []).append(s)
    return [(by_time[r.utc][0], r) for r in reduction.sessions if len(by_time.get(r.utc, [])) == 1]


@dataclass
class FlagCheck:
    """Flags against the injected faults (counts of sessions)."""

    timestamp_faults: int = 0
    timestamp_flagged: int = 0
    visible_faults: int = 0
    visible_flagged: int = 0
    clean: int = 0
    clean_flagged: int = 0
    flagged: int = 0
    flagged_faulty: int = 0


def check_flags(truth: list[SimSession], reduction: Reduction, noise_deg: float) -> FlagCheck:
    """Count flagged sessions by their injected faults."""
    c = FlagCheck()
    sky_cache = Sky()
    for s, r in matched(truth, reduction):
        flagged = bool(r.flag)
        c.flagged += flagged
        c.flagged_faulty += flagged and bool(s.faults)
        if abs(s.time_fault_min) >= 60.0:
            visible = fault_visible(s, noise_deg, sky_cache)
            c.timestamp_faults += 1
            c.timestamp_flagged += flagged
            c.visible_faults += visible
            c.visible_flagged += flagged and visible
        if not s.faults:
            c.clean += 1
            c.clean_flagged += flagged
    return c
