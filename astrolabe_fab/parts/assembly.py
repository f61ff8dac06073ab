"""How the parts go together: the parts, the order on the pivot, the fastener and the steps.

One record (``Assembly``) says it for every output that tells the builder: the paper PDF's first
page prints it, ``manifest.json`` carries it (``as_dict``) for tools and tests. The stack and
the fastener hold for any material; the steps are those of the build's medium (``medium_of``):

- **paper** (print at 100 %, glue to card, cut with scissors, stack);
- **laser** (run each file's layers in order, ENGRAVE, SCORE, CUT_INNER, CUT_OUTER last, SPEC
  §3 and the research note §1.7; turn a two-faced piece over into its own hole for its second
  face, ``parts.faces``; glue the ring of a stacked mater; stack).

The design has no material field, so the medium is derived from fields that only a laser build
asks for: a stacked mater (``stacked``: the glued-up ring is a laser part), a kerf
(``kerf_mm`` > 0), nested sheets (``sheet_mm``), a rete engraved on clear stock
(``rete_style`` "transparent" or ``mirror_engrave``), or no PDF among the ``formats`` (nothing to
print). Otherwise the build is paper: the default build and the ``paper-a4`` preset. The stock
thickness does not decide (card 3 mm thick is greyboard; the default thickness is 3 mm). Clear
stock (a transparent or mirror-engraved rete) is acrylic and gets acrylic cement; otherwise
the glue is named for both materials (the design does not say acrylic or plywood).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..design import Design
from ..hardware import Fastener, Hardware, fastener_for, hardware_for
from ..scene import Part
from .faces import first_faces
from .laser_steps import laser_steps
from .registration import PIN_DIAMETER_MM, pin_length_mm, ring_layers

Medium = Literal["paper", "laser"]

#: Order of the parts on the pivot from the front (SPEC §2 names; "plate" stands for all plates).
STACK_ORDER = ("rule", "rete", "plate", "mater-front", "dragon", "alidade")


@dataclass(frozen=True)
class Assembly:
    """The parts to put together, their order on the pivot (from the front), the fastener
    through the pivot holes and the steps in words."""

    parts: tuple[str, ...]
    stack: tuple[str, ...]
    fastener: Fastener
    steps: tuple[str, ...]
    hardware: Hardware
    #: what the steps are for (``medium_of``); not in the manifest, whose design says it
    medium: Medium = "paper"

    def as_dict(self) -> dict[str, Any]:
        return {
            "parts": list(self.parts),
            "stack": list(self.stack),
            "fastener": self.fastener.as_dict(),
            "hardware": self.hardware.as_dict(),
            "steps": list(self.steps),
        }


def assembled_parts(parts: Sequence[Part]) -> list[Part]:
    """The parts a builder puts together: sheet layouts (``sheet-N``) are not parts."""
    return [p for p in parts if not p.meta.get("sheet")]


def pivot_stack(names: Sequence[str]) -> list[str]:
    """The parts on the pivot from the front: STACK_ORDER, then any other part; the mater's two
    faces are one piece, named once as "mater (front face up)"."""
    plates = [n for n in names if n.startswith("plate")]
    stack: list[str] = []
    for key in STACK_ORDER:
        if key == "plate":
            stack.extend(plates)
        elif key in names:
            stack.append("mater (front face up)" if key == "mater-front" else key)
    stack.extend(
        n
        for n in names
        if n not in stack and n not in plates and n not in ("mater-front", "mater-back")
    )
    return stack


#: The first steps of the paper kit, whatever its parts.
PAPER_STEPS = (
    "Print every page at 100 % (actual size) and check the 100 mm square on this page "
    "(and the 100 mm bar at the foot of every other page) with a ruler.",
    "Join a part printed on two pages first: trim along the dashed line, lay the strip over "
    "its neighbour so that the round registration marks coincide, and glue.",
)


def pivot_pieces(parts: Sequence[Part]) -> list[str]:
    """The pieces the pivot screw passes through: every cut piece but the ring (which lies
    round the plates, not on the pivot) and sheet layouts; a two-faced piece counts once."""
    assembled = assembled_parts(parts)
    return [p.name for p in first_faces(assembled) if p.name != "mater-ring"]


def hardware_of(parts: Sequence[Part], design: Design) -> Hardware:
    """The hardware list for these parts: the pivot stack is one stock thickness per piece."""
    stack_mm = round(design.stock_thickness_mm * len(pivot_pieces(parts)), 3)
    fastener = fastener_for(design.pivot_screw, design.pivot_diameter_mm)
    pin = (PIN_DIAMETER_MM, pin_length_mm(design)) if design.has_pin else None
    return hardware_for(fastener, stack_mm, pin)


def _mater_steps(names: Sequence[str], design: Design) -> list[str]:
    """Gluing the mater up: its two faces on one card (paper) and, stacked, the ring(s)."""
    steps: list[str] = []
    card = (
        f"card {design.stock_thickness_mm:g} mm thick (the thickness --stock-thickness gives; "
        "the hardware list is for it)"
    )
    if "mater-front" in names and "mater-back" in names:
        steps.append(
            f"Glue mater-front and mater-back on the two faces of one {card}, centre holes "
            "and noon lines aligned (hold it against a window); glue every other part on "
            "the same card with a dry glue stick."
        )
    else:
        steps.append(f"Glue each part on {card} with a dry glue stick.")
    layers = ring_layers(design)
    if "mater-ring" in names and layers:
        times = "" if layers == 1 else f" (cut {layers} rings and glue them up)"
        steps.append(
            f"Glue the mater-ring{times} on mater-front, throne on throne, hanging holes "
            "aligned: the plates sit in its opening, their notch on its tab."
        )
    return steps


def _plate_steps(parts: Sequence[Part], design: Design) -> list[str]:
    """Two-sided plates glued back to back; the pin of a flat mater."""
    steps = [
        f"Glue {p.meta['back_of']} and {p.name} back to back: one plate, notches and centre "
        "holes together (each page is drawn as that face is seen)."
        for p in parts
        if p.meta.get("back_of", "").startswith("plate")
    ]
    return steps + pin_steps(design)


def pin_steps(design: Design) -> list[str]:
    """The registration pin of a flat mater (none on a stacked one, unless asked)."""
    if not design.has_pin:
        return []
    return [
        f"Push the registration pin ({PIN_DIAMETER_MM:g} mm, {pin_length_mm(design):g} mm "
        "long) into the small hole at the top of the mater, flush with the back: its top is "
        "flush with the top plate, whose notch it holds."
    ]


def _screw_step(hardware: Hardware) -> str:
    return "Hardware: " + "; ".join(i.words() for i in hardware.items) + f" ({hardware.how})."


def medium_of(design: Design) -> Medium:
    """ "laser" when the design asks for something only a laser build has (module docstring:
    stacked, a kerf, sheets, a rete on clear stock, no PDF), else "paper"."""
    laser = (
        design.stacked
        or design.kerf_mm > 0.0
        or design.sheet_mm is not None
        or design.rete_style == "transparent"
        or design.mirror_engrave
        or "pdf" not in design.formats
    )
    return "laser" if laser else "paper"


def _paper_steps(parts: Sequence[Part], design: Design) -> list[str]:
    """The paper kit: print, glue to card, cut with scissors; two-sided plates, the pin."""
    names = [p.name for p in parts]
    steps = [*PAPER_STEPS, *_mater_steps(names, design)]
    steps.append(
        "Cut the thick outer line of each part with scissors or a craft knife; cut away "
        f"the grey windows and pierce the centre holes ({design.pivot_diameter_mm:g} mm)."
    )
    return steps + _plate_steps(parts, design)


def assembly_for(parts: Sequence[Part], design: Design) -> Assembly:
    """The assembly of whatever parts exist (sheet layouts left out), in the steps of the
    build's medium (``medium_of``)."""
    kit = assembled_parts(parts)
    names = [p.name for p in kit]
    stack = pivot_stack(pivot_pieces(parts))
    fastener = fastener_for(design.pivot_screw, design.pivot_diameter_mm)
    hardware = hardware_of(parts, design)
    medium = medium_of(design)
    if medium == "laser":
        steps = [*laser_steps(kit, design), *pin_steps(design)]
    else:
        steps = _paper_steps(kit, design)
    if stack:
        steps.append(
            "Stack the parts on the screw through the centre holes, from the front: "
            + ", ".join(stack)
            + "."
        )
    if sum(1 for n in names if n.startswith("plate")) > 1:
        steps.append("The plate for your latitude goes on top; the others wait beneath it.")
    steps.append(_screw_step(hardware))
    return Assembly(tuple(names), tuple(stack), fastener, tuple(steps), hardware, medium)
