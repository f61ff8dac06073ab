"""Numbers as the writers print them: fixed decimals, no exponent, no trailing zeros."""

from __future__ import annotations


def decimal_text(v: float, decimals: int = 4) -> str:
    """``v`` with at most ``decimals`` decimals, no trailing zeros and never '-0'; never an
    exponent, so the text is valid in SVG path data and as a PDF real (ISO 32000-1 §7.3.3)."""
    s = f"{v:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if s in ("", "-0") else s
