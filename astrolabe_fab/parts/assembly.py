"""How the parts go together: the parts, the order on the pivot, the fastener and the steps.

One record (``Assembly``) says it for every output that tells the builder: the paper PDF's first
page prints it, ``manifest.json`` carries it (``as_dict``) for tools and tests. The steps are
those of the paper kit (print, glue to card, cut, stack); the stack and the fastener hold for
any material.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..design import Design
from ..hardware import Fastener, fastener_for
from ..scene import Part

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

    def as_dict(self) -> dict[str, Any]:
        return {
            "parts": list(self.parts),
            "stack": list(self.stack),
            "fastener": self.fastener.as_dict(),
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
    "Print every page at 100 % (actual size) and check the 100 mm square with a ruler.",
    "Join tiled parts first: trim along the dashed line, lay the strip over its "
    "neighbour so that the round registration marks coincide, and glue.",
    "Glue each part to thin card (about 1 mm) with a dry glue stick.",
)


def assembly_for(parts: Sequence[Part], design: Design) -> Assembly:
    """The assembly of whatever parts exist (sheet layouts left out)."""
    names = [p.name for p in assembled_parts(parts)]
    stack = pivot_stack(names)
    fastener = fastener_for(design.pivot_screw, design.pivot_diameter_mm)
    steps = list(PAPER_STEPS)
    if "mater-front" in names and "mater-back" in names:
        steps.append(
            "Glue mater-front and mater-back back to back, centre holes and noon lines aligned."
        )
    steps.append(
        "Cut the thick outer line of each part with scissors or a craft knife; cut away "
        f"the grey windows and pierce the centre holes ({design.pivot_diameter_mm:g} mm)."
    )
    if stack:
        steps.append(
            "Stack the parts on the screw through the centre holes, from the front: "
            + ", ".join(stack)
            + "."
        )
    if sum(1 for n in names if n.startswith("plate")) > 1:
        steps.append("The plate for your latitude goes on top; the others wait beneath it.")
    steps.append("Screw: " + fastener.words() + ".")
    return Assembly(tuple(names), tuple(stack), fastener, tuple(steps))
