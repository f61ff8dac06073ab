"""Polylines and glyph rings, written all at once, are written as one shape at a time would be.

The SVG writer formats every polyline and filled polygon of a layer in one ``decimal_join``;
the PDF writer every run of filled polygons. The reference here writes each ring on its own,
number by number with Python's formatting: ``M<x>,<y> L<x>,<y> ...`` (+ `` Z``) in SVG, and
``X Y m X Y l ... X Y l h`` with X = x k, Y = (H - y) k in PDF, for rings of one, two and many
points, open and closed polylines, polygons without rings, and other shapes in between.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from astrolabe_fab.geometry.primitives import Circle, FilledPolygon, Polyline, Segment, Shape
from astrolabe_fab.paper.page import Glyph
from astrolabe_fab.scene import Part
from astrolabe_fab.writers.numbers import decimal_text
from astrolabe_fab.writers.pdf import _Canvas
from astrolabe_fab.writers.pdf_draw import PT_PER_MM, part_operators
from astrolabe_fab.writers.pdf_file import pdf_number
from astrolabe_fab.writers.svg import part_to_svg, path_data

coord = st.floats(-300.0, 300.0, allow_nan=False).map(lambda v: round(v, 5))
ring = st.lists(st.tuples(coord, coord), min_size=1, max_size=12)
polygon = st.lists(ring, max_size=4).map(lambda rings: FilledPolygon(tuple(map(tuple, rings))))
polyline = st.builds(lambda pts, closed: Polyline(tuple(pts), closed), ring, st.booleans())
other = st.sampled_from([Circle(10.0, 20.0, 5.5), Segment((1.0, 2.0), (3.25, -4.0))])


def svg_ring(points: tuple[tuple[float, float], ...], closed: bool) -> str:
    texts = [f"{decimal_text(x)},{decimal_text(y)}" for x, y in points]
    return f"M{texts[0]} L" + " ".join(texts[1:]) + (" Z" if closed else "")


def svg_reference(shape: Shape) -> str | None:
    if isinstance(shape, Polyline):
        return svg_ring(shape.points, shape.closed)
    if isinstance(shape, FilledPolygon):
        return " ".join(svg_ring(r, True) for r in shape.rings)
    return None


@settings(max_examples=150, deadline=None)
@given(shapes=st.lists(st.one_of(polygon, polyline, other), min_size=1, max_size=6))
def test_svg_path_data_of_a_layer_is_each_shape_s_own(shapes: list[Shape]) -> None:
    part = Part("t", 400.0, 400.0, (200.0, 200.0))
    for shape in shapes:
        part.add("SCORE", shape)
    svg = part_to_svg(part)
    layer = svg[svg.index('<g id="SCORE"') : svg.index('<g id="CUT_INNER"')]
    elements = re.findall(r"<(path|circle) ([^>]*)/>", layer)
    assert len(elements) == len(shapes)
    for (kind, attributes), shape in zip(elements, shapes, strict=True):
        want = svg_reference(shape)
        if want is None:
            assert kind == "circle" or attributes.startswith(f'd="{path_data(shape)}"')
        else:
            assert attributes.startswith(f'd="{want}"')
            assert path_data(shape) == want


def test_svg_ring_ends() -> None:
    one = ((1.0, 2.0),)
    assert path_data(Polyline(one, False)) == "M1,2 L"
    assert path_data(Polyline(one, True)) == "M1,2 L Z"
    assert path_data(Polyline(((0.0, -0.0), (1.23456, 7.0)), False)) == "M0,0 L1.2346,7"
    assert path_data(FilledPolygon((one, ((3.5, 4.0), (5.0, 6.0))))) == "M1,2 L Z M3.5,4 L5,6 Z"
    assert path_data(FilledPolygon(())) == ""


def pdf_ring(points: tuple[tuple[float, float], ...], height_mm: float) -> str:
    k = PT_PER_MM
    first = points[0]
    return (
        f"{first[0] * k:.3f} {(height_mm - first[1]) * k:.3f} m "
        + " ".join(f"{x * k:.3f} {(height_mm - y) * k:.3f} l" for x, y in points[1:])
        + " h"
    )


@settings(max_examples=100, deadline=None)
@given(shapes=st.lists(st.one_of(polygon, polyline), min_size=1, max_size=6))
def test_pdf_glyph_rings_are_each_ring_s_own(shapes: list[Shape]) -> None:
    """The ENGRAVE layer's path: runs of filled polygons at once, a polyline between them on
    its own; the same operators as ring by ring."""
    height = 123.4
    part = Part("t", 200.0, height, (100.0, 60.0))
    for shape in shapes:
        part.add("ENGRAVE", shape)
    ops = part_operators(part).decode().splitlines()
    engrave = next(line for line in ops if line.startswith("0 g "))
    alone = Part("t", 200.0, height, (100.0, 60.0))
    pieces = []
    for shape in shapes:
        if isinstance(shape, FilledPolygon):
            pieces += [pdf_ring(r, height) for r in shape.rings]
        else:
            alone.layers["ENGRAVE"] = [type(part.items("ENGRAVE")[0])(shape)]
            own = next(x for x in part_operators(alone).decode().splitlines() if x[:4] == "0 g ")
            pieces.append(own[4:-2])
    assert engrave == "0 g " + " ".join(pieces) + " f"


class _Forms:
    """Stands in for the PDF's objects: a form name and number per character."""

    def glyph(self, char: str) -> tuple[str, int]:
        return f"/G{ord(char) % 7}", 100 + ord(char) % 7


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("AbŒ9é"), coord, coord, st.floats(0.5, 20.0)),
        min_size=1,
        max_size=12,
    )
)
def test_pdf_glyph_lines_are_each_glyph_s_own(
    glyphs: list[tuple[str, float, float, float]],
) -> None:
    """A run of glyphs is written at once: the same line for each glyph as one by one,
    ``q S 0 0 S X Y cm /Gn Do Q`` with ``pdf_number``'s strings, and its form in the page's
    resources."""
    height = 297.0
    canvas = _Canvas(height, _Forms())  # type: ignore[arg-type]
    canvas.draw(tuple(Glyph(c, x, y, cap) for c, x, y, cap in glyphs))
    want = []
    for c, x, y, cap in glyphs:
        s = pdf_number(cap * PT_PER_MM)
        pen = f"{pdf_number(x * PT_PER_MM)} {pdf_number((height - y) * PT_PER_MM)}"
        want.append(f"q {s} 0 0 {s} {pen} cm /G{ord(c) % 7} Do Q")
    assert canvas.ops[1:] == ["\n".join(want)]
    assert canvas.xobjects == {f"/G{ord(c) % 7}": 100 + ord(c) % 7 for c, *_ in glyphs}


def test_a_ring_without_points_is_refused() -> None:
    """An empty ring has no path: refused, never written into its neighbours' numbers."""
    polygon = FilledPolygon((((1.0, 2.0), (3.0, 4.0)), ()))
    with pytest.raises(ValueError, match=r"^a ring without points in FilledPolygon$"):
        path_data(polygon)
    with pytest.raises(ValueError, match=r"^a ring without points in Polyline$"):
        path_data(Polyline((), False))
    part = Part("t", 10.0, 10.0, (5.0, 5.0))
    part.add("ENGRAVE", polygon)
    with pytest.raises(ValueError, match=r"^a ring without points in a filled polygon$"):
        part_operators(part)
