"""Parsing of command-line values, with errors that name the allowed range (exit code 2)."""

from __future__ import annotations

import math

from .errors import InputError


def number(what: str, text: str, lo: float, hi: float, unit: str) -> float:
    """Parse a number given on the command line; InputError names the allowed range."""
    try:
        value = float(text)
    except ValueError:
        raise InputError(
            f"{what} must be a number from {lo:g} to {hi:g} {unit}, got {text!r}"
        ) from None
    if not math.isfinite(value) or not lo <= value <= hi:
        raise InputError(f"{what} {text} is out of range: allowed {lo:g} to {hi:g} {unit}")
    return value


def optional_number(what: str, text: str | None, lo: float, hi: float, unit: str) -> float | None:
    """``number`` for an option that may be left out (None stays None)."""
    return None if text is None else number(what, text, lo, hi, unit)


def split_list(text: str | None) -> list[str]:
    """'a, b,c' -> ['a', 'b', 'c'] (lower case, empty items dropped)."""
    if not text:
        return []
    return [t.strip().lower() for t in text.split(",") if t.strip()]
