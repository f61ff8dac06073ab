"""The candidate places of the plate's labels, in their order of preference (issue 12).

Each generator in ``plate_labels`` promises where it looks and in which order (its docstring):
these tests compute the same places independently, from sky points projected by
``tests.independent`` (rotation matrices and the SPEC's formula, no package code), and compare
them in order. The placement itself (which candidate is taken) is tested on whole plates in
test_plate_label_records.py and test_plate_labels.py.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from astrolabe_fab.geometry.primitives import Circle, Segment
from astrolabe_fab.geometry.projection import Frame
from astrolabe_fab.parts.labels import Labels
from astrolabe_fab.parts.plate import unequal_hours_dec_range
from astrolabe_fab.parts.plate_labels import (
    Apart,
    Placer,
    PlateSky,
    Zones,
    _fan,
    altitude_anchors,
    azimuth_anchors,
    east_west_anchors,
    hour_anchors,
    house_anchors,
)
from astrolabe_fab.parts.plate_sky import unequal_hour_point
from tests.independent import altaz_to_hadec, project

OBLIQUITY_DEG = 23.44
CENTER = (50.0, 60.0)
EQUATOR_MM = 40.0
LATITUDES = (38.9, -33.87, 0.0, 0.5, 66.0, -60.0)


def _sky(lat: float) -> PlateSky:
    """A plate of the given latitude whose limit is the outer tropic."""
    south = lat < 0.0
    frame = Frame(CENTER, EQUATOR_MM, "south" if south else "north")
    limit_mm = EQUATOR_MM * math.tan(math.radians(90.0 + OBLIQUITY_DEG) / 2.0)
    return PlateSky(frame, lat, Circle(*CENTER, limit_mm))


def _plane(alt: float, az: float, lat: float) -> tuple[float, float]:
    ha, dec = altaz_to_hadec(alt, az, lat)
    return project(ha, dec, CENTER, EQUATOR_MM, lat < 0.0)


def _close(got: list[tuple[float, float]], want: list[tuple[float, float]]) -> None:
    assert len(got) == len(want)
    worst = max(math.dist(a, b) for a, b in zip(got, want, strict=True))
    assert worst < 1e-6, worst


def test_fan_is_the_centre_then_either_side_by_whole_steps() -> None:
    assert list(_fan(10.0, 0.5, 3)) == [10.0, 10.5, 9.5, 11.0, 9.0, 11.5, 8.5]
    assert list(_fan(-2.0, 2.0, 0)) == [-2.0]


@pytest.mark.parametrize("lat", LATITUDES)
def test_altitude_candidates_noon_side_then_pole_side_then_round(lat: float) -> None:
    """Azimuths top +0.5, top -0.5, top +1, ... to +-40 (top: the upper meridian's horizon
    side, south in the north), the same about the pole side, then 0, 2, 4, ... 358."""
    top = 180.0 if lat >= 0.0 else 0.0
    azimuths = [
        base + sign * 0.5 * k
        for base in (top, (top + 180.0) % 360.0)
        for k in range(1, 81)
        for sign in (1.0, -1.0)
    ]
    azimuths += [2.0 * k for k in range(180)]
    _close(altitude_anchors(_sky(lat), 30.0), [_plane(30.0, az, lat) for az in azimuths])


def _entry_altitude(lat: float, az: float, sky: PlateSky) -> float:
    """The lowest altitude 0, 0.25, 0.5, ... at which the azimuth line is inside the limit."""
    for k in range(361):
        p = _plane(0.25 * k, az, lat)
        if math.isfinite(p[0]) and math.dist(p, sky.limit.center) < sky.limit.r:
            return 0.25 * k
    raise AssertionError("never enters")


@pytest.mark.parametrize("lat", LATITUDES)
@pytest.mark.parametrize("az", [0.0, 60.0, 120.0, 180.0, 270.0])
def test_azimuth_candidates_from_where_the_line_enters_for_eight_degrees(
    lat: float, az: float
) -> None:
    """From the horizon (or where the line crosses the limit) up by quarter degrees to 8
    degrees higher: 33 places, each half_mm beyond its sky point towards the next."""
    if abs(lat) < 1e-9 and az in (0.0, 180.0):
        pytest.skip("the meridian at the equator: see the test below")
    sky = _sky(lat)
    half = 2.5
    start = _entry_altitude(lat, az, sky)
    want = []
    for k in range(33):
        (x0, y0), (x1, y1) = (_plane(start + 0.25 * j, az, lat) for j in (k, k + 1))
        d = math.hypot(x1 - x0, y1 - y0)
        want.append((x0 + (x1 - x0) / d * half, y0 + (y1 - y0) / d * half))
    _close(list(azimuth_anchors(sky, az, half)), want)


@pytest.mark.parametrize("lat", [0.0, -1e-9])
def test_the_azimuth_towards_the_projection_pole_is_numbered_at_the_equator(lat: float) -> None:
    """At the equator the horizon's point towards the projection pole (south in the north) is
    at infinity: its azimuth line still enters the plate at the limit and gets its places
    (it once had none, and the plate no number 180)."""
    sky = _sky(lat)
    az = 180.0 if lat >= 0.0 else 0.0
    got = list(azimuth_anchors(sky, az, 2.0))
    assert len(got) == 33
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in got)
    start = _entry_altitude(lat, az, sky)
    # on that meridian the declination is altitude - 90: inside the outer tropic above 66.56
    assert start == 66.75
    assert math.dist(got[0], _plane(start, az, lat)) == pytest.approx(2.0, abs=1e-6)


@pytest.mark.parametrize("lat", [38.9, 0.5, 0.0, -33.87, -0.5])
def test_hour_candidates_run_from_near_the_limit_to_the_near_tropic(lat: float) -> None:
    """Declinations from the start (near the limit) by quarter degrees towards the near tropic,
    to the end of the hour lines' range: the first place is the outermost."""
    sky = _sky(lat)
    dec_range = unequal_hours_dec_range(lat, OBLIQUITY_DEG)
    assert dec_range is not None
    lo, hi = dec_range
    north = lat >= 0.0
    start = lo + 0.3 if north else hi - 0.3
    step = 0.25 if north else -0.25
    decs = []
    dec = start
    while lo <= dec <= hi:
        decs.append(dec)
        dec += step
    assert len(decs) > 100
    got = list(hour_anchors(sky, 3.5, dec_range, start))
    _close(got, [unequal_hour_point(sky.frame, lat, 3.5, d) for d in decs])
    radii = [math.dist(p, CENTER) for p in got]
    assert radii[0] == max(radii) and radii[-1] == min(radii)


def _vector(ha_deg: float, dec_deg: float) -> np.ndarray:
    h, d = math.radians(ha_deg), math.radians(dec_deg)
    return np.array([math.cos(d) * math.cos(h), math.cos(d) * math.sin(h), math.sin(d)])


@pytest.mark.parametrize("lat", [38.9, -33.87])
@pytest.mark.parametrize("house", [1, 4, 6])
def test_house_candidates_along_the_houses_great_circle(lat: float, house: int) -> None:
    """On the great circle through the north and south points of the horizon and the
    equator's point at hour angle 255 - 30 (house - 1): from that point (90 degrees from the
    north point) outwards and inwards by half degrees, to 5 degrees from north and south."""
    north = _vector(*altaz_to_hadec(0.0, 0.0, lat))
    equator = _vector(255.0 - 30.0 * (house - 1), 0.0)
    u = equator - np.dot(equator, north) * north
    u /= np.linalg.norm(u)
    want = []
    for t_deg in [90.0] + [90.0 + s * 0.5 * k for k in range(1, 171) for s in (1.0, -1.0)]:
        t = math.radians(t_deg)
        v = math.cos(t) * north + math.sin(t) * u
        ha = math.degrees(math.atan2(v[1], v[0]))
        dec = math.degrees(math.asin(max(-1.0, min(1.0, v[2]))))
        want.append(project(ha, dec, CENTER, EQUATOR_MM, lat < 0.0))
    _close(list(house_anchors(_sky(lat), house)), want)


@pytest.mark.parametrize("side", [1.0, -1.0])
def test_east_west_candidates_every_hundredth_of_the_radius_inwards(side: float) -> None:
    sky = _sky(38.9)
    r = sky.limit.r
    want = [(CENTER[0] + side * f * r, CENTER[1]) for f in np.arange(0.95, 0.055, -0.01)]
    assert len(want) == 90
    _close(east_west_anchors(sky, side), want)


def test_the_best_place_may_be_nearer_another_label_than_a_millimetre() -> None:
    """``place_best`` skips only the anchors whose box comes within the labels' gap of a
    placed label: a place half a millimetre beyond the gap is taken when it is the only one."""
    labels = Labels(2.0)
    zones = Zones([("meridian", [Segment((100.0, 100.0), (101.0, 100.0))])])
    placer = Placer(labels, zones, Circle(0.0, 0.0, 50.0))
    assert placer.place("8", "hour", 8.0, [(0.0, 0.0)])
    box = labels.boxes[0]
    width = box.width_mm  # "8" and "9" are as wide
    x = box.center[0] + width + labels.gap_mm + 0.5
    assert placer.place_best("9", "altitude", 9.0, [(x, 0.0)], Apart({}, labels_mm=5.0))
    assert placer.records[-1].box.center == pytest.approx((x, 0.0))
