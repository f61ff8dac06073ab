"""Designs as TOML files: presets, design files, and the resolved ``astrofab.toml`` of a build.

A design file holds Design fields by their names (``latitude_deg = 38.9``,
``diameter_mm = 200``, ``twilight = ["civil", "astronomical"]``), optionally inside a
``[design]`` table. Unknown keys are refused with a "did you mean" suggestion; values are
checked for their type here and for their range by ``Design.validate``.
Precedence: Design defaults < preset < design file < command-line options.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import tomllib
import types
import typing
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import tomli_w

from . import inputs
from .design import Design
from .errors import InputError

PRESET_PACKAGE = "astrolabe_fab.templates"

#: Longest list a design file may hold (more would only repeat entries: no list field has
#: more than a few hundred distinct values).
MAX_LIST_ENTRIES = 1000


@cache
def _field_types() -> dict[str, Any]:
    hints = typing.get_type_hints(Design)
    return {f.name: hints[f.name] for f in dataclasses.fields(Design)}


def field_names() -> list[str]:
    """Every key a design file may hold."""
    return list(_field_types())


def coerce_design_values(values: dict[str, Any], source: str) -> dict[str, Any]:
    """Check keys and value types of a design mapping; return Design keyword arguments."""
    types_by_name = _field_types()
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in types_by_name:
            close = difflib.get_close_matches(key, list(types_by_name), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise InputError(f"{source}: unknown key {key!r}{hint}")
        out[key] = _coerce(value, types_by_name[key], f"{source}: {key}")
    return out


def _coerce(value: Any, annotation: Any, where: str) -> Any:
    """Coerce a TOML value to a Design field's type (int -> float, list -> tuple)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return _coerce_union(value, typing.get_args(annotation), where)
    if origin is tuple:
        return _coerce_tuple(value, typing.get_args(annotation), where)
    if annotation in _SCALARS:
        accepts, what, convert = _SCALARS[annotation]
        if accepts(value):
            return convert(value)
        raise InputError(f"{where} must be {what}, got {_short(value)}")
    raise InputError(f"{where}: unsupported value {_short(value)}")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


#: Scalar field type -> (accepts the TOML value, what it must be, conversion).
_SCALARS: dict[type, tuple[Callable[[Any], bool], str, Callable[[Any], Any]]] = {
    bool: (lambda v: isinstance(v, bool), "true or false", bool),
    float: (_is_number, "a number", float),
    int: (lambda v: isinstance(v, int) and not isinstance(v, bool), "a whole number", int),
    str: (lambda v: isinstance(v, str), "text", str),
}


def _coerce_union(value: Any, options: tuple[Any, ...], where: str) -> Any:
    """An optional field (``X | None``) or one of several types: the first that fits."""
    if value is None and type(None) in options:
        return None
    errors = []
    for option in options:
        if option is type(None):
            continue
        try:
            return _coerce(value, option, where)
        except InputError as exc:
            errors.append(str(exc))
    raise InputError(errors[0] if errors else f"{where}: bad value {_short(value)}")


def _coerce_tuple(value: Any, args: tuple[Any, ...], where: str) -> tuple[Any, ...]:
    """A list field: ``tuple[X, ...]`` of any length (at most MAX_LIST_ENTRIES) or fixed."""
    if not isinstance(value, list | tuple):
        raise InputError(f"{where} must be a list, got {_short(value)}")
    if len(value) > MAX_LIST_ENTRIES:
        raise InputError(
            f"{where} has {len(value)} entries: a list holds at most {MAX_LIST_ENTRIES}"
        )
    if len(args) == 2 and args[1] is Ellipsis:
        return tuple(_coerce(v, args[0], where) for v in value)
    if len(value) != len(args):
        raise InputError(f"{where} must be a list of {len(args)} values, got {_short(value)}")
    return tuple(_coerce(v, a, where) for v, a in zip(value, args, strict=True))


def _short(value: Any) -> str:
    """A value for an error message: its repr, cut to 60 characters."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def read_design_file(path: Path) -> dict[str, Any]:
    """Design keyword arguments from a TOML file (``[design]`` table or top level), read with
    the one input opener (regular file, at most 1 MB, UTF-8)."""
    text = inputs.read_text(path, "design file")
    return parse_design_toml(text, str(path))


def parse_design_toml(text: str, source: str) -> dict[str, Any]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{source}: not valid TOML: {exc}") from None
    except RecursionError:
        raise InputError(f"{source}: not valid TOML: nested too deeply") from None
    if "design" in data and isinstance(data["design"], dict):
        extra = [k for k in data if k not in ("design", "astrofab")]
        if extra:
            raise InputError(f"{source}: unknown table or key {extra[0]!r} beside [design]")
        data = data["design"]
    data.pop("astrofab", None)
    return coerce_design_values(data, source)


@cache
def preset_names() -> tuple[str, ...]:
    """Names of the bundled presets (templates/*.toml)."""
    folder = resources.files(PRESET_PACKAGE)
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml")))


def preset_text(name: str) -> str:
    if name not in preset_names():
        close = difflib.get_close_matches(name, preset_names(), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise InputError(
            f"unknown preset {name!r}{hint}: choose one of {', '.join(preset_names())}"
        )
    return resources.files(PRESET_PACKAGE).joinpath(f"{name}.toml").read_text(encoding="utf-8")


def read_preset(name: str) -> dict[str, Any]:
    """Design keyword arguments of a bundled preset."""
    return parse_design_toml(preset_text(name), f"preset {name}")


def preset_summary(name: str) -> str:
    """The first comment line of a preset: what it is for."""
    for line in preset_text(name).splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""


TOML_HEADER = (
    "# astrofab design file: every resolved parameter of this build.\n"
    "# Rebuild exactly with:  astrofab build --config astrofab.toml\n"
)


def design_to_toml(design: Design) -> str:
    """The fully resolved design as TOML (written by tomli-w, so any text round-trips);
    reading it back gives the same Design."""
    values = {
        f.name: list(v) if isinstance(v, tuple) else v
        for f in dataclasses.fields(Design)
        if (v := getattr(design, f.name)) is not None
    }
    return TOML_HEADER + tomli_w.dumps({"design": values})


def resolve_design(
    given: dict[str, Any],
    *,
    preset: str | None = None,
    config_path: Path | None = None,
    place: str | None = None,
) -> Design:
    """Merge defaults < preset < design file < place < command-line values, then validate.

    ``given`` holds only the Design fields the user set on the command line.
    """
    from .places import find_place

    merged: dict[str, Any] = {}
    if preset is not None:
        merged.update(read_preset(preset))
    if config_path is not None:
        merged.update(read_design_file(config_path))
    if place is not None:
        found = find_place(place)
        merged.update(
            latitude_deg=found.latitude_deg, longitude_deg=found.longitude_deg, place=found.name
        )
    merged.update(given)
    if "latitude_deg" not in merged:
        raise InputError(
            "no latitude given: use --lat (-90 to 90 degrees), --place NAME, or a --preset or "
            "--config that sets latitude_deg"
        )
    return Design(**merged).validate()
