"""The cut order's nearest-point search: the very choice of numpy's argmin over every point left."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence

import numpy as np
import pytest

from astrolabe_fab.fabrication import nearest
from astrolabe_fab.fabrication.nearest import EntryGrid
from astrolabe_fab.fabrication.order import _Run, nearest_next
from astrolabe_fab.fabrication.shapes import shape_end
from astrolabe_fab.geometry.primitives import Circle, Contour, Segment
from astrolabe_fab.scene import Item


def brute_nearest(xs: list[float], ys: list[float], alive: list[bool], x: float, y: float) -> int:
    """The search as numpy states it: the distance to every point, the removed ones at infinity,
    the first least (``numpy.argmin``)."""
    d = np.hypot(np.asarray(xs) - x, np.asarray(ys) - y)
    d[~np.asarray(alive)] = np.inf
    return int(np.argmin(d))


def drain(xs: list[float], ys: list[float], queries: list[tuple[float, float]], rng: random.Random):
    """Ask the grid and the brute force at each query, removing one to three points after each
    answer (the answer among them), and compare every answer."""
    grid = EntryGrid(xs, ys)
    alive = [True] * len(xs)
    for x, y in queries:
        if not any(alive):
            break
        want = brute_nearest(xs, ys, alive, x, y)
        assert grid.nearest(x, y) == want, (x, y)
        others = [i for i, on in enumerate(alive) if on and i != want]
        gone = [want, *rng.sample(others, min(len(others), rng.randint(0, 2)))]
        grid.remove(gone)
        for i in gone:
            alive[i] = False
        assert grid.left == sum(alive)


def clustered(rng: random.Random, n: int) -> tuple[list[float], list[float]]:
    """Points along a few circles and lines (as a part's entries lie), some repeated exactly."""
    xs: list[float] = []
    ys: list[float] = []
    while len(xs) < n:
        kind = rng.random()
        if kind < 0.5:
            cx, cy, r = rng.uniform(0, 200), rng.uniform(0, 200), rng.uniform(1, 90)
            for k in range(rng.randint(4, 40)):
                t = 2.0 * math.pi * k / 40
                xs.append(cx + r * math.cos(t))
                ys.append(cy + r * math.sin(t))
        elif kind < 0.8:
            x0, y0, dx, dy = (rng.uniform(0, 200) for _ in range(4))
            for k in range(rng.randint(2, 30)):
                xs.append(x0 + 0.01 * k * dx)
                ys.append(y0 + 0.01 * k * dy)
        else:
            i = rng.randrange(len(xs)) if xs else None
            xs.append(xs[i] if i is not None else 1.0)
            ys.append(ys[i] if i is not None else 1.0)
    return xs[:n], ys[:n]


@pytest.mark.parametrize("seed", range(12))
def test_the_same_choice_as_argmin_on_clustered_points(seed: int) -> None:
    rng = random.Random(seed)
    xs, ys = clustered(rng, rng.choice([1, 2, 7, 60, 400]))
    queries = [(rng.uniform(-50, 250), rng.uniform(-50, 250)) for _ in range(len(xs))]
    # half the queries from a point itself (the head at the end of the last cut)
    queries = [q if k % 2 else (xs[k], ys[k]) for k, q in enumerate(queries)]
    drain(xs, ys, queries, rng)


@pytest.mark.parametrize("seed", range(6))
def test_the_same_choice_as_argmin_on_a_grid_of_exact_ties(seed: int) -> None:
    """Points on an integer lattice, asked from lattice points and half-way points: many
    points at exactly the same distance, and the first of them is the answer."""
    rng = random.Random(100 + seed)
    pts = [(float(i), float(j)) for i in range(12) for j in range(9)]
    rng.shuffle(pts)
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    queries = [(rng.randint(-3, 14) * 0.5, rng.randint(-3, 11) * 0.5) for _ in range(200)]
    drain(xs, ys, queries, rng)


def test_a_query_far_outside_and_points_on_one_line() -> None:
    rng = random.Random(7)
    xs = [5.0 + k for k in range(50)]
    ys = [3.0] * 50  # no height: the cells are still squares
    drain(xs, ys, [(-1000.0, 2000.0), (1e6, -1e6), (30.2, 3.0)] * 20, rng)
    one = EntryGrid([2.0, 2.0, 2.0], [4.0, 4.0, 4.0])  # one place: no width nor height
    assert one.nearest(-5.0, 100.0) == 0
    one.remove([0])
    assert one.nearest(9.0, 9.0) == 1


def test_near_ties_are_settled_by_numpys_hypot() -> None:
    """Two points whose squared distances differ by less than the tie window: the choice is
    numpy's, whichever comes first in the list."""
    d = 5.0
    for far_first in (False, True):
        near_pt, far_pt = (d, 0.0), (0.0, d * (1.0 + 3e-10))
        pts = [far_pt, near_pt] if far_first else [near_pt, far_pt]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        assert EntryGrid(xs, ys).nearest(0.0, 0.0) == brute_nearest(xs, ys, [True] * 2, 0.0, 0.0)
        assert EntryGrid(xs, ys).nearest(0.0, 0.0) == pts.index(near_pt)
    # exact ties at a distance: the first listed
    xs, ys = [0.0, 3.0, -3.0, 0.0], [-4.0, 4.0, -4.0, 5.0]
    assert EntryGrid(xs, ys).nearest(0.0, 0.0) == 0


def test_the_search_looks_past_the_ring_where_it_first_finds_a_point() -> None:
    """A point found in the head's own cell is not the answer when a nearer one lies in the
    next cell: the search goes on until no cell further out can hold a nearer point."""
    xs = [0.0, 20.0, 9.9, 4.9]  # 4 points over 20 x 10 mm: cells 5 mm wide
    ys = [0.0, 10.0, 5.0, 5.0]
    grid = EntryGrid(xs, ys)
    assert grid._size == 5.0
    # the head at (5.1, 5): point 2 shares its cell, 4.8 mm away; point 3, a cell to the left,
    # is 0.2 mm away
    assert grid.nearest(5.1, 5.0) == 3
    assert grid.nearest(9.8, 5.0) == 2


def test_the_grid_is_made_again_at_a_quarter_left_and_stays_right() -> None:
    rng = random.Random(11)
    xs, ys = clustered(rng, 300)
    grid = EntryGrid(xs, ys)
    builds: list[int] = []
    make = grid._build

    def logged(live: Sequence[int]) -> None:
        make(live)
        builds.append(grid._built)

    grid._build = logged  # type: ignore[method-assign]
    alive = [True] * len(xs)
    while grid.left:
        x, y = rng.uniform(0, 200), rng.uniform(0, 200)
        m = grid.nearest(x, y)
        assert m == brute_nearest(xs, ys, alive, x, y)
        grid.remove([m])
        alive[m] = False
    # made with 300 points, again when fewer than 300 // 4 are left (74), then 74 // 4 (17),
    # then 17 // 4 (3); never for the last
    assert builds == [74, 17, 3]


def test_cell_sizes() -> None:
    """About one point a cell over the points' box, times CELL; no cell narrower than the box
    shared out point by point, nor than 1e-9 mm."""
    lattice = EntryGrid(
        [float(i) for i in range(12) for _ in range(9)],
        [float(j) for _ in range(12) for j in range(9)],
    )
    side = nearest.CELL * math.sqrt(11.0 * 8.0 / 108)
    assert lattice._size == side
    assert (lattice._nx, lattice._ny) == (int(11.0 / side) + 1, int(8.0 / side) + 1)
    line = EntryGrid([0.0, 10.0], [0.0, 0.0])
    assert (line._size, line._nx, line._ny) == (5.0, 3, 1)
    assert EntryGrid([3.0], [4.0])._size == 1e-9


def test_ring_cells_are_the_grids_cells_at_that_chebyshev_distance() -> None:
    grid = EntryGrid([0.0, 10.0, 3.0], [0.0, 4.0, 7.0])
    nx, ny = grid._nx, grid._ny
    assert (nx, ny) >= (3, 3)
    for cx in range(-3, nx + 3):
        for cy in range(-3, ny + 3):
            for ring in range(nx + ny + 6):
                got = list(grid._ring(cx, cy, ring))
                want = {
                    (ix, iy)
                    for ix in range(nx)
                    for iy in range(ny)
                    if max(abs(ix - cx), abs(iy - cy)) == ring
                }
                assert len(got) == len(set(got)) and set(got) == want, (cx, cy, ring)


def rings_searched(grid: EntryGrid, x: float, y: float) -> list[int]:
    seen: list[int] = []
    walk = grid._ring

    def logged(cx: int, cy: int, ring: int) -> Iterator[tuple[int, int]]:
        seen.append(ring)
        return walk(cx, cy, ring)

    grid._ring = logged  # type: ignore[method-assign]
    grid.nearest(x, y)
    grid._ring = walk  # type: ignore[method-assign]
    return seen


def test_a_search_walks_from_the_first_ring_on_the_grid_to_where_nothing_nearer_is_left() -> None:
    """Two points 10 mm apart on a line: three cells 5 mm wide. A point of ring r + 1 lies at
    least r cells away, so the search stops after ring r once the nearest squared distance,
    widened by STOP, is below (5 r)^2, and not before."""
    line = EntryGrid([0.0, 10.0], [0.0, 0.0])
    assert rings_searched(line, 2.0, 0.0) == [0, 1]  # 2 mm found in ring 0, < 5 mm
    assert rings_searched(line, 5.0 * (1.0 - 1e-5), 0.0) == [0, 1]  # just below 5 mm
    assert rings_searched(line, 5.0 * (1.0 - 1e-7), 0.0) == [0, 1, 2]  # within the margin
    # from cell 8, the grid begins 6 cells away; point 1, 32 mm away, is in it, and ring 7
    # (30 mm and more) must be looked at too
    assert rings_searched(line, 42.0, 0.0) == [6, 7]
    assert rings_searched(line, 5.0, 40.0) == [8]  # cell (1, 8), the grid's row 0
    assert rings_searched(line, -12.0, -3.0) == [3]  # cell (-3, -1)
    # a 3 x 3 grid (cells 3.5 mm wide) asked from its middle: from ring 0 to its last ring
    square = EntryGrid([0.0, 10.0, 0.0, 10.0], [0.0, 0.0, 10.0, 10.0])
    assert (square._size, square._nx, square._ny) == (3.5, 3, 3)
    assert rings_searched(square, 5.0, 5.0) == [0, 1]
    # one point, in a cell 1e-9 mm wide: found in the one ring that holds the grid, which is
    # also the last (no ring beyond the grid's far corner is walked)
    for x, y in ((100.0, -7.0), (-100.0, 4.0), (3.0, -100.0), (3.0, 100.0)):
        assert len(rings_searched(EntryGrid([3.0], [4.0]), x, y)) == 1


def test_misuse_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^every point of an EntryGrid must be finite$"):
        EntryGrid([0.0, math.nan], [0.0, 0.0])
    with pytest.raises(ValueError, match=r"^every point of an EntryGrid must be finite$"):
        EntryGrid([0.0], [math.inf])
    with pytest.raises(ValueError, match="2 x but 1 y"):
        EntryGrid([0.0, 1.0], [0.0])
    grid = EntryGrid([0.0, 1.0], [0.0, 1.0])
    grid.remove([1])
    with pytest.raises(ValueError, match="already removed"):
        grid.remove([1])
    with pytest.raises(ValueError, match="already removed"):
        grid.remove([0, 0])  # refused whole: point 0 is still there
    assert grid.left == 1 and grid.nearest(5.0, 5.0) == 0
    grid.remove([0])
    with pytest.raises(ValueError, match=r"^no point is left$"):
        grid.nearest(0.0, 0.0)
    assert EntryGrid([], []).left == 0


def brute_order(runs: list[_Run], start: tuple[float, float]) -> list[Item]:
    """The cut order as the docstring states it, by numpy over every entry at every step."""
    entries = [(p, k, v) for k, run in enumerate(runs) for p, v in run.entries()]
    xs = [p[0] for p, _, _ in entries]
    ys = [p[1] for p, _, _ in entries]
    alive = [True] * len(entries)
    out: list[Item] = []
    pos = start
    for _ in runs:
        m = brute_nearest(xs, ys, alive, *pos)
        _, k, v = entries[m]
        items = runs[k].apply(v)
        out.extend(items)
        pos = shape_end(items[-1].shape)
        alive = [a and owner != k for a, (_, owner, _) in zip(alive, entries, strict=True)]
    return out


@pytest.mark.parametrize("seed", range(8))
def test_nearest_next_cuts_in_the_order_numpy_states(seed: int) -> None:
    """Open runs (either way), closed contours (at any piece) and circles, on a lattice so that
    entries coincide and tie: the same items in the same order as the brute force."""
    rng = random.Random(seed)

    def pt() -> tuple[float, float]:
        return float(rng.randint(0, 30)), float(rng.randint(0, 20))

    runs: list[_Run] = []
    for _ in range(rng.randint(1, 60)):
        kind = rng.random()
        if kind < 0.5:
            runs.append(_Run([Item(Segment(pt(), pt()), "normal")], False))
        elif kind < 0.8:
            a, b, c = pt(), pt(), pt()
            pieces = (Segment(a, b), Segment(b, c), Segment(c, a))
            runs.append(_Run([Item(Contour(pieces), "normal")], True))
        else:
            runs.append(_Run([Item(Circle(*pt(), rng.uniform(0.5, 3.0)), "normal")], True))
    start = pt()
    got, end = nearest_next(runs, start)
    want = brute_order(runs, start)
    assert [(it.shape, it.weight) for it in got] == [(it.shape, it.weight) for it in want]
    assert end == shape_end(want[-1].shape)


def test_nearest_next_of_nothing_stays_put() -> None:
    assert nearest_next([], (3.0, 4.0)) == ([], (3.0, 4.0))


def test_the_windows_are_ordered() -> None:
    """The stop margin must exceed the tie window, or a tied point could lie unseen."""
    assert 0.0 < nearest.TIE < nearest.STOP < 1e-3


def test_points_at_the_head_tie_as_numpy_says() -> None:
    """Several points at no distance, or at distances whose squares fall below the normal
    floats (1e-170 mm: numpy's hypot still tells them apart): numpy's choice."""
    for xs in ([0.0, 0.0, 0.0], [1e-170, 0.0, 3e-171], [5.0, 5.0 + 1e-170, 5.0]):
        ys = [0.0] * len(xs)
        x = xs[-1] if xs[0] == 5.0 else 0.0
        assert EntryGrid(xs, ys).nearest(x, 0.0) == brute_nearest(xs, ys, [True] * len(xs), x, 0.0)
