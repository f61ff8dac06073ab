"""The rule (front) and the alidade (back): counterchanged pointers turning on the pivot.

Both are drawn lying along the x axis of their page with the pivot at ``center_mm``. Each is
"counterchanged" in the traditional way: the right arm lies above the line y = cy and the left
arm below it, so that the *fiducial edge* (the edge a reading is taken at) is one straight line
through the pivot on both sides: the lower edge of the right arm and the upper edge of the
left arm. A round hub carries the pivot hole.

Rule: its fiducial edge carries a declination scale on both arms. A declination d is engraved
at distance r(d) from the pivot, the plate's own projection (SPEC §1: r(d) = Re tan((90 - d)/2)
in the north, Re tan((90 + d)/2) in the south), from the plate limit inwards until the hub.
The tips reach over the limb so the hour scale can be read.

Alidade: reaches the altitude scale at the rim of the back. Two identical sight vanes are
separate glue-on pieces (they come on the same page): each is a rectangle twice the arm's
width with a 1 mm pinhole for the Sun's spot and a larger hole for sighting stars, glued
standing across its arm at the engraved marks with its centre line on the fiducial edge, so
that the line through the holes of the two vanes is parallel to the fiducial edge.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import shapely
from shapely.geometry import Polygon

from ..design import Design
from ..geometry.primitives import Arc, Circle, Contour, Point, Segment
from ..scene import Part, Weight
from ..text import text_width_mm
from .labels import Labels, cut_zone
from .layout import PAGE_MARGIN_MM, Layout

#: Pinhole and star-sighting hole diameters of the vanes, mm.
PINHOLE_MM = 1.0
STAR_HOLE_MM = 3.0
#: Sheet thickness assumed for the vane glue marks, mm.
VANE_THICKNESS_MM = 3.0


@dataclass(frozen=True)
class PointerShape:
    """Counterchanged pointer: reach (pivot to tip), arm width, hub radius, taper length."""

    center: Point
    reach_mm: float
    width_mm: float
    hub_radius_mm: float
    taper_mm: float


def pointer_shape(center: Point, reach_mm: float, design: Design) -> PointerShape:
    """Arm width 7 % of the mater radius (at least 5 mm); hub 1.3 widths, and at least 3 mm
    of material round the pivot hole; tips taper over 2.5 widths."""
    r = design.diameter_mm / 2.0
    w = max(5.0, 0.07 * r)
    hub = max(1.3 * w, design.pivot_diameter_mm / 2.0 + 3.0)
    return PointerShape(center, reach_mm, w, hub, 2.5 * w)


def pointer_outline(p: PointerShape) -> Contour:
    """Right arm above y = cy, left arm below, hub round the pivot (see module doc)."""
    cx, cy = p.center
    w, hb, reach, tl = p.width_mm, p.hub_radius_mm, p.reach_mm, p.taper_mm
    alpha = math.asin(w / hb)
    x_hub = math.sqrt(hb * hb - w * w)
    return Contour(
        (
            Segment((cx + hb, cy), (cx + reach, cy)),
            Segment((cx + reach, cy), (cx + reach - tl, cy - w)),
            Segment((cx + reach - tl, cy - w), (cx + x_hub, cy - w)),
            Arc(cx, cy, hb, -alpha, -(math.pi - alpha)),
            Segment((cx - hb, cy), (cx - reach, cy)),
            Segment((cx - reach, cy), (cx - reach + tl, cy + w)),
            Segment((cx - reach + tl, cy + w), (cx - x_hub, cy + w)),
            Arc(cx, cy, hb, math.pi - alpha, -(math.pi - alpha)),
        )
    )


def _pointer_page(
    reach_mm: float,
    hub_mm: float,
    extra_height_mm: float = 0.0,
) -> tuple[float, float, Point]:
    m = PAGE_MARGIN_MM
    width = 2.0 * (reach_mm + m)
    height = 2.0 * (hub_mm + m) + extra_height_mm
    return width, height, (reach_mm + m, hub_mm + m)


# --------------------------------------------------------------------------- rule


def declination_marks(
    design: Design, layout: Layout, hub_mm: float, min_spacing_mm: float
) -> list[tuple[float, float, Weight]]:
    """(declination, distance from the pivot, weight) for every drawn mark of the rule:
    every degree from the plate limit towards the pole while the marks stay at least
    ``min_spacing_mm`` apart (then every 5, then every 10), stopping 1 mm before the hub."""
    frame = layout.frame((0.0, 0.0))
    sign = 1 if design.hemisphere == "north" else -1  # towards the pole
    limit = layout.limit_dec_deg
    first = math.ceil(limit) if sign > 0 else math.floor(limit)
    marks: list[tuple[float, float, Weight]] = []
    for k in range(0, 180):
        d = first + sign * k
        if abs(d) >= 90:
            break
        r = frame.radius_mm(d)
        if r < hub_mm + 1.0:
            break
        step = 10 if d % 10 == 0 else 5 if d % 5 == 0 else 1
        # a level is drawn where its neighbouring marks stand at least min_spacing apart
        gap = abs(r - frame.radius_mm(d + sign * step)) if step < 10 else math.inf
        if gap < min_spacing_mm:
            continue
        weight: Weight = "heavy" if step == 10 else "normal" if step == 5 else "fine"
        marks.append((float(d), r, weight))
    return marks


def draw_rule(design: Design, layout: Layout) -> tuple[Part, list[tuple[float, float, Weight]]]:
    """The rule with its declination scale; also returns the marks (for tests)."""
    reach = layout.mater_radius_mm - 0.6
    probe = pointer_shape((0.0, 0.0), reach, design)
    width, height, center = _pointer_page(reach, probe.hub_radius_mm)
    shape = pointer_shape(center, reach, design)
    part = Part("rule", width, height, center)
    cx, cy = center
    w = shape.width_mm
    cap = max(design.min_text_height_mm, min(design.label_height_mm, 0.3 * w))
    tick = 0.35 * w
    labels = Labels(cap)
    labels.avoid_cuts(_pointer_cut_zone(shape, design))
    marks = declination_marks(design, layout, shape.hub_radius_mm, design.min_tick_spacing_mm)
    edge_gap = 0.25
    for _d, r, weight in marks:
        length = tick if weight == "heavy" else 0.7 * tick if weight == "normal" else 0.45 * tick
        for side in (1.0, -1.0):  # right arm: ticks go up from the edge; left arm: down
            x = cx + side * r
            part.add(
                "SCORE",
                Segment((x, cy - side * edge_gap), (x, cy - side * (edge_gap + length))),
                weight,
            )
    _rule_labels(labels, marks, center, tick + edge_gap, design.min_text_height_mm)
    # the name of the scale, on the right arm beyond the limit
    x_name = cx + layout.limit_radius_mm + 1.0
    for size in _smaller(0.8 * cap, design.min_text_height_mm):
        at = (x_name, cy - edge_gap - tick / 2.0 - 0.1)
        if labels.place("DEC", at, halign="left", scale=size / cap):
            break
    for box in labels.boxes:
        part.add("ENGRAVE", box.outline)
    part.add("CUT_INNER", Circle(cx, cy, design.pivot_diameter_mm / 2.0))
    part.add("CUT_OUTER", pointer_outline(shape))
    part.meta.update(
        {
            "equator_radius_mm": layout.equator_radius_mm,
            "limit_radius_mm": layout.limit_radius_mm,
            "pivot_diameter_mm": design.pivot_diameter_mm,
            "mirrored": False,
            "fiducial_edge": "the line y = center_mm[1] (lower edge of the right arm, upper "
            "edge of the left arm)",
            "declination_scale": {
                "formula": "distance from the pivot along the fiducial edge = Re tan((90 - d)/2)"
                if design.hemisphere == "north"
                else "distance from the pivot along the fiducial edge = Re tan((90 + d)/2)",
                "equator_radius_mm": layout.equator_radius_mm,
            },
        }
    )
    return part, marks


def _rule_labels(
    labels: Labels,
    marks: list[tuple[float, float, Weight]],
    center: Point,
    depth_mm: float,
    min_cap_mm: float,
) -> None:
    """The numbers of the heavy marks on both arms, ``depth_mm`` + 0.4 mm off the fiducial
    edge; near the hub they shrink (down to the minimum text height) to fit between their
    neighbours, and any that meets a cut is tried smaller, then left out."""
    cx, cy = center
    cap = labels.cap_height_mm
    heavy = [(d, r) for d, r, weight in marks if weight == "heavy"]
    for i, (d, r) in enumerate(heavy):
        text = "0" if d == 0 else f"{d:+.0f}".replace("-", "\u2212")
        room = min(abs(r - heavy[j][1]) for j in (i - 1, i + 1) if 0 <= j < len(heavy))
        c = min(cap, (room - 2.0 * labels.gap_mm - 0.3) / text_width_mm(text, 1.0))
        c = max(c, min_cap_mm)
        for side in (1.0, -1.0):
            for size in _smaller(c, min_cap_mm):
                at = (cx + side * r, cy - side * (depth_mm + 0.4 + size / 2.0))
                rotation = 0.0 if side > 0 else 180.0
                if labels.place(text, at, rotation_deg=rotation, scale=size / cap):
                    break


def _smaller(size_mm: float, min_mm: float) -> list[float]:
    """A label's size, then 15 % smaller steps down to the minimum text height."""
    sizes = [size_mm]
    while sizes[-1] * 0.85 >= min_mm:
        sizes.append(sizes[-1] * 0.85)
    return sizes


def _pointer_cut_zone(shape: PointerShape, design: Design) -> shapely.Geometry:
    """Where no label of a rule or alidade may go: near the pivot hole or the outline."""
    pts = [p for piece in pointer_outline(shape).pieces for p in _piece_points(piece)]
    pivot = Circle(*shape.center, design.pivot_diameter_mm / 2.0)
    return cut_zone([pivot], Polygon(pts).buffer(0))


def _piece_points(piece: Segment | Arc) -> list[Point]:
    if isinstance(piece, Segment):
        return [piece.p0]
    n = max(8, math.ceil(abs(piece.sweep_rad) * piece.r / 0.05))
    return [piece.point_at(piece.start_rad + piece.sweep_rad * k / n) for k in range(n)]


def rule_part(design: Design, layout: Layout) -> Part:
    """The rule (SPEC §2 name ``rule``)."""
    return draw_rule(design, layout)[0]


# --------------------------------------------------------------------------- alidade


def vane_outline(origin: Point, width_mm: float, height_mm: float) -> Contour:
    """A vane: a rectangle, bottom-left corner at ``origin`` (the glued edge at the bottom)."""
    x, y = origin
    a, b = (x, y), (x + width_mm, y)
    c, d = (x + width_mm, y - height_mm), (x, y - height_mm)
    return Contour((Segment(a, b), Segment(b, c), Segment(c, d), Segment(d, a)))


def draw_alidade(design: Design, layout: Layout) -> Part:
    """The alidade lying along x with its pivot at ``center_mm``, the glue marks of its two
    vanes on the arms, and the two vanes themselves cut out below it on the same page."""
    reach = layout.mater_radius_mm - 0.3
    probe = pointer_shape((0.0, 0.0), reach, design)
    w = probe.width_mm
    vane_w, vane_h = 2.0 * w, max(12.0, 0.14 * layout.mater_radius_mm)
    width, height, center = _pointer_page(reach, probe.hub_radius_mm, vane_h + 4.0)
    shape = pointer_shape(center, reach, design)
    part = Part("alidade", width, height, center)
    labels = Labels(max(design.min_text_height_mm, min(design.label_height_mm, 0.3 * w)))
    x_vane = 0.5 * layout.mater_radius_mm
    _vane_glue_marks(part, labels, shape, x_vane)
    y_base = center[1] + shape.hub_radius_mm + 3.0 + vane_h
    _vane_cutouts(part, (center[0], y_base), vane_w, vane_h)
    for box in labels.boxes:
        part.add("ENGRAVE", box.outline)
    part.add("CUT_INNER", Circle(*center, design.pivot_diameter_mm / 2.0))
    # inner cuts first: move the vanes' outer cuts after the alidade's holes
    vanes = list(part.layers["CUT_OUTER"])
    part.layers["CUT_OUTER"] = []
    part.add("CUT_OUTER", pointer_outline(shape))
    part.layers["CUT_OUTER"].extend(vanes)
    part.meta.update(_alidade_meta(design, (vane_w, vane_h), x_vane))
    return part


def _vane_glue_marks(part: Part, labels: Labels, shape: PointerShape, x_vane_mm: float) -> None:
    """Where each vane stands across its arm (right arm above the fiducial edge, left arm
    below): two score lines a sheet thickness apart, ``x_vane_mm`` from the pivot, and the
    label VANE beside them (placed in ``labels``)."""
    cx, cy = shape.center
    w, t = shape.width_mm, VANE_THICKNESS_MM
    for side in (1.0, -1.0):
        for dx in (-t / 2.0, t / 2.0):
            x = cx + side * (x_vane_mm + dx)
            part.add("SCORE", Segment((x, cy - side * 0.25), (x, cy - side * (w - 0.25))), "normal")
        labels.place(
            "VANE",
            (cx + side * (x_vane_mm + t / 2.0 + 1.0), cy - side * w / 2.0),
            halign="left",
            rotation_deg=0.0 if side > 0 else 180.0,
            scale=0.8,
        )


def _vane_cutouts(part: Part, base_mid: Point, vane_w_mm: float, vane_h_mm: float) -> None:
    """The two vanes side by side, 6 mm apart about ``base_mid`` (their glued bottom edges on
    its y): outline, pinhole, star hole and the engraved centre tick of each."""
    x_mid, y_base = base_mid
    for x0 in (x_mid - vane_w_mm - 3.0, x_mid + 3.0):
        part.add("CUT_OUTER", vane_outline((x0, y_base), vane_w_mm, vane_h_mm))
        xm = x0 + vane_w_mm / 2.0
        part.add("CUT_INNER", Circle(xm, y_base - 0.72 * vane_h_mm, PINHOLE_MM / 2.0))
        part.add("CUT_INNER", Circle(xm, y_base - 0.38 * vane_h_mm, STAR_HOLE_MM / 2.0))
        part.add("SCORE", Segment((xm, y_base - 0.3), (xm, y_base - 0.15 * vane_h_mm)), "fine")


def _alidade_meta(
    design: Design, vane_size_mm: tuple[float, float], x_vane_mm: float
) -> dict[str, object]:
    """What the manifest says about the alidade: pivot, fiducial edge and the vanes."""
    return {
        "pivot_diameter_mm": design.pivot_diameter_mm,
        "mirrored": False,
        "fiducial_edge": "the line y = center_mm[1] (lower edge of the right arm, upper "
        "edge of the left arm)",
        "vanes": {
            "count": 2,
            "size_mm": [round(vane_size_mm[0], 6), round(vane_size_mm[1], 6)],
            "pinhole_mm": PINHOLE_MM,
            "star_hole_mm": STAR_HOLE_MM,
            "position_from_pivot_mm": round(x_vane_mm, 6),
            "assembly": "glue each vane standing across its arm between the VANE marks, "
            "its centre line (engraved tick) on the fiducial edge",
        },
    }


def alidade_part(design: Design, layout: Layout) -> Part:
    """The alidade with its two vanes (SPEC §2 name ``alidade``)."""
    return draw_alidade(design, layout)
