"""A paper document's PDF objects, read back with pypdf: each page's size in points, and the
forms its content draws: a glyph's form (its outline at 1 mm cap height, y up), a symbol's
form (its marks, in a box padded by SYMBOL_PAD_MM), a part's form (the part's drawing as
given, in a box of the part's size), each named in the page's resources and drawn by the
page's content.
"""

from __future__ import annotations

import io
import zlib

import pytest
from pypdf import PdfReader

from astrolabe_fab.paper.page import (
    Glyph,
    Line,
    Page,
    PaperDocument,
    PartSize,
    PartView,
    Symbol,
    SymbolView,
)
from astrolabe_fab.writers.pdf import SYMBOL_PAD_MM, document_pdf
from astrolabe_fab.writers.pdf_draw import PT_PER_MM
from astrolabe_fab.writers.pdf_file import pdf_number

K = PT_PER_MM
#: two triangles on the baseline, 1 mm high
OUTLINE = (((0.0, 0.0), (0.5, -1.0), (1.0, 0.0)), ((2.0, 0.0), (2.5, -1.0), (3.0, 0.0)))
DRAWING = b"0 G 1 w 0 0 m 10 10 l S\n"


def document() -> PaperDocument:
    star = Symbol("Star", 6.0, 4.0, (Line(0.0, 0.0, 6.0, 4.0, 0.2),))
    page = Page(
        100.0,
        50.0,
        (
            Glyph("A", 10.0, 20.0, 3.0),
            SymbolView("Star", (30.0, 10.0)),
            PartView("rule", (40.0, 5.0), (40.0, 5.0, 90.0, 45.0)),
            Glyph("A", 14.0, 20.0, 3.0),
            Glyph("~", 18.0, 20.0, 3.0),  # a glyph without outline
        ),
    )
    return PaperDocument(
        pages=(page, Page(60.0, 70.0, ())),
        symbols=(star,),
        parts=(PartSize("rule", 50.0, 40.0),),
        outlines={"A": OUTLINE, "~": ()},
        info={"Title": "test"},
    )


@pytest.fixture
def reader() -> PdfReader:
    """The document written anew for each test (a module-wide fixture would be counted by the
    mutation tests for its first test only)."""
    return PdfReader(io.BytesIO(document_pdf(document(), {"rule": zlib.compress(DRAWING)})))


def test_pages_are_their_size_in_points(reader: PdfReader) -> None:
    sizes = [[float(v) for v in page.mediabox] for page in reader.pages]
    assert sizes == [
        pytest.approx([0.0, 0.0, 100.0 * K, 50.0 * K], abs=1e-3),
        pytest.approx([0.0, 0.0, 60.0 * K, 70.0 * K], abs=1e-3),
    ]


def test_a_glyph_form_is_its_outline_y_up(reader: PdfReader) -> None:
    forms = reader.pages[0]["/Resources"]["/XObject"]
    glyph = forms["/G0"].get_object()
    assert [float(v) for v in glyph["/BBox"]] == [-1.0, -1.0, 3.0, 2.0]
    assert glyph.get_data() == b"0 0 m 0.5 1 l 1 0 l h 2 0 m 2.5 1 l 3 0 l h f"
    assert forms["/G1"].get_object().get_data() == b""  # nothing to fill
    content = reader.pages[0].get_contents().get_data().decode()
    for x in (10.0, 14.0):  # the same form twice, scaled to the cap height and moved
        s = pdf_number(3.0 * K)
        pen = f"{pdf_number(x * K)} {pdf_number((50.0 - 20.0) * K)}"
        assert f"q {s} 0 0 {s} {pen} cm /G0 Do Q" in content


def test_a_symbol_form_holds_its_marks_in_a_padded_box(reader: PdfReader) -> None:
    forms = reader.pages[0]["/Resources"]["/XObject"]
    star = forms["/Star"].get_object()
    pad = SYMBOL_PAD_MM * K
    assert [float(v) for v in star["/BBox"]] == pytest.approx(
        [-pad, -pad, 6.0 * K + pad, 4.0 * K + pad], abs=1e-3
    )
    data = star.get_data().decode()
    assert data.startswith("0 G 0 g 1 J 1 j\nq ") and data.endswith("l S Q\n")
    assert f"{pdf_number(0.0)} {pdf_number(4.0 * K)} m" in data  # y up in the symbol's box
    content = reader.pages[0].get_contents().get_data().decode()
    e, f = pdf_number(30.0 * K), pdf_number((50.0 - 10.0) * K - 4.0 * K)
    assert f"q 1 0 0 1 {e} {f} cm /Star Do Q" in content


def test_a_part_form_is_its_drawing_in_the_part_s_box(reader: PdfReader) -> None:
    forms = reader.pages[0]["/Resources"]["/XObject"]
    rule = forms["/Part0"].get_object()
    assert [float(v) for v in rule["/BBox"]] == pytest.approx(
        [0.0, 0.0, 50.0 * K, 40.0 * K], abs=1e-3
    )
    assert rule.get_data() == DRAWING
    assert sorted(forms) == ["/G0", "/G1", "/Part0", "/Star"]
    assert (
        "/XObject" not in reader.pages[1]["/Resources"]
        or not reader.pages[1]["/Resources"]["/XObject"]
    )
