"""A simulation written out: the log in either layout of SPEC §5, and the truth behind it."""

from __future__ import annotations

import math

from astrolabe_fab.astro import planets as planet_ephemeris
from astrolabe_fab.reduce.csv_text import csv_text
from astrolabe_fab.reduce.simulate import SimSession

TRUTH_COLUMNS = (
    "session",
    "recorded_utc",
    "true_utc",
    "clock_error_min",
    "time_fault_min",
    "lst_h",
    "session_faults",
    "object",
    "true_object",
    "altitude_deg",
    "true_altitude_deg",
    "misread_deg",
    "zero_point_deg",
    "side",
    "logged_side",
    "azimuth_deg",
    "ra_h",
    "dec_deg",
    "ecliptic_lon_deg",
    "sighting_fault",
)
"""The truth file: one row per sighting. ``session_faults`` lists every fault injected into
the session (its timestamp and its sightings'), ``sighting_fault`` this sighting's own."""


def session_labels(sessions: list[SimSession]) -> list[str]:
    """Labels as the long layout writes them (S0001, ...), in the simulation's order."""
    return [f"S{i + 1:04d}" for i in range(len(sessions))]


def _objects_in_order(sessions: list[SimSession]) -> list[str]:
    names = {s.object for session in sessions for s in session.sightings}
    fixed = ["Sun", "Moon", *planet_ephemeris.ALL_PLANETS]
    return [n for n in fixed if n in names] + sorted(n for n in names if n not in fixed)


def _fmt(value: float, digits: int = 2) -> str:
    return "" if not math.isfinite(value) else f"{value:.{digits}f}"


def to_wide_csv(
    sessions: list[SimSession],
    with_azimuth: bool = False,
    digits: int = 2,
    with_place: bool = True,
) -> str:
    """The wide layout of SPEC §5: one row per session (times to the minute, altitudes to
    ``digits`` decimals; ``with_place``: the Latitude and Longitude columns; azimuths as
    logged, wrong side included)."""
    objects = _objects_in_order(sessions)
    header = ["UTC date", "UTC time"] + (["Latitude", "Longitude"] if with_place else [])
    for name in objects:
        header.append(f"{name} elevation")
        if with_azimuth:
            header.append(f"{name} azimuth")
    rows = []
    for session in sessions:
        t = session.recorded_utc
        row = [f"{t.month}/{t.day}/{t.year}", t.strftime("%H:%M")]
        if with_place:
            row += [_fmt(session.latitude_deg, 4), _fmt(session.longitude_deg, 4)]
        seen = {s.object: s for s in session.sightings}
        for name in objects:
            s = seen.get(name)
            row.append(_fmt(s.altitude_deg, digits) if s else "")
            if with_azimuth:
                row.append(_fmt(s.logged_azimuth_deg, 1) if s else "")
        rows.append(row)
    return csv_text(header, rows)


def to_long_csv(
    sessions: list[SimSession],
    with_side: bool = True,
    with_azimuth: bool = False,
    digits: int = 3,
) -> str:
    """The long layout of SPEC §5: one row per sighting, with ``side`` (and azimuth) as
    logged (wrong sides included)."""
    header = ["session", "utc", "object", "altitude_deg", "latitude_deg", "longitude_deg"]
    if with_side:
        header.append("side")
    if with_azimuth:
        header.append("azimuth_deg")
    rows = []
    for label, session in zip(session_labels(sessions), sessions, strict=True):
        utc = session.recorded_utc.strftime("%Y-%m-%dT%H:%M:%SZ")
        for s in session.sightings:
            row = [label, utc, s.object, _fmt(s.altitude_deg, digits)]
            row += [_fmt(session.latitude_deg, 4), _fmt(session.longitude_deg, 4)]
            if with_side:
                row.append(s.logged_side)
            if with_azimuth:
                row.append(_fmt(s.logged_azimuth_deg, 1))
            rows.append(row)
    return csv_text(header, rows)


def truth_csv(sessions: list[SimSession]) -> str:
    """The truth behind a simulation, one row per sighting, every injected fault recorded."""
    rows = []
    for label, session in zip(session_labels(sessions), sessions, strict=True):
        faults = "; ".join(session.faults)
        for s in session.sightings:
            rows.append(
                [
                    label,
                    session.recorded_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    session.true_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
                    _fmt(session.clock_error_min, 3),
                    _fmt(session.time_fault_min, 0),
                    _fmt(session.lst_h, 5),
                    faults,
                    s.object,
                    s.true_object,
                    _fmt(s.altitude_deg, 3),
                    _fmt(s.true_altitude_deg, 4),
                    _fmt(s.misread_deg, 2),
                    _fmt(session.zero_point_deg, 3),
                    s.side,
                    s.logged_side,
                    _fmt(s.azimuth_deg, 2),
                    _fmt(s.ra_h, 5),
                    _fmt(s.dec_deg, 4),
                    "" if s.ecliptic_lon_deg is None else _fmt(s.ecliptic_lon_deg, 4),
                    s.fault,
                ]
            )
    return csv_text(TRUTH_COLUMNS, rows)
