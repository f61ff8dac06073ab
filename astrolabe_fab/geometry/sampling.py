"""Sampling of the few curves that are not circles, to a guaranteed chord error."""

from __future__ import annotations

import math
from collections.abc import Callable

from .primitives import Point

#: Chord error bound for sampled curves, mm (SPEC §1 asks for less than 0.01 mm).
CHORD_TOLERANCE_MM = 0.005


def sample_curve(
    curve: Callable[[float], Point],
    u0: float,
    u1: float,
    tolerance_mm: float = CHORD_TOLERANCE_MM,
    min_pieces: int = 8,
    max_depth: int = 18,
) -> list[Point]:
    """Points of a smooth parametric curve on [u0, u1] with chord error below the tolerance.

    Recursive bisection: a piece is split while the curve's points at 1/4, 1/2 and 3/4 of it
    stray from its chord by more than the tolerance (checked on ``min_pieces`` starting pieces,
    so that a curve that comes back to its chord is not missed). A half's middle is its
    piece's quarter point (the same parameter, computed alike): it is handed down, not
    computed again.
    """
    us = [u0 + (u1 - u0) * k / min_pieces for k in range(min_pieces + 1)]
    pts = [curve(u) for u in us]
    out: list[Point] = [pts[0]]
    for k in range(min_pieces):
        _refine(curve, us[k], pts[k], us[k + 1], pts[k + 1], tolerance_mm, max_depth, out)
    return out


def _refine(
    curve: Callable[[float], Point],
    ua: float,
    pa: Point,
    ub: float,
    pb: Point,
    tol: float,
    depth: int,
    out: list[Point],
    pm: Point | None = None,
) -> None:
    """Append the points after ``pa`` up to ``pb`` of the piece [ua, ub]; ``pm``: the curve at
    its middle, when already known."""
    um = (ua + ub) / 2.0
    if pm is None:
        pm = curve(um)
    p1, p3 = curve((ua + um) / 2.0), curve((um + ub) / 2.0)
    worst = max(
        _distance_to_chord(pm, pa, pb),
        _distance_to_chord(p1, pa, pb),
        _distance_to_chord(p3, pa, pb),
    )
    if depth > 0 and worst > tol:
        _refine(curve, ua, pa, um, pm, tol, depth - 1, out, p1)
        _refine(curve, um, pm, ub, pb, tol, depth - 1, out, p3)
    else:
        out.append(pb)


def _distance_to_chord(p: Point, a: Point, b: Point) -> float:
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    length2 = dx * dx + dy * dy
    if length2 == 0.0:
        return math.dist(p, a)
    t = max(0.0, min(1.0, ((p[0] - ax) * dx + (p[1] - ay) * dy) / length2))
    return math.dist(p, (ax + t * dx, ay + t * dy))
