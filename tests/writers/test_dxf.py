"""DXF output: ezdxf audit, units, layers, entity kinds, and the same geometry as the SVG."""

from __future__ import annotations

import io
import math
import re
import subprocess
import sys
from pathlib import Path

import ezdxf
import pytest

from astrolabe_fab.geometry.primitives import Arc, Circle, Contour, FilledPolygon, Segment
from astrolabe_fab.scene import LAYERS, Part
from astrolabe_fab.writers.dxf import part_to_dxf
from astrolabe_fab.writers.palette import palette
from astrolabe_fab.writers.style import DrawStyle
from astrolabe_fab.writers.svg import part_to_svg
from tests.fabrication.helpers import LATITUDES, dxf_layers, max_gap_mm, ready_parts, svg_layers


def read(data: bytes) -> ezdxf.document.Drawing:
    return ezdxf.read(io.StringIO(data.decode("utf-8")))


@pytest.mark.parametrize("lat", LATITUDES)
def test_every_dxf_audits_clean_in_mm_with_five_layers(lat: float) -> None:
    kinds: set[str] = set()
    for part in ready_parts(lat):
        doc = read(part_to_dxf(part))
        auditor = doc.audit()
        assert not auditor.has_errors, (part.name, [str(e) for e in auditor.errors])
        assert doc.header["$INSUNITS"] == 4
        assert doc.dxfversion == "AC1024"  # R2010
        names = {layer.dxf.name for layer in doc.layers}
        assert set(LAYERS) <= names
        part_kinds = {e.dxftype() for e in doc.modelspace()}
        assert part_kinds <= {"LINE", "ARC", "CIRCLE", "LWPOLYLINE"}, part_kinds
        assert not part_kinds & {"TEXT", "MTEXT", "SPLINE"}
        assert all(e.dxf.color == 256 for e in doc.modelspace())  # BYLAYER
        kinds |= part_kinds
    assert {"ARC", "CIRCLE"} <= kinds


@pytest.mark.parametrize("lat", LATITUDES)
def test_dxf_geometry_equals_svg_geometry(lat: float) -> None:
    """Both files read back independently; every point of each lies on the other (0.01 mm)."""
    for part in ready_parts(lat):
        svg, w, h = svg_layers(part_to_svg(part))
        dxf = dxf_layers(read(part_to_dxf(part)), h)
        assert math.isclose(w, part.width_mm, abs_tol=1e-3)
        for layer in LAYERS:
            a, b = svg.get(layer, []), dxf.get(layer, [])
            assert bool(a) == bool(b), (part.name, layer)
            if not a:
                continue
            # each vertex of one file lies on the lines of the other (arcs sampled with a chord
            # error below 0.002 mm)
            assert max_gap_mm(a, b) < 0.01, (part.name, layer, "svg->dxf")
            assert max_gap_mm(b, a) < 0.01, (part.name, layer, "dxf->svg")


def _one_part(shape: object, layer: str = "SCORE") -> Part:
    part = Part("t", 100.0, 80.0, (50.0, 40.0))
    part.add(layer, shape)  # type: ignore[arg-type]
    return part


def test_arc_angles_follow_the_y_flip() -> None:
    """A page arc from angle 0 turning +90 deg (clockwise on the page, ending below the centre)
    is, in DXF (y up), the counter-clockwise arc from 270 to 360 deg."""
    part = _one_part(Arc(50.0, 40.0, 10.0, 0.0, math.pi / 2.0))
    arc = next(iter(read(part_to_dxf(part)).modelspace()))
    assert arc.dxftype() == "ARC"
    assert math.isclose(arc.dxf.center.y, 80.0 - 40.0)
    assert math.isclose(arc.dxf.start_angle % 360.0, 270.0, abs_tol=1e-9)
    assert math.isclose(arc.dxf.end_angle % 360.0, 0.0, abs_tol=1e-9) or math.isclose(
        arc.dxf.end_angle, 360.0, abs_tol=1e-9
    )
    # the page end point (50, 50) is the DXF point (50, 30)
    end_dxf = (
        50.0 + 10.0 * math.cos(math.radians(arc.dxf.start_angle)),
        40.0 + 10.0 * math.sin(math.radians(arc.dxf.start_angle)),
    )
    assert math.dist(end_dxf, (50.0, 30.0)) < 1e-9


@pytest.mark.parametrize("sweep", [math.pi / 3.0, -math.pi / 3.0, 1.5 * math.pi, -1.7 * math.pi])
def test_contour_bulges_trace_the_page_arc(sweep: float) -> None:
    """A contour of one arc and its chord: the bulge gives back the arc's midpoint."""
    arc = Arc(50.0, 40.0, 12.0, 0.3, sweep)
    contour = Contour((arc, Segment(arc.end, arc.start)))
    doc = read(part_to_dxf(_one_part(contour, "CUT_OUTER")))
    lines = dxf_layers(doc, 80.0)["CUT_OUTER"]
    mid = arc.mid
    assert max_gap_mm([[mid]], lines) < 0.003  # sampling chord error < 0.002
    # and a point on the other side of the circle is not on it
    other = arc.point_at(arc.start_rad - (2 * math.pi - abs(sweep)) / 2.0 * math.copysign(1, sweep))
    assert max_gap_mm([[other]], lines) > 0.5


def test_dxf_is_deterministic_and_uses_the_palette_colours() -> None:
    part = ready_parts(38.9)[0]
    a, b = part_to_dxf(part), part_to_dxf(part)
    assert a == b
    for name in ("lightburn", "ponoko", "mono"):
        pal = palette(name)
        doc = read(part_to_dxf(part, pal))
        for layer in LAYERS:
            assert doc.layers.get(layer).dxf.color == pal.aci_of(layer)


def test_circle_stays_a_circle() -> None:
    doc = read(part_to_dxf(_one_part(Circle(50.0, 40.0, 7.5), "CUT_INNER")))
    (e,) = list(doc.modelspace())
    assert e.dxftype() == "CIRCLE" and e.dxf.layer == "CUT_INNER"
    assert math.isclose(e.dxf.radius, 7.5) and math.isclose(e.dxf.center.y, 40.0)


def test_handles_are_unique_and_below_the_handseed() -> None:
    """Every handle the writer adds is new, $HANDSEED lies above all, no skeleton marker is left,
    and each entity is owned by the model space block record."""
    data = part_to_dxf(ready_parts(38.9)[3]).decode("utf-8")
    assert "@@" not in data
    lines = data.split("\n")
    pairs = [(lines[i].strip(), lines[i + 1]) for i in range(0, len(lines) - 1, 2)]
    at = next(k for k, p in enumerate(pairs) if p[1] == "$HANDSEED") + 1
    seed = int(pairs[at][1], 16)
    handles = [int(v, 16) for k, (c, v) in enumerate(pairs) if c in ("5", "105") and k != at]
    assert len(handles) == len(set(handles))
    assert seed > max(handles)
    doc = read(data.encode("utf-8"))
    owner = doc.block_records.get("*Model_Space").dxf.handle
    assert len(doc.modelspace()) > 100
    assert all(e.dxf.owner == owner for e in doc.modelspace())


def test_committed_skeleton_is_the_generator_output() -> None:
    """data/r2010-skeleton.dxf is what scripts/make_dxf_skeleton.py writes: byte for byte with
    the ezdxf release that wrote it, else (a newer ezdxf may add header variables) the same
    markers in the same order."""
    root = Path(__file__).resolve().parents[2]
    script = root / "scripts" / "make_dxf_skeleton.py"
    fresh = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, check=True, cwd=root
    ).stdout
    committed = (root / "astrolabe_fab" / "data" / "r2010-skeleton.dxf").read_text("utf-8")
    written_with = re.search(r'WRITTEN_WITH_EZDXF = "([^"]+)"', script.read_text()).group(1)
    if ezdxf.__version__ == written_with:
        assert fresh == committed
    else:
        assert re.findall("@@.*@@", fresh) == re.findall("@@.*@@", committed)
    assert len(re.findall("@@ACI:.*@@", committed)) == len(LAYERS)


@pytest.mark.parametrize("name", ["lightburn", "glowforge", "xtool", "epilog", "ponoko", "mono"])
def test_dxf_layer_colours_equal_the_svg_layer_colours(name: str) -> None:
    """Both files of one part read back: each SVG layer group's colour (its fill on ENGRAVE,
    its stroke elsewhere) equals the DXF layer's true colour (group 420); the ACI (group 62)
    stays for programs that read only that."""
    part = next(p for p in ready_parts(38.9) if p.name == "mater-front")
    pal = palette(name)
    svg = part_to_svg(part, DrawStyle(palette=pal))
    svg_colour: dict[str, str] = {}
    for m in re.finditer(r'<g id="([A-Z_]+)" inkscape:groupmode="layer"[^>]*>', svg):
        paint = "fill" if m.group(1) == "ENGRAVE" else "stroke"
        colour = re.search(rf'{paint}="(#[0-9A-Fa-f]{{6}})"', m.group(0))
        assert colour is not None, m.group(0)
        svg_colour[m.group(1)] = colour.group(1).upper()
    assert set(svg_colour) == set(LAYERS)
    doc = read(part_to_dxf(part, pal))
    for layer in LAYERS:
        rgb = doc.layers.get(layer).rgb
        assert rgb is not None, layer
        assert "#{:02X}{:02X}{:02X}".format(*rgb) == svg_colour[layer], (name, layer)


def test_a_filled_polygon_is_one_closed_polyline_a_ring_each_point_once() -> None:
    """A text outline's rings, written as closed LWPOLYLINEs in the y-up frame: a ring that
    repeats its first point at its end gives that point once; a ring that does not, all its
    points; a ring of two equal points gives one, a ring of one point keeps it."""
    square = [(10.0, 10.0), (20.0, 10.0), (20.0, 20.0), (10.0, 20.0), (10.0, 10.0)]
    triangle = [(30.0, 30.0), (40.0, 30.0), (35.0, 38.0)]
    pair = [(60.0, 5.0), (60.0, 5.0)]
    dot = [(70.0, 5.0)]
    shape = FilledPolygon((tuple(square), tuple(triangle), tuple(pair), tuple(dot)))
    polylines = list(read(part_to_dxf(_one_part(shape, "ENGRAVE"))).modelspace())
    assert [e.dxftype() for e in polylines] == ["LWPOLYLINE"] * 4
    assert all(e.closed for e in polylines)
    got = [[(x, y) for x, y, *_ in e.get_points()] for e in polylines]
    flip = [[(x, 80.0 - y) for x, y in ring] for ring in (square[:-1], triangle, pair[:1], dot)]
    assert got == flip
