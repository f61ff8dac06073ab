"""Robinson's equation-of-time curve on the back: a polar curve read with the alidade.

For each moment t of the epoch year the curve has the point at the bearing of the Sun's
ecliptic longitude (the same bearing as the date on the calendar ring, back_calendar) and at
radius r = r0 + k E(t), where E = apparent - mean solar time (sundial - clock) in minutes from
astronomy-engine (astro.sky.equation_of_time_min) and k is mm per minute. Laying the alidade
on a date therefore cuts the curve at the radius that gives E for that date; reference circles
every 5 minutes (zero heavy) are the graduation, read to about a minute between them (they stand
about 3.5 mm apart on a 200 mm instrument). Their numbers stand in one radial column, at the
bearing where the curve passes clear of the most of them (ideally all: the curve slips between
two numbers there). Outside the zero circle the sundial is fast.

The curve is not a circle, so it is sampled (SPEC §1): daily samples at 0 h UT, refined four
times by cubic interpolation over one tropical year (so that it closes), give a chord error far
below 0.01 mm (checked by the tests).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..geometry.primitives import Circle, Point, Polyline, clip_circle
from ..scene import Part
from ..text import text_width_mm
from .back_calendar import TROPICAL_YEAR_DAYS, SunYear, catmull_rom, unwrap_deg
from .labels import Labels
from .scales import keepouts_near_ring, point_at, ring_label

#: Reference circles every this many minutes.
REFERENCE_STEP_MIN = 5
#: Room kept between a reference number and the curve, mm.
CURVE_CLEAR_MM = 0.4
#: Refinement of the daily samples.
UPSAMPLE = 4


@dataclass(frozen=True)
class EotScale:
    """radius = zero_radius_mm + mm_per_min * E about ``center``."""

    center: Point
    zero_radius_mm: float
    mm_per_min: float

    def radius_mm(self, eot_min: float) -> float:
        return self.zero_radius_mm + self.mm_per_min * eot_min

    def eot_min(self, radius_mm: float) -> float:
        return (radius_mm - self.zero_radius_mm) / self.mm_per_min


def eot_samples(year: SunYear) -> list[tuple[float, float]]:
    """(bearing_deg unwrapped, E_min) every 1/UPSAMPLE day from 1 January 0 h UT over one
    tropical year, after which the Sun is back at the same longitude (the curve closes)."""
    lon = unwrap_deg((*year.lon_deg, *year.lon_after))
    eot = [*year.eot_min, *year.eot_after]
    n = math.floor(TROPICAL_YEAR_DAYS * UPSAMPLE)
    us = [k / UPSAMPLE for k in range(n + 1)]
    if us[-1] < TROPICAL_YEAR_DAYS - 1e-9:
        us.append(TROPICAL_YEAR_DAYS)
    return [(270.0 + catmull_rom(lon, u), catmull_rom(eot, u)) for u in us]


def eot_curve(scale: EotScale, year: SunYear) -> Polyline:
    """The sampled polar curve over one tropical year, its last point joined back to the first
    (an explicit closing chord, well below 0.1 mm, written the same way by every writer)."""
    pts = tuple(point_at(scale.center, b, scale.radius_mm(e)) for b, e in eot_samples(year))
    return Polyline((*pts, pts[0]))


def reference_values(year: SunYear) -> list[int]:
    """Multiples of ``REFERENCE_STEP_MIN`` within half a step of the year's E (-15 ... +15)."""
    half = REFERENCE_STEP_MIN / 2.0
    lo = math.ceil((min(year.eot_min) - half) / REFERENCE_STEP_MIN) * REFERENCE_STEP_MIN
    hi = math.floor((max(year.eot_min) + half) / REFERENCE_STEP_MIN) * REFERENCE_STEP_MIN
    return list(range(lo, hi + 1, REFERENCE_STEP_MIN))


def eot_extent(year: SunYear) -> tuple[float, float]:
    """The minutes the band must hold: the reference circles and the curve itself."""
    values = reference_values(year)
    return min(values[0], min(year.eot_min)), max(values[-1], max(year.eot_min))


def _curve_radius_by_degree(scale: EotScale, year: SunYear) -> dict[int, list[float]]:
    """Curve radii falling in each whole degree of bearing (for label clearance checks)."""
    bins: dict[int, list[float]] = {}
    for b, e in eot_samples(year):
        bins.setdefault(math.floor(b % 360.0), []).append(scale.radius_mm(e))
    return bins


def draw_eot(
    part: Part, labels: Labels, scale: EotScale, year: SunYear, cap_mm: float, min_text_mm: float
) -> dict[str, object]:
    """Curve, reference circles and their labels; returns what the manifest needs."""
    values = reference_values(year)
    spacing = REFERENCE_STEP_MIN * scale.mm_per_min
    cap, every = _label_cap(cap_mm, spacing, labels.gap_mm, min_text_mm)
    wanted = [m for m in values if m == 0 or not (m // REFERENCE_STEP_MIN) % every]
    texts = {m: ("0" if m == 0 else f"{m:+d}".replace("-", "\u2212")) for m in wanted}
    bins = _curve_radius_by_degree(scale, year)
    # the largest numbers (down to the smallest text) that all stand in one column
    best: tuple[_Clearance, float, list[int]] | None = None
    size = cap
    while best is None or (len(best[2]) < len(texts) and size >= min_text_mm):
        clearance = _Clearance(scale, bins, texts, size)
        bearing, ok = _best_column(clearance)
        if best is None or len(ok) > len(best[2]):
            best = (clearance, bearing, ok)
        size *= 0.9
    clearance, bearing, ok = best
    placed = (_place_column(labels, scale, clearance, bearing, ok), bearing)
    keep = keepouts_near_ring(
        labels.regions(),
        scale.center,
        scale.radius_mm(values[0]) - 1.0,
        scale.radius_mm(values[-1]) + 1.0,
    )
    for m in values:
        circle = Circle(*scale.center, scale.radius_mm(m))
        part.extend("SCORE", clip_circle(circle, keep), "heavy" if m == 0 else "fine")
    part.add("SCORE", eot_curve(scale, year), "heavy")
    return {
        "zero_radius_mm": round(scale.zero_radius_mm, 6),
        "mm_per_min": round(scale.mm_per_min, 6),
        "formula": "radius_mm = zero_radius_mm + mm_per_min * E, at the bearing of the date "
        "on the calendar ring",
        "sign": "E = apparent solar time - mean solar time (sundial - clock), minutes; "
        "outside the zero circle the sundial is fast",
        "reference_circles_min": values,
        "labelled_min": placed[0],
        "label_column_bearing_deg": placed[1],
    }


def _label_cap(
    cap_mm: float, spacing_mm: float, gap_mm: float, min_text_mm: float
) -> tuple[float, int]:
    """Cap height of the reference labels and which circles carry one (every 1st, 2nd, 4th,
    8th): labels on one radial ladder must not touch, so cap + 2 gaps fit the labelled
    spacing; never below ``min_text_mm``."""
    every = 1
    while True:
        cap = min(cap_mm, every * spacing_mm - 2.0 * gap_mm - 0.1)
        if cap >= min_text_mm or every >= 8:
            break
        every *= 2
    return max(cap, min_text_mm), every


@dataclass(frozen=True)
class _Clearance:
    """Whether the label of reference circle m at bearing b stays clear of the curve (half a
    cap height and 0.7 mm, over the label's width and a degree either side)."""

    scale: EotScale
    bins: dict[int, list[float]]
    texts: dict[int, str]
    cap: float

    def table(self, bearings_deg: list[float]) -> np.ndarray:
        """Whether each label (rows, in ``texts`` order) is clear at each bearing (columns):
        clear when no curve radius within half a cap and CURVE_CLEAR_MM of its circle lies in
        a whole degree from ``floor(b - w - 1)`` to ``ceil(b + w + 1)``, w the label's half
        width in degrees. Counted with a running sum of the degrees where the curve is near,
        over whole turns (a window may wrap past 0°)."""
        b = np.asarray(bearings_deg, dtype=float)
        limit = self.cap / 2.0 + CURVE_CLEAR_MM
        rows = []
        for m, text in self.texts.items():
            r = self.scale.radius_mm(m)
            half_deg = math.degrees((text_width_mm(text, self.cap) / 2.0 + 0.6) / r)
            near = [any(abs(rr - r) < limit for rr in self.bins.get(d, [])) for d in range(360)]
            before = np.concatenate([[0], np.cumsum(near)])  # near degrees in [0, k)

            def count_below(x: np.ndarray, before: np.ndarray = before) -> np.ndarray:
                turns, rest = np.divmod(x, 360)
                return turns * before[360] + before[rest]

            lo = np.floor(b - half_deg - 1).astype(int)
            hi = np.ceil(b + half_deg + 1).astype(int)
            rows.append(count_below(hi + 1) - count_below(lo) == 0)
        return np.array(rows).reshape(len(self.texts), len(b))


def _best_column(clear: _Clearance) -> tuple[float, list[int]]:
    """The bearing (every half degree, the upper right quadrant first) where the curve passes
    clear of the most numbers (all, ideally; the first such bearing), and those numbers."""
    candidates = [(45.0 + 0.5 * k) % 360.0 for k in range(720)]
    table = clear.table(candidates)
    best = int(np.argmax(table.sum(axis=0)))  # the first of the most
    return candidates[best], [m for m, ok in zip(clear.texts, table[:, best], strict=True) if ok]


def _place_column(
    labels: Labels, scale: EotScale, clear: _Clearance, bearing: float, minutes: list[int]
) -> list[int]:
    """The numbers ``minutes`` in one radial column at ``bearing``; returns those placed."""
    size = clear.cap / labels.cap_height_mm
    return [
        m
        for m in minutes
        if ring_label(labels, clear.texts[m], scale.center, bearing, scale.radius_mm(m), scale=size)
    ]
