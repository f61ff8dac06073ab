"""The sky's verdict on a flagged session, in words, for the ``flag`` column.

Examples: ``clock +8.0 h off the sky; Sun and Moon agree``, ``clock -1.0 h off the sky; one
sighting (Vega); two roots 9.1 h apart, clock breaks the tie``, ``clock +35 min off the sky;
Vega and Deneb disagree (rms 4.2 deg)``, ``the Moon fits a day earlier than logged (the date
a day off, or the Moon misread); Vega and Altair agree``, ``not reduced: Sun and Moon fit no
sidereal time within the noise (a wrong name or reading?); at their best fit the clock is
+9.9 h off`` (a session whose every sighting was dropped, judged at the sidereal time that
fits them best).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from astrolabe_fab.reduce.roots import Roots
from astrolabe_fab.reduce.sessions import Sessions
from astrolabe_fab.reduce.solve import Array

TIE_BREAKERS = {
    "clock": "clock",
    "clock (side column disagrees)": "clock, against the side column,",
    "clock (azimuth column disagrees)": "clock, against the azimuth column,",
    "side": "side column",
    "azimuth": "azimuth column",
    "nearest the clock": "nearer root to the clock",
    "lowest cost": "lower cost",
}
"""How ``resolved_by`` reads in a verdict ('... breaks the tie')."""


def clock_offset_text(error_min: float) -> str:
    """'clock +8.0 h off the sky' (an hour or more) or 'clock +35 min off the sky'."""
    if abs(error_min) >= 60.0:
        return f"clock {error_min / 60.0:+.1f} h off the sky"
    return f"clock {error_min:+.0f} min off the sky"


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _bodies(sessions: Sessions, keep: NDArray[np.bool_]) -> list[list[str]]:
    """Names of the sightings each session kept, in order, without repeats."""
    out: list[list[str]] = [[] for _ in range(sessions.n)]
    for row in np.flatnonzero(keep):
        names = out[int(sessions.data.session[row])]
        if sessions.names[row] not in names:
            names.append(sessions.names[row])
    return out


def _sky_part(names: list[str], rms_deg: float, noise_deg: float, n_used: int) -> str:
    if n_used <= 1:
        return f"one sighting ({names[0]})" if names else "no sighting kept"
    agree = "agree" if not rms_deg > 2.0 * noise_deg else f"disagree (rms {rms_deg:.1f} deg)"
    if len(names) == 1:
        return f"{n_used} sightings of {names[0]} {agree}"
    return f"{_and(names)} {agree}"


def flags(
    sessions: Sessions,
    roots: Roots,
    error_min: Array,
    flagged: NDArray[np.bool_],
    day_slips: NDArray[np.int64] | None = None,
) -> list[str]:
    """The ``flag`` text of every session: flagged by the clock check (``flagged``), or by
    the Moon (``day_slips``: the whole days by which the Moon puts the date off, ``day_slip``),
    empty otherwise. A misread Moon (5-20 deg off) can look like a day's slip (12-15 deg):
    the text says both."""
    slips = np.zeros(sessions.n, dtype=np.int64) if day_slips is None else day_slips
    texts = _texts(sessions, roots, error_min, flagged | (slips != 0))
    for i in np.flatnonzero(slips):
        moon = (
            f"the Moon fits a day {'earlier' if slips[i] < 0 else 'later'} than logged "
            "(the date a day off, or the Moon misread)"
        )
        if flagged[i]:
            texts[i] += f"; and {moon}"
        elif texts[i].startswith("not reduced"):
            texts[i] = f"{moon}; {texts[i]}"
        else:
            texts[i] = moon + "; " + texts[i].split("; ", 1)[-1]
    return texts


def _texts(
    sessions: Sessions, roots: Roots, error_min: Array, flagged: NDArray[np.bool_]
) -> list[str]:
    out = [""] * sessions.n
    bodies = _bodies(sessions, roots.keep)
    every = _bodies(sessions, np.ones(len(roots.keep), dtype=bool))
    for i in np.flatnonzero(flagged):
        parts = [clock_offset_text(float(error_min[i]))]
        if roots.n_used[i] == 0:
            what = _and(every[i]) if every[i] else "its sightings"
            offset = parts[0].removeprefix("clock ").removesuffix(" off the sky")
            out[i] = (
                f"not reduced: {what} fit no sidereal time within the noise (a wrong name or "
                f"reading?); at their best fit the clock is {offset} off"
            )
            continue
        parts.append(
            _sky_part(bodies[i], float(roots.rms_deg[i]), roots.noise_deg, int(roots.n_used[i]))
        )
        gap = float(roots.picked.root_gap_h[i])
        if roots.picked.n_good[i] > 1 and np.isfinite(gap):
            why = TIE_BREAKERS.get(str(roots.picked.resolved_by[i]), "clock")
            parts.append(f"two roots {gap:.1f} h apart, {why} breaks the tie")
        out[i] = "; ".join(parts)
    return out
