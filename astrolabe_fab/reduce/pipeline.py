"""The whole reduction, as typed stages:

sessions (``sessions``) -> roots (``roots``, ``choice``) -> latitude and zero-point
(``geometry``; the roots are searched again while they move) -> time and longitude
(``timing``, ``verdict``) -> planets and orbits (``planet_stage``) -> the summary
(``summary``) that ``report`` and ``plots`` write.

Sign conventions (also in the outputs):
- longitude east positive; local mean time LMT = UTC + longitude / 15 h;
- local apparent time = LST - RA(Sun) + 12 h; equation of time EoT = apparent - mean (min);
- clock_minus_mean_min = clock UTC - LMT, wrapped into +-720 min around the site's expected
  offset -4 min x longitude; a session's longitude = -(clock_minus_mean_min) / 4 deg;
- time_error_min = clock error = clock - true UTC = -4 min/deg x (session longitude - site
  longitude): positive when the clock was fast.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from astrolabe_fab.errors import InputError
from astrolabe_fab.reduce import choice, solve, summary
from astrolabe_fab.reduce.clock import implied_longitude_deg, longitude_mode_deg, wrap
from astrolabe_fab.reduce.geometry import GeometryFit, fit_geometry
from astrolabe_fab.reduce.instrument import Instrument
from astrolabe_fab.reduce.planet_stage import SessionFix, reduce_planets
from astrolabe_fab.reduce.positions import Sky
from astrolabe_fab.reduce.results import PlanetResult, Reduction, SessionResult
from astrolabe_fab.reduce.roots import SEARCH_SCALE_DEG, Geometry, Roots, find_roots
from astrolabe_fab.reduce.sessions import PlaceDefaults, Sessions, Site, build_sessions
from astrolabe_fab.reduce.sightings import Sighting
from astrolabe_fab.reduce.solve import Array
from astrolabe_fab.reduce.timing import Timing, time_and_longitude

__all__ = ["Options", "PlanetResult", "Reduction", "SessionResult", "reduce_sightings"]

GEOMETRY_ROUNDS = 4
"""Searches of the roots at most, as the latitude and zero-point settle."""

MODE_MIN_SESSIONS = 3
"""Sessions a site needs before the densest of their candidate longitudes serves as the
longitude the clock is read against (with fewer it is one of their own candidates)."""


@dataclass
class Options:
    """Reduction options: latitude and longitude (deg, east +) for rows without their own;
    whether to use the fitted common latitude for the times even when a latitude is known;
    planet places as the sighting's ecliptic crossing alone (``'crossing'``) or combined with
    the orbit fitted to the whole series (``'combined'``)."""

    latitude_deg: float | None = None
    longitude_deg: float | None = None
    fit_latitude: bool = False
    places: str = "combined"


def reduce_sightings(
    sightings: list[Sighting],
    options: Options | None = None,
    instrument: Instrument | None = None,
) -> Reduction:
    """Reduce sightings (see the module docstring for the stages and conventions)."""
    options = options or Options()
    if options.places not in ("combined", "crossing"):
        raise InputError(f"places must be combined or crossing, got {options.places!r}")
    sky_cache = Sky(instrument)
    defaults = PlaceDefaults.of(options.latitude_deg, options.longitude_deg, instrument)
    sessions = build_sessions(sightings, defaults, sky_cache)
    if len(sessions.data.session) == 0:
        raise _unreducible()
    geometry = _initial_geometry(sessions)
    roots = find_roots(sessions, geometry, sessions.longitude_deg)
    sessions, prior_note = _clock_prior(sessions, roots)
    if prior_note != "given" and np.isfinite(sessions.longitude_deg).any():
        roots = find_roots(sessions, geometry, sessions.longitude_deg)
    lat_unknown = bool(np.all(np.isnan(sessions.latitude_deg)))
    geo, roots = _settle_geometry(sessions, roots, geometry, options.fit_latitude or lat_unknown)
    if lat_unknown and geo.latitude is None:
        raise InputError(
            "the latitude is unknown and these sightings cannot fix it (it takes 3 or more "
            "sessions of 2 or more sightings): give --lat, a Latitude column or --instrument"
        )
    if not np.isfinite(roots.theta).any():
        raise _unreducible()
    timing = time_and_longitude(sessions, roots, geo.geometry, sky_cache)
    fix = SessionFix(
        roots.theta,
        np.degrees(geo.geometry.lat_rad),
        roots.lst_sigma_min,
        geo.geometry.zero_point_deg,
        roots.noise_deg,
    )
    planets = reduce_planets(sessions, fix, sky_cache, options.places)
    facts = summary.Facts(sessions, roots, geo, timing, planets.summary, prior_note)
    return Reduction(
        _session_results(sessions, roots, timing, geo.geometry),
        planets.places,
        summary.build(facts),
        planets.fits,
        planets.recurrences,
    )


def _unreducible() -> InputError:
    return InputError(
        "no session could be reduced: each lacks a Sun, Moon or star sighting, or its "
        "sightings disagree (misread names or altitudes)"
    )


def _initial_geometry(sessions: Sessions) -> Geometry:
    """Known latitudes; sessions without one take the others' median; with none at all, the
    best latitude of a profile scan over a coarse grid."""
    lat = sessions.latitude_deg.copy()
    if np.all(np.isnan(lat)):
        grid, totals = solve.profile_latitude_scan(sessions.data, SEARCH_SCALE_DEG)
        lat[:] = float(grid[np.argmin(totals)])
    elif np.any(np.isnan(lat)):
        lat = np.where(np.isnan(lat), float(np.nanmedian(lat)), lat)
    return Geometry(np.radians(lat))


def _settle_geometry(
    sessions: Sessions, roots: Roots, geometry: Geometry, fit_latitude: bool
) -> tuple[GeometryFit, Roots]:
    """Fit the latitude and zero-point, search the roots again while they move."""
    geo = fit_geometry(sessions, roots, geometry, fit_latitude)
    for _ in range(GEOMETRY_ROUNDS - 1):
        if not geo.moved(geometry):
            break
        geometry = geo.geometry
        roots = find_roots(sessions, geometry, sessions.longitude_deg)
        geo = fit_geometry(sessions, roots, geometry, fit_latitude)
    geo.geometry = geometry
    return geo, roots


def _site_mode(sessions: Sessions, roots: Roots, site: int) -> float:
    """Densest longitude among the site's sessions' equally good minima (each session one
    vote, shared among its equally good minima)."""
    cands = roots.candidates
    votes = choice.Votes(
        np.zeros(len(cands.session)), np.full(sessions.n, np.nan), None, roots.noise_deg
    )
    good = choice.equally_good(cands, votes, sessions.n) & (sessions.site[cands.session] == site)
    lon = implied_longitude_deg(cands.theta_rad, cands.session, sessions.sun, sessions.utc_h)
    count = solve.group_count(cands.session[good], sessions.n)
    return longitude_mode_deg(lon[good], 1.0 / count[cands.session[good]])


def _clock_prior(sessions: Sessions, roots: Roots) -> tuple[Sessions, str]:
    """The longitude each site's clock is read against: the given one; else the densest
    candidate longitude; a given longitude that the sightings put at its opposite (a log
    counting west positive) is flipped, and said so."""
    lon = sessions.longitude_deg.copy()
    sites = list(sessions.sites)
    notes = []
    for k, site in enumerate(sessions.sites):
        members = sessions.site == k
        mode = _site_mode(sessions, roots, k)
        given = site.longitude_deg
        if math.isnan(given) and members.sum() < MODE_MIN_SESSIONS:
            notes.append("none: too few sessions to find the longitude before the times")
        elif math.isnan(given):
            lon[members] = mode
            notes.append("densest candidate longitude")
        elif _angle(given, mode) > 20.0 and _angle(-given, mode) < 5.0:
            lon[members] = -given
            sites[k] = Site(site.latitude_deg, -given)
            notes.append(
                "given, sign flipped: the sightings put the place near "
                f"{mode:.1f} deg (east +), the log said {given:.1f}"
            )
        else:
            notes.append("given")
    note = notes[0] if len(set(notes)) == 1 else "; ".join(notes)
    return replace(sessions, longitude_deg=lon, sites=sites), note


def _angle(a: float, b: float) -> float:
    return abs(float(wrap(a - b, 360.0)))


def _minima(roots: Roots, sessions: Sessions) -> list[list[dict[str, float]]]:
    """Every session's local minima (LST, cost, implied longitude), for ``--format json``."""
    cands = roots.candidates
    lon = implied_longitude_deg(cands.theta_rad, cands.session, sessions.sun, sessions.utc_h)
    out: list[list[dict[str, float]]] = [[] for _ in range(sessions.n)]
    for s, t, c, lo in zip(cands.session, cands.theta_rad, cands.cost, lon, strict=True):
        out[int(s)].append(
            {
                "lst_h": round(float(np.degrees(t) / 15.0), 5),
                "cost": round(float(c), 6),
                "longitude_deg": round(float(lo), 4),
            }
        )
    return out


def _dropped(sessions: Sessions, roots: Roots) -> list[list[str]]:
    out: list[list[str]] = [[] for _ in range(sessions.n)]
    for row in np.flatnonzero(~roots.keep):
        out[int(sessions.data.session[row])].append(sessions.names[row])
    return out


def _session_results(
    sessions: Sessions, roots: Roots, timing: Timing, geometry: Geometry
) -> list[SessionResult]:
    minima, dropped = _minima(roots, sessions), _dropped(sessions, roots)
    lat_deg: Array = np.degrees(geometry.lat_rad)
    out = []
    for i in range(sessions.n):
        reduced = bool(np.isfinite(roots.theta[i]))
        out.append(
            SessionResult(
                session=sessions.labels[i],
                utc=sessions.utc[i],
                n_sightings=int(roots.n_used[i]),
                lst_h=float(timing.lst_h[i]),
                apparent_time_h=float(timing.apparent_time_h[i]),
                eot_min=float(timing.eot_min[i]),
                mean_time_h=float(timing.mean_time_h[i]),
                clock_minus_mean_min=float(timing.clock_minus_mean_min[i]),
                longitude_deg=float(timing.longitude_deg[i]),
                rms_deg=float(roots.rms_deg[i]),
                ambiguous=bool(roots.picked.ambiguous[i]) and reduced,
                dropped=dropped[i],
                flag=timing.flags[i],
                latitude_deg=float(lat_deg[i]) if reduced else math.nan,
                lst_sigma_min=float(roots.lst_sigma_min[i]),
                resolved_by=str(roots.picked.resolved_by[i]),
                time_error_min=float(timing.time_error_min[i]),
                site=sessions.sites[int(sessions.site[i])].label,
                by_day=bool(sessions.by_day[i]),
                minima=minima[i],
            )
        )
    return out
