"""Points of the plate's curves that are not circles, shared by the plate and its labels."""

from __future__ import annotations

import math

from ..geometry.primitives import Point
from ..geometry.projection import Frame


def unequal_hour_point(frame: Frame, lat_deg: float, hour: float, dec_deg: float) -> Point:
    """Night hour ``hour`` (0 at sunset, 12 at sunrise) on the day circle of declination d.

    Semi-diurnal arc H0 = acos(-tan(phi) tan(d)); the night runs from H0 to 360 - H0, so
    hour k stands at H = H0 + k (360 - 2 H0) / 12 (e.g. Morrison, "The Astrolabe", ch. 7).
    """
    h0 = math.degrees(
        math.acos(_clamp(-math.tan(math.radians(lat_deg)) * math.tan(math.radians(dec_deg))))
    )
    return frame.sky_to_plane(h0 + hour * (360.0 - 2.0 * h0) / 12.0, dec_deg)


def _clamp(x: float) -> float:
    return max(-1.0, min(1.0, x))
