"""The rete's options, its drawing (everything drawn, by kind) and its choice of stars."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import shapely

from ..astro.stars import DEFAULT_MAX_MAG, Star, select_stars
from ..design import Design
from ..errors import InputError
from ..geometry.primitives import FilledPolygon, Point, Shape
from ..geometry.projection import Frame
from ..history.star_names import display_names
from ..scene import Weight
from ..text import TextBox
from .rete_band_stars import BandStar
from .rete_canon import DisplayNames, StarChoice, choose_stars, display_name
from .rete_cutout import (
    MarkedStar,
)
from .rete_ecliptic import EclipticRing
from .rete_frame import ReteGeometry
from .rete_placement import Pointer
from .rete_solid import ContourStats
from .rete_stars import StarPlace

ReteStyle = Literal["cutout", "transparent"]
ReteDesign = Literal["classic", "modern"]
RETE_STYLES: tuple[str, ...] = ("cutout", "transparent")
RETE_DESIGNS: tuple[str, ...] = ("classic", "modern")
DEFAULT_MIN_WEB_MM = 1.5
DEFAULT_RETE_MAX_MAG = DEFAULT_MAX_MAG
#: Star names on the rete, in label cap heights.
NAME_SCALE = 0.7


@dataclass(frozen=True)
class ReteOptions:
    """The rete's own choices (read from the Design when it has them)."""

    style: ReteStyle = "cutout"
    design: ReteDesign = "modern"
    min_web_mm: float = DEFAULT_MIN_WEB_MM
    max_mag: float | None = None
    star_names: tuple[str, ...] | None = None
    stars_file: str | None = None
    mirror_engrave: bool = False
    min_text_height_mm: float = 1.2
    display_names: DisplayNames | None = None

    def validate(self) -> ReteOptions:
        if self.style not in RETE_STYLES:
            raise InputError(f"rete style {self.style!r} is unknown: choose cutout or transparent")
        if self.design not in RETE_DESIGNS:
            raise InputError(f"rete design {self.design!r} is unknown: choose classic or modern")
        if not (math.isfinite(self.min_web_mm) and 0.3 <= self.min_web_mm <= 10.0):
            raise InputError(
                f"min web {self.min_web_mm:g} mm is out of range: allowed 0.3 to 10 mm"
            )
        return self

    def name_of(self, star_name: str) -> str:
        return display_name(star_name, self.display_names)


def rete_options(design: Design) -> ReteOptions:
    """Options from the Design's rete fields; the rete design follows the instrument's style
    unless ``rete_design`` is given."""
    chosen = design.rete_design or ("classic" if design.style == "classic" else "modern")
    return ReteOptions(
        style=design.rete_style,  # type: ignore[arg-type]
        design=chosen,  # type: ignore[arg-type]
        min_web_mm=design.min_web_mm,
        max_mag=design.max_mag,
        star_names=tuple(design.star_names) if design.star_names else None,
        stars_file=design.stars_file,
        mirror_engrave=design.mirror_engrave,
        min_text_height_mm=design.min_text_height_mm,
        display_names=display_names(design.star_name_style),
    ).validate()


@dataclass
class ReteDrawing:
    """Everything drawn on the rete, by kind, for the part and for tests."""

    style: ReteStyle
    design: ReteDesign
    geometry: ReteGeometry
    choice: StarChoice
    stars: list[StarPlace] = field(default_factory=list)
    pointers: list[Pointer] = field(default_factory=list)
    band_stars: list[BandStar] = field(default_factory=list)
    marked: list[MarkedStar] = field(default_factory=list)
    star_labels: list[TextBox] = field(default_factory=list)
    solid: shapely.Geometry | None = None
    skeleton: list[Point] = field(default_factory=list)
    cut_outer: list[Shape] = field(default_factory=list)
    cut_inner: list[Shape] = field(default_factory=list)
    score: list[tuple[Shape, Weight]] = field(default_factory=list)
    engrave: list[FilledPolygon] = field(default_factory=list)
    contour_stats: ContourStats = field(default_factory=ContourStats)
    left_out: list[str] = field(default_factory=list)
    unnamed: list[str] = field(default_factory=list)
    reach_mm: tuple[float, float] = (0.0, 0.0)
    #: each named star's engraved name (cut-out retes)
    name_boxes: dict[str, TextBox] = field(default_factory=dict)
    #: how far a name may lie from its star's pointer or mark (``rete_star_names``), mm
    name_reach_mm: float = 0.0

    @property
    def frame(self) -> Frame:
        return self.geometry.frame

    @property
    def ecliptic(self) -> EclipticRing:
        return self.geometry.ecliptic

    @property
    def pivot_radius_mm(self) -> float:
        return self.geometry.pivot_radius_mm


def candidate_stars(options: ReteOptions) -> StarChoice:
    """The stars to place (``rete_canon.choose_stars``): the canon plus, with --max-mag, the
    catalogue down to that magnitude; --stars replaces the choice."""
    explicit = options.star_names is not None or options.stars_file is not None
    chosen: list[Star] = []
    if explicit or options.max_mag is not None:
        chosen = select_stars(
            max_mag=options.max_mag, names=options.star_names, star_file=options.stars_file
        )
    return choose_stars(chosen, explicit, options.max_mag)
