"""The projection frame against SPEC §1 written out independently."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from astrolabe_fab.geometry.primitives import Circle, Line
from astrolabe_fab.geometry.projection import Frame, horizontal_to_equatorial, sky_vector
from tests.independent import altaz_to_hadec, project


@pytest.mark.parametrize("hemisphere", ["north", "south"])
@settings(max_examples=100, deadline=None)
@given(ha=st.floats(-180, 180), dec=st.floats(-80, 80))
def test_sky_to_plane_is_spec_formula(hemisphere: str, ha: float, dec: float) -> None:
    frame = Frame((100.0, 120.0), 50.0, hemisphere)  # type: ignore[arg-type]
    expected = project(ha, dec, (100.0, 120.0), 50.0, hemisphere == "south")
    got = frame.sky_to_plane(ha, dec)
    via_vector = frame.vector_to_plane(sky_vector(ha, dec))
    assert math.dist(got, expected) < 1e-9 * max(1.0, math.dist(expected, (100, 120)))
    assert math.dist(via_vector, expected) < 1e-6 * max(1.0, math.dist(expected, (100, 120)))
    back = frame.plane_to_vector(got)
    assert math.dist(back, sky_vector(ha, dec)) < 1e-9


@settings(max_examples=200, deadline=None)
@given(alt=st.floats(-89, 89), az=st.floats(0, 360), lat=st.floats(-90, 90))
def test_horizontal_to_equatorial_matches_rotation(alt: float, az: float, lat: float) -> None:
    ha, dec = horizontal_to_equatorial(alt, az, lat)
    ha2, dec2 = altaz_to_hadec(alt, az, lat)
    # compare directions (asin loses digits next to the pole): 1e-6 rad is 0.1 um at 100 mm
    assert math.dist(sky_vector(ha, dec), sky_vector(ha2, dec2)) < 1e-6


def test_radius_of_the_spec() -> None:
    north = Frame((0, 0), 60.0, "north")
    south = Frame((0, 0), 60.0, "south")
    assert north.radius_mm(0) == pytest.approx(60.0)
    assert north.radius_mm(90) == pytest.approx(0.0)
    assert north.radius_mm(-23.44) == pytest.approx(60 * math.tan(math.radians(56.72)))
    assert south.radius_mm(-90) == pytest.approx(0.0)
    assert south.radius_mm(23.44) == pytest.approx(60 * math.tan(math.radians(56.72)))
    assert north.dec_at_radius(north.radius_mm(12.3)) == pytest.approx(12.3)
    assert south.dec_at_radius(south.radius_mm(-12.3)) == pytest.approx(-12.3)


def test_circle_through_projection_pole_is_a_line() -> None:
    frame = Frame((0, 0), 60.0, "north")
    horizon_at_equator = frame.almucantar(0.0, 0.0)
    assert isinstance(horizon_at_equator, Line)
    assert isinstance(frame.almucantar(0.0, 10.0), Circle)
