"""The quick tests of label placement give the slow exact answer (hypothesis against shapely).

``Labels.surely_overlap`` may only refuse what ``Labels.place`` refuses for overlap (a mitred
buffer of the box meeting a placed box); ``Labels._overlaps`` must agree with that buffer test
always; the SVG writer's ``decimal_texts`` must print what ``decimal_text`` prints.
"""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Polygon

from astrolabe_fab.parts.labels import Labels
from astrolabe_fab.text import place_text, text_width_mm
from astrolabe_fab.writers.numbers import decimal_text, decimal_texts

CAP_MM = 3.0
coords = st.floats(-20.0, 20.0, allow_nan=False)
texts = st.sampled_from(["0", "10", "170", "23.44° N", "ORIENS", "IV"])


def _buffer_refuses(labels: Labels, text: str, anchor: tuple[float, float]) -> bool:
    """The exact overlap test of ``Labels.place``: the box grown by the gap (mitred) meets a
    placed box."""
    box = place_text(text, anchor, labels.cap_height_mm)
    grown = Polygon(box.corners).buffer(labels.gap_mm, join_style="mitre")
    return bool(shapely.intersects(grown, labels._polygons).any())


@settings(max_examples=150, deadline=None)
@given(
    placed=st.lists(st.tuples(texts, coords, coords), min_size=1, max_size=6),
    text=texts,
    anchor=st.tuples(coords, coords),
)
def test_quick_overlap_tests_agree_with_the_buffer(
    placed: list[tuple[str, float, float]], text: str, anchor: tuple[float, float]
) -> None:
    labels = Labels(CAP_MM)
    for t, x, y in placed:
        labels.place(t, (x, y))
    if not labels._polygons:
        return
    exact = _buffer_refuses(labels, text, anchor)
    surely = labels.surely_overlap(np.asarray([anchor]), text_width_mm(text, CAP_MM), CAP_MM)
    assert not surely[0] or exact  # a quick refusal is always an exact one
    box = place_text(text, anchor, CAP_MM)
    assert labels._overlaps(Polygon(box.corners), upright=True) == exact


@settings(max_examples=300, deadline=None)
@given(
    placed=st.lists(
        st.tuples(texts, coords, coords, st.sampled_from([0.0, 30.0, 45.0, -60.0, 90.0])),
        min_size=1,
        max_size=6,
    ),
    text=texts,
    anchor=st.tuples(coords, coords),
    rotation_deg=st.floats(-180.0, 180.0),
    gap_mm=st.sampled_from([0.0, 0.35, 1.0, 2.5]),
)
def test_the_near_boxes_test_of_turned_boxes_agrees_with_the_buffer(
    placed: list[tuple[str, float, float, float]],
    text: str,
    anchor: tuple[float, float],
    rotation_deg: float,
    gap_mm: float,
) -> None:
    """Turned boxes, placed and new: ``_overlaps`` (which makes the buffer only for the placed
    boxes whose bounds come within the gap times root 2) answers as the buffer of the new box
    tested against every placed box."""
    labels = Labels(CAP_MM, gap_mm=gap_mm)
    for t, x, y, turn in placed:
        labels.place(t, (x, y), rotation_deg=turn)
    if not labels._polygons:
        return
    corners = place_text(text, anchor, CAP_MM, rotation_deg=rotation_deg).corners
    grown = Polygon(corners).buffer(gap_mm, join_style="mitre")
    exact = bool(shapely.intersects(grown, labels._polygons).any())
    assert labels._overlaps(Polygon(corners), upright=rotation_deg == 0.0) == exact


def test_turned_boxes_just_within_the_mitred_corners_reach_are_refused() -> None:
    """Two boxes turned by 45 degrees, the new one's leftmost corner facing the placed one's
    rightmost corner across a horizontal gap s: the new box's mitred corner reaches the gap
    times root 2 towards the placed one, so they meet when s is just below that (and not
    when s is just above), although their bounds are then more than the gap apart."""
    gap_mm = 1.0
    reach = gap_mm * np.sqrt(2.0)
    placed_tip = max(place_text("I", (0.0, 0.0), CAP_MM, rotation_deg=45.0).corners)
    new_tip = min(place_text("I", (0.0, 0.0), CAP_MM, rotation_deg=45.0).corners)
    for s, met in ((reach - 0.005, True), (reach + 0.005, False)):
        labels = Labels(CAP_MM, gap_mm=gap_mm)
        labels.place("I", (0.0, 0.0), rotation_deg=45.0)
        at = (placed_tip[0] - new_tip[0] + s, placed_tip[1] - new_tip[1])
        corners = place_text("I", at, CAP_MM, rotation_deg=45.0).corners
        grown = Polygon(corners).buffer(gap_mm, join_style="mitre")
        assert bool(grown.intersects(labels._polygons[0])) == met, s
        assert labels._overlaps(Polygon(corners), upright=False) == met, s
        assert (labels.place("I", at, rotation_deg=45.0) is None) == met, s


def test_touching_boxes_are_left_to_the_exact_test() -> None:
    """Boxes exactly the gap apart: too close to call, so not surely refused; a box half the
    gap apart surely is, and one far away is not."""
    labels = Labels(CAP_MM, gap_mm=0.35)
    labels.place("10", (0.0, 0.0))
    w = text_width_mm("10", CAP_MM)
    at_gap = np.asarray([(w + 0.35, 0.0)])
    assert not labels.surely_overlap(at_gap, w, CAP_MM)[0]
    assert labels.surely_overlap(np.asarray([(w + 0.175, 0.0)]), w, CAP_MM)[0]
    assert not labels.surely_overlap(np.asarray([(50.0, 0.0)]), w, CAP_MM)[0]


def test_a_refused_label_is_refused_by_place() -> None:
    labels = Labels(CAP_MM)
    assert labels.place("30", (0.0, 0.0)) is not None
    assert labels.place("60", (1.0, 0.5)) is None
    assert labels.place("60", (30.0, 0.0)) is not None


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, width=64), max_size=40))
def test_decimal_texts_are_decimal_text(values: list[float]) -> None:
    values += [0.0, -0.0, -0.00004, 0.00005, -0.00005, 1e-9, 123.45675, 2.5e-5]
    assert decimal_texts(values) == [decimal_text(v) for v in values]
    assert decimal_texts(values, 2) == [decimal_text(v, 2) for v in values]


@settings(max_examples=100, deadline=None)
@given(
    boxes=st.lists(st.tuples(coords, coords, st.floats(0.1, 5.0)), min_size=1, max_size=12),
    circle=st.tuples(coords, coords, st.floats(0.5, 30.0)),
)
def test_the_curves_keep_every_box_clip_circle_would(
    boxes: list[tuple[float, float, float]], circle: tuple[float, float, float]
) -> None:
    """The plate's numpy pre-filter leaves out only boxes ``clip_circle`` leaves out itself."""
    from astrolabe_fab.geometry.primitives import Circle, OutsideBox, Region, _near_circle
    from astrolabe_fab.parts.plate import _Curves

    keep = [
        OutsideBox(((x - s, y - s), (x + s, y - s), (x + s, y + s), (x - s, y + s)))
        for x, y, s in boxes
    ]
    keep.append(Region(Circle(0.0, 0.0, 1.0), False))  # type: ignore[arg-type]
    full = Circle(*circle)
    curves = _Curves(None, keep)  # type: ignore[arg-type]
    near = curves.near(full)
    assert [r for r in keep if _near_circle(r, full)] == [r for r in near if _near_circle(r, full)]
    assert keep[-1] in near
