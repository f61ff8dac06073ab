"""The quick pre-tests of ``clip_segment`` (label boxes by bounding square, circles wholly
around or beside a segment) change no piece: checked against the plain exact clipping, which
splits the segment at every boundary and tests every piece's midpoint against every region."""

from __future__ import annotations

import itertools
import math
import random

from astrolabe_fab.geometry.primitives import (
    MIN_PIECE_MM,
    Circle,
    Clip,
    Line,
    OutsideBox,
    Region,
    Segment,
    clip_segment,
    intersections,
)


def plain_clip_segment(segment: Segment, regions: list[Clip]) -> list[Segment]:
    """Exact clipping with no pre-test: cut at every boundary crossing, keep the pieces whose
    midpoint lies in every region, join pieces that touch."""
    line = Line.through(segment.p0, segment.p1)
    length = segment.length_mm
    params = [0.0, length]
    for region in regions:
        for boundary in region.boundaries:
            for p in intersections(line, boundary):
                u = line.param_of(p)
                if 0.0 < u < length:
                    params.append(u)
    params.sort()
    kept: list[tuple[float, float]] = []
    for u0, u1 in itertools.pairwise(params):
        if u1 - u0 < MIN_PIECE_MM:
            continue
        if all(r.contains(line.point_at((u0 + u1) / 2.0)) for r in regions):
            if kept and abs(kept[-1][1] - u0) < MIN_PIECE_MM:
                kept[-1] = (kept[-1][0], u1)
            else:
                kept.append((u0, u1))
    return [Segment(line.point_at(u0), line.point_at(u1)) for u0, u1 in kept]


def _box(rng: random.Random) -> OutsideBox:
    cx, cy = rng.uniform(-40, 40), rng.uniform(-40, 40)
    hw, hh, t = rng.uniform(0.5, 6), rng.uniform(0.5, 3), rng.uniform(0, math.pi)
    u, v = (math.cos(t), math.sin(t)), (-math.sin(t), math.cos(t))
    corners = tuple(
        (cx + su * hw * u[0] + sv * hh * v[0], cy + su * hw * u[1] + sv * hh * v[1])
        for su, sv in ((-1, -1), (1, -1), (1, 1), (-1, 1))
    )
    return OutsideBox(corners)  # type: ignore[arg-type]


def _close(a: list[Segment], b: list[Segment]) -> bool:
    """Same pieces; end points equal to 1e-9 mm (the plain clip also cuts at far box lines,
    whose pieces it joins again, which may move a joined end by rounding only)."""
    return len(a) == len(b) and all(
        math.dist(s.p0, t.p0) < 1e-9 and math.dist(s.p1, t.p1) < 1e-9
        for s, t in zip(a, b, strict=True)
    )


def test_pretests_keep_every_piece() -> None:
    rng = random.Random(18)
    differing = 0
    for _ in range(3000):
        regions: list[Clip] = [_box(rng) for _ in range(rng.randint(0, 12))]
        regions.append(Region(Circle(0.0, 0.0, rng.uniform(20, 60)), True))
        regions.append(Region(Circle(rng.uniform(-5, 5), rng.uniform(-5, 5), 3.0), False))
        p0 = (rng.uniform(-70, 70), rng.uniform(-70, 70))
        step = rng.choice((0.3, 3.0, 30.0, 120.0))
        p1 = (p0[0] + rng.uniform(-step, step), p0[1] + rng.uniform(-step, step))
        seg = Segment(p0, p1)
        fast, plain = clip_segment(seg, regions), plain_clip_segment(seg, regions)
        assert _close(fast, plain), (seg, fast, plain)
        differing += fast != plain
    assert differing < 30  # nearly always the very same floats


def test_segment_wholly_inside_a_hole_is_dropped_and_one_wholly_inside_the_plate_kept() -> None:
    plate = Region(Circle(0.0, 0.0, 50.0), True)
    hole = Region(Circle(0.0, 0.0, 5.0), False)
    assert clip_segment(Segment((-1.0, 0.0), (1.0, 0.0)), [plate, hole]) == []
    seg = Segment((10.0, 0.0), (20.0, 1.0))
    assert clip_segment(seg, [plate, hole]) == plain_clip_segment(seg, [plate, hole])
    assert clip_segment(Segment((60.0, 0.0), (70.0, 0.0)), [plate]) == []
