"""Cut hygiene: no overlapping cut length, every cut contour closed (checked independently)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import shapely

from astrolabe_fab.fabrication.hygiene import clean_part
from astrolabe_fab.geometry.primitives import Arc, Circle, Contour, Polyline, Segment
from astrolabe_fab.scene import Part
from tests.fabrication.helpers import LATITUDES, ready_parts


def _piece_points(piece: object, step: float) -> np.ndarray:
    """Points along an elementary piece every ``step`` mm (written here, not the package's)."""
    if isinstance(piece, Segment):
        n = max(2, math.ceil(math.dist(piece.p0, piece.p1) / step) + 1)
        t = np.linspace(0.0, 1.0, n)
        return np.column_stack(
            [
                piece.p0[0] + t * (piece.p1[0] - piece.p0[0]),
                piece.p0[1] + t * (piece.p1[1] - piece.p0[1]),
            ]
        )
    if isinstance(piece, Circle):
        piece = Arc(piece.cx, piece.cy, piece.r, 0.0, 2 * math.pi)
    n = max(3, math.ceil(abs(piece.sweep_rad) * piece.r / step) + 1)
    t = piece.start_rad + np.linspace(0.0, piece.sweep_rad, n)
    return np.column_stack([piece.cx + piece.r * np.cos(t), piece.cy + piece.r * np.sin(t)])


def _pieces(shape: object) -> list[object]:
    if isinstance(shape, Contour):
        return list(shape.pieces)
    if isinstance(shape, Polyline):
        pts = [*shape.points, shape.points[0]] if shape.closed else list(shape.points)
        return [Segment(a, b) for a, b in itertools.pairwise(pts)]
    return [shape]


def overlap_length_mm(
    shapes: list[object], tol: float = 0.002, step: float = 0.05, end_gap: float = 0.02
) -> float:
    """Length of cut lines lying within ``tol`` of another piece: points every ``step`` along
    each piece (``end_gap`` clear of its ends, where joined pieces meet) that have another piece
    within ``tol``. Pieces are sampled polylines with a chord error below 0.0005 mm."""
    pieces = [p for s in shapes for p in _pieces(s)]
    lines = []
    for p in pieces:
        r = getattr(p, "r", None)
        fine = 0.05 if r is None else min(0.5, math.sqrt(8.0 * r * 0.0005))
        lines.append(shapely.linestrings(_piece_points(p, fine)))
    tree = shapely.STRtree(lines)
    points, owners = [], []
    for k, p in enumerate(pieces):
        pts = _piece_points(p, step)
        along = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(pts, axis=0).T))])
        keep = (along > end_gap) & (along < along[-1] - end_gap)
        if isinstance(p, Circle):
            keep[:] = True
        points.append(pts[keep])
        owners.append(np.full(int(keep.sum()), k))
    pts_all, own_all = np.concatenate(points), np.concatenate(owners)
    idx_pts, idx_geom = tree.query(shapely.points(pts_all), predicate="dwithin", distance=tol)
    hit = np.unique(idx_pts[idx_geom != own_all[idx_pts]])
    return len(hit) * step


def _closed(shape: object) -> bool:
    if isinstance(shape, Circle):
        return True
    if isinstance(shape, Polyline):
        return shape.closed
    if isinstance(shape, Contour):
        ps = shape.pieces
        return all(
            math.dist(ps[i].end, ps[(i + 1) % len(ps)].start) <= 0.01 for i in range(len(ps))
        )
    return False


@pytest.mark.parametrize("lat", LATITUDES)
def test_no_overlapping_cut_length_and_closed_cuts(lat: float) -> None:
    for part in ready_parts(lat):
        cuts = [it.shape for layer in ("CUT_INNER", "CUT_OUTER") for it in part.items(layer)]
        assert cuts, part.name
        assert all(_closed(s) for s in cuts), part.name
        assert overlap_length_mm(cuts) < 0.01, part.name


def test_overlap_measure_sees_duplicates() -> None:
    """The independent measure is able to fail: a doubled circle overlaps over its length."""
    c = Circle(0.0, 0.0, 10.0)
    assert overlap_length_mm([c, c]) > 100.0
    assert overlap_length_mm([Segment((0, 0), (10, 0)), Segment((5, 0), (20, 0))]) > 9.0


def test_clean_removes_duplicates_and_partial_overlaps() -> None:
    part = Part("t", 100.0, 100.0, (50.0, 50.0))
    part.add("CUT_OUTER", Circle(50.0, 50.0, 40.0))
    part.add("CUT_OUTER", Circle(50.0, 50.0 + 0.004, 40.0))  # within 0.01 mm: a duplicate
    part.add("CUT_INNER", Circle(50.0, 50.0, 3.0))
    # a square hole drawn as four segments, one of them twice and one half-overlapping
    sq = [(40.0, 40.0), (60.0, 40.0), (60.0, 60.0), (40.0, 60.0)]
    for a, b in zip(sq, sq[1:] + sq[:1], strict=True):
        part.add("CUT_INNER", Segment(a, b))
    part.add("CUT_INNER", Segment((60.0, 40.0), (40.0, 40.0)))  # reversed duplicate
    part.add("CUT_INNER", Segment((50.0, 60.0), (30.0, 60.0)))  # sticks out 10 mm
    # score arcs overlapping each other and the outline
    part.add("SCORE", Arc(50.0, 50.0, 30.0, 0.0, math.pi))
    part.add("SCORE", Arc(50.0, 50.0, 30.0, math.pi / 2.0, math.pi))
    part.add("SCORE", Arc(50.0, 50.0, 40.0, 0.0, 1.0))  # lies on the outer cut
    cleaned, report = clean_part(part)
    outer = [it.shape for it in cleaned.items("CUT_OUTER")]
    inner = [it.shape for it in cleaned.items("CUT_INNER")]
    score = [it.shape for it in cleaned.items("SCORE")]
    assert outer == [Circle(50.0, 50.0, 40.0)]
    assert overlap_length_mm(outer + inner) < 0.01
    assert math.isclose(
        sum(s.length_mm for s in inner), 2 * math.pi * 3 + 80.0 + 10.0, abs_tol=1e-6
    )
    closed = [s for s in inner if isinstance(s, Contour)]
    assert len(closed) == 1 and math.isclose(closed[0].length_mm, 80.0, abs_tol=1e-6)
    assert math.isclose(sum(s.length_mm for s in score), 30.0 * 1.5 * math.pi, abs_tol=1e-6)
    assert report.removed_mm > 0


def test_near_closed_cut_chain_is_closed() -> None:
    part = Part("t", 50.0, 50.0, (25.0, 25.0))
    pts = [(10.0, 10.0), (40.0, 10.0), (40.0, 40.0), (10.0, 40.0), (10.0, 10.03)]
    for a, b in itertools.pairwise(pts):
        part.add("CUT_OUTER", Segment(a, b))
    part.add("CUT_OUTER", Segment((10.0, 10.0), (40.0, 10.0)))  # duplicate forces cleaning
    cleaned, report = clean_part(part)
    (shape,) = [it.shape for it in cleaned.items("CUT_OUTER")]
    assert _closed(shape) and report.open_cuts == 0
