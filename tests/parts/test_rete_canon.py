"""The canon of astrolabe stars, the --max-mag/--stars rules, and the one place the engraved
names come from (a period design swaps them all)."""

from __future__ import annotations

import pytest

from astrolabe_fab.astro.stars import load_catalogue
from astrolabe_fab.design import Design
from astrolabe_fab.parts.layout import layout_for
from astrolabe_fab.parts.rete import ReteOptions, candidate_stars, draw_rete
from astrolabe_fab.parts.rete_canon import (
    ALWAYS_BRIGHTER_THAN,
    CANON_NORTH,
    CANON_SOUTH,
    display_name,
)
from astrolabe_fab.text import text_width_mm


def test_every_canon_name_is_in_the_catalogue() -> None:
    names = {s.name for s in load_catalogue()}
    assert set(CANON_NORTH) | set(CANON_SOUTH) <= names
    assert {"Alpheratz", "Denebola", "Betelgeuse", "Castor"} <= set(CANON_NORTH)
    assert {"Acrux", "Canopus", "Achernar", "Rigil Kentaurus"} == set(CANON_SOUTH)


def test_default_choice_is_the_canon_and_every_star_brighter_than_1_6() -> None:
    choice = candidate_stars(ReteOptions())
    bright = {s.name for s in load_catalogue() if s.vmag is not None and s.vmag < 1.6}
    assert ALWAYS_BRIGHTER_THAN == 1.6
    assert choice.required == set(CANON_NORTH) | set(CANON_SOUTH) | bright
    assert {s.name for s in choice.stars} == choice.required
    assert not {"Saiph", "Mirzam", "Sabik"} & choice.required
    # canon first, brightest first
    mags = [s.vmag for s in choice.stars]
    assert mags == sorted(mags)


def test_max_mag_adds_fainter_stars_and_cuts_the_canon() -> None:
    more = candidate_stars(ReteOptions(max_mag=2.5))
    assert {"Saiph", "Mirzam"} <= {s.name for s in more.stars}
    assert "Saiph" not in more.required
    names = [s.name for s in more.stars]
    assert max(names.index(n) for n in more.required) < names.index("Saiph")  # canon first
    fewer = candidate_stars(ReteOptions(max_mag=1.0))
    assert all(s.vmag is not None and s.vmag <= 1.0 for s in fewer.stars)
    assert "Alpheratz" not in fewer.required and "Vega" in fewer.required


def test_an_explicit_list_is_taken_as_it_is() -> None:
    choice = candidate_stars(ReteOptions(star_names=("Vega", "Altair")))
    assert [s.name for s in choice.stars] == ["Vega", "Altair"]
    assert choice.required == frozenset()


def test_display_names_come_from_one_mapping() -> None:
    assert display_name("Sirius") == "Sirius"
    assert display_name("Sirius", {"Sirius": "Alhabor"}) == "Alhabor"
    assert display_name("Vega", {"Sirius": "Alhabor"}) == "Vega"


@pytest.mark.parametrize("rete_design", ["classic", "modern"])
def test_the_rete_engraves_the_mapped_names(rete_design: str) -> None:
    design = Design(latitude_deg=51.75, diameter_mm=200.0).validate()
    medieval = {"Sirius": "Alhabor", "Vega": "Alwaki", "Capella": "Alhaiot"}
    plain = draw_rete(design, layout_for(design), ReteOptions(design=rete_design))
    swapped = draw_rete(
        design, layout_for(design), ReteOptions(design=rete_design, display_names=medieval)
    )
    widths = {round(b.width_mm, 6) for b in swapped.star_labels}
    heights = {b.height_mm for b in swapped.star_labels}
    for old, new in medieval.items():
        assert any(round(text_width_mm(new, h), 6) in widths for h in heights), (
            f"{new} not engraved"
        )
        if old in {s.place.star.name for s in plain.pointers if s.label is not None}:
            assert not any(round(text_width_mm(old, h), 6) in widths for h in heights)
