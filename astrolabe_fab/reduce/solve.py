"""Per-session fit of the local sidereal time (and a common latitude) to measured altitudes.

Model (spherical astronomy, e.g. Smart, *Spherical Astronomy*, ch. 2): for a body of right
ascension a and declination d seen at latitude phi when the local sidereal time is T,

    sin h = sin phi sin d + cos phi cos d cos H,   H = T - a (hour angle, west positive),

then the Moon's parallax h' = h - p cos h (Meeus ch. 40, to first order) and refraction
h_app = h' + R(h') (Sæmundsson). A session is a set of sightings; its LST at the session's
reference time is the one unknown (sightings at other clock times add 1.0027379 sidereal
seconds per second). The loss is soft-L1, rho(r) = 2c^2 (sqrt(1 + (r/c)^2) - 1), so a
misread star pulls little; the fit is minimised from every local minimum of a 2-minute grid,
so every local minimum is listed (the east/west mirror solutions in particular).

Everything is vectorised over all sessions at once (numpy): 773 sessions fit in a few
hundredths of a second.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from astrolabe_fab.reduce.refraction import apparent_from_true_deg, refraction_slope

SIDEREAL_RATE = 1.00273790935
"""Sidereal seconds per UT second (IAU 1982 GMST rate, Aoki et al. 1982)."""

GRID_STEPS = 480
"""LST grid of the global search: 3 minutes of time (0.75 deg) per step; minima closer than
that (a body near the meridian) are found by seeding beside each refined minimum."""

MAX_CANDIDATES = 8
"""Local minima kept per session (lowest cost first)."""

Array = NDArray[np.float64]


@dataclass
class FitData:
    """Reference sightings (Sun, Moon, stars) as flat arrays sorted by session.

    ``dtheta_rad``: sidereal angle from the session's reference time to the sighting's;
    ``side``: +1 west, -1 east, 0 unknown; ``azimuth_deg``: NaN when not measured.
    """

    session: NDArray[np.int64]
    ra_rad: Array
    dec_rad: Array
    altitude_deg: Array
    dtheta_rad: Array
    parallax_deg: Array
    side: NDArray[np.int64]
    azimuth_deg: Array
    n_sessions: int

    def subset(self, keep: NDArray[np.bool_]) -> FitData:
        """The same data without the rows where ``keep`` is False."""
        return FitData(
            session=self.session[keep],
            ra_rad=self.ra_rad[keep],
            dec_rad=self.dec_rad[keep],
            altitude_deg=self.altitude_deg[keep],
            dtheta_rad=self.dtheta_rad[keep],
            parallax_deg=self.parallax_deg[keep],
            side=self.side[keep],
            azimuth_deg=self.azimuth_deg[keep],
            n_sessions=self.n_sessions,
        )


@dataclass
class Candidates:
    """Local minima: candidate k belongs to session ``session[k]`` with LST ``theta_rad[k]``
    at the session's reference time and robust ``cost[k]`` (deg^2)."""

    session: NDArray[np.int64]
    theta_rad: Array
    cost: Array
    curvature: Array  # sum of w (dh/dtheta)^2 at the minimum, deg^2/rad^2


def soft_l1(residual_deg: Array, scale_deg: float) -> Array:
    """Soft-L1 loss 2c^2 (sqrt(1 + (r/c)^2) - 1): r^2 for |r| << c, 2c|r| for |r| >> c."""
    z = (residual_deg / scale_deg) ** 2
    return 2.0 * scale_deg**2 * (np.sqrt(1.0 + z) - 1.0)


def soft_l1_weight(residual_deg: Array, scale_deg: float) -> Array:
    """IRLS weight of the soft-L1 loss: rho'(r) / (2r) = 1 / sqrt(1 + (r/c)^2)."""
    return 1.0 / np.sqrt(1.0 + (residual_deg / scale_deg) ** 2)


def loss(residual_deg: Array, scale_deg: float, kind: str = "soft_l1") -> Array:
    """Soft-L1 (see ``soft_l1``) or Cauchy c^2 ln(1 + (r/c)^2), which redescends: a gross
    outlier exerts no pull, so the minima of the good sightings survive (for the search)."""
    if kind == "cauchy":
        return scale_deg**2 * np.log1p((residual_deg / scale_deg) ** 2)
    return soft_l1(residual_deg, scale_deg)


def loss_weight(residual_deg: Array, scale_deg: float, kind: str = "soft_l1") -> Array:
    """IRLS weight rho'(r) / (2r): 1/sqrt(1 + z) (soft-L1) or 1/(1 + z) (Cauchy), z = (r/c)^2."""
    if kind == "cauchy":
        return 1.0 / (1.0 + (residual_deg / scale_deg) ** 2)
    return soft_l1_weight(residual_deg, scale_deg)


def apparent_altitude_deg(
    hour_angle_rad: Array, lat_rad: Array, dec_rad: Array, parallax_deg: Array
) -> Array:
    """Apparent altitude (deg) alone: the model of ``model_altitude_deg`` without derivatives."""
    sin_h = np.sin(lat_rad) * np.sin(dec_rad) + np.cos(lat_rad) * np.cos(dec_rad) * np.cos(
        hour_angle_rad
    )
    h_rad = np.arcsin(np.clip(sin_h, -1.0, 1.0))
    return apparent_from_true_deg(np.degrees(h_rad) - parallax_deg * np.cos(h_rad))


def model_altitude_deg(
    hour_angle_rad: Array, lat_rad: Array, dec_rad: Array, parallax_deg: Array
) -> tuple[Array, Array, Array]:
    """Apparent altitude (deg) and its derivatives d/dH and d/dphi (deg per rad).

    sin h = sin phi sin d + cos phi cos d cos H; dh/dH = -cos phi cos d sin H / cos h;
    dh/dphi = (cos phi sin d - sin phi cos d cos H) / cos h; parallax h' = h - p cos h,
    dh'/dh = 1 + p sin h (p in rad); refraction slope by differentiation of Sæmundsson.
    """
    sp, cp = np.sin(lat_rad), np.cos(lat_rad)
    sd, cd = np.sin(dec_rad), np.cos(dec_rad)
    ch = np.cos(hour_angle_rad)
    sin_h = np.clip(sp * sd + cp * cd * ch, -1.0, 1.0)
    h_rad = np.arcsin(sin_h)
    cos_h = np.maximum(np.cos(h_rad), 1e-9)
    dh_dha = -cp * cd * np.sin(hour_angle_rad) / cos_h
    dh_dphi = (cp * sd - sp * cd * ch) / cos_h
    h_deg = np.degrees(h_rad)
    topo_deg = h_deg - parallax_deg * cos_h
    scale = (1.0 + np.radians(parallax_deg) * sin_h) * refraction_slope(topo_deg)
    apparent = apparent_from_true_deg(topo_deg)
    return apparent, np.degrees(dh_dha) * scale, np.degrees(dh_dphi) * scale


def hour_angle_rad(theta_rad: Array, data: FitData, rows: NDArray[np.int64]) -> Array:
    """H = T + dT - a for the given rows (theta already expanded to those rows)."""
    return theta_rad + data.dtheta_rad[rows] - data.ra_rad[rows]


def _session_bounds(data: FitData) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    counts = np.bincount(data.session, minlength=data.n_sessions)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    return starts.astype(np.int64), counts.astype(np.int64)


def _sum_by_session(
    values: Array, sessions_sorted: NDArray[np.int64]
) -> tuple[NDArray[np.int64], Array]:
    """Row sums grouped by (sorted) session: (the sessions present, their summed rows)."""
    change = np.flatnonzero(np.diff(sessions_sorted)) + 1
    starts = np.concatenate([[0], change])
    return sessions_sorted[starts], np.add.reduceat(values, starts, axis=0)


def _expand(
    sessions: NDArray[np.int64], starts: NDArray[np.int64], counts: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Rows of each item's session, flattened: (item index per row, data row)."""
    n = counts[sessions]
    owner = np.repeat(np.arange(len(sessions)), n)
    first = np.repeat(starts[sessions], n)
    offsets = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    return owner, first + offsets


def grid_candidates(
    data: FitData,
    lat_rad: Array,
    scale_deg: float,
    steps: int = GRID_STEPS,
    kind: str = "soft_l1",
) -> tuple[NDArray[np.int64], Array]:
    """Every local minimum of each session's cost on a circular LST grid (lowest first,
    at most MAX_CANDIDATES per session): (session, theta_rad) arrays."""
    theta = np.arange(steps) * (2.0 * np.pi / steps)
    sessions_present = np.unique(data.session)
    if len(sessions_present) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    out_s: list[NDArray[np.int64]] = []
    out_t: list[Array] = []
    chunk = max(1, 400_000 // steps)
    n = len(data.session)
    cost = np.zeros((data.n_sessions, steps))
    for lo in range(0, n, chunk):
        rows = np.arange(lo, min(n, lo + chunk))
        hour = theta[None, :] + (data.dtheta_rad[rows] - data.ra_rad[rows])[:, None]
        alt = apparent_altitude_deg(
            hour,
            lat_rad[data.session[rows]][:, None],
            data.dec_rad[rows][:, None],
            data.parallax_deg[rows][:, None],
        )
        rho = loss(data.altitude_deg[rows][:, None] - alt, scale_deg, kind)
        present, sums = _sum_by_session(rho, data.session[rows])
        cost[present] += sums
    c = cost[sessions_present]
    left, right = np.roll(c, 1, axis=1), np.roll(c, -1, axis=1)
    is_min = (c < left) & (c <= right)
    is_min[np.arange(len(c)), np.argmin(c, axis=1)] = True
    masked = np.where(is_min, c, np.inf)
    order = np.argsort(masked, axis=1)[:, :MAX_CANDIDATES]
    for k, s in enumerate(sessions_present):
        picks = order[k][np.isfinite(masked[k, order[k]])]
        out_s.append(np.full(len(picks), s, dtype=np.int64))
        out_t.append(theta[picks])
    return np.concatenate(out_s), np.concatenate(out_t)


def refine(
    data: FitData,
    lat_rad: Array,
    cand_session: NDArray[np.int64],
    cand_theta: Array,
    scale_deg: float,
    iterations: int = 30,
    kind: str = "soft_l1",
) -> Candidates:
    """Levenberg-Marquardt (IRLS for the soft-L1 loss) from each candidate, all at once.

    Step d = -g / (A (1 + mu)), g = sum w J r, A = sum w J^2 with J = -dh/dT; steps that raise
    the cost are refused and mu grows (Marquardt 1963, scaled form). Duplicates (the same
    minimum reached from two grid points) are merged.
    """
    if len(cand_session) == 0:
        empty = np.zeros(0)
        return Candidates(np.zeros(0, dtype=np.int64), empty, empty, empty)
    starts, counts = _session_bounds(data)
    owner, rows = _expand(cand_session, starts, counts)
    lat_rows = lat_rad[data.session[rows]]
    dec_rows, par_rows, obs_rows = (
        data.dec_rad[rows],
        data.parallax_deg[rows],
        data.altitude_deg[rows],
    )
    k = len(cand_theta)

    def evaluate(theta: Array) -> tuple[Array, Array, Array]:
        hour = theta[owner] + data.dtheta_rad[rows] - data.ra_rad[rows]
        alt, d_dh, _ = model_altitude_deg(hour, lat_rows, dec_rows, par_rows)
        r = obs_rows - alt
        cost = np.bincount(owner, loss(r, scale_deg, kind), minlength=k)
        return r, d_dh, cost

    theta = cand_theta.astype(float).copy()
    mu = np.full(k, 1e-3)
    r, jac, cost = evaluate(theta)
    for _ in range(iterations):
        w = loss_weight(r, scale_deg, kind)
        g = np.bincount(owner, w * jac * r, minlength=k)  # J = -jac, so -g_true = +this
        a = np.bincount(owner, w * jac * jac, minlength=k)
        step = np.clip(g / (a * (1.0 + mu) + 1e-12), -0.1, 0.1)
        trial = theta + step
        r_t, jac_t, cost_t = evaluate(trial)
        better = cost_t <= cost
        theta = np.where(better, trial, theta)
        mu = np.where(better, mu / 3.0, mu * 4.0)
        rb = better[owner]
        r = np.where(rb, r_t, r)
        jac = np.where(rb, jac_t, jac)
        cost = np.where(better, cost_t, cost)
        if np.all(np.abs(step) < 1e-8):  # 2e-6 s of time
            break
    w = loss_weight(r, scale_deg, kind)
    curvature = np.bincount(owner, w * jac * jac, minlength=k)
    theta = np.mod(theta, 2.0 * np.pi)
    # merge duplicates (the same minimum reached from two grid points): keep the cheaper
    keep = np.zeros(k, dtype=bool)
    kept: dict[int, list[float]] = {}
    for i in np.lexsort((cost, cand_session)):
        others = kept.setdefault(int(cand_session[i]), [])
        if all(abs((theta[i] - t + np.pi) % (2 * np.pi) - np.pi) >= 1e-4 for t in others):
            others.append(float(theta[i]))
            keep[i] = True
    return Candidates(cand_session[keep], theta[keep], cost[keep], curvature[keep])


def candidate_residuals(
    data: FitData, lat_rad: Array, cand_session: NDArray[np.int64], cand_theta: Array
) -> tuple[NDArray[np.int64], NDArray[np.int64], Array]:
    """Residuals (deg) of every candidate's session rows: (candidate per row, data row, r)."""
    starts, counts = _session_bounds(data)
    owner, rows = _expand(cand_session, starts, counts)
    hour = cand_theta[owner] + data.dtheta_rad[rows] - data.ra_rad[rows]
    alt = apparent_altitude_deg(
        hour, lat_rad[data.session[rows]], data.dec_rad[rows], data.parallax_deg[rows]
    )
    return owner, rows, data.altitude_deg[rows] - alt


def residuals_at(data: FitData, lat_rad: Array, theta_by_session: Array) -> tuple[Array, Array]:
    """Residuals (observed - model, deg) and dh/dT (deg/rad) of every row at given LSTs."""
    hour = theta_by_session[data.session] + data.dtheta_rad - data.ra_rad
    alt, d_dh, _ = model_altitude_deg(hour, lat_rad[data.session], data.dec_rad, data.parallax_deg)
    return data.altitude_deg - alt, d_dh


def predicted_hour_angle_and_azimuth(
    data: FitData, lat_rad: Array, theta_by_session: Array
) -> tuple[Array, Array]:
    """Hour angle (rad, in (-pi, pi], west positive) and azimuth (deg, N = 0, E = 90) of rows.

    Azimuth from north through east: tan A = -cos d sin H / (sin d cos phi - cos d cos H sin phi)
    (Meeus ch. 13, turned from his south-based convention).
    """
    hour = theta_by_session[data.session] + data.dtheta_rad - data.ra_rad
    hour = (hour + np.pi) % (2 * np.pi) - np.pi
    lat = lat_rad[data.session]
    sd, cd = np.sin(data.dec_rad), np.cos(data.dec_rad)
    az = np.degrees(
        np.arctan2(-cd * np.sin(hour), sd * np.cos(lat) - cd * np.cos(hour) * np.sin(lat))
    )
    return hour, az % 360.0


def fit_common_latitude(
    data: FitData,
    lat0_rad: float,
    theta_by_session: Array,
    scale_deg: float,
    iterations: int = 30,
) -> tuple[float, float, Array]:
    """Joint robust fit of one latitude and every session's LST, from a starting point.

    Gauss-Newton on the arrow-shaped normal equations, solved by the Schur complement:
    per session A_s = sum w a^2, B_s = sum w a b, g_s = sum w a r (a = dh/dT, b = dh/dphi);
    (D - sum B_s^2/A_s) dphi = g_phi - sum B_s g_s / A_s, dT_s = (g_s - B_s dphi) / A_s.
    Returns (latitude_rad, its formal sigma per unit weight (rad per deg of residual), LSTs).
    """
    n_s = data.n_sessions
    lat = float(lat0_rad)
    theta = theta_by_session.copy()
    info = 0.0
    for _ in range(iterations):
        hour = theta[data.session] + data.dtheta_rad - data.ra_rad
        alt, a, b = model_altitude_deg(
            hour, np.full(len(hour), lat), data.dec_rad, data.parallax_deg
        )
        r = data.altitude_deg - alt
        w = soft_l1_weight(r, scale_deg)
        big_a = np.bincount(data.session, w * a * a, minlength=n_s) + 1e-6
        big_b = np.bincount(data.session, w * a * b, minlength=n_s)
        g_s = np.bincount(data.session, w * a * r, minlength=n_s)
        d = float(np.sum(w * b * b))
        g_phi = float(np.sum(w * b * r))
        info = d - float(np.sum(big_b**2 / big_a))
        if info <= 1e-9:
            return lat, float("inf"), theta
        dphi = (g_phi - float(np.sum(big_b * g_s / big_a))) / info
        dphi = float(np.clip(dphi, -0.05, 0.05))
        dtheta = np.clip((g_s - big_b * dphi) / big_a, -0.05, 0.05)
        lat = float(np.clip(lat + dphi, -np.pi / 2 + 1e-3, np.pi / 2 - 1e-3))
        theta = theta + dtheta
        if abs(dphi) < 1e-10 and np.all(np.abs(dtheta) < 1e-10):
            break
    return lat, 1.0 / np.sqrt(info), np.mod(theta, 2 * np.pi)


def profile_latitude_scan(
    data: FitData, scale_deg: float, lat_grid_deg: Array | None = None, kind: str = "cauchy"
) -> tuple[Array, Array]:
    """Total robust cost, minimised over each session's LST on a coarse grid, for each trial
    latitude (a profile likelihood); used when no latitude is known at all."""
    if lat_grid_deg is None:
        lat_grid_deg = np.arange(-87.5, 87.6, 2.5)
    steps = 360
    theta = np.arange(steps) * (2.0 * np.pi / steps)
    hour = theta[None, :] + (data.dtheta_rad - data.ra_rad)[:, None]
    totals = np.empty(len(lat_grid_deg))
    for i, lat_deg in enumerate(lat_grid_deg):
        alt = apparent_altitude_deg(
            hour, np.radians(lat_deg), data.dec_rad[:, None], data.parallax_deg[:, None]
        )
        rho = loss(data.altitude_deg[:, None] - alt, scale_deg, kind)
        _, sums = _sum_by_session(rho, data.session)
        totals[i] = float(np.sum(sums.min(axis=1)))
    return np.asarray(lat_grid_deg, dtype=float), totals
