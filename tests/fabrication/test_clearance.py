"""``fabrication.clearance``: engraving too near a cut is dropped and reported.

Small parts made here (a disc with a pivot hole, a slot, a rounded square) and engraved squares
put at measured distances from their cuts: the allowed area is compared with the distance to
the cuts computed by shapely from the exact circles, and what is dropped with what breaks the
0.3 mm rule.
"""

from __future__ import annotations

import itertools
import math

import pytest
from shapely.geometry import LineString
from shapely.geometry import Point as ShPoint

from astrolabe_fab.fabrication.clearance import (
    CLEARANCE_MM,
    SAGITTA_MM,
    TOLERANCE_MM2,
    _arc_points,
    allowed_area,
    clear_engraving,
    left_out_notes,
)
from astrolabe_fab.geometry.primitives import Arc, Circle, Contour, FilledPolygon, Segment
from astrolabe_fab.scene import Part

C = (60.0, 60.0)
R_OUTER, R_PIVOT = 50.0, 3.0
SLOT = Segment((60.0, 20.0), (60.0, 30.0))  # an open cut (a slit) below the pivot


def disc_part() -> Part:
    part = Part("disc", 120.0, 120.0, C)
    part.add("CUT_OUTER", Circle(*C, R_OUTER))
    part.add("CUT_INNER", Circle(*C, R_PIVOT))
    part.add("CUT_INNER", SLOT)
    return part


def square(x: float, y: float, half_mm: float = 0.5) -> FilledPolygon:
    return FilledPolygon(
        (((x - half_mm, y - half_mm), (x + half_mm, y - half_mm), (x + half_mm, y + half_mm),
          (x - half_mm, y + half_mm)),)
    )  # fmt: skip


def _clearance_mm(p: tuple[float, float]) -> float:
    """Distance from p to the disc's cuts (exact circles and the slit), negative off the part."""
    r = math.dist(p, C)
    edges = [R_OUTER - r, r - R_PIVOT, LineString([SLOT.p0, SLOT.p1]).distance(ShPoint(p))]
    return min(edges)


def test_allowed_area_is_the_material_less_the_clearance_from_every_cut() -> None:
    allowed = allowed_area(disc_part())
    assert allowed is not None
    for angle in range(0, 360, 15):
        u = (math.cos(math.radians(angle)), math.sin(math.radians(angle)))
        for r in (R_PIVOT + 0.25, R_PIVOT + 0.36, 10.0, R_OUTER - 0.36, R_OUTER - 0.25, 52.0):
            p = (C[0] + r * u[0], C[1] + r * u[1])
            clearance = _clearance_mm(p)
            if abs(clearance - CLEARANCE_MM) < 0.05:
                continue  # the sampled circles' chords: within SAGITTA_MM of the line
            assert allowed.contains(ShPoint(p)) == (clearance > CLEARANCE_MM), (angle, r)
    for dx in (0.2, 0.4):  # beside the slit
        assert allowed.contains(ShPoint(60.0 + dx, 25.0)) == (dx > CLEARANCE_MM)
    assert not allowed.contains(ShPoint(60.0, 31.0 - 0.8))  # off its end, within the band
    assert allowed.contains(ShPoint(60.0, 30.0 + 0.4))


def test_a_contour_outline_counts_and_no_outline_means_nothing_to_check() -> None:
    part = Part("card", 100.0, 100.0, (50.0, 50.0))
    corner = Arc(80.0, 80.0, 10.0, 0.0, math.pi / 2.0)  # a rounded bottom right corner
    part.add(
        "CUT_OUTER",
        Contour(
            (
                Segment((10.0, 10.0), (90.0, 10.0)),
                Segment((90.0, 10.0), (90.0, 80.0)),
                corner,
                Segment((80.0, 90.0), (10.0, 90.0)),
                Segment((10.0, 90.0), (10.0, 10.0)),
            )
        ),
    )
    allowed = allowed_area(part)
    assert allowed is not None
    assert allowed.contains(ShPoint(10.4, 50.0)) and not allowed.contains(ShPoint(10.2, 50.0))
    inside_corner = (80.0 + 9.6 * math.cos(math.pi / 4), 80.0 + 9.6 * math.sin(math.pi / 4))
    outside_corner = (80.0 + 9.8 * math.cos(math.pi / 4), 80.0 + 9.8 * math.sin(math.pi / 4))
    assert allowed.contains(ShPoint(inside_corner)) and not allowed.contains(
        ShPoint(outside_corner)
    )
    assert not allowed.contains(ShPoint(89.0, 89.0))  # cut away by the rounded corner
    engraved = Part("sheet", 100.0, 100.0, (50.0, 50.0))
    engraved.add("ENGRAVE", square(50.0, 50.0))
    assert allowed_area(engraved) is None
    assert clear_engraving(engraved) is engraved


@pytest.mark.parametrize("sweep_rad", [0.3, math.pi, -2.0, 2.0 * math.pi])
@pytest.mark.parametrize("radius_mm", [0.5, 3.0, 150.0])
def test_arc_points_stay_within_the_sagitta_of_the_arc(sweep_rad: float, radius_mm: float) -> None:
    arc = Arc(5.0, -2.0, radius_mm, 1.0, sweep_rad)
    pts = _arc_points(arc)
    assert len(pts) >= 9
    assert math.dist(pts[0], arc.start) < 1e-9 and math.dist(pts[-1], arc.end) < 1e-9
    for p in pts:  # on the circle
        assert abs(math.dist(p, arc.center) - radius_mm) < 1e-9
    for a, b in itertools.pairwise(pts):  # each chord's middle within the sagitta
        mid = ((a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0)
        assert radius_mm - math.dist(mid, arc.center) <= SAGITTA_MM + 1e-12
    whole = _arc_points(Circle(5.0, -2.0, radius_mm))
    assert math.dist(whole[0], whole[-1]) < 1e-9  # a circle closes


def test_engraving_near_a_cut_is_dropped_and_its_centre_reported() -> None:
    part = disc_part()
    places = {
        "middle": (60.0, 80.0),
        "near the rim": (60.0, 60.0 + R_OUTER - 0.5 - 0.2),  # square's edge 0.2 from the rim
        "clear of the rim": (60.0, 60.0 + R_OUTER - 0.5 - 0.4),
        "near the pivot": (60.0 + R_PIVOT + 0.5 + 0.2, 60.01234),
        "clear of the pivot": (60.0 + R_PIVOT + 0.5 + 0.4, 60.0),
        "over the slit": (60.0, 25.0),
        "off the part": (60.04321, 60.0 + R_OUTER + 5.0),
    }
    for xy in places.values():
        part.add("ENGRAVE", square(*xy))
    part.add("ENGRAVE", Segment((60.0, 60.0 + R_OUTER), (60.0, 60.0 + R_OUTER + 9.0)))
    before = list(part.items("ENGRAVE"))
    cleared = clear_engraving(part)
    assert part.items("ENGRAVE") == before and "engraving_dropped" not in part.meta
    dropped = ["near the rim", "near the pivot", "over the slit", "off the part"]
    kept = [square(*places[k]) for k in places if k not in dropped]
    assert [it.shape for it in cleared.items("ENGRAVE")] == [*kept, before[-1].shape]
    assert cleared.meta["engraving_dropped"] == [
        [round(places[k][0], 3), round(places[k][1], 3)] for k in dropped
    ]
    assert cleared.items("CUT_OUTER") == part.items("CUT_OUTER")


def test_an_open_arc_cut_has_its_band_too() -> None:
    part = Part("slit", 120.0, 120.0, C)
    part.add("CUT_OUTER", Circle(*C, R_OUTER))
    slit = Arc(*C, 30.0, 0.0, math.pi / 2.0)  # a quarter-circle slit, below and right of C
    part.add("CUT_INNER", slit)
    allowed = allowed_area(part)
    assert allowed is not None
    for angle in (0.2, 0.8, 1.4):
        for r, ok in ((30.2, False), (29.8, False), (30.45, True), (29.55, True)):
            p = (C[0] + r * math.cos(angle), C[1] + r * math.sin(angle))
            assert allowed.contains(ShPoint(p)) == ok, (angle, r)
    beyond = (C[0] + 30.0 * math.cos(-0.5), C[1] + 30.0 * math.sin(-0.5))  # off the slit
    assert allowed.contains(ShPoint(beyond))


def test_a_sliver_within_the_tolerance_and_a_crossed_ring_are_kept() -> None:
    part = disc_part()
    # a 1 mm square beside the slit (whose band has straight sides), 1e-5 mm into the band:
    # 1e-5 mm² of it outside the allowed area, under the tolerance
    band_edge_x = SLOT.p0[0] + CLEARANCE_MM
    poke = 1e-5
    assert 1.0 * poke < TOLERANCE_MM2
    part.add("ENGRAVE", square(band_edge_x + 0.5 - poke, 25.0))
    # a bow tie (a ring that crosses itself) well inside, and an empty outline
    bow = FilledPolygon((((50.0, 50.0), (52.0, 52.0), (52.0, 50.0), (50.0, 52.0)),))
    part.add("ENGRAVE", bow)
    part.add("ENGRAVE", FilledPolygon(()))
    assert clear_engraving(part) is part
    # 0.05 mm into the band (0.05 mm² outside): dropped
    deeper = disc_part()
    deeper.add("ENGRAVE", square(band_edge_x + 0.5 - 0.05, 25.0))
    assert len(clear_engraving(deeper).meta["engraving_dropped"]) == 1


def test_left_out_notes_name_the_stars_and_count_the_drops() -> None:
    rete = Part("rete", 10.0, 10.0, (5.0, 5.0))
    rete.meta["star_names_left_out"] = ["Vindemiatrix", "Denebola"]
    plate = Part("plate-38.90N", 10.0, 10.0, (5.0, 5.0))
    plate.meta["engraving_dropped"] = [[float(k), 2.5] for k in range(7)]
    quiet = Part("rule", 10.0, 10.0, (5.0, 5.0))
    notes = left_out_notes([rete, quiet, plate]).splitlines()
    assert notes[0] == "  rete: no room for the names of Vindemiatrix, Denebola"
    assert notes[1].startswith("  plate-38.90N: 7 engraving(s) too near a cut left out: ")
    assert notes[1].count("; ") == 4 and "(0, 2.5); (1, 2.5)" in notes[1]
    assert len(notes) == 2
    assert left_out_notes([quiet]) == ""
