"""The pointers' rules that whole retes do not show (``parts/rete_placement``): a flame's width
against the name it carries, and the second pass's pointers for the canon stars the first
pass missed (plain daggers, one web clear, no name on their body, grown from the structure
with the pointers placed so far)."""

from __future__ import annotations

import pytest
import shapely

from astrolabe_fab.build import part_jobs
from astrolabe_fab.design import Design
from astrolabe_fab.parts import rete_placement
from astrolabe_fab.parts.layout import layout_for
from astrolabe_fab.parts.rete_names import DESCENDER
from astrolabe_fab.parts.rete_placement import flame_width_mm
from astrolabe_fab.parts.rete_pointer_shapes import DAGGER_FULLNESS, pointer_style


@pytest.mark.parametrize("cap", [0.8, 1.5, 2.0, 3.5])
@pytest.mark.parametrize("min_web", [0.8, 1.5, 3.0])
def test_a_flame_is_as_wide_as_a_named_stem_and_never_narrower_than_its_dagger(
    cap: float, min_web: float
) -> None:
    dagger = pointer_style("dagger", cap, min_web, 100.0)
    stem = pointer_style("stem", cap, min_web, 100.0)
    width = flame_width_mm(dagger)
    assert width >= dagger.width_mm
    # the name's ink (cap and descender) with 0.6 mm on either side
    assert width >= (1.0 + DESCENDER) * cap + 1.2
    if stem.width_mm > 1.3 * min_web:  # a stem as wide as its name, not its least width
        assert width == pytest.approx(max(dagger.width_mm, stem.width_mm))


def test_the_second_pass_grows_plain_daggers_one_web_clear_for_the_missed_canon_stars(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A modern rete at 38.9 N, 200 mm: three canon stars find no stem in the first pass.
    Each is tried again as a plain dagger (the style's own), one web clear, with no name on
    its body, from the structure with every pointer placed so far; each finds one."""
    tries = []  # (search, pointer, pointers placed before) of the second pass
    first_pass = []
    place_one = rete_placement._place_one

    def spy(place, search, placed):
        pointer = place_one(place, search, placed)
        if search.from_pointers:
            tries.append((search, pointer, list(placed)))
        elif pointer is not None:
            first_pass.append(pointer)
        return pointer

    monkeypatch.setattr(rete_placement, "_place_one", spy)
    design = Design(latitude_deg=38.9, diameter_mm=200.0, style="modern").validate()
    job = next(j for j in part_jobs(design) if j.make.__name__ == "rete_part")
    job.run(design, layout_for(design))
    assert len(tries) == 3
    for search, pointer, placed in tries:
        style = search.style
        mw = style.min_web_mm
        plain = pointer_style("dagger", style.name_cap_mm, mw, 100.0)
        assert (style.kind, style.fullness) == ("dagger", DAGGER_FULLNESS)
        assert style.width_mm == pytest.approx(plain.width_mm)
        assert style.clearance_mm == pytest.approx(mw)
        assert search.named is False
        assert pointer is not None and pointer.label is None
        # the structure searched holds every pointer placed before, of both passes
        for other in placed:
            assert shapely.covers(search.base.buffer(1e-6), other.visible)
        assert set(map(id, first_pass)) <= set(map(id, placed))
