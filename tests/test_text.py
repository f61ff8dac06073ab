"""``text``: glyph outlines, widths and placement, against the font read here with fontTools.

The font file is read again in this module (``TTFont``), not through ``astrolabe_fab.text``:
advance widths from its ``hmtx`` table, the cap height from the ``H`` glyph, the outlines from
a ``RecordingPen`` whose quadratic pieces are sampled densely here. Placement is checked as
geometry: alignment points of the box, the rotation as a rotation about the anchor, the
tangent rotation against the circle's radius.
"""

from __future__ import annotations

import math
from functools import cache
from importlib import resources

import numpy as np
import pytest
import shapely
from fontTools.pens.basePen import decomposeQuadraticSegment
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont
from shapely.geometry import LinearRing, MultiPoint

from astrolabe_fab import text as txt

CAP_MM = 4.0
SAMPLE = ("H", "O", "S", "8", "@", "g", "a", "e", "5", "r", "♎")  # 5, r, ♎: a one-chord piece


@cache
def font() -> TTFont:
    with resources.files("astrolabe_fab.fonts").joinpath(txt.FONT_FILE).open("rb") as fh:
        return TTFont(fh, lazy=False)


def cap_units() -> float:
    tt = font()
    return float(tt["glyf"][tt.getBestCmap()[ord("H")]].yMax)


def advance_units(ch: str) -> int:
    tt = font()
    name = tt.getBestCmap().get(ord(ch)) or tt.getBestCmap()[ord("?")]
    return tt["hmtx"].metrics[name][0]


def reference_rings(ch: str, steps: int = 64) -> list[np.ndarray]:
    """The glyph's contours, each quadratic piece sampled at ``steps`` points (font units)."""
    tt = font()
    glyphs = tt.getGlyphSet()
    pen = RecordingPen()
    glyphs[tt.getBestCmap()[ord(ch)]].draw(pen)
    rings: list[list[tuple[float, float]]] = []
    for op, args in pen.value:
        if op == "moveTo":
            rings.append([args[0]])
        elif op == "lineTo":
            rings[-1].append(args[0])
        elif op == "qCurveTo":
            points = list(args)
            if points[-1] is None:  # a closed contour of off-curve points only
                points[-1] = rings[-1][0]
            for p1, p2 in decomposeQuadraticSegment(points):
                p0 = rings[-1][-1]
                for t in np.linspace(0.0, 1.0, steps + 1)[1:]:
                    u = 1.0 - t
                    rings[-1].append(
                        (
                            u * u * p0[0] + 2 * u * t * p1[0] + t * t * p2[0],
                            u * u * p0[1] + 2 * u * t * p1[1] + t * t * p2[1],
                        )
                    )
    return [np.asarray(r, dtype=float) for r in rings if len(r) >= 3]


def _fewest_chords(p0, p1, p2, tolerance: float) -> int:
    """The fewest equal-parameter chords that keep the quadratic p0-p1-p2 within
    ``tolerance`` of them, found by measuring (the curve at 16 points per chord)."""
    q = np.array([p0, p1, p2], dtype=float)
    for n in range(1, 400):
        t = np.linspace(0.0, 1.0, 16 * n + 1)[:, None]
        curve = (1 - t) ** 2 * q[0] + 2 * (1 - t) * t * q[1] + t**2 * q[2]
        a, b = curve[:-1:16], curve[16::16]  # the chords' ends
        seg = np.repeat(b - a, 16, axis=0)
        rel = curve[:-1] - np.repeat(a, 16, axis=0)
        u = np.clip((rel * seg).sum(1) / np.maximum((seg * seg).sum(1), 1e-300), 0.0, 1.0)
        gap = np.hypot(*(rel - u[:, None] * seg).T).max()
        if gap <= tolerance:
            return n
    raise AssertionError("no chord count found")


@pytest.mark.parametrize("ch", SAMPLE)
def test_each_curve_gets_the_chords_the_tolerance_needs(ch: str) -> None:
    """Vertex for vertex: a contour's points, one per line and, per quadratic piece, the
    chords the Bézier bound asks for 1/1000 em (at most one more than the fewest measured to
    keep within it); the closing point not repeated."""
    tt = font()
    tolerance = tt["head"].unitsPerEm / 1000.0
    pen = RecordingPen()
    tt.getGlyphSet()[tt.getBestCmap()[ord(ch)]].draw(pen)
    counts: list[int] = []
    for op, args in pen.value:
        if op == "moveTo":
            counts.append(1)
            start = last = args[0]
        elif op == "lineTo":
            counts[-1] += 1
            last = args[0]
        elif op == "qCurveTo":
            points = list(args)
            if points[-1] is None:
                points[-1] = start
            for p1, p2 in decomposeQuadraticSegment(points):
                # a quadratic strays from its chord by at most |p0 - 2 p1 + p2| / 4 (at t = 1/2;
                # the whole offset, its part across the chord may be less), and split into n
                # equal-parameter pieces by a quarter of that over n²: the n that bound allows
                offset = math.hypot(*(np.array(last) - 2 * np.array(p1) + np.array(p2)))
                n = max(1, math.ceil(math.sqrt(offset / (4.0 * tolerance))))
                assert n >= _fewest_chords(last, p1, p2, tolerance)  # the bound is safe
                assert n <= _fewest_chords(last, p1, p2, tolerance) + 1  # and close
                counts[-1] += n
                last = p2
        elif op in ("closePath", "endPath") and last == start:
            counts[-1] -= 1  # the closing point is the first one
    rings = txt._glyph_rings(ch)
    assert [len(r) for r in rings] == counts
    for ring in rings:  # no point twice in a row
        assert (np.hypot(*np.diff(ring, axis=0).T) > 0.0).all()


def test_width_is_the_sum_of_the_fonts_advances_at_the_cap_height() -> None:
    for text in ("H", "Sirius 12", "Aa Vv", "♈ Aries", "\U0001f600x"):
        units = sum(advance_units(ch) for ch in text)
        expected = units * CAP_MM / cap_units()
        assert txt.text_width_mm(text, CAP_MM) == pytest.approx(expected, rel=1e-12), text
    assert txt.text_width_mm("", CAP_MM) == 0.0
    assert txt.text_width_mm("HH", 2.0 * CAP_MM) == pytest.approx(
        4.0 * txt.text_width_mm("H", CAP_MM)
    )


def test_each_characters_width_is_its_own_advance_at_the_cap_height() -> None:
    """``char_widths_mm`` gives each character the font's advance at the cap height (read
    from the font here), the very number ``text_width_mm`` gives that character alone."""
    for text in ("H", "Sirius 12", "Aa Vv", "♈ Aries", "\U0001f600x", ""):
        widths = txt.char_widths_mm(text, CAP_MM)
        assert len(widths) == len(text)
        for ch, width in zip(text, widths, strict=True):
            assert width == pytest.approx(advance_units(ch) * CAP_MM / cap_units(), rel=1e-12)
            assert width == txt.text_width_mm(ch, CAP_MM), ch
        assert sum(widths) == pytest.approx(txt.text_width_mm(text, CAP_MM), rel=1e-12)


def test_every_glyph_of_the_font_flattens() -> None:
    """The bundled font is TrueType, all quadratic: every glyph it maps flattens (a cubic piece
    would raise NotImplementedError in the pen) into rings of three points or more."""
    for code in sorted(font().getBestCmap()):
        rings, advance = txt._glyph_rings(chr(code)), txt._advance_units(chr(code))
        assert advance >= 0 and all(len(r) >= 3 for r in rings), hex(code)


def test_supported_is_the_fonts_character_map() -> None:
    cmap = font().getBestCmap()
    for ch in ("A", "7", "é", "♈", "☉", "\U0001f600", "\u0915"):
        assert txt.supported(ch) == (ord(ch) in cmap), ch


@pytest.mark.parametrize("ch", SAMPLE)
def test_flattened_outline_is_within_a_thousandth_of_an_em_of_the_fonts_curves(ch: str) -> None:
    rings, advance = txt._glyph_rings(ch), txt._advance_units(ch)
    assert advance == advance_units(ch)
    tolerance = font()["head"].unitsPerEm / 1000.0
    reference = reference_rings(ch)
    assert len(rings) == len(reference)
    flat = shapely.MultiLineString([LinearRing(r).coords for r in rings])
    dense = shapely.MultiLineString([LinearRing(r).coords for r in reference])
    for ring in reference:
        # every point of the true outline lies within the tolerance of the flattened one
        far = shapely.distance(flat, shapely.points(ring)).max()
        assert far <= tolerance + 1e-9, (ch, far)
    for ring in rings:
        # every vertex of the flattened outline lies on the true outline
        assert shapely.distance(dense, shapely.points(ring)).max() < 0.05, ch
    # a curved glyph: far fewer vertices than the dense sampling (the tolerance is used)
    if ch != "H":
        assert sum(len(r) for r in rings) < sum(len(r) for r in reference) / 4


@pytest.mark.parametrize(
    ("halign", "valign", "corner"),
    [
        ("left", "top", 0),
        ("right", "top", 1),
        ("right", "bottom", 2),
        ("left", "baseline", 3),
        ("center", "middle", None),
    ],
)
def test_alignment_puts_that_point_of_the_box_on_the_anchor(
    halign: str, valign: str, corner: int | None
) -> None:
    anchor = (31.5, -12.25)
    box = txt.place_text("Vega 7", anchor, CAP_MM, halign=halign, valign=valign)  # type: ignore[arg-type]
    point = box.center if corner is None else box.corners[corner]
    assert point == pytest.approx(anchor, abs=1e-9)
    # the centre is the middle of the box, whatever the alignment
    mean = (sum(x for x, _ in box.corners) / 4.0, sum(y for _, y in box.corners) / 4.0)
    assert box.center == pytest.approx(mean, abs=1e-9)
    assert box.width_mm == pytest.approx(txt.text_width_mm("Vega 7", CAP_MM))
    assert box.height_mm == CAP_MM
    # the box: width along x, cap height along y (page y down: the top has the smaller y)
    (x0, y0), (x1, _), (_, y2), _ = box.corners
    assert (x1 - x0, y2 - y0) == pytest.approx((box.width_mm, CAP_MM))


def test_flat_capitals_fill_the_box_from_baseline_to_cap_height() -> None:
    box = txt.place_text("HEI", (0.0, 0.0), CAP_MM)
    ys = [y for ring in box.outline.rings for _, y in ring]
    assert min(ys) == pytest.approx(box.corners[0][1], abs=0.02)  # the flat tops
    assert max(ys) == pytest.approx(box.corners[3][1], abs=0.02)  # on the baseline
    # the ink starts after the H's left side bearing (font units scaled)
    tt = font()
    glyph = tt["glyf"][tt.getBestCmap()[ord("H")]]
    xs = [x for ring in box.outline.rings for x, _ in ring]
    bearing = glyph.xMin * CAP_MM / cap_units()
    assert min(xs) - box.corners[0][0] == pytest.approx(bearing, abs=1e-3)


@pytest.mark.parametrize("rotation_deg", [15.0, -40.0, 90.0, 180.0])
def test_rotation_turns_every_point_about_the_anchor_clockwise_on_the_page(
    rotation_deg: float,
) -> None:
    anchor = (50.0, 20.0)
    flat = txt.place_text("Regulus", anchor, CAP_MM)
    turned = txt.place_text("Regulus", anchor, CAP_MM, rotation_deg=rotation_deg)
    c, s = math.cos(math.radians(rotation_deg)), math.sin(math.radians(rotation_deg))

    def turn(p: tuple[float, float]) -> tuple[float, float]:
        dx, dy = p[0] - anchor[0], p[1] - anchor[1]
        return (anchor[0] + dx * c - dy * s, anchor[1] + dx * s + dy * c)

    for a, b in zip(flat.corners, turned.corners, strict=True):
        assert turn(a) == pytest.approx(b, abs=1e-9)
    assert turn(flat.center) == pytest.approx(turned.center, abs=1e-9)
    for ra, rb in zip(flat.outline.rings, turned.outline.rings, strict=True):
        assert np.abs(np.array([turn(p) for p in ra]) - np.array(rb)).max() <= 2e-4
    # page y down: +90 turns the reading direction from +x to +y (down the page)
    if rotation_deg == 90.0:
        (x0, y0), (x1, y1) = turned.corners[0], turned.corners[1]
        assert abs(x1 - x0) < 1e-9 and y1 - y0 == pytest.approx(turned.width_mm)


def test_points_are_rounded_to_a_tenth_of_a_micrometre() -> None:
    box = txt.place_text("Pollux", (1.23456789, 9.87654321), 3.3333, rotation_deg=33.3)
    values = np.array([c for ring in box.outline.rings for p in ring for c in p])
    assert np.abs(values * 1e4 - np.round(values * 1e4)).max() < 1e-6


@pytest.mark.parametrize("text", ["Aldebaran", "g", "12", "♈ Aries"])
def test_ink_radius_and_hull_hold_every_outline_point(text: str) -> None:
    ink = txt.ink_radius_mm(text, CAP_MM)
    hull = txt.outline_hull(text, CAP_MM)
    anchors = np.array([[10.0, 5.0], [-3.0, 7.5]])
    rotations = [0.0, 57.0]
    hx, hy = txt.hull_on_page(hull, anchors, rotations)
    for k, ((ax, ay), r) in enumerate(zip(anchors, rotations, strict=True)):
        box = txt.place_text(text, (float(ax), float(ay)), CAP_MM, rotation_deg=r)
        pts = np.array([p for ring in box.outline.rings for p in ring])
        d = np.hypot(pts[:, 0] - ax, pts[:, 1] - ay)
        assert d.max() <= ink + 2e-4 and d.max() >= ink - 2e-4
        # the hull's points are outline points, the very numbers place_text gives
        page_points = {tuple(p) for p in pts.tolist()}
        assert all((x, y) in page_points for x, y in zip(hx[k], hy[k], strict=True))
        # and their hull holds the whole outline (up to the 1e-4 mm rounding of the points)
        hull_polygon = MultiPoint(np.column_stack([hx[k], hy[k]])).convex_hull
        assert shapely.distance(hull_polygon, shapely.points(pts)).max() < 2e-4


def test_keepout_radius_holds_the_box() -> None:
    box = txt.place_text("Antares", (0.0, 0.0), CAP_MM, rotation_deg=20.0)
    far = max(math.dist(box.center, c) for c in box.corners)
    assert box.keepout_radius_mm() == pytest.approx(far)
    assert box.keepout_radius_mm(0.5) == pytest.approx(far + 0.5)


def test_tangent_rotation_is_tangent_upright_and_tops_out_on_the_upper_half() -> None:
    center = (100.0, 40.0)
    for angle in [*np.linspace(-179.0, 179.0, 37), 0.5, -0.5, 179.5, -179.5, 90.5, -89.5]:
        p = (center[0] + 40.0 * math.cos(math.radians(angle)),
             center[1] + 40.0 * math.sin(math.radians(angle)))  # fmt: skip
        rot = txt.tangent_rotation_deg(center, p)
        assert -90.0 <= rot <= 90.0  # reads left to right
        reading = (math.cos(math.radians(rot)), math.sin(math.radians(rot)))
        radius = ((p[0] - center[0]) / 40.0, (p[1] - center[1]) / 40.0)
        assert abs(reading[0] * radius[0] + reading[1] * radius[1]) < 1e-9  # tangent
        up = (math.sin(math.radians(rot)), -math.cos(math.radians(rot)))  # local -y on the page
        outward = up[0] * radius[0] + up[1] * radius[1]
        upper = p[1] < center[1] - 1e-9  # page y down
        if abs(p[1] - center[1]) > 1e-6:
            assert (outward > 0.0) == upper, (angle, rot)
    # on the horizontal through the centre: reading down the page on the right, up on the left
    assert txt.tangent_rotation_deg(center, (140.0, 40.0)) == pytest.approx(90.0)
    assert txt.tangent_rotation_deg(center, (60.0, 40.0)) == pytest.approx(-90.0)
    assert txt.tangent_rotation_deg(center, (100.0, 0.0)) == pytest.approx(0.0)
    assert txt.tangent_rotation_deg(center, (100.0, 80.0)) == pytest.approx(0.0)


def test_advances_are_whole_font_units_so_a_line_is_the_sum_of_its_words() -> None:
    """Every glyph's advance (read here from the font file) is a whole number of units, so
    the units of a joined string are exactly the sum of its pieces' (``paper.sketch.wrap``
    adds a line up word by word)."""
    hmtx = font()["hmtx"]
    widths = {w for w, _ in hmtx.metrics.values()}
    assert all(float(w).is_integer() for w in widths)
    words = ["Astrolabium", "ORIENS", "38.90°", "Ψ", "é", " "]
    for a in words:
        for b in words:
            assert txt.advance_units(a + b) == txt.advance_units(a) + txt.advance_units(b)
    assert txt.text_width_mm("Rete", 2.5) == txt.units_to_mm(txt.advance_units("Rete"), 2.5)


@pytest.mark.parametrize(
    ("text", "rotation_deg", "halign", "valign"),
    [
        ("Vega 7", 0.0, "center", "middle"),
        ("Deneb", 33.3, "left", "top"),
        ("12", -90.0, "right", "baseline"),
        ("g", 180.0, "center", "bottom"),
    ],
)
def test_text_corners_are_the_corners_place_text_gives(
    text: str, rotation_deg: float, halign: str, valign: str
) -> None:
    """``text_corners`` (the box without its glyphs, asked first by placement) is the very box
    ``place_text`` sets."""
    anchor = (12.345678, -7.654321)
    kw = {"rotation_deg": rotation_deg, "halign": halign, "valign": valign}
    box = txt.place_text(text, anchor, CAP_MM, **kw)  # type: ignore[arg-type]
    assert txt.text_corners(text, anchor, CAP_MM, **kw) == box.corners  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "rotation_deg"), [("Aldebaran", 0.0), ("gy", 57.0), ("1", -120)])
def test_ink_bounds_are_the_bounds_of_the_outline(text: str, rotation_deg: float) -> None:
    box = txt.place_text(text, (3.21, 65.4), CAP_MM, rotation_deg=rotation_deg)
    pts = np.array([p for ring in box.outline.rings for p in ring])
    assert box.ink_bounds_mm == (*pts.min(axis=0).tolist(), *pts.max(axis=0).tolist())
    assert txt.place_text(" ", (3.21, 65.4), CAP_MM).ink_bounds_mm is None  # no glyph: no ink


def test_text_corners_default_to_an_upright_centred_box() -> None:
    anchor = (4.5, -2.25)
    assert (
        txt.text_corners("Vega", anchor, CAP_MM) == txt.place_text("Vega", anchor, CAP_MM).corners
    )
    (x0, y0), (x1, _), (_, y2), _ = txt.text_corners("Vega", anchor, CAP_MM)
    assert ((x0 + x1) / 2.0, (y0 + y2) / 2.0) == pytest.approx(anchor, abs=1e-12)
    assert y2 - y0 == pytest.approx(CAP_MM)
