"""Path order: inner cuts first, chained ends, and at most half the travel of the raw files."""

from __future__ import annotations

import itertools
import math
import random
import xml.etree.ElementTree as ET

import pytest

from astrolabe_fab.fabrication.order import order_part
from astrolabe_fab.geometry.primitives import Circle, Segment
from astrolabe_fab.scene import Part
from astrolabe_fab.writers.svg import part_to_svg
from tests.fabrication.helpers import LATITUDES, parse_path, raw_parts, ready_parts

SVG = "{http://www.w3.org/2000/svg}"


def svg_travel_mm(svg_text: str) -> float:
    """Pen-up length of an SVG's vector layers in document order, from the origin: each path
    or circle read from the file (a circle starts at (cx + r, cy), SVG 2 §9.3)."""
    root = ET.fromstring(svg_text)
    pos, total = (0.0, 0.0), 0.0
    for g in root.findall(f"{SVG}g"):
        if g.get("id") not in ("SCORE", "CUT_INNER", "CUT_OUTER"):
            continue
        for el in g:
            if el.tag == f"{SVG}circle":
                start = (float(el.get("cx")) + float(el.get("r")), float(el.get("cy")))
                end = start
            else:
                subpaths = parse_path(el.get("d"))
                start, end = subpaths[0][0], subpaths[-1][-1]
            total += math.dist(pos, start)
            pos = end
    return total


def _by_name(parts: tuple[Part, ...], prefix: str) -> Part:
    return next(p for p in parts if p.name.startswith(prefix))


@pytest.mark.parametrize("lat", LATITUDES)
@pytest.mark.parametrize("prefix", ["plate", "mater-back"])
def test_travel_after_ordering_is_at_most_half(lat: float, prefix: str) -> None:
    before = svg_travel_mm(part_to_svg(_by_name(raw_parts(lat), prefix)))
    after = svg_travel_mm(part_to_svg(_by_name(ready_parts(lat), prefix)))
    assert after <= 0.5 * before, (prefix, before, after)


@pytest.mark.parametrize("lat", LATITUDES)
def test_inner_cuts_come_before_the_outer_cut(lat: float) -> None:
    for part in ready_parts(lat):
        root = ET.fromstring(part_to_svg(part))
        ids = [g.get("id") for g in root.findall(f"{SVG}g")]
        assert ids.index("CUT_INNER") < ids.index("CUT_OUTER")


def test_nearest_next_orders_shuffled_segments_along_a_line() -> None:
    part = Part("t", 200.0, 20.0, (100.0, 10.0))
    segs = [Segment((10.0 * k + 1.0, 10.0), (10.0 * k + 9.0, 10.0)) for k in range(15)]
    random.Random(4).shuffle(segs)
    segs = [s if k % 2 else s.reversed() for k, s in enumerate(segs)]
    part.extend("SCORE", segs)
    ordered = order_part(part)
    xs = [it.shape.p0[0] for it in ordered.items("SCORE")]
    assert xs == sorted(xs)
    assert all(it.shape.p1[0] > it.shape.p0[0] for it in ordered.items("SCORE"))
    # travel: from the origin to x = 1, then 2 mm per gap
    assert math.isclose(svg_travel_mm(part_to_svg(ordered)), math.hypot(1.0, 10.0) + 14 * 2.0)


def test_chained_pieces_follow_end_to_start() -> None:
    part = Part("t", 50.0, 50.0, (25.0, 25.0))
    pts = [(5.0, 5.0), (20.0, 5.0), (20.0, 30.0), (45.0, 30.0)]
    pieces = [Segment(a, b) for a, b in itertools.pairwise(pts)]
    part.extend("SCORE", [pieces[2], pieces[0].reversed(), pieces[1]])
    part.add("SCORE", Circle(40.0, 10.0, 2.0))
    items = order_part(part).items("SCORE")
    chain = [it.shape for it in items if isinstance(it.shape, Segment)]
    assert len(chain) == 3
    assert all(math.dist(a.p1, b.p0) < 1e-12 for a, b in itertools.pairwise(chain))
