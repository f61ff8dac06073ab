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


@dataclass(frozen=True)
class _Cell:
    """One cell of the file, with where it is (for the error messages)."""

    path: Path
    line: int
    column: str
    text: str | None

    def where(self) -> str:
        return _where(self.path, self.line, self.column)

    def missing(self) -> bool:
        return self.text is None or self.text.strip().lower() in MISSING_MARKERS

    def number(self, lo: float, hi: float, what: str) -> float:
        """The cell as a number in [lo, hi]; InputError naming file, line and column."""
        cell = (self.text or "").strip()
        try:
            value = float(cell)
        except ValueError:
            raise InputError(f"{self.where()}: {what} {cell!r} is not a number") from None
        if not math.isfinite(value) or not lo <= value <= hi:
            raise InputError(
                f"{self.where()}: {what} {cell!r} outside the allowed range [{lo:g}, {hi:g}]"
            )
        return value

    def optional(self, lo: float, hi: float, what: str) -> float | None:
        """``number``, or None for an empty or 'not observed' cell."""
        return None if self.missing() else self.number(lo, hi, what)

    def side(self) -> str | None:
        if self.missing():
            return None
        side = (self.text or "").strip().upper()
        if side in ("E", "EAST"):
            return "E"
        if side in ("W", "WEST"):
            return "W"
        raise InputError(f"{self.where()}: side {self.text!r} must be E or W")


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
    out: list[Sighting] = []
    for offset, row in enumerate(rows):
        if not any(c.strip() for c in row):
            continue
        line = offset + 2

        def cell(name: str, row: list[str] = row, line: int = line) -> _Cell:
            i = index.get(name)
            return _Cell(path, line, name, None if i is None or i >= len(row) else row[i])

        out.append(_long_row(cell, resolve_star))
    return out


def _long_row(cell: Callable[[str], _Cell], resolve_star: StarResolver | None) -> Sighting:
    """One row of the long layout (``cell(column)`` gives its cells)."""
    utc = cell("utc")
    utc_text = (utc.text or "").strip()
    try:
        when = parse_utc(utc_text)
    except ValueError:
        raise InputError(
            f"{utc.where()}: {utc_text!r} is not an ISO 8601 time with 'Z' or "
            f"an explicit offset (e.g. 2024-03-01T21:30:00Z) in the years {YEARS[0] + 1} to "
            f"{YEARS[1] - 1}"
        ) from None
    name = cell("object")
    try:
        obj, kind = classify_object((name.text or "").strip(), resolve_star)
    except InputError as exc:
        raise InputError(f"{name.where()}: {exc}") from None
    session = (cell("session").text or "").strip()
    return Sighting(
        session=session or when.isoformat().replace("+00:00", "Z"),
        utc=when,
        object=obj,
        kind=kind,
        altitude_deg=cell("altitude_deg").number(*ALTITUDE_RANGE_DEG, "altitude"),
        side=cell("side").side(),
        azimuth_deg=cell("azimuth_deg").optional(0.0, 360.0, "azimuth"),
        latitude_deg=cell("latitude_deg").optional(-90.0, 90.0, "latitude"),
        longitude_deg=cell("longitude_deg").optional(-180.0, 360.0, "longitude"),
        line=utc.line,
        column="altitude_deg",
    )


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


@dataclass(frozen=True)
class _WideColumns:
    """Where things are in a wide header: date, time, place, and per object (name, kind,
    elevation column, azimuth column or None)."""

    date: int
    time: int
    latitude: int | None
    longitude: int | None
    objects: list[tuple[str, str, int, int | None]]


def _wide_columns(path: Path, header: list[str], resolve_star: StarResolver | None) -> _WideColumns:
    lower = [h.lower() for h in header]
    objects: list[tuple[str, str, int, int | None]] = []
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
    return _WideColumns(
        date=lower.index("utc date"),
        time=lower.index("utc time"),
        latitude=lower.index("latitude") if "latitude" in lower else None,
        longitude=lower.index("longitude") if "longitude" in lower else None,
        objects=objects,
    )


def _read_wide(
    path: Path, header: list[str], rows: list[list[str]], resolve_star: StarResolver | None
) -> list[Sighting]:
    columns = _wide_columns(path, header, resolve_star)
    out: list[Sighting] = []
    seen: dict[str, int] = {}
    for offset, row in enumerate(rows):
        if not any(c.strip() for c in row):
            continue
        line = offset + 2

        def cell(i: int | None, row: list[str] = row, line: int = line) -> _Cell:
            text = None if i is None or i >= len(row) else row[i]
            return _Cell(path, line, header[i] if i is not None else "", text)

        when = _parse_wide_datetime(
            path, line, cell(columns.date).text or "", cell(columns.time).text or ""
        )
        label = when.strftime("%Y-%m-%dT%H:%MZ")
        seen[label] = seen.get(label, 0) + 1
        if seen[label] > 1:
            label = f"{label}#{seen[label]}"
        out += _wide_row(cell, columns, label, when)
    return out


def _wide_row(
    cell: Callable[[int | None], _Cell], columns: _WideColumns, label: str, when: dt.datetime
) -> list[Sighting]:
    """The sightings of one row of the wide layout (``cell(index)`` gives its cells)."""
    lat = cell(columns.latitude).optional(-90.0, 90.0, "latitude")
    lon = cell(columns.longitude).optional(-180.0, 360.0, "longitude")
    out = []
    for obj, kind, i_el, i_az in columns.objects:
        elevation = cell(i_el)
        if elevation.missing():
            continue
        out.append(
            Sighting(
                session=label,
                utc=when,
                object=obj,
                kind=kind,
                altitude_deg=elevation.number(*ALTITUDE_RANGE_DEG, "altitude"),
                azimuth_deg=cell(i_az).optional(0.0, 360.0, "azimuth")
                if i_az is not None
                else None,
                latitude_deg=lat,
                longitude_deg=lon,
                line=elevation.line,
                column=elevation.column,
            )
        )
    return out
