"""The engraved ecliptic limits against astronomy-engine: at every new and full moon of a
century, the Sun's apparent longitude minus the mean node (Meeus), as on the instrument.
Major limits: no eclipse beyond them. Minor limits: always an eclipse within them.

The century's syzygies and eclipses come from a table astronomy-engine wrote
(tests/astro/syzygy_table.py); the first test recomputes part of it live."""

from __future__ import annotations

import random

import astronomy
import pytest

from astrolabe_fab.astro.eclipse_limits import LUNAR, SOLAR
from tests.astro.syzygy_table import FIRST, LAST, PHASES, Syzygy, compute, read


def _from_node_deg(s: Syzygy) -> float:
    """|Sun - mean node| (Meeus, Astronomical Algorithms ch. 47), folded onto the nearer node
    (0 to 90 deg)."""
    node = 125.0445479 - 1934.1362891 * s.tt / 36525.0
    d = (s.sun_elon_deg - node) % 180.0
    return min(d, 180.0 - d)


@pytest.fixture(scope="module")
def table() -> list[Syzygy]:
    return read()


@pytest.fixture(scope="module")
def sky(table: list[Syzygy]) -> dict[str, list[tuple[float, str]]]:
    """(distance from the node, eclipse kind or '') for every new and full moon."""
    return {
        phase: [(_from_node_deg(s), s.kind) for s in table if s.phase == phase]
        for phase in ("new", "full")
    }


def _same(a: Syzygy, b: Syzygy) -> bool:
    return (
        a.phase == b.phase
        and a.kind == b.kind
        and abs(a.tt - b.tt) < 1e-5
        and abs(a.sun_elon_deg - b.sun_elon_deg) < 1e-5
    )


def test_the_table_is_what_astronomy_engine_says(table: list[Syzygy]) -> None:
    """Two whole years recomputed (nothing missing, nothing extra) and, at 24 syzygies
    drawn across the century, the moon's phase, the Sun's longitude and the eclipse."""
    live = compute(2026, 2028)
    start, stop = live[0].tt - 1.0, live[-1].tt + 1.0
    stored = [s for s in table if start < s.tt < stop]
    assert len(stored) == len(live) and all(map(_same, stored, live))
    assert {s.kind for s in live} >= {"", "total", "annular", "partial", "penumbral"}
    assert len(table) > 2 * 12 * (LAST - FIRST)
    for s in random.Random(0).sample(table, 24):
        t = astronomy.Time.FromTerrestrialTime(s.tt)
        angle = PHASES[s.phase]
        assert abs(((astronomy.MoonPhase(t) - angle + 180.0) % 360.0) - 180.0) < 1e-4
        assert abs(astronomy.SunPosition(t).elon - s.sun_elon_deg) < 1e-5
        search = (
            astronomy.SearchGlobalSolarEclipse if s.phase == "new" else astronomy.SearchLunarEclipse
        )
        found = search(t.AddDays(-2.0))
        kind = found.kind.name.lower() if abs(found.peak.ut - t.ut) < 1.0 else ""
        assert kind == s.kind


def test_no_eclipse_beyond_the_major_limits(sky: dict) -> None:  # type: ignore[type-arg]
    solar = [d for d, k in sky["new"] if k]
    umbral = [d for d, k in sky["full"] if k in ("partial", "total")]
    assert len(solar) > 200 and len(umbral) > 100
    assert max(solar) < SOLAR.major_deg
    assert max(umbral) < LUNAR.major_deg
    # the limits are real limits: eclipses come close to them (1950-2050: 16.8 and 11.9 deg;
    # 1900-2100: 18.1 and 11.9 deg)
    assert max(solar) > SOLAR.minor_deg
    assert max(umbral) > LUNAR.major_deg - 0.5


def test_always_an_eclipse_within_the_minor_limits(sky: dict) -> None:  # type: ignore[type-arg]
    assert min(d for d, k in sky["new"] if not k) > SOLAR.minor_deg
    assert min(d for d, k in sky["full"] if k not in ("partial", "total")) > LUNAR.minor_deg


def test_penumbral_eclipses_reach_beyond_the_lunar_limit(sky: dict) -> None:  # type: ignore[type-arg]
    """Which is why the lunar arcs say nothing about penumbral eclipses."""
    assert max(d for d, k in sky["full"] if k == "penumbral") > LUNAR.major_deg + 3.0
