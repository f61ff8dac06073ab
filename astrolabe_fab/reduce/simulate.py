"""Realistic simulated sightings: the tests' main data source, and a teaching aid.

Sessions fall at random times in a date range, by night (the Sun below -8 deg: bright
stars, planets above the horizon, sometimes the Moon) or by day (the Sun, sometimes the Moon).
Altitudes are computed exactly (the model of ``solve``: parallax and Sæmundsson refraction
included), then Gaussian noise is added. Faults of real logs can be injected: misidentified
stars (the name of another bright star on an honest altitude), wrong timestamps (off by an
hour, by twelve hours or by a day) and single-sighting sessions. The truth is returned with
the sightings so that tests can check a reduction against it.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np

from astrolabe_fab.astro import planets as planet_ephemeris
from astrolabe_fab.astro import sky, stars
from astrolabe_fab.errors import InputError
from astrolabe_fab.reduce.csv_text import csv_text
from astrolabe_fab.reduce.refraction import apparent_from_true_deg

SIM_MAX_MAG = 1.6
"""Stars used by the simulator: the brightest of the catalogue, the ones logs name."""

TIME_FAULTS_MIN = (60.0, -60.0, 720.0, -720.0, 1440.0, -1440.0)
"""Wrong timestamps: daylight-saving hour, AM/PM, wrong day."""


@dataclass
class SimConfig:
    """What to simulate. Longitude east positive; dates UTC; ``sessions`` in total."""

    latitude_deg: float = 39.0
    longitude_deg: float = -77.0
    start: dt.date = dt.date(2021, 1, 1)
    end: dt.date = dt.date(2023, 12, 31)
    sessions: int = 200
    noise_deg: float = 0.0
    seed: int = 0
    day_fraction: float = 0.3
    max_stars: int = 4
    planet_probability: float = 0.8
    include_mercury: bool = False
    moon_probability: float = 0.4
    single_fraction: float = 0.0
    misidentified_fraction: float = 0.0
    wrong_time_fraction: float = 0.0
    ecliptic_planets: bool = False
    round_deg: float = 0.0

    def validate(self) -> None:
        """InputError naming the first out-of-range option."""
        checks = [
            (-89.0 <= self.latitude_deg <= 89.0, "--lat must be within [-89, 89]"),
            (-180.0 <= self.longitude_deg <= 180.0, "--lon must be within [-180, 180]"),
            (self.start <= self.end, "--start must not be after --end"),
            (1 <= self.sessions <= 100_000, "--sessions must be within [1, 100000]"),
            (0 <= self.seed < 2**63, "--seed must be a whole number from 0 to 2^63 - 1"),
            (0.0 <= self.noise_deg <= 20.0, "--noise must be within [0, 20] degrees"),
            (0.0 <= self.day_fraction <= 1.0, "--day-fraction must be within [0, 1]"),
            (1 <= self.max_stars <= 10, "--max-stars must be within [1, 10]"),
            (0.0 <= self.single_fraction <= 1.0, "--single-fraction must be within [0, 1]"),
            (
                0.0 <= self.misidentified_fraction <= 1.0,
                "--misidentified must be within [0, 1]",
            ),
            (0.0 <= self.wrong_time_fraction <= 1.0, "--wrong-time must be within [0, 1]"),
            (0.0 <= self.round_deg <= 5.0, "--round must be within [0, 5] degrees"),
        ]
        for ok, message in checks:
            if not ok:
                raise InputError(message)


@dataclass
class SimSighting:
    """One simulated sighting with its truth: the object as logged and as it really was."""

    object: str
    true_object: str
    altitude_deg: float
    true_altitude_deg: float
    side: str
    azimuth_deg: float
    ra_h: float
    dec_deg: float
    ecliptic_lon_deg: float | None = None


@dataclass
class SimSession:
    """A simulated session: recorded and true clock times, true LST and its sightings."""

    recorded_utc: dt.datetime
    true_utc: dt.datetime
    lst_h: float
    latitude_deg: float
    longitude_deg: float
    fault: str
    sightings: list[SimSighting] = field(default_factory=list)


def _bright_stars() -> list[stars.Star]:
    return [s for s in stars.load_catalogue() if s.vmag is not None and s.vmag <= SIM_MAX_MAG]


def _alt_az(
    ra_h: float, dec_deg: float, lst_h: float, lat_deg: float
) -> tuple[float, float, float]:
    """True altitude (deg), azimuth (deg, N = 0, E = 90) and hour angle (h, west +) (Meeus 13)."""
    hour = math.radians(((lst_h - ra_h + 12.0) % 24.0 - 12.0) * 15.0)
    dec, lat = math.radians(dec_deg), math.radians(lat_deg)
    sin_h = math.sin(lat) * math.sin(dec) + math.cos(lat) * math.cos(dec) * math.cos(hour)
    alt = math.degrees(math.asin(max(-1.0, min(1.0, sin_h))))
    az = math.degrees(
        math.atan2(
            -math.cos(dec) * math.sin(hour),
            math.sin(dec) * math.cos(lat) - math.cos(dec) * math.cos(hour) * math.sin(lat),
        )
    )
    return alt, az % 360.0, math.degrees(hour) / 15.0


def _observed(true_alt_deg: float, parallax_deg: float = 0.0) -> float:
    """Apparent altitude: parallax h' = h - p cos h, then Sæmundsson refraction."""
    topo = true_alt_deg - parallax_deg * math.cos(math.radians(true_alt_deg))
    return float(apparent_from_true_deg(topo))


def simulate(config: SimConfig) -> list[SimSession]:
    """Simulated sessions, sorted by recorded time (deterministic for a given config)."""
    config.validate()
    rng = np.random.default_rng(config.seed)
    bright = _bright_stars()
    planets = [p for p in planet_ephemeris.NAKED_EYE_PLANETS]
    if not config.include_mercury:
        planets.remove("Mercury")
    day0 = dt.datetime.combine(config.start, dt.time(0, 0), tzinfo=dt.UTC)
    span_days = (config.end - config.start).days + 1
    sessions: list[SimSession] = []
    for _ in range(config.sessions):
        by_day = rng.random() < config.day_fraction
        for _attempt in range(200):
            minutes = int(rng.integers(0, span_days * 1440))
            when = day0 + dt.timedelta(minutes=minutes)
            time = sky.time_from_datetime(when)
            lst_h = (sky.greenwich_sidereal_time_h(time) + config.longitude_deg / 15.0) % 24.0
            sun_ra, sun_dec = sky.sun_ra_dec(time)
            sun_alt, _, _ = _alt_az(sun_ra, sun_dec, lst_h, config.latitude_deg)
            if (by_day and sun_alt > 10.0) or (not by_day and sun_alt < -8.0):
                break
        else:
            continue
        session = SimSession(when, when, lst_h, config.latitude_deg, config.longitude_deg, "")
        obliquity = sky.mean_obliquity_deg(2000.0 + time.tt / 365.25)

        def add(
            name: str,
            ra_h: float,
            dec_deg: float,
            parallax: float = 0.0,
            ecliptic_lon_deg: float | None = None,
            session: SimSession = session,
            lst_h: float = lst_h,
        ) -> None:
            alt, az, ha = _alt_az(ra_h, dec_deg, lst_h, config.latitude_deg)
            obs = _observed(alt, parallax)
            side = "W" if ha > 0 else "E"
            session.sightings.append(
                SimSighting(name, name, obs, obs, side, az, ra_h, dec_deg, ecliptic_lon_deg)
            )

        if by_day:
            add("Sun", sun_ra, sun_dec)
        else:
            year = 2000.0 + time.ut / 365.25
            visible = []
            for star in bright:
                ra_h, dec_deg = stars.star_ra_dec(star, year)
                alt, _, _ = _alt_az(ra_h, dec_deg, lst_h, config.latitude_deg)
                if 15.0 <= alt <= 80.0:
                    visible.append((star.name, ra_h, dec_deg))
            if visible:
                k = int(rng.integers(1, config.max_stars + 1))
                for i in rng.permutation(len(visible))[:k]:
                    add(*visible[i])
            for planet in planets:
                if config.ecliptic_planets:
                    lon, _ = planet_ephemeris.planet_ecliptic_lon_lat_deg(planet, time)
                    ra_h, dec_deg = sky.ecliptic_to_equatorial(lon, 0.0, obliquity)
                else:
                    ra_h, dec_deg = planet_ephemeris.planet_ra_dec(planet, time)
                    lon, _ = planet_ephemeris.planet_ecliptic_lon_lat_deg(planet, time)
                alt, _, _ = _alt_az(ra_h, dec_deg, lst_h, config.latitude_deg)
                if alt >= 10.0 and rng.random() < config.planet_probability:
                    add(planet, ra_h, dec_deg, ecliptic_lon_deg=lon)
        moon_ra, moon_dec, moon_km = planet_ephemeris.moon_ra_dec_distance(time)
        moon_alt, _, _ = _alt_az(moon_ra, moon_dec, lst_h, config.latitude_deg)
        if moon_alt >= 10.0 and rng.random() < config.moon_probability:
            add("Moon", moon_ra, moon_dec, planet_ephemeris.moon_horizontal_parallax_deg(moon_km))
        if not session.sightings:
            continue
        _inject_faults(session, config, rng, bright)
        for s in session.sightings:
            noisy = s.true_altitude_deg + config.noise_deg * float(rng.standard_normal())
            if config.round_deg > 0:
                noisy = round(noisy / config.round_deg) * config.round_deg
            s.altitude_deg = float(min(90.0, max(-5.0, noisy)))
        sessions.append(session)
    sessions.sort(key=lambda s: s.recorded_utc)
    return sessions


def _inject_faults(
    session: SimSession, config: SimConfig, rng: np.random.Generator, bright: list[stars.Star]
) -> None:
    faults = []
    if rng.random() < config.single_fraction and len(session.sightings) > 1:
        keep = int(rng.integers(0, len(session.sightings)))
        session.sightings = [session.sightings[keep]]
        faults.append("single")
    for s in session.sightings:
        if s.object in ("Sun", "Moon") or s.object in planet_ephemeris.ALL_PLANETS:
            continue
        if rng.random() < config.misidentified_fraction:
            others = [b.name for b in bright if b.name != s.object]
            s.object = others[int(rng.integers(0, len(others)))]
            faults.append(f"misidentified {s.true_object} as {s.object}")
    if rng.random() < config.wrong_time_fraction:
        offset = TIME_FAULTS_MIN[int(rng.integers(0, len(TIME_FAULTS_MIN)))]
        session.recorded_utc = session.true_utc + dt.timedelta(minutes=offset)
        faults.append(f"clock off by {offset:+.0f} min")
    session.fault = "; ".join(faults)


def _objects_in_order(sessions: list[SimSession]) -> list[str]:
    names = {s.object for session in sessions for s in session.sightings}
    fixed = ["Sun", "Moon", *planet_ephemeris.ALL_PLANETS]
    return [n for n in fixed if n in names] + sorted(n for n in names if n not in fixed)


def _fmt(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}"


def to_wide_csv(
    sessions: list[SimSession],
    with_azimuth: bool = False,
    digits: int = 2,
    with_place: bool = True,
) -> str:
    """The wide layout of SPEC §5: one row per session (times to the minute, altitudes to
    ``digits`` decimals; ``with_place``: the Latitude and Longitude columns)."""
    objects = _objects_in_order(sessions)
    header = ["UTC date", "UTC time"] + (["Latitude", "Longitude"] if with_place else [])
    for name in objects:
        header.append(f"{name} elevation")
        if with_azimuth:
            header.append(f"{name} azimuth")
    rows = []
    for session in sessions:
        t = session.recorded_utc
        row = [f"{t.month}/{t.day}/{t.year}", t.strftime("%H:%M")]
        if with_place:
            row += [_fmt(session.latitude_deg, 4), _fmt(session.longitude_deg, 4)]
        seen = {s.object: s for s in session.sightings}
        for name in objects:
            s = seen.get(name)
            row.append(_fmt(s.altitude_deg, digits) if s else "")
            if with_azimuth:
                row.append(_fmt(s.azimuth_deg, 1) if s else "")
        rows.append(row)
    return csv_text(header, rows)


def to_long_csv(
    sessions: list[SimSession],
    with_side: bool = True,
    with_azimuth: bool = False,
    digits: int = 3,
) -> str:
    """The long layout of SPEC §5: one row per sighting, with ``side`` (and azimuth)."""
    header = ["session", "utc", "object", "altitude_deg", "latitude_deg", "longitude_deg"]
    if with_side:
        header.append("side")
    if with_azimuth:
        header.append("azimuth_deg")
    rows = []
    for i, session in enumerate(sessions):
        utc = session.recorded_utc.strftime("%Y-%m-%dT%H:%M:%SZ")
        for s in session.sightings:
            row = [f"S{i + 1:04d}", utc, s.object, _fmt(s.altitude_deg, digits)]
            row += [_fmt(session.latitude_deg, 4), _fmt(session.longitude_deg, 4)]
            if with_side:
                row.append(s.side)
            if with_azimuth:
                row.append(_fmt(s.azimuth_deg, 1))
            rows.append(row)
    return csv_text(header, rows)


def truth_csv(sessions: list[SimSession]) -> str:
    """The truth behind a simulation, one row per sighting (for checking a reduction)."""
    header = [
        "recorded_utc",
        "true_utc",
        "lst_h",
        "fault",
        "object",
        "true_object",
        "true_altitude_deg",
        "side",
        "azimuth_deg",
        "ra_h",
        "dec_deg",
        "ecliptic_lon_deg",
    ]
    rows = (
        [
            session.recorded_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
            session.true_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
            _fmt(session.lst_h, 5),
            session.fault,
            s.object,
            s.true_object,
            _fmt(s.true_altitude_deg, 4),
            s.side,
            _fmt(s.azimuth_deg, 2),
            _fmt(s.ra_h, 5),
            _fmt(s.dec_deg, 4),
            "" if s.ecliptic_lon_deg is None else _fmt(s.ecliptic_lon_deg, 4),
        ]
        for session in sessions
        for s in session.sightings
    )
    return csv_text(header, rows)
