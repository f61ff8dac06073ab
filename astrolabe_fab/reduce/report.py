"""Outputs of a reduction (SPEC §6): the terminal table, sessions.csv, planets.csv,
summary.json and the plots (``plots``: matplotlib, SVG and PNG).

Every file is built in memory first and the folder is then published at once
(``outputs.publish_folder``), so an error never leaves a half-written output.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from astrolabe_fab.outputs import Target, check_target, publish_file, publish_folder
from astrolabe_fab.reduce.csv_text import csv_text
from astrolabe_fab.reduce.results import PlanetResult, Reduction, SessionResult

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
    "flag",
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
    "clock_minus_mean_min": (
        "clock UTC - local mean time, wrapped into +-720 min around the site's expected "
        "offset -4 min x longitude"
    ),
    "time_error_min": "clock - true UTC = -4 min/deg x (session longitude - reference)",
    "sun_relative_ra_h": "RA(planet) - RA(Sun), wrapped into [-12, 12)",
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
                r.flag,
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
    summary["flagged_sessions"] = sum(1 for r in reduction.sessions if r.flag)
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
                "flag": r.flag,
                "site": r.site,
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


def _session_lines(sessions: Sequence[SessionResult]) -> list[str]:
    lines = [
        f"{'session':<22} {'n':>2} {'LST h':>8} {'app h':>7} {'EoT m':>6} {'mean h':>7} "
        f"{'clk-mean m':>10} {'lon deg':>8} {'rms':>5} amb flag / dropped"
    ]
    for r in sessions:
        notes = "; ".join(
            x for x in (r.flag, ";".join(r.dropped) and f"dropped {';'.join(r.dropped)}") if x
        )
        lines.append(
            f"{r.session[:22]:<22} {r.n_sightings:>2} {_num(r.lst_h, 4):>8} "
            f"{_num(r.apparent_time_h, 3):>7} {_num(r.eot_min, 1):>6} "
            f"{_num(r.mean_time_h, 3):>7} {_num(r.clock_minus_mean_min, 1):>10} "
            f"{_num(r.longitude_deg, 2):>8} {_num(r.rms_deg, 2):>5} "
            f"{'yes' if r.ambiguous else 'no ':<3} {notes}"
        )
    return lines


def _interval(d: object, what: str, unit: str = "deg") -> str:
    if not isinstance(d, dict):
        return ""
    return f"{what}: {d.get('value')} {unit}, 95 % interval [{d.get('low')}, {d.get('high')}]"


def _summary_lines(s: dict[str, object]) -> list[str]:
    """Longitude, latitude, zero-point and clock error: all-session figures first."""
    lon = s.get("longitude_deg")
    lines = [_interval(lon, "longitude") + " (east +; Huber, equal weight per session)"]
    lines.append(_classes(lon))
    sites = s.get("sites")
    for site in sites if isinstance(sites, list) else []:
        lines.append("  " + _interval(site["longitude_deg"], f"site {site['place']}"))
    lat = s.get("latitude_deg")
    if isinstance(lat, dict):
        use = "used for the times" if lat.get("used_for_times") else "a check: not used"
        lines.append(_interval(lat, "latitude (fitted)") + f" ({use})")
    zp = s.get("zero_point_deg")
    if isinstance(zp, dict):
        lines.append(_interval(zp, "instrument zero-point (reading - true altitude)"))
    te = s.get("time_error_min")
    if isinstance(te, dict):
        lines.append(
            f"clock error, all {te.get('n')} sessions: mean {te.get('mean_all')} min, "
            f"sd {te.get('sd_all')} min, robust sd {te.get('robust_sd')} min; "
            f"{te.get('n_flagged')} flagged (clock off the sky beyond the noise)"
        )
        if te.get("n_unreduced"):
            lines.append(
                f"not reduced: {te.get('n_unreduced')} sessions (no time fits their sightings), "
                f"{te.get('n_unreduced_flagged')} of them flagged"
            )
        lines.append(
            f"clock error, the {_unflagged(te)} unflagged sessions: mean {te.get('mean')} min, "
            f"sd {te.get('sd')} min (clock scatter {te.get('clock_scatter_min')} min)"
        )
        lines.append(_by_class(te.get("by_class")))
    lines.append(f"altitude noise: {s.get('noise_deg')} deg ({s.get('noise_source')})")
    return lines


def _classes(lon: object) -> str:
    """'  statistical [..]; day -77.02 +- 0.16 (362), night ...; night - day ...'."""
    if not isinstance(lon, dict) or not isinstance(lon.get("by_class"), dict):
        return ""
    parts = [
        f"{name} {v['value']} +- {v['sigma']} ({v['n']})"
        for name, v in lon["by_class"].items()
        if v["n"]
    ]
    text = (
        f"  statistical interval [{lon.get('statistical_low')}, {lon.get('statistical_high')}];"
        f" by class: {', '.join(parts)}"
    )
    if "night_minus_day_deg" in lon:
        text += f"; night - day {lon['night_minus_day_deg']} +- {lon['night_minus_day_sigma']}"
    return text + " (the interval holds every class's own: a class's clock lag is not seen)"


def _unflagged(te: dict[str, object]) -> int:
    n, flagged = te.get("n"), te.get("n_flagged")
    return n - flagged if isinstance(n, int) and isinstance(flagged, int) else 0


def _by_class(by_class: object) -> str:
    if not isinstance(by_class, dict):
        return ""
    parts = [
        f"{name} {v['n']} sessions, median {v['median']} min"
        for name, v in by_class.items()
        if v["n"]
    ]
    return "clock error by class (unflagged): " + "; ".join(parts)


def _orbit_lines(orbit_summary: object) -> list[str]:
    if not isinstance(orbit_summary, dict) or not orbit_summary:
        return []
    lines = [
        "",
        f"{'planet':<8} {'n':>4} {'inner':>5} {'S rec d':>8} {'a rec AU':>9} "
        f"{'S fit d':>8} {'a fit AU':>9} {'+-':>7} {'a circle':>9} {'+-':>7}",
    ]
    for name, o in orbit_summary.items():
        syn, axis = o["synodic_days"], o["semi_major_axis_au"]
        lines.append(
            f"{name:<8} {o['n_sightings']:>4} {'yes' if o['inner'] else 'no':>5} "
            f"{_opt(syn['recurrence'], 1):>8} {_opt(axis['recurrence'], 3):>9} "
            f"{_opt(syn['fit'], 1):>8} {_opt(axis['fit'], 3):>9} "
            f"{_opt(axis['fit_sigma'], 3):>7} {_opt(axis.get('shape_free_fit'), 3):>9} "
            f"{_opt(axis.get('shape_free_fit_sigma'), 3):>7}"
        )
    lines.append(
        "a fit: Kepler orbit of the planet's known shape (mean elements), a and phase fitted; "
        "a circle: fitted without the shape (an ellipse on an arc of a whole orbit)"
    )
    return lines


def table(reduction: Reduction) -> str:
    """A readable terminal report: sessions, the summary (all sessions first), the orbits."""
    s = reduction.summary
    lines = [*_session_lines(reduction.sessions), "", *_summary_lines(s)]
    lines += _orbit_lines(s.get("orbits"))
    return "\n".join(line for line in lines if line is not None) + "\n"


def _opt(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


# ---------------------------------------------------------------------------------------------
# writing


def output_files(reduction: Reduction, png: bool = True) -> dict[str, bytes]:
    """Every output file's name and content, all built before anything is written."""
    from astrolabe_fab.reduce import plots  # matplotlib: imported only when plots are made

    files = {
        "sessions.csv": sessions_csv(reduction.sessions).encode(),
        "planets.csv": planets_csv(reduction.planets).encode(),
        "summary.json": summary_json(reduction).encode(),
    }
    files.update(plots.render(reduction, png=png))
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


def write_files(files: list[tuple[Target, str]]) -> None:
    """Write text files (``astrofab simulate``): every target checked first, then each file
    published (``outputs.publish_file``)."""
    for target, _ in files:
        check_target(target)
    for target, content in files:
        publish_file(target, content.encode())
