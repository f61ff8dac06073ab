"""DXF writer: translates a scene Part into an AutoCAD R2010 DXF in millimetres (SPEC §1, §3).

- The drawing is the committed skeleton ``data/r2010-skeleton.dxf`` (an empty R2010 drawing made
  by ezdxf, see ``scripts/make_dxf_skeleton.py``): ``$INSUNITS`` = 4 (mm), ``$MEASUREMENT`` = 1
  (metric), one layer per SPEC layer. This writer fills in each layer's ACI colour from the
  palette, the entities (every one BYLAYER, owned by the ``*Model_Space`` block record) and
  ``$HANDSEED``. Entity tags follow the DXF reference (R2010): handle (5), owner (330),
  ``AcDbEntity`` with the layer (8), then the entity's own subclass and data.
- Each layer carries its ACI colour (group 62) and the palette's exact RGB as a true colour
  (group 420), the same colour as the SVG's layer, for every palette.
- Circles are ``CIRCLE``, arcs ``ARC``, contours of arcs and segments a closed ``LWPOLYLINE``
  with bulges, segments ``LINE``, sampled curves ``LWPOLYLINE``. No ``SPLINE``, no ``TEXT``:
  text is already outlines, written as closed ``LWPOLYLINE`` rings on ENGRAVE.
- The page frame is y-down, DXF is y-up: a page point (x, y) becomes (x, H - y) with H the
  page height, so the drawing keeps its orientation and its position on the page. Angles flip
  sign: a page angle t is the DXF angle -t, and a page sweep s (clockwise on the page for s > 0)
  is a DXF sweep -s. ``ARC`` always runs counter-clockwise from start to end angle, and the
  bulge of a polyline vertex is tan(sweep / 4), positive counter-clockwise (DXF reference,
  LWPOLYLINE group 42).
- Coordinates are written to 1 nm (6 decimals), angles and bulges in full; no dates, no GUIDs:
  the same part always gives the same bytes. The tests check every file with ezdxf (``audit``
  without errors, geometry read back equal to the SVG's).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from ..geometry.primitives import TAU, Arc, Circle, Contour, FilledPolygon, Polyline, Segment
from ..scene import LAYERS, Part
from .palette import Palette, palette

DXF_VERSION = "R2010"
SKELETON_FILE = "r2010-skeleton.dxf"
MARK_HANDSEED = "@@HANDSEED@@"
MARK_ENTITIES = "@@ENTITIES@@"


def aci_marker(layer: str) -> str:
    """The skeleton's stand-in for a layer's ACI colour."""
    return f"@@ACI:{layer}@@"


#: Coordinates are rounded to this many decimals of a millimetre (1 nm).
COORD_DECIMALS = 6


@dataclass(frozen=True)
class Skeleton:
    """The empty drawing's text, its first free handle and the model space's owner handle."""

    text: str
    first_handle: int
    modelspace_handle: str


def _tag_pairs(text: str) -> list[tuple[str, str]]:
    lines = text.split("\n")
    return [(lines[i].strip(), lines[i + 1]) for i in range(0, len(lines) - 1, 2)]


@lru_cache(maxsize=1)
def skeleton() -> Skeleton:
    """Load the skeleton and find the ``*Model_Space`` block record and the first free handle."""
    text = resources.files("astrolabe_fab.data").joinpath(SKELETON_FILE).read_text("utf-8")
    pairs = _tag_pairs(text.replace(MARK_ENTITIES + "\n", ""))
    handles = [int(v, 16) for c, v in pairs if c in ("5", "105") and v != MARK_HANDSEED]
    owner = None
    for k, (code, value) in enumerate(pairs):
        if code == "2" and value == "*Model_Space":
            record = pairs[:k]
            owner = next(v for c, v in reversed(record) if c == "5")
            break
    if owner is None:
        raise RuntimeError(f"{SKELETON_FILE} has no *Model_Space block record")
    return Skeleton(text, max(handles) + 1, owner)


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


def _n(v: float) -> str:
    """A coordinate in mm, to 1 nm."""
    return repr(round(float(v), COORD_DECIMALS))


class EntityWriter:
    """Tags of model-space entities, as DXF text, with consecutive handles."""

    def __init__(self, first_handle: int, owner: str, height_mm: float) -> None:
        self.handle = first_handle
        self.owner = owner
        self.h = height_mm
        self.chunks: list[str] = []

    def _start(self, kind: str, layer: str, subclass: str) -> None:
        self.chunks.append(
            f"  0\n{kind}\n  5\n{self.handle:X}\n330\n{self.owner}\n100\nAcDbEntity\n"
            f"  8\n{layer}\n100\n{subclass}\n"
        )
        self.handle += 1

    def _point(self, group: int, p: tuple[float, float]) -> str:
        """Tags of a page point in DXF coordinates: x, y = H - y, z = 0 (groups g, g+10, g+20)."""
        return (
            f"{group:3d}\n{_n(p[0])}\n{group + 10:3d}\n{_n(self.h - p[1])}\n{group + 20:3d}\n0.0\n"
        )

    def circle(self, cx: float, cy: float, r: float, layer: str) -> None:
        self._start("CIRCLE", layer, "AcDbCircle")
        self.chunks.append(f"{self._point(10, (cx, cy))} 40\n{_n(r)}\n")

    def arc(self, arc: Arc, layer: str) -> None:
        if abs(abs(arc.sweep_rad) - TAU) < 1e-12:
            self.circle(arc.cx, arc.cy, arc.r, layer)
            return
        start, end = dxf_angles_deg(arc)
        self._start("ARC", layer, "AcDbCircle")
        self.chunks.append(
            f"{self._point(10, (arc.cx, arc.cy))} 40\n{_n(arc.r)}\n"
            f"100\nAcDbArc\n 50\n{float(start)!r}\n 51\n{float(end)!r}\n"
        )

    def line(self, p0: tuple[float, float], p1: tuple[float, float], layer: str) -> None:
        self._start("LINE", layer, "AcDbLine")
        self.chunks.append(self._point(10, p0) + self._point(11, p1))

    def lwpolyline(self, xyb: np.ndarray, closed: bool, layer: str) -> None:
        """An LWPOLYLINE from an (n, 3) array of DXF x, y, bulge (group 42 where non-zero)."""
        self._start("LWPOLYLINE", layer, "AcDbPolyline")
        self.chunks.append(f" 90\n{len(xyb)}\n 70\n{1 if closed else 0}\n")
        xy = np.round(xyb[:, 0:2], COORD_DECIMALS).tolist()
        bulges = xyb[:, 2].tolist()
        if any(bulges):
            self.chunks.append(
                "".join(
                    f" 10\n{x!r}\n 20\n{y!r}\n" + (f" 42\n{b!r}\n" if b else "")
                    for (x, y), b in zip(xy, bulges, strict=True)
                )
            )
        else:
            self.chunks.append("".join(f" 10\n{x!r}\n 20\n{y!r}\n" for x, y in xy))

    def shape(self, shape: object, layer: str) -> None:
        h = self.h
        if isinstance(shape, Circle):
            self.circle(shape.cx, shape.cy, shape.r, layer)
        elif isinstance(shape, Arc):
            self.arc(shape, layer)
        elif isinstance(shape, Segment):
            self.line(shape.p0, shape.p1, layer)
        elif isinstance(shape, Polyline):
            self.lwpolyline(_flip(shape.points, h), shape.closed, layer)
        elif isinstance(shape, Contour):
            vertices = np.asarray(_contour_vertices(shape, h), dtype=np.float64)
            self.lwpolyline(vertices, True, layer)
        elif isinstance(shape, FilledPolygon):
            xy, _ = shape.points()
            for a, b in shape.ring_spans():
                if b - a > 1 and (xy[a] == xy[b - 1]).all():
                    b -= 1  # a ring that repeats its first point: once
                self.lwpolyline(_flip(xy[a:b], h), True, layer)
        else:
            raise TypeError(f"no DXF entity for {type(shape).__name__}")


def layer_colour_tags(pal: Palette, layer: str) -> str:
    """The value of a layer's group 62 (its ACI colour, for programs that read only that) and
    a group 420 true colour equal to the SVG's (24-bit 0xRRGGBB, DXF reference R2004+, LAYER
    group 420), so that a laser program's layer settings carry across SVG and DXF."""
    rgb = int(pal.colour(layer).lstrip("#"), 16)
    return f"{pal.aci_of(layer)}\n420\n{rgb}"


def part_to_dxf(part: Part, pal: Palette | None = None) -> bytes:
    """DXF file bytes of one part (deterministic; all five SPEC layers exist, even when empty)."""
    pal = pal or palette("lightburn")
    sk = skeleton()
    entities = EntityWriter(sk.first_handle, sk.modelspace_handle, part.height_mm)
    for layer in LAYERS:
        for item in part.items(layer):
            entities.shape(item.shape, layer)
    text = sk.text.replace(MARK_HANDSEED, f"{entities.handle:X}")
    for layer in LAYERS:
        text = text.replace(aci_marker(layer), layer_colour_tags(pal, layer))
    text = text.replace(MARK_ENTITIES + "\n", "".join(entities.chunks))
    return text.encode("utf-8")
