"""Property tests over the design space and determinism of whole builds (issue 7).

Examples: 50 plates (38 alone and those of the 12 whole instruments), 25 retes and 12 whole
instruments by default (CI); set ASTROFAB_EXAMPLES=200 (or more) for the larger local run (the
retes and instruments scale with it).

Each property builds only what it needs, and checks everything on that one build:
- the plate, the one part whose drawing depends on nearly every option (latitude, steps,
  twilight, hours, houses, size, epoch), is drawn, prepared for cutting and written in every
  format for 38 designs; its SVG is parsed and its DXF searched for numbers that are not
  numbers; one in four (drawn by Hypothesis) has its DXF loaded and audited by ezdxf and its
  PDF read; the 12 instruments' plates are checked as well by the instrument property;
- the cut-out rete, which depends on the epoch, the style, the rete design, the size, the kerf
  and the hemisphere only, is drawn and prepared for cutting for 25 designs and must hold
  together;
- the whole instrument (every part, every format, the manifest) for 12 designs: every file well
  formed (each SVG parsed, each PDF read; each DXF searched for numbers that are not numbers and
  one DXF per example, drawn by Hypothesis, loaded and audited: loading all of them took half
  the time) and every part of finite extent.
The mater, the rule and the alidade depend on a handful of options (style, hemisphere, size,
epoch, palette, kerf), which 12 instruments cover; the DXF writer is checked in full on fixed
designs in tests/writers. (One property over 50 whole instruments took half the suite's time.)
"""

from __future__ import annotations

import io
import math
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import ezdxf
import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from shapely.geometry import Polygon
from shapely.ops import unary_union

from astrolabe_fab.build import INSTRUMENT_WRITERS, build, instrument_parts, part_output
from astrolabe_fab.design import Design
from astrolabe_fab.fabrication import prepare_part
from astrolabe_fab.geometry.primitives import Circle, Contour, Polyline
from astrolabe_fab.parts.layout import layout_for
from astrolabe_fab.parts.plate import plate_part
from astrolabe_fab.parts.rete import rete_part
from tests.faults.procs import users_environment
from tests.independent import sample_shape

EXAMPLES = int(os.environ.get("ASTROFAB_EXAMPLES", "50"))
#: Whole instruments: each one's plate is checked as the plate property checks its plates.
INSTRUMENTS = max(5, EXAMPLES // 4)
#: Plates drawn alone: with the instruments' plates, EXAMPLES plates in all.
PLATES = EXAMPLES - INSTRUMENTS
#: One plate in this many (drawn by Hypothesis) has its DXF loaded and audited by ezdxf and its
#: PDF assembled and read; the others are searched for numbers that are not numbers. (The
#: writers are checked in full on fixed designs in tests/writers; these took a third of the
#: property's time.)
READ_ONE_IN = 4
NUMBER = re.compile(r"nan|inf", re.IGNORECASE)
#: A DXF value line that is not a number (DXF puts every value on its own line).
DXF_NOT_A_NUMBER = re.compile(r"^\s*[-+]?(nan|inf|infinity)\s*$", re.IGNORECASE | re.MULTILINE)


def _ring(shape) -> list[tuple[float, float]]:
    pts = sample_shape(shape, 0.25)
    return pts


def rete_solid(part) -> Polygon:
    """The rete's material: its outer contour minus its inner cuts (sampled, for topology)."""
    outer = [Polygon(_ring(it.shape)) for it in part.layers["CUT_OUTER"]]
    holes = [
        Polygon(_ring(it.shape)).buffer(0)
        for it in part.layers["CUT_INNER"]
        if isinstance(it.shape, Circle | Contour | Polyline)
    ]
    solid = unary_union([p.buffer(0) for p in outer])
    for hole in holes:
        solid = solid.difference(hole)
    return solid


FIELDS = {
    "latitude_deg": st.floats(-90.0, 90.0, allow_nan=False),
    "diameter_mm": st.floats(80.0, 400.0),
    "epoch": st.sampled_from([2000.0, 2026.0, 2040.0]),
    "almucantar_step_deg": st.sampled_from([1.0, 2.0, 5.0, 10.0]),
    "azimuth_step_deg": st.sampled_from([5.0, 10.0, 15.0]),
    "twilight": st.sampled_from([(), ("civil",), ("civil", "nautical", "astronomical")]),
    "unequal_hours": st.booleans(),
    "houses": st.booleans(),
    "rete_style": st.sampled_from(["cutout", "transparent"]),
    "style": st.sampled_from(["modern", "classic"]),
    "palette": st.sampled_from(["lightburn", "glowforge", "xtool", "epilog", "ponoko", "mono"]),
    "kerf_mm": st.sampled_from([0.0, 0.1]),
    "rete_design": st.sampled_from([None, "classic", "modern"]),
    "dragon": st.sampled_from([None, True, False]),
}
designs = st.builds(Design, **FIELDS)
#: The rete does not depend on the plate's options (steps, twilight, hours, houses).
rete_designs = st.builds(
    Design,
    **{k: v for k, v in FIELDS.items() if k not in ("rete_style",)},
    rete_style=st.just("cutout"),
)

SLOW = {
    "deadline": None,
    "print_blob": True,
    "phases": [Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: builds are slow
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
}


def _check_svg(text: str) -> None:
    root = ET.fromstring(text)
    assert root.get("width").endswith("mm") and root.get("height").endswith("mm")
    assert not NUMBER.search(re.sub(r'(id|inkscape:label)="[^"]*"', "", text))


def _check_dxf_numbers(text: str) -> None:
    assert text.rstrip().endswith("EOF") and not DXF_NOT_A_NUMBER.search(text)


def _finite_extent(part) -> None:
    x0, y0, x1, y1 = part.bbox()
    assert all(math.isfinite(v) for v in (x0, y0, x1, y1)), part.name


@settings(max_examples=PLATES, **SLOW)
@given(design=designs, data=st.data())
def test_any_plate_is_drawn_and_written_in_every_format(design: Design, data) -> None:
    design = design.validate()
    part = prepare_part(plate_part(design, layout_for(design)), design.kerf_mm)
    out = part_output(part, design, ("svg", "dxf", "pdf"))
    _check_svg(out.files["svg"].decode("utf-8"))
    dxf_text = out.files["dxf"].decode("utf-8")
    _check_dxf_numbers(dxf_text)
    _finite_extent(part)
    if data.draw(st.integers(0, READ_ONE_IN - 1), label="DXF audited, PDF read") == 0:
        assert not ezdxf.read(io.StringIO(dxf_text)).audit().has_errors
        pdf, _ = INSTRUMENT_WRITERS["pdf"].assemble([part], design, [out.shares["pdf"]])
        assert len(PdfReader(io.BytesIO(pdf)).pages) >= 1


@settings(max_examples=max(5, EXAMPLES // 2), **SLOW)
@given(design=rete_designs)
# a run of the solid's outline shorter than its corners' correction once became a zero-length
# arc, on which the kerf offset divided by zero
@example(
    design=Design(
        latitude_deg=-63.34689086782571,
        diameter_mm=250.51795344673567,
        epoch=2000.0,
        almucantar_step_deg=5.0,
        twilight=("civil",),
        style="classic",
        palette="ponoko",
        kerf_mm=0.1,
        rete_style="cutout",
    )
)
def test_any_cutout_rete_holds_together(design: Design) -> None:
    design = design.validate()
    rete = prepare_part(rete_part(design, layout_for(design)), design.kerf_mm)
    _finite_extent(rete)
    if abs(design.latitude_deg) <= 60.0:
        assert rete_solid(rete).geom_type == "Polygon", "the cut-out rete falls apart"


@settings(max_examples=INSTRUMENTS, **SLOW)
@given(design=designs, data=st.data())
def test_any_design_builds_valid_files(design: Design, data, tmp_path_factory) -> None:
    folder = tmp_path_factory.mktemp("b") / "out"
    # one process: forking workers for every example cost more than they saved on a busy
    # machine (that the workers give the same bytes is tested below)
    result = build(design, folder, ("svg", "dxf", "pdf"), workers=1)
    files = sorted(folder.iterdir())
    assert (folder / "manifest.json").is_file()
    dxfs = [path for path in files if path.suffix == ".dxf"]
    assert len(dxfs) == len(result.parts)
    for path in files:
        if path.suffix == ".svg":
            _check_svg(path.read_text())
        elif path.suffix == ".dxf":
            _check_dxf_numbers(path.read_text())
        elif path.suffix == ".pdf":
            assert len(PdfReader(path).pages) >= 1
    audited = data.draw(st.sampled_from(dxfs), label="DXF loaded and audited")
    assert not ezdxf.readfile(audited).audit().has_errors
    rete = next(p for p in result.parts if p.name == "rete")
    if design.rete_style == "cutout" and abs(design.latitude_deg) <= 60.0:
        assert rete_solid(rete).geom_type == "Polygon", "the cut-out rete falls apart"
    for part in result.parts:
        _finite_extent(part)


def test_builds_are_byte_identical_in_one_process_in_workers_and_across_processes(
    tmp_path: Path,
) -> None:
    """One process, two worker processes, and a separate command with another string hash
    seed (set iteration order) and the machine's own count of workers all give the same
    bytes."""
    design = Design(38.9, epoch=2026.0).validate()
    a = build(design, tmp_path / "a", ("svg", "dxf", "pdf"), workers=1).folder
    b = build(design, tmp_path / "b", ("svg", "dxf", "pdf"), workers=2).folder
    c = tmp_path / "c"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "astrolabe_fab",
            "build",
            "--lat",
            "38.9",
            "--epoch",
            "2026",
            "--formats",
            "svg,dxf,pdf",
            "--out",
            str(c),
            "-q",
        ],
        check=True,
        env={**users_environment(), "PYTHONHASHSEED": "12345"},
    )
    names = sorted(p.name for p in a.iterdir())
    assert len(names) == 18  # 7 parts x (svg, dxf), pdf, guide.md, manifest, astrofab.toml
    for other in (b, c):
        assert names == sorted(p.name for p in other.iterdir())
        for name in names:
            assert (a / name).read_bytes() == (other / name).read_bytes(), (other.name, name)


@pytest.mark.parametrize("lat", [38.9, -33.87])
def test_instrument_has_every_spec_part(lat: float) -> None:
    names = {p.name for p in instrument_parts(Design(lat).validate())}
    tag = f"{abs(lat):.2f}{'N' if lat >= 0 else 'S'}"
    assert {"mater-front", "mater-back", f"plate-{tag}", "rete", "rule", "alidade"} <= names
