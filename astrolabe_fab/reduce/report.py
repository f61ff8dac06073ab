"""Outputs of a reduction (SPEC §6): the terminal table, sessions.csv, planets.csv,
summary.json and plots (SVG, and PNG through cairosvg).

Every file is built in memory first and the folder is then published at once
(``outputs.publish_folder``), so an error never leaves a half-written output.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from astrolabe_fab.astro import planets as planet_ephemeris
from astrolabe_fab.astro import sky
from astrolabe_fab.outputs import Target, publish_folder
from astrolabe_fab.reduce.csv_text import csv_text
from astrolabe_fab.reduce.pipeline import PlanetResult, Reduction, SessionResult

SESSION_COLUMNS = (
    "session",
    "utc",
    "n_sightings",
    "lst_h",
    "apparent_time_h",
    "eot_min",
    "mean_time_h",
    "clock_minus_mean_min",
    "longitude_deg",
    "rms_deg",
    "ambiguous",
    "dropped",
)
PLANET_COLUMNS = (
    "session",
    "utc",
    "object",
    "ra_h",
    "dec_deg",
    "ecliptic_lon_deg",
    "sun_relative_ra_h",
    "root",
)
CONVENTIONS = {
    "longitude": "east positive, degrees",
    "equation_of_time": "apparent solar time minus mean solar time, minutes",
    "apparent_time": "LST - RA(Sun) + 12 h",
    "mean_time": "apparent time - equation of time (local mean time)",
    "clock_minus_mean_min": "clock UTC - local mean time, wrapped into [-720, 720)",
    "time_error_min": "clock - true UTC = -4 min/deg x (session longitude - reference)",
    "sun_relative_ra_h": "RA(planet) - RA(Sun), wrapped into [-12, 12)",
}
PLANET_COLOURS = {
    "Mercury": "#8c6d31",
    "Venus": "#d6a400",
    "Mars": "#c0392b",
    "Jupiter": "#2e86c1",
    "Saturn": "#7d3c98",
    "Uranus": "#16a085",
    "Neptune": "#1f3a93",
}


def _num(value: float, digits: int) -> str:
    if value is None or not math.isfinite(value):
        return ""
    return f"{value:.{digits}f}"


def _iso(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def sessions_csv(sessions: Sequence[SessionResult]) -> str:
    """sessions.csv (SPEC §6): one row per session."""
    return csv_text(
        SESSION_COLUMNS,
        (
            [
                r.session,
                _iso(r.utc),
                r.n_sightings,
                _num(r.lst_h, 5),
                _num(r.apparent_time_h, 5),
                _num(r.eot_min, 3),
                _num(r.mean_time_h, 5),
                _num(r.clock_minus_mean_min, 3),
                _num(r.longitude_deg, 4),
                _num(r.rms_deg, 4),
                "true" if r.ambiguous else "false",
                ";".join(r.dropped),
            ]
            for r in sessions
        ),
    )


def planets_csv(planets: Sequence[PlanetResult]) -> str:
    """planets.csv (SPEC §6): one row per planet sighting."""
    return csv_text(
        PLANET_COLUMNS,
        (
            [
                p.session,
                _iso(p.utc),
                p.object,
                _num(p.ra_h, 5),
                _num(p.dec_deg, 4),
                _num(p.ecliptic_lon_deg, 4),
                _num(p.sun_relative_ra_h, 5),
                p.root,
            ]
            for p in planets
        ),
    )


def summary_dict(reduction: Reduction) -> dict[str, object]:
    """summary.json content: the SPEC §6 keys, the conventions, and diagnostics."""
    summary = dict(reduction.summary)
    summary["conventions"] = CONVENTIONS
    summary["unreduced_sessions"] = sum(1 for r in reduction.sessions if not math.isfinite(r.lst_h))
    summary["ambiguous_sessions"] = sum(1 for r in reduction.sessions if r.ambiguous)
    summary["dropped_sightings"] = sum(len(r.dropped) for r in reduction.sessions)
    return summary


def summary_json(reduction: Reduction) -> str:
    """summary.json text (sorted keys, 2-space indent, NaN written as null)."""
    return json.dumps(_clean(summary_dict(reduction)), indent=2, sort_keys=True) + "\n"


def full_json(reduction: Reduction) -> str:
    """Everything (``--format json``): summary, sessions with every local minimum, planets."""
    sessions = []
    for r in reduction.sessions:
        sessions.append(
            {
                "session": r.session,
                "utc": _iso(r.utc),
                "n_sightings": r.n_sightings,
                "lst_h": r.lst_h,
                "apparent_time_h": r.apparent_time_h,
                "eot_min": r.eot_min,
                "mean_time_h": r.mean_time_h,
                "clock_minus_mean_min": r.clock_minus_mean_min,
                "longitude_deg": r.longitude_deg,
                "rms_deg": r.rms_deg,
                "ambiguous": r.ambiguous,
                "dropped": r.dropped,
                "resolved_by": r.resolved_by,
                "lst_sigma_min": r.lst_sigma_min,
                "latitude_deg": r.latitude_deg,
                "time_error_min": r.time_error_min,
                "minima": r.minima,
            }
        )
    planets = [
        {
            "session": p.session,
            "utc": _iso(p.utc),
            "object": p.object,
            "ra_h": p.ra_h,
            "dec_deg": p.dec_deg,
            "ecliptic_lon_deg": p.ecliptic_lon_deg,
            "crossing_ecliptic_lon_deg": p.crossing_ecliptic_lon_deg,
            "other_crossing_ecliptic_lon_deg": p.other_ecliptic_lon_deg,
            "sigma_deg": p.sigma_deg,
            "sun_relative_ra_h": p.sun_relative_ra_h,
            "root": p.root,
        }
        for p in reduction.planets
    ]
    doc = {"summary": summary_dict(reduction), "sessions": sessions, "planets": planets}
    return json.dumps(_clean(doc), indent=2, sort_keys=True) + "\n"


def _clean(value: object) -> object:
    """NaN/inf -> None, floats rounded to 6 decimals, recursively (valid, stable JSON)."""
    if isinstance(value, float):
        return round(value, 6) if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.generic):
        return _clean(value.item())
    return value


def table(reduction: Reduction) -> str:
    """A readable terminal report: sessions, planets per body, and the summary."""
    lines = [
        f"{'session':<22} {'n':>2} {'LST h':>8} {'app h':>7} {'EoT m':>6} {'mean h':>7} "
        f"{'clk-mean m':>10} {'lon deg':>8} {'rms':>5} amb dropped"
    ]
    for r in reduction.sessions:
        lines.append(
            f"{r.session[:22]:<22} {r.n_sightings:>2} {_num(r.lst_h, 4):>8} "
            f"{_num(r.apparent_time_h, 3):>7} {_num(r.eot_min, 1):>6} "
            f"{_num(r.mean_time_h, 3):>7} {_num(r.clock_minus_mean_min, 1):>10} "
            f"{_num(r.longitude_deg, 2):>8} {_num(r.rms_deg, 2):>5} "
            f"{'yes' if r.ambiguous else 'no ':<3} {';'.join(r.dropped)}"
        )
    s = reduction.summary
    lines.append("")
    lon = s.get("longitude_deg", {})
    if isinstance(lon, dict):
        lines.append(
            f"longitude: {lon.get('value')} deg (east +), 95 % interval "
            f"[{lon.get('low')}, {lon.get('high')}]"
        )
    lat = s.get("latitude_deg")
    if isinstance(lat, dict):
        lines.append(
            f"latitude (fitted): {lat.get('value')} deg, 95 % interval "
            f"[{lat.get('low')}, {lat.get('high')}]"
        )
    te = s.get("time_error_min", {})
    if isinstance(te, dict):
        lines.append(
            f"clock error: mean {te.get('mean')} min, sd {te.get('sd')} min, robust sd "
            f"{te.get('robust_sd')} min ({te.get('n_outliers')} outlying sessions)"
        )
    lines.append(f"altitude noise: {s.get('noise_deg')} deg ({s.get('noise_source')})")
    orbit_summary = s.get("orbits", {})
    if isinstance(orbit_summary, dict) and orbit_summary:
        lines.append("")
        lines.append(
            f"{'planet':<8} {'n':>4} {'inner':>5} {'S rec d':>8} {'a rec AU':>9} "
            f"{'S fit d':>8} {'a fit AU':>9} {'+-':>7}"
        )
        for name, o in orbit_summary.items():
            syn, axis = o["synodic_days"], o["semi_major_axis_au"]
            lines.append(
                f"{name:<8} {o['n_sightings']:>4} {'yes' if o['inner'] else 'no':>5} "
                f"{_opt(syn['recurrence'], 1):>8} {_opt(axis['recurrence'], 3):>9} "
                f"{_opt(syn['fit'], 1):>8} {_opt(axis['fit'], 3):>9} "
                f"{_opt(axis['fit_sigma'], 3):>7}"
            )
    return "\n".join(lines) + "\n"


def _opt(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


# ---------------------------------------------------------------------------------------------
# plots (plain SVG)


def _decimal_year(when: dt.datetime) -> float:
    start = dt.datetime(when.year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(when.year + 1, 1, 1, tzinfo=dt.UTC)
    return when.year + (when - start).total_seconds() / (end - start).total_seconds()


class _Axes:
    """A rectangle of an SVG with linear data -> pixel maps and a frame, ticks and labels."""

    def __init__(self, x0: float, y0: float, w: float, h: float, xr, yr) -> None:
        self.x0, self.y0, self.w, self.h = x0, y0, w, h
        self.xr, self.yr = xr, yr

    def px(self, x: float) -> float:
        return self.x0 + (x - self.xr[0]) / (self.xr[1] - self.xr[0]) * self.w

    def py(self, y: float) -> float:
        return self.y0 + self.h - (y - self.yr[0]) / (self.yr[1] - self.yr[0]) * self.h

    def frame(self, xticks, yticks, xlabel: str, ylabel: str, title: str) -> list[str]:
        out = [
            f'<rect x="{self.x0}" y="{self.y0}" width="{self.w}" height="{self.h}" '
            'fill="none" stroke="#333" stroke-width="1"/>',
            f'<text x="{self.x0 + self.w / 2}" y="{self.y0 - 12}" text-anchor="middle" '
            f'font-size="15" font-weight="bold">{title}</text>',
            f'<text x="{self.x0 + self.w / 2}" y="{self.y0 + self.h + 38}" '
            f'text-anchor="middle" font-size="12">{xlabel}</text>',
            f'<text x="{self.x0 - 48}" y="{self.y0 + self.h / 2}" text-anchor="middle" '
            f'font-size="12" transform="rotate(-90 {self.x0 - 48} {self.y0 + self.h / 2})">'
            f"{ylabel}</text>",
        ]
        for value, label in xticks:
            x = self.px(value)
            out.append(
                f'<line x1="{x:.1f}" y1="{self.y0}" x2="{x:.1f}" y2="{self.y0 + self.h}" '
                'stroke="#ddd" stroke-width="0.6"/>'
            )
            out.append(
                f'<text x="{x:.1f}" y="{self.y0 + self.h + 18}" text-anchor="middle" '
                f'font-size="11">{label}</text>'
            )
        for value, label in yticks:
            y = self.py(value)
            out.append(
                f'<line x1="{self.x0}" y1="{y:.1f}" x2="{self.x0 + self.w}" y2="{y:.1f}" '
                'stroke="#ddd" stroke-width="0.6"/>'
            )
            out.append(
                f'<text x="{self.x0 - 6}" y="{y + 4:.1f}" text-anchor="end" '
                f'font-size="11">{label}</text>'
            )
        return out


def _svg(width: int, height: int, body: Iterable[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Arial, sans-serif">\n'
        f'<rect width="{width}" height="{height}" fill="white"/>\n' + "\n".join(body) + "\n</svg>\n"
    )


def _nice_ticks(lo: float, hi: float, count: int = 6) -> list[float]:
    span = max(hi - lo, 1e-9)
    raw = span / count
    mag = 10 ** math.floor(math.log10(raw))
    step = min((m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw), default=10 * mag)
    first = math.ceil(lo / step) * step
    return [first + i * step for i in range(int((hi - first) / step) + 1)]


def _year_ticks(lo: float, hi: float) -> list[tuple[float, str]]:
    ticks = []
    for year in range(math.floor(lo), math.ceil(hi) + 1):
        for q, label in ((0.0, str(year)), (0.5, "")):
            if lo <= year + q <= hi:
                ticks.append((year + q, label))
    return ticks


def _date_range(values: list[float]) -> tuple[float, float]:
    lo, hi = (min(values), max(values)) if values else (2000.0, 2001.0)
    pad = max(0.02 * (hi - lo), 0.05)
    return lo - pad, hi + pad


def plot_time_error(reduction: Reduction) -> str:
    """Clock error of each session (min) over the dates."""
    pts = [
        (_decimal_year(r.utc), r.time_error_min)
        for r in reduction.sessions
        if math.isfinite(r.time_error_min)
    ]
    xs = [p[0] for p in pts]
    te = reduction.summary.get("time_error_min", {})
    sd = te.get("robust_sd", 20.0) if isinstance(te, dict) else 20.0
    lim = max(30.0, 4.0 * float(sd or 20.0))
    ax = _Axes(80, 50, 760, 330, _date_range(xs), (-lim, lim))
    body = ax.frame(
        _year_ticks(*ax.xr),
        [(v, f"{v:g}") for v in _nice_ticks(-lim, lim)],
        "date (UTC)",
        "clock error (min)",
        "Clock error of each session (clock - true UTC)",
    )
    body.append(
        f'<line x1="{ax.x0}" y1="{ax.py(0):.1f}" x2="{ax.x0 + ax.w}" y2="{ax.py(0):.1f}" '
        'stroke="#555" stroke-width="1"/>'
    )
    for x, y in pts:
        yc = min(max(y, -lim), lim)
        shape = "#c0392b" if abs(y) > lim else "#1f618d"
        body.append(
            f'<circle cx="{ax.px(x):.1f}" cy="{ax.py(yc):.1f}" r="2.2" fill="{shape}" '
            'fill-opacity="0.7"/>'
        )
    body.append(
        f'<text x="{ax.x0 + 8}" y="{ax.y0 + 16}" font-size="11">sd {te.get("sd")} min, '
        f"robust sd {te.get('robust_sd')} min; red: off the scale</text>"
    )
    return _svg(900, 430, body)


def plot_sun_relative_ra(reduction: Reduction) -> str:
    """Sun-relative right ascension of each planet sighting over the dates."""
    pts = [p for p in reduction.planets if math.isfinite(p.sun_relative_ra_h)]
    xs = [_decimal_year(p.utc) for p in pts]
    ax = _Axes(80, 50, 760, 330, _date_range(xs), (-12.0, 12.0))
    body = ax.frame(
        _year_ticks(*ax.xr),
        [(v, f"{v:g}") for v in range(-12, 13, 3)],
        "date (UTC)",
        "RA(planet) - RA(Sun) (h)",
        "Sun-relative right ascension of the planets",
    )
    for x, p in zip(xs, pts, strict=True):
        colour = PLANET_COLOURS.get(p.object, "#333")
        body.append(
            f'<circle cx="{ax.px(x):.1f}" cy="{ax.py(p.sun_relative_ra_h):.1f}" r="2.2" '
            f'fill="{colour}" fill-opacity="0.8"/>'
        )
    body += _legend(sorted({p.object for p in pts}), ax.x0 + ax.w - 90, ax.y0 + 14)
    return _svg(900, 430, body)


def _legend(names: list[str], x: float, y: float) -> list[str]:
    out = [
        f'<rect x="{x - 10}" y="{y - 14}" width="84" height="{16 * len(names) + 6}" '
        'fill="white" fill-opacity="0.85" stroke="#999" stroke-width="0.5"/>'
    ]
    for i, name in enumerate(names):
        colour = PLANET_COLOURS.get(name, "#333")
        out.append(f'<circle cx="{x}" cy="{y + 16 * i - 4}" r="4" fill="{colour}"/>')
        out.append(f'<text x="{x + 9}" y="{y + 16 * i}" font-size="11">{name}</text>')
    return out


def _histogram_panel(
    ax: _Axes, values: np.ndarray, colour: str, marks, xlabel: str, title: str
) -> list[str]:
    """A histogram of ``values`` in ``ax`` (30 bins over its x range) with labelled marks."""
    counts, edges = np.histogram(values, bins=30, range=ax.xr) if len(values) else ([], [])
    top = max(counts) if len(counts) else 1
    ax.yr = (0.0, max(1.0, float(top)))
    body = ax.frame(
        [(v, f"{v:g}") for v in _nice_ticks(*ax.xr, count=5)], [], xlabel, "count", title
    )
    for c, e0, e1 in zip(counts, edges[:-1], edges[1:], strict=True):
        if c:
            body.append(
                f'<rect x="{ax.px(e0):.1f}" y="{ax.py(c):.1f}" '
                f'width="{ax.px(e1) - ax.px(e0):.1f}" height="{ax.py(0) - ax.py(c):.1f}" '
                f'fill="{colour}" fill-opacity="0.6"/>'
            )
    for j, (value, mark_colour, label) in enumerate(marks):
        if value is None or not (ax.xr[0] <= value <= ax.xr[1]):
            continue
        x = ax.px(value)
        body.append(
            f'<line x1="{x:.1f}" y1="{ax.y0}" x2="{x:.1f}" y2="{ax.y0 + ax.h}" '
            f'stroke="{mark_colour}" stroke-width="1.5"/>'
        )
        body.append(
            f'<text x="{x + 3:.1f}" y="{ax.y0 + 12 + 13 * j}" font-size="10" '
            f'fill="{mark_colour}">{label}</text>'
        )
    return body


def plot_orbit_distributions(reduction: Reduction) -> str:
    """Per planet: histograms of Robinson's recurrence intervals (synodic periods) and of the
    semi-major axes they imply, with the recurrence and fit estimates and the true value."""
    from astrolabe_fab.reduce.orbits import semi_major_axis_from_synodic

    names = [n for n in reduction.recurrences if reduction.recurrences[n] is not None]
    panel_h, width = 160, 900
    height = 60 + panel_h * max(1, len(names)) + 30
    body: list[str] = [
        f'<text x="{width / 2}" y="24" text-anchor="middle" font-size="15" '
        'font-weight="bold">Synodic periods (Robinson intervals) and semi-major axes</text>'
    ]
    for i, name in enumerate(names):
        rec = reduction.recurrences[name]
        orbit = reduction.summary["orbits"][name]
        syn, axis, inner = orbit["synodic_days"], orbit["semi_major_axis_au"], orbit["inner"]
        colour = PLANET_COLOURS.get(name, "#555")
        y0 = 70 + i * panel_h
        intervals = np.asarray(rec.intervals_days, dtype=float)
        values = [*intervals.tolist(), *(v for v in (syn["recurrence"], syn["fit"]) if v)]
        lo, hi = (min(values), max(values)) if values else (0.0, 1.0)
        pad = max(10.0, 0.05 * (hi - lo))
        last = i == len(names) - 1
        ax = _Axes(80, y0, 360, panel_h - 65, (lo - pad, hi + pad), (0.0, 1.0))
        body += _histogram_panel(
            ax,
            intervals,
            colour,
            [
                (syn["recurrence"], "#000", f"recurrence {_opt(syn['recurrence'], 0)} d"),
                (syn["fit"], "#c0392b", f"fit {_opt(syn['fit'], 0)} d"),
            ],
            "synodic period (days)" if last else "",
            f"{name}: {len(intervals)} intervals",
        )
        axes_au = np.array([semi_major_axis_from_synodic(v, inner) for v in intervals])
        axes_au = axes_au[np.isfinite(axes_au)]
        true_a = planet_ephemeris.planet_semi_major_axis_au(name)
        vals = [*axes_au.tolist(), true_a, *(v for v in (axis["recurrence"], axis["fit"]) if v)]
        lo, hi = float(np.percentile(vals, 2)), float(np.percentile(vals, 98))
        lo, hi = min(lo, true_a), max(hi, true_a)
        pad = max(0.01, 0.08 * (hi - lo))
        ax2 = _Axes(520, y0, 340, panel_h - 65, (lo - pad, hi + pad), (0.0, 1.0))
        body += _histogram_panel(
            ax2,
            axes_au,
            colour,
            [
                (true_a, "#117a65", f"true {true_a:.3f}"),
                (axis["recurrence"], "#000", f"recurrence {_opt(axis['recurrence'], 3)}"),
                (
                    axis["fit"],
                    "#c0392b",
                    f"fit {_opt(axis['fit'], 3)} ± {_opt(axis['fit_sigma'], 3)}",
                ),
            ],
            "semi-major axis (AU)" if last else "",
            f"{name}: semi-major axis",
        )
    return _svg(width, height, body)


def observed_heliocentric_xy(
    fit, lon_deg: float, days: float, when: dt.datetime
) -> tuple[float, float] | None:
    """Where the line of sight of an observed ecliptic longitude meets the circle through the
    model planet (the intersection nearer it): |E + s u| = r_model, s > 0."""
    x_e, y_e, _ = planet_ephemeris.earth_heliocentric_ecliptic_au(sky.time_from_datetime(when))
    years = (days / 365.25) if math.isfinite(days) else 0.0
    lam = math.radians(lon_deg - planet_ephemeris.general_precession_deg(years))
    ux, uy = math.cos(lam), math.sin(lam)
    mxs, mys = fit.heliocentric_xy(np.array([days]))
    mx, my = float(mxs[0]), float(mys[0])
    a = math.hypot(mx, my)  # the model's distance from the Sun at that time
    e_dot_u = x_e * ux + y_e * uy
    disc = e_dot_u**2 - (x_e**2 + y_e**2) + a * a
    if disc < 0:
        return None
    best = None
    for sign in (1.0, -1.0):
        s = -e_dot_u + sign * math.sqrt(disc)
        if s <= 0:
            continue
        px, py = x_e + s * ux, y_e + s * uy
        d = (px - mx) ** 2 + (py - my) ** 2
        if best is None or d < best[0]:
            best = (d, px, py)
    return None if best is None else (best[1], best[2])


def plot_solar_system(reduction: Reduction) -> str:
    """To-scale maps (inner planets, and outer planets at their own scale): fitted orbits
    (dashed), true mean orbits (grey), observed places (dots) and true places (rings)."""
    body: list[str] = [
        '<text x="450" y="24" text-anchor="middle" font-size="15" font-weight="bold">'
        "Observed (dots: crossings) and true (rings) heliocentric places; fitted orbits dashed"
        "</text>"
    ]
    groups = (("inner", ("Mercury", "Venus", "Mars"), 2.0), ("outer", ("Jupiter", "Saturn"), 11.0))
    for k, (label, names, extent) in enumerate(groups):
        cx, cy, radius = 225 + 450 * k, 250, 200
        scale = radius / extent
        body.append(
            f'<text x="{cx}" y="{cy + radius + 30}" text-anchor="middle" font-size="12">'
            f"{label} planets (1 AU = {scale:.0f} px)</text>"
        )
        body.append(f'<circle cx="{cx}" cy="{cy}" r="5" fill="#f1c40f" stroke="#b7950b"/>')
        body.append(
            f'<circle cx="{cx}" cy="{cy}" r="{scale:.1f}" fill="none" stroke="#2e86c1" '
            'stroke-width="0.8"/>'
        )
        for name in names:
            colour = PLANET_COLOURS[name]
            true_a = planet_ephemeris.planet_semi_major_axis_au(name)
            body.append(
                f'<circle cx="{cx}" cy="{cy}" r="{true_a * scale:.1f}" fill="none" '
                'stroke="#aaa" stroke-width="0.8"/>'
            )
            fit = reduction.orbit_fits.get(name)
            if fit is None:
                continue
            period = fit.semi_major_axis_au**1.5 * 365.256363
            ox, oy = fit.heliocentric_xy(fit.epoch_days + np.linspace(0.0, period, 241))
            points = " ".join(
                f"{cx + x * scale:.1f},{cy - y * scale:.1f}" for x, y in zip(ox, oy, strict=True)
            )
            body.append(
                f'<polyline points="{points}" fill="none" stroke="{colour}" '
                'stroke-width="1.2" stroke-dasharray="5 3"/>'
            )
            for p in reduction.planets:
                if p.object != name or not math.isfinite(p.crossing_ecliptic_lon_deg):
                    continue
                xy = observed_heliocentric_xy(fit, p.crossing_ecliptic_lon_deg, p.days, p.utc)
                tx, ty, _ = planet_ephemeris.planet_heliocentric_ecliptic_au(
                    name, sky.time_from_datetime(p.utc)
                )
                body.append(
                    f'<circle cx="{cx + tx * scale:.1f}" cy="{cy - ty * scale:.1f}" r="3" '
                    f'fill="none" stroke="{colour}" stroke-width="0.6"/>'
                )
                if xy is not None:
                    body.append(
                        f'<circle cx="{cx + xy[0] * scale:.1f}" cy="{cy - xy[1] * scale:.1f}" '
                        f'r="1.8" fill="{colour}"/>'
                    )
        body += _legend([n for n in names if n in reduction.orbit_fits], cx + radius - 75, 60)
    return _svg(900, 520, body)


def plots(reduction: Reduction) -> dict[str, str]:
    """All plots as SVG text, by file stem."""
    return {
        "time_error": plot_time_error(reduction),
        "sun_relative_ra": plot_sun_relative_ra(reduction),
        "orbit_distributions": plot_orbit_distributions(reduction),
        "solar_system": plot_solar_system(reduction),
    }


# ---------------------------------------------------------------------------------------------
# writing


def output_files(reduction: Reduction, png: bool = True) -> dict[str, bytes]:
    """Every output file's name and content, all built before anything is written."""
    files = {
        "sessions.csv": sessions_csv(reduction.sessions).encode(),
        "planets.csv": planets_csv(reduction.planets).encode(),
        "summary.json": summary_json(reduction).encode(),
    }
    for stem, svg in plots(reduction).items():
        files[f"{stem}.svg"] = svg.encode()
        if png:
            import cairosvg

            files[f"{stem}.png"] = cairosvg.svg2png(bytestring=svg.encode())
    return files


def write_outputs(
    reduction: Reduction, out_dir: Path | str, png: bool = True, force: bool = False
) -> Path:
    """Write sessions.csv, planets.csv, summary.json and the plots as the folder ``out_dir``,
    all at once (``outputs.publish_folder``); an existing folder is replaced only with
    ``force`` (and only one this command wrote)."""
    return publish_folder(output_target(Path(out_dir), force), output_files(reduction, png))


def output_target(out_dir: Path, force: bool) -> Target:
    """The reduction's output folder: never over existing results without ``force``."""
    return Target(out_dir, force=force, marker="summary.json")
