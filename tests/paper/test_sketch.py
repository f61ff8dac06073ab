"""The paper kit's text: paragraphs wrapped to a width, measured as the font measures them."""

from __future__ import annotations

import pytest

from astrolabe_fab import text as txt
from astrolabe_fab.paper.page import (
    Glyph,
    Held,
    Line,
    Page,
    PartView,
    Rect,
    Ring,
    Symbol,
    SymbolView,
)
from astrolabe_fab.paper.sketch import LINE_MM, THIN_MM, Sketch, wrap


@pytest.mark.parametrize("width_mm", [20.0, 55.0, 140.0])
def test_wrap_fills_each_line_as_far_as_the_width_allows(width_mm: float) -> None:
    """Greedy lines: the words in their order, each line no wider than the width (measured
    whole) unless it is one word, and no line could have taken the next line's first word."""
    text = (
        "Hold the astrolabe by its ring and let it hang; turn the alidade until the Sun's "
        "light through the upper sight falls on the lower one, and read the altitude "
        "Supercalifragilisticexpialidocious-without-a-break on the scale."
    )
    cap = 2.5
    lines = wrap(text, width_mm, cap)
    assert " ".join(lines).split() == text.split()
    for k, line in enumerate(lines):
        assert txt.text_width_mm(line, cap) <= width_mm or " " not in line
        if k + 1 < len(lines):
            longer = f"{line} {lines[k + 1].split()[0]}"
            assert txt.text_width_mm(longer, cap) > width_mm


def test_a_line_exactly_as_wide_as_the_width_is_kept_whole() -> None:
    """The width is a bound, not a limit to stay under: words measuring exactly the width
    make one line (no space counted before a paragraph's first word), and no line starts or
    ends with a space."""
    cap = 2.5
    width = txt.text_width_mm("Hold the", cap)
    lines = wrap("Hold the astrolabe by its ring", width, cap)
    assert lines[0] == "Hold the"
    assert all(line == line.strip() for line in lines)
    assert wrap("Hold the", width, cap) == ["Hold the"]


# --------------------------------------------------------------------------- the marks of a page


@pytest.mark.parametrize(
    ("halign", "valign", "left_of_anchor", "base_below_anchor"),
    [
        ("left", "top", 0.0, 1.0),
        ("center", "middle", 0.5, 0.5),
        ("right", "bottom", 1.0, 0.0),
        ("left", "baseline", 0.0, 0.0),
    ],
)
def test_text_sets_each_glyph_at_the_fonts_advance_from_the_aligned_start(
    halign: str, valign: str, left_of_anchor: float, base_below_anchor: float
) -> None:
    """A glyph per character but the spaces, each at the width of the text before it from the
    line's start; the start is the anchor less the given share of the line's width, the
    baseline the anchor plus the given share of the cap height."""
    cap, at, text = 3.0, (50.0, 20.0), "Sol in Aries"
    sketch = Sketch(100.0, 100.0)
    sketch.text(text, at, cap, halign=halign, valign=valign)
    width = txt.text_width_mm(text, cap)
    start = at[0] - left_of_anchor * width
    expected = [
        Glyph(ch, start + txt.text_width_mm(text[:k], cap), at[1] + base_below_anchor * cap, cap)
        for k, ch in enumerate(text)
        if ch != " "
    ]
    assert len(sketch.marks) == len(expected) == len(text.replace(" ", ""))
    for got, want in zip(sketch.marks, expected, strict=True):
        assert isinstance(got, Glyph)
        assert (got.char, got.cap_mm) == (want.char, want.cap_mm)
        assert got.x_mm == pytest.approx(want.x_mm, abs=1e-9)
        assert got.baseline_mm == pytest.approx(want.baseline_mm, abs=1e-12)


def test_text_defaults_to_its_top_left_on_the_anchor() -> None:
    sketch = Sketch(100.0, 100.0)
    sketch.text("Hi", (10.0, 5.0), 2.0)
    first = sketch.marks[0]
    assert isinstance(first, Glyph) and (first.x_mm, first.baseline_mm) == (10.0, 7.0)


def test_paragraphs_go_down_a_line_spacing_a_line_and_more_between_paragraphs() -> None:
    """Each wrapped line one ``spacing`` x cap below the last, 0.6 cap more between paragraphs;
    the y returned is below the last paragraph's space."""
    cap, width = 2.0, 30.0
    paras = ["one two three four five six seven eight nine ten", "eleven"]
    lines = [wrap(p, width, cap) for p in paras]
    assert len(lines[0]) > 1
    sketch = Sketch(100.0, 200.0)
    y_end = sketch.paragraphs(paras, (5.0, 10.0), width, cap, spacing=1.5)
    starts = [(5.0, 10.0 + 1.5 * cap * k) for k in range(len(lines[0]))]
    starts.append((5.0, 10.0 + 1.5 * cap * len(lines[0]) + 0.6 * cap))
    firsts = [m for m in sketch.marks if isinstance(m, Glyph) and m.x_mm == 5.0]
    got = [c for g in firsts for c in (g.x_mm, g.baseline_mm - cap)]
    assert got == pytest.approx([c for start in starts for c in start])
    assert y_end == pytest.approx(starts[-1][1] + 1.5 * cap + 0.6 * cap)
    assert Sketch(10.0, 10.0).paragraphs(["x"], (0.0, 0.0), 10.0, 1.0) == pytest.approx(2.3)


def test_lines_rects_rings_views_and_symbols_are_kept_in_order_on_the_page() -> None:
    sketch = Sketch(210.0, 297.0)
    sketch.line((1.0, 2.0), (3.0, 4.0))
    sketch.line((5.0, 6.0), (7.0, 8.0), width=0.5, dash=(2.0, 1.0))
    sketch.rect(10.0, 11.0, 12.0, 13.0)
    sketch.rect(1.0, 1.0, 2.0, 2.0, width=0.1)
    sketch.circle(20.0, 21.0, 5.0)
    sketch.circle(20.0, 21.0, 6.0, width=0.4)
    sketch.part("plate-38.90N", (30.0, 40.0), (0.0, 0.0, 100.0, 90.0))
    sketch.part("rete", (50.0, 60.0), (1.0, 2.0, 3.0, 4.0), turned=True)
    sketch.symbol("north-arrow", (70.0, 80.0))
    marks = (
        Line(1.0, 2.0, 3.0, 4.0, THIN_MM, None),
        Line(5.0, 6.0, 7.0, 8.0, 0.5, (2.0, 1.0)),
        Rect(10.0, 11.0, 12.0, 13.0, LINE_MM),
        Rect(1.0, 1.0, 2.0, 2.0, 0.1),
        Ring(20.0, 21.0, 5.0, THIN_MM),
        Ring(20.0, 21.0, 6.0, 0.4),
        PartView("plate-38.90N", (30.0, 40.0), (0.0, 0.0, 100.0, 90.0), False),
        PartView("rete", (50.0, 60.0), (1.0, 2.0, 3.0, 4.0), True),
        SymbolView("north-arrow", (70.0, 80.0)),
    )
    assert sketch.page() == Page(210.0, 297.0, marks, ())
    holds = (Held("part", "rete"), Held("guide"))
    assert sketch.page(holds) == Page(210.0, 297.0, marks, holds)
    assert sketch.as_symbol("legend") == Symbol("legend", 210.0, 297.0, marks)
