"""Designs from query strings, and what the page needs to know of the design schema.

Query parameter names are the design-file keys (``latitude_deg=38.9&diameter_mm=150``), each
value the string the matching ``astrofab build`` option takes; ``preset=NAME`` starts from a
bundled preset. The strings go through the design schema (``schema.design_from_strings``),
then through the build's own input checks (``build.check_inputs``): the web designer accepts
exactly what the command line accepts, with the same one-line messages.

One difference, for safety: no request may name a file on the server, so ``stars_file`` is
refused (give ``star_names``), and so is any other key whose value the build would open.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..build import check_inputs, part_jobs
from ..config import preset_names
from ..design import Design
from ..errors import InputError
from ..places import places
from ..schema import SCHEMA, FieldSpec, design_from_strings, field_spec

#: Query parameters that are not design keys.
PRESET_PARAM = "preset"
#: Design keys no request may set, with the reason given.
REFUSED_KEYS = {
    "stars_file": "stars_file is not accepted by the web designer (it would read a file on the "
    "server): give star_names instead",
}
#: At most this many query parameters, and this many characters in one value.
MAX_PARAMS = 64
MAX_VALUE_CHARS = 400
#: The design a page without any parameter starts from.
DEFAULT_QUERY = {"latitude_deg": "38.9"}


class QueryError(InputError):
    """A bad design in a request: the CLI's one-line message and the key it concerns."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class DesignRequest:
    """A request's design: the given strings (in schema order), the preset, and the result."""

    given: dict[str, str]
    preset: str | None
    design: Design


def given_strings(params: Iterable[tuple[str, str]]) -> tuple[dict[str, str], str | None]:
    """Design strings and preset from query pairs: every key known, none twice, none refused."""
    pairs = list(params)
    if len(pairs) > MAX_PARAMS:
        raise QueryError(f"too many query parameters: at most {MAX_PARAMS}")
    given: dict[str, str] = {}
    preset: str | None = None
    for key, value in pairs:
        if len(value) > MAX_VALUE_CHARS:
            raise QueryError(f"{key} is too long: at most {MAX_VALUE_CHARS} characters", key)
        if key == PRESET_PARAM:
            if preset is not None:
                raise QueryError("preset is given twice", key)
            preset = value
            continue
        if key in REFUSED_KEYS:
            raise QueryError(REFUSED_KEYS[key], key)
        try:
            field_spec(key)
        except InputError as exc:
            raise QueryError(str(exc), key) from None
        if key in given:
            raise QueryError(f"{key} is given twice", key)
        given[key] = value
    order = list(SCHEMA)
    return dict(sorted(given.items(), key=lambda kv: order.index(kv[0]))), preset


def design_request(params: Iterable[tuple[str, str]]) -> DesignRequest:
    """The validated design of a request; QueryError with the CLI's message and its key."""
    given, preset = given_strings(params)
    if preset is not None and preset not in preset_names():
        try:
            design_from_strings({}, preset=preset)
        except InputError as exc:
            raise QueryError(str(exc), PRESET_PARAM) from None
    for key, value in given.items():  # a string that is not a value: that key's message
        try:
            SCHEMA[key].parse(value)
        except InputError as exc:
            raise QueryError(str(exc), control_key(key)) from None
    try:
        design = design_from_strings(given, preset=preset)
        check_inputs(design)
    except InputError as exc:
        message = str(exc)
        raise QueryError(message, blamed_key(message, given, preset)) from None
    return DesignRequest(given, preset, design)


def control_key(key: str) -> str:
    """The form control that sets ``key``: itself, or the field declaring its option
    (``--pivot`` sets pivot_diameter_mm through the pivot_screw control)."""
    spec = SCHEMA[key]
    if spec.declares_option:
        return key
    for other in SCHEMA.values():
        if other.option == spec.option and other.declares_option:
            return other.key
    return key


def blamed_key(message: str, given: Mapping[str, str], preset: str | None = None) -> str | None:
    """The control a validation message is about.

    First by the field label or option word the message starts with ("diameter 30 is out of
    range", "unknown style 'x'", "pivot '40' is not known"; the longest wins, a given key before
    a default one); failing that, the first given key without which the design is valid."""
    text = message.lower()
    best: tuple[int, bool, str] | None = None
    for spec in SCHEMA.values():
        for label in _names_of(spec):
            if any(text.startswith(f"{lead}{label}") for lead in ("", "unknown ")):
                rank = (len(label), spec.key in given, spec.key)
                if best is None or rank > best:
                    best = rank
    if best is not None:
        return control_key(best[2])
    for key in given:
        rest = {k: v for k, v in given.items() if k != key}
        try:
            check_inputs(design_from_strings(rest, preset=preset))
        except InputError:
            continue
        return control_key(key)
    return None


def _names_of(spec: FieldSpec) -> set[str]:
    """How a message may name a field: its label, its key and its option in words."""
    option = spec.option.removeprefix("--").replace("-", " ")
    names = {spec.label.lower(), spec.key.replace("_", " "), option}
    return {n for n in names if n}


# ---------------------------------------------------------------------------- for the page


def value_text(spec: FieldSpec, value: Any) -> str:
    """A resolved value as the string its control (and option) takes: 38.9, 'civil,nautical',
    '600x400', 'true'; '' for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, tuple):
        joiner = "x" if spec.kind == "size" else ","
        return joiner.join(value_text(spec, v) for v in value)
    return str(value)


def is_control(spec: FieldSpec) -> bool:
    """Whether the form shows a control for this field (every declared option but files)."""
    return spec.declares_option and spec.key not in REFUSED_KEYS


def schema_json() -> list[dict[str, Any]]:
    """Every form control, in the order of ``astrofab build --help``."""
    return [
        {
            "key": spec.key,
            "kind": spec.kind,
            "option": spec.option,
            "label": spec.label or spec.key,
            "help": spec.help,
            "unit": spec.unit,
            "lo": spec.lo,
            "hi": spec.hi,
            "choices": [value_text(spec, c) for c in spec.choices],
            "default": spec.default_text or "",
            "optional": spec.optional,
        }
        for spec in SCHEMA.values()
        if is_control(spec)
    ]


def command_line(request: DesignRequest) -> str:
    """The ``astrofab build`` command that builds the same design."""
    words = ["astrofab", "build"]
    if request.preset is not None:
        words += ["--preset", request.preset]
    for key, value in request.given.items():
        spec = SCHEMA[key]
        if spec.kind == "bool":
            word = value.strip().lower()
            if word in ("auto", ""):
                continue
            yes = spec.parse(value)
            words.append(spec.option if yes else "--no-" + spec.option.removeprefix("--"))
        else:
            words += [spec.option, value]
    return shlex.join(words)


def design_json(request: DesignRequest) -> dict[str, Any]:
    """The answer of ``GET /api/design``: the resolved design and what the page shows."""
    design = request.design
    values = {key: value_text(SCHEMA[key], getattr(design, key)) for key in SCHEMA}
    values["text_height_mm"] = value_text(SCHEMA["text_height_mm"], design.label_height_mm)
    return {
        "name": design.instrument_name,
        "design": design.as_dict(),
        "values": values,
        "given": request.given,
        "preset": request.preset,
        "parts": [job.name for job in part_jobs(design)],
        "sheets": design.sheet_mm is not None,
        "command": command_line(request),
    }


def places_json() -> list[dict[str, Any]]:
    """The bundled gazetteer, for the place search."""
    return [
        {
            "name": p.name,
            "country": p.country,
            "latitude_deg": p.latitude_deg,
            "longitude_deg": p.longitude_deg,
        }
        for p in places().values()
    ]
