"""Readers for sightings files (SPEC §5): the long layout (one sighting per row) and the wide
layout of published astrolabe logs (one session per row).

Every error names the file, the line and the column. Conventions: times are UTC (aware
datetimes), altitudes and azimuths in degrees (azimuth north = 0, east = 90), longitude east
positive, ``side`` is ``'E'`` or ``'W'`` (the object's side of the meridian).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from astrolabe_fab import inputs
from astrolabe_fab.astro.planets import ALL_PLANETS
from astrolabe_fab.errors import InputError

MISSING_MARKERS = frozenset({"", "-", "--", "na", "n/a", "nan", "none", "null"})
"""Cell contents read as 'not observed' in optional columns."""

YEARS = (999, 3001)
"""Sighting times are accepted in the years between these (exclusive): the span of the star
places (epochs 1000 to 3000, see astro/stars.py)."""

ALTITUDE_RANGE_DEG = (-5.0, 90.0)
"""Accepted measured altitudes: a little below the horizon (refraction, dips) up to the zenith."""


@dataclass(frozen=True)
class Sighting:
    """One measured altitude of one body at one clock time.

    ``object`` is canonical for the Sun, Moon and planets (``'Sun'``, ``'Mars'``) and as
    returned by the star resolver for stars. ``line``/``column`` locate it in its file.
    """

    session: str
    utc: dt.datetime
    object: str
    kind: str  # 'sun' | 'moon' | 'planet' | 'star'
    altitude_deg: float
    side: str | None = None
    azimuth_deg: float | None = None
    latitude_deg: float | None = None
    longitude_deg: float | None = None
    line: int = 0
    column: str = ""


StarResolver = Callable[[str], str]
"""Maps a star name as written to its canonical catalogue name; raises InputError if unknown."""


def classify_object(name: str, resolve_star: StarResolver | None) -> tuple[str, str]:
    """(canonical name, kind) of an object name; stars go through ``resolve_star``."""
    key = name.strip().lower()
    if key == "sun":
        return "Sun", "sun"
    if key == "moon":
        return "Moon", "moon"
    for planet in ALL_PLANETS:
        if planet.lower() == key:
            return planet, "planet"
    if not key:
        raise InputError("empty object name")
    if resolve_star is None:
        return name.strip(), "star"
    return resolve_star(name.strip()), "star"


def read_sightings(path: Path | str, resolve_star: StarResolver | None = None) -> list[Sighting]:
    """Read a sightings CSV in either layout; the layout is recognised from the header.

    Long layout: ``utc, object, altitude_deg`` required. Wide layout: ``UTC date``, ``UTC time``
    and ``<Object> elevation`` columns. Raises InputError naming file, line and column.
    """
    path = Path(path)
    text = inputs.read_text(path, "sightings file")
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise InputError(f"{path}: empty sightings file (expected a CSV header, SPEC §5)")
    header = [h.strip() for h in rows[0]]
    lower = [h.lower() for h in header]
    if {"utc", "object", "altitude_deg"} <= set(lower):
        sightings = _read_long(path, header, rows[1:], resolve_star)
    elif "utc date" in lower and "utc time" in lower:
        sightings = _read_wide(path, header, rows[1:], resolve_star)
    else:
        raise InputError(
            f"{path}:1: unrecognised header; expected columns utc,object,altitude_deg (long "
            "layout) or 'UTC date','UTC time','<Object> elevation' (wide layout)"
        )
    if not sightings:
        raise InputError(f"{path}: no sightings found")
    return sightings


def _where(path: Path, line: int, column: str) -> str:
    return f"{path}:{line}: column {column!r}"


def _parse_float(
    path: Path, line: int, column: str, cell: str, lo: float, hi: float, what: str
) -> float:
    try:
        value = float(cell)
    except ValueError:
        raise InputError(f"{_where(path, line, column)}: {what} {cell!r} is not a number") from None
    if not math.isfinite(value) or not lo <= value <= hi:
        raise InputError(
            f"{_where(path, line, column)}: {what} {cell!r} outside the allowed range "
            f"[{lo:g}, {hi:g}]"
        )
    return value


def _optional_float(
    path: Path, line: int, column: str, cell: str | None, lo: float, hi: float, what: str
) -> float | None:
    if cell is None or cell.strip().lower() in MISSING_MARKERS:
        return None
    return _parse_float(path, line, column, cell.strip(), lo, hi, what)


def _parse_side(path: Path, line: int, column: str, cell: str | None) -> str | None:
    if cell is None or cell.strip().lower() in MISSING_MARKERS:
        return None
    side = cell.strip().upper()
    if side in ("E", "EAST"):
        return "E"
    if side in ("W", "WEST"):
        return "W"
    raise InputError(f"{_where(path, line, column)}: side {cell!r} must be E or W")


def parse_utc(cell: str) -> dt.datetime:
    """ISO 8601 time with ``Z`` or an explicit offset -> aware UTC datetime; ValueError if not."""
    text = cell.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    when = dt.datetime.fromisoformat(text)
    if when.tzinfo is None:
        raise ValueError("no time zone")
    if not YEARS[0] < when.year < YEARS[1]:  # also keeps the conversion to UTC in range
        raise ValueError(f"outside the years {YEARS[0]} to {YEARS[1]}")
    return when.astimezone(dt.UTC)


def _read_long(
    path: Path, header: list[str], rows: list[list[str]], resolve_star: StarResolver | None
) -> list[Sighting]:
    index = {h.lower(): i for i, h in enumerate(header)}

    def cell(row: list[str], name: str) -> str | None:
        i = index.get(name)
        if i is None or i >= len(row):
            return None
        return row[i]

    out: list[Sighting] = []
    for offset, row in enumerate(rows):
        line = offset + 2
        if not any(c.strip() for c in row):
            continue
        utc_cell = (cell(row, "utc") or "").strip()
        try:
            when = parse_utc(utc_cell)
        except ValueError:
            raise InputError(
                f"{_where(path, line, 'utc')}: {utc_cell!r} is not an ISO 8601 time with 'Z' or "
                f"an explicit offset (e.g. 2024-03-01T21:30:00Z) in the years {YEARS[0] + 1} to "
                f"{YEARS[1] - 1}"
            ) from None
        name = (cell(row, "object") or "").strip()
        try:
            obj, kind = classify_object(name, resolve_star)
        except InputError as exc:
            raise InputError(f"{_where(path, line, 'object')}: {exc}") from None
        alt_cell = (cell(row, "altitude_deg") or "").strip()
        altitude = _parse_float(
            path, line, "altitude_deg", alt_cell, *ALTITUDE_RANGE_DEG, "altitude"
        )
        session = (cell(row, "session") or "").strip() or when.isoformat().replace("+00:00", "Z")
        out.append(
            Sighting(
                session=session,
                utc=when,
                object=obj,
                kind=kind,
                altitude_deg=altitude,
                side=_parse_side(path, line, "side", cell(row, "side")),
                azimuth_deg=_optional_float(
                    path, line, "azimuth_deg", cell(row, "azimuth_deg"), 0.0, 360.0, "azimuth"
                ),
                latitude_deg=_optional_float(
                    path, line, "latitude_deg", cell(row, "latitude_deg"), -90.0, 90.0, "latitude"
                ),
                longitude_deg=_optional_float(
                    path,
                    line,
                    "longitude_deg",
                    cell(row, "longitude_deg"),
                    -180.0,
                    360.0,
                    "longitude",
                ),
                line=line,
                column="altitude_deg",
            )
        )
    return out


def _parse_wide_datetime(path: Path, line: int, date_cell: str, time_cell: str) -> dt.datetime:
    date_text, time_text = date_cell.strip(), time_cell.strip()
    try:
        if "/" in date_text:
            month, day, year = (_digits(p) for p in date_text.split("/"))
            if year < 100 and len(date_text.split("/")[2].strip()) == 2:
                year += 2000
            date = dt.date(year, month, day)
        else:
            date = dt.date.fromisoformat(date_text)
        if not YEARS[0] < date.year < YEARS[1]:
            raise ValueError
    except ValueError:
        raise InputError(
            f"{_where(path, line, 'UTC date')}: {date_cell!r} is not a date month/day/year "
            f"(year with 2 or 4 digits, {YEARS[0] + 1} to {YEARS[1] - 1})"
        ) from None
    try:
        parts = [int(p) for p in time_text.split(":")]
        if len(parts) not in (2, 3):
            raise ValueError
        hour, minute = parts[0], parts[1]
        second = parts[2] if len(parts) == 3 else 0
        clock = dt.time(hour, minute, second)
    except ValueError:
        raise InputError(
            f"{_where(path, line, 'UTC time')}: {time_cell!r} is not a time HH:MM (00:00-23:59)"
        ) from None
    return dt.datetime.combine(date, clock, tzinfo=dt.UTC)


def _digits(text: str) -> int:
    """A whole number written with digits only ('-5' and '+5' are not a year, month or day)."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        raise ValueError(text)
    return int(text)


def _read_wide(
    path: Path, header: list[str], rows: list[list[str]], resolve_star: StarResolver | None
) -> list[Sighting]:
    lower = [h.lower() for h in header]
    i_date, i_time = lower.index("utc date"), lower.index("utc time")
    i_lat = lower.index("latitude") if "latitude" in lower else None
    i_lon = lower.index("longitude") if "longitude" in lower else None
    objects: list[tuple[str, str, int, int | None]] = []  # (name, kind, elev col, azim col)
    for i, h in enumerate(header):
        if not h.lower().endswith(" elevation"):
            continue
        name = h[: -len(" elevation")].strip()
        try:
            obj, kind = classify_object(name, resolve_star)
        except InputError as exc:
            raise InputError(f"{_where(path, 1, h)}: {exc}") from None
        az_name = f"{name} azimuth".lower()
        objects.append((obj, kind, i, lower.index(az_name) if az_name in lower else None))
    if not objects:
        raise InputError(f"{path}:1: wide layout without any '<Object> elevation' column")

    def get(row: list[str], i: int | None) -> str | None:
        if i is None or i >= len(row):
            return None
        return row[i]

    out: list[Sighting] = []
    seen: dict[str, int] = {}
    for offset, row in enumerate(rows):
        line = offset + 2
        if not any(c.strip() for c in row):
            continue
        when = _parse_wide_datetime(path, line, get(row, i_date) or "", get(row, i_time) or "")
        label = when.strftime("%Y-%m-%dT%H:%MZ")
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label = f"{label}#{seen[label]}"
        lat = _optional_float(path, line, "Latitude", get(row, i_lat), -90.0, 90.0, "latitude")
        lon = _optional_float(path, line, "Longitude", get(row, i_lon), -180.0, 360.0, "longitude")
        for obj, kind, i_el, i_az in objects:
            cell = get(row, i_el)
            if cell is None or cell.strip().lower() in MISSING_MARKERS:
                continue
            altitude = _parse_float(
                path, line, header[i_el], cell.strip(), *ALTITUDE_RANGE_DEG, "altitude"
            )
            azimuth = None
            if i_az is not None:
                azimuth = _optional_float(
                    path, line, header[i_az], get(row, i_az), 0.0, 360.0, "azimuth"
                )
            out.append(
                Sighting(
                    session=label,
                    utc=when,
                    object=obj,
                    kind=kind,
                    altitude_deg=altitude,
                    azimuth_deg=azimuth,
                    latitude_deg=lat,
                    longitude_deg=lon,
                    line=line,
                    column=header[i_el],
                )
            )
    return out
