"""The paper kit's text: paragraphs wrapped to a width, measured as the font measures them."""

from __future__ import annotations

import pytest

from astrolabe_fab import text as txt
from astrolabe_fab.paper.sketch import wrap


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
