"""What the reduction takes from an instrument's ``manifest.json`` (SPEC §4): its latitude,
its epoch and the star positions engraved on its rete."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from astrolabe_fab import inputs
from astrolabe_fab.errors import InputError


@dataclass(frozen=True)
class Instrument:
    """Latitude (deg, north positive), epoch (Julian year) and rete stars (lower-case name ->
    (name, ra_h, dec_deg), mean places of the epoch)."""

    latitude_deg: float | None
    epoch: float | None
    stars: dict[str, tuple[str, float, float]] = field(default_factory=dict)


def read_instrument(path: Path | str) -> Instrument:
    """Parse a manifest; InputError naming the file and the key on anything malformed."""
    path = Path(path)
    try:
        data = json.loads(inputs.read_text(path, "instrument manifest"))
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InputError(f"{path}: not a JSON manifest ({exc})") from None
    if not isinstance(data, dict):
        raise InputError(f"{path}: manifest must be a JSON object (SPEC §4)")

    def number(value: object, key: str, lo: float, hi: float) -> float | None:
        if value is None:
            return None
        if not isinstance(value, int | float) or not math.isfinite(value) or not lo <= value <= hi:
            raise InputError(f"{path}: key {key!r} must be a number in [{lo:g}, {hi:g}]")
        return float(value)

    latitude = number(data.get("latitude_deg"), "latitude_deg", -90.0, 90.0)
    epoch = number(data.get("epoch"), "epoch", 1000.0, 3000.0)
    stars: dict[str, tuple[str, float, float]] = {}
    parts = data.get("parts", {})
    rete = parts.get("rete", {}) if isinstance(parts, dict) else {}
    entries = rete.get("stars", []) if isinstance(rete, dict) else []
    if not isinstance(entries, list):
        raise InputError(f"{path}: key 'parts.rete.stars' must be a list")
    for i, entry in enumerate(entries):
        key = f"parts.rete.stars[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise InputError(f"{path}: {key} must be an object with a 'name'")
        ra_h = number(entry.get("ra_h"), f"{key}.ra_h", 0.0, 24.0)
        dec_deg = number(entry.get("dec_deg"), f"{key}.dec_deg", -90.0, 90.0)
        if ra_h is None or dec_deg is None:
            raise InputError(f"{path}: {key} needs 'ra_h' and 'dec_deg'")
        stars[entry["name"].strip().lower()] = (entry["name"].strip(), ra_h, dec_deg)
    return Instrument(latitude_deg=latitude, epoch=epoch, stars=stars)
