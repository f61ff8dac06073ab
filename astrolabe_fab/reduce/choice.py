"""Choosing each session's root among the minima of its fit, all sessions at once.

Order of the votes (see ``roots``): the data (most sightings within 3 sigma, then a cost
within 4 sigma^2 of the best, 16 sigma^2 for a minimum near the clock: the 'equally good'
minima); then the clock, if it lies within
``CLOCK_TRUST_DEG`` of the nearest equally good minimum and less than half as far from it as
from the next; else the side column, then the azimuth column; then the minimum nearest the
clock; then the lowest cost. A side/azimuth column that disagrees with a trusted clock is
overruled, and said so in ``resolved_by``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from astrolabe_fab.reduce import solve
from astrolabe_fab.reduce.clock import wrap
from astrolabe_fab.reduce.solve import Array, IntArray

CLOCK_TRUST_DEG = 45.0
"""A clock farther than this (3 h of time) from every equally good minimum cannot choose
between them: the timestamp itself is wrong, and a side or azimuth column decides."""

CLOCK_CHI2 = 16.0
"""A minimum within CLOCK_TRUST_DEG of the clock stays a contender while its cost exceeds the
best by less than this many noise variances (4 sigma; others: 4 variances, 2 sigma): a
wrong timestamp is rarer than a 3-sigma reading, so a mirror setting hours from the clock
must fit much better to beat the setting the clock points at."""

AZIMUTH_TIE_DEG = 20.0
"""Minima whose predicted azimuths are within this of the best agree with the column."""

Labels = NDArray[np.object_]


@dataclass
class Scores:
    """Per candidate: sightings within the limit, and the truncated cost sum min(r^2, L^2)."""

    inliers: Array
    tcost: Array


@dataclass
class Votes:
    """What chooses: each candidate's implied longitude (deg), each session's clock longitude
    (the site's, NaN when unknown), optional scores, and the altitude noise (deg)."""

    longitude_deg: Array
    clock_lon_deg: Array
    scores: Scores | None = None
    noise_deg: float = 1.0


@dataclass
class Picked:
    """Per session: chosen LST (rad, NaN if none), chosen candidate (-1 if none), number of
    equally good minima, how the choice was made, the gap (h) to the nearest other equally
    good minimum (NaN if none) and the clock's distance (deg) from the chosen minimum."""

    theta: Array
    index: IntArray
    n_good: IntArray
    resolved_by: Labels
    root_gap_h: Array
    clock_miss_deg: Array

    @property
    def ambiguous(self) -> NDArray[np.bool_]:
        """The sightings alone allowed several settings of the rete."""
        return self.n_good > 1


def candidate_scores(
    data: solve.FitData, lat_rad: Array, cands: solve.Candidates, limit_deg: float
) -> Scores:
    """Per candidate: sightings within ``limit_deg`` and the truncated cost."""
    owner, _, r = solve.candidate_residuals(data, lat_rad, cands.session, cands.theta_rad)
    k = len(cands.session)
    inside = (np.abs(r) <= limit_deg).astype(np.float64)
    return Scores(
        solve.group_sum(owner, inside, k),
        solve.group_sum(owner, np.minimum(r * r, limit_deg**2), k),
    )


def _group_min(group: IntArray, values: Array, n: int) -> Array:
    out = np.full(n, np.inf)
    np.minimum.at(out, group, values)
    return out


def equally_good(cands: solve.Candidates, votes: Votes, n_s: int) -> NDArray[np.bool_]:
    """Candidates the data cannot tell apart: most inliers, then cost within 4 sigma^2."""
    s = cands.session
    score = cands.cost if votes.scores is None else votes.scores.tcost
    top = np.ones(len(s), dtype=bool)
    if votes.scores is not None:
        most = np.full(n_s, -1.0)
        np.maximum.at(most, s, votes.scores.inliers)
        top = votes.scores.inliers == most[s]
    best = _group_min(s[top], score[top], n_s)
    variance = max(votes.noise_deg, 0.05) ** 2
    miss = np.abs(wrap(votes.longitude_deg - votes.clock_lon_deg[s], 360.0))
    on_clock = np.isfinite(miss) & (miss <= CLOCK_TRUST_DEG)
    delta = np.where(on_clock, CLOCK_CHI2 * variance, 4.0 * variance)
    return top & (score <= best[s] + delta)


def _column_misses(
    data: solve.FitData, lat_rad: Array, session: IntArray, theta: Array
) -> tuple[Array, Array]:
    """Per candidate: sightings on the wrong side of the meridian by the side column, and the
    mean azimuth miss (deg; NaN without azimuths)."""
    starts, counts = solve.session_bounds(data)
    owner, rows = solve.expand(session, starts, counts)
    hour = theta[owner] + data.dtheta_rad[rows] - data.ra_rad[rows]
    ha, az = solve.hour_angle_and_azimuth(hour, lat_rad[data.session[rows]], data.dec_rad[rows])
    side = data.side[rows]
    wrong = ((side != 0) & (np.sign(ha) != side)).astype(np.float64)
    k = len(session)
    measured = data.azimuth_deg[rows]
    has = np.isfinite(measured)
    miss = np.where(has, np.abs(wrap(az - np.where(has, measured, 0.0), 360.0)), 0.0)
    n_az = solve.group_sum(owner, has.astype(np.float64), k)
    az_err = np.where(n_az > 0, solve.group_sum(owner, miss, k) / np.maximum(n_az, 1), np.nan)
    return solve.group_sum(owner, wrong, k), az_err


@dataclass
class _Good:
    """The equally good candidates (indices into the candidates) and their votes."""

    idx: IntArray
    session: IntArray
    miss: Array
    side_ok: NDArray[np.bool_]
    az_ok: NDArray[np.bool_]
    score: Array


def _good(data: solve.FitData, cands: solve.Candidates, lat_rad: Array, votes: Votes) -> _Good:
    n_s = data.n_sessions
    idx = np.flatnonzero(equally_good(cands, votes, n_s)).astype(np.int64)
    sg = cands.session[idx]
    miss = np.abs(wrap(votes.longitude_deg[idx] - votes.clock_lon_deg[sg], 360.0))
    side_bad, az_err = _column_misses(data, lat_rad, sg, cands.theta_rad[idx])
    az_best = _group_min(sg, np.where(np.isfinite(az_err), az_err, np.inf), n_s)
    score = cands.cost if votes.scores is None else votes.scores.tcost
    return _Good(
        idx=idx,
        session=sg,
        miss=np.where(np.isfinite(miss), miss, np.inf),
        side_ok=side_bad == _group_min(sg, side_bad, n_s)[sg],
        az_ok=~(az_err > az_best[sg] + AZIMUTH_TIE_DEG),
        score=score[idx],
    )


def _first_per_session(session: IntArray, keys: tuple[Array, ...]) -> IntArray:
    """Position (into ``session``) of the lexicographically smallest keys of each session."""
    order = np.lexsort((*reversed(keys), session))
    starts = np.r_[True, session[order][1:] != session[order][:-1]]
    return order[starts].astype(np.int64)


def pick(data: solve.FitData, cands: solve.Candidates, lat_rad: Array, votes: Votes) -> Picked:
    """Each session's root by the votes in the order of the module docstring."""
    n_s = data.n_sessions
    g = _good(data, cands, lat_rad, votes)
    n_good = solve.group_count(g.session, n_s)
    nearest = _group_min(g.session, g.miss, n_s)
    is_nearest = g.miss == nearest[g.session]
    second = _group_min(g.session, np.where(is_nearest, np.inf, g.miss), n_s)
    second = np.where(solve.group_count(g.session[is_nearest], n_s) > 1, nearest, second)
    clock_ok = np.isfinite(nearest) & (nearest <= CLOCK_TRUST_DEG) & (nearest < 0.5 * second)
    primary = np.where(clock_ok[g.session], 0, 2 * (~g.side_ok) + (~g.az_ok)).astype(float)
    secondary = np.where(np.isfinite(g.miss), g.miss, g.score)
    first = _first_per_session(g.session, (primary, secondary))
    chosen_s = g.session[first]
    index = np.full(n_s, -1, dtype=np.int64)
    index[chosen_s] = g.idx[first]
    theta = np.full(n_s, np.nan)
    theta[chosen_s] = cands.theta_rad[g.idx[first]]
    clock_miss = np.full(n_s, np.nan)
    clock_miss[chosen_s] = g.miss[first]
    gap = np.abs(wrap(cands.theta_rad[g.idx] - theta[g.session], 2 * np.pi))
    gap = np.where(g.idx == index[g.session], np.inf, gap)
    gap_h = np.degrees(_group_min(g.session, gap, n_s)) / 15.0
    return Picked(
        theta=theta,
        index=index,
        n_good=n_good,
        resolved_by=_reasons(g, first, n_good, clock_ok),
        root_gap_h=np.where(np.isfinite(gap_h), gap_h, np.nan),
        clock_miss_deg=np.where(np.isfinite(clock_miss), clock_miss, np.nan),
    )


def _reasons(g: _Good, first: IntArray, n_good: IntArray, clock_ok: NDArray[np.bool_]) -> Labels:
    """How each session's root was chosen (see the module docstring)."""
    n_s = len(n_good)
    chosen = np.zeros(n_s, dtype=np.int64)
    chosen[g.session[first]] = first
    side_tells = solve.group_count(g.session[g.side_ok], n_s) < n_good
    az_tells = solve.group_count(g.session[g.az_ok], n_s) < n_good
    has_clock = _group_min(g.session, g.miss, n_s) < np.inf
    side_against = side_tells & ~g.side_ok[chosen] if len(g.side_ok) else side_tells
    az_against = az_tells & ~g.az_ok[chosen] if len(g.az_ok) else az_tells
    conditions = [
        n_good == 0,
        n_good == 1,
        clock_ok & side_against,
        clock_ok & az_against,
        clock_ok,
        side_tells,
        az_tells,
        has_clock,
    ]
    labels = [
        "",
        "unique minimum",
        "clock (side column disagrees)",
        "clock (azimuth column disagrees)",
        "clock",
        "side",
        "azimuth",
        "nearest the clock",
    ]
    return np.select(conditions, np.array(labels, dtype=object), default="lowest cost")
