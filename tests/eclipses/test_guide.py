"""The dragon's instruction page: its worked example is the instrument's own first season,
agrees with astronomy-engine's eclipses, and matches the README's walk-through."""

from __future__ import annotations

from pathlib import Path

import astronomy

from astrolabe_fab.design import Design
from astrolabe_fab.eclipses.guide import dragon_guide

README = Path(__file__).resolve().parents[2] / "README.md"


def test_worked_example_for_2026() -> None:
    page = dragon_guide(Design(38.9, epoch=2026.0).validate())
    header, *rows = page.table
    assert header == ("date", "what to do", "what you read")
    assert rows[0][0] == "10 February 2026" and "the solar season begins" in rows[0][2].lower()
    text = " ".join(" ".join(r) for r in rows)
    # the eclipses of that season, as astronomy-engine has them
    solar = astronomy.SearchGlobalSolarEclipse(astronomy.Time.Make(2026, 1, 1, 0, 0, 0.0))
    lunar = astronomy.SearchLunarEclipse(astronomy.Time.Make(2026, 1, 1, 0, 0, 0.0))
    assert f"{solar.peak.Utc():%H:%M} UT" in text and "annular solar eclipse" in text
    assert f"{lunar.peak.Utc():%H:%M} UT" in text and "total lunar eclipse" in text
    dates = [r[0] for r in rows[:-1]]
    assert dates == sorted(dates, key=lambda d: (d.split()[2], _month(d), int(d.split()[0])))
    # the README walks through the same numbers
    readme = README.read_text(encoding="utf-8")
    for reading in ("340.0° (Pisces 10.0°)", "321.8° (Aquarius 21.8°)", "10.8°", "4.0°"):
        assert reading in rows[0][2] + text and reading in readme


def _month(day_text: str) -> int:
    from astrolabe_fab.eclipses.guide import MONTH_NAMES

    return MONTH_NAMES.index(day_text.split()[1])


def test_the_page_is_the_last_of_the_pdf_with_its_scale_bar() -> None:
    """The instruction page follows the user's guide at the end of the paper kit (issue 17:
    the calibration square is on the first page only; every other page has a 100 mm bar)."""
    import io

    from pypdf import PdfReader

    from astrolabe_fab.build import instrument_pdf, text_pages
    from tests.fabrication.helpers import ready_parts
    from tests.writers.test_pdf import PT_PER_MM, stroked_lines

    design = Design(38.9, epoch=2026.0).validate()
    parts = [p for p in ready_parts(38.9) if p.name == "rule"]
    assert [p.title for p in text_pages(design)] == ["The dragon: eclipse seasons"]
    plain = design.replace(dragon=False)
    assert text_pages(plain) == []
    without = PdfReader(io.BytesIO(instrument_pdf(parts, plain)))
    reader = PdfReader(io.BytesIO(instrument_pdf(parts, design)))
    last = len(reader.pages)
    assert last == len(without.pages) + 1
    bars = [x for x in stroked_lines(reader, last - 1) if abs(x / PT_PER_MM - 100.0) < 0.1]
    assert len(bars) == 1
    # the page reads as written (glyphs read back from the PDF)
    from tests.writers.pdf_text import page_lines

    lines = page_lines(instrument_pdf(parts, design), last - 1)
    assert "The dragon: eclipse seasons" in lines and f"page {last} of {last}" in " ".join(lines)
    text = " ".join(lines)
    for reading in ("340.0° (Pisces 10.0°)", "an annular solar eclipse (12:11 UT)"):
        assert reading in text
