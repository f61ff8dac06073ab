"""New and full moons of 1950-2050 with the eclipse at each, from astronomy-engine, as a table.

The table (``syzygies_1950_2050.csv`` beside this file) is what astronomy-engine says; searching
a century of eclipses took 15 s of every test run, so it is computed once by running this
module (``python -m tests.astro.syzygy_table``) and a test recomputes a sample of it live
(``test_eclipse_limits.test_the_table_is_what_astronomy_engine_says``).

Columns: ``phase`` (``new`` or ``full``), ``tt`` (terrestrial time, days from J2000.0),
``sun_elon_deg`` (the Sun's apparent ecliptic longitude of date, ``astronomy.SunPosition``) and
``kind`` (the eclipse at that syzygy: ``partial``, ``annular``, ``total``, ``hybrid``,
``penumbral``, or empty).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import astronomy

TABLE = Path(__file__).with_name("syzygies_1950_2050.csv")
FIRST, LAST = 1950, 2050
PHASES = {"new": 0.0, "full": 180.0}


@dataclass(frozen=True)
class Syzygy:
    """One new or full moon and the eclipse at it ('' for none)."""

    phase: str
    tt: float
    sun_elon_deg: float
    kind: str


def _eclipses(start: astronomy.Time, stop_ut: float) -> dict[str, list[tuple[float, str]]]:
    """(peak ut, kind) of every solar ('new') and lunar ('full') eclipse in the span."""
    solar, lunar = [], []
    e = astronomy.SearchGlobalSolarEclipse(start)
    while e.peak.ut < stop_ut:
        solar.append((e.peak.ut, e.kind.name.lower()))
        e = astronomy.NextGlobalSolarEclipse(e.peak)
    m = astronomy.SearchLunarEclipse(start)
    while m.peak.ut < stop_ut:
        lunar.append((m.peak.ut, m.kind.name.lower()))
        m = astronomy.NextLunarEclipse(m.peak)
    return {"new": solar, "full": lunar}


def compute(first_year: int, last_year: int) -> list[Syzygy]:
    """Every new and full moon from 1 January ``first_year`` to 1 January ``last_year``."""
    start = astronomy.Time.Make(first_year, 1, 1, 0, 0, 0.0)
    stop_ut = astronomy.Time.Make(last_year, 1, 1, 0, 0, 0.0).ut
    eclipses = _eclipses(start, stop_ut)
    rows = []
    for phase, angle in PHASES.items():
        t = astronomy.SearchMoonPhase(angle, start, 40.0)
        while t.ut < stop_ut:
            kind = next((k for u, k in eclipses[phase] if abs(u - t.ut) < 1.0), "")
            rows.append(Syzygy(phase, t.tt, astronomy.SunPosition(t).elon, kind))
            t = astronomy.SearchMoonPhase(angle, t.AddDays(20.0), 40.0)
    return sorted(rows, key=lambda s: s.tt)


def read(path: Path = TABLE) -> list[Syzygy]:
    """The stored table."""
    with path.open(newline="") as f:
        return [
            Syzygy(r["phase"], float(r["tt"]), float(r["sun_elon_deg"]), r["kind"])
            for r in csv.DictReader(f)
        ]


def write(rows: list[Syzygy], path: Path = TABLE) -> None:
    """The table, to 1e-6 day and 1e-6 degree."""
    with path.open("w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["phase", "tt", "sun_elon_deg", "kind"])
        for s in rows:
            out.writerow([s.phase, f"{s.tt:.6f}", f"{s.sun_elon_deg:.6f}", s.kind])


if __name__ == "__main__":
    write(compute(FIRST, LAST))
