"""The manifest's label records against the written SVG, and the places of the house numerals
and of ORIENS/OCCIDENS against the sky (issue 12: tests that bite; fast enough to run for every
mutant of ``parts/plate_labels.py`` and ``parts/plate.py``).

- every engraved glyph of the written SVG (read back with the tests' own parser, measured with
  shapely) lies in exactly one recorded label box, each box holds one glyph per character of
  its text, and the ink fills the box: the record's text, size, centre and corners are those of
  the glyphs actually cut;
- each record's kind, value and numerals agree with its text and with the sky under it;
- a house numeral stands in the middle of the house it names: on the great circle through the
  north and south points of the horizon that halves it, between its two cusps (computed here
  from 3-D sky vectors, the plate's projection inverted);
- ORIENS and OCCIDENS stand on the east-west line on the side of the east (west) point of the
  horizon, at the limit end, in both hemispheres; the manifest's ``line_names`` says which found
  room, and is absent without the Latin words.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely

from astrolabe_fab.design import Design
from astrolabe_fab.geometry.primitives import Circle, Segment
from astrolabe_fab.geometry.projection import Frame
from astrolabe_fab.parts.labels import Labels
from astrolabe_fab.parts.layout import layout_for
from astrolabe_fab.parts.plate import plate_part
from astrolabe_fab.parts.plate_labels import (
    HOUR_SCALE,
    HOUSE_SCALE,
    LABEL_CLEAR_MM,
    LATITUDE_SCALE,
    SPACE_OF_CAP,
    TWILIGHT_SCALE,
    LabelRecord,
    Placer,
    PlateSky,
    Zones,
    _nearest_gaps,
)
from astrolabe_fab.parts.registration import notch_keepout, plate_notch
from astrolabe_fab.text import place_text, text_corners
from astrolabe_fab.writers.svg import part_to_svg
from tests.caching import per_mutant_cache
from tests.fabrication.helpers import svg_layers
from tests.independent import altaz_to_hadec, project
from tests.parts.test_plate_labels import lines
from tests.svg_checks import read_part

#: A northern and a southern plate, with the houses and the Treatise's words.
LATITUDES = (38.9, -33.87)
ROMAN = ("I", "II", "III", "IV", "V", "VI")
#: Size of each kind of label, as a fraction of the design's label height.
SCALES = {
    "hour": HOUR_SCALE,
    "house": HOUSE_SCALE,
    "twilight": TWILIGHT_SCALE,
    "twilight_name": TWILIGHT_SCALE,
    "latitude": LATITUDE_SCALE,
}
#: A box's distance from every line it does not name, mm (issue 17).
CLEAR_MM = 0.3


@per_mutant_cache
def built(
    lat: float,
    latin: bool = True,
    text_mm: float | None = None,
    grid: tuple[float, float] = (2.0, 10.0),
) -> tuple[dict, str]:
    """The plate part's manifest meta (with its centre) and its written SVG; ``grid``: the
    almucantar and azimuth steps."""
    design = Design(
        latitude_deg=lat,
        houses=True,
        latin_labels=latin,
        text_height_mm=text_mm,
        almucantar_step_deg=grid[0],
        azimuth_step_deg=grid[1],
        epoch=2026.0,
    ).validate()
    part = plate_part(design, layout_for(design))
    meta = dict(part.meta)
    meta["center_mm"] = part.center_mm
    meta["label_height_mm"] = design.label_height_mm
    return meta, part_to_svg(part)


def _vector(meta: dict, p: tuple[float, float]) -> np.ndarray:
    """The equatorial unit vector (x to the upper meridian, y to hour angle 90 west, z to the
    north pole) of the sky point drawn at ``p``: SPEC section 1, r = Re tan((90 -+ d) / 2),
    (cx +- r sin H, cy - r cos H), inverted."""
    cx, cy = meta["center_mm"]
    south = meta["latitude_deg"] < 0
    dx, dy = p[0] - cx, p[1] - cy
    sign = -1.0 if south else 1.0
    dec = math.radians(
        sign
        * (90.0 - 2.0 * math.degrees(math.atan2(math.hypot(dx, dy), meta["equator_radius_mm"])))
    )
    ha = math.atan2(sign * dx, -dy)
    return np.array([math.cos(dec) * math.cos(ha), math.cos(dec) * math.sin(ha), math.sin(dec)])


def _sky_point(meta: dict, alt: float, az: float) -> tuple[float, float]:
    ha, dec = altaz_to_hadec(alt, az, meta["latitude_deg"])
    south = meta["latitude_deg"] < 0
    return project(ha, dec, meta["center_mm"], meta["equator_radius_mm"], south)


# --------------------------------------------------------------------------- records vs SVG


def _glyphs_by_record(meta: dict, svg: str) -> list[list[shapely.Polygon]]:
    """The engraved glyph polygons of the SVG inside each record's box (every glyph in one)."""
    glyphs = read_part(svg).glyphs
    tree = shapely.STRtree(glyphs)
    owner = [-1] * len(glyphs)
    out: list[list[shapely.Polygon]] = []
    for n, rec in enumerate(meta["labels"]):
        box = shapely.Polygon(rec["corners_mm"]).buffer(0.05 * rec["cap_mm"], join_style="mitre")
        inside = [int(i) for i in tree.query(box, "contains")]
        for i in inside:
            assert owner[i] == -1, (rec, meta["labels"][owner[i]])
            owner[i] = n
        out.append([glyphs[i] for i in inside])
    assert all(o >= 0 for o in owner), "an engraved glyph outside every recorded label"
    return out


@pytest.mark.parametrize("lat", LATITUDES)
def test_label_records_are_the_engraved_glyphs(lat: float) -> None:
    """Each record's box is an upright rectangle, centred on ``center_mm``, ``cap_mm`` high, the
    size of its kind; inside it the SVG holds one glyph per character of ``text`` (a glyph is a
    ring not inside another one) whose ink spans the cap height and nearly the box's width."""
    meta, svg = built(lat)
    records = meta["labels"]
    assert len(records) > 40
    for rec, glyphs in zip(records, _glyphs_by_record(meta, svg), strict=True):
        cap = rec["cap_mm"]
        assert cap == pytest.approx(meta["label_height_mm"] * SCALES.get(rec["kind"], 1.0))
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = rec["corners_mm"]
        assert y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0 and x1 > x0 and y2 > y1, rec
        assert y2 - y1 == pytest.approx(cap, abs=2e-4)
        assert rec["center_mm"] == pytest.approx([(x0 + x1) / 2.0, (y1 + y2) / 2.0], abs=2e-4)
        outer = [g for g in glyphs if not any(h is not g and h.contains(g) for h in glyphs)]
        assert len(outer) == len(rec["text"].replace(" ", "")), rec
        ix0, iy0, ix1, iy1 = shapely.union_all(glyphs).bounds
        # the ink: from the baseline to the cap height (round glyphs overshoot by 2 %), the
        # side bearings at most a sixth of the cap height
        assert abs(iy0 - y1) < 0.03 * cap and abs(iy1 - y2) < 0.03 * cap, rec
        assert 0.0 <= ix0 - x0 < 0.17 * cap and 0.0 <= x1 - ix1 < 0.17 * cap, rec
        # the manifest gives millimetres to 0.1 micrometre
        for v in [cap, *rec["center_mm"], *(c for corner in rec["corners_mm"] for c in corner)]:
            assert v == round(v, 4), rec


@pytest.mark.parametrize("lat", LATITUDES)
def test_label_records_say_what_they_number(lat: float) -> None:
    """Kind, value and numerals agree with the text and with the sky under the label."""
    meta, _ = built(lat)
    kinds: dict[str, list[dict]] = {}
    for rec in meta["labels"]:
        kinds.setdefault(rec["kind"], []).append(rec)
        text, value = rec["text"], rec["value"]
        assert rec["numerals"] == ("roman" if rec["kind"] == "house" else "arabic"), rec
        if rec["kind"] in ("azimuth", "altitude"):
            assert text == f"{value:g}", rec
        elif rec["kind"] == "hour":
            assert text == str(int(value)) and value == int(value), rec
        elif rec["kind"] == "house":
            assert text == ROMAN[int(value) - 1] and value == int(value), rec
        elif rec["kind"] == "twilight":
            assert text == f"\u2212{-value:g}°", rec
            assert value != -18.0, "with the Treatise's words the 18-degree line is CREPUSCULUM"
        elif rec["kind"] == "latitude":
            assert value == lat and text == f"{abs(lat):.2f}° {'N' if lat >= 0 else 'S'}"
        elif rec["kind"] == "line_name":
            # the side of the pivot it stands on: -1 left, +1 right
            assert value == math.copysign(1.0, rec["center_mm"][0] - meta["center_mm"][0])
        else:
            assert rec["kind"] == "twilight_name" and text == "CREPUSCULUM" and value == -18.0
    assert {
        "azimuth",
        "altitude",
        "hour",
        "house",
        "latitude",
        "line_name",
    } <= set(kinds)
    assert sorted(r["text"] for r in kinds["house"]) == sorted(ROMAN)


@pytest.mark.parametrize("lat", LATITUDES)
def test_twilight_number_without_the_latin_words(lat: float) -> None:
    """Without the Treatise's words the 18-degree line is numbered '−18°' (kind twilight)."""
    meta, _ = built(lat, False)
    (rec,) = [r for r in meta["labels"] if r["kind"].startswith("twilight")]
    assert (rec["kind"], rec["text"], rec["value"]) == ("twilight", "\u221218°", -18.0)


# --------------------------------------------------------------------------- houses


def _lune_angle(lat: float, v: np.ndarray) -> float:
    """Angle (degrees) of the great circle through the horizon's north and south points and
    ``v`` about their axis, from the zenith (0) towards the west point (90)."""
    phi = math.radians(lat)
    north = np.array([-math.sin(phi), 0.0, math.cos(phi)])
    zenith = np.array([math.cos(phi), 0.0, math.sin(phi)])
    west = np.cross(north, zenith)
    return math.degrees(math.atan2(v @ west, v @ zenith))


def _wrap(deg: float) -> float:
    return (deg + 180.0) % 360.0 - 180.0


@pytest.mark.parametrize(
    "lat,grid", [(38.9, (2.0, 10.0)), (-33.87, (2.0, 10.0)), (10.0, (10.0, 15.0))]
)
def test_house_numerals_in_the_middle_of_their_house(lat: float, grid: tuple[float, float]) -> None:
    """House k (1-6, below the horizon from the east point) is the lune between the cusps whose
    equator points have hour angles 270 - 30 (k - 1) and 240 - 30 (k - 1) (Regiomontanus); its
    numeral stands below the horizon on the great circle halving it (within 0.01 degree). Only
    these six are numbered, also where a coarse grid of almucantars and azimuths leaves room
    above the horizon."""
    meta, _ = built(lat, True, None, grid)
    houses = [r for r in meta["labels"] if r["kind"] == "house"]
    assert sorted(r["text"] for r in houses) == sorted(ROMAN)
    houses = {int(r["value"]): r for r in houses}
    assert sorted(houses) == [1, 2, 3, 4, 5, 6]

    def cusp(ha_deg: float) -> float:
        h = math.radians(ha_deg)
        return _lune_angle(lat, np.array([math.cos(h), math.sin(h), 0.0]))

    phi = math.radians(lat)
    zenith = np.array([math.cos(phi), 0.0, math.sin(phi)])
    for k, rec in houses.items():
        v = _vector(meta, rec["center_mm"])
        assert v @ zenith < 0.0, rec  # below the horizon
        at = _lune_angle(lat, v)
        start, end = cusp(270.0 - 30.0 * (k - 1)), cusp(240.0 - 30.0 * (k - 1))
        middle = cusp(255.0 - 30.0 * (k - 1))
        lo, hi = sorted((_wrap(start - middle), _wrap(end - middle)))
        assert lo < 0.0 < hi, (k, start, end, middle)
        assert abs(_wrap(at - middle)) < 0.01, (k, at, middle)


# --------------------------------------------------------------------------- ORIENS, OCCIDENS


@pytest.mark.parametrize("lat", LATITUDES)
def test_oriens_and_occidens_at_the_limit_end_of_their_half_of_the_east_west_line(
    lat: float,
) -> None:
    """ORIENS on the east-west line on the side of the horizon's east point (left in the north,
    right in the south), OCCIDENS on the west point's side; each at the limit end of its half
    (its outer end between 0.3 and 2 mm from the limit), clear of the horizon where it meets
    the line, and 3 mm (``plate_words.CLEAR_MM``) from the altitude and azimuth numbers."""
    meta, _ = built(lat)
    cx, cy = meta["center_mm"]
    limit = meta["limit_radius_mm"]
    words = {r["text"]: r for r in meta["labels"] if r["kind"] == "line_name"}
    assert meta["line_names"] == {"ORIENS": True, "OCCIDENS": True}
    assert set(words) == {"ORIENS", "OCCIDENS"}
    numbers = [
        shapely.Polygon(r["corners_mm"])
        for r in meta["labels"]
        if r["kind"] in ("altitude", "azimuth")
    ]
    for word, az in (("ORIENS", 90.0), ("OCCIDENS", 270.0)):
        rec = words[word]
        x, y = rec["center_mm"]
        point = _sky_point(meta, 0.0, az)  # where the horizon meets the east-west line
        assert point[1] == pytest.approx(cy, abs=1e-6)
        assert abs(y - cy) < 1e-6
        assert (x - cx) * (point[0] - cx) > 0.0, (word, x, point)
        box = shapely.Polygon(rec["corners_mm"])
        assert box.distance(shapely.Point(point)) >= CLEAR_MM
        far = max(math.dist(c, (cx, cy)) for c in rec["corners_mm"])
        assert CLEAR_MM <= limit - far < 2.0, (word, limit - far)
        assert min(box.distance(n) for n in numbers) >= 3.0
    assert (words["ORIENS"]["center_mm"][0] < cx) == (lat >= 0.0)


def test_oriens_is_on_the_east_side_just_north_of_the_equator() -> None:
    """At 0.5 N the horizon runs close to the east-west line; a 1000 mm plate with 0.8 mm
    letters still has room for the words, and ORIENS goes on the side of the horizon's east
    point (the hemisphere is north from 0 on, not from 1)."""
    design = Design(
        latitude_deg=0.5, diameter_mm=1000.0, text_height_mm=0.8, latin_labels=True
    ).validate()
    part = plate_part(design, layout_for(design))
    meta = {**part.meta, "center_mm": part.center_mm}
    assert meta["line_names"] == {"ORIENS": True, "OCCIDENS": True}
    cx = meta["center_mm"][0]
    east = _sky_point(meta, 0.0, 90.0)
    for rec in meta["labels"]:
        if rec["kind"] == "line_name":
            side = rec["center_mm"][0] - cx
            assert (side * (east[0] - cx) > 0.0) == (rec["text"] == "ORIENS"), rec["text"]


@pytest.mark.parametrize("lat", LATITUDES)
def test_line_names_record_says_which_words_found_room(lat: float) -> None:
    """With room, both words and ``line_names`` true; with 5 mm letters no place on the line is
    clear of the other lines: no word, both false; without the Latin words no record at all."""
    meta, _ = built(lat, True, 5.0)
    assert meta["line_names"] == {"ORIENS": False, "OCCIDENS": False}
    assert not [r for r in meta["labels"] if r["kind"] == "line_name"]
    meta, _ = built(lat, False)
    assert "line_names" not in meta
    assert not [r for r in meta["labels"] if r["kind"] in ("line_name", "twilight_name")]
    assert [r["text"] for r in meta["labels"] if r["kind"] == "twilight"]


# --------------------------------------------------------------------------- the fit test


def test_the_fit_test_at_the_limit_is_the_box_as_drawn() -> None:
    """``Placer`` tests the limit on rectangles, and where that is too close to call (1e-9 mm),
    on the box's corners: the corners ``place_text`` draws, so a label whose farthest corner is
    a hair inside the reach (limit radius minus the labels' gap) fits and a hair outside does
    not, in every quadrant (each has another farthest corner)."""
    labels = Labels(2.0)
    zones = Zones([("meridian", [Segment((100.0, 100.0), (101.0, 100.0))])])
    limit = Circle(10.0, 20.0, 30.0)
    placer = Placer(labels, zones, limit)
    reach = limit.r - labels.gap_mm
    text, cap = "80", 2.0
    probe = place_text(text, (0.0, 0.0), cap)
    for sx, sy in ((1.0, 1.0), (-1.0, 1.0), (-1.0, -1.0), (1.0, -1.0)):
        # the farthest corner of the box at an anchor (x, y) in this quadrant
        far_dx, far_dy = sx * probe.width_mm / 2.0, sy * cap / 2.0
        for delta in (-4e-10, 4e-10):
            theta = math.atan2(sy * 3.0, sx * 4.0)
            fx = limit.cx + (reach + delta) * math.cos(theta)
            fy = limit.cy + (reach + delta) * math.sin(theta)
            anchor = (fx - far_dx, fy - far_dy)
            box = place_text(text, anchor, cap)
            drawn = max(math.dist(c, limit.center) for c in box.corners)
            assert abs(drawn - reach - delta) < 1e-12
            assert placer._fits(text, [anchor], cap, "hour", {}).tolist() == [drawn <= reach]
            assert sorted(text_corners(text, anchor, cap)) == sorted(box.corners)


def test_a_label_record_is_its_box_to_a_tenth_of_a_micrometre() -> None:
    """The manifest's record of a label: its text, kind, value and numerals as given, and the
    box's cap height, centre and corners in millimetres rounded to 4 decimals."""
    box = place_text("XII", (12.345678, -9.876543), 1.2345678)
    got = LabelRecord("XII", "house", 6.0, box, "roman").as_dict()
    assert got == {
        "text": "XII",
        "kind": "house",
        "value": 6.0,
        "numerals": "roman",
        "cap_mm": 1.2346,
        "center_mm": [12.3457, -9.8765],
        "corners_mm": [[round(x, 4), round(y, 4)] for x, y in box.corners],
    }
    assert got["corners_mm"][0] == pytest.approx(
        [12.345678 - box.width_mm / 2.0, -9.876543 - 1.2345678 / 2.0], abs=5e-5
    )
    assert LabelRecord("7", "hour", 7.0, box).as_dict()["numerals"] == "arabic"


def test_gaps_to_the_placed_labels_are_the_distances_between_the_boxes() -> None:
    """``_nearest_gaps``: for each anchor, the distance from an upright box there to the nearest
    placed box and to the nearest box of another kind, as shapely measures them (0 where they
    overlap; inf where there is none)."""
    rng = np.random.default_rng(7)
    rows = np.column_stack(
        [
            rng.uniform(0, 40, 12),
            rng.uniform(0, 40, 12),
            rng.uniform(1, 8, 12),
            rng.uniform(1, 3, 12),
        ]
    )
    anchors = [tuple(p) for p in rng.uniform(-5, 45, (30, 2)).tolist()]
    width, height = 3.7, 1.9

    def box(x: float, y: float, w: float, h: float) -> shapely.Polygon:
        return shapely.box(x - w / 2.0, y - h / 2.0, x + w / 2.0, y + h / 2.0)

    for other in (np.zeros(12), (np.arange(12) % 3 == 0).astype(float), np.ones(12)):
        boxes = np.column_stack([rows, other])
        nearest, nearest_other = _nearest_gaps(boxes, anchors, width, height)
        for i, (x, y) in enumerate(anchors):
            mine = box(x, y, width, height)
            d = [mine.distance(box(*row[:4])) for row in boxes]
            assert nearest[i] == pytest.approx(min(d), abs=1e-9)
            d_other = [di for di, row in zip(d, boxes, strict=True) if row[4] > 0]
            assert nearest_other[i] == pytest.approx(min(d_other, default=math.inf), abs=1e-9)
    assert _nearest_gaps(np.zeros((0, 5)), anchors[:3], width, height) == (
        [math.inf] * 3,
        [math.inf] * 3,
    )
    assert _nearest_gaps(np.column_stack([rows, np.ones(12)]), [], width, height) == ([], [])


def _halving_circle(lat: float, house: int, t_deg: np.ndarray) -> np.ndarray:
    """Unit vectors at ``t_deg`` from the horizon's north point along the great circle through
    it and the equator point halving house ``house`` (hour angle 255 - 30 (house - 1))."""
    phi = math.radians(lat)
    north = np.array([-math.sin(phi), 0.0, math.cos(phi)])
    h = math.radians(255.0 - 30.0 * (house - 1))
    e = np.array([math.cos(h), math.sin(h), 0.0])
    u = e - (e @ north) * north
    u /= np.linalg.norm(u)
    t = np.radians(t_deg)
    return np.outer(np.cos(t), north) + np.outer(np.sin(t), u)


def _blocked(meta: dict, lat: float, rec: dict, before: list[dict], at: np.ndarray) -> np.ndarray:
    """Whether ``rec``'s box centred at each of the points ``at`` would leave the limit (less
    the labels' gap), come within a label placed before it (the gap) or near a line of the
    plate (LABEL_CLEAR_MM + SPACE_OF_CAP cap), the lines sampled from the sky by
    ``test_plate_labels.lines``; 0.01 mm of slack for the sampling."""
    (x0, y0), _, (x2, y2), _ = rec["corners_mm"]
    w, h = x2 - x0, y2 - y0
    boxes = shapely.box(at[:, 0] - w / 2, at[:, 1] - h / 2, at[:, 0] + w / 2, at[:, 1] + h / 2)
    cx, cy = meta["center_mm"]
    far = np.hypot(np.abs(at[:, 0] - cx) + w / 2, np.abs(at[:, 1] - cy) + h / 2)
    out = ~np.isfinite(at).all(axis=1) | (far > meta["limit_radius_mm"] - 0.35 - 0.01)
    placed = shapely.STRtree([shapely.Polygon(r["corners_mm"]) for r in before])
    out[placed.query(boxes, "dwithin", distance=0.35 + 0.01)[0]] = True
    runs = [shapely.LineString(run) for fam in lines(lat).values() for run in fam]
    clear = LABEL_CLEAR_MM + SPACE_OF_CAP * rec["cap_mm"] + 0.01
    out[shapely.STRtree(runs).query(boxes, "dwithin", distance=clear)[0]] = True
    return out


@pytest.mark.parametrize("lat", LATITUDES)
def test_house_numerals_at_the_first_free_place_from_the_prime_vertical(lat: float) -> None:
    """The candidates of a house numeral are the points of its halving circle every half degree
    from where it crosses the prime vertical (90 degrees from the north point), outwards and
    inwards alternately (90, 90.5, 89.5, 91, ...): every candidate before the numeral's place
    is taken (by the limit, a line or a label placed before it)."""
    meta, _ = built(lat)
    phi = math.radians(lat)
    north = np.array([-math.sin(phi), 0.0, math.cos(phi)])
    records = meta["labels"]
    for n, rec in enumerate(records):
        if rec["kind"] != "house":
            continue
        house = int(rec["value"])
        v = _vector(meta, rec["center_mm"])
        t = math.degrees(math.acos(max(-1.0, min(1.0, float(v @ north)))))
        # its place in the order 90, 90.5, 89.5, ...: 2 |t - 90| / 0.5 steps, + side first
        k = round(abs(t - 90.0) / 0.5)
        assert abs(abs(t - 90.0) - 0.5 * k) < 0.01, (house, t)
        order = [90.0] + [90.0 + s * 0.5 * j for j in range(1, k + 1) for s in (1.0, -1.0)]
        earlier = order[: order.index(90.0 + math.copysign(0.5 * k, t - 90.0))]
        if not earlier:
            continue
        vs = _halving_circle(lat, house, np.asarray(earlier))
        ha = np.degrees(np.arctan2(vs[:, 1], vs[:, 0]))
        dec = np.degrees(np.arcsin(np.clip(vs[:, 2], -1.0, 1.0)))
        south = lat < 0
        at = np.asarray(
            [
                project(a, d, meta["center_mm"], meta["equator_radius_mm"], south)
                for a, d in zip(ha.tolist(), dec.tolist(), strict=True)
            ]
        )
        blocked = _blocked(meta, lat, rec, records[:n], at)
        free = [t for t, b in zip(earlier, blocked.tolist(), strict=True) if not b]
        assert not free, (house, t, free[:5])


def test_the_visible_pole_falls_on_the_pivot_at_every_latitude() -> None:
    """``PlateSky.at_many`` of the celestial pole above the horizon (altitude |latitude|, on
    the meridian towards it) is the plate's centre: also where the rounded sine of its
    declination comes out a hair beyond +-1 (clamped, not an error)."""
    for lat_cents in range(1, 9000, 17):
        for sign in (1.0, -1.0):
            lat = sign * lat_cents / 100.0
            frame = Frame((50.0, 60.0), 40.0, "north" if lat >= 0 else "south")
            sky = PlateSky(frame, lat, Circle(50.0, 60.0, 45.0))
            az = 0.0 if lat >= 0 else 180.0
            (p,) = sky.at_many(np.array([abs(lat)]), np.array([az])).tolist()
            assert math.dist(p, (50.0, 60.0)) < 1e-5, (lat, p)
            # the same in a batch with a point that is not a number (the other clamp)
            p, q = sky.at_many(np.array([abs(lat), math.nan]), np.array([az, 10.0])).tolist()
            assert math.dist(p, (50.0, 60.0)) < 1e-5 and not np.isfinite(q).all(), (lat, p, q)


@pytest.mark.parametrize("with_nan", [False, True])
def test_at_many_is_at_for_every_point(with_nan: bool) -> None:
    """``PlateSky.at_many`` gives each point the very numbers of ``PlateSky.at`` (its
    docstring's promise), whether or not the batch holds a point that is not a number."""
    rng = np.random.default_rng(7)
    for lat in (38.9, -33.87, 0.3, 89.2):
        frame = Frame((50.0, 60.0), 40.0, "north" if lat >= 0 else "south")
        sky = PlateSky(frame, lat, Circle(50.0, 60.0, 45.0))
        alt = rng.uniform(-20.0, 90.0, 40)
        az = rng.uniform(0.0, 360.0, 40)
        if with_nan:
            alt[5] = math.nan
        got = sky.at_many(alt, az)
        for k in range(40):
            if with_nan and k == 5:
                assert not np.isfinite(got[k]).all()
                continue
            want = sky.at(float(alt[k]), float(az[k]))
            assert tuple(got[k].tolist()) == want, (lat, k)


@pytest.mark.parametrize("lat", LATITUDES)
def test_no_scored_line_runs_through_a_label(lat: float) -> None:
    """On the written SVG every scored line keeps 0.3 mm from every recorded label box, also
    from ORIENS and OCCIDENS, which stand on the east-west line and an unequal-hour line (the
    lines are cut round the labels they pass)."""
    meta, svg = built(lat)
    layers, _, _ = svg_layers(svg)
    score = [shapely.LineString(p) for p in layers["SCORE"] if len(p) >= 2]
    boxes = [shapely.Polygon(r["corners_mm"]) for r in meta["labels"]]
    near = shapely.STRtree(score).query(boxes, "dwithin", distance=CLEAR_MM)
    assert not near.size, [meta["labels"][int(i)]["text"] for i in near[0][:5]]
    words = [r for r in meta["labels"] if r["kind"] == "line_name"]
    assert words  # the lines they stand on, cut round them: drawn on both sides
    for rec in words:
        (x0, y0), (x1, _), _, _ = rec["corners_mm"]
        pad = shapely.box(x0 - 1.0, y0 - 1.0, x1 + 1.0, y0 + rec["cap_mm"] + 1.0)
        assert shapely.STRtree(score).query(pad, "intersects").size


@pytest.mark.parametrize("lat", LATITUDES)
def test_altitude_numbers_beside_the_upper_meridian(lat: float) -> None:
    """The altitudes are numbered beside the upper meridian where there is room (its noon side
    first): at mid-latitudes at least half the multiples of 10 stand within 40 degrees of
    azimuth of it, each on its almucantar (the sky under the box's centre, by the inverse
    projection)."""
    meta, _ = built(lat)
    phi = math.radians(lat)
    top_az = 180.0 if lat >= 0 else 0.0
    near = 0
    tens = [r for r in meta["labels"] if r["kind"] == "altitude" and r["value"] % 10 == 0]
    for rec in tens:
        v = _vector(meta, rec["center_mm"])
        # equatorial -> horizon: the rotation about the east-west axis by the colatitude
        zenith = np.array([math.cos(phi), 0.0, math.sin(phi)])
        north = np.array([-math.sin(phi), 0.0, math.cos(phi)])
        east = np.array([0.0, -1.0, 0.0])
        alt = math.degrees(math.asin(float(v @ zenith)))
        az = math.degrees(math.atan2(float(v @ east), float(v @ north))) % 360.0
        assert alt == pytest.approx(rec["value"], abs=0.05), rec
        near += abs((az - top_az + 180.0) % 360.0 - 180.0) <= 40.0
    assert len(tens) >= 6 and near >= len(tens) / 2, (near, len(tens))


@pytest.mark.parametrize("lat", LATITUDES)
def test_latitude_beside_the_lower_meridian(lat: float) -> None:
    """The latitude stands beside the lower meridian (below the pivot, the notch being at the
    top): its box clear of the meridian by the labels' clearance and no more than 1.5 mm from
    it, below the centre."""
    meta, _ = built(lat)
    cx, cy = meta["center_mm"]
    (rec,) = [r for r in meta["labels"] if r["kind"] == "latitude"]
    box = shapely.Polygon(rec["corners_mm"])
    meridian = shapely.LineString([(cx, cy - 100.0), (cx, cy + 100.0)])
    assert CLEAR_MM <= box.distance(meridian) <= 1.5, box.distance(meridian)
    assert rec["center_mm"][1] > cy + 2.0 * rec["cap_mm"]


@pytest.mark.parametrize("lat", LATITUDES)
def test_altitude_numbers_keep_clear_of_the_horizon_limit_and_azimuth_numbers(lat: float) -> None:
    """The first, fussier pass (room enough at mid-latitudes): every multiple of 10 keeps 3 cap
    heights from the horizon and one from the limit; from 20 degrees up also 4 cap heights
    from every azimuth number (the horizon sampled from the sky, ``test_plate_labels.lines``)."""
    meta, _ = built(lat)
    cap = meta["label_height_mm"]
    horizon = shapely.MultiLineString([shapely.LineString(r) for r in lines(lat)["horizon"]])
    azimuths = [shapely.Polygon(r["corners_mm"]) for r in meta["labels"] if r["kind"] == "azimuth"]
    centre, limit = meta["center_mm"], meta["limit_radius_mm"]
    tens = [r for r in meta["labels"] if r["kind"] == "altitude" and r["value"] % 10 == 0]
    assert len(tens) == 8
    for rec in tens:
        box = shapely.Polygon(rec["corners_mm"])
        assert box.distance(horizon) >= 3.0 * cap - 0.01, rec
        assert limit - max(math.dist(p, centre) for p in rec["corners_mm"]) >= cap - 0.01, rec
        if rec["value"] >= 20:
            assert min(box.distance(a) for a in azimuths) >= 4.0 * cap - 0.01, rec


@pytest.mark.parametrize("lat", [*LATITUDES, 89.9, -89.9, 10.0])
def test_labels_keep_clear_of_the_pivot_and_the_notch(lat: float) -> None:
    """Every label's box keeps LABEL_CLEAR_MM from the pivot's clear disc (the hole's radius
    and 1 mm, where the lines stop) and from the registration notch's keep-out (the notch grown
    by its clearance): near the pole the altitude numbers crowd round the pivot."""
    meta, _ = built(lat)
    design = Design(latitude_deg=lat, epoch=2026.0).validate()
    layout = layout_for(design)
    center = meta["center_mm"]
    pivot = shapely.Point(center).buffer(design.pivot_diameter_mm / 2.0 + 1.0, quad_segs=256)
    notch = shapely.Polygon(
        notch_keepout(center, layout.plate_radius_mm, plate_notch(design)).corners
    )
    near = []
    for rec in meta["labels"]:
        box = shapely.Polygon(rec["corners_mm"])
        gap = min(box.distance(pivot), box.distance(notch))
        if gap < LABEL_CLEAR_MM - 1e-3:
            near.append((rec["text"], round(gap, 3)))
    assert near == []
