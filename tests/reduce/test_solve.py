"""Per-session fits against altitudes computed by PyEphem (independent: its own star
places, sidereal time and refraction)."""

from __future__ import annotations

import datetime as dt
import math

import ephem
import pytest

from astrolabe_fab.reduce.pipeline import Options, reduce_sightings
from astrolabe_fab.reduce.sightings import Sighting

LAT, LON = 39.0, -77.0


def _observer(when: dt.datetime) -> ephem.Observer:
    obs = ephem.Observer()
    obs.lat, obs.lon = str(LAT), str(LON)
    obs.elevation = 0
    obs.temp, obs.pressure = 10.0, 1010.0
    obs.date = ephem.Date(when.replace(tzinfo=None))
    return obs


def _sighting(session: str, when: dt.datetime, name: str, **extra: object) -> Sighting:
    obs = _observer(when)
    body = ephem.Sun() if name == "Sun" else ephem.star(name)
    body.compute(obs)
    kind = "sun" if name == "Sun" else "star"
    return Sighting(session, when, name, kind, math.degrees(body.alt), **extra)


def _ephem_lst_h(when: dt.datetime) -> float:
    return _observer(when).sidereal_time() * 12 / math.pi


def _lst_error_min(lst_h: float, when: dt.datetime) -> float:
    return abs(((lst_h - _ephem_lst_h(when) + 12) % 24 - 12) * 60)


NIGHT = dt.datetime(2022, 1, 15, 2, 30, tzinfo=dt.UTC)


def test_three_stars_give_lst_and_longitude() -> None:
    sightings = [_sighting("a", NIGHT, n) for n in ("Sirius", "Capella", "Regulus")]
    red = reduce_sightings(sightings, Options(latitude_deg=LAT))
    r = red.sessions[0]
    assert _lst_error_min(r.lst_h, NIGHT) < 0.1
    assert r.longitude_deg == pytest.approx(LON, abs=0.05)
    assert not r.ambiguous and r.rms_deg < 0.02
    # clock - local mean time = -longitude / 15 h
    assert r.clock_minus_mean_min == pytest.approx(-LON * 4, abs=0.2)


def _capella(side: str | None = None, azimuth: float | None = None) -> Sighting:
    return _sighting("a", NIGHT, "Capella", side=side, azimuth_deg=azimuth)


def _true_side_and_azimuth(name: str, when: dt.datetime) -> tuple[str, float]:
    obs = _observer(when)
    star = ephem.star(name)
    star.compute(obs)
    side = "W" if math.sin(obs.sidereal_time() - star.ra) > 0 else "E"
    return side, math.degrees(star.az)


def test_single_star_lists_both_minima() -> None:
    red = reduce_sightings([_capella()], Options(latitude_deg=LAT))
    r = red.sessions[0]
    assert len(r.minima) == 2
    # the two settings of the rete are mirror images about the star's meridian
    ra_capella = 5.28  # h, roughly; the mean of the two LSTs is the star's RA (or +12 h)
    mean = (r.minima[0]["lst_h"] + r.minima[1]["lst_h"]) / 2
    assert min(abs(mean - ra_capella), abs(mean - ra_capella - 12)) < 0.05
    assert r.ambiguous and r.resolved_by == "lowest cost"


@pytest.mark.parametrize("side", ["E", "W"])
def test_without_a_clock_the_side_decides(side: str) -> None:
    """No longitude anywhere (one session cannot find it): the side column chooses."""
    true_side, _ = _true_side_and_azimuth("Capella", NIGHT)
    r = reduce_sightings([_capella(side)], Options(latitude_deg=LAT)).sessions[0]
    assert r.resolved_by == "side" and r.ambiguous
    assert (_lst_error_min(r.lst_h, NIGHT) < 0.1) == (side == true_side)


def test_a_sighting_with_an_azimuth() -> None:
    """The azimuth column picks the root whose predicted azimuth is nearer (no clock)."""
    _, azimuth = _true_side_and_azimuth("Capella", NIGHT)
    for measured, right in ((azimuth + 5.0, True), ((360.0 - azimuth) % 360.0, False)):
        r = reduce_sightings([_capella(azimuth=measured % 360)], Options(latitude_deg=LAT))
        assert r.sessions[0].resolved_by == "azimuth"
        assert (_lst_error_min(r.sessions[0].lst_h, NIGHT) < 0.1) == right


def test_the_clock_breaks_the_tie_first_and_never_moves_the_fit() -> None:
    """With a longitude the clock chooses the root, even 3 deg off (it only chooses); a side
    column that disagrees is overruled and said so; one that agrees changes nothing."""
    true_side, _ = _true_side_and_azimuth("Capella", NIGHT)
    wrong_side = "E" if true_side == "W" else "W"
    for side, why in (
        (None, "clock"),
        (true_side, "clock"),
        (wrong_side, "clock (side column disagrees)"),
    ):
        red = reduce_sightings([_capella(side)], Options(latitude_deg=LAT, longitude_deg=LON + 3.0))
        r = red.sessions[0]
        assert r.resolved_by == why and r.ambiguous
        assert _lst_error_min(r.lst_h, NIGHT) < 0.1  # the right root, unmoved
        assert r.longitude_deg == pytest.approx(LON, abs=0.05)


def test_a_clock_hours_off_leaves_the_choice_to_the_side() -> None:
    """A timestamp 8 h wrong is far from both roots: the side column decides, and the session
    is flagged with the sky's verdict."""
    true_side, _ = _true_side_and_azimuth("Capella", NIGHT)
    wrong_clock = NIGHT + dt.timedelta(hours=8)
    s = Sighting("a", wrong_clock, "Capella", "star", _capella().altitude_deg, side=true_side)
    others = [
        _sighting(f"o{i}", NIGHT + dt.timedelta(hours=h), n)
        for i, (h, n) in enumerate(((0.5, "Sirius"), (1.0, "Regulus"), (1.5, "Procyon")))
    ]
    red = reduce_sightings([s, *others], Options(latitude_deg=LAT, longitude_deg=LON))
    r = next(x for x in red.sessions if x.session == "a")
    assert r.resolved_by == "side"
    assert _lst_error_min(r.lst_h, NIGHT) < 0.1
    assert r.flag.startswith("clock +8.0 h off the sky; one sighting (Capella); two roots")
    assert r.flag.endswith("side column breaks the tie")
    assert r.time_error_min == pytest.approx(8 * 60, abs=2)


def test_lst_wraps_past_24_hours() -> None:
    """A session straddling LST 0 h, sightings a few minutes apart on both sides of it:
    one LST fits all (sidereal time added per sighting), reported in [0, 24)."""
    obs = _observer(NIGHT)
    # the UTC at which LST is 23:57 on that night
    lst0 = obs.sidereal_time() * 12 / math.pi
    start = NIGHT + dt.timedelta(hours=((23.95 - lst0) % 24) / 1.0027379)
    times = [start + dt.timedelta(minutes=m) for m in (0, 3, 6, 9)]
    names = ("Alpheratz", "Capella", "Deneb", "Altair")
    sightings = [_sighting("w", t, n) for t, n in zip(times, names, strict=True)]
    r = reduce_sightings(sightings, Options(latitude_deg=LAT)).sessions[0]
    assert 0.0 <= r.lst_h < 24.0
    assert _lst_error_min(r.lst_h, start) < 0.2
    assert r.rms_deg < 0.02 and r.n_sightings == 4


def test_misread_star_is_dropped() -> None:
    good = [_sighting("a", NIGHT, n) for n in ("Sirius", "Capella", "Regulus", "Procyon")]
    wrong = Sighting("a", NIGHT, "Vega", "star", good[1].altitude_deg)  # Capella's altitude
    red = reduce_sightings([*good, wrong], Options(latitude_deg=LAT))
    r = red.sessions[0]
    assert r.dropped == ["Vega"]
    assert _lst_error_min(r.lst_h, NIGHT) < 0.2


def test_sun_sessions_through_a_day() -> None:
    times = [dt.datetime(2023, 6, 10, h, 10, tzinfo=dt.UTC) for h in (13, 15, 20, 22)]
    sightings = [_sighting(f"s{i}", t, "Sun") for i, t in enumerate(times)]
    red = reduce_sightings(sightings, Options(latitude_deg=LAT, longitude_deg=LON))
    for r, t in zip(red.sessions, times, strict=True):
        assert _lst_error_min(r.lst_h, t) < 0.2
        assert r.longitude_deg == pytest.approx(LON, abs=0.05)
        # equation of time on 10 June: about +1 min (apparent - mean)
        assert r.eot_min == pytest.approx(0.9, abs=0.5)


def test_latitude_is_fitted_when_unknown() -> None:
    times = [NIGHT + dt.timedelta(hours=h) for h in (0, 1, 2, 3)]
    stars = [
        ("Sirius", "Capella", "Regulus"),
        ("Procyon", "Aldebaran", "Alphard"),
        ("Pollux", "Betelgeuse", "Denebola"),
        ("Dubhe", "Castor", "Rigel"),
    ]
    sightings = [
        _sighting(f"s{i}", t, name)
        for i, (t, names) in enumerate(zip(times, stars, strict=True))
        for name in names
    ]
    red = reduce_sightings(sightings, Options())
    lat = red.summary["latitude_deg"]
    assert lat["value"] == pytest.approx(LAT, abs=0.05)
    for r, t in zip(red.sessions, times, strict=True):
        assert _lst_error_min(r.lst_h, t) < 0.3
