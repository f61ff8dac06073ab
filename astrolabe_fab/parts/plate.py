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

import shapely

from ..design import TWILIGHT_DEPRESSION_DEG, Design, latitude_tag
from ..geometry.primitives import (
    Arc,
    Circle,
    Clip,
    Contour,
    Line,
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
from ..text import text_width_mm
from .labels import Labels, cut_zone
from .layout import Layout
from .plate_words import place_line_names, twilight_text
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
    line_names: dict[str, bool] = field(default_factory=dict)

    def of_kind(self, kind: str) -> list[DrawnCurve]:
        return [c for c in self.curves if c.kind == kind]


# --------------------------------------------------------------------------- helpers


def _unequal_hour_point(frame: Frame, lat_deg: float, hour: float, dec_deg: float) -> Point:
    """Night hour ``hour`` (0 at sunset, 12 at sunrise) on the day circle of declination d.

    Semi-diurnal arc H0 = acos(-tan(phi) tan(d)); the night runs from H0 to 360 - H0, so
    hour k stands at H = H0 + k (360 - 2 H0) / 12 (e.g. Morrison, "The Astrolabe", ch. 7).
    """
    h0 = math.degrees(
        math.acos(_clamp(-math.tan(math.radians(lat_deg)) * math.tan(math.radians(dec_deg))))
    )
    return frame.sky_to_plane(h0 + hour * (360.0 - 2.0 * h0) / 12.0, dec_deg)


def _clamp(x: float) -> float:
    return max(-1.0, min(1.0, x))


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

    Labels are placed first; every line is then clipped outside their keep-out circles."""
    lat = design.latitude_deg if latitude_deg is None else latitude_deg
    _, _, center = layout.square_page(layout.plate_radius_mm)
    frame = Frame(center, layout.equator_radius_mm, "north" if lat >= 0.0 else "south")
    limit = Circle(*center, layout.limit_radius_mm)
    drawing = PlateDrawing(frame, lat, limit, layout.plate_radius_mm)
    drawing.labels = Labels(design.label_height_mm)
    drawing.labels.avoid_cuts(_plate_cut_zone(design, layout, center))

    zenith = frame.vector_to_plane(sky_vector(0.0, lat))
    horizon = frame.almucantar(0.0, lat)
    above = Region.side_of(horizon, zenith)
    pivot_clear = Region(Circle(*center, design.pivot_diameter_mm / 2.0 + 1.0), False)
    eps = layout.obliquity_deg
    near_tropic_dec = eps if lat >= 0.0 else -eps
    hour_range = unequal_hours_dec_range(lat, eps) if design.unequal_hours else None
    twilight_alts = sorted(-TWILIGHT_DEPRESSION_DEG[t] for t in design.twilight)
    _place_labels(drawing, design, horizon, near_tropic_dec, hour_range, twilight_alts)

    notch = notch_keepout(center, layout.plate_radius_mm, plate_notch(design))
    keep: list[Clip] = [*drawing.labels.regions(), pivot_clear, notch]
    trims: list[Circle | Line] = [limit, horizon, pivot_clear.boundary]
    trims += [line for box in (*drawing.labels.keepouts, notch) for line in box.boundaries]
    curves = _Curves(drawing, keep)
    _frame_lines(curves, layout, near_tropic_dec)
    add = curves.add
    # ---- horizon and almucantars
    add("horizon", 0.0, horizon, [], "heavy")
    step = design.almucantar_step_deg
    for k in range(1, round(90.0 / step)):
        alt = k * step
        weight: Weight = "heavy" if alt % 10.0 == 0.0 else "normal"
        add("almucantar", alt, frame.almucantar(alt, lat), [], weight)
    trims.append(_azimuths(curves, design, above, zenith))
    for alt in twilight_alts:
        add("twilight", alt, frame.almucantar(alt, lat), [], "normal")
    # ---- unequal hours and houses (Regiomontanus), below the horizon
    if hour_range is not None:  # below the horizon by construction
        _draw_unequal_hours(drawing, hour_range, [*keep, Region(limit, True)])
    if design.houses:
        _draw_houses(drawing, lat, limit, [above.complement(), *keep])
    drawing.trims = trims
    return drawing


def _place_labels(
    drawing: PlateDrawing,
    design: Design,
    horizon: Circle | Line,
    near_tropic_dec: float,
    hour_range: tuple[float, float] | None,
    twilight_alts: list[float],
) -> None:
    """Every label of the plate, and the altitude where the azimuths stop (clear of theirs)."""
    lat, cap = drawing.latitude_deg, design.label_height_mm
    toward_top_az = 180.0 if lat >= 0.0 else 0.0  # azimuth of the upper meridian's horizon side
    _place_latitude_label(drawing, design, horizon, near_tropic_dec, cap)
    _place_almucantar_labels(drawing, toward_top_az)
    drawing.azimuth_stop_altitude_deg = _azimuth_stop_altitude(drawing.frame, lat, design, cap)
    _place_azimuth_labels(drawing, design, cap)
    if hour_range is not None:
        _place_hour_labels(drawing, hour_range, cap)
    _place_twilight_labels(drawing, twilight_alts, toward_top_az, design.latin_labels)
    if design.latin_labels:
        assert drawing.labels is not None
        drawing.line_names = place_line_names(
            drawing.labels, drawing.frame.center_mm, drawing.limit.r, drawing.frame.hemisphere
        )


@dataclass
class _Curves:
    """Adds the plate's curves, each clipped inside the limit and outside ``keep``."""

    drawing: PlateDrawing
    keep: list[Clip]

    def add(
        self,
        kind: str,
        value: float,
        full: Circle | Line,
        regions: list[Region],
        weight: Weight = "normal",
    ) -> None:
        pieces = clip_curve(full, self.drawing.limit, [*regions, *self.keep])
        self.drawing.curves.append(DrawnCurve(kind, value, full, pieces, weight))


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


def _place_latitude_label(
    drawing: PlateDrawing,
    design: Design,
    horizon: Circle | Line,
    near_tropic_dec: float,
    cap: float,
) -> None:
    """Write the latitude on the lower meridian where no circle of the plate passes."""
    if not design.plate_label:
        return
    labels = drawing.labels
    assert labels is not None
    frame = drawing.frame
    cx, cy = frame.center_mm
    text = f"{abs(drawing.latitude_deg):.2f}° {'N' if drawing.latitude_deg >= 0 else 'S'}"
    avoid: list[Circle | Line] = [
        horizon,
        frame.parallel(0.0),
        frame.parallel(near_tropic_dec),
        drawing.limit,
    ]
    avoid += [
        frame.almucantar(-TWILIGHT_DEPRESSION_DEG[t], drawing.latitude_deg) for t in design.twilight
    ]
    scale = 1.2
    r_min = design.pivot_diameter_mm / 2.0 + 2.5 * cap
    r_max = drawing.limit.r - 2.0 * cap
    steps = 200
    half_w = text_width_mm(text, cap * scale) / 2.0
    for sign in (1.0, -1.0):  # lower meridian first, then the upper one
        for i in range(steps + 1):
            rad = r_max - (r_max - r_min) * i / steps
            anchor = (cx, cy + sign * rad)
            clear = all(_clear_of(anchor, half_w, cap * scale / 2.0, c) for c in avoid)
            if clear and labels.place(text, anchor, scale=scale, inside=drawing.limit):
                return


def _clear_of(anchor: Point, half_w: float, half_h: float, curve: Circle | Line) -> bool:
    reach = math.hypot(half_w, half_h) + 1.0
    if isinstance(curve, Circle):
        return abs(math.dist(anchor, curve.center) - curve.r) > reach
    return abs(curve.signed_distance(anchor)) > reach


def _place_almucantar_labels(drawing: PlateDrawing, toward_top_az: float) -> None:
    """Every 10° almucantar is numbered where it crosses the upper meridian."""
    labels = drawing.labels
    assert labels is not None
    for alt in range(10, 90, 10):
        p = drawing.frame.vector_to_plane(
            horizontal_vector(alt, toward_top_az, drawing.latitude_deg)
        )
        labels.place(str(alt), p, inside=drawing.limit)


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


def _place_azimuth_labels(drawing: PlateDrawing, design: Design, cap: float) -> None:
    """Azimuths (0-360 from north, east = 90) are numbered just above the horizon, the
    multiples of 30° first so that, where space runs short, those are the ones kept."""
    labels = drawing.labels
    assert labels is not None
    frame, lat = drawing.frame, drawing.latitude_deg
    step = design.azimuth_step_deg
    azimuths = [k * step for k in range(round(360.0 / step))]
    azimuths.sort(key=lambda a: (a % 30.0 != 0.0, a))
    for az in azimuths:
        text = f"{az:g}"
        half = math.hypot(0.6 * len(text) * cap, cap) / 2.0 + labels.gap_mm + 0.4
        for alt in [0.5 * k for k in range(0, 60)]:
            p0 = frame.vector_to_plane(horizontal_vector(alt, az, lat))
            p1 = frame.vector_to_plane(horizontal_vector(alt + 0.5, az, lat))
            d = math.dist(p0, p1)
            if d == 0.0:
                break
            anchor = (p0[0] + (p1[0] - p0[0]) / d * half, p0[1] + (p1[1] - p0[1]) / d * half)
            if math.dist(anchor, drawing.limit.center) + half < drawing.limit.r:
                labels.place(text, anchor, inside=drawing.limit)
                break


def _place_hour_labels(drawing: PlateDrawing, dec_range: tuple[float, float], cap: float) -> None:
    """Unequal hours 1-12 are numbered in the middle of their space, near the plate limit."""
    labels = drawing.labels
    assert labels is not None
    frame, lat = drawing.frame, drawing.latitude_deg
    target_r = drawing.limit.r - 1.1 * cap - 0.8
    dec = frame.dec_at_radius(target_r)
    dec = max(dec_range[0], min(dec_range[1], dec))
    for k in range(1, 13):
        p = _unequal_hour_point(frame, lat, k - 0.5, dec)
        labels.place(str(k), p, scale=0.9, inside=drawing.limit)


def _place_twilight_labels(
    drawing: PlateDrawing, alts: list[float], toward_top_az: float, latin: bool
) -> None:
    """Twilight lines are named by their depression where they cross the lower meridian (the
    18° line CREPUSCULUM with the Latin words, plate_words)."""
    labels = drawing.labels
    assert labels is not None
    bottom_az = (toward_top_az + 180.0) % 360.0
    for alt in alts:
        p = drawing.frame.vector_to_plane(horizontal_vector(alt, bottom_az, drawing.latitude_deg))
        if math.dist(p, drawing.limit.center) < drawing.limit.r - 2.0:
            labels.place(twilight_text(-alt, latin), p, scale=0.85, inside=drawing.limit)


def _draw_unequal_hours(
    drawing: PlateDrawing, dec_range: tuple[float, float], regions: Sequence[Clip]
) -> None:
    frame, lat = drawing.frame, drawing.latitude_deg

    for k in range(1, 12):

        def curve(dec: float, hour: float = float(k)) -> Point:
            return _unequal_hour_point(frame, lat, hour, dec)

        pieces = clip_polyline(sample_curve(curve, dec_range[0], dec_range[1]), regions)
        drawing.curves.append(DrawnCurve("unequal_hour", float(k), None, list(pieces), "normal"))


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
    half = NOTCH_WIDTH_MM / 2.0
    notch = shapely.box(cx - half, cy - r - 1.0, cx + half, cy - r + NOTCH_DEPTH_MM + 0.05)
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
            **({"line_names": drawing.line_names} if drawing.line_names else {}),
        }
    )
    return part
