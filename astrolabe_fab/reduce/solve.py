"""Per-session fit of the local sidereal time (and a common latitude) to measured altitudes.

Model (spherical astronomy, e.g. Smart, *Spherical Astronomy*, ch. 2): for a body of right
ascension a and declination d seen at latitude phi when the local sidereal time is T,

    sin h = sin phi sin d + cos phi cos d cos H,   H = T - a (hour angle, west positive),

then the Moon's parallax h' = h - p cos h (Meeus ch. 40, to first order) and refraction
h_app = h' + R(h') (Sæmundsson); the instrument reads h_app + z, z its zero-point (index
error), common to every reading. A session is a set of sightings; its LST at the session's
reference time is the one unknown (sightings at other clock times add 1.0027379 sidereal
seconds per second). The loss is soft-L1, rho(r) = 2c^2 (sqrt(1 + (r/c)^2) - 1), so a
misread star pulls little; the fit is minimised from every local minimum of a 2-minute grid,
so every local minimum is listed (the east/west mirror solutions in particular).

Everything is vectorised over all sessions at once (numpy), in chunks of sessions so that
memory stays bounded: the work is linear in the number of sightings.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace

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
IntArray = NDArray[np.int64]

CHUNK_ROWS = 400_000
"""Grid cells (sightings x LST steps) evaluated at once: bounds the memory of the searches."""


def group_sum(index: IntArray, values: Array, n: int) -> Array:
    """Sum of ``values`` by group ``index`` (0..n-1), as floats (``np.bincount`` with weights)."""
    return np.bincount(index, weights=values, minlength=n).astype(np.float64)


def group_count(index: IntArray, n: int) -> IntArray:
    """Number of rows in each group ``index`` (0..n-1)."""
    return np.bincount(index, minlength=n).astype(np.int64)


@dataclass
class FitData:
    """Reference sightings (Sun, Moon, stars) as flat arrays sorted by session.

    ``dtheta_rad``: sidereal angle from the session's reference time to the sighting's;
    ``side``: +1 west, -1 east, 0 unknown; ``azimuth_deg``: NaN when not measured.
    """

    session: IntArray
    ra_rad: Array
    dec_rad: Array
    altitude_deg: Array
    dtheta_rad: Array
    parallax_deg: Array
    side: IntArray
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

    def shifted(self, zero_point_deg: float) -> FitData:
        """The same data with the instrument's zero-point taken off every reading."""
        if zero_point_deg == 0.0:
            return self
        return replace(self, altitude_deg=self.altitude_deg - zero_point_deg)


@dataclass
class Candidates:
    """Local minima: candidate k belongs to session ``session[k]`` with LST ``theta_rad[k]``
    at the session's reference time and robust ``cost[k]`` (deg^2)."""

    session: IntArray
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


def session_bounds(data: FitData) -> tuple[IntArray, IntArray]:
    """First row and number of rows of every session (rows are sorted by session)."""
    counts = group_count(data.session, data.n_sessions)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    return starts, counts


def expand(sessions: IntArray, starts: IntArray, counts: IntArray) -> tuple[IntArray, IntArray]:
    """Rows of each item's session, flattened: (item index per row, data row)."""
    n = counts[sessions]
    owner = np.repeat(np.arange(len(sessions)), n)
    first = np.repeat(starts[sessions], n)
    offsets = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    return owner.astype(np.int64), (first + offsets).astype(np.int64)


def _row_chunks(data: FitData, width: int) -> list[tuple[int, int]]:
    """Row ranges [lo, hi) that hold whole sessions and about CHUNK_ROWS / width rows each."""
    n = len(data.session)
    size = max(1, CHUNK_ROWS // max(1, width))
    cuts = [0]
    while cuts[-1] < n:
        hi = min(n, cuts[-1] + size)
        if hi < n:  # move the cut to the next session boundary
            hi = int(np.searchsorted(data.session, data.session[hi - 1], side="right"))
        cuts.append(hi)
    return list(itertools.pairwise(cuts))


def _grid_cost(data: FitData, lat_rad: Array, lo: int, hi: int, grid: GridSpec) -> Array:
    """Cost of each session of rows [lo, hi) at every grid LST: (sessions in range, steps)."""
    rows = np.arange(lo, hi)
    hour = grid.theta[None, :] + (data.dtheta_rad[rows] - data.ra_rad[rows])[:, None]
    alt = apparent_altitude_deg(
        hour,
        lat_rad[data.session[rows]][:, None],
        data.dec_rad[rows][:, None],
        data.parallax_deg[rows][:, None],
    )
    rho = loss(data.altitude_deg[rows][:, None] - alt, grid.scale_deg, grid.kind)
    local = data.session[rows] - int(data.session[lo])
    starts = np.r_[0, np.flatnonzero(np.diff(local)) + 1]
    cost = np.zeros((int(local[-1]) + 1, len(grid.theta)))
    cost[local[starts]] = np.add.reduceat(rho, starts, axis=0)
    return cost


def _circle(steps: int) -> Array:
    """``steps`` equally spaced angles (rad) from 0 to 2 pi (exclusive)."""
    return (np.arange(steps) * (2.0 * np.pi / steps)).astype(np.float64)


@dataclass(frozen=True)
class GridSpec:
    """A circular LST grid and the loss evaluated on it."""

    theta: Array
    scale_deg: float
    kind: str


def grid_candidates(
    data: FitData,
    lat_rad: Array,
    scale_deg: float,
    steps: int = GRID_STEPS,
    kind: str = "soft_l1",
) -> tuple[IntArray, Array]:
    """Every local minimum of each session's cost on a circular LST grid (lowest first,
    at most MAX_CANDIDATES per session): (session, theta_rad) arrays. Sessions are taken in
    chunks, so memory stays bounded whatever the number of sightings."""
    grid = GridSpec(_circle(steps), scale_deg, kind)
    out_s: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    out_t: list[Array] = [np.zeros(0)]
    for lo, hi in _row_chunks(data, steps):
        cost = _grid_cost(data, lat_rad, lo, hi, grid)
        present = np.unique(data.session[lo:hi])
        c = cost[present - int(data.session[lo])]
        is_min = (c < np.roll(c, 1, axis=1)) & (c <= np.roll(c, -1, axis=1))
        is_min[np.arange(len(c)), np.argmin(c, axis=1)] = True
        masked = np.where(is_min, c, np.inf)
        order = np.argsort(masked, axis=1)[:, :MAX_CANDIDATES]
        ok = np.isfinite(np.take_along_axis(masked, order, axis=1))
        out_s.append(np.repeat(present, ok.sum(axis=1)).astype(np.int64))
        out_t.append(grid.theta[order[ok]])
    return np.concatenate(out_s), np.concatenate(out_t)


def _merge_duplicates(session: IntArray, theta: Array, cost: Array) -> NDArray[np.bool_]:
    """Candidates to keep: of minima closer than 1e-4 rad in one session (the same minimum
    reached from two grid points, also across 2 pi), the cheapest."""
    order = np.lexsort((theta, session))
    s, t = session[order], theta[order]
    first_in_session = np.r_[True, s[1:] != s[:-1]]
    new = first_in_session | np.r_[True, np.diff(t) >= 1e-4]
    cluster = np.cumsum(new) - 1
    last_in_session = np.r_[first_in_session[1:], True]
    first_index = np.maximum.accumulate(np.where(first_in_session, np.arange(len(t)), 0))
    wraps = last_in_session & (t[first_index] + 2.0 * np.pi - t < 1e-4)
    wraps &= cluster != cluster[first_index]
    remap = np.arange(int(cluster[-1]) + 1 if len(cluster) else 0)
    remap[cluster[wraps]] = cluster[first_index[wraps]]
    cluster = remap[cluster]
    by_cost = np.lexsort((cost[order], cluster))
    _, first = np.unique(cluster[by_cost], return_index=True)
    keep = np.zeros(len(order), dtype=bool)
    keep[order[by_cost[first]]] = True
    return keep


def refine(
    data: FitData,
    lat_rad: Array,
    cand_session: IntArray,
    cand_theta: Array,
    scale_deg: float,
    *,
    iterations: int = 30,
    kind: str = "soft_l1",
) -> Candidates:
    """Levenberg-Marquardt (IRLS for the robust loss) from each candidate, all at once.

    Step d = g / (A (1 + mu)), g = sum w a r, A = sum w a^2 with a = dh/dT (the residual's
    derivative is -a); steps that raise the cost are refused and mu grows (Marquardt 1963,
    scaled form). Duplicates (the same minimum reached from two grid points) are merged.
    """
    k = len(cand_theta)
    if k == 0:
        empty = np.zeros(0)
        return Candidates(np.zeros(0, dtype=np.int64), empty, empty, empty)
    problem = _Problem.of(data, lat_rad, cand_session, scale_deg, kind)
    theta = cand_theta.astype(np.float64)
    mu = np.full(k, 1e-3)
    r, jac, cost = problem.evaluate(theta)
    for _ in range(iterations):
        w = loss_weight(r, scale_deg, kind)
        g = group_sum(problem.owner, w * jac * r, k)
        a = group_sum(problem.owner, w * jac * jac, k)
        step = np.clip(g / (a * (1.0 + mu) + 1e-12), -0.1, 0.1)
        r_t, jac_t, cost_t = problem.evaluate(theta + step)
        better = cost_t <= cost
        theta = np.where(better, theta + step, theta)
        mu = np.where(better, mu / 3.0, mu * 4.0)
        rows_better = better[problem.owner]
        r = np.where(rows_better, r_t, r)
        jac = np.where(rows_better, jac_t, jac)
        cost = np.where(better, cost_t, cost)
        if np.all(np.abs(step) < 1e-8):  # 2e-6 s of time
            break
    curvature = group_sum(problem.owner, loss_weight(r, scale_deg, kind) * jac * jac, k)
    theta = np.mod(theta, 2.0 * np.pi)
    keep = _merge_duplicates(cand_session, theta, cost)
    return Candidates(cand_session[keep], theta[keep], cost[keep], curvature[keep])


@dataclass
class _Problem:
    """The rows of every candidate's session, ready for repeated evaluation."""

    data: FitData
    owner: IntArray
    rows: IntArray
    lat: Array
    scale_deg: float
    kind: str

    @classmethod
    def of(
        cls, data: FitData, lat_rad: Array, cand_session: IntArray, scale_deg: float, kind: str
    ) -> _Problem:
        starts, counts = session_bounds(data)
        owner, rows = expand(cand_session, starts, counts)
        return cls(data, owner, rows, lat_rad[data.session[rows]], scale_deg, kind)

    def evaluate(self, theta: Array) -> tuple[Array, Array, Array]:
        """Residuals (deg), dh/dT (deg/rad) per row and robust cost per candidate."""
        d, rows = self.data, self.rows
        hour = theta[self.owner] + d.dtheta_rad[rows] - d.ra_rad[rows]
        alt, d_dh, _ = model_altitude_deg(hour, self.lat, d.dec_rad[rows], d.parallax_deg[rows])
        r = d.altitude_deg[rows] - alt
        cost = group_sum(self.owner, loss(r, self.scale_deg, self.kind), len(theta))
        return r, d_dh, cost


def candidate_residuals(
    data: FitData, lat_rad: Array, cand_session: IntArray, cand_theta: Array
) -> tuple[IntArray, IntArray, Array]:
    """Residuals (deg) of every candidate's session rows: (candidate per row, data row, r)."""
    starts, counts = session_bounds(data)
    owner, rows = expand(cand_session, starts, counts)
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


def hour_angle_and_azimuth(hour_rad: Array, lat_rad: Array, dec_rad: Array) -> tuple[Array, Array]:
    """Hour angle wrapped into [-pi, pi) (west positive) and azimuth (deg, N = 0, E = 90).

    tan A = -cos d sin H / (sin d cos phi - cos d cos H sin phi) (Meeus ch. 13, turned from
    his south-based convention).
    """
    hour = (hour_rad + np.pi) % (2 * np.pi) - np.pi
    sd, cd = np.sin(dec_rad), np.cos(dec_rad)
    az = np.degrees(
        np.arctan2(-cd * np.sin(hour), sd * np.cos(lat_rad) - cd * np.cos(hour) * np.sin(lat_rad))
    )
    return hour, az % 360.0


@dataclass
class CommonFit:
    """Result of ``fit_common``: the latitude offset common to all sessions (rad), the
    zero-point (deg), their formal sigmas per unit of altitude noise (rad and deg per deg of
    noise), the sessions' LSTs and whether the common parameters were determined."""

    lat_rad: float
    zero_point_deg: float
    lat_sigma_unit: float
    zero_point_sigma_unit: float
    theta: Array
    ok: bool


def fit_common(
    data: FitData,
    theta_by_session: Array,
    lat_rad: Array,
    scale_deg: float,
    *,
    fit_latitude: bool = True,
    zero_point0_deg: float = 0.0,
    iterations: int = 30,
) -> CommonFit:
    """Joint robust fit of the common parameters (an offset of every session's latitude
    ``lat_rad`` when ``fit_latitude``, and the instrument's zero-point z) and every session's
    LST, from a starting point.

    Residual r = h_obs - h(T_s, phi_s + dphi) - z. Gauss-Newton on the arrow-shaped normal
    equations, solved by the Schur complement (u = (dh/dphi, 1) or (1,), a = dh/dT, weights w
    of the soft-L1 loss): D = sum w u u^T, B_s = sum_s w a u, A_s = sum_s w a^2,
    g_c = sum w u r, g_s = sum_s w a r; (D - sum B_s B_s^T / A_s) dc = g_c - sum B_s g_s / A_s
    and dT_s = (g_s - B_s . dc) / A_s. Sigmas from the diagonal of the inverse Schur matrix.
    """
    state = _CommonState(0.0, zero_point0_deg, theta_by_session.astype(np.float64), lat_rad)
    schur = np.zeros((1, 1))
    for _ in range(iterations):
        step, schur = _common_step(data, state, scale_deg, fit_latitude)
        if step is None:
            return CommonFit(state.lat, state.z, np.inf, np.inf, state.theta, False)
        if step < 1e-10:
            break
    sig = np.sqrt(np.maximum(np.diag(np.linalg.inv(schur)), 0.0))
    return CommonFit(
        state.lat,
        state.z,
        float(sig[0]) if fit_latitude else math.nan,
        float(sig[-1]),
        np.mod(state.theta, 2 * np.pi),
        True,
    )


@dataclass
class _CommonState:
    lat: float
    z: float
    theta: Array
    lat0: Array


def _common_step(
    data: FitData, state: _CommonState, scale_deg: float, fit_latitude: bool
) -> tuple[float | None, Array]:
    """One Gauss-Newton step of ``fit_common`` (updates ``state``): (largest step, Schur
    matrix), or (None, ...) when the common parameters are not determined."""
    n_s = data.n_sessions
    hour = state.theta[data.session] + data.dtheta_rad - data.ra_rad
    lat = state.lat0[data.session] + state.lat
    alt, a, b = model_altitude_deg(hour, lat, data.dec_rad, data.parallax_deg)
    r = data.altitude_deg - alt - state.z
    w = soft_l1_weight(r, scale_deg)
    u = np.stack([b, np.ones_like(b)], axis=1) if fit_latitude else np.ones((len(b), 1))
    big_a = group_sum(data.session, w * a * a, n_s) + 1e-6
    big_b = np.stack([group_sum(data.session, w * a * col, n_s) for col in u.T], axis=1)
    g_s = group_sum(data.session, w * a * r, n_s)
    d_matrix = (u * w[:, None]).T @ u
    schur = d_matrix - (big_b / big_a[:, None]).T @ big_b
    rhs = (u * (w * r)[:, None]).sum(axis=0) - (big_b * (g_s / big_a)[:, None]).sum(axis=0)
    # undetermined: the sessions' LSTs absorb the common parameters (information below 1e-6
    # of what the sightings hold), or the parameters are collinear
    if len(r) == 0 or np.any(np.diag(schur) <= 1e-6 * np.diag(d_matrix)):
        return None, schur
    if np.linalg.cond(schur) > 1e12:
        return None, schur
    dc = np.linalg.solve(schur, rhs)
    dc[-1] = float(np.clip(dc[-1], -1.0, 1.0))  # deg of zero-point
    if fit_latitude:
        dc[0] = float(np.clip(dc[0], -0.05, 0.05))  # rad of latitude
        state.lat += float(dc[0])
    state.z += float(dc[-1])
    dtheta = np.clip((g_s - big_b @ dc) / big_a, -0.05, 0.05)
    state.theta = state.theta + dtheta
    return max(float(np.max(np.abs(dc))), float(np.max(np.abs(dtheta), initial=0.0))), schur


def profile_latitude_scan(
    data: FitData, scale_deg: float, lat_grid_deg: Array | None = None, kind: str = "cauchy"
) -> tuple[Array, Array]:
    """Total robust cost, minimised over each session's LST on a coarse grid, for each trial
    latitude (a profile likelihood); used when no latitude is known at all."""
    if lat_grid_deg is None:
        lat_grid_deg = np.arange(-87.5, 87.6, 2.5)
    grid = GridSpec(_circle(360), scale_deg, kind)
    totals = np.zeros(len(lat_grid_deg))
    for i, lat_deg in enumerate(lat_grid_deg):
        lat = np.full(data.n_sessions, math.radians(float(lat_deg)))
        for lo, hi in _row_chunks(data, len(grid.theta)):
            totals[i] += float(np.sum(_grid_cost(data, lat, lo, hi, grid).min(axis=1)))
    return np.asarray(lat_grid_deg, dtype=np.float64), totals
