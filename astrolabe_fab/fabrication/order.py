"""Path order for the laser: inner cuts before outer, short travel (research note §1.7, §5).

Within each vector layer (SCORE, CUT_INNER, CUT_OUTER; the layer order already puts inner cuts
before the outline):

1. chain ends: open paths whose ends meet within ``TOL_MM`` are joined into one run, written as
   consecutive items, each starting where the last one ended (no travel, no pierce);
2. nearest next: from the current head position (the page origin at the start of the job), the
   run or closed path whose entry point is nearest is cut next. Open runs may be cut backwards;
   a contour may be entered at any of its vertices (its pieces are rotated); a circle is
   entered at angle 0, where SVG and DXF circles begin.

Closed paths nested inside other closed paths of the same layer (bounding box inside bounding
box) are cut first. Greedy nearest-neighbour is not an optimal tour, but laser software
re-optimises anyway; the aim is sane input (research note §5).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..geometry.primitives import Contour, Point, Shape, shape_bbox
from ..scene import Item, LayerName, Part
from .nearest import EntryGrid
from .shapes import greedy_chains, is_closed, reverse, shape_end, shape_start

#: Layers whose paths are ordered (ENGRAVE is rastered, GUIDE is never cut).
ORDERED_LAYERS: tuple[LayerName, ...] = ("SCORE", "CUT_INNER", "CUT_OUTER")
ORIGIN: Point = (0.0, 0.0)


@dataclass
class _Run:
    """A sequence of items cut without lifting the beam between them."""

    items: list[Item]
    closed: bool

    @property
    def start(self) -> Point:
        return shape_start(self.items[0].shape)

    @property
    def end(self) -> Point:
        return shape_end(self.items[-1].shape)

    def entries(self) -> list[tuple[Point, int]]:
        """Entry points with a variant code: 0 forward, 1 backward, 2 + k rotate to piece k."""
        if not self.closed:
            return [(self.start, 0), (self.end, 1)]
        shape = self.items[0].shape
        if len(self.items) == 1 and isinstance(shape, Contour):
            return [(p.start, 2 + k) for k, p in enumerate(shape.pieces)]
        return [(self.start, 0)]

    def apply(self, variant: int) -> list[Item]:
        if variant == 0:
            return self.items
        if variant == 1:
            return [Item(reverse(it.shape), it.weight) for it in reversed(self.items)]
        k = variant - 2
        item = self.items[0]
        pieces = item.shape.pieces  # type: ignore[union-attr]
        return [Item(Contour(pieces[k:] + pieces[:k]), item.weight)]


def chain_runs(items: list[Item]) -> list[_Run]:
    """Join open items whose ends meet within TOL_MM into runs (greedy, both directions)."""
    shapes = [it.shape for it in items]
    runs: list[_Run] = []
    for chain in greedy_chains(shapes, [not is_closed(s) for s in shapes]):
        if len(chain) == 1 and is_closed(shapes[chain[0][0]]):
            runs.append(_Run([items[chain[0][0]]], True))
            continue
        runs.append(
            _Run(
                [
                    Item(reverse(items[i].shape), items[i].weight) if rev else items[i]
                    for i, rev in chain
                ],
                False,
            )
        )
    return runs


def _depths(runs: list[_Run]) -> list[int]:
    """How many other closed runs' bounding boxes strictly hold each closed run's box."""
    boxes = [shape_bbox(r.items[0].shape) if r.closed else None for r in runs]
    depths = []
    for i, b in enumerate(boxes):
        d = 0
        if b is not None:
            for j, o in enumerate(boxes):
                if (
                    j != i
                    and o is not None
                    and o[0] < b[0]
                    and o[1] < b[1]
                    and o[2] > b[2]
                    and o[3] > b[3]
                ):
                    d += 1
        depths.append(d)
    return depths


def nearest_next(runs: list[_Run], start: Point) -> tuple[list[Item], Point]:
    """Greedy nearest-entry order of runs from ``start``; returns the items and the end point.

    Each step cuts the run with the entry nearest the head (``nearest.EntryGrid``: the entry
    numpy's ``argmin`` of the distances would pick, ties to the first entry listed). Every
    entry must be a finite point (``EntryGrid`` refuses others with a ValueError)."""
    out: list[Item] = []
    pos = start
    if not runs:
        return out, pos
    xs: list[float] = []
    ys: list[float] = []
    owner: list[int] = []  # the run of each entry
    variant: list[int] = []  # how the run is cut from it (``_Run.apply``)
    mine: list[range] = []  # each run's entries, listed one after another
    for k, run in enumerate(runs):
        first = len(xs)
        for p, v in run.entries():
            xs.append(p[0])
            ys.append(p[1])
            owner.append(k)
            variant.append(v)
        mine.append(range(first, len(xs)))
    grid = EntryGrid(xs, ys)
    for _ in range(len(runs)):
        m = grid.nearest(*pos)
        k = owner[m]
        items = runs[k].apply(variant[m])
        out.extend(items)
        pos = shape_end(items[-1].shape)
        grid.remove(mine[k])
    return out, pos


def order_part(part: Part, start: Point = ORIGIN) -> Part:
    """A copy of ``part`` with its vector layers chained and ordered for short travel."""
    layers: dict[LayerName, list[Item]] = {name: list(items) for name, items in part.layers.items()}
    pos = start
    for layer in ORDERED_LAYERS:
        runs = chain_runs(part.items(layer))
        depths = _depths(runs)
        ordered: list[Item] = []
        for depth in sorted(set(depths), reverse=True):
            group = [r for r, d in zip(runs, depths, strict=True) if d == depth]
            items, pos = nearest_next(group, pos)
            ordered.extend(items)
        layers[layer] = ordered
    return part.with_layers(layers)


def travel_mm(shapes: list[Shape], start: Point = ORIGIN) -> float:
    """Pen-up length of cutting ``shapes`` in the given order from ``start``."""
    pos, total = start, 0.0
    for s in shapes:
        total += math.dist(pos, shape_start(s))
        pos = shape_end(s)
    return total
