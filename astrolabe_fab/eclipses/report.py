"""seasons.csv, eclipses.csv and the printed summary of ``astrofab eclipses``.

seasons.csv, one row per season of the instrument:
``season, kind, node, start, end, days, limit_deg, sun_at_node, node_longitude_deg, cut_by_span,
moons, eclipses``. Here ``moons`` lists the new moons of a solar season or the full moons of a
lunar one (UTC, astronomy-engine), and ``eclipses`` lists the real eclipses in the season
(peak UTC and kind).

eclipses.csv, one row per candidate (a new moon in a solar season, a full moon in a lunar
one) and per real eclipse:
``syzygy_utc, phase, kind, node, sun_node_deg, zone, season, eclipse, eclipse_peak_utc,
verdict``. ``sun_node_deg`` is the Sun minus the nearer node as the instrument reads it at the
syzygy. ``zone`` is minor (inside the minor limit: an eclipse is certain), major (possible)
or outside.
"""

from __future__ import annotations

import datetime as dt

from ..astro.eclipse_limits import LIMITS, EclipseLimit
from ..reduce.csv_text import csv_text
from .study import EclipseStudy
from .verdict import VERDICTS

SEASON_HEADER = (
    "season",
    "kind",
    "node",
    "start",
    "end",
    "days",
    "limit_deg",
    "sun_at_node",
    "node_longitude_deg",
    "cut_by_span",
    "moons",
    "eclipses",
)
ECLIPSE_HEADER = (
    "syzygy_utc",
    "phase",
    "kind",
    "node",
    "sun_node_deg",
    "zone",
    "season",
    "eclipse",
    "eclipse_peak_utc",
    "verdict",
)


def utc_text(when: dt.datetime) -> str:
    """ISO 8601 to the minute, UTC: 2026-02-17T12:01Z."""
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%MZ")


def seasons_csv(study: EclipseStudy) -> str:
    rows = []
    for s in study.seasons:
        real = [
            f"{utc_text(e.peak_utc)} {e.kind}"
            for e in study.eclipses
            if e.body == s.kind and s.holds(e.peak_utc.date())
        ]
        rows.append(
            (
                s.label,
                s.kind,
                s.node,
                s.start.isoformat(),
                s.end.isoformat(),
                s.days,
                f"{s.limit_deg:g}",
                s.passage.isoformat() if s.passage else "",
                f"{s.node_lon_deg:.2f}",
                "yes" if s.cut else "no",
                " ".join(utc_text(z.utc) for z in study.moons_in(s)),
                "; ".join(real),
            )
        )
    return csv_text(SEASON_HEADER, rows)


def eclipses_csv(study: EclipseStudy) -> str:
    rows = [
        (
            utc_text(r.syzygy.utc),
            r.syzygy.phase,
            r.kind,
            r.node,
            f"{r.sun_node_deg:+.2f}",
            r.zone,
            r.season.label if r.season else "",
            r.eclipse.kind if r.eclipse else "none",
            utc_text(r.eclipse.peak_utc) if r.eclipse else "",
            r.verdict,
        )
        for r in study.rows
    ]
    return csv_text(ECLIPSE_HEADER, rows)


def summary(study: EclipseStudy) -> str:
    """A few lines: the model, coverage per kind, and the verdicts."""
    ring = study.ring
    lines = [
        f"eclipse seasons {study.first.year}-{study.last.year} "
        f"({study.total_days} days), as the instrument models them:",
        f"  mean node (Meeus eq. 47.7); the Sun from the {ring.kind} calendar ring of "
        f"{ring.year}; limits "
        + ", ".join(
            f"{lim.kind} {lim.major_deg:g}° (certain within {lim.minor_deg:g}°)" for lim in LIMITS
        ),
    ]
    lines += [_kind_line(study, lim) for lim in LIMITS]
    penumbral = [r for r in study.rows if r.eclipse and not r.eclipse.umbral]
    if penumbral:
        in_lunar = sum(1 for r in penumbral if r.season is not None)
        lines.append(
            f"penumbral lunar eclipses (not covered by the lunar limits): {len(penumbral)}, "
            f"{in_lunar} of them in a lunar season"
        )
    missed = [r for r in study.rows if r.verdict == VERDICTS[3]]
    for r in missed:
        lines.append(
            f"MISSED: {r.kind} eclipse {utc_text(r.eclipse.peak_utc)} ({r.eclipse.kind}), "  # type: ignore[union-attr]
            f"Sun {r.sun_node_deg:+.2f}° from the {r.node}"
        )
    lines.extend(_next_seasons(study))
    return "\n".join(lines) + "\n"


def _kind_line(study: EclipseStudy, lim: EclipseLimit) -> str:
    """Seasons of one kind: how many, their share of the span, candidates and eclipses."""
    seasons = [s for s in study.seasons if s.kind == lim.kind]
    days = study.season_days(lim.kind)
    real = [e for e in study.eclipses if e.body == lim.kind and e.umbral]
    found = [r for r in study.rows if r.kind == lim.kind and r.verdict == VERDICTS[0]]
    candidates = [r for r in study.rows if r.kind == lim.kind and r.season is not None]
    what = "solar eclipses" if lim.kind == "solar" else "partial or total lunar eclipses"
    share = 100.0 * days / study.total_days
    return (
        f"{lim.kind} seasons: {len(seasons)}, {days} days ({share:.1f} % of the span); "
        f"{len(candidates)} candidates, {len(found)} gave an eclipse; "
        f"{what}: {len(found)} of {len(real)} inside a season"
    )


def _next_seasons(study: EclipseStudy, count: int = 4) -> list[str]:
    """The first few solar seasons with their lunar seasons and eclipses, as an example."""
    out = ["first seasons (solar | lunar, the dragon's end the Sun is near):"]
    solar = [s for s in study.seasons if s.kind == "solar"][:count]
    for s in solar:
        lunar = next(
            (x for x in study.seasons if x.kind == "lunar" and s.start <= x.start <= s.end), None
        )
        real = [
            f"{e.body} {e.kind} {e.peak_utc:%Y-%m-%d}"
            for e in study.eclipses
            if s.holds(e.peak_utc.date())
        ]
        lunar_text = f"{lunar.start} to {lunar.end}" if lunar else "-"
        out.append(
            f"  {s.node:<4} {s.start} to {s.end} | {lunar_text}: "
            + (", ".join(real) if real else "no eclipse")
        )
    return out
