"""Stages 5 and 6 of the reduction: planet places from their altitudes, then the orbits.

Each planet sighting, with its session's sidereal time and latitude, gives two ecliptic
crossings (``planets``); a side or azimuth column picks one, else the orbit fitted to the
whole series of that planet (``orbits``), else continuity of the planet's motion. The place
is the crossing, or (``places == 'combined'``) the crossing combined with the fitted orbit by
their uncertainties. Readings are corrected by the instrument's zero-point first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from astrolabe_fab.astro import planets as planet_ephemeris
from astrolabe_fab.astro import sky
from astrolabe_fab.reduce import elements, kepler_fit, orbits, solve
from astrolabe_fab.reduce import planets as crossing
from astrolabe_fab.reduce.clock import wrap
from astrolabe_fab.reduce.positions import Sky, decimal_year, ut_days
from astrolabe_fab.reduce.results import PlanetResult
from astrolabe_fab.reduce.sessions import SIDE_CODES, Sessions
from astrolabe_fab.reduce.sightings import Sighting
from astrolabe_fab.reduce.solve import Array, IntArray

NO_TIME = "no time: session lacks a Sun, Moon or star sighting"


@dataclass
class SessionFix:
    """What the planets take from the earlier stages, per session: LST at the reference time
    (rad), latitude (deg), the LST's sigma (min); and the instrument's zero-point and the
    altitude noise (deg)."""

    theta: Array
    latitude_deg: Array
    lst_sigma_min: Array
    zero_point_deg: float
    noise_deg: float


@dataclass
class Series:
    """Every usable planet sighting as arrays (both crossings of each, their uncertainty,
    the root fixed by a side/azimuth column and why, the Earth and precession)."""

    session: IntArray
    sightings: list[Sighting]
    crossings: crossing.Crossings
    obliquity_deg: Array
    sigma_deg: Array
    days: Array
    earth_xy: Array
    precession_deg: Array
    sun_lon_deg: Array
    sun_ra_h: Array
    fixed: IntArray
    fixed_why: NDArray[np.object_]
    altitudes: kepler_fit.Altitudes


@dataclass
class PlanetOutcome:
    """The stage's result: places, orbit fits and recurrences, and the orbits' summary."""

    places: list[PlanetResult]
    fits: dict[str, orbits.OrbitFit | None]
    shape_free: dict[str, orbits.OrbitFit | None]
    recurrences: dict[str, orbits.Recurrence]
    summary: dict[str, object]


def _series(
    items: list[tuple[int, Sighting]], sessions: Sessions, fix: SessionFix, sky_cache: Sky
) -> Series:
    idx = np.array([i for i, _ in items], dtype=np.int64)
    sig = [s for _, s in items]
    seconds = np.array([(s.utc - sessions.utc[i]).total_seconds() for i, s in items])
    lst = fix.theta[idx] + 2 * np.pi * solve.SIDEREAL_RATE * seconds / 86400.0
    years = np.array([decimal_year(s.utc) for s in sig])
    obliquity = np.array([sky.mean_obliquity_deg(y) for y in years])
    alt = np.array([s.altitude_deg for s in sig]) - fix.zero_point_deg
    cr = crossing.ecliptic_crossings(lst, np.radians(fix.latitude_deg[idx]), alt, obliquity)
    side = np.array([SIDE_CODES.get(s.side or "", 0) for s in sig], dtype=np.int64)
    az = np.array([math.nan if s.azimuth_deg is None else s.azimuth_deg for s in sig])
    by_side, by_az = crossing.choose_by_side(cr, side), crossing.choose_by_azimuth(cr, az)
    lst_sigma_deg = fix.lst_sigma_min[idx] / 4.0
    lst_sigma_deg = np.where(np.isfinite(lst_sigma_deg), lst_sigma_deg, 10.0)
    earth = np.array([sky_cache.earth(s.utc) for s in sig]).reshape(-1, 2)
    lat = np.radians(fix.latitude_deg[idx])
    seen = kepler_fit.Altitudes(lst, lat, alt, obliquity, fix.noise_deg, np.radians(lst_sigma_deg))
    prec = np.array([planet_ephemeris.general_precession_deg(y - 2000.0) for y in years])
    return Series(
        session=idx,
        sightings=sig,
        crossings=cr,
        obliquity_deg=obliquity,
        sigma_deg=np.sqrt((fix.noise_deg * cr.sensitivity) ** 2 + lst_sigma_deg**2),
        days=np.array([ut_days(s.utc) for s in sig]),
        earth_xy=earth,
        precession_deg=prec,
        sun_lon_deg=np.degrees(np.arctan2(-earth[:, 1], -earth[:, 0])) + prec,
        sun_ra_h=np.array([sky_cache.sun(s.utc)[0] for s in sig]),
        fixed=np.where(by_side >= 0, by_side, by_az).astype(np.int64),
        fixed_why=np.where(by_side >= 0, "side", np.where(by_az >= 0, "azimuth", "")).astype(
            object
        ),
        altitudes=seen,
    )


@dataclass
class _Choice:
    """The root chosen for every sighting of the series, and why."""

    root: IntArray
    why: NDArray[np.object_]


@dataclass
class _PlanetFit:
    """One planet's orbits: the headline fit (the known shape when the planet's elements
    are known, else the shape-free fit), the shape-free fit (circle, or an ellipse on an arc
    of a whole orbit), Robinson's recurrence, and whether the planet is inner."""

    fit: orbits.OrbitFit | None
    shape_free: orbits.OrbitFit | None
    recurrence: orbits.Recurrence
    inner: bool


def _fit_planet(series: Series, mine: IntArray, choice: _Choice) -> _PlanetFit:
    """One planet: orbit fit on its crossings (roots fixed by a column kept), the free roots
    chosen by the fit or by continuity; then Robinson's recurrence on the chosen places."""
    cr = series.crossings
    lon_pair = cr.lon_deg[mine].copy()
    fm = series.fixed[mine]
    lon_pair[fm >= 0] = lon_pair[fm >= 0, fm[fm >= 0]][:, None]
    inner = orbits.is_inner(lon_pair - series.sun_lon_deg[mine, None])
    data = orbits.OrbitData(
        series.days[mine],
        lon_pair,
        series.sigma_deg[mine],
        series.earth_xy[mine],
        series.precession_deg[mine],
    )
    shape_free = orbits.fit_circular_orbit(data, inner)
    fit = shape_free
    shape = elements.shape_at(series.sightings[mine[0]].object, float(np.median(data.days)))
    if shape_free is not None and shape is not None:
        fit = kepler_fit.fit_known_shape(
            data, series.altitudes.subset(mine), shape, shape_free, inner
        )
    if fit is not None:
        free = fm < 0
        choice.root[mine[free]] = fit.chosen_root[free]
        choice.why[mine[free]] = "orbit fit: crossing nearer the fitted orbit"
    else:
        cont, cwhy = crossing.choose_by_continuity(series.days[mine], cr.lon_deg[mine], fm)
        choice.root[mine] = cont
        for j, w in zip(mine, cwhy, strict=True):
            if w:
                choice.why[j] = w
    lam = np.radians(cr.lon_deg[mine, choice.root[mine]])
    ra, _ = crossing.ecliptic_to_equatorial_rad(lam, np.radians(series.obliquity_deg[mine]))
    rel = wrap(np.degrees(ra) / 15.0 - series.sun_ra_h[mine], 24.0)
    recurrence = orbits.recurrence_estimate(series.days[mine], rel, inner)
    return _PlanetFit(fit, shape_free, recurrence, inner)


def _r(value: float | None, digits: int) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), digits)


def orbit_entry(found: _PlanetFit, n: int) -> dict[str, object]:
    """summary.json's entry for one planet (SPEC §6): ``fit`` is the headline (the orbit of
    known shape when the planet's elements are known), ``shape_free_fit`` the circle (an
    ellipse on an arc of a whole orbit) fitted without them."""
    fit, free, rec = found.fit, found.shape_free, found.recurrence
    synodic_fit = orbits.synodic_from_semi_major_axis(fit.semi_major_axis_au) if fit else None
    shape = fit.shape if fit else None
    return {
        "inner": found.inner,
        "n_sightings": n,
        "synodic_days": {
            "recurrence": _r(rec.synodic_days, 2),
            "recurrence_sigma": _r(rec.synodic_sigma_days, 2),
            "n_intervals": len(rec.intervals_days),
            "fit": _r(synodic_fit, 2),
        },
        "semi_major_axis_au": {
            "recurrence": _r(rec.semi_major_axis_au, 4),
            "recurrence_sigma": _r(rec.semi_major_axis_sigma_au, 4),
            "fit": _r(fit.semi_major_axis_au, 4) if fit else None,
            "fit_sigma": _r(fit.semi_major_axis_sigma_au, 4) if fit else None,
            "fit_model": _model_name(fit),
            "shape_free_fit": _r(free.semi_major_axis_au, 4) if free else None,
            "shape_free_fit_sigma": _r(free.semi_major_axis_sigma_au, 4) if free else None,
            "shape_free_model": _model_name(free),
        },
        "eccentricity_fit": _r(free.eccentricity, 4) if free else None,
        "orbit_shape": shape.as_dict() | {"source": elements.SOURCE} if shape else None,
    }


def _model_name(fit: orbits.OrbitFit | None) -> str | None:
    if fit is None:
        return None
    if fit.shape is not None:
        return "Kepler orbit of known shape (orbit_shape); a and phase fitted"
    if fit.eccentricity > 0.0:
        return "Kepler ellipse, e prior 0.05; a, phase, e fitted"
    return "circle; a and phase fitted"


def combine_with_orbits(
    series: Series, crossing_lon: Array, fits: dict[str, orbits.OrbitFit | None], places: str
) -> tuple[Array, list[str]]:
    """Each sighting's place: its crossing, or (``places == 'combined'``) the crossing combined
    with the orbit fitted to the whole series, by inverse-variance weights:
    l = l_c + (l_m - l_c) s_c^2 / (s_c^2 + s_m^2), s_m = the orbit model's error (3 deg: the
    planet's latitude and eccentricity). A grazing crossing (large s_c) thus leans on the
    orbit, a sharp one keeps its own place; a crossing more than 4 combined sigma from the
    orbit (a wrong time or a misread in that session) is kept as measured, and said so."""
    out = crossing_lon.copy()
    notes = [""] * len(series.sightings)
    names = np.array([s.object for s in series.sightings], dtype=object)
    s_m = orbits.SIGMA_FLOOR_DEG
    for planet, fit in fits.items():
        if fit is None:
            continue
        mine = np.flatnonzero(names == planet)
        model = fit.geocentric_lon_deg(
            series.days[mine], series.earth_xy[mine], series.precession_deg[mine]
        )
        diff = wrap(model - crossing_lon[mine], 360.0)
        for j, d, sc in zip(mine, diff, series.sigma_deg[mine], strict=True):
            if abs(d) > 4.0 * math.hypot(sc, s_m):
                notes[j] = f"; {abs(d):.0f} deg from the fitted orbit: check this session"
            elif places == "combined":
                weight = s_m**2 / (sc**2 + s_m**2)
                out[j] = (crossing_lon[j] + (1.0 - weight) * d) % 360.0
                notes[j] = f"; combined with the fitted orbit (sighting weight {weight:.2f})"
    return out, notes


def _places(
    series: Series, choice: _Choice, fits: dict[str, orbits.OrbitFit | None], places: str
) -> list[PlanetResult]:
    """planets.csv rows of the usable sightings."""
    n = len(series.sightings)
    cr = series.crossings
    crossing_lon = cr.lon_deg[np.arange(n), choice.root]
    place_lon, notes = combine_with_orbits(series, crossing_lon, fits, places)
    lam = np.radians(place_lon)
    ra, dec = crossing.ecliptic_to_equatorial_rad(lam, np.radians(series.obliquity_deg))
    other = cr.lon_deg[np.arange(n), 1 - choice.root]
    out = []
    for k, s in enumerate(series.sightings):
        root = str(choice.why[k])
        if cr.grazing[k]:
            root += "; almucantar misses the ecliptic: nearest point"
        ra_h = float(np.degrees(ra[k]) / 15.0) % 24.0
        out.append(
            PlanetResult(
                session=s.session,
                utc=s.utc,
                object=s.object,
                ra_h=ra_h,
                dec_deg=float(np.degrees(dec[k])),
                ecliptic_lon_deg=float(np.degrees(lam[k]) % 360.0),
                sun_relative_ra_h=float(wrap(ra_h - series.sun_ra_h[k], 24.0)),
                root=root + notes[k],
                other_ecliptic_lon_deg=float(other[k]),
                crossing_ecliptic_lon_deg=float(crossing_lon[k]),
                sigma_deg=float(series.sigma_deg[k]),
                days=float(series.days[k]),
            )
        )
    return out


def reduce_planets(
    sessions: Sessions, fix: SessionFix, sky_cache: Sky, places: str
) -> PlanetOutcome:
    """Stages 5 and 6 (module docstring)."""
    timed = np.isfinite(fix.theta) & np.isfinite(fix.latitude_deg)
    usable = [(i, s) for i, s in sessions.planets if timed[i]]
    out = [
        PlanetResult(s.session, s.utc, s.object, root=NO_TIME)
        for i, s in sessions.planets
        if not timed[i]
    ]
    outcome = PlanetOutcome(out, {}, {}, {}, {})
    if not usable:
        outcome.places.sort(key=lambda p: (p.utc, p.object))
        return outcome
    series = _series(usable, sessions, fix, sky_cache)
    choice = _Choice(series.fixed.copy(), series.fixed_why.copy())
    names = np.array([s.object for s in series.sightings], dtype=object)
    for planet in sorted(set(names.tolist())):
        mine = np.flatnonzero(names == planet).astype(np.int64)
        found = _fit_planet(series, mine, choice)
        outcome.fits[planet], outcome.shape_free[planet] = found.fit, found.shape_free
        outcome.recurrences[planet] = found.recurrence
        outcome.summary[planet] = orbit_entry(found, len(mine))
    outcome.places += _places(series, choice, outcome.fits, places)
    outcome.places.sort(key=lambda p: (p.utc, p.object))
    return outcome
