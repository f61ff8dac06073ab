"""Numbers as the writers print them: fixed decimals, no exponent, no trailing zeros."""

from __future__ import annotations

from collections.abc import Iterable


def decimal_text(v: float, decimals: int = 4) -> str:
    """``v`` with at most ``decimals`` decimals, no trailing zeros and never '-0'; never an
    exponent, so the text is valid in SVG path data and as a PDF real (ISO 32000-1 §7.3.3)."""
    s = f"{v:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if s in ("", "-0") else s


def decimal_texts(values: Iterable[float], decimals: int = 4) -> list[str]:
    """``decimal_text`` of every value, the same strings, in one pass (no call per number:
    the writers print hundreds of thousands of coordinates)."""
    spec = f".{decimals}f"
    return [
        t if (t := format(v, spec).rstrip("0").rstrip(".")) not in ("", "-0") else "0"
        for v in values
    ]
