"""The climate plate against an independent method: sky points projected with numpy rotations and
the SPEC §1 formulas must lie on the drawn primitives, and drawn pieces must end on the curves
that trim them."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Polygon

from astrolabe_fab.design import Design
from astrolabe_fab.geometry.primitives import Arc, Circle, Line, Polyline, Segment
from astrolabe_fab.parts.layout import layout_for
from astrolabe_fab.parts.plate import PlateDrawing, draw_plate, plate_part
from tests.caching import per_mutant_cache
from tests.independent import (
    distances_to_shapes,
    project,
    sample_shape,
    sky_points,
)

#: the plates drawn once (``_drawn``, a module cache) and read by many tests: one worker runs them
#: all (tests/conftest.py)
pytestmark = pytest.mark.one_worker

LATITUDES = [
    0.0,
    0.5,
    -0.5,
    23.44,
    -23.44,
    38.9,
    -33.87,
    45.0,
    -45.0,
    51.75,
    66.56,
    -66.56,
    89.9,
    -89.9,
    90.0,
    -90.0,
]
TOL_MM = 0.01


def _drawing(lat: float, **kw: object) -> tuple[PlateDrawing, Design]:
    """The plate at ``lat`` with every twilight line and the houses (and ``kw``), drawn once
    per module (the tests only read it)."""
    return _drawn(lat, tuple(sorted(kw.items())))


@per_mutant_cache
def _drawn(lat: float, kw: tuple[tuple[str, object], ...]) -> tuple[PlateDrawing, Design]:
    design = Design(
        lat, twilight=("civil", "nautical", "astronomical"), houses=True, **dict(kw)
    ).validate()  # type: ignore[arg-type]
    return draw_plate(design, layout_for(design)), design


def _sky_points(drawing: PlateDrawing, alts: object, azs: object) -> np.ndarray:
    """The plate's points of arrays of altitudes and azimuths (broadcast), (n, 2), by the
    independent rotation and projection (``tests.independent.sky_points``)."""
    alt, az = np.broadcast_arrays(np.asarray(alts, dtype=float), np.asarray(azs, dtype=float))
    frame = drawing.frame
    return sky_points(
        alt,
        az,
        drawing.latitude_deg,
        frame.center_mm,
        frame.equator_radius_mm,
        drawing.latitude_deg < 0,
    )


def _masked(drawing: PlateDrawing, points: np.ndarray, margin: float = 0.05) -> np.ndarray:
    """True where the plate deliberately draws nothing: outside the limit, inside a label box
    or the pivot clearance (for an (n, 2) array of points, with numpy)."""
    x, y = points[:, 0], points[:, 1]
    masked = ~np.isfinite(points).all(axis=1)
    with np.errstate(invalid="ignore"):
        lx, ly = drawing.limit.center
        masked |= np.hypot(x - lx, y - ly) > drawing.limit.r - margin
        # the pivot hole (4.5 mm) and 1 mm around it carry no lines
        cx, cy = drawing.frame.center_mm
        masked |= np.hypot(x - cx, y - cy) < 4.5 / 2 + 1.0 + margin
        # the notch at the top (2.2 x 2.6 mm) and 0.3 mm around it carry no lines
        floor_y = cy - drawing.plate_radius_mm + 2.6
        masked |= (np.abs(x - cx) < 1.1 + 0.3 + margin) & (y < floor_y + 0.3 + margin)
        masked |= _in_label_boxes(drawing.labels.keepouts, x, y, margin)
    return masked


def _in_label_boxes(boxes: list, x: np.ndarray, y: np.ndarray, margin: float) -> np.ndarray:
    """Which points are inside a label's box (where ``OutsideBox.contains`` is False) or within
    ``margin`` of one of its edge lines near it: every point against every box at once."""
    if not boxes:
        return np.zeros(len(x), dtype=bool)
    # edge lines (px, py, dx, dy) of each box: (boxes, 4, 4); centres and reaches: (boxes,)
    lines = np.asarray([[(ln.px, ln.py, ln.dx, ln.dy) for ln in b.boundaries] for b in boxes])
    cx = np.asarray([b.center[0] for b in boxes])
    cy = np.asarray([b.center[1] for b in boxes])
    reach = np.asarray([b.reach_mm for b in boxes])
    px, py = x[:, None, None], y[:, None, None]
    signs = (px - lines[:, :, 0]) * lines[:, :, 3] - (py - lines[:, :, 1]) * lines[:, :, 2]
    near_centre = np.hypot(x[:, None] - cx, y[:, None] - cy)  # (points, boxes)
    inside = (signs >= 0.0).all(axis=2) | (signs <= 0.0).all(axis=2)
    masked = inside & (near_centre <= reach)
    masked |= (np.abs(signs) < margin).any(axis=2) & (near_centre < reach + margin)
    return np.asarray(masked.any(axis=1), dtype=bool)


def _pieces(drawing: PlateDrawing, kind: str, value: float) -> list:
    return [pc for c in drawing.of_kind(kind) if abs(c.value - value) < 1e-9 for pc in c.pieces]


def _assert_on_pieces(drawing, pieces, points, what) -> int:
    """Every point the plate does not deliberately leave blank (``_masked``) lies within TOL_MM
    of one of ``pieces``; returns how many points were checked."""
    pts = np.asarray(points, dtype=float).reshape(-1, 2)
    pts = pts[~_masked(drawing, pts)]
    if len(pts):
        assert pieces, f"{what}: nothing drawn but {tuple(pts[0].tolist())} should be"
    d = distances_to_shapes(pts, pieces)
    bad = np.flatnonzero(~(d <= TOL_MM))
    if len(bad):
        p, gap = tuple(pts[bad[0]].tolist()), d[bad[0]]
        raise AssertionError(f"{what}: sky point {p} is {gap:.4f} mm from the drawing")
    return len(pts)


def check_almucantars(drawing: PlateDrawing, design: Design) -> None:
    alts = [k * design.almucantar_step_deg for k in range(1, int(90 / design.almucantar_step_deg))]
    every_3 = np.arange(0.0, 360.0, 3.0)
    for alt in alts:
        pts = _sky_points(drawing, alt, every_3)
        _assert_on_pieces(drawing, _pieces(drawing, "almucantar", alt), pts, f"almucantar {alt}")
    pts = _sky_points(drawing, 0.0, np.arange(0.0, 360.0, 2.0))
    _assert_on_pieces(drawing, _pieces(drawing, "horizon", 0.0), pts, "horizon")
    for alt in (-6.0, -12.0, -18.0):
        pts = _sky_points(drawing, alt, every_3)
        _assert_on_pieces(drawing, _pieces(drawing, "twilight", alt), pts, f"twilight {alt}")


def check_azimuths(drawing: PlateDrawing, design: Design) -> None:
    stop = drawing.azimuth_stop_altitude_deg
    step = design.azimuth_step_deg
    for k in range(1, int(180 / step)):
        az = k * step
        top = 89.5 if az == 90.0 else stop - 0.05
        alts = [0.05 + (top - 0.05) * i / 60 for i in range(61)]
        pts = np.concatenate(
            [_sky_points(drawing, alts, az), _sky_points(drawing, alts, az + 180.0)]
        )
        _assert_on_pieces(drawing, _pieces(drawing, "azimuth", az), pts, f"azimuth {az}")
        # and nothing of it above the stop almucantar (except the prime vertical)
        if az != 90.0 and stop < 89:
            for piece in _pieces(drawing, "azimuth", az):
                samples = np.asarray(sample_shape(piece, 0.3), dtype=float)
                assert not _inside_stop(drawing, samples, stop).any(), (
                    f"azimuth {az} runs past the stop"
                )


def _inside_stop(drawing, points: np.ndarray, stop) -> np.ndarray:
    """Which of the points (n, 2) lie inside the almucantar 0.2 degrees above ``stop``."""
    circle = drawing.frame.almucantar(stop + 0.2, drawing.latitude_deg)
    if not isinstance(circle, Circle):
        return np.zeros(len(points), dtype=bool)
    return np.hypot(points[:, 0] - circle.cx, points[:, 1] - circle.cy) < circle.r


def check_unequal_hours(drawing: PlateDrawing, design: Design, obliquity: float) -> None:
    lat = drawing.latitude_deg
    if abs(lat) >= 90.0:
        assert not drawing.of_kind("unequal_hour") or not any(
            c.pieces for c in drawing.of_kind("unequal_hour")
        )
        return
    dmax = min(obliquity, 90.0 - abs(lat)) - 1e-3
    if dmax <= 0.0:  # within 0.001° of the pole: the band of sunrises is too thin to sample
        return
    for k in range(1, 12):
        pieces = _pieces(drawing, "unequal_hour", float(k))
        pts = []
        for i in range(41):
            d = -dmax + 2 * dmax * i / 40
            h0 = math.degrees(math.acos(-math.tan(math.radians(lat)) * math.tan(math.radians(d))))
            ha = h0 + k * (360.0 - 2 * h0) / 12.0
            pts.append(
                project(ha, d, drawing.frame.center_mm, drawing.frame.equator_radius_mm, lat < 0)
            )
        _assert_on_pieces(drawing, pieces, pts, f"unequal hour {k}")


def check_trim_ends(drawing: PlateDrawing) -> None:
    """Every drawn arc or segment ends on a curve that trims it."""
    circles = np.asarray(
        [(t.cx, t.cy, t.r) for t in drawing.trims if isinstance(t, Circle)], dtype=float
    ).reshape(-1, 3)
    lines = np.asarray(
        [(t.px, t.py, t.dx, t.dy) for t in drawing.trims if isinstance(t, Line)], dtype=float
    ).reshape(-1, 4)
    assert len(circles) + len(lines) == len(drawing.trims)
    for curve in drawing.curves:
        ends = [
            e for pc in curve.pieces if isinstance(pc, Arc | Segment) for e in (pc.start, pc.end)
        ]
        if not ends:
            continue
        d = _dist_to_trims(np.asarray(ends, dtype=float), circles, lines)
        bad = np.flatnonzero(~(d <= TOL_MM))
        assert not len(bad), f"{curve.kind} {curve.value} ends {d[bad[0]]:.4f} mm off a trim"


def _dist_to_trims(points: np.ndarray, circles: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """Distance of each point (n, 2) to the nearest trim: circles (cx, cy, r) and lines
    (px, py, dx, dy; ``Line.signed_distance`` written out)."""
    x, y = points[:, :1], points[:, 1:]
    on_circles = np.abs(np.hypot(x - circles[:, 0], y - circles[:, 1]) - circles[:, 2])
    on_lines = np.abs((x - lines[:, 0]) * lines[:, 3] - (y - lines[:, 1]) * lines[:, 2])
    return np.concatenate([on_circles, on_lines], axis=1).min(axis=1, initial=np.inf)


def check_inside_and_uncrossed(drawing: PlateDrawing) -> None:
    limit = drawing.limit
    for curve in drawing.curves:
        for piece in curve.pieces:
            for q in sample_shape(piece, 1.0):
                assert math.dist(q, limit.center) <= limit.r + TOL_MM, f"{curve.kind} outside"
    boxes = [Polygon(b.corners).buffer(-0.02) for b in drawing.labels.boxes]
    for b in drawing.labels.boxes:
        for x, y in b.corners:
            assert math.dist((x, y), limit.center) <= limit.r, "label outside the plate limit"
    lines = [
        LineString(sample_shape(pc, 0.2))
        for c in drawing.curves
        if c.kind != "limit"
        for pc in c.pieces
        if not isinstance(pc, Circle) or pc.r > 0
    ]
    for box in boxes:
        for line in lines:
            assert not line.intersects(box), "a line crosses a label"
    # labels do not overlap each other
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.intersects(b), "two labels overlap"


@pytest.mark.parametrize("lat", LATITUDES)
def test_plate_curves_match_projected_sky_points(lat: float) -> None:
    drawing, design = _drawing(lat)
    layout = layout_for(design)
    check_almucantars(drawing, design)
    check_azimuths(drawing, design)
    check_unequal_hours(drawing, design, layout.obliquity_deg)
    check_trim_ends(drawing)


@pytest.mark.parametrize("lat", [0.0, 38.9, -33.87, 66.56, -89.9, 90.0])
def test_plate_nothing_outside_limit_and_labels_clear(lat: float) -> None:
    drawing, _ = _drawing(lat)
    check_inside_and_uncrossed(drawing)


@settings(
    max_examples=12,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: examples are slow
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    lat=st.floats(-90.0, 90.0, allow_nan=False),
    alm=st.sampled_from([1.0, 2.0, 5.0, 10.0]),
    az=st.sampled_from([5.0, 10.0, 15.0]),
    diameter=st.floats(80.0, 400.0),
)
def test_plate_property(lat: float, alm: float, az: float, diameter: float) -> None:
    drawing, design = _drawing(
        lat, almucantar_step_deg=alm, azimuth_step_deg=az, diameter_mm=diameter
    )
    check_almucantars(drawing, design)
    check_azimuths(drawing, design)
    check_unequal_hours(drawing, design, layout_for(design).obliquity_deg)
    check_trim_ends(drawing)


def test_horizon_at_equator_is_the_east_west_line() -> None:
    drawing, _ = _drawing(0.0)
    horizon = drawing.of_kind("horizon")[0]
    assert isinstance(horizon.full, Line)
    cx, cy = drawing.frame.center_mm
    assert abs(horizon.full.signed_distance((cx, cy))) < 1e-9
    assert all(isinstance(p, Segment) for p in horizon.pieces)


@pytest.mark.parametrize("lat", [90.0, -90.0])
def test_pole_horizon_is_equator_and_azimuths_radial(lat: float) -> None:
    drawing, _ = _drawing(lat)
    horizon = drawing.of_kind("horizon")[0].full
    assert isinstance(horizon, Circle)
    assert math.isclose(horizon.r, drawing.frame.equator_radius_mm, rel_tol=1e-9)
    for curve in drawing.of_kind("azimuth"):
        assert isinstance(curve.full, Line)
        assert abs(curve.full.signed_distance(drawing.frame.center_mm)) < 1e-6
    assert not any(c.pieces for c in drawing.of_kind("unequal_hour"))


def test_polar_circle_horizon_touches_limit() -> None:
    design = Design(90.0 - 23.436, epoch=2026.0).validate()
    layout = layout_for(design)
    drawing = draw_plate(design, layout)
    horizon = drawing.of_kind("horizon")[0].full
    assert isinstance(horizon, Circle)
    gap = drawing.limit.r - (math.dist(horizon.center, drawing.limit.center) + horizon.r)
    assert abs(gap) < 0.05


def test_orientation_east_left_in_north_right_in_south() -> None:
    north, _ = _drawing(38.9)
    south, _ = _drawing(-33.87)
    east_n = north.frame.vector_to_plane(_vec(north, 0.0, 90.0))
    east_s = south.frame.vector_to_plane(_vec(south, 0.0, 90.0))
    assert east_n[0] < north.frame.center_mm[0]
    assert east_s[0] > south.frame.center_mm[0]


def _vec(drawing, alt, az):
    from astrolabe_fab.geometry.projection import horizontal_vector

    return horizontal_vector(alt, az, drawing.latitude_deg)


def test_unequal_hours_are_sampled_finely() -> None:
    drawing, _ = _drawing(38.9)
    for curve in drawing.of_kind("unequal_hour"):
        for piece in curve.pieces:
            assert isinstance(piece, Polyline)
            if curve.value != 6.0 and piece.length_mm > 20.0:  # hour 6 is the straight meridian
                assert len(piece.points) > 10


def test_plate_part_layers_and_manifest_meta() -> None:
    design = Design(38.9).validate()
    part = plate_part(design, layout_for(design))
    assert part.name == "plate-38.90N"
    assert part.meta["latitude_deg"] == 38.9
    assert part.layers["CUT_OUTER"] and part.layers["CUT_INNER"] and part.layers["ENGRAVE"]
    hole = part.layers["CUT_INNER"][0].shape
    assert isinstance(hole, Circle) and math.isclose(hole.r, design.pivot_diameter_mm / 2)
    assert plate_part(Design(-33.87).validate(), layout_for(design)).name == "plate-33.87S"


@pytest.mark.parametrize("lat", [6e-8, -1e-5, 1e-3, 89.99999999999999])
def test_tiny_latitudes_keep_their_precision(lat: float) -> None:
    """A horizon of radius 1e10 mm once lost 0.6 mm to cancellation; it must stay exact."""
    drawing, design = _drawing(lat, almucantar_step_deg=1.0, azimuth_step_deg=5.0, diameter_mm=80.0)
    check_almucantars(drawing, design)
    check_azimuths(drawing, design)
    check_trim_ends(drawing)


@pytest.mark.parametrize("step", [5.0, 10.0, 15.0])
def test_azimuth_circles_between_the_meridians_each_once(step: float) -> None:
    """One azimuth circle for every step strictly between north and south (each circle is both
    azimuth A and 360 - A); the meridian is drawn once, as the meridian."""
    drawing, _ = _drawing(38.9, azimuth_step_deg=step)
    values = [c.value for c in drawing.of_kind("azimuth")]
    assert values == [k * step for k in range(1, round(180.0 / step))]
    assert len(drawing.of_kind("meridian")) == 1
