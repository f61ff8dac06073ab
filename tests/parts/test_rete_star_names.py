"""The star names' search (``parts/rete_star_names``) on made-up pointers, tracks and material:
the reach, a pointer's root and body, the rule that a name is nearer its own star than any
other, the candidates' order, and which star is named where. Whole retes are checked by
tests/parts/test_rete_craft.py (each name at its own star, on the written parts)."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString
from shapely.geometry import Point as ShPoint

from astrolabe_fab.geometry.primitives import Segment
from astrolabe_fab.parts.glyphs import glyph_area
from astrolabe_fab.parts.rete_names import CLEARANCE_MM, DESCENDER, NameSpace, centred_text
from astrolabe_fab.parts.rete_star_names import (
    BODY_STEP_MM,
    MARGIN_MM,
    NameJob,
    NameRules,
    _body_candidates,
    _frame_candidates,
    hull_free,
    name_jobs,
    name_reach_mm,
    near_own,
    place_star_names,
    pointer_feature,
    pointer_root,
    within_reach,
)
from astrolabe_fab.text import ink_radius_mm, text_width_mm


def _pointer(tip, middle=(), direction_deg=0.0, length_mm=0.0, star="Vega", label=None):
    """A pointer as the names' search reads it: its star's tip, middle line, direction."""
    place = SimpleNamespace(tip=tip, star=SimpleNamespace(name=star))
    return SimpleNamespace(
        place=place,
        middle=tuple(middle),
        direction_deg=direction_deg,
        length_mm=length_mm,
        label=label,
    )


# --------------------------------------------------------------------------- reach and root


def test_the_reach_grows_with_the_diameter_and_is_never_under_two_and_a_half_caps() -> None:
    assert name_reach_mm(200.0, 1.0) == pytest.approx(4.0)
    assert name_reach_mm(300.0, 1.0) == pytest.approx(6.0)
    assert name_reach_mm(100.0, 1.0) == pytest.approx(2.5)  # 2 mm by the diameter
    assert name_reach_mm(100.0, 1.6) == pytest.approx(4.0)
    assert name_reach_mm(400.0, 1.6) == pytest.approx(8.0)


@pytest.mark.parametrize("direction_deg", [0.0, 30.0, 135.0, 250.0])
def test_a_straight_pointer_s_root_is_its_length_along_its_direction(direction_deg: float) -> None:
    tip = (3.0, -7.0)
    pointer = _pointer(tip, direction_deg=direction_deg, length_mm=12.0)
    t = math.radians(direction_deg)
    root = pointer_root(pointer)
    assert root == pytest.approx((3.0 + 12.0 * math.cos(t), -7.0 + 12.0 * math.sin(t)))
    assert math.dist(root, tip) == pytest.approx(12.0)
    feature = pointer_feature(pointer)
    assert list(feature.coords) == pytest.approx([tip, root])


def test_a_bowed_pointer_s_root_is_the_end_of_its_middle_line() -> None:
    middle = [(1.0, 1.0), (4.0, 3.0), (9.0, 4.0)]
    pointer = _pointer((0.0, 0.0), middle, direction_deg=0.0, length_mm=50.0)
    assert pointer_root(pointer) == (9.0, 4.0)
    assert list(pointer_feature(pointer).coords) == [(0.0, 0.0), *middle, (9.0, 4.0)]


# --------------------------------------------------------------------------- on the body


@pytest.mark.parametrize("angle_deg", [0.0, 35.0, 160.0, -70.0])
def test_body_centres_run_from_the_root_to_the_tip_with_the_name_inside(angle_deg: float) -> None:
    """A straight body 20 mm long and a 4 mm name: centres from 18 mm (the name ends at the
    root) down to 3 mm (it starts 1 mm from the tip) every half millimetre, each in the
    body's direction."""
    t = math.radians(angle_deg)
    tip = (5.0, -2.0)
    pointer = _pointer(tip, direction_deg=angle_deg, length_mm=20.0)
    got = _body_candidates(pointer, 4.0)
    length = pointer_feature(pointer).length  # 20 mm, to rounding
    along = [length - 2.0 - BODY_STEP_MM * k for k in range(31)]  # 18, 17.5, ..., 3
    along = [s for s in along if s >= 3.0]
    assert len(got) == len(along) >= 30
    if angle_deg == 0.0:  # exactly 20 mm: the last centre exactly 1 mm + half a name from the tip
        assert len(got) == 31
    for (centre, direction), s in zip(got, along, strict=True):
        assert centre == pytest.approx((tip[0] + s * math.cos(t), tip[1] + s * math.sin(t)))
        assert direction == pytest.approx(angle_deg)


def test_a_body_shorter_than_its_name_and_the_margin_has_no_centre() -> None:
    pointer = _pointer((0.0, 0.0), direction_deg=90.0, length_mm=4.9)
    assert _body_candidates(pointer, 4.0) == []
    assert len(_body_candidates(_pointer((0.0, 0.0), direction_deg=90.0, length_mm=5.0), 4.0)) == 1


def test_on_a_bent_body_the_direction_is_the_chord_under_the_name() -> None:
    """A body bent at a right angle: a centre on the bend reads along the chord from half a
    name before it to half a name after it."""
    middle = [(10.0, 0.0), (10.0, 10.0)]
    pointer = _pointer((0.0, 0.0), middle)
    got = _body_candidates(pointer, 4.0)

    def direction_at(point: tuple[float, float]) -> float:
        centre, direction = min(got, key=lambda c: math.dist(c[0], point))
        assert math.dist(centre, point) < 1e-9
        return direction

    assert direction_at((10.0, 0.0)) == pytest.approx(45.0)  # from (8, 0) to (10, 2)
    assert direction_at((10.0, 5.0)) == pytest.approx(90.0)


# --------------------------------------------------------------------------- near its own star


def test_a_name_within_the_reach_and_nearer_its_own_star_by_the_margin_is_its_own() -> None:
    features = {"Vega": ShPoint(0.0, 0.0), "Deneb": ShPoint(10.0, 0.0)}
    area = shapely.box(2.0, -0.5, 3.0, 0.5)  # 2 mm from Vega, 7 mm from Deneb
    assert near_own(features, "Vega", area, 2.0)  # exactly at the reach
    assert not near_own(features, "Vega", area, 1.99)
    assert not near_own(features, "Deneb", area, 8.0)  # nearer another star


def test_a_name_not_nearer_its_own_star_by_the_margin_stands_between_two() -> None:
    area = shapely.box(2.0, -0.5, 3.0, 0.5)
    for beyond, own in ((-0.1, False), (0.1, True)):  # Deneb 2 mm + the margin -+ 0.1 away
        features = {"Vega": ShPoint(0.0, 0.0), "Deneb": ShPoint(5.0 + MARGIN_MM + beyond, 0.0)}
        assert near_own(features, "Vega", area, 3.0) is own, beyond


def test_the_rules_ask_near_own_of_the_area_given() -> None:
    features = {"Vega": ShPoint(0.0, 0.0), "Deneb": ShPoint(10.0, 0.0)}
    rules = NameRules(NameSpace(shapely.box(-50, -50, 50, 50)), [], [1.0], 2.0, features)
    assert rules.unambiguous("Vega", shapely.box(2.0, -0.5, 3.0, 0.5))
    assert not rules.unambiguous("Vega", shapely.box(2.5, -0.5, 3.0, 0.5))


# --------------------------------------------------------------------------- within reach


def test_within_reach_drops_a_centre_only_beyond_reach_and_the_name_s_ink() -> None:
    """The bound of the docstring: a centre farther than reach + ink * sqrt(2) from the
    feature (ink: the name's ink radius, half a descender and 1 micrometre) is dropped, a
    nearer one kept, in their order."""
    text, cap, reach = "Vega", 2.0, 3.0
    ink = ink_radius_mm(text, cap) + 0.5 * DESCENDER * cap + 1e-3
    bound = reach + ink * math.sqrt(2.0)
    job = NameJob("Vega", text, ShPoint(0.0, 0.0), None, (0.0, 0.0))
    ds = [bound + 0.01, bound - 0.001, 0.0, bound + 0.002, 1.0]
    candidates = [((d, 0.0), 0.0) for d in ds]
    kept = within_reach(job, reach, cap, candidates)
    assert kept == [candidates[1], candidates[2], candidates[4]]
    assert within_reach(job, reach, cap, []) == []


def test_within_reach_never_drops_a_centre_whose_name_is_within_reach() -> None:
    """Names placed at every kept or dropped centre round a star: each dropped one's
    rectangle (the one ``near_own`` measures) lies beyond the reach."""
    job = NameJob("Fomalhaut", "Fomalhaut", ShPoint(0.0, 0.0), None, (0.0, 0.0))
    cap, reach = 1.5, 2.0
    candidates = [
        ((r * math.cos(t), r * math.sin(t)), math.degrees(t) + a)
        for r in np.arange(4.0, 12.01, 0.25)
        for t in (0.0, 0.7, 1.6, 2.9, 4.4)
        for a in (0.0, 45.0, 90.0)
    ]
    kept = within_reach(job, reach, cap, candidates)
    assert 0 < len(kept) < len(candidates)
    for at, angle in candidates:
        if (at, angle) in kept:
            continue
        box = centred_text(job.text, at, cap, angle)
        rect = shapely.minimum_rotated_rectangle(shapely.multipoints(box.outline.points()[0]))
        assert job.feature.distance(rect) > reach


# --------------------------------------------------------------------------- on the frame


def test_frame_candidates_are_track_points_near_the_root_nearest_first() -> None:
    """Points every millimetre along each track within reach + 12 name heights of the root
    (half the longest name and more), in order of distance from it."""
    tracks = [(Segment((-40.0, 0.0), (40.0, 0.0)), 3.0), (Segment((0.0, -40.0), (0.0, 40.0)), 3.0)]
    rules = NameRules(NameSpace(shapely.box(-50, -50, 50, 50)), tracks, [2.0, 1.0], 2.0, {})
    job = NameJob("Vega", "Vega", ShPoint(0.3, 0.4), None, (0.3, 0.4))
    got = _frame_candidates(job, rules)
    reach = 2.0 + 12.0 * 2.0  # the largest size
    ds = [math.dist(p, job.near) for p, _ in got]
    assert ds == sorted(ds)
    assert len(got) == 2 * (2 * int(reach) + 1)
    on_x = [p for p, a in got if abs(a) < 1e-9]
    assert min(x for x, _ in on_x) == pytest.approx(0.3 - reach)
    assert max(x for x, _ in on_x) == pytest.approx(0.3 + reach)
    assert sorted({round(a, 9) for _, a in got}) == [0.0, 90.0]


# --------------------------------------------------------------------------- jobs and places


def test_jobs_for_unnamed_pointers_then_marked_stars() -> None:
    named = _pointer((9.0, 9.0), direction_deg=0.0, length_mm=5.0, star="Rigel", label="box")
    dagger = _pointer((0.0, 0.0), direction_deg=90.0, length_mm=8.0, star="Vega")
    jobs = name_jobs([named, dagger], [("Deneb", (20.0, 1.0))], lambda s: s.upper())
    assert [(j.star, j.text) for j in jobs] == [("Vega", "VEGA"), ("Deneb", "DENEB")]
    vega, deneb = jobs
    assert vega.pointer is dagger and vega.near == pytest.approx((0.0, 8.0))
    assert vega.feature.equals_exact(LineString([(0.0, 0.0), (0.0, 8.0)]), tolerance=1e-9)
    assert deneb.pointer is None and deneb.near == (20.0, 1.0)
    assert deneb.feature.equals(ShPoint(20.0, 1.0))


def _rules(features: dict, tracks: list, sizes: list[float]) -> NameRules:
    return NameRules(NameSpace(shapely.box(-60, -60, 60, 60)), tracks, sizes, 4.0, features)


def test_a_pointer_s_name_goes_on_its_body_and_a_marked_star_s_on_the_frame() -> None:
    dagger = _pointer((0.0, 20.0), direction_deg=0.0, length_mm=25.0, star="Vega")
    track = Segment((-50.0, -10.0), (50.0, -10.0))
    jobs = name_jobs([dagger], [("Deneb", (30.0, -8.0))], str)
    features = {j.star: j.feature for j in jobs}
    rules = _rules(features, [(track, 3.0)], [2.0, 1.5])
    got = place_star_names(jobs, rules)
    assert set(got) == {"Vega", "Deneb"}
    vega = shapely.minimum_rotated_rectangle(shapely.multipoints(got["Vega"].outline.points()[0]))
    assert vega.centroid.y == pytest.approx(20.0, abs=0.3)  # along the body, at its height
    assert got["Vega"].height_mm == pytest.approx(2.0)  # the first size
    deneb = got["Deneb"].center
    assert deneb[1] == pytest.approx(-10.0, abs=0.5)  # on the track
    assert math.dist(deneb, (30.0, -8.0)) < 4.0


def test_a_name_with_no_room_on_its_body_at_the_first_size_takes_the_frame_at_that_size() -> None:
    """Each size is tried on the body, then on the frame, before a smaller one: a 6 mm body
    holds the name at the smaller size only, so the name goes on the frame at the first."""
    stub = _pointer((0.0, -10.0), direction_deg=90.0, length_mm=6.0, star="Vega")
    assert _body_candidates(stub, text_width_mm("Vega", 2.0)) == []
    assert _body_candidates(stub, text_width_mm("Vega", 1.0)) != []  # room at the smaller
    track = Segment((-50.0, 0.0), (50.0, 0.0))
    jobs = name_jobs([stub], [], str)
    rules = _rules({"Vega": jobs[0].feature}, [(track, 3.0)], [2.0, 1.0])
    got = place_star_names(jobs, rules)
    assert got["Vega"].height_mm == pytest.approx(2.0)
    assert got["Vega"].center[1] == pytest.approx(0.0, abs=0.5)  # on the track


def test_names_keep_a_word_space_apart_and_take_the_first_place_that_does() -> None:
    """Two marked stars on one track at one point: the first name takes the nearest place,
    the second the nearest place whose glyphs keep half a cap (and the clearance) from the
    first's, not one farther."""
    track = Segment((-50.0, 0.0), (50.0, 0.0))
    cap = 2.0
    jobs = name_jobs([], [("Vega", (0.0, 1.0)), ("Deneb", (0.0, 1.0))], str)
    space = NameSpace(shapely.box(-60, -60, 60, 60))  # shared: the first name takes its room
    # both stars at one point: neither is nearer its own; let each name be its own star's
    got = {}
    for job in jobs:
        only = NameRules(space, [(track, 3.0)], [cap], 30.0, {job.star: job.feature})
        got.update(place_star_names([job], only))
    assert set(got) == {"Vega", "Deneb"}
    first, second = (glyph_area(got[s]) for s in ("Vega", "Deneb"))
    gap = first.distance(second)
    assert gap >= 0.5 * cap + CLEARANCE_MM - 1e-6
    assert gap < 1.5 * cap  # the first place that keeps the space (1 mm steps)
    assert got["Vega"].center[0] == pytest.approx(0.0, abs=0.5)


def test_equally_near_frame_candidates_keep_the_tracks_order() -> None:
    """Two parallel tracks 1 mm either side of the root: each point of the first track is as
    near as the point beside it on the second, and comes first."""
    tracks = [(Segment((-9.0, 0.0), (9.0, 0.0)), 3.0), (Segment((-9.0, -2.0), (9.0, -2.0)), 3.0)]
    rules = NameRules(NameSpace(shapely.box(-50, -50, 50, 50)), tracks, [0.5], 1.0, {})
    got = _frame_candidates(NameJob("Vega", "Vega", ShPoint(0.0, -1.0), None, (0.0, -1.0)), rules)
    assert [p[1] for p, _ in got[:2]] == [0.0, -2.0]
    assert got[0][0] == pytest.approx((0.0, 0.0)) and got[1][0] == pytest.approx((0.0, -2.0))
    groups: dict[float, list[float]] = {}  # the points' y by their distance, in order
    for p, _ in got:
        groups.setdefault(round(math.dist(p, (0.0, -1.0)), 9), []).append(p[1])
    for ys in groups.values():  # the first track's points, then the second's
        assert ys == sorted(ys, reverse=True) and ys[0] == 0.0 and ys[-1] == -2.0


def _track_rules(features: dict, taken: list, reach_mm: float = 30.0) -> NameRules:
    track = Segment((-40.0, 0.0), (40.0, 0.0))
    space = NameSpace(shapely.box(-60, -60, 60, 60), list(taken))
    return NameRules(space, [(track, 3.0)], [2.0], reach_mm, features)


def test_a_place_whose_glyphs_would_touch_a_taken_shape_is_passed_over_for_the_next() -> None:
    """A small taken disc in the middle of the nearest place (no corner of the name's hull
    on it, so only the glyphs tell): the name goes to the next place along the track that
    keeps clear of it."""
    dot = ShPoint(0.0, 0.0).buffer(0.3)
    job = NameJob("Vega", "Vega", ShPoint(0.0, 1.0), None, (0.0, 1.0))
    rules = _track_rules({"Vega": job.feature}, [dot])
    nearest = ((0.0, 0.0), 0.0)  # the hull's corners miss the dot there; only the glyphs tell
    assert hull_free("Vega", rules.space, 2.0, [nearest]) == [nearest]
    assert rules.space.fit_glyphs(centred_text("Vega", (0.0, 0.0), 2.0, 0.0)) is None
    got = place_star_names([job], rules)
    assert "Vega" in got
    area = glyph_area(got["Vega"])
    assert area.distance(dot) >= CLEARANCE_MM - 1e-6
    assert abs(got["Vega"].center[0]) >= 1.0  # not the nearest place
    assert got["Vega"].center[1] == pytest.approx(0.0, abs=0.5)


def test_a_place_between_two_stars_is_passed_over_for_one_nearer_its_own() -> None:
    """The nearest places along the track stand as near another star as the name's own: the
    name goes on to the first place nearer its own star by the margin."""
    vega = NameJob("Vega", "Vega", ShPoint(0.0, 3.0), None, (0.0, 3.0))
    features = {"Vega": vega.feature, "Deneb": ShPoint(-2.5, -1.5)}
    got = place_star_names([vega], _track_rules(features, []))
    assert "Vega" in got
    rect = shapely.minimum_rotated_rectangle(shapely.multipoints(got["Vega"].outline.points()[0]))
    assert near_own(features, "Vega", rect, 30.0)
    assert got["Vega"].center[0] > 0.5  # off the nearest place, away from Deneb
