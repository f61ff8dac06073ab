"""DXF writer: translates a scene Part into an AutoCAD R2010 DXF in millimetres (SPEC §1, §3).

- ``$INSUNITS`` = 4 (mm), ``$MEASUREMENT`` = 1 (metric); one layer per SPEC layer, coloured by
  the palette's ACI colour, every entity BYLAYER.
- Circles are ``CIRCLE``, arcs ``ARC``, contours of arcs and segments a closed ``LWPOLYLINE``
  with bulges, segments ``LINE``, sampled curves ``LWPOLYLINE``. No ``SPLINE``, no ``TEXT``:
  text is already outlines, written as closed ``LWPOLYLINE`` rings on ENGRAVE.
- The page frame is y-down, DXF is y-up: a page point (x, y) becomes (x, H - y) with H the
  page height, so the drawing keeps its orientation and its position on the page. Angles flip
  sign: a page angle t is the DXF angle -t, and a page sweep s (clockwise on the page for s > 0)
  is a DXF sweep -s. ``ARC`` always runs counter-clockwise from start to end angle, and the
  bulge of a polyline vertex is tan(sweep / 4), positive counter-clockwise (DXF reference,
  LWPOLYLINE group 42).
- Deterministic: ezdxf's fixed metadata (creation/update dates, GUIDs) is switched on while
  writing, so the same part always gives the same bytes.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from contextlib import contextmanager

import ezdxf
import numpy as np
from ezdxf import units
from ezdxf.entities.lwpolyline import LWPolylinePoints
from ezdxf.layouts import Modelspace

from ..geometry.primitives import TAU, Arc, Circle, Contour, FilledPolygon, Polyline, Segment
from ..scene import LAYERS, Part
from .palette import Palette, palette

DXF_VERSION = "R2010"


@contextmanager
def _fixed_metadata() -> Iterator[None]:
    """Make ezdxf write constant dates and GUIDs (restored afterwards)."""
    old = ezdxf.options.write_fixed_meta_data_for_testing
    ezdxf.options.write_fixed_meta_data_for_testing = True
    try:
        yield
    finally:
        ezdxf.options.write_fixed_meta_data_for_testing = old


def dxf_angles_deg(arc: Arc) -> tuple[float, float]:
    """(start, end) angles in degrees of the counter-clockwise DXF arc equal to a page arc.

    Page angle t maps to DXF angle -t and the sweep s to -s (y flip). A DXF arc always runs
    counter-clockwise, so when s > 0 (a negative DXF sweep) it starts at the page arc's end.
    """
    a0 = -arc.start_rad
    a1 = -(arc.start_rad + arc.sweep_rad)
    start, end = (a0, a1) if a1 > a0 else (a1, a0)
    return math.degrees(start) % 360.0, math.degrees(end) % 360.0


def _bulge(sweep_page_rad: float) -> float:
    """Bulge of a polyline vertex for a page sweep: tan(dxf_sweep / 4), dxf_sweep = -sweep."""
    return math.tan(-sweep_page_rad / 4.0)


def _flip(points: object, h: float) -> np.ndarray:
    """(n, 3) array of x, H - y, bulge 0 for page points."""
    arr = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    out = np.zeros((len(arr), 3), dtype=np.float64)
    out[:, 0] = arr[:, 0]
    out[:, 1] = h - arr[:, 1]
    return out


def _contour_vertices(contour: Contour, h: float) -> list[tuple[float, float, float]]:
    """(x, y, bulge) vertices of a closed contour in DXF coordinates."""
    out: list[tuple[float, float, float]] = []
    for piece in contour.pieces:
        if isinstance(piece, Arc):
            halves = [piece]
            if abs(piece.sweep_rad) > 0.75 * TAU:  # keep bulges moderate (|bulge| <= tan(67.5°))
                half = piece.sweep_rad / 2.0
                halves = [
                    Arc(piece.cx, piece.cy, piece.r, piece.start_rad, half),
                    Arc(piece.cx, piece.cy, piece.r, piece.start_rad + half, half),
                ]
            for a in halves:
                x, y = a.start
                out.append((x, h - y, _bulge(a.sweep_rad)))
        else:
            x, y = piece.p0
            out.append((x, h - y, 0.0))
    return out


class _VertexBlock:
    """All vertex tags of one polyline as one pre-formatted string (same text as ezdxf's
    per-tag export: group 10/20 for x/y, 42 for a non-zero bulge, '%3d\n%s\n' per tag)."""

    __slots__ = ("values",)

    def __init__(self, values: np.ndarray) -> None:
        self.values = values

    def dxfstr(self) -> str:
        out = []
        for x, y, _sw, _ew, b in self.values.tolist():
            out.append(f" 10\n{x!r}\n 20\n{y!r}\n")
            if b:
                out.append(f" 42\n{b!r}\n")
        return "".join(out)


class _FastPoints(LWPolylinePoints):
    """Vertex array exported as one block (ezdxf formats text outlines tag by tag, ~10 us
    per tag; a part's lettering has tens of thousands of vertices)."""

    __slots__ = ()

    def dxftags(self) -> list[_VertexBlock]:  # type: ignore[override]
        return [_VertexBlock(self.values)]


def _lwpolyline(msp: Modelspace, xyb: np.ndarray, closed: bool, attribs: dict) -> None:
    """An LWPOLYLINE from an (n, 3) array of x, y, bulge.

    ezdxf appends vertices one at a time (a numpy concatenate each, quadratic in n); the
    vertex array (x, y, start width, end width, bulge per row) is set in one go instead.
    """
    e = msp.add_lwpolyline([], format="xyb", close=closed, dxfattribs=attribs)
    values = np.zeros((len(xyb), 5), dtype=np.float64)
    values[:, 0:2] = xyb[:, 0:2]
    values[:, 4] = xyb[:, 2]
    points = _FastPoints()
    points.values = values
    e.lwpoints = points


def _add_shape(msp: Modelspace, shape: object, layer: str, h: float) -> None:
    attribs = {"layer": layer}
    if isinstance(shape, Circle):
        msp.add_circle((shape.cx, h - shape.cy), shape.r, dxfattribs=attribs)
    elif isinstance(shape, Arc):
        if abs(abs(shape.sweep_rad) - TAU) < 1e-12:
            msp.add_circle((shape.cx, h - shape.cy), shape.r, dxfattribs=attribs)
            return
        start, end = dxf_angles_deg(shape)
        msp.add_arc((shape.cx, h - shape.cy), shape.r, start, end, dxfattribs=attribs)
    elif isinstance(shape, Segment):
        msp.add_line(
            (shape.p0[0], h - shape.p0[1]), (shape.p1[0], h - shape.p1[1]), dxfattribs=attribs
        )
    elif isinstance(shape, Polyline):
        _lwpolyline(msp, _flip(shape.points, h), shape.closed, attribs)
    elif isinstance(shape, Contour):
        _lwpolyline(msp, np.asarray(_contour_vertices(shape, h), dtype=np.float64), True, attribs)
    elif isinstance(shape, FilledPolygon):
        for ring in shape.rings:
            pts = list(ring)
            if len(pts) > 1 and pts[0] == pts[-1]:
                pts.pop()
            _lwpolyline(msp, _flip(pts, h), True, attribs)
    else:
        raise TypeError(f"no DXF entity for {type(shape).__name__}")


def part_to_dxf_doc(part: Part, pal: Palette | None = None) -> ezdxf.document.Drawing:
    """The ezdxf document of one part (all five SPEC layers exist, even when empty)."""
    pal = pal or palette("lightburn")
    with _fixed_metadata():
        doc = ezdxf.new(DXF_VERSION, setup=False)
    doc.units = units.MM
    doc.header["$MEASUREMENT"] = 1
    for layer in LAYERS:
        doc.layers.add(layer, color=pal.aci_of(layer))
    msp = doc.modelspace()
    h = part.height_mm
    for layer in LAYERS:
        for item in part.items(layer):
            _add_shape(msp, item.shape, layer, h)
    return doc


def part_to_dxf(part: Part, pal: Palette | None = None) -> bytes:
    """DXF file bytes of one part (deterministic)."""
    doc = part_to_dxf_doc(part, pal)
    stream = io.StringIO()
    with _fixed_metadata():
        doc.write(stream)
    return stream.getvalue().encode("utf-8")
