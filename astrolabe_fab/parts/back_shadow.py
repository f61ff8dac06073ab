"""Shadow square, unequal-hours diagram and cotangent scale of the back.

Shadow square (lower half, e.g. Morrison, "The Astrolabe", 2007, ch. 13): with the instrument
hanging and the alidade sighting altitude a, its lower end points a below the horizontal on the
other side. A square of half-width s below the pivot: for a < 45 deg the alidade meets the
vertical side at depth s tan a, for a > 45 deg the bottom at s cot a from the noon line. Both
sides are therefore divided uniformly into N parts: the vertical sides read N tan a (umbra
versa, the shadow of a horizontal gnomon on a wall), the bottom reads N cot a (umbra recta, the
shadow of a vertical gnomon of N units on level ground).

Unequal-hours diagram (upper-left quadrant of radius rho): the classical approximation
sin(altitude at unequal hour h) = sin(noon altitude) sin(15 h deg) makes the locus of hour h,
in polar form about the pivot, r = (rho / sin 15h) sin(theta): a circle through the pivot with
its centre on the vertical line at rho / (2 sin 15h). The 6th hour is the semicircle on the
vertical radius; hour h meets the rim at theta = 15 h deg.

Cotangent scale (lower outer band, option): the alidade's lower end, opposite altitude a,
marks the shadow length N cot a of a gnomon of N units, at bearing 270 - a (left) and 90 + a
(right).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..geometry.primitives import (
    Circle,
    Clip,
    Line,
    Point,
    Region,
    Segment,
    clip_circle,
    clip_segment,
)
from ..scene import Part
from ..text import text_width_mm
from .labels import Labels
from .scales import Tick, TickLevel, boxes_on_circle, ring_label, ring_ticks


@dataclass(frozen=True)
class _Square:
    """The shadow square below the pivot (cx, cy): half-width s, scale band ws wide along the
    sides and bottom, N divisions of ``step`` mm, numbers every ``every`` divisions at cap
    height ``cap`` outside the square."""

    cx: float
    cy: float
    s: float
    ws: float
    n: int
    cap: float
    every: int = 1

    pad = 0.45
    gap = 0.35

    @property
    def step(self) -> float:
        return self.s / self.n

    @property
    def corner_lift_mm(self) -> float:
        """How far the side's last number stands above the corner, clear of the bottom's
        last number below the corner: cap/2 + gap - pad (at least 0)."""
        return max(0.0, self.cap / 2.0 + self.gap + 0.05 - self.pad)

    @property
    def reach_mm(self) -> float:
        """Distance from the pivot of the farthest corner of any number's box."""
        w = text_width_mm(str(self.n), self.cap)
        side = math.hypot(self.s + self.pad + w, self.s - self.corner_lift_mm + self.cap / 2.0)
        bottom = math.hypot(self.s + w / 2.0, self.s + self.pad + self.cap)
        return max(side, bottom)


def _square_for(
    cx: float, cy: float, rho_mm: float, divisions: int, cap_mm: float, min_cap_mm: float
) -> _Square:
    """The largest square whose numbers stay inside the circle of radius ``rho_mm`` (0.3 mm
    clear), numbers as large as ``cap_mm`` allows and as close as every division."""
    s = 0.96 * rho_mm / math.sqrt(2.0)
    sq = _Square(cx, cy, s, 0.0, divisions, cap_mm)
    for _ in range(60):
        sq = _number_size(cx, cy, s, divisions, cap_mm, min_cap_mm)
        if sq.reach_mm <= rho_mm - 0.3:
            break
        s *= 0.98
    return sq


def _number_size(
    cx: float, cy: float, s: float, divisions: int, cap_mm: float, min_cap_mm: float
) -> _Square:
    """Numbers every division when they fit at ``min_cap_mm`` or more, else every 2nd, 3rd ...:
    along a side neighbours need cap + gap, the side's last one (lifted off the corner)
    1.5 cap - pad + 2 gap; along the bottom the width of the widest number + gap (each with
    0.05 mm to spare, so that boxes do not touch)."""
    ws = max(1.6, 0.09 * s)
    widest = text_width_mm(str(divisions), 1.0)
    pad, gap = _Square.pad, _Square.gap
    for every in range(1, divisions + 1):
        step = every * s / divisions
        cap = min(cap_mm, (step - gap - 0.05) / widest, (step + pad - 2.0 * gap - 0.1) / 1.5)
        if cap >= min_cap_mm or every == divisions:
            return _Square(cx, cy, s, ws, divisions, max(cap, min_cap_mm), every)
    raise AssertionError("unreachable")


def shadow_square(
    part: Part,
    labels: Labels,
    center: Point,
    rho_mm: float,
    divisions: int,
    caps_mm: tuple[float, float],
    pivot_clear_mm: float,
) -> dict[str, object]:
    """Draw the two half squares below the pivot; returns their manifest entry.

    ``caps_mm`` are the numbers' largest and smallest cap heights."""
    cx, cy = center
    sq = _square_for(cx, cy, rho_mm, divisions, caps_mm[0], caps_mm[1])
    numbers = _numbers(labels, sq)
    names = _side_names(labels, sq, pivot_clear_mm)
    keep: list[Clip] = [*labels.regions(), Region(Circle(cx, cy, pivot_clear_mm), False)]
    for seg in _square_lines(sq):
        part.extend("SCORE", clip_segment(seg, keep), "normal")
    for seg in _square_ticks(sq):
        part.add("SCORE", seg, "fine")
    s = sq.s
    return {
        "divisions": divisions,
        "half_width_mm": round(s, 6),
        "top_left_mm": [round(cx - s, 6), round(cy, 6)],
        "numbers_cap_mm": round(sq.cap, 4),
        "numbers_every": sq.every,
        "numbers_below_mm": round(cy + s + sq.pad + sq.cap, 6),
        "labels": numbers,
        "names": names,
        "reading": "vertical sides: N tan(a) at depth s*v/N below the pivot (umbra versa); "
        "bottom: N cot(a) at s*v/N from the noon line (umbra recta); the numbers stand outside "
        "the square at their division, the sides' last one lifted clear of the corner",
    }


def _numbers(labels: Labels, sq: _Square) -> dict[str, list[str]]:
    """Numbers of the vertical sides (umbra versa) outside the sides and of the bottom (umbra
    recta) below it, at their divisions, 1 to N on each of the four half-sides; the sides'
    last number is lifted off the corner so that it clears the bottom's (``corner_lift_mm``)."""
    cx, cy, s, cap, pad = sq.cx, sq.cy, sq.s, sq.cap, sq.pad
    scale = cap / labels.cap_height_mm
    placed: dict[str, list[str]] = {}
    for side, name in ((-1.0, "left"), (1.0, "right")):
        versa, recta = [], []
        for k in range(sq.every, sq.n + 1, sq.every):
            text = str(k)
            w = text_width_mm(text, cap)
            lift = sq.corner_lift_mm if k == sq.n else 0.0
            at = (cx + side * (s + pad + w / 2.0), cy + k * sq.step - lift)
            if labels.place(text, at, scale=scale):
                versa.append(text)
            if labels.place(text, (cx + side * k * sq.step, cy + s + pad + cap / 2.0), scale=scale):
                recta.append(text)
        placed[f"umbra_versa_{name}"] = versa
        placed[f"umbra_recta_{name}"] = recta
    return placed


def _side_names(labels: Labels, sq: _Square, pivot_clear_mm: float) -> dict[str, bool]:
    """UMBRA VERSA along the vertical sides and UMBRA RECTA above the bottom, inside the
    square next to their scale bands, each only where it fits clear of the pivot."""
    cx, cy, s, ws, cap, pad = sq.cx, sq.cy, sq.s, sq.ws, sq.cap, sq.pad
    w_name = text_width_mm("UMBRA VERSA", cap)
    x_off = s - ws - pad - cap / 2.0
    fits_versa = w_name < 0.85 * (s - ws) and x_off - cap / 2.0 > pivot_clear_mm + pad
    fits_recta = w_name < 0.8 * (s - ws - 2 * pad - cap) and (
        s - ws - 3 * pad - 2.0 * cap > pivot_clear_mm + cap
    )
    placed = {"UMBRA VERSA": False, "UMBRA RECTA": False}
    for side in (-1.0, 1.0):
        if fits_versa:
            placed["UMBRA VERSA"] |= (
                labels.place(
                    "UMBRA VERSA",
                    (cx + side * x_off, cy + s * 0.45),
                    rotation_deg=-90.0 * side,
                    scale=cap / labels.cap_height_mm,
                )
                is not None
            )
        if fits_recta:
            placed["UMBRA RECTA"] |= (
                labels.place(
                    "UMBRA RECTA",
                    (cx + side * s * 0.5, cy + s - ws - pad - cap / 2.0),
                    scale=cap / labels.cap_height_mm,
                )
                is not None
            )
    return placed


def _square_lines(sq: _Square) -> list[Segment]:
    """The outer square's half below the pivot, the inner edges of the scale bands, the
    vertical through the pivot and the two diagonals (the 45 degree lines)."""
    cx, cy, s, ws = sq.cx, sq.cy, sq.s, sq.ws
    return [
        Segment((cx - s, cy), (cx + s, cy)),
        Segment((cx - s, cy), (cx - s, cy + s)),
        Segment((cx + s, cy), (cx + s, cy + s)),
        Segment((cx - s, cy + s), (cx + s, cy + s)),
        Segment((cx, cy), (cx, cy + s)),
        Segment((cx - s + ws, cy), (cx - s + ws, cy + s - ws)),
        Segment((cx + s - ws, cy), (cx + s - ws, cy + s - ws)),
        Segment((cx - s + ws, cy + s - ws), (cx + s - ws, cy + s - ws)),
        Segment((cx, cy), (cx - s, cy + s)),
        Segment((cx, cy), (cx + s, cy + s)),
    ]


def _square_ticks(sq: _Square) -> list[Segment]:
    """Division ticks across the scale bands (full band width), and half-division ticks
    (half as long) where they stand at least 0.6 mm apart."""
    cx, cy, s, ws = sq.cx, sq.cy, sq.s, sq.ws
    half = sq.step / 2.0 >= 0.6
    ticks: list[Segment] = []
    for j in range(1, 2 * sq.n):
        major = j % 2 == 0
        if not major and not half:
            continue
        length = ws if major else 0.5 * ws
        d = j * sq.step / 2.0
        for side in (-1.0, 1.0):
            xe = cx + side * s
            ticks.append(Segment((xe, cy + d), (xe - side * length, cy + d)))
            xb = cx + side * d
            ticks.append(Segment((xb, cy + s), (xb, cy + s - length)))
    return ticks


def unequal_hours_diagram(
    part: Part, labels: Labels, center: Point, rho_mm: float, cap_mm: float, pivot_clear_mm: float
) -> None:
    """Hour arcs 1..6 in the upper-left quadrant (see module doc)."""
    cx, cy = center
    rho = rho_mm
    pad = 0.45
    label_r = rho - pad - cap_mm / 2.0
    inner_rim = Circle(cx, cy, rho - cap_mm - 2 * pad)
    for k in range(1, 7):
        text = f"{k}·{13 - k}" if k < 6 else "6·7"
        ring_label(labels, text, center, 270.0 + 15.0 * k - 7.5, label_r)
    quad = [
        Region(Line(cx, cy, 0.0, -1.0), True),  # left of the upward vertical (page frame)
        Region(Line(cx, cy, 1.0, 0.0), True),  # above the horizontal
    ]
    pivot = Region(Circle(cx, cy, max(pivot_clear_mm, 0.12 * rho)), False)
    keep: list[Clip] = [*labels.regions(), pivot]
    for k in range(1, 7):
        d = rho / math.sin(math.radians(15.0 * k))
        circle = Circle(cx, cy - d / 2.0, d / 2.0)
        regions = [Region(Circle(cx, cy, rho), True), *quad, *keep]
        pieces = clip_circle(circle, boxes_on_circle(regions, circle))
        part.extend("SCORE", pieces, "normal" if k < 6 else "heavy")
    for arc in clip_circle(Circle(cx, cy, rho), quad):
        part.add("SCORE", arc, "normal")
    for arc in clip_circle(inner_rim, boxes_on_circle([*quad, *keep], inner_rim)):
        part.add("SCORE", arc, "fine")
    for seg in (Segment((cx - rho, cy), (cx, cy)), Segment((cx, cy - rho), (cx, cy))):
        part.extend("SCORE", clip_segment(seg, keep), "normal")


def cotangent_ticks(
    center: Point, base_r_mm: float, tick_mm: float, divisions: int, min_spacing_mm: float
) -> dict[str, list[Tick]]:
    """Ticks of N cot(a) for shadow lengths 1 .. 2N in both lower quadrants."""
    n = divisions
    levels = [TickLevel(1.0, 0.5 * tick_mm, "fine"), TickLevel(float(n), tick_mm, "heavy")]

    def alt(v: float) -> float:
        return math.degrees(math.atan2(n, v))

    out = {}
    for name, bearing in (
        ("cotangent-left", lambda v: (270.0 - alt(v)) % 360.0),
        ("cotangent-right", lambda v: (90.0 + alt(v)) % 360.0),
    ):
        out[name] = ring_ticks(
            center,
            1.0,
            2.0 * n,
            levels,
            bearing,
            base_r_mm,
            inward=True,
            min_spacing_mm=min_spacing_mm,
        )
    return out


def cotangent_labels(
    labels: Labels, center: Point, label_r_mm: float, divisions: int, cap_mm: float
) -> None:
    """Numbers of the cotangent scale: every ``step`` units up to N, then every 2 ``step``, each
    kept only when it stands at least 1.6 label widths (along the arc) from the last one."""
    n = divisions

    def arc_mm(v0: float, v1: float) -> float:
        return abs(math.atan2(n, v0) - math.atan2(n, v1)) * label_r_mm

    # the smallest round step whose labels stand apart where they are closest (at v = N)
    step = next(
        (k for k in (1, 2, 3, 4, 6) if arc_mm(n - k, n) >= 1.6 * text_width_mm(str(n), cap_mm)),
        6,
    )
    values = [*range(step, n + 1, step), *range(n + 2 * step, 2 * n + 1, 2 * step)]
    last: float | None = None
    for v in values:
        a = math.degrees(math.atan2(n, v))
        width = text_width_mm(str(v), cap_mm)
        if last is not None and math.radians(last - a) * label_r_mm < 1.6 * width + 0.5:
            continue
        last = a
        for b in ((270.0 - a) % 360.0, (90.0 + a) % 360.0):
            ring_label(labels, str(v), center, b, label_r_mm, scale=cap_mm / labels.cap_height_mm)
