"""The rete's ecliptic ring: the exact projected ecliptic, its calendar and its degree scale.

The ecliptic is a great circle, so its stereographic image is a circle (Ptolemy); it is drawn
through three projected points (``Frame.sky_circle_to_plane``). Every mark of the ring is
placed at the projected point of its own ecliptic longitude, never by dividing the plane
circle evenly (the projection is not uniform along it):
- the ecliptic point of longitude lambda (latitude 0) has RA/Dec from Meeus ch. 13
  (``sky.ecliptic_to_equatorial``) and is drawn at hour angle H = -RA (rete at LST 0 h, SPEC §1);
- a tick runs from that point towards the centre of the plane circle (normal to the ring), so
  the tick touches the ecliptic exactly at its point and concentric zones can share the line.

The ring is a band inside the ecliptic circle, read from the ecliptic edge inwards:
calendar (day ticks from the ecliptic edge itself; the Sun's longitude at 12 h UT each day of the
epoch year, from astronomy-engine, so the equation of time is built in), degree scale (1°, 5°,
10°), then the signs of the zodiac (glyph and name). Sign boundaries cross the whole band.
Tick lengths, as fractions of their zone: the first of a month 1, days 10/20/30 0.55, days
5/15/25 0.42, other days 0.25 (from the ecliptic); 10° 1, 5° 0.62, other degrees 0.36 (from the
degree zone's outer edge). Heavy: sign boundaries and firsts; fine: plain days and degrees.

The calendar zone is optional (``RingScales.calendar``): the rete of Chaucer's Treatise carries
none (Part I §21: the rete holds the fixed stars and the zodiac "departed in 12 principal
divisiouns that departen the 12 signes", the calendar being on the back, I §10); without it
the band is the degree scale and the signs only, and the degree ticks start on the ecliptic.
The degree scale may be divided by two degrees (``RingScales.degree_step_deg``): "for the
streitnesse of thin Astrolabie than is every smal divisioun in a signe departed by two degrees
and two" (I §21, Skeat's text).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry import Point as ShPoint

from ..astro import sky
from ..astro.calendars import CalendarDay, CalendarSystem, year_days
from ..geometry.primitives import Circle, Point, Segment
from ..geometry.projection import Frame, ecliptic_axis
from ..scene import Weight
from ..text import TextBox, place_text, supported, tangent_rotation_deg, text_corners
from .glyphs import BOUNDS_SLACK_MM, GrownGlyphs, bounds_near, glyph_polygons
from .labels import Labels

SIGNS: tuple[tuple[str, str], ...] = (
    ("\u2648", "Aries"),
    ("\u2649", "Taurus"),
    ("\u264a", "Gemini"),
    ("\u264b", "Cancer"),
    ("\u264c", "Leo"),
    ("\u264d", "Virgo"),
    ("\u264e", "Libra"),
    ("\u264f", "Scorpius"),
    ("\u2650", "Sagittarius"),
    ("\u2651", "Capricornus"),
    ("\u2652", "Aquarius"),
    ("\u2653", "Pisces"),
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: Zone widths of the band in units of the label cap height.
CALENDAR_ZONE = 1.6
DEGREE_ZONE = 1.0
SIGN_ZONE = 1.5
BAND_WIDTH = CALENDAR_ZONE + DEGREE_ZONE + SIGN_ZONE


def ecliptic_circle(frame: Frame, obliquity_deg: float) -> Circle:
    """Projected ecliptic at LST 0 h: a circle tangent to both tropics."""
    image = frame.sky_circle_to_plane(ecliptic_axis(obliquity_deg, 0.0), 90.0)
    if not isinstance(image, Circle):  # the ecliptic never passes through a celestial pole
        raise AssertionError("ecliptic projected to a line")
    return image


def ecliptic_point(frame: Frame, lon_deg: float, obliquity_deg: float) -> Point:
    """Projected point of ecliptic longitude lambda (latitude 0) with the rete at LST 0 h."""
    ra_h, dec_deg = sky.ecliptic_to_equatorial(lon_deg, 0.0, obliquity_deg)
    return frame.sky_to_plane(-ra_h * 15.0, dec_deg)


def sun_longitudes(
    year: int, system: CalendarSystem = "gregorian"
) -> list[tuple[CalendarDay, float]]:
    """Apparent ecliptic longitude of the Sun at 12 h UT on each day of the calendar year
    ``year`` of ``system`` (deg); the Sun is computed for the same day in the proleptic
    Gregorian calendar astronomy-engine takes (astro.calendars)."""
    out = []
    for day in year_days(year, system):
        g = day.gregorian
        noon = dt.datetime(g.year, g.month, g.day, 12, 0, 0)
        out.append((day, sky.sun_ecliptic_longitude_deg(sky.time_from_datetime(noon))))
    return out


@dataclass(frozen=True)
class RingScales:
    """What the ring carries: the calendar zone (in which calendar) and the degree step."""

    calendar: bool = True
    calendar_system: CalendarSystem = "gregorian"
    degree_step_deg: int = 1


@dataclass(frozen=True)
class Tick:
    """A scale mark: what it marks, its exact anchor on the ecliptic and the drawn segment."""

    value: float | CalendarDay
    anchor: Point
    segment: Segment
    weight: Weight


@dataclass
class EclipticRing:
    """Everything of the ecliptic ring, kept apart so tests can check each family."""

    circle: Circle
    inner_radius_mm: float
    #: radii of the zone circles inside the band (calendar | degrees | signs), outermost first
    zone_radii_mm: tuple[float, ...]
    longitude_ticks: list[Tick] = field(default_factory=list)
    calendar_ticks: list[Tick] = field(default_factory=list)
    labels: list[TextBox] = field(default_factory=list)
    sun_days: list[tuple[CalendarDay, float]] = field(default_factory=list)
    scales: RingScales = field(default_factory=RingScales)

    @property
    def band_outer(self) -> Circle:
        return self.circle

    @property
    def band_inner(self) -> Circle:
        return Circle(self.circle.cx, self.circle.cy, self.inner_radius_mm)

    @property
    def sign_zone_outer_mm(self) -> float:
        """Radius of the sign zone's outer edge (the degree scale's inner edge)."""
        return self.zone_radii_mm[-1]


def _inward(circle: Circle, p: Point, start_mm: float, length_mm: float) -> Segment:
    """Segment on the normal through p (towards the circle's centre), from depth start to
    start + length measured from the circle."""
    dx, dy = circle.cx - p[0], circle.cy - p[1]
    d = math.hypot(dx, dy)
    ux, uy = dx / d, dy / d
    a = (p[0] + ux * start_mm, p[1] + uy * start_mm)
    b = (p[0] + ux * (start_mm + length_mm), p[1] + uy * (start_mm + length_mm))
    return Segment(a, b)


def _at_depth(circle: Circle, p: Point, depth_mm: float) -> Point:
    return _inward(circle, p, depth_mm, 0.0).p0


def band_width_mm(cap_height_mm: float, calendar: bool = True) -> float:
    """Width of the ecliptic band for a label cap height (with or without the calendar zone)."""
    return (BAND_WIDTH if calendar else BAND_WIDTH - CALENDAR_ZONE) * cap_height_mm


def ecliptic_ring(
    frame: Frame,
    obliquity_deg: float,
    epoch_year: float,
    cap_height_mm: float,
    scales: RingScales | None = None,
) -> EclipticRing:
    """The ecliptic ring's circle, zones and ticks (no labels)."""
    scales = scales or RingScales()
    circle = ecliptic_circle(frame, obliquity_deg)
    h = cap_height_mm
    z1 = CALENDAR_ZONE * h if scales.calendar else 0.0
    z2 = z1 + DEGREE_ZONE * h
    width = band_width_mm(h, scales.calendar)
    zones = (circle.r - z1, circle.r - z2) if scales.calendar else (circle.r - z2,)
    ring = EclipticRing(circle, circle.r - width, zones, scales=scales)
    _degree_ticks(ring, frame, obliquity_deg, h, z1, scales.degree_step_deg)
    if scales.calendar:
        _calendar_ticks(ring, frame, obliquity_deg, z1, epoch_year, scales.calendar_system)
    return ring


def _degree_ticks(
    ring: EclipticRing,
    frame: Frame,
    obliquity_deg: float,
    h: float,
    z1: float,
    step_deg: int,
) -> None:
    """Degree scale (inner edge of the calendar zone inwards, or from the ecliptic itself
    without one) every ``step_deg``; sign boundaries cross the whole band."""
    circle = ring.circle
    width = circle.r - ring.inner_radius_mm
    weight: Weight
    for lon in range(0, 360, step_deg):
        p = ecliptic_point(frame, float(lon), obliquity_deg)
        if lon % 30 == 0:
            seg, weight = _inward(circle, p, 0.0, width), "heavy"
        elif lon % 10 == 0:
            seg, weight = _inward(circle, p, z1, DEGREE_ZONE * h), "normal"
        elif lon % 5 == 0:
            seg, weight = _inward(circle, p, z1, 0.62 * DEGREE_ZONE * h), "normal"
        else:
            seg, weight = _inward(circle, p, z1, 0.36 * DEGREE_ZONE * h), "fine"
        ring.longitude_ticks.append(Tick(float(lon), p, seg, weight))


def _calendar_ticks(
    ring: EclipticRing,
    frame: Frame,
    obliquity_deg: float,
    z1: float,
    epoch_year: float,
    calendar_system: CalendarSystem,
) -> None:
    """The calendar: a tick at the Sun's longitude of each day, starting on the ecliptic."""
    circle = ring.circle
    weight: Weight
    days = sun_longitudes(math.floor(epoch_year), calendar_system)
    for day, day_lon in days:
        p = ecliptic_point(frame, day_lon, obliquity_deg)
        if day.day == 1:
            seg, weight = _inward(circle, p, 0.0, z1), "heavy"
        elif day.day % 10 == 0:
            seg, weight = _inward(circle, p, 0.0, 0.55 * z1), "normal"
        elif day.day % 5 == 0:
            seg, weight = _inward(circle, p, 0.0, 0.42 * z1), "normal"
        else:
            seg, weight = _inward(circle, p, 0.0, 0.25 * z1), "fine"
        ring.calendar_ticks.append(Tick(day, p, seg, weight))
    ring.sun_days = days


#: Where a sign's name is tried, degrees into the sign: the middle and coarse steps first,
#: then every whole degree (a narrow band leaves room only between a star's mark and a tick).
_COARSE_OFFSETS_DEG = (15, 11, 19, 8, 22, 5, 25)
SIGN_OFFSETS_DEG = tuple(
    float(d)
    for d in (
        *_COARSE_OFFSETS_DEG,
        *sorted(set(range(4, 27)) - set(_COARSE_OFFSETS_DEG), key=lambda d: (abs(d - 15), d)),
    )
)
#: Days to centre a month's name on: 6-26 (clear of the heavy ticks of the firsts), nearest the
#: middle of the month first, the earlier day first at equal distance.
MONTH_NAME_DAYS = tuple(sorted(range(6, 27), key=lambda d: (abs(d - 16), d)))
#: Gap between a band name's glyphs and any scale line or the band's edges, mm.
SCALE_GAP_MM = 0.25
#: Gap between a band name's glyphs and a cut edge of the band, mm (issue 14).
EDGE_GAP_MM = 0.35


#: Margin of ``_Zone._settled`` over rounding: nearer a radius than this, the union decides, mm.
SETTLED_MM = 1e-9

#: What decides whether a name fits its zone's radii: its text, its scale, its depth in the band
#: (mm from the ecliptic) and which way up it is set (tops outward or inward).
ZoneKey = tuple[str, float, float, bool]


@dataclass(eq=False)
class _Zone:
    """A zone of the band: radii from the ring's centre, and which names fit between them.

    A name set tangent to the band at one depth and one way up is the same shape wherever it
    goes along the band, turned about the ring's centre, so its radii are the same (up to
    ``place_text``'s rounding of each point to 1e-4 mm): whether it fits is found once per
    ``ZoneKey`` (on its first place) and remembered. A zone therefore serves one cap height
    only (the key does not hold it): make a new one for each name's search.
    """

    center: Point
    inner_mm: float
    outer_mm: float
    verdicts: dict[ZoneKey, bool] = field(default_factory=dict)

    def refuses(self, key: ZoneKey) -> bool:
        """Whether a name of this key is already known not to fit."""
        return self.verdicts.get(key) is False

    def admitted(self, key: ZoneKey) -> bool:
        """Whether a name of this key is already known to fit."""
        return self.verdicts.get(key) is True

    def admits(self, key: ZoneKey, polygons: np.ndarray) -> bool:
        """Whether the glyphs (of a name of this key) lie between the zone's radii: every
        vertex of their union's outline (``shapely.union_all``) at a radius in the zone.
        Settled without the union when it can be (``_settled``)."""
        if key not in self.verdicts:
            verdict = self._settled(polygons)
            if verdict is None:
                area = shapely.union_all(polygons)
                xy = shapely.get_coordinates(area.exterior if hasattr(area, "exterior") else area)
                radii = self._radii(xy)
                verdict = bool(radii.min() >= self.inner_mm and radii.max() <= self.outer_mm)
            self.verdicts[key] = verdict
        return self.verdicts[key]

    def _radii(self, xy: np.ndarray) -> np.ndarray:
        cx, cy = self.center
        return ((xy[:, 0] - cx) ** 2 + (xy[:, 1] - cy) ** 2) ** 0.5

    def _settled(self, polygons: np.ndarray) -> bool | None:
        """The verdict of ``admits`` from the rings' own vertices, or None when only the
        union tells. The union keeps the rings' vertices (their very numbers) where they lie
        on its outline and adds only points of the glyphs; so (a margin of SETTLED_MM over
        rounding): the farthest vertex of the rings is the union's farthest (it is a corner
        of their convex hull, so on the outline): beyond the outer radius, no; every point
        of the glyphs at least the inner radius from the centre (shapely's distance) and the
        farthest within the outer: yes; a corner of the convex hull (a vertex of the
        outline) nearer than the inner radius: no."""
        xy = shapely.get_coordinates(polygons)
        if not len(xy):
            return None
        farthest = float(self._radii(xy).max())
        if farthest > self.outer_mm + SETTLED_MM:
            return False
        nearest = float(shapely.distance(ShPoint(self.center), polygons).min())
        if farthest <= self.outer_mm - SETTLED_MM and nearest >= self.inner_mm + SETTLED_MM:
            return True
        hull = shapely.get_coordinates(shapely.convex_hull(shapely.multipoints(xy)))
        if float(self._radii(hull).min()) < self.inner_mm - SETTLED_MM:
            return False
        return None


@dataclass(frozen=True)
class _BandSpace:
    """Where the band's names may go: clear of every tick, inside their zone (radii from the
    ring's centre), off the avoided discs."""

    ticks: shapely.STRtree
    boundaries: shapely.STRtree
    avoid: Sequence[tuple[Point, float]]
    #: each boundary's bounds (min x, min y, max x, max y)
    _bounds: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        bounds = shapely.bounds(self.boundaries.geometries).reshape(-1, 4)
        object.__setattr__(self, "_bounds", bounds)

    def clear(self, box: TextBox, zone: _Zone, key: ZoneKey) -> bool:
        """Whether a name placed as ``box`` may stay: off the boundaries, its glyphs clear (the
        whole rule; ``_try_name`` asks it in its two steps, the box's before the glyphs)."""
        return not self.straddles(box.corners) and self.glyphs_clear(box, zone, key)

    def straddles(self, corners: Sequence[Point]) -> bool:
        """Whether a box with these corners crosses a sign or month boundary: a name never
        straddles one, not even through a word space (asked before the glyphs are drawn).
        Only where the box's bounds meet a boundary's (``glyphs.bounds_near``) is the exact
        test made."""
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        if not len(bounds_near((min(xs), min(ys), max(xs), max(ys)), self._bounds, 0.0)):
            return False
        return bool(len(self.boundaries.query(Polygon(corners), predicate="intersects")))

    def glyphs_clear(self, box: TextBox, zone: _Zone, key: ZoneKey) -> bool:
        """Whether the glyphs of ``box`` lie in the zone, clear of every tick and avoided disc."""
        polygons = glyph_polygons(box)
        if not zone.admits(key, polygons):
            return False
        if self._near_tick(polygons):
            return False
        return all(shapely.distance(polygons, ShPoint(p)).min() > r for p, r in self.avoid)

    def _near_tick(self, polygons: np.ndarray) -> bool:
        """Whether the glyphs grown by SCALE_GAP_MM touch a tick (``glyphs.GrownGlyphs``:
        only ticks within that distance are looked at, the buffer only when it matters)."""
        near = self.ticks.query(
            polygons, predicate="dwithin", distance=SCALE_GAP_MM + BOUNDS_SLACK_MM
        )[1]
        if len(near) == 0:
            return False
        grown = GrownGlyphs(polygons, SCALE_GAP_MM)
        return any(grown.touches(self.ticks.geometries[i]) for i in sorted(set(near)))


def _tangent(center: Point, anchor: Point) -> tuple[float, bool]:
    """``tangent_rotation_deg`` at ``anchor`` and whether the letters' tops point outward:
    True on the upper half of the page and on the horizontal through the centre, False on the
    lower half, where the text is turned by 180 degrees to read left to right."""
    rotation_deg = tangent_rotation_deg(center, anchor)
    direction_deg = math.degrees(math.atan2(anchor[1] - center[1], anchor[0] - center[0]))
    tops_out_rotation_deg = direction_deg + 90.0  # the rotation that sets the tops outward
    turn_deg = (rotation_deg - tops_out_rotation_deg) % 360.0
    return rotation_deg, turn_deg < 90.0 or turn_deg > 270.0


def _band_space(ring: EclipticRing, avoid: Sequence[tuple[Point, float]]) -> _BandSpace:
    ticks = (*ring.longitude_ticks, *ring.calendar_ticks)
    lines = [LineString([t.segment.p0, t.segment.p1]) for t in ticks]
    heavy = [LineString([t.segment.p0, t.segment.p1]) for t in ticks if t.weight == "heavy"]
    return _BandSpace(shapely.STRtree(lines), shapely.STRtree(heavy), avoid)


def label_ecliptic_ring(
    ring: EclipticRing,
    frame: Frame,
    obliquity_deg: float,
    cap_height_mm: float,
    labels: Labels,
    avoid: Sequence[tuple[Point, float]] = (),
) -> None:
    """Month names and signs, through ``labels`` (no overlaps with labels placed before),
    never on a scale line and never nearer the band's edges than EDGE_GAP_MM.

    ``avoid``: discs (centre, radius) the names must stay clear of (the marks of stars lying on
    the band); a name then slides along the band.
    """
    space = _band_space(ring, avoid)
    months = range(1, 13) if ring.sun_days else range(0)  # no calendar zone: no month names
    for month in months:
        box = _month_name(ring, frame, obliquity_deg, cap_height_mm, labels, space, month)
        if box is not None:
            ring.labels.append(box)
    for k in range(12):
        box = _sign_name(ring, frame, obliquity_deg, cap_height_mm, labels, space, k)
        if box is not None:
            ring.labels.append(box)


def _month_name(
    ring: EclipticRing,
    frame: Frame,
    obliquity_deg: float,
    h: float,
    labels: Labels,
    space: _BandSpace,
    month: int,
) -> TextBox | None:
    """A month's name in the calendar zone, between the day ticks, at the first free day."""
    circle = ring.circle
    z1 = CALENDAR_ZONE * h
    zone = _Zone(circle.center, circle.r - z1 + SCALE_GAP_MM, circle.r - EDGE_GAP_MM)
    at = _Try(h, labels, space, zone)
    lon_of = dict(ring.sun_days)
    first = ring.sun_days[0][0]
    text = MONTHS[month - 1]
    points: dict[int, Point] = {}  # each day's point of the ecliptic, once
    places: dict[tuple[float, int], tuple[Point, float, bool]] = {}  # (depth, day): place
    for scale in (0.62, 0.52, 0.45):
        for depth in (0.775, 0.62, 0.5):
            for day in MONTH_NAME_DAYS:
                if (depth, day) not in places:
                    if day not in points:
                        day_lon = lon_of[CalendarDay.of(first.year, month, day, first.system)]
                        points[day] = ecliptic_point(frame, day_lon, obliquity_deg)
                    anchor = _at_depth(circle, points[day], depth * z1)
                    places[depth, day] = (anchor, *_tangent(circle.center, anchor))
                anchor, rotation, tops_outward = places[depth, day]
                key = (text, scale, depth * z1, tops_outward)
                box = _try_name(text, scale, anchor, rotation, key, at)
                if box is not None:
                    return box
    return None


@dataclass(frozen=True)
class _Try:
    """Where a name of the band is tried: cap height, the placed labels, the band's space and
    the name's zone."""

    cap_height_mm: float
    labels: Labels
    space: _BandSpace
    zone: _Zone


def _try_name(
    text: str, scale: float, anchor: Point, rotation_deg: float, key: ZoneKey, at: _Try
) -> TextBox | None:
    """The name placed at ``anchor``, or None where it may not go: its zone already refuses
    it, its box straddles a boundary or (once the zone is known to admit the name) overlaps a
    label placed before (all three known before the glyphs are drawn), or its glyphs are not
    clear (``_BandSpace.glyphs_clear``). While the zone's verdict is unknown the glyphs are
    tested first, so that it is found at the same place as ever (``_Zone``)."""
    if at.zone.refuses(key):
        return None
    cap = at.cap_height_mm * scale
    if at.space.straddles(text_corners(text, anchor, cap, rotation_deg=rotation_deg)):
        return None
    if at.zone.admitted(key) and at.labels.blocked(
        text, anchor, rotation_deg=rotation_deg, scale=scale
    ):
        return None
    trial = place_text(text, anchor, cap, rotation_deg=rotation_deg)
    if not at.space.glyphs_clear(trial, at.zone, key):
        return None
    return at.labels.place(text, anchor, rotation_deg=rotation_deg, scale=scale, keepout=False)


def _sign_name(
    ring: EclipticRing,
    frame: Frame,
    obliquity_deg: float,
    h: float,
    labels: Labels,
    space: _BandSpace,
    k: int,
) -> TextBox | None:
    """Sign k's glyph and name in the inner zone, near lambda = 30 k + 15; smaller, or the
    name alone, or the glyph alone, when the whole does not fit."""
    circle = ring.circle
    z2 = circle.r - ring.sign_zone_outer_mm
    zone = _Zone(circle.center, ring.inner_radius_mm + EDGE_GAP_MM, circle.r - z2 - SCALE_GAP_MM)
    glyph, name = SIGNS[k]
    text = f"{glyph} {name}" if supported(glyph) else name
    choices = [(text, 0.72), (text, 0.6)]
    if supported(glyph):
        choices += [(name, 0.72), (name, 0.6), (glyph, 0.8)]
    depth_mm = z2 + 0.5 * SIGN_ZONE * h
    at = _Try(h, labels, space, zone)
    places: dict[float, tuple[Point, float, bool]] = {}  # offset: place, once
    for label, scale in choices:
        for offset in SIGN_OFFSETS_DEG:
            if offset not in places:
                p = ecliptic_point(frame, 30.0 * k + offset, obliquity_deg)
                anchor = _at_depth(circle, p, depth_mm)
                places[offset] = (anchor, *_tangent(circle.center, anchor))
            anchor, rotation, tops_outward = places[offset]
            key = (label, scale, depth_mm, tops_outward)
            box = _try_name(label, scale, anchor, rotation, key, at)
            if box is not None:
                return box
    return None
