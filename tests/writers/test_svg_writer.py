"""The SVG writer's document, read back with ElementTree: its header and layers, each line's
width by its weight in both looks, the background, and arcs written as ``A`` commands that a
reader turns back into the same arc.

The reference values are the style's own (``DrawStyle.stroke_width``) and the geometry of the
shapes given; the arcs are checked by recovering each piece's centre from its end points and
radius, as an SVG reader does (SVG 1.1, appendix F.6.5).
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest

from astrolabe_fab.geometry.primitives import Arc, Circle, Contour, FilledPolygon, Segment
from astrolabe_fab.scene import LAYERS, Part
from astrolabe_fab.writers.style import HAIRLINE_MM, PREVIEW_CUT_MM, PREVIEW_WIDTH_MM, DrawStyle
from astrolabe_fab.writers.svg import arc_command, part_to_svg, path_data

SVG = "{http://www.w3.org/2000/svg}"


def sample_part(guide: bool = False) -> Part:
    part = Part("t", 120.0, 80.0, (60.0, 40.0))
    part.add("SCORE", Segment((1.0, 2.0), (3.0, 4.0)), "fine")
    part.add("SCORE", Segment((5.0, 6.0), (7.0, 8.0)), "normal")
    part.add("SCORE", Circle(60.0, 40.0, 12.345678), "heavy")
    part.add("ENGRAVE", FilledPolygon((((0.0, 0.0), (1.0, 0.0), (0.0, 1.0)),)), "heavy")
    part.add("CUT_OUTER", Circle(60.0, 40.0, 39.0), "heavy")
    if guide:
        part.add("GUIDE", Segment((0.0, 0.0), (10.0, 0.0)))
    return part


def groups(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {g.get("id", ""): g for g in root.findall(f"{SVG}g")}


def test_header_size_and_closing() -> None:
    svg = part_to_svg(sample_part())
    assert svg.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    assert svg.endswith("</g>\n</svg>\n")
    root = ET.fromstring(svg)
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == (
        "120mm",
        "80mm",
        "0 0 120 80",
    )
    assert svg.count("<g ") == svg.count("</g>") == len(LAYERS) - 1  # no empty GUIDE


def test_guide_layer_only_when_it_has_lines() -> None:
    assert list(groups(part_to_svg(sample_part()))) == [x for x in LAYERS if x != "GUIDE"]
    assert list(groups(part_to_svg(sample_part(guide=True)))) == list(LAYERS)
    empty = Part("t", 10.0, 10.0, (5.0, 5.0))
    assert list(groups(part_to_svg(empty))) == [x for x in LAYERS if x != "GUIDE"]


@pytest.mark.parametrize("preview", [False, True])
def test_each_line_has_its_weight_s_width(preview: bool) -> None:
    """A layer's group carries the width of its normal lines; a line of another weight says
    its own; filled glyphs carry none (they are filled, not stroked)."""
    style = DrawStyle(preview=preview)
    found = groups(part_to_svg(sample_part(), style))
    score = found["SCORE"]
    assert float(score.get("stroke-width", "nan")) == style.stroke_width("SCORE", "normal")
    assert (score.get("stroke-linecap"), score.get("stroke-linejoin")) == ("round", "round")
    widths = [e.get("stroke-width") for e in score]
    if preview:
        assert widths == [str(PREVIEW_WIDTH_MM["fine"]), None, str(PREVIEW_WIDTH_MM["heavy"])]
    else:
        assert widths == [None, None, None]  # every laser line is a hairline
        assert float(score.get("stroke-width", "nan")) == HAIRLINE_MM
    engrave = found["ENGRAVE"]
    assert engrave.get("stroke") == "none" and engrave.get("fill-rule") == "nonzero"
    assert [e.get("stroke-width") for e in engrave] == [None]
    cut = found["CUT_OUTER"]
    assert float(cut.get("stroke-width", "nan")) == (PREVIEW_CUT_MM if preview else HAIRLINE_MM)
    assert [e.get("stroke-width") for e in cut] == [None]


def test_background_only_when_asked() -> None:
    assert "<rect" not in part_to_svg(sample_part())
    svg = part_to_svg(sample_part(), DrawStyle(preview=True, background=True))
    rect = ET.fromstring(svg).find(f"{SVG}rect")
    assert rect is not None
    assert [rect.get(k) for k in ("x", "y", "width", "height", "fill")] == [
        "0",
        "0",
        "120",
        "80",
        "#FFFFFF",
    ]


def test_circles_are_circles_to_four_decimals() -> None:
    score = groups(part_to_svg(sample_part()))["SCORE"]
    circle = score.find(f"{SVG}circle")
    assert circle is not None
    assert [circle.get(k) for k in ("cx", "cy", "r")] == ["60", "40", "12.3457"]


def _arc_pieces(data: str) -> list[tuple[float, float, int, float, float]]:
    """(rx, ry, sweep flag, x, y) of every A command."""
    return [
        (float(a), float(b), int(s), float(x), float(y))
        for a, b, s, x, y in re.findall(
            r"A([-\d.]+),([-\d.]+) 0 0,([01]) ([-\d.]+),([-\d.]+)", data
        )
    ]


def _reader_centre(
    p0: tuple[float, float], p1: tuple[float, float], r: float, sweep_flag: int
) -> tuple[float, float]:
    """The centre an SVG reader finds for ``A r,r 0 0,sweep_flag`` from p0 to p1 (SVG 1.1,
    F.6.5, no rotation, the small arc): on the side of the chord the flags say."""
    x1, y1 = (p0[0] - p1[0]) / 2.0, (p0[1] - p1[1]) / 2.0
    coef = math.sqrt(max(0.0, (r * r - x1 * x1 - y1 * y1) / (x1 * x1 + y1 * y1)))
    if sweep_flag == 0:  # the large-arc flag is 0: the sign is + when the flags differ
        coef = -coef
    return (coef * y1 + (p0[0] + p1[0]) / 2.0, -coef * x1 + (p0[1] + p1[1]) / 2.0)


@pytest.mark.parametrize("sweep", [0.3, -0.3, 2.3, -2.3, 2.4, 4.0, -5.0, 2 * math.pi - 0.01])
def test_arcs_are_written_as_pieces_of_at_most_three_quarters_of_pi(sweep: float) -> None:
    arc = Arc(10.0, 20.0, 7.5, 0.4, sweep)
    data = path_data(arc)
    assert re.fullmatch(r"M[-\d.]+,[-\d.]+( A[-\d.,]+ 0 0,[01] [-\d.]+,[-\d.]+)+", data)
    assert data.count("A") == len(_arc_pieces(data))
    pieces = _arc_pieces(data)
    assert len(pieces) == max(1, math.ceil(abs(sweep) / (0.75 * math.pi)))
    x, y = (float(v) for v in data[1 : data.index(" ")].split(","))
    for k, (rx, ry, flag, ex, ey) in enumerate(pieces, start=1):
        assert rx == ry == 7.5
        assert flag == (1 if sweep > 0 else 0)
        want = arc.point_at(arc.start_rad + sweep * k / len(pieces))
        assert math.dist((ex, ey), want) < 1e-4
        assert math.dist(_reader_centre((x, y), (ex, ey), rx, flag), arc.center) < 1e-3
        x, y = ex, ey
    assert arc_command(arc) == data[data.index(" ") + 1 :]


def test_a_contour_is_one_closed_path() -> None:
    arc = Arc(0.0, 0.0, 5.0, 0.0, math.pi / 2)
    contour = Contour((arc, Segment(arc.end, (0.0, 0.0)), Segment((0.0, 0.0), arc.start)))
    data = path_data(contour)
    assert data == f"M5,0 {arc_command(arc)} L0,0 L5,0 Z"
    with pytest.raises(TypeError, match="no path data for object"):
        path_data(object())  # type: ignore[arg-type]
