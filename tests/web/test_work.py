"""What the designer's workers do, run in this process: a part's preview, the sheets and the
zip are the very files `astrofab build` writes; a worker ignores stop signals, watches its
server and warms itself before its first request."""

from __future__ import annotations

import io
import json
import signal
import zipfile
from typing import Any

import pytest

from astrolabe_fab.design import Design
from astrolabe_fab.web import work

#: one design with a kerf and a sheet (its parts nested on sheets), SVG only: quick to build
DESIGN = Design(
    latitude_deg=-33.87, diameter_mm=120.0, kerf_mm=0.2, sheet_mm=(400.0, 300.0), formats=("svg",)
).validate()


def test_the_zip_previews_and_sheets_are_the_builds_files() -> None:
    """The zip: every file the manifest lists, the manifest, the design file, the guide and the
    sheets, sorted, under <name>/, time-stamped 1980-01-01 (same design, same bytes), deflated,
    rw-r--r--. A part's preview and the sheets are the very files in it. (One test: mutation
    testing runs a mutant only against the tests that called the function.)"""
    with zipfile.ZipFile(io.BytesIO(work.build_zip(DESIGN))) as archive:
        infos = archive.infolist()
        files = {
            i.filename.removeprefix(f"{DESIGN.instrument_name}/"): archive.read(i) for i in infos
        }
    names = [i.filename for i in infos]
    sheets = work.render_sheets(DESIGN)
    manifest = json.loads(files["manifest.json"])
    listed = {f for part in manifest["parts"].values() for f in part["files"].values()}
    expected = listed | {"manifest.json", "astrofab.toml", "guide.md"}
    expected |= {f"{name}.svg" for name in sheets}
    assert names == sorted(f"{DESIGN.instrument_name}/{n}" for n in expected)
    assert "rete.svg" in files and "sheet-1.svg" in files and not any(".pdf" in n for n in names)
    for info in infos:
        assert info.date_time == work.ZIP_DATE == (1980, 1, 1, 0, 0, 0)
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert info.external_attr >> 16 == 0o644  # whoever unzips it
    for name, data in sheets.items():
        assert data == files[f"{name}.svg"], name
    for name in ("rete", "plate-33.87S", "mater-front"):  # the kerf applied as in the build
        assert work.render_part(DESIGN, name)[0] == files[f"{name}.svg"], name


def test_a_part_not_in_the_design_is_named_with_those_that_are() -> None:
    with pytest.raises(LookupError) as raised:
        work.find_job(DESIGN, "plate-40.00N")
    names = ", ".join(job.name for job in work.part_jobs(DESIGN))
    assert str(raised.value) == f"no part 'plate-40.00N' in this design: it has {names}"


def test_a_worker_ignores_stop_signals_watches_its_server_and_warms(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[dict[str, Any]] = []

    class Thread:
        def __init__(self, **kwargs: Any) -> None:
            started.append(kwargs)

        def start(self) -> None:
            started[-1]["started"] = True

    warmed: list[bool] = []
    frozen: list[bool] = []
    monkeypatch.setattr(work.threading, "Thread", Thread)
    monkeypatch.setattr(work, "warm", lambda: warmed.append(True))
    monkeypatch.setattr(work.gc, "freeze", lambda: frozen.append(bool(warmed)))
    handlers = {sig: signal.getsignal(sig) for sig in work.STOP_SIGNALS}
    try:
        work.start_worker(4321)
        assert [signal.getsignal(sig) for sig in work.STOP_SIGNALS] == [signal.SIG_IGN] * 3
    finally:
        for sig, handler in handlers.items():
            if handler is not None:
                signal.signal(sig, handler)
    assert set(work.STOP_SIGNALS) == {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    assert started == [
        {"target": work.watch_server, "args": (4321,), "daemon": True, "started": True}
    ]
    assert warmed == [True]
    assert frozen == [True]  # once, after warming


class _ExitError(Exception):
    pass


@pytest.mark.parametrize("gone", [ProcessLookupError, PermissionError])
def test_a_worker_ends_once_its_server_is_gone(
    monkeypatch: pytest.MonkeyPatch, gone: type[Exception]
) -> None:
    """It asks every ``every_s`` (half a second unless told) whether the server still exists,
    and exits 0 when not (or when the number now belongs to a process it may not signal)."""
    naps: list[float] = []
    asked: list[tuple[int, int]] = []

    def kill(pid: int, sig: int) -> None:
        asked.append((pid, sig))
        if len(asked) == 3:
            raise gone

    def exit_now(code: int) -> None:
        raise _ExitError(code)

    monkeypatch.setattr(work.time, "sleep", naps.append)
    monkeypatch.setattr(work.os, "kill", kill)
    monkeypatch.setattr(work.os, "_exit", exit_now)
    with pytest.raises(_ExitError) as exited:
        work.watch_server(777, every_s=0.25)
    assert exited.value.args == (0,)
    assert asked == [(777, 0)] * 3 and naps == [0.25] * 3
    asked.clear()
    naps.clear()
    with pytest.raises(_ExitError):  # (the fake kill says when the server is gone)
        work.watch_server(778)
    assert asked == [(778, 0)] * 3 and naps == [0.5] * 3


def test_warming_loads_the_text_and_draws_a_plate(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[tuple[float, str]] = []
    loaded: list[bool] = []
    monkeypatch.setattr(work.text, "preload", lambda: loaded.append(True))
    monkeypatch.setattr(
        work, "part_svg", lambda design, job: drawn.append((design.latitude_deg, job.name))
    )
    work.warm()
    assert loaded == [True] and drawn == [(45.0, "plate-45.00N")]
