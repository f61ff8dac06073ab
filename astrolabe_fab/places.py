"""A small bundled gazetteer: place name -> latitude and longitude (``--place``)."""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .errors import InputError


@dataclass(frozen=True)
class Place:
    name: str
    country: str
    latitude_deg: float
    longitude_deg: float


def _key(name: str) -> str:
    return "".join(c for c in name.lower() if c.isalnum())


@cache
def places() -> dict[str, Place]:
    """Every bundled place, keyed by its name folded to letters and digits."""
    text = resources.files("astrolabe_fab.data").joinpath("places.csv").read_text("utf-8")
    rows = csv.DictReader(
        io.StringIO(
            "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))
        )
    )
    out = {}
    for row in rows:
        place = Place(
            row["name"], row["country"], float(row["latitude_deg"]), float(row["longitude_deg"])
        )
        out[_key(place.name)] = place
    return out


def find_place(name: str) -> Place:
    """The place called ``name`` (case and punctuation ignored); InputError with suggestions."""
    table = places()
    key = _key(name)
    if key in table:
        return table[key]
    close = difflib.get_close_matches(key, list(table), n=3, cutoff=0.6)
    hint = f" (did you mean {', '.join(table[c].name for c in close)}?)" if close else ""
    raise InputError(
        f"unknown place {name!r}{hint}: give --lat instead, or see 'astrofab places' for the list"
    )
