"""The equation of time is readable (issue 17): few reference circles, their numbers in one
column, every number clear of the curve; read on the drawn part."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely

from astrolabe_fab.design import Design
from astrolabe_fab.geometry.primitives import Arc, Circle, FilledPolygon, Polyline
from astrolabe_fab.parts.back import draw_mater_back
from astrolabe_fab.parts.layout import layout_for


@pytest.fixture(scope="module", params=[38.9, -33.87])
def back(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    design = Design(request.param, epoch=2026.0).validate()  # type: ignore[arg-type]
    return draw_mater_back(design, layout_for(design))


def _bearing(center: tuple[float, float], p: tuple[float, float]) -> float:
    return math.degrees(math.atan2(p[0] - center[0], center[1] - p[1])) % 360.0


def test_reference_circles_every_five_minutes(back) -> None:  # type: ignore[no-untyped-def]
    eot = back.part.meta["scales"]["equation_of_time"]
    values = eot["reference_circles_min"]
    assert values == [-15, -10, -5, 0, 5, 10, 15]  # the year's E runs from -14.2 to +16.4
    c = back.part.center_mm
    drawn = [
        it.shape.r
        for it in back.part.items("SCORE")
        if isinstance(it.shape, Circle | Arc) and math.dist(it.shape.center, c) < 1e-9
    ]
    band = [
        r
        for r in drawn
        if eot["zero_radius_mm"] - 16 * eot["mm_per_min"]
        < r
        < eot["zero_radius_mm"] + 17 * eot["mm_per_min"]
    ]
    # each circle is drawn (in arcs where a number breaks it), and no other in the band
    expected = [eot["zero_radius_mm"] + eot["mm_per_min"] * m for m in values]
    assert all(min(abs(r - e) for e in expected) < 1e-4 for r in band)
    assert all(min(abs(r - e) for r in band) < 1e-4 for e in expected)


def test_numbers_stand_in_one_column_clear_of_the_curve(back) -> None:  # type: ignore[no-untyped-def]
    """The glyphs of the numbers (ENGRAVE outlines within the band of the equation of time)
    all stand at one bearing, and keep 0.3 mm from the curve."""
    part = back.part
    eot = part.meta["scales"]["equation_of_time"]
    assert eot["labelled_min"] == eot["reference_circles_min"]
    c = part.center_mm
    r_lo = eot["zero_radius_mm"] + eot["mm_per_min"] * -16.0
    r_hi = eot["zero_radius_mm"] + eot["mm_per_min"] * 17.0
    column = eot["label_column_bearing_deg"]
    glyphs = []
    for it in part.items("ENGRAVE"):
        if not isinstance(it.shape, FilledPolygon):
            continue
        pts = np.asarray([p for ring in it.shape.rings for p in ring])
        mid = pts.mean(axis=0)
        r = math.dist(mid, c)
        if r_lo < r < r_hi and abs((_bearing(c, mid) - column + 180) % 360 - 180) < 8:
            glyphs.append(pts)
    assert len(glyphs) >= len(eot["labelled_min"])
    bearings = [_bearing(c, g.mean(axis=0)) for g in glyphs]
    assert max(bearings) - min(bearings) < 6.0  # one column
    curve = next(it.shape for it in part.items("SCORE") if isinstance(it.shape, Polyline))
    line = shapely.LineString(curve.points)
    for g in glyphs:
        assert line.distance(shapely.MultiPoint(g)) >= 0.3


def test_the_clearance_table_is_the_rule_read_degree_by_degree() -> None:
    """``_Clearance.table`` (running sums over whole turns) against its rule read one bearing
    and one degree at a time, on curves that crowd a circle near 0° (windows wrap) and far
    from it, for narrow and wide labels (a window of more than a turn)."""
    from astrolabe_fab.parts.back_eot import CURVE_CLEAR_MM, EotScale, _Clearance
    from astrolabe_fab.text import text_width_mm

    rng = np.random.default_rng(7)
    scale = EotScale((0.0, 0.0), 30.0, 1.0)
    degrees = rng.integers(0, 360, 25)
    bins = {int(d): [30.0 + float(x) for x in rng.normal(0, 6, 2)] for d in degrees}
    bins[0] = [25.0, 30.2]
    bins[359] = [35.1]
    texts = {-5: "\u22125", 0: "0", 5: "+5", 1: "W" * 40}
    cap = 2.0
    clear = _Clearance(scale, bins, texts, cap)
    bearings = [0.25 * k + 0.1 * (k % 3) for k in range(1440)]  # every quarter degree, and more
    table = clear.table(bearings)

    def by_hand(m: int, b: float) -> bool:
        r = scale.radius_mm(m)
        half = math.degrees((text_width_mm(texts[m], cap) / 2.0 + 0.6) / r)
        degrees = range(math.floor(b - half - 1), math.ceil(b + half + 1) + 1)
        near = [rr for d in degrees for rr in bins.get(d % 360, [])]
        return all(abs(rr - r) >= cap / 2.0 + CURVE_CLEAR_MM for rr in near)

    expected = [[by_hand(m, b) for b in bearings] for m in texts]
    assert table.tolist() == expected
    assert any(any(row) for row in expected) and not all(all(row) for row in expected)
