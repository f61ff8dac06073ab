"""Orchestrates a build: design -> parts (scene) -> writers -> files and manifest.json.

No mathematics here: parts come from ``parts/``, bytes from ``writers/``.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import __version__, text
from .astro.calendars import calendar_record
from .config import design_to_toml
from .design import Design, latitude_tag
from .eclipses.guide import dragon_guide
from .errors import InputError
from .fabrication import prepare_part, sheet_parts
from .fabrication.clearance import clear_engraving
from .guide.content import guide_for
from .outputs import Target, check_target, publish_folder
from .paper.document import paper_document
from .paper.tiling import PAPER_MM, PartPlan, plan_part
from .parts.assembly import assembled_parts, assembly_for
from .parts.back import mater_back_part
from .parts.dragon import dragon_geometry, dragon_part
from .parts.faces import plate_face_part, plate_pairs
from .parts.layout import Layout, layout_for
from .parts.limits import check_text_height
from .parts.mater import mater_front_part
from .parts.mater_ring import base_front_part, mater_ring_part
from .parts.pointers import alidade_part, rule_part
from .parts.rete import candidate_stars, rete_options, rete_part
from .pool import ordered_map
from .scene import Part, TextPage
from .writers import part_to_png
from .writers.dxf import part_to_dxf
from .writers.palette import palette
from .writers.pdf import document_pdf, part_drawing
from .writers.style import DrawStyle
from .writers.svg import part_to_svg

#: Per-part writers: format name -> function(part, design) -> file bytes.
PartWriter = Callable[[Part, Design], bytes]
PART_WRITERS: dict[str, PartWriter] = {
    "svg": lambda part, design: part_to_svg(
        part, DrawStyle(palette=palette(design.palette))
    ).encode("utf-8"),
    "dxf": lambda part, design: part_to_dxf(part, palette(design.palette)),
    "png": lambda part, design: part_to_png(part),
}


@dataclass(frozen=True)
class InstrumentWriter:
    """A file of the whole instrument, made in two steps: ``per_part`` for each part (run
    beside the part writers, in the workers) and ``assemble`` of all parts with those results
    (same order) into the file's bytes."""

    filename: str
    per_part: Callable[[Part, Design], Any]
    assemble: Callable[[Sequence[Part], Design, Sequence[Any]], tuple[bytes, dict[str, Any]]]


@dataclass(frozen=True)
class PdfPart:
    """What the paper PDF needs of one part, made part by part (so parts can be planned and
    drawn in parallel): its page plan (``paper.tiling``) and its drawing (``writers.pdf``)."""

    plan: PartPlan
    drawing: bytes


def pdf_part(part: Part, design: Design) -> PdfPart | None:
    """The page plan and drawing of a part; None for a sheet layout (not printed)."""
    if not assembled_parts([part]):
        return None
    return PdfPart(plan_part(part, PAPER_MM[design.paper]), part_drawing(part))


def instrument_pdf(
    parts: Sequence[Part], design: Design, shares: Sequence[PdfPart | None] | None = None
) -> bytes:
    """The paper PDF of an instrument (``pdf_and_pages`` without the record)."""
    return pdf_and_pages(parts, design, shares)[0]


def pdf_and_pages(
    parts: Sequence[Part], design: Design, shares: Sequence[PdfPart | None] | None = None
) -> tuple[bytes, dict[str, Any]]:
    """The paper PDF of an instrument: the paper kit (``paper.document``, with the user's
    guide) drawn by the PDF writer, and its manifest record (every page and what it holds);
    ``shares`` are the parts' ``pdf_part`` when already made (same order as ``parts``)."""
    if shares is None:
        shares = [pdf_part(p, design) for p in parts]
    printed = [s for s in shares if s is not None]
    plans = [s.plan for s in printed]
    kit = [p.part for p in plans]
    document = paper_document(
        plans, assembly_for(kit, design), design, guide_for(kit, design), text_pages(design)
    )
    record = {
        "file": "astrolabe.pdf",
        "paper": design.paper,
        "pages": [
            {"page": k, "holds": [h.as_dict() for h in page.holds]}
            for k, page in enumerate(document.pages, start=1)
        ],
    }
    return document_pdf(document, {s.plan.part.name: s.drawing for s in printed}), record


def text_pages(design: Design) -> list[TextPage]:
    """The instruction pages of the paper kit (the dragon's, when it has one)."""
    return [dragon_guide(design)] if design.has_dragon else []


INSTRUMENT_WRITERS: dict[str, InstrumentWriter] = {
    "pdf": InstrumentWriter("astrolabe.pdf", pdf_part, pdf_and_pages),
}

DEFAULT_FORMATS: tuple[str, ...] = ("svg", "dxf", "pdf")
ALL_FORMATS: tuple[str, ...] = ("svg", "dxf", "pdf", "png")


@dataclass(frozen=True)
class PartJob:
    """One part to make: ``make(design, layout, *args)``, which draws the part called ``name``
    (SPEC §2). ``cost`` is a rough relative run time, so that the longest jobs start first when
    parts are made in parallel."""

    name: str
    make: Callable[..., Part]
    args: tuple[Any, ...] = ()
    cost: float = 1.0

    def run(self, design: Design, layout: Layout) -> Part:
        """Draw the part; engraving that would come too near a cut is dropped and reported."""
        return clear_engraving(self.make(design, layout, *self.args))


def part_jobs(design: Design) -> list[PartJob]:
    """Every part of the instrument, in SPEC §2 order (a stacked mater: the plain base front,
    the back, then the ring; two-sided plates: each pair's first face, then its second)."""
    front = base_front_part if design.stacked else mater_front_part
    mater = [
        PartJob("mater-front", front, cost=2.0),
        PartJob("mater-back", mater_back_part, cost=4.0),
        *([PartJob("mater-ring", mater_ring_part, cost=2.0)] if design.stacked else []),
    ]
    plates = [
        PartJob(
            f"plate-{latitude_tag(lat)}",
            plate_face_part,
            (lat,) if lat == first else (lat, first),
            cost=1.0,
        )
        for first, second in plate_pairs(design)
        for lat in (first, second)
        if lat is not None
    ]
    return [
        *mater,
        *plates,
        PartJob("rete", rete_part, cost=6.0),
        PartJob("rule", rule_part, cost=0.2),
        PartJob("alidade", alidade_part, cost=0.1),
        *([PartJob("dragon", dragon_part, cost=0.3)] if design.has_dragon else []),
    ]


def instrument_parts(design: Design, layout: Layout | None = None) -> list[Part]:
    """Every part of the instrument, in SPEC §2 order (as drawn, before ``prepare_part``)."""
    layout = layout or layout_for(design)
    return [job.run(design, layout) for job in part_jobs(design)]


def check_inputs(design: Design) -> None:
    """Checks that need the package's data (star names, a star file): run before anything is
    announced or written, so that bad input costs one line and exit code 2."""
    check_text_height(design)
    candidate_stars(rete_options(design))
    if design.has_dragon:  # the dragon fits the back's room (and the minimum web)
        dragon_geometry(design, layout_for(design), (0.0, 0.0))


def check_formats(formats: Sequence[str]) -> tuple[str, ...]:
    """Validate a list of output formats (order kept, duplicates dropped)."""
    known = set(PART_WRITERS) | set(INSTRUMENT_WRITERS)
    out: list[str] = []
    for f in formats:
        if f not in known:
            raise InputError(f"unknown output format {f!r}: choose from {', '.join(sorted(known))}")
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


def requested_folder(design: Design, out: Path | None, root: Path) -> Path:
    """The folder asked for: ``out`` if given, else ``root/<name>``."""
    return out if out is not None else root / design.instrument_name


def resolve_folder(design: Design, out: Path | None, root: Path, force: bool) -> Path:
    """The folder a build would take now (checked, nothing changed on disk): the one asked
    for, or with ``force`` the same one replaced, or ``<folder>-2``, ``<folder>-3``, ...;
    another command may take it before this build is done (``build`` then says where it went)."""
    return check_target(output_target(requested_folder(design, out, root), force))


@dataclass(frozen=True)
class PartOutput:
    """A part ready for cutting, its files (format -> bytes) and its share of each instrument
    file (format -> ``InstrumentWriter.per_part`` result)."""

    part: Part
    files: dict[str, bytes]
    shares: dict[str, Any]


def part_output(part: Part, design: Design, formats: Sequence[str]) -> PartOutput:
    """Write one prepared part in every requested format."""
    files = {f: PART_WRITERS[f](part, design) for f in formats if f in PART_WRITERS}
    shares = {
        f: INSTRUMENT_WRITERS[f].per_part(part, design) for f in formats if f in INSTRUMENT_WRITERS
    }
    return PartOutput(part, files, shares)


@dataclass(frozen=True)
class _MakePart:
    """A worker's whole job for one part: draw, prepare for cutting, write (picklable)."""

    design: Design
    layout: Layout
    formats: tuple[str, ...]

    def __call__(self, job: PartJob) -> PartOutput:
        part = prepare_part(job.run(self.design, self.layout), self.design.kerf_mm)
        return part_output(part, self.design, self.formats)


def build(
    design: Design,
    folder: Path,
    formats: Sequence[str] = DEFAULT_FORMATS,
    on_part: Callable[[str, Sequence[str]], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    workers: int | None = None,
    force: bool = False,
) -> BuildResult:
    """Build every part and write the requested formats and manifest.json into ``folder``.

    Parts are made in parallel (``pool.ordered_map``; ``workers`` overrides the count) and
    written in SPEC order. Every file is made in memory first, so bad input found while
    drawing (a sheet too small, a web too wide) stops the build before anything is written;
    then the folder is published by ``outputs.publish_folder``: complete or not at all, an
    existing one replaced only with ``force``, else the build goes to ``<folder>-2``, ... (the
    result's ``folder`` says where it went).
    """
    design = design.validate()
    check_inputs(design)
    formats = check_formats(formats)
    target = output_target(folder, force)
    check_target(target)
    files, parts, manifest = make_files(design, formats, on_part, on_start, workers)
    return BuildResult(publish_folder(target, files), tuple(parts), manifest)


def output_target(folder: Path, force: bool) -> Target:
    """A build's folder: numbered when taken, replaced only with ``force`` and only when it
    holds a manifest.json (or nothing)."""
    return Target(folder, force=force, numbered=True, marker="manifest.json")


def make_files(
    design: Design,
    formats: tuple[str, ...],
    on_part: Callable[[str, Sequence[str]], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> tuple[dict[str, bytes], list[Part], dict[str, Any]]:
    """Every file of a build (name -> bytes, in writing order), its parts and its manifest."""
    layout = layout_for(design)
    jobs = part_jobs(design)
    if on_start:  # sheets: at least one when asked for (the progress bar adds any more)
        sheets = 1 if design.sheet_mm else 0
        on_start(len(jobs) + sheets + sum(1 for f in formats if f in INSTRUMENT_WRITERS))
    part_fmts = [f for f in formats if f in PART_WRITERS]
    out_files: dict[str, bytes] = {}
    files: dict[str, dict[str, str]] = {}
    digests: dict[str, dict[str, str]] = {}
    outputs: list[PartOutput] = []

    def add_part(out: PartOutput) -> None:
        name = out.part.name
        files[name], digests[name] = {}, {}
        for fmt, data in out.files.items():
            out_files[f"{name}.{fmt}"] = data
            files[name][fmt] = f"{name}.{fmt}"
            digests[name][fmt] = hashlib.sha256(data).hexdigest()
        outputs.append(out)
        if on_part:
            on_part(name, part_fmts)

    text.preload()  # shared by the part workers and the PDF's lettering
    make = _MakePart(design, layout, formats)
    for out in ordered_map(make, jobs, cost=lambda job: job.cost, workers=workers):
        add_part(out)
    for sheet in sheet_parts([o.part for o in outputs], design):
        add_part(part_output(sheet, design, formats))
    parts = [o.part for o in outputs]
    extra: dict[str, str] = {}
    records: dict[str, dict[str, Any]] = {}
    for fmt in formats:
        if fmt in INSTRUMENT_WRITERS:
            writer = INSTRUMENT_WRITERS[fmt]
            data, records[fmt] = writer.assemble(parts, design, [o.shares[fmt] for o in outputs])
            out_files[writer.filename] = data
            extra[fmt] = writer.filename
            if on_part:
                on_part(writer.filename, [fmt])
    out_files["guide.md"] = guide_for(parts, design).markdown().encode("utf-8")
    extra["guide"] = "guide.md"
    out_files["astrofab.toml"] = design_to_toml(design).encode("utf-8")
    manifest = make_manifest(design, layout, parts, files, digests, extra)
    manifest.update(records)
    out_files["manifest.json"] = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode(
        "utf-8"
    )
    return out_files, parts, manifest


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
        "calendar": calendar_record(
            math.floor(design.epoch),
            "julian" if design.calendar_system_in_use == "julian" else "gregorian",
        ),
        "obliquity_deg": layout.obliquity_deg,
        "diameter_mm": design.diameter_mm,
        "files": extra_files,
        "parts": part_entries,
        "assembly": assembly_for(parts, design).as_dict(),
    }
