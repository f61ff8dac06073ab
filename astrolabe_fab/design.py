"""The Design: every parameter of an instrument, with its unit in its name, and its validation.

A Design is plain data. ``validate`` checks every field and raises InputError with a one-line
message naming the field and the allowed range; nothing else in the package re-checks input.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import InputError

TWILIGHT_DEPRESSION_DEG: dict[str, float] = {"civil": 6.0, "nautical": 12.0, "astronomical": 18.0}
ALMUCANTAR_STEPS_DEG = (1.0, 2.0, 5.0, 10.0)
AZIMUTH_STEPS_DEG = (5.0, 10.0, 15.0)


def default_epoch() -> float:
    """The current year, rounded down (recorded in the manifest so a rebuild is identical)."""
    return float(dt.date.today().year)


@dataclass(frozen=True)
class Design:
    """Every parameter of one instrument. Lengths in mm, angles in degrees."""

    latitude_deg: float
    name: str | None = None
    diameter_mm: float = 200.0
    epoch: float = field(default_factory=default_epoch)
    # climate plate
    almucantar_step_deg: float = 2.0
    azimuth_step_deg: float = 10.0
    twilight: tuple[str, ...] = ("astronomical",)
    unequal_hours: bool = True
    houses: bool = False
    plate_label: bool = True
    # text and holes
    text_height_mm: float | None = None
    pivot_diameter_mm: float = 4.5

    # ------------------------------------------------------------------ derived values

    @property
    def hemisphere(self) -> Literal["north", "south"]:
        return "north" if self.latitude_deg >= 0.0 else "south"

    @property
    def label_height_mm(self) -> float:
        """Cap height of labels: given, or 1.1 % of the diameter, at least 1.6 mm."""
        if self.text_height_mm is not None:
            return self.text_height_mm
        return max(1.6, round(0.011 * self.diameter_mm, 2))

    @property
    def instrument_name(self) -> str:
        return self.name or f"astrolabe-{latitude_tag(self.latitude_deg)}"

    def replace(self, **changes: Any) -> Design:
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """Every resolved parameter (for the manifest and the written design file)."""
        out = dataclasses.asdict(self)
        out["twilight"] = list(self.twilight)
        out["text_height_mm"] = self.label_height_mm
        out["name"] = self.instrument_name
        return out

    # ------------------------------------------------------------------ validation

    def validate(self) -> Design:
        """Check every field; raise InputError naming the field and its allowed range."""
        _check_range("latitude", self.latitude_deg, -90.0, 90.0, "degrees")
        _check_range("diameter", self.diameter_mm, 60.0, 1000.0, "mm")
        _check_range("epoch", self.epoch, 1000.0, 3000.0, "years")
        _check_choice("almucantar step", self.almucantar_step_deg, ALMUCANTAR_STEPS_DEG)
        _check_choice("azimuth step", self.azimuth_step_deg, AZIMUTH_STEPS_DEG)
        for name in self.twilight:
            if name not in TWILIGHT_DEPRESSION_DEG:
                allowed = ", ".join(TWILIGHT_DEPRESSION_DEG)
                raise InputError(f"unknown twilight line {name!r}: allowed are {allowed}")
        if self.text_height_mm is not None:
            _check_range("text height", self.text_height_mm, 0.8, 20.0, "mm")
        _check_range("pivot diameter", self.pivot_diameter_mm, 1.0, 0.2 * self.diameter_mm, "mm")
        if self.name is not None and not _is_safe_name(self.name):
            raise InputError(
                f"name {self.name!r} is not usable as a folder name: use letters, digits, '.', '-' "
                "or '_' (1 to 80 characters)"
            )
        return self


def latitude_tag(latitude_deg: float) -> str:
    """'38.90N', '33.87S', '0.00N' (SPEC §2 part and folder names)."""
    hemi = "N" if latitude_deg >= 0.0 else "S"
    return f"{abs(latitude_deg):.2f}{hemi}"


def _is_safe_name(name: str) -> bool:
    return 0 < len(name) <= 80 and all(c.isalnum() or c in "._-" for c in name) and name[0] != "."


def _check_range(what: str, value: float, lo: float, hi: float, unit: str) -> None:
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise InputError(f"{what} must be a number from {lo:g} to {hi:g} {unit}, got {value!r}")
    if not lo <= value <= hi:
        raise InputError(f"{what} {value:g} {unit} is out of range: allowed {lo:g} to {hi:g} {unit}")


def _check_choice(what: str, value: float, allowed: tuple[float, ...]) -> None:
    if value not in allowed:
        choices = ", ".join(f"{a:g}" for a in allowed)
        raise InputError(f"{what} {value:g} is not allowed: choose one of {choices} degrees")
