"""The user's guide of an instrument: its parts, taking an altitude, and worked examples with
the numbers to read off this instrument's scales (``examples``), for its latitude and epoch.

The dates are in the epoch's year: 10 May in the north, 10 November in the south (a day the Sun
stands well up and the equation of time is not zero); the star is the brightest of the rete that
rises and sets at this latitude, on the first day of the month nearest the example's when it
rises in the evening.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..astro.stars import find_star
from ..design import Design
from ..errors import InputError
from ..history.hour_letters import letter_of_hour
from ..parts.registration import pin_length_mm
from ..scene import Part
from .examples import (
    READING_AZIMUTH_DEG,
    READING_TIME_MIN,
    Clock,
    ShadowExample,
    StarExample,
    SunAltitudeExample,
    SunOnDate,
    hm,
    hour_angle_deg,
    rise_set_example,
    rising_azimuth_deg,
    shadow_example,
    star_rise_clock,
    sun_altitude_example,
    sun_on,
)
from .model import Guide, Section

ROMAN = ("XII", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI")


@dataclass(frozen=True)
class Words:
    """How this instrument says things: its hemisphere's sides and its limb's hours."""

    design: Design

    @property
    def north(self) -> bool:
        return self.design.latitude_deg >= 0.0

    @property
    def east_side(self) -> str:
        return "the left-hand (eastern) side" if self.north else "the right-hand (eastern) side"

    @property
    def west_side(self) -> str:
        return "the right-hand (western) side" if self.north else "the left-hand (western) side"

    @property
    def eot_curve(self) -> bool:
        """Whether the back draws the equation-of-time curve (modern style, ``back_eot``)."""
        return self.design.style != "classic"

    @property
    def tick_min(self) -> int:
        """Minutes between the limb's finest hour ticks (``parts.mater._hour_steps_h``)."""
        return 4 if self.design.style == "classic" else 5

    def limb(self, hours: float) -> str:
        """What the rule shows on the limb's hour scale, in the limb's own numerals."""
        minutes = round(hours * 60.0) % 1440
        h, m = divmod(minutes, 60)
        ticks = f"ticks every {self.tick_min} minutes"
        numerals = self.design.hour_labels_in_use
        if numerals == "letters":
            mark = "the cross (+, noon)" if h == 12 else f"the letter {letter_of_hour(h)}"
            return f"{m} minutes past {mark}, that is {h}:{m:02d} ({ticks})"
        if numerals == "roman":
            part = "in the morning" if h < 12 else "after noon"
            return f"{m} minutes past {ROMAN[h % 12]} {part} ({ticks})"
        step = self.tick_min
        lo = (m // step) * step
        hi_h, hi_m = h + (lo + step) // 60, (lo + step) % 60
        between = f"between the {h}:{lo:02d} and {hi_h}:{hi_m:02d} ticks"
        return f"{h}:{m:02d} ({between})" if m % step else f"{h}:{m:02d} (on its tick)"

    def limb_short(self, hours: float) -> str:
        """The reading in a table: '8:19', or with letters 'V + 19 min (8:19)'."""
        minutes = round(hours * 60.0) % 1440
        h, m = divmod(minutes, 60)
        if self.design.hour_labels_in_use == "letters":
            return f"{letter_of_hour(h)} + {m} min ({h}:{m:02d})"
        return f"{h}:{m:02d}"

    def date(self, d: dt.date) -> str:
        return f"{d.day} {d.strftime('%B')} {d.year}"


def _duration(hours: float) -> str:
    """'10 h 05 min'."""
    minutes = round(hours * 60.0)
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _minutes(e: float) -> str:
    """'+4 min', '-8 min' (E read to the minute)."""
    m = round(e)
    return f"{'+' if m >= 0 else '−'}{abs(m)} min"


def _clock_steps(clock: Clock, words: Words) -> list[str]:
    """From the limb's apparent time to the clock: E, local mean time, UTC."""
    e = round(clock.eot_min)
    where = (
        "from a table: this back has no curve for it"
        if not words.eot_curve
        else "on the back, where the alidade laid on the date crosses the curve"
    )
    steps = [
        f"The equation of time for the date ({where}) is {_minutes(clock.eot_min)}: the "
        f"sundial is {'ahead of' if e >= 0 else 'behind'} the clock, so "
        f"{'take' if e >= 0 else 'add'} {abs(e)} min: {hm(clock.apparent_h)} "
        f"{'−' if e >= 0 else '+'} {abs(e)} min = {hm(clock.mean_h)} local mean time."
    ]
    shift = clock.longitude_shift_min
    if clock.utc_h is not None and clock.longitude_deg is not None and shift is not None:
        lon = clock.longitude_deg
        when = {-1: " the day before", 0: "", 1: " the day after"}[clock.utc_day_offset]
        steps.append(
            f"Your longitude is {abs(lon):.2f}° {'W' if lon < 0 else 'E'}: "
            f"{'add' if shift >= 0 else 'subtract'} {_duration(abs(shift) / 60.0)} (4 minutes "
            f"for each degree) for Greenwich time: {hm(clock.utc_h)} UTC{when}. Your clock "
            "shows UTC plus your zone's offset (and summer time)."
        )
    return steps


def _parts_section(design: Design, parts: Sequence[Part], words: Words) -> Section:
    names = {p.name for p in parts}
    limb = {
        "roman": "twice twelve hours in Roman numerals, XII at noon at the top and at midnight "
        "at the bottom",
        "arabic": "24 hours, noon (12) at the top and midnight (0) at the bottom",
        "letters": "24 hours, one letter an hour as in Chaucer's Treatise: a cross (+) at noon "
        "at the top, A at 1 in the afternoon, on to M at midnight at the bottom and Z at 11 "
        "in the morning",
    }[design.hour_labels_in_use] + f", ticks every {words.tick_min} minutes"
    paras = [
        f"The mater is the body. Its front rim, the limb, carries the hour scale ({limb}) and "
        "a degree scale. Its back carries the altitude scale on the upper rim (0 on the "
        "horizontal line, 90 at the top), the zodiac ring, the calendar ring"
        + (
            " (with the Treatise's circle of the A.B.C., the Sunday letters, and feasts)"
            if design.dominical_letters or design.festivals
            else ""
        )
        + (", the equation-of-time curve" if words.eot_curve else "")
        + " and the shadow square.",
        f"The plate, for latitude {abs(design.latitude_deg):.2f}° {'N' if words.north else 'S'}, "
        "is the sky as seen from there: the horizon (heavy), the almucantars (circles of equal "
        f"altitude every {design.almucantar_step_deg:g}°, numbered every 10°), the azimuth lines "
        f"(every {design.azimuth_step_deg:g}°, numbered just above the horizon, 0 north, 90 "
        "east) and, below the horizon, the twilight line and the twelve unequal night hours "
        "(small numbers near the rim)"
        + (" and the houses (Roman numerals)" if design.houses else "")
        + ".",
        "The rete turns over the plate: its pointers are bright stars (each named), its "
        "eccentric ring is the ecliptic, the Sun's yearly path, marked with the twelve signs. "
        "The rule turns over the front and reads the limb; the alidade, with its two sights, "
        "turns on the back and reads the altitude scale.",
    ]
    if "dragon" in names:
        paras.append(
            "The dragon turns on the back over the alidade: it points to the Moon's nodes, "
            "where eclipses happen; its own page of instructions tells how to use it."
        )
    if "mater-ring" in names:
        paras.append(
            "The limb is a ring glued on the base disc: the plates lie in its opening, their "
            "notch on its tab, so they cannot turn."
        )
    elif design.has_pin:
        paras.append(
            f"A pin ({pin_length_mm(design):g} mm long) at the top of the mater holds the "
            "plates by their notch, so they cannot turn."
        )
    return Section("What each part is", tuple(paras))


def _altitude_section() -> Section:
    return Section(
        "Taking an altitude",
        steps=(
            "Hang the instrument from its ring on your thumb, the back towards you, so that it "
            "hangs plumb, and turn yourself until the Sun or the star is to your side, in the "
            "plane of the instrument.",
            "For the Sun (never look at it): turn the alidade until the spot of light through "
            "the upper sight's small hole falls on the lower sight's hole.",
            "For a star: sight it through the large holes of both sights.",
            "Read the altitude where the alidade's upper end crosses the altitude scale.",
        ),
    )


def _sun_place_section(sun: SunOnDate, words: Words) -> Section:
    deg, sign = sun.sign
    return Section(
        "Finding the Sun's place on a date",
        paragraphs=(
            f"Lay the alidade on the date on the calendar ring of the back: on "
            f"{words.date(sun.date)} it crosses the zodiac ring at {deg}° of {sign}. On the "
            f"front, the point {deg}° of {sign} of the rete's ecliptic ring is where the Sun "
            "is that day.",
        ),
    )


def _time_section(ex: SunAltitudeExample | None, sun: SunOnDate, words: Words) -> Section:
    if ex is None:
        return Section(
            "Example 1: the time from the Sun's altitude",
            paragraphs=(
                f"On {words.date(sun.date)} the Sun's altitude hardly changes during the day "
                "at this latitude, so it cannot tell the time: use a star's (Example 3).",
            ),
        )
    deg, sign = ex.sun.sign
    a = ex.altitude_deg
    steps = [
        f"Back: the date, {words.date(ex.sun.date)}, gives the Sun at {deg}° of {sign}.",
        f"Front: turn the rete until {deg}° of {sign} lies on the {a:g}° almucantar on "
        f"{words.east_side} of the plate (the morning side).",
        f"Lay the rule over that point: it shows {words.limb(ex.morning.apparent_h)} on the "
        "hour scale: the apparent (sundial) time.",
        *_clock_steps(ex.morning, words),
    ]
    return Section(
        "Example 1: the time from the Sun's altitude",
        paragraphs=(
            f"On the morning of {words.date(ex.sun.date)} you measure the Sun's altitude: "
            f"{a:g}°. The rule reads apparent solar time, a sundial's; the equation of time "
            "turns it into local mean time, the clock time of your own meridian.",
        ),
        steps=tuple(steps),
        table=(
            ("what you read", "value"),
            ("Sun's place (back)", f"{deg}° {sign}"),
            ("Sun's altitude (alidade)", f"{a:g}°"),
            ("rule on the hour scale", words.limb_short(ex.morning.apparent_h)),
            (
                f"equation of time ({'back' if words.eot_curve else 'table'})",
                _minutes(ex.morning.eot_min),
            ),
            ("local mean time", hm(ex.morning.mean_h)),
        ),
    )


def _rise_set_section(sun: SunOnDate, design: Design, words: Words) -> Section:
    lat, lon = design.latitude_deg, design.longitude_deg
    ex = rise_set_example(sun, lat, lon)
    deg, sign = sun.sign
    title = "Example 2: sunrise and sunset"
    if ex is None:
        up = hour_angle_deg(0.0, sun.declination_deg, lat) is None and (
            (lat >= 0) == (sun.declination_deg >= 0)
        )
        what = "stays above the horizon all day" if up else "does not rise"
        return Section(
            title,
            paragraphs=(
                f"On {words.date(sun.date)} at this latitude the Sun {what}: turn the rete and "
                f"watch {deg}° of {sign} circle without crossing the horizon.",
            ),
        )
    return Section(
        title,
        steps=(
            f"Turn the rete until {deg}° of {sign} ({words.date(sun.date)}) touches the "
            f"horizon on {words.east_side}: the rule over it shows "
            f"{words.limb(ex.rise.apparent_h)}: sunrise in apparent time, {hm(ex.rise.mean_h)} "
            "in local mean time (the equation of time as above).",
            f"Turn it on to the horizon on {words.west_side}: the rule shows "
            f"{words.limb(ex.set.apparent_h)}: sunset, {hm(ex.set.mean_h)} local mean time.",
            f"Where the Sun's point touches the eastern horizon, the azimuth lines read "
            f"about {ex.azimuth_deg:.0f}°: where on the horizon the Sun rises.",
        ),
        closing=(
            "An almanac gives sunrise a few minutes earlier and sunset a few minutes later: it "
            "counts the Sun's upper edge, lifted by the air's refraction. For its times put the "
            "Sun's point just under the horizon (about 1°).",
        ),
    )


def _star_example(design: Design, parts: Sequence[Part], first: dt.date) -> StarExample | None:
    """The brightest rete star that rises and sets here, on the first of the month nearest
    ``first`` when it rises in the evening (between 19 and 23 h apparent time)."""
    rete = next((p for p in parts if p.name == "rete"), None)
    if rete is None:
        return None
    lat, lon = design.latitude_deg, design.longitude_deg
    stars = []
    for s in rete.meta.get("stars", []):
        try:
            mag = find_star(s["name"]).vmag
        except InputError:
            mag = None
        stars.append((mag if mag is not None else 99.0, s["name"], s["ra_h"], s["dec_deg"]))
    for _, name, ra_h, dec in sorted(stars):
        for k in range(12):
            month = (first.month - 1 + k) % 12 + 1
            sun = sun_on(dt.date(first.year, month, 1), design.epoch)
            clock = star_rise_clock(ra_h, dec, sun, lat, lon)
            if clock is None:
                break  # this star never rises or never sets here
            if 19.0 <= clock.apparent_h <= 23.0:
                return StarExample(name, ra_h, dec, sun, clock, rising_azimuth_deg(dec, lat))
    return None


def _star_section(ex: StarExample | None, words: Words) -> Section:
    title = "Example 3: when a bright star rises"
    if ex is None:
        return Section(title, paragraphs=("No star of this rete rises in the evening here.",))
    deg, sign = ex.sun.sign
    return Section(
        title,
        paragraphs=(f"On the evening of {words.date(ex.sun.date)}, when does {ex.name} rise?",),
        steps=(
            f"Turn the rete until the tip of {ex.name}'s pointer touches the horizon on "
            f"{words.east_side}.",
            f"Find the Sun's place for the date on the rete (back: {words.date(ex.sun.date)} "
            f"gives {deg}° of {sign}) and lay the rule over it: it shows "
            f"{words.limb(ex.rise.apparent_h)} on the hour scale, the apparent time when the "
            "star rises.",
            *_clock_steps(ex.rise, words),
            f"The tip stands on the azimuth line of about {ex.azimuth_deg:.0f}°: look there.",
        ),
    )


def _shadow_section(ex: ShadowExample) -> Section:
    n = ex.divisions
    return Section(
        "Example 4: the height of a building with the shadow square",
        steps=(
            f"Stand {ex.distance_m:g} m from the foot of the wall (pace it out) and sight the "
            "top of the building through the alidade, the instrument hanging.",
            f"The alidade's lower end crosses the side of the shadow square marked UMBRA VERSA "
            f"at {ex.reading:g} of its {n} parts (the altitude scale shows "
            f"{ex.altitude_deg:.1f}°).",
            f"Height above your eye = distance x reading / {n} = {ex.distance_m:g} x "
            f"{ex.reading:g} / {n} = {ex.distance_m * ex.reading / n:g} m; add the height of "
            f"your eye ({ex.eye_m:g} m): the building is {ex.height_m:.1f} m high.",
            f"Above 45° the alidade crosses the bottom (UMBRA RECTA) at r: then the height "
            f"above your eye = distance x {n} / r.",
        ),
    )


def _accuracy_section(design: Design) -> Section:
    tick = Words(design).tick_min
    step = design.almucantar_step_deg
    return Section(
        "How exact is it?",
        paragraphs=(
            f"The hour ticks are {tick} minutes apart and are read to about half a tick; an "
            f"altitude on the plate to about {step / 2:g}°, half the {step:g}° between "
            "almucantars (on the back's scale, to about a degree). So the times of "
            f"these examples hold to about {READING_TIME_MIN:g} minutes and the azimuths to "
            f"{READING_AZIMUTH_DEG:g}°: they were checked against an almanac (astronomy-engine) "
            "within those limits.",
        ),
    )


def example_date(design: Design) -> dt.date:
    year = int(design.epoch)
    return dt.date(year, 5, 10) if design.latitude_deg >= 0 else dt.date(year, 11, 10)


@dataclass(frozen=True)
class GuideExamples:
    """The examples' numbers (the tests check them against astronomy-engine)."""

    sun: SunOnDate
    star: StarExample | None
    shadow: ShadowExample


def examples_for(design: Design, parts: Sequence[Part]) -> GuideExamples:
    sun = sun_on(example_date(design), design.epoch)
    star = _star_example(design, parts, sun.date)
    return GuideExamples(sun, star, shadow_example(design.shadow_square_divisions))


def guide_for(parts: Sequence[Part], design: Design) -> Guide:
    """The guide of the instrument made of ``parts``."""
    words = Words(design)
    ex = examples_for(design, parts)
    lat, lon = design.latitude_deg, design.longitude_deg
    sections = [
        _parts_section(design, parts, words),
        _altitude_section(),
        _sun_place_section(ex.sun, words),
        _time_section(sun_altitude_example(ex.sun, lat, lon), ex.sun, words),
        _rise_set_section(ex.sun, design, words),
        _star_section(ex.star, words),
        _shadow_section(ex.shadow),
        _accuracy_section(design),
    ]
    hemi = "N" if lat >= 0 else "S"
    return Guide(
        f"Using your astrolabe ({abs(lat):.2f}° {hemi}, {int(design.epoch)})",
        (
            "An astrolabe is a map of the sky you can turn: the plate is your sky, fixed; the "
            "rete is the stars and the Sun's path, turning over it as the sky turns in a day. "
            "Set the rete to what you see, and the instrument tells the time; set it to a time, "
            f"and it shows the sky. The numbers below are worked out for this instrument, "
            f"latitude {abs(lat):.2f}° {hemi}, in {int(design.epoch)}.",
        ),
        tuple(sections),
    )
