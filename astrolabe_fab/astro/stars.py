"""The bright-star table and the mean places of its stars at the epoch of use.

The table (``astrolabe_fab/data/stars.csv``) holds Hipparcos J2000.0 (ICRS) positions, proper
motions and V magnitudes under IAU names; its header says where they come from.

Mean place of epoch: the J2000.0 unit vector is moved by its proper motion (linear space
motion on the tangent plane, no parallax or radial velocity) and rotated from the ICRS into
the mean equator and equinox of the epoch with the IAU 2006 bias-precession matrix in the
Fukushima-Williams form (Hilton et al. 2006, Celest. Mech. 94, 351; IERS Conventions 2010,
eqs. 5.39-5.40). Nutation (< 20") is left out on purpose: the rete shows mean places, good
for every year around the epoch. The tests check this against astronomy-engine's own
precession (the P03 four-angle matrix behind ``Rotation_EQJ_EQD``) and against PyEphem.
"""

from __future__ import annotations

import csv
import difflib
import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from astrolabe_fab import inputs
from astrolabe_fab.errors import InputError

J2000_YEAR = 2000.0
ARCSEC_TO_RAD = math.pi / (180.0 * 3600.0)
MAS_TO_RAD = ARCSEC_TO_RAD / 1000.0
EPOCH_RANGE_YEARS = (1000.0, 3000.0)
"""Epochs accepted by ``star_ra_dec``: the IAU 2006 polynomials hold to arcseconds over
+-1000 years (Hilton et al. 2006); linear proper motion is the weaker link beyond that."""

ALIASES: dict[str, str] = {
    "adara": "Adhara",
    "agena": "Hadar",
    "albereo": "Albireo",
    "alcaid": "Alkaid",
    "etamin": "Eltanin",
    "formalhaut": "Fomalhaut",
    "gienah corvi": "Gienah",
    "sirrah": "Alpheratz",
    "rigil kent": "Rigil Kentaurus",
    "alnath": "Elnath",
    "almaak": "Almach",
    "mirphak": "Mirfak",
    "shedir": "Schedar",
    "kocab": "Kochab",
    "phad": "Phecda",
    "alphekka": "Alphecca",
}
"""Other spellings found in almanacs and older tables -> IAU name (lower-case keys)."""


@dataclass(frozen=True)
class Star:
    """One star of the table: J2000.0 (ICRS) place at epoch 2000.0, proper motion, magnitude.

    ``pm_ra_mas_yr`` is mu_alpha * cos(delta) (Hipparcos ``pmRA``); ``hip`` is None when the
    Hipparcos number is unknown (user tables).
    """

    name: str
    hip: int | None
    ra_j2000_h: float
    dec_j2000_deg: float
    pm_ra_mas_yr: float
    pm_dec_mas_yr: float
    vmag: float | None


# ---------------------------------------------------------------------------------------------
# reading tables


_COLUMNS_RA = ("ra_j2000_h", "ra_h")
_COLUMNS_DEC = ("dec_j2000_deg", "dec_deg")


def _parse_float(
    text: str, where: str, column: str, low: float, high: float, *, high_open: bool = False
) -> float:
    """A number in [low, high] (or [low, high) when ``high_open``), else a one-line InputError."""
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{where}: column {column!r}: {text!r} is not a number") from None
    too_high = value >= high if high_open else value > high
    if not math.isfinite(value) or value < low or too_high:
        bracket = ")" if high_open else "]"
        raise InputError(
            f"{where}: column {column!r}: {value} is outside [{low:g}, {high:g}{bracket}"
        )
    return value


_HEADER_HELP = (
    "header must have columns 'name', 'ra_h' (or 'ra_j2000_h') and 'dec_deg' (or "
    "'dec_j2000_deg'); optional 'hip', 'pm_ra_mas_yr', 'pm_dec_mas_yr', 'vmag'"
)


@dataclass(frozen=True)
class _Columns:
    """Where each column of a star table is (header name -> index), RA and Dec by their name."""

    index: dict[str, int]
    ra: str
    dec: str

    def cell(self, row: list[str], column: str) -> str:
        return row[self.index[column]].strip() if column in self.index else ""


def _csv_rows(text: str, source: str) -> list[tuple[int, list[str]]]:
    """(line number, fields) of each row of CSV text, skipping blank and ``#`` comment lines.

    One star per line: a quoted field that runs over the end of its line is refused (a name
    with a line break in it could not be written on the rete nor given as a star name)."""
    lines = text.splitlines()
    kept = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
    kept = [(n, line) for n, line in kept if not line.startswith("#")]
    reader = csv.reader(line for _, line in kept)
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            first = kept[len(rows)][0]
            if reader.line_num != len(rows) + 1:
                raise InputError(
                    f"{source}, line {first}: a quoted field runs over the end of the line "
                    "(one star per line)"
                )
            rows.append((first, row))
    except csv.Error as exc:
        line = kept[min(reader.line_num, len(kept)) - 1][0] if kept else 1
        raise InputError(f"{source}, line {line}: not a CSV row ({exc})") from None
    return rows


def _columns(header: list[str], source: str) -> _Columns:
    names = [h.strip().lower() for h in header]
    ra_col = next((c for c in _COLUMNS_RA if c in names), None)
    dec_col = next((c for c in _COLUMNS_DEC if c in names), None)
    if "name" not in names or ra_col is None or dec_col is None:
        raise InputError(f"{source}: {_HEADER_HELP}; found {', '.join(names)[:200]}")
    return _Columns({h: i for i, h in enumerate(names)}, ra_col, dec_col)


def _parse_hip(text: str, where: str) -> int | None:
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 120_404:
        raise InputError(f"{where}: column 'hip': {text!r} is not a HIP number")
    return int(text)


def _star_from_row(row: list[str], cols: _Columns, where: str) -> Star:
    """One star from its CSV fields; InputError names the line and the column."""
    name = cols.cell(row, "name")
    if not name:
        raise InputError(f"{where}: column 'name' is empty")

    def optional(column: str, low: float, high: float, default: float | None) -> float | None:
        text = cols.cell(row, column)
        return _parse_float(text, where, column, low, high) if text else default

    return Star(
        name=name,
        hip=_parse_hip(cols.cell(row, "hip"), where),
        ra_j2000_h=_parse_float(cols.cell(row, cols.ra), where, cols.ra, 0.0, 24.0, high_open=True),
        dec_j2000_deg=_parse_float(cols.cell(row, cols.dec), where, cols.dec, -90.0, 90.0),
        pm_ra_mas_yr=optional("pm_ra_mas_yr", -20e3, 20e3, 0.0) or 0.0,
        pm_dec_mas_yr=optional("pm_dec_mas_yr", -20e3, 20e3, 0.0) or 0.0,
        vmag=optional("vmag", -2.0, 15.0, None),
    )


def _parse_rows(text: str, source: str) -> list[Star]:
    """Stars from CSV text (``#`` comment lines allowed); errors name source, line, column."""
    rows = _csv_rows(text, source)
    if not rows:
        raise InputError(f"{source}: no header line and no stars")
    cols = _columns(rows[0][1], source)
    stars: list[Star] = []
    seen: dict[str, int] = {}
    for line_no, row in rows[1:]:
        where = f"{source}, line {line_no}"
        if len(row) != len(cols.index):
            raise InputError(f"{where}: expected {len(cols.index)} fields, found {len(row)}")
        star = _star_from_row(row, cols, where)
        key = name_key(star.name)
        if key in seen:
            raise InputError(f"{where}: star {star.name!r} already given on line {seen[key]}")
        seen[key] = line_no
        stars.append(star)
    if not stars:
        raise InputError(f"{source}: the table lists no stars")
    return stars


def name_key(name: str) -> str:
    """How star names are compared: runs of white space as one space, case folded."""
    return " ".join(name.split()).casefold()


@functools.cache
def _catalogue() -> tuple[Star, ...]:
    text = resources.files("astrolabe_fab").joinpath("data", "stars.csv").read_text("utf-8")
    return tuple(_parse_rows(text, "stars.csv"))


def load_catalogue() -> list[Star]:
    """The bundled bright-star table (cached; a fresh list each call), in table order."""
    return list(_catalogue())


def read_star_file(path: str | Path) -> list[Star]:
    """Stars of a user CSV file (``--stars FILE``): columns as in the bundled table, with
    ``ra_h``/``dec_deg`` accepted for J2000 RA/Dec and pm/vmag/hip optional; InputError names
    the file, line and column of any bad value."""
    return _parse_rows(inputs.read_text(path, "star file"), str(path))


# ---------------------------------------------------------------------------------------------
# looking stars up


def _lookup(name: str, stars: Sequence[Star] | dict[str, Star]) -> Star:
    by_name = stars if isinstance(stars, dict) else {name_key(s.name): s for s in stars}
    key = name_key(name)
    if key in by_name:
        return by_name[key]
    alias = ALIASES.get(key)
    if alias is not None and name_key(alias) in by_name:
        return by_name[name_key(alias)]
    choices = [s.name for s in by_name.values()]
    close = difflib.get_close_matches(name.strip().title(), choices, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else "; see astrolabe_fab/data/stars.csv"
    raise InputError(f"unknown star {name[:100]!r}{hint}")


def find_star(name: str) -> Star:
    """The bundled star of that name (case-insensitive; common other spellings accepted).

    Unknown names raise InputError with "did you mean" suggestions.
    """
    return _lookup(name, _catalogue())


# ---------------------------------------------------------------------------------------------
# precession


def _rot_x(angle_rad: float) -> list[list[float]]:
    """Frame rotation about x by ``angle`` (IERS convention R1)."""
    c, s = math.cos(angle_rad), math.sin(angle_rad)
    return [[1.0, 0.0, 0.0], [0.0, c, s], [0.0, -s, c]]


def _rot_z(angle_rad: float) -> list[list[float]]:
    """Frame rotation about z by ``angle`` (IERS convention R3)."""
    c, s = math.cos(angle_rad), math.sin(angle_rad)
    return [[c, s, 0.0], [-s, c, 0.0], [0.0, 0.0, 1.0]]


def _matmul(a: list[list[float]], b: list[list[float]]) -> list[list[float]]:
    return [[sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)] for i in range(3)]


def bias_precession_matrix(epoch_year: float) -> list[list[float]]:
    """ICRS -> mean equator and equinox of the Julian epoch, IAU 2006 (Fukushima-Williams).

    Angles in arcsec, t in Julian centuries from J2000.0 (Hilton et al. 2006, Table 1;
    IERS Conventions 2010 eq. 5.40):
      gamma = -0.052928 + 10.556378 t + 0.4932044 t^2 - 0.00031238 t^3 - 2.788e-6 t^4 + 2.60e-8 t^5
      phi   = 84381.412819 - 46.811016 t + 0.0511268 t^2 + 0.00053289 t^3 - 4.40e-7 t^4
              - 1.76e-8 t^5
      psi   = -0.041775 + 5038.481484 t + 1.5584175 t^2 - 0.00018522 t^3 - 2.6452e-5 t^4
              - 1.48e-8 t^5
      eps_A = 84381.406 - 46.836769 t - 0.0001831 t^2 + 0.00200340 t^3 - 5.76e-7 t^4 - 4.34e-8 t^5
    and M = R1(-eps_A) R3(-psi) R1(phi) R3(gamma) (IERS Conventions 2010 eq. 5.39).
    """
    t = (epoch_year - J2000_YEAR) / 100.0
    gamma = -0.052928 + t * (
        10.556378 + t * (0.4932044 + t * (-0.00031238 + t * (-2.788e-6 + t * 2.60e-8)))
    )
    phi = 84381.412819 + t * (
        -46.811016 + t * (0.0511268 + t * (0.00053289 + t * (-4.40e-7 + t * -1.76e-8)))
    )
    psi = -0.041775 + t * (
        5038.481484 + t * (1.5584175 + t * (-0.00018522 + t * (-2.6452e-5 + t * -1.48e-8)))
    )
    eps = 84381.406 + t * (
        -46.836769 + t * (-0.0001831 + t * (0.00200340 + t * (-5.76e-7 + t * -4.34e-8)))
    )
    m = _rot_z(gamma * ARCSEC_TO_RAD)
    m = _matmul(_rot_x(phi * ARCSEC_TO_RAD), m)
    m = _matmul(_rot_z(-psi * ARCSEC_TO_RAD), m)
    return _matmul(_rot_x(-eps * ARCSEC_TO_RAD), m)


@functools.lru_cache(maxsize=256)
def _precession_of(epoch_year: float) -> tuple[tuple[float, ...], ...]:
    """``bias_precession_matrix``, cached (rows of a tuple): a rete and a simulated session ask
    for one epoch for every star. (A function of its own: mutmut leaves decorated ones alone.)"""
    return tuple(tuple(row) for row in bias_precession_matrix(epoch_year))


def _check_epoch(epoch_year: float) -> None:
    low, high = EPOCH_RANGE_YEARS
    if not (math.isfinite(epoch_year) and low <= epoch_year <= high):
        raise InputError(f"epoch {epoch_year} is outside the supported range {low:g}..{high:g}")


def j2000_vector_at_epoch(star: Star, epoch_year: float) -> tuple[float, float, float]:
    """ICRS unit vector of the star at the epoch, moved by its proper motion.

    p(t) = p0 + dt (mu_a* e_a + mu_d e_d), normalised; e_a = (-sin a, cos a, 0),
    e_d = (-sin d cos a, -sin d sin a, cos d) (ESA 1997, Hipparcos vol. 1, sect. 1.2.8, with
    parallax and radial velocity neglected).
    """
    ra = math.radians(star.ra_j2000_h * 15.0)
    dec = math.radians(star.dec_j2000_deg)
    dt = epoch_year - J2000_YEAR
    ca, sa, cd, sd = math.cos(ra), math.sin(ra), math.cos(dec), math.sin(dec)
    mua = star.pm_ra_mas_yr * MAS_TO_RAD * dt
    mud = star.pm_dec_mas_yr * MAS_TO_RAD * dt
    x = cd * ca - mua * sa - mud * sd * ca
    y = cd * sa + mua * ca - mud * sd * sa
    z = sd + mud * cd
    norm = math.sqrt(x * x + y * y + z * z)
    return x / norm, y / norm, z / norm


def star_ra_dec(star: Star, epoch_year: float) -> tuple[float, float]:
    """Mean right ascension (h, [0, 24)) and declination (deg) of the equator and equinox of
    the Julian epoch, proper motion included (IAU 2006 precession with frame bias; see the
    module docstring; no nutation, aberration or parallax)."""
    _check_epoch(epoch_year)
    v = j2000_vector_at_epoch(star, epoch_year)
    m = _precession_of(epoch_year)
    x, y, z = (sum(m[i][k] * v[k] for k in range(3)) for i in range(3))
    ra_h = (math.degrees(math.atan2(y, x)) / 15.0) % 24.0
    dec_deg = math.degrees(math.atan2(z, math.hypot(x, y)))
    return ra_h, dec_deg


# ---------------------------------------------------------------------------------------------
# choosing the stars of an instrument


DEFAULT_MAX_MAG = 2.5
"""Default magnitude limit of the rete's candidate stars (76 of the bundled table; the rete
keeps those in its sky whose pointers and names fit)."""


def select_stars(
    *,
    max_mag: float | None = None,
    names: Sequence[str] | None = None,
    star_file: str | Path | None = None,
) -> list[Star]:
    """The stars a user asked for, brightest first (ties by name), without duplicates.

    - ``star_file``: a user CSV (``--stars FILE``) replaces the bundled table;
    - ``names``: only these stars (looked up case-insensitively in that table; unknown
      names raise InputError with suggestions);
    - ``max_mag``: only stars at least this bright (stars of a user file without a
      magnitude are kept).
    """
    if max_mag is not None and not (math.isfinite(max_mag) and -2.0 <= max_mag <= 15.0):
        raise InputError(f"--max-mag {max_mag} is outside [-2, 15]")
    table = read_star_file(star_file) if star_file is not None else list(_catalogue())
    if names is not None:
        cleaned = [n for n in names if n.strip()]
        if not cleaned:
            raise InputError("the list of star names is empty")
        chosen: list[Star] = []
        by_name = {name_key(s.name): s for s in table}
        for name in cleaned:
            star = _lookup(name, by_name)
            if star not in chosen:
                chosen.append(star)
        table = chosen
    if max_mag is not None:
        table = [s for s in table if s.vmag is None or s.vmag <= max_mag]
    if not table:
        raise InputError(f"no star is brighter than magnitude {max_mag}; raise --max-mag")
    return sorted(table, key=lambda s: (s.vmag if s.vmag is not None else 99.0, s.name))
