"""The cut-out rete drawn: the design's frame, the stars' marks and pointers, the settled solid
(``rete_cutout``), its exact cuts and its engraving (scales, marks, names on the frame)."""

from __future__ import annotations

import math
from typing import Any

import shapely
from shapely.geometry import Point as ShPoint

from ..errors import InputError
from ..geometry.primitives import Circle, Point
from ..text import TextBox
from .glyphs import glyph_area
from .rete_band_stars import mark_size_mm, square
from .rete_classic import classic_frame
from .rete_cutout import (
    Cutout,
    as_circle,
    assemble,
    fill_windows,
    last_resort_pads,
    marked_stars,
    pad_parts,
)
from .rete_frame import FrameParts, ReteGeometry
from .rete_model import ReteDrawing, ReteOptions
from .rete_modern import modern_frame
from .rete_names import name_sizes, name_space
from .rete_placement import place_pointers
from .rete_pointer_shapes import pointer_style
from .rete_scales import aries_index, ecliptic_scores, hour_ticks
from .rete_solid import annulus, ring_to_contour
from .rete_star_names import (
    NameRules,
    name_jobs,
    name_rectangle,
    near_own,
    place_star_names,
    pointer_feature,
)
from .rete_stars import StarPlace

# --------------------------------------------------------------------------- cut-out


def frame_of(options: ReteOptions, geo: ReteGeometry) -> FrameParts:
    return classic_frame(geo) if options.design == "classic" else modern_frame(geo)


def _allowed(geo: ReteGeometry) -> shapely.Geometry:
    """Where a star may lie to be on the rete: inside the rim, outside the hub."""
    cx, cy = geo.center
    inner, outer = (
        geo.hub_radius_mm + 0.5 * geo.min_web_mm,
        geo.ring_inner_mm - 0.5 * geo.min_web_mm,
    )
    return annulus(cx, cy, inner, outer)


def draw_cutout(
    drawing: ReteDrawing, options: ReteOptions, places: list[StarPlace], h: float
) -> None:
    geo = drawing.geometry
    band_mm = geo.ecliptic.circle.r - geo.ecliptic.inner_radius_mm
    if band_mm < 1.2 * geo.min_web_mm:
        raise InputError(
            f"min web {geo.min_web_mm:g} mm is wider than the ecliptic band ({band_mm:.1f} mm): "
            "lower --min-web or raise --text-height"
        )
    frame = frame_of(options, geo)
    base = shapely.union_all(frame.polygons)
    allowed = _allowed(geo)
    marked = marked_stars(places, base, h, allowed)
    on_frame = {m.place.star.name for m in marked}
    with_pads = shapely.union_all([base, *pad_parts(marked).polygons])
    style = pointer_style(
        "dagger" if options.design == "classic" else "stem",
        geo.name_cap_mm,
        geo.min_web_mm,
        geo.outer_radius_mm,
    )
    axis = geo.axis
    pointers = place_pointers(
        [p for p in places if p.star.name not in on_frame],
        with_pads,
        style,
        allowed,
        drawing.choice.required,
        options.name_of,
        lambda tip: 1.0 if _side(axis, tip) > 0 else -1.0,
    )
    reachable = [p for p in places if allowed.contains(ShPoint(p.tip))]
    marked += last_resort_pads(reachable, drawing.choice.required, marked, pointers, with_pads, h)
    frame.add(pad_parts(marked))
    cut = assemble(geo, frame, (pointers, drawing.band_stars, marked), drawing.choice.required)
    _finish_cutout(drawing, options, frame, cut)


def _side(axis: Any, p: Point) -> float:
    ux, uy = math.cos(axis.angle_rad), math.sin(axis.angle_rad)
    return (p[0] - axis.origin[0]) * uy - (p[1] - axis.origin[1]) * ux


def _finish_cutout(
    drawing: ReteDrawing, options: ReteOptions, frame: FrameParts, cut: Cutout
) -> None:
    """Windows, exact cuts, names and engraving of a settled cut-out."""
    geo = drawing.geometry
    solid = fill_windows(cut.solid, geo.min_web_mm, geo.center)
    drawing.solid = solid
    drawing.pointers, drawing.band_stars, drawing.marked = cut.pointers, cut.band_stars, cut.marked
    drawing.skeleton = cut.skeleton
    drawing.stars = (
        [p.place for p in cut.pointers]
        + [b.place for b in cut.band_stars]
        + [m.place for m in cut.marked]
    )
    generators = [*frame.generators, Circle(*geo.center, geo.pivot_radius_mm)]
    generators += [g for p in cut.pointers for g in p.edges]
    generators += [b.notch for b in cut.band_stars if b.notch is not None]
    stats = drawing.contour_stats
    for interior in solid.interiors:
        drawing.cut_inner.append(
            as_circle(ring_to_contour(list(interior.coords), generators, stats))
        )
    drawing.cut_outer.append(
        as_circle(ring_to_contour(list(solid.exterior.coords), generators, stats))
    )
    _engrave_cutout(drawing, options, frame)


def _engrave_cutout(drawing: ReteDrawing, options: ReteOptions, frame: FrameParts) -> None:
    geo = drawing.geometry
    r_out, r_lim = geo.outer_radius_mm, geo.limit_radius_mm
    band_keep = [k for b in drawing.band_stars for k in b.keepouts]
    band_keep += [square(m.place.tip, m.mark_radius_mm + 0.3) for m in drawing.marked]
    drawing.score.extend(ecliptic_scores(geo.ecliptic, False, band_keep))
    drawing.score.extend(hour_ticks(geo.frame, r_out, r_lim, geo.ecliptic.circle))
    drawing.engrave.append(aries_index(geo.frame, r_out, r_out - r_lim))
    drawing.engrave.extend(box.outline for box in geo.ecliptic.labels)
    for b in drawing.band_stars:
        if b.mark is not None:
            drawing.engrave.append(b.mark)
    drawing.engrave.extend(m.mark for m in drawing.marked)
    _place_frame_names(drawing, options, frame)


def _as_cut(drawing: ReteDrawing) -> Cutout:
    assert drawing.solid is not None
    return Cutout(drawing.solid, drawing.pointers, drawing.band_stars, drawing.marked, [])


def _keep_out(drawing: ReteDrawing, boxes: list[TextBox]) -> list[shapely.Geometry]:
    """Areas names must avoid: the rim's scale, the ecliptic band, marks and names."""
    geo = drawing.geometry
    cx, cy = geo.center
    c = geo.ecliptic.circle
    out = [
        annulus(cx, cy, geo.limit_radius_mm - 0.01, geo.outer_radius_mm + 1.0),
        annulus(c.cx, c.cy, geo.ecliptic.inner_radius_mm - 0.01, c.r + 0.01),
    ]
    out += [
        ShPoint(s.place.tip).buffer(mark_size_mm(s.place, geo.name_cap_mm)) for s in drawing.marked
    ]
    out += [glyph_area(b) for b in boxes]
    return out


def _place_frame_names(drawing: ReteDrawing, options: ReteOptions, frame: FrameParts) -> None:
    """Names of daggers and marked stars on their pointers or at their roots
    (``rete_star_names``); stems and band stars carry their own, kept when they read as their
    star's (a band name can end up nearer a pointer placed after it: it is left out). A name
    that fits nowhere is left out and listed in ``unnamed``."""
    geo = drawing.geometry
    assert drawing.solid is not None
    features = star_features(drawing)
    carried = _carried_names(drawing, features)
    boxes = list(carried.values())
    for box in boxes:
        drawing.star_labels.append(box)
        drawing.engrave.append(box.outline)
    drawing.name_boxes = dict(carried)
    rules = NameRules(
        name_space(drawing.solid, _keep_out(drawing, boxes)),
        frame.tracks,
        name_sizes(geo.name_cap_mm, options.min_text_height_mm),
        drawing.name_reach_mm,
        features,
    )
    marks = [(m.place.star.name, m.place.tip) for m in drawing.marked]
    found = place_star_names(name_jobs(drawing.pointers, marks, options.name_of), rules)
    for name, box in found.items():
        drawing.name_boxes[name] = box
        drawing.star_labels.append(box)
        drawing.engrave.append(box.outline)
    drawing.unnamed = [p.star.name for p in drawing.stars if p.star.name not in drawing.name_boxes]


def _carried_names(
    drawing: ReteDrawing, features: dict[str, shapely.Geometry]
) -> dict[str, TextBox]:
    """Names on stems and on the band that read as their own star's (a band name may lie
    across the band: the band's width away)."""
    out = {p.place.star.name: p.label for p in drawing.pointers if p.label is not None}
    c = drawing.ecliptic.circle
    reach = max(drawing.name_reach_mm, c.r - drawing.ecliptic.inner_radius_mm)
    for b in drawing.band_stars:
        name = b.place.star.name
        if b.label is not None and near_own(features, name, name_rectangle(b.label), reach):
            out[name] = b.label
    return out


def star_features(drawing: ReteDrawing) -> dict[str, shapely.Geometry]:
    """Each shown star's feature: its pointer's middle line, or its point."""
    out: dict[str, shapely.Geometry] = {p.star.name: ShPoint(p.tip) for p in drawing.stars}
    out.update({p.place.star.name: pointer_feature(p) for p in drawing.pointers})
    return out
