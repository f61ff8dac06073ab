"""The plate's numbers, from the manifest's label records, against the plate's lines computed
here from the sky (issue 17).

The lines are sampled from sky points projected by the SPEC formulas (``tests.independent``):
horizon, almucantars, azimuths, meridian, east-west line, equator, tropic, limit, twilight,
unequal hours and houses. A label may come near only the lines it names (altitude and azimuth
numbers: the grid of almucantars and azimuths; twilight numbers: their line); from every other
line its box keeps 0.3 mm. Then: at least one altitude number in every 20 degrees of drawn
almucantars, each on its almucantar; hour numerals smaller than the azimuth numbers and below
the horizon, where no azimuth number is; house numbers when asked.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from astrolabe_fab.config import read_preset
from astrolabe_fab.design import Design
from astrolabe_fab.parts.layout import layout_for
from astrolabe_fab.parts.plate import plate_part
from tests.caching import per_mutant_cache
from tests.independent import altaz_to_hadec, project, project_many, sky_points

#: the plates and their lines drawn once (``plate``, ``lines``: module caches): one worker runs
#: them all (tests/conftest.py)
pytestmark = pytest.mark.one_worker

#: The chaucer preset's plate (51 deg 50 min, ORIENS/OCCIDENS/CREPUSCULUM, almucantars by 2).
CHAUCER = 51.8333


LATITUDES = (0.0, 10.0, 23.44, 38.9, 51.75, 66.56, 80.0, 89.9, -33.87, CHAUCER)
CLEAR_MM = 0.3
#: What each kind of label may come near (typed here from the issue, not read from the code).
MAY_TOUCH = {
    "altitude": {"almucantar", "azimuth"},
    "azimuth": {"almucantar", "azimuth", "meridian"},
    "twilight": {"twilight"},
    "hour": set(),
    "house": set(),
    "latitude": set(),
    # the Treatise's words (chaucer preset): ORIENS/OCCIDENS on the east-west line, which an
    # unequal hour crosses beyond the horizon; CREPUSCULUM on its twilight line
    "line_name": {"east_west", "unequal_hour"},
    "twilight_name": {"twilight", "unequal_hour"},
}


@per_mutant_cache
def plate(lat: float) -> tuple[dict, Design]:
    if lat == CHAUCER:
        design = Design(**read_preset("chaucer")).validate()  # type: ignore[arg-type]
        lat = design.latitude_deg
    else:
        design = Design(latitude_deg=lat, houses=True, epoch=2026.0).validate()
    part = plate_part(design, layout_for(design), lat)
    meta = dict(part.meta)
    meta["center_mm"] = part.center_mm
    return meta, design


class Sky:
    """The plate's projection written out: sky -> plane and back."""

    def __init__(self, meta: dict) -> None:
        self.c = meta["center_mm"]
        self.re = meta["equator_radius_mm"]
        self.lat = meta["latitude_deg"]
        self.south = self.lat < 0
        self.limit = meta["limit_radius_mm"]

    def hadec(self, ha: float, dec: float) -> tuple[float, float]:
        return project(ha, dec, self.c, self.re, self.south)

    def altaz(self, alt: float, az: float) -> tuple[float, float]:
        return self.hadec(*altaz_to_hadec(alt, az, self.lat))

    def altitude_at(self, p: tuple[float, float]) -> float:
        """Altitude of the sky point drawn at ``p`` (the projection inverted)."""
        dx, dy = p[0] - self.c[0], p[1] - self.c[1]
        r = math.hypot(dx, dy)
        sign = -1.0 if self.south else 1.0
        dec = sign * (90.0 - 2.0 * math.degrees(math.atan2(r, self.re)))
        ha = math.degrees(math.atan2(sign * dx, -dy))
        phi, d, h = (math.radians(v) for v in (self.lat, dec, ha))
        s = math.sin(phi) * math.sin(d) + math.cos(phi) * math.cos(d) * math.cos(h)
        return math.degrees(math.asin(max(-1.0, min(1.0, s))))

    def inside(self, p: tuple[float, float]) -> bool:
        return math.isfinite(p[0]) and math.dist(p, self.c) < self.limit


def _line(points: np.ndarray, sky: Sky) -> list[np.ndarray]:
    """Runs of consecutive points inside the limit (a line leaves and re-enters the plate)."""
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    ok = np.isfinite(pts).all(axis=1)
    ok[ok] = np.hypot(pts[ok, 0] - sky.c[0], pts[ok, 1] - sky.c[1]) < sky.limit
    # where runs of points inside start and end (a False on either side of the mask)
    edges = np.diff(np.concatenate([[False], ok, [False]]).astype(np.int8))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return [pts[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True) if b - a >= 2]


def _hadec_many(sky: Sky, ha: np.ndarray, dec: np.ndarray) -> np.ndarray:
    """The plate's points of arrays of hour angles and declinations
    (``tests.independent.project_many``)."""
    return project_many(ha, dec, sky.c, sky.re, sky.south)


def _altaz_many(sky: Sky, alt: np.ndarray, az: np.ndarray) -> np.ndarray:
    """The plate's points of arrays of altitudes and azimuths: the rotation of
    ``tests.independent.altaz_to_hadec`` for arrays (``sky_points``, checked against it
    below), then projected."""
    return sky_points(alt, az, sky.lat, sky.c, sky.re, sky.south)


@per_mutant_cache
def lines(lat: float) -> dict[str, list[np.ndarray]]:
    """Every family of lines of the plate, sampled about every 0.1 mm or finer."""
    meta, design = plate(lat)
    sky = Sky(meta)
    out: dict[str, list[np.ndarray]] = {}
    azs = np.linspace(0.0, 360.0, 14401)
    full = np.ones_like(azs)
    out["horizon"] = _line(_altaz_many(sky, 0.0 * full, azs), sky)
    step = design.almucantar_step_deg
    out["almucantar"] = [
        run
        for k in range(1, round(90 / step))
        for run in _line(_altaz_many(sky, k * step * full, azs), sky)
    ]
    stop = meta["azimuth_stop_altitude_deg"]
    out["azimuth"] = []
    for k in range(1, round(180 / design.azimuth_step_deg)):
        for az in (k * design.azimuth_step_deg, 360 - k * design.azimuth_step_deg):
            top = 90.0 if az in (90.0, 270.0) else stop
            alts = np.linspace(0.0, top, 4001)
            out["azimuth"] += _line(_altaz_many(sky, alts, az * np.ones_like(alts)), sky)
    cx, cy = sky.c
    r = sky.limit
    ts = np.linspace(-r, r, 4001)
    out["meridian"] = _line(np.column_stack([cx + 0 * ts, cy + ts]), sky)
    out["east_west"] = _line(np.column_stack([cx + ts, cy + 0 * ts]), sky)
    has = np.linspace(0.0, 360.0, 14401)
    eps = mean_obliquity_deg(design.epoch)
    near = eps if lat >= 0 else -eps
    out["equator"] = _line(_hadec_many(sky, has, 0.0 * has), sky)
    out["tropic"] = _line(_hadec_many(sky, has, near + 0.0 * has), sky)
    out["twilight"] = _line(_altaz_many(sky, -18.0 * full, azs), sky)
    out["unequal_hour"] = _unequal_hours(sky, eps)
    out["house"] = _houses(sky) if design.houses else []
    t = np.linspace(0, 2 * math.pi, 8001)
    out["limit"] = [np.column_stack([cx + (r - 1e-6) * np.cos(t), cy + (r - 1e-6) * np.sin(t)])]
    return out


def mean_obliquity_deg(year: float) -> float:
    """IAU 2006 mean obliquity (Meeus 22.2 to T^3, enough here): 23.436 in 2026, 23.52 in
    1391 (the chaucer preset)."""
    t = (year - 2000.0) / 100.0
    arcsec = 84381.406 - 46.836769 * t - 0.0001831 * t**2 + 0.00200340 * t**3
    return arcsec / 3600.0


def _unequal_hours(sky: Sky, eps: float) -> list[np.ndarray]:
    """Night hour k on day circle d at H = H0 + k (360 - 2 H0) / 12, cos H0 = -tan(phi) tan(d),
    for the declinations on which the Sun rises and sets."""
    lat = sky.lat
    if abs(lat) >= 90.0 - 1e-9:
        return []
    lim = min(eps, 90.0 - abs(lat) - 1e-6)
    out = []
    d = np.linspace(-lim, lim, 4001)
    x = -math.tan(math.radians(lat)) * np.tan(np.radians(d))
    h0 = np.degrees(np.arccos(np.clip(x, -1.0, 1.0)))
    for k in range(1, 12):
        out += _line(_hadec_many(sky, h0 + k * (360.0 - 2 * h0) / 12.0, d), sky)
    return out


def _houses(sky: Sky) -> list[np.ndarray]:
    """Regiomontanus cusps: great circles through the north and south points of the horizon
    and the equator points at H = 120, 150, 210, 240, below the horizon (3-D vectors here)."""
    lat = math.radians(sky.lat)
    north = np.array([-math.sin(lat), 0.0, math.cos(lat)])  # horizon north, equatorial frame
    zenith = np.array([math.cos(lat), 0.0, math.sin(lat)])
    out = []
    for h in (120.0, 150.0, 210.0, 240.0):
        e = np.array([math.cos(math.radians(h)), math.sin(math.radians(h)), 0.0])
        u = e - e.dot(north) * north
        u /= np.linalg.norm(u)
        t = np.linspace(0.0, math.pi, 6001)
        v = np.outer(np.cos(t), north) + np.outer(np.sin(t), u)
        v = v[v @ zenith < 0]
        ha = np.degrees(np.arctan2(v[:, 1], v[:, 0]))
        dec = np.degrees(np.arcsin(np.clip(v[:, 2], -1.0, 1.0)))
        out += _line(_hadec_many(sky, ha, dec), sky)
    return out


def _box(record: dict) -> shapely.Polygon:
    return shapely.Polygon(record["corners_mm"])


def check_clearance(lat: float) -> None:
    meta, _ = plate(lat)
    # each family's lines in an index: a label is measured only against the lines that come
    # within CLEAR_MM of its box (the others are farther, so the nearest is among those)
    fams = {
        k: shapely.STRtree([shapely.LineString(r) for r in v]) for k, v in lines(lat).items() if v
    }
    for rec in meta["labels"]:
        box = _box(rec)
        for fam, tree in fams.items():
            if fam in MAY_TOUCH[rec["kind"]]:
                continue
            near = tree.query(box, predicate="dwithin", distance=CLEAR_MM)
            d = min((box.distance(tree.geometries[i]) for i in near), default=math.inf)
            assert d >= CLEAR_MM, f"{lat}: {rec['kind']} {rec['text']!r} {d:.3f} mm from the {fam}"


def check_altitudes(lat: float) -> None:
    meta, design = plate(lat)
    sky = Sky(meta)
    fam = lines(lat)["almucantar"]
    step = design.almucantar_step_deg
    drawn = set()
    azs = np.linspace(0, 360, 3601)
    for k in range(1, round(90 / step)):
        alt = k * step
        ring = _altaz_many(sky, alt + 0 * azs, azs)
        rr = np.hypot(ring[:, 0] - sky.c[0], ring[:, 1] - sky.c[1])
        if ((rr < sky.limit) & (rr > 4.0)).any():
            drawn.add(alt)
    labels = [r for r in meta["labels"] if r["kind"] == "altitude"]
    for band in {int(a // 20) for a in drawn}:
        assert any(int(r["value"] // 20) == band for r in labels), (lat, band, drawn)
    for r in labels:
        # upright, and on its own almucantar
        (x0, y0), (x1, y1) = r["corners_mm"][0], r["corners_mm"][1]
        assert abs(y1 - y0) < 1e-6 and x1 > x0
        assert abs(sky.altitude_at(r["center_mm"]) - r["value"]) < 0.05, r
    assert fam


def check_hours_and_azimuths(lat: float) -> None:
    meta, design = plate(lat)
    sky = Sky(meta)
    hours = [r for r in meta["labels"] if r["kind"] == "hour"]
    azimuths = [r for r in meta["labels"] if r["kind"] == "azimuth"]
    assert azimuths
    if hours:
        assert max(r["cap_mm"] for r in hours) <= 0.85 * min(r["cap_mm"] for r in azimuths)
    assert all(sky.altitude_at(r["center_mm"]) < 0 for r in hours)
    assert all(sky.altitude_at(r["center_mm"]) > 0 for r in azimuths)
    if abs(lat) < 60.0:
        assert sorted(int(r["value"]) for r in hours) == list(range(1, 13)), lat
        houses = sorted(r["text"] for r in meta["labels"] if r["kind"] == "house")
        assert houses == (sorted(["I", "II", "III", "IV", "V", "VI"]) if design.houses else [])


def test_the_treatise_words_on_the_chaucer_plate() -> None:
    """ORIENS on the east (left) end of the east-west line, OCCIDENS on the west, CREPUSCULUM
    on the 18-degree line below the horizon; the hour numerals 11 and 2 (at the horizon's ends
    on main before issue 17) clear of the horizon and of the words."""
    meta, _ = plate(CHAUCER)
    sky = Sky(meta)
    words = {r["text"]: r for r in meta["labels"] if r["kind"].endswith("name")}
    assert set(words) == {"ORIENS", "OCCIDENS", "CREPUSCULUM"}
    assert meta["line_names"] == {"ORIENS": True, "OCCIDENS": True}
    assert words["ORIENS"]["center_mm"][0] < sky.c[0] < words["OCCIDENS"]["center_mm"][0]
    for word in ("ORIENS", "OCCIDENS"):
        assert abs(words[word]["center_mm"][1] - sky.c[1]) < 1e-6
    assert sky.altitude_at(words["CREPUSCULUM"]["center_mm"]) == pytest.approx(-18.0, abs=0.05)
    horizon = shapely.MultiLineString([shapely.LineString(r) for r in lines(CHAUCER)["horizon"]])
    for rec in meta["labels"]:
        if rec["kind"] == "hour":
            assert _box(rec).distance(horizon) >= CLEAR_MM, rec
            for word in words.values():
                assert _box(rec).distance(_box(word)) >= CLEAR_MM, (rec, word)


def test_the_array_projection_is_the_independent_one() -> None:
    sky = Sky(plate(38.9)[0])
    for alt, az in ((0.0, 10.0), (33.0, 200.0), (-18.0, 300.0), (72.0, 91.0)):
        got = _altaz_many(sky, np.array([alt]), np.array([az]))[0]
        assert math.dist(got, sky.altaz(alt, az)) < 1e-9


@pytest.mark.parametrize("lat", LATITUDES)
def test_no_numeral_near_a_line_it_does_not_name(lat: float) -> None:
    check_clearance(lat)


@pytest.mark.parametrize("lat", LATITUDES)
def test_altitude_numbers_every_20_degrees_on_their_almucantar(lat: float) -> None:
    check_altitudes(lat)


@pytest.mark.parametrize("lat", LATITUDES)
def test_hour_numerals_are_told_from_azimuth_numbers(lat: float) -> None:
    check_hours_and_azimuths(lat)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.floats(min_value=-89.9, max_value=89.9).map(lambda x: round(x, 2)))
def test_plate_labels_at_any_latitude(lat: float) -> None:
    check_clearance(lat)
    check_altitudes(lat)
    check_hours_and_azimuths(lat)
