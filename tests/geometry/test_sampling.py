"""Sampled curves (geometry/sampling.py) against closed-form facts: the sagitta of a circle's
chords, the curve's own points, and each parameter asked of the curve once."""

from __future__ import annotations

import itertools
import math

import pytest

from astrolabe_fab.geometry.sampling import CHORD_TOLERANCE_MM, _distance_to_chord, sample_curve


def _circle(r: float, calls: list[float]):  # type: ignore[no-untyped-def]
    def curve(t: float) -> tuple[float, float]:
        calls.append(t)
        return (r * math.cos(t), r * math.sin(t))

    return curve


@pytest.mark.parametrize("r", [5.0, 60.0, 400.0])
def test_a_circle_is_sampled_within_the_tolerance_and_not_much_finer(r: float) -> None:
    """Every chord's sagitta r (1 - cos(a / 2)) is below the tolerance; halving any chord's
    angle would not be needed for most (bisection stops at the first fine enough piece)."""
    calls: list[float] = []
    pts = sample_curve(_circle(r, calls), 0.0, math.pi)
    assert pts[0] == (r, 0.0) and pts[-1] == pytest.approx((-r, 0.0), abs=1e-12)
    assert all(math.isclose(math.hypot(*p), r, rel_tol=1e-12) for p in pts)
    angles = [math.atan2(y, x) % (2.0 * math.pi) for x, y in pts]
    angles[-1] = math.pi
    steps = [b - a for a, b in itertools.pairwise(angles)]
    assert all(s > 0.0 for s in steps)  # in order along the curve
    sagittas = [r * (1.0 - math.cos(s / 2.0)) for s in steps]
    assert max(sagittas) <= CHORD_TOLERANCE_MM
    assert max(sagittas) > CHORD_TOLERANCE_MM / 4.0  # twice as fine would be a quarter


def test_each_parameter_is_asked_of_the_curve_once() -> None:
    """A half's middle is the quarter point of the piece it halves: not asked again."""
    calls: list[float] = []
    pts = sample_curve(_circle(100.0, calls), 0.0, 2.0)
    assert len(calls) == len(set(calls))
    assert len(pts) > 9  # refined beyond the 8 starting pieces


def test_depth_and_starting_pieces_bound_the_sampling() -> None:
    calls: list[float] = []
    assert len(sample_curve(_circle(100.0, calls), 0.0, 2.0, max_depth=0)) == 9
    calls.clear()
    straight = sample_curve(lambda t: (t, 2.0 * t), 0.0, 1.0, min_pieces=3)
    assert straight == [(k / 3.0, 2.0 * k / 3.0) for k in range(4)]


def _bump(peak_at: float):  # type: ignore[no-untyped-def]
    """A flat line on [0, 4] with a triangular bump of height 1 at ``peak_at`` (1 or 3: the
    first piece's quarter points), which its middle and ends do not see."""
    return lambda t: (t, max(0.0, 1.0 - 4.0 * abs(t - peak_at)))


@pytest.mark.parametrize("peak_at", [1.0, 3.0])
def test_a_bump_seen_only_at_a_quarter_point_is_sampled(peak_at: float) -> None:
    pts = sample_curve(_bump(peak_at), 0.0, 4.0, min_pieces=1)
    assert (peak_at, 1.0) in pts
    assert pts[0] == (0.0, 0.0) and pts[-1] == (4.0, 0.0)


@pytest.mark.parametrize(("depth", "count"), [(0, 9), (1, 17), (2, 33), (3, 65)])
def test_the_depth_limit_halves_each_starting_piece_that_many_times(depth: int, count: int) -> None:
    """A tolerance no chord meets: every piece is halved down to the depth limit."""
    pts = sample_curve(_circle(100.0, []), 0.0, 2.0, tolerance_mm=0.0, max_depth=depth)
    assert len(pts) == count


def test_the_curve_is_asked_only_between_the_ends_from_the_start() -> None:
    """From u0 = 1 to u1 = 2.5: the ends are the curve's own, no parameter lies outside."""
    calls: list[float] = []
    curve = _circle(50.0, calls)
    pts = sample_curve(curve, 1.0, 2.5)
    assert pts[0] == curve(1.0) and pts[-1] == curve(2.5)
    assert min(calls) == 1.0 and max(calls) == 2.5


def test_distance_to_a_chord_is_to_its_nearest_point() -> None:
    """Beside the chord: the perpendicular distance; beyond an end: the distance to that end;
    a chord of no length: the distance to its point."""
    a, b = (1.0, 1.0), (5.0, 1.0)
    assert _distance_to_chord((3.0, 4.0), a, b) == pytest.approx(3.0)
    assert _distance_to_chord((8.0, 5.0), a, b) == pytest.approx(5.0)  # from (5, 1)
    assert _distance_to_chord((-2.0, 5.0), a, b) == pytest.approx(5.0)  # from (1, 1)
    assert _distance_to_chord((4.0, 5.0), a, a) == pytest.approx(5.0)
