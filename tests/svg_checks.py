"""Fabrication checks made on a written SVG alone (issue 14), with shapely on the paths read by
the tests' own SVG parser (``tests.fabrication.helpers``): material, glyph clearance, windows,
minimum web, star marks, symmetry. Nothing here calls the code that drew the part."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import shapely
import shapely.affinity
from shapely.geometry import LineString, Polygon
from shapely.geometry import Point as ShPoint

from tests.fabrication.helpers import svg_layers

#: Nearest an engraved glyph may come to a cut edge or a hole, mm (issue 14).
GLYPH_CLEARANCE_MM = 0.3
#: Numerical slack of the sampled arcs (the parser's chord error is 0.002 mm), mm.
SLACK_MM = 0.01


@dataclass
class SvgPart:
    """A part as read back: its material, cut windows and engraved areas."""

    material: shapely.Geometry
    outers: list[Polygon]
    windows: list[Polygon]
    open_cuts: list[LineString]
    glyphs: list[Polygon]


def _closed(path: list[tuple[float, float]]) -> bool:
    return len(path) > 3 and math.dist(path[0], path[-1]) < 1e-6


def read_part(svg_text: str) -> SvgPart:
    """Material = outer cuts minus inner cuts; engraved areas one polygon per subpath."""
    layers, _, _ = svg_layers(svg_text)
    outers = [Polygon(p).buffer(0) for p in layers.get("CUT_OUTER", []) if _closed(p)]
    windows = [Polygon(p).buffer(0) for p in layers.get("CUT_INNER", []) if _closed(p)]
    open_cuts = [
        LineString(p)
        for name in ("CUT_OUTER", "CUT_INNER")
        for p in layers.get(name, [])
        if not _closed(p) and len(p) >= 2
    ]
    material = shapely.union_all(outers).difference(shapely.union_all(windows))
    glyphs = [Polygon(p).buffer(0) for p in layers.get("ENGRAVE", []) if len(p) >= 3]
    return SvgPart(material, outers, windows, open_cuts, [g for g in glyphs if not g.is_empty])


def glyph_violations(part: SvgPart) -> float:
    """Area (mm²) of engraving closer than GLYPH_CLEARANCE_MM to a cut edge or a hole, or off
    the material."""
    if not part.glyphs:
        return 0.0
    allowed = part.material.buffer(-(GLYPH_CLEARANCE_MM - SLACK_MM), quad_segs=8)
    for cut in part.open_cuts:
        allowed = allowed.difference(cut.buffer(GLYPH_CLEARANCE_MM - SLACK_MM))
    glyphs = shapely.union_all(part.glyphs)
    return float(glyphs.difference(allowed).area)


def violating_glyphs(part: SvgPart) -> list[tuple[float, float]]:
    """Centres of the engraved subpaths that break the clearance (for messages)."""
    allowed = part.material.buffer(-(GLYPH_CLEARANCE_MM - SLACK_MM), quad_segs=8)
    out = []
    for g in part.glyphs:
        if g.difference(allowed).area > 1e-4:
            c = g.centroid
            out.append((round(c.x, 2), round(c.y, 2)))
    return out


def small_windows(part: SvgPart, min_web_mm: float) -> list[tuple[float, float]]:
    """Windows smaller than 1 mm² or holding no disc of diameter min-web."""
    out = []
    for w in part.windows:
        thin = w.buffer(-(min_web_mm / 2.0 - SLACK_MM)).is_empty
        if w.area < 1.0 or thin:
            c = w.centroid
            out.append((round(c.x, 2), round(c.y, 2)))
    return out


def web_failures(part: SvgPart, min_web_mm: float, tips: list[tuple[float, float]]) -> list[str]:
    """Material narrower than min-web anywhere but the last 1 mm of a tip: the opening by a
    disc of diameter min-web must be one piece, and what it removes away from the tips may
    only be the rounding of convex corners (pieces under 1.5 min-web across)."""
    r = min_web_mm / 2.0 - SLACK_MM
    opened = part.material.buffer(-r, quad_segs=16).buffer(r, quad_segs=16)
    problems = []
    if opened.geom_type != "Polygon":
        problems.append(f"the opened material falls apart into {len(opened.geoms)} pieces")
    thin = part.material.difference(opened)
    near_tips = shapely.union_all([ShPoint(t).buffer(1.0 + SLACK_MM) for t in tips])
    far = thin.difference(near_tips) if tips else thin
    for piece in getattr(far, "geoms", [far]):
        if piece.is_empty or piece.area < 1e-4:
            continue
        rect = piece.minimum_rotated_rectangle
        xs, ys = rect.exterior.coords.xy
        longest = max(math.dist((xs[i], ys[i]), (xs[i + 1], ys[i + 1])) for i in range(4))
        if longest > 1.5 * min_web_mm:
            c = piece.centroid
            problems.append(f"narrow material at ({c.x:.2f}, {c.y:.2f}), {longest:.2f} mm long")
    return problems


def star_mark_failures(part: SvgPart, stars: list[dict[str, Any]]) -> list[str]:
    """Each star marked exactly: a pointer's apex within 0.05 mm of the star (and only a
    point of material there), an engraved mark centred within 0.05 mm, or a notch round it."""
    out = []
    boundary = part.material.boundary
    for s in stars:
        p = ShPoint(s["tip_mm"])
        if s["mark"] == "tip":
            near = part.material.intersection(p.buffer(0.3)).area
            if boundary.distance(p) > 0.05 or near > 0.5 * math.pi * 0.09:
                out.append(f"{s['name']}: no pointer apex at the star")
        elif s["mark"] == "mark":
            if not any(g.centroid.distance(p) < 0.05 for g in part.glyphs):
                out.append(f"{s['name']}: no engraved mark centred on the star")
        elif abs(part.material.distance(p) - s["notch_radius_mm"]) > 0.05:
            out.append(f"{s['name']}: no notch round the star")
    return out


def symmetry_iou(
    part: SvgPart, pivot: tuple[float, float], meta: dict[str, Any], rim_mm: float = 3.0
) -> float:
    """Issue 14's measure: the rete's material less the rim (its outer ``rim_mm``) and the
    ecliptic band, against its mirror image about the line through the pivot and the
    ecliptic's centre: area of intersection over union."""
    ecl = meta["ecliptic"]
    (ex, ey), r_e, r_in = ecl["center_mm"], ecl["radius_mm"], ecl["band_inner_radius_mm"]
    band = (
        ShPoint(ex, ey)
        .buffer(r_e, quad_segs=128)
        .difference(ShPoint(ex, ey).buffer(r_in, quad_segs=128))
    )
    r_out = max(math.dist(pivot, q) for q in part.outers[0].exterior.coords)
    inner = ShPoint(pivot).buffer(r_out - rim_mm, quad_segs=128)
    rest = part.material.intersection(inner).difference(band)
    theta = math.atan2(ey - pivot[1], ex - pivot[0])
    c, s = math.cos(2.0 * theta), math.sin(2.0 * theta)
    px, py = pivot
    mirrored = shapely.affinity.affine_transform(
        rest, [c, s, s, -c, px - c * px - s * py, py - s * px + c * py]
    )
    union = rest.union(mirrored).area
    return float(rest.intersection(mirrored).area / union) if union else 0.0


def overlapping_glyphs(part: SvgPart, min_area_mm2: float = 0.005) -> list[tuple[float, float]]:
    """Centres of engraved subpaths that overlap another one (a star mark over a letter, two
    names on each other). A subpath lying wholly inside another is a letter's counter (the
    hole of an o), not an overlap."""
    glyphs = part.glyphs
    tree = shapely.STRtree(glyphs)
    out = []
    for i, j in zip(*tree.query(glyphs, predicate="intersects"), strict=True):
        if i >= j:
            continue
        a, b = glyphs[i], glyphs[j]
        if a.contains(b) or b.contains(a) or a.intersection(b).area < min_area_mm2:
            continue
        c = a.intersection(b).centroid
        out.append((round(c.x, 2), round(c.y, 2)))
    return out


def glyphs_on_lines(svg_text: str) -> list[tuple[float, float]]:
    """Centres of engraved subpaths that a scored line crosses (a label on a scale line)."""
    layers, _, _ = svg_layers(svg_text)
    lines = [LineString(p) for p in layers.get("SCORE", []) if len(p) >= 2]
    if not lines:
        return []
    tree = shapely.STRtree(lines)
    out = []
    for path in layers.get("ENGRAVE", []):
        if len(path) < 3:
            continue
        g = Polygon(path).buffer(0)
        hits = tree.query(g, predicate="intersects")
        if len(hits):
            c = g.centroid
            out.append((round(c.x, 2), round(c.y, 2)))
    return out


def rim_ticks_into_band(
    svg_text: str,
    pivot: tuple[float, float],
    limit_mm: float,
    ecliptic_center: tuple[float, float],
    ecliptic_r: float,
) -> list[tuple[float, float]]:
    """Scored segments of the rim (both ends beyond the plate limit) that come within 0.3 mm
    of the ecliptic circle, where they would stand between the calendar's ticks."""
    layers, _, _ = svg_layers(svg_text)
    out = []
    for path in layers.get("SCORE", []):
        if len(path) != 2 or min(math.dist(p, pivot) for p in path) <= limit_mm:
            continue
        if min(math.dist(p, ecliptic_center) for p in path) < ecliptic_r + 0.3:
            out.append(path[0])
    return out


def name_failures(
    part: SvgPart, stars: list[dict[str, Any]], reach_mm: float, band: dict[str, Any] | None = None
) -> list[str]:
    """Each star's engraved name where it can be read as that star's (issue 14, polish): the
    manifest's ``name_box_mm`` must hold engraved letters (a quarter of its area at least) and
    cut through none; its nearest point lies within ``reach_mm`` of the star's feature (the
    pointer's middle line ``pointer_mm`` from the star to its root, which must lie on the
    material, or the star's point) and strictly nearer that feature than any other star's. A
    star on the ecliptic ``band`` (the manifest's ``ecliptic``) may have its name across the
    band: up to the band's width away."""
    features = {}
    out = []
    for s in stars:
        if "pointer_mm" in s:
            line = LineString(s["pointer_mm"])
            on = line.intersection(part.material.buffer(0.05)).length
            if on < 0.95 * line.length:
                out.append(f"{s['name']}: its pointer's line leaves the material")
            features[s["name"]] = line
        else:
            features[s["name"]] = ShPoint(s["tip_mm"])
    for s in stars:
        if "name_box_mm" not in s:
            continue
        box = Polygon(s["name_box_mm"])
        grown = box.buffer(0.05)
        inked = sum(g.intersection(box).area for g in part.glyphs)
        cut = [g for g in part.glyphs if g.intersects(box) and not grown.contains(g)]
        if inked < 0.25 * box.area or cut:
            out.append(f"{s['name']}: no engraved name in its box")
        own = features[s["name"]].distance(box)
        reach = max(reach_mm, _band_width(band, s["tip_mm"]))
        if own > reach:
            out.append(f"{s['name']}: name {own:.2f} mm from its star (reach {reach:g})")
        for name, f in features.items():
            if name != s["name"] and f.distance(box) <= own:
                out.append(f"{s['name']}: name as near {name} ({f.distance(box):.2f} mm)")
    return out


def _band_width(band: dict[str, Any] | None, at: list[float]) -> float:
    """The ecliptic band's width when the point lies on the band, else 0."""
    if band is None:
        return 0.0
    r, r_in = band["radius_mm"], band["band_inner_radius_mm"]
    return r - r_in if r_in <= math.dist(band["center_mm"], at) <= r else 0.0
