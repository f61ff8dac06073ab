"""Job figures a laser user prices a job by: cut and score length, engraved area, pierces, travel.

- cut length: CUT_INNER + CUT_OUTER; score length: SCORE (mm, exact for arcs and circles);
- engraved area: ENGRAVE fills, each FilledPolygon as |sum of its rings' signed areas|
  (shoelace formula; glyph holes wind the other way under the non-zero rule);
- pierces: vector paths started with the beam off, in file order (a piece that starts where
  the previous one ended continues the same run);
- travel: pen-up length from the page origin through SCORE, CUT_INNER, CUT_OUTER in file order
  (circles are entered at angle 0, see ``shapes``).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from ..geometry.primitives import FilledPolygon
from ..scene import Part
from .order import ORDERED_LAYERS, ORIGIN
from .shapes import TOL_MM, is_closed, length_mm, ring_area_mm2, shape_end, shape_start


@dataclass(frozen=True)
class JobStats:
    cut_mm: float
    score_mm: float
    engrave_mm2: float
    pierces: int
    travel_mm: float
    open_cuts: int

    def as_dict(self) -> dict[str, float | int]:
        return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def job_stats(part: Part) -> JobStats:
    """The job figures of one part in its file order."""
    cut = sum(
        length_mm(it.shape) for layer in ("CUT_INNER", "CUT_OUTER") for it in part.items(layer)
    )
    score = sum(length_mm(it.shape) for it in part.items("SCORE"))
    area = 0.0
    for it in part.items("ENGRAVE"):
        if isinstance(it.shape, FilledPolygon):
            area += abs(sum(ring_area_mm2(r) for r in it.shape.rings))
    pierces, travel = 0, 0.0
    pos = ORIGIN
    for layer in ORDERED_LAYERS:
        for it in part.items(layer):
            start = shape_start(it.shape)
            jump = math.dist(pos, start)
            if pierces == 0 or jump > TOL_MM:
                pierces += 1
            travel += jump
            pos = shape_end(it.shape)
    open_cuts = sum(
        1
        for layer in ("CUT_INNER", "CUT_OUTER")
        for it in part.items(layer)
        if not is_closed(it.shape)
    )
    return JobStats(cut, score, area, pierces, travel, open_cuts)
