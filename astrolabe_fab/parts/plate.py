"""The climate plate (tympan) for one latitude, both hemispheres, any latitude in [-90, 90].

Every circle on the sky (almucantars, azimuths, twilight, equator, tropics, houses) is drawn as
the exact projected circle or line (see geometry.projection) clipped analytically to where it
belongs: inside the plate limit, above or below the horizon, outside the crowded zenith disc and
outside the keep-out circle of every label. Only the unequal hours are not circles; they are
sampled to a chord error below 0.01 mm.

Degenerate latitudes fall out of the same construction:
- 0°: the horizon passes through the projection pole, so it is a straight line (the east-west
  line through the pivot); the unequal hours become the straight hour lines.
- +-90°: the zenith is the pivot, the horizon is the equator, almucantars are concentric and the
  azimuths are radial lines; the Sun neither rises nor sets on any day circle, so there are no
  unequal hours.
- beyond the polar circles (|lat| > 90 - eps): the horizon crosses the plate limit; unequal hours
  exist only for the declinations on which the Sun rises and sets, and run into the horizon.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely

from ..design import TWILIGHT_DEPRESSION_DEG, Design, latitude_tag
from ..geometry.primitives import (
    Arc,
    Circle,
    Clip,
    Contour,
    Line,
    OutsideBox,
    Point,
    Region,
    Segment,
    Shape,
    circle_through,
    clip_curve,
    clip_polyline,
    clip_segment,
)
from ..geometry.projection import Frame, horizontal_vector, sky_vector
from ..geometry.sampling import sample_curve
from ..scene import Part, Weight
from .labels import Labels, cut_zone
from .layout import Layout
from .plate_labels import (
    LabelRecord,
    Placer,
    PlateSky,
    Zones,
    place_altitudes,
    place_azimuths,
    place_hours,
    place_houses,
    place_latitude,
    place_line_names,
    place_twilight,
)
from .plate_sky import unequal_hour_point as _unequal_hour_point
from .registration import NOTCH_DEPTH_MM as NOTCH_DEPTH_MM
from .registration import PIN_NOTCH_WIDTH_MM, notch_keepout, plate_notch


@dataclass
class DrawnCurve:
    """One curve of the plate: what it is, its exact full form, and the pieces drawn of it."""

    kind: str
    value: float
    full: Circle | Line | None
    pieces: list[Shape]
    weight: Weight = "normal"


@dataclass
class PlateDrawing:
    """Everything drawn on a plate, kept apart by kind so tests can check each family."""

    frame: Frame
    latitude_deg: float
    limit: Circle
    plate_radius_mm: float
    curves: list[DrawnCurve] = field(default_factory=list)
    labels: Labels | None = None
    azimuth_stop_altitude_deg: float = 90.0
    trims: list[Circle | Line] = field(default_factory=list)
    label_records: list[LabelRecord] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[DrawnCurve]:
        return [c for c in self.curves if c.kind == kind]


# --------------------------------------------------------------------------- helpers


def unequal_hours_dec_range(lat_deg: float, obliquity_deg: float) -> tuple[float, float] | None:
    """Declinations between the tropics on which the Sun both rises and sets at this latitude."""
    if abs(lat_deg) >= 90.0 - 1e-9:
        return None
    limit = min(obliquity_deg, 90.0 - abs(lat_deg) - 1e-6)
    if limit <= 0.0:
        return None
    return (-limit, limit)


def plate_outline(
    center: Point, radius_mm: float, notch_width_mm: float, notch_depth_mm: float
) -> Contour:
    """Plate edge: a circle with a rectangular registration notch at the noon line (top)."""
    cx, cy = center
    half = notch_width_mm / 2.0
    alpha = math.asin(half / radius_mm)
    top = -math.pi / 2.0
    arc = Arc(cx, cy, radius_mm, top + alpha, 2.0 * math.pi - 2.0 * alpha)
    y_edge = cy - math.sqrt(radius_mm**2 - half**2)
    y_in = y_edge + notch_depth_mm
    left_top, right_top = (cx - half, y_edge), (cx + half, y_edge)
    return Contour(
        (
            arc,
            Segment(left_top, (cx - half, y_in)),
            Segment((cx - half, y_in), (cx + half, y_in)),
            Segment((cx + half, y_in), right_top),
        )
    )


#: Registration notch of a flat mater's plate at the noon line (``registration.plate_notch``).
NOTCH_WIDTH_MM = PIN_NOTCH_WIDTH_MM


# --------------------------------------------------------------------------- the plate


def draw_plate(design: Design, layout: Layout, latitude_deg: float | None = None) -> PlateDrawing:
    """Compute every curve and label of the plate for ``latitude_deg`` (default: the design's).

    The curves are drawn once without labels, to place the labels clear of the lines they may
    not interrupt (``plate_labels``); then for good, each clipped outside the labels' boxes."""
    lat = design.latitude_deg if latitude_deg is None else latitude_deg
    _, _, center = layout.square_page(layout.plate_radius_mm)
    frame = Frame(center, layout.equator_radius_mm, "north" if lat >= 0.0 else "south")
    limit = Circle(*center, layout.limit_radius_mm)
    drawing = PlateDrawing(frame, lat, limit, layout.plate_radius_mm)
    drawing.labels = Labels(design.label_height_mm)
    drawing.labels.avoid_cuts(_plate_cut_zone(design, layout, center))
    eps = layout.obliquity_deg
    hours = unequal_hours_dec_range(lat, eps) if design.unequal_hours else None
    plan = _PlatePlan(
        horizon=frame.almucantar(0.0, lat),
        zenith=frame.vector_to_plane(sky_vector(0.0, lat)),
        pivot_clear=Region(Circle(*center, design.pivot_diameter_mm / 2.0 + 1.0), False),
        notch=notch_keepout(center, layout.plate_radius_mm, plate_notch(design)),
        near_tropic_dec=eps if lat >= 0.0 else -eps,
        hour_range=hours,
        twilight_alts=sorted(-TWILIGHT_DEPRESSION_DEG[t] for t in design.twilight),
        hour_lines=_unequal_hour_lines(frame, lat, hours),
    )
    cap = design.label_height_mm
    drawing.azimuth_stop_altitude_deg = _azimuth_stop_altitude(frame, lat, design, cap)
    bare = PlateDrawing(frame, lat, limit, layout.plate_radius_mm)
    bare.azimuth_stop_altitude_deg = drawing.azimuth_stop_altitude_deg
    _draw_curves(bare, design, layout, plan, [plan.pivot_clear, plan.notch])
    drawing.label_records = place_plate_labels(drawing, design, plan, bare)

    keep: list[Clip] = [*drawing.labels.regions(), plan.pivot_clear, plan.notch]
    trims: list[Circle | Line] = [limit, plan.horizon, plan.pivot_clear.boundary]
    trims += [line for box in (*drawing.labels.keepouts, plan.notch) for line in box.boundaries]
    trims.append(_draw_curves(drawing, design, layout, plan, keep))
    drawing.trims = trims
    return drawing


@dataclass(frozen=True)
class _PlatePlan:
    """The plate's sky, computed once: horizon, zenith, the keep-outs of pivot and notch, the
    near tropic, the declinations of the unequal hours and the twilight altitudes."""

    horizon: Circle | Line
    zenith: Point
    pivot_clear: Region
    notch: OutsideBox
    near_tropic_dec: float
    hour_range: tuple[float, float] | None
    twilight_alts: list[float]
    hour_lines: list[list[Point]]


def _draw_curves(
    drawing: PlateDrawing, design: Design, layout: Layout, plan: _PlatePlan, keep: list[Clip]
) -> Circle | Line:
    """Every curve of the plate, clipped inside the limit and outside ``keep``; returns the
    almucantar the azimuths stop on."""
    frame, lat, limit = drawing.frame, drawing.latitude_deg, drawing.limit
    above = Region.side_of(plan.horizon, plan.zenith)
    curves = _Curves(drawing, keep)
    _frame_lines(curves, layout, plan.near_tropic_dec)
    add = curves.add
    # ---- horizon and almucantars
    add("horizon", 0.0, plan.horizon, [], "heavy")
    step = design.almucantar_step_deg
    for k in range(1, round(90.0 / step)):
        alt = k * step
        weight: Weight = "heavy" if alt % 10.0 == 0.0 else "normal"
        add("almucantar", alt, frame.almucantar(alt, lat), [], weight)
    stop = _azimuths(curves, design, above, plan.zenith)
    for alt in plan.twilight_alts:
        add("twilight", alt, frame.almucantar(alt, lat), [], "normal")
    # ---- unequal hours and houses (Regiomontanus), below the horizon
    if plan.hour_range is not None:  # below the horizon by construction
        _draw_unequal_hours(drawing, plan.hour_lines, [*keep, Region(limit, True)])
    if design.houses:
        _draw_houses(drawing, lat, limit, [above.complement(), *keep])
    return stop


def place_plate_labels(
    drawing: PlateDrawing, design: Design, plan: _PlatePlan, bare: PlateDrawing
) -> list[LabelRecord]:
    """Every label of the plate (``plate_labels``), kept off the lines of ``bare`` (the plate
    drawn without labels) that they do not name; returns their records."""
    assert drawing.labels is not None
    sky = PlateSky(drawing.frame, drawing.latitude_deg, drawing.limit)
    pivot = plan.pivot_clear.boundary
    assert isinstance(pivot, Circle)
    zones = Zones((c.kind, c.pieces) for c in bare.curves)
    forbidden = [shapely.Point(pivot.center).buffer(pivot.r), shapely.Polygon(plan.notch.corners)]
    placer = Placer(drawing.labels, zones, drawing.limit, forbidden)
    drawn = [c.value for c in bare.of_kind("almucantar") if c.pieces]
    place_azimuths(placer, sky, design.azimuth_step_deg)
    place_altitudes(placer, sky, drawn)
    if design.latin_labels:
        place_line_names(placer, sky)
    if plan.hour_range is not None:
        place_hours(placer, sky, plan.hour_range)
    if design.houses:
        place_houses(placer, sky)
    place_twilight(placer, sky, plan.twilight_alts, design.latin_labels)
    if design.plate_label:
        place_latitude(placer, sky, design.pivot_diameter_mm / 2.0)
    return placer.records


def _line_names(design: Design, records: list[LabelRecord]) -> dict[str, dict[str, bool]]:
    """The manifest's record of the Treatise's words on the east-west line (``latin_labels``):
    which of ORIENS and OCCIDENS found room."""
    if not design.latin_labels:
        return {}
    texts = {r.text for r in records if r.kind == "line_name"}
    return {"line_names": {word: word in texts for word in ("ORIENS", "OCCIDENS")}}


@dataclass
class _Curves:
    """Adds the plate's curves, each clipped inside the limit and outside ``keep``."""

    drawing: PlateDrawing
    keep: list[Clip]
    #: centre x, centre y and reach of every box of ``keep`` (rows in the order of ``keep``;
    #: other regions get an infinite reach)
    _boxes: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        self._boxes = np.asarray(
            [
                (*r.center, r.reach_mm) if isinstance(r, OutsideBox) else (0.0, 0.0, math.inf)
                for r in self.keep
            ],
            dtype=float,
        ).reshape(-1, 3)

    def add(
        self,
        kind: str,
        value: float,
        full: Circle | Line,
        regions: list[Region],
        weight: Weight = "normal",
    ) -> None:
        pieces = clip_curve(full, self.drawing.limit, [*regions, *self.near(full)])
        self.drawing.curves.append(DrawnCurve(kind, value, full, pieces, weight))

    def near(self, full: Circle | Line) -> list[Clip]:
        """The regions of ``keep`` that may touch the circle ``full`` (all of them for a line):
        the boxes ``clip_circle`` would leave out (``_near_circle``: the circle's distance from
        the box's centre beyond its reach) are left out at once, with a margin over rounding,
        so ``clip_circle`` gets the same regions it would keep."""
        if not isinstance(full, Circle) or not len(self.keep):
            return self.keep
        b = self._boxes
        gap = np.abs(np.hypot(b[:, 0] - full.cx, b[:, 1] - full.cy) - full.r)
        with np.errstate(invalid="ignore"):
            near = ~(gap > b[:, 2] + 1e-6)
        return [r for r, n in zip(self.keep, near.tolist(), strict=True) if n]


def _frame_lines(curves: _Curves, layout: Layout, near_tropic_dec: float) -> None:
    """The limit, the equator, the tropic within the limit, the meridian and east-west line."""
    drawing = curves.drawing
    frame, limit = drawing.frame, drawing.limit
    limit_pieces = clip_curve(limit, Circle(*limit.center, limit.r + 1.0), curves.keep)
    drawing.curves.append(DrawnCurve("limit", layout.limit_dec_deg, limit, limit_pieces, "heavy"))
    curves.add("equator", 0.0, frame.parallel(0.0), [], "heavy")
    curves.add("tropic", near_tropic_dec, frame.parallel(near_tropic_dec), [], "normal")
    cx, cy = frame.center_mm
    r = layout.limit_radius_mm
    for kind, seg in (
        ("meridian", Segment((cx, cy - r), (cx, cy + r))),
        ("east_west", Segment((cx - r, cy), (cx + r, cy))),
    ):
        pieces = clip_segment(seg, curves.keep)
        drawing.curves.append(
            DrawnCurve(kind, 0.0, Line.through(seg.p0, seg.p1), list(pieces), "normal")
        )


def _azimuths(curves: _Curves, design: Design, above: Region, zenith: Point) -> Circle | Line:
    """Azimuth circles above the horizon, stopped where they crowd round the zenith (the prime
    vertical runs on to the zenith); returns the stopping almucantar."""
    drawing = curves.drawing
    lat = drawing.latitude_deg
    stop_circle = drawing.frame.almucantar(drawing.azimuth_stop_altitude_deg, lat)
    outside_stop = Region.side_of(stop_circle, zenith).complement()
    az_step = design.azimuth_step_deg
    for k in range(1, round(180.0 / az_step)):
        az = k * az_step
        regions = [above] if az == 90.0 else [above, outside_stop]
        curves.add(
            "azimuth",
            az,
            drawing.frame.azimuth_circle(az, lat),
            regions,
            "heavy" if az == 90.0 else "normal",
        )
    return stop_circle


def _azimuth_stop_altitude(frame: Frame, lat: float, design: Design, cap: float) -> float:
    """Highest almucantar (a multiple of the almucantar step) where neighbouring azimuth lines
    are still at least max(1.2 mm, 0.6 cap) apart; the azimuths stop on it."""
    n_lines = 360.0 / design.azimuth_step_deg
    spacing = max(1.2, 0.6 * cap)
    step = design.almucantar_step_deg
    alt = 90.0 - step
    while alt > 45.0:
        circle = frame.almucantar(alt, lat)
        if isinstance(circle, Circle) and 2.0 * math.pi * circle.r / n_lines >= spacing:
            return alt
        alt -= step
    return alt


def _unequal_hour_lines(
    frame: Frame, lat: float, dec_range: tuple[float, float] | None
) -> list[list[Point]]:
    """The unequal-hour lines 1-11 sampled over ``dec_range`` (none without it): sampled once,
    clipped twice (without the labels, then outside them)."""
    if dec_range is None:
        return []
    lines = []
    for k in range(1, 12):

        def curve(dec: float, hour: float = float(k)) -> Point:
            return _unequal_hour_point(frame, lat, hour, dec)

        lines.append(sample_curve(curve, dec_range[0], dec_range[1]))
    return lines


def _draw_unequal_hours(
    drawing: PlateDrawing, lines: Sequence[list[Point]], regions: Sequence[Clip]
) -> None:
    for k, line in enumerate(lines, start=1):
        # a label's box beside the line's bounding box cannot touch any chord (``clip_segment``
        # would leave it out chord by chord): left out once for the line
        xs, ys = [p[0] for p in line], [p[1] for p in line]
        near = [r for r in regions if isinstance(r, Region) or _overlaps(r.bounds, xs, ys)]
        pieces = clip_polyline(line, near)
        drawing.curves.append(DrawnCurve("unequal_hour", float(k), None, list(pieces), "normal"))


def _overlaps(bounds: tuple[float, float, float, float], xs: list[float], ys: list[float]) -> bool:
    """Whether a box's bounds (min x, min y, max x, max y) meet the bounding box of points."""
    if not xs:
        return False
    x0, y0, x1, y1 = bounds
    return not (max(xs) < x0 or min(xs) > x1 or max(ys) < y0 or min(ys) > y1)


def _draw_houses(drawing: PlateDrawing, lat: float, limit: Circle, regions: Sequence[Clip]) -> None:
    """Regiomontanus house circles: great circles through the north and south points of the
    horizon that divide the celestial equator into twelve equal parts from the east point."""
    frame = drawing.frame
    axis_points = [horizontal_vector(0.0, az, lat) for az in (0.0, 180.0)]
    for i in (1, 2, 4, 5):  # cusps 0 and 3 are the horizon and the meridian
        eq_pt = frame.sky_to_plane(90.0 + 30.0 * i, 0.0)
        finite = [
            frame.vector_to_plane(v)
            for v in axis_points
            if 1.0 + (1.0 if frame.hemisphere == "north" else -1.0) * v[2] > 1e-12
        ]
        full = (
            circle_through(finite[0], finite[1], eq_pt)
            if len(finite) == 2
            else Line.through(finite[0], eq_pt)
        )
        pieces = clip_curve(full, limit, regions)
        drawing.curves.append(DrawnCurve("house", float(i), full, pieces, "fine"))


# --------------------------------------------------------------------------- the part


def _plate_cut_zone(design: Design, layout: Layout, center: Point) -> shapely.Geometry:
    """Where the plate's labels may not go: near the pivot hole or the edge and its notch."""
    r = layout.plate_radius_mm
    cx, cy = center
    disc = shapely.Point(cx, cy).buffer(r, quad_segs=64)
    size = plate_notch(design)
    half = size.width_mm / 2.0
    notch = shapely.box(cx - half, cy - r - 1.0, cx + half, cy - r + size.depth_mm + 0.05)
    return cut_zone([Circle(cx, cy, design.pivot_diameter_mm / 2.0)], disc.difference(notch))


def plate_part(design: Design, layout: Layout, latitude_deg: float | None = None) -> Part:
    """The plate as a scene part (SPEC §2 name ``plate-<lat>``)."""
    drawing = draw_plate(design, layout, latitude_deg)
    lat = drawing.latitude_deg
    width, height, center = layout.square_page(layout.plate_radius_mm)
    part = Part(f"plate-{latitude_tag(lat)}", width, height, center)
    for curve in drawing.curves:
        part.extend("SCORE", curve.pieces, curve.weight)
    assert drawing.labels is not None
    for box in drawing.labels.boxes:
        part.add("ENGRAVE", box.outline)
    part.add("CUT_INNER", Circle(*center, design.pivot_diameter_mm / 2.0))
    notch = plate_notch(design)
    part.add(
        "CUT_OUTER", plate_outline(center, layout.plate_radius_mm, notch.width_mm, notch.depth_mm)
    )
    part.meta.update(
        {
            "latitude_deg": lat,
            "hemisphere": drawing.frame.hemisphere,
            "equator_radius_mm": layout.equator_radius_mm,
            "limit_radius_mm": layout.limit_radius_mm,
            "plate_radius_mm": layout.plate_radius_mm,
            "azimuth_stop_altitude_deg": drawing.azimuth_stop_altitude_deg,
            "mirrored": False,
            "labels": [r.as_dict() for r in drawing.label_records],
            **_line_names(design, drawing.label_records),
        }
    )
    return part
