"""Shared, cached instruments for the fabrication and writer tests, and independent readers of
the written files (an SVG path parser and DXF entity sampler that share no code with the
package's writers)."""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET

import numpy as np
import shapely

from astrolabe_fab.build import instrument_parts
from astrolabe_fab.design import Design
from astrolabe_fab.fabrication import prepare_for_cutting
from astrolabe_fab.scene import Part
from tests.caching import per_mutant_cache

LATITUDES = (38.9, -33.87)
Point = tuple[float, float]


@per_mutant_cache
def raw_parts(lat: float) -> tuple[Part, ...]:
    """The parts as the part builders make them (before the fabrication step)."""
    return tuple(instrument_parts(Design(latitude_deg=lat).validate()))


@per_mutant_cache
def ready_parts(lat: float, kerf_mm: float = 0.0) -> tuple[Part, ...]:
    """The parts after cut hygiene, kerf and ordering (what the writers receive)."""
    design = Design(latitude_deg=lat, kerf_mm=kerf_mm).validate()
    return tuple(prepare_for_cutting(list(raw_parts(lat)), design))


# --------------------------------------------------------------------------- SVG reading

SVG_NS = "{http://www.w3.org/2000/svg}"
_TOKEN = re.compile(r"[MLAZmlaz]|-?\d*\.?\d+(?:[eE][-+]?\d+)?")


def _step_mm(r: float) -> float:
    """Sample spacing along an arc of radius r with chord error r (1 - cos) <= 0.002 mm."""
    return min(1.0, math.sqrt(8.0 * r * 0.002))


def _arc_points(
    p0: Point, rx: float, large: int, sweep: int, p1: Point, step_mm: float = 0.05
) -> list[Point]:
    """Points of an SVG elliptical arc with rx = ry, by the endpoint-to-centre conversion of
    SVG 1.1 Appendix F.6.5 (written out here, not taken from the package)."""
    x1, y1 = p0
    x2, y2 = p1
    r = rx
    dx, dy = (x1 - x2) / 2.0, (y1 - y2) / 2.0
    lam = (dx * dx + dy * dy) / (r * r)
    if lam > 1.0:
        r *= math.sqrt(lam)
    num = r * r * r * r - r * r * (dy * dy) - r * r * (dx * dx)
    den = r * r * (dy * dy) + r * r * (dx * dx)
    coef = math.sqrt(max(0.0, num / den)) if den > 0 else 0.0
    if large == sweep:
        coef = -coef
    cxp, cyp = coef * dy, -coef * dx
    cx, cy = cxp + (x1 + x2) / 2.0, cyp + (y1 + y2) / 2.0
    t1 = math.atan2(y1 - cy, x1 - cx)
    t2 = math.atan2(y2 - cy, x2 - cx)
    dt = t2 - t1
    if sweep and dt < 0:
        dt += 2 * math.pi
    elif not sweep and dt > 0:
        dt -= 2 * math.pi
    n = max(2, math.ceil(abs(dt) * r / _step_mm(r)))
    return [
        (cx + r * math.cos(t1 + dt * k / n), cy + r * math.sin(t1 + dt * k / n))
        for k in range(n + 1)
    ]


def parse_path(d: str) -> list[list[Point]]:
    """Subpaths of an SVG path with absolute M, L, A, Z commands, as point lists."""
    tokens = _TOKEN.findall(d)
    out: list[list[Point]] = []
    cur: list[Point] = []
    i, cmd = 0, ""
    while i < len(tokens):
        t = tokens[i]
        if t.isalpha():
            cmd = t
            i += 1
            if cmd in "Zz":
                if cur:
                    cur.append(cur[0])
                    out.append(cur)
                    cur = []
                continue
            continue
        if cmd == "M":
            if cur:
                out.append(cur)
            cur = [(float(tokens[i]), float(tokens[i + 1]))]
            i += 2
            cmd = "L"
        elif cmd == "L":
            cur.append((float(tokens[i]), float(tokens[i + 1])))
            i += 2
        elif cmd == "A":
            rx, _ry, _rot, large, sweep, x, y = (float(v) for v in tokens[i : i + 7])
            if (x, y) != cur[-1]:  # identical end points: the arc is omitted (SVG F.6.2)
                cur.extend(_arc_points(cur[-1], rx, int(large), int(sweep), (x, y))[1:])
            i += 7
        else:
            raise ValueError(f"unexpected command {cmd!r} in {d[:60]}")
    if cur:
        out.append(cur)
    return out


def svg_layers(svg_text: str) -> tuple[dict[str, list[list[Point]]], float, float]:
    """Point lists per top-level layer group, and the viewBox width and height."""
    root = ET.fromstring(svg_text)
    vb = [float(v) for v in root.get("viewBox", "").split()]
    layers: dict[str, list[list[Point]]] = {}
    for g in root.findall(f"{SVG_NS}g"):
        paths: list[list[Point]] = []
        for el in g.iter():
            if el.tag == f"{SVG_NS}path":
                paths.extend(parse_path(el.get("d", "")))
            elif el.tag == f"{SVG_NS}circle":
                cx, cy, r = (float(el.get(k)) for k in ("cx", "cy", "r"))
                n = max(8, math.ceil(2 * math.pi * r / _step_mm(r)))
                paths.append(
                    [
                        (
                            cx + r * math.cos(2 * math.pi * k / n),
                            cy + r * math.sin(2 * math.pi * k / n),
                        )
                        for k in range(n + 1)
                    ]
                )
        layers[g.get("id", "")] = paths
    return layers, vb[2], vb[3]


# --------------------------------------------------------------------------- DXF reading


def dxf_layers(doc: object, page_h: float) -> dict[str, list[list[Point]]]:
    """Point lists per DXF layer, in page coordinates (y = page_h - y_dxf), from the entities'
    own DXF definitions (ARC counter-clockwise from start to end angle; bulge = tan(a / 4))."""
    out: dict[str, list[list[Point]]] = {}
    for e in doc.modelspace():  # type: ignore[attr-defined]
        kind, layer = e.dxftype(), e.dxf.layer
        pts: list[Point]
        if kind == "LINE":
            pts = [(e.dxf.start.x, e.dxf.start.y), (e.dxf.end.x, e.dxf.end.y)]
        elif kind in ("CIRCLE", "ARC"):
            c, r = e.dxf.center, e.dxf.radius
            a0 = math.radians(e.dxf.start_angle) if kind == "ARC" else 0.0
            a1 = math.radians(e.dxf.end_angle) if kind == "ARC" else 2 * math.pi
            sweep = (a1 - a0) % (2 * math.pi) or 2 * math.pi
            n = max(4, math.ceil(sweep * r / _step_mm(r)))
            pts = [
                (c.x + r * math.cos(a0 + sweep * k / n), c.y + r * math.sin(a0 + sweep * k / n))
                for k in range(n + 1)
            ]
        elif kind == "LWPOLYLINE":
            verts = list(e.get_points("xyb"))
            if e.closed:
                verts.append(verts[0])
            pts = [(verts[0][0], verts[0][1])]
            for (x0, y0, b), (x1, y1, _) in itertools.pairwise(verts):
                if b == 0:
                    pts.append((x1, y1))
                    continue
                theta = 4.0 * math.atan(b)  # included angle, positive counter-clockwise
                chord = math.dist((x0, y0), (x1, y1))
                r = chord / (2.0 * math.sin(abs(theta) / 2.0))
                mx, my = (x0 + x1) / 2.0, (y0 + y1) / 2.0
                # centre on the left of the chord for a counter-clockwise arc < 180 deg
                h = r * math.cos(theta / 2.0) * (1 if theta > 0 else -1)
                ux, uy = (x1 - x0) / chord, (y1 - y0) / chord
                cx, cy = mx - uy * h, my + ux * h
                t0 = math.atan2(y0 - cy, x0 - cx)
                n = max(2, math.ceil(abs(theta) * r / _step_mm(r)))
                pts.extend(
                    (cx + r * math.cos(t0 + theta * k / n), cy + r * math.sin(t0 + theta * k / n))
                    for k in range(1, n + 1)
                )
        else:
            raise AssertionError(f"unexpected DXF entity {kind}")
        out.setdefault(layer, []).append([(x, page_h - y) for x, y in pts])
    return out


def max_gap_mm(a: list[list[Point]], b: list[list[Point]]) -> float:
    """Largest distance from a vertex of ``a`` to the lines of ``b`` (0 when a is empty)."""
    pts = np.asarray([p for line in a for p in line])
    if len(pts) == 0:
        return 0.0
    segs = [np.asarray(line) for line in b if len(line) > 1]
    if not segs:
        return math.inf
    lines = shapely.linestrings(np.concatenate([np.stack([s[:-1], s[1:]], axis=1) for s in segs]))
    tree = shapely.STRtree(lines)
    _, dist = tree.query_nearest(shapely.points(pts), return_distance=True, all_matches=False)
    return float(dist.max())
