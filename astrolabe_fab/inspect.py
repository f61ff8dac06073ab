"""``astrofab inspect DIR``: the job figures of a built instrument, one line per part.

The figures (cut and score length, engraved area, pierces, travel; see ``fabrication.stats``)
are recorded in manifest.json as each part's ``job`` entry at build time. For a folder without
them, they are computed again from the parts' DXF files (read with ezdxf); DXF arcs always
run counter-clockwise, so the travel read back from a DXF is approximate.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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


def inspect_folder(folder: Path) -> str:
    """The job table of a build folder, from its manifest (or its DXF files)."""
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise InputError(f"{folder} has no manifest.json: give a folder written by astrofab build")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"{manifest_path} is not readable JSON: {exc}") from None
    rows = [HEADER]
    for name, entry in manifest.get("parts", {}).items():
        job = entry.get("job")
        if job is None:
            dxf = entry.get("files", {}).get("dxf")
            if dxf is None or not (folder / dxf).is_file():
                rows.append(f"{name:<16} (no job figures and no DXF file)")
                continue
            height = float(entry.get("size_mm", [0.0, 0.0])[1])
            job = dxf_job(folder / dxf, height)
        rows.append(_line(name, job))
    return "\n".join(rows)


def dxf_job(path: Path, page_height_mm: float) -> dict[str, Any]:
    """Job figures read back from a DXF written by astrofab (layers as SPEC §3); the page
    height turns DXF y (up) back into page y (down), whose origin starts the travel."""
    import ezdxf
    from ezdxf import path as ezpath

    doc = ezdxf.readfile(path)
    cut = score = area = travel = 0.0
    pierces = 0
    pos = (0.0, 0.0)
    h = page_height_mm
    for layer in ("SCORE", "CUT_INNER", "CUT_OUTER", "ENGRAVE"):
        for e in doc.modelspace().query(f'*[layer=="{layer}"]'):
            p = ezpath.make_path(e)
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
