"""The designer's caches: a part is served again only for designs that agree on every field
its drawing read, and such designs do give the same bytes."""

from __future__ import annotations

import pytest

from astrolabe_fab.build import part_jobs
from astrolabe_fab.design import Design
from astrolabe_fab.parts.layout import layout_for
from astrolabe_fab.web.cache import BytesLru, PartCache
from astrolabe_fab.web.work import ReadRecorder, find_job, part_svg, render_part


def test_recorder_notes_top_level_reads_only() -> None:
    recorder = ReadRecorder.record(Design(latitude_deg=-30.0, diameter_mm=150.0))
    assert recorder.hemisphere == "south"  # a property: noted itself, not latitude_deg
    assert recorder.diameter_mm == 150.0
    assert recorder.reads() == ("diameter_mm", "hemisphere")
    recorder.as_dict()  # a method: the whole design
    assert recorder.reads() is None
    assert isinstance(recorder, Design)


def test_part_names_are_the_drawn_parts_names() -> None:
    """(Every part of the default design: test_api; here the plates of a plate set and the
    quick parts of a fused classic instrument.)"""
    for design in (
        Design(latitude_deg=-33.87, plates_deg=(-30.0, -40.0)),
        Design(latitude_deg=51.75, fused=True, style="classic"),
    ):
        layout = layout_for(design)
        for job in part_jobs(design):
            if job.cost <= 2.0:  # not the rete and the back: they take seconds
                assert job.run(design, layout).name == job.name


#: Changes that a plate's drawing does not read (it reads the latitude through its job).
UNREAD_BY_PLATE = {
    "latitude_deg": 40.0,
    "paper": "letter",
    "style": "classic",
    "maker": "A. Maker",
    "rete_style": "transparent",
    "formats": ("svg",),
    "name": "other",
}


@pytest.mark.parametrize("name", ["plate-38.90N", "rete", "rule"])
def test_designs_that_agree_on_the_reads_give_the_same_part(name: str) -> None:
    design = Design(latitude_deg=38.9, epoch=2026.0).validate()
    data, reads = render_part(design, name)
    assert reads is not None and "paper" not in reads and "formats" not in reads
    unread = {k: v for k, v in UNREAD_BY_PLATE.items() if k not in reads}
    if name == "plate-38.90N":
        assert set(unread) == set(UNREAD_BY_PLATE)
        unread.pop("latitude_deg")  # the job's argument, not a design read
    other = design.replace(**unread).validate()
    assert part_svg(other, find_job(other, name)) == data
    cache = PartCache()
    cache.put(design, (name,), reads, data)
    assert cache.get(other, (name,)) == data
    read_change = {"diameter_mm": 150.0}
    assert cache.get(design.replace(**read_change), (name,)) is None


def test_rete_is_not_redrawn_for_a_new_latitude_but_is_for_the_other_hemisphere() -> None:
    design = Design(latitude_deg=38.9, epoch=2026.0).validate()
    data, reads = render_part(design, "rete")
    cache = PartCache()
    cache.put(design, ("rete",), reads, data)
    assert cache.get(design.replace(latitude_deg=51.5), ("rete",)) == data
    assert cache.get(design.replace(latitude_deg=-33.9), ("rete",)) is None


def test_whole_design_reads_key_by_hash() -> None:
    design = Design(latitude_deg=10.0)
    cache = PartCache()
    cache.put(design, ("x",), None, b"data")
    assert cache.get(design, ("x",)) == b"data"
    assert cache.get(design.replace(paper="letter"), ("x",)) is None


def test_lru_drops_the_least_recently_used_beyond_its_size() -> None:
    store = BytesLru(max_bytes=10)
    store.put("a", b"12345")
    store.put("b", b"12345")
    assert store.get("a") == b"12345"  # now b is the oldest
    store.put("c", b"1")
    assert store.get("b") is None and store.get("a") is not None and store.get("c") == b"1"
    assert len(store) == 2
