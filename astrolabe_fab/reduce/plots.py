"""The reduction's plots, through matplotlib (SVG and PNG):

- ``time_error``: each session's clock error against the date, flagged sessions marked,
  sessions beyond the scale drawn at its edge;
- ``sun_relative_ra``: RA(planet) - RA(Sun) of every planet sighting against the date;
- ``orbits``: each planet's semi-major axis by the fit of its known orbit's shape, by the
  circle fitted without it and by Robinson's recurrence, with their 95 % intervals, over
  the spread of the axes the single recurrence intervals give, against the true mean axis;
- ``solar_system``: to-scale maps (inner and outer planets): fitted orbits (dashed), true mean
  orbits (grey, the shape of the mean elements), observed places (dots) and true places
  (rings).

Same inputs, same bytes: no pyplot (no global state, the Agg and SVG canvases directly),
fixed SVG id salt, no dates or software versions in the files' metadata. This module imports
matplotlib, so it is imported only when plots are written.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from typing import Any

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from astrolabe_fab.astro import planets as planet_ephemeris
from astrolabe_fab.astro import sky
from astrolabe_fab.reduce import elements, orbits
from astrolabe_fab.reduce.results import PlanetResult, Reduction

PLANET_COLOURS = {
    "Mercury": "#8c6d31",
    "Venus": "#d6a400",
    "Mars": "#c0392b",
    "Jupiter": "#2e86c1",
    "Saturn": "#7d3c98",
    "Uranus": "#16a085",
    "Neptune": "#1f3a93",
}

STYLE: dict[str, Any] = {
    "svg.hashsalt": "astrofab",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9.0,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
}
"""Fixed style: deterministic SVG ids, text as paths, the font matplotlib ships."""

DPI = 110


def _decimal_year(when: dt.datetime) -> float:
    start = dt.datetime(when.year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(when.year + 1, 1, 1, tzinfo=dt.UTC)
    return when.year + (when - start).total_seconds() / (end - start).total_seconds()


def _save(fig: Figure, stem: str, png: bool) -> dict[str, bytes]:
    """The figure as SVG (and PNG) bytes, without dates or versions in the metadata."""
    FigureCanvasAgg(fig)  # the Agg canvas: no GUI backend is ever chosen
    out = {}
    formats = {"svg": {"Date": None, "Creator": None}, "png": {"Software": None}}
    for fmt, meta in formats.items():
        if fmt == "png" and not png:
            continue
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, dpi=DPI, metadata=meta)
        out[f"{stem}.{fmt}"] = buffer.getvalue()
    return out


def _legend_below(ax: Axes, columns: int) -> None:
    """The legend under the axes, where it hides no point."""
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=8, ncols=columns)


def time_error_figure(reduction: Reduction) -> Figure:
    """Clock error of each session against the date (see module docstring)."""
    te = reduction.summary.get("time_error_min")
    te = te if isinstance(te, dict) else {}
    rows = [r for r in reduction.sessions if math.isfinite(r.time_error_min)]
    x = np.array([_decimal_year(r.utc) for r in rows])
    y = np.array([r.time_error_min for r in rows])
    flagged = np.array([bool(r.flag) for r in rows], dtype=bool)
    day = np.array([r.by_day for r in rows], dtype=bool)
    robust = te.get("robust_sd") or 10.0
    lim = max(30.0, 5.0 * float(robust))
    fig = Figure(figsize=(8.5, 4.2))
    ax = fig.add_subplot()
    clipped = np.clip(y, -lim, lim)
    for mask, colour, label in (
        (~flagged & day, "#e67e22", "day sessions"),
        (~flagged & ~day, "#1f618d", "night sessions"),
    ):
        ax.plot(x[mask], clipped[mask], "o", ms=2.5, color=colour, alpha=0.7, label=label)
    ax.plot(x[flagged], clipped[flagged], "x", ms=5, color="#c0392b", label="flagged")
    off = np.abs(y) > lim
    ax.plot(x[off], clipped[off], "s", ms=6, mfc="none", color="#555555", label="off the scale")
    ax.axhline(0.0, color="#555555", lw=0.8)
    ax.set_ylim(-1.08 * lim, 1.08 * lim)
    ax.set_xlabel("date (UTC, decimal year)")
    ax.set_ylabel("clock - true UTC (min)")
    ax.set_title(
        f"Clock error of each session: all {te.get('n')}: sd {te.get('sd_all')} min, robust sd "
        f"{te.get('robust_sd')} min; {te.get('n_flagged')} flagged; "
        f"unflagged sd {te.get('sd')} min",
        fontsize=9,
    )
    _legend_below(ax, 4)
    fig.tight_layout()
    return fig


def sun_relative_ra_figure(reduction: Reduction) -> Figure:
    """Sun-relative right ascension of each planet sighting against the date."""
    fig = Figure(figsize=(8.5, 4.2))
    ax = fig.add_subplot()
    pts = [p for p in reduction.planets if math.isfinite(p.sun_relative_ra_h)]
    for name in sorted({p.object for p in pts}):
        mine = [p for p in pts if p.object == name]
        ax.plot(
            [_decimal_year(p.utc) for p in mine],
            [p.sun_relative_ra_h for p in mine],
            "o",
            ms=2.5,
            color=PLANET_COLOURS.get(name, "#333333"),
            label=name,
        )
    ax.set_ylim(-12.0, 12.0)
    ax.set_yticks(np.arange(-12, 13, 3))
    ax.set_xlabel("date (UTC, decimal year)")
    ax.set_ylabel("RA(planet) - RA(Sun) (h)")
    ax.set_title("Sun-relative right ascension of the planets", fontsize=10)
    if pts:
        _legend_below(ax, 7)
    fig.tight_layout()
    return fig


ESTIMATES = (
    ("fit, known shape", "fit", "#c0392b"),
    ("circle", "shape_free_fit", "#7f8c8d"),
    ("recurrence", "recurrence", "#000000"),
)
"""The estimates of a drawn in the orbits plot: label, summary key, colour."""


def _orbit_panel(ax: Axes, name: str, reduction: Reduction) -> None:
    """One planet: the recurrence intervals' axes (histogram), the two estimates with their
    95 % intervals, and the true mean axis."""
    entry = reduction.summary["orbits"][name]  # type: ignore[index]
    axis, inner = entry["semi_major_axis_au"], entry["inner"]
    rec = reduction.recurrences.get(name)
    colour = PLANET_COLOURS.get(name, "#555555")
    true_a = planet_ephemeris.planet_semi_major_axis_au(name)
    implied = np.array(
        [orbits.semi_major_axis_from_synodic(v, inner) for v in (rec.intervals_days if rec else [])]
    )
    implied = implied[np.isfinite(implied)]
    values = [true_a]
    for _, key, _ in ESTIMATES:
        if axis[key] is not None:
            err = 1.96 * (axis.get(f"{key}_sigma") or 0.0)
            values += [axis[key] - err, axis[key] + err]
    lo, hi = min(values), max(values)
    pad = max(0.02 * true_a, 0.1 * (hi - lo))
    lo, hi = max(lo - pad, 0.5 * true_a), min(hi + pad, 1.5 * true_a)
    if len(implied):
        ax.hist(
            implied, bins=30, range=(lo, hi), color=colour, alpha=0.25, label="single intervals"
        )
    top = ax.get_ylim()[1] if len(implied) else 1.0
    for k, (what, key, style) in enumerate(ESTIMATES):
        value, sigma = axis.get(key), axis.get(f"{key}_sigma")
        if value is None:
            continue
        err = 1.96 * sigma if sigma else 0.0
        ax.errorbar(
            value,
            top * (0.35 + 0.22 * k),
            xerr=err,
            fmt="o",
            color=style,
            capsize=3,
            label=f"{what} {value:.3f} ± {err:.3f}",
        )
    ax.axvline(true_a, color="#117a65", lw=1.5, label=f"true {true_a:.3f}")
    ax.set_xlim(lo, hi)
    ax.set_ylim(0.0, top * 1.05)
    ax.set_title(f"{name}: semi-major axis (AU), 95 % intervals", fontsize=9)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7)  # hides no bar


def orbits_figure(reduction: Reduction) -> Figure:
    """One panel per planet with an orbit estimate."""
    names = list(reduction.recurrences)
    fig = Figure(figsize=(10.0, 2.3 * max(1, len(names)) + 0.4))
    for i, name in enumerate(names):
        _orbit_panel(fig.add_subplot(max(1, len(names)), 1, i + 1), name, reduction)
    if not names:
        fig.add_subplot().text(0.5, 0.5, "no planet sightings", ha="center")
    fig.tight_layout()
    return fig


def observed_heliocentric_xy(
    fit: orbits.OrbitFit, place: PlanetResult
) -> tuple[float, float] | None:
    """Where the line of sight of an observed ecliptic longitude meets the circle through the
    model planet (the intersection nearer it): |E + s u| = r_model, s > 0."""
    x_e, y_e, _ = planet_ephemeris.earth_heliocentric_ecliptic_au(sky.time_from_datetime(place.utc))
    years = place.days / 365.25 if math.isfinite(place.days) else 0.0
    lam = math.radians(
        place.crossing_ecliptic_lon_deg - planet_ephemeris.general_precession_deg(years)
    )
    ux, uy = math.cos(lam), math.sin(lam)
    mxs, mys = fit.heliocentric_xy(np.array([place.days]))
    mx, my = float(mxs[0]), float(mys[0])
    e_dot_u = x_e * ux + y_e * uy
    disc = e_dot_u**2 - (x_e**2 + y_e**2) + mx * mx + my * my
    if disc < 0:
        return None
    ends = [-e_dot_u + sign * math.sqrt(disc) for sign in (1.0, -1.0)]
    points = [(x_e + s * ux, y_e + s * uy) for s in ends if s > 0]
    if not points:
        return None
    return min(points, key=lambda p: (p[0] - mx) ** 2 + (p[1] - my) ** 2)


def _true_orbit_xy(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The planet's true mean orbit: the shape of its mean elements (a circle when they
    are unknown) with the ephemeris' mean semi-major axis."""
    true_a = planet_ephemeris.planet_semi_major_axis_au(name)
    shape = elements.shape_at(name, 0.0) or elements.CIRCLE
    x, y, _ = elements.heliocentric_xyz(shape, true_a, np.linspace(0.0, 360.0, 361))
    return x, y


def _solar_panel(ax: Axes, names: tuple[str, ...], extent_au: float, reduction: Reduction) -> None:
    theta = np.linspace(0.0, 2.0 * np.pi, 361)
    ax.plot(np.cos(theta), np.sin(theta), color="#2e86c1", lw=0.8, label="Earth")
    ax.plot([0], [0], "o", ms=7, color="#f1c40f", mec="#b7950b")
    for name in names:
        colour = PLANET_COLOURS[name]
        ax.plot(*_true_orbit_xy(name), color="#aaaaaa", lw=0.8)
        fit = reduction.orbit_fits.get(name)
        if fit is None:
            continue
        period = fit.semi_major_axis_au**1.5 * planet_ephemeris.SIDEREAL_YEAR_DAYS
        ox, oy = fit.heliocentric_xy(fit.epoch_days + np.linspace(0.0, period, 241))
        ax.plot(ox, oy, "--", color=colour, lw=1.0, label=f"{name} fit")
        _places(ax, name, fit, reduction)
    ax.set_xlim(-extent_au, extent_au)
    ax.set_ylim(-extent_au, extent_au)
    ax.set_aspect("equal")
    ax.set_xlabel("AU (J2000 ecliptic)")
    ax.legend(loc="upper right", fontsize=7)


def _places(ax: Axes, name: str, fit: orbits.OrbitFit, reduction: Reduction) -> None:
    """Observed (dots) and true (rings) heliocentric places of one planet."""
    mine = [
        p
        for p in reduction.planets
        if p.object == name and math.isfinite(p.crossing_ecliptic_lon_deg)
    ]
    observed = [xy for xy in (observed_heliocentric_xy(fit, p) for p in mine) if xy]
    true = [
        planet_ephemeris.planet_heliocentric_ecliptic_au(name, sky.time_from_datetime(p.utc))[:2]
        for p in mine
    ]
    colour = PLANET_COLOURS[name]
    if true:
        tx, ty = zip(*true, strict=True)
        ax.plot(tx, ty, "o", ms=4, mfc="none", mec=colour, mew=0.5)
    if observed:
        ox, oy = zip(*observed, strict=True)
        ax.plot(ox, oy, "o", ms=2, color=colour)


def solar_system_figure(reduction: Reduction) -> Figure:
    """To-scale maps of the inner and the outer planets."""
    fig = Figure(figsize=(10.0, 5.3))
    groups = ((("Venus", "Mars"), 2.0), (("Jupiter", "Saturn"), 11.0))
    for k, (names, extent) in enumerate(groups):
        ax = fig.add_subplot(1, 2, k + 1)
        _solar_panel(ax, names, extent, reduction)
        ax.set_title(f"{' and '.join(names)}: observed (dots), true (rings)", fontsize=9)
    fig.suptitle("Heliocentric places; fitted orbits dashed, true mean orbits grey", fontsize=10)
    fig.tight_layout()
    return fig


def render(reduction: Reduction, png: bool = True) -> dict[str, bytes]:
    """Every plot as SVG (and PNG) bytes, by file name."""
    figures = {
        "time_error": time_error_figure,
        "sun_relative_ra": sun_relative_ra_figure,
        "orbits": orbits_figure,
        "solar_system": solar_system_figure,
    }
    out: dict[str, bytes] = {}
    with matplotlib.rc_context(STYLE):  # type: ignore[arg-type]
        for stem, make in figures.items():
            out.update(_save(make(reduction), stem, png))
    return out
