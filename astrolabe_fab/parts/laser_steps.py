"""The steps of a laser build, before the pivot stack: what to run, in what order, the flips.

A laser maker runs files, not pages. Each part's file (or each nested sheet, ``--sheet``) holds
its operations as layers in the order they run (SPEC §3): ENGRAVE, SCORE, CUT_INNER, then
CUT_OUTER last, so that no piece drops out of the stock or shifts before it is finished
(research note §1.7: LightBurn, Trotec and xTool cut inner shapes first; ULS cuts in file
order); GUIDE is never run. A two-faced piece (the mater; a pair of plates with
``--two-sided-plates``) is cut once from its first face's file, turned over left to right into
its own hole and engraved from the second face's file with its cuts off (``parts.faces``), or,
nested, from ``sheet-N-back`` (``fabrication.nesting``). A stacked mater's ring is glued on the
plain front of the base disc. Which glue: acrylic cement on clear stock (a transparent or
mirror-engraved rete means acrylic), else both named, since the design does not say acrylic or
plywood.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..design import Design
from ..scene import Part
from .faces import back_of, first_faces
from .registration import ring_layers

#: Protective film or masking: one line (research note: smoke marks on acrylic and plywood).
MASKING = (
    "Leave the protective film (acrylic) or masking tape (wood) on the stock against smoke "
    "marks; peel it from a face just before that face is engraved, and from the back at the end."
)
#: The order of the layers in every job.
LAYER_ORDER = (
    "Run each file's layers in their order: ENGRAVE (lettering), SCORE (lines), CUT_INNER "
    "(holes, windows), CUT_OUTER (the outline) last; GUIDE is never run. Do not move the "
    "stock until a file is done."
)
#: How a two-faced piece gets its second face: turned over about its noon line.
FLIP = "turn it over left to right (the top stays up) into its own hole, the stock unmoved"
#: Glue of the ring on the base disc, by what the design says of the stock.
GLUE_CLEAR = "acrylic solvent cement (capillary)"
GLUE_ANY = "acrylic solvent cement for acrylic, wood glue for plywood"
#: The formats a laser program reads, in the order they are named.
LASER_FORMATS = ("svg", "dxf")


def clear_stock(design: Design) -> bool:
    """Clear stock (acrylic): the rete is transparent or engraved mirrored."""
    return design.rete_style == "transparent" or design.mirror_engrave


def _files_step(parts: Sequence[Part], design: Design) -> str:
    """What to cut, from which files, on what stock."""
    stock = (
        f"{design.stock_thickness_mm:g} mm stock (the thickness --stock-thickness gives; the "
        "hardware list is for it)"
    )
    kinds = " or ".join(f".{f}" for f in LASER_FORMATS if f in design.formats)
    kinds = kinds or " or ".join(f".{f}" for f in LASER_FORMATS)
    if design.sheet_mm is not None:
        w, h = design.sheet_mm
        return (
            f"Cut the nested sheets sheet-1, sheet-2, ... ({kinds}, {w:g} x {h:g} mm) from "
            f"{stock}: every piece is on them once."
        )
    pieces = [p.name for p in first_faces(parts)]
    rings = ring_layers(design)
    if "mater-ring" in pieces and rings > 1:
        pieces[pieces.index("mater-ring")] = f"mater-ring ({rings} times)"
    return f"Cut each piece from its own file ({kinds}) on {stock}: {', '.join(pieces)}."


def _flip_steps(parts: Sequence[Part], design: Design) -> list[str]:
    """The second faces: the mater's back, the second plate of a two-sided pair."""
    pairs = [(str(back_of(p)), p.name) for p in parts if back_of(p) is not None]
    names = {p.name for p in parts}
    pairs = [(a, b) for a, b in pairs if a in names]
    if not pairs:
        return []
    if design.sheet_mm is not None:
        pieces = "; ".join(f"{a} with {b} on its back" for a, b in pairs)
        return [
            f"Two-faced pieces ({pieces}): after each sheet-N is cut, flip each such piece: "
            f"{FLIP}; then run sheet-N-back, engraving only (its GUIDE shows the outlines)."
        ]
    disc = "base disc" if design.stacked else "disc"
    steps = []
    for a, b in pairs:
        what = f"The mater is one {disc}" if a == "mater-front" else f"{a} and {b} are one plate"
        steps.append(
            f"{what} with two faces: engrave and cut {a}, then flip it: {FLIP}; run {b} with "
            "its CUT layers off (its cuts fall on the hole's edges)."
        )
    return steps


def _mirror_steps(parts: Sequence[Part]) -> list[str]:
    """Parts drawn mirrored for the back of clear stock (the transparent rete)."""
    return [
        f"The {p.name} is engraved mirrored: once cut, turn it over so that the engraved face "
        "lies on the plate; the lettering reads true through the clear stock and cannot wear."
        for p in parts
        if p.meta.get("mirrored")
    ]


def _ring_steps(parts: Sequence[Part], design: Design) -> list[str]:
    """Gluing the ring(s) of a stacked mater on the base disc."""
    layers = ring_layers(design)
    if layers == 0 or not any(p.name == "mater-ring" for p in parts):
        return []
    glue = GLUE_CLEAR if clear_stock(design) else GLUE_ANY
    rings = "the mater-ring" if layers == 1 else f"the {layers} mater-rings on each other, tab "
    rings += "" if layers == 1 else "on tab, then"
    return [
        f"Glue {rings} on mater-front (the plain face of the base disc) with {glue}, throne on "
        "throne, hanging holes aligned; keep glue away from the opening, and clamp flat until "
        "set. The plates sit in the ring's opening, their notch on its tab."
    ]


def laser_steps(parts: Sequence[Part], design: Design) -> list[str]:
    """The laser steps of these parts (sheet layouts left out) up to the pivot stack."""
    return [
        MASKING,
        _files_step(parts, design),
        LAYER_ORDER,
        *_flip_steps(parts, design),
        *_mirror_steps(parts),
        *_ring_steps(parts, design),
    ]
