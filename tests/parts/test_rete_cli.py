"""The rete's build options end to end: --rete, --mirror-engrave, --epoch, --stars, --max-mag."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_run import run_cli


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code, _, err = run_cli(argv, capsys)
    return code, err


def test_transparent_mirrored_named_stars_and_epoch(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "inst"
    code, err = run(
        [
            "build",
            "--lat",
            "38.9",
            "--rete",
            "transparent",
            "--mirror-engrave",
            "--epoch",
            "2030",
            "--stars",
            "vega, Deneb,ALTAIR",
            "--formats",
            "svg",
            "--out",
            str(out),
            "-q",
        ],
        capsys,
    )
    assert code == 0, err
    manifest = json.loads((out / "manifest.json").read_text())
    rete = manifest["parts"]["rete"]
    assert manifest["epoch"] == 2030.0
    assert rete["mirrored"] is True and rete["style"] == "transparent"
    assert sorted(s["name"] for s in rete["stars"]) == ["Altair", "Deneb", "Vega"]
    svg = (out / "rete.svg").read_text()
    assert "<text" not in svg


def test_cutout_default_and_star_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stars = tmp_path / "stars.csv"
    stars.write_text("name,ra_h,dec_deg,vmag\nVega,18.6156,38.7837,0.03\nKochab,14.845,74.155,2\n")
    out = tmp_path / "inst"
    code, err = run(
        [
            "build",
            "--lat",
            "-33.9",
            "--stars",
            str(stars),
            "--min-web",
            "2",
            "--formats",
            "svg",
            "--out",
            str(out),
            "-q",
        ],
        capsys,
    )
    assert code == 0, err
    rete = json.loads((out / "manifest.json").read_text())["parts"]["rete"]
    assert rete["style"] == "cutout" and rete["min_web_mm"] == 2.0
    # a southern rete reaches only to the tropic of Cancer: both stars lie beyond it
    assert rete["stars"] == [] and sorted(rete["stars_left_out"]) == ["Kochab", "Vega"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rete", "lace"], "rete style"),
        (["--min-web", "0.1"], "min web"),
        (["--max-mag", "abc"], "max mag"),
        (["--stars", "Vega,Betelguese"], "did you mean Betelgeuse"),
    ],
)
def test_bad_rete_options_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    out = tmp_path / "inst"
    code, err = run(["build", "--lat", "38.9", *args, "--out", str(out), "-q"], capsys)
    assert code == 2
    assert message in err and "Traceback" not in err
    assert not out.exists()
