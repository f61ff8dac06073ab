"""``FilledPolygon`` held as rings or as arrays is one and the same polygon.

A text's outline is made as arrays (``FilledPolygon.from_points``), marks as rings; every
reader may ask for either form. Here both forms of random polygons are compared number for
number: the rings made from the arrays, the arrays made from the rings, equality, hashing,
pickling, the bounding box, the first point, mirror and translation against the per-point
formula, the shapely rings, and the DXF writer's rings.
"""

from __future__ import annotations

import io
import pickle

import ezdxf
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from astrolabe_fab.fabrication.shapes import shape_start
from astrolabe_fab.geometry.filled import ring_polygons
from astrolabe_fab.geometry.primitives import (
    FilledPolygon,
    mirror_x,
    transform_point,
    transform_points,
    translate,
)
from astrolabe_fab.scene import Part
from astrolabe_fab.writers.dxf import part_to_dxf

coord = st.floats(-500.0, 500.0, allow_nan=False)
ring = st.lists(st.tuples(coord, coord), min_size=1, max_size=9).map(tuple)
rings = st.lists(ring, min_size=1, max_size=5).map(tuple)


def as_arrays(polygon_rings: tuple[tuple[tuple[float, float], ...], ...]) -> FilledPolygon:
    xy = np.asarray([p for r in polygon_rings for p in r], dtype=float).reshape(-1, 2)
    ends = tuple(np.cumsum([len(r) for r in polygon_rings]).tolist())
    return FilledPolygon.from_points(xy, ends)


@settings(max_examples=100, deadline=None)
@given(rings)
def test_both_forms_are_the_same_polygon(polygon_rings: tuple) -> None:
    made, given_ = as_arrays(polygon_rings), FilledPolygon(polygon_rings)
    assert made.rings == polygon_rings
    assert all(type(v) is float for r in made.rings for p in r for v in p)
    assert made == given_ and repr(made) == repr(given_)
    assert hash(made) == hash(given_) == hash(polygon_rings)
    xy, ends = given_.points()
    assert xy.tolist() == [list(p) for r in polygon_rings for p in r]
    assert ends == tuple(np.cumsum([len(r) for r in polygon_rings]).tolist())
    spans = [(int(e) - len(r), int(e)) for r, e in zip(polygon_rings, ends, strict=True)]
    assert list(made.ring_spans()) == list(given_.ring_spans()) == spans
    everything = [p for r in polygon_rings for p in r]
    box = (
        min(p[0] for p in everything),
        min(p[1] for p in everything),
        max(p[0] for p in everything),
        max(p[1] for p in everything),
    )
    assert made.bbox() == given_.bbox() == box
    assert shape_start(made) == shape_start(given_) == polygon_rings[0][0]
    for shape in (made, given_):
        again = pickle.loads(pickle.dumps(shape))
        assert again == shape and again.rings == polygon_rings


@settings(max_examples=60, deadline=None)
@given(rings, coord, coord)
def test_mirror_and_translate_are_the_per_point_formulas(
    polygon_rings: tuple, dx: float, dy: float
) -> None:
    m = (-1.0, 0.0, 0.0, 1.0, 2.0 * dx, 0.0)
    for shape in (as_arrays(polygon_rings), FilledPolygon(polygon_rings)):
        mirrored = mirror_x(shape, dx)
        assert isinstance(mirrored, FilledPolygon)
        assert repr(mirrored.rings) == repr(  # repr: a sign of zero counts too
            tuple(tuple(transform_point(p, m) for p in r) for r in polygon_rings)
        )
        moved = translate(shape, dx, dy)
        assert isinstance(moved, FilledPolygon)
        assert repr(moved.rings) == repr(
            tuple(tuple((x + dx, y + dy) for x, y in r) for r in polygon_rings)
        )


def test_a_polygon_cannot_be_changed() -> None:
    xy = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    shape = FilledPolygon.from_points(xy, (3,))
    xy[0, 0] = 9.0  # the polygon holds its own copy
    assert shape.rings == (((0.0, 0.0), (1.0, 0.0), (0.0, 1.0)),)
    with pytest.raises(AttributeError, match="cannot be changed"):
        shape._xy = None  # type: ignore[misc]
    held, _ = shape.points()
    assert held.base is None  # it owns its numbers: no writeable array behind it
    with pytest.raises(ValueError):
        held[0, 0] = 5.0
    made, _ = FilledPolygon((((1.0, 2.0),),)).points()
    with pytest.raises(ValueError):
        made[0, 0] = 5.0


def test_an_empty_polygon() -> None:
    empty = FilledPolygon.from_points(np.zeros((0, 2)), ())
    assert empty.rings == () and empty == FilledPolygon(())
    xy, ends = FilledPolygon(()).points()
    assert xy.shape == (0, 2) and ends == ()
    none = ring_polygons(empty)
    assert len(none) == 0 and none.dtype == object  # an array of geometries, empty


def test_shapely_rings_skip_the_short_ones_in_either_form() -> None:
    square = ((0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 2.0))
    polygon_rings = (((9.0, 9.0),), square, ((5.0, 5.0), (6.0, 6.0)), square[:3])
    for shape in (as_arrays(polygon_rings), FilledPolygon(polygon_rings)):
        polygons = ring_polygons(shape)
        assert [p.area for p in polygons] == [4.0, 2.0]
        assert list(polygons[0].exterior.coords)[:-1] == list(square)


def test_dxf_writes_each_ring_once_round() -> None:
    """A ring that repeats its first point at its end is written without the repeat (the
    polyline is closed); a ring of one point and a plain ring as they are."""
    closed = ((0.0, 0.0), (4.0, 0.0), (4.0, 3.0), (0.0, 0.0))
    polygon_rings = (closed, ((7.0, 7.0),), ((10.0, 1.0), (12.0, 1.0), (11.0, 2.0)))
    for shape in (as_arrays(polygon_rings), FilledPolygon(polygon_rings)):
        part = Part("t", 50.0, 20.0, (25.0, 10.0))
        part.add("ENGRAVE", shape)
        doc = ezdxf.read(io.StringIO(part_to_dxf(part).decode("utf-8")))
        found = [[tuple(p) for p in e.get_points("xy")] for e in doc.modelspace()]
        assert found == [
            [(0.0, 20.0), (4.0, 20.0), (4.0, 17.0)],
            [(7.0, 13.0)],
            [(10.0, 19.0), (12.0, 19.0), (11.0, 18.0)],
        ]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(coord, coord), min_size=1, max_size=9),
    st.tuples(coord, coord, coord, coord, coord, coord),
)
def test_transform_points_is_transform_point_on_every_row(
    points: list[tuple[float, float]], m: tuple[float, float, float, float, float, float]
) -> None:
    moved = transform_points(np.asarray(points), m)
    assert repr([tuple(p) for p in moved.tolist()]) == repr([transform_point(p, m) for p in points])


def test_each_form_is_made_once_and_kept() -> None:
    """The other form is made on first use and then kept (the same objects); numbers given
    as integers are held as floats; a pickled polygon comes back in its own form."""
    made = FilledPolygon.from_points(np.array([[0, 0], [3, 0], [0, 4]]), (3,))
    assert made.points()[0].dtype == float and made.rings == (((0.0, 0.0), (3.0, 0.0), (0.0, 4.0)),)
    assert all(type(v) is float for p in made.rings[0] for v in p)
    assert made.rings is made.rings and made.points()[0] is made.points()[0]
    given_ = FilledPolygon((((1.0, 2.0), (5.0, 2.0), (1.0, 7.0)),))
    assert given_.points()[0] is given_.points()[0]
    fresh_arrays = FilledPolygon.from_points(np.array([[0.5, 0.5], [1.5, 0.5], [0.5, 2.0]]), (3,))
    fresh_rings = FilledPolygon((((1.0, 2.0), (5.0, 2.0), (1.0, 7.0)),))
    arrays_back = pickle.loads(pickle.dumps(fresh_arrays))
    rings_back = pickle.loads(pickle.dumps(fresh_rings))
    assert arrays_back._rings is None and arrays_back == fresh_arrays
    assert rings_back._xy is None and rings_back == fresh_rings


@pytest.mark.parametrize("ends", [(2,), (), (3, 1, 4), (0, 4), (2, 2, 4), (0, 5)])
def test_ring_ends_must_divide_the_points_into_rings(ends: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match="do not divide"):
        FilledPolygon.from_points(np.zeros((4, 2)), ends)


def test_points_may_come_flat_or_in_rows() -> None:
    flat = FilledPolygon.from_points(np.array([0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 5.0, 5.0]), (1, 4))
    rows = FilledPolygon.from_points(
        np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [5.0, 5.0]]), (1, 4)
    )
    assert flat == rows and flat.rings == (((0.0, 0.0),), ((1.0, 0.0), (0.0, 1.0), (5.0, 5.0)))
