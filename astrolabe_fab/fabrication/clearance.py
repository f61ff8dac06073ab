"""Engraving clear of the cuts, on every part: the last line of defence (issue 14).

The part builders place their labels clear of their cuts (``parts.labels.Labels.avoid_cuts``,
``parts.rete_names``); this step checks the finished part: an engraved area (a label's glyphs,
a mark) that comes closer than ``CLEARANCE_MM`` to a cut edge or lies over a hole or off the
part is dropped, and the centre of what was dropped is listed in the part's manifest entry
(``engraving_dropped``), so the build reports it instead of charring an edge.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import shapely
from shapely.geometry import LineString, Polygon

from ..geometry.filled import ring_polygons
from ..geometry.primitives import Arc, Circle, Contour, FilledPolygon, Segment, Shape
from ..scene import Item, Part

#: Nearest an engraved area may come to a cut edge or a hole, mm.
CLEARANCE_MM = 0.3
#: Chord error of the sampled cut curves, mm (kept inside the tolerance below).
SAGITTA_MM = 0.002
#: Engraved area allowed past the limit (rounding of flattened glyphs), mm².
TOLERANCE_MM2 = 1e-4


def _arc_points(arc: Arc | Circle) -> list[tuple[float, float]]:
    sweep = arc.sweep_rad if isinstance(arc, Arc) else 2.0 * math.pi
    start = arc.start_rad if isinstance(arc, Arc) else 0.0
    step = 2.0 * math.acos(max(-1.0, 1.0 - SAGITTA_MM / arc.r))
    n = max(8, math.ceil(abs(sweep) / step))
    return [arc.point_at(start + sweep * k / n) for k in range(n + 1)]


def _outline_points(shape: Shape) -> list[tuple[float, float]] | None:
    """Points along a closed cut (circle or contour), None for an open cut."""
    if isinstance(shape, Circle):
        return _arc_points(shape)
    if isinstance(shape, Contour):
        pts: list[tuple[float, float]] = []
        for piece in shape.pieces:
            pts.extend(_arc_points(piece) if isinstance(piece, Arc) else [piece.p0, piece.p1])
        return pts
    return None


def _open_cut(shape: Shape) -> LineString | None:
    if isinstance(shape, Segment):
        return LineString([shape.p0, shape.p1])
    if isinstance(shape, Arc):
        return LineString(_arc_points(shape))
    return None


def allowed_area(part: Part) -> shapely.Geometry | None:
    """The material shrunk by CLEARANCE_MM, less a band round open cuts; None when the part
    has no closed outer cut (nothing to check). Kept for the last few sets of cuts: the cuts
    of a plate do not change with its latitude (the web designer's slider)."""
    cuts = tuple(
        (layer, item.shape) for layer in ("CUT_OUTER", "CUT_INNER") for item in part.items(layer)
    )
    return _allowed_area(cuts)


@lru_cache(maxsize=8)
def _allowed_area(cuts: tuple[tuple[str, Shape], ...]) -> shapely.Geometry | None:
    """``allowed_area`` of the cuts (layer, shape), in the part's order."""
    outers: list[Polygon] = []
    inners: list[Polygon] = []
    lines: list[LineString] = []
    for layer, into in (("CUT_OUTER", outers), ("CUT_INNER", inners)):
        for shape in (s for cut_layer, s in cuts if cut_layer == layer):
            pts = _outline_points(shape)
            if pts is not None and len(pts) >= 4:
                into.append(Polygon(pts).buffer(0))
            elif (line := _open_cut(shape)) is not None:
                lines.append(line)
    if not outers:
        return None
    material = shapely.union_all(outers).difference(shapely.union_all(inners))
    allowed = material.buffer(-CLEARANCE_MM, quad_segs=16)
    for line in lines:
        allowed = allowed.difference(line.buffer(CLEARANCE_MM))
    shapely.prepare(allowed)
    return allowed


def _breaks_clearance(shape: FilledPolygon, allowed: shapely.Geometry) -> shapely.Geometry | None:
    """The engraved area when more than TOLERANCE_MM2 of it lies outside ``allowed``, else
    None. When every ring lies inside (the usual case) so does their union: nothing to add;
    and when the rings' bounding rectangle lies inside, so do they (mended or not: ``buffer(0)``
    stays within a ring's rectangle), so that is asked first."""
    if len(shape.points()[0]) and allowed.contains(shapely.box(*shape.bbox())):
        return None
    rings = shapely.buffer(ring_polygons(shape), 0)  # buffer(0): a ring that crosses itself, mended
    if len(rings) and shapely.contains(allowed, rings).all():
        return None
    area = shapely.union_all(rings)
    return area if area.difference(allowed).area > TOLERANCE_MM2 else None


def clear_engraving(part: Part) -> Part:
    """The part without engraved areas that break the clearance (module doc)."""
    allowed = allowed_area(part)
    if allowed is None or not part.items("ENGRAVE"):
        return part
    kept: list[Item] = []
    dropped: list[list[float]] = []
    for item in part.items("ENGRAVE"):
        shape = item.shape
        if isinstance(shape, FilledPolygon):
            area = _breaks_clearance(shape, allowed)
            if area is not None:
                c = area.centroid
                dropped.append([round(c.x, 3), round(c.y, 3)])
                continue
        kept.append(item)
    if not dropped:
        return part
    layers = dict(part.layers)
    layers["ENGRAVE"] = kept
    out = part.with_layers(layers)
    out.meta["engraving_dropped"] = dropped
    return out


def left_out_notes(parts: Sequence[Part]) -> str:
    """Lines for the build's summary: star names the rete could not engrave, and engraving
    dropped near cuts on any part (empty when nothing was left out)."""
    lines = []
    for part in parts:
        unnamed = part.meta.get("star_names_left_out") or []
        if unnamed:
            lines.append(f"  {part.name}: no room for the names of {', '.join(unnamed)}")
        dropped = part.meta.get("engraving_dropped") or []
        if dropped:
            at = "; ".join(f"({x:g}, {y:g})" for x, y in dropped[:5])
            lines.append(
                f"  {part.name}: {len(dropped)} engraving(s) too near a cut left out: {at}"
            )
    return "\n".join(lines)
