"""Page plans as data: tiles cover the part with the stated overlap, and the calibration square
of every page touches nothing of the drawing (checked on points sampled here from the part's
primitives with shapely, not with the planner's own index)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely

from astrolabe_fab.geometry.primitives import Arc, Circle, FilledPolygon, Polyline, Segment
from astrolabe_fab.paper.tiling import (
    CAL_MM,
    MARGIN_MM,
    OVERLAP_MM,
    PAPER_MM,
    PartPlan,
    plan_part,
)
from astrolabe_fab.scene import Part
from tests.fabrication.helpers import ready_parts


def _points(part: Part) -> np.ndarray:
    """Points every ~0.5 mm along everything drawn (GUIDE excluded), in part mm."""
    out: list[tuple[float, float]] = []
    for layer in ("ENGRAVE", "SCORE", "CUT_INNER", "CUT_OUTER"):
        for it in part.items(layer):
            s = it.shape
            if isinstance(s, Circle):
                s = Arc(s.cx, s.cy, s.r, 0.0, 2.0 * math.pi)
            if isinstance(s, Arc):
                n = max(2, math.ceil(abs(s.sweep_rad) * s.r / 0.5))
                out += [s.point_at(s.start_rad + s.sweep_rad * k / n) for k in range(n + 1)]
            elif isinstance(s, Segment):
                out += [s.p0, s.p1]
            elif isinstance(s, Polyline):
                out += list(s.points)
            elif isinstance(s, FilledPolygon):
                out += [p for ring in s.rings for p in ring]
    return np.asarray(out, dtype=float)


def _view(points: np.ndarray, plan: PartPlan) -> np.ndarray:
    if not plan.rotated:
        return points
    return np.column_stack([plan.part.height_mm - points[:, 1], points[:, 0]])


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_tiles_cover_the_part_overlap_and_keep_the_square_clear(paper: str) -> None:
    pw, ph = PAPER_MM[paper]
    for part in ready_parts(38.9):
        plan = plan_part(part, (pw, ph))
        pts = _view(_points(part), plan)
        windows = [shapely.box(*t.window) for t in plan.tiles]
        # every drawn point is on some tile
        covered = shapely.union_all(windows)
        assert covered.buffer(1e-6).contains(shapely.multipoints(pts)), part.name
        # neighbours in a row overlap by exactly the stated overlap
        for a in plan.tiles:
            for b in plan.tiles:
                if a.row == b.row and b.col == a.col + 1:
                    assert a.window[2] - b.window[0] == pytest.approx(OVERLAP_MM)
        for t in plan.tiles:
            # the square is on the page, inside the margins
            x, y = t.cal_xy
            assert x >= MARGIN_MM - 1e-9 and x + CAL_MM <= pw - MARGIN_MM + 1e-9
            assert y >= MARGIN_MM - 1e-9 and y + CAL_MM <= ph - MARGIN_MM + 1e-9
            # ... and nothing of the part printed on this page falls inside it
            ax, ay = t.area_xy
            x0, y0, x1, y1 = t.window
            on_page = pts[
                (pts[:, 0] >= x0) & (pts[:, 0] <= x1) & (pts[:, 1] >= y0) & (pts[:, 1] <= y1)
            ]
            page_pts = on_page - [x0, y0] + [ax, ay]
            inside = (
                (page_pts[:, 0] > x)
                & (page_pts[:, 0] < x + CAL_MM)
                & (page_pts[:, 1] > y)
                & (page_pts[:, 1] < y + CAL_MM)
            )
            assert not inside.any(), (part.name, t.label)


def test_a_small_part_is_one_page_and_a_big_one_is_tiled() -> None:
    parts = {p.name: p for p in ready_parts(38.9)}
    assert len(plan_part(parts["rule"], PAPER_MM["a4"]).tiles) == 1
    big = plan_part(parts["mater-front"], PAPER_MM["a4"])
    assert len(big.tiles) >= 2
    assert sorted(t.label for t in big.tiles)[0] == "A1"
