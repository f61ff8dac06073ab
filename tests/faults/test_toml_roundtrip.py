"""The written astrofab.toml reads back to the same design for any text (issue 13, case 5):
``maker``, ``place`` and star names survive astrofab.toml -> rebuild with byte-identical files.
Text that cannot be one line (control characters, line breaks) is refused with one line."""

from __future__ import annotations

import csv
import json
import unicodedata

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from astrolabe_fab.build import build
from astrolabe_fab.config import design_to_toml, parse_design_toml, resolve_design
from astrolabe_fab.design import Design
from astrolabe_fab.errors import InputError

#: Any text hypothesis makes (every Unicode category but surrogates, which Python strings
#: from UTF-8 files or TOML cannot hold).
ANY_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)
NOT_TEXT = {"Cc", "Cs", "Zl", "Zp"}


def one_line(text: str) -> bool:
    return not any(unicodedata.category(c) in NOT_TEXT for c in text)


@settings(max_examples=300, deadline=None)
@given(maker=ANY_TEXT, place=ANY_TEXT, star=ANY_TEXT)
@example(maker='a "quoted" \\ back\\slash', place="'''\"\"\" [design] #", star="Mu,Ceti")
@example(maker="a\nb", place="\x00", star="\u2028")
def test_design_text_round_trips_or_is_refused(maker: str, place: str, star: str) -> None:
    design = Design(38.9, epoch=2026.0, maker=maker, place=place, star_names=(star, "Vega"))
    valid = all(one_line(t) for t in (maker, place, star)) and len(maker) <= 80
    if not valid:
        with pytest.raises(InputError) as info:
            design.validate()
        assert "\n" not in str(info.value)
        return
    design = design.validate()
    again = Design(**parse_design_toml(design_to_toml(design), "astrofab.toml")).validate()
    assert again == design


NICE_TEXT = ANY_TEXT.filter(lambda t: one_line(t) and t.strip() != "")


@settings(
    max_examples=1,  # plus the explicit example: four builds; the test above covers the breadth
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # builds are slow: no shrinking
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    maker=NICE_TEXT.filter(lambda t: len(t) <= 80),
    place=NICE_TEXT,
    star=NICE_TEXT.filter(lambda t: len(t) <= 8),  # short enough to be engraved, usually
)
@example(maker='Ünïcødé "q" \\ #', place="Zürich, \"CH\" = 'x'", star='"Nō,#1')
def test_rebuild_from_astrofab_toml_is_byte_identical(
    maker: str, place: str, star: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    if star.strip().casefold() in ("vega", "sirius"):
        return
    tmp = tmp_path_factory.mktemp("rt")
    with (tmp / "stars.csv").open("w", newline="", encoding="utf-8") as fh:
        rows = csv.writer(fh, quoting=csv.QUOTE_ALL)
        rows.writerows(
            [
                ("name", "ra_h", "dec_deg", "vmag"),
                (star, "14.26", "19.18", "1.0"),  # where Arcturus is: room for a pointer
                ("Vega", "18.6156", "38.7837", "0.03"),
                ("Sirius", "6.7525", "-16.7161", "-1.46"),
            ]
        )
    first = Design(
        45.0,
        diameter_mm=200.0,  # the maker's line is engraved at this size
        epoch=2026.0,
        maker=maker,
        place=place,
        star_names=(star, "Vega", "Sirius"),
        stars_file=str(tmp / "stars.csv"),
        formats=("svg",),  # the text is drawn as outlines: the other writers add nothing
    ).validate()
    a = build(first, tmp / "a", first.formats).folder
    again = resolve_design({}, config_path=a / "astrofab.toml")
    b = build(again, tmp / "b", again.formats).folder
    if star == '"Nō,#1':  # the explicit example: the star and its name are on the rete
        rete = json.loads((a / "manifest.json").read_text())["parts"]["rete"]
        assert star in [s["name"] for s in rete["stars"]]
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
