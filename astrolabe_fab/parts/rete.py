"""The rete: the star map that turns over the plate.

Drawn at local sidereal time 0 h (SPEC §1): the March equinox on the noon line. The frame is the
plate's (same equator radius, same pivot, hemisphere mirroring from ``Frame``), so every star
tip, ecliptic mark and calendar day sits exactly where the projection puts it.

- ``cutout`` (default): fretwork in one piece (``rete_cutout``), in one of two designs:
  ``classic`` (a Gothic rete of Chaucer's time, ``rete_classic``) or ``modern`` (smooth arc
  spokes and named stems, ``rete_modern``). The design follows the instrument's ``style``
  unless ``rete_design`` says otherwise.
- ``transparent``: a disc of clear stock with everything engraved (``rete_transparent``).

Modules, one concern each: ``rete_model`` (options, drawing, choice of stars), ``rete_frame``
(rings, bars, arc bars, the colure axis), ``rete_classic`` / ``rete_modern`` (the designs),
``rete_pointer_shapes`` (stem and dagger outlines), ``rete_placement`` (where pointers go),
``rete_band_stars`` (stars on the ecliptic band, marks), ``rete_cutout`` (the solid, webs,
windows), ``rete_cutout_draw`` (the cut-out drawn), ``rete_names`` (names on the frame, clear
of cuts), ``rete_star_names`` (each name at its own star), ``rete_ecliptic`` and
``rete_scales`` (ecliptic ring, calendar, hour ticks),
``rete_solid`` (exact cuts from shapely rings), ``rete_transparent``, ``rete_canon``.

Which stars: the canon (``rete_canon``) and, with ``--max-mag``, the catalogue's stars down to
that magnitude; ``--stars`` replaces the choice. Names engraved come from one mapping
(``ReteOptions.display_names``), so a period design can swap them all.
"""

from __future__ import annotations

import math
from typing import Any

import shapely
from shapely.geometry import Point as ShPoint

from ..design import Design
from ..geometry.primitives import Circle, Point
from ..history.star_names import name_record
from ..scene import Part
from .labels import Labels
from .layout import Layout
from .rete_band_stars import BandRules, BandStar, band_stars, mark_size_mm, marks_on_band
from .rete_cutout_draw import draw_cutout, frame_of
from .rete_ecliptic import RingScales, band_width_mm, ecliptic_ring, label_ecliptic_ring
from .rete_frame import ReteGeometry
from .rete_model import (
    NAME_SCALE,
    RETE_DESIGNS,
    RETE_STYLES,
    ReteDrawing,
    ReteOptions,
    candidate_stars,
    rete_options,
)
from .rete_solid import annulus
from .rete_star_names import name_reach_mm, name_rectangle, pointer_feature
from .rete_stars import StarPlace, star_places
from .rete_transparent import DiscSizes, draw_transparent


def ring_scales(design: Design) -> RingScales:
    """What the ecliptic band carries, from the design: the month scale (in the design's
    calendar) or none, and the degree step."""
    return RingScales(
        calendar=design.rete_calendar,
        calendar_system=design.calendar_system_in_use,
        degree_step_deg=design.rete_degree_step_deg,
    )


def rete_geometry(design: Design, layout: Layout, options: ReteOptions) -> ReteGeometry:
    """Radii of the rim and hub, the ecliptic ring and the names' size."""
    _, _, center = layout.square_page(layout.plate_radius_mm)
    frame = layout.frame(center)
    h = design.label_height_mm
    r_out, r_lim = layout.plate_radius_mm, layout.limit_radius_mm
    mw = options.min_web_mm
    pivot_r = design.pivot_diameter_mm / 2.0
    return ReteGeometry(
        frame=frame,
        outer_radius_mm=r_out,
        ring_inner_mm=min(r_lim - 0.35 * h, r_out - 1.2 * mw),
        limit_radius_mm=r_lim,
        hub_radius_mm=pivot_r + max(1.5 * mw, 1.1 * h),
        pivot_radius_mm=pivot_r,
        ecliptic=ecliptic_ring(frame, layout.obliquity_deg, design.epoch, h, ring_scales(design)),
        min_web_mm=mw,
        name_cap_mm=max(options.min_text_height_mm, NAME_SCALE * h),
    )


def draw_rete(design: Design, layout: Layout, options: ReteOptions | None = None) -> ReteDrawing:
    """Compute the rete for a design (both hemispheres, both styles, both designs)."""
    options = (options or rete_options(design)).validate()
    geo = rete_geometry(design, layout, options)
    choice = candidate_stars(options)
    drawing = ReteDrawing(options.style, options.design, geo, choice)
    drawing.name_reach_mm = name_reach_mm(design.diameter_mm, geo.name_cap_mm)
    drawing.reach_mm = (
        geo.hub_radius_mm + 0.5 * geo.min_web_mm,
        geo.ring_inner_mm - 0.5 * geo.min_web_mm,
    )
    places = star_places(geo.frame, choice.stars, design.epoch)
    h = design.label_height_mm
    labels = Labels(h, gap_mm=0.3)
    cutout = options.style == "cutout"
    others = _off_band_frame(options, geo) if cutout else None
    rules = _band_rules(geo, h, cutout, options, others, drawing.name_reach_mm)
    drawing.band_stars = band_stars(places, rules, labels)
    avoid = _band_avoid(geo, places, drawing.band_stars, h)
    label_ecliptic_ring(geo.ecliptic, geo.frame, layout.obliquity_deg, h, labels, avoid)
    on_band = {b.place.star.name for b in drawing.band_stars}
    rest = [p for p in places if p.star.name not in on_band]
    if cutout:
        draw_cutout(drawing, options, rest, h)
    else:
        _draw_transparent(drawing, options, rest, labels, h)
    shown = {p.star.name for p in drawing.stars}
    drawing.left_out = [p.star.name for p in places if p.star.name not in shown]
    return drawing


def _band_avoid(
    geo: ReteGeometry, places: list[StarPlace], on_band: list[BandStar], h: float
) -> list[tuple[Point, float]]:
    """Discs the band's month and sign names keep clear of: the marks and notches of the band
    stars, and the marks (with their pads) of stars lying on the band that the band could not
    take (drawn later as marks on the frame)."""
    avoid = [
        (b.place.tip, (b.notch.r if b.notch else mark_size_mm(b.place, h) / 2.0) + 0.3)
        for b in on_band
    ]
    taken = {b.place.star.name for b in on_band}
    marks = marks_on_band(places, geo.ecliptic, h)
    return avoid + [(p.tip, r + 0.3) for p, r in marks if p.star.name not in taken]


def _off_band_frame(options: ReteOptions, geo: ReteGeometry) -> shapely.Geometry:
    """The frame without the ecliptic band (a notch must keep a web clear of it)."""
    c = geo.ecliptic.circle
    band = annulus(c.cx, c.cy, geo.ecliptic.inner_radius_mm - 0.01, c.r + 0.01)
    rest = shapely.union_all(frame_of(options, geo).polygons).difference(band)
    shapely.prepare(rest)
    return rest


def _band_rules(
    geo: ReteGeometry,
    h: float,
    cutout: bool,
    options: ReteOptions,
    others: shapely.Geometry | None,
    name_reach: float,
) -> BandRules:
    return BandRules(
        ring=geo.ecliptic,
        cap_height_mm=h,
        allow_notch=cutout,
        min_web_mm=options.min_web_mm,
        reach_mm=0.0 if cutout else 0.6 * h,
        notch_ok=lambda notch: _notch_clear(geo, notch, others),
        name_of=options.name_of,
        # a band star's name may lie across the band from its mark
        name_reach_mm=max(name_reach, geo.ecliptic.circle.r - geo.ecliptic.inner_radius_mm)
        if cutout
        else 0.0,
    )


def _notch_clear(geo: ReteGeometry, notch: Circle, others: shapely.Geometry | None) -> bool:
    """A notch may only bite the ecliptic band: it keeps two webs clear of the rim and hub
    and one web clear of every other part of the frame."""
    rho = math.dist(notch.center, geo.center)
    reach = notch.r + 2.0 * geo.min_web_mm
    if not geo.hub_radius_mm + reach <= rho <= geo.ring_inner_mm - reach:
        return False
    far = notch.r + geo.min_web_mm
    return others is None or others.distance(ShPoint(notch.center)) >= far


# --------------------------------------------------------------------------- transparent


def _draw_transparent(
    drawing: ReteDrawing, options: ReteOptions, places: list[StarPlace], labels: Labels, h: float
) -> None:
    geo = drawing.geometry
    cx, cy = geo.center
    drawing.cut_outer.append(Circle(cx, cy, geo.outer_radius_mm))
    drawing.cut_inner.append(Circle(cx, cy, geo.pivot_radius_mm))
    sizes = DiscSizes(
        geo.frame, geo.outer_radius_mm, geo.limit_radius_mm, geo.hub_radius_mm, h, geo.ecliptic
    )
    out = draw_transparent(
        sizes, places, drawing.band_stars, labels, options.name_of, options.mirror_engrave
    )
    drawing.stars, drawing.engrave, drawing.score = out.stars, out.engrave, out.score
    drawing.star_labels = out.labels
    named = {b.place.star.name for b in drawing.band_stars if b.label is not None}
    named |= {
        p.star.name
        for p in out.stars
        if p.star.name not in {b.place.star.name for b in drawing.band_stars}
    }
    drawing.unnamed = [p.star.name for p in drawing.stars if p.star.name not in named]


# --------------------------------------------------------------------------- the part


def _star_entry(place: StarPlace, mark: str, tip: Point, engraved: str) -> dict[str, Any]:
    return {
        "name": place.star.name,
        "names": name_record(place.star.name),
        "engraved": engraved,
        "ra_h": round(place.ra_h, 7),
        "dec_deg": round(place.dec_deg, 6),
        "tip_mm": [round(tip[0], 5), round(tip[1], 5)],
        "mark": mark,
    }


def _name_entry(drawing: ReteDrawing, name: str, mirrored: bool, cx: float) -> dict[str, Any]:
    """Where the star's name is engraved (``name_box_mm``: the corners of the smallest rectangle
    round its glyphs) and, for a pointer, its middle line from the star to its root
    (``pointer_mm``), so that a test can tell which name belongs to which star."""

    def page(points: list[tuple[float, float]]) -> list[list[float]]:
        return [[round(2.0 * cx - x if mirrored else x, 4), round(y, 4)] for x, y in points]

    out: dict[str, Any] = {}
    box = drawing.name_boxes.get(name)
    if box is not None:
        rect = name_rectangle(box)
        out["name_box_mm"] = page(list(rect.exterior.coords)[:-1])
    pointer = next((p for p in drawing.pointers if p.place.star.name == name), None)
    if pointer is not None:
        out["pointer_mm"] = page(list(pointer_feature(pointer).coords))
    return out


def _star_entries(
    drawing: ReteDrawing, options: ReteOptions, mirrored: bool, cx: float
) -> list[dict[str, Any]]:
    """Each shown star with how it is marked: ``tip`` (a pointer's apex), ``mark`` (an
    engraved mark centred on it) or ``notch`` (the centre of a round notch); its names (modern,
    medieval, the Arabic and the source) and the name the rete engraves for it."""
    kinds: dict[str, str] = {p.place.star.name: "tip" for p in drawing.pointers}
    kinds.update({b.place.star.name: "notch" if b.notch else "mark" for b in drawing.band_stars})
    kinds.update({m.place.star.name: "mark" for m in drawing.marked})
    notches = {b.place.star.name: b.notch.r for b in drawing.band_stars if b.notch}
    out = []
    for place in drawing.stars:
        tip = (2.0 * cx - place.tip[0], place.tip[1]) if mirrored else place.tip
        name = place.star.name
        entry = _star_entry(place, kinds.get(name, "mark"), tip, options.name_of(name))
        if place.star.name in notches:
            entry["notch_radius_mm"] = round(notches[place.star.name], 5)
        entry.update(_name_entry(drawing, name, mirrored, cx))
        out.append(entry)
    return out


def rete_part(design: Design, layout: Layout, options: ReteOptions | None = None) -> Part:
    """The rete as a Part with its manifest entry (SPEC §4: stars with tip_mm)."""
    options = (options or rete_options(design)).validate()
    drawing = draw_rete(design, layout, options)
    width, height, center = layout.square_page(layout.plate_radius_mm)
    part = Part("rete", width, height, center)
    mirrored = options.style == "transparent" and options.mirror_engrave
    part.extend("ENGRAVE", drawing.engrave)
    for shape, weight in drawing.score:
        part.add("SCORE", shape, weight)
    part.extend("CUT_INNER", drawing.cut_inner)
    part.extend("CUT_OUTER", drawing.cut_outer)
    ecl = drawing.ecliptic
    part.meta.update(
        {
            "equator_radius_mm": layout.equator_radius_mm,
            "limit_radius_mm": layout.limit_radius_mm,
            "mirrored": mirrored,
            "style": options.style,
            "design": options.design,
            "min_web_mm": options.min_web_mm,
            "sidereal_time_h": 0.0,
            "ecliptic": {
                "center_mm": [round(ecl.circle.cx, 5), round(ecl.circle.cy, 5)],
                "radius_mm": round(ecl.circle.r, 5),
                "band_inner_radius_mm": round(ecl.inner_radius_mm, 5),
                "calendar": ecl.scales.calendar_system if ecl.scales.calendar else None,
                "degree_step_deg": ecl.scales.degree_step_deg,
            },
            "star_reach_mm": [round(drawing.reach_mm[0], 5), round(drawing.reach_mm[1], 5)],
            "stars": _star_entries(drawing, options, mirrored, center[0]),
            "stars_required": sorted(drawing.choice.required),
            "stars_left_out": drawing.left_out,
            "star_names_left_out": drawing.unnamed,
            "name_reach_mm": round(drawing.name_reach_mm, 4),
        }
    )
    return part


__all__ = [
    "RETE_DESIGNS",
    "RETE_STYLES",
    "ReteDrawing",
    "ReteOptions",
    "band_width_mm",
    "draw_rete",
    "rete_options",
    "rete_part",
]
