"""``parts.labels``: what a label may not overlap, measured with shapely, not with the module.

Each fact is checked on boxes placed by ``text.place_text`` and compared with an independent
computation: the grown box of a label is the mitred buffer of its rectangle; the cut zone is
the set of points within CUT_CLEARANCE_MM of a hole or of the outline's edge, or outside it;
a label is refused exactly when its rectangle grown by the gap meets a placed one, when a
corner leaves the ``inside`` circle less the gap, or when a glyph reaches into the cut zone.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from shapely.geometry import Point as ShPoint
from shapely.geometry import Polygon

from astrolabe_fab.geometry.primitives import Circle
from astrolabe_fab.parts.glyphs import glyph_polygons
from astrolabe_fab.parts.labels import CUT_CLEARANCE_MM, Labels, _quad, _Rows, cut_zone
from astrolabe_fab.text import place_text

CAP_MM = 3.0


def _box(text: str, at: tuple[float, float], rotation_deg: float = 0.0):
    return place_text(text, at, CAP_MM, rotation_deg=rotation_deg)


@pytest.mark.parametrize("rotation_deg", [0.0, 30.0, -75.0, 90.0])
@pytest.mark.parametrize("gap_mm", [0.0, 0.35, 2.0])
def test_quad_is_the_mitred_buffer_of_the_box_in_the_boxs_corner_order(
    rotation_deg: float, gap_mm: float
) -> None:
    box = _box("Quad", (12.0, -7.0), rotation_deg)
    quad = _quad(box.corners, gap_mm)
    grown = Polygon(box.corners).buffer(gap_mm, join_style="mitre")
    assert Polygon(quad).symmetric_difference(grown).area < 1e-9
    # each grown corner lies beyond its own corner, along the diagonal from the centre
    for corner, grown_corner in zip(box.corners, quad, strict=True):
        assert math.dist(corner, grown_corner) == pytest.approx(gap_mm * math.sqrt(2.0))


def test_cut_zone_is_the_clearance_round_holes_and_inside_the_outline() -> None:
    hole = Circle(0.0, 0.0, 2.0)
    outline = ShPoint(0.0, 0.0).buffer(30.0, quad_segs=256)
    zone = cut_zone([hole], outline)
    inscribed = (hole.r + CUT_CLEARANCE_MM) * math.cos(math.pi / 64)  # the 64-gon's inner radius
    for angle in np.linspace(0.0, 2.0 * math.pi, 13):
        u = (math.cos(angle), math.sin(angle))
        assert zone.contains(ShPoint(u[0] * hole.r * 0.5, u[1] * hole.r * 0.5))  # over the hole
        assert zone.contains(ShPoint(u[0] * (inscribed - 0.01), u[1] * (inscribed - 0.01)))
        outside = hole.r + CUT_CLEARANCE_MM + 0.02
        assert not zone.contains(ShPoint(u[0] * outside, u[1] * outside))
        edge = 30.0 - CUT_CLEARANCE_MM
        for r, inside in ((edge + 0.02, True), (edge - 0.02, False), (35.0, True)):
            assert zone.contains(ShPoint(u[0] * r, u[1] * r)) == inside, (angle, r)
    assert cut_zone([hole]).bounds == pytest.approx(
        (-inscribed / math.cos(math.pi / 64),) * 2 + (inscribed / math.cos(math.pi / 64),) * 2,
        abs=0.01,
    )


def _grown_meets(a, b, gap_mm: float) -> bool:
    return Polygon(a.corners).buffer(gap_mm, join_style="mitre").intersects(Polygon(b.corners))


@pytest.mark.parametrize("rotation_deg", [0.0, 20.0])
def test_a_label_is_refused_exactly_when_its_grown_box_meets_a_placed_one(
    rotation_deg: float,
) -> None:
    first = _box("Sirius", (0.0, 0.0), rotation_deg)
    for dx in np.linspace(-25.0, 25.0, 41):
        for dy in (-4.0, -3.2, -2.0, 0.0, 3.0, 3.4, 5.0):
            labels = Labels(CAP_MM)
            assert labels.place("Sirius", (0.0, 0.0), rotation_deg=rotation_deg) is not None
            second = labels.place("Vega", (float(dx), dy), rotation_deg=rotation_deg)
            trial = _box("Vega", (float(dx), dy), rotation_deg)
            expected = not _grown_meets(trial, first, labels.gap_mm)
            assert (second is not None) == expected, (dx, dy)
            assert labels.refused == ([] if expected else ["Vega"])
            assert len(labels.boxes) == 1 + expected


@pytest.mark.parametrize(("first_deg", "second_deg"), [(45.0, 45.0), (0.0, 45.0), (45.0, 0.0)])
def test_turned_boxes_corner_to_corner_are_refused_exactly_within_the_gap(
    first_deg: float, second_deg: float
) -> None:
    """Boxes turned by 45 degrees approach corner to corner along a diagonal, where the
    mitred corner of the grown box reaches farthest beyond its bounds (the gap times the root
    of 2): refused exactly when the grown box meets the placed one."""
    gap_mm = 1.0
    first = _box("Mira", (0.0, 0.0), first_deg)
    seen = set()
    for k in range(161):
        d = 2.0 + 0.05 * k
        for sx, sy in ((1.0, 1.0), (-1.0, 1.0), (1.0, -1.0), (-1.0, -1.0), (1.0, 0.0), (0.0, 1.0)):
            at = (sx * d, sy * d)
            labels = Labels(CAP_MM, gap_mm=gap_mm)
            labels.place("Mira", (0.0, 0.0), rotation_deg=first_deg)
            trial = _box("Mira", at, second_deg)
            expected = not _grown_meets(trial, first, gap_mm)
            placed = labels.place("Mira", at, rotation_deg=second_deg)
            assert (placed is not None) == expected, (at, first_deg, second_deg)
            seen.add(expected)
    assert seen == {True, False}


def test_blocked_is_place_refusing_by_the_box_and_notes_nothing() -> None:
    """``blocked`` says whether ``place`` would refuse a text by its box (over a placed label
    or out of the ``inside`` circle), without placing it or noting a refusal."""
    for rotation_deg in (0.0, 30.0):
        for dx in np.linspace(-20.0, 20.0, 21):
            labels = Labels(CAP_MM)
            labels.place("Sirius", (0.0, 0.0), rotation_deg=20.0)
            at = (float(dx), 2.0)
            blocked = labels.blocked("Vega", at, rotation_deg=rotation_deg, scale=0.8)
            assert labels.refused == [] and len(labels.boxes) == 1
            placed = labels.place("Vega", at, rotation_deg=rotation_deg, scale=0.8)
            assert blocked == (placed is None), (rotation_deg, dx)
    # the defaults are place's: upright, full size (stepping across where the box meets)
    answers = set()
    for dx, dy in [(float(d), 0.0) for d in np.linspace(10.0, 14.0, 81)] + [
        (0.0, float(d)) for d in np.linspace(3.0, 4.5, 151)
    ]:
        labels = Labels(CAP_MM)
        labels.place("Sirius", (0.0, 0.0))
        blocked = labels.blocked("Vega", (dx, dy))
        assert blocked == (labels.place("Vega", (dx, dy)) is None), (dx, dy)
        answers.add(blocked)
    assert answers == {True, False}
    labels = Labels(CAP_MM)
    assert not labels.blocked("Vega", (0.0, 0.0))
    assert labels.blocked("Vega", (0.0, 0.0), inside=Circle(0.0, 0.0, 2.0))
    assert not labels.blocked("Vega", (0.0, 0.0), inside=Circle(0.0, 0.0, 20.0))
    assert labels.refused == [] and labels.boxes == []


def test_boxes_just_apart_and_just_within_the_gap() -> None:
    first = _box("Deneb", (0.0, 0.0))
    width = first.width_mm
    for gap_mm in (0.35, 1.0):
        for extra, placed in ((0.02, True), (-0.02, False)):
            labels = Labels(CAP_MM, gap_mm=gap_mm)
            labels.place("Deneb", (0.0, 0.0))
            at = (width + gap_mm + extra, 0.0)  # the same width: centres a width + gap apart
            assert (labels.place("Deneb", at) is not None) == placed, (gap_mm, extra)


def test_keepouts_are_the_grown_boxes_of_labels_that_ask_for_one() -> None:
    labels = Labels(CAP_MM)
    a = labels.place("Altair", (0.0, 0.0), rotation_deg=15.0)
    b = labels.place("Rigel", (0.0, 30.0), keepout=False)
    assert a is not None and b is not None
    assert len(labels.keepouts) == 1 and len(labels.regions()) == 1
    quad = labels.keepouts[0].corners
    assert (
        Polygon(quad)
        .symmetric_difference(Polygon(a.corners).buffer(labels.gap_mm, join_style="mitre"))
        .area
        < 1e-9
    )


def test_inside_refuses_a_corner_beyond_the_circle_less_the_gap() -> None:
    box = _box("Arcturus", (0.0, 0.0))
    reach = max(math.hypot(x, y) for x, y in box.corners)  # the farthest corner from (0, 0)
    gap = Labels(CAP_MM).gap_mm
    for r, placed in ((reach + gap + 0.01, True), (reach + gap - 0.01, False)):
        labels = Labels(CAP_MM)
        got = labels.place("Arcturus", (0.0, 0.0), inside=Circle(0.0, 0.0, r))
        assert (got is not None) == placed, r
        assert labels.refused == ([] if placed else ["Arcturus"])


def test_avoid_cuts_refuses_glyphs_in_the_zone_and_not_their_empty_box_corners() -> None:
    box = _box("L", (0.0, 0.0))
    glyphs = shapely.union_all(glyph_polygons(box))
    x0, y0, x1, y1 = box.corners[0] + box.corners[2]
    # a hole in the empty upper right of the "L": in the box, off the glyph by more than the gap
    empty = shapely.box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)).difference(
        glyphs.buffer(0.6)
    )
    spot = empty.representative_point()
    hole = Circle(spot.x, spot.y, 0.1)
    assert not glyphs.intersects(ShPoint(spot.x, spot.y).buffer(0.4))
    labels = Labels(CAP_MM)
    labels.avoid_cuts(cut_zone([hole]))
    assert labels.place("L", (0.0, 0.0)) is not None
    # the same hole under the glyph's stem: refused
    stem = glyphs.representative_point()
    labels = Labels(CAP_MM)
    labels.avoid_cuts(cut_zone([Circle(stem.x, stem.y, 0.1)]))
    assert labels.place("L", (0.0, 0.0)) is None and labels.refused == ["L"]
    # far from every glyph: placed; a space (no glyph) is never refused for the cuts
    labels = Labels(CAP_MM)
    labels.avoid_cuts(cut_zone([Circle(0.0, 0.0, 1.0)]))
    assert labels.place("L", (40.0, 0.0)) is not None
    assert labels.place(" ", (0.0, 0.0), keepout=False) is not None


def test_surely_overlap_refuses_only_what_place_refuses() -> None:
    labels = Labels(CAP_MM)
    labels.place("Capella", (0.0, 0.0))
    labels.place("Tilted", (0.0, 40.0), rotation_deg=30.0)  # not upright: never counted
    probe = _box("Mira", (0.0, 0.0))
    w, h = probe.width_mm, probe.height_mm
    xs, ys = np.meshgrid(np.linspace(-30.0, 30.0, 61), np.linspace(-8.0, 48.0, 57))
    centers = np.column_stack([xs.ravel(), ys.ravel()])
    sure = labels.surely_overlap(centers, w, h)
    placed = labels.boxes[0]
    for (x, y), refused in zip(centers, sure, strict=True):
        trial = _box("Mira", (float(x), float(y)))
        if refused:
            assert _grown_meets(trial, placed, labels.gap_mm), (x, y)
    # near the upright box it refuses; it says nothing of the tilted one
    assert sure.reshape(xs.shape)[8, 30]  # the centre (0, 0)
    assert not sure[np.hypot(centers[:, 0], centers[:, 1] - 40.0) < 2.0].any()
    assert sure.sum() > 50
    assert not Labels(CAP_MM).surely_overlap(centers, w, h).any()


def test_fits_is_a_probe_circle_clear_of_every_label() -> None:
    labels = Labels(CAP_MM)
    box = labels.place("Spica", (0.0, 0.0))
    assert box is not None
    half_w = box.width_mm / 2.0
    for r, clear in ((1.0, True), (3.0, False)):
        assert labels.fits((half_w + 2.0, 0.0), r) == clear, r
    assert not labels.fits((0.0, 0.0), 0.1)
    assert Labels(CAP_MM).fits((0.0, 0.0), 5.0)


def test_place_sets_the_text_as_asked_size_and_alignment() -> None:
    labels = Labels(CAP_MM)
    box = labels.place("Hamal", (5.0, 5.0), halign="left", valign="top", scale=2.0)
    assert box is not None
    assert box.corners[0] == pytest.approx((5.0, 5.0))  # top left on the anchor
    assert box.height_mm == pytest.approx(2.0 * CAP_MM)
    assert box.width_mm == pytest.approx(_box("Hamal", (0.0, 0.0)).width_mm * 2.0)
    right = labels.place("Hamal", (5.0, 40.0), halign="right", valign="bottom", scale=0.5)
    assert right is not None
    assert right.corners[2] == pytest.approx((5.0, 40.0))  # bottom right on the anchor


def test_inside_is_the_circle_given_wherever_it_is() -> None:
    box = _box("Arcturus", (0.0, 0.0))
    reach = max(math.hypot(x, y) for x, y in box.corners)
    for center in ((0.0, 30.0), (-20.0, -45.0)):
        at = (center[0], center[1])
        gap = Labels(CAP_MM).gap_mm
        for r, placed in ((reach + gap + 0.01, True), (reach + gap - 0.01, False)):
            labels = Labels(CAP_MM)
            got = labels.place("Arcturus", at, inside=Circle(center[0], center[1], r))
            assert (got is not None) == placed, (center, r)


def _rect_gaps(a, b) -> tuple[float, float]:
    ax0, ay0, ax1, ay1 = Polygon(a.corners).bounds
    bx0, by0, bx1, by1 = Polygon(b.corners).bounds
    return max(bx0 - ax1, ax0 - bx1), max(by0 - ay1, ay0 - by1)


def test_surely_overlap_refuses_every_box_clearly_within_the_gap() -> None:
    labels = Labels(CAP_MM)
    labels.place("Capella", (0.0, 0.0))
    placed = labels.boxes[0]
    probe = _box("Mira", (0.0, 0.0))
    xs, ys = np.meshgrid(np.linspace(-20.0, 20.0, 81), np.linspace(-6.0, 6.0, 49))
    centers = np.column_stack([xs.ravel(), ys.ravel()])
    sure = labels.surely_overlap(centers, probe.width_mm, probe.height_mm)
    for (x, y), refused in zip(centers, sure, strict=True):
        gx, gy = _rect_gaps(_box("Mira", (float(x), float(y))), placed)
        if gx < labels.gap_mm - 1e-3 and gy < labels.gap_mm - 1e-3:
            assert refused, (x, y)
        if gx > labels.gap_mm + 1e-3 or gy > labels.gap_mm + 1e-3:
            assert not refused, (x, y)
    assert sure.dtype == bool


@pytest.mark.parametrize("direction_deg", [0.0, 90.0, 135.0, 200.0, 290.0])
def test_fits_probes_a_circle_all_round(direction_deg: float) -> None:
    labels = Labels(CAP_MM)
    box = labels.place("Spica", (0.0, 0.0))
    assert box is not None
    rect = Polygon(box.corners)
    u = (math.cos(math.radians(direction_deg)), math.sin(math.radians(direction_deg)))
    at = (u[0] * 12.0, u[1] * 12.0)
    d = rect.distance(ShPoint(at))
    assert labels.fits(at, d - 0.05)
    # the probe is a 16-gon inscribed in the circle: it reaches cos(pi/16) of the radius
    assert not labels.fits(at, d / math.cos(math.pi / 16) + 0.05)


@pytest.mark.parametrize(
    ("halign", "valign", "rotation_deg"),
    [("left", "middle", 0.0), ("center", "top", 0.0), ("right", "bottom", 40.0)],
)
def test_the_box_tested_is_the_box_placed_as_aligned_and_turned(
    halign: str, valign: str, rotation_deg: float
) -> None:
    """The limit is tested against the box as it will be set (aligned and turned as asked,
    before its glyphs are outlined), and the box set is that one, glyphs and all."""
    kw = {"halign": halign, "valign": valign, "rotation_deg": rotation_deg}
    box = place_text("Arcturus", (0.0, 0.0), CAP_MM, **kw)  # type: ignore[arg-type]
    reach = max(math.hypot(x, y) for x, y in box.corners)
    gap = Labels(CAP_MM).gap_mm
    for r, placed in ((reach + gap + 0.01, True), (reach + gap - 0.01, False)):
        labels = Labels(CAP_MM)
        got = labels.place("Arcturus", (0.0, 0.0), inside=Circle(0.0, 0.0, r), **kw)  # type: ignore[arg-type]
        assert (got is not None) == placed, r
        if got is not None:
            assert got.corners == box.corners
            assert got.outline == box.outline


def test_an_anchor_at_infinity_is_refused_and_a_negative_gap_is_an_error() -> None:
    """A box with a corner at infinity (an anchor at a projection pole) is no place, first or
    later; a gap below 0 mm is not a gap."""
    for placed_first in (False, True):
        labels = Labels(CAP_MM)
        if placed_first:
            labels.place("Vega", (0.0, 0.0))
        for at in ((math.inf, 0.0), (0.0, -math.inf)):
            assert labels.blocked("Deneb", at)
            assert labels.place("Deneb", at) is None
        assert len(labels.boxes) == int(placed_first)
    with pytest.raises(ValueError, match="gap"):
        Labels(CAP_MM, gap_mm=-0.1)


def test_rows_read_back_every_row_added_as_they_grow() -> None:
    """``_Rows``: the placed boxes' bounds, read as one array after each row is added, past
    several growths of its store (16 rows at first)."""
    rows = _Rows()
    assert len(rows) == 0 and rows.array().shape == (0, 4)
    added: list[tuple[float, float, float, float]] = []
    for k in range(100):
        row = (k + 0.1, -k - 0.2, 2.0 * k + 0.3, 1e-3 * k)
        rows.append(row)
        added.append(row)
        assert len(rows) == k + 1
        assert rows.array().tolist() == [list(r) for r in added]
