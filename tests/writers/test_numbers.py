"""``decimal_join`` prints exactly what Python prints, number by number.

Its numbers come from tables indexed by the rounded integer v x 10^d; the reference here is
Python's own formatting (``format(v, ".4f")``, with trailing zeros stripped for ``strip``),
one number at a time, on values made to be hard: ties in binary (k / 2^m), the neighbours of
every half unit of the last decimal, negative zeros and tiny negatives, integer parts of one
to eight digits, and what the tables do not hold (NaN, infinities, integer parts from 10^8).
"""

from __future__ import annotations

import decimal
import math
import random
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from astrolabe_fab.writers import numbers
from astrolabe_fab.writers.numbers import WHOLE_LIMIT, decimal_join, decimal_text, decimal_texts


def python_text(v: float, decimals: int, strip: bool) -> str:
    """The reference: Python's formatting of one number."""
    return decimal_text(v, decimals) if strip else format(v, f".{decimals}f")


def joined(values: list[float], decimals: int, strip: bool) -> list[str]:
    """``decimal_join``'s numbers, each followed by a space, split again."""
    n = len(values)
    before, after = np.zeros(n, dtype=int), np.ones(n, dtype=int)
    text = decimal_join(np.asarray(values), decimals, ["", " "], before, after, strip=strip)
    assert text.endswith(" ") or not values
    return text.split(" ")[:-1]


def hard_values(seed: int, count: int) -> list[float]:
    """Values near every way of printing a number wrong."""
    rng = random.Random(seed)
    out: list[float] = []
    for _ in range(count):
        digits = rng.choice([3, 4])
        half = (rng.randint(-(10**7), 10**7) + 0.5) / 10**digits  # a half unit of the last place
        out += [
            rng.uniform(-500.0, 500.0),
            round(rng.uniform(-500.0, 500.0), 4),
            rng.randint(-40_000, 40_000) / 2 ** rng.randint(1, 24),  # ties in binary
            half,
            math.nextafter(half, math.inf),
            math.nextafter(half, -math.inf),
            rng.uniform(-1e-3, 1e-3),
            rng.uniform(-1.0, 1.0) * 10 ** rng.randint(0, 7),
        ]
    return [*out, 0.0, -0.0, 1e-5, -1e-5, 5e-5, -5e-5, 4.9e-4, -4.9e-4, 9999.99995, 1e7 - 1e-5]


@pytest.mark.parametrize("decimals", [3, 4])
@pytest.mark.parametrize("strip", [True, False])
def test_hard_values_print_as_python_prints_them(decimals: int, strip: bool) -> None:
    values = hard_values(decimals, 4000)
    got = joined(values, decimals, strip)
    want = [python_text(v, decimals, strip) for v in values]
    wrong = [(v, g, w) for v, g, w in zip(values, got, want, strict=True) if g != w]
    assert not wrong, wrong[:5]


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(st.floats(allow_nan=True, allow_infinity=True, width=64), max_size=30),
    decimals=st.integers(1, 6),
    strip=st.booleans(),
)
def test_any_floats_print_as_python_prints_them(
    values: list[float], decimals: int, strip: bool
) -> None:
    assert joined(values, decimals, strip) == [python_text(v, decimals, strip) for v in values]


def test_the_sign_of_zero() -> None:
    """Stripped, a number that rounds to zero is '0'; with all its decimals it keeps its sign
    as Python prints it ('-0.000')."""
    values = [-0.0, -1e-9, -0.0004, 0.0, -0.0005]
    assert joined(values, 3, True) == ["0", "0", "0", "0", "-0.001"]
    assert joined(values, 3, False) == ["-0.000", "-0.000", "-0.000", "0.000", "-0.001"]


def test_integer_parts_of_every_length_and_beyond_the_tables() -> None:
    """Each value alone (a value the tables do not hold sends all of a call's numbers the
    slow way) and all together: integer parts of 1 to 8 digits, 10^4 (where a second block
    of digits starts), those that round up to 10^8, and beyond."""
    values = [7.25, -12.5, 999.0, 9999.99996, 10_000.0, -123_456.78, 99_999_999.5, -1e7]
    values += [WHOLE_LIMIT - 0.00001, WHOLE_LIMIT - 0.0001, 1.2e8, -2.5e9, 1e300]
    values += [math.nan, math.inf, -math.inf]
    for group in [[v] for v in values] + [values]:
        assert joined(group, 4, True) == [decimal_text(v, 4) for v in group]
        assert joined(group, 3, False) == [format(v, ".3f") for v in group]


def test_huge_values_print_without_a_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert joined([1e306, -1e307], 4, True) == [decimal_text(1e306), decimal_text(-1e307)]


def test_values_are_read_as_double_precision() -> None:
    # 2.13385009765625 x 1e4 is 21338.5009...: 21339, but in single precision 21338
    single = np.array([0.1, 2.675, -1.005, 2.13385009765625, -3.4297499656677246], dtype=np.float32)
    assert joined(single, 4, True) == [decimal_text(float(v)) for v in single]


def test_only_values_near_a_half_are_rounded_the_exact_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The exact (``Decimal``) rounding is for the few values whose scaled product lies
    within a few units in the last place of a half; the others are rounded by ``rint``."""
    asked: list[float] = []
    real = numbers.Decimal

    def counted(v: float) -> object:
        asked.append(v)
        return real(v)

    monkeypatch.setattr(numbers, "Decimal", counted)
    values = hard_values(11, 300)
    assert joined(values, 4, True) == [decimal_text(v, 4) for v in values]
    near = [v for v in values if abs(v * 1e4 - math.floor(v * 1e4) - 0.5) < 1e-6]
    assert 0 < len(asked) <= len(near) < len(values) // 4


def test_texts_go_before_and_after_each_number() -> None:
    values = np.array([1.5, -2.0, 0.25, 3.0])
    texts = ["", "M", ",", " L", " Z", "X"]
    before, after = np.array([1, 0, 0, 0]), np.array([2, 3, 2, 4])
    assert decimal_join(values, 4, texts, before, after) == "M1.5,-2 L0.25,3 Z"
    assert decimal_join(values[:1], 4, texts, [5], [5]) == "X1.5X"
    assert decimal_join(np.zeros(0), 4, texts, before[:0], after[:0]) == ""
    assert decimal_join([12345.678], 2, ["<", ">"], [0], [1], strip=False) == "<12345.68>"


@pytest.mark.parametrize("value", [1.0, math.nan])  # the tables' way and the slow way
def test_one_text_before_and_after_each_number_or_an_error(value: float) -> None:
    with pytest.raises(ValueError):
        decimal_join(np.array([value, value]), 4, ["", " "], np.zeros(2, int), np.ones(3, int))


def test_decimals_and_texts_outside_what_it_prints_are_refused() -> None:
    for decimals in (0, 7, -1):
        with pytest.raises(ValueError, match="1 to 6 decimals"):
            decimal_join(np.ones(1), decimals, [""], np.zeros(1, dtype=int), np.zeros(1, dtype=int))
        with pytest.raises(ValueError, match="1 to 6 decimals"):
            decimal_text(10.0, decimals)
        with pytest.raises(ValueError, match="1 to 6 decimals"):
            decimal_texts([10.0], decimals)
    assert decimal_text(10.0, 1) == "10" and decimal_texts([-0.04, 10.0], 1) == ["0", "10"]
    assert decimal_text(0.1234567, 6) == "0.123457"
    with pytest.raises(ValueError, match="NUL"):
        decimal_join(np.ones(1), 4, ["", "\0"], np.zeros(1, dtype=int), np.ones(1, dtype=int))


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(st.floats(-1e7, 1e7, allow_nan=False), min_size=1, max_size=30),
    decimals=st.integers(1, 6),
    strip=st.booleans(),
)
def test_finite_floats_in_the_tables_range_print_as_python_prints_them(
    values: list[float], decimals: int, strip: bool
) -> None:
    """Finite values whose integer parts the tables hold (none sends the call the slow way),
    at every number of decimals."""
    assert joined(values, decimals, strip) == [python_text(v, decimals, strip) for v in values]


def test_the_exact_rounding_ignores_the_thread_s_decimal_context() -> None:
    values = [2.675, 0.03125, 1.0005, -2.5e-5, 123.45675]
    with decimal.localcontext() as context:
        context.prec = 5
        context.rounding = decimal.ROUND_UP
        assert joined(values, 4, True) == [decimal_text(v, 4) for v in values]
        assert joined(values, 2, False) == [format(v, ".2f") for v in values]


def test_texts_chosen_by_lists() -> None:
    assert decimal_join([], 4, ["", " "], [], []) == ""
    assert decimal_join([0.5, 1.25], 4, ["<", ">"], [0, 0], [1, 1]) == "<0.5><1.25>"
