"""Orchestrates a build: design -> parts (scene) -> writers -> files and manifest.json.

No mathematics here: parts come from ``parts/``, bytes from ``writers/``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__
from .config import design_to_toml
from .design import Design
from .errors import InputError
from .fabrication import prepare_for_cutting
from .parts.back import mater_back_part
from .parts.layout import Layout, layout_for
from .parts.mater import mater_front_part
from .parts.plate import plate_part
from .parts.pointers import alidade_part, rule_part
from .parts.rete import candidate_stars, rete_options, rete_part
from .scene import Part
from .writers.dxf import part_to_dxf
from .writers.files import staging_folder
from .writers.palette import palette
from .writers.pdf import instrument_pdf
from .writers.png import part_to_png
from .writers.svg import SvgStyle, part_to_svg

#: Per-part writers: format name -> function(part, design) -> file bytes.
PartWriter = Callable[[Part, Design], bytes]
PART_WRITERS: dict[str, PartWriter] = {
    "svg": lambda part, design: part_to_svg(
        part, SvgStyle(palette=palette(design.palette))).encode("utf-8"),
    "dxf": lambda part, design: part_to_dxf(part, palette(design.palette)),
    "png": lambda part, design: part_to_png(part),
}
#: Whole-instrument writers: format name -> (file name, function(parts, design) -> bytes).
InstrumentWriter = Callable[[Sequence[Part], Design], bytes]
INSTRUMENT_WRITERS: dict[str, tuple[str, InstrumentWriter]] = {
    "pdf": ("astrolabe.pdf", instrument_pdf),
}

DEFAULT_FORMATS: tuple[str, ...] = ("svg", "dxf", "pdf")
ALL_FORMATS: tuple[str, ...] = ("svg", "dxf", "pdf", "png")


def instrument_parts(design: Design, layout: Layout | None = None) -> list[Part]:
    """Every part of the instrument, in SPEC §2 order."""
    layout = layout or layout_for(design)
    return [
        mater_front_part(design, layout),
        mater_back_part(design, layout),
        *(plate_part(design, layout, lat) for lat in design.plate_latitudes_deg),
        rete_part(design, layout),
        rule_part(design, layout),
        alidade_part(design, layout),
    ]


def check_inputs(design: Design) -> None:
    """Checks that need the package's data (star names, a star file): run before anything is
    announced or written, so that bad input costs one line and exit code 2."""
    candidate_stars(rete_options(design))


def check_formats(formats: Sequence[str]) -> tuple[str, ...]:
    """Validate a list of output formats (order kept, duplicates dropped)."""
    known = set(PART_WRITERS) | set(INSTRUMENT_WRITERS)
    out: list[str] = []
    for f in formats:
        if f not in known:
            raise InputError(
                f"unknown output format {f!r}: choose from {', '.join(sorted(known))}"
            )
        if f not in out:
            out.append(f)
    if not out:
        raise InputError(f"no output format given: choose from {', '.join(sorted(known))}")
    return tuple(out)


@dataclass(frozen=True)
class BuildResult:
    folder: Path
    parts: tuple[Part, ...]
    manifest: dict[str, Any]


def resolve_folder(design: Design, out: Path | None, root: Path, force: bool) -> Path:
    """Output folder: ``out`` if given, else ``root/<name>``; an existing folder is replaced only
    with ``force``, otherwise the build goes to ``<folder>-2``, ``<folder>-3``, ..."""
    folder = out if out is not None else root / design.instrument_name
    if force or not folder.exists():
        return folder
    for k in range(2, 1000):
        candidate = folder.with_name(f"{folder.name}-{k}")
        if not candidate.exists():
            return candidate
    raise InputError(f"output folder {folder} and its numbered variants exist: use --force")


def build(
    design: Design,
    folder: Path,
    formats: Sequence[str] = DEFAULT_FORMATS,
    on_part: Callable[[str, Sequence[str]], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> BuildResult:
    """Build every part and write the requested formats and manifest.json into ``folder``.

    The folder appears complete or not at all (staging folder + rename).
    """
    design = design.validate()
    check_inputs(design)
    formats = check_formats(formats)
    layout = layout_for(design)
    parts = prepare_for_cutting(instrument_parts(design, layout), design)
    files: dict[str, dict[str, str]] = {}
    digests: dict[str, dict[str, str]] = {}
    if on_start:
        on_start(len(parts) + sum(1 for f in formats if f in INSTRUMENT_WRITERS))
    with staging_folder(folder) as tmp:
        for part in parts:
            files[part.name], digests[part.name] = {}, {}
            for fmt in formats:
                if fmt not in PART_WRITERS:
                    continue
                data = PART_WRITERS[fmt](part, design)
                name = f"{part.name}.{fmt}"
                (tmp / name).write_bytes(data)
                files[part.name][fmt] = name
                digests[part.name][fmt] = hashlib.sha256(data).hexdigest()
            if on_part:
                on_part(part.name, [f for f in formats if f in PART_WRITERS])
        extra: dict[str, str] = {}
        for fmt in formats:
            if fmt in INSTRUMENT_WRITERS:
                filename, writer = INSTRUMENT_WRITERS[fmt]
                data = writer(parts, design)
                (tmp / filename).write_bytes(data)
                extra[fmt] = filename
                if on_part:
                    on_part(filename, [fmt])
        (tmp / "astrofab.toml").write_text(design_to_toml(design), encoding="utf-8")
        manifest = make_manifest(design, layout, parts, files, digests, extra)
        (tmp / "manifest.json").write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return BuildResult(folder, tuple(parts), manifest)


def make_manifest(
    design: Design,
    layout: Layout,
    parts: Sequence[Part],
    files: dict[str, dict[str, str]],
    digests: dict[str, dict[str, str]],
    extra_files: dict[str, str],
) -> dict[str, Any]:
    """manifest.json content (SPEC §4)."""
    part_entries: dict[str, Any] = {}
    for part in parts:
        entry: dict[str, Any] = {
            "files": files[part.name],
            "sha256": digests[part.name],
            "center_mm": [round(part.center_mm[0], 6), round(part.center_mm[1], 6)],
            "size_mm": [round(part.width_mm, 6), round(part.height_mm, 6)],
        }
        entry.update(part.meta)
        part_entries[part.name] = entry
    return {
        "astrofab_version": __version__,
        "design": design.as_dict(),
        "hemisphere": design.hemisphere,
        "latitude_deg": design.latitude_deg,
        "epoch": design.epoch,
        "obliquity_deg": layout.obliquity_deg,
        "diameter_mm": design.diameter_mm,
        "files": extra_files,
        "parts": part_entries,
    }
