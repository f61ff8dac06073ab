"""Sizes of the planets' orbits from a series of their places.

Two estimators:

- ``recurrence``: Robinson's method ("Astronomy with Chaucer"): the Sun-relative right
  ascension of a planet recurs after its synodic period S; sightings are paired in 2-hour bins
  of Sun-relative RA and intervals over 200 days are kept (folded by the nearest whole number
  of periods when the data span several); then, with circular orbits and Kepler's third law,
  a = (S / (S - Y))^(2/3) AU outside the Earth's orbit, a = (S / (S + Y))^(2/3) inside it
  (from 1/S = |1/P - 1/Y| and P = a^(3/2) years, Y the sidereal year).
- ``fit`` (this project's): a robust least-squares fit of a circular heliocentric orbit in
  the ecliptic plane, whose period is tied to its radius by Kepler's third law
  (P = a^(3/2) sidereal years), to the whole series of ecliptic longitudes, with the Earth's
  true heliocentric position from the ephemeris. Each sighting keeps both ecliptic crossings
  and the nearer one is used at every iteration; residuals are weighted by each crossing's
  uncertainty and pass through a soft-L1 loss. Two parameters only (a and the longitude at the
  mid-epoch): a free eccentricity diverges for Jupiter and Saturn on three years of data, and
  a fit of the synodic period alone locks onto aliases. The start comes from a global search:
  for each trial radius every sighting's line of sight is cut with the orbit circle, the
  implied longitudes at the mid-epoch are histogrammed, and the sharpest peaks are refined.

  Limit of a three-year arc (benchmarks/bench_orbits.py, 5 windows 2012-2026 x 5 seeds, 2.6 deg
  noise): the circle reads the planet's current angular speed as its mean motion, so
  Jupiter comes out up to 6 % long near aphelion and 6 % short near perihelion even on
  noise-free places (7.6 % with noise); Saturn's bias is up to 7 %, its noise about 5 %.
  Estimators that try to see the eccentricity do worse: the loop amplitude alone (the
  Earth's parallax, r) scatters by 4-20 % for Jupiter and is distorted by Saturn's latitude
  by -35 % to +290 %; vis-viva (1/a = 2/r - v^2/GM) multiplies the error of r by four; an
  ellipse with a 0.05 prior on e cos w, e sin w stays circular and is slightly worse; a
  free ellipse scatters by tens of percent. ``fit_sigma`` therefore includes this model
  error (``circle_model_sigma_au``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import OptimizeResult, least_squares

from astrolabe_fab.astro.planets import SIDEREAL_YEAR_DAYS
from astrolabe_fab.reduce.elements import OrbitShape, heliocentric_xyz

Array = NDArray[np.float64]

MIN_INTERVAL_DAYS = 200.0
"""Robinson: pairs closer than this are the same apparition, not a recurrence."""

BIN_HOURS = 2.0
"""Robinson: width of the Sun-relative RA bins."""

INNER_RANGE_AU = (0.2, 0.92)
OUTER_RANGE_AU = (1.1, 45.0)
"""Searched radii. Orbits within 10 % of the Earth's are excluded: there a model planet rides
along with the Earth and fits any direction (a degenerate minimum, not a planet)."""

SIGMA_FLOOR_DEG = 3.0
"""Model error of a place in the fit: the planet's latitude and the eccentricity of its orbit."""


def wrap_deg(angle_deg: Array | float) -> Array:
    """Angle wrapped into [-180, 180)."""
    return (np.asarray(angle_deg, dtype=float) + 180.0) % 360.0 - 180.0


def semi_major_axis_from_synodic(synodic_days: float, inner: bool) -> float:
    """a = (S/(S-Y))^(2/3) (outer) or (S/(S+Y))^(2/3) (inner), Y the sidereal year (Kepler III)."""
    y = SIDEREAL_YEAR_DAYS
    if inner:
        return (synodic_days / (synodic_days + y)) ** (2.0 / 3.0)
    if synodic_days <= y:
        return float("nan")
    return (synodic_days / (synodic_days - y)) ** (2.0 / 3.0)


def synodic_from_semi_major_axis(a_au: float) -> float:
    """S = 1 / |1/P - 1/Y| with P = a^(3/2) Y (Kepler III), in days."""
    period = a_au**1.5 * SIDEREAL_YEAR_DAYS
    return 1.0 / abs(1.0 / period - 1.0 / SIDEREAL_YEAR_DAYS)


FAR_ELONGATION_DEG = 75.0
"""A sighting is 'far' from the Sun when both its crossings are beyond this elongation."""

FAR_MIN_COUNT, FAR_MIN_FRACTION = 3, 0.10
"""An outer planet needs at least this many (and this fraction of) far sightings."""


def is_inner(elongation_deg: Array) -> bool:
    """Inner planet unless it is seen far from the Sun: an inner planet never strays more than
    47 deg (Venus, greatest elongation) from the Sun, an outer one comes to opposition.
    ``elongation_deg`` (n, 2) holds both crossings' elongations; a sighting is 'far' only if both
    are beyond ``FAR_ELONGATION_DEG`` (75 deg: a Venus crossing that far is 28 deg off, over 4
    sigma even for a poor 6-7 deg crossing, whereas at 60 deg two noisy Venus crossings out of
    18 sufficed to make Venus 'outer'), and at least 3 and 10 % of the sightings must be far
    (an outer planet seen at night is beyond 75 deg in a third or more of its sightings: at
    least 37 % over 25 simulated three-year logs, benchmarks/bench_orbits.py)."""
    far = np.all(np.abs(wrap_deg(elongation_deg)) > FAR_ELONGATION_DEG, axis=1)
    return not (far.sum() >= max(FAR_MIN_COUNT, int(np.ceil(FAR_MIN_FRACTION * len(far)))))


@dataclass
class Recurrence:
    """Robinson's estimate: synodic period (days), its sigma, the intervals used, and a (AU)."""

    synodic_days: float
    synodic_sigma_days: float
    intervals_days: Array
    semi_major_axis_au: float
    semi_major_axis_sigma_au: float


def recurrence_estimate(days: Array, sun_relative_ra_h: Array, inner: bool) -> Recurrence:
    """Robinson's recurrence method (see module docstring). NaN when no pair qualifies.

    Intervals spanning k periods are divided by k, k = round(interval / S) iterated from the
    shortest cluster; S is the median, its sigma 1.4826 MAD / sqrt(n_eff), n_eff the smaller of
    the number of intervals and half the number of sightings (pairs share sightings).
    """
    days = np.asarray(days, dtype=float)
    bins = np.floor((np.asarray(sun_relative_ra_h) % 24.0) / BIN_HOURS).astype(int)
    intervals: list[float] = []
    for b in np.unique(bins):
        t = np.sort(days[bins == b])
        if len(t) < 2:
            continue
        diff = t[None, :] - t[:, None]
        intervals.extend(diff[np.triu_indices(len(t), 1)].tolist())
    d = np.array([x for x in intervals if x > MIN_INTERVAL_DAYS])
    nan = float("nan")
    if len(d) == 0:
        return Recurrence(nan, nan, d, nan, nan)
    s = float(np.percentile(d, 25))
    folded = d
    for _ in range(8):
        k = np.maximum(1.0, np.round(d / s))
        folded = d / k
        s_new = float(np.median(folded))
        if abs(s_new - s) < 1e-6:
            break
        s = s_new
    mad = float(np.median(np.abs(folded - s)))
    n_eff = max(1.0, min(len(folded), len(days) / 2.0))
    sigma = 1.4826 * mad / np.sqrt(n_eff)
    a = semi_major_axis_from_synodic(s, inner)
    a_hi = semi_major_axis_from_synodic(s + sigma, inner)
    a_lo = semi_major_axis_from_synodic(max(s - sigma, 1.0), inner)
    a_sigma = 0.5 * abs(a_hi - a_lo) if np.isfinite(a_hi) and np.isfinite(a_lo) else nan
    return Recurrence(s, sigma, folded, a, a_sigma)


@dataclass
class OrbitData:
    """One planet's series: UT days since J2000, both crossings' ecliptic longitudes (n, 2)
    (deg, equinox of date), their sigma (n,) deg, the Earth's heliocentric (x, y) (n, 2) in
    AU (J2000 ecliptic) and the general precession since J2000 (n,) deg."""

    days: Array
    lon_deg: Array
    sigma_deg: Array
    earth_xy: Array
    precession_deg: Array

    def subset(self, rows: NDArray[np.int64]) -> OrbitData:
        """The series' sightings ``rows``."""
        return OrbitData(
            self.days[rows],
            self.lon_deg[rows],
            self.sigma_deg[rows],
            self.earth_xy[rows],
            self.precession_deg[rows],
        )


@dataclass
class OrbitFit:
    """The fitted orbit: semi-major axis (AU) and its sigma, mean longitude at ``epoch_days``
    (deg, J2000 ecliptic), eccentricity vector (e cos w, e sin w) (zero for a circle), the
    robust cost, the number of sightings and the index of the chosen crossing. With a
    ``shape`` (``kepler_fit``) the orbit is that Kepler orbit instead, ``lon0_deg`` its mean
    longitude at ``epoch_days`` and the eccentricity vector unused."""

    semi_major_axis_au: float
    semi_major_axis_sigma_au: float
    lon0_deg: float
    epoch_days: float
    cost: float
    n: int
    chosen_root: NDArray[np.int64]
    e_cos: float = 0.0
    e_sin: float = 0.0
    shape: OrbitShape | None = None

    @property
    def eccentricity(self) -> float:
        if self.shape is not None:
            return self.shape.eccentricity
        return float(np.hypot(self.e_cos, self.e_sin))

    def heliocentric_xy(self, days: Array) -> tuple[Array, Array]:
        """Heliocentric (x, y) of the model planet (AU, J2000 ecliptic)."""
        dt_days = np.asarray(days, dtype=float) - self.epoch_days
        if self.shape is not None:
            rate = 360.0 / (self.semi_major_axis_au**1.5 * SIDEREAL_YEAR_DAYS)
            x, y, _ = heliocentric_xyz(
                self.shape, self.semi_major_axis_au, self.lon0_deg + rate * dt_days
            )
            return x, y
        return _kepler_xy(
            self.semi_major_axis_au,
            self.lon0_deg,
            self.e_cos,
            self.e_sin,
            dt_days,
        )

    def heliocentric_lon_deg(self, days: Array) -> Array:
        """Heliocentric longitude of the model planet (deg, J2000 ecliptic)."""
        x, y = self.heliocentric_xy(days)
        return np.degrees(np.arctan2(y, x))

    def geocentric_lon_deg(self, days: Array, earth_xy: Array, precession_deg: Array) -> Array:
        """Geocentric ecliptic longitude of the model planet (deg, equinox of date)."""
        x, y = self.heliocentric_xy(days)
        return np.degrees(np.arctan2(y - earth_xy[:, 1], x - earth_xy[:, 0])) + precession_deg


def _kepler_xy(
    a_au: float, lon0_deg: float, e_cos: float, e_sin: float, dt_days: Array
) -> tuple[Array, Array]:
    """Position on a Keplerian ellipse in the ecliptic plane (Meeus ch. 30, Kepler's equation
    E - e sin E = M by Newton's method): mean longitude L = L0 + n t with n = 360 deg /
    (a^(3/2) sidereal years), M = L - w, r = a (1 - e cos E), true anomaly from
    tan(v/2) = sqrt((1+e)/(1-e)) tan(E/2); heliocentric longitude v + w. e = 0: a circle."""
    rate = 2.0 * np.pi / (a_au**1.5 * SIDEREAL_YEAR_DAYS)
    mean_lon = np.radians(lon0_deg) + rate * dt_days
    e = float(np.hypot(e_cos, e_sin))
    if e < 1e-12:
        return a_au * np.cos(mean_lon), a_au * np.sin(mean_lon)
    perihelion = float(np.arctan2(e_sin, e_cos))
    mean_anomaly = mean_lon - perihelion
    ecc_anomaly = mean_anomaly.copy()
    for _ in range(8):
        ecc_anomaly -= (ecc_anomaly - e * np.sin(ecc_anomaly) - mean_anomaly) / (
            1.0 - e * np.cos(ecc_anomaly)
        )
    true_anomaly = 2.0 * np.arctan2(
        np.sqrt(1.0 + e) * np.sin(ecc_anomaly / 2.0), np.sqrt(1.0 - e) * np.cos(ecc_anomaly / 2.0)
    )
    r = a_au * (1.0 - e * np.cos(ecc_anomaly))
    return r * np.cos(true_anomaly + perihelion), r * np.sin(true_anomaly + perihelion)


def _geocentric(a_au: float, helio_lon_rad: Array, earth_xy: Array, prec_deg: Array) -> Array:
    """lambda = atan2(a sin L - yE, a cos L - xE) + precession (plane geometry)."""
    x = a_au * np.cos(helio_lon_rad) - earth_xy[:, 0]
    y = a_au * np.sin(helio_lon_rad) - earth_xy[:, 1]
    return np.degrees(np.arctan2(y, x)) + prec_deg


def trial_radii(lo: float, hi: float, span_days: float, max_phase_step_deg: float) -> Array:
    """Radii from lo to hi, spaced so that the mean motion over the span changes by at most
    ``max_phase_step_deg`` between neighbours: d(nT) = 1.5 nT da / a."""
    radii = [lo]
    while radii[-1] < hi:
        a = radii[-1]
        n_t = 360.0 / (a**1.5 * SIDEREAL_YEAR_DAYS) * max(span_days, 30.0)
        radii.append(a * (1.0 + max(min(max_phase_step_deg / (1.5 * n_t), 0.1), 1e-4)))
    return np.array(radii)


def _global_search(data: OrbitData, inner: bool, epoch: float) -> list[tuple[float, float]]:
    """Starting points (a, lon0_deg): peaks of the histogram of implied mid-epoch longitudes."""
    lo, hi = INNER_RANGE_AU if inner else OUTER_RANGE_AU
    span = float(np.ptp(data.days)) if len(data.days) else 0.0
    radii = trial_radii(lo, hi, span, 6.0)
    n_bins = 72
    lam = np.radians(data.lon_deg - data.precession_deg[:, None])  # (n, 2) J2000
    ux, uy = np.cos(lam), np.sin(lam)
    ex, ey = data.earth_xy[:, 0:1], data.earth_xy[:, 1:2]
    e_dot_u = ex * ux + ey * uy
    e2 = ex**2 + ey**2
    weight = 1.0 / (1.0 + (data.sigma_deg / 10.0) ** 2)
    dt = data.days - epoch
    scores = np.empty(len(radii))
    peaks = np.empty(len(radii))
    kernel = np.array([1.0, 2.0, 3.0, 2.0, 1.0])
    n_obs = len(dt)
    chunk = max(1, 200_000 // max(1, 4 * n_obs))
    for lo_i in range(0, len(radii), chunk):
        a = radii[lo_i : lo_i + chunk][:, None, None]  # (R, 1, 1)
        disc = e_dot_u[None] ** 2 - e2[None] + a * a  # (R, n, 2)
        ok = disc >= 0
        root = np.sqrt(np.where(ok, disc, 0.0))
        rate = 360.0 / (a**1.5 * SIDEREAL_YEAR_DAYS)
        lon0_parts, good_parts = [], []
        for sign in (1.0, -1.0):
            dist = -e_dot_u[None] + sign * root
            good = ok & (dist > 0)
            helio = np.degrees(np.arctan2(ey[None] + dist * uy[None], ex[None] + dist * ux[None]))
            lon0_parts.append(helio - rate * dt[None, :, None])
            good_parts.append(good)
        lon0_all = np.concatenate(lon0_parts, axis=2)  # (R, n, 4)
        good_all = np.concatenate(good_parts, axis=2)
        per_obs = np.maximum(good_all.sum(axis=2, keepdims=True), 1)
        w = (weight[None, :, None] / per_obs) * good_all
        bins = np.floor((lon0_all % 360.0) / (360.0 / n_bins)).astype(int) % n_bins
        r_count = bins.shape[0]
        flat = (bins + n_bins * np.arange(r_count)[:, None, None]).ravel()
        hist = np.bincount(flat, w.ravel(), minlength=r_count * n_bins).reshape(r_count, n_bins)
        smooth = sum(k * np.roll(hist, j - 2, axis=1) for j, k in enumerate(kernel))
        best = np.argmax(smooth, axis=1)
        scores[lo_i : lo_i + r_count] = smooth[np.arange(r_count), best]
        peaks[lo_i : lo_i + r_count] = (best + 0.5) * 360.0 / n_bins
    # local maxima of the score over radius, best first
    is_peak = np.r_[True, scores[1:] >= scores[:-1]] & np.r_[scores[:-1] > scores[1:], True]
    idx = np.flatnonzero(is_peak)
    idx = idx[np.argsort(-scores[idx])][:4]
    return [(float(radii[i]), float(peaks[i])) for i in idx]


ECCENTRICITY_PRIOR = 0.05
"""Prior sigma of each eccentricity component when the series spans a whole orbit (the
planets' eccentricities are below 0.1, Mercury's 0.21 aside)."""


def _fit_eccentric(
    data: OrbitData,
    circle: OrbitFit,
    sigma: Array,
    bounds_au: tuple[float, float],
    loss_scale: float,
) -> OrbitFit:
    """Refine a circular fit into an ellipse (period still tied to a by Kepler's third law)
    when the sightings span at least one orbital period, so that the eccentricity shows in
    the data (Mars over three years); a Gaussian prior of ``ECCENTRICITY_PRIOR`` on each of
    e cos w and e sin w keeps it bounded. Shorter arcs (Jupiter, Saturn) stay circular: there
    a free eccentricity diverges."""
    n = len(data.days)

    def residuals(params: Array) -> Array:
        x, y = _kepler_xy(
            float(np.exp(params[0])), params[1], params[2], params[3], data.days - circle.epoch_days
        )
        model = (
            np.degrees(np.arctan2(y - data.earth_xy[:, 1], x - data.earth_xy[:, 0]))
            + data.precession_deg
        )
        miss = wrap_deg(data.lon_deg - model[:, None])
        pick = np.argmin(np.abs(miss), axis=1)
        prior = np.array([params[2], params[3]]) / ECCENTRICITY_PRIOR
        return np.concatenate([miss[np.arange(n), pick] / sigma, prior])

    lo, hi = bounds_au
    result = least_squares(
        residuals,
        x0=[np.log(circle.semi_major_axis_au), circle.lon0_deg, 0.0, 0.0],
        bounds=([np.log(lo), -np.inf, -0.5, -0.5], [np.log(hi), np.inf, 0.5, 0.5]),
        loss="soft_l1",
        f_scale=loss_scale,
        x_scale=[0.01, 5.0, 0.02, 0.02],
    )
    r = result.fun
    w = 1.0 / np.sqrt(1.0 + (r / loss_scale) ** 2)
    s2 = float(np.sum(w[:n] * r[:n] ** 2) / max(n - 4, 1))
    try:
        cov = np.linalg.inv(result.jac.T @ (w[:, None] * result.jac)) * s2
        sigma_log_a = float(np.sqrt(max(cov[0, 0], 0.0)))
    except np.linalg.LinAlgError:
        sigma_log_a = float("inf")
    a = float(np.exp(result.x[0]))
    fit = OrbitFit(
        a,
        a * sigma_log_a,
        float(result.x[1] % 360.0),
        circle.epoch_days,
        float(result.cost),
        n,
        circle.chosen_root,
        float(result.x[2]),
        float(result.x[3]),
    )
    model = fit.geocentric_lon_deg(data.days, data.earth_xy, data.precession_deg)
    fit.chosen_root = np.argmin(np.abs(wrap_deg(data.lon_deg - model[:, None])), axis=1)
    return fit


def fit_circular_orbit(data: OrbitData, inner: bool, loss_scale: float = 1.5) -> OrbitFit | None:
    """Robust fit of (a, lon0) of a circular Kepler orbit; None with fewer than 5 sightings.
    When the sightings span a whole orbital period the circle is then refined into an ellipse
    (``_fit_eccentric``).

    Residual of sighting i: min over its two crossings of wrap(l_ij - l_model_i) / sigma_i;
    minimised with scipy's trust-region least squares (soft-L1 loss, scale ``loss_scale``).
    Uncertainty: covariance (J^T W J)^-1 s^2 with IRLS weights W of the loss and
    s^2 = sum w r^2 / (n - 2) (sigma_i are relative weights, rescaled by the scatter), and,
    for a circle on an arc shorter than its orbit, the error that the unknown eccentricity
    gives it (``circle_model_sigma_au``) added in quadrature.
    """
    n = len(data.days)
    if n < 5:
        return None
    epoch = float(np.median(data.days))
    lo, hi = INNER_RANGE_AU if inner else OUTER_RANGE_AU
    sigma = np.sqrt(data.sigma_deg**2 + SIGMA_FLOOR_DEG**2)

    def residuals(params: Array) -> Array:
        a = float(np.exp(params[0]))
        rate = 360.0 / (a**1.5 * SIDEREAL_YEAR_DAYS)
        helio = np.radians(params[1] + rate * (data.days - epoch))
        model = _geocentric(a, helio, data.earth_xy, data.precession_deg)
        miss = wrap_deg(data.lon_deg - model[:, None])
        pick = np.argmin(np.abs(miss), axis=1)
        return miss[np.arange(n), pick] / sigma

    best: OrbitFit | None = None
    for a0, lon0 in _global_search(data, inner, epoch):
        x0 = [float(np.clip(np.log(a0), np.log(lo) + 1e-9, np.log(hi) - 1e-9)), lon0]
        result = least_squares(
            residuals,
            x0=x0,
            bounds=([np.log(lo), -np.inf], [np.log(hi), np.inf]),
            loss="soft_l1",
            f_scale=loss_scale,
            x_scale=[0.01, 5.0],
        )
        if best is None or float(result.cost) < best.cost:
            best = _circle_fit(data, result, epoch, loss_scale)
    if best is None:
        return None
    span = float(np.ptp(data.days))
    if span >= best.semi_major_axis_au**1.5 * SIDEREAL_YEAR_DAYS:
        return _fit_eccentric(data, best, sigma, (lo, hi), loss_scale)
    best.semi_major_axis_sigma_au = float(
        np.hypot(
            best.semi_major_axis_sigma_au, circle_model_sigma_au(best.semi_major_axis_au, span)
        )
    )
    return best


def _circle_fit(
    data: OrbitData, result: OptimizeResult, epoch: float, loss_scale: float
) -> OrbitFit:
    """An OrbitFit from a least-squares result: covariance (J^T W J)^-1 s^2, W the soft-L1
    IRLS weights, s^2 = sum w r^2 / (n - 2); the crossing nearer the model per sighting."""
    n = len(data.days)
    r = result.fun
    w = 1.0 / np.sqrt(1.0 + (r / loss_scale) ** 2)
    jac = result.jac
    s2 = float(np.sum(w * r * r) / max(n - 2, 1))
    try:
        cov = np.linalg.inv(jac.T @ (w[:, None] * jac)) * s2
        sigma_log_a = float(np.sqrt(max(cov[0, 0], 0.0)))
    except np.linalg.LinAlgError:
        sigma_log_a = float("inf")
    a = float(np.exp(result.x[0]))
    lon0_fit = float(result.x[1] % 360.0)
    rate = 360.0 / (a**1.5 * SIDEREAL_YEAR_DAYS)
    helio = np.radians(lon0_fit + rate * (data.days - epoch))
    model = _geocentric(a, helio, data.earth_xy, data.precession_deg)
    chosen = np.argmin(np.abs(wrap_deg(data.lon_deg - model[:, None])), axis=1)
    return OrbitFit(a, a * sigma_log_a, lon0_fit, epoch, float(result.cost), n, chosen)


def circle_model_sigma_au(a_au: float, span_days: float) -> float:
    """Error of a circle's a on an arc shorter than the orbit, from the unknown eccentricity.

    The circle reads the planet's mean angular speed over the arc as its mean motion. On an
    ellipse w = n (1 + e cos v)^2 / (1 - e^2)^(3/2) (Kepler II with r = a (1 - e^2) / (1 + e
    cos v)), so Kepler III gives a_circle = a (n / w)^(2/3) = a (1 - (4/3) e cos v) to first
    order, and over an arc of width D = 2 pi span / P the mean of cos v is cos v_mid
    sin(D/2) / (D/2). With e cos v_mid ~ N(0, ``ECCENTRICITY_PRIOR``) (the prior of the ellipse
    fit) the error is sigma_a = (4/3) a ECCENTRICITY_PRIOR sin(D/2) / (D/2): 6 % of a for
    Jupiter over three years, 6.6 % for Saturn. Simulated windows show Jupiter at
    +5.5 % near aphelion and -5.9 % near perihelion from this cause alone
    (benchmarks/bench_orbits.py)."""
    half_arc = np.pi * span_days / (a_au**1.5 * SIDEREAL_YEAR_DAYS)
    shrink = float(np.sinc(half_arc / np.pi))  # sin(x)/x
    return 4.0 / 3.0 * a_au * ECCENTRICITY_PRIOR * shrink
