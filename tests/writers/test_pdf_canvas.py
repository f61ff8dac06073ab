"""A paper page's marks as PDF operators (``writers.pdf._Canvas``), each against the mark it
draws: page millimetres (y down) become points (y up, X = x k, Y = (H - y) k, k = 72 / 25.4),
numbers as ``pdf_number`` prints them; a ring is four cubic curves whose points lie on the
circle; a part is placed, unturned or turned a quarter, inside its clipping rectangle.
"""

from __future__ import annotations

import math
import zlib

import pytest

from astrolabe_fab.geometry.primitives import Circle, Segment
from astrolabe_fab.paper.page import Line, PartView, Rect, Ring
from astrolabe_fab.scene import Part
from astrolabe_fab.writers.palette import PAPER
from astrolabe_fab.writers.pdf import _Canvas, part_drawing
from astrolabe_fab.writers.pdf_draw import PT_PER_MM, part_operators
from astrolabe_fab.writers.pdf_file import pdf_number
from astrolabe_fab.writers.style import PREVIEW_WIDTH_MM, DrawStyle

H = 297.0
K = PT_PER_MM


def n(v: float) -> str:
    return pdf_number(v)


def xy(x: float, y: float) -> str:
    return f"{n(x * K)} {n((H - y) * K)}"


class _Objects:
    """Stands in for the document's objects: one part drawing, 80 points high."""

    def part(self, name: str) -> tuple[str, int, float]:
        return (f"/P{name}", 7, 80.0)


def drawn(*marks: object) -> list[str]:
    canvas = _Canvas(H, _Objects())  # type: ignore[arg-type]
    canvas.draw(tuple(marks))  # type: ignore[arg-type]
    assert canvas.ops[0] == "0 G 0 g 1 J 1 j"  # black, round caps and joins
    return canvas.ops[1:]


def test_lines_plain_and_dashed() -> None:
    plain, dashed = drawn(
        Line(10.5, 20.25, 100.0, 30.0, 0.3), Line(1.0, 2.0, 3.0, 4.0, 0.15, (2.0, 1.5))
    )
    assert plain == f"q {n(0.3 * K)} w {xy(10.5, 20.25)} m {xy(100.0, 30.0)} l S Q"
    assert dashed == (
        f"q {n(0.15 * K)} w [{n(2.0 * K)} {n(1.5 * K)}] 0 d {xy(1.0, 2.0)} m {xy(3.0, 4.0)} l S Q"
    )


def test_a_rectangle_from_its_lower_left_corner() -> None:
    (op,) = drawn(Rect(10.0, 20.0, 30.0, 40.0, 0.3))
    assert op == f"q {n(0.3 * K)} w {xy(10.0, 60.0)} {n(30.0 * K)} {n(40.0 * K)} re S Q"


def test_a_ring_is_four_curves_on_its_circle() -> None:
    cx, cy, r = 50.0, 60.0, 12.0
    (op,) = drawn(Ring(cx, cy, r, 0.15))
    tokens = op.split()
    assert tokens[:3] == ["q", n(0.15 * K), "w"] and tokens[-3:] == ["h", "S", "Q"]
    start = [float(v) for v in tokens[3:5]]
    assert tokens[5] == "m" and start == pytest.approx([(cx + r) * K, (H - cy) * K], abs=1e-3)
    numbers = tokens[6:-3]
    assert numbers[6::7] == ["c"] * 4
    p0 = start
    for k in range(4):
        ctrl = [float(v) for v in numbers[7 * k : 7 * k + 6]]
        curve = [p0, ctrl[0:2], ctrl[2:4], ctrl[4:6]]
        for t in (0.0, 0.25, 0.5, 0.75, 1.0):
            b = [(1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3]
            x = sum(w * p[0] for w, p in zip(b, curve, strict=True))
            y = sum(w * p[1] for w, p in zip(b, curve, strict=True))
            assert math.hypot(x / K - cx, (H - y / K) - cy) == pytest.approx(r, abs=0.01)
        p0 = ctrl[4:6]
    assert p0 == pytest.approx(start, abs=1e-3)  # round to where it began


@pytest.mark.parametrize("turned", [False, True])
def test_a_part_is_placed_inside_its_clip(turned: bool) -> None:
    clip = (10.0, 20.0, 110.0, 150.0)
    (op,) = drawn(PartView("rete", (15.0, 25.0), clip, turned))
    e, f = 15.0 * K, (H - 25.0) * K
    box = f"{xy(10.0, 150.0)} {n(100.0 * K)} {n(130.0 * K)} re W n "
    matrix = f"0 -1 1 0 {n(e)} {n(f)}" if turned else f"1 0 0 1 {n(e)} {n(f - 80.0)}"
    assert op == f"q {box}{matrix} cm /Prete Do Q"


def test_a_part_drawing_is_its_paper_look_compressed() -> None:
    """Black on white with the preview's line weights (not the laser's hairlines), Flate
    compressed."""
    part = Part("t", 60.0, 40.0, (30.0, 20.0))
    part.add("SCORE", Segment((1.0, 1.0), (9.0, 9.0)), "heavy")
    part.add("CUT_OUTER", Circle(30.0, 20.0, 15.0))
    data = zlib.decompress(part_drawing(part))
    assert data == part_operators(part, DrawStyle(preview=True, palette=PAPER))
    heavy = PREVIEW_WIDTH_MM["heavy"] * K  # (the drawing's numbers have 3 decimals)
    assert f" {round(heavy, 3):g} w ".encode() in data
