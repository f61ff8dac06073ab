"""The candidate places of the plate's labels, in their order of preference (issue 12).

Each generator in ``plate_labels`` promises where it looks and in which order (its docstring):
these tests compute the same places independently, from sky points projected by
``tests.independent`` (rotation matrices and the SPEC's formula, no package code), and compare
them in order. The placement itself (which candidate is taken) is tested on whole plates in
test_plate_label_records.py and test_plate_labels.py.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np
import pytest
import shapely

from astrolabe_fab.geometry.primitives import Arc, Circle, Contour, Line, Polyline, Segment
from astrolabe_fab.geometry.projection import Frame
from astrolabe_fab.parts.labels import Labels
from astrolabe_fab.parts.plate import unequal_hours_dec_range
from astrolabe_fab.parts.plate_labels import (
    BEST_BLOCK,
    CHORD_ERROR_MM,
    HOUR_SCALE,
    LABEL_CLEAR_MM,
    LATITUDE_SCALE,
    MAX_CHORD_MM,
    SPACE_OF_CAP,
    TWILIGHT_SCALE,
    Apart,
    Placer,
    PlateSky,
    SkyAnchors,
    Zones,
    _chunked,
    _fan,
    _points,
    altitude_anchors,
    azimuth_anchor_lists,
    azimuth_anchors,
    east_west_anchors,
    hour_anchors,
    house_anchors,
    meridian_side_anchors,
    place_altitudes,
    place_azimuths,
    place_hours,
    place_latitude,
    place_twilight,
)
from astrolabe_fab.parts.plate_sky import unequal_hour_point
from astrolabe_fab.text import text_width_mm
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


def test_best_place_refused_by_a_label_placed_outside_the_placer_is_no_place() -> None:
    """A label placed straight on the plate's ``Labels`` (not through the placer, so not among
    its records) still takes its room: ``place_best`` offered only that spot says it found no
    place, and records nothing."""
    labels = Labels(2.0)
    zones = Zones([("meridian", [Segment((100.0, 100.0), (101.0, 100.0))])])
    placer = Placer(labels, zones, Circle(0.0, 0.0, 50.0))
    assert labels.place("38.90° N", (0.0, 0.0)) is not None
    assert not placer.place_best("9", "altitude", 9.0, [(0.0, 0.0)], Apart({}, labels_mm=5.0))
    assert placer.records == [] and len(labels.boxes) == 1
    # the refusal ends the search: a free place after it (in the same or a later block of
    # anchors) is not tried
    for free_at in (1, BEST_BLOCK):
        anchors = [(0.0, 0.0)] + [(0.0, 20.0)] * free_at
        assert not placer.place_best("9", "altitude", 9.0, anchors, Apart({}, labels_mm=5.0))
        assert placer.records == [] and len(labels.boxes) == 1


def test_best_place_with_none_far_enough_is_the_farthest_that_fits() -> None:
    """No anchor keeps ``labels_mm`` from the label of another kind: the one farthest from it
    that fits is taken, wherever it comes in the anchors' order (the nearest first, the
    farthest in the middle; the last is off the limit)."""
    labels = Labels(2.0)
    zones = Zones([("meridian", [Segment((100.0, 100.0), (101.0, 100.0))])])
    placer = Placer(labels, zones, Circle(0.0, 0.0, 30.0))
    assert placer.place("8", "hour", 8.0, [(0.0, 0.0)])
    anchors = [(6.0, 0.0), (14.0, 0.0), (10.0, 0.0), (29.0, 0.0)]
    assert placer.place_best("9", "altitude", 9.0, anchors, Apart({}, labels_mm=50.0))
    assert placer.records[-1].box.center == pytest.approx((14.0, 0.0))


def test_a_box_refused_by_one_forbidden_area_stays_refused_near_another() -> None:
    """A box on the first forbidden area is refused even where the second area's bounds come
    near it (its exact distance from that area is then asked, and is clear)."""
    cap = 2.0
    disc = shapely.Point(0.0, 0.0).buffer(1.0)
    wedge = shapely.Polygon([(0.9, 3.0), (10.0, 3.0), (10.0, -10.0)])  # bounds 0.35 mm off
    placer = Placer(Labels(cap), Zones([FAR_LINE]), Circle(0.0, 0.0, 80.0), [disc, wedge])
    half_w = text_width_mm("8", cap) / 2.0
    assert wedge.bounds[0] - half_w < LABEL_CLEAR_MM  # near by the bounds
    assert shapely.distance(_box("8", (0.0, 0.0), cap), wedge) > LABEL_CLEAR_MM  # clear of it
    assert placer._fits("8", [(0.0, 0.0), (0.0, 30.0)], cap, "hour", {}).tolist() == [False, True]


def test_no_lines_at_all_leave_every_box_clear() -> None:
    zones = Zones([])
    boxes = shapely.box([0.0, 5.0], [0.0, 5.0], [1.0, 6.0], [1.0, 6.0])
    assert zones.clear(boxes, "hour").tolist() == [True, True]
    assert zones.clear(boxes, "altitude", 0.5, {"horizon": 3.0}).tolist() == [True, True]


def test_latitude_candidates_beside_the_lower_then_the_upper_meridian() -> None:
    """Centred half a box, the clearance and 0.15 mm off the meridian, right side then left,
    from ``r_max`` inwards by half millimetres: below the centre first, then above."""
    sky = _sky(38.9)
    half_w, cap, r_min, r_max = 6.0, 3.0, 10.0, 30.0
    dx = half_w + LABEL_CLEAR_MM + SPACE_OF_CAP * cap + 0.15
    want = [
        (CENTER[0] + side * dx, CENTER[1] + below * (r_max - 0.5 * k))
        for below in (1.0, -1.0)
        for k in range(41)
        for side in (1.0, -1.0)
    ]
    _close(list(meridian_side_anchors(sky, half_w, cap, r_min, r_max)), want)


# --------------------------------------------------------------------------- the altitude passes


def _box(text: str, anchor: tuple[float, float], cap: float) -> shapely.Polygon:
    w = text_width_mm(text, cap)
    return shapely.box(
        anchor[0] - w / 2, anchor[1] - cap / 2, anchor[0] + w / 2, anchor[1] + cap / 2
    )


def _expected_altitude_place(
    sky: PlateSky, ten: float, cap: float, horizon: shapely.LineString, other: shapely.Polygon
) -> tuple[float, float]:
    """The place the module docstring promises, found by shapely on the exact lines: the
    first pass that has a fitting place (kept 3 caps from the horizon and a cap from the limit,
    then 1.5 caps from the horizon, then only the clearance); in it the first place 4 caps
    from the other label, else the farthest from it."""
    text = f"{ten:g}"
    clear = LABEL_CLEAR_MM + SPACE_OF_CAP * cap
    reach = sky.limit.r - Labels(cap).gap_mm
    passes = ((3.0 * cap, cap), (1.5 * cap, 0.0), (0.0, 0.0))
    for to_horizon, to_limit in passes:
        best: tuple[float, tuple[float, float]] | None = None
        for anchor in altitude_anchors(sky, ten):
            if not all(math.isfinite(v) for v in anchor):
                continue
            box = _box(text, anchor, cap)
            far = max(math.dist(c, sky.limit.center) for c in box.exterior.coords)
            if far > reach or sky.limit.r - far <= max(clear, to_limit):
                continue
            if box.distance(horizon) <= max(clear, to_horizon):
                continue
            apart = box.distance(other)
            if apart <= Labels(cap).gap_mm:
                continue
            if best is None or apart > best[0]:
                best = (apart, anchor)
            if apart >= 4.0 * cap:
                break
        if best is not None:
            return best[1]
    raise AssertionError("no place")


def _circle_through(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Centre and radius of the circle through three points (a linear solve)."""
    (x1, y1), (x2, y2), (x3, y3) = points
    a = np.array([[x2 - x1, y2 - y1], [x3 - x1, y3 - y1]], dtype=float)
    b = 0.5 * np.array([x2**2 - x1**2 + y2**2 - y1**2, x3**2 - x1**2 + y3**2 - y1**2])
    cx, cy = np.linalg.solve(a, b)
    return float(cx), float(cy), math.dist((cx, cy), (x1, y1))


@pytest.mark.parametrize(
    ("ten", "ring", "other"),
    [
        (30.0, None, None),  # the noon side too near the limit for the first pass
        (40.0, (9.0, 1.0), None),  # the horizon 7 mm from the noon side: the first pass
        (40.0, (4.5, 1.0), None),  # 2.5 to 4.5 mm: the second pass, on the pole side
        (40.0, (2.8, 0.5), None),  # 1.3 to 2.3 mm all round: the last pass
        (40.0, None, (0, -6.0)),  # another label above the noon side: 4 caps from it
        (40.0, (4.5, 1.0), (160, 9.0)),  # ... below the pole side (and the horizon), second pass
        (40.0, (2.8, 0.2), (0, 4.0)),  # ... below the noon side, in the last pass
    ],
)
def test_altitude_number_takes_the_first_place_of_the_first_pass_with_room(
    ten: float, ring: tuple[float, float] | None, other: tuple[int, float] | None
) -> None:
    """``place_altitudes`` for one drawn almucantar at 38.9 N, with a horizon circle round it
    (``ring``: its radius that much larger, its centre that much lower: nearer the noon side,
    farther from the pole side) and another kind of label ``other`` mm below one of its places:
    the number stands where the module's order of passes and places puts it."""
    sky = _sky(38.9)
    cap = 2.0
    labels = Labels(cap)
    along = altitude_anchors(sky, ten)
    cx, cy, r = _circle_through([along[0], along[160], along[40]])
    line: Circle | Segment = Segment((-500.0, 500.0), (500.0, 500.0))
    horizon = shapely.LineString([(-500.0, 500.0), (500.0, 500.0)])
    if ring is not None:
        line = Circle(cx, cy + ring[1], r + ring[0])
        t = np.linspace(0.0, 2.0 * math.pi, 20001)
        horizon = shapely.LineString(
            np.column_stack([line.cx + line.r * np.cos(t), line.cy + line.r * np.sin(t)])
        )
    zones = Zones([("horizon", [line]), ("limit", [sky.limit])])
    placer = Placer(labels, zones, sky.limit)
    box = shapely.Point(1e3, 1e3).buffer(0.1)
    if other is not None:
        x, y = along[other[0]]
        assert placer.place("8", "hour", 8.0, [(x, y + other[1])])
        box = shapely.Polygon(labels.boxes[0].corners)
    want = _expected_altitude_place(sky, ten, cap, horizon, box)
    place_altitudes(placer, sky, [ten])
    (record,) = [r for r in placer.records if r.kind == "altitude"]
    assert record.text == f"{ten:g}"
    assert math.dist(record.box.center, want) < 1e-9, (record.box.center, want)


@pytest.mark.parametrize(
    ("drawn", "numbered"),
    [
        ([24.0, 29.0, 32.0, 38.0], [29.0]),  # the nearest the band's middle (30)
        ([29.0, 32.0, 35.0], [35.0]),  # a multiple of 5 before any other
        ([24.0, 29.0, 44.0, 49.0], [29.0, 49.0]),  # every such band
    ],
)
def test_a_band_without_its_multiples_of_ten_numbers_another_almucantar(
    drawn: list[float], numbered: list[float]
) -> None:
    """Where no multiple of 10 of a 20-degree band is drawn, the band is numbered on another
    of its almucantars: multiples of 5 first, then the nearest the band's middle."""
    sky = _sky(38.9)
    placer = _empty_placer(sky)
    place_altitudes(placer, sky, drawn)
    assert [r.value for r in placer.records] == numbered
    assert all(r.box.height_mm == pytest.approx(2.0) for r in placer.records)  # full size


# --------------------------------------------------------------------------- on an empty plate


def _empty_placer(sky: PlateSky, cap: float = 2.0) -> Placer:
    """A placer whose only line lies far off the plate: every place inside the limit is free."""
    far = Segment((-500.0, 500.0), (500.0, 500.0))
    return Placer(Labels(cap), Zones([("horizon", [far])]), sky.limit)


@pytest.mark.parametrize(("lat", "step"), [(38.9, 10.0), (-33.87, 15.0)])
def test_azimuth_numbers_multiples_of_30_first_each_half_a_diagonal_up_its_line(
    lat: float, step: float
) -> None:
    """Placed in the order multiples of 30 first, then the rest, each ascending; each number's
    centre half its box's diagonal and LABEL_CLEAR_MM up its azimuth line from a point of the
    line at a quarter degree of altitude (the first that gives room)."""
    sky = _sky(lat)
    placer = _empty_placer(sky)
    place_azimuths(placer, sky, step)
    order = sorted((k * step for k in range(round(360.0 / step))), key=lambda a: (a % 30 != 0, a))
    got = [r.value for r in placer.records]
    assert got == [a for a in order if a in got]
    assert {a for a in order if a % 30 == 0} <= set(got)
    for rec in placer.records:
        half = math.hypot(rec.box.width_mm, rec.box.height_mm) / 2.0 + LABEL_CLEAR_MM
        start = _entry_altitude(lat, rec.value, sky)
        gaps = [
            abs(math.dist(rec.box.center, _plane(start + 0.25 * k, rec.value, lat)) - half)
            for k in range(33)
        ]
        assert min(gaps) < 1e-6, (rec.text, min(gaps))


@pytest.mark.parametrize("lat", [38.9, -33.87])
def test_hour_numerals_one_to_twelve_from_near_the_limit(lat: float) -> None:
    """The numerals 1-12 at 0.8 of the label height, each in the middle of its hour where the
    declination's circle lies 0.8 of their height and 0.6 mm inside the limit."""
    sky = _sky(lat)
    placer = _empty_placer(sky)
    dec_range = unequal_hours_dec_range(lat, OBLIQUITY_DEG)
    assert dec_range is not None
    place_hours(placer, sky, dec_range)
    cap = 2.0 * HOUR_SCALE
    # r = Re tan((90 -+ d) / 2) (SPEC section 1), solved for d
    half_colat = math.degrees(math.atan((sky.limit.r - 0.8 * cap - 0.6) / EQUATOR_MM))
    start = 90.0 - 2.0 * half_colat if lat >= 0.0 else 2.0 * half_colat - 90.0
    assert [r.text for r in placer.records] == [str(k) for k in range(1, 13)]
    reach = sky.limit.r - Labels(2.0).gap_mm
    step = 0.25 if lat >= 0.0 else -0.25
    for k, rec in enumerate(placer.records, start=1):
        assert rec.box.height_mm == pytest.approx(cap)
        w = text_width_mm(rec.text, cap)
        for j in range(40):  # the first declination inwards whose box lies within the reach
            x, y = unequal_hour_point(sky.frame, lat, k - 0.5, start + step * j)
            corners = [(x + sx * w / 2, y + sy * cap / 2) for sx in (-1, 1) for sy in (-1, 1)]
            if max(math.dist(c, CENTER) for c in corners) <= reach:
                break
        assert math.dist(rec.box.center, (x, y)) < 1e-6, (k, j, rec.box.center, (x, y))


@pytest.mark.parametrize("lat", [38.9, -33.87])
def test_twilight_number_beside_the_lower_meridian(lat: float) -> None:
    """The depression on its line a degree of azimuth past the lower meridian (north in the
    north), the first of the places 1, 1.5, 0.5, 2, ... degrees from it."""
    sky = _sky(lat)
    placer = _empty_placer(sky)
    place_twilight(placer, sky, [-18.0], latin=False)
    (rec,) = placer.records
    bottom = 0.0 if lat >= 0.0 else 180.0
    assert rec.text == "\u221218°" and rec.box.height_mm == pytest.approx(2.0 * TWILIGHT_SCALE)
    assert math.dist(rec.box.center, _plane(-18.0, bottom + 1.0, lat)) < 1e-6


@pytest.mark.parametrize("lat", [38.9, 0.0, 0.5, -0.5, -33.87])
def test_latitude_label_says_north_or_south_at_its_first_room_below_the_pivot(lat: float) -> None:
    """'38.90° N' ('0.00° N' at the equator), 1.2 label heights high, beside the lower meridian
    at the outermost half-millimetre step from 1.5 of its height inside the limit whose box
    keeps the labels' gap inside the limit."""
    sky = _sky(lat)
    placer = _empty_placer(sky)
    place_latitude(placer, sky, 3.0)
    (rec,) = placer.records
    assert rec.text == f"{abs(lat):.2f}° {'S' if lat < 0 else 'N'}"
    cap = 2.0 * LATITUDE_SCALE
    half_w = text_width_mm(rec.text, cap) / 2.0
    dx = half_w + LABEL_CLEAR_MM + SPACE_OF_CAP * cap + 0.15
    reach = sky.limit.r - Labels(2.0).gap_mm
    for k in range(200):
        y = sky.limit.r - 1.5 * cap - 0.5 * k
        far = math.hypot(dx + half_w, y + cap / 2.0)
        if far <= reach:
            break
    assert rec.box.center == pytest.approx((CENTER[0] + dx, CENTER[1] + y), abs=1e-9)
    assert rec.box.height_mm == pytest.approx(cap)


# --------------------------------------------------------------------------- the lines' index


def _check_along_arc(pts: np.ndarray, arc: Arc, error_mm: float) -> None:
    """On the arc, from its start to its end, in equal chords each within ``error_mm`` of the
    arc at its middle (measured) and at most MAX_CHORD_MM long, and as few as may be: one
    chord fewer would stray farther or be longer (at least two chords)."""
    radii = np.hypot(pts[:, 0] - arc.cx, pts[:, 1] - arc.cy)
    assert np.allclose(radii, arc.r, atol=1e-9)
    chords = np.hypot(*np.diff(pts, axis=0).T)
    assert np.allclose(chords, chords[0], rtol=1e-9, atol=1e-12)
    assert chords.max() <= MAX_CHORD_MM + 1e-12
    mids = (pts[:-1] + pts[1:]) / 2.0
    assert (arc.r - np.hypot(mids[:, 0] - arc.cx, mids[:, 1] - arc.cy)).max() <= error_mm + 1e-12
    n = len(pts) - 1
    if n > 2:
        fewer = abs(arc.sweep_rad) / (n - 1)  # each chord's angle with one chord fewer
        stray = arc.r * (1.0 - math.cos(fewer / 2.0))
        assert stray > error_mm or arc.r * fewer > MAX_CHORD_MM
    ends = [arc.point_at(arc.start_rad), arc.point_at(arc.start_rad + arc.sweep_rad)]
    assert math.dist(tuple(pts[0]), ends[0]) < 1e-9 and math.dist(tuple(pts[-1]), ends[1]) < 1e-9


def test_points_along_every_kind_of_line_as_chords_near_the_arc() -> None:
    """``_points``: arcs and circles sampled from end to end in chords within CHORD_ERROR_MM
    of them (unless told) and at most MAX_CHORD_MM long, segments and polylines by their own
    points, a contour piece by piece, and nothing for a shape that is not a line."""
    assert (CHORD_ERROR_MM, MAX_CHORD_MM) == (0.002, 2.0)
    arc = Arc(3.0, 4.0, 30.0, 0.5, 2.0)  # chords of 0.69 mm: the error decides
    _check_along_arc(_points(arc), arc, CHORD_ERROR_MM)
    _check_along_arc(_points(arc, 1e-4), arc, 1e-4)
    big = Arc(0.0, 0.0, 900.0, 0.1, -0.05)  # the length decides: 45 mm in 2 mm chords
    assert len(_points(big)) == 24
    _check_along_arc(_points(big), big, CHORD_ERROR_MM)
    assert len(_points(Arc(0.0, 0.0, 1.0, 0.0, 1e-3))) == 3  # a tiny arc: its ends and middle
    small = Arc(0.0, 0.0, 0.5, 0.0, 6.0)  # under 1 mm: still as many chords as the error asks
    assert len(_points(small)) == 35
    _check_along_arc(_points(small), small, CHORD_ERROR_MM)
    for r in (0.001, 0.0005, 0.0):  # radii of half the error and less: two chords (acos of -1)
        assert len(_points(Arc(0.0, 0.0, r, 0.0, 6.0))) == 3
    for bad in (0.0, -0.001, math.nan):
        with pytest.raises(ValueError, match="a chord error must be over 0 mm"):
            _points(arc, bad)
    circle = Circle(1.0, 2.0, 10.0)
    pts = _points(circle)
    _check_along_arc(pts, Arc(1.0, 2.0, 10.0, 0.0, 2.0 * math.pi), CHORD_ERROR_MM)
    seg = Segment((0.0, 0.0), (5.0, 1.0))
    assert _points(seg).tolist() == [[0.0, 0.0], [5.0, 1.0]]
    poly = Polyline(((0.0, 0.0), (1.0, 1.0), (2.0, 0.0)))
    assert _points(poly).tolist() == [[0.0, 0.0], [1.0, 1.0], [2.0, 0.0]]
    half = Arc(0.0, 0.0, 5.0, 0.0, math.pi)
    contour = Contour((Segment((-5.0, 0.0), (5.0, 0.0)), half))
    got = _points(contour, 0.1)
    assert got[:2].tolist() == [[-5.0, 0.0], [5.0, 0.0]]
    _check_along_arc(got[2:], half, 0.1)
    assert _points(Line.through((0.0, 0.0), (1.0, 1.0))).shape == (0, 2)


def test_zones_index_every_stretch_of_a_line_once() -> None:
    """The index's pieces of a long arc follow on from each other (each starts where the last
    ended): together they are the sampled arc, with no gap a label could slip through."""
    arc = Arc(0.0, 0.0, 40.0, 0.0, 6.0)  # 240 mm: about 300 points, 20 pieces
    zones = Zones([("almucantar", [arc])])
    pieces = [np.asarray(line.coords) for line in zones.lines]
    assert len(pieces) > 10
    for a, b in itertools.pairwise(pieces):
        assert a[-1].tolist() == b[0].tolist()
    joined = np.concatenate([pieces[0], *(p[1:] for p in pieces[1:])])
    assert joined.tolist() == _points(arc).tolist()


@pytest.mark.parametrize("size", [2, 3, 16])
def test_chunked_cuts_each_line_into_pieces_that_follow_on(size: int) -> None:
    """``_chunked`` against its definition: each line of n points gives the pieces starting at
    points 0, size - 1, 2 (size - 1), ... before its last point, each of at most ``size``
    points; the pieces of all lines one after another."""
    rng = np.random.default_rng(size)
    lines = [rng.normal(size=(n, 2)) for n in (2, 3, 16, 17, 31, 2, 40)]
    coords, lengths, chunks = _chunked(lines, size)
    expected = [line[k : k + size] for line in lines for k in range(0, len(line) - 1, size - 1)]
    assert lengths.tolist() == [len(piece) for piece in expected]
    assert coords.tolist() == np.concatenate(expected).tolist()
    assert chunks.tolist() == [len(range(0, len(line) - 1, size - 1)) for line in lines]
    empty = _chunked([], size)
    assert empty[0].shape == (0, 2) and len(empty[1]) == len(empty[2]) == 0


# --------------------------------------------------------------------------- which anchors fit

FAR_LINE = ("horizon", [Segment((900.0, 900.0), (901.0, 900.0))])


def _upright_box(text: str, at: tuple[float, float], cap: float) -> shapely.Polygon:
    """The label's box as ``text.place_text`` sets it (centred, upright)."""
    from astrolabe_fab.text import place_text

    return shapely.Polygon(place_text(text, at, cap).corners)


def test_fits_keeps_a_box_inside_the_limit_less_the_gap_and_drops_non_finite_anchors() -> None:
    limit = Circle(10.0, -5.0, 40.0)
    placer = Placer(Labels(2.0), Zones([FAR_LINE]), limit)
    reach = limit.r - placer.labels.gap_mm
    anchors = [
        (limit.cx + r * math.cos(t), limit.cy + r * math.sin(t))
        for t in np.linspace(0.0, 2.0 * math.pi, 13)
        for r in np.linspace(30.0, 41.0, 45)
    ]
    fits = placer._fits("88", [(math.nan, 0.0), *anchors, (0.0, math.inf)], 2.0, "hour", {})
    assert not fits[0] and not fits[-1]
    decided = 0
    for at, ok in zip(anchors, fits[1:-1], strict=True):
        far = max(math.dist(c, limit.center) for c in _upright_box("88", at, 2.0).exterior.coords)
        if abs(far - reach) > 1e-6:
            assert ok == (far <= reach), (at, far)
            decided += 1
    assert decided > 400 and 0 < fits.sum() < len(fits) - 2


def test_fits_keeps_the_clearance_from_a_forbidden_area_and_no_more() -> None:
    disc = shapely.Point(20.0, 0.0).buffer(3.0, quad_segs=64)
    placer = Placer(Labels(2.0), Zones([FAR_LINE]), Circle(0.0, 0.0, 80.0), forbidden=[disc])
    anchors = [(float(x), float(y)) for x in np.linspace(5.0, 35.0, 61) for y in (0.0, 2.5, 4.2)]
    fits = placer._fits("7", anchors, 2.0, "hour", {})
    for at, ok in zip(anchors, fits, strict=True):
        gap = disc.distance(_upright_box("7", at, 2.0))
        if abs(gap - LABEL_CLEAR_MM) > 1e-6:
            assert ok == (gap >= LABEL_CLEAR_MM), (at, gap)
    # just beyond the clearance is taken: the refusal is exact, not a wider margin
    x = 20.0 + 3.0 + LABEL_CLEAR_MM + 0.02 + text_width_mm("7", 2.0) / 2.0
    assert placer._fits("7", [(x, 0.0)], 2.0, "hour", {})[0]


@pytest.mark.parametrize("cap", [1.5, 3.0])
def test_fits_keeps_the_clearance_and_a_quarter_cap_from_an_unbreakable_line(cap: float) -> None:
    line = Segment((-30.0, 0.0), (30.0, 0.0))
    placer = Placer(Labels(cap), Zones([("horizon", [line])]), Circle(0.0, 0.0, 80.0))
    need = LABEL_CLEAR_MM + SPACE_OF_CAP * cap
    offsets = np.linspace(cap / 2.0, cap / 2.0 + 2.0, 81)
    fits = placer._fits("5", [(0.0, float(d)) for d in offsets], cap, "hour", {})
    segment = shapely.LineString([line.p0, line.p1])
    for d, ok in zip(offsets, fits, strict=True):
        gap = segment.distance(_upright_box("5", (0.0, float(d)), cap))
        if abs(gap - need) > 1e-6:
            assert ok == (gap > need), (d, gap, need)
    assert fits.any() and not fits.all()


@dataclass(frozen=True)
class _CountingSky(PlateSky):
    """A ``PlateSky`` that notes into ``calls`` how many points each ``at_many`` projects."""

    calls: list[int] = field(default_factory=list)

    def at_many(self, altitude_deg: np.ndarray, azimuth_deg: np.ndarray) -> np.ndarray:
        self.calls.append(len(azimuth_deg))
        return super().at_many(altitude_deg, azimuth_deg)


def _counting(sky: PlateSky, calls: list[int]) -> PlateSky:
    """``sky`` noting into ``calls`` the size of every projection it makes."""
    return _CountingSky(sky.frame, sky.latitude_deg, sky.limit, calls)


def test_sky_anchors_project_only_the_blocks_read() -> None:
    """``SkyAnchors`` is the list of its points (``PlateSky.at`` of each, the same numbers),
    indexed and sliced as a list is, and it projects a block of BEST_BLOCK points only when
    one of them is first read."""
    sky = _sky(38.9)
    azimuths = np.arange(0.0, 300.0, 1.5)  # 200 points: three full blocks and a part
    calls: list[int] = []
    counted = _counting(sky, calls)
    anchors = SkyAnchors(counted, 30.0, azimuths)
    want = [sky.at(30.0, float(az)) for az in azimuths]
    assert len(anchors) == 200 and calls == []
    assert anchors[0] == want[0] and calls == [BEST_BLOCK]
    assert anchors[BEST_BLOCK - 1] == want[BEST_BLOCK - 1] and calls == [BEST_BLOCK]
    assert anchors[-1] == want[-1] and calls == [BEST_BLOCK, 200 - 3 * BEST_BLOCK]
    assert anchors[BEST_BLOCK : 2 * BEST_BLOCK] == want[BEST_BLOCK : 2 * BEST_BLOCK]
    assert calls == [BEST_BLOCK, 200 - 3 * BEST_BLOCK, BEST_BLOCK]
    assert anchors[190:] == want[190:] and anchors[3::7] == want[3::7]
    assert anchors[-200] == want[0] and list(anchors) == want
    assert anchors[5 : BEST_BLOCK + 9] == want[5 : BEST_BLOCK + 9]
    assert anchors[0:150] == want[0:150] and anchors[0:BEST_BLOCK:2] == want[0:BEST_BLOCK:2]
    assert anchors[BEST_BLOCK + 1 : BEST_BLOCK + 9] == want[BEST_BLOCK + 1 : BEST_BLOCK + 9]
    assert anchors[BEST_BLOCK:BEST_BLOCK] == [] and anchors[150:80] == []
    assert anchors[BEST_BLOCK:10] == [] and anchors[2 * BEST_BLOCK : -150] == []
    for bad in (200, -201):
        with pytest.raises(IndexError):
            anchors[bad]
    with pytest.raises(TypeError):
        anchors[1.0]  # type: ignore[call-overload]


def test_best_place_reads_the_next_block_only_when_no_far_anchor_fits() -> None:
    """``place_best`` over more than BEST_BLOCK anchors: the first far anchor that fits, in
    any block (here the first block's anchors are all off the limit, and the second block's
    are all near the other label); with none far enough, the farthest of all the blocks."""
    labels = Labels(2.0)
    zones = Zones([("meridian", [Segment((100.0, 100.0), (101.0, 100.0))])])
    placer = Placer(labels, zones, Circle(0.0, 0.0, 30.0))
    assert placer.place("8", "hour", 8.0, [(0.0, 0.0)])
    off = [(40.0, 0.0)] * BEST_BLOCK  # outside the limit
    near = [(6.0 + 0.01 * k, 0.0) for k in range(BEST_BLOCK)]  # 6 mm from the other label
    anchors = [*off, *near, (0.0, 15.0), (0.0, -20.0)]
    assert placer.place_best("9", "altitude", 9.0, anchors, Apart({}, labels_mm=12.0))
    assert placer.records[-1].box.center == pytest.approx((0.0, 15.0))
    # the last anchor of a block is read too
    placer = Placer(Labels(2.0), zones, Circle(0.0, 0.0, 30.0))
    last = [*off[1:], (0.0, -15.0), *near, (0.0, 15.0)]
    assert placer.place_best("9", "altitude", 9.0, last, Apart({}, labels_mm=12.0))
    assert placer.records[-1].box.center == pytest.approx((0.0, -15.0))
    # nothing 25 mm from it: the farthest, which comes after a nearer one of an earlier block
    placer = Placer(Labels(2.0), zones, Circle(0.0, 0.0, 30.0))
    assert placer.place("8", "hour", 8.0, [(0.0, 0.0)])
    assert placer.place_best("9", "altitude", 9.0, anchors, Apart({}, labels_mm=25.0))
    assert placer.records[-1].box.center == pytest.approx((0.0, -20.0))


def test_best_place_projects_only_the_blocks_it_reads() -> None:
    """An altitude number that fits at one of its first places: ``place_best`` reads (and
    ``SkyAnchors`` projects) only the first block of the almucantar's 500 places."""
    sky = _sky(38.9)
    calls: list[int] = []
    counted = _counting(sky, calls)
    anchors = altitude_anchors(counted, 30.0)
    zones = Zones([("meridian", [Segment((500.0, 500.0), (501.0, 500.0))])])
    placer = Placer(Labels(2.0), zones, sky.limit)
    assert len(anchors) == 500 and calls == []
    assert placer.place_best("30", "altitude", 30.0, anchors, Apart({}, labels_mm=5.0))
    assert calls == [BEST_BLOCK]
    assert placer.records[-1].box.center == pytest.approx(anchors[0])


def test_best_place_with_no_distance_to_keep_takes_no_place() -> None:
    """A distance from the other labels that is not a number: no anchor is far enough nor
    nearer than it, so none is tried."""
    labels = Labels(2.0)
    zones = Zones([("meridian", [Segment((100.0, 100.0), (101.0, 100.0))])])
    placer = Placer(labels, zones, Circle(0.0, 0.0, 30.0))
    assert placer.place("8", "hour", 8.0, [(0.0, 0.0)])
    assert not placer.place_best("9", "altitude", 9.0, [(0.0, 10.0)], Apart({}, math.nan))
    assert len(placer.records) == 1


@pytest.mark.parametrize("lat", [-62.0, -33.87, 0.5, 38.9, 66.56])
def test_azimuth_lines_projected_together_give_each_lines_own_anchors(lat: float) -> None:
    """``azimuth_anchor_lists`` (every line's first points in one projection) gives each
    azimuth the very anchors ``azimuth_anchors`` gives it alone."""
    sky = PlateSky(
        Frame(CENTER, 45.0, "north" if lat >= 0 else "south"), lat, Circle(*CENTER, 70.0)
    )
    azimuths = [5.0 * k for k in range(72)]
    halves = [1.0 + 0.01 * k for k in range(72)]
    together = azimuth_anchor_lists(sky, azimuths, halves)
    assert together == [azimuth_anchors(sky, az, h) for az, h in zip(azimuths, halves, strict=True)]
    assert sum(map(len, together)) > 72  # most lines enter the plate
