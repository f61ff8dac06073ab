"""Paper PDF: page size, the 100 mm calibration square measured in the file, tiling, scaling
preference and determinism."""

from __future__ import annotations

import io
import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from astrolabe_fab.build import instrument_pdf
from astrolabe_fab.design import Design
from tests.caching import per_mutant_cache
from tests.fabrication.helpers import ready_parts

PT_PER_MM = 72.0 / 25.4
PAPER_PT = {
    "a4": (595.276, 841.89),
    "letter": (612.0, 792.0),
    "a3": (841.89, 1190.551),
    "tabloid": (792.0, 1224.0),
}


@per_mutant_cache
def pdf_bytes(paper: str = "a4", names: tuple[str, ...] | None = None) -> bytes:
    parts = [p for p in ready_parts(38.9) if names is None or p.name in names]
    # without the dragon's instruction page: these tests are about the parts' pages
    design = Design(latitude_deg=38.9, paper=paper, dragon=False).validate()
    return instrument_pdf(parts, design)


def _mul(a: list[float], b: list[float]) -> list[float]:
    """Product of PDF matrices [a b c d e f] (a applied first)."""
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def stroked_rectangles(
    reader: PdfReader, page_index: int, parsed: dict[int, list]
) -> list[tuple[float, float]]:
    """Sizes (w, h) in points of every rectangle stroked on a page, following the graphics
    state (q/Q/cm) into Form XObjects: an interpreter written for this test."""
    found: list[tuple[float, float]] = []

    def run(obj: object, resources: object, ctm: list[float]) -> None:
        stack: list[list[float]] = []
        pending: list[tuple[float, float, float, float]] = []
        ref = getattr(obj, "indirect_reference", None)
        key = ref.idnum if ref is not None else None  # page contents: not cached
        if key is None or key not in parsed:
            operations = ContentStream(obj, reader).operations
            if key is not None:
                parsed[key] = operations
        else:
            operations = parsed[key]
        for operands, op in operations:
            if op == b"q":
                stack.append(ctm)
            elif op == b"Q":
                ctm = stack.pop()
            elif op == b"cm":
                ctm = _mul([float(v) for v in operands], ctm)
            elif op == b"re":
                x, y, w, h = (float(v) for v in operands)
                pending.append((x, y, w, h))
            elif op in (b"S", b"s"):
                for _x, _y, w, h in pending:
                    # transform two sides as vectors
                    wx, wy = w * ctm[0], w * ctm[1]
                    hx, hy = h * ctm[2], h * ctm[3]
                    found.append((math.hypot(wx, wy), math.hypot(hx, hy)))
                pending = []
            elif op in (b"n", b"f", b"F", b"f*", b"B", b"b", b"W"):
                if op != b"W":
                    pending = []
            elif op == b"Do":
                xobjs = resources["/XObject"].get_object()  # type: ignore[index]
                form = xobjs[operands[0]].get_object()
                m = [float(v) for v in form.get("/Matrix", [1, 0, 0, 1, 0, 0])]
                res = form.get("/Resources")
                run(form, res.get_object() if res is not None else {}, _mul(m, ctm))

    page = reader.pages[page_index]
    run(page.get_contents(), page["/Resources"].get_object(), [1, 0, 0, 1, 0, 0])
    return found


def test_pdf_opens_page_size_is_the_paper_and_scaling_is_off() -> None:
    for paper, names in (("a4", None), ("letter", ("rule",))):
        reader = PdfReader(io.BytesIO(pdf_bytes(paper, names)))
        assert len(reader.pages) >= 2
        for page in reader.pages:
            w, h = float(page.mediabox.width), float(page.mediabox.height)
            assert math.isclose(w, PAPER_PT[paper][0], abs_tol=0.01)
            assert math.isclose(h, PAPER_PT[paper][1], abs_tol=0.01)
        prefs = reader.trailer["/Root"]["/ViewerPreferences"]
        assert prefs["/PrintScaling"] == "/None"


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_one_calibration_square_on_the_first_page_a_scale_bar_on_every_other(paper: str) -> None:
    reader = PdfReader(io.BytesIO(pdf_bytes(paper)))
    parsed: dict[int, list] = {}  # operations of each content stream, by object identity
    for k in range(len(reader.pages)):
        squares = [
            (w, h)
            for w, h in stroked_rectangles(reader, k, parsed)
            if abs(w / PT_PER_MM - 100.0) < 5 and abs(h / PT_PER_MM - 100.0) < 5
        ]
        bars = [
            length / PT_PER_MM
            for length in stroked_lines(reader, k)
            if abs(length / PT_PER_MM - 100.0) < 1.0
        ]
        if k == 0:
            assert len(squares) == 1, squares
            w, h = squares[0]
            assert abs(w / PT_PER_MM - 100.0) <= 0.1 and abs(h / PT_PER_MM - 100.0) <= 0.1
        else:
            assert not squares, (k, squares)
            assert len(bars) == 1 and abs(bars[0] - 100.0) <= 0.1, (k, bars)


def stroked_lines(reader: PdfReader, page_index: int) -> list[float]:
    """Lengths (points) of the straight lines stroked in a page's own content stream (``x y m
    x y l S``, under ``cm`` matrices)."""
    found: list[float] = []
    page = reader.pages[page_index]
    ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
    stack: list[list[float]] = []
    path: list[tuple[float, float]] = []
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()
        elif op == b"cm":
            ctm = _mul([float(v) for v in operands], ctm)
        elif op in (b"m", b"l"):
            x, y = (float(v) for v in operands)
            path.append((x * ctm[0] + y * ctm[2] + ctm[4], x * ctm[1] + y * ctm[3] + ctm[5]))
        elif op == b"S" and len(path) == 2:
            found.append(math.dist(*path))
            path = []
        elif op in (b"S", b"n", b"f", b"h", b"re", b"c"):
            path = []
    return found


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_default_build_has_at_most_nine_pages(paper: str) -> None:
    reader = PdfReader(io.BytesIO(pdf_bytes(paper)))
    assert len(reader.pages) <= 9


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler) not installed")
def test_calibration_square_measures_100_mm_when_rendered(tmp_path: Path) -> None:
    """Render page 1 at 600 dpi with poppler and measure the square's edges in pixels."""
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(pdf_bytes())
    subprocess.run(
        ["pdftoppm", "-r", "600", "-f", "1", "-l", "1", "-gray", str(pdf), str(tmp_path / "p")],
        check=True,
    )
    png = next(tmp_path.glob("p*.pgm"))
    img = _read_pgm(png) < 128
    px_per_mm = 600 / 25.4
    long_run = int(95 * px_per_mm)

    def line_centres(dark: np.ndarray) -> list[float]:
        rows = [i for i in range(dark.shape[0]) if _longest_run(dark[i]) >= long_run]
        groups: list[list[int]] = []
        for r in rows:
            if groups and r - groups[-1][-1] <= 1:
                groups[-1].append(r)
            else:
                groups.append([r])
        return [(g[0] + g[-1]) / 2.0 for g in groups]

    horizontal = line_centres(img)
    vertical = line_centres(img.T)
    assert len(horizontal) == 2 and len(vertical) == 2, (horizontal, vertical)
    assert abs((horizontal[1] - horizontal[0]) / px_per_mm - 100.0) <= 0.1
    assert abs((vertical[1] - vertical[0]) / px_per_mm - 100.0) <= 0.1


def _longest_run(row: np.ndarray) -> int:
    if not row.any():
        return 0
    padded = np.concatenate(([0], row.astype(np.int8), [0]))
    d = np.diff(padded)
    starts, ends = np.flatnonzero(d == 1), np.flatnonzero(d == -1)
    return int((ends - starts).max())


def _read_pgm(path: Path) -> np.ndarray:
    data = path.read_bytes()
    parts = data.split(maxsplit=4)
    w, h = int(parts[1]), int(parts[2])
    return np.frombuffer(parts[4][: w * h], dtype=np.uint8).reshape(h, w)


def test_large_parts_are_tiled_and_fit_on_a3() -> None:
    """Read from the PDF's record (pages and what each holds), and the PDF has those pages."""
    from astrolabe_fab.build import pdf_and_pages

    parts = [p for p in ready_parts(38.9) if p.name == "mater-front"]
    for paper, tiles in (("a4", 2), ("a3", 1)):
        data, record = pdf_and_pages(parts, Design(latitude_deg=38.9, paper=paper).validate())
        assert len(PdfReader(io.BytesIO(data)).pages) == len(record["pages"])
        holding = [p for p in record["pages"] if any(h.get("part") for h in p["holds"])]
        assert len(holding) == tiles, paper


def test_pdf_is_byte_identical_on_rebuild() -> None:
    parts = [p for p in ready_parts(38.9) if p.name == "rule"]
    design = Design(latitude_deg=38.9).validate()
    assert instrument_pdf(parts, design) == instrument_pdf(parts, design)
    assert b"CreationDate" not in instrument_pdf(parts, design)


def test_pdf_has_no_text_operators() -> None:
    """Text is outlines: no font resources, no BT/ET text objects."""
    data = pdf_bytes("letter", ("rule",))
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        ops = {op for _, op in ContentStream(page.get_contents(), reader).operations}
        assert b"BT" not in ops and b"Tj" not in ops
    assert b"/Font" not in data


def test_part_drawing_curves_lie_on_the_circles() -> None:
    """Every Bezier curve drawn for a circle and an arc stays within 0.0005 mm of it (the
    curve is evaluated here from its control points, B(t) = sum of Bernstein terms)."""
    from astrolabe_fab.geometry.primitives import Arc, Circle
    from astrolabe_fab.scene import Part
    from astrolabe_fab.writers.pdf_draw import part_operators

    part = Part("t", 300.0, 300.0, (150.0, 150.0))
    part.add("CUT_OUTER", Circle(150.0, 150.0, 140.0))
    part.add("SCORE", Arc(150.0, 150.0, 80.0, 0.4, -2.5))
    ops = part_operators(part).decode().split()
    curves: list[list[float]] = []
    current: tuple[float, float] | None = None
    for i, tok in enumerate(ops):
        if tok == "m":
            current = (float(ops[i - 2]), float(ops[i - 1]))
        elif tok == "c":
            nums = [float(v) for v in ops[i - 6 : i]]
            assert current is not None
            curves.append([*current, *nums])
            current = (nums[4], nums[5])
    assert len(curves) >= 12 + 5
    k = PT_PER_MM
    for x0, y0, x1, y1, x2, y2, x3, y3 in curves:
        t = np.linspace(0.0, 1.0, 41)
        bx = (1 - t) ** 3 * x0 + 3 * (1 - t) ** 2 * t * x1 + 3 * (1 - t) * t**2 * x2 + t**3 * x3
        by = (1 - t) ** 3 * y0 + 3 * (1 - t) ** 2 * t * y1 + 3 * (1 - t) * t**2 * y2 + t**3 * y3
        r = np.hypot(bx / k - 150.0, (300.0 - by / k) - 150.0)
        target = 140.0 if abs(r[0] - 140.0) < 1.0 else 80.0
        assert np.max(np.abs(r - target)) < 0.0005


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_default_build_pages_from_the_manifest_record(paper: str) -> None:
    """The default instrument (modern style: with the dragon and its instruction page) as the
    manifest lists its PDF: at most 9 pages, plate and rete on one page each, each mater face on
    at most two; the PDF has those pages."""
    from astrolabe_fab.build import pdf_and_pages

    data, record = pdf_and_pages(ready_parts(38.9), Design(latitude_deg=38.9, paper=paper))
    pages = record["pages"]
    assert len(PdfReader(io.BytesIO(data)).pages) == len(pages) <= 9
    assert record["paper"] == paper and record["file"] == "astrolabe.pdf"

    def pages_of(part: str) -> list[int]:
        return [p["page"] for p in pages if any(h.get("part") == part for h in p["holds"])]

    assert len(pages_of("plate-38.90N")) == 1 and len(pages_of("rete")) == 1
    assert 1 <= len(pages_of("mater-front")) <= 2 and 1 <= len(pages_of("mater-back")) <= 2
    kinds = [h["kind"] for p in pages for h in p["holds"]]
    assert kinds[0] == "cover" and "guide" in kinds and "instructions" in kinds
