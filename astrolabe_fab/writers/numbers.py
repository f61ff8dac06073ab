"""Numbers as the writers print them: fixed decimals, no exponent, no trailing zeros."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_EVEN, Context, Decimal
from functools import cache, lru_cache

import numpy as np


def decimal_text(v: float, decimals: int = 4) -> str:
    """``v`` with at most ``decimals`` (1 to 6) decimals, no trailing zeros and never
    '-0'; never an exponent, so the text is valid in SVG path data and as a PDF real
    (ISO 32000-1 §7.3.3)."""
    _check_decimals(decimals)
    s = f"{v:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if s == "-0" else s


def decimal_texts(values: Iterable[float], decimals: int = 4) -> list[str]:
    """``decimal_text`` of every value, the same strings, in one pass (no call per number:
    the writers print hundreds of thousands of coordinates)."""
    _check_decimals(decimals)
    spec = f".{decimals}f"
    return [t if (t := format(v, spec).rstrip("0").rstrip(".")) != "-0" else "0" for v in values]


def _check_decimals(decimals: int) -> None:
    """Numbers are printed with 1 to 6 decimals (a number without any would lose its
    trailing zeros with the decimals': 10 would print as 1)."""
    if not 1 <= decimals <= 6:
        raise ValueError(f"numbers are printed with 1 to 6 decimals, not {decimals}")


# --------------------------------------------------------------------------- many at once

#: Decimal arithmetic for the exact rounding: enough digits for any double scaled by 10^6
#: (whatever the thread's own decimal context says).
EXACT = Context(prec=60, rounding=ROUND_HALF_EVEN)

#: ``decimal_join`` prints integer parts below this from its tables; numbers with larger ones,
#: NaN and infinities it prints one by one as above.
WHOLE_LIMIT = 10**8


def decimal_join(
    values: np.ndarray,
    decimals: int,
    texts: Sequence[str],
    before: np.ndarray,
    after: np.ndarray,
    *,
    strip: bool = True,
) -> str:
    """Text of many numbers at once: for each value k, ``texts[before[k]]``, the number, then
    ``texts[after[k]]``, all joined. A number is ``decimal_text(v, decimals)`` (``strip``) or
    ``format(v, f".{decimals}f")``: the same strings, made in numpy for the writers' hundreds
    of thousands of coordinates.

    How, exactly: n = v x 10^d is rounded to an integer k (``_scaled_integers``), then k's
    digits are read from tables of 10^4 integer parts and 10^d fractions, with the characters
    that a number does not print (leading zeros, the sign of a zero, stripped zeros) as NUL
    bytes, which are deleted from the joined bytes at the end. ``texts`` hold no NUL.
    ``decimals`` is 1 to 6 (its table has 10^decimals rows)."""
    _check_decimals(decimals)
    values = np.asarray(values, dtype=float).ravel()
    before, after = np.asarray(before, dtype=np.intp), np.asarray(after, dtype=np.intp)
    k = _scaled_integers(values, decimals)
    if k is None:
        nums = (
            decimal_texts(values.tolist(), decimals)
            if strip
            else [format(v, f".{decimals}f") for v in values.tolist()]
        )
        pairs = zip(before.tolist(), nums, after.tolist(), strict=True)
        return "".join(texts[b] + s + texts[a] for b, s, a in pairs)
    whole, fraction = np.divmod(np.abs(k), 10**decimals)
    negative = np.signbit(values) & (k != 0) if strip else np.signbit(values)
    table = _right_aligned(tuple(texts))
    rows = [table[before], np.where(negative, np.uint8(ord("-")), np.uint8(0))[:, None]]
    rows += _whole_digits(whole)
    rows += [_fractions(decimals, strip)[fraction], table[after]]
    return np.concatenate(rows, axis=1).tobytes().translate(None, b"\0").decode("ascii")


def _scaled_integers(values: np.ndarray, decimals: int) -> np.ndarray | None:
    """round(v x 10^d) for every value as ``format`` rounds it: the exact binary value of v,
    ties to even. The product n = v x 10^d in floating point is within half a unit in the
    last place of the exact one, so ``rint`` is right unless n lies that close to a half: those
    few are rounded from the exact value (``Decimal``). None when a value is not finite or its
    integer part could reach ``WHOLE_LIMIT``."""
    with np.errstate(over="ignore"):
        scaled = values * 10.0**decimals
    if not (np.abs(scaled) < WHOLE_LIMIT * 10**decimals - 1).all():  # (NaN is not below)
        return None
    k = np.rint(scaled).astype(np.int64)
    half = np.abs(scaled - np.floor(scaled) - 0.5)
    for i in np.flatnonzero(half <= 2.0 * np.spacing(np.abs(scaled))).tolist():
        exact = Decimal(float(values[i])).scaleb(decimals, context=EXACT)
        k[i] = int(exact.to_integral_value(context=EXACT))  # ties to even
    return k


def _whole_digits(whole: np.ndarray) -> list[np.ndarray]:
    """The characters of the integer parts (below 10^8): one block of 4 for each below 10^4,
    else the upper 4 digits without leading zeros, then the lower 4 with theirs."""
    shortest, padded = _digit_tables()
    if (whole < 10_000).all():
        return [shortest[whole]]
    upper, lower = np.divmod(whole, 10_000)
    high = shortest[upper]
    high[upper == 0] = 0
    return [high, np.where((upper > 0)[:, None], padded[lower], shortest[lower])]


@cache
def _digit_tables() -> tuple[np.ndarray, np.ndarray]:
    """Rows of 4 characters for 0 to 9999: as ``str`` prints them, right-aligned after NULs,
    and with leading zeros."""
    i = np.arange(10_000)[:, None]
    place = 10 ** np.arange(3, -1, -1)
    padded = (i // place % 10 + ord("0")).astype(np.uint8)
    shortest = np.where((i >= place) | (place == 1), padded, np.uint8(0))
    return shortest, padded


@cache
def _fractions(decimals: int, strip: bool) -> np.ndarray:
    """Rows of ``decimals`` + 1 characters for the fractions 0 to 10^d - 1: '.' and the
    digits, without trailing zeros (and without the '.' for 0) when ``strip``."""
    i = np.arange(10**decimals)[:, None]
    place = 10 ** np.arange(decimals - 1, -1, -1)
    digits = (i // place % 10 + ord("0")).astype(np.uint8)
    rows = np.concatenate([np.full((len(i), 1), ord("."), dtype=np.uint8), digits], axis=1)
    if strip:  # a digit stays while a later one is not 0; the '.' while any is not
        left = np.concatenate([i, i % (10 * place)], axis=1) != 0
        rows = np.where(left, rows, np.uint8(0))
    return rows


@lru_cache(maxsize=64)
def _right_aligned(texts: tuple[str, ...]) -> np.ndarray:
    """The texts as rows of bytes as wide as the longest, right-aligned after NULs."""
    if any("\0" in t for t in texts):
        raise ValueError("a text joined to numbers may not hold a NUL character")
    width = max([len(t) for t in texts] + [0])
    rows = np.zeros((len(texts), width), dtype=np.uint8)
    for i, t in enumerate(texts):
        if t:
            rows[i, width - len(t) :] = np.frombuffer(t.encode("ascii"), dtype=np.uint8)
    return rows
