"""Simulated sightings as unkind as a real hand-kept log: the tests' main data source.

Sessions fall at random times in a date range, by day (the Sun above 10 deg, sometimes the
Moon) or by night (the Sun below -8 deg: bright stars, planets above 10 deg, sometimes the
Moon). Altitudes are computed exactly (the model of ``solve``: parallax and Sæmundsson
refraction), then read as a real observer reads them:

- the instrument's zero-point (index error), the same on every reading;
- a Gaussian core of reading noise and a few % of gross misreads (5-20 deg off);
- readings rounded (to 0.5 deg by default, as logs are kept);
- the clock read to the minute with its own scatter, and night (star) sessions written a
  little after the sightings (a per-class lag);
- faults of real logs, each recorded in the truth: timestamps off by 1, 2, 8, 12 or 24 h,
  stars logged under another star's name, side/azimuth columns on the wrong side.

The default settings (``SimConfig()``, also ``astrofab simulate``'s) are such a realistic
log: 773 sessions over three years, half by day, about 60 % with one reference sighting.
``SimConfig.ideal()`` is the kind world (no noise, no faults) for exact round trips.
``faults=False`` draws exactly the same log with the per-session faults left out (same
random stream), to compare a reduction with and without them.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from typing import Any

import astronomy
import numpy as np

from astrolabe_fab.astro import planets as planet_ephemeris
from astrolabe_fab.astro import sky, stars
from astrolabe_fab.errors import InputError
from astrolabe_fab.reduce.refraction import apparent_from_true_deg

SIM_MAX_MAG = 1.6
"""Stars used by the simulator: the brightest of the catalogue, the ones logs name."""

TIME_FAULTS_MIN = (60.0, -60.0, 120.0, -120.0, 480.0, -480.0, 720.0, -720.0, 1440.0, -1440.0)
"""Wrong timestamps: daylight-saving hour, time zone, UT/local mix-up, AM/PM, wrong day."""

MISREAD_RANGE_DEG = (5.0, 20.0)
"""Size of a gross misread (wrong scale, wrong ten, a slipped alidade), either sign."""


@dataclass
class SimConfig:
    """What to simulate; the defaults are a realistic three-year log (module docstring).

    Longitude east positive; dates UTC. Fractions are per session (``wrong_time``,
    ``single``) or per sighting (``misread``, ``misidentified``, ``wrong_side``).
    """

    latitude_deg: float = 39.0
    longitude_deg: float = -77.0
    start: dt.date = dt.date(2021, 1, 1)
    end: dt.date = dt.date(2023, 12, 31)
    sessions: int = 773
    noise_deg: float = 1.5
    seed: int = 0
    day_fraction: float = 0.5
    max_stars: int = 4
    planet_probability: float = 0.8
    include_mercury: bool = False
    moon_probability: float = 0.4
    single_fraction: float = 0.2
    zero_point_deg: float = 0.5
    misread_fraction: float = 0.03
    clock_sd_min: float = 1.0
    star_lag_min: float = 1.0
    misidentified_fraction: float = 0.03
    wrong_time_fraction: float = 0.03
    wrong_side_fraction: float = 0.03
    ecliptic_planets: bool = False
    round_deg: float = 0.5
    faults: bool = True

    @classmethod
    def ideal(cls, **changes: Any) -> SimConfig:
        """The kind world: exact readings and clock, no faults (for exact round trips)."""
        kind = cls(
            sessions=200,
            noise_deg=0.0,
            day_fraction=0.3,
            single_fraction=0.0,
            zero_point_deg=0.0,
            misread_fraction=0.0,
            clock_sd_min=0.0,
            star_lag_min=0.0,
            misidentified_fraction=0.0,
            wrong_time_fraction=0.0,
            wrong_side_fraction=0.0,
            round_deg=0.0,
        )
        return replace(kind, **changes)

    def validate(self) -> None:
        """InputError naming the first out-of-range option."""
        ranges = [
            ("--lat", self.latitude_deg, -89.0, 89.0),
            ("--lon", self.longitude_deg, -180.0, 180.0),
            ("--sessions", self.sessions, 1, 100_000),
            ("--noise", self.noise_deg, 0.0, 20.0),
            ("--day-fraction", self.day_fraction, 0.0, 1.0),
            ("--max-stars", self.max_stars, 1, 10),
            ("--single-fraction", self.single_fraction, 0.0, 1.0),
            ("--zero-point", self.zero_point_deg, -5.0, 5.0),
            ("--misread", self.misread_fraction, 0.0, 1.0),
            ("--clock-sd", self.clock_sd_min, 0.0, 60.0),
            ("--star-lag", self.star_lag_min, -60.0, 60.0),
            ("--misidentified", self.misidentified_fraction, 0.0, 1.0),
            ("--wrong-time", self.wrong_time_fraction, 0.0, 1.0),
            ("--wrong-side", self.wrong_side_fraction, 0.0, 1.0),
            ("--round", self.round_deg, 0.0, 5.0),
        ]
        if not 0 <= self.seed < 2**63:
            raise InputError("--seed must be a whole number from 0 to 2^63 - 1")
        for name, value, lo, hi in ranges:
            if not lo <= value <= hi:
                raise InputError(f"{name} must be within [{lo:g}, {hi:g}], got {value:g}")
        if self.start > self.end:
            raise InputError("--start must not be after --end")


@dataclass
class SimSighting:
    """One simulated sighting with its truth: the object and side as logged and as they
    really were, the logged and the true apparent altitude, and what went wrong."""

    object: str
    true_object: str
    altitude_deg: float
    true_altitude_deg: float
    side: str
    azimuth_deg: float
    ra_h: float
    dec_deg: float
    ecliptic_lon_deg: float | None = None
    logged_side: str = ""
    logged_azimuth_deg: float = math.nan
    misread_deg: float = 0.0
    fault: str = ""


@dataclass
class SimSession:
    """A simulated session: recorded and true clock times, true LST, place, the session's
    own fault (a wrong timestamp) and its sightings. ``clock_error_min`` is recorded - true
    (clock scatter, the night lag and any timestamp fault)."""

    recorded_utc: dt.datetime
    true_utc: dt.datetime
    lst_h: float
    latitude_deg: float
    longitude_deg: float
    fault: str
    by_day: bool = False
    time_fault_min: float = 0.0
    zero_point_deg: float = 0.0
    sightings: list[SimSighting] = field(default_factory=list)

    @property
    def clock_error_min(self) -> float:
        return (self.recorded_utc - self.true_utc).total_seconds() / 60.0

    @property
    def faults(self) -> list[str]:
        """Every injected fault of the session: its own and its sightings'."""
        own = [self.fault] if self.fault else []
        return own + [s.fault for s in self.sightings if s.fault]


@dataclass
class _World:
    """What every session of one simulation shares."""

    config: SimConfig
    rng: np.random.Generator
    bright: list[stars.Star]
    planets: list[str]
    day0: dt.datetime
    span_s: int


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
    planets = list(planet_ephemeris.NAKED_EYE_PLANETS)
    if not config.include_mercury:
        planets.remove("Mercury")
    world = _World(
        config=config,
        rng=np.random.default_rng(config.seed),
        bright=_bright_stars(),
        planets=planets,
        day0=dt.datetime.combine(config.start, dt.time(0, 0), tzinfo=dt.UTC),
        span_s=((config.end - config.start).days + 1) * 86400,
    )
    sessions: list[SimSession] = []
    for _ in range(config.sessions):
        session = _draw_session(world)
        if session is None:
            continue
        _cut_to_single(session, world)
        _read(session, world)
        _fault_time(session, world)
        sessions.append(session)
    sessions.sort(key=lambda s: (s.recorded_utc, s.true_utc))
    return sessions


def _draw_time(world: _World, by_day: bool) -> tuple[dt.datetime, float] | None:
    """A random time (whole seconds, or whole minutes in an exact world) when the Sun is up
    (above 10 deg) or down (below -8 deg): (time, LST h); None after 200 tries."""
    config = world.config
    exact_minutes = config.clock_sd_min == 0.0
    for _attempt in range(200):
        seconds = int(world.rng.integers(0, world.span_s))
        if exact_minutes:
            seconds -= seconds % 60
        when = world.day0 + dt.timedelta(seconds=seconds)
        time = sky.time_from_datetime(when)
        lst_h = (sky.greenwich_sidereal_time_h(time) + config.longitude_deg / 15.0) % 24.0
        sun_ra, sun_dec = sky.sun_ra_dec(time)
        sun_alt, _, _ = _alt_az(sun_ra, sun_dec, lst_h, config.latitude_deg)
        if (by_day and sun_alt > 10.0) or (not by_day and sun_alt < -8.0):
            return when, lst_h
    return None


def _draw_session(world: _World) -> SimSession | None:
    """The bodies above the horizon at a random time, exact apparent altitudes."""
    config, rng = world.config, world.rng
    by_day = bool(rng.random() < config.day_fraction)
    drawn = _draw_time(world, by_day)
    if drawn is None:
        return None
    when, lst_h = drawn
    session = SimSession(
        when, when, lst_h, config.latitude_deg, config.longitude_deg, "", by_day=by_day
    )
    time = sky.time_from_datetime(when)
    if by_day:
        sun_ra, sun_dec = sky.sun_ra_dec(time)
        _add(session, "Sun", (sun_ra, sun_dec))
    else:
        _add_stars(session, world, time)
        _add_planets(session, world, time)
    moon_ra, moon_dec, moon_km = planet_ephemeris.moon_ra_dec_distance(time)
    moon_alt, _, _ = _alt_az(moon_ra, moon_dec, lst_h, config.latitude_deg)
    if moon_alt >= 10.0 and rng.random() < config.moon_probability:
        parallax = planet_ephemeris.moon_horizontal_parallax_deg(moon_km)
        _add(session, "Moon", (moon_ra, moon_dec), parallax)
    return session if session.sightings else None


def _add(
    session: SimSession,
    name: str,
    ra_dec: tuple[float, float],
    parallax_deg: float = 0.0,
    ecliptic_lon_deg: float | None = None,
) -> None:
    """Append a sighting of a body at (ra_h, dec_deg) with its exact apparent altitude."""
    ra_h, dec_deg = ra_dec
    alt, az, ha = _alt_az(ra_h, dec_deg, session.lst_h, session.latitude_deg)
    obs = _observed(alt, parallax_deg)
    side = "W" if ha > 0 else "E"
    session.sightings.append(
        SimSighting(name, name, obs, obs, side, az, ra_h, dec_deg, ecliptic_lon_deg, side, az)
    )


def _add_stars(session: SimSession, world: _World, time: astronomy.Time) -> None:
    """1 to max_stars random bright stars between 15 and 80 deg of altitude."""
    year = 2000.0 + time.ut / 365.25
    visible = []
    for star in world.bright:
        ra_h, dec_deg = stars.star_ra_dec(star, year)
        alt, _, _ = _alt_az(ra_h, dec_deg, session.lst_h, session.latitude_deg)
        if 15.0 <= alt <= 80.0:
            visible.append((star.name, ra_h, dec_deg))
    if visible:
        k = int(world.rng.integers(1, world.config.max_stars + 1))
        for i in world.rng.permutation(len(visible))[:k]:
            name, ra_h, dec_deg = visible[i]
            _add(session, name, (ra_h, dec_deg))


def _add_planets(session: SimSession, world: _World, time: astronomy.Time) -> None:
    """Each planet above 10 deg, with probability planet_probability (on the ecliptic when
    ``ecliptic_planets``: to test the reduction without the ecliptic assumption)."""
    config = world.config
    obliquity = sky.mean_obliquity_deg(2000.0 + time.tt / 365.25)
    for planet in world.planets:
        lon, _ = planet_ephemeris.planet_ecliptic_lon_lat_deg(planet, time)
        if config.ecliptic_planets:
            ra_h, dec_deg = sky.ecliptic_to_equatorial(lon, 0.0, obliquity)
        else:
            ra_h, dec_deg = planet_ephemeris.planet_ra_dec(planet, time)
        alt, _, _ = _alt_az(ra_h, dec_deg, session.lst_h, session.latitude_deg)
        if alt >= 10.0 and world.rng.random() < config.planet_probability:
            _add(session, planet, (ra_h, dec_deg), ecliptic_lon_deg=lon)


def _is_reference(name: str) -> bool:
    return name not in planet_ephemeris.ALL_PLANETS


def _cut_to_single(session: SimSession, world: _World) -> None:
    """With probability single_fraction keep one reference sighting (and the planets): the
    session mix of real logs, where most sessions are one quick sighting."""
    draw, pick = world.rng.random(), world.rng.random()
    refs = [s for s in session.sightings if _is_reference(s.object)]
    if draw >= world.config.single_fraction or len(refs) < 2:
        return
    keep = refs[int(pick * len(refs))]
    session.sightings = [s for s in session.sightings if s is keep or not _is_reference(s.object)]


def _read(session: SimSession, world: _World) -> None:
    """Each sighting as the observer reads and logs it (zero-point, noise, misreads, rounding,
    misidentified stars, wrong sides). Every draw is made whether or not faults are on."""
    config, rng = world.config, world.rng
    names = [b.name for b in world.bright]
    session.zero_point_deg = config.zero_point_deg
    for s in session.sightings:
        noise = config.noise_deg * float(rng.standard_normal())
        misread = float(rng.uniform(*MISREAD_RANGE_DEG)) * (1.0 if rng.random() < 0.5 else -1.0)
        is_misread, misid, other = rng.random(), rng.random(), int(rng.integers(0, len(names)))
        wrong_side = rng.random() < config.wrong_side_fraction
        faults: list[str] = []
        if config.faults and is_misread < config.misread_fraction:
            s.misread_deg = misread
            faults.append(f"{s.object} misread by {misread:+.1f} deg")
        star = _is_reference(s.object) and s.object not in ("Sun", "Moon")
        swap = star and misid < config.misidentified_fraction and names[other] != s.object
        if config.faults and swap:
            s.object = names[other]
            faults.append(f"misidentified {s.true_object} as {s.object}")
        if config.faults and wrong_side:
            s.logged_side = "E" if s.side == "W" else "W"
            s.logged_azimuth_deg = (360.0 - s.azimuth_deg) % 360.0
            faults.append(f"{s.true_object} side logged {s.logged_side}")
        reading = s.true_altitude_deg + config.zero_point_deg + noise + s.misread_deg
        if config.round_deg > 0:
            reading = round(reading / config.round_deg) * config.round_deg
        s.altitude_deg = float(min(90.0, max(-5.0, reading)))
        s.fault = "; ".join(faults)


def _fault_time(session: SimSession, world: _World) -> None:
    """The clock as written: true time + clock scatter (+ the night lag), to the minute,
    and with probability wrong_time_fraction a wrong hour or day."""
    config, rng = world.config, world.rng
    error_min = config.clock_sd_min * float(rng.standard_normal())
    if not session.by_day:
        error_min += config.star_lag_min
    draw, which = rng.random(), int(rng.integers(0, len(TIME_FAULTS_MIN)))
    if config.faults and draw < config.wrong_time_fraction:
        session.time_fault_min = TIME_FAULTS_MIN[which]
        session.fault = f"clock off by {session.time_fault_min / 60.0:+.0f} h"
    written = session.true_utc + dt.timedelta(minutes=error_min + session.time_fault_min)
    session.recorded_utc = _to_minute(written)


def _to_minute(when: dt.datetime) -> dt.datetime:
    """A time as a log keeps it: rounded to the whole minute."""
    return (when + dt.timedelta(seconds=30)).replace(second=0, microsecond=0)
