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


def _sighting(session: str, when: dt.datetime, name: str, **extra) -> Sighting:
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


def test_single_star_lists_both_minima_and_the_side_decides() -> None:
    for side in ("E", "W"):
        s = _sighting("a", NIGHT, "Capella", side=None)
        red = reduce_sightings([s], Options(latitude_deg=LAT))
        minima = red.sessions[0].minima
        assert len(minima) == 2
        # the two settings of the rete are mirror images about the star's meridian
        ra_capella = 5.28  # h, roughly; the mean of the two LSTs is the star's RA (or +12 h)
        mean = (minima[0]["lst_h"] + minima[1]["lst_h"]) / 2
        assert min(abs(mean - ra_capella), abs(mean - ra_capella - 12)) < 0.05
        assert red.sessions[0].ambiguous
        obs = _observer(NIGHT)
        star = ephem.star("Capella")
        star.compute(obs)
        true_side = "W" if math.sin(obs.sidereal_time() - star.ra) > 0 else "E"
        s2 = _sighting("a", NIGHT, "Capella", side=side)
        red2 = reduce_sightings([s2], Options(latitude_deg=LAT))
        r = red2.sessions[0]
        assert r.resolved_by == "side" and not r.ambiguous
        err = _lst_error_min(r.lst_h, NIGHT)
        assert (err < 0.1) == (side == true_side)


def test_longitude_prior_chooses_but_never_moves() -> None:
    s = _sighting("a", NIGHT, "Capella")
    near = reduce_sightings([s], Options(latitude_deg=LAT, longitude_deg=LON + 3.0))
    r = near.sessions[0]
    assert r.resolved_by == "longitude prior" and r.ambiguous
    assert _lst_error_min(r.lst_h, NIGHT) < 0.1  # the prior picked the right root, unmoved


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
