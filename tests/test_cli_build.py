"""`astrofab build` end to end: outputs of issue 2, exit codes and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_run import run_cli


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return run_cli(argv, capsys)


def test_build_default_writes_plate_mater_and_manifest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["build", "--lat", "38.9", "--formats", "svg"], capsys)
    assert code == 0
    folder = tmp_path / "output" / "astrolabe-38.90N"
    assert (folder / "mater-front.svg").is_file()
    assert (folder / "plate-38.90N.svg").is_file()
    manifest = json.loads((folder / "manifest.json").read_text())
    plate = manifest["parts"]["plate-38.90N"]
    assert plate["latitude_deg"] == 38.9
    assert plate["equator_radius_mm"] > 0 and plate["limit_radius_mm"] > plate["equator_radius_mm"]
    assert len(plate["center_mm"]) == 2
    assert manifest["hemisphere"] == "north"
    assert "plate-38.90N" in out  # a progress line per part


def test_quiet_prints_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(["build", "--lat", "-33.87", "--formats", "svg", "--quiet"], capsys)
    assert code == 0 and out == "" and err == ""
    assert (tmp_path / "output" / "astrolabe-33.87S" / "plate-33.87S.svg").is_file()


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["build", "--lat", "91"], "-90 to 90"),
        (["build", "--lat", "abc"], "-90 to 90"),
        (["build", "--lat", "38.9", "--diameter", "0"], "60 to 1000"),
        (["build", "--lat", "38.9", "--almucantar-step", "3"], "1, 2, 5, 10"),
        (["build", "--lat", "38.9", "--twilight", "dusk"], "civil"),
        (["build", "--lat", "nan"], "-90 to 90"),
    ],
)
def test_bad_input_exit_2_one_line_no_files(
    argv: list[str],
    needle: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(argv, capsys)
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and needle in lines[0], err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_console_script_runs_as_a_process(tmp_path: Path) -> None:
    """The installed entry point (python -m astrolabe_fab) exits 2 on bad input, no traceback."""
    proc = subprocess.run(
        [sys.executable, "-m", "astrolabe_fab", "build", "--lat", "91"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "-90 to 90" in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_existing_folder_is_kept_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(["build", "--lat", "10", "--formats", "svg", "-q"], capsys)[0] == 0
    assert run(["build", "--lat", "10", "--formats", "svg", "-q"], capsys)[0] == 0
    assert (tmp_path / "output" / "astrolabe-10.00N-2" / "manifest.json").is_file()
    assert run(["build", "--lat", "10", "--formats", "svg", "-q", "--force"], capsys)[0] == 0
    assert not (tmp_path / "output" / "astrolabe-10.00N-3").exists()


def test_config_option_override_and_rebuild_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.toml").write_text(
        "[design]\nlatitude_deg = 45.0\ndiameter_mm = 150.0\nepoch = 2026.0\n"
    )
    code, _, err = run(
        ["build", "--config", "d.toml", "--diameter", "120", "--out", "a", "-q"], capsys
    )
    assert code == 0, err
    manifest = json.loads((tmp_path / "a" / "manifest.json").read_text())
    assert manifest["diameter_mm"] == 120.0 and manifest["latitude_deg"] == 45.0
    code, _, err = run(["build", "--config", "a/astrofab.toml", "--out", "b", "-q"], capsys)
    assert code == 0, err
    for f in sorted((tmp_path / "a").iterdir()):
        assert f.read_bytes() == (tmp_path / "b" / f.name).read_bytes(), f.name


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["build", "--plates", "30,95", "--lat", "30"], "95"),
        (["build", "--preset", "chaucr"], "did you mean 'chaucer'"),
        (["build", "--config", "bad.toml"], "'diamter_mm' (did you mean 'diameter_mm'?)"),
        (["build", "--lat", "40", "--stars", "Sirius,Notastar"], "Notastar"),
        (["build", "--lat", "40", "--out", "/proc/astrofab-cannot-write"], "cannot write"),
    ],
)
def test_issue7_errors_exit_2_and_write_nothing(
    argv: list[str],
    needle: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.toml").write_text("latitude_deg = 40\ndiamter_mm = 150\n")
    before = sorted(tmp_path.iterdir())
    code, _, err = run(argv, capsys)
    assert code == 2, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and needle in lines[0], err
    assert sorted(tmp_path.iterdir()) == before


def test_every_preset_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from astrolabe_fab.config import preset_names

    monkeypatch.chdir(tmp_path)
    for name in preset_names():
        code, _, err = run(
            ["build", "--preset", name, "--formats", "svg", "-q", "--out", name], capsys
        )
        assert code == 0, f"{name}: {err}"
        assert (tmp_path / name / "manifest.json").is_file()


def test_sightings_file_with_text_altitude_names_line_7(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    rows = ["utc,object,altitude_deg"]
    rows += [f"2024-03-0{k}T02:00:00Z,Sirius,{20 + k}" for k in range(1, 10)]
    rows[6] = "2024-03-06T02:00:00Z,Sirius,high"  # file line 7
    (tmp_path / "log.csv").write_text("\n".join(rows) + "\n")
    code, _, err = run(["reduce", "log.csv", "--lat", "39", "--lon", "-77", "--out", "red"], capsys)
    assert code == 2
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and ":7:" in lines[0] and "altitude_deg" in lines[0], err
    assert not (tmp_path / "red").exists()


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_exits_130_and_writes_nothing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    workers: str,
) -> None:
    """An interrupt while the parts are made: exit 130, one line, no output folder."""
    import astrolabe_fab.build as build_module

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setenv("ASTROFAB_WORKERS", workers)
    monkeypatch.setattr(build_module, "sheet_parts", interrupted)
    code, _out, err = run_cli(["build", "--lat", "38.9", "--out", str(tmp_path / "o")], capsys)
    assert code == 130
    assert err.strip().splitlines() == ["interrupted: nothing was written"]
    assert list(tmp_path.iterdir()) == []


def test_bad_worker_count_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ASTROFAB_WORKERS", "²")
    code, _, err = run_cli(["build", "--lat", "38.9", "--out", str(tmp_path / "o")], capsys)
    assert code == 2 and "ASTROFAB_WORKERS" in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
