"""Path order: inner cuts first, chained ends, and at most half the travel of the raw files."""

from __future__ import annotations

import itertools
import math
import random
import xml.etree.ElementTree as ET

import pytest

from astrolabe_fab.fabrication.order import _depths, _Run, chain_runs, order_part, travel_mm
from astrolabe_fab.geometry.primitives import Circle, Contour, Segment
from astrolabe_fab.scene import Item, Part
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


# --------------------------------------------------------------------------- the pieces


def _square(x0: float, y0: float, side: float) -> Contour:
    """A closed square contour, anticlockwise on the page from (x0, y0)."""
    pts = [(x0, y0), (x0 + side, y0), (x0 + side, y0 + side), (x0, y0 + side)]
    return Contour(tuple(Segment(a, b) for a, b in zip(pts, pts[1:] + pts[:1], strict=True)))


def test_a_runs_entries_and_how_each_cuts_it() -> None:
    """An open run: entered at its start (as it is) or its end (reversed, items and shapes);
    a contour alone: at any piece's start, its pieces turned to begin there; any other closed
    run: at its start only. Weights stay with their shapes."""
    a, b = Segment((0.0, 0.0), (1.0, 0.0)), Segment((1.0, 0.0), (1.0, 2.0))
    run = _Run([Item(a, "fine"), Item(b, "heavy")], False)
    assert run.entries() == [((0.0, 0.0), 0), ((1.0, 2.0), 1)]
    assert run.apply(0) == run.items
    back = run.apply(1)
    assert [(it.shape, it.weight) for it in back] == [
        (b.reversed(), "heavy"),
        (a.reversed(), "fine"),
    ]
    square = _square(5.0, 5.0, 2.0)
    closed = _Run([Item(square, "heavy")], True)
    assert closed.entries() == [(p.start, 2 + k) for k, p in enumerate(square.pieces)]
    for k in range(4):
        (item,) = closed.apply(2 + k)
        assert item.weight == "heavy"
        assert item.shape.pieces == square.pieces[k:] + square.pieces[:k]  # type: ignore[union-attr]
    circle = _Run([Item(Circle(0.0, 0.0, 3.0), "fine")], True)
    assert circle.entries() == [((3.0, 0.0), 0)]
    two = _Run([Item(square), Item(_square(9.0, 9.0, 1.0))], True)  # not a lone contour
    assert two.entries() == [((5.0, 5.0), 0)]


def test_chain_runs_joins_open_paths_end_to_start_and_keeps_closed_ones_alone() -> None:
    pts = [(0.0, 0.0), (3.0, 0.0), (3.0, 4.0), (7.0, 4.0)]
    pieces = [Segment(p, q) for p, q in itertools.pairwise(pts)]
    items = [Item(pieces[1].reversed(), "heavy"), Item(Circle(20.0, 20.0, 1.0)), Item(pieces[0])]
    items.append(Item(pieces[2], "fine"))
    # an open piece ending where the circle starts (21, 20): a closed path is never chained
    items.append(Item(Segment((30.0, 30.0), (21.0, 20.0))))
    runs = chain_runs(items)
    open_runs = [r for r in runs if not r.closed]
    closed = [r for r in runs if r.closed]
    assert len(open_runs) == 2 and len(closed) == 1
    assert closed[0].items == [items[1]]
    assert [r.items for r in open_runs if len(r.items) == 1] == [[items[4]]]
    chain = next(r.items for r in open_runs if len(r.items) > 1)
    assert len(chain) == 3
    assert all(math.dist(x.shape.p1, y.shape.p0) < 1e-12 for x, y in itertools.pairwise(chain))  # type: ignore[union-attr]
    ends = {chain[0].shape.p0, chain[-1].shape.p1}  # type: ignore[union-attr]
    assert ends == {(0.0, 0.0), (7.0, 4.0)}
    assert sorted(it.weight for it in chain) == ["fine", "heavy", "normal"]
    # each piece keeps its weight, whichever way it is cut
    by_piece = {frozenset((it.shape.p0, it.shape.p1)): it.weight for it in chain}  # type: ignore[union-attr]
    assert by_piece[frozenset((pts[1], pts[2]))] == "heavy"
    assert by_piece[frozenset((pts[2], pts[3]))] == "fine"


def test_depths_count_the_closed_boxes_strictly_around_each_closed_run() -> None:
    runs = [
        _Run([Item(_square(0.0, 0.0, 100.0))], True),  # outermost
        _Run([Item(_square(10.0, 10.0, 50.0))], True),  # inside the first
        _Run([Item(_square(20.0, 20.0, 5.0))], True),  # inside both and the fifth
        _Run([Item(_square(10.0, 70.0, 20.0))], True),  # inside the first only
        _Run([Item(_square(0.0, 0.0, 30.0))], True),  # shares a corner with the first: not inside
        _Run([Item(Segment((30.0, 30.0), (31.0, 31.0)))], False),  # open: no depth
        _Run([Item(Circle(22.5, 22.5, 1.0))], True),  # inside the first three and the fifth
    ]
    assert _depths(runs) == [0, 1, 3, 1, 0, 0, 4]


def _rect(x0: float, y0: float, x1: float, y1: float) -> _Run:
    pts = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    pieces = tuple(Segment(a, b) for a, b in zip(pts, pts[1:] + pts[:1], strict=True))
    return _Run([Item(Contour(pieces))], True)


def test_a_box_sharing_one_side_with_another_is_not_inside_it() -> None:
    """Strictly inside means on all four sides: a rectangle (not a square, so that x and y
    are not confused) touching the outer one along any one side is not counted inside it."""
    outer = _rect(0.0, 0.0, 100.0, 60.0)
    inside = _rect(10.0, 5.0, 40.0, 20.0)
    for touching in (
        _rect(0.0, 5.0, 40.0, 20.0),  # the left side
        _rect(10.0, 0.0, 40.0, 20.0),  # the top
        _rect(10.0, 5.0, 100.0, 20.0),  # the right side
        _rect(10.0, 5.0, 40.0, 60.0),  # the bottom
    ):
        assert _depths([outer, touching]) == [0, 0]
    assert _depths([outer, inside]) == [0, 1]
    # an outer box lower down the page than it is wide (its top at y = 50, its left at 0)
    assert _depths([_rect(0.0, 50.0, 100.0, 200.0), _rect(10.0, 60.0, 40.0, 100.0)]) == [0, 1]
    # a tall box beside a wide one: neither holds the other
    assert _depths([_rect(0.0, 0.0, 10.0, 90.0), _rect(2.0, 2.0, 80.0, 8.0)]) == [0, 0]


def test_order_part_cuts_inner_closed_paths_first_then_from_where_the_last_ended() -> None:
    """Within a layer the deepest closed paths first (a hole before the outline around it);
    each layer starts where the last one ended; the other layers are left as they are."""
    part = Part("t", 200.0, 200.0, (100.0, 100.0))
    outer, hole = _square(0.0, 0.0, 100.0), _square(40.0, 40.0, 10.0)
    part.add("CUT_INNER", outer)
    part.add("CUT_INNER", hole)
    part.add("SCORE", Segment((90.0, 90.0), (45.0, 45.0)))
    part.add("ENGRAVE", Segment((1.0, 1.0), (2.0, 2.0)))
    part.add("ENGRAVE", Segment((9.0, 9.0), (3.0, 3.0)))
    ordered = order_part(part)
    assert ordered.items("ENGRAVE") == part.items("ENGRAVE")
    (score,) = ordered.items("SCORE")
    assert score.shape == Segment((45.0, 45.0), (90.0, 90.0))  # entered at the end nearer (0, 0)
    inner = [it.shape for it in ordered.items("CUT_INNER")]
    assert len(inner) == 2
    # the hole first, entered at its corner nearest where the score line ended (90, 90)
    assert set(inner[0].pieces) == set(hole.pieces)  # type: ignore[union-attr]
    assert inner[0].pieces[0].start == (50.0, 50.0)  # type: ignore[union-attr]
    # then the outline from the hole's end (50, 50): its four corners are equally far, and the
    # first listed is taken
    assert set(inner[1].pieces) == set(outer.pieces)  # type: ignore[union-attr]
    assert inner[1].pieces[0].start == (0.0, 0.0)  # type: ignore[union-attr]


def test_travel_is_the_pen_up_distance_from_each_end_to_the_next_start() -> None:
    shapes = [
        Segment((3.0, 4.0), (6.0, 4.0)),
        Circle(10.0, 4.0, 1.0),
        Segment((11.0, 8.0), (0.0, 8.0)),
    ]
    # origin -> (3, 4): 5; (6, 4) -> (11, 4): 5; (11, 4) -> (11, 8): 4
    assert math.isclose(travel_mm(shapes), 14.0)
    assert math.isclose(travel_mm(shapes, start=(3.0, 4.0)), 9.0)
    assert travel_mm([]) == 0.0
