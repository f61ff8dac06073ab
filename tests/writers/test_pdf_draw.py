"""A part's PDF drawing (``part_operators``) read back operator by operator: the graphics
state it starts from, one stroked path per layer and line width (ascending), the guide's grey,
holes and windows shaded before they are stroked, filled glyphs, and every shape's path: a
circle as twelve 30-degree Bezier curves back to its start, an arc's last curve ending at the
arc's end, a polyline through all its points, closed only when it is closed.

Coordinates: X = x k, Y = (H - y) k with k = 72 / 25.4 (module doc of ``pdf_draw``).
"""

from __future__ import annotations

import math

import pytest

from astrolabe_fab.geometry.primitives import Arc, Circle, FilledPolygon, Polyline, Segment
from astrolabe_fab.scene import Part
from astrolabe_fab.writers.pdf_draw import GUIDE_GREY, PT_PER_MM, WINDOW_GREY, part_operators
from astrolabe_fab.writers.style import PREVIEW_CUT_MM, PREVIEW_WIDTH_MM, DrawStyle

H = 100.0


def lines(part: Part, style: DrawStyle | None = None) -> list[str]:
    data = part_operators(part, style)
    assert data.endswith(b"\n")
    return data.decode("ascii").splitlines()


def page(x: float, y: float) -> tuple[float, float]:
    return (x * PT_PER_MM, (H - y) * PT_PER_MM)


def curve_ends(ops: list[str]) -> list[tuple[float, float]]:
    """The end point of every ``c`` operator."""
    return [(float(ops[i - 2]), float(ops[i - 1])) for i, op in enumerate(ops) if op == "c"]


def one_shape(shape: object, layer: str = "SCORE") -> list[str]:
    part = Part("t", 100.0, H, (50.0, 50.0))
    part.add(layer, shape)  # type: ignore[arg-type]
    return lines(part)[1].split()


def test_state_layers_widths_and_greys() -> None:
    part = Part("t", 100.0, H, (50.0, 50.0))
    part.add("SCORE", Segment((1.0, 1.0), (2.0, 2.0)), "heavy")
    part.add("SCORE", Segment((3.0, 3.0), (4.0, 4.0)), "fine")
    part.add("SCORE", Segment((5.0, 5.0), (6.0, 6.0)), "normal")
    part.add("GUIDE", Segment((7.0, 7.0), (8.0, 8.0)))
    out = lines(part)
    assert out[0] == "1 J 1 j 0 G 0 g"  # round caps and joins, black
    widths = [round(float(line.split()[2]), 3) for line in out[1:4]]
    assert widths == [
        round(PREVIEW_WIDTH_MM[w] * PT_PER_MM, 3) for w in ("fine", "normal", "heavy")
    ]
    assert all(line.startswith("0 G ") and line.endswith(" S") for line in out[1:4])
    assert out[4].startswith(f"{GUIDE_GREY:g} G ") and out[4].endswith(" S")
    assert len(out) == 5
    hairline = lines(part, DrawStyle(preview=False))
    assert len(hairline) == 3  # one width for every line of a layer


def test_holes_are_shaded_before_they_are_stroked() -> None:
    part = Part("t", 100.0, H, (50.0, 50.0))
    part.add("CUT_INNER", Circle(50.0, 50.0, 3.0))
    part.add("CUT_INNER", Segment((10.0, 10.0), (20.0, 10.0)))  # an open cut: not shaded
    part.add("CUT_OUTER", Circle(50.0, 50.0, 45.0))  # the outline: not shaded
    out = lines(part)
    shade, stroke, outline = out[1], out[2], out[3]
    assert shade.startswith(f"{WINDOW_GREY:g} g ") and shade.endswith(" f 0 g")
    assert shade.split()[2:4] == [f"{v:.3f}" for v in page(53.0, 50.0)]
    assert shade.count(" m ") == 1  # the circle alone
    assert stroke.split()[2] == f"{PREVIEW_CUT_MM * PT_PER_MM:.3f}".rstrip("0")
    assert stroke.count(" m ") == 2 and stroke.endswith(" S")
    assert outline.count(" m ") == 1 and "g" not in outline.split()


def test_glyphs_are_filled() -> None:
    out = one_shape(FilledPolygon((((1.0, 2.0), (3.0, 2.0), (1.0, 5.0)),)), "ENGRAVE")
    assert out[:2] == ["0", "g"] and out[-1] == "f"
    assert out[2:5] == [f"{page(1.0, 2.0)[0]:.3f}", f"{page(1.0, 2.0)[1]:.3f}", "m"]
    assert out[-2] == "h"


def test_a_filled_polygon_among_lines_is_traced_ring_by_ring() -> None:
    ring = ((1.0, 2.0), (3.0, 2.0), (1.0, 5.0))
    ops = one_shape(FilledPolygon((ring,)), "SCORE")
    assert ops[-1] == "S" and ops[-2] == "h" and ops.count("m") == 1 and ops.count("l") == 2
    assert [float(v) for v in ops[4:6]] == pytest.approx(page(*ring[0]), abs=1e-3)


def test_a_circle_is_twelve_curves_back_to_its_start() -> None:
    ops = one_shape(Circle(40.0, 30.0, 10.0))
    start = page(50.0, 30.0)
    assert [float(v) for v in ops[4:6]] == pytest.approx(start, abs=1e-3)
    ends = curve_ends(ops)
    assert len(ends) == 12
    assert ends[-1] == pytest.approx(start, abs=1e-3)
    for k, end in enumerate(ends, start=1):
        t = 2.0 * math.pi * k / 12
        assert end == pytest.approx(
            page(40.0 + 10.0 * math.cos(t), 30.0 + 10.0 * math.sin(t)), abs=2e-3
        )
    assert ops[ops.index("c", len(ops) - 8) + 1] == "h"


@pytest.mark.parametrize("sweep", [0.2, -0.5, 2.5, -3.0])
def test_an_arc_ends_at_its_end(sweep: float) -> None:
    arc = Arc(40.0, 30.0, 10.0, 0.3, sweep)
    ops = one_shape(arc)
    ends = curve_ends(ops)
    assert len(ends) == max(1, math.ceil(abs(sweep) / math.radians(30.0)))
    assert ends[-1] == pytest.approx(page(*arc.end), abs=1e-3)
    assert "h" not in ops


@pytest.mark.parametrize("closed", [False, True])
def test_a_polyline_goes_through_every_point(closed: bool) -> None:
    points = ((1.0, 1.0), (5.0, 1.0), (5.0, 4.0), (2.0, 6.0))
    ops = one_shape(Polyline(points, closed))
    moves = [i for i, op in enumerate(ops) if op in ("m", "l")]
    assert [ops[i] for i in moves] == ["m", "l", "l", "l"]
    assert [(float(ops[i - 2]), float(ops[i - 1])) for i in moves] == [
        pytest.approx(page(*p), abs=1e-3) for p in points
    ]
    assert ("h" in ops) is closed


def test_an_unknown_shape_is_refused_by_name() -> None:
    with pytest.raises(TypeError, match="cannot draw str"):
        one_shape("not a shape")
