"""The nearest of a set of points that shrinks: the cut order's search (``order.nearest_next``).

``order.nearest_next`` asks, once for every run it cuts, which entry point left is nearest the
laser head, then removes the run's entries. Asking numpy for the distance to every point each
time costs time in the square of the points (a mater back has 2,600 entries: 1,300 searches of
2,600 distances). ``EntryGrid`` keeps the points in square cells, about one a cell, and looks
at the cells ring by ring round the head until no cell further out can hold a nearer point: a
point in ring r + 1 (Chebyshev distance in cells from the head's cell) lies at least r cells'
widths away. When the points left fall to a quarter of those the grid was made with, it is
made again with cells for the points left, so that a search never walks through many empty
cells for long.

The answer is the very point ``argmin(numpy.hypot(xs - x, ys - y))`` over the points left
would give, ties to the lowest index: distances are compared as sums of squares, and when
another point comes within a relative ``TIE`` of the nearest one (far above rounding, so
outside it the two orders agree), numpy's own ``hypot`` of those points decides. This holds
for coordinates whose differences' squares neither overflow nor fall below the normal floats
(a part's millimetres are far from both).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence

import numpy as np

#: Relative window of squared distances within which two points count as tied (then numpy's
#: ``hypot`` decides); rounding of a sum of squares is about 1e-16.
TIE = 1e-8
#: A search stops at ring r once the nearest squared distance is below (r cells)^2 by this
#: relative margin (far above the rounding of a point's cell).
STOP = 1e-6
#: A cell's side in units of the side that would hold one point each if the points were spread
#: evenly over their bounding box: the entries lie along the part's lines, closer than that,
#: and 0.5-1 was fastest on the cut layers of a mater, a rete and a plate (0.3 and 2 slower).
CELL = 0.7


class EntryGrid:
    """Points (``xs[i]``, ``ys[i]``), all finite, in square cells; ``nearest`` and ``remove``."""

    def __init__(self, xs: Sequence[float], ys: Sequence[float]) -> None:
        if len(xs) != len(ys):
            raise ValueError(f"{len(xs)} x but {len(ys)} y")
        if not all(map(math.isfinite, [*xs, *ys])):
            raise ValueError("every point of an EntryGrid must be finite")
        self._xs, self._ys = list(xs), list(ys)
        self.left = len(self._xs)
        self._build(range(self.left))

    def _build(self, live: Sequence[int]) -> None:
        """Cells for the points ``live`` (increasing indices; ``CELL``; at least 1e-9 mm wide,
        and at most one more cell along a side than points). A point is left while it has a
        cell (``_cell_of``)."""
        self._built = len(live)
        self._cells: dict[tuple[int, int], list[int]] = {}
        self._cell_of: dict[int, tuple[int, int]] = {}
        if not live:
            return
        xs, ys = [self._xs[i] for i in live], [self._ys[i] for i in live]
        self._x0, self._y0 = min(xs), min(ys)
        w, h = max(xs) - self._x0, max(ys) - self._y0
        size = max(CELL * math.sqrt(w * h / len(live)), max(w, h) / len(live), 1e-9)
        self._size = size
        self._nx, self._ny = int(w / size) + 1, int(h / size) + 1
        for i in live:  # in increasing order: each cell's list stays sorted
            key = (int((self._xs[i] - self._x0) / size), int((self._ys[i] - self._y0) / size))
            self._cells.setdefault(key, []).append(i)
            self._cell_of[i] = key

    def remove(self, indices: Sequence[int]) -> None:
        """Take these points out (each once); the grid is made again at a quarter left."""
        if len(set(indices)) != len(indices) or not all(i in self._cell_of for i in indices):
            raise ValueError(f"a point of {list(indices)} was already removed")
        for i in indices:
            self._cells[self._cell_of.pop(i)].remove(i)
            self.left -= 1
        if self.left and self.left < self._built // 4:
            self._build(sorted(self._cell_of))

    def nearest(self, x: float, y: float) -> int:
        """The index of the point left nearest (x, y) (a finite point), ties to the lowest."""
        if not self.left:
            raise ValueError("no point is left")
        size = self._size
        cx = math.floor((x - self._x0) / size)
        cy = math.floor((y - self._y0) / size)
        # from the first ring that meets the grid to the one that holds its far corner
        ring = max(0, -cx, cx - self._nx + 1, -cy, cy - self._ny + 1)
        last = max(cx, self._nx - 1 - cx, cy, self._ny - 1 - cy)
        best = math.inf
        seen: list[tuple[float, int]] = []
        xs, ys, cells = self._xs, self._ys, self._cells
        while ring <= last:
            for key in self._ring(cx, cy, ring):
                for i in cells.get(key, ()):
                    dx, dy = xs[i] - x, ys[i] - y
                    d2 = dx * dx + dy * dy
                    seen.append((d2, i))
                    if d2 < best:
                        best = d2
            reach = ring * size  # every point not seen yet lies at least this far away
            if best * (1.0 + STOP) < reach * reach:
                break
            ring += 1
        tied = sorted(i for d2, i in seen if d2 <= best * (1.0 + TIE))
        if len(tied) == 1:
            return tied[0]
        return _hypot_first(tied, [xs[i] - x for i in tied], [ys[i] - y for i in tied])

    def _ring(self, cx: int, cy: int, ring: int) -> Iterator[tuple[int, int]]:
        """The grid's cells at Chebyshev distance ``ring`` from cell (cx, cy)."""
        if ring == 0:
            if 0 <= cx < self._nx and 0 <= cy < self._ny:
                yield cx, cy
            return
        x_lo, x_hi = max(cx - ring, 0), min(cx + ring, self._nx - 1)
        for iy in (cy - ring, cy + ring):
            if 0 <= iy < self._ny:
                for ix in range(x_lo, x_hi + 1):
                    yield ix, iy
        y_lo, y_hi = max(cy - ring + 1, 0), min(cy + ring - 1, self._ny - 1)
        for ix in (cx - ring, cx + ring):
            if 0 <= ix < self._nx:
                for iy in range(y_lo, y_hi + 1):
                    yield ix, iy


def _hypot_first(indices: list[int], dx: list[float], dy: list[float]) -> int:
    """Of these points (in increasing index order, at offsets ``dx``, ``dy`` from the head),
    the first at the least ``numpy.hypot`` distance: numpy's hypot gives each element the same
    number whatever the array it is in (the C library's ``hypot``), so this is the choice of
    an ``argmin`` over every point."""
    d = np.hypot(np.asarray(dx, dtype=float), np.asarray(dy, dtype=float))
    return indices[int(np.argmin(d))]
