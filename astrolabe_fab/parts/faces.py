"""Pieces and faces: which parts are the second face of a piece cut once.

A piece of stock may carry a drawing on each face: the mater (``mater-front`` and
``mater-back``, always) and, with ``--two-sided-plates``, a pair of plates. The second face is
drawn as it is seen when that face is up (the back of the mater as seen from behind, the second
plate as any plate): turning the piece over about the vertical line through the pivot brings it
up as drawn, and since every cut of the piece is symmetric about that line (outline, notch,
pivot, throne), the second face's file repeats the first face's cuts exactly. Such a part
carries ``meta["back_of"]``: the part whose cuts free the piece. The laser cuts the piece from
the first face's file, the piece is turned over into its own hole, and the second face's file is
engraved with its cut layers off; on paper the two pages are glued back to back.

Plates pair in the order of ``Design.plate_latitudes_deg`` (the design's latitude with the first
further plate, then the next two, ...); an odd plate out is one-sided.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..design import Design, latitude_tag
from ..scene import Part
from .layout import Layout
from .plate import plate_part

#: Second faces that every instrument has, by the part of their first face.
FIXED_SECOND_FACES = {"mater-back": "mater-front"}

FLIP = (
    "turn the piece over about the vertical line through center_mm (left and right swap, the "
    "top stays up): outline, notch and pivot coincide with the first face"
)


def plate_name(latitude_deg: float) -> str:
    return f"plate-{latitude_tag(latitude_deg)}"


def plate_pairs(design: Design) -> list[tuple[float, float | None]]:
    """(first face, second face or None) latitudes of each plate piece."""
    lats = list(design.plate_latitudes_deg)
    if not design.two_sided_plates:
        return [(lat, None) for lat in lats]
    return [(lats[k], lats[k + 1] if k + 1 < len(lats) else None) for k in range(0, len(lats), 2)]


def plate_face_part(
    design: Design, layout: Layout, latitude_deg: float, back_of: float | None = None
) -> Part:
    """A plate; with ``back_of``, the second face of that latitude's plate."""
    part = plate_part(design, layout, latitude_deg)
    if back_of is not None:
        part.meta["back_of"] = plate_name(back_of)
        part.meta["flip"] = FLIP
    else:
        other = dict(plate_pairs(design)).get(latitude_deg)
        if other is not None:
            part.meta["second_face"] = plate_name(other)
    return part


def back_of(part: Part) -> str | None:
    """The part whose piece this part is the second face of (None for a first face)."""
    value = part.meta.get("back_of") or FIXED_SECOND_FACES.get(part.name)
    return str(value) if value is not None else None


def first_faces(parts: Sequence[Part]) -> list[Part]:
    """The parts that are cut: every part that is not the second face of a piece."""
    names = {p.name for p in parts}
    return [p for p in parts if back_of(p) not in names]
