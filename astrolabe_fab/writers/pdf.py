"""The paper PDF (``astrolabe.pdf``): every part at true scale, for printing, gluing and scissors.

Pages (``--paper a4|letter|a3|tabloid``, portrait, 10 mm margin):

- a first page with the parts list, the assembly order and the screw to use;
- then each part (sheet layouts excluded) at 1:1. A part larger than the page is tiled with a
  10 mm overlap: tiles are named by row letter and column number (A1, A2, B1 ...), each seam
  carries registration marks printed on both neighbours, and a dashed trim line on the tile
  that is laid over its neighbour. Tiles with nothing on them are skipped.
- every page carries a 100 mm calibration square with a 0-100 mm scale bar along its lower
  edge and the note "print at 100 % / actual size"; the PDF asks viewers not to scale when
  printing (``/ViewerPreferences << /PrintScaling /None >>``, ISO 32000-1 Table 150).
  The square goes in a corner that the drawing leaves free, else in a band at the page foot.

Drawing: black lines on white; the outline (CUT_OUTER) and holes (CUT_INNER) 0.3 mm thick so
they can be followed with scissors or a craft knife, holes and windows shaded light grey.
Each part is drawn once (``pdf_draw``: the primitives of the scene as PDF paths, arcs as
Bezier curves within 0.0001 mm, in the preview SVG's line weights) and placed on its tile pages
as a clipped Form XObject, turned a quarter turn when that saves pages. This direct path
replaced cairosvg (same picture, about 5 times faster; the PNG previews still use cairosvg).
Page furniture (calibration square, marks, notes) is written as PDF operators in mm converted
to points (72 / 25.4 pt per mm); its text is outlined from the bundled font, one Form XObject
per glyph. Deterministic: fixed metadata, no
dates, a document ID derived from the content, so a rebuild gives the same bytes.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely

from .. import __version__
from ..design import Design
from ..geometry.primitives import FilledPolygon
from ..scene import Part
from ..text import place_text, text_width_mm
from .palette import PAPER
from .pdf_draw import part_operators
from .pdf_file import PdfFile, ref
from .pdf_file import pdf_number as _num
from .svg import SvgStyle

#: Paper sizes in mm (ISO 216 A4/A3; ANSI Letter 8.5 x 11 in, Tabloid 11 x 17 in).
PAPER_MM: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "letter": (215.9, 279.4),
    "a3": (297.0, 420.0),
    "tabloid": (279.4, 431.8),
}
MARGIN_MM = 10.0
OVERLAP_MM = 10.0
CAL_MM = 100.0
HEADER_MM = 8.0
GAP_MM = 5.0
CLEAR_MM = 3.0
PT_PER_MM = 72.0 / 25.4
LINE_MM = 0.3
THIN_MM = 0.15
#: Bezier handle length for a quarter circle, 4/3 (sqrt 2 - 1) (e.g. Riskus 2014).
KAPPA = 4.0 / 3.0 * (math.sqrt(2.0) - 1.0)


# --------------------------------------------------------------------------- pdf drawing


class Glyphs:
    """One Form XObject per character (outlines of the bundled font at 1 mm cap height)."""

    def __init__(self, writer: PdfFile) -> None:
        self.writer = writer
        self.refs: dict[str, tuple[str, int]] = {}

    def get(self, ch: str) -> tuple[str, int]:
        if ch not in self.refs:
            outline = place_text(ch, (0.0, 0.0), 1.0, halign="left", valign="baseline").outline
            parts = []
            for ring in outline.rings:
                pts = [f"{_num(x)} {_num(-y)}" for x, y in ring]
                parts.append(f"{pts[0]} m " + " l ".join(pts[1:]) + " l h")
            data = (" ".join(parts) + " f").encode("ascii") if parts else b""
            number = self.writer.add_stream("/Type /XObject /Subtype /Form /BBox [-1 -1 3 2]", data)
            self.refs[ch] = (f"/G{len(self.refs)}", number)
        return self.refs[ch]


class Canvas:
    """PDF operators in page millimetres (x right, y down) for a page ``height_mm`` high."""

    def __init__(self, height_mm: float, glyphs: Glyphs) -> None:
        self.h = height_mm
        self.glyphs = glyphs
        self.ops: list[str] = ["0 G 0 g 1 J 1 j"]
        self.xobjects: dict[str, int] = {}

    def _p(self, x: float, y: float) -> str:
        return f"{_num(x * PT_PER_MM)} {_num((self.h - y) * PT_PER_MM)}"

    def line(
        self,
        x0: float,
        y0: float,
        x1: float,
        y1: float,
        width: float = THIN_MM,
        dash: tuple[float, float] | None = None,
    ) -> None:
        d = f"[{_num(dash[0] * PT_PER_MM)} {_num(dash[1] * PT_PER_MM)}] 0 d " if dash else ""
        self.ops.append(
            f"q {_num(width * PT_PER_MM)} w {d}{self._p(x0, y0)} m {self._p(x1, y1)} l S Q"
        )

    def rect(self, x: float, y: float, w: float, h: float, width: float = LINE_MM) -> None:
        self.ops.append(
            f"q {_num(width * PT_PER_MM)} w {self._p(x, y + h)} "
            f"{_num(w * PT_PER_MM)} {_num(h * PT_PER_MM)} re S Q"
        )

    def circle(self, cx: float, cy: float, r: float, width: float = THIN_MM) -> None:
        k = KAPPA * r
        pts = [(cx + r, cy)]
        segs = []
        for (ax, ay), (bx, by), (ex, ey) in (
            ((cx + r, cy + k), (cx + k, cy + r), (cx, cy + r)),
            ((cx - k, cy + r), (cx - r, cy + k), (cx - r, cy)),
            ((cx - r, cy - k), (cx - k, cy - r), (cx, cy - r)),
            ((cx + k, cy - r), (cx + r, cy - k), (cx + r, cy)),
        ):
            segs.append(f"{self._p(ax, ay)} {self._p(bx, by)} {self._p(ex, ey)} c")
        self.ops.append(
            f"q {_num(width * PT_PER_MM)} w {self._p(*pts[0])} m " + " ".join(segs) + " h S Q"
        )

    def text(
        self, text: str, x: float, y: float, cap: float, halign: str = "left", valign: str = "top"
    ) -> None:
        """Text outlined from the bundled font; (x, y) is the anchor, y down."""
        width = text_width_mm(text, cap)
        x0 = {"left": x, "center": x - width / 2.0, "right": x - width}[halign]
        base = {"top": y + cap, "middle": y + cap / 2.0, "bottom": y, "baseline": y}[valign]
        s = _num(cap * PT_PER_MM)
        pen = x0
        for ch in text:
            if not ch.isspace():
                name, ref = self.glyphs.get(ch)
                self.xobjects[name] = ref
                self.ops.append(f"q {s} 0 0 {s} {self._p(pen, base)} cm {name} Do Q")
            pen += text_width_mm(ch, cap)

    def paragraphs(
        self,
        items: Sequence[str],
        x: float,
        y: float,
        width: float,
        cap: float,
        spacing: float = 1.7,
    ) -> float:
        """Wrapped paragraphs from (x, y) down; returns the y below them."""
        for para in items:
            for line in _wrap(para, width, cap):
                self.text(line, x, y, cap)
                y += cap * spacing
            y += cap * 0.6
        return y

    def place_turned(
        self,
        name: str,
        ref: int,
        at_mm: tuple[float, float],
        clip: tuple[float, float, float, float],
    ) -> None:
        """Draw a part XObject turned a quarter turn clockwise: part (x, y) lands at page
        ``at_mm`` + (H - y, x); in PDF terms X = Yp + e, Y = -Xp + f."""
        x0, y0, x1, y1 = clip
        clip_op = (
            f"{self._p(x0, y1)} {_num((x1 - x0) * PT_PER_MM)} {_num((y1 - y0) * PT_PER_MM)} re W n "
        )
        e = at_mm[0] * PT_PER_MM
        f = (self.h - at_mm[1]) * PT_PER_MM
        self.ops.append(f"q {clip_op}0 -1 1 0 {_num(e)} {_num(f)} cm {name} Do Q")
        self.xobjects[name] = ref

    def place(
        self,
        name: str,
        ref: int,
        height_pt: float,
        at_mm: tuple[float, float],
        clip: tuple[float, float, float, float] | None = None,
    ) -> None:
        """Draw a Form XObject whose top-left lands at ``at_mm``, clipped to ``clip`` (mm)."""
        clip_op = ""
        if clip is not None:
            x0, y0, x1, y1 = clip
            clip_op = (
                f"{self._p(x0, y1)} {_num((x1 - x0) * PT_PER_MM)} "
                f"{_num((y1 - y0) * PT_PER_MM)} re W n "
            )
        e = at_mm[0] * PT_PER_MM
        f = (self.h - at_mm[1]) * PT_PER_MM - height_pt
        self.ops.append(f"q {clip_op}1 0 0 1 {_num(e)} {_num(f)} cm {name} Do Q")
        self.xobjects[name] = ref

    def stream(self) -> bytes:
        return ("\n".join(self.ops) + "\n").encode("ascii")


def _wrap(text: str, width_mm: float, cap: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and text_width_mm(trial, cap) > width_mm:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def draw_calibration(c: Canvas, x: float = 0.0, y: float = 0.0) -> None:
    """The 100 mm calibration square at (x, y) (top-left), its scale bar and the print note."""
    c.rect(x, y, CAL_MM, CAL_MM, LINE_MM)
    base = y + CAL_MM
    for mm in range(0, 101):
        h = 5.0 if mm % 10 == 0 else 3.5 if mm % 5 == 0 else 2.0
        c.line(x + mm, base, x + mm, base - h, 0.12)
        if mm % 10 == 0 and 0 < mm < 100:
            c.text(str(mm), x + mm, base - 6.2, 2.0, "center", "bottom")
    c.text("mm", x + 97.5, base - 6.2, 2.0, "right", "bottom")
    c.text("PRINT AT 100 % / ACTUAL SIZE", x + 50.0, y + 8.0, 4.0, "center")
    notes = [
        'Do not use "Fit to page" or "Shrink".',
        "This square must measure 100 mm on each side, and the scale along its lower edge 100 mm.",
        "If it does not, change the printer setting to 100 % (actual size) and print again.",
    ]
    c.paragraphs(notes, x + 6.0, y + 18.0, CAL_MM - 12.0, 2.6)
    c.text("100 mm calibration square", x + 50.0, y + CAL_MM - 16.0, 3.0, "center")


def registration_mark(c: Canvas, x: float, y: float) -> None:
    c.circle(x, y, 2.5, THIN_MM)
    c.line(x - 4.0, y, x + 4.0, y)
    c.line(x, y - 4.0, x, y + 4.0)


# --------------------------------------------------------------------------- layout


@dataclass
class Tile:
    """One page of a part: the window of the part (part mm) shown at ``area_xy`` (page mm)."""

    part: str
    window: tuple[float, float, float, float]  # x0, y0, x1, y1 in part coordinates
    area_xy: tuple[float, float]  # where the window's top-left lands on the page
    label: str
    row: int
    col: int
    rows: int
    cols: int
    cal_xy: tuple[float, float] = (0.0, 0.0)
    band: bool = False
    rotated: bool = False


@dataclass
class PartPlan:
    """How a part goes on pages; windows are in view coordinates, which are the part's own,
    or, for a part turned a quarter turn clockwise to fit, (x', y') = (H - y, x)."""

    part: Part
    extent: tuple[float, float, float, float]  # of the part itself (unturned)
    tiles: list[Tile] = field(default_factory=list)
    rotated: bool = False


def part_extent(part: Part) -> tuple[float, float, float, float]:
    """What is drawn of a part (GUIDE excluded), with room for the line width."""
    x0, y0, x1, y1 = part.bbox(("ENGRAVE", "SCORE", "CUT_INNER", "CUT_OUTER"))
    pad = LINE_MM
    return (x0 - pad, y0 - pad, x1 + pad, y1 + pad)


def _view(points: np.ndarray, part: Part, rotated: bool) -> np.ndarray:
    """Part coordinates to view coordinates ((H - y, x) for a quarter turn clockwise)."""
    if not rotated:
        return points
    return np.column_stack([part.height_mm - points[:, 1], points[:, 0]])


def _view_extent(
    part: Part, rotated: bool, extent: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    x0, y0, x1, y1 = extent
    if not rotated:
        return (x0, y0, x1, y1)
    h = part.height_mm
    return (h - y1, x0, h - y0, x1)


def _drawn_points(part: Part) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Coarse points of every line (coordinates, line index) and the boxes of filled areas."""
    from ..fabrication.shapes import shape_points

    coords: list[list[tuple[float, float]]] = []
    boxes: list[tuple[float, float, float, float]] = []
    for layer in ("ENGRAVE", "SCORE", "CUT_INNER", "CUT_OUTER"):
        for it in part.items(layer):
            s = it.shape
            if isinstance(s, FilledPolygon):
                boxes.append(s.bbox())
            else:
                pts = shape_points(s, 0.2)
                coords.append(pts if len(pts) > 1 else [pts[0], pts[0]])
    index = np.repeat(np.arange(len(coords)), [len(c) for c in coords])
    flat = np.asarray([p for c in coords for p in c], dtype=float).reshape(-1, 2)
    return flat, index, np.asarray(boxes, dtype=float).reshape(-1, 4)


def _geometry_index(
    part: Part, rotated: bool, drawn: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> shapely.STRtree:
    """Shapely geometry of everything drawn (view coordinates), to find empty tiles and free
    corners for the square."""
    flat, index, boxes = drawn
    geoms = []
    if len(flat):
        geoms.extend(shapely.linestrings(_view(flat, part, rotated), indices=index))
    if len(boxes):
        a = _view(boxes[:, 0:2], part, rotated)
        b = _view(boxes[:, 2:4], part, rotated)
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        geoms.extend(shapely.box(lo[:, 0], lo[:, 1], hi[:, 0], hi[:, 1]))
    return shapely.STRtree(geoms)


def _grid(lo: float, hi: float, size: float) -> list[float]:
    """Starts of windows of ``size`` covering [lo, hi] with OVERLAP_MM overlap, centred."""
    span = hi - lo
    if span <= size:
        return [lo - (size - span) / 2.0]
    n = math.ceil((span - OVERLAP_MM) / (size - OVERLAP_MM))
    total = n * size - (n - 1) * OVERLAP_MM
    start = lo - (total - span) / 2.0
    return [start + k * (size - OVERLAP_MM) for k in range(n)]


def _plan(
    part: Part,
    paper: tuple[float, float],
    band: bool,
    tree: shapely.STRtree,
    rotated: bool,
    extent: tuple[float, float, float, float],
) -> list[Tile] | None:
    """Tiles of a part for one layout; None when a page has no free corner for the square."""
    pw, ph = paper
    aw = pw - 2 * MARGIN_MM
    ah = ph - 2 * MARGIN_MM - HEADER_MM - (CAL_MM + GAP_MM if band else 0.0)
    ext = _view_extent(part, rotated, extent)
    if band:
        return _tiles(
            part, paper, band, tree, rotated, _grid(ext[0], ext[2], aw), _grid(ext[1], ext[3], ah)
        )
    # a part narrower (shorter) than the page may sit centred or against either edge,
    # whichever leaves a corner free for the calibration square
    for xs in _starts(ext[0], ext[2], aw):
        for ys in _starts(ext[1], ext[3], ah):
            tiles = _tiles(part, paper, band, tree, rotated, xs, ys)
            if tiles is not None:
                return tiles
    return None


def _starts(lo: float, hi: float, size: float) -> list[list[float]]:
    """Window starts: the overlapping grid, or for one window centred / flush / flush."""
    grid = _grid(lo, hi, size)
    if len(grid) > 1:
        return [grid]
    return [grid, [hi - size], [lo]]


def _tiles(
    part: Part,
    paper: tuple[float, float],
    band: bool,
    tree: shapely.STRtree,
    rotated: bool,
    xs: list[float],
    ys: list[float],
) -> list[Tile] | None:
    pw, ph = paper
    ax, ay = MARGIN_MM, MARGIN_MM + HEADER_MM
    aw = pw - 2 * MARGIN_MM
    ah = ph - 2 * MARGIN_MM - HEADER_MM - (CAL_MM + GAP_MM if band else 0.0)
    tiles: list[Tile] = []
    for j, wy in enumerate(ys):
        for i, wx in enumerate(xs):
            window = (wx, wy, wx + aw, wy + ah)
            if len(tree.query(shapely.box(*window), predicate="intersects")) == 0:
                continue
            label = f"{chr(ord('A') + j)}{i + 1}"
            tile = Tile(
                part.name,
                window,
                (ax, ay),
                label,
                j,
                i,
                len(ys),
                len(xs),
                band=band,
                rotated=rotated,
            )
            if band:
                tile.cal_xy = (MARGIN_MM, ph - MARGIN_MM - CAL_MM)
            else:
                corner = _free_corner(tile, aw, ah, tree)
                if corner is None:
                    return None
                tile.cal_xy = corner
            tiles.append(tile)
    return tiles


def _free_corner(
    tile: Tile, aw: float, ah: float, tree: shapely.STRtree
) -> tuple[float, float] | None:
    ax, ay = tile.area_xy
    wx, wy = tile.window[0], tile.window[1]
    for cx, cy in (
        (ax + aw - CAL_MM, ay + ah - CAL_MM),
        (ax, ay + ah - CAL_MM),
        (ax + aw - CAL_MM, ay),
        (ax, ay),
    ):
        # the square's page rectangle, with clearance, in part coordinates
        box = shapely.box(
            cx - CLEAR_MM - ax + wx,
            cy - CLEAR_MM - ay + wy,
            cx + CAL_MM + CLEAR_MM - ax + wx,
            cy + CAL_MM + CLEAR_MM - ay + wy,
        )
        if len(tree.query(box, predicate="intersects")) == 0:
            return (cx, cy)
    return None


def plan_part(part: Part, paper: tuple[float, float]) -> PartPlan:
    """The layout with the fewest pages: the part as drawn or turned a quarter turn, with the
    square in a free corner or in a foot band (ties keep the part unturned)."""
    best: tuple[int, int, list[Tile]] | None = None
    extent = part_extent(part)
    drawn = _drawn_points(part)
    for turn in (0, 1):
        if best is not None and best[0] == 1:
            break  # one page: turning cannot do better
        tree = _geometry_index(part, bool(turn), drawn)
        for band in (False, True):
            tiles = _plan(part, paper, band, tree, bool(turn), extent)
            if tiles is not None and (best is None or (len(tiles), turn) < best[:2]):
                best = (len(tiles), turn, tiles)
    assert best is not None
    return PartPlan(part, extent, best[2], bool(best[1]))


# --------------------------------------------------------------------------- page furniture


def screw_for(pivot_diameter_mm: float) -> str:
    """The metric screw that passes the pivot holes with >= 0.3 mm clearance (ISO 273 fine
    clearance holes are 0.2-0.4 mm over the thread for M2-M6)."""
    sizes = (2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, 12.0)
    fits = [s for s in sizes if s + 0.3 <= pivot_diameter_mm + 1e-9]
    if not fits:
        return f"a pin or rivet of {pivot_diameter_mm:g} mm diameter"
    m = max(fits)
    return (
        f"an M{m:g} Chicago screw (binding post), or an M{m:g} bolt with two washers and a "
        f"wing nut; length = thickness of the stack + 3 mm"
    )


STACK_ORDER = ("rule", "rete", "plate", "mater-front", "alidade")


def assembly_steps(parts: Sequence[Part], design: Design) -> list[str]:
    """Assembly in words, for whatever parts exist (SPEC §2 names)."""
    names = [p.name for p in parts]
    plates = [n for n in names if n.startswith("plate")]
    stack: list[str] = []
    for key in STACK_ORDER:
        if key == "plate":
            stack.extend(plates)
        elif key in names:
            stack.append("mater (front face up)" if key == "mater-front" else key)
    stack.extend(
        n
        for n in names
        if n not in stack and n not in plates and n not in ("mater-front", "mater-back")
    )
    steps = [
        "Print every page at 100 % (actual size) and check the 100 mm square with a ruler.",
        "Join tiled parts first: trim along the dashed line, lay the strip over its "
        "neighbour so that the round registration marks coincide, and glue.",
        "Glue each part to thin card (about 1 mm) with a dry glue stick.",
    ]
    if "mater-front" in names and "mater-back" in names:
        steps.append(
            "Glue mater-front and mater-back back to back, centre holes and noon lines aligned."
        )
    steps.append(
        "Cut the thick outer line of each part with scissors or a craft knife; cut away "
        f"the grey windows and pierce the centre holes ({design.pivot_diameter_mm:g} mm)."
    )
    if stack:
        steps.append(
            "Stack the parts on the screw through the centre holes, from the front: "
            + ", ".join(stack)
            + "."
        )
    if len(plates) > 1:
        steps.append("The plate for your latitude goes on top; the others wait beneath it.")
    steps.append("Screw: " + screw_for(design.pivot_diameter_mm) + ".")
    return steps


def draw_cover(
    c: Canvas,
    parts: Sequence[Part],
    plans: Sequence[PartPlan],
    design: Design,
    paper: tuple[float, float],
    page_of: dict[str, int],
) -> None:
    pw, _ = paper
    x, width = MARGIN_MM, pw - 2 * MARGIN_MM
    c.text(f"{design.instrument_name}: paper astrolabe", x, MARGIN_MM, 7.0)
    hemi = "N" if design.latitude_deg >= 0 else "S"
    c.text(
        f"latitude {abs(design.latitude_deg):.2f}° {hemi}, diameter {design.diameter_mm:g} "
        f"mm, epoch {design.epoch:g}; astrofab {__version__}",
        x,
        MARGIN_MM + 11.0,
        3.0,
    )
    y = MARGIN_MM + 20.0
    c.text("Parts", x, y, 4.0)
    y += 7.0
    for plan in plans:
        e = plan.extent
        pages = len(plan.tiles)
        first = page_of[plan.part.name]
        where = f"page {first}" if pages == 1 else f"pages {first}-{first + pages - 1}"
        grid = "" if pages == 1 else f", tiled {plan.tiles[0].rows} x {plan.tiles[0].cols}"
        if plan.rotated:
            grid += ", turned a quarter turn"
        c.text(
            f"{plan.part.name}: {e[2] - e[0] - 2 * LINE_MM:.0f} x "
            f"{e[3] - e[1] - 2 * LINE_MM:.0f} mm, {where}{grid}",
            x + 4.0,
            y,
            3.0,
        )
        y += 5.2
    y += 3.0
    c.text("Assembly", x, y, 4.0)
    y += 7.0
    steps = [f"{k}. {s}" for k, s in enumerate(assembly_steps(parts, design), start=1)]
    y = c.paragraphs(steps, x + 4.0, y, width - 4.0, 3.0)
    c.paragraphs(
        [
            "Thick lines: cut. Grey areas: cut away (windows, holes). Thin lines and "
            "black lettering are the scales: do not cut them."
        ],
        x,
        y + 2.0,
        width,
        3.0,
    )


def draw_tile(
    c: Canvas,
    tile: Tile,
    plan: PartPlan,
    design: Design,
    paper: tuple[float, float],
    page_no: int,
    n_pages: int,
) -> None:
    pw, _ = paper
    tiled = tile.rows * tile.cols > 1
    title = f"{design.instrument_name}  -  {tile.part}"
    if tiled:
        title += (
            f"  -  tile {tile.label} (row {tile.label[0]} of "
            f"{chr(ord('A') + tile.rows - 1)}, column {tile.col + 1} of {tile.cols})"
        )
    c.text(title, MARGIN_MM, MARGIN_MM, 3.0)
    c.text(f"page {page_no} of {n_pages}", pw - MARGIN_MM, MARGIN_MM, 3.0, "right")
    ax, ay = tile.area_xy
    x0, y0, x1, y1 = tile.window
    w, h = x1 - x0, y1 - y0
    if tiled:
        # registration marks in the middle of every overlap band, at part positions, so both
        # neighbours print them at the same place of the drawing
        xs = sorted({t.window[0] for t in plan.tiles})
        ys = sorted({t.window[1] for t in plan.tiles})
        seams_x = [sx + OVERLAP_MM / 2.0 for sx in xs[1:]]
        seams_y = [sy + OVERLAP_MM / 2.0 for sy in ys[1:]]
        marks = [(sx, y0 + h * f) for sx in seams_x for f in (0.2, 0.5, 0.8)]
        marks += [(x0 + w * f, sy) for sy in seams_y for f in (0.2, 0.5, 0.8)]
        for mx, my in marks:
            if x0 + 3 <= mx <= x1 - 3 and y0 + 3 <= my <= y1 - 3:
                registration_mark(c, ax + mx - x0, ay + my - y0)
        if tile.col > 0:
            c.line(ax, ay, ax, ay + h, 0.2, (2.0, 1.5))
            c.text("trim, lay over the tile to the left", ax + 1.5, ay + 1.5, 2.0)
        if tile.row > 0:
            c.line(ax, ay, ax + w, ay, 0.2, (2.0, 1.5))
            c.text("trim, lay over the tile above", ax + w / 2.0, ay + 1.5, 2.0, "center")
    if tile.band:
        nx = tile.cal_xy[0] + CAL_MM + GAP_MM
        notes = [
            f"{tile.part}: thick lines are cut lines (scissors or a craft knife); grey "
            "areas are cut away; thin lines and lettering are the scales."
        ]
        if tiled:
            notes.append(
                f"Tile {tile.label} overlaps its neighbours by {OVERLAP_MM:g} mm: "
                "trim along the dashed line, match the round marks, glue."
            )
        c.paragraphs(notes, nx, tile.cal_xy[1] + 2.0, pw - MARGIN_MM - nx, 2.6)


# --------------------------------------------------------------------------- pdf assembly


def _resources(c: Canvas) -> str:
    names = " ".join(f"{k} {ref(v)}" for k, v in sorted(c.xobjects.items()))
    return f"<< /XObject << {names} >> >>"


def _canvas_xobject(writer: PdfFile, c: Canvas, w_mm: float, h_mm: float) -> int:
    pad = 5.0 * PT_PER_MM  # the BBox clips: leave room for strokes on the edge
    box = " ".join(_num(v) for v in (-pad, -pad, w_mm * PT_PER_MM + pad, h_mm * PT_PER_MM + pad))
    return writer.add_stream(
        f"/Type /XObject /Subtype /Form /BBox [{box}] /Resources {_resources(c)}", c.stream()
    )


@dataclass(frozen=True)
class PdfPart:
    """What the PDF needs of one part, made part by part (so parts can be drawn in parallel):
    its page plan and its drawing, a Flate-compressed content stream (``pdf_draw``)."""

    plan: PartPlan
    drawing: bytes


def pdf_part(part: Part, design: Design) -> PdfPart | None:
    """The page plan and drawing of a part; None for a sheet layout (not printed)."""
    if part.meta.get("sheet"):
        return None
    operators = part_operators(part, SvgStyle(preview=True, palette=PAPER))
    return PdfPart(plan_part(part, PAPER_MM[design.paper]), zlib.compress(operators, 1))


def _part_xobject(writer: PdfFile, drawn: PdfPart) -> tuple[int, float]:
    """A part in its paper look as a Form XObject; returns (object number, height pt)."""
    part = drawn.plan.part
    w, h = part.width_mm * PT_PER_MM, part.height_mm * PT_PER_MM
    number = writer.add_stream(
        f"/Type /XObject /Subtype /Form /BBox [0 0 {_num(w)} {_num(h)}] /Resources << >>",
        drawn.drawing,
        compressed=True,
    )
    return number, h


def _add_page(writer: PdfFile, paper: tuple[float, float], c: Canvas) -> None:
    pw, ph = paper
    writer.add_page(pw * PT_PER_MM, ph * PT_PER_MM, c.stream(), _resources(c))


def instrument_pdf(
    parts: Sequence[Part], design: Design, drawings: Sequence[PdfPart | None] | None = None
) -> bytes:
    """The whole paper PDF of an instrument (deterministic bytes); ``drawings`` are the
    parts' ``pdf_part`` when already made (same order as ``parts``)."""
    paper = PAPER_MM[design.paper]
    if drawings is None:
        drawings = [pdf_part(p, design) for p in parts]
    pdf_parts = [d for d in drawings if d is not None]
    plans = [d.plan for d in pdf_parts]
    page_of: dict[str, int] = {}
    n = 2
    for plan in plans:
        page_of[plan.part.name] = n
        n += len(plan.tiles)
    n_pages = n - 1
    writer = PdfFile()
    glyphs = Glyphs(writer)
    cal = Canvas(CAL_MM, glyphs)
    draw_calibration(cal)
    cal_ref = _canvas_xobject(writer, cal, CAL_MM, CAL_MM)
    cal_h = CAL_MM * PT_PER_MM

    cover = Canvas(paper[1], glyphs)
    draw_cover(cover, [plan.part for plan in plans], plans, design, paper, page_of)
    cover.place("/Cal", cal_ref, cal_h, (MARGIN_MM, paper[1] - MARGIN_MM - CAL_MM))
    _add_page(writer, paper, cover)

    page_no = 2
    for k, pdf_drawing in enumerate(pdf_parts):
        plan = pdf_drawing.plan
        ref, part_h = _part_xobject(writer, pdf_drawing)
        for tile in plan.tiles:
            c = Canvas(paper[1], glyphs)
            x0, y0, x1, y1 = tile.window
            ax, ay = tile.area_xy
            clip = (ax, ay, ax + x1 - x0, ay + y1 - y0)
            if plan.rotated:
                c.place_turned(f"/Part{k}", ref, (ax - x0, ay - y0), clip)
            else:
                c.place(f"/Part{k}", ref, part_h, (ax - x0, ay - y0), clip=clip)
            c.place("/Cal", cal_ref, cal_h, tile.cal_xy)
            draw_tile(c, tile, plan, design, paper, page_no, n_pages)
            _add_page(writer, paper, c)
            page_no += 1
    return _finish(writer, design)


def _finish(writer: PdfFile, design: Design) -> bytes:
    return writer.finish(
        {
            "Title": f"{design.instrument_name} (paper astrolabe)",
            "Creator": f"astrofab {__version__}",
            "Producer": f"astrofab {__version__}",
        }
    )
