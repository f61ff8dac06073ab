"""The engraved ecliptic limits against astronomy-engine: at every new and full moon of a
century, the Sun's apparent longitude minus the mean node (Meeus), as on the instrument.
Major limits: no eclipse beyond them. Minor limits: always an eclipse within them."""

from __future__ import annotations

import astronomy
import pytest

from astrolabe_fab.astro.eclipse_limits import LUNAR, SOLAR

FIRST, LAST = 1950, 2050


def _from_node_deg(t: astronomy.Time) -> float:
    """|Sun - mean node|, folded onto the nearer node (0 to 90 deg)."""
    node = 125.0445479 - 1934.1362891 * t.tt / 36525.0
    d = (astronomy.SunPosition(t).elon - node) % 180.0
    return min(d, 180.0 - d)


def _syzygies(phase: float, start: astronomy.Time, stop: float) -> list[astronomy.Time]:
    out = []
    t = astronomy.SearchMoonPhase(phase, start, 40.0)
    while t.ut < stop:
        out.append(t)
        t = astronomy.SearchMoonPhase(phase, t.AddDays(20.0), 40.0)
    return out


@pytest.fixture(scope="module")
def sky() -> dict[str, list[tuple[float, str]]]:
    """(distance from the node, eclipse kind or '') for every new and full moon."""
    start = astronomy.Time.Make(FIRST, 1, 1, 0, 0, 0.0)
    stop = astronomy.Time.Make(LAST, 1, 1, 0, 0, 0.0).ut
    solar, lunar = [], []
    e = astronomy.SearchGlobalSolarEclipse(start)
    while e.peak.ut < stop:
        solar.append((e.peak.ut, e.kind.name.lower()))
        e = astronomy.NextGlobalSolarEclipse(e.peak)
    m = astronomy.SearchLunarEclipse(start)
    while m.peak.ut < stop:
        lunar.append((m.peak.ut, m.kind.name.lower()))
        m = astronomy.NextLunarEclipse(m.peak)

    def kind(t: astronomy.Time, found: list[tuple[float, str]]) -> str:
        return next((k for u, k in found if abs(u - t.ut) < 1.0), "")

    return {
        "new": [(_from_node_deg(t), kind(t, solar)) for t in _syzygies(0.0, start, stop)],
        "full": [(_from_node_deg(t), kind(t, lunar)) for t in _syzygies(180.0, start, stop)],
    }


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
