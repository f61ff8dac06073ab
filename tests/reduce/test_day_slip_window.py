"""The day-slip test's clock window (``day_slip._cost``): a date ``days`` later moves the
clock's sidereal time by 3 min 56 s a day, checked on one star by plain spherical trigonometry
(sin h = sin phi sin d + cos phi cos d cos H)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from astrolabe_fab.reduce import day_slip, solve

LAT_DEG, DEC_DEG, HOUR_DEG, NOISE_DEG = 39.0, 20.0, 40.0, 1.5


def _altitude_deg(hour_deg: float) -> float:
    phi, d, h = (math.radians(x) for x in (LAT_DEG, DEC_DEG, hour_deg))
    return math.degrees(
        math.asin(math.sin(phi) * math.sin(d) + math.cos(phi) * math.cos(d) * math.cos(h))
    )


def _star(theta_rad: float) -> solve.FitData:
    """One star at hour angle HOUR_DEG when the LST is ``theta_rad``, read without error."""
    one = np.ones(1)
    ra = theta_rad - math.radians(HOUR_DEG)
    return solve.FitData(
        np.zeros(1, dtype=np.int64), ra * one, math.radians(DEC_DEG) * one,
        solve.apparent_altitude_deg(np.radians([HOUR_DEG]), np.radians([LAT_DEG]),
                                    np.radians([DEC_DEG]), np.zeros(1)),
        0 * one, 0 * one, np.zeros(1, dtype=np.int64), np.full(1, np.nan), 1,
    )  # fmt: skip


@pytest.mark.parametrize("days", [-1, 1])
def test_a_trial_date_moves_the_clock_window_by_a_sidereal_gain(days: int) -> None:
    theta = 1.0
    data, lat = _star(theta), np.radians([LAT_DEG])
    at_clock = day_slip.ClockWindow(np.array([theta]), np.zeros(1))
    assert day_slip._cost(data, lat, NOISE_DEG, at_clock, 0)[0] == pytest.approx(0.0, abs=1e-9)
    gain_deg = days * 1440.0 * (solve.SIDEREAL_RATE - 1.0) / 4.0  # 3 min 56 s of time a day
    miss = _altitude_deg(HOUR_DEG + gain_deg) - _altitude_deg(HOUR_DEG)
    cost = day_slip._cost(data, lat, NOISE_DEG, at_clock, days)[0]
    assert cost == pytest.approx((miss / NOISE_DEG) ** 2, rel=0.02)
    assert abs(miss) > 0.5
    # a clock that reads the LST a day's gain early fits on the later date exactly
    early = day_slip.ClockWindow(np.array([theta - math.radians(gain_deg)]), np.zeros(1))
    assert day_slip._cost(data, lat, NOISE_DEG, early, days)[0] == pytest.approx(0.0, abs=1e-6)


def test_the_window_spans_the_clock_tolerance() -> None:
    """A clock 4 min off is within a 5 min tolerance (cost 0), not within 2 min."""
    theta = 1.0
    data, lat = _star(theta), np.radians([LAT_DEG])
    off = np.array([theta + math.radians(1.0)])  # 4 min of time
    assert day_slip._cost(data, lat, NOISE_DEG, day_slip.ClockWindow(off, np.array([5.0])), 0)[
        0
    ] == pytest.approx(0.0, abs=0.05)
    assert (
        day_slip._cost(data, lat, NOISE_DEG, day_slip.ClockWindow(off, np.array([2.0])), 0)[0]
        > 0.05
    )
