"""The rete: star tips, ecliptic and calendar marks against independent astronomy-engine
computations projected with the SPEC §1 formulas written out here; the cut-out's one piece
and minimum web; the transparent style's engraving and mirroring."""

from __future__ import annotations

import datetime as dt
import math

import astronomy
import pytest
from astronomy import astronomy as astronomy_impl
from shapely.geometry import Point as ShPoint
from shapely.geometry import Polygon
from shapely.ops import unary_union

from astrolabe_fab.astro.stars import find_star
from astrolabe_fab.design import Design
from astrolabe_fab.parts.layout import layout_for
from astrolabe_fab.parts.rete import ReteOptions, draw_rete, rete_part
from astrolabe_fab.parts.rete_model import ReteDrawing
from tests.caching import per_mutant_cache

#: the retes drawn once (``_drawn_rete``, a module cache) and read by many tests: one worker runs
#: them all (tests/conftest.py)
pytestmark = pytest.mark.one_worker

_GEOCENTRE = astronomy.Observer(0.0, 0.0, 0.0)


def spec_project(
    center: tuple[float, float], re_mm: float, north: bool, ra_h: float, dec_deg: float
) -> tuple[float, float]:
    """SPEC §1 written out: r(d) = Re tan((90 -+ d)/2); H = -RA (LST 0 h);
    north (cx + r sin H, cy - r cos H), south (cx - r sin H, cy - r cos H)."""
    r = re_mm * math.tan(math.radians(90.0 - dec_deg if north else 90.0 + dec_deg) / 2.0)
    h = math.radians(-15.0 * ra_h)
    s = 1.0 if north else -1.0
    return (center[0] + s * r * math.sin(h), center[1] - r * math.cos(h))


def engine_mean_place(name: str, epoch_year: float) -> tuple[float, float]:
    """Mean place from astronomy-engine: linear proper motion in RA/Dec, then its P03
    precession matrix (the precession part of Rotation_EQJ_EQD)."""
    star = find_star(name)
    dt_yr = epoch_year - 2000.0
    dec = star.dec_j2000_deg + star.pm_dec_mas_yr * dt_yr / 3.6e6
    ra = star.ra_j2000_h * 15.0 + star.pm_ra_mas_yr * dt_yr / 3.6e6 / math.cos(
        math.radians(star.dec_j2000_deg)
    )
    time = astronomy.Time(dt_yr * 365.25)
    vec = astronomy.VectorFromSphere(astronomy.Spherical(dec, ra, 1.0), time)
    rot = astronomy_impl._precession_rot(time, astronomy_impl._PrecessDir.From2000)
    eq = astronomy.EquatorFromVector(astronomy.RotateVector(rot, vec))
    return eq.ra, eq.dec


@per_mutant_cache
def _drawn_rete(design: Design, options: ReteOptions) -> ReteDrawing:
    """``draw_rete`` at the design's layout, drawn once per module (the tests only read it)."""
    return draw_rete(design, layout_for(design), options)


def _design(lat: float, diameter: float = 200.0, epoch: float = 2026.0, **kw) -> Design:
    return Design(latitude_deg=lat, diameter_mm=diameter, epoch=epoch, **kw).validate()


# --------------------------------------------------------------------------- stars


@pytest.mark.parametrize("style", ["cutout", "transparent"])
@pytest.mark.parametrize("epoch", [2000.0, 2030.0])
@pytest.mark.parametrize("lat", [38.9, -33.9])
def test_star_tips_match_astronomy_engine(style: str, epoch: float, lat: float) -> None:
    design = _design(lat, epoch=epoch)
    layout = layout_for(design)
    part = rete_part(design, layout, ReteOptions(style=style))  # type: ignore[arg-type]
    stars = part.meta["stars"]
    assert len(stars) >= 12
    for entry in stars:
        ra_h, dec_deg = engine_mean_place(entry["name"], epoch)
        assert entry["ra_h"] == pytest.approx(ra_h, abs=1e-4)
        assert entry["dec_deg"] == pytest.approx(dec_deg, abs=1e-4)
        expected = spec_project(part.center_mm, layout.equator_radius_mm, lat > 0, ra_h, dec_deg)
        assert math.dist(entry["tip_mm"], expected) < 0.05, entry["name"]


def test_cutout_pointer_tips_are_the_drawn_apexes() -> None:
    design = _design(38.9)
    drawing = _drawn_rete(design, ReteOptions())
    corners = [
        piece.start for contour in drawing.cut_inner for piece in getattr(contour, "pieces", ())
    ]
    for pointer in drawing.pointers:
        tip = pointer.place.tip
        assert min(math.dist(tip, c) for c in corners) < 1e-6, pointer.place.star.name


def test_default_star_choice_has_the_famous_stars() -> None:
    design = _design(38.9)
    names = {s["name"] for s in rete_part(design, layout_for(design)).meta["stars"]}
    assert {"Vega", "Arcturus", "Sirius", "Capella", "Deneb", "Altair"} <= names


# --------------------------------------------------------------------------- ecliptic


@pytest.mark.parametrize("epoch", [2000.0, 2030.0])
@pytest.mark.parametrize("lat", [38.9, -33.9])
def test_ecliptic_sign_ticks_on_projected_points(epoch: float, lat: float) -> None:
    design = _design(lat, epoch=epoch)
    layout = layout_for(design)
    drawing = _drawn_rete(design, ReteOptions())
    eps = astronomy_impl._e_tilt(astronomy.Time((epoch - 2000.0) * 365.25)).mobl
    ticks = {t.value: t for t in drawing.ecliptic.longitude_ticks}
    for lon in range(0, 360, 30):
        # ecliptic -> equator by rotating the ecliptic vector about x by eps
        lam, e = math.radians(lon), math.radians(eps)
        x, y, z = math.cos(lam), math.sin(lam) * math.cos(e), math.sin(lam) * math.sin(e)
        ra_h = (math.degrees(math.atan2(y, x)) % 360.0) / 15.0
        dec = math.degrees(math.asin(z))
        expected = spec_project(
            drawing.frame.center_mm, layout.equator_radius_mm, lat > 0, ra_h, dec
        )
        tick = ticks[float(lon)]
        assert math.dist(tick.segment.p0, expected) < 0.05, lon
        # and the point is on the drawn ecliptic circle
        c = drawing.ecliptic.circle
        assert abs(math.dist(expected, c.center) - c.r) < 0.01


@pytest.mark.parametrize("lat", [38.9, -33.9])
def test_calendar_ticks_at_the_suns_place(lat: float) -> None:
    design = _design(lat, epoch=2026.0)
    layout = layout_for(design)
    drawing = _drawn_rete(design, ReteOptions())
    ticks = {t.value.ymd: t for t in drawing.ecliptic.calendar_ticks}  # type: ignore[union-attr]
    assert len(ticks) == 365
    for day in (
        dt.date(2026, m, d)
        for m, d in [(1, 1), (3, 20), (6, 21), (8, 15), (9, 23), (11, 3), (12, 21), (12, 31)]
    ):
        time = astronomy.Time.Make(day.year, day.month, day.day, 12, 0, 0)
        sun = astronomy.Equator(astronomy.Body.Sun, time, _GEOCENTRE, True, True)
        expected = spec_project(
            drawing.frame.center_mm, layout.equator_radius_mm, lat > 0, sun.ra, sun.dec
        )
        assert math.dist(ticks[(day.year, day.month, day.day)].segment.p0, expected) < 0.1, day


@pytest.mark.parametrize("lat", [51.83, -33.9])
def test_julian_calendar_ticks_at_the_suns_place(lat: float) -> None:
    """Epoch 1391: the rete's calendar is Julian; its 12 March tick is where astronomy-engine
    puts the Sun at noon of the proleptic Gregorian 20 March 1391 (8 days on), within 0.05°."""
    design = _design(lat, epoch=1391.0)
    assert design.calendar_system_in_use == "julian"
    layout = layout_for(design)
    drawing = _drawn_rete(design, ReteOptions())
    ring = drawing.ecliptic
    ticks = {t.value.ymd: t for t in ring.calendar_ticks}  # type: ignore[union-attr]
    assert len(ticks) == 365 and all(t.value.system == "julian" for t in ring.calendar_ticks)  # type: ignore[union-attr]
    c = ring.circle
    for m, d in [(1, 1), (3, 12), (6, 13), (9, 14), (12, 13), (12, 31)]:
        g = dt.date(1391, m, d) + dt.timedelta(days=8)
        time = astronomy.Time.Make(g.year, g.month, g.day, 12, 0, 0)
        sun = astronomy.Equator(astronomy.Body.Sun, time, _GEOCENTRE, True, True)
        expected = spec_project(
            drawing.frame.center_mm, layout.equator_radius_mm, lat > 0, sun.ra, sun.dec
        )
        got = ticks[(1391, m, d)].segment.p0
        # the angle about the ecliptic's centre: 0.05° of longitude is at least as much there
        bearing = math.degrees(
            math.atan2(got[1] - c.cy, got[0] - c.cx)
            - math.atan2(expected[1] - c.cy, expected[0] - c.cx)
        )
        assert abs((bearing + 180.0) % 360.0 - 180.0) < 0.05, (m, d)


def test_treatise_band_carries_signs_and_degrees_by_two_and_no_months() -> None:
    """I §21: the rete's zodiac is divided into the signs and "by two degrees and two"; the
    calendar is on the back. No month scale: no day ticks, no month names, a narrower band;
    the degree ticks every 2°, the sign boundaries across the whole band."""
    with_months = _design(51.83, epoch=1391.0)
    treatise = with_months.replace(rete_calendar=False, rete_degree_step_deg=2)
    layout = layout_for(treatise)
    h = treatise.label_height_mm
    full = draw_rete(with_months, layout, ReteOptions()).ecliptic
    ring = _drawn_rete(treatise, ReteOptions()).ecliptic
    assert ring.calendar_ticks == [] and ring.sun_days == []
    assert len(full.calendar_ticks) == 365
    assert full.circle.r - full.inner_radius_mm == pytest.approx(4.1 * h)
    assert ring.circle.r - ring.inner_radius_mm == pytest.approx(2.5 * h)
    assert [t.value for t in ring.longitude_ticks] == [float(v) for v in range(0, 360, 2)]
    width = ring.circle.r - ring.inner_radius_mm
    for t in ring.longitude_ticks:
        assert math.dist(t.anchor, t.segment.p0) < 1e-9  # ticks start on the ecliptic
        length = math.dist(t.segment.p0, t.segment.p1)
        assert (length == pytest.approx(width)) == (t.value % 30 == 0)
    meta = rete_part(treatise, layout).meta["ecliptic"]
    assert meta["calendar"] is None and meta["degree_step_deg"] == 2
    assert rete_part(with_months, layout).meta["ecliptic"]["calendar"] == "julian"
    # the signs only (12 at most) against the signs and the 12 months
    assert 0 < len(ring.labels) <= 12 < len(full.labels)


# --------------------------------------------------------------------------- cut-out


def _web_failures(drawing, min_web_mm: float) -> list[str]:
    """What breaks under a morphological opening by a disc of diameter min_web."""
    solid = drawing.solid
    opened = solid.buffer(-min_web_mm / 2.0, quad_segs=12).buffer(min_web_mm / 2.0, quad_segs=12)
    problems = []
    if opened.geom_type != "Polygon":
        problems.append(f"opened solid falls apart into {len(opened.geoms)} pieces")
    for p in drawing.skeleton:
        if opened.distance(ShPoint(p)) > 0.02:
            problems.append(f"element thinner than the web at {p}")
            break
    return problems


@pytest.mark.parametrize("diameter", [100.0, 200.0, 300.0])
# the rete reads the hemisphere, not the latitude (tests/web/test_cache.py: the web designer's
# cache relies on it): one latitude of each hemisphere, the north's at its edge
@pytest.mark.parametrize("lat", [-45.0, 0.0])
def test_cutout_is_one_piece_with_webs_at_least_min_web(lat: float, diameter: float) -> None:
    design = _design(lat, diameter)
    drawing = _drawn_rete(design, ReteOptions(min_web_mm=1.5))
    assert drawing.solid.geom_type == "Polygon"  # one connected piece
    assert _web_failures(drawing, 1.5) == []
    assert len(drawing.stars) >= 10
    # cuts: exactly one outer cut (a true circle), the pivot hole a true circle
    assert len(drawing.cut_outer) == 1
    assert type(drawing.cut_outer[0]).__name__ == "Circle"
    cx, cy = drawing.frame.center_mm
    circles = [c for c in drawing.cut_inner if type(c).__name__ == "Circle"]
    assert any(
        abs(c.r - drawing.pivot_radius_mm) < 1e-9 and (c.cx, c.cy) == (cx, cy) for c in circles
    )
    assert drawing.contour_stats.fallback == 0


def test_cut_contours_trace_the_solid() -> None:
    # Independent check of the arc/segment reconstruction: sample the cuts and compare areas.
    design = _design(38.9)
    drawing = _drawn_rete(design, ReteOptions())

    def sampled(shape) -> Polygon:
        if type(shape).__name__ == "Circle":
            return Polygon(shape.point_at(2 * math.pi * k / 2000) for k in range(2000))
        pts = []
        for piece in shape.pieces:
            if type(piece).__name__ == "Arc":
                n = max(2, int(abs(piece.sweep_rad) * piece.r / 0.05))
                pts += [piece.point_at(piece.start_rad + piece.sweep_rad * i / n) for i in range(n)]
            else:
                pts.append(piece.p0)
        return Polygon(pts)

    outer = sampled(drawing.cut_outer[0])
    holes = [sampled(c) for c in drawing.cut_inner]
    area = outer.area - sum(h.area for h in holes)
    assert all(h.is_valid for h in holes)
    assert area == pytest.approx(drawing.solid.area, rel=1e-3)
    for hole in holes:
        assert drawing.solid.intersection(hole).area < 1e-3 * hole.area + 0.01


def test_web_check_can_fail() -> None:
    # A deliberately thin web must be caught: check with a web wider than the design's.
    design = _design(38.9)
    drawing = _drawn_rete(design, ReteOptions(min_web_mm=1.5))
    assert _web_failures(drawing, 4.0)


@pytest.mark.parametrize("rete_design", ["classic", "modern"])
def test_cutout_labels_on_material_and_apart(rete_design: str) -> None:
    design = _design(38.9)
    drawing = _drawn_rete(design, ReteOptions(design=rete_design))
    glyphs = [
        unary_union([Polygon(r) for r in b.outline.rings if len(r) >= 3])
        for b in drawing.star_labels
    ]
    shown = len(drawing.pointers) + len(drawing.band_stars) + len(drawing.marked)
    assert len(drawing.stars) == shown
    assert len(glyphs) == shown - len(drawing.unnamed)
    inside = drawing.solid.buffer(-0.29)
    for g in glyphs:
        assert inside.contains(g)
    # stars lying on the ecliptic band: an engraved mark on material, or a notch around the star
    assert {"Pollux", "Regulus"} <= {b.place.star.name for b in drawing.band_stars}
    for b in drawing.band_stars:
        if b.mark is not None:
            assert inside.contains(Polygon(b.mark.rings[0])), b.place.star.name
        else:
            assert b.notch is not None and (b.notch.cx, b.notch.cy) == b.place.tip
            assert not drawing.solid.contains(ShPoint(b.place.tip))
    for i, a in enumerate(glyphs):
        for b in glyphs[i + 1 :]:
            assert a.distance(b) >= 0.3
    first_pass = [p for p in drawing.pointers if p.label is not None or rete_design == "classic"]
    for i, a in enumerate(first_pass):
        for b in first_pass[i + 1 :]:
            assert a.visible.distance(b.visible) >= 1.5 - 1e-9


def test_min_web_option_widens_pointers() -> None:
    design = _design(38.9)
    drawing = _drawn_rete(design, ReteOptions(min_web_mm=3.0))
    assert drawing.solid.geom_type == "Polygon"
    assert _web_failures(drawing, 3.0) == []


# --------------------------------------------------------------------------- transparent


def test_transparent_lines_never_cross_labels() -> None:
    design = _design(38.9)
    drawing = _drawn_rete(design, ReteOptions(style="transparent"))
    assert drawing.solid is None
    boxes = [Polygon(b.corners).buffer(-0.05) for b in drawing.star_labels]
    from shapely.geometry import LineString

    for shape, _ in drawing.score:
        kind = type(shape).__name__
        if kind == "Segment":
            line = LineString([shape.p0, shape.p1])
        elif kind == "Arc":
            n = max(2, int(abs(shape.sweep_rad) * shape.r / 0.2))
            line = LineString(
                [shape.point_at(shape.start_rad + shape.sweep_rad * i / n) for i in range(n + 1)]
            )
        else:
            line = LineString([shape.point_at(2 * math.pi * i / 720) for i in range(721)])
        for box in boxes:
            assert not line.intersects(box)


def test_transparent_mirror_engrave() -> None:
    design = _design(38.9)
    layout = layout_for(design)
    plain = rete_part(design, layout, ReteOptions(style="transparent"))
    mirrored = rete_part(design, layout, ReteOptions(style="transparent", mirror_engrave=True))
    assert plain.meta["mirrored"] is False and mirrored.meta["mirrored"] is True
    cx = plain.center_mm[0]
    for a, b in zip(plain.meta["stars"], mirrored.meta["stars"], strict=True):
        assert b["tip_mm"][0] == pytest.approx(2 * cx - a["tip_mm"][0], abs=1e-4)
        assert b["tip_mm"][1] == pytest.approx(a["tip_mm"][1], abs=1e-4)


def test_star_list_options(tmp_path) -> None:
    design = _design(38.9)
    layout = layout_for(design)
    part = rete_part(
        design, layout, ReteOptions(style="transparent", star_names=("Vega", "Deneb", "Altair"))
    )
    assert sorted(s["name"] for s in part.meta["stars"]) == ["Altair", "Deneb", "Vega"]
    f = tmp_path / "mine.csv"
    f.write_text("name,ra_h,dec_deg,vmag\nMy Star,21.0,50.0,2.0\nHidden,0.0,89.9,1.0\n")
    part = rete_part(design, layout, ReteOptions(style="transparent", stars_file=str(f)))
    assert [s["name"] for s in part.meta["stars"]] == ["My Star"]
    assert part.meta["stars_left_out"] == ["Hidden"]  # at the pivot: no room


@pytest.mark.parametrize("lat", [38.9, -33.87])
def test_classic_cuts_are_exact_arcs_and_segments(lat: float) -> None:
    design = _design(lat)
    drawing = _drawn_rete(design, ReteOptions(design="classic"))
    stats = drawing.contour_stats
    assert stats.fallback == 0 and stats.arcs > 50 and stats.segments > 10
    arcs = [
        p for c in drawing.cut_inner if hasattr(c, "pieces") for p in c.pieces if hasattr(p, "r")
    ]
    # the daggers' curved edges are circles of their own, not polylines
    assert len({round(a.r, 6) for a in arcs}) > 10
