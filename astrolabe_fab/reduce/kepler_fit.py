"""A planet's orbit of known shape, sized and phased by the sightings: the headline orbit.

A circle fitted to a three-year arc reads the planet's current angular speed as its mean
motion, so its a is biased by the eccentricity: a_circle / a - 1 = -(4/3) e cos v to first
order, up to 6 % for Jupiter and 7 % for Saturn by where they are on their orbits
(``orbits.circle_model_sigma_au``); and a free ellipse is not determined by an arc that
short. The shape of every planet's orbit has been known for centuries, though, and does not
depend on the observer: here it is taken from the mean elements (``elements``: Standish's
J2000 table; e, the longitudes of the perihelion and the node, the inclination), and only
the orbit's size a (its period tied to a by Kepler's third law, P = a^(3/2) sidereal years)
and its phase (the mean longitude L0 at the mid-epoch) are fitted, as for the circle.

Two steps, by scipy's trust-region least squares:

1. **On the ecliptic crossings** (soft-L1 loss), from the circle's a (and 7 % either side)
   and its longitude
   turned into a mean longitude: residual min over the two crossings of wrap(l_ij - l_model)
   / sigma_i, l_model the geocentric ecliptic longitude of the model planet (heliocentric
   place by Kepler's equation minus the Earth's from the ephemeris, plus the precession).
2. **On the altitudes themselves**, from step 1 and the circle: the model planet's apparent
   altitude at each sighting's sidereal time and latitude, sin h = z . p (z the zenith, p the
   planet's geocentric direction in equatorial axes of date, its ecliptic latitude included),
   Sæmundsson's refraction, against the reading less the zero-point; sigma_i^2 = noise^2 +
   (dh/dT sigma_T)^2. This is the measurement itself: no crossing to choose, and no error
   from the assumption that the planet is on the ecliptic (Venus strays 8 deg from it near
   inferior conjunction, Saturn 2.5 deg, which moves a crossing by several degrees when the
   almucantar meets the ecliptic at a slant). Soft-L1 loss from step 1's orbit, from the
   circle's and from the lowest minima of a grid over a and L0 (``_scan``: a circle on a few
   sightings can sit in an alias); the best refined with a Cauchy loss, which redescends: a
   misread of 5-20 deg (3 of Venus's 12 sightings in one simulated log) exerts no pull.

Uncertainty: (J^T W J)^-1 s^2 with the IRLS weights W of the loss, s^2 = sum w r^2 / (n - 2),
from step 2 (no eccentricity term: the shape is known to far better than the sightings); for
series of up to ``JACKKNIFE_MAX_SIGHTINGS`` sightings, at least the delete-a-group jackknife's
(a few misreads among few sightings move the fit by more than its curvature says).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import OptimizeResult, least_squares

from astrolabe_fab.astro.planets import SIDEREAL_YEAR_DAYS
from astrolabe_fab.reduce import solve
from astrolabe_fab.reduce.elements import OrbitShape, heliocentric_xyz, mean_from_true_lon_deg
from astrolabe_fab.reduce.orbits import (
    INNER_RANGE_AU,
    OUTER_RANGE_AU,
    SIGMA_FLOOR_DEG,
    Array,
    OrbitData,
    OrbitFit,
    trial_radii,
    wrap_deg,
)
from astrolabe_fab.reduce.refraction import apparent_from_true_deg

START_SCALES = (1.0, 0.93, 1.07)
"""Starting sizes, as multiples of the circle's a (its eccentricity bias is within 7 %)."""

SCAN_SIZES = (0.6, 1.6)
SCAN_PHASE_STEP_DEG = 10.0
SCAN_LON_STEP_DEG = 6.0
SCAN_MAX_SIGHTINGS = 300
SCAN_STARTS = 3
SEARCH_MAX_SIGHTINGS = 600
JACKKNIFE_GROUPS = 10
JACKKNIFE_MAX_SIGHTINGS = 600
"""The grid search of step 2 (``_scan``): a circle fitted to few sightings can fall into
an alias (Venus at a = 0.91 AU from 13 sightings), which the altitudes tell apart."""

ALTITUDE_FLOOR_DEG = 0.5
"""Model error of an altitude (the elements' own error, aberration, light time: well under
0.2 deg), added in quadrature to the reading noise."""


@dataclass
class Altitudes:
    """A planet's sightings as measured: sidereal time (rad) and latitude (rad) of each,
    its apparent altitude less the instrument's zero-point (deg), the obliquity of date
    (deg), the reading noise (deg) and each sidereal time's sigma (rad)."""

    lst_rad: Array
    lat_rad: Array
    altitude_deg: Array
    obliquity_deg: Array
    noise_deg: float
    lst_sigma_rad: Array

    def subset(self, rows: NDArray[np.int64]) -> Altitudes:
        return Altitudes(
            self.lst_rad[rows],
            self.lat_rad[rows],
            self.altitude_deg[rows],
            self.obliquity_deg[rows],
            self.noise_deg,
            self.lst_sigma_rad[rows],
        )


@dataclass(frozen=True)
class Trial:
    """An orbit of the given shape: size (AU), mean longitude at ``epoch`` (deg)."""

    a_au: float
    lon0_deg: float
    epoch: float

    def mean_lon_deg(self, days: Array) -> Array:
        """L = L0 + n (t - epoch), n = 360 deg / (a^(3/2) sidereal years) (Kepler III)."""
        return self.lon0_deg + mean_motion_deg(self.a_au) * (days - self.epoch)


def mean_motion_deg(a_au: float) -> float:
    """Mean motion (deg/day) of an orbit of size ``a_au``: Kepler's third law."""
    return 360.0 / (a_au**1.5 * SIDEREAL_YEAR_DAYS)


def _geocentric(
    data: OrbitData, shape: OrbitShape, a_au: float, mean_lon_deg: Array
) -> tuple[Array, Array, Array]:
    """Geocentric (x, y, z) of the model planet (AU, J2000 ecliptic) at mean longitudes
    ``mean_lon_deg`` (one per sighting, or a grid of rows of them); the Earth's z is under
    1e-4 AU and left out."""
    x, y, z = heliocentric_xyz(shape, a_au, mean_lon_deg)
    return x - data.earth_xy[:, 0], y - data.earth_xy[:, 1], z


def model_lon_deg(data: OrbitData, shape: OrbitShape, trial: Trial) -> Array:
    """Geocentric ecliptic longitude (deg, equinox of date) of the model planet."""
    x, y, _ = _geocentric(data, shape, trial.a_au, trial.mean_lon_deg(data.days))
    return np.degrees(np.arctan2(y, x)) + data.precession_deg


def model_altitude_deg(
    data: OrbitData, seen: Altitudes, shape: OrbitShape, trial: Trial
) -> tuple[Array, Array]:
    """``altitude_at`` for one trial orbit."""
    return altitude_at(data, seen, shape, trial.a_au, trial.mean_lon_deg(data.days))


def altitude_at(
    data: OrbitData, seen: Altitudes, shape: OrbitShape, a_au: float, mean_lon_deg: Array
) -> tuple[Array, Array]:
    """Apparent altitude (deg) of the model planet at each sighting and its rate dh/dT
    (deg/rad): the ecliptic direction (precessed to the equinox of date by the longitude)
    turned into equatorial axes by the obliquity, sin h = z . p with the zenith
    z = (cos phi cos T, cos phi sin T, sin phi); dh/dT = (dz/dT . p) / cos h."""
    x, y, z = _geocentric(data, shape, a_au, mean_lon_deg)
    lon = np.arctan2(y, x) + np.radians(data.precession_deg)
    lat = np.arctan2(z, np.hypot(x, y))
    eps = np.radians(seen.obliquity_deg)
    px, py0, pz0 = np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)
    py, pz = py0 * np.cos(eps) - pz0 * np.sin(eps), py0 * np.sin(eps) + pz0 * np.cos(eps)
    cos_phi, t = np.cos(seen.lat_rad), seen.lst_rad
    sin_h = np.clip(
        cos_phi * np.cos(t) * px + cos_phi * np.sin(t) * py + np.sin(seen.lat_rad) * pz, -1, 1
    )
    h_deg = np.degrees(np.arcsin(sin_h))
    rate = cos_phi * (-np.sin(t) * px + np.cos(t) * py) / np.maximum(np.sqrt(1 - sin_h**2), 1e-9)
    return apparent_from_true_deg(h_deg), np.degrees(rate)


@dataclass(frozen=True)
class _Fit:
    """What every step shares: the shape, the epoch, the searched sizes and the loss scale."""

    shape: OrbitShape
    epoch: float
    bounds_au: tuple[float, float]
    loss_scale: float

    def solve(
        self, residuals: Residuals, start: tuple[float, float], loss: str = "soft_l1"
    ) -> OptimizeResult:
        """Soft-L1 least squares over (ln a, L0) from ``start`` = (a, L0)."""
        lo, hi = self.bounds_au
        a0 = float(np.clip(start[0], lo * (1 + 1e-9), hi * (1 - 1e-9)))
        return least_squares(
            residuals,
            x0=[math.log(a0), start[1]],
            bounds=([math.log(lo), -np.inf], [math.log(hi), np.inf]),
            loss=loss,
            f_scale=self.loss_scale,
            x_scale=[0.01, 5.0],
        )

    def trial(self, params: Array) -> Trial:
        return Trial(float(np.exp(params[0])), float(params[1]), self.epoch)


Residuals = Callable[[Array], Array]


def _crossing_step(data: OrbitData, fit: _Fit, starts: list[tuple[float, float]]) -> OptimizeResult:
    """Step 1: the shape fitted to the crossings, from each start (module docstring)."""
    n = len(data.days)
    sigma = np.sqrt(data.sigma_deg**2 + SIGMA_FLOOR_DEG**2)

    def residuals(params: Array) -> Array:
        miss = wrap_deg(data.lon_deg - model_lon_deg(data, fit.shape, fit.trial(params))[:, None])
        return miss[np.arange(n), np.argmin(np.abs(miss), axis=1)] / sigma

    return min((fit.solve(residuals, s) for s in starts), key=lambda r: float(r.cost))


def _start(result: OptimizeResult) -> tuple[float, float]:
    return float(np.exp(result.x[0])), float(result.x[1])


def _sample(n: int, cap: int) -> NDArray[np.int64]:
    """At most ``cap`` of ``n`` rows, evenly spread."""
    return np.unique(np.linspace(0, n - 1, min(n, cap)).astype(np.int64))


def _scan(
    data: OrbitData, seen: Altitudes, fit: _Fit, sigma: Array, a_circle: float
) -> list[tuple[float, float]]:
    """Starts for step 2 from a grid: sizes from ``SCAN_SIZES`` times the circle's (spaced
    so that the mean motion over the span moves at most ``SCAN_PHASE_STEP_DEG`` between
    neighbours) by mean longitudes every ``SCAN_LON_STEP_DEG``; the soft-L1 altitude cost on
    at most ``SCAN_MAX_SIGHTINGS`` sightings (evenly taken), best mean longitude per size;
    the ``SCAN_STARTS`` lowest local minima over size."""
    n = len(data.days)
    rows = _sample(n, SCAN_MAX_SIGHTINGS)
    sub, sub_seen = data.subset(rows), seen.subset(rows)
    lo, hi = fit.bounds_au
    span = float(np.ptp(data.days))
    radii = trial_radii(
        max(lo, SCAN_SIZES[0] * a_circle),
        min(hi, SCAN_SIZES[1] * a_circle),
        span,
        SCAN_PHASE_STEP_DEG,
    )
    lon0 = np.arange(0.0, 360.0, SCAN_LON_STEP_DEG)[:, None]
    cost, best_lon = np.empty(len(radii)), np.empty(len(radii))
    for k, a in enumerate(radii):
        mean_lon = lon0 + mean_motion_deg(float(a)) * (sub.days - fit.epoch)
        model, _ = altitude_at(sub, sub_seen, fit.shape, float(a), mean_lon)
        z = ((sub_seen.altitude_deg - model) / sigma[rows] / fit.loss_scale) ** 2
        total = np.sum(np.sqrt(1.0 + z) - 1.0, axis=1)
        cost[k], best_lon[k] = float(np.min(total)), float(lon0[int(np.argmin(total)), 0])
    is_min = np.r_[True, cost[1:] < cost[:-1]] & np.r_[cost[:-1] <= cost[1:], True]
    order = np.flatnonzero(is_min)[np.argsort(cost[is_min])][:SCAN_STARTS]
    return [(float(radii[k]), float(best_lon[k])) for k in order]


def _altitude_sigma(
    data: OrbitData, seen: Altitudes, fit: _Fit, start: tuple[float, float]
) -> Array:
    """Each altitude's sigma: the noise, the model floor and the sidereal time's sigma times
    the rate dh/dT at ``start``."""
    _, rate = model_altitude_deg(data, seen, fit.shape, Trial(*start, fit.epoch))
    return np.sqrt(seen.noise_deg**2 + ALTITUDE_FLOOR_DEG**2 + (rate * seen.lst_sigma_rad) ** 2)


def _altitude_step(
    data: OrbitData, seen: Altitudes, fit: _Fit, starts: list[tuple[float, float]], loss: str
) -> OptimizeResult:
    """Step 2 with one loss: the shape fitted to the altitudes from each start, the best."""
    sigma = _altitude_sigma(data, seen, fit, starts[0])

    def residuals(params: Array) -> Array:
        model, _ = model_altitude_deg(data, seen, fit.shape, fit.trial(params))
        return (seen.altitude_deg - model) / sigma

    return min((fit.solve(residuals, s, loss) for s in starts), key=lambda r: float(r.cost))


def fit_known_shape(
    data: OrbitData,
    seen: Altitudes | None,
    shape: OrbitShape,
    circle: OrbitFit,
    inner: bool,
) -> OrbitFit:
    """a and L0 of the orbit of ``shape`` (module docstring). The starts are searched on at
    most ``SEARCH_MAX_SIGHTINGS`` sightings (a class's pooled logs hold thousands of each
    planet); the last fit takes them all."""
    fit = _Fit(shape, circle.epoch_days, INNER_RANGE_AU if inner else OUTER_RANGE_AU, 1.5)
    rows = _sample(len(data.days), SEARCH_MAX_SIGHTINGS)
    sub = data.subset(rows)
    circle_start = (circle.semi_major_axis_au, mean_from_true_lon_deg(shape, circle.lon0_deg))
    scaled = [(circle_start[0] * k, circle_start[1]) for k in START_SCALES]
    crossing = _start(_crossing_step(sub, fit, scaled))
    if seen is None:
        return _result(data, fit, _crossing_step(data, fit, [crossing]), "soft_l1")
    sub_seen = seen.subset(rows)
    starts = [crossing, circle_start]
    sigma = _altitude_sigma(sub, sub_seen, fit, crossing)
    starts += _scan(sub, sub_seen, fit, sigma, circle_start[0])
    soft = _start(_altitude_step(sub, sub_seen, fit, starts, "soft_l1"))
    found = _result(data, fit, _altitude_step(data, seen, fit, [soft], "cauchy"), "cauchy")
    if len(data.days) <= JACKKNIFE_MAX_SIGHTINGS:
        best = (found.semi_major_axis_au, found.lon0_deg)
        jack = found.semi_major_axis_au * _jackknife_sigma_log_a(data, seen, fit, best)
        found.semi_major_axis_sigma_au = max(found.semi_major_axis_sigma_au, jack)
    return found


def _jackknife_sigma_log_a(
    data: OrbitData, seen: Altitudes, fit: _Fit, best: tuple[float, float]
) -> float:
    """Delete-a-group jackknife of ln a (Efron and Tibshirani, *An Introduction to the
    Bootstrap*, 1993, ch. 11): the sightings dealt in time order into g groups, the fit made
    again without each group from the best fit, var = (g - 1) / g sum (ln a_k - mean)^2.
    A few misreads among a few sightings (a log's 12 Venus sightings, 3 misread) move the
    fit by far more than its curvature says; the jackknife sees them."""
    n = len(data.days)
    groups = min(JACKKNIFE_GROUPS, n)
    owner = np.arange(n) % groups
    values = []
    for k in range(groups):
        keep = np.flatnonzero(owner != k)
        part = _altitude_step(data.subset(keep), seen.subset(keep), fit, [best], "cauchy")
        values.append(float(part.x[0]))
    v = np.array(values)
    return math.sqrt((groups - 1) / groups * float(np.sum((v - v.mean()) ** 2)))


def _result(data: OrbitData, fit: _Fit, result: OptimizeResult, loss: str) -> OrbitFit:
    """The OrbitFit of a least-squares result: covariance (J^T W J)^-1 s^2, W the loss's
    IRLS weights, s^2 = sum w r^2 / (n - 2); the crossing nearer the model per sighting."""
    n = len(data.days)
    r = result.fun
    w = solve.loss_weight(r, fit.loss_scale, loss)
    s2 = float(np.sum(w * r * r) / max(n - 2, 1))
    try:
        cov = np.linalg.inv(result.jac.T @ (w[:, None] * result.jac)) * s2
        sigma_log_a = float(np.sqrt(max(cov[0, 0], 0.0)))
    except np.linalg.LinAlgError:
        sigma_log_a = float("inf")
    trial = fit.trial(result.x)
    miss = wrap_deg(data.lon_deg - model_lon_deg(data, fit.shape, trial)[:, None])
    chosen = np.argmin(np.abs(miss), axis=1).astype(np.int64)
    a = trial.a_au
    return OrbitFit(
        a,
        a * sigma_log_a,
        trial.lon0_deg % 360.0,
        fit.epoch,
        float(result.cost),
        n,
        chosen,
        shape=fit.shape,
    )
