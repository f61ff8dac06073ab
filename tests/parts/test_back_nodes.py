"""The node-year scale on the back: marks against Meeus's mean node and astronomy-engine's true
node, drawn where the manifest says, every year labelled, no text crossed."""

from __future__ import annotations

import math

import astronomy
import pytest

from astrolabe_fab.design import Design
from astrolabe_fab.geometry.primitives import Segment
from astrolabe_fab.parts.back import draw_mater_back
from astrolabe_fab.parts.layout import layout_for
from tests.parts.test_back import _no_collisions


def _design(**kw: object) -> Design:
    return Design(epoch=2026.0, **kw).validate()  # type: ignore[arg-type]


def meeus_mean_node_deg(year: int) -> float:
    """The issue's formula: Omega = 125.04452 - 1934.136261 T, T in Julian centuries (TT)
    from J2000, on 1 January 0 h UT."""
    t = astronomy.Time.Make(year, 1, 1, 0, 0, 0.0).tt / 36525.0
    return (125.04452 - 1934.136261 * t) % 360.0


def true_node_deg(year: int) -> float:
    """Where the Moon really crossed the ecliptic northwards, interpolated in time between
    the ascending crossings around 1 January (astronomy-engine's node search)."""
    t = astronomy.Time.Make(year, 1, 1, 0, 0, 0.0)
    event = astronomy.SearchMoonNode(t.AddDays(-30.0))
    crossings = []
    while event.time.ut < t.ut + 30.0:
        if event.kind == astronomy.NodeEventKind.Ascending:
            crossings.append((event.time.ut, astronomy.EclipticGeoMoon(event.time).lon))
        event = astronomy.NextMoonNode(event)
    before = [c for c in crossings if c[0] <= t.ut][-1]
    after = next(c for c in crossings if c[0] > t.ut)
    f = (t.ut - before[0]) / (after[0] - before[0])
    step = (after[1] - before[1] + 180.0) % 360.0 - 180.0
    return (before[1] + f * step) % 360.0


def _diff(a: float, b: float) -> float:
    return abs((a - b + 180.0) % 360.0 - 180.0)


@pytest.fixture(scope="module")
def node_scale() -> dict:  # type: ignore[type-arg]
    design = _design(latitude_deg=38.9)
    return draw_mater_back(design, layout_for(design)).part.meta["scales"]["node_years"]


def test_year_marks_match_the_mean_and_the_true_node(node_scale: dict) -> None:  # type: ignore[type-arg]
    years = {int(y): lon for y, lon in node_scale["years"].items()}
    assert sorted(years) == list(range(2026, 2045))
    worst_true = 0.0
    for year, lon in years.items():
        assert _diff(lon, meeus_mean_node_deg(year)) < 0.3, year
        worst_true = max(worst_true, _diff(lon, true_node_deg(year)))
    assert worst_true < 2.0
    assert worst_true > 0.5  # the mean node is not the true one: the check can tell them apart


@pytest.mark.parametrize("kw", [{}, {"style": "classic", "dragon": True}, {"diameter_mm": 120.0}])
def test_marks_drawn_at_the_zodiac_bearing_and_all_labelled(kw: dict) -> None:  # type: ignore[type-arg]
    """A heavy tick stands on the reading circle at bearing 270 + Omega for every year (the
    zodiac ring's mapping), and every year carries its label."""
    design = _design(latitude_deg=51.5, **kw)
    part = draw_mater_back(design, layout_for(design)).part
    scale = part.meta["scales"]["node_years"]
    cx, cy = part.center_mm
    r0 = scale["reading_radius_mm"]
    starts = []
    for it in part.items("SCORE"):
        s = it.shape
        if (
            isinstance(s, Segment)
            and it.weight == "heavy"
            and abs(math.dist(s.p0, (cx, cy)) - r0) < 1e-6
        ):
            starts.append(math.degrees(math.atan2(s.p0[0] - cx, -(s.p0[1] - cy))) % 360.0)
    for lon in scale["years"].values():
        bearing = (270.0 + lon) % 360.0
        assert min(_diff(bearing, b) for b in starts) < 1e-4  # manifest: 4 decimals
    assert scale["labelled_years"] == list(range(2026, 2045))
    _no_collisions(part)


def test_scale_stays_inside_the_calendar_ring() -> None:
    """Clear of the other scales: the year labels lie inside the calendar's inner circle and
    the equation of time starts inside the reading circle."""
    design = _design(latitude_deg=38.9)
    drawing = draw_mater_back(design, layout_for(design))
    ring = drawing.bands.node_ring
    assert ring is not None
    assert ring.outer_r < drawing.bands.cal_inner_r
    assert drawing.bands.eot_outer_r < ring.reading_r
