"""The dragon: fabrication checks on the written SVG (one closed outline, minimum web, nothing
engraved within 0.3 mm of a cut), its limit arcs read back from the geometry, and its fit to
the back's node-year scale."""

from __future__ import annotations

import math

import pytest
from shapely.geometry import LineString, MultiLineString, Polygon
from shapely.ops import unary_union

from astrolabe_fab.design import Design
from astrolabe_fab.fabrication import prepare_part
from astrolabe_fab.geometry.primitives import Contour, Polyline, Segment
from astrolabe_fab.parts.back import draw_mater_back
from astrolabe_fab.parts.dragon import draw_dragon
from astrolabe_fab.parts.layout import layout_for
from astrolabe_fab.writers.svg import part_to_svg
from tests.fabrication.helpers import svg_layers
from tests.parts.test_back import _no_collisions

CLEARANCE_MM = 0.3
DESIGNS = [
    dict(latitude_deg=38.9),
    dict(latitude_deg=-33.87, diameter_mm=120.0),
    dict(latitude_deg=51.75, style="classic", dragon=True),
    dict(latitude_deg=51.75, style="classic", dragon=True, diameter_mm=90.0, min_web_mm=2.0),
    dict(latitude_deg=38.9, diameter_mm=400.0, min_web_mm=3.0),
]


def _design(**kw: object) -> Design:
    return Design(epoch=2026.0, **kw).validate()  # type: ignore[arg-type]


def _written(design: Design) -> dict[str, list[list[tuple[float, float]]]]:
    part = prepare_part(draw_dragon(design, layout_for(design)).part)
    layers, _, _ = svg_layers(part_to_svg(part))
    return layers


def _solid(layers: dict) -> Polygon:  # type: ignore[type-arg]
    (outer,) = layers["CUT_OUTER"]
    solid = Polygon(outer)
    for hole in layers["CUT_INNER"]:
        solid = solid.difference(Polygon(hole))
    return solid


def _web_loss_mm(solid: Polygon, web_mm: float) -> float:
    """How far the solid reaches beyond its opening by a disc of the web's diameter: 0 when
    every bridge, tip and corner is at least one web wide."""
    r = web_mm / 2.0
    opened = solid.buffer(-r, quad_segs=32).buffer(r, quad_segs=32)
    assert opened.geom_type == "Polygon", "the opened dragon falls apart"
    return solid.hausdorff_distance(opened)


@pytest.mark.parametrize("kw", DESIGNS)
def test_one_closed_outline_min_web_and_clearance(kw: dict) -> None:  # type: ignore[type-arg]
    design = _design(**kw)
    layers = _written(design)
    assert len(layers["CUT_OUTER"]) == 1
    outer = layers["CUT_OUTER"][0]
    assert math.dist(outer[0], outer[-1]) < 1e-6  # closed
    assert len(layers["CUT_INNER"]) == 1  # the pivot hole
    solid = _solid(layers)
    assert solid.is_valid and solid.geom_type == "Polygon" and len(solid.interiors) == 1
    assert _web_loss_mm(solid, design.min_web_mm) < 0.05
    cuts = MultiLineString([*layers["CUT_OUTER"], *layers["CUT_INNER"]])
    glyphs = unary_union([Polygon(r).buffer(0) for r in layers["ENGRAVE"] if len(r) >= 3])
    assert not glyphs.is_empty
    assert solid.contains(glyphs)
    assert glyphs.distance(cuts) >= CLEARANCE_MM
    lines = MultiLineString([p for p in layers["SCORE"] if len(p) >= 2])
    assert solid.contains(lines)
    assert lines.distance(cuts) >= CLEARANCE_MM


def test_web_check_can_fail() -> None:
    # the bar is 6 mm wide: a check with a 7 mm web must see it vanish
    layers = _written(_design(latitude_deg=38.9))
    solid = _solid(layers)
    with pytest.raises(AssertionError):
        assert _web_loss_mm(solid, 7.0) < 0.05


@pytest.mark.parametrize("kw", DESIGNS[:3])
def test_limit_arcs_span_the_limits_about_each_node(kw: dict) -> None:  # type: ignore[type-arg]
    """Long ticks at +-18.5 and +-12.2 deg, short ones at +-15.4 and +-9.5 deg, about the head
    (page bearing 0) and the tail (180), read from the drawn segments."""
    design = _design(**kw)
    drawing = draw_dragon(design, layout_for(design))
    cx, cy = drawing.part.center_mm
    geo = drawing.geometry
    found: dict[tuple[int, float], list[float]] = {}
    for it in drawing.part.items("SCORE"):
        s = it.shape
        if not isinstance(s, Segment):
            continue
        r0, r1 = math.dist(s.p0, (cx, cy)), math.dist(s.p1, (cx, cy))
        b = math.degrees(math.atan2(s.p0[0] - cx, -(s.p0[1] - cy))) % 360.0
        b1 = math.degrees(math.atan2(s.p1[0] - cx, -(s.p1[1] - cy))) % 360.0
        if abs(b - b1) > 1e-9 or r0 - r1 > 3.0:  # radial ticks only (not the centre lines)
            continue
        for r_arc in (geo.r_solar, geo.r_lunar):
            if r1 < r_arc - 1e-3 and r_arc - 1e-6 < r0 < r_arc + 1.0:
                end = 0 if (b < 90 or b > 270) else 180
                off = (b - end + 180.0) % 360.0 - 180.0
                found.setdefault((end, round(r_arc, 6)), []).append(round(off, 6))
    for end in (0, 180):
        assert sorted(found[(end, round(geo.r_solar, 6))]) == [-18.5, -15.4, 15.4, 18.5]
        assert sorted(found[(end, round(geo.r_lunar, 6))]) == [-12.2, -9.5, 9.5, 12.2]


@pytest.mark.parametrize("kw", DESIGNS[:3])
def test_nose_stops_at_the_node_scale(kw: dict) -> None:  # type: ignore[type-arg]
    """The head's tip lies just inside the reading circle of the back's node-year scale."""
    design = _design(**kw)
    layout = layout_for(design)
    drawing = draw_dragon(design, layout)
    back = draw_mater_back(design, layout).part
    reading = back.meta["scales"]["node_years"]["reading_radius_mm"]
    cx, cy = drawing.part.center_mm
    outline = drawing.part.items("CUT_OUTER")[0].shape
    assert isinstance(outline, Contour | Polyline)
    pts = Polygon(_points(outline)).exterior.coords
    reach = max(cy - y for x, y in pts if abs(x - cx) < 0.5)  # along the head's axis
    assert reading - 0.6 < reach < reading
    assert drawing.part.meta["nose_radius_mm"] == pytest.approx(reach, abs=0.01)


def _points(shape: Contour | Polyline) -> list[tuple[float, float]]:
    if isinstance(shape, Polyline):
        return list(shape.points)
    out: list[tuple[float, float]] = []
    for piece in shape.pieces:
        if isinstance(piece, Segment):
            out.append(piece.p0)
        else:
            n = max(2, int(abs(piece.sweep_rad) * piece.r / 0.05))
            out += [piece.point_at(piece.start_rad + piece.sweep_rad * k / n) for k in range(n)]
    return out


def test_modern_outline_pieces_join() -> None:
    design = _design(latitude_deg=38.9)
    outline = draw_dragon(design, layout_for(design)).part.items("CUT_OUTER")[0].shape
    assert isinstance(outline, Contour)
    pieces = outline.pieces
    for a, b in zip(pieces, (*pieces[1:], pieces[0]), strict=True):
        assert math.dist(a.end, b.start) < 1e-9
    assert LineString([*_points(outline), _points(outline)[0]]).is_simple


@pytest.mark.parametrize("kw", DESIGNS[:3])
def test_no_line_crosses_text(kw: dict) -> None:  # type: ignore[type-arg]
    design = _design(**kw)
    _no_collisions(draw_dragon(design, layout_for(design)).part)


def test_dragon_is_optional_and_follows_the_style() -> None:
    from astrolabe_fab.build import instrument_parts

    assert _design(latitude_deg=38.9).has_dragon
    assert not _design(latitude_deg=38.9, style="classic").has_dragon
    assert _design(latitude_deg=38.9, style="classic", dragon=True).has_dragon
    plain = _design(latitude_deg=38.9, dragon=False)
    names = [p.name for p in instrument_parts(plain)]
    assert "dragon" not in names
    back = draw_mater_back(plain, layout_for(plain)).part
    assert "node_years" not in back.meta["scales"]


def test_manifest_describes_the_dragon() -> None:
    """Node-year marks (year -> longitude, the same as the back's scale), the limits engraved,
    and the zodiac ring's mapping the dragon relies on."""
    design = _design(latitude_deg=38.9)
    layout = layout_for(design)
    meta = draw_dragon(design, layout).part.meta
    scales = draw_mater_back(design, layout).part.meta["scales"]
    years = meta["node_years"]["longitude_deg"]
    assert years == scales["node_years"]["years"]
    assert list(years) == [str(y) for y in range(2026, 2045)]
    assert meta["limits_deg"]["solar"]["major_deg"] == 18.5
    assert meta["limits_deg"]["lunar"]["minor_deg"] == 9.5
    assert "270 + lambda" in meta["zodiac_mapping"]
    assert scales["ecliptic"]["formula"].startswith("bearing = 270 + lambda")
    assert meta["head_bearing_deg"] == 0.0 and meta["tail_bearing_deg"] == 180.0


def test_a_dragon_that_does_not_fit_stops_the_build_with_one_line(
    tmp_path,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    from tests.cli_run import run_cli

    out = tmp_path / "x"
    args = ["build", "--lat", "30", "--diameter", "60", "--min-web", "3", "--out", str(out)]
    code, _, err = run_cli(args, capsys)
    assert code == 2 and "--no-dragon" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()
    assert run_cli([*args, "--no-dragon", "--formats", "svg"], capsys)[0] == 0
