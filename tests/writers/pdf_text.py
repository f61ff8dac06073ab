"""Read the lettering of an astrofab PDF back as text, for tests.

The PDF has no text operators: each character is a Form XObject holding its outline, placed with
``q s 0 0 s x y cm /Gk Do Q``. A glyph XObject is identified by comparing its path's points with
the outline of every candidate character of the bundled font (at 1 mm cap height, y flipped);
glyphs on one baseline are sorted by x and a space is read where the gap between two glyphs
exceeds half the font's space width.
"""

from __future__ import annotations

import io
import string

import numpy as np
from pypdf import PdfReader
from pypdf.generic import ContentStream

from astrolabe_fab.text import place_text, text_width_mm
from tests.caching import per_mutant_cache

CANDIDATES = string.ascii_letters + string.digits + string.punctuation + "°–—’é☊☋·−"


@per_mutant_cache
def _outline_points(ch: str) -> np.ndarray:
    rings = place_text(ch, (0.0, 0.0), 1.0, halign="left", valign="baseline").outline.rings
    return np.asarray([(x, -y) for ring in rings for x, y in ring], dtype=float).reshape(-1, 2)


def _path_points(data: bytes) -> np.ndarray:
    tokens = data.decode("ascii").split()
    pts = [
        (float(tokens[i - 2]), float(tokens[i - 1]))
        for i, tok in enumerate(tokens)
        if tok in ("m", "l")
    ]
    return np.asarray(pts, dtype=float).reshape(-1, 2)


def _identify(data: bytes) -> str:
    pts = _path_points(data)
    for ch in CANDIDATES:
        ref = _outline_points(ch)
        if ref.shape == pts.shape and np.allclose(ref, pts, atol=2e-4):
            return ch
    raise AssertionError(f"a glyph of {len(pts)} points matches no character")


def page_lines(pdf: bytes, page_index: int) -> list[str]:
    """The lines of lettering on a page, top to bottom (glyphs in symbols not included)."""
    reader = PdfReader(io.BytesIO(pdf))
    page = reader.pages[page_index]
    xobjects = page["/Resources"]["/XObject"]
    glyphs: list[tuple[float, float, float, str]] = []  # baseline y, x, size, char
    stack: list[list[float]] = []
    matrix: list[float] = [1, 0, 0, 1, 0, 0]
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"q":
            stack.append(matrix)
        elif op == b"Q":
            matrix = stack.pop()
        elif op == b"cm":
            matrix = [float(v) for v in operands]
        elif op == b"Do" and str(operands[0]).startswith("/G"):
            form = xobjects[operands[0]].get_object()
            glyphs.append((round(matrix[5], 1), matrix[4], matrix[0], _identify(form.get_data())))
    lines: dict[float, list[tuple[float, float, str]]] = {}
    for y, x, size, ch in glyphs:
        lines.setdefault(y, []).append((x, size, ch))
    out = []
    for y in sorted(lines, reverse=True):
        text, end = "", None
        for x, size, ch in sorted(lines[y]):
            if end is not None and x - end > 0.5 * text_width_mm(" ", size):
                text += " "
            text += ch
            end = x + text_width_mm(ch, size)
        out.append(text)
    return out
