"""The whole reduction: sightings -> per-session time and longitude -> planets -> orbits.

Sign conventions (also in the outputs):
- longitude east positive; local mean time LMT = UTC + longitude / 15 h;
- local apparent time = LST - RA(Sun) + 12 h; equation of time EoT = apparent - mean (min);
- clock_minus_mean_min = clock UTC - LMT, wrapped into [-720, 720); longitude = -that / 4 deg;
- time_error_min = clock error = clock - true UTC = -4 min/deg x (session longitude - reference
  longitude): positive when the clock was fast.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np

from astrolabe_fab.astro import planets as planet_ephemeris
from astrolabe_fab.astro import sky
from astrolabe_fab.errors import InputError
from astrolabe_fab.reduce import orbits, solve
from astrolabe_fab.reduce import planets as crossing
from astrolabe_fab.reduce.instrument import Instrument
from astrolabe_fab.reduce.positions import Sky, decimal_year, ut_days
from astrolabe_fab.reduce.sightings import Sighting

SEARCH_SCALE_DEG = 1.5
"""Cauchy scale of the search for minima over all sightings (misread stars included)."""

DEFAULT_NOISE_DEG = 1.0
"""Assumed altitude noise when too few multi-sighting sessions exist to measure it."""

UNMEASURED_NOISE_DEG = 3.0
"""Noise the outlier test assumes when the noise cannot be measured (drops misfits > 9 deg)."""

NOISE_FLOOR_DEG = 0.05
"""Lowest altitude noise assumed (model and rounding errors)."""

OUTLIER_SIGMAS = 3.0
"""A sighting whose residual exceeds this many sigma is dropped (misidentified star)."""


@dataclass
class Options:
    """Reduction options: known latitude / longitude prior (deg, east +); whether to use the
    fitted common latitude for the times even when a latitude is known; planet places as the
    sighting's ecliptic crossing alone (``'crossing'``) or combined with the orbit fitted to
    the whole series (``'combined'``, see ``_combine_with_orbits``)."""

    latitude_deg: float | None = None
    longitude_deg: float | None = None
    fit_latitude: bool = False
    places: str = "combined"


@dataclass
class SessionResult:
    """One session's reduction (the columns of sessions.csv and diagnostics)."""

    session: str
    utc: dt.datetime
    n_sightings: int
    lst_h: float = math.nan
    apparent_time_h: float = math.nan
    eot_min: float = math.nan
    mean_time_h: float = math.nan
    clock_minus_mean_min: float = math.nan
    longitude_deg: float = math.nan
    rms_deg: float = math.nan
    ambiguous: bool = False
    dropped: list[str] = field(default_factory=list)
    latitude_deg: float = math.nan
    lst_sigma_min: float = math.nan
    resolved_by: str = ""
    time_error_min: float = math.nan
    minima: list[dict[str, float]] = field(default_factory=list)


@dataclass
class PlanetResult:
    """One planet sighting's place (the columns of planets.csv)."""

    session: str
    utc: dt.datetime
    object: str
    ra_h: float = math.nan
    dec_deg: float = math.nan
    ecliptic_lon_deg: float = math.nan
    sun_relative_ra_h: float = math.nan
    root: str = ""
    other_ecliptic_lon_deg: float = math.nan
    crossing_ecliptic_lon_deg: float = math.nan
    sigma_deg: float = math.nan
    days: float = math.nan


@dataclass
class Reduction:
    """Everything ``report`` writes."""

    sessions: list[SessionResult]
    planets: list[PlanetResult]
    summary: dict[str, object]
    orbit_fits: dict[str, orbits.OrbitFit | None]
    recurrences: dict[str, orbits.Recurrence]


def _angle_deg(a: float, b: float) -> float:
    """Absolute difference of two angles (deg), in [0, 180]."""
    return abs((a - b + 180.0) % 360.0 - 180.0)


def _wrap(value: float, period: float) -> float:
    """Value wrapped into [-period/2, period/2)."""
    return (value + period / 2.0) % period - period / 2.0


def _utc_hours(when: dt.datetime) -> float:
    return when.hour + when.minute / 60.0 + (when.second + when.microsecond / 1e6) / 3600.0


def _group(sightings: list[Sighting]) -> list[tuple[str, list[Sighting]]]:
    groups: dict[str, list[Sighting]] = {}
    for s in sightings:
        groups.setdefault(s.session, []).append(s)
    return sorted(groups.items(), key=lambda kv: (min(s.utc for s in kv[1]), kv[0]))


def reduce_sightings(
    sightings: list[Sighting],
    options: Options | None = None,
    instrument: Instrument | None = None,
) -> Reduction:
    """Reduce sightings (see module docstring for the conventions)."""
    options = options or Options()
    sky_cache = Sky(instrument)
    groups = _group(sightings)
    n_sessions = len(groups)
    results: list[SessionResult] = []
    ref_time: list[dt.datetime] = []
    lat_known = np.full(n_sessions, np.nan)
    lon_prior = np.full(n_sessions, np.nan)
    rows: dict[str, list[float]] = {
        k: [] for k in ("s", "ra", "dec", "alt", "dt", "par", "side", "az")
    }
    names: list[str] = []
    for i, (label, group) in enumerate(groups):
        t0 = min(s.utc for s in group)
        ref_time.append(t0)
        refs = [s for s in group if s.kind != "planet"]
        results.append(SessionResult(label, t0, len(refs)))
        if options.latitude_deg is not None:
            lat_known[i] = options.latitude_deg
        elif instrument is not None and instrument.latitude_deg is not None:
            lat_known[i] = instrument.latitude_deg
        else:
            lats = [s.latitude_deg for s in group if s.latitude_deg is not None]
            lat_known[i] = lats[0] if lats else np.nan
        if options.longitude_deg is not None:
            lon_prior[i] = options.longitude_deg
        else:
            lons = [s.longitude_deg for s in group if s.longitude_deg is not None]
            lon_prior[i] = _wrap(lons[0], 360.0) if lons else np.nan
        for s in refs:
            ra_h, dec_deg, par = sky_cache.body_ra_dec_parallax(s.object, s.kind, s.utc)
            rows["s"].append(i)
            rows["ra"].append(math.radians(ra_h * 15.0))
            rows["dec"].append(math.radians(dec_deg))
            rows["alt"].append(s.altitude_deg)
            seconds = (s.utc - t0).total_seconds()
            rows["dt"].append(2 * math.pi * solve.SIDEREAL_RATE * seconds / 86400.0)
            rows["par"].append(par)
            rows["side"].append({"W": 1, "E": -1}.get(s.side or "", 0))
            rows["az"].append(np.nan if s.azimuth_deg is None else s.azimuth_deg)
            names.append(s.object)
    data = solve.FitData(
        session=np.array(rows["s"], dtype=np.int64),
        ra_rad=np.array(rows["ra"]),
        dec_rad=np.array(rows["dec"]),
        altitude_deg=np.array(rows["alt"]),
        dtheta_rad=np.array(rows["dt"]),
        parallax_deg=np.array(rows["par"]),
        side=np.array(rows["side"], dtype=np.int64),
        azimuth_deg=np.array(rows["az"]),
        n_sessions=n_sessions,
    )
    sun = np.array([sky_cache.sun(t) for t in ref_time]).reshape(-1, 3)
    utc_h = np.array([_utc_hours(t) for t in ref_time])
    summary: dict[str, object] = {"sessions": n_sessions}
    theta = np.full(n_sessions, np.nan)
    lat_used = lat_known.copy()
    noise = DEFAULT_NOISE_DEG
    if len(data.session):
        theta, lat_used, noise = _solve_sessions(
            data, names, results, lat_known, lon_prior, sun, utc_h, options, summary
        )
    _time_errors(results, lon_prior, options, summary)
    if options.places not in ("combined", "crossing"):
        raise InputError(f"places must be combined or crossing, got {options.places!r}")
    planet_results, fits, recs = _reduce_planets(
        groups,
        results,
        theta,
        lat_used,
        ref_time,
        sun,
        noise,
        sky_cache,
        summary,
        options.places,
    )
    summary["noise_deg"] = round(noise, 4)
    return Reduction(results, planet_results, summary, fits, recs)


def _candidate_longitudes(
    theta: np.ndarray, session: np.ndarray, sun: np.ndarray, utc_h: np.ndarray
) -> np.ndarray:
    """Longitude (deg, east +) implied by an LST: 15 (LMT - UTC), LMT = LST - RA_sun + 12 - EoT."""
    lst_h = np.degrees(theta) / 15.0
    lmt = lst_h - sun[session, 0] + 12.0 - sun[session, 2] / 60.0
    return (15.0 * (lmt - utc_h[session]) + 180.0) % 360.0 - 180.0


def _solve_sessions(
    data: solve.FitData,
    names: list[str],
    results: list[SessionResult],
    lat_known: np.ndarray,
    lon_prior: np.ndarray,
    sun: np.ndarray,
    utc_h: np.ndarray,
    options: Options,
    summary: dict[str, object],
) -> tuple[np.ndarray, np.ndarray, float]:
    n_s = data.n_sessions
    lat_deg = lat_known.copy()
    if np.all(np.isnan(lat_deg)):
        grid, totals = solve.profile_latitude_scan(data, SEARCH_SCALE_DEG)
        lat_deg[:] = float(grid[np.argmin(totals)])
    elif np.any(np.isnan(lat_deg)):  # sessions without a latitude: the others' median
        lat_deg = np.where(np.isnan(lat_deg), float(np.nanmedian(lat_deg)), lat_deg)
    lat_rad = np.radians(lat_deg)

    # candidates: every local minimum of a redescending (Cauchy) cost over all of a session's
    # sightings, so that a misread star cannot hide the minimum of the good ones
    cands_all = _fit(data, lat_rad, SEARCH_SCALE_DEG, kind="cauchy")
    theta, _, _ = _choose(data, cands_all, lat_rad, lon_prior, sun, utc_h, DEFAULT_NOISE_DEG)
    # first noise estimate from a least-squares-like refit (the Cauchy minima hug single
    # sightings and would make the noise look smaller than it is)
    present = np.flatnonzero(np.isfinite(theta))
    first = solve.refine(data, lat_rad, present, theta[present], 3.0 * DEFAULT_NOISE_DEG)
    theta[first.session] = first.theta_rad
    resid, jac = solve.residuals_at(data, lat_rad, theta)
    measured = _noise_estimate(resid, jac, data.session, n_s)
    noise = measured if measured is not None else DEFAULT_NOISE_DEG
    summary["noise_source"] = "measured" if measured is not None else "assumed"
    prior = lon_prior.copy()
    inliers, tcost = _candidate_scores(data, lat_rad, cands_all, noise)
    mode = _longitude_mode(cands_all, inliers, tcost, sun, utc_h, noise)
    if np.any(np.isnan(prior)):
        prior = np.where(np.isnan(prior), mode, prior)
        summary["longitude_prior"] = "densest candidate longitude"
    else:
        summary["longitude_prior"] = "given"
        given = float(np.median(prior))
        if _angle_deg(given, mode) > 20.0 and _angle_deg(-given, mode) < 5.0:
            # the log counts longitude west-positive: the sightings say so unambiguously
            prior = -prior
            summary["longitude_prior"] = (
                "given, sign flipped: the sightings put the place near "
                f"{mode:.1f} deg (east +), the log said {given:.1f}"
            )
    fit_lat = options.fit_latitude or bool(np.all(np.isnan(lat_known)))
    # 1. choose the minimum with the most sightings within 3 sigma (then cost, side, azimuth,
    #    prior) and drop the sightings beyond 3 sigma from it (misread stars);
    # 2. search again without them (their pull gone, mirror minima reappear) and choose;
    # 3. re-measure the noise and repeat until it settles.
    for _ in range(8):
        inliers, tcost = _candidate_scores(data, lat_rad, cands_all, noise)
        theta, _, _ = _choose(
            data, cands_all, lat_rad, prior, sun, utc_h, noise, inliers=inliers, score=tcost
        )
        scale = max(2.0 * noise, 0.1)
        # residuals of a least-squares-like refit from that minimum (a Cauchy minimum hugs
        # some sightings and exaggerates the others' residuals)
        present = np.flatnonzero(np.isfinite(theta))
        near = solve.refine(data, lat_rad, present, theta[present], scale)
        theta[near.session] = near.theta_rad
        resid, jac = solve.residuals_at(data, lat_rad, theta)
        # with too few sightings to measure the noise, only gross misfits are dropped
        keep = _outliers(
            resid, jac, data.session, n_s, noise if measured is not None else UNMEASURED_NOISE_DEG
        )
        kept = data.subset(keep)
        cands = _fit(kept, lat_rad, scale)
        theta, ambiguous, resolved = _choose(kept, cands, lat_rad, prior, sun, utc_h, noise)
        lat_moved = False
        if fit_lat:
            lat_fit = _fit_latitude(kept, lat_rad, theta, scale, noise, summary)
            if lat_fit is not None:
                step = abs(lat_fit - float(lat_rad[0]))
                lat_moved = step > 1e-6
                lat_rad = np.full(n_s, lat_fit)
                if step > math.radians(0.2):  # the minima move with the latitude: search again
                    cands_all = _fit(data, lat_rad, SEARCH_SCALE_DEG, kind="cauchy")
        settled = True
        if measured is not None:
            # MAD over every sighting (outliers included: the MAD ignores them, and trimming
            # at 3 sigma of a low estimate would keep the estimate low)
            resid, jac = solve.residuals_at(data, lat_rad, theta)
            new_noise = _noise_estimate(resid, jac, data.session, n_s) or noise
            settled = abs(new_noise - noise) < 0.03 * noise
            noise = new_noise
        if settled and not lat_moved:
            break
    if not fit_lat:
        _fit_latitude(kept, lat_rad, theta, scale, noise, summary, report_only=True)
    elif np.all(np.isnan(lat_known)) and "latitude_deg" not in summary:
        raise InputError(
            "the latitude is unknown and these sightings cannot fix it (it takes 3 or more "
            "sessions of 2 or more sightings): give --lat, a Latitude column or --instrument"
        )
    resid, jac = solve.residuals_at(kept, lat_rad, theta)
    lon = _candidate_longitudes(theta, np.arange(n_s), sun, utc_h)
    curvature = np.bincount(kept.session, jac * jac, minlength=n_s)
    sq = np.bincount(kept.session, resid * resid, minlength=n_s)
    count = np.bincount(kept.session, minlength=n_s)
    for i, r in enumerate(results):
        mine = cands.session == i
        r.minima = [
            {
                "lst_h": round(float(np.degrees(t) / 15.0), 5),
                "cost": round(float(c), 6),
                "longitude_deg": round(float(lo), 4),
            }
            for t, c, lo in zip(
                cands.theta_rad[mine],
                cands.cost[mine],
                _candidate_longitudes(cands.theta_rad[mine], np.full(mine.sum(), i), sun, utc_h),
                strict=True,
            )
        ]
        if np.isnan(theta[i]):
            continue
        r.lst_h = float(np.degrees(theta[i]) / 15.0) % 24.0
        r.apparent_time_h = (r.lst_h - sun[i, 0] + 12.0) % 24.0
        r.eot_min = float(sun[i, 2])
        r.mean_time_h = (r.apparent_time_h - r.eot_min / 60.0) % 24.0
        r.clock_minus_mean_min = _wrap((utc_h[i] - r.mean_time_h) * 60.0, 1440.0)
        r.longitude_deg = float(lon[i])
        r.rms_deg = float(math.sqrt(sq[i] / count[i])) if count[i] else math.nan
        r.n_sightings = int(count[i])
        r.ambiguous = bool(ambiguous[i])
        r.resolved_by = resolved[i]
        r.latitude_deg = float(np.degrees(lat_rad[i]))
        if curvature[i] > 0:
            r.lst_sigma_min = float(noise / math.sqrt(curvature[i]) * 4.0 * 180 / math.pi)
    dropped_rows = np.flatnonzero(~keep)
    for j in dropped_rows:
        results[data.session[j]].dropped.append(names[j])
    return theta, np.degrees(lat_rad), noise


def _fit(
    data: solve.FitData, lat_rad: np.ndarray, scale: float, kind: str = "soft_l1"
) -> solve.Candidates:
    """Every local minimum: grid search, refinement, and a second refinement seeded beside
    each minimum."""
    s, t = solve.grid_candidates(data, lat_rad, scale, kind=kind)
    first = solve.refine(data, lat_rad, s, t, scale, kind=kind)
    # close mirror minima (a body near the meridian) hide in one grid cell: seed beside each
    # poorly conditioned minimum (altitude changing by less than 1/3 deg per deg of LST)
    flat = first.curvature < (0.35 * 180.0 / math.pi) ** 2
    if not flat.any():
        return first
    seeds_s = np.concatenate([first.session, first.session[flat], first.session[flat]])
    seeds_t = np.concatenate(
        [first.theta_rad, first.theta_rad[flat] - 0.01, first.theta_rad[flat] + 0.01]
    )
    return solve.refine(data, lat_rad, seeds_s, seeds_t, scale, kind=kind)


def _leverage(jac: np.ndarray, session: np.ndarray, n_s: int) -> np.ndarray:
    """Leverage of each sighting in its session's one-parameter fit: h = a^2 / sum a^2
    (a = dh/dT); the residual's variance is sigma^2 (1 - h) (e.g. Draper & Smith ch. 8)."""
    total = np.bincount(session, jac * jac, minlength=n_s)[session]
    return np.where(total > 0, jac * jac / np.where(total > 0, total, 1.0), 1.0)


def _noise_estimate(
    resid: np.ndarray, jac: np.ndarray, session: np.ndarray, n_s: int
) -> float | None:
    """Altitude noise sigma: 1.4826 MAD of the standardised residuals r / sqrt(1 - h) of the
    sightings that do not dominate their session's fit (h < 0.9); None if fewer than 6."""
    h = _leverage(jac, session, n_s)
    ok = (h < 0.9) & np.isfinite(resid)
    if ok.sum() < 6:
        return None
    scaled = np.abs(resid[ok]) / np.sqrt(1.0 - h[ok])
    return max(NOISE_FLOOR_DEG, float(1.4826 * np.median(scaled)))


def _outliers(
    resid: np.ndarray, jac: np.ndarray, session: np.ndarray, n_s: int, noise: float
) -> np.ndarray:
    """Rows to keep: standardised residual |r| / sqrt(1 - h) <= 3 sigma. A session may lose
    every sighting (a body that cannot reach the measured altitude at that latitude): it is
    then left unreduced."""
    h = np.minimum(_leverage(jac, session, n_s), 0.9)
    return np.abs(resid) / np.sqrt(1.0 - h) <= OUTLIER_SIGMAS * noise


def _choose(
    data: solve.FitData,
    cands: solve.Candidates,
    lat_rad: np.ndarray,
    prior: np.ndarray,
    sun: np.ndarray,
    utc_h: np.ndarray,
    noise: float,
    inliers: np.ndarray | None = None,
    score: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Pick each session's minimum: among the equally good (most sightings within 3 sigma,
    then score within 4 sigma^2 of the best), those agreeing with the recorded sides, then
    azimuths; then the one nearest the longitude prior (which never moves a fit, only
    chooses); 'ambiguous' when the data left a choice."""
    score = cands.cost if score is None else score
    n_s = data.n_sessions
    theta = np.full(n_s, np.nan)
    ambiguous = np.zeros(n_s, dtype=bool)
    resolved = [""] * n_s
    delta = 4.0 * max(noise, NOISE_FLOOR_DEG) ** 2
    lon_all = _candidate_longitudes(cands.theta_rad, cands.session, sun, utc_h)
    order = np.argsort(cands.session, kind="stable")
    bounds = np.searchsorted(cands.session[order], np.arange(n_s + 1))
    row_bounds = np.searchsorted(data.session, np.arange(n_s + 1))
    for s in range(n_s):
        idx = order[bounds[s] : bounds[s + 1]]
        if len(idx) == 0:
            continue
        if inliers is not None:
            idx = idx[inliers[idx] == inliers[idx].max()]
        best = score[idx].min()
        idx = idx[score[idx] <= best + delta]
        why = "unique minimum"
        rows = np.arange(row_bounds[s], row_bounds[s + 1])
        if len(idx) > 1 and np.any(data.side[rows] != 0):
            mism = [_side_mismatches(data, rows, lat_rad, cands.theta_rad[k]) for k in idx]
            idx = idx[np.asarray(mism) == min(mism)]
            why = "side"
        if len(idx) > 1 and np.any(np.isfinite(data.azimuth_deg[rows])):
            err = [_azimuth_error(data, rows, lat_rad, cands.theta_rad[k]) for k in idx]
            idx = idx[np.asarray(err) <= min(err) + 20.0]
            why = "azimuth"
        if len(idx) > 1:
            ambiguous[s] = True
            if np.isfinite(prior[s]):
                miss = np.abs((lon_all[idx] - prior[s] + 180.0) % 360.0 - 180.0)
                idx = idx[[int(np.argmin(miss))]]
                why = "longitude prior"
            else:
                idx = idx[[int(np.argmin(score[idx]))]]
                why = "lowest cost"
        theta[s] = cands.theta_rad[idx[0]]
        resolved[s] = why
    return theta, ambiguous, resolved


def _predicted(data: solve.FitData, rows: np.ndarray, lat_rad: np.ndarray, theta: float):
    sub = data.subset(np.isin(np.arange(len(data.session)), rows))
    return solve.predicted_hour_angle_and_azimuth(sub, lat_rad, np.full(data.n_sessions, theta))


def _side_mismatches(data, rows, lat_rad, theta) -> int:
    hour, _ = _predicted(data, rows, lat_rad, theta)
    side = data.side[rows]
    wrong = (side != 0) & (np.sign(hour) != side)
    return int(wrong.sum())


def _azimuth_error(data, rows, lat_rad, theta) -> float:
    _, az = _predicted(data, rows, lat_rad, theta)
    meas = data.azimuth_deg[rows]
    ok = np.isfinite(meas)
    return float(np.mean(np.abs((az[ok] - meas[ok] + 180.0) % 360.0 - 180.0)))


def _candidate_scores(
    data: solve.FitData, lat_rad: np.ndarray, cands: solve.Candidates, noise: float
) -> tuple[np.ndarray, np.ndarray]:
    """Per candidate: sightings within 3 sigma, and the truncated cost sum min(r^2, 9 sigma^2)."""
    owner, rows, r = solve.candidate_residuals(data, lat_rad, cands.session, cands.theta_rad)
    limit = OUTLIER_SIGMAS * noise
    k = len(cands.session)
    count = np.bincount(owner, (np.abs(r) <= limit).astype(float), minlength=k)
    tcost = np.bincount(owner, np.minimum(r * r, limit * limit), minlength=k)
    del rows
    return count, tcost


def _longitude_mode(
    cands: solve.Candidates, inliers: np.ndarray, tcost: np.ndarray, sun, utc_h, noise: float
) -> float:
    """Densest longitude among every session's equally good minima (weight 1/their number),
    by a circular Gaussian kernel of 1 deg on a 0.1 deg grid."""
    lon = _candidate_longitudes(cands.theta_rad, cands.session, sun, utc_h)
    n_s = cands.session.max() + 1
    most = np.zeros(n_s)
    np.maximum.at(most, cands.session, inliers)
    top = inliers == most[cands.session]
    best = np.full(n_s, np.inf)
    np.minimum.at(best, cands.session[top], tcost[top])
    good = top & (tcost <= best[cands.session] + 4.0 * noise**2)
    counts = np.bincount(cands.session[good], minlength=n_s)
    weights = 1.0 / counts[cands.session[good]]
    grid = np.arange(-180.0, 180.0, 0.1)
    density = np.zeros_like(grid)
    lon_good = lon[good]
    for lo in range(0, len(lon_good), 2000):
        d = (grid[None, :] - lon_good[lo : lo + 2000, None] + 180.0) % 360.0 - 180.0
        density += (weights[lo : lo + 2000, None] * np.exp(-0.5 * d * d)).sum(axis=0)
    return float(grid[int(np.argmax(density))])


def _fit_latitude(
    kept: solve.FitData,
    lat_rad: np.ndarray,
    theta: np.ndarray,
    scale: float,
    noise: float,
    summary: dict[str, object],
    report_only: bool = False,
) -> float | None:
    """Common latitude of all sessions (joint robust fit with every session's LST, from the
    chosen minima); in the summary when the data allow: one place (latitudes within 1 deg),
    3+ sessions with 2+ sightings, formal sigma below 2 deg."""
    spread = float(np.ptp(lat_rad)) if len(lat_rad) else 0.0
    if spread > math.radians(1.0):
        summary["latitude_note"] = "sessions at several latitudes: no common latitude fitted"
        return None
    counts = np.bincount(kept.session, minlength=kept.n_sessions)
    multi = counts >= 2
    if multi.sum() < 3:
        return None
    sub = kept.subset(multi[kept.session] & np.isfinite(theta[kept.session]))
    start = np.where(np.isfinite(theta), theta, 0.0)
    lat, sigma_unit, _ = solve.fit_common_latitude(sub, float(lat_rad[0]), start, scale)
    sigma_deg = math.degrees(sigma_unit * noise)
    if not math.isfinite(sigma_deg) or sigma_deg > 2.0:
        return None
    value = math.degrees(lat)
    summary["latitude_deg"] = {
        "value": round(value, 4),
        "low": round(value - 1.96 * sigma_deg, 4),
        "high": round(value + 1.96 * sigma_deg, 4),
        "sigma": round(sigma_deg, 4),
        "used_for_times": not report_only,
    }
    return lat


SESSION_SCATTER_DEG = 0.5
"""Scatter of a session's longitude beyond its fit (clock read to the minute, model): added
in quadrature to each session's formal sigma when weighting."""


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    """The value where the cumulative weight reaches one half (sorted, midpoint rule)."""
    order = np.argsort(values)
    v, w = values[order], weights[order]
    cum = np.cumsum(w) - 0.5 * w
    return float(np.interp(0.5 * w.sum(), cum, v))


def _weighted_robust_interval(
    values: np.ndarray, sigma: np.ndarray
) -> tuple[float, float, float, float]:
    """Precision-weighted median of session longitudes and its 95 % interval.

    Weights w = 1 / (sigma^2 + 0.5^2); normalised deviations z = (x - m) sqrt(w) give the
    robust scale s = 1.4826 median |z|; the median's standard error is 1.2533 s / sqrt(sum w)
    (asymptotic efficiency of the median, Kendall & Stuart). Also returns the sessions'
    unweighted robust SD (1.4826 MAD).
    """
    sigma = np.where(np.isfinite(sigma), sigma, 1e3)
    w = 1.0 / (sigma**2 + SESSION_SCATTER_DEG**2)
    med = _weighted_median(values, w)
    z = (values - med) * np.sqrt(w)
    s = float(1.4826 * np.median(np.abs(z)))
    half = 1.96 * 1.2533 * s / math.sqrt(float(w.sum()))
    rsd = float(1.4826 * np.median(np.abs(values - np.median(values))))
    return med, med - half, med + half, rsd


def _time_errors(
    results: list[SessionResult],
    lon_prior: np.ndarray,
    options: Options,
    summary: dict[str, object],
) -> None:
    lon = np.array([r.longitude_deg for r in results])
    ok = np.isfinite(lon)
    if not ok.any():
        raise InputError(
            "no session could be reduced: each lacks a Sun, Moon or star sighting, or its "
            "sightings disagree (misread names or altitudes)"
        )
    centre = float(np.median((lon[ok] + 180.0) % 360.0 - 180.0))
    rel = (lon[ok] - centre + 180.0) % 360.0 - 180.0
    sigma = np.array([r.lst_sigma_min / 4.0 for r in results])[ok]
    med, lo, hi, rsd = _weighted_robust_interval(rel, sigma)
    med, lo, hi = (_wrap(centre + v, 360.0) for v in (med, lo, hi))
    summary["longitude_deg"] = {
        "value": round(med, 4),
        "low": round(lo, 4),
        "high": round(hi, 4),
        "session_robust_sd": round(rsd, 4),
    }
    if options.longitude_deg is not None:
        ref, ref_source = options.longitude_deg, "given"
    else:
        ref, ref_source = med, "estimated"
    err = -4.0 * ((lon[ok] - ref + 180.0) % 360.0 - 180.0)
    for r, e in zip([r for r, k in zip(results, ok, strict=True) if k], err, strict=True):
        r.time_error_min = float(e)
    emed = float(np.median(err))
    rsd_t = float(1.4826 * np.median(np.abs(err - emed)))
    limit = max(5.0 * rsd_t, 30.0)
    inl = np.abs(err - emed) <= limit
    summary["time_error_min"] = {
        "mean": round(float(np.mean(err[inl])), 3),
        "sd": round(float(np.std(err[inl], ddof=1)) if inl.sum() > 1 else 0.0, 3),
        "robust_sd": round(rsd_t, 3),
        "sd_all": round(float(np.std(err, ddof=1)) if len(err) > 1 else 0.0, 3),
        "n_outliers": int((~inl).sum()),
        "reference_longitude_deg": round(float(ref), 4),
        "reference": ref_source,
    }
    del lon_prior


def _reduce_planets(
    groups, results, theta, lat_used, ref_time, sun, noise, sky_cache, summary, places
) -> tuple[list[PlanetResult], dict, dict]:
    items: list[tuple[int, Sighting]] = [
        (i, s) for i, (_, g) in enumerate(groups) for s in g if s.kind == "planet"
    ]
    out: list[PlanetResult] = []
    fits: dict[str, orbits.OrbitFit | None] = {}
    recs: dict[str, orbits.Recurrence] = {}
    if not items:
        return out, fits, recs
    usable = [(i, s) for i, s in items if np.isfinite(theta[i]) and np.isfinite(lat_used[i])]
    for i, s in items:
        if not (np.isfinite(theta[i]) and np.isfinite(lat_used[i])):
            out.append(
                PlanetResult(
                    groups[i][0],
                    s.utc,
                    s.object,
                    root="no time: session lacks a Sun, Moon or star sighting",
                )
            )
    if not usable:
        return out, fits, recs
    idx = np.array([i for i, _ in usable])
    sig = [s for _, s in usable]
    seconds = np.array([(s.utc - ref_time[i]).total_seconds() for i, s in usable])
    lst = theta[idx] + 2 * np.pi * solve.SIDEREAL_RATE * seconds / 86400.0
    years = np.array([decimal_year(s.utc) for s in sig])
    obliquity = np.array([sky.mean_obliquity_deg(y) for y in years])
    alt = np.array([s.altitude_deg for s in sig])
    cr = crossing.ecliptic_crossings(lst, np.radians(lat_used[idx]), alt, obliquity)
    side = np.array([{"W": 1, "E": -1}.get(s.side or "", 0) for s in sig], dtype=np.int64)
    az = np.array([np.nan if s.azimuth_deg is None else s.azimuth_deg for s in sig])
    by_side = crossing.choose_by_side(cr, side)
    by_az = crossing.choose_by_azimuth(cr, az)
    fixed = np.where(by_side >= 0, by_side, by_az)
    fixed_why = np.where(by_side >= 0, "side", np.where(by_az >= 0, "azimuth", ""))
    lst_sigma_deg = np.array([results[i].lst_sigma_min / 4.0 for i in idx])
    lst_sigma_deg = np.where(np.isfinite(lst_sigma_deg), lst_sigma_deg, 10.0)
    sigma = np.sqrt((noise * cr.sensitivity) ** 2 + lst_sigma_deg**2)
    days = np.array([ut_days(s.utc) for s in sig])
    earth = np.array([sky_cache.earth(s.utc) for s in sig]).reshape(-1, 2)
    prec = np.array([planet_ephemeris.general_precession_deg(y - 2000.0) for y in years])
    sun_lon = np.degrees(np.arctan2(-earth[:, 1], -earth[:, 0])) + prec
    choice = fixed.copy()
    why = np.array(fixed_why, dtype=object)
    orbit_summary: dict[str, object] = {}
    for planet in sorted({s.object for s in sig}):
        mine = np.flatnonzero(np.array([s.object == planet for s in sig]))
        lon_pair = cr.lon_deg[mine].copy()
        fm = fixed[mine]
        lon_pair[fm >= 0] = lon_pair[fm >= 0, fm[fm >= 0]][:, None]
        inner = orbits.is_inner(lon_pair - sun_lon[mine, None])
        data = orbits.OrbitData(days[mine], lon_pair, sigma[mine], earth[mine], prec[mine])
        fit = orbits.fit_circular_orbit(data, inner)
        fits[planet] = fit
        if fit is not None:
            free = fm < 0
            choice[mine[free]] = fit.chosen_root[free]
            why[mine[free]] = "orbit fit: crossing nearer the fitted orbit"
        else:
            cont, cwhy = crossing.choose_by_continuity(days[mine], cr.lon_deg[mine], fm)
            choice[mine] = cont
            for j, w in zip(mine, cwhy, strict=True):
                if w:
                    why[j] = w
        # Sun-relative RA and Robinson's recurrence on the chosen crossings
        lam = np.radians(cr.lon_deg[mine, choice[mine]])
        ra, _ = crossing.ecliptic_to_equatorial_rad(lam, np.radians(obliquity[mine]))
        sun_ra = sun_ra_of(sig, mine, sky_cache)
        rel = (np.degrees(ra) / 15.0 - sun_ra + 12.0) % 24.0 - 12.0
        rec = orbits.recurrence_estimate(days[mine], rel, inner)
        recs[planet] = rec
        entry: dict[str, object] = {
            "inner": inner,
            "n_sightings": len(mine),
            "synodic_days": {
                "recurrence": _r(rec.synodic_days, 2),
                "recurrence_sigma": _r(rec.synodic_sigma_days, 2),
                "n_intervals": len(rec.intervals_days),
                "fit": _r(orbits.synodic_from_semi_major_axis(fit.semi_major_axis_au), 2)
                if fit
                else None,
            },
            "semi_major_axis_au": {
                "recurrence": _r(rec.semi_major_axis_au, 4),
                "recurrence_sigma": _r(rec.semi_major_axis_sigma_au, 4),
                "fit": _r(fit.semi_major_axis_au, 4) if fit else None,
                "fit_sigma": _r(fit.semi_major_axis_sigma_au, 4) if fit else None,
            },
            "eccentricity_fit": _r(fit.eccentricity, 4) if fit else None,
        }
        orbit_summary[planet] = entry
    summary["orbits"] = orbit_summary
    crossing_lon = cr.lon_deg[np.arange(len(sig)), choice]
    place_lon, notes = _combine_with_orbits(
        sig, crossing_lon, sigma, days, earth, prec, fits, places
    )
    lam = np.radians(place_lon)
    ra, dec = crossing.ecliptic_to_equatorial_rad(lam, np.radians(obliquity))
    other = cr.lon_deg[np.arange(len(sig)), 1 - choice]
    for k, (i, s) in enumerate(usable):
        root = str(why[k])
        if cr.grazing[k]:
            root += "; almucantar misses the ecliptic: nearest point"
        root += notes[k]
        sun_ra_h = sky_cache.sun(s.utc)[0]
        ra_h = float(np.degrees(ra[k]) / 15.0) % 24.0
        out.append(
            PlanetResult(
                session=groups[i][0],
                utc=s.utc,
                object=s.object,
                ra_h=ra_h,
                dec_deg=float(np.degrees(dec[k])),
                ecliptic_lon_deg=float(np.degrees(lam[k]) % 360.0),
                sun_relative_ra_h=_wrap(ra_h - sun_ra_h, 24.0),
                root=root,
                other_ecliptic_lon_deg=float(other[k]),
                crossing_ecliptic_lon_deg=float(crossing_lon[k]),
                sigma_deg=float(sigma[k]),
                days=float(days[k]),
            )
        )
    out.sort(key=lambda p: (p.utc, p.object))
    return out, fits, recs


def _combine_with_orbits(
    sig: list[Sighting],
    crossing_lon: np.ndarray,
    sigma: np.ndarray,
    days: np.ndarray,
    earth: np.ndarray,
    prec: np.ndarray,
    fits: dict[str, orbits.OrbitFit | None],
    places: str,
) -> tuple[np.ndarray, list[str]]:
    """Each sighting's place: its crossing, or (``places == 'combined'``) the crossing combined
    with the orbit fitted to the whole series, by inverse-variance weights:
    l = l_c + (l_m - l_c) s_c^2 / (s_c^2 + s_m^2), s_m = the orbit model's error (3 deg: the
    planet's latitude and eccentricity). A grazing crossing (large s_c) thus leans on the
    orbit, a sharp one keeps its own place; a crossing more than 4 combined sigma from the
    orbit (a wrong time or a misread star in that session) is kept as measured, and flagged."""
    out = crossing_lon.copy()
    notes = [""] * len(sig)
    for planet, fit in fits.items():
        if fit is None:
            continue
        mine = np.flatnonzero(np.array([s.object == planet for s in sig]))
        model = fit.geocentric_lon_deg(days[mine], earth[mine], prec[mine])
        diff = (model - crossing_lon[mine] + 180.0) % 360.0 - 180.0
        s_m = orbits.SIGMA_FLOOR_DEG
        total = np.sqrt(sigma[mine] ** 2 + s_m**2)
        for j, d, sc, tot in zip(mine, diff, sigma[mine], total, strict=True):
            if abs(d) > 4.0 * tot:
                notes[j] = f"; {abs(d):.0f} deg from the fitted orbit: check this session"
            elif places == "combined":
                weight = s_m**2 / (sc**2 + s_m**2)
                out[j] = (crossing_lon[j] + (1.0 - weight) * d) % 360.0
                notes[j] = f"; combined with the fitted orbit (sighting weight {weight:.2f})"
    return out, notes


def sun_ra_of(sig: list[Sighting], mine: np.ndarray, sky_cache: Sky) -> np.ndarray:
    """Apparent RA (h) of the Sun at each selected sighting's time."""
    return np.array([sky_cache.sun(sig[j].utc)[0] for j in mine])


def _r(value: float | None, digits: int) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(float(value), digits)
