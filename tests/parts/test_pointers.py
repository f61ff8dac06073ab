"""Rule and alidade: the declination scale against SPEC §1 written out, the counterchanged
outline with its fiducial edge through the pivot, the vanes' sight line."""

from __future__ import annotations

import math

import pytest

from astrolabe_fab.design import Design
from astrolabe_fab.geometry.primitives import Circle, Contour, Segment
from astrolabe_fab.parts.layout import layout_for
from astrolabe_fab.parts.pointers import draw_alidade, draw_rule
from tests.parts.test_back import _no_collisions


def _design(lat: float, **kw: object) -> Design:
    return Design(lat, epoch=2026.0, **kw).validate()  # type: ignore[arg-type]


@pytest.mark.parametrize("lat", [38.9, -33.87])
def test_rule_declination_scale_matches_the_projection(lat: float) -> None:
    design = _design(lat)
    layout = layout_for(design)
    part, marks = draw_rule(design, layout)
    cx, _cy = part.center_mm
    re = layout.equator_radius_mm
    segs = [it.shape for it in part.items("SCORE") if isinstance(it.shape, Segment)]
    assert len(marks) > 40
    for d, r, _w in marks:
        assert d == round(d)
        expected = re * math.tan(math.radians(90.0 - d if lat >= 0 else 90.0 + d) / 2.0)
        assert r == pytest.approx(expected, abs=1e-9)
        for side in (1.0, -1.0):  # a tick at that distance on both arms, square to the edge
            x = cx + side * expected
            assert any(abs(s.p0[0] - x) < 1e-9 and abs(s.p1[0] - x) < 1e-9 for s in segs)
    # the scale starts at the plate limit (the far tropic) and runs towards the pole
    decs = [m[0] for m in marks]
    eps = layout.obliquity_deg
    if lat >= 0:
        assert min(decs) == math.ceil(-eps) and max(decs) > 50
    else:
        assert max(decs) == math.floor(eps) and min(decs) < -50
    assert all(m[1] <= layout.limit_radius_mm + 1e-9 for m in marks)


@pytest.mark.parametrize("maker", [draw_alidade, lambda d, lay: draw_rule(d, lay)[0]])
def test_fiducial_edge_runs_through_the_pivot(maker) -> None:  # type: ignore[no-untyped-def]
    design = _design(38.9, pivot_screw="m5")
    part = maker(design, layout_for(design))
    cx, cy = part.center_mm
    outline = part.items("CUT_OUTER")[0].shape
    assert isinstance(outline, Contour)
    pieces = outline.pieces
    for a, b in zip(pieces, (*pieces[1:], pieces[0]), strict=True):
        assert math.dist(a.end, b.start) < 1e-9
    edges = [
        p
        for p in pieces
        if isinstance(p, Segment) and abs(p.p0[1] - cy) < 1e-12 and abs(p.p1[1] - cy) < 1e-12
    ]
    assert len(edges) == 2
    right = max(edges, key=lambda s: s.p1[0])
    left = min(edges, key=lambda s: s.p1[0])
    assert right.p1[0] > cx + 0.9 * design.diameter_mm / 2.0
    assert left.p1[0] < cx - 0.9 * design.diameter_mm / 2.0
    hole = [c.shape for c in part.items("CUT_INNER") if math.dist(c.shape.center, (cx, cy)) < 1e-12]
    assert len(hole) == 1 and 2.0 * hole[0].r == pytest.approx(5.5)


def test_alidade_vanes_sight_parallel_to_the_edge() -> None:
    design = _design(38.9)
    part = draw_alidade(design, layout_for(design))
    vanes = part.items("CUT_OUTER")[1:]
    assert len(vanes) == 2
    holes = [c.shape for c in part.items("CUT_INNER") if isinstance(c.shape, Circle)]
    per_vane = []
    for v in vanes:
        xs = [p.p0[0] for p in v.shape.pieces]
        ys = [p.p0[1] for p in v.shape.pieces]
        inside = [h for h in holes if min(xs) < h.cx < max(xs) and min(ys) < h.cy < max(ys)]
        assert sorted(round(2 * h.r, 6) for h in inside) == [1.0, 3.0]
        base = max(ys)
        per_vane.append(
            sorted(
                (round(h.cx - (min(xs) + max(xs)) / 2, 9), round(base - h.cy, 9), h.r)
                for h in inside
            )
        )
    assert per_vane[0] == per_vane[1]  # identical vanes: the holes line up
    for _dx, _h, _r in per_vane[0]:
        assert _dx == 0.0  # holes on the vane's centre line, which sits on the edge


def test_pointer_text_is_never_crossed() -> None:
    design = _design(38.9)
    part, _ = draw_rule(design, layout_for(design))
    _no_collisions(part)
