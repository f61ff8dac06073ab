"""What the designer's worker processes do: draw one part, lay out the sheets, build the zip.

Every function here returns exactly the bytes ``astrofab build`` writes for the same design:
a part is drawn by its ``build.PartJob``, prepared for cutting by ``prepare_part`` and written
by ``build.PART_WRITERS`` (as ``build._MakePart`` does); the zip holds the files ``build``
writes into a private temporary folder.

``render_part`` also reports which design fields the drawing read (``ReadRecorder``), so that
the cache (``cache.py``) can serve the part again for any design that agrees on those fields:
moving the latitude redraws the plate, not the rete.
"""

from __future__ import annotations

import gc
import io
import os
import signal
import tempfile
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

from .. import text
from ..build import PART_WRITERS, PartJob, build, check_inputs, part_jobs
from ..design import Design
from ..fabrication import prepare_part, sheet_parts
from ..parts.layout import layout_for

#: Reads of this name stand for "the whole design" (a method or anything not a plain value).
WHOLE_DESIGN = "*"


class ReadRecorder(Design):
    """A Design that notes the name of every field or derived value read from it.

    Only reads made by the caller are noted, not those a property makes of other fields:
    reading ``hemisphere`` notes ``hemisphere``, whose value is then part of the cache key.
    A method read (``replace``, ``as_dict``) notes WHOLE_DESIGN. Made with ``record`` only.
    """

    def __getattribute__(self, name: str) -> Any:
        if name.startswith("__") or name in _RECORDER_OWN:
            return object.__getattribute__(self, name)
        state = object.__getattribute__(self, "__dict__").get("_reads_state")
        if state is None:
            return object.__getattribute__(self, name)
        state[1] += 1
        try:
            value = object.__getattribute__(self, name)
        finally:
            state[1] -= 1
        if state[1] == 0:
            state[0].add(WHOLE_DESIGN if callable(value) else name)
        return value

    @staticmethod
    def record(design: Design) -> ReadRecorder:
        """A recorder holding the values of ``design``."""
        recorder = object.__new__(ReadRecorder)
        recorder.__dict__.update(design.__dict__)
        object.__setattr__(recorder, "_reads_state", [set(), 0])
        return recorder

    def reads(self) -> tuple[str, ...] | None:
        """The names read so far, sorted; None when the whole design was used."""
        names: set[str] = object.__getattribute__(self, "__dict__")["_reads_state"][0]
        return None if WHOLE_DESIGN in names else tuple(sorted(names))


#: The recorder's own names: reading them is not reading the design.
_RECORDER_OWN = frozenset({"record", "reads", "_reads_state"})


def find_job(design: Design, name: str) -> PartJob:
    """The job that draws the part ``name``; LookupError naming the design's parts."""
    jobs = part_jobs(design)
    for job in jobs:
        if job.name == name:
            return job
    raise LookupError(f"no part {name!r} in this design: it has {', '.join(j.name for j in jobs)}")


def part_svg(design: Design, job: PartJob) -> bytes:
    """The part's SVG file as ``astrofab build`` writes it (the SVG writer does not read the
    job figures of ``prepare_part``: they are left out)."""
    part = prepare_part(job.run(design, layout_for(design)), design.kerf_mm, figures=False)
    return PART_WRITERS["svg"](part, design)


def render_part(design: Design, name: str) -> tuple[bytes, tuple[str, ...] | None]:
    """The SVG of part ``name`` and the design fields its drawing read (None: all of them)."""
    job = find_job(design, name)
    recorder = ReadRecorder.record(design)
    data = part_svg(recorder, job)
    return data, recorder.reads()


def render_sheets(design: Design) -> dict[str, bytes]:
    """The ``sheet-N`` SVGs of a design with ``sheet_mm`` set, by name (as ``build`` nests)."""
    layout = layout_for(design)
    ready = [prepare_part(job.run(design, layout), design.kerf_mm) for job in part_jobs(design)]
    return {s.name: PART_WRITERS["svg"](s, design) for s in sheet_parts(ready, design)}


#: Fixed time stamp of every zip entry (the earliest a zip can hold): same design, same bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def build_zip(design: Design) -> bytes:
    """Every file ``astrofab build`` writes for ``design``, zipped under ``<name>/``.

    The build runs in one process (this one is already a worker) into a private temporary
    folder that no request names; entries are sorted and time-stamped ZIP_DATE."""
    with tempfile.TemporaryDirectory(prefix="astrofab-web-") as tmp:
        folder = Path(tmp) / "build"
        build(design, folder, design.formats, workers=1)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for path in sorted(folder.iterdir()):
                info = zipfile.ZipInfo(f"{design.instrument_name}/{path.name}", ZIP_DATE)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())
        return buffer.getvalue()


#: Stop signals: a terminal's Ctrl-C reaches the whole process group, workers included.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def start_worker(server_pid: int) -> None:
    """A worker's start: deaf to stop signals (the server stops, then kills its workers), gone
    when the server is (``watch_server``), then warm. What the worker holds once warm (the
    package, the font, the glyph and star tables) is then moved out of the garbage
    collector's sight (``gc.freeze``): it lives as long as the worker, and each collection no
    longer walks it (2 % of a plate preview's instructions)."""
    for sig in STOP_SIGNALS:
        signal.signal(sig, signal.SIG_IGN)
    threading.Thread(target=watch_server, args=(server_pid,), daemon=True).start()
    warm()
    gc.collect()  # what warming left behind, before the rest is frozen
    gc.freeze()


def watch_server(server_pid: int, every_s: float = 0.5) -> None:
    """End this worker once the server process is gone, even killed by SIGKILL. (Workers are
    children of the forkserver, which outlives a killed server while they live, and they wait
    on a queue whose other end they hold themselves: nothing else would end them.)"""
    while True:
        time.sleep(every_s)
        try:
            os.kill(server_pid, 0)
        except ProcessLookupError:
            os._exit(0)
        except PermissionError:  # pragma: no cover - a pid reused by another user's process
            os._exit(0)


def warm() -> None:
    """Load the font, glyphs and star table and draw one plate, so that the first request a
    worker serves costs what every later one does."""
    text.preload()
    design = Design(latitude_deg=45.0).validate()
    check_inputs(design)
    part_svg(design, find_job(design, "plate-45.00N"))
