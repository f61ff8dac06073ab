"""The mater's back read like an instrument: dates, equation of time and altitudes are taken
from the drawn geometry with the manifest's scales and compared with astronomy-engine used
directly (hour angle of the Sun at Greenwich, not the package's equation-of-time formula)."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import astronomy
import pytest
from shapely.geometry import LineString, Polygon
from shapely.strtree import STRtree

from astrolabe_fab.design import Design
from astrolabe_fab.geometry.primitives import Arc, Circle, Contour, Polyline, Segment
from astrolabe_fab.parts.back import draw_mater_back
from astrolabe_fab.parts.layout import layout_for
from astrolabe_fab.parts.mater import draw_mater_front

DATES = [
    dt.date(2026, m, d)
    for m, d in (
        (1, 1),
        (2, 11),
        (3, 20),
        (4, 15),
        (5, 14),
        (6, 13),
        (7, 26),
        (8, 31),
        (9, 22),
        (10, 10),
        (11, 3),
        (12, 25),
    )
]


def _design(lat: float, **kw: object) -> Design:
    return Design(lat, epoch=2026.0, **kw).validate()  # type: ignore[arg-type]


@pytest.fixture(scope="module", params=[38.9, -33.87])
def back(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    design = _design(request.param)
    return draw_mater_back(design, layout_for(design)), design


def eot_reference_min(when: dt.datetime) -> float:
    """Apparent - mean solar time at Greenwich from the Sun's hour angle (astronomy-engine)."""
    t = astronomy.Time.Make(when.year, when.month, when.day, when.hour, when.minute, 0.0)
    ha_h = astronomy.HourAngle(astronomy.Body.Sun, t, astronomy.Observer(0.0, 0.0, 0.0))
    apparent_h = (ha_h + 12.0) % 24.0
    mean_h = when.hour + when.minute / 60.0
    return ((apparent_h - mean_h + 12.0) % 24.0 - 12.0) * 60.0


def _bearing(center: tuple[float, float], p: tuple[float, float]) -> float:
    return math.degrees(math.atan2(p[0] - center[0], center[1] - p[1])) % 360.0


def ray_hits(center: tuple[float, float], bearing_deg: float, poly: Polyline) -> list[float]:
    """Distances from ``center`` at which the ray of ``bearing_deg`` crosses the polyline."""
    ux, uy = math.sin(math.radians(bearing_deg)), -math.cos(math.radians(bearing_deg))
    out = []
    pts = (*poly.points, poly.points[0]) if poly.closed else poly.points
    for (x0, y0), (x1, y1) in itertools.pairwise(pts):
        ax, ay = x0 - center[0], y0 - center[1]
        bx, by = x1 - center[0], y1 - center[1]
        # solve center + s u = p0 + t (p1 - p0)
        dx, dy = bx - ax, by - ay
        den = ux * dy - uy * dx
        if abs(den) < 1e-15:
            continue
        t = (ax * uy - ay * ux) / den
        s = (ax * dy - ay * dx) / den
        if 0.0 <= t <= 1.0 and s > 0.0:
            out.append(s)
    return out


def _eot_polyline(part) -> Polyline:  # type: ignore[no-untyped-def]
    polys = [it.shape for it in part.items("SCORE") if isinstance(it.shape, Polyline)]
    assert len(polys) == 1, "the equation of time is the only sampled curve of the back"
    return polys[0]


# --------------------------------------------------------------------------- equation of time


def test_equation_of_time_read_from_the_geometry(back) -> None:  # type: ignore[no-untyped-def]
    drawing, _ = back
    part = drawing.part
    scales = part.meta["scales"]
    cal, eot = scales["calendar"], scales["equation_of_time"]
    first = dt.date.fromisoformat(cal["first_day"])
    curve = _eot_polyline(part)
    center = part.center_mm
    for date in DATES:
        bearing = cal["day_start_bearing_deg"][(date - first).days]
        hits = ray_hits(center, bearing, curve)
        assert len(hits) == 1, f"{date}: the alidade crosses the curve once, got {hits}"
        reading = (hits[0] - eot["zero_radius_mm"]) / eot["mm_per_min"]
        expected = eot_reference_min(dt.datetime(date.year, date.month, date.day))
        assert reading == pytest.approx(expected, abs=0.2), date


def test_equation_of_time_extremes_match_almanac(back) -> None:  # type: ignore[no-untyped-def]
    """Published values (e.g. the Astronomical Almanac): about -14.2 min in mid-February and
    +16.4 min early in November."""
    drawing, _ = back
    eot = drawing.part.meta["scales"]["equation_of_time"]
    curve = _eot_polyline(drawing.part)
    radii = [math.dist(p, drawing.part.center_mm) for p in curve.points]
    lo = (min(radii) - eot["zero_radius_mm"]) / eot["mm_per_min"]
    hi = (max(radii) - eot["zero_radius_mm"]) / eot["mm_per_min"]
    assert lo == pytest.approx(-14.2, abs=0.3)
    assert hi == pytest.approx(16.4, abs=0.3)


def test_eot_curve_chord_error_below_spec(back) -> None:  # type: ignore[no-untyped-def]
    """True points of the curve at odd times lie within 0.01 mm of the sampled polyline."""
    drawing, _ = back
    eot = drawing.part.meta["scales"]["equation_of_time"]
    line = LineString(_eot_polyline(drawing.part).points)
    cx, cy = drawing.part.center_mm
    for k in range(40):
        when = dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(days=9.13 * k + 0.37)
        t = astronomy.Time.Make(
            when.year, when.month, when.day, when.hour, when.minute, when.second
        )
        lam = astronomy.SunPosition(t).elon
        e = eot_reference_min(when.replace(tzinfo=None))
        b = math.radians(270.0 + lam)
        r = eot["zero_radius_mm"] + eot["mm_per_min"] * e
        p = (cx + r * math.sin(b), cy - r * math.cos(b))
        assert line.distance(LineString([p, p])) < 0.01


def test_calendar_ticks_at_the_suns_longitude(back) -> None:  # type: ignore[no-untyped-def]
    drawing, _ = back
    cal = drawing.part.meta["scales"]["calendar"]
    assert cal["kind"] == "concentric"
    first = dt.date.fromisoformat(cal["first_day"])
    center = drawing.part.center_mm
    ticks = {int(t.value): t for t in drawing.scales["calendar"]}
    for date in DATES:
        k = (date - first).days
        t = astronomy.Time.Make(date.year, date.month, date.day, 0, 0, 0.0)
        expected = (270.0 + astronomy.SunPosition(t).elon) % 360.0
        got = cal["day_start_bearing_deg"][k]
        assert abs((got - expected + 180.0) % 360.0 - 180.0) < 1e-3
        if k in ticks:
            seg = ticks[k].segment
            for p in (seg.p0, seg.p1):
                assert abs((_bearing(center, p) - expected + 180.0) % 360.0 - 180.0) < 1e-6


# --------------------------------------------------------------------------- altitude scale


def test_altitude_ticks_where_the_manifest_says(back) -> None:  # type: ignore[no-untyped-def]
    drawing, _ = back
    part = drawing.part
    alt = part.meta["scales"]["altitude"]
    center = part.center_mm
    drawn = {id(it.shape) for it in part.items("SCORE")}
    for quadrant in ("right", "left"):
        ticks = drawing.scales[f"altitude-{quadrant}"]
        assert len(ticks) == 91
        q = alt["quadrants"][quadrant]
        values = sorted(t.value for t in ticks)
        assert values == [float(a) for a in range(91)]
        for t in ticks:
            expected = (q["zero_bearing_deg"] + q["sense"] * t.value) % 360.0
            for p in (t.segment.p0, t.segment.p1):
                assert abs((_bearing(center, p) - expected + 180.0) % 360.0 - 180.0) < 0.05
            if not (quadrant == "left" and t.value == 90.0):
                assert id(t.segment) in drawn
    # zero on the horizontal line, 90 at the top, as the hanging instrument needs
    right0 = next(t for t in drawing.scales["altitude-right"] if t.value == 0.0)
    assert right0.segment.p0[1] == pytest.approx(center[1]) and right0.segment.p0[0] > center[0]
    top = next(t for t in drawing.scales["altitude-right"] if t.value == 90.0)
    assert top.segment.p0[0] == pytest.approx(center[0]) and top.segment.p0[1] < center[1]


def test_altitude_tick_weights() -> None:
    design = _design(38.9)
    drawing = draw_mater_back(design, layout_for(design))
    for t in drawing.scales["altitude-right"]:
        length = t.segment.length_mm
        if t.value % 10 == 0:
            assert t.weight == "heavy"
        elif t.value % 5 == 0:
            assert t.weight == "normal"
        else:
            assert t.weight == "fine"
        assert length > 0.5


# --------------------------------------------------------------------------- two-sided making


def _sample(shape: object, step_mm: float = 0.5) -> list[tuple[float, float]]:
    if isinstance(shape, Contour):
        return [p for piece in shape.pieces for p in _sample(piece, step_mm)]
    if isinstance(shape, Arc):
        n = max(2, math.ceil(shape.length_mm / step_mm))
        return [shape.point_at(shape.start_rad + shape.sweep_rad * k / n) for k in range(n + 1)]
    if isinstance(shape, Segment):
        n = max(2, math.ceil(shape.length_mm / step_mm))
        return [shape.point_at(k / n) for k in range(n + 1)]
    if isinstance(shape, Circle):
        return [shape.point_at(2 * math.pi * k / 64) for k in range(64)]
    raise TypeError(type(shape))


def _hausdorff(a: object, b: object) -> float:
    la, lb = LineString(_sample(a)), LineString(_sample(b))
    return max(la.hausdorff_distance(lb), lb.hausdorff_distance(la))


@pytest.mark.parametrize(
    "lat,kw",
    [(38.9, {}), (-33.87, {"style": "classic"}), (38.9, {"fused": True, "diameter_mm": 120.0})],
)
def test_front_and_back_cuts_coincide(lat: float, kw: dict) -> None:
    design = _design(lat, **kw)
    layout = layout_for(design)
    front = draw_mater_front(design, layout).part
    back = draw_mater_back(design, layout).part
    assert front.center_mm == back.center_mm
    assert (front.width_mm, front.height_mm) == (back.width_mm, back.height_mm)
    (fo,), (bo,) = front.items("CUT_OUTER"), back.items("CUT_OUTER")
    assert _hausdorff(fo.shape, bo.shape) < 0.01
    fi = sorted((c.shape.cx, c.shape.cy, c.shape.r) for c in front.items("CUT_INNER"))
    bi = sorted((c.shape.cx, c.shape.cy, c.shape.r) for c in back.items("CUT_INNER"))
    assert len(fi) == len(bi)
    for a, b in zip(fi, bi, strict=True):
        assert a == pytest.approx(b, abs=1e-9)
    # the flip about the vertical axis maps every cut onto itself
    cx = front.center_mm[0]
    for x, _y, _r in fi:
        assert any(abs((2 * cx - x) - x2) < 1e-9 for x2, _, _ in fi)
    guide = sorted(map(repr, (it.shape for it in front.items("GUIDE"))))
    assert guide == sorted(map(repr, (it.shape for it in back.items("GUIDE"))))


def test_outline_is_closed_and_smooth() -> None:
    design = _design(38.9)
    back = draw_mater_back(design, layout_for(design)).part
    (item,) = back.items("CUT_OUTER")
    pieces = item.shape.pieces
    for a, b in zip(pieces, (*pieces[1:], pieces[0]), strict=True):
        assert math.dist(a.end, b.start) < 1e-9

        def tangent(arc: Arc, t: float) -> tuple[float, float]:
            s = 1.0 if arc.sweep_rad > 0 else -1.0
            return (-s * math.sin(t), s * math.cos(t))

        ta = tangent(a, a.start_rad + a.sweep_rad)
        tb = tangent(b, b.start_rad)
        assert ta[0] * tb[0] + ta[1] * tb[1] > 1.0 - 1e-9


# --------------------------------------------------------------------------- legibility


def _no_collisions(part) -> None:  # type: ignore[no-untyped-def]
    boxes = [Polygon(p) for it in part.items("ENGRAVE") for p in it.shape.rings if len(p) >= 3]
    assert boxes
    lines = []
    for it in part.items("SCORE"):
        s = it.shape
        if isinstance(s, Segment):
            lines.append(LineString([s.p0, s.p1]))
        elif isinstance(s, Polyline):
            lines.append(LineString(s.points))
        elif isinstance(s, Arc | Circle):
            lines.append(LineString(_sample(s, 0.3)))
    tree = STRtree(lines)
    crossed = 0
    for poly in boxes:
        glyph = poly.buffer(0)
        for idx in tree.query(glyph):
            if lines[idx].intersects(glyph.buffer(-0.02)):
                crossed += 1
    assert crossed == 0, f"{crossed} glyph(s) crossed by engraved lines"


@pytest.mark.parametrize("diameter", [200.0, 120.0])
def test_no_line_crosses_text(diameter: float) -> None:
    design = _design(
        38.9,
        diameter_mm=diameter,
        maker="T. Ester",
        cotangent_scale=True,
        unequal_hours_diagram=True,
    )
    _no_collisions(draw_mater_back(design, layout_for(design)).part)


def test_classic_back_eccentric_calendar_reads_longitude() -> None:
    """The eccentric calendar seen from the pivot gives the Sun's longitude within 0.1 deg."""
    design = _design(51.75, style="classic")
    drawing = draw_mater_back(design, layout_for(design))
    cal = drawing.part.meta["scales"]["calendar"]
    assert cal["kind"] == "eccentric"
    first = dt.date.fromisoformat(cal["first_day"])
    worst = 0.0
    for k in range(0, 365, 5):
        date = first + dt.timedelta(days=k)
        t = astronomy.Time.Make(date.year, date.month, date.day, 0, 0, 0.0)
        expected = (270.0 + astronomy.SunPosition(t).elon) % 360.0
        got = cal["day_start_bearing_deg"][k]
        worst = max(worst, abs((got - expected + 180.0) % 360.0 - 180.0))
    assert worst < 0.1
    assert "equation_of_time" not in drawing.part.meta["scales"]


def test_unequal_hour_arcs_meet_the_rim_at_15h() -> None:
    design = _design(38.9, unequal_hours_diagram=True)
    drawing = draw_mater_back(design, layout_for(design))
    cx, cy = drawing.center
    rho = drawing.inner_r
    arcs = [
        it.shape
        for it in drawing.part.items("SCORE")
        if isinstance(it.shape, Arc) and abs(it.shape.cx - cx) < 1e-9 and it.shape.cy < cy - 1e-6
    ]
    for h in range(1, 7):
        a = math.radians(15.0 * h)
        p = (cx - rho * math.cos(a), cy - rho * math.sin(a))  # upper-left quadrant
        assert any(abs(math.dist(p, arc.center) - arc.r) < 1e-6 for arc in arcs), h


@pytest.mark.parametrize("divisions", [12, 7, 10])
def test_shadow_square_divisions(divisions: int) -> None:
    design = _design(38.9, shadow_square_divisions=divisions)
    drawing = draw_mater_back(design, layout_for(design))
    sq = drawing.part.meta["scales"]["shadow_square"]
    s = sq["half_width_mm"]
    cx, cy = drawing.center
    segs = [it.shape for it in drawing.part.items("SCORE") if isinstance(it.shape, Segment)]
    for n in range(1, divisions):
        y = cy + s * n / divisions  # umbra versa on the left side
        assert any(abs(g.p0[0] - (cx - s)) < 1e-5 and abs(g.p0[1] - y) < 1e-5 for g in segs)
        x = cx + s * n / divisions  # umbra recta along the bottom
        assert any(abs(g.p0[1] - (cy + s)) < 1e-5 and abs(g.p0[0] - x) < 1e-5 for g in segs)
