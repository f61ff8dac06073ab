"""The ecliptic ring's scales, checked against the module's stated layout of the band.

The band (module docstring of ``parts/rete_ecliptic.py``), read from the ecliptic inwards:
the calendar zone (1.6 cap heights), the degree zone (1), the sign zone (1.5). Every tick lies
on the normal to the ring through its own ecliptic point, pointing at the ring's centre:
- degree scale: sign boundaries (every 30 degrees) heavy, across the whole band from the
  ecliptic; every 10 degrees normal, across the degree zone; every 5 degrees normal, 0.62 of it;
  the others fine, 0.36 of it; all starting at the degree zone's outer edge;
- calendar: the first of each month heavy, across the calendar zone; days 10, 20, 30 normal,
  0.55 of it; days 5, 15, 25 normal, 0.42 of it; the others fine, 0.25 of it; all starting on the
  ecliptic.
The ticks' ends are checked as radii from the ring's centre and as a direction (both ends on
the ray from the centre through the anchor), not as stored coordinates.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import astronomy
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Polygon
from shapely.geometry import Point as ShPoint

from astrolabe_fab.astro.calendars import CalendarDay
from astrolabe_fab.design import Design
from astrolabe_fab.geometry.primitives import Point
from astrolabe_fab.geometry.projection import Frame
from astrolabe_fab.parts import rete as rete_module
from astrolabe_fab.parts.glyphs import INSCRIBED, glyph_polygons
from astrolabe_fab.parts.labels import Labels
from astrolabe_fab.parts.layout import layout_for
from astrolabe_fab.parts.rete import draw_rete
from astrolabe_fab.parts.rete_ecliptic import (
    CALENDAR_ZONE,
    DEGREE_ZONE,
    EDGE_GAP_MM,
    MONTH_NAME_DAYS,
    MONTHS,
    SCALE_GAP_MM,
    SIGN_OFFSETS_DEG,
    SIGN_ZONE,
    SIGNS,
    EclipticRing,
    RingScales,
    Tick,
    ZoneKey,
    _at_depth,
    _band_space,
    _inward,
    _tangent,
    _Try,
    _try_name,
    _Zone,
    band_width_mm,
    ecliptic_point,
    ecliptic_ring,
    sun_longitudes,
)
from astrolabe_fab.text import TextBox, place_text, text_corners, text_width_mm
from tests.caching import per_mutant_cache

#: A cap height that is not 1 (so a length multiplied by it and one divided by it differ).
CAP_MM = 2.5
OBLIQUITY_DEG = 23.4393
DEGREE_FRACTION = {10: 1.0, 5: 0.62, 1: 0.36}
CALENDAR_FRACTION = {"first": 1.0, "tens": 0.55, "fives": 0.42, "other": 0.25}


def _frame(north: bool = True) -> Frame:
    """A part's frame: the pivot away from the page's origin, x and y unequal."""
    return Frame((100.0, 120.0), 40.0, "north" if north else "south")


def _ring(north: bool = True, scales: RingScales | None = None) -> EclipticRing:
    return ecliptic_ring(_frame(north), OBLIQUITY_DEG, 2026.0, CAP_MM, scales)


def _lon(tick: Tick) -> int:
    """A degree tick's longitude (whole degrees)."""
    assert isinstance(tick.value, float)
    return int(tick.value)


def _sign_depth_mm(ring: EclipticRing, cap_mm: float) -> float:
    """Half way across the sign zone, mm from the ecliptic."""
    return ring.circle.r - ring.sign_zone_outer_mm + 0.5 * SIGN_ZONE * cap_mm


def _radius(ring: EclipticRing, p: tuple[float, float]) -> float:
    return math.dist(p, ring.circle.center)


def _assert_radial(ring: EclipticRing, tick: Tick) -> None:
    """Both ends of the tick on the ray from the ring's centre through its anchor."""
    c = ring.circle.center
    bearing = math.atan2(tick.anchor[1] - c[1], tick.anchor[0] - c[0])
    for end in (tick.segment.p0, tick.segment.p1):
        r = _radius(ring, end)
        expected = (c[0] + r * math.cos(bearing), c[1] + r * math.sin(bearing))
        assert math.dist(end, expected) < 1e-9, tick.value


def _depths(ring: EclipticRing, tick: Tick) -> tuple[float, float]:
    """How deep into the band (mm from the ecliptic) the tick starts and ends."""
    r = ring.circle.r
    return r - _radius(ring, tick.segment.p0), r - _radius(ring, tick.segment.p1)


def _degree_class(lon: int) -> int:
    return next(k for k in (30, 10, 5) if lon % k == 0) if lon % 5 == 0 else 1


@pytest.mark.parametrize("north", [True, False])
@pytest.mark.parametrize("calendar", [True, False])
def test_degree_ticks_weights_and_lengths_by_the_stated_layout(north: bool, calendar: bool) -> None:
    ring = _ring(north, RingScales(calendar=calendar))
    frame = _frame(north)
    zone_start_mm = CALENDAR_ZONE * CAP_MM if calendar else 0.0
    band_mm = (CALENDAR_ZONE * calendar + DEGREE_ZONE + SIGN_ZONE) * CAP_MM
    assert ring.circle.r - ring.inner_radius_mm == pytest.approx(band_mm)
    assert [t.value for t in ring.longitude_ticks] == [float(v) for v in range(360)]
    for tick in ring.longitude_ticks:
        lon = _lon(tick)
        kind = _degree_class(lon)
        # the anchor is the longitude's own projected point, on the ecliptic
        assert tick.anchor == ecliptic_point(frame, float(lon), OBLIQUITY_DEG)
        assert _radius(ring, tick.anchor) == pytest.approx(ring.circle.r, abs=1e-9)
        _assert_radial(ring, tick)
        start, end = _depths(ring, tick)
        if kind == 30:
            assert tick.weight == "heavy"
            assert (start, end) == pytest.approx((0.0, band_mm), abs=1e-9)
        else:
            assert tick.weight == ("fine" if kind == 1 else "normal")
            length = DEGREE_FRACTION[kind] * DEGREE_ZONE * CAP_MM
            assert (start, end) == pytest.approx((zone_start_mm, zone_start_mm + length), abs=1e-9)
    # the degree zone's circles are where the 10-degree ticks start and end
    tens = [t for t in ring.longitude_ticks if _lon(t) % 30 and _lon(t) % 10 == 0]
    assert ring.zone_radii_mm[-1] == pytest.approx(_radius(ring, tens[0].segment.p1), abs=1e-9)
    if calendar:
        assert ring.zone_radii_mm[0] == pytest.approx(_radius(ring, tens[0].segment.p0), abs=1e-9)


def test_degree_ticks_by_two_keep_the_same_classes() -> None:
    """The Treatise's scale "by two degrees and two": 180 ticks, classed as on the 1-degree
    scale (sign boundaries heavy, the tens normal, the others fine)."""
    ring = _ring(scales=RingScales(calendar=False, degree_step_deg=2))
    assert [t.value for t in ring.longitude_ticks] == [float(v) for v in range(0, 360, 2)]
    weights = {_lon(t): t.weight for t in ring.longitude_ticks}
    assert weights[30] == weights[0] == "heavy" and weights[20] == weights[10] == "normal"
    assert weights[2] == weights[4] == weights[6] == "fine"


def _day_class(day: int) -> str:
    if day == 1:
        return "first"
    if day % 10 == 0:
        return "tens"
    return "fives" if day % 5 == 0 else "other"


@pytest.mark.parametrize("north", [True, False])
def test_calendar_ticks_weights_and_lengths_by_the_stated_layout(north: bool) -> None:
    ring = _ring(north)
    zone_mm = CALENDAR_ZONE * CAP_MM
    assert len(ring.calendar_ticks) == 365
    assert [t.value for t in ring.calendar_ticks] == [day for day, _ in ring.sun_days]
    lon_of = dict(ring.sun_days)
    frame = _frame(north)
    for tick in ring.calendar_ticks:
        day = tick.value
        assert isinstance(day, CalendarDay)
        assert tick.anchor == ecliptic_point(frame, lon_of[day], OBLIQUITY_DEG)
        assert tick.segment.p0 == pytest.approx(tick.anchor, abs=1e-12)  # from the ecliptic
        _assert_radial(ring, tick)
        kind = _day_class(day.day)
        assert tick.weight == {"first": "heavy", "other": "fine"}.get(kind, "normal"), day
        assert _depths(ring, tick) == pytest.approx(
            (0.0, CALENDAR_FRACTION[kind] * zone_mm), abs=1e-9
        ), day
    assert ring.zone_radii_mm[0] == pytest.approx(ring.circle.r - zone_mm)


def test_inward_runs_along_the_normal_from_start_to_start_plus_length() -> None:
    ring = _ring()
    c = ring.circle
    for bearing_deg in (17.0, 110.0, 200.0, 333.0):
        a = math.radians(bearing_deg)
        p = (c.cx + c.r * math.cos(a), c.cy + c.r * math.sin(a))
        seg = _inward(c, p, 1.5, 2.25)
        for end, depth in ((seg.p0, 1.5), (seg.p1, 3.75)):
            expected = (c.cx + (c.r - depth) * math.cos(a), c.cy + (c.r - depth) * math.sin(a))
            assert math.dist(end, expected) < 1e-9


def test_month_names_are_tried_from_the_middle_of_the_month_outwards() -> None:
    """Days 6-26 (clear of the first's heavy tick and the next month's), the 16th first, then
    ever further from it, the earlier day first at equal distance."""
    assert sorted(MONTH_NAME_DAYS) == list(range(6, 27))
    assert MONTH_NAME_DAYS[:5] == (16, 15, 17, 14, 18)
    distances = [abs(d - 16) for d in MONTH_NAME_DAYS]
    assert distances == sorted(distances)


# --------------------------------------------------------------------------- the band's space


def _square(center: tuple[float, float], half_mm: float) -> Polygon:
    x, y = center
    return Polygon(
        [
            (x - half_mm, y - half_mm),
            (x + half_mm, y - half_mm),
            (x + half_mm, y + half_mm),
            (x - half_mm, y + half_mm),
        ]
    )


def _most_axis_aligned(ticks: list[Tick]) -> Tick:
    """The tick nearest to horizontal or vertical (its bounding box is then a sliver, so a
    neighbour within the gap need not meet it: the distance query must find it)."""

    def skew(t: Tick) -> float:
        a = math.degrees(
            math.atan2(t.segment.p1[1] - t.segment.p0[1], t.segment.p1[0] - t.segment.p0[0])
        )
        return abs((a + 45.0) % 90.0 - 45.0)

    return min(ticks, key=skew)


def test_near_tick_is_the_distance_to_the_nearest_tick_within_the_gap() -> None:
    """A small square beside a tick, stepped away from it across its normal: near exactly when
    shapely's distance to the nearest tick is under SCALE_GAP_MM (the grown outline is a
    polygon: INSCRIBED of the gap surely counts)."""
    ring = _ring()
    space = _band_space(ring, ())
    ticks = [*ring.longitude_ticks, *ring.calendar_ticks]
    lines = [LineString([t.segment.p0, t.segment.p1]) for t in ticks]
    tick = _most_axis_aligned([t for t in ring.longitude_ticks if t.weight == "normal"])
    (x0, y0), (x1, y1) = tick.segment.p0, tick.segment.p1
    length = math.hypot(x1 - x0, y1 - y0)
    nx, ny = -(y1 - y0) / length, (x1 - x0) / length  # unit normal to the tick
    mid = ((x0 + x1) / 2.0, (y0 + y1) / 2.0)
    seen: set[bool] = set()
    for k in range(1, 40):
        off = 0.06 + 0.01 * k
        square = _square((mid[0] + off * nx, mid[1] + off * ny), 0.05)
        distance = min(square.distance(line) for line in lines)
        near = space._near_tick(np.array([square]))
        if distance < INSCRIBED * SCALE_GAP_MM:
            assert near, (off, distance)
        elif distance > SCALE_GAP_MM:
            assert not near, (off, distance)
        seen.add(near)
    assert seen == {True, False}


def test_clear_refuses_a_boundary_a_tick_an_avoided_disc_and_the_zone() -> None:
    """In the sign zone, mid-sign, a name is clear; across a sign boundary it is not, nor on an
    avoided disc, nor outside its zone."""
    ring = _ring()
    c = ring.circle
    space = _band_space(ring, ())
    depth_mm = _sign_depth_mm(ring, CAP_MM)
    frame = _frame()
    open_zone = _Zone(c.center, 0.0, math.inf)

    def name_at(lon_deg: float) -> tuple[TextBox, Point, ZoneKey]:
        anchor = _at_depth(c, ecliptic_point(frame, lon_deg, OBLIQUITY_DEG), depth_mm)
        rotation, tops_out = _tangent(c.center, anchor)
        box = place_text("Leo", anchor, 0.6 * CAP_MM, rotation_deg=rotation)
        return box, anchor, ("Leo", 0.6, depth_mm, tops_out)

    box, anchor, key = name_at(135.0)
    assert space.clear(box, open_zone, key)
    assert not space.clear(box, _Zone(c.center, 0.0, math.inf, {key: False}), key)
    assert not _band_space(ring, [(anchor, 0.2)]).clear(box, open_zone, key)
    far = ecliptic_point(frame, 300.0, OBLIQUITY_DEG)
    assert _band_space(ring, [(far, 0.2)]).clear(box, open_zone, key)
    boundary_box, _, boundary_key = name_at(120.0)
    assert not space.clear(boundary_box, open_zone, boundary_key)
    # and into the degree scale: clear of the boundary but on the degree ticks
    deep = _at_depth(
        c, ecliptic_point(frame, 135.0, OBLIQUITY_DEG), c.r - ring.zone_radii_mm[0] + 0.5 * CAP_MM
    )
    rotation, tops_out = _tangent(c.center, deep)
    on_ticks = place_text("Leo", deep, 0.6 * CAP_MM, rotation_deg=rotation)
    assert not space.clear(on_ticks, open_zone, ("Leo", 0.6, -1.0, tops_out))


def test_zone_admits_exactly_the_names_between_its_radii() -> None:
    """The verdict against the glyphs' own distances from the centre (shapely), remembered per
    key: a zone a hair narrower than the name refuses it, one a hair wider admits it."""
    ring = _ring()
    c = ring.circle
    frame = _frame()
    anchor = _at_depth(c, ecliptic_point(frame, 200.0, OBLIQUITY_DEG), 3.0)
    rotation, tops_out = _tangent(c.center, anchor)
    box = place_text("Sagittarius", anchor, 0.6 * CAP_MM, rotation_deg=rotation)
    polygons = glyph_polygons(box)
    glyphs = shapely.union_all(polygons)
    centre = ShPoint(c.center)
    inner = glyphs.distance(centre)
    outer = shapely.hausdorff_distance(centre, glyphs)
    key = ("Sagittarius", 0.6, 3.0, tops_out)
    for lo, hi, expected in (
        (inner - 1e-3, outer + 1e-3, True),
        (inner + 1e-3, outer + 1e-3, False),
        (inner - 1e-3, outer - 1e-3, False),
    ):
        zone = _Zone(c.center, lo, hi)
        assert zone.admits(key, polygons) is expected
        assert zone.refuses(key) is (not expected)
        assert zone.admits(key, np.array([])) is expected  # remembered, not recomputed


def _union_verdict(zone: _Zone, polygons: np.ndarray) -> bool:
    """The verdict from the union of the glyphs (the slow way): every vertex of its outline
    between the zone's radii."""
    area = shapely.union_all(polygons)
    xy = shapely.get_coordinates(area.exterior if hasattr(area, "exterior") else area)
    cx, cy = zone.center
    radii = ((xy[:, 0] - cx) ** 2 + (xy[:, 1] - cy) ** 2) ** 0.5  # as the zone computes them
    return bool(radii.min() >= zone.inner_mm and radii.max() <= zone.outer_mm)


@settings(max_examples=120, deadline=None)
@given(
    text=st.sampled_from(["Sagittarius", "Leo", "IANUARIUS", "♒ Aquarius", "Mai", "o"]),
    lon=st.floats(0.0, 360.0),
    depth=st.floats(0.5, 4.0),
    scale=st.sampled_from([0.45, 0.6, 0.72]),
    inner_off=st.floats(-0.3, 0.3),
    outer_off=st.floats(-0.3, 0.3),
)
def test_zone_verdicts_without_the_union_are_the_union_s(
    text: str, lon: float, depth: float, scale: float, inner_off: float, outer_off: float
) -> None:
    """``_Zone`` settles most names from the rings' own vertices: its verdict is the union's
    for names at any place, and zones whose radii pass near the glyphs' nearest and farthest
    points (where the two ways could differ)."""
    ring = _ring()
    c = ring.circle
    anchor = _at_depth(c, ecliptic_point(_frame(), lon, OBLIQUITY_DEG), depth)
    rotation, _ = _tangent(c.center, anchor)
    polygons = glyph_polygons(place_text(text, anchor, scale * CAP_MM, rotation_deg=rotation))
    glyphs = shapely.union_all(polygons)
    centre = ShPoint(c.center)
    near, far = glyphs.distance(centre), shapely.hausdorff_distance(centre, glyphs)
    zone = _Zone(c.center, near + inner_off, far + outer_off)
    assert zone.admits(("k", scale, depth, True), polygons) is _union_verdict(zone, polygons)


def test_clear_cut_zones_are_settled_without_the_union() -> None:
    ring = _ring()
    c = ring.circle
    anchor = _at_depth(c, ecliptic_point(_frame(), 200.0, OBLIQUITY_DEG), 3.0)
    rotation, _ = _tangent(c.center, anchor)
    polygons = glyph_polygons(place_text("Sagittarius", anchor, 1.5, rotation_deg=rotation))
    glyphs = shapely.union_all(polygons)
    near, far = (
        glyphs.distance(ShPoint(c.center)),
        shapely.hausdorff_distance(ShPoint(c.center), glyphs),
    )
    assert _Zone(c.center, near - 0.01, far + 0.01)._settled(polygons) is True
    assert _Zone(c.center, near - 0.01, far - 0.01)._settled(polygons) is False  # too far out
    assert _Zone(c.center, near + 0.01, far + 0.01)._settled(polygons) is False  # too far in
    assert _Zone(c.center, 0.0, math.inf)._settled(np.array([])) is None


def test_zone_unites_the_glyphs_only_when_their_vertices_leave_it_open(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A clear-cut verdict is given without the union; an open one by the union's vertices:
    a square whose nearest point to the centre lies mid-edge (10 mm) while its nearest corners
    lie 10.05 mm away is admitted by a zone from 10.02 mm, as its outline's vertices are."""
    square = np.array([shapely.box(10.0, -1.0, 12.0, 1.0)])
    open_zone = _Zone((0.0, 0.0), 10.02, 20.0)
    assert open_zone._settled(square) is None
    assert open_zone.admits(("square", 1.0, 0.0, True), square) is True
    assert _Zone((0.0, 0.0), 10.06, 20.0).admits(("square", 1.0, 0.0, True), square) is False

    def no_union(*args: object, **kwargs: object) -> None:
        raise AssertionError("the union was drawn for a clear-cut verdict")

    monkeypatch.setattr(shapely, "union_all", no_union)
    assert _Zone((0.0, 0.0), 9.0, 20.0).admits(("square", 1.0, 0.0, True), square) is True
    assert _Zone((0.0, 0.0), 9.0, 11.0).admits(("square", 1.0, 0.0, True), square) is False


def test_a_name_never_straddles_a_boundary_even_through_a_word_space() -> None:
    """Words set apart by spaces over a sign boundary: the glyphs keep well clear of the tick
    (the tick test alone would pass them), the text's box crosses it."""
    ring = _ring()
    c = ring.circle
    frame = _frame()
    depth_mm = _sign_depth_mm(ring, CAP_MM)
    anchor = _at_depth(c, ecliptic_point(frame, 120.0, OBLIQUITY_DEG), depth_mm)
    rotation, tops_out = _tangent(c.center, anchor)
    box = place_text("Leo      Leo", anchor, 0.6 * CAP_MM, rotation_deg=rotation)
    polygons = glyph_polygons(box)
    boundary = next(t for t in ring.longitude_ticks if t.value == 120.0).segment
    assert shapely.union_all(polygons).distance(LineString([boundary.p0, boundary.p1])) > 1.0
    space = _band_space(ring, ())
    assert not space._near_tick(polygons)
    assert not space.clear(
        box, _Zone(c.center, 0.0, math.inf), ("Leo      Leo", 0.6, depth_mm, tops_out)
    )


def test_sun_longitudes_default_to_the_gregorian_calendar_at_noon_ut() -> None:
    """Each day's Sun at 12:00:00 UT: astronomy-engine's apparent longitude then, to 1e-7 deg
    (the Sun moves 1e-5 deg in a second)."""
    days = sun_longitudes(2026)
    assert len(days) == 365 and {day.system for day, _ in days} == {"gregorian"}
    assert {day.gregorian.year for day, _ in days} == {2026}
    for day, lon in days[::29]:
        g = day.gregorian
        noon = astronomy.Time.Make(g.year, g.month, g.day, 12, 0, 0.0)
        assert lon == pytest.approx(astronomy.SunPosition(noon).elon % 360.0, abs=1e-7), g


def _between(
    centre: tuple[float, float],
    a: tuple[float, float],
    b: tuple[float, float],
    p: tuple[float, float],
) -> bool:
    """Whether p's bearing from the centre lies on the shorter arc of bearings from a to b."""

    def bearing(q: tuple[float, float]) -> float:
        return math.atan2(q[1] - centre[1], q[0] - centre[0])

    span = (bearing(b) - bearing(a)) % (2.0 * math.pi)
    at = (bearing(p) - bearing(a)) % (2.0 * math.pi)
    if span > math.pi:
        span, at = 2.0 * math.pi - span, (2.0 * math.pi - at) % (2.0 * math.pi)
    return 0.0 < at < span


#: How far a box grown by the rete's label gap (0.3 mm, mitred) reaches: sqrt(2) gap at a corner.
LABEL_REACH_MM = math.sqrt(2.0) * 0.3 + 1e-3


@dataclass(frozen=True)
class _BandScene:
    """The default rete's band as its names were searched: the ring, the frame, the labels
    placed before the band's names (the band stars') and the discs the names avoid."""

    ring: EclipticRing
    frame: Frame
    obliquity_deg: float
    before: tuple[TextBox, ...]
    avoid: tuple[tuple[Point, float], ...]
    #: every tick as a line, and the heavy ones (sign boundaries, firsts of the months)
    tick_lines: np.ndarray
    boundary_lines: np.ndarray


@per_mutant_cache
def _band_scene() -> _BandScene:
    """Draws the default rete with ``label_ecliptic_ring`` watched (what it was given)."""
    seen: dict[str, object] = {}
    original = rete_module.label_ecliptic_ring

    def watched(ring, frame, obliquity_deg, cap, labels, avoid=()):  # type: ignore[no-untyped-def]
        seen.update(before=tuple(labels.boxes), avoid=tuple(avoid))
        return original(ring, frame, obliquity_deg, cap, labels, avoid)

    rete_module.label_ecliptic_ring = watched
    try:
        design = Design(38.9).validate()
        layout = layout_for(design)
        drawing = draw_rete(design, layout)
    finally:
        rete_module.label_ecliptic_ring = original
    ring = drawing.ecliptic
    ticks = [*ring.longitude_ticks, *ring.calendar_ticks]
    lines = np.array([LineString([t.segment.p0, t.segment.p1]) for t in ticks])
    heavy = np.array([t.weight == "heavy" for t in ticks])
    return _BandScene(
        ring,
        drawing.frame,
        layout.obliquity_deg,
        seen["before"],  # type: ignore[arg-type]
        seen["avoid"],  # type: ignore[arg-type]
        lines,
        lines[heavy],
    )


#: A month name's sizes (of the cap) and depths (of the calendar zone), in the order tried.
MONTH_SIZES = (0.62, 0.52, 0.45)
MONTH_DEPTHS = (0.775, 0.62, 0.5)


def _sign_forms(k: int) -> list[tuple[str, float]]:
    """Sign k's forms and sizes (of the cap) in the order tried: the glyph and name, the name
    alone, the glyph alone."""
    glyph, name = SIGNS[k]
    return [(f"{glyph} {name}", 0.72), (f"{glyph} {name}", 0.6), (name, 0.72), (name, 0.6),
            (glyph, 0.8)]  # fmt: skip


def _surely_free(
    scene: _BandScene,
    box: TextBox,
    zone_mm: tuple[float, float],
    others: list[TextBox],
) -> bool:
    """Whether a name's place is free by plain shapely distances, with margins so that only
    places the module must accept pass: its glyphs inside the zone's radii, farther than the
    gap from every tick, off the avoided discs, its box not across a boundary and farther from
    every label placed before than a mitred growth by the labels' gap reaches."""
    c = scene.ring.circle
    glyphs = shapely.union_all(glyph_polygons(box))
    centre = ShPoint(c.center)
    lo, hi = zone_mm
    if (
        glyphs.distance(centre) < lo + 1e-3
        or shapely.hausdorff_distance(centre, glyphs) > hi - 1e-3
    ):
        return False
    if shapely.distance(glyphs, scene.tick_lines).min() <= 1.01 * SCALE_GAP_MM:
        return False
    outline = Polygon(box.corners)
    if shapely.intersects(outline, scene.boundary_lines).any():
        return False
    if any(glyphs.distance(ShPoint(p)) <= r + 1e-3 for p, r in scene.avoid):
        return False
    return all(outline.distance(Polygon(o.corners)) > LABEL_REACH_MM for o in others)


def test_month_names_in_order_in_their_months_and_their_zone() -> None:
    """The default 200 mm rete names every month, in order, at one of the three sizes (0.62,
    0.52, 0.45 of the cap) and depths (0.775, 0.62, 0.5 of the calendar zone), centred between
    its month's 6th and 26th days; the glyphs keep SCALE_GAP_MM from the degree scale and
    EDGE_GAP_MM from the edge."""
    ring = _band_scene().ring
    c = ring.circle
    z1 = c.r - ring.zone_radii_mm[0]
    cap_mm = z1 / CALENDAR_ZONE
    centre = ShPoint(c.center)
    anchors = {t.value.ymd: t.anchor for t in ring.calendar_ticks}  # type: ignore[union-attr]
    year = ring.sun_days[0][0].year
    scales: list[float] = []
    for k, box in enumerate(ring.labels[:12]):
        sizes = [
            f
            for f in MONTH_SIZES
            if box.width_mm == pytest.approx(text_width_mm(MONTHS[k], f * cap_mm))
        ]
        assert sizes, MONTHS[k]
        scales.append(sizes[0])
        depth = (c.r - math.dist(box.center, c.center)) / z1
        assert min(abs(depth - d) for d in MONTH_DEPTHS) < 1e-3, (MONTHS[k], depth)
        start, end = anchors[(year, k + 1, 6)], anchors[(year, k + 1, 26)]
        assert _between(c.center, start, end, box.center), MONTHS[k]
        glyphs = shapely.union_all(glyph_polygons(box))
        assert glyphs.distance(centre) >= c.r - z1 + SCALE_GAP_MM - 1e-9
        assert shapely.hausdorff_distance(centre, glyphs) <= c.r - EDGE_GAP_MM + 1e-9
    # the largest size wherever it fits: on this rete all months but Aug and Sep (a regression
    # guard: which size is the first to fit is not derived here)
    assert scales.count(0.62) >= 9, scales


def test_sign_names_in_order_tangent_in_their_sign_and_zone_clear_of_the_boundaries() -> None:
    """The default 200 mm rete names the twelve signs, in order after the months: each the
    glyph and name, the name or the glyph (``SIGNS``) at one of the sizes tried, centred half
    way across the sign zone, inside its own sign, set along the band (its baseline square to
    the radius), its glyphs within the zone and SCALE_GAP_MM clear of the sign boundaries."""
    scene = _band_scene()
    ring, frame = scene.ring, scene.frame
    c = ring.circle
    cap_mm = (c.r - ring.zone_radii_mm[0]) / CALENDAR_ZONE
    depth_mm = _sign_depth_mm(ring, cap_mm)
    signs = ring.labels[12:]
    assert len(signs) == 12
    centre = ShPoint(c.center)
    full_size: list[bool] = []
    for k, box in enumerate(signs):
        name = SIGNS[k][1]
        sizes = [
            s
            for t, s in _sign_forms(k)
            if box.width_mm == pytest.approx(text_width_mm(t, s * cap_mm))
        ]
        assert sizes, name
        full_size.append(sizes[0] == 0.72 and len(sizes) == 1)
        assert c.r - math.dist(box.center, c.center) == pytest.approx(depth_mm, abs=1e-3), name
        # inside its sign: between the projected points of 30k and 30(k+1) degrees
        a = [ecliptic_point(frame, 30.0 * (k + j), scene.obliquity_deg) for j in (0, 1)]
        assert _between(c.center, a[0], a[1], box.center), name
        # along the band: the box's first edge (its baseline direction) square to the radius
        (x0, y0), (x1, y1) = box.corners[0], box.corners[1]
        radial = (box.center[0] - c.cx, box.center[1] - c.cy)
        assert (
            abs((x1 - x0) * radial[0] + (y1 - y0) * radial[1])
            < 1e-6 * math.hypot(*radial) * math.hypot(x1 - x0, y1 - y0) + 1e-9
        ), name
        glyphs = shapely.union_all(glyph_polygons(box))
        assert glyphs.distance(centre) >= ring.inner_radius_mm + EDGE_GAP_MM - 1e-9, name
        assert (
            shapely.hausdorff_distance(centre, glyphs)
            <= ring.sign_zone_outer_mm - SCALE_GAP_MM + 1e-9
        )
        # the sign boundaries only: the firsts of the months end in the calendar zone
        boundaries = [t for t in ring.longitude_ticks if t.weight == "heavy"]
        assert (
            min(glyphs.distance(LineString([t.segment.p0, t.segment.p1])) for t in boundaries)
            > SCALE_GAP_MM
        ), name
    # the whole "glyph name" at its full size wherever the sign has room: most signs at 200 mm
    # (a regression guard, as for the months)
    assert sum(full_size) >= 6, full_size


# --------------------------------------------------------------------------- fallback order


def test_each_month_name_takes_the_largest_size_and_first_depth_with_a_free_place() -> None:
    """Sizes 0.62, 0.52, 0.45 of the cap, each at depths 0.775, 0.62, 0.5 of the calendar zone,
    each at the days MONTH_NAME_DAYS: a month's name is at a later size or depth only where no
    earlier one has a surely free place (``_surely_free``: shapely distances with margins)."""
    scene = _band_scene()
    ring, frame = scene.ring, scene.frame
    c = ring.circle
    z1 = c.r - ring.zone_radii_mm[0]
    cap_mm = z1 / CALENDAR_ZONE
    zone = (c.r - z1 + SCALE_GAP_MM, c.r - EDGE_GAP_MM)
    lon_of = {day.ymd: lon for day, lon in ring.sun_days}
    year = ring.sun_days[0][0].year
    order = [(s, d) for s in MONTH_SIZES for d in MONTH_DEPTHS]
    for k, box in enumerate(ring.labels[:12]):
        depth = (c.r - math.dist(box.center, c.center)) / z1
        used = next(
            i
            for i, (s, d) in enumerate(order)
            if abs(depth - d) < 1e-3
            and box.width_mm == pytest.approx(text_width_mm(MONTHS[k], s * cap_mm))
        )
        others = [*scene.before, *ring.labels[:k]]
        for scale, d in order[:used]:
            for day in MONTH_NAME_DAYS:
                p = ecliptic_point(frame, lon_of[(year, k + 1, day)], scene.obliquity_deg)
                anchor = _at_depth(c, p, d * z1)
                rotation, _ = _tangent(c.center, anchor)
                trial = place_text(MONTHS[k], anchor, scale * cap_mm, rotation_deg=rotation)
                assert not _surely_free(scene, trial, zone, others), (MONTHS[k], scale, d, day)


def test_each_sign_name_takes_the_first_form_and_size_with_a_free_place() -> None:
    """The glyph and name at 0.72 then 0.6 of the cap, the name alone at 0.72 then 0.6, the
    glyph alone at 0.8, each tried at SIGN_OFFSETS_DEG into the sign, half way across the sign
    zone: a sign is in a later form or size only where no earlier one has a surely free place."""
    scene = _band_scene()
    ring, frame = scene.ring, scene.frame
    c = ring.circle
    cap_mm = (c.r - ring.zone_radii_mm[0]) / CALENDAR_ZONE
    zone = (ring.inner_radius_mm + EDGE_GAP_MM, ring.sign_zone_outer_mm - SCALE_GAP_MM)
    depth_mm = _sign_depth_mm(ring, cap_mm)
    for k, box in enumerate(ring.labels[12:24]):
        name = SIGNS[k][1]
        order = _sign_forms(k)
        used = next(
            i
            for i, (t, s) in enumerate(order)
            if box.width_mm == pytest.approx(text_width_mm(t, s * cap_mm))
        )
        others = [*scene.before, *ring.labels[: 12 + k]]
        for text, scale in order[:used]:
            for offset in SIGN_OFFSETS_DEG:
                p = ecliptic_point(frame, 30.0 * k + offset, scene.obliquity_deg)
                anchor = _at_depth(c, p, depth_mm)
                rotation, _ = _tangent(c.center, anchor)
                trial = place_text(text, anchor, scale * cap_mm, rotation_deg=rotation)
                assert not _surely_free(scene, trial, zone, others), (name, text, scale, offset)


def test_a_box_straddles_exactly_the_boxes_that_cross_a_boundary() -> None:
    """Boxes slid along the band across every sign boundary, at every depth of the band and
    two sizes: ``straddles`` says what shapely says of the box and each heavy tick,
    for boxes far from a boundary, beside one (their bounds meet, the box does not cross) and
    across one."""
    ring = _ring()
    c = ring.circle
    space = _band_space(ring, ())
    frame = _frame()
    heavy = [
        LineString([t.segment.p0, t.segment.p1])
        for t in (*ring.longitude_ticks, *ring.calendar_ticks)
        if t.weight == "heavy"
    ]
    seen: set[tuple[bool, bool]] = set()
    # across every sign boundary: boundaries in every quadrant of the page
    lons = [b + d for b in range(0, 360, 30) for d in np.arange(-4.0, 4.01, 0.5)]
    for lon_deg in lons:
        for depth_mm in np.linspace(0.0, c.r - ring.inner_radius_mm, 7):
            anchor = _at_depth(c, ecliptic_point(frame, lon_deg, OBLIQUITY_DEG), depth_mm)
            rotation, _ = _tangent(c.center, anchor)
            for cap_mm in (0.6 * CAP_MM, 2.0 * CAP_MM):
                corners = text_corners("Leo", anchor, cap_mm, rotation_deg=rotation)
                box = Polygon(corners)
                crosses = any(box.intersects(line) for line in heavy)
                assert space.straddles(corners) == crosses, (lon_deg, depth_mm, cap_mm)
                bounds_meet = any(
                    box.bounds[0] <= line.bounds[2]
                    and line.bounds[0] <= box.bounds[2]
                    and box.bounds[1] <= line.bounds[3]
                    and line.bounds[1] <= box.bounds[3]
                    for line in heavy
                )
                seen.add((bounds_meet, crosses))
    assert seen == {(False, False), (True, False), (True, True)}


def test_a_name_goes_where_its_turned_box_crosses_no_boundary_and_its_glyphs_are_clear() -> None:
    """``_try_name`` slid across the sign boundary at 120 degrees in the sign zone, at two
    sizes: it places the name (as a label that cuts no line) exactly where shapely finds the
    turned box off every heavy tick and the glyphs clear; a zone that already refuses the key
    places nothing."""
    ring = _ring()
    c = ring.circle
    space = _band_space(ring, ())
    frame = _frame()
    depth_mm = _sign_depth_mm(ring, CAP_MM)
    heavy = [
        LineString([t.segment.p0, t.segment.p1])
        for t in (*ring.longitude_ticks, *ring.calendar_ticks)
        if t.weight == "heavy"
    ]
    outcomes = set()
    glyph, name = SIGNS[4]  # Leo, from 120 degrees: with its glyph, a word space between
    for lon_deg, text in itertools.product(
        np.arange(110.0, 130.0, 0.25), (name, f"{glyph} {name}")
    ):
        anchor = _at_depth(c, ecliptic_point(frame, lon_deg, OBLIQUITY_DEG), depth_mm)
        rotation, tops_out = _tangent(c.center, anchor)
        for scale in (0.6, 0.72):
            key = (text, scale, depth_mm, tops_out)
            zone = _Zone(c.center, 0.0, math.inf)
            labels = Labels(CAP_MM)
            box = _try_name(text, scale, anchor, rotation, key, _Try(CAP_MM, labels, space, zone))
            trial = place_text(text, anchor, CAP_MM * scale, rotation_deg=rotation)
            crosses = any(Polygon(trial.corners).intersects(line) for line in heavy)
            expected = not crosses and space.glyphs_clear(
                trial, _Zone(c.center, 0.0, math.inf), key
            )
            assert (box is not None) == expected, (lon_deg, text, scale)
            if box is not None:
                assert box.corners == trial.corners and labels.keepouts == []
                refused = _Zone(c.center, 0.0, math.inf, {key: False})
                again = _Try(CAP_MM, Labels(CAP_MM), space, refused)
                assert _try_name(text, scale, anchor, rotation, key, again) is None
            outcomes.add((crosses, box is not None))
    assert {(True, False), (False, True)} <= outcomes  # refused across it, placed beside it


@pytest.mark.parametrize("calendar", [True, False])
def test_the_zones_inner_edges_are_one_degree_zone_and_one_calendar_zone_apart(
    calendar: bool,
) -> None:
    """The circles between the band's zones (drawn as fine lines by rete_scales): with the
    calendar, its inner edge one calendar zone inside the ecliptic and the degree scale's one
    degree zone further in; without it, the degree scale's edge alone, one degree zone in;
    the band is as wide as ``band_width_mm`` says for that ring, with the sign zone inside."""
    ring = _ring(scales=RingScales(calendar=calendar))
    r = ring.circle.r
    degree_edge = r - (CALENDAR_ZONE * CAP_MM if calendar else 0.0) - DEGREE_ZONE * CAP_MM
    expected = (r - CALENDAR_ZONE * CAP_MM, degree_edge) if calendar else (degree_edge,)
    assert ring.zone_radii_mm == pytest.approx(expected, abs=1e-12)
    assert ring.sign_zone_outer_mm == pytest.approx(degree_edge, abs=1e-12)
    width = band_width_mm(CAP_MM, calendar)
    assert band_width_mm(CAP_MM) == band_width_mm(CAP_MM, True)  # the calendar by default
    assert r - ring.inner_radius_mm == pytest.approx(width, abs=1e-12)
    assert degree_edge - ring.inner_radius_mm == pytest.approx(SIGN_ZONE * CAP_MM, abs=1e-9)


@pytest.mark.parametrize(("lat", "diameter_mm"), [(38.9, 200.0), (-40.0, 150.0)])
def test_asking_blocked_first_changes_no_band_name(
    lat: float, diameter_mm: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``_try_name`` asks ``Labels.blocked`` before a name's glyphs only to skip work: the band's
    names are the very boxes drawn when it never refuses (the glyphs tested at every place)."""
    design = Design(lat, diameter_mm=diameter_mm).validate()
    layout = layout_for(design)
    names = draw_rete(design, layout).ecliptic.labels
    monkeypatch.setattr(Labels, "blocked", lambda self, *args, **kwargs: False)
    assert draw_rete(design, layout).ecliptic.labels == names
    assert len(names) >= 20
