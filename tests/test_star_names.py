"""The medieval star names: the table the rete engraves from with --star-names medieval."""

from __future__ import annotations

from astrolabe_fab.astro.stars import load_catalogue
from astrolabe_fab.config import read_preset
from astrolabe_fab.design import Design
from astrolabe_fab.history.star_names import MEDIEVAL_NAMES, display_names, medieval_name
from astrolabe_fab.parts.layout import layout_for
from astrolabe_fab.parts.rete import rete_part


def test_the_names_of_the_period() -> None:
    assert medieval_name("Sirius") == "Alhabor"  # Chaucer, II §3
    assert medieval_name("Aldebaran") == "Aldeberan"  # Chaucer, I §21
    assert medieval_name("Procyon") == "Algomeyse"  # Chaucer, I §21 (Latin Algomeisa)
    assert "Algomeisa" in MEDIEVAL_NAMES["Procyon"].origin
    assert medieval_name("Arcturus") == "Alramech"
    assert medieval_name("Spica") == "Azimech"
    assert medieval_name("Acrux") == "Acrux"  # not in the medieval tables: its own name


def test_every_entry_names_a_catalogue_star_and_its_source() -> None:
    catalogue = {s.name for s in load_catalogue()}
    for name, entry in MEDIEVAL_NAMES.items():
        assert name in catalogue, name
        assert entry.source in ("chaucer", "latin-arabic", "latin"), name
        assert entry.name and entry.origin, name


def test_one_mapping_for_the_rete() -> None:
    assert display_names("modern") is None
    names = display_names("medieval")
    assert names is not None and names["Sirius"] == "Alhabor"


def test_chaucer_manifest_gives_both_names_of_every_star() -> None:
    design = Design(**read_preset("chaucer")).validate()  # type: ignore[arg-type]
    stars = rete_part(design, layout_for(design)).meta["stars"]
    assert stars
    by_name = {s["name"]: s["names"] for s in stars}
    for name, names in by_name.items():
        assert names["modern"] == name
        assert names["medieval"] == medieval_name(name)
    assert by_name["Sirius"]["medieval"] == "Alhabor"
