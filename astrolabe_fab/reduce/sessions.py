"""Stage 1 of the reduction: sightings grouped into sessions, each at its place.

A session is the sightings sharing a ``session`` label (by default the same time). Its place
is its rows' own ``latitude_deg``/``longitude_deg`` (a trip), else ``--lat``/``--lon``, else
(for the latitude) the instrument's. Sessions whose places lie within ``SITE_RADIUS_DEG`` of
each other form one site: longitudes are pooled per site only.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from astrolabe_fab.reduce import solve
from astrolabe_fab.reduce.instrument import Instrument
from astrolabe_fab.reduce.positions import Sky
from astrolabe_fab.reduce.sightings import Sighting
from astrolabe_fab.reduce.solve import Array, IntArray

SITE_RADIUS_DEG = 0.25
"""Places closer than this in latitude and in longitude are one site (about 25 km)."""

SIDE_CODES = {"W": 1, "E": -1}
"""The side column as the solver counts it: +1 west of the meridian, -1 east, 0 unknown."""


@dataclass(frozen=True)
class Site:
    """Where a group of sessions was taken: latitude and longitude (deg, east +) as given,
    NaN where not given."""

    latitude_deg: float
    longitude_deg: float

    @property
    def label(self) -> str:
        lat = "lat ?" if math.isnan(self.latitude_deg) else f"{self.latitude_deg:.2f}"
        lon = "lon ?" if math.isnan(self.longitude_deg) else f"{self.longitude_deg:.2f}"
        return f"{lat}, {lon}"


@dataclass
class Sessions:
    """The sessions of a log, sorted by time, and their reference sightings as solver rows.

    Per session: label, reference (earliest) time and its UTC hours, site index, given
    latitude and longitude (NaN if none), the Sun's (RA h, dec deg, EoT min) at the reference
    time, and whether it was taken by day (a Sun sighting). ``names[j]`` is the object of
    solver row j; ``planets`` the planet sightings with their session index.
    """

    labels: list[str]
    utc: list[dt.datetime]
    utc_h: Array
    site: IntArray
    sites: list[Site]
    latitude_deg: Array
    longitude_deg: Array
    sun: Array
    by_day: NDArray[np.bool_]
    data: solve.FitData
    names: list[str]
    planets: list[tuple[int, Sighting]]

    @property
    def n(self) -> int:
        return len(self.labels)


@dataclass(frozen=True)
class PlaceDefaults:
    """Latitude and longitude for rows without their own (``--lat``/``--lon``, else the
    instrument's latitude); None where unknown."""

    latitude_deg: float | None = None
    longitude_deg: float | None = None

    @classmethod
    def of(
        cls, latitude_deg: float | None, longitude_deg: float | None, inst: Instrument | None
    ) -> PlaceDefaults:
        if latitude_deg is None and inst is not None:
            latitude_deg = inst.latitude_deg
        return cls(latitude_deg, longitude_deg)


def _utc_hours(when: dt.datetime) -> float:
    return when.hour + when.minute / 60.0 + (when.second + when.microsecond / 1e6) / 3600.0


def _group(sightings: list[Sighting]) -> list[tuple[str, list[Sighting]]]:
    groups: dict[str, list[Sighting]] = {}
    for s in sightings:
        groups.setdefault(s.session, []).append(s)
    return sorted(groups.items(), key=lambda kv: (min(s.utc for s in kv[1]), kv[0]))


def _place(group: list[Sighting], defaults: PlaceDefaults) -> tuple[float, float]:
    """A session's (latitude, longitude): its rows' own, else the defaults; NaN if none."""
    lats = [s.latitude_deg for s in group if s.latitude_deg is not None]
    lons = [s.longitude_deg for s in group if s.longitude_deg is not None]
    lat = lats[0] if lats else defaults.latitude_deg
    lon = lons[0] if lons else defaults.longitude_deg
    lat_value = math.nan if lat is None else float(lat)
    lon_value = math.nan if lon is None else (float(lon) + 180.0) % 360.0 - 180.0
    return lat_value, lon_value


def _near(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs((a - b + 180.0) % 360.0 - 180.0) <= SITE_RADIUS_DEG


def assign_sites(latitude_deg: Array, longitude_deg: Array) -> tuple[IntArray, list[Site]]:
    """Site index of every session and the sites (first place of each, in order of first
    appearance): a session joins the first site within SITE_RADIUS_DEG in both coordinates."""
    pairs = np.c_[np.nan_to_num(latitude_deg, nan=999.0), np.nan_to_num(longitude_deg, nan=999.0)]
    unique, inverse = np.unique(pairs, axis=0, return_inverse=True)
    sites: list[Site] = []
    site_of_unique = np.zeros(len(unique), dtype=np.int64)
    first_seen = np.argsort(np.unique(inverse.ravel(), return_index=True)[1])
    for u in first_seen:
        lat = math.nan if unique[u, 0] == 999.0 else float(unique[u, 0])
        lon = math.nan if unique[u, 1] == 999.0 else float(unique[u, 1])
        match = [
            i
            for i, s in enumerate(sites)
            if _near(s.latitude_deg, lat) and _near(s.longitude_deg, lon)
        ]
        if not match:
            sites.append(Site(lat, lon))
        site_of_unique[u] = match[0] if match else len(sites) - 1
    return site_of_unique[inverse.ravel()], sites


def build_sessions(sightings: list[Sighting], defaults: PlaceDefaults, sky_cache: Sky) -> Sessions:
    """Group the sightings into sessions and lay out the reference sightings for the solver."""
    groups = _group(sightings)
    n = len(groups)
    lat, lon = np.full(n, np.nan), np.full(n, np.nan)
    utc: list[dt.datetime] = []
    rows = _Rows()
    planets: list[tuple[int, Sighting]] = []
    by_day = np.zeros(n, dtype=bool)
    for i, (_, group) in enumerate(groups):
        t0 = min(s.utc for s in group)
        utc.append(t0)
        lat[i], lon[i] = _place(group, defaults)
        for s in group:
            if s.kind == "planet":
                planets.append((i, s))
            else:
                rows.add(i, s, t0, sky_cache)
            by_day[i] |= s.kind == "sun"
    site, sites = assign_sites(lat, lon)
    return Sessions(
        labels=[label for label, _ in groups],
        utc=utc,
        utc_h=np.array([_utc_hours(t) for t in utc], dtype=np.float64),
        site=site,
        sites=sites,
        latitude_deg=lat,
        longitude_deg=lon,
        sun=np.array([sky_cache.sun(t) for t in utc], dtype=np.float64).reshape(-1, 3),
        by_day=by_day,
        data=rows.fit_data(n),
        names=rows.names,
        planets=planets,
    )


class _Rows:
    """Reference sightings accumulated as the solver's flat arrays."""

    def __init__(self) -> None:
        self.columns: dict[str, list[float]] = {
            k: [] for k in ("s", "ra", "dec", "alt", "dt", "par", "side", "az")
        }
        self.names: list[str] = []

    def add(self, session: int, s: Sighting, t0: dt.datetime, sky_cache: Sky) -> None:
        ra_h, dec_deg, par = sky_cache.body_ra_dec_parallax(s.object, s.kind, s.utc)
        seconds = (s.utc - t0).total_seconds()
        c = self.columns
        c["s"].append(session)
        c["ra"].append(math.radians(ra_h * 15.0))
        c["dec"].append(math.radians(dec_deg))
        c["alt"].append(s.altitude_deg)
        c["dt"].append(2 * math.pi * solve.SIDEREAL_RATE * seconds / 86400.0)
        c["par"].append(par)
        c["side"].append(SIDE_CODES.get(s.side or "", 0))
        c["az"].append(math.nan if s.azimuth_deg is None else s.azimuth_deg)
        self.names.append(s.object)

    def fit_data(self, n_sessions: int) -> solve.FitData:
        c = self.columns

        def floats(key: str) -> Array:
            return np.array(c[key], dtype=np.float64)

        return solve.FitData(
            session=np.array(c["s"], dtype=np.int64),
            ra_rad=floats("ra"),
            dec_rad=floats("dec"),
            altitude_deg=floats("alt"),
            dtheta_rad=floats("dt"),
            parallax_deg=floats("par"),
            side=np.array(c["side"], dtype=np.int64),
            azimuth_deg=floats("az"),
            n_sessions=n_sessions,
        )
