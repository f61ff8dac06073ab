"""The back, limb and plate of Chaucer's Treatise, read like the instrument: dates of the
Julian calendar against astronomy-engine (the Julian dates turned into the proleptic Gregorian
ones it takes by the fixed 8-day offset of the 14th century, not by the package's converter),
Chaucer's own worked examples, and the engraving read back from the written SVG."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
import xml.etree.ElementTree as ET

import astronomy
import pytest
from shapely.geometry import LineString, Point, Polygon
from shapely.ops import unary_union

from astrolabe_fab.config import read_preset
from astrolabe_fab.design import Design
from astrolabe_fab.geometry.primitives import Segment
from astrolabe_fab.parts.back import draw_mater_back
from astrolabe_fab.parts.layout import layout_for
from astrolabe_fab.parts.mater import draw_mater_front
from astrolabe_fab.parts.plate import plate_part
from astrolabe_fab.writers.svg import part_to_svg
from tests.parts.test_back import _eot_polyline, eot_reference_min, ray_hits

#: the Chaucer mater back drawn once (module fixture ``chaucer_back``): one worker runs them all
#: (tests/conftest.py)
pytestmark = pytest.mark.one_worker

SVG = "{http://www.w3.org/2000/svg}"
#: Julian -> Gregorian in 1391 (from 1 March 1300 to 28 February 1500 the Julian calendar runs
#: 8 days behind the proleptic Gregorian one: 1300 and 1400 are Julian leap years only).
OFFSET_1391 = dt.timedelta(days=8)


def chaucer(**changes: object) -> Design:
    return Design(**{**read_preset("chaucer"), **changes}).validate()  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def chaucer_back():  # type: ignore[no-untyped-def]
    design = chaucer()
    return draw_mater_back(design, layout_for(design))


def sun_longitude_deg(date: dt.date, hour: float = 0.0) -> float:
    t = astronomy.Time.Make(date.year, date.month, date.day, int(hour), 0, 0.0)
    return astronomy.SunPosition(t).elon % 360.0


def _wrap(x: float) -> float:
    return (x + 180.0) % 360.0 - 180.0


# --------------------------------------------------------------------------- calendar ring


def test_the_preset_is_the_treatise_instrument() -> None:
    design = chaucer()
    assert design.latitude_deg == pytest.approx(51.0 + 50.0 / 60.0)  # II §25: 51° 50'
    assert design.epoch == 1391.0
    assert design.calendar_system_in_use == "julian"
    assert design.hour_labels_in_use == "letters"
    assert design.star_name_style == "medieval"
    assert design.throne_in_use == "gothic"


def test_julian_calendar_of_1391_reads_the_suns_longitude(chaucer_back) -> None:  # type: ignore[no-untyped-def]
    cal = chaucer_back.part.meta["scales"]["calendar"]
    assert cal["system"] == "julian" and cal["first_day"] == "1391-01-01"
    assert cal["kind"] == "eccentric"
    julian = [dt.date(1391, 1, 1) + dt.timedelta(days=k) for k in range(365)]
    worst = 0.0
    for k, day in enumerate(julian):
        lam = sun_longitude_deg(day + OFFSET_1391)
        worst = max(worst, abs(_wrap(cal["day_start_bearing_deg"][k] - 270.0 - lam)))
    assert worst < 0.05


@pytest.mark.parametrize("kind", ["concentric", "eccentric"])
def test_gregorian_calendar_of_2026_reads_the_suns_longitude(kind: str) -> None:
    design = Design(38.9, epoch=2026.0, calendar=kind).validate()
    cal = draw_mater_back(design, layout_for(design)).part.meta["scales"]["calendar"]
    assert cal["system"] == "gregorian"
    for k, b in enumerate(cal["day_start_bearing_deg"]):
        lam = sun_longitude_deg(dt.date(2026, 1, 1) + dt.timedelta(days=k))
        assert abs(_wrap(b - 270.0 - lam)) < 0.05, k


def _noon_bearing(cal: dict, julian: dt.date) -> float:  # type: ignore[type-arg]
    k = (julian - dt.date(1391, 1, 1)).days
    a, b = cal["day_start_bearing_deg"][k], cal["day_start_bearing_deg"][k + 1]
    return a + _wrap(b - a) / 2.0


def test_chaucers_own_examples(chaucer_back) -> None:  # type: ignore[no-untyped-def]
    """II §1: on 12 March 1391 at midday the rule laid on the day points to "the firste degree
    of Aries, a litel with-in the degree"; on 13 December to "the first degree of Capricorne,
    a lite with-in the degree". The modern Sun reaches both points about five hours after that
    midday (0.2 degrees short at noon): the instrument agrees with Chaucer to a quarter of a
    degree, the difference between his tables and today's ephemeris."""
    cal = chaucer_back.part.meta["scales"]["calendar"]
    aries = _noon_bearing(cal, dt.date(1391, 3, 12)) - 270.0
    capricorn = _noon_bearing(cal, dt.date(1391, 12, 13)) - 270.0
    assert abs(_wrap(aries)) < 0.25
    assert abs(_wrap(capricorn - 270.0)) < 0.25


def test_equation_of_time_uses_the_same_calendar() -> None:
    """A Julian modern-style back: the curve read on a Julian date's mark gives E of the same
    day (astronomy-engine, at the Gregorian date 8 days on)."""
    design = Design(51.83, epoch=1391.0, style="modern", calendar_system="julian").validate()
    drawing = draw_mater_back(design, layout_for(design))
    cal = drawing.part.meta["scales"]["calendar"]
    eot = drawing.part.meta["scales"]["equation_of_time"]
    curve = _eot_polyline(drawing.part)
    for julian in (dt.date(1391, m, 10) for m in range(1, 13)):
        k = (julian - dt.date(1391, 1, 1)).days
        hits = ray_hits(drawing.center, cal["day_start_bearing_deg"][k], curve)
        assert len(hits) == 1
        read = (hits[0] - eot["zero_radius_mm"]) / eot["mm_per_min"]
        g = julian + OFFSET_1391
        assert read == pytest.approx(
            eot_reference_min(dt.datetime(g.year, g.month, g.day)), abs=0.05
        )


# --------------------------------------------------------------------------- A.B.C. and feasts


SKEAT_FEASTS = {
    "1391-01-25",
    "1391-02-02",
    "1391-03-25",
    "1391-05-03",
    "1391-06-24",
    "1391-07-25",
    "1391-08-10",
    "1391-09-08",
    "1391-10-18",
    "1391-11-11",
    "1391-12-21",
}


def test_feasts_on_their_julian_days(chaucer_back) -> None:  # type: ignore[no-untyped-def]
    cal = chaucer_back.part.meta["scales"]["calendar"]
    feasts = cal["festivals"]
    assert {f["date"] for f in feasts} == SKEAT_FEASTS
    ecc = cal["eccentric"]
    cx, cy = ecc["center_mm"]
    pivot = chaucer_back.center
    marks = [it.shape for it in chaucer_back.part.items("SCORE") if isinstance(it.shape, Segment)]
    for f in feasts:
        assert f["calendar"] == "julian" and f["engraved"]
        b = math.radians(f["bearing_deg"])
        r = ecc["radius_mm"]  # where the day's cell meets the day scale, as the rule reads it
        p = (cx + r * math.sin(b), cy - r * math.cos(b))
        from_pivot = math.degrees(math.atan2(p[0] - pivot[0], pivot[1] - p[1])) % 360.0
        g = dt.date.fromisoformat(f["date"]) + OFFSET_1391
        lam = sun_longitude_deg(g, 12.0)  # the middle of the day
        # the eccentric model (uniform days, Hipparchus) reads the Sun within 0.05 deg
        assert abs(_wrap(from_pivot - 270.0 - lam)) < 0.05, f["name"]
        # and the mark is drawn on that radius of the calendar
        assert any(
            abs(math.degrees(math.atan2(m.p0[0] - cx, cy - m.p0[1])) % 360.0 - f["bearing_deg"])
            < 1e-3
            and abs(math.degrees(math.atan2(m.p1[0] - cx, cy - m.p1[1])) % 360.0 - f["bearing_deg"])
            < 1e-3
            for m in marks
        ), f["name"]


def test_circle_of_the_abc(chaucer_back) -> None:  # type: ignore[no-untyped-def]
    abc = chaucer_back.part.meta["scales"]["calendar"]["dominical_letters"]
    assert abc["year_letters"] == "A"  # 1 January 1391 (Julian) was a Sunday
    assert abc["calendar"] == "julian"
    assert abc["letters_drawn"] == 365 and abc["letters_missing"] == []


# --------------------------------------------------------------------------- the limb


def test_limb_has_the_treatise_hour_letters() -> None:
    design = chaucer()
    meta = draw_mater_front(design, layout_for(design)).part.meta["scales"]["hours"]
    labels = meta["labels_from_noon"]
    assert labels == ["+", *"ABCDEFGHIKLMNOPQRSTVXYZ"]
    # II §3: from the line of midnight to X are 9 letters, and it was 9 of the clock
    midnight = labels.index("M")
    assert labels.index("X") - midnight == 9
    assert (12 + labels.index("X")) % 24 == 9


# --------------------------------------------------------------------------- shadow square


def _engraved_paths(svg: str) -> list[Polygon]:
    """Each ENGRAVE path of the written SVG (one per label) as a filled area."""
    root = ET.fromstring(svg)
    engrave = next(g for g in root if g.get("id") == "ENGRAVE")
    out = []
    for path in engrave.iter(SVG + "path"):
        rings = []
        for sub in re.findall(r"M([^MZ]+)Z?", path.get("d", "")):
            nums = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", sub)]
            pts = list(zip(nums[0::2], nums[1::2], strict=True))
            if len(pts) >= 3:
                rings.append(Polygon(pts).buffer(0))
        out.append(unary_union(rings))
    return out


@pytest.mark.parametrize("diameter", [150.0, 200.0, 250.0, 300.0])
@pytest.mark.parametrize("treatise", [True, False])
def test_shadow_square_numbers_do_not_collide(diameter: float, treatise: bool) -> None:
    design = chaucer(diameter_mm=diameter) if treatise else Design(38.9, diameter_mm=diameter)
    drawing = draw_mater_back(design.validate(), layout_for(design))
    sq = drawing.part.meta["scales"]["shadow_square"]
    s, (cx, cy) = sq["half_width_mm"], drawing.center
    labels = sq["labels"]
    assert all(len(v) == 12 // sq["numbers_every"] for v in labels.values())
    if diameter >= 200.0:
        assert all(v == [str(k) for k in range(1, 13)] for v in labels.values())
    zone = Polygon(
        [
            (cx - s - 8, cy + 0.5),
            (cx + s + 8, cy + 0.5),
            (cx + s + 8, cy + s + 8),
            (cx - s - 8, cy + s + 8),
        ]
    )
    near = [p for p in _engraved_paths(part_to_svg(drawing.part)) if zone.contains(p.centroid)]
    assert len(near) >= 4 * len(labels["umbra_versa_left"])
    for a, b in itertools.combinations(near, 2):
        assert a.distance(b) >= 0.3


@pytest.mark.parametrize("diameter", [150.0, 200.0, 300.0])
@pytest.mark.parametrize("treatise", [True, False])
def test_shadow_square_engraving_keeps_off_its_lines(diameter: float, treatise: bool) -> None:
    """Names and numbers of the shadow square, read back from the SVG, stand at least 0.3 mm
    from the square's scored lines: its sides and bands, ticks, the meridian and the two
    diagonals (before issue 15 the names and the corner "10" touched the diagonals)."""
    design = chaucer(diameter_mm=diameter) if treatise else Design(38.9, diameter_mm=diameter)
    drawing = draw_mater_back(design.validate(), layout_for(design))
    s = drawing.part.meta["scales"]["shadow_square"]["half_width_mm"]
    cx, cy = drawing.center
    zone = Polygon(
        [
            (cx - s - 8, cy + 0.5),
            (cx + s + 8, cy + 0.5),
            (cx + s + 8, cy + s + 8),
            (cx - s - 8, cy + s + 8),
        ]
    )
    lines = [
        LineString([it.shape.p0, it.shape.p1])
        for it in drawing.part.items("SCORE")
        if isinstance(it.shape, Segment)
        and zone.contains(Point(it.shape.p0))
        and zone.contains(Point(it.shape.p1))
    ]
    diagonals = [LineString([(cx, cy), (cx + side * s, cy + s)]) for side in (-1.0, 1.0)]
    assert len(lines) > 4 * 12  # the sides, the bands and both scales' ticks
    near = [p for p in _engraved_paths(part_to_svg(drawing.part)) if zone.contains(p.centroid)]
    assert len(near) >= 4 * 12 // drawing.part.meta["scales"]["shadow_square"]["numbers_every"]
    worst = min(glyph.distance(line) for glyph in near for line in [*lines, *diagonals])
    assert worst >= 0.3


@pytest.mark.parametrize("latin", [True, False])
def test_back_names_months_and_signs_as_the_treatise(
    latin: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With latin_labels the months carry their Roman names (Skeat on I §10: "The names of the
    months are all Roman") and the signs the Treatise's (I §8: "... Scorpio, Sagittarius,
    Capricornus ..."), engraved in the capitals of the feasts; without, the English ones."""
    import astrolabe_fab.parts.back as back_module

    texts: list[str] = []
    original = back_module.ring_label

    def spy(labels, text, *args, **kw):  # type: ignore[no-untyped-def]
        texts.append(text)
        return original(labels, text, *args, **kw)

    monkeypatch.setattr(back_module, "ring_label", spy)
    design = chaucer(latin_labels=latin)
    draw_mater_back(design, layout_for(design))
    roman = {"IANVARIVS", "FEBRVARIVS", "MARCIVS", "IVLIVS", "AVGVSTVS", "DECEMBER"}
    english = {"JANUARY", "FEBRUARY", "MARCH", "JULY", "AUGUST", "DECEMBER"}
    signs = {"♑ CAPRICORNVS", "♉ TAVRVS", "♏ SCORPIO"}
    assert (roman if latin else english) <= set(texts)
    assert ((english - roman) & set(texts)) == (set() if latin else english - roman)
    assert (signs <= set(texts)) == latin
    assert ("♑ CAPRICORN" in texts) == (not latin)


# --------------------------------------------------------------------------- the plate


def test_plate_names_its_lines() -> None:
    design = chaucer()
    part = plate_part(design, layout_for(design))
    assert part.meta["line_names"] == {"ORIENS": True, "OCCIDENS": True}
    assert part.meta["latitude_deg"] == pytest.approx(51.8333333)


# --------------------------------------------------------------------------- the throne


def _arc_points(shape, n: int = 24) -> list[tuple[float, float]]:  # type: ignore[no-untyped-def]
    return [
        (
            shape.cx + shape.r * math.cos(shape.start_rad + shape.sweep_rad * k / n),
            shape.cy + shape.r * math.sin(shape.start_rad + shape.sweep_rad * k / n),
        )
        for k in range(n + 1)
    ]


@pytest.mark.parametrize("diameter", [60.0, 200.0, 400.0])
def test_gothic_throne_is_one_smooth_symmetric_outline(diameter: float) -> None:
    design = chaucer(diameter_mm=diameter)
    part = draw_mater_front(design, layout_for(design)).part
    (outer,) = part.items("CUT_OUTER")
    pieces = outer.shape.pieces
    assert len(pieces) == 16  # disc, two side lobes, the lobe twice, turet twice, ring, fillets
    for a, b in zip(pieces, (*pieces[1:], pieces[0]), strict=True):
        assert math.dist(a.end, b.start) < 1e-9
        # G1: the directions of travel agree where two arcs meet
        sa = 1.0 if a.sweep_rad > 0 else -1.0
        sb = 1.0 if b.sweep_rad > 0 else -1.0
        ta = a.start_rad + a.sweep_rad
        da = (-sa * math.sin(ta), sa * math.cos(ta))
        db = (-sb * math.sin(b.start_rad), sb * math.cos(b.start_rad))
        assert da[0] * db[0] + da[1] * db[1] > 1.0 - 1e-9
    outline = Polygon([p for piece in pieces for p in _arc_points(piece)])
    assert outline.is_valid
    cx = part.center_mm[0]
    mirrored = Polygon([(2 * cx - x, y) for x, y in outline.exterior.coords])
    assert outline.symmetric_difference(mirrored).area < 1e-3 * outline.area
    # the hanging hole is in the ring, with a web of at least min_web all round
    holes = [it.shape for it in part.items("CUT_INNER")]
    hanging = min(holes, key=lambda c: c.cy)
    assert hanging.cy < part.center_mm[1] - design.diameter_mm / 2.0
    web = outline.exterior.distance(
        Polygon(_arc_points(type(pieces[0])(hanging.cx, hanging.cy, hanging.r, 0.0, 2 * math.pi)))
    )
    assert web >= design.min_web_mm


def test_modern_throne_stays_plain() -> None:
    design = Design(38.9).validate()
    (outer,) = draw_mater_front(design, layout_for(design)).part.items("CUT_OUTER")
    assert len(outer.shape.pieces) == 4
