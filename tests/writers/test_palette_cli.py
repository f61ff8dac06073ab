"""Palettes in SVG and DXF, and the fabrication options of ``astrofab build`` / ``inspect``."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import ezdxf
import pytest

from astrolabe_fab.design import Design
from astrolabe_fab.errors import InputError
from astrolabe_fab.writers.palette import PALETTES, palette
from astrolabe_fab.writers.style import DrawStyle
from astrolabe_fab.writers.svg import part_to_svg
from tests.cli_run import run_cli
from tests.fabrication.helpers import ready_parts

SVG = "{http://www.w3.org/2000/svg}"
EXPECTED = {  # layer colours each program or shop expects (research note §1.1)
    "lightburn": {"CUT_OUTER": "#FF0000", "SCORE": "#0000FF"},
    "epilog": {"CUT_OUTER": "#FF0000"},
    "ponoko": {"CUT_OUTER": "#0000FF", "CUT_INNER": "#0000FF", "SCORE": "#FF0000"},
    "mono": {"CUT_OUTER": "#000000", "CUT_INNER": "#000000", "SCORE": "#000000"},
}


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_palette_colours_reach_the_svg(name: str) -> None:
    part = next(p for p in ready_parts(38.9) if p.name.startswith("plate"))
    root = ET.fromstring(part_to_svg(part, DrawStyle(palette=palette(name))))
    groups = {g.get("id"): g for g in root.findall(f"{SVG}g")}
    assert groups["ENGRAVE"].get("fill") == "#000000"
    assert groups["ENGRAVE"].get("stroke") == "none"
    for layer, colour in EXPECTED.get(name, {}).items():
        assert groups[layer].get("stroke") == colour
    if name not in ("ponoko", "mono"):  # inner and outer cuts are told apart by colour
        assert groups["CUT_INNER"].get("stroke") != groups["CUT_OUTER"].get("stroke")


def test_unknown_palette_and_paper_are_input_errors() -> None:
    with pytest.raises(InputError, match="lightburn"):
        palette("laserbeam")
    with pytest.raises(InputError, match="a4"):
        Design(latitude_deg=38.9, paper="b5").validate()
    with pytest.raises(InputError, match="0 to 1 mm"):
        Design(latitude_deg=38.9, kerf_mm=3.0).validate()


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return run_cli(argv, capsys)


def test_build_with_fabrication_options_and_inspect(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "o"
    code, text, err = run(
        [
            "build",
            "--lat",
            "-33.87",
            "--formats",
            "svg,dxf",
            "--palette",
            "ponoko",
            "--kerf",
            "0.15",
            "--sheet",
            "600x400",
            "--out",
            str(out),
        ],
        capsys,
    )
    assert code == 0, err
    assert "pierces" in text and "travel" in text
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["design"]["palette"] == "ponoko"
    assert manifest["design"]["kerf_mm"] == 0.15
    for name, entry in manifest["parts"].items():
        assert {"cut_mm", "score_mm", "engrave_mm2", "pierces", "travel_mm"} <= set(entry["job"])
        assert (out / f"{name}.dxf").is_file()
    assert (out / "sheet-1.svg").is_file() and (out / "sheet-1.dxf").is_file()
    doc = ezdxf.read(io.StringIO((out / "sheet-1.dxf").read_text()))
    assert not doc.audit().has_errors
    code, text, _ = run(["inspect", str(out)], capsys)
    assert code == 0
    lines = text.strip().splitlines()
    assert len(lines) == 1 + len(manifest["parts"])
    assert any(line.startswith("rete") for line in lines)


@pytest.mark.parametrize(
    "args",
    [
        ["--kerf", "2"],
        ["--sheet", "600"],
        ["--sheet", "10x10"],
        ["--palette", "nope"],
        ["--paper", "b5"],
        ["--sheet", "120x120"],
    ],
)
def test_bad_fabrication_options_exit_2(
    args: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        ["build", "--lat", "38.9", "--formats", "svg", "--out", str(tmp_path / "x"), *args], capsys
    )
    assert code == 2, err
    assert err.startswith("error: ") and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x").exists()


def test_inspect_reads_the_dxf_when_the_manifest_has_no_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The DXF read back gives the same cut and score lengths as the build recorded."""
    from astrolabe_fab.inspect import dxf_job

    out = tmp_path / "o"
    code, _, err = run(
        ["build", "--lat", "38.9", "--formats", "dxf", "-q", "--out", str(out)], capsys
    )
    assert code == 0, err
    manifest = json.loads((out / "manifest.json").read_text())
    for name, entry in manifest["parts"].items():
        job = dxf_job(out / entry["files"]["dxf"], entry["size_mm"][1])
        assert job["cut_mm"] == pytest.approx(entry["job"]["cut_mm"], rel=1e-3), name
        assert job["score_mm"] == pytest.approx(entry["job"]["score_mm"], rel=1e-3), name
        assert job["engrave_mm2"] == pytest.approx(entry["job"]["engrave_mm2"], rel=1e-3), name
        # (chained arcs may lose their continuity in the DXF, see below)
        assert job["pierces"] == pytest.approx(entry["job"]["pierces"], rel=0.05), name
        # DXF ARCs run counter-clockwise whatever the cutting direction: the travel read from
        # a DXF does not follow the optimised order (the manifest figure follows the SVG)
        assert job["travel_mm"] > 0.0
        del entry["job"]
    (out / "manifest.json").write_text(json.dumps(manifest))
    code, text, _ = run(["inspect", str(out)], capsys)
    assert code == 0 and len(text.strip().splitlines()) == 1 + len(manifest["parts"])


def test_inspect_of_a_folder_without_manifest_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["inspect", str(tmp_path)], capsys)
    assert code == 2 and "manifest.json" in err
