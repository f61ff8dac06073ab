"""The scale builder against plain arithmetic: bearings, tick counts, levels, thinning."""

from __future__ import annotations

import math

import pytest

from astrolabe_fab.parts.labels import Labels
from astrolabe_fab.parts.scales import (
    TickLevel,
    bearing_of,
    grid_values,
    point_at,
    ring_label,
    ring_ticks,
)

C = (50.0, 60.0)


def test_bearing_is_clockwise_from_up() -> None:
    assert point_at(C, 0.0, 10.0) == pytest.approx((50.0, 50.0))
    assert point_at(C, 90.0, 10.0) == pytest.approx((60.0, 60.0))
    assert point_at(C, 180.0, 10.0) == pytest.approx((50.0, 70.0))
    for b in (0.0, 33.0, 181.5, 359.0):
        assert bearing_of(C, point_at(C, b, 7.0)) == pytest.approx(b)


def test_grid_values_do_not_drift() -> None:
    vals = grid_values(0.0, 24.0 - 1.0 / 12.0, 1.0 / 12.0)
    assert len(vals) == 288
    assert vals[-1] == pytest.approx(24.0 - 1.0 / 12.0)


def test_ring_ticks_levels_and_geometry() -> None:
    levels = [
        TickLevel(1.0, 1.0, "fine"),
        TickLevel(5.0, 2.0, "normal"),
        TickLevel(10.0, 3.0, "heavy"),
    ]
    ticks = ring_ticks(C, 0.0, 90.0, levels, lambda a: 90.0 - a, 40.0, inward=True)
    assert len(ticks) == 91
    for t in ticks:
        expected = 3.0 if t.value % 10 == 0 else 2.0 if t.value % 5 == 0 else 1.0
        assert t.segment.length_mm == pytest.approx(expected)
        assert math.dist(t.segment.p0, C) == pytest.approx(40.0)
        assert math.dist(t.segment.p1, C) == pytest.approx(40.0 - expected)
        assert bearing_of(C, t.segment.p1) == pytest.approx((90.0 - t.value) % 360.0)


def test_crowded_levels_are_dropped() -> None:
    levels = [TickLevel(1.0, 1.0, "fine"), TickLevel(10.0, 3.0, "heavy")]
    # 1 degree at 20 mm is 0.349 mm: below a 0.6 mm minimum, so only every 10 degrees
    ticks = ring_ticks(C, 0.0, 350.0, levels, lambda v: v, 20.0, inward=False, min_spacing_mm=0.6)
    assert [t.value for t in ticks] == [float(v) for v in range(0, 360, 10)]
    ticks = ring_ticks(C, 0.0, 359.0, levels, lambda v: v, 40.0, inward=False, min_spacing_mm=0.6)
    assert len(ticks) == 360


def test_ring_labels_refuse_overlaps() -> None:
    labels = Labels(2.0)
    assert ring_label(labels, "10", C, 0.0, 30.0) is not None
    assert ring_label(labels, "20", C, 1.0, 30.0) is None
    box = ring_label(labels, "30", C, 90.0, 30.0)
    assert box is not None and math.dist(box.center, (80.0, 60.0)) < 1e-6
