"""The cheap refusals of the rete's name placement never refuse a place the full test accepts.

``within_reach`` (by the ink radius) and ``hull_free`` (by the outline's hull points) drop
candidate places before a name is drawn there; each is checked against the full rule it
stands in for (``near_own`` on the name's rectangle; ``NameSpace.fit_glyphs``), at random
places round a star's feature, on a made-up rete material with taken shapes; and shown to
refuse most places, or it would save nothing.
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Point

from astrolabe_fab.parts.rete_names import NameSpace, centred_text, upright
from astrolabe_fab.parts.rete_star_names import (
    MARGIN_MM,
    NameJob,
    hull_free,
    near_own,
    within_reach,
)
from astrolabe_fab.text import hull_on_page, ink_radius_mm, outline_hull, place_text

NAMES = st.sampled_from(["Vega", "Aldebaran", "Ŋ", "Fomalhaut", "Betelgeuse", "jqÅ"])


@settings(max_examples=40, deadline=None)
@given(NAMES, st.floats(0.8, 9.0), st.floats(-180, 180))
def test_the_ink_radius_holds_every_outline_point(name: str, cap: float, turn: float) -> None:
    box = place_text(name, (0.0, 0.0), cap, rotation_deg=turn)
    farthest = max(math.hypot(x, y) for ring in box.outline.rings for x, y in ring)
    assert farthest <= ink_radius_mm(name, cap) + 1e-4  # place_text rounds to 1e-4 mm
    assert farthest >= ink_radius_mm(name, cap) - 1e-4  # and it is the farthest, not more


@settings(max_examples=40, deadline=None)
@given(NAMES, st.floats(0.8, 9.0), st.floats(-180, 180), st.floats(-50, 50), st.floats(-50, 50))
def test_hull_points_are_outline_points_as_placed(
    name: str, cap: float, turn: float, x: float, y: float
) -> None:
    box = place_text(name, (x, y), cap, rotation_deg=turn)
    px, py = hull_on_page(outline_hull(name, cap), np.array([[x, y]]), [turn])
    points = {p for ring in box.outline.rings for p in ring}
    assert len(px[0]) >= 3
    assert all((a, b) in points for a, b in zip(px[0].tolist(), py[0].tolist(), strict=True))
    # and they are the hull: every outline point lies within it (each rounded to 1e-4 mm)
    hull = shapely.convex_hull(shapely.multipoints(np.column_stack([px[0], py[0]])))
    assert hull.buffer(2e-4).contains(shapely.multipoints(list(points)))


def _job(name: str) -> NameJob:
    feature = LineString([(0.0, 0.0), (6.0, 2.0)])
    return NameJob("Star", name, feature, None, (6.0, 2.0))


def _candidates(seed: int, n: int = 160) -> list[tuple[tuple[float, float], float]]:
    rng = np.random.default_rng(seed)
    xy = rng.uniform(-60.0, 60.0, (n, 2))
    angles = rng.uniform(-180.0, 180.0, n)
    return [((float(x), float(y)), float(a)) for (x, y), a in zip(xy, angles, strict=True)]


@settings(max_examples=15, deadline=None)
@given(NAMES, st.floats(1.0, 6.0), st.floats(2.0, 8.0), st.integers(0, 10_000))
def test_within_reach_keeps_every_place_near_own_accepts(
    name: str, cap: float, reach: float, seed: int
) -> None:
    job = _job(name)
    other = Point(-8.0, 9.0)
    features = {"Star": job.feature, "Other": other}
    candidates = _candidates(seed)
    kept = within_reach(job, reach, cap, candidates)
    for at, angle in candidates:
        box = centred_text(name, at, cap, upright(angle))
        rectangle = shapely.minimum_rotated_rectangle(
            shapely.multipolygons([shapely.Polygon(r) for r in box.outline.rings if len(r) >= 3])
        )
        if near_own(features, "Star", rectangle, reach):
            assert (at, angle) in kept
    assert len(kept) < len(candidates)  # it refuses the far ones
    assert MARGIN_MM > 0


def _space() -> NameSpace:
    bar = shapely.box(-20.0, -4.0, 25.0, 4.0).union(shapely.box(-3.0, -20.0, 3.0, 25.0))
    taken = [Point(10.0, 0.0).buffer(2.5), shapely.box(-20.0, 1.5, -8.0, 4.0)]
    return NameSpace(bar.buffer(-0.3), taken)


@settings(max_examples=15, deadline=None)
@given(NAMES, st.floats(1.0, 5.0), st.integers(0, 10_000))
def test_hull_free_keeps_every_place_where_the_name_fits(name: str, cap: float, seed: int) -> None:
    space = _space()
    rng = np.random.default_rng(seed)
    candidates = [
        ((float(x), float(y)), float(a))
        for x, y, a in zip(
            rng.uniform(-20, 25, 200),
            rng.normal(0, 2.0, 200),
            rng.choice([0.0, 0.4, 90.0], 200),
            strict=True,
        )
    ]
    kept = hull_free(name, space, cap, candidates)
    fits = 0
    for at, angle in candidates:
        box = centred_text(name, at, cap, upright(angle))
        if space.fit_glyphs(box) is not None:
            fits += 1
            assert (at, angle) in kept
    assert len(kept) < len(candidates)
    assert fits or cap > 2.5  # small names fit somewhere on these bars


def test_hull_free_refuses_a_name_across_the_edge_or_on_a_taken_shape() -> None:
    space = _space()
    on_bar = ((16.0, 0.0), 0.0)  # clear of the disc taken at (10, 0)
    across_edge = ((16.0, 3.2), 0.0)  # the upper half off the bar
    on_taken = ((-14.0, 2.0), 0.0)  # over the box taken at the bar's left end
    kept = hull_free("Vega", space, 2.0, [on_bar, across_edge, on_taken])
    assert kept == [on_bar]
    assert space.fit_glyphs(centred_text("Vega", on_bar[0], 2.0, 0.0)) is not None
