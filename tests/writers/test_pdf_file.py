"""The PDF file structure written by writers/pdf_file.py, read back by pypdf and by hand."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from astrolabe_fab.writers.pdf_file import PdfFile, pdf_number, pdf_text


def small_pdf(title: str = "Zürich (paper astrolabe)") -> bytes:
    pdf = PdfFile()
    form = pdf.add_stream("/Type /XObject /Subtype /Form /BBox [0 0 10 10]", b"0 0 10 10 re f")
    for k in range(3):
        content = f"q 1 0 0 1 {k} 0 cm /F Do Q".encode()
        pdf.add_page(595.2756, 841.8898, content, f"<< /XObject << /F {form} 0 R >> >>")
    return pdf.finish({"Title": title, "Creator": "astrofab test"})


def test_pypdf_reads_pages_sizes_and_text_strings_strictly() -> None:
    reader = PdfReader(io.BytesIO(small_pdf()), strict=True)
    assert len(reader.pages) == 3
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - 595.2756) < 1e-4
        assert b"/F Do" in page.get_contents().get_data()
    assert reader.metadata.title == "Zürich (paper astrolabe)"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/PrintScaling"] == "/None"


def test_xref_offsets_point_at_their_objects() -> None:
    data = small_pdf()
    start = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", data).group(1))
    assert data[start:].startswith(b"xref\n0 ")
    lines = data[start:].split(b"\n")
    count = int(lines[1].split()[1])
    offsets = [int(line[:10]) for line in lines[3 : 2 + count]]
    assert len(offsets) == count - 1
    for number, offset in enumerate(offsets, start=1):
        assert data[offset:].startswith(f"{number} 0 obj\n".encode()), number
    assert all(len(line) == 19 for line in lines[2 : 2 + count])  # 20 bytes with the newline


def test_same_calls_same_bytes_and_the_id_follows_the_content() -> None:
    assert small_pdf() == small_pdf()
    other = small_pdf("Quito (paper astrolabe)")
    ids = [re.search(rb"/ID \[<([0-9A-F]{32})>", d).group(1) for d in (small_pdf(), other)]
    assert ids[0] != ids[1]


def test_numbers_and_text_strings() -> None:
    assert pdf_number(1.0) == "1"
    assert pdf_number(-0.00001) == "0"
    assert pdf_number(2.5e-3) == "0.0025"
    assert pdf_number(1e6) == "1000000"
    assert "e" not in pdf_number(1e-20)
    assert pdf_text("A") == "<FEFF0041>"
