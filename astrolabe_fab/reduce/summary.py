"""The last stage of the reduction: summary.json's content (SPEC §6).

All-session figures come first: ``time_error_min`` gives ``sd_all`` (every reduced session),
``robust_sd`` (1.4826 MAD, every session), ``n`` and ``n_flagged``, the sessions no time
could be reduced from (``n_unreduced``, of which ``n_unreduced_flagged`` have a clock that
disagrees with the sky), then ``mean`` and ``sd`` over the sessions that are not flagged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from astrolabe_fab.reduce.geometry import GeometryFit
from astrolabe_fab.reduce.roots import Roots
from astrolabe_fab.reduce.sessions import Sessions
from astrolabe_fab.reduce.solve import Array
from astrolabe_fab.reduce.timing import Timing


@dataclass
class Facts:
    """Everything the summary is made of."""

    sessions: Sessions
    roots: Roots
    geometry: GeometryFit
    timing: Timing
    orbits: dict[str, object]
    longitude_prior: str


def _sd(values: Array) -> float:
    return float(np.std(values, ddof=1)) if len(values) > 1 else 0.0


def _figures(values: Array) -> dict[str, float]:
    return {
        "n": len(values),
        "mean": round(float(np.mean(values)), 3) if len(values) else math.nan,
        "median": round(float(np.median(values)), 3) if len(values) else math.nan,
        "sd": round(_sd(values), 3),
    }


def time_error_summary(timing: Timing, by_day: NDArray[np.bool_]) -> dict[str, object]:
    """Clock error (min): all sessions first, then the unflagged ones, then by class."""
    ok = np.isfinite(timing.time_error_min)
    e, flagged, day = timing.time_error_min[ok], timing.flagged[ok], by_day[ok]
    clean = e[~flagged]
    main = timing.sites[0] if timing.sites else None
    mad = float(np.median(np.abs(e - np.median(e)))) if len(e) else math.nan
    return {
        "n": len(e),
        "n_flagged": int(flagged.sum()),
        "n_unreduced": int((~ok).sum()),
        "n_unreduced_flagged": int((~ok & timing.flagged).sum()),
        "mean_all": round(float(np.mean(e)), 3) if len(e) else None,
        "sd_all": round(_sd(e), 3),
        "robust_sd": round(1.4826 * mad, 3),
        "mean": round(float(np.mean(clean)), 3) if len(clean) else None,
        "sd": round(_sd(clean), 3),
        "n_outliers": int(flagged.sum()),
        "clock_scatter_min": round(timing.clock_scatter_min, 3),
        "by_class": {
            "day": _figures(e[~flagged & day]),
            "night": _figures(e[~flagged & ~day]),
        },
        "reference_longitude_deg": round(main.reference_deg, 4) if main else None,
        "reference": main.reference if main else None,
    }


def build(facts: Facts) -> dict[str, object]:
    """summary.json's content (without the conventions ``report`` adds)."""
    timing, geo, roots = facts.timing, facts.geometry, facts.roots
    out: dict[str, object] = {
        "sessions": facts.sessions.n,
        "longitude_deg": timing.sites[0].as_dict() if timing.sites else None,
        "longitude_prior": facts.longitude_prior,
        "time_error_min": time_error_summary(timing, facts.sessions.by_day),
        "noise_deg": round(roots.noise_deg, 4),
        "noise_source": "measured" if roots.noise_measured else "assumed",
        "orbits": facts.orbits,
    }
    if len(timing.sites) > 1:
        out["sites"] = [
            {"place": s.site.label, "sessions": s.n_sessions, "longitude_deg": s.as_dict()}
            for s in timing.sites
        ]
    if geo.latitude is not None:
        out["latitude_deg"] = geo.latitude.as_dict()
    out["zero_point_deg"] = geo.zero_point.as_dict() if geo.zero_point else None
    if geo.note:
        out["latitude_note"] = geo.note
    return out
