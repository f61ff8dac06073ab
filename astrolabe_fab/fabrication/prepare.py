"""The fabrication step of a build: cut hygiene, kerf, path order, job figures, sheets.

``prepare_for_cutting`` runs between the parts and the writers (build.py); every writer then
sees parts whose lines are drawn once, whose cuts are closed, offset for the kerf and ordered
inner-first with short travel. Each part's job figures go into its manifest entry as ``job``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..design import Design
from ..scene import Part
from .hygiene import clean_part
from .kerf import apply_kerf
from .nesting import nest
from .order import order_part
from .stats import job_stats


def prepare_part(part: Part, kerf_mm: float = 0.0, *, figures: bool = True) -> Part:
    """One part cleaned, kerf-compensated and ordered, with ``meta['job']`` figures (left out
    with ``figures=False``: the designer's previews, whose SVG does not carry them, save the
    figures' cost)."""
    cleaned, report = clean_part(part)
    ready = order_part(apply_kerf(cleaned, kerf_mm))
    if not figures:
        return ready
    ready.meta["job"] = {
        **job_stats(ready).as_dict(),
        "duplicate_removed_mm": round(report.removed_mm, 3),
        "kerf_mm": kerf_mm,
    }
    return ready


def sheet_parts(ready: Sequence[Part], design: Design) -> list[Part]:
    """The ``sheet-N`` layouts of prepared parts when ``design.sheet_mm`` is set, else none."""
    sheet = design.sheet_mm
    if not sheet:
        return []
    out = []
    for s in nest(ready, float(sheet[0]), float(sheet[1]), design.sheet_margin_mm):
        ordered = order_part(s)
        ordered.meta["job"] = {**job_stats(ordered).as_dict(), "kerf_mm": design.kerf_mm}
        out.append(ordered)
    return out


def prepare_for_cutting(parts: Sequence[Part], design: Design) -> list[Part]:
    """Every part ready for the laser, plus ``sheet-N`` parts when ``design.sheet_mm`` is set."""
    ready = [prepare_part(p, design.kerf_mm) for p in parts]
    return ready + sheet_parts(ready, design)
