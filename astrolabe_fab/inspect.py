"""``astrofab inspect DIR``: the job figures of a built instrument, one line per part.

The figures (cut and score length, engraved area, pierces, travel; see ``fabrication.stats``)
are recorded in manifest.json as each part's ``job`` entry at build time. For a folder without
them, they are computed again from the parts' DXF files (read with ezdxf); DXF arcs always
run counter-clockwise, so the travel read back from a DXF is approximate.
"""

from __future__ import annotations

import io
import itertools
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import inputs
from .errors import InputError
from .scene import Part

HEADER = f"{'part':<16} {'cut':>9}  {'score':>9}  {'engrave':>11}  {'pierces':>7}  {'travel':>9}"


def _line(name: str, job: dict[str, Any]) -> str:
    return (
        f"{name:<16} {job['cut_mm'] / 1000.0:7.3f} m  {job['score_mm'] / 1000.0:7.3f} m  "
        f"{job['engrave_mm2'] / 100.0:8.1f} cm²  {job['pierces']:7d}  "
        f"{job['travel_mm'] / 1000.0:7.3f} m"
    )


def job_lines(parts: Sequence[Part]) -> str:
    """The job table of built parts (those that carry ``meta['job']``)."""
    rows = [HEADER] + [_line(p.name, p.meta["job"]) for p in parts if "job" in p.meta]
    return "\n".join(rows)


JOB_KEYS = ("cut_mm", "score_mm", "engrave_mm2", "pierces", "travel_mm")


def inspect_folder(folder: Path) -> str:
    """The job table of a build folder, from its manifest (or its DXF files).

    Every file is read with the one input opener; a manifest that is not what astrofab writes
    (not a JSON object, ``parts`` not an object, a part without ``files``, a bad ``size_mm`` or
    ``job``) or a DXF that cannot be read is an InputError naming the file and the key.
    """
    if not folder.is_dir():
        raise InputError(f"{folder} is not a folder: give a folder written by astrofab build")
    manifest_path = folder / "manifest.json"
    if not manifest_path.exists():
        raise InputError(f"{folder} has no manifest.json: give a folder written by astrofab build")
    manifest = _read_json(manifest_path)
    rows = [HEADER]
    for name, entry in _parts(manifest, manifest_path).items():
        where = f"{manifest_path}: part {name!r}"
        if not isinstance(entry, dict):
            raise InputError(f"{where} must be an object (SPEC §4)")
        job = entry.get("job")
        if job is None:
            dxf = _dxf_name(entry, where)
            if dxf is None or not (folder / dxf).is_file():
                rows.append(f"{_label(name):<16} (no job figures and no DXF file)")
                continue
            job = dxf_job(folder / dxf, _page_height_mm(entry, where))
        rows.append(_line(_label(name), _checked_job(job, where)))
    return "\n".join(rows)


def _read_json(path: Path) -> dict[str, Any]:
    text = inputs.read_text(path, "manifest")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path} is not valid JSON: {exc}") from None
    except RecursionError:
        raise InputError(f"{path} is not valid JSON: nested too deeply") from None
    if not isinstance(data, dict):
        raise InputError(f"{path} must hold a JSON object (SPEC §4), not {type(data).__name__}")
    return data


def _parts(manifest: dict[str, Any], path: Path) -> dict[str, Any]:
    parts = manifest.get("parts")
    if not isinstance(parts, dict):
        raise InputError(f"{path}: key 'parts' must be an object of parts (SPEC §4)")
    return parts


def _label(name: str) -> str:
    """A part name for the table: printable, at most 40 characters."""
    clean = "".join(c if c.isprintable() else "?" for c in name)
    return clean if len(clean) <= 40 else clean[:39] + "…"


def _dxf_name(entry: dict[str, Any], where: str) -> str | None:
    files = entry.get("files", {})
    if not isinstance(files, dict):
        raise InputError(f"{where}: key 'files' must be an object (format -> file name)")
    dxf = files.get("dxf")
    if dxf is None:
        return None
    if not isinstance(dxf, str) or not dxf or "/" in dxf or "\\" in dxf or dxf in (".", ".."):
        raise InputError(f"{where}: files.dxf must be a file name in the folder")
    return dxf


def _page_height_mm(entry: dict[str, Any], where: str) -> float:
    size = entry.get("size_mm")
    ok = (
        isinstance(size, list)
        and len(size) == 2
        and all(_finite(v) and 0.0 <= v <= 1e5 for v in size)
    )
    if not ok:
        raise InputError(f"{where}: size_mm must be [width, height] in mm (0 to 100000)")
    return float(size[1])  # type: ignore[index]


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _checked_job(job: Any, where: str) -> dict[str, Any]:
    ok = isinstance(job, dict) and all(_finite(job.get(k)) for k in JOB_KEYS)
    if not ok or not isinstance(job["pierces"], int):
        raise InputError(f"{where}: job must hold the numbers {', '.join(JOB_KEYS)}")
    return job


def dxf_job(path: Path, page_height_mm: float) -> dict[str, Any]:
    """Job figures read back from a DXF written by astrofab (layers as SPEC §3); the page
    height turns DXF y (up) back into page y (down), whose origin starts the travel."""
    import ezdxf
    from ezdxf import path as ezpath

    text = inputs.read_text(path, "DXF file")
    try:
        doc = ezdxf.read(io.StringIO(text))
    except Exception as exc:  # ezdxf raises several kinds on a damaged file
        raise InputError(f"DXF file {path} cannot be read: {type(exc).__name__}") from None
    cut = score = area = travel = 0.0
    pierces = 0
    pos = (0.0, 0.0)
    h = page_height_mm
    for layer in ("SCORE", "CUT_INNER", "CUT_OUTER", "ENGRAVE"):
        for e in doc.modelspace().query(f'*[layer=="{layer}"]'):
            try:
                p = ezpath.make_path(e)
            except (TypeError, ValueError):  # entity kinds astrofab does not write
                continue
            pts = [(v.x, h - v.y) for v in p.flattening(0.01)]
            if len(pts) < 2:
                continue
            if layer == "ENGRAVE":
                # signed: glyph holes wind against their outlines (non-zero rule)
                area += (
                    sum(
                        a[0] * b[1] - b[0] * a[1]
                        for a, b in zip(pts, pts[1:] + pts[:1], strict=True)
                    )
                    / 2.0
                )
                continue
            length = sum(math.dist(a, b) for a, b in itertools.pairwise(pts))
            if layer == "SCORE":
                score += length
            else:
                cut += length
            jump = math.dist(pos, pts[0])
            if pierces == 0 or jump > 0.01:
                pierces += 1
            travel += jump
            pos = pts[-1]
    return {
        "cut_mm": cut,
        "score_mm": score,
        "engrave_mm2": abs(area),
        "pierces": pierces,
        "travel_mm": travel,
    }
