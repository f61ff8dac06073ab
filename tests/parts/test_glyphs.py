"""The quick glyph tests give the very answers of the slow exact ones they stand in for.

Each quick test (``parts.glyphs``, ``geometry.filled``) is checked against the plain shapely
computation it replaces: the union of the rings, its buffer, and the predicate on those, for
texts at random places, sizes and turns against shapes at every distance round the clearance,
including the band where the buffer's chords decide.
"""

from __future__ import annotations

import math

import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point as ShPoint
from shapely.geometry import Polygon

from astrolabe_fab.geometry.filled import ring_polygons
from astrolabe_fab.geometry.primitives import FilledPolygon
from astrolabe_fab.parts.glyphs import (
    INSCRIBED,
    GrownGlyphs,
    all_within,
    bounds_near,
    bounds_of,
    glyph_area,
    glyph_polygons,
)
from astrolabe_fab.parts.rete_names import NameSpace
from astrolabe_fab.parts.rete_placement import _holds
from astrolabe_fab.parts.rete_star_names import name_rectangle
from astrolabe_fab.text import place_text

WORDS = st.sampled_from(["Vega", "Aldebaran", "o", "Rigel Kent.", "ŒIL", "88"])


def _slow_area(rings: tuple[tuple[tuple[float, float], ...], ...]) -> shapely.Geometry:
    return shapely.union_all([Polygon(r) for r in rings if len(r) >= 3])


def test_ring_polygons_are_the_rings_one_by_one() -> None:
    box = place_text("Bo", (3.0, 4.0), 3.0, rotation_deg=20.0)
    polygons = ring_polygons(box.outline)
    assert len(polygons) == len(box.outline.rings) == 5  # B: outline and two holes; o: two
    for poly, ring in zip(polygons, box.outline.rings, strict=True):
        assert list(poly.exterior.coords)[:-1] == list(ring)
    assert len(ring_polygons(FilledPolygon((((0.0, 0.0), (1.0, 0.0)),)))) == 0
    triangle = ((0.0, 0.0), (1.0, 0.0), (0.0, 1.0))
    assert [p.area for p in ring_polygons(FilledPolygon((triangle,)))] == [0.5]


@settings(max_examples=40, deadline=None)
@given(
    WORDS,
    st.floats(-20, 20),
    st.floats(-20, 20),
    st.floats(1.0, 6.0),
    st.floats(-180, 180),
)
def test_glyph_area_and_containment_match_the_union(
    text: str, x: float, y: float, cap: float, turn: float
) -> None:
    box = place_text(text, (x, y), cap, rotation_deg=turn)
    slow = _slow_area(box.outline.rings)
    assert glyph_area(box).equals(slow)
    polygons = glyph_polygons(box)
    x0, y0, x1, y1 = bounds_of(polygons)
    assert (x0, y0, x1, y1) == slow.bounds
    # discs round the text's centre of every size: some hold it, some cut it
    # the rectangle round the rings (as the rete's names are judged) is the union's, exactly
    rectangle = shapely.minimum_rotated_rectangle(shapely.multipolygons(polygons))
    assert rectangle.equals_exact(shapely.minimum_rotated_rectangle(slow), 0.0)
    for r in (0.5, 0.5 * box.width_mm, 0.55 * math.hypot(box.width_mm, cap), 2.0 * box.width_mm):
        disc = ShPoint(box.center).buffer(r)
        assert all_within(polygons, disc) == disc.contains(slow)


@settings(max_examples=60, deadline=None)
@given(
    WORDS,
    st.floats(-180, 180),
    st.floats(0.0, 2 * math.pi),
    st.floats(-0.05, 0.05),
    st.sampled_from([0.25, 0.3, 0.5]),
)
def test_grown_glyphs_touch_as_their_buffer_does(
    text: str, turn: float, direction: float, offset: float, clearance: float
) -> None:
    """A small square set at the clearance (± a little, into the band where the buffer's
    chords decide) from the glyphs, in any direction."""
    box = place_text(text, (0.0, 0.0), 2.5, rotation_deg=turn)
    slow = _slow_area(box.outline.rings)
    far = ShPoint(50.0 * math.cos(direction), 50.0 * math.sin(direction))
    # walk in from far away to the glyphs' edge, then set the square that far off
    edge = shapely.shortest_line(far, slow).coords[1]
    ux, uy = far.x - edge[0], far.y - edge[1]
    n = math.hypot(ux, uy)
    gap = clearance * (1.0 + offset)
    cx, cy = edge[0] + ux / n * (gap + 0.05), edge[1] + uy / n * (gap + 0.05)
    square = ShPoint(cx, cy).buffer(0.05, cap_style="square")
    grown = GrownGlyphs(glyph_polygons(box), clearance)
    assert grown.touches(square) == slow.buffer(clearance).intersects(square)
    d = slow.distance(square)
    if d > clearance + 1e-5 or d < clearance * INSCRIBED - 1e-5:
        assert grown._grown is None  # settled by distance, no buffer drawn
    assert grown.grown().equals(slow.buffer(clearance))


def test_grown_glyphs_draw_the_buffer_only_in_the_band() -> None:
    box = place_text("H", (0.0, 0.0), 5.0)
    right = max(x for ring in box.outline.rings for x, _ in ring)

    def stick(gap: float) -> shapely.Geometry:
        return shapely.box(right + gap, -0.5, right + gap + 1.0, 0.5)

    grown = GrownGlyphs(glyph_polygons(box), 0.3)
    assert not grown.touches(stick(0.31)) and grown._grown is None
    assert grown.touches(stick(0.29)) and grown._grown is None
    assert grown.touches(stick(0.2999)) and grown._grown is not None  # on a straight edge
    assert not GrownGlyphs(glyph_polygons(box), 0.3).touches(stick(0.300_000_5))
    # touching the buffer's straight edge: only the buffer says so (within the slack)
    assert GrownGlyphs(glyph_polygons(box), 0.3).touches(stick(0.3))


def test_bounds_near_keeps_every_rectangle_within_the_distance() -> None:
    import numpy as np

    others = np.array(
        [
            [2.0, 0.0, 3.0, 1.0],
            [1.300002, 0.0, 2.0, 1.0],
            [1.3, 0.0, 2.0, 1.0],
            [-5, -5, -4, -0.7],
            [0.5, 1.29, 0.6, 2.0],
        ]
    )
    assert bounds_near((0.0, 0.0, 1.0, 1.0), others, 0.3).tolist() == [2, 4]
    assert bounds_near((0.0, 0.0, 1.0, 1.0), others, 0.31).tolist() == [1, 2, 4]
    assert len(bounds_near((0.0, 0.0, 1.0, 1.0), np.empty((0, 4)), 1.0)) == 0
    # one rectangle alone, and one just below (within the distance along y only)
    assert bounds_near((0.0, 0.0, 1.0, 1.0), np.array([[0.5, -1.2, 0.6, -0.1]]), 0.3).tolist() == [
        0
    ]
    assert bounds_near((0.0, 0.0, 1.0, 1.0), np.array([[0.5, -1.2, 0.6, -0.4]]), 0.3).tolist() == []


@settings(max_examples=30, deadline=None)
@given(WORDS, st.floats(-180, 180), st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_name_space_fit_is_the_buffer_rule(text: str, turn: float, u: float, v: float) -> None:
    """``NameSpace.fit_glyphs`` against its definition: the union on the free material, its
    buffer by the clearance clear of every taken shape."""
    free = shapely.box(-8.0, -3.0, 8.0, 3.0)
    taken = [shapely.box(-1.0 + 4.0 * u, 1.6 + 0.5 * v, 9.0, 9.0), ShPoint(-3.0, -2.4).buffer(0.4)]
    space = NameSpace(free, list(taken))
    box = place_text(text, (0.0, 0.0), 2.0, rotation_deg=turn * 0.1)
    slow = _slow_area(box.outline.rings)
    grown = slow.buffer(0.3)
    expected = free.contains(slow) and not any(grown.intersects(t) for t in taken)
    got = space.fit_glyphs(box)
    assert (got is not None) == expected
    if got is not None:
        assert shapely.union_all(shapely.get_parts(got)).equals(slow)


@settings(max_examples=30, deadline=None)
@given(WORDS, st.floats(-0.6, 0.6), st.floats(2.0, 3.4))
def test_flame_hold_is_the_buffer_within_rule(text: str, shift: float, half_height: float) -> None:
    box = place_text(text, (0.0, shift), 2.0)
    w = box.width_mm / 2.0 + 0.6
    flame = Polygon([(-w, -half_height), (w, -half_height * 0.8), (w, half_height), (-w, 1.5)])
    slow = _slow_area(box.outline.rings)
    assert _holds(box, flame) == slow.buffer(0.3).within(flame)


@settings(max_examples=60, deadline=None)
@given(WORDS, st.floats(-50, 50), st.floats(-50, 50), st.floats(1.0, 6.0), st.floats(-180, 180))
def test_name_rectangle_is_the_union_s_rectangle(
    word: str, x: float, y: float, cap: float, turn: float
) -> None:
    """The manifest's rectangle round a name, made from the rings' points, is the very
    rectangle round the union of the rings (the same corners, in the same order)."""
    box = place_text(word, (x, y), cap, rotation_deg=turn)
    slow = shapely.minimum_rotated_rectangle(glyph_area(box))
    assert list(name_rectangle(box).exterior.coords) == list(slow.exterior.coords)
