"""The design schema: one record per Design field, the one source of the build options.

Every field of ``Design`` has a ``FieldSpec`` here, keyed by its design-file key (the field
name, as in a TOML design file): its kind, unit, allowed range or choices, default, one-line
help, command-line option, and how a string is parsed into the field's value. The command line
(``astrofab build``: its design options are generated from ``SCHEMA``), the web designer (query
parameters named by the keys, e.g. ``latitude_deg=38.9&twilight=civil,astronomical``) and the
TOML files share it:

- ranges are the ``RANGES`` and choices the constants of ``design.py``, which
  ``Design.validate`` checks; the help texts are filled from them (``{range}``, ``{one_of}``,
  ``{any_of}``), so no range is written twice;
- a string that is not a value gives the same one-line ``InputError`` as ever (exit 2);
  membership of a choice and the checks between fields are left to ``Design.validate``;
- ``design_from_strings`` merges defaults < preset < design file < place < given strings and
  validates, exactly as the command line does.

Kinds (what control a form shows): ``number`` (with ``lo``/``hi`` and ``unit``; ``hi`` None
when the bound depends on another field), ``choice`` (one of ``choices``), ``choices`` (a comma
list of ``choices``), ``bool`` (true/false; ``auto`` where the field may be None), ``text``,
``names`` (a comma list of free names), ``numbers`` (a list of numbers), ``size`` (``WxH`` in
mm) and ``place`` (a name looked up in the bundled gazetteer, which sets latitude and longitude
below the given values).

Adding a design field: add it to ``Design`` (and its check to ``validate``, its range to
``RANGES``), then one record to ``_RECORDS`` below; the option, the web control and the tests
follow. ``tests/test_schema.py`` fails while a Design field has no record.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from .config import resolve_design
from .design import (
    ALMUCANTAR_STEPS_DEG,
    ALTITUDE_QUADRANTS,
    AZIMUTH_STEPS_DEG,
    CALENDAR_KINDS,
    CALENDAR_SYSTEMS,
    HOUR_LABELS,
    MATER_STYLES,
    MAX_PLATES,
    OUTPUT_FORMATS,
    PALETTE_NAMES,
    PAPER_NAMES,
    PIVOT_MIN_DIAMETER_MM,
    RANGES,
    RETE_DEGREE_STEPS_DEG,
    RETE_DESIGNS,
    RETE_STYLES,
    SHADOW_SQUARE_DIVISIONS,
    STAR_NAME_STYLES,
    THRONE_STYLES,
    TWILIGHT_DEPRESSION_DEG,
    Design,
    Range,
    one_of,
)
from .errors import InputError
from .parsing import number, split_list

Kind = Literal["number", "choice", "choices", "bool", "text", "names", "numbers", "size", "place"]

TRUE_WORDS = ("true", "yes", "on", "1")
FALSE_WORDS = ("false", "no", "off", "0")
AUTO_WORD = "auto"


@dataclass(frozen=True)
class FieldSpec:
    """One Design field as the command line and a form see it."""

    key: str  #: the Design field and design-file key, e.g. ``diameter_mm``
    kind: Kind
    option: str  #: the build option that sets it, e.g. ``--diameter`` (bools: also ``--no-…``)
    help: str  #: one line, as ``astrofab build --help`` shows it
    parse: Callable[[str], Any] = field(compare=False, repr=False)
    label: str = ""  #: how error messages name the field, e.g. ``diameter``
    unit: str = ""
    lo: float | None = None
    hi: float | None = None
    choices: tuple[Any, ...] = ()
    #: False when another field's option sets this one (``stars_file`` by ``--stars``)
    declares_option: bool = True
    #: for a shared option: which key a given string sets (``--stars`` names or a CSV file)
    route: Callable[[str], str] | None = field(default=None, compare=False, repr=False)

    @property
    def default(self) -> Any:
        """The Design default (None for latitude, which must be given; epoch: this year)."""
        f = _dataclass_fields()[self.key]
        if f.default is not dataclasses.MISSING:
            return f.default
        if f.default_factory is not dataclasses.MISSING:
            return f.default_factory()
        return None

    @property
    def optional(self) -> bool:
        """Whether the field may be None (left to the build to choose)."""
        return type(None) in typing.get_args(_type_hints()[self.key])

    @property
    def default_text(self) -> str | None:
        """The default as a string option would take it; None when there is none to show."""
        if _dataclass_fields()[self.key].default_factory is not dataclasses.MISSING:
            return None  # computed when built (epoch: this year); the help says so
        return _text_of(self.default)

    @property
    def flags(self) -> tuple[str, ...]:
        """The option's names: ``("--diameter",)``; a bool also its off form ``--no-…``."""
        if self.kind == "bool":
            return (self.option, f"--no-{self.option.removeprefix('--')}")
        return (self.option,)

    def key_for(self, text: str) -> str:
        """The design key a string given to this field's option sets."""
        return self.route(text) if self.route is not None else self.key


# ------------------------------------------------------------------ parsers


def parse_plates(text: str) -> tuple[float, ...]:
    """'30,35,40' or '30:50:5' (start:stop:step, stop included) -> latitudes in degrees."""
    lat = RANGES["plates_deg"]
    if not text.strip():
        return ()
    if ":" in text:
        parts = text.split(":")
        if len(parts) != 3:
            raise InputError(f"plates range {text!r} must be start:stop:step, e.g. 30:50:5")
        start, stop = (number(lat.what, p, lat.lo, lat.hi, lat.unit) for p in parts[:2])
        step = number("plate step", parts[2], 0.1, 90.0, "degrees")
        count = math.floor(abs(stop - start) / step + 1e-9) + 1
        if count > MAX_PLATES:
            raise InputError(f"plates range {text!r} gives {count} plates: at most {MAX_PLATES}")
        sign = 1.0 if stop >= start else -1.0
        return tuple(round(start + sign * k * step, 6) for k in range(count))
    return tuple(
        number(lat.what, p.strip(), lat.lo, lat.hi, lat.unit) for p in text.split(",") if p.strip()
    )


def parse_sheet(text: str) -> tuple[float, float]:
    """'600x400' -> (600.0, 400.0) mm (sheet size for nesting)."""
    side = RANGES["sheet_mm"]
    parts = text.lower().replace("mm", "").replace("*", "x").split("x")
    if len(parts) != 2:
        raise InputError(
            f"sheet {text!r} must be WxH in mm, e.g. 600x400 ({side.lo:g} to {side.hi:g} mm each)"
        )
    return (
        number("sheet width", parts[0].strip(), side.lo, side.hi, side.unit),
        number("sheet height", parts[1].strip(), side.lo, side.hi, side.unit),
    )


def _stars_key(text: str) -> str:
    """``--stars``: a CSV file (by its suffix, or an existing file) or a comma list of names."""
    is_file = text.strip().lower().endswith(".csv") or Path(text).is_file()
    return "stars_file" if is_file else "star_names"


def _parse_pivot_diameter(text: str) -> float:
    """A pivot hole in mm; its upper bound, a fifth of the diameter, is checked by validate."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < PIVOT_MIN_DIAMETER_MM:
        raise InputError(
            f"pivot diameter must be a number from {PIVOT_MIN_DIAMETER_MM:g} mm to a fifth of "
            f"the diameter, got {text!r}"
        )
    return value


def _parse_names(text: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in text.split(",") if n.strip())


def _parse_bool_as(label: str, optional: bool) -> Callable[[str], bool | None]:
    words = f"true or false{' or auto' if optional else ''}"

    def parse(text: str) -> bool | None:
        word = text.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        if optional and word == AUTO_WORD:
            return None
        raise InputError(f"{label} must be {words}, got {text!r}")

    return parse


def _lower(text: str) -> str:
    return text.strip().lower()


def _verbatim(text: str) -> str:
    return text


# ------------------------------------------------------------------ record builders


def _number(key: str, option: str, help: str) -> FieldSpec:
    """A number checked against ``RANGES[key]`` (message and range as ``Design.validate``)."""
    r = RANGES[key]
    return FieldSpec(
        key,
        "number",
        option,
        help.format(range=_range_text(r)),
        parse=lambda text: number(r.what, text, r.lo, r.hi, r.unit),
        label=r.what,
        unit=r.unit,
        lo=r.lo,
        hi=r.hi,
    )


def _number_choice(
    key: str, label: str, choices: tuple[float, ...], unit: str, option: str, help: str
) -> FieldSpec:
    """A number from ``choices``: read between their least and greatest, whole numbers as int."""
    lo, hi = min(choices), max(choices)
    whole = all(isinstance(c, int) for c in choices)

    def parse(text: str) -> float:
        value = number(label, text, lo, hi, unit)
        return int(value) if whole and value.is_integer() else value  # 7.5 stays, validate refuses

    return FieldSpec(
        key,
        "choice",
        option,
        help.format(one_of=one_of(choices)),
        parse=parse,
        label=label,
        unit=unit,
        choices=choices,
    )


def _choice(key: str, choices: tuple[str, ...], option: str, help: str) -> FieldSpec:
    """A word from ``choices`` (case and spaces ignored; ``Design.validate`` checks it)."""
    return FieldSpec(
        key,
        "choice",
        option,
        help.format(one_of=one_of(choices)),
        parse=_lower,
        label=_label(key),
        choices=choices,
    )


def _choices(key: str, choices: tuple[str, ...], option: str, help: str, none: bool) -> FieldSpec:
    """A comma list of words from ``choices``; with ``none``, the word 'none' gives no item."""

    def parse(text: str) -> tuple[str, ...]:
        if none and text.strip().lower() == "none":
            return ()
        return tuple(split_list(text))

    return FieldSpec(
        key,
        "choices",
        option,
        help.format(any_of=", ".join(choices)),
        parse=parse,
        label=_label(key),
        choices=choices,
    )


def _bool(key: str, option: str, help: str) -> FieldSpec:
    optional = type(None) in typing.get_args(_type_hints()[key])
    label = _label(key)
    return FieldSpec(key, "bool", option, help, parse=_parse_bool_as(label, optional), label=label)


def _other(key: str, kind: Kind, option: str, help: str, **more: Any) -> FieldSpec:
    """Text, names, numbers, size or place: ``more`` holds the parser and any shared option.

    A key with a range in ``RANGES`` (plates, sheet size) takes it, and ``{range}`` in the help.
    """
    r = RANGES.get(key)
    if r is not None:
        more.update(lo=r.lo, hi=r.hi, unit=r.unit)
        help = help.format(range=_range_text(r))
    return FieldSpec(key, kind, option, help, label=_label(key), **more)


def _range_text(r: Range) -> str:
    """'60 to 1000 mm'."""
    return f"{r.lo:g} to {r.hi:g} {r.unit}"


def _label(key: str) -> str:
    for unit in ("_deg", "_mm"):
        key = key.removesuffix(unit)
    return key.replace("_", " ")


def _text_of(value: Any) -> str | None:
    """A default as its option string: 200.0 -> '200', ('svg', 'dxf') -> 'svg,dxf'."""
    if value is None or value == ():
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return ",".join(str(_text_of(v)) for v in value)
    return str(value)


# ------------------------------------------------------------------ the records


def _records() -> list[FieldSpec]:
    """Every Design field, in the order of ``astrofab build --help``."""
    return [
        _number("latitude_deg", "--lat", "Latitude of the plate, {range} (north positive)."),
        _number(
            "longitude_deg",
            "--lon",
            "Longitude of the place, {range} (east positive); recorded for the reduction.",
        ),
        _other(
            "place",
            "place",
            "--place",
            "A place from the bundled list (astrofab places), e.g. 'Washington DC'.",
            parse=_verbatim,
        ),
        _other(
            "plates_deg",
            "numbers",
            "--plates",
            "Further plates: latitudes '30,35,40' or a range '30:50:5' ({range}, one hemisphere).",
            parse=parse_plates,
        ),
        _other(
            "name", "text", "--name", "Instrument name (default astrolabe-<lat>).", parse=_verbatim
        ),
        _number("diameter_mm", "--diameter", "Overall diameter of the mater, {range}."),
        _number(
            "epoch",
            "--epoch",
            "Epoch of the star positions and calendar, {range}, e.g. 2026 (default: this year).",
        ),
        *_plate_records(),
        *_rete_records(),
        *_mater_records(),
        *_period_records(),
        *_fabrication_records(),
        *_kit_records(),
    ]


def _plate_records() -> list[FieldSpec]:
    return [
        _number_choice(
            "almucantar_step_deg",
            "almucantar step",
            ALMUCANTAR_STEPS_DEG,
            "degrees",
            "--almucantar-step",
            "{one_of} degrees.",
        ),
        _number_choice(
            "azimuth_step_deg",
            "azimuth step",
            AZIMUTH_STEPS_DEG,
            "degrees",
            "--azimuth-step",
            "{one_of} degrees.",
        ),
        _choices(
            "twilight",
            tuple(TWILIGHT_DEPRESSION_DEG),
            "--twilight",
            "Comma list of {any_of} (or 'none').",
            none=True,
        ),
        _bool("unequal_hours", "--hours", "Unequal hours below the horizon."),
        _bool("houses", "--houses", "Regiomontanus house lines below the horizon."),
        _bool("plate_label", "--plate-label", "Write the latitude on the plate."),
        _number(
            "text_height_mm",
            "--text-height",
            "Cap height of labels, {range} (default 1.1 % of the diameter, at least 1.6 mm).",
        ),
    ]


def _rete_records() -> list[FieldSpec]:
    return [
        _choice(
            "rete_style",
            RETE_STYLES,
            "--rete",
            "Rete style: cutout (fretwork, one piece) or transparent (engraved clear disc).",
        ),
        _choice(
            "rete_design",
            RETE_DESIGNS,
            "--rete-design",
            "Cut-out rete design, {one_of} (default: follows --style): classic is Gothic "
            "tracery with dagger pointers, modern has arc spokes and named stems.",
        ),
        _bool(
            "rete_calendar",
            "--rete-calendar",
            "The month scale on the rete's ecliptic band (the Treatise's rete has none).",
        ),
        _number_choice(
            "rete_degree_step_deg",
            "rete degree step",
            RETE_DEGREE_STEPS_DEG,
            "deg",
            "--rete-degree-step",
            "Divisions of the rete's degree scale: {one_of} degrees (2 as in the Treatise).",
        ),
        _number(
            "min_web_mm", "--min-web", "Narrowest bridge or pointer of the cut-out rete, {range}."
        ),
        _other(
            "star_names",
            "names",
            "--stars",
            "Star names (comma list) or a CSV file (name, ra_h, dec_deg[, pm_ra_mas_yr, "
            "pm_dec_mas_yr, vmag]) of J2000 stars.",
            parse=_parse_names,
            route=_stars_key,
        ),
        _other(
            "stars_file",
            "text",
            "--stars",
            "A CSV file of J2000 stars (set by --stars FILE.csv).",
            parse=lambda text: str(Path(text)),
            declares_option=False,
        ),
        _number(
            "max_mag", "--max-mag", "Faintest star magnitude on the rete, {range} (default 2.5)."
        ),
        _bool(
            "mirror_engrave",
            "--mirror-engrave",
            "Transparent rete: engrave mirrored, for the back face.",
        ),
    ]


def _mater_records() -> list[FieldSpec]:
    return [
        _choice(
            "style",
            MATER_STYLES,
            "--style",
            "modern (24 h limb, 0-360, calendar in days, equation of time) or classic "
            "(2 x XII hours, quadrants, eccentric calendar, gothic throne; --preset chaucer "
            "for the Treatise's instrument).",
        ),
        _other(
            "pivot_screw",
            "text",
            "--pivot",
            "Pivot screw m4, m5, 6-32, 1/4-20 (normal-fit clearance hole) or a hole diameter "
            "in mm.",
            parse=_lower,
        ),
        _other(
            "pivot_diameter_mm",
            "number",
            "--pivot",
            "Diameter of the pivot hole, mm, up to a fifth of the diameter (set by --pivot).",
            parse=_parse_pivot_diameter,
            unit="mm",
            lo=PIVOT_MIN_DIAMETER_MM,
            declares_option=False,
        ),
        _bool("fused", "--fused", "Engrave the plate on the mater itself (one opaque sheet)."),
        _number_choice(
            "shadow_square_divisions",
            "shadow square",
            SHADOW_SQUARE_DIVISIONS,
            "divisions",
            "--shadow-square",
            "Divisions of the shadow square: {one_of}.",
        ),
        _bool(
            "unequal_hours_diagram",
            "--unequal-hours-diagram",
            "Unequal-hours diagram on the back (default: classic style only).",
        ),
        _bool("cotangent_scale", "--cotangent-scale", "Cotangent (shadow) scale on the back."),
        _bool(
            "dragon",
            "--dragon",
            "Lunar-node pointer (eclipse seasons) and node-year scale on the back "
            "(default: modern style only).",
        ),
        _other(
            "maker",
            "text",
            "--maker",
            "Maker's line on the back (with latitude and epoch).",
            parse=_verbatim,
        ),
        _choice("calendar", CALENDAR_KINDS, "--calendar", "{one_of} (default: by style)."),
        _number("min_text_height_mm", "--min-text-height", "Smallest engraved text, {range}."),
        _number("min_tick_spacing_mm", "--min-tick-spacing", "Closest ticks of a scale, {range}."),
    ]


def _period_records() -> list[FieldSpec]:
    """The historical choices (issue 15): each one alone, so any place and year can have them."""
    return [
        _choice(
            "calendar_system",
            CALENDAR_SYSTEMS,
            "--calendar-system",
            "Calendar of every date scale: {one_of} (default: julian before 1583, the first "
            "whole year of the Gregorian reform).",
        ),
        _choice(
            "hour_labels",
            HOUR_LABELS,
            "--hour-labels",
            "Hours of the limb: {one_of} (the Treatise's + A B C ... Z; default: by style).",
        ),
        _choice(
            "star_name_style",
            STAR_NAME_STYLES,
            "--star-names",
            "Names engraved for the stars: {one_of} (Alhabor for Sirius ...).",
        ),
        _bool(
            "dominical_letters",
            "--dominical-letters",
            "The circle of the A.B.C. (Sunday letters) inside the calendar ring.",
        ),
        _bool("festivals", "--festivals", "The Treatise's feasts marked on the calendar ring."),
        _bool(
            "latin_labels",
            "--latin-labels",
            "Latin names of the lines (Oriens, Occidens, Meridies, Crepusculum) and the "
            "months' Roman names and the Treatise's sign names on the back.",
        ),
        _number_choice(
            "altitude_quadrants",
            "altitude quadrants",
            ALTITUDE_QUADRANTS,
            "quadrants",
            "--altitude-quadrants",
            "Quadrants of the back's altitude scale: {one_of} (4 as in the Treatise).",
        ),
        _choice(
            "throne",
            THRONE_STYLES,
            "--throne",
            "Throne of the mater: {one_of} (cusped, with its turet and ring; default: by style).",
        ),
    ]


def _fabrication_records() -> list[FieldSpec]:
    return [
        _choice("palette", PALETTE_NAMES, "--palette", "Laser layer colours: {one_of}."),
        _choice("paper", PAPER_NAMES, "--paper", "Paper of the PDF: {one_of}."),
        _number(
            "kerf_mm",
            "--kerf",
            "Kerf of the laser, {range}: cut paths move by half of it into the waste.",
        ),
        _other(
            "sheet_mm",
            "size",
            "--sheet",
            "Also lay all parts out on sheets of WxH mm ({range} each), e.g. 600x400.",
            parse=parse_sheet,
        ),
        _number(
            "sheet_margin_mm",
            "--sheet-margin",
            "Margin at the sheet edge and between parts, {range}.",
        ),
        _choices("formats", OUTPUT_FORMATS, "--formats", "Comma list of {any_of}.", none=False),
    ]


def _kit_records() -> list[FieldSpec]:
    """The kit (issue 17): stacked mater, stock thickness, two-sided plates, registration pin."""
    return [
        _bool(
            "stacked",
            "--stacked",
            "Stacked mater: a limb ring (mater-ring) glued on a plain base disc; plates sit in "
            "its recess on a tab of the ring.",
        ),
        _number(
            "stock_thickness_mm",
            "--stock-thickness",
            "Thickness of the sheet every part is cut from, {range} (sets the screw length "
            "and the pin).",
        ),
        _bool(
            "two_sided_plates",
            "--two-sided-plates",
            "Pair the plates: one latitude on each face, in the order given (--lat first, then "
            "--plates).",
        ),
        _bool(
            "registration_pin",
            "--pin",
            "Registration pin in the mater for the plates' notch (default: flat mater only).",
        ),
    ]


@cache
def _dataclass_fields() -> dict[str, dataclasses.Field[Any]]:
    return {f.name: f for f in dataclasses.fields(Design)}


@cache
def _type_hints() -> dict[str, Any]:
    return typing.get_type_hints(Design)


#: Every Design field's record by its design-file key, in the order of the build options.
SCHEMA: dict[str, FieldSpec] = {spec.key: spec for spec in _records()}


# ------------------------------------------------------------------ strings -> Design


def field_spec(key: str) -> FieldSpec:
    """The record of a design-file key; InputError with a suggestion for an unknown key."""
    if key in SCHEMA:
        return SCHEMA[key]
    close = difflib.get_close_matches(key, list(SCHEMA), n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise InputError(f"unknown design key {key!r}{hint}")


def parse_strings(values: Mapping[str, str]) -> dict[str, Any]:
    """Design keyword arguments from design-file keys -> strings (each parsed by its record)."""
    return {key: field_spec(key).parse(text) for key, text in values.items()}


def design_from_strings(
    values: Mapping[str, str],
    *,
    preset: str | None = None,
    config_path: Path | None = None,
) -> Design:
    """A validated Design from strings keyed by design-file keys, as the command line makes it.

    Precedence: Design defaults < ``preset`` < ``config_path`` < ``place`` (looked up in the
    gazetteer: it sets latitude, longitude and the place name) < the other given values.
    An empty string is a value (``twilight=`` means no twilight line): leave a key out to keep
    the default. ``stars_file`` names a file on the machine that builds.
    """
    given = parse_strings(values)
    place = given.pop("place", None)
    return resolve_design(given, preset=preset, config_path=config_path, place=place)
