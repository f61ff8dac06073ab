"""The user's guide (issue 17): its worked examples against astronomy-engine, within what the
instrument can be read to (the guide says: about 4 minutes of time and 2 degrees of azimuth),
and the numbers it prints are those of the examples; written as guide.md and in the PDF.

astronomy-engine finds the moments independently: ``SearchAltitude`` for the Sun's or a star's
centre (no refraction, as the instrument's almucantars and horizon have none), ``HourAngle`` for
the Sun's apparent time then, the star defined from its J2000 catalogue place.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from functools import cache
from pathlib import Path

import astronomy
import pytest

from astrolabe_fab.astro.stars import find_star
from astrolabe_fab.build import build, instrument_parts
from astrolabe_fab.config import resolve_design
from astrolabe_fab.design import Design
from astrolabe_fab.guide.content import examples_for, guide_for
from astrolabe_fab.guide.examples import (
    READING_AZIMUTH_DEG,
    READING_TIME_MIN,
    hm,
    rise_set_example,
    sun_altitude_example,
)
from tests.writers.pdf_text import page_lines

#: the instruments built once (``instrument``, a module cache) and read by many tests: one worker
#: runs them all (tests/conftest.py)
pytestmark = pytest.mark.one_worker

#: (preset, epoch): Washington DC 38.9 N and Sydney 33.87 S, with their longitudes.
CASES = [("modern", 2026.0), ("southern", 2026.0), ("modern", 2031.0)]


@cache
def instrument(preset: str, epoch: float) -> tuple[Design, tuple]:
    design = resolve_design({"epoch": epoch}, preset=preset)
    return design, tuple(instrument_parts(design))


def _observer(design: Design) -> astronomy.Observer:
    return astronomy.Observer(design.latitude_deg, design.longitude_deg or 0.0, 0.0)


def _apparent_h(t: astronomy.Time, obs: astronomy.Observer) -> float:
    """Local apparent solar time: the Sun's hour angle + 12 h."""
    return (astronomy.HourAngle(astronomy.Body.Sun, t, obs) + 12.0) % 24.0


def _local_midnight(date: dt.date, design: Design) -> astronomy.Time:
    lon = design.longitude_deg or 0.0
    t = astronomy.Time.Make(date.year, date.month, date.day, 0, 0, 0.0)
    return t.AddDays(-lon / 360.0)


def _minutes_apart(a_h: float, b_h: float) -> float:
    return abs((a_h - b_h + 12.0) % 24.0 - 12.0) * 60.0


def _search(body: astronomy.Body, design: Design, date: dt.date, rise: bool, alt: float):
    direction = astronomy.Direction.Rise if rise else astronomy.Direction.Set
    t = astronomy.SearchAltitude(
        body, _observer(design), direction, _local_midnight(date, design), 1.0, alt
    )
    assert t is not None
    return t


@pytest.mark.parametrize(("preset", "epoch"), CASES)
def test_time_from_the_sun_altitude(preset: str, epoch: float) -> None:
    design, parts = instrument(preset, epoch)
    ex = examples_for(design, parts)
    alt = sun_altitude_example(ex.sun, design.latitude_deg, design.longitude_deg)
    assert alt is not None
    t = _search(astronomy.Body.Sun, design, ex.sun.date, True, alt.altitude_deg)
    obs = _observer(design)
    assert _minutes_apart(alt.morning.apparent_h, _apparent_h(t, obs)) <= READING_TIME_MIN
    ut_h = (t.ut % 1.0) * 24.0 + 12.0
    assert alt.morning.utc_h is not None  # the presets know their longitude
    assert _minutes_apart(alt.morning.utc_h, ut_h) <= READING_TIME_MIN


@pytest.mark.parametrize(("preset", "epoch"), CASES)
def test_sunrise_and_sunset(preset: str, epoch: float) -> None:
    design, parts = instrument(preset, epoch)
    ex = examples_for(design, parts)
    rs = rise_set_example(ex.sun, design.latitude_deg, design.longitude_deg)
    assert rs is not None
    obs = _observer(design)
    rise = _search(astronomy.Body.Sun, design, ex.sun.date, True, 0.0)
    sset = _search(astronomy.Body.Sun, design, ex.sun.date, False, 0.0)
    assert _minutes_apart(rs.rise.apparent_h, _apparent_h(rise, obs)) <= READING_TIME_MIN
    assert _minutes_apart(rs.set.apparent_h, _apparent_h(sset, obs)) <= READING_TIME_MIN
    az = astronomy.Horizon(rise, obs, *_sun_radec(rise, obs), astronomy.Refraction.Airless).azimuth
    assert abs(rs.azimuth_deg - az) <= READING_AZIMUTH_DEG
    # the guide says the almanac's sunrise (upper limb, refraction) comes a few minutes earlier
    almanac = astronomy.SearchRiseSet(
        astronomy.Body.Sun, obs, astronomy.Direction.Rise, _local_midnight(ex.sun.date, design), 1
    )
    assert almanac is not None
    early = (rise.ut - almanac.ut) * 1440.0
    assert 1.0 < early < 10.0


def _sun_radec(t: astronomy.Time, obs: astronomy.Observer) -> tuple[float, float]:
    eq = astronomy.Equator(astronomy.Body.Sun, t, obs, True, True)
    return eq.ra, eq.dec


@pytest.mark.parametrize(("preset", "epoch"), CASES)
def test_when_the_star_rises(preset: str, epoch: float) -> None:
    design, parts = instrument(preset, epoch)
    star = examples_for(design, parts).star
    assert star is not None
    cat = find_star(star.name)
    astronomy.DefineStar(astronomy.Body.Star1, cat.ra_j2000_h, cat.dec_j2000_deg, 1000.0)
    obs = _observer(design)
    noon = _local_midnight(star.sun.date, design).AddDays(0.5)
    t = astronomy.SearchAltitude(
        astronomy.Body.Star1, obs, astronomy.Direction.Rise, noon, 1.0, 0.0
    )
    assert t is not None
    assert _minutes_apart(star.rise.apparent_h, _apparent_h(t, obs)) <= READING_TIME_MIN
    eq = astronomy.Equator(astronomy.Body.Star1, t, obs, True, True)
    az = astronomy.Horizon(t, obs, eq.ra, eq.dec, astronomy.Refraction.Airless).azimuth
    assert abs(star.azimuth_deg - az) <= READING_AZIMUTH_DEG
    assert 19.0 <= star.rise.apparent_h <= 23.0  # in the evening, as the guide says


@pytest.mark.parametrize(("preset", "epoch"), CASES)
def test_building_height_with_the_shadow_square(preset: str, epoch: float) -> None:
    design, parts = instrument(preset, epoch)
    sh = examples_for(design, parts).shadow
    # the top seen at altitude a from d metres stands d tan(a) above the eye
    height_above_eye = sh.distance_m * math.tan(math.radians(sh.altitude_deg))
    assert sh.height_m == pytest.approx(height_above_eye + sh.eye_m, rel=1e-9)
    assert sh.altitude_deg < 45.0  # read on the vertical side, as the guide says


@pytest.mark.parametrize(("preset", "epoch"), CASES)
def test_the_guide_prints_the_examples_numbers(preset: str, epoch: float) -> None:
    design, parts = instrument(preset, epoch)
    text = guide_for(parts, design).markdown()
    ex = examples_for(design, parts)
    alt = sun_altitude_example(ex.sun, design.latitude_deg, design.longitude_deg)
    rs = rise_set_example(ex.sun, design.latitude_deg, design.longitude_deg)
    assert alt is not None and rs is not None and ex.star is not None
    deg, sign = ex.sun.sign
    for needle in (
        f"{deg}° of {sign}",
        f"{alt.altitude_deg:g}° almucantar",
        hm(alt.morning.apparent_h),
        hm(alt.morning.mean_h),
        hm(alt.morning.utc_h or 0.0) + " UTC",
        hm(rs.rise.apparent_h),
        hm(rs.set.apparent_h),
        f"about {rs.azimuth_deg:.0f}°",
        ex.star.name,
        hm(ex.star.rise.apparent_h),
        f"{ex.shadow.height_m:.1f} m",
    ):
        assert needle in text, needle
    assert "south" not in text.lower() or design.latitude_deg < 0 or "southern" in text
    east = "left-hand (eastern)" if design.latitude_deg >= 0 else "right-hand (eastern)"
    assert east in text


def test_guide_written_beside_the_files_and_in_the_pdf(tmp_path: Path) -> None:
    design = resolve_design({"epoch": 2026.0}, preset="southern")
    result = build(design, tmp_path / "b", ("svg", "pdf"), workers=1)
    guide = (result.folder / "guide.md").read_text(encoding="utf-8")
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"]["guide"] == "guide.md"
    guide_pages = [p["page"] for p in manifest["pdf"]["pages"] if {"kind": "guide"} in p["holds"]]
    assert 2 <= len(guide_pages) <= 3
    pdf = (result.folder / "astrolabe.pdf").read_bytes()
    printed = " ".join(line for k in guide_pages for line in page_lines(pdf, k - 1))
    assert guide.splitlines()[0].removeprefix("# ") in printed
    for word in ("Example 1", "Example 2", "Example 3", "Example 4", "UMBRA VERSA"):
        assert word in printed


def test_chaucer_guide_reads_the_limb_in_the_treatise_letters() -> None:
    """The chaucer preset's limb has the Treatise's letters (II §3: X at 9 in the morning, the
    cross at noon; typed here): the guide names the letter of each reading, its minutes past it
    and the clock hour, and its table too; no Roman numerals, no curve on this back."""
    letters = "+ABCDEFGHIKLMNOPQRSTVXYZ"  # from noon, one an hour, in the Sun's sense
    design, parts = instrument("chaucer", 1391.0)
    sections = guide_for(list(parts), design).sections
    text = "\n".join(line for s in sections for line in (*s.paragraphs, *s.steps))
    readings = re.findall(r"(\d+) minutes past (?:the letter (\w)|the cross \(\+, noon\)), "
                          r"that is (\d+):(\d\d)", text)  # fmt: skip
    assert len(readings) >= 4
    for minutes, letter, h, m in readings:
        assert int(minutes) == int(m)
        assert (letter or "+") == letters[(int(h) - 12) % 24]
    assert "one letter an hour" in text and "Roman" not in text
    assert "ticks every 4 minutes" in text and "equation-of-time curve" not in text
    ex = examples_for(design, parts)
    alt = sun_altitude_example(ex.sun, design.latitude_deg, design.longitude_deg)
    assert alt is not None
    (example,) = (s for s in guide_for(list(parts), design).sections if "Example 1" in s.title)
    row = dict(example.table)["rule on the hour scale"]
    h, m = hm(alt.morning.apparent_h).split(":")
    assert row == f"{letters[int(h) - 12]} + {int(m)} min ({int(h)}:{m})"
