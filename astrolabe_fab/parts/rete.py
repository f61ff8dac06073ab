"""The rete: the star map that turns over the plate, in two styles.

Drawn at local sidereal time 0 h (SPEC §1): the March equinox on the noon line. The frame is the
plate's (same equator radius, same pivot, hemisphere mirroring from ``Frame``), so every star
tip, ecliptic mark and calendar day sits exactly where the projection puts it.

- ``cutout`` (default): the traditional fretwork, one connected piece. Solid elements: the outer
  ring (plate radius down to just inside the plate limit, carrying the sidereal-hour ticks and the
  index at the first point of Aries), the ecliptic band (calendar, degrees, signs), the equator
  band, the noon-line strut through the hub around the pivot hole, and one pointer per star
  (``rete_stars``). Designed with shapely, written as exact arcs and segments (``rete_solid``).
- ``transparent``: a disc of clear stock with everything engraved: stars (a filled star
  mark centred on the exact place, the name beside it), the ecliptic ring, the equator and the
  declination circles every 10°, and the hour lines. Lines stop at every label's keep-out circle.
  ``mirror_engrave`` mirrors the engraving for the back face of the disc.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal

import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry import Point as ShPoint

from ..astro.stars import DEFAULT_MAX_MAG, Star, select_stars
from ..design import Design
from ..errors import InputError
from ..geometry.primitives import (
    Arc,
    Circle,
    Contour,
    FilledPolygon,
    Line,
    OutsideBox,
    Point,
    Region,
    Segment,
    Shape,
    clip_circle,
    clip_segment,
    mirror_x,
)
from ..geometry.projection import Frame
from ..scene import Part, Weight
from ..text import HAlign, TextBox, VAlign, place_text, tangent_rotation_deg, text_width_mm
from .labels import Labels
from .layout import Layout
from .rete_ecliptic import EclipticRing, band_width_mm, ecliptic_ring, label_ecliptic_ring
from .rete_solid import (
    ContourStats,
    Generator,
    annulus,
    circle_polygon,
    largest_polygon,
    ring_to_contour,
    strip,
)
from .rete_stars import (
    Pointer,
    PointerStyle,
    StarPlace,
    place_pointers,
    pointer_style,
    star_places,
)

ReteStyle = Literal["cutout", "transparent"]
RETE_STYLES: tuple[str, ...] = ("cutout", "transparent")
DEFAULT_MIN_WEB_MM = 1.5
DEFAULT_RETE_MAX_MAG = DEFAULT_MAX_MAG


@dataclass(frozen=True)
class ReteOptions:
    """The rete's own choices (read from the Design when it has them)."""

    style: ReteStyle = "cutout"
    min_web_mm: float = DEFAULT_MIN_WEB_MM
    max_mag: float | None = None
    star_names: tuple[str, ...] | None = None
    stars_file: str | None = None
    mirror_engrave: bool = False

    def validate(self) -> ReteOptions:
        if self.style not in RETE_STYLES:
            raise InputError(f"rete style {self.style!r} is unknown: choose cutout or transparent")
        if not (math.isfinite(self.min_web_mm) and 0.3 <= self.min_web_mm <= 10.0):
            raise InputError(
                f"min web {self.min_web_mm:g} mm is out of range: allowed 0.3 to 10 mm"
            )
        return self


def rete_options(design: Design) -> ReteOptions:
    """Options from the Design's rete fields."""
    return ReteOptions(
        style=design.rete_style,  # type: ignore[arg-type]
        min_web_mm=design.min_web_mm,
        max_mag=design.max_mag,
        star_names=tuple(design.star_names) if design.star_names else None,
        stars_file=design.stars_file,
        mirror_engrave=design.mirror_engrave,
    ).validate()


@dataclass
class ReteDrawing:
    """Everything drawn on the rete, by kind, for the part and for tests."""

    style: ReteStyle
    frame: Frame
    outer_radius_mm: float
    limit_radius_mm: float
    ring_inner_mm: float
    hub_radius_mm: float
    pivot_radius_mm: float
    ecliptic: EclipticRing
    stars: list[StarPlace] = field(default_factory=list)
    pointers: list[Pointer] = field(default_factory=list)
    star_labels: list[TextBox] = field(default_factory=list)
    solid: shapely.Geometry | None = None
    skeleton: list[Point] = field(default_factory=list)
    cut_outer: list[Shape] = field(default_factory=list)
    cut_inner: list[Shape] = field(default_factory=list)
    score: list[tuple[Shape, Weight]] = field(default_factory=list)
    engrave: list[FilledPolygon] = field(default_factory=list)
    contour_stats: ContourStats = field(default_factory=ContourStats)
    left_out: list[str] = field(default_factory=list)
    equator_half_mm: float = 0.0
    strut_width_mm: float = 0.0
    band_stars: list[BandStar] = field(default_factory=list)


def _labels_for(design: Design) -> Labels:
    return Labels(design.label_height_mm, gap_mm=0.3)


def candidate_stars(options: ReteOptions) -> list[Star]:
    """The stars the design asks for (default: brighter than magnitude 2.5), brightest first."""
    max_mag = options.max_mag
    if max_mag is None and options.star_names is None and options.stars_file is None:
        max_mag = DEFAULT_RETE_MAX_MAG
    return select_stars(max_mag=max_mag, names=options.star_names, star_file=options.stars_file)


def _hour_ticks(frame: Frame, r_out: float, r_in: float) -> list[tuple[Shape, Weight]]:
    """Sidereal-hour ticks on the outer ring: RA a drawn at H = -a (every 20 min, hours longer)."""
    out: list[tuple[Shape, Weight]] = []
    cx, cy = frame.center_mm
    for k in range(72):
        ra_h = k / 3.0
        p_out = frame.sky_to_plane(-15.0 * ra_h, 0.0)
        ux, uy = (p_out[0] - cx), (p_out[1] - cy)
        n = math.hypot(ux, uy)
        ux, uy = ux / n, uy / n
        length = (r_out - r_in) * (0.85 if k % 3 == 0 else 0.45)
        a = (cx + ux * (r_out - 0.12 * (r_out - r_in)), cy + uy * (r_out - 0.12 * (r_out - r_in)))
        b = (a[0] - ux * length * 0.88, a[1] - uy * length * 0.88)
        out.append(
            (Segment(a, b), "heavy" if k % 18 == 0 else ("normal" if k % 3 == 0 else "fine"))
        )
    return out


def _aries_index(frame: Frame, r_out: float, width: float) -> FilledPolygon:
    """Filled triangle on the outer ring pointing outwards at the first point of Aries (H = 0)."""
    cx, cy = frame.center_mm
    tip = (cx, cy - (r_out - 0.08 * width))
    base_y = cy - (r_out - 0.92 * width)
    half = 0.55 * width
    return FilledPolygon(((tip, (cx + half, base_y), (cx - half, base_y)),))


def draw_rete(design: Design, layout: Layout, options: ReteOptions | None = None) -> ReteDrawing:
    """Compute the rete for a design (both hemispheres, both styles)."""
    options = (options or rete_options(design)).validate()
    _, _, center = layout.square_page(layout.plate_radius_mm)
    frame = layout.frame(center)
    h = design.label_height_mm
    r_out = layout.plate_radius_mm
    r_lim = layout.limit_radius_mm
    ring_inner = min(r_lim - 0.35 * h, r_out - 1.2 * options.min_web_mm)
    pivot_r = design.pivot_diameter_mm / 2.0
    hub_r = pivot_r + max(1.5 * options.min_web_mm, 1.1 * h)
    eps = layout.obliquity_deg
    labels = _labels_for(design)
    places = star_places(frame, candidate_stars(options), design.epoch)
    all_places = places
    ecl = ecliptic_ring(frame, eps, design.epoch, h)
    drawing = ReteDrawing(options.style, frame, r_out, r_lim, ring_inner, hub_r, pivot_r, ecl)
    drawing.equator_half_mm = max(0.6 * options.min_web_mm, 0.38 * h)
    drawing.strut_width_mm = max(1.25 * options.min_web_mm, 0.9 * h)
    # stars on the band first (their names take precedence), then the band's own names
    cutout = options.style == "cutout"
    drawing.band_stars = _band_stars(
        drawing, places, labels, h, cutout, options.min_web_mm, 0.0 if cutout else 0.6 * h
    )
    avoid = [
        (b.place.tip, (b.notch.r if b.notch else _band_mark_size(b.place, h) / 2.0) + 0.3)
        for b in drawing.band_stars
    ]
    label_ecliptic_ring(ecl, frame, eps, h, labels, avoid)
    on_band = {b.place.star.name for b in drawing.band_stars}
    places = [p for p in places if p.star.name not in on_band]
    if options.style == "cutout":
        _draw_cutout(drawing, design, options, places, labels, h)
    else:
        _draw_transparent(drawing, design, options, places, labels, h, eps)
    shown = {p.star.name for p in drawing.stars}
    drawing.left_out = [p.star.name for p in all_places if p.star.name not in shown]
    return drawing


# --------------------------------------------------------------------------- cut-out style


def _draw_cutout(
    drawing: ReteDrawing,
    design: Design,
    options: ReteOptions,
    places: list[StarPlace],
    labels: Labels,
    h: float,
) -> None:
    frame = drawing.frame
    cx, cy = frame.center_mm
    mw = options.min_web_mm
    r_out, ring_in = drawing.outer_radius_mm, drawing.ring_inner_mm
    ecl = drawing.ecliptic.circle
    band_in = drawing.ecliptic.inner_radius_mm
    re = frame.equator_radius_mm
    eq_half = drawing.equator_half_mm
    strut_w = drawing.strut_width_mm

    generators: list[Generator] = [
        Circle(cx, cy, r_out),
        Circle(cx, cy, ring_in),
        ecl,
        Circle(ecl.cx, ecl.cy, band_in),
        Circle(cx, cy, re - eq_half),
        Circle(cx, cy, re + eq_half),
        Circle(cx, cy, drawing.hub_radius_mm),
        Circle(cx, cy, drawing.pivot_radius_mm),
    ]
    ring = annulus(cx, cy, ring_in, r_out)
    band = annulus(ecl.cx, ecl.cy, band_in, ecl.r)
    equator = annulus(cx, cy, re - eq_half, re + eq_half)
    hub = circle_polygon(Circle(cx, cy, drawing.hub_radius_mm))
    noon, noon_edges = strip(
        (cx, cy - (r_out + ring_in) / 2), (cx, cy + (r_out + ring_in) / 2), strut_w
    )
    generators.extend(noon_edges)
    base = shapely.union_all([ring, band, equator, hub, noon])
    drawing.skeleton = _skeleton_points(drawing, re, band_in, strut_w)

    # stars: tips must lie in an opening, inside the ring and outside the hub
    allowed = circle_polygon(Circle(cx, cy, ring_in - 0.5 * mw)).difference(
        circle_polygon(Circle(cx, cy, drawing.hub_radius_mm + 0.5 * mw))
    )
    style = pointer_style(h, mw, r_out)
    all_pointers = place_pointers(places, base, style, allowed)
    if ecl.r - band_in < 1.2 * mw:
        raise InputError(
            f"min web {mw:g} mm is wider than the ecliptic band ({ecl.r - band_in:.1f} mm): "
            "lower --min-web or raise --text-height"
        )
    frame_skeleton = list(drawing.skeleton)
    dropped: set[str] = set()
    for _attempt in range(12):
        pointers = [p for p in all_pointers if p.place.star.name not in dropped]
        band_stars = [b for b in drawing.band_stars if b.place.star.name not in dropped]
        skeleton = frame_skeleton + [q for p in pointers for q in _stem_points(p, style, mw)]
        solid = shapely.union_all([base, *[p.polygon for p in pointers]])
        solid = solid.intersection(circle_polygon(Circle(cx, cy, r_out)).buffer(1e-9))
        solid = solid.difference(circle_polygon(Circle(cx, cy, drawing.pivot_radius_mm)))
        for b in band_stars:
            if b.notch is not None:
                solid = solid.difference(circle_polygon(b.notch))
        found = web_problem_at(largest_polygon(solid), skeleton, mw)
        if found is None and isinstance(solid, Polygon):
            break
        # a star's pointer or notch thinned a web: leave that star out and try again
        where = found[1] if found is not None else None
        culprit = _culprit(pointers, band_stars, where)
        if culprit is None:
            reason = found[0] if found is not None else "it falls apart"
            raise InputError(
                f"the cut-out rete cannot keep every web at {mw:g} mm at this size "
                f"({reason}): lower --min-web or choose --rete transparent"
            )
        dropped.add(culprit)
    else:
        raise InputError(f"the cut-out rete cannot keep every web at {mw:g} mm at this size")

    drawing.pointers = pointers
    drawing.band_stars = band_stars
    drawing.skeleton = skeleton
    drawing.stars = [p.place for p in pointers] + [b.place for b in band_stars]
    drawing.solid = solid
    for p in pointers:
        generators.extend(p.edges)
    generators.extend(b.notch for b in band_stars if b.notch is not None)
    poly = largest_polygon(solid)
    stats = drawing.contour_stats
    for interior in poly.interiors:
        contour = ring_to_contour(list(interior.coords), generators, stats)
        drawing.cut_inner.append(_as_circle(contour))
    exterior = ring_to_contour(list(poly.exterior.coords), generators, stats)
    drawing.cut_outer.append(_as_circle(exterior))

    # engraving on the solid
    band_keep = [k for b in band_stars for k in b.keepouts]
    drawing.score.extend(_ecliptic_scores(drawing.ecliptic, False, band_keep))
    drawing.score.extend(_hour_ticks(frame, r_out, drawing.limit_radius_mm))
    for b in band_stars:
        if b.mark is not None:
            drawing.engrave.append(b.mark)
        drawing.engrave.append(b.label.outline)
        drawing.star_labels.append(b.label)
    drawing.engrave.append(_aries_index(frame, r_out, r_out - drawing.limit_radius_mm))
    drawing.engrave.extend(box.outline for box in drawing.ecliptic.labels)
    for p in pointers:
        drawing.engrave.append(p.label.outline)
        drawing.star_labels.append(p.label)


def web_problem_at(
    solid: Polygon, skeleton: list[Point], min_web_mm: float
) -> tuple[str, Point | None] | None:
    """None when the solid survives a morphological opening by a disc of diameter min-web
    (erode by half the web, dilate back) in one piece and still holds every skeleton point
    (the middle lines of all designed elements); else what broke and where."""
    opened = solid.buffer(-min_web_mm / 2.0, quad_segs=8).buffer(min_web_mm / 2.0, quad_segs=8)
    if not isinstance(opened, Polygon):
        pieces = sorted(getattr(opened, "geoms", []), key=lambda g: g.area)
        where = pieces[0].representative_point() if pieces else None
        return ("a bridge is narrower than the web", (where.x, where.y) if where else None)
    shapely.prepare(opened)
    lost = [p for p in skeleton if opened.distance(ShPoint(p)) > 0.02]
    if lost:
        x, y = lost[0]
        return (f"an element is narrower than the web near ({x:.1f}, {y:.1f}) mm", lost[0])
    return None


def web_problem(solid: Polygon, skeleton: list[Point], min_web_mm: float) -> str | None:
    """What breaks the minimum web (see ``web_problem_at``), or None."""
    found = web_problem_at(solid, skeleton, min_web_mm)
    return None if found is None else found[0]


def _stem_points(pointer: Pointer, style: PointerStyle, mw: float) -> list[Point]:
    """The stem's centre line, from where the tip reaches the web width to the base."""
    ux = math.cos(math.radians(pointer.direction_deg))
    uy = math.sin(math.radians(pointer.direction_deg))
    tip = pointer.place.tip
    out: list[Point] = []
    s = style.tip_length_mm * (mw / style.width_mm) + mw / 2.0 + 0.05
    while s < pointer.length_mm and len(out) < 400:
        out.append((tip[0] + ux * s, tip[1] + uy * s))
        s += 1.0
    return out


def _culprit(
    pointers: list[Pointer], band_stars: list[BandStar], where: Point | None
) -> str | None:
    """The star whose pointer or notch lies nearest a broken web (within 4 mm)."""
    if where is None:
        return None
    here = ShPoint(where)
    best: tuple[float, str] | None = None
    for p in pointers:
        d = p.polygon.distance(here)
        if best is None or d < best[0]:
            best = (d, p.place.star.name)
    for b in band_stars:
        if b.notch is not None:
            d = max(0.0, math.dist(b.notch.center, where) - b.notch.r)
            if best is None or d < best[0]:
                best = (d, b.place.star.name)
    return best[1] if best is not None and best[0] < 4.0 else None


def _skeleton_points(
    drawing: ReteDrawing, re: float, band_in: float, strut_w: float
) -> list[Point]:
    """Points along the middle of every designed element (ring, bands, strut, hub)."""
    cx, cy = drawing.frame.center_mm
    ecl = drawing.ecliptic.circle
    pts: list[Point] = []
    for k in range(360):
        t = math.radians(k)
        r_ring = (drawing.outer_radius_mm + drawing.ring_inner_mm) / 2.0
        pts.append((cx + r_ring * math.cos(t), cy + r_ring * math.sin(t)))
        r_band = (ecl.r + band_in) / 2.0
        pts.append((ecl.cx + r_band * math.cos(t), ecl.cy + r_band * math.sin(t)))
        pts.append((cx + re * math.cos(t), cy + re * math.sin(t)))
    y = -drawing.ring_inner_mm
    while y < drawing.ring_inner_mm:
        if abs(y) > drawing.pivot_radius_mm + 1.0:
            pts.append((cx, cy + y))
        y += 1.0
    return pts


def _as_circle(contour: Contour) -> Shape:
    if len(contour.pieces) == 1 and isinstance(contour.pieces[0], Arc):
        a = contour.pieces[0]
        if abs(abs(a.sweep_rad) - 2.0 * math.pi) < 1e-9:
            return Circle(a.cx, a.cy, a.r)
    return contour


def _ecliptic_scores(
    ring: EclipticRing, include_edges: bool, keepouts: list[OutsideBox] | None = None
) -> list[tuple[Shape, Weight]]:
    """The ring's ticks and zone circles (and edges), cut around the marks of band stars."""
    keep = list(keepouts or [])
    out: list[tuple[Shape, Weight]] = []
    for tick in (*ring.longitude_ticks, *ring.calendar_ticks):
        pieces: list[Segment] = clip_segment(tick.segment, keep) if keep else [tick.segment]
        out.extend((piece, tick.weight) for piece in pieces)
    c = ring.circle
    circles: list[tuple[Circle, Weight]] = [
        (Circle(c.cx, c.cy, r), "fine") for r in ring.zone_radii_mm
    ]
    if include_edges:
        circles += [(c, "heavy"), (ring.band_inner, "normal")]
    for circle, weight in circles:
        arcs: list[Circle | Arc] = clip_circle(circle, keep) if keep else [circle]
        out.extend((piece, weight) for piece in arcs)
    return out


@dataclass(frozen=True)
class BandStar:
    """A star lying on the ecliptic band: an engraved mark (or, on a cut-out rete, a notch
    centred on the star when it is too near the band's edge for a mark) and its name."""

    place: StarPlace
    mark: FilledPolygon | None
    notch: Circle | None
    label: TextBox
    keepouts: tuple[OutsideBox, ...]


def _notch_clear(drawing: ReteDrawing, notch: Circle, min_web_mm: float) -> bool:
    """A notch may only bite the ecliptic band: it keeps a web clear of the noon strut, the
    equator band and the outer ring."""
    cx, cy = drawing.frame.center_mm
    rho = math.dist(notch.center, (cx, cy))
    reach = notch.r + min_web_mm
    return (
        abs(notch.cx - cx) >= reach + drawing.strut_width_mm / 2.0
        and abs(rho - drawing.frame.equator_radius_mm) >= reach + drawing.equator_half_mm
        and rho <= drawing.ring_inner_mm - reach
    )


def _band_mark_size(place: StarPlace, h: float) -> float:
    """Size of the engraved mark of a star on the band, brighter = larger (mm)."""
    mag = place.star.vmag if place.star.vmag is not None else 3.0
    return h * (0.95 - 0.12 * max(-1.0, min(3.0, mag)))


def _square(p: Point, half: float) -> OutsideBox:
    return OutsideBox(
        (
            (p[0] - half, p[1] - half),
            (p[0] + half, p[1] - half),
            (p[0] + half, p[1] + half),
            (p[0] - half, p[1] + half),
        )
    )


def _band_stars(
    drawing: ReteDrawing,
    places: list[StarPlace],
    labels: Labels,
    h: float,
    allow_notch: bool,
    min_web_mm: float,
    reach_mm: float = 0.0,
) -> list[BandStar]:
    """Stars on the ecliptic band, brightest first: mark (or notch) and a name in the band's
    sign zone (or beside the mark when the mark is in that zone), clear of every other label
    and of the sign-boundary ticks."""
    ring = drawing.ecliptic
    c = ring.circle
    r_in = ring.inner_radius_mm
    z2 = ring.zone_radii_mm[1]
    sign_mid = (z2 + r_in) / 2.0
    boundaries = [
        t.segment
        for t in ring.longitude_ticks
        if isinstance(t.value, float) and int(t.value) % 30 == 0
    ]
    boundary_lines = [LineString([b.p0, b.p1]) for b in boundaries]
    out: list[BandStar] = []
    taken: list[Polygon] = []
    for place in places:
        tip = place.tip
        rho = math.dist(tip, c.center)
        if not r_in - reach_mm < rho < c.r + reach_mm:
            continue
        size = _band_mark_size(place, h)
        edge = min(c.r - rho, rho - r_in)
        notch = None
        mark = None
        width = c.r - r_in
        if edge >= size / 2.0 + 0.15 or not allow_notch:
            mark = _star_mark(tip, size)
            body = ShPoint(tip).buffer(size / 2.0)
        elif edge > 0.0 and 2.0 * edge + 0.45 * size <= width / 2.0 - 0.6 * min_web_mm:
            notch = Circle(tip[0], tip[1], edge + 0.45 * size)
            body = ShPoint(tip).buffer(notch.r)
            if not _notch_clear(drawing, notch, min_web_mm):
                continue
        else:
            continue
        if not labels.fits(tip, size / 2.0 + 0.2) or any(body.intersects(t) for t in taken):
            continue
        cap = 0.62
        w = text_width_mm(place.star.name, cap * h)
        phi = math.atan2(tip[1] - c.cy, tip[0] - c.cx)
        if rho > z2:  # mark in the calendar or degree zone: name inwards, in the sign zone
            radius = sign_mid
            offsets = [0.0]
            for k in range(1, 9):
                offsets += [k * 1.2, -k * 1.2]
        else:  # mark in the sign zone: name beside it along the band
            radius = rho
            base_off = size / 2.0 + 0.45 + w / 2.0
            offsets = []
            for k in range(5):
                offsets += [base_off + k * 1.0, -(base_off + k * 1.0)]
        anchors = []
        for off in offsets:
            t = phi + off / radius
            anchors.append((c.cx + radius * math.cos(t), c.cy + radius * math.sin(t)))
        box = None
        for anchor in anchors:
            rotation = tangent_rotation_deg(c.center, anchor)
            trial = Polygon(
                place_text(place.star.name, anchor, cap * h, rotation_deg=rotation).corners
            )
            if any(trial.intersects(line) for line in boundary_lines):
                continue
            if trial.intersects(body.buffer(0.2)) or any(trial.intersects(t) for t in taken):
                continue
            box = labels.place(
                place.star.name, anchor, rotation_deg=rotation, scale=cap, keepout=False
            )
            if box is not None:
                break
        if box is None:
            continue
        keep = (_square(tip, (notch.r if notch else size / 2.0) + 0.25), _box_keepout(box))
        taken.extend([body, Polygon(box.corners)])
        out.append(BandStar(place, mark, notch, box, keep))
    return out


def _box_keepout(box: TextBox, gap: float = 0.25) -> OutsideBox:
    """The label's box grown by ``gap`` on every side (lines stop there)."""
    c0, c1, _, c3 = box.corners
    w, h = math.dist(c0, c1), math.dist(c0, c3)
    e1 = ((c1[0] - c0[0]) / w, (c1[1] - c0[1]) / w)
    e2 = ((c3[0] - c0[0]) / h, (c3[1] - c0[1]) / h)
    mx, my = box.center
    a, b = w / 2.0 + gap, h / 2.0 + gap
    return OutsideBox(
        tuple(  # type: ignore[arg-type]
            (mx + sa * a * e1[0] + sb * b * e2[0], my + sa * a * e1[1] + sb * b * e2[1])
            for sa, sb in ((-1, -1), (1, -1), (1, 1), (-1, 1))
        )
    )


# --------------------------------------------------------------------------- transparent style


def _star_mark(p: Point, size_mm: float) -> FilledPolygon:
    """A four-pointed filled star centred exactly on the star's place."""
    pts = []
    for k in range(8):
        r = size_mm / 2.0 if k % 2 == 0 else size_mm / 7.0
        t = math.radians(45.0 * k - 90.0)
        pts.append((p[0] + r * math.cos(t), p[1] + r * math.sin(t)))
    return FilledPolygon((tuple(pts),))


def _draw_transparent(
    drawing: ReteDrawing,
    design: Design,
    options: ReteOptions,
    places: list[StarPlace],
    labels: Labels,
    h: float,
    eps: float,
) -> None:
    frame = drawing.frame
    cx, cy = frame.center_mm
    r_out, r_lim = drawing.outer_radius_mm, drawing.limit_radius_mm
    ecl = drawing.ecliptic.circle
    band_in = drawing.ecliptic.inner_radius_mm
    drawing.cut_outer.append(Circle(cx, cy, r_out))
    drawing.cut_inner.append(Circle(cx, cy, drawing.pivot_radius_mm))

    # stars: marks and names, brightest first; a name tries right, left, above, below
    band = annulus(ecl.cx, ecl.cy, band_in, ecl.r)
    limit_disc = Circle(cx, cy, r_lim - 0.2)
    placed_marks: list[Point] = []
    mark_keepouts: list[OutsideBox] = []
    for place in places:
        tip = place.tip
        r_tip = math.dist(tip, (cx, cy))
        if r_tip > r_lim - 0.6 * h or r_tip < drawing.hub_radius_mm + h:
            continue
        if band.distance(ShPoint(tip)) < 0.6 * h:
            continue
        if any(math.dist(tip, q) < 1.2 * h for q in placed_marks):
            continue
        mag = place.star.vmag if place.star.vmag is not None else 3.0
        size = h * (1.25 - 0.18 * max(-1.0, min(3.0, mag)))
        label_h = 0.8
        offset = size / 2.0 + 0.45 * h
        box = None
        if not labels.fits(tip, size / 2.0 + 0.2):
            continue
        around: tuple[tuple[float, float, HAlign, VAlign], ...] = (
            (offset, 0.0, "left", "middle"),
            (-offset, 0.0, "right", "middle"),
            (0.0, -offset, "center", "bottom"),
            (0.0, offset, "center", "top"),
            (0.7 * offset, -0.7 * offset, "left", "bottom"),
            (-0.7 * offset, -0.7 * offset, "right", "bottom"),
            (0.7 * offset, 0.7 * offset, "left", "top"),
            (-0.7 * offset, 0.7 * offset, "right", "top"),
        )
        for dx, dy, halign, valign in around:
            anchor = (tip[0] + dx, tip[1] + dy)
            trial = place_text(
                place.star.name,
                anchor,
                h * label_h,
                halign=halign,
                valign=valign,
            )
            trial_poly = Polygon(trial.corners)
            if band.intersects(trial_poly) or any(
                trial_poly.distance(ShPoint(q)) < 0.6 for q in placed_marks
            ):
                continue
            box = labels.place(
                place.star.name,
                anchor,
                halign=halign,
                valign=valign,
                scale=label_h,
                inside=limit_disc,
            )
            if box is not None:
                break
        if box is None:
            continue
        # the mark itself keeps lines away too
        m = size / 2.0 + 0.3
        mark_keepouts.append(
            OutsideBox(
                (
                    (tip[0] - m, tip[1] - m),
                    (tip[0] + m, tip[1] - m),
                    (tip[0] + m, tip[1] + m),
                    (tip[0] - m, tip[1] + m),
                )
            )
        )
        drawing.engrave.append(_star_mark(tip, size))
        drawing.engrave.append(box.outline)
        drawing.star_labels.append(box)
        drawing.stars.append(place)
        placed_marks.append(tip)

    band_stars = drawing.band_stars
    for b in band_stars:
        if b.mark is not None:
            drawing.engrave.append(b.mark)
        drawing.engrave.append(b.label.outline)
        drawing.star_labels.append(b.label)
        drawing.stars.append(b.place)
    band_keep = [k for b in band_stars for k in b.keepouts]
    keep = [*labels.regions(), *mark_keepouts, *band_keep]
    outside_band = [Region(ecl, False)]
    inside_band = [Region(Circle(ecl.cx, ecl.cy, band_in), True)]
    hub_clear = Region(Circle(cx, cy, drawing.hub_radius_mm), False)
    limit = Region(Circle(cx, cy, r_lim), True)

    def off_band_circle(c: Circle, weight: Weight) -> None:
        for side in (outside_band, inside_band):
            for piece in clip_circle(c, [*side, *keep, hub_clear, limit]):
                drawing.score.append((piece, weight))

    # declination circles every 10 deg (equator heavier), inside the plate limit
    dec_values = [d for d in range(80, -90, -10) if frame.radius_mm(d) < r_lim - 0.5]
    for d in dec_values:
        off_band_circle(frame.parallel(float(d)), "heavy" if d == 0 else "fine")
    # tropic of the near side
    near_tropic = eps if frame.hemisphere == "north" else -eps
    off_band_circle(frame.parallel(near_tropic), "normal")
    # hour lines every hour, from the 80 deg circle to the limit
    r0 = frame.radius_mm(80.0 if frame.hemisphere == "north" else -80.0)
    for k in range(24):
        p_far = frame.sky_to_plane(-15.0 * k, 0.0)
        ux, uy = p_far[0] - cx, p_far[1] - cy
        n = math.hypot(ux, uy)
        seg = Segment(
            (cx + ux / n * r0, cy + uy / n * r0), (cx + ux / n * r_lim, cy + uy / n * r_lim)
        )
        for side in (outside_band, inside_band):
            for piece in clip_segment(seg, [*side, *keep]):
                drawing.score.append((piece, "normal" if k % 6 else "heavy"))
    # outer ring: limit circle, hour ticks, Aries index
    drawing.score.append((Circle(cx, cy, r_lim), "normal"))
    drawing.score.extend(_hour_ticks(frame, r_out, r_lim))
    drawing.engrave.append(_aries_index(frame, r_out, r_out - r_lim))
    # ecliptic ring, drawn whole (labels inside it are placed clear of its ticks)
    drawing.score.extend(_ecliptic_scores(drawing.ecliptic, True, band_keep))
    drawing.engrave.extend(box.outline for box in drawing.ecliptic.labels)

    if options.mirror_engrave:
        drawing.score = [(mirror_x(s, cx), w) for s, w in drawing.score]
        drawing.engrave = [mirror_x(s, cx) for s in drawing.engrave]  # type: ignore[misc]


# --------------------------------------------------------------------------- the part


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
    cx = center[0]
    stars: list[dict[str, Any]] = []
    for place in drawing.stars:
        tip = place.tip
        if mirrored:
            tip = (2.0 * cx - tip[0], tip[1])
        stars.append(
            {
                "name": place.star.name,
                "ra_h": round(place.ra_h, 7),
                "dec_deg": round(place.dec_deg, 6),
                "tip_mm": [round(tip[0], 5), round(tip[1], 5)],
            }
        )
    part.meta.update(
        {
            "equator_radius_mm": layout.equator_radius_mm,
            "limit_radius_mm": layout.limit_radius_mm,
            "mirrored": mirrored,
            "style": options.style,
            "min_web_mm": options.min_web_mm,
            "sidereal_time_h": 0.0,
            "ecliptic": {
                "center_mm": [
                    round(drawing.ecliptic.circle.cx, 5),
                    round(drawing.ecliptic.circle.cy, 5),
                ],
                "radius_mm": round(drawing.ecliptic.circle.r, 5),
            },
            "stars": stars,
            "stars_left_out": drawing.left_out,
        }
    )
    return part


__all__ = [
    "RETE_STYLES",
    "Line",
    "ReteDrawing",
    "ReteOptions",
    "band_width_mm",
    "draw_rete",
    "rete_options",
    "rete_part",
]
