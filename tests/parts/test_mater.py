"""The mater's front: hour and degree scales against SPEC §1 written out directly, the throne
outline, the pivot hole against the clearance tables, the plate seat against the plate's notch."""

from __future__ import annotations

import math

import pytest

from astrolabe_fab.design import Design
from astrolabe_fab.errors import InputError
from astrolabe_fab.geometry.primitives import Arc, Circle, Contour
from astrolabe_fab.hardware import pivot_clearance_mm
from astrolabe_fab.parts.layout import layout_for
from astrolabe_fab.parts.mater import draw_mater_front
from astrolabe_fab.parts.plate import NOTCH_DEPTH_MM, NOTCH_WIDTH_MM
from tests.parts.test_back import _no_collisions

#: Normal-fit clearance holes typed from the tables (ISO 273 medium; ASME B18.2.8 normal).
CLEARANCE_MM = {"m4": 4.5, "m5": 5.5, "6-32": 0.1495 * 25.4, "1/4-20": 0.28125 * 25.4}


def _front(lat: float, **kw: object):  # type: ignore[no-untyped-def]
    design = Design(lat, epoch=2026.0, **kw).validate()  # type: ignore[arg-type]
    layout = layout_for(design)
    return draw_mater_front(design, layout), design, layout


def _bearing(center: tuple[float, float], p: tuple[float, float]) -> float:
    return math.degrees(math.atan2(p[0] - center[0], center[1] - p[1])) % 360.0


@pytest.mark.parametrize("screw", sorted(CLEARANCE_MM))
def test_pivot_hole_matches_screw_clearance(screw: str) -> None:
    drawing, design, _ = _front(38.9, pivot_screw=screw)
    cx, cy = drawing.part.center_mm
    holes = [
        it.shape
        for it in drawing.part.items("CUT_INNER")
        if isinstance(it.shape, Circle) and math.dist(it.shape.center, (cx, cy)) < 1e-9
    ]
    assert len(holes) == 1
    assert 2.0 * holes[0].r == pytest.approx(CLEARANCE_MM[screw], abs=0.002)
    assert design.pivot_diameter_mm == pytest.approx(CLEARANCE_MM[screw], abs=0.002)


def test_pivot_given_as_diameter_and_bad_names() -> None:
    assert pivot_clearance_mm("4.2") == 4.2
    assert pivot_clearance_mm(" M5 ") == 5.5
    for bad in ("m3.5", "x", "0.1", "nan", "50"):
        with pytest.raises(InputError):
            pivot_clearance_mm(bad)
    with pytest.raises(InputError):
        Design(38.9, pivot_screw="m7")


@pytest.mark.parametrize("lat", [38.9, -33.87])
def test_hour_ticks_follow_the_sun(lat: float) -> None:
    """Apparent time t puts the Sun at hour angle H = 15 (t - 12); SPEC §1 draws it at
    (cx + r sin H, cy - r cos H) in the north and (cx - r sin H, cy - r cos H) in the south."""
    drawing, _, _ = _front(lat)
    center = drawing.part.center_mm
    ticks = drawing.scales["hours"]
    assert len(ticks) == 24 * 12
    for t in ticks:
        h = math.radians(15.0 * (t.value - 12.0))
        sx = 1.0 if lat >= 0 else -1.0
        expected = _bearing(center, (center[0] + sx * math.sin(h), center[1] - math.cos(h)))
        got = _bearing(center, t.segment.p0)
        assert abs((got - expected + 180.0) % 360.0 - 180.0) < 1e-6
        if abs(t.value - round(t.value)) < 1e-9:
            assert t.weight == "heavy"


def test_classic_style_quadrants_and_four_minute_ticks() -> None:
    drawing, _, _ = _front(51.75, style="classic")
    assert len(drawing.scales["hours"]) == 24 * 15
    center = drawing.part.center_mm
    zero = [t for t in drawing.scales["degrees"] if t.value in (0.0, 180.0)]
    for t in zero:  # 0 of the quadrants on the east-west line
        assert t.segment.p0[1] == pytest.approx(center[1])
    assert len(drawing.scales["degrees"]) == 360


def test_outline_is_one_smooth_contour_round_the_disc() -> None:
    drawing, _, layout = _front(38.9)
    (item,) = drawing.part.items("CUT_OUTER")
    contour = item.shape
    assert isinstance(contour, Contour)
    pieces = contour.pieces
    assert all(isinstance(p, Arc) for p in pieces)
    for a, b in zip(pieces, (*pieces[1:], pieces[0]), strict=True):
        assert math.dist(a.end, b.start) < 1e-9
        # tangent continuity: both arcs' centres are collinear with the joint
        ca, cb, j = a.center, b.center, a.end
        cross = (ca[0] - j[0]) * (cb[1] - j[1]) - (ca[1] - j[1]) * (cb[0] - j[0])
        assert abs(cross) < 1e-6
    disc = max(pieces, key=lambda p: p.r)
    assert disc.r == pytest.approx(layout.mater_radius_mm)
    assert disc.center == pytest.approx(drawing.part.center_mm)
    # the throne stands above the noon line and holds the hanging hole
    cx, cy = drawing.part.center_mm
    holes = [it.shape for it in drawing.part.items("CUT_INNER")]
    hanging = min(holes, key=lambda c: c.cy)
    assert hanging.cx == pytest.approx(cx) and hanging.cy < cy - layout.mater_radius_mm
    # every point of the part lies on the page
    x0, y0, x1, y1 = drawing.part.bbox()
    assert x0 > 0 and y0 > 0 and x1 < drawing.part.width_mm and y1 < drawing.part.height_mm


def test_registration_pin_fits_the_plate_notch() -> None:
    drawing, _, layout = _front(38.9)
    cx, cy = drawing.part.center_mm
    pins = [
        it.shape
        for it in drawing.part.items("CUT_INNER")
        if isinstance(it.shape, Circle) and it.shape.r == pytest.approx(1.0)
    ]
    assert len(pins) == 1
    pin = pins[0]
    # notch: |x - cx| <= w/2, from the plate edge down by the notch depth
    edge_y = cy - math.sqrt(layout.plate_radius_mm**2 - (NOTCH_WIDTH_MM / 2.0) ** 2)
    assert abs(pin.cx - cx) + pin.r <= NOTCH_WIDTH_MM / 2.0
    assert pin.cy - pin.r >= edge_y - 1e-9
    assert pin.cy + pin.r <= edge_y + NOTCH_DEPTH_MM


def test_fused_engraves_the_plate_and_drops_the_pin() -> None:
    plain, _, _ = _front(38.9)
    fused, _, _ = _front(38.9, fused=True)
    assert len(fused.part.items("SCORE")) > len(plain.part.items("SCORE")) + 50
    assert len(fused.part.items("CUT_INNER")) == len(plain.part.items("CUT_INNER")) - 1
    assert fused.part.meta["latitude_deg"] == 38.9


@pytest.mark.parametrize("diameter,style", [(200.0, "modern"), (120.0, "classic")])
def test_front_text_is_never_crossed(diameter: float, style: str) -> None:
    drawing, _, _ = _front(38.9, diameter_mm=diameter, style=style)
    _no_collisions(drawing.part)
