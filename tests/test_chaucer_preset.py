"""`astrofab build --preset chaucer` end to end: what the issue asks its manifest to record, and
`astrofab presets` naming it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_run import run_cli


def test_chaucer_build_records_the_treatise_instrument(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "chaucer"
    code, _, err = run_cli(
        ["build", "--preset", "chaucer", "--formats", "svg", "--out", str(out), "--quiet"], capsys
    )
    assert code == 0, err
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert m["epoch"] == 1391.0
    assert m["calendar"]["system"] == "julian" and m["design"]["calendar_system"] == "julian"
    assert m["calendar"]["dominical_letters"] == "A"
    parts = m["parts"]
    assert parts["mater-front"]["scales"]["hours"]["labels_from_noon"] == [
        "+",
        *"ABCDEFGHIKLMNOPQRSTVXYZ",
    ]
    back = parts["mater-back"]["scales"]
    square = back["shadow_square"]
    assert square["divisions"] == 12
    assert set(square["labels"]) == {
        "umbra_versa_left",
        "umbra_versa_right",
        "umbra_recta_left",
        "umbra_recta_right",
    }
    assert all(v == [str(k) for k in range(1, 13)] for v in square["labels"].values())
    assert square["names"] == {"UMBRA VERSA": True, "UMBRA RECTA": True}
    feasts = {f["name"]: f["date"] for f in back["calendar"]["festivals"]}
    assert feasts["Conversion of St Paul"] == "1391-01-25"
    assert feasts["St Thomas the Apostle"] == "1391-12-21"
    assert all(f["calendar"] == "julian" for f in back["calendar"]["festivals"])
    assert back["calendar"]["dominical_letters"]["year_letters"] == "A"
    stars = {s["name"]: s["names"] for s in parts["rete"]["stars"]}
    assert stars["Sirius"] == {
        "modern": "Sirius",
        "medieval": "Alhabor",
        "origin": "al-'abur",
        "source": "chaucer",
    }
    assert all({"modern", "medieval"} <= set(v) for v in stars.values())
    # the classic rete engraves the medieval names; its band carries the signs and the degrees
    # by two, and no month scale (Part I §21)
    rete = parts["rete"]
    assert rete["design"] == "classic"
    assert all(s["engraved"] == s["names"]["medieval"] for s in rete["stars"])
    assert {"Alhabor", "Alramech", "Aldeberan", "Algomeyse"} <= {
        s["engraved"] for s in rete["stars"]
    }
    # each name at its own star or left out and listed (issue 14 polish): at 200 mm the twins'
    # marks lie side by side in Cancer and Deneb Alezet's dagger is short
    assert len(rete["star_names_left_out"]) <= len(rete["stars"]) // 4
    assert all(
        "name_box_mm" in s for s in rete["stars"] if s["name"] not in rete["star_names_left_out"]
    )
    assert rete["ecliptic"]["calendar"] is None and rete["ecliptic"]["degree_step_deg"] == 2
    assert m["design"]["rete_calendar"] is False
    assert "plate-51.83N" in parts


def test_presets_says_what_chaucer_is(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["presets"], capsys)
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("chaucer"))
    assert "Treatise" in line and "51°50' N" in line and "Julian" in line
