"""The Design: every parameter of an instrument, with its unit in its name, and its validation.

A Design is plain data. ``validate`` checks every field and raises InputError with a one-line
message naming the field and the allowed range; nothing else in the package re-checks input.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

from .astro.calendars import CalendarSystem, default_calendar_system
from .errors import InputError
from .hardware import pivot_clearance_mm

TWILIGHT_DEPRESSION_DEG: dict[str, float] = {"civil": 6.0, "nautical": 12.0, "astronomical": 18.0}
ALMUCANTAR_STEPS_DEG = (1.0, 2.0, 5.0, 10.0)
OUTPUT_FORMATS = ("svg", "dxf", "pdf", "png")
AZIMUTH_STEPS_DEG = (5.0, 10.0, 15.0)
RETE_STYLES = ("cutout", "transparent")
#: Designs of the cut-out rete (issue 14); a design without one follows its ``style``.
RETE_DESIGNS = ("classic", "modern")
#: Divisions of the rete's degree scale: every degree, or by two as in the Treatise (I §21)
RETE_DEGREE_STEPS_DEG = (1, 2)
MAX_PLATES = 24


@dataclass(frozen=True)
class Range:
    """The allowed closed interval of a number field, and how messages name it and its unit.

    The one place a range is written: ``Design.validate`` checks it, and the design schema
    (``schema.py``) parses command-line and web strings against it and shows it in the help.
    """

    what: str
    lo: float
    hi: float
    unit: str

    def check(self, value: float, what: str | None = None) -> None:
        """InputError naming the field (or ``what``) and this range unless lo <= value <= hi."""
        _check_range(what or self.what, value, self.lo, self.hi, self.unit)


#: Allowed range of every number field, by field name. The pivot hole's upper bound is a fifth
#: of the diameter (checked in ``validate``); sheet_mm's range holds for width and height.
RANGES: dict[str, Range] = {
    "latitude_deg": Range("latitude", -90.0, 90.0, "degrees"),
    "plates_deg": Range("plate latitude", -90.0, 90.0, "degrees"),
    "longitude_deg": Range("longitude", -180.0, 180.0, "degrees"),
    "diameter_mm": Range("diameter", 60.0, 1000.0, "mm"),
    "epoch": Range("epoch", 1000.0, 3000.0, "years"),
    "text_height_mm": Range("text height", 0.8, 20.0, "mm"),
    "min_web_mm": Range("min web", 0.3, 10.0, "mm"),
    "max_mag": Range("max mag", -2.0, 15.0, "magnitudes"),
    "kerf_mm": Range("kerf", 0.0, 1.0, "mm"),
    "sheet_margin_mm": Range("sheet margin", 0.0, 50.0, "mm"),
    "sheet_mm": Range("sheet", 50.0, 5000.0, "mm"),
    "min_text_height_mm": Range("min text height", 0.5, 10.0, "mm"),
    "min_tick_spacing_mm": Range("min tick spacing", 0.1, 5.0, "mm"),
    "stock_thickness_mm": Range("stock thickness", 0.2, 20.0, "mm"),
}
PIVOT_MIN_DIAMETER_MM = 1.0


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
    #: further plates for the same instrument (latitudes, degrees), e.g. (30, 35, 45)
    plates_deg: tuple[float, ...] = ()
    #: where the instrument is used (from --place or given); recorded for the reduction
    longitude_deg: float | None = None
    place: str | None = None
    #: output formats of a build
    formats: tuple[str, ...] = ("svg", "dxf", "pdf")
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
    # fabrication outputs (issue 5)
    palette: str = "lightburn"
    paper: str = "a4"
    kerf_mm: float = 0.0
    sheet_mm: tuple[float, float] | None = None
    sheet_margin_mm: float = 5.0
    # rete (issue 3)
    rete_style: str = "cutout"
    #: classic | modern; None: the rete follows ``style`` (issue 14)
    rete_design: str | None = None
    #: the month scale on the rete's ecliptic band (the Treatise's rete has none, I §21)
    rete_calendar: bool = True
    #: the rete's degree scale every 1 or every 2 degrees (the Treatise's, I §21)
    rete_degree_step_deg: int = 1
    min_web_mm: float = 1.5
    max_mag: float | None = None
    star_names: tuple[str, ...] | None = None
    stars_file: str | None = None
    mirror_engrave: bool = False
    # mater, back and pointers (issue 4)
    style: str = "modern"
    calendar: str | None = None
    fused: bool = False
    pivot_screw: str | None = None
    shadow_square_divisions: int = 12
    unequal_hours_diagram: bool | None = None
    cotangent_scale: bool = False
    maker: str | None = None
    min_text_height_mm: float = 1.2
    min_tick_spacing_mm: float = 0.6
    # the dragon (issue 16): lunar-node pointer over the back and node-year scale on the back
    dragon: bool | None = None
    # historical choices (issue 15: the instrument of Chaucer's Treatise, for any place and year)
    #: julian or gregorian; None: by the epoch (Julian before 1583, astro.calendars)
    calendar_system: str | None = None
    #: limb hours: arabic 0-23, roman 2 x XII or the Treatise's letters; None: by style
    hour_labels: str | None = None
    #: names engraved for the stars: modern (IAU) or medieval (history.star_names)
    star_name_style: str = "modern"
    #: the Treatise's circle of the A.B.C. (Sunday letters) and its feasts on the calendar ring
    dominical_letters: bool = False
    festivals: bool = False
    #: Latin names of the lines: Oriens, Occidens, Meridies, Crepusculum
    latin_labels: bool = False
    #: quadrants of the back's altitude scale: the upper two, or all four (the Treatise)
    altitude_quadrants: int = 2
    #: the throne's outline: plain lobe or gothic (cusped, with turet and ring); None: by style
    throne: str | None = None
    # the kit (issue 17): stacked mater, sheet thickness, two-sided plates, registration pin
    stacked: bool = False
    stock_thickness_mm: float = 3.0
    two_sided_plates: bool = False
    registration_pin: bool | None = None

    def __post_init__(self) -> None:
        """A named pivot screw (issue 4) sets the pivot hole to its clearance diameter."""
        if self.pivot_screw is not None:
            object.__setattr__(self, "pivot_diameter_mm", pivot_clearance_mm(self.pivot_screw))

    # ------------------------------------------------------------------ derived values

    @property
    def hemisphere(self) -> Literal["north", "south"]:
        return "north" if self.latitude_deg >= 0.0 else "south"

    @property
    def has_dragon(self) -> bool:
        """The dragon part and the node-year scale: as asked, else with the modern style."""
        return self.style == "modern" if self.dragon is None else self.dragon

    @property
    def has_pin(self) -> bool:
        """A registration pin in the mater: as asked, else only on a flat (not stacked, not
        fused) mater, where nothing else keeps the plates from turning."""
        if self.fused:
            return False
        return (not self.stacked) if self.registration_pin is None else self.registration_pin

    @property
    def label_height_mm(self) -> float:
        """Cap height of labels: given, or 1.1 % of the diameter, at least 1.6 mm."""
        if self.text_height_mm is not None:
            return self.text_height_mm
        return max(1.6, round(0.011 * self.diameter_mm, 2))

    @property
    def plate_latitudes_deg(self) -> tuple[float, ...]:
        """The main plate's latitude first, then the further plates (duplicates dropped)."""
        out: list[float] = []
        for lat in (self.latitude_deg, *self.plates_deg):
            if latitude_tag(lat) not in {latitude_tag(x) for x in out}:
                out.append(lat)
        return tuple(out)

    @property
    def calendar_system_in_use(self) -> CalendarSystem:
        """julian or gregorian: as given, else by the epoch (Julian before 1583)."""
        if self.calendar_system is None:
            return default_calendar_system(self.epoch)
        return "julian" if self.calendar_system == "julian" else "gregorian"

    @property
    def hour_labels_in_use(self) -> str:
        """As given, else roman for the classic style and arabic for the modern one."""
        return self.hour_labels or ("roman" if self.style == "classic" else "arabic")

    @property
    def throne_in_use(self) -> str:
        """As given, else gothic for the classic style and plain for the modern one."""
        return self.throne or ("gothic" if self.style == "classic" else "plain")

    @property
    def instrument_name(self) -> str:
        return self.name or f"astrolabe-{latitude_tag(self.latitude_deg)}"

    def replace(self, **changes: Any) -> Design:
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """Every resolved parameter (for the manifest and the written design file)."""
        out = dataclasses.asdict(self)
        out["twilight"] = list(self.twilight)
        out["plates_deg"] = list(self.plates_deg)
        out["formats"] = list(self.formats)
        out["text_height_mm"] = self.label_height_mm
        out["name"] = self.instrument_name
        out["calendar_system"] = self.calendar_system_in_use
        out["hour_labels"] = self.hour_labels_in_use
        out["throne"] = self.throne_in_use
        return out

    # ------------------------------------------------------------------ validation

    def validate(self) -> Design:
        """Check every field; raise InputError naming the field and its allowed range.

        Returns the design with repeated list entries removed (plates, formats, twilight lines,
        star names: each counts once, first occurrence first), so a list of a million times
        the same twilight line costs what one does.
        """
        design = self.without_repeats()
        design._check_places()
        design._check_outputs_and_plate()
        _check_text_fields(design)
        if design.text_height_mm is not None:
            RANGES["text_height_mm"].check(design.text_height_mm)
        _check_range(
            "pivot diameter",
            design.pivot_diameter_mm,
            PIVOT_MIN_DIAMETER_MM,
            0.2 * design.diameter_mm,
            "mm",
        )
        _check_rete(design)
        _check_fabrication(design)
        _check_mater(design)
        return design

    def without_repeats(self) -> Design:
        """The design with each list's repeated entries dropped (first occurrence kept)."""
        plates: dict[str, float] = {}
        for lat in self.plates_deg:
            RANGES["plates_deg"].check(lat)
            plates.setdefault(latitude_tag(lat), lat)
        names = None
        if self.star_names is not None:
            keys: dict[str, str] = {}
            for star in self.star_names:
                keys.setdefault(" ".join(str(star).split()).casefold(), star)
            names = tuple(keys.values())
        return dataclasses.replace(
            self,
            plates_deg=tuple(plates.values()),
            formats=tuple(dict.fromkeys(self.formats)),
            twilight=tuple(dict.fromkeys(self.twilight)),
            star_names=names,
        )

    def _check_places(self) -> None:
        RANGES["latitude_deg"].check(self.latitude_deg)
        if len(self.plates_deg) > MAX_PLATES:
            raise InputError(f"{len(self.plates_deg)} plates is too many: at most {MAX_PLATES}")
        for plate_lat in self.plates_deg:
            if (plate_lat >= 0.0) != (self.latitude_deg >= 0.0):
                raise InputError(
                    f"plate latitude {plate_lat:g} is in the other hemisphere: all plates of one "
                    f"instrument must be {'north' if self.latitude_deg >= 0 else 'south'} "
                    "(0 to 90 or -90 to 0 degrees)"
                )
        if self.longitude_deg is not None:
            RANGES["longitude_deg"].check(self.longitude_deg)

    def _check_outputs_and_plate(self) -> None:
        for fmt in self.formats:
            if fmt not in OUTPUT_FORMATS:
                raise InputError(
                    f"unknown output format {fmt!r}: choose from {', '.join(OUTPUT_FORMATS)}"
                )
        if not self.formats:
            raise InputError(f"no output format given: choose from {', '.join(OUTPUT_FORMATS)}")
        RANGES["diameter_mm"].check(self.diameter_mm)
        RANGES["epoch"].check(self.epoch)
        _check_choice("almucantar step", self.almucantar_step_deg, ALMUCANTAR_STEPS_DEG)
        _check_choice("azimuth step", self.azimuth_step_deg, AZIMUTH_STEPS_DEG)
        for name in self.twilight:
            if name not in TWILIGHT_DEPRESSION_DEG:
                allowed = ", ".join(TWILIGHT_DEPRESSION_DEG)
                raise InputError(f"unknown twilight line {name!r}: allowed are {allowed}")


MAX_STAR_NAMES = 500


def _check_rete(design: Design) -> None:
    if design.rete_style not in RETE_STYLES:
        raise InputError(
            f"rete style {design.rete_style!r} is unknown: choose {one_of(RETE_STYLES)}"
        )
    if design.rete_design is not None and design.rete_design not in RETE_DESIGNS:
        raise InputError(
            f"rete design {design.rete_design!r} is unknown: choose {one_of(RETE_DESIGNS)}"
        )
    if design.rete_degree_step_deg not in RETE_DEGREE_STEPS_DEG:
        raise InputError(
            f"rete degree step {design.rete_degree_step_deg!r} is not allowed: "
            f"choose {one_of(RETE_DEGREE_STEPS_DEG)} degrees"
        )
    RANGES["min_web_mm"].check(design.min_web_mm)
    if design.max_mag is not None:
        RANGES["max_mag"].check(design.max_mag)
    if design.star_names is not None:
        if not any(name.strip() for name in design.star_names):
            raise InputError(
                "the list of star names is empty: give names (e.g. --stars Sirius,Vega), "
                "a CSV file, or leave --stars out for the default stars"
            )
        if len(design.star_names) > MAX_STAR_NAMES:
            raise InputError(
                f"{len(design.star_names)} star names is too many: at most {MAX_STAR_NAMES}"
            )


#: Unicode categories refused in text fields: control characters (newline, tab, NUL, ...),
#: lone surrogates (bytes that were not UTF-8 on the command line) and line/paragraph breaks.
_NOT_TEXT = frozenset({"Cc", "Cs", "Zl", "Zp"})

#: Text fields, their longest allowed length (characters) and what they are called.
TEXT_FIELDS: tuple[tuple[str, int, str], ...] = (
    ("maker", 80, "maker's line"),
    ("place", 200, "place"),
    ("stars_file", 1000, "star file name"),
)


def _check_text(what: str, text: str, longest: int) -> None:
    """One line of text: no control characters or line breaks, at most ``longest`` long."""
    if len(text) > longest:
        raise InputError(f"{what} is too long: at most {longest} characters")
    for i, ch in enumerate(text):
        if unicodedata.category(ch) in _NOT_TEXT:
            raise InputError(
                f"{what} holds the control character U+{ord(ch):04X} at position {i + 1}: "
                "use one line of printable text"
            )


def _check_text_fields(design: Design) -> None:
    for field_name, longest, what in TEXT_FIELDS:
        value = getattr(design, field_name)
        if value is not None:
            _check_text(what, value, longest)
    for star in design.star_names or ():
        _check_text("star name", star, 100)
    if design.name is not None and not _is_safe_name(design.name):
        raise InputError(
            f"name {design.name!r} is not usable as a folder name: use letters, digits, '.', "
            "'-' or '_' (1 to 80 characters)"
        )


PALETTE_NAMES = ("lightburn", "glowforge", "xtool", "epilog", "ponoko", "mono")
PAPER_NAMES = ("a4", "letter", "a3", "tabloid")


def _check_fabrication(design: Design) -> None:
    """Palette, paper, kerf and sheet (issue 5)."""
    if design.palette not in PALETTE_NAMES:
        raise InputError(
            f"unknown palette {design.palette!r}: choose one of {', '.join(PALETTE_NAMES)}"
        )
    if design.paper not in PAPER_NAMES:
        raise InputError(f"unknown paper {design.paper!r}: choose one of {', '.join(PAPER_NAMES)}")
    RANGES["kerf_mm"].check(design.kerf_mm)
    RANGES["stock_thickness_mm"].check(design.stock_thickness_mm)
    if design.stacked and design.fused:
        raise InputError(
            "stacked and fused exclude each other: a fused mater carries its plate, a stacked "
            "one holds plates in the recess of its ring (choose one)"
        )
    RANGES["sheet_margin_mm"].check(design.sheet_margin_mm)
    if design.sheet_mm is not None:
        for what, v in zip(("sheet width", "sheet height"), design.sheet_mm, strict=True):
            RANGES["sheet_mm"].check(v, what)
        # the mater is the largest part (the nesting checks every part once they are drawn)
        w, h = design.sheet_mm
        if min(w, h) - 2.0 * design.sheet_margin_mm < design.diameter_mm:
            raise InputError(
                f"a {w:g} x {h:g} mm sheet with a {design.sheet_margin_mm:g} mm margin cannot "
                f"hold the mater ({design.diameter_mm:g} mm across): use a larger --sheet "
                "(width and height 50 to 5000 mm) or a smaller --sheet-margin"
            )


MATER_STYLES = ("modern", "classic")
CALENDAR_SYSTEMS = ("julian", "gregorian")
HOUR_LABELS = ("arabic", "roman", "letters")
STAR_NAME_STYLES = ("modern", "medieval")
THRONE_STYLES = ("plain", "gothic")
ALTITUDE_QUADRANTS = (2, 4)
CALENDAR_KINDS = ("concentric", "eccentric")
SHADOW_SQUARE_DIVISIONS = (12, 7, 10)


def _check_mater(design: Design) -> None:
    """Style, calendar, shadow square, text and tick minima of the mater (issue 4)."""
    if design.style not in MATER_STYLES:
        raise InputError(f"unknown style {design.style!r}: choose {one_of(MATER_STYLES)}")
    if design.calendar is not None and design.calendar not in CALENDAR_KINDS:
        raise InputError(f"unknown calendar {design.calendar!r}: choose {one_of(CALENDAR_KINDS)}")
    if design.shadow_square_divisions not in SHADOW_SQUARE_DIVISIONS:
        raise InputError(
            f"shadow square {design.shadow_square_divisions!r} is not allowed: "
            f"choose {one_of(SHADOW_SQUARE_DIVISIONS)} divisions"
        )
    RANGES["min_text_height_mm"].check(design.min_text_height_mm)
    RANGES["min_tick_spacing_mm"].check(design.min_tick_spacing_mm)
    _check_period(design)


def _check_period(design: Design) -> None:
    """The historical choices (issue 15)."""
    for what, value, allowed in (
        ("calendar system", design.calendar_system, CALENDAR_SYSTEMS),
        ("hour labels", design.hour_labels, HOUR_LABELS),
        ("throne", design.throne, THRONE_STYLES),
    ):
        if value is not None and value not in allowed:
            raise InputError(f"unknown {what} {value!r}: choose {one_of(allowed)}")
    if design.star_name_style not in STAR_NAME_STYLES:
        raise InputError(
            f"unknown star names {design.star_name_style!r}: choose {one_of(STAR_NAME_STYLES)}"
        )
    if design.altitude_quadrants not in ALTITUDE_QUADRANTS:
        raise InputError(
            f"altitude quadrants {design.altitude_quadrants!r} is not allowed: "
            f"choose {one_of(ALTITUDE_QUADRANTS)}"
        )
    if design.altitude_quadrants == 4 and design.cotangent_scale:
        raise InputError(
            "the cotangent scale takes the lower quadrants of the back: use it with "
            "altitude quadrants 2, or leave it off"
        )


def latitude_tag(latitude_deg: float) -> str:
    """'38.90N', '33.87S', '0.00N' (SPEC §2 part and folder names)."""
    hemi = "N" if latitude_deg >= 0.0 else "S"
    return f"{abs(latitude_deg):.2f}{hemi}"


def one_of(choices: tuple[Any, ...]) -> str:
    """'1, 2, 5 or 10' (numbers with :g)."""
    words = [f"{c:g}" if isinstance(c, float) else str(c) for c in choices]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _is_safe_name(name: str) -> bool:
    return 0 < len(name) <= 80 and all(c.isalnum() or c in "._-" for c in name) and name[0] != "."


def _check_range(what: str, value: float, lo: float, hi: float, unit: str) -> None:
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise InputError(f"{what} must be a number from {lo:g} to {hi:g} {unit}, got {value!r}")
    if not lo <= value <= hi:
        raise InputError(
            f"{what} {value:g} {unit} is out of range: allowed {lo:g} to {hi:g} {unit}"
        )


def _check_choice(what: str, value: float, allowed: tuple[float, ...]) -> None:
    if value not in allowed:
        choices = ", ".join(f"{a:g}" for a in allowed)
        raise InputError(f"{what} {value:g} is not allowed: choose one of {choices} degrees")
