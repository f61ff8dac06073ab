"""The laser SVG (SPEC §1, §3): mm units, layer groups in order, true circles and arcs, no text."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from astrolabe_fab.design import Design
from astrolabe_fab.parts.layout import layout_for
from astrolabe_fab.parts.plate import plate_part
from astrolabe_fab.writers.svg import part_to_svg

SVG = "{http://www.w3.org/2000/svg}"
INK = "{http://www.inkscape.org/namespaces/inkscape}"


@pytest.fixture(scope="module", params=[38.9, -33.87, 0.0, 90.0])
def plate_svg(request: pytest.FixtureRequest) -> ET.Element:
    design = Design(request.param).validate()
    return ET.fromstring(part_to_svg(plate_part(design, layout_for(design))))


def test_units_are_mm_and_match_viewbox(plate_svg: ET.Element) -> None:
    w, h = plate_svg.get("width"), plate_svg.get("height")
    assert w.endswith("mm") and h.endswith("mm")
    vb = [float(v) for v in plate_svg.get("viewBox").split()]
    assert vb[:2] == [0, 0]
    assert math.isclose(vb[2], float(w[:-2])) and math.isclose(vb[3], float(h[:-2]))


def test_layers_in_spec_order(plate_svg: ET.Element) -> None:
    groups = [g for g in plate_svg if g.tag == SVG + "g"]
    ids = [g.get("id") for g in groups]
    assert ids[:4] == ["ENGRAVE", "SCORE", "CUT_INNER", "CUT_OUTER"]
    assert all(g.get(INK + "groupmode") == "layer" for g in groups)
    score = groups[1]
    assert float(score.get("stroke-width")) == pytest.approx(0.01)


def test_no_text_and_circles_are_true_circles_or_arcs(plate_svg: ET.Element) -> None:
    assert not list(plate_svg.iter(SVG + "text"))
    score = next(g for g in plate_svg if g.get("id") == "SCORE")
    circles = score.findall(SVG + "circle")
    arcs = [p for p in score.findall(SVG + "path") if "A" in p.get("d")]
    assert circles or arcs
    assert len(circles) + len(arcs) >= 10
    engrave = next(g for g in plate_svg if g.get("id") == "ENGRAVE")
    assert engrave.get("fill") == "#000000" and engrave.get("stroke") == "none"


def test_deterministic_output() -> None:
    design = Design(38.9, epoch=2026.0).validate()
    a = part_to_svg(plate_part(design, layout_for(design)))
    b = part_to_svg(plate_part(design, layout_for(design)))
    assert a == b
