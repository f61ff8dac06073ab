"""The assembly (parts, order on the pivot, screw, steps): the screw read forwards from the
design, and the same record in the paper PDF's first page and in manifest.json."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from astrolabe_fab.hardware import SCREWS, fastener_for, pivot_clearance_mm
from tests.cli_run import run_cli
from tests.writers.pdf_text import page_lines

#: How the packet names each screw (typed here, not read from the table).
LABELS = {"m4": "M4", "m5": "M5", "6-32": "#6-32", "1/4-20": "1/4-20"}


def _named_screws(text: str) -> set[str]:
    """Every screw label of the table that appears in ``text`` as a word."""
    return {
        s.label for s in SCREWS if re.search(rf"(?<![\w./#-]){re.escape(s.label)}(?![\w./-])", text)
    }


@pytest.mark.parametrize("pivot", ["6-32", "1/4-20"])
def test_build_with_an_inch_pivot_names_that_screw_in_pdf_and_manifest(
    pivot: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "b"
    argv = ["build", "--lat", "38.9", "--pivot", pivot, "--diameter", "100", "--out", str(out)]
    code, _, err = run_cli([*argv, "--formats", "pdf", "--quiet", "--epoch", "2026"], capsys)
    assert code == 0, err
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assembly = manifest["assembly"]
    assert assembly["fastener"]["screw"]["name"] == LABELS[pivot]
    assert assembly["fastener"]["hole_mm"] == pytest.approx(manifest["design"]["pivot_diameter_mm"])
    assert assembly["parts"] == list(manifest["parts"])
    assert assembly["stack"][:2] == ["rule", "rete"]
    # the first page of the PDF prints the same steps, in order, and names only this screw
    cover = " ".join(page_lines((out / "astrolabe.pdf").read_bytes(), 0))
    at = 0
    for k, step in enumerate(assembly["steps"], start=1):
        found = cover.find(f"{k}. {step}", at)
        assert found >= 0, step
        at = found
    assert _named_screws(cover) == {LABELS[pivot]}
    assert _named_screws(" ".join(assembly["steps"])) == {LABELS[pivot]}


def test_the_pdf_reader_reads_text() -> None:
    """The glyph reader reads a known line of the cover (a reader that sees nothing would pass
    the 'no other screw' check)."""
    from astrolabe_fab.build import instrument_pdf
    from astrolabe_fab.design import Design
    from tests.fabrication.helpers import ready_parts

    parts = [p for p in ready_parts(38.9) if p.name == "rule"]
    lines = page_lines(instrument_pdf(parts, Design(latitude_deg=38.9).validate()), 0)
    assert lines[0] == "astrolabe-38.90N: paper astrolabe"
    assert "Assembly" in lines
    # the rule on page 2; the dragon's instructions (modern style) on the last page, after
    # the user's guide
    assert any(line.startswith("rule: ") and "page 2" in line for line in lines)
    pdf = instrument_pdf(parts, Design(latitude_deg=38.9).validate())
    last = len(PdfReader(io.BytesIO(pdf)).pages)
    assert f"The dragon: eclipse seasons (instructions): page {last}" in lines


def test_named_screws_get_their_standard_holes() -> None:
    """Holes typed from ISO 273 (medium) and ASME B18.2.8 (normal fit, drill sizes)."""
    assert pivot_clearance_mm("M3") == 3.4
    assert pivot_clearance_mm("m6") == 6.6
    assert pivot_clearance_mm("6-32") == pytest.approx(0.1495 * 25.4, abs=0.001)  # #25 drill
    assert pivot_clearance_mm("1/4-20") == pytest.approx(9 / 32 * 25.4, abs=0.001)
    for name in LABELS:
        f = fastener_for(name, pivot_clearance_mm(name))
        assert f.screw is not None and f.screw.label == LABELS[name]
        assert LABELS[name] in f.words()


@pytest.mark.parametrize(
    ("hole_mm", "label"),
    [
        (4.5, "M4"),  # the default hole: ISO 273 medium for M4
        (4.3, "M4"),  # exactly the fine-series hole of M4
        (4.29, "M3"),  # just too tight for M4
        (5.3, "M5"),
        (3.797, "M3"),  # the 6-32 hole given as a number: the metric screw that passes it
        (7.144, "M6"),
        (20.0, "M12"),
        (2.2, "M2"),
    ],
)
def test_a_hole_given_directly_gets_the_largest_metric_screw_that_passes_it(
    hole_mm: float, label: str
) -> None:
    f = fastener_for(f"{hole_mm}", hole_mm)
    assert f.screw is not None and f.screw.label == label
    assert f.screw.thread_mm < hole_mm
    assert f"{hole_mm:g} mm hole" in f.how
    assert fastener_for(None, hole_mm) == f


def test_a_hole_too_small_for_any_screw_gets_a_pin() -> None:
    f = fastener_for(None, 2.1)
    assert f.screw is None
    assert f.words() == "a pin or rivet of 2.1 mm diameter"
    assert "M2" in f.how
