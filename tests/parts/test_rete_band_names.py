"""The ecliptic band's month and sign names: the zone's remembered verdicts are the fresh ones.

``rete_ecliptic._Zone`` decides once per text, size, depth and way up whether a name keeps
within its zone of the band, on the ground that the name is the same shape turned about the
ring's centre wherever it goes. These tests check that ground on real retes: every candidate
place is checked afresh (its own glyphs' radii) and compared with the remembered verdict, and a
rete drawn with no remembering at all is the same rete. The way up (``_tangent``) is checked
against the letters' up direction on the page.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import shapely

from astrolabe_fab.build import PART_WRITERS
from astrolabe_fab.design import Design
from astrolabe_fab.parts import rete_ecliptic
from astrolabe_fab.parts.layout import layout_for
from astrolabe_fab.parts.rete import rete_part

#: How far a place's radii may differ from the first place's: place_text rounds to 1e-4 mm.
ROUNDING_MM = 3e-4
CASES = [(40.0, 80.0, None), (-40.0, 100.0, "classic")]


def _fresh(zone: rete_ecliptic._Zone, polygons: np.ndarray) -> tuple[bool, float]:
    """The verdict from this place's own glyphs, and how near their radii come to an edge."""
    xy = shapely.get_coordinates(shapely.union_all(polygons).boundary)
    radii = np.hypot(xy[:, 0] - zone.center[0], xy[:, 1] - zone.center[1])
    ok = radii.min() >= zone.inner_mm and radii.max() <= zone.outer_mm
    margin = min(abs(radii.min() - zone.inner_mm), abs(radii.max() - zone.outer_mm))
    return bool(ok), float(margin)


def _rete(lat: float, dia: float, design: str | None) -> tuple[bytes, str]:
    """The rete's SVG and manifest entry."""
    d = Design(latitude_deg=lat, diameter_mm=dia, rete_design=design).validate()
    part = rete_part(d, layout_for(d))
    return PART_WRITERS["svg"](part, d), json.dumps(part.meta, sort_keys=True, default=str)


@pytest.mark.parametrize(("lat", "dia", "design"), CASES)
def test_every_place_agrees_with_the_remembered_verdict(
    monkeypatch: pytest.MonkeyPatch, lat: float, dia: float, design: str | None
) -> None:
    seen: list[tuple[bool, bool, float]] = []
    admits = rete_ecliptic._Zone.admits

    def checked(self, key, polygons):  # type: ignore[no-untyped-def]
        verdict = admits(self, key, polygons)
        seen.append((verdict, *_fresh(self, polygons)))
        return verdict

    # every candidate reaches admits (none is skipped as already refused), and is checked
    monkeypatch.setattr(rete_ecliptic._Zone, "refuses", lambda self, key: False)
    monkeypatch.setattr(rete_ecliptic._Zone, "admits", checked)
    _rete(lat, dia, design)
    assert len(seen) > 200
    assert any(v for v, _, _ in seen) and not all(v for v, _, _ in seen)
    wrong = [(v, f, m) for v, f, m in seen if v != f and m > ROUNDING_MM]
    assert wrong == []


@pytest.mark.parametrize(("lat", "dia", "design"), CASES[1:])  # (the places above cover both)
def test_a_rete_drawn_without_remembering_is_the_same(
    monkeypatch: pytest.MonkeyPatch, lat: float, dia: float, design: str | None
) -> None:
    remembered = _rete(lat, dia, design)
    monkeypatch.setattr(rete_ecliptic._Zone, "refuses", lambda self, key: False)
    monkeypatch.setattr(
        rete_ecliptic._Zone,
        "admits",
        lambda self, key, polygons: _fresh(self, polygons)[0],
    )
    assert _rete(lat, dia, design) == remembered


# a centre near the page's origin, one far from it as on a part (the pivot at 100, 120), and
# one whose x and y differ by more than the radius
@pytest.mark.parametrize("center", [(20.0, -10.0), (100.0, 120.0), (300.0, 20.0)])
def test_tops_outward_is_the_letters_up_direction_away_from_the_centre(
    center: tuple[float, float],
) -> None:
    angles = [*np.linspace(-180.0, 180.0, 73), 1e-9, -1e-9, 180.0 - 1e-9, -180.0 + 1e-9]
    for angle in angles:
        radial = (math.cos(math.radians(angle)), math.sin(math.radians(angle)))
        anchor = (center[0] + 50.0 * radial[0], center[1] + 50.0 * radial[1])
        rotation_deg, tops_outward = rete_ecliptic._tangent(center, anchor)
        up = (math.sin(math.radians(rotation_deg)), -math.cos(math.radians(rotation_deg)))
        outward = up[0] * radial[0] + up[1] * radial[1]
        assert abs(outward) == pytest.approx(1.0)  # tangent text: up is along the radius
        assert tops_outward == (outward > 0.0), angle
    # the compass points (page y down): tops out above, on the horizontal; in below
    cx, cy = center
    for (dx, dy), out in (((0.0, -50.0), True), ((50.0, 0.0), True), ((-50.0, 0.0), True),
                          ((0.0, 50.0), False)):  # fmt: skip
        assert rete_ecliptic._tangent(center, (cx + dx, cy + dy))[1] == out, (dx, dy)
