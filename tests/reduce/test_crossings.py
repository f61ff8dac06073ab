"""Almucantar / ecliptic crossings against a brute-force scan of the ecliptic."""

from __future__ import annotations

import math

import numpy as np
import pytest

from astrolabe_fab.astro.sky import ecliptic_to_equatorial
from astrolabe_fab.reduce import planets as crossing
from astrolabe_fab.reduce.refraction import true_from_apparent_deg


def _scan(lst_h: float, lat_deg: float, true_alt_deg: float, eps: float) -> list[float]:
    """Ecliptic longitudes where the true altitude equals ``true_alt_deg`` (0.01 deg scan,
    refined by linear interpolation), computed with sky.ecliptic_to_equatorial."""
    lons = np.arange(0.0, 360.0, 0.01)
    alts = []
    for lon in lons:
        ra_h, dec = ecliptic_to_equatorial(lon, 0.0, eps)
        hour = math.radians((lst_h - ra_h) * 15)
        phi, d = math.radians(lat_deg), math.radians(dec)
        s = math.sin(phi) * math.sin(d) + math.cos(phi) * math.cos(d) * math.cos(hour)
        alts.append(math.degrees(math.asin(s)) - true_alt_deg)
    alts = np.array(alts)
    nxt = np.roll(alts, -1)
    idx = np.flatnonzero(np.sign(alts) != np.sign(nxt))
    return [float(lons[i] + 0.01 * alts[i] / (alts[i] - nxt[i])) % 360 for i in idx]


@pytest.mark.parametrize(
    ("lst_h", "lat_deg", "alt_deg"),
    [(3.0, 39.0, 25.0), (14.5, 51.5, 10.0), (21.2, -33.9, 40.0), (7.7, 0.0, 60.0)],
)
def test_both_crossings_match_scan(lst_h: float, lat_deg: float, alt_deg: float) -> None:
    eps = 23.44
    cr = crossing.ecliptic_crossings(
        np.array([math.radians(lst_h * 15)]),
        np.array([math.radians(lat_deg)]),
        np.array([alt_deg]),
        np.array([eps]),
    )
    expected = sorted(_scan(lst_h, lat_deg, float(true_from_apparent_deg(alt_deg)), eps))
    assert len(expected) == 2
    got = sorted(cr.lon_deg[0].tolist())
    assert np.allclose(got, expected, atol=0.002)
    assert not cr.grazing[0]


def test_side_and_azimuth_choose_the_right_root() -> None:
    cr = crossing.ecliptic_crossings(
        np.array([math.radians(45.0)] * 2),
        np.array([math.radians(39.0)] * 2),
        np.array([30.0, 30.0]),
        np.array([23.44, 23.44]),
    )
    west = int(np.argmax(cr.hour_angle_rad[0]))
    assert cr.hour_angle_rad[0, west] > 0 > cr.hour_angle_rad[0, 1 - west]
    by_side = crossing.choose_by_side(cr, np.array([1, -1]))
    assert by_side.tolist() == [west, 1 - west]
    # a western body has azimuth in (180, 360)
    assert 180 < cr.azimuth_deg[0, west] < 360
    by_az = crossing.choose_by_azimuth(cr, np.array([cr.azimuth_deg[0, west] + 5, np.nan]))
    assert by_az.tolist() == [west, -1]


def test_circle_missing_the_ecliptic_is_flagged() -> None:
    cr = crossing.ecliptic_crossings(
        np.array([math.radians(90.0)]),
        np.array([math.radians(39.0)]),
        np.array([89.0]),
        np.array([23.44]),
    )
    assert cr.grazing[0]
    assert cr.lon_deg[0, 0] == pytest.approx(cr.lon_deg[0, 1])


def test_continuity_follows_the_planet() -> None:
    days = np.array([0.0, 3.0, 6.0, 60.0])
    lons = np.array([[100.0, 200.0], [300.0, 101.0], [102.0, 10.0], [5.0, 180.0]])
    choice, why = crossing.choose_by_continuity(days, lons, np.array([0, -1, -1, -1]))
    assert choice.tolist()[:3] == [0, 1, 0]
    assert why[1] == "continuity" and why[3] == "arbitrary"
