"""The plate's numbers: placed to be read, and clear of every line they do not name.

Each kind of label may interrupt only the lines it belongs to (``MAY_BREAK``): an altitude or
azimuth number stands on the grid of almucantars and azimuths it numbers (as on every astrolabe:
near the zenith the 2-degree almucantars are closer together than a numeral is high), a twilight
number on its twilight line; the numbers of the hours and houses, and the latitude, interrupt
nothing. The Treatise's words (``latin_labels``) are wider than the room between lines:
ORIENS and OCCIDENS interrupt the east-west line they stand on and an unequal-hour line that
crosses it beyond the horizon; CREPUSCULUM its twilight line and the unequal-hour lines there.
Every other line of the plate (horizon, meridian, east-west line, equator, tropic,
limit, twilight, unequal hours, houses) keeps ``LABEL_CLEAR_MM`` from the label's box, so no
numeral sits on a line it does not name. Candidates are tried in order of preference, each
checked against the plate's lines as drawn without labels (``Zones``) and against the labels
placed before it (``Labels``):

- altitudes: every 10 degrees, on the almucantar beside the upper meridian (the noon side
  first, then the pole side, then anywhere on the circle), so that each 20 degrees of drawn
  almucantars has at least one number even where the low almucantars leave the plate (low
  latitudes); when a multiple of 10 finds no room, another drawn almucantar of its 20 degrees;
- azimuths: just above the horizon on their azimuth line, the multiples of 30 first;
- unequal hours 1-12: Arabic numerals at ``HOUR_SCALE`` of the label height, in the middle of
  their hour below the horizon, from the plate limit inwards: smaller than the azimuth numbers
  and always below the horizon, where there are none;
- houses I-VI (``--houses``): Roman numerals in the middle of each house below the horizon;
- twilight lines: their depression beside the lower meridian;
- the latitude: the first free place beside the lower meridian, else the upper one;
- the Treatise's words (``latin_labels``, ``plate_words``): ORIENS and OCCIDENS on the
  east-west line (which they interrupt), from near the limit inwards, and CREPUSCULUM for the
  18-degree twilight line, like the other twilight numbers.

Every placed label is recorded (``LabelRecord``) for the manifest: text, kind, value, box.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

import numpy as np
import shapely
from shapely.geometry import Polygon

from ..geometry.primitives import Arc, Circle, Contour, Point, Polyline, Segment, Shape
from ..geometry.projection import Frame, Vector, horizontal_vector, sky_vector
from ..text import TextBox, text_corners, text_width_mm
from .labels import Labels
from .plate_sky import unequal_hour_point
from .plate_words import CLEAR_MM as WORD_CLEAR_MM
from .plate_words import twilight_text

#: Distance kept between a label's box and every line it may not interrupt, mm, plus a
#: fraction of the label's cap height, so that a number never seems to sit on a line.
LABEL_CLEAR_MM = 0.35
SPACE_OF_CAP = 0.25
#: Points per indexed piece of line.
CHUNK = 16
#: Farthest an arc's chords in the index of lines (``_points``) stray from the arc, mm: a
#: label's clearance is measured to the chords, so it may come this much nearer the line.
CHORD_ERROR_MM = 0.002
#: Longest chord in the index, mm, so that its boxes (CHUNK points) stay short.
MAX_CHORD_MM = 2.0
#: Anchors whose fit is tested at once: first FIRST_BATCH (most labels fit at one of their
#: first anchors), then twice as many each time, up to BATCH.
FIRST_BATCH = 4
BATCH = 32
#: Anchors ``Placer.place_best`` reads at a time (``SkyAnchors`` projects them a block at a
#: time).
BEST_BLOCK = 64
#: Sizes, as fractions of the label height.
HOUR_SCALE = 0.8
HOUSE_SCALE = 0.8
TWILIGHT_SCALE = 0.85
LATITUDE_SCALE = 1.2
#: Where an hour numeral stands in its hour, as fractions of the hour from its start, in order
#: of preference: the middle, else nearer either end (the civil twilight line runs along the
#: middle of the first and last night hours at mid-latitudes, and a numeral breaks no line).
HOUR_POSITIONS = (0.5, 0.35, 0.65, 0.2, 0.8)

#: The lines each kind of label may interrupt (see the module docstring).
MAY_BREAK: dict[str, frozenset[str]] = {
    "altitude": frozenset({"almucantar", "azimuth"}),
    "azimuth": frozenset({"almucantar", "azimuth", "meridian"}),
    "twilight": frozenset({"twilight"}),
    "hour": frozenset(),
    "house": frozenset(),
    "latitude": frozenset(),
    "line_name": frozenset({"east_west", "unequal_hour"}),
    "twilight_name": frozenset({"twilight", "unequal_hour"}),
}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass(frozen=True)
class LabelRecord:
    """A placed label, as the manifest lists it."""

    text: str
    kind: str
    value: float
    box: TextBox
    numerals: str = "arabic"

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "kind": self.kind,
            "value": self.value,
            "numerals": self.numerals,
            "cap_mm": round(self.box.height_mm, 4),
            "center_mm": [round(v, 4) for v in self.box.center],
            "corners_mm": [[round(x, 4), round(y, 4)] for x, y in self.box.corners],
        }


def _points(shape: Shape, chord_error_mm: float | None = None) -> np.ndarray:
    """Points along a line shape; an arc (or circle) as chords that keep within
    ``chord_error_mm`` (default CHORD_ERROR_MM) of it and are at most MAX_CHORD_MM long: n
    equal chords, n the least whole number with sweep / n <= min(2 acos(1 - e / r), MAX_CHORD_MM
    / r) (a chord spanning the angle t lies r (1 - cos(t / 2)) inside the arc at its middle),
    and at least 2."""
    if isinstance(shape, Circle):
        shape = Arc(shape.cx, shape.cy, shape.r, 0.0, 2.0 * math.pi)
    if isinstance(shape, Arc):
        err = CHORD_ERROR_MM if chord_error_mm is None else chord_error_mm
        if not err > 0.0:
            raise ValueError(f"a chord error must be over 0 mm, not {err}")
        n = 2  # an arc of no radius: its ends and middle
        if shape.r > 0.0:  # acos's argument clamped at -1 where r < err / 2: half a turn
            turn = min(2.0 * math.acos(max(-1.0, 1.0 - err / shape.r)), MAX_CHORD_MM / shape.r)
            n = max(2, math.ceil(abs(shape.sweep_rad) / turn))
        t = shape.start_rad + shape.sweep_rad * np.arange(n + 1) / n
        return np.column_stack([shape.cx + shape.r * np.cos(t), shape.cy + shape.r * np.sin(t)])
    if isinstance(shape, Segment):
        return np.asarray([shape.p0, shape.p1], dtype=float)
    if isinstance(shape, Polyline):
        return np.asarray(shape.points, dtype=float).reshape(-1, 2)
    if isinstance(shape, Contour):
        return np.concatenate([_points(piece, chord_error_mm) for piece in shape.pieces])
    return np.zeros((0, 2))


class Zones:
    """The plate's lines as drawn without labels, by kind, in one spatial index: each piece of
    line sampled (``_points``) and cut into short lines of CHUNK points, each starting where
    the last ended, so that the index's boxes stay small."""

    def __init__(self, curves: Iterable[tuple[str, Sequence[Shape]]]) -> None:
        sampled: list[np.ndarray] = []
        kinds: list[str] = []
        for kind, pieces in curves:
            for piece in pieces:
                pts = _points(piece)
                if len(pts) >= 2:
                    sampled.append(pts)
                    kinds.append(kind)
        coords, lengths, chunks = _chunked(sampled, CHUNK)
        self.lines = shapely.linestrings(
            coords, indices=np.repeat(np.arange(len(lengths)), lengths)
        )
        self.kinds = np.repeat(np.asarray(kinds, dtype=str), chunks)
        self._trees: dict[frozenset[str], shapely.STRtree] = {}  # by the lines labels may break
        self._by_kind: dict[str, shapely.STRtree | None] = {}  # by kind of line

    def _unbreakable(self, kind: str) -> shapely.STRtree:
        """The index of the lines a label of ``kind`` may not break (made once for each set of
        lines that labels may break: the hours, houses and latitude share one)."""
        allowed = MAY_BREAK[kind]
        if allowed not in self._trees:
            breaks = np.isin(self.kinds, sorted(allowed))
            self._trees[allowed] = shapely.STRtree(self.lines[~breaks])
        return self._trees[allowed]

    def _of_kind(self, kind: str) -> shapely.STRtree | None:
        """The index of the lines of ``kind`` (None: there is none), made once per kind, for
        the wider distances kept from one kind of line."""
        if kind not in self._by_kind:
            mine = self.kinds == kind
            self._by_kind[kind] = shapely.STRtree(self.lines[mine]) if mine.any() else None
        return self._by_kind[kind]

    def clear(
        self, polygons: np.ndarray, kind: str, extra_mm: float = 0.0, wide: Mapping[str, float] = {}
    ) -> np.ndarray:
        """Which labels of ``kind`` with these boxes keep ``LABEL_CLEAR_MM`` (+ ``extra_mm``)
        off every line they may not break, and the distance ``wide[k]`` off the lines of kind k
        (one batched query of the index for all the boxes)."""
        ok = np.ones(len(polygons), dtype=bool)
        if not len(polygons):
            return ok
        near = self._unbreakable(kind).query(
            polygons, "dwithin", distance=LABEL_CLEAR_MM + extra_mm
        )
        ok[near[0]] = False
        for k, distance in wide.items():
            tree = self._of_kind(k)
            if tree is not None:
                ok[tree.query(polygons, "dwithin", distance=distance)[0]] = False
        return ok


def _chunked(lines: Sequence[np.ndarray], size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lines of points (each at least 2) cut into pieces of at most ``size`` points, each piece
    starting at the last one's end point (a line of n points gives ceil((n - 1) / (size - 1))
    pieces): all the pieces' points in one array, each piece's length, and how many pieces
    each line gave."""
    if not lines:
        return np.zeros((0, 2)), np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    n = np.asarray([len(line) for line in lines])
    step = size - 1
    chunks = -(-(n - 1) // step)  # ceil
    line_of = np.repeat(np.arange(len(lines)), chunks)
    first = np.cumsum(chunks) - chunks  # each line's first piece
    start = step * (np.arange(len(line_of)) - first[line_of])  # within its line
    lengths = np.minimum(size, n[line_of] - start)
    offset = (np.cumsum(n) - n)[line_of] + start  # where each piece starts in all points
    piece_first = np.cumsum(lengths) - lengths
    gather = np.repeat(offset - piece_first, lengths) + np.arange(int(lengths.sum()))
    return np.concatenate(lines)[gather], lengths, chunks


@dataclass
class Placer:
    """Places the plate's labels: the first candidate inside the limit, clear of the lines
    it may not break and of the labels placed before."""

    labels: Labels
    zones: Zones
    limit: Circle
    #: areas no label may enter (the pivot's clearance, the notch)
    forbidden: Sequence[Polygon] = ()
    records: list[LabelRecord] = field(default_factory=list)
    #: the forbidden areas' bounds (min x, min y, max x, max y)
    _bounds: list[tuple[float, float, float, float]] = field(init=False)

    def __post_init__(self) -> None:
        self._bounds = [area.bounds for area in self.forbidden]

    def place(
        self,
        text: str,
        kind: str,
        value: float,
        anchors: Iterable[Point],
        scale: float = 1.0,
        numerals: str = "arabic",
    ) -> bool:
        """Place ``text`` at the first of ``anchors`` that fits."""
        cap = self.labels.cap_height_mm * scale
        width = text_width_mm(text, cap)
        for chunk in _batches(anchors):
            # anchors whose box surely overlaps a placed label first (cheap, exact), so that
            # the crowded ones (the azimuths near the meridian) cost no line test nor glyphs
            free = ~self.labels.surely_overlap(np.asarray(chunk, dtype=float), width, cap)
            chunk = list(itertools.compress(chunk, free.tolist()))
            fits = self._fits(text, chunk, cap, kind, {})
            for anchor in itertools.compress(chunk, fits.tolist()):
                placed = self.labels.place(text, anchor, scale=scale, inside=self.limit)
                if placed is not None:
                    self.records.append(LabelRecord(text, kind, value, placed, numerals))
                    return True
        return False

    def place_best(
        self,
        text: str,
        kind: str,
        value: float,
        anchors: Sequence[Point],
        apart: Apart,
        scale: float = 1.0,
    ) -> bool:
        """Of the anchors that fit (with ``apart.lines``), the first whose box keeps
        ``apart.labels_mm`` from every label of another kind, else the one farthest from them,
        the first of equals (boxes are upright, so their gaps are computed as such).

        Only anchors clear of every label are tried: those far enough from the other kinds in
        their order, then the others from the farthest to the nearest (a stable sort); the
        first that fits is the answer, so the lines are tested for as few boxes as may be. An
        anchor that is not a finite point never fits and is not tried. The anchors are read
        BEST_BLOCK at a time, and the far ones of a block tried before the next is read: the
        first far anchor that fits is the same, and a lazy sequence (``SkyAnchors``) computes
        only the blocks read. ``anchors`` is a sequence (sliced), not a generator."""
        cap = self.labels.cap_height_mm * scale
        width = text_width_mm(text, cap)
        boxes = np.asarray(
            [(*r.box.center, r.box.width_mm, r.box.height_mm, r.kind != kind) for r in self.records]
        ).reshape(-1, 5)
        near: list[tuple[float, Point]] = []  # (gap to the other kinds, anchor), in order
        for start in range(0, len(anchors), BEST_BLOCK):
            points = list(anchors[start : start + BEST_BLOCK])
            nearest, nearest_other = _nearest_gaps(boxes, points, width, cap)
            far = []
            for point, gap, other in zip(points, nearest, nearest_other, strict=True):
                if gap >= self.labels.gap_mm + 1e-6:
                    if other >= apart.labels_mm:
                        far.append(point)
                    elif other < apart.labels_mm:
                        near.append((other, point))
            placed = self._first_fit(text, kind, value, far, cap, apart.lines, scale)
            if placed is not None:
                return placed
        near.sort(key=lambda pair: -pair[0])
        placed = self._first_fit(text, kind, value, [p for _, p in near], cap, apart.lines, scale)
        return bool(placed)

    def _first_fit(
        self,
        text: str,
        kind: str,
        value: float,
        tries: Sequence[Point],
        cap: float,
        wide: Mapping[str, float],
        scale: float,
    ) -> bool | None:
        """Place ``text`` at the first of ``tries`` that fits: True when placed, False when
        ``Labels`` refused it there (no other is tried), None when none fits."""
        for chunk in _batches(tries):
            fits = self._fits(text, chunk, cap, kind, wide)
            for anchor in itertools.compress(chunk, fits.tolist()):
                placed = self.labels.place(text, anchor, scale=scale, inside=self.limit)
                if placed is None:
                    return False
                self.records.append(LabelRecord(text, kind, value, placed))
                return True
        return None

    def _fits(
        self, text: str, anchors: Sequence[Point], cap: float, kind: str, wide: Mapping[str, float]
    ) -> np.ndarray:
        """Which anchors put the box inside the limit, off the forbidden areas and clear of the
        lines it may not break (the cheap tests first, shapely only for what passes them). An
        anchor that is not a finite point does not fit."""
        pts = np.asarray(anchors, dtype=float).reshape(-1, 2)
        ok = np.zeros(len(pts), dtype=bool)
        half_w, half_h = text_width_mm(text, cap) / 2.0, cap / 2.0
        # the boxes' bounds, rows of (x0, y0, x1, y1): x - half_w is x + (-half_w) exactly; a
        # point that is not finite gives a box whose ``far`` is not a number or infinite, which
        # fails the first test
        box = pts[:, [0, 1, 0, 1]] + np.array([-half_w, -half_h, half_w, half_h])
        cx, cy = self.limit.center
        off = np.abs(box - np.array([cx, cy, cx, cy]))
        far = np.hypot(np.maximum(off[:, 0], off[:, 2]), np.maximum(off[:, 1], off[:, 3]))
        reach = self.limit.r - self.labels.gap_mm
        keep = far <= reach + 1e-9
        for j in np.flatnonzero(keep & (far > reach - 1e-9)):  # too close to call: as drawn
            corners = text_corners(text, anchors[int(j)], cap)
            keep[j] = all(math.dist(c, self.limit.center) <= reach for c in corners)
        idx = np.flatnonzero(keep)
        if len(idx):
            box = box[idx]
            idx, box = self._off_forbidden(idx, box)
        if len(idx):
            polys = shapely.box(box[:, 0], box[:, 1], box[:, 2], box[:, 3])
            ok[idx] = self.zones.clear(polys, kind, SPACE_OF_CAP * cap, wide)
        return ok

    def _off_forbidden(self, idx: np.ndarray, box: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The rows of ``idx`` and ``box`` (rows of min x, min y, max x, max y; at least one)
        whose box keeps LABEL_CLEAR_MM from every forbidden area: the exact distance only for
        the boxes whose rectangle comes that near the area's bounds."""
        near_mm = LABEL_CLEAR_MM + 1e-9
        bx0, by0 = box[:, :2].min(axis=0).tolist()
        bx1, by1 = box[:, 2:].max(axis=0).tolist()
        for area, (ax0, ay0, ax1, ay1) in zip(self.forbidden, self._bounds, strict=True):
            if max(ax0 - bx1, bx0 - ax1) > near_mm or max(ay0 - by1, by0 - ay1) > near_mm:
                continue  # all the boxes together are that far from the area's bounds
            x0, y0, x1, y1 = box.T
            gx = np.maximum(np.maximum(ax0 - x1, x0 - ax1), 0.0)
            gy = np.maximum(np.maximum(ay0 - y1, y0 - ay1), 0.0)
            near = np.flatnonzero(np.hypot(gx, gy) <= near_mm)
            if len(near):
                boxes = shapely.box(x0[near], y0[near], x1[near], y1[near])
                ok = np.ones(len(idx), dtype=bool)
                ok[near] = shapely.distance(boxes, area) >= LABEL_CLEAR_MM
                idx, box = idx[ok], box[ok]
        return idx, box


def _batches(items: Iterable[Any]) -> Iterator[list[Any]]:
    """``items`` in lists of FIRST_BATCH, then twice as many each time up to BATCH."""
    it = iter(items)
    size = FIRST_BATCH
    while chunk := list(itertools.islice(it, size)):
        yield chunk
        size = min(2 * size, BATCH)


def _nearest_gaps(
    boxes: np.ndarray, anchors: Sequence[Point], width: float, height: float
) -> tuple[list[float], list[float]]:
    """For each anchor, the gap (mm) from an upright ``width`` x ``height`` box there to the
    nearest of the upright boxes (cx, cy, w, h, other kind) rows, and to the nearest of another
    kind (inf where there is none)."""
    n = len(anchors)
    if not len(boxes) or not n:
        return [math.inf] * n, [math.inf] * n
    pts = np.asarray(anchors, dtype=float).reshape(-1, 2)
    with np.errstate(invalid="ignore"):
        dx = np.abs(boxes[:, 0] - pts[:, :1]) - (boxes[:, 2] + width) / 2.0
        dy = np.abs(boxes[:, 1] - pts[:, 1:]) - (boxes[:, 3] + height) / 2.0
        gaps = np.hypot(np.maximum(dx, 0.0), np.maximum(dy, 0.0))
    other = boxes[:, 4] > 0
    nearest = gaps.min(axis=1).tolist()
    if not other.any():
        return nearest, [math.inf] * n
    return nearest, gaps[:, other].min(axis=1).tolist()


@dataclass(frozen=True)
class Apart:
    """Wider distances for a first, fussier pass: from lines by kind, and from other labels."""

    lines: Mapping[str, float]
    labels_mm: float


# --------------------------------------------------------------------------- candidates


def _fan(center_deg: float, step_deg: float, count: int) -> Iterator[float]:
    """center, center + step, center - step, center + 2 step, ..."""
    yield center_deg
    for k in range(1, count + 1):
        yield center_deg + k * step_deg
        yield center_deg - k * step_deg


@dataclass(frozen=True)
class PlateSky:
    """What the labels need of the plate's sky: its frame, latitude, which way is up."""

    frame: Frame
    latitude_deg: float
    limit: Circle

    @property
    def top_az(self) -> float:
        """Azimuth of the upper meridian's horizon side (south in the north)."""
        return 180.0 if self.latitude_deg >= 0.0 else 0.0

    def at(self, altitude_deg: float, azimuth_deg: float) -> Point:
        return self.frame.vector_to_plane(
            horizontal_vector(altitude_deg, azimuth_deg, self.latitude_deg)
        )

    def at_many(self, altitude_deg: np.ndarray, azimuth_deg: np.ndarray) -> np.ndarray:
        """``at`` for arrays of altitudes and azimuths, (n, 2), bit for bit the same numbers:
        the formulas of ``projection.horizontal_to_equatorial``, ``sky_vector`` and
        ``Frame.vector_to_plane`` in the same order (numpy's arcsin and arctan2
        are not libm's: those by math)."""
        a, az = np.radians(altitude_deg), np.radians(azimuth_deg)
        phi = math.radians(self.latitude_deg)
        sin_phi, cos_phi = math.sin(phi), math.cos(phi)
        cos_a, cos_az = np.cos(a), np.cos(az)
        sin_d = sin_phi * np.sin(a) + cos_phi * cos_a * cos_az
        y = -cos_a * np.sin(az)
        x = cos_phi * np.sin(a) - sin_phi * cos_a * cos_az
        n = len(sin_d)
        # libm's atan2 and asin one by one (map: no Python frame per point); numpy's degrees
        # multiply by the same constant 180 / pi as math.degrees; the clamp by numpy is
        # max(-1, min(1, v)) for every number but NaN, which keeps the Python clamp
        hd = np.degrees(np.fromiter(map(math.atan2, y.tolist(), x.tolist()), float, n))
        if np.isnan(sin_d).any():
            clamped = [max(-1.0, min(1.0, v)) for v in sin_d.tolist()]
        else:
            clamped = np.clip(sin_d, -1.0, 1.0).tolist()
        dd = np.degrees(np.fromiter(map(math.asin, clamped), float, n))
        h, d = np.radians(hd), np.radians(dd)
        v0, v1, v2 = np.cos(d) * np.cos(h), np.cos(d) * np.sin(h), np.sin(d)
        frame = self.frame
        s = -1.0 if frame.hemisphere == "south" else 1.0
        den = 1.0 + s * v2
        with np.errstate(divide="ignore", invalid="ignore"):
            k = frame.equator_radius_mm / den
            cx, cy = frame.center_mm
            out = np.column_stack([cx + s * k * v1, cy - k * v0])
        out[den < 1e-15] = math.inf
        return out

    def inside(self, p: Point) -> bool:
        """Whether ``p`` is strictly inside the plate's limit."""
        return math.dist(p, self.limit.center) < self.limit.r


def altitude_anchors(sky: PlateSky, altitude_deg: float) -> SkyAnchors:
    """Along the almucantar: beside the upper meridian on the noon side, then the pole side
    (azimuth 180 -+ 0.5 .. 40 deg, and 0 -+ ...), then every 2 degrees round the circle
    (projected as they are read: ``SkyAnchors``)."""
    azimuths: list[float] = []
    for base in (sky.top_az, (sky.top_az + 180.0) % 360.0):
        for k in range(1, 81):
            for sign in (1.0, -1.0):
                azimuths.append(base + sign * 0.5 * k)
    azimuths += [2.0 * k for k in range(180)]
    return SkyAnchors(sky, altitude_deg, np.asarray(azimuths, dtype=float))


class SkyAnchors(Sequence[Point]):
    """The plate's points at one altitude and these azimuths, in their order: projected
    (``PlateSky.at_many``, which gives each point the same numbers in any batch) BEST_BLOCK
    at a time, when a block is first read, and kept."""

    def __init__(self, sky: PlateSky, altitude_deg: float, azimuth_deg: np.ndarray) -> None:
        self.sky, self.altitude_deg, self.azimuth_deg = sky, altitude_deg, azimuth_deg
        self._blocks: dict[int, list[Point]] = {}

    def __len__(self) -> int:
        return len(self.azimuth_deg)

    def _block(self, k: int) -> list[Point]:
        """The points of block ``k``, projected when first asked for."""
        if k not in self._blocks:
            az = self.azimuth_deg[k * BEST_BLOCK : (k + 1) * BEST_BLOCK]
            points = self.sky.at_many(np.full(len(az), self.altitude_deg, dtype=float), az)
            self._blocks[k] = [(x, y) for x, y in points.tolist()]
        return self._blocks[k]

    @overload
    def __getitem__(self, index: int) -> Point: ...

    @overload
    def __getitem__(self, index: slice) -> list[Point]: ...

    def __getitem__(self, index: int | slice) -> Point | list[Point]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1 and start % BEST_BLOCK == 0 and 0 <= stop - start <= BEST_BLOCK:
                return self._block(start // BEST_BLOCK)[: stop - start]  # a block, as read
            return [self[i] for i in range(start, stop, step)]
        index = operator.index(index)
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        k, i = divmod(index % len(self), BEST_BLOCK)
        return self._block(k)[i]


def azimuth_anchors(sky: PlateSky, azimuth_deg: float, half_mm: float) -> list[Point]:
    """Up the azimuth line from where it enters the plate (the horizon, or the limit), the
    label's centre ``half_mm`` beyond the point, for at most 8 degrees of altitude: points at
    altitudes 0, 0.25, 0.5, ... degrees (0.25 k, k < 360, exact). A point at infinity (the
    projection pole: the horizon's south point at the equator) is skipped like any point
    outside the plate. The line's points are projected 41 at a time, then all the rest
    (``at_many``: each point's numbers whatever the others)."""
    return azimuth_anchor_lists(sky, [azimuth_deg], [half_mm])[0]


def azimuth_anchor_lists(
    sky: PlateSky, azimuths_deg: Sequence[float], halves_mm: Sequence[float]
) -> list[list[Point]]:
    """``azimuth_anchors`` of each azimuth (with its ``half_mm``): the first 41 points of every
    line projected in one call (``at_many`` gives each point the same numbers in any batch)."""
    count = len(azimuths_deg)
    alts = np.tile(0.25 * np.arange(41, dtype=float), count)
    az = np.repeat(np.asarray(azimuths_deg, dtype=float), 41)
    first = sky.at_many(alts, az).reshape(count, 41, 2)
    return [
        _up_the_line(sky, azimuth_deg, half_mm, first[k])
        for k, (azimuth_deg, half_mm) in enumerate(zip(azimuths_deg, halves_mm, strict=True))
    ]


def _up_the_line(
    sky: PlateSky, azimuth_deg: float, half_mm: float, points: np.ndarray
) -> list[Point]:
    """``azimuth_anchors`` from the line's first 41 points (altitudes 0-10 degrees)."""
    alts = 0.25 * np.arange(361, dtype=float)
    az = np.full(361, azimuth_deg, dtype=float)
    entered = _enters(sky, points)
    if entered is None:
        points = np.concatenate([points, sky.at_many(alts[41:], az[41:])])
        entered = _enters(sky, points)
        if entered is None:
            return []
    stop = min(entered + 33, 360)  # up to 8 degrees above where it enters
    if len(points) <= stop:
        more = slice(len(points), stop + 1)
        points = np.concatenate([points, sky.at_many(alts[more], az[more])])
    p0, p1 = points[entered:stop].tolist(), points[entered + 1 : stop + 1].tolist()
    d = list(map(math.dist, p0, p1))
    out = []
    for (x0, y0), (x1, y1), dk in zip(p0, p1, d, strict=True):
        if dk == 0.0 or not math.isfinite(dk):
            break
        out.append((x0 + (x1 - x0) / dk * half_mm, y0 + (y1 - y0) / dk * half_mm))
    return out


def _enters(sky: PlateSky, points: np.ndarray) -> int | None:
    """The first k (below len(points) - 1) where the line from point k to point k + 1 has a
    finite length and starts strictly inside the plate's limit, else None: the points that
    may (numpy, with a margin over rounding), then each of those as ``sky.inside`` asks."""
    p0, p1 = points[:-1], points[1:]
    cx, cy = sky.limit.center
    with np.errstate(invalid="ignore", over="ignore"):
        near = np.hypot(p0[:, 0] - cx, p0[:, 1] - cy) < sky.limit.r + 1e-9
    maybe = np.isfinite(p0).all(axis=1) & np.isfinite(p1).all(axis=1) & near
    for k in np.flatnonzero(maybe).tolist():
        a, b = points[k].tolist(), points[k + 1].tolist()
        if math.isfinite(math.dist(a, b)) and sky.inside((a[0], a[1])):
            return int(k)
    return None


def hour_anchors(
    sky: PlateSky, hour: float, dec_range: tuple[float, float], start_dec: float
) -> Iterator[Point]:
    """Along the middle of an unequal hour, from ``start_dec`` (near the limit) inwards."""
    lo, hi = dec_range
    north = sky.latitude_deg >= 0.0
    step = 0.25 if north else -0.25  # inwards: towards the near tropic
    dec = max(lo, min(hi, start_dec))
    while lo <= dec <= hi:
        yield unequal_hour_point(sky.frame, sky.latitude_deg, hour, dec)
        dec += step


def house_anchors(sky: PlateSky, house: int) -> Iterator[Point]:
    """Along the great circle through the north and south points of the horizon that halves
    house ``house`` (1-6, below the horizon from the east): its equator point has hour angle
    H = 255 - 30 (house - 1) (cusps at 270 - 30 (k - 1), Regiomontanus); from there outwards
    and inwards alternately: 0.5 degree steps along the circle from the equator to 5
    degrees from the north and south points (``_fan(90, 0.5, 170)`` from the north point)."""
    north = horizontal_vector(0.0, 0.0, sky.latitude_deg)
    equator = sky_vector(255.0 - 30.0 * (house - 1), 0.0)
    dot = sum(a * b for a, b in zip(equator, north, strict=True))
    u = [e - dot * n for e, n in zip(equator, north, strict=True)]
    norm = math.sqrt(sum(v * v for v in u))
    if norm < 1e-9:
        return
    u = [v / norm for v in u]
    for t_deg in _fan(90.0, 0.5, 170):
        t = math.radians(t_deg)
        v: Vector = (
            math.cos(t) * north[0] + math.sin(t) * u[0],
            math.cos(t) * north[1] + math.sin(t) * u[1],
            math.cos(t) * north[2] + math.sin(t) * u[2],
        )
        yield sky.frame.vector_to_plane(v)


def meridian_side_anchors(
    sky: PlateSky, half_w: float, cap: float, r_min: float, r_max: float
) -> Iterator[Point]:
    """Beside the meridian (a box ``half_w`` wide, ``cap`` high, clear of it), from ``r_max``
    inwards by half millimetres to ``r_min``, the lower meridian (below the centre, +y) first;
    at each distance its right side, then its left."""
    cx, cy = sky.limit.center
    offset = half_w + LABEL_CLEAR_MM + SPACE_OF_CAP * cap + 0.15
    for sign in (1.0, -1.0):
        rad = r_max
        while rad >= r_min:
            for dx in (offset, -offset):
                yield (cx + dx, cy + sign * rad)
            rad -= 0.5


# --------------------------------------------------------------------------- the labels


def place_altitudes(placer: Placer, sky: PlateSky, drawn: Sequence[float]) -> None:
    """Every 10 degrees that is drawn; then, for any 20 degrees of drawn almucantars left
    without a number, the other drawn almucantars of those 20 degrees (multiples of 5 first)."""
    cap = placer.labels.cap_height_mm
    passes = (
        Apart({"horizon": 3.0 * cap, "limit": cap}, labels_mm=4.0 * cap),
        Apart({"horizon": 1.5 * cap}, labels_mm=4.0 * cap),
        Apart({}, labels_mm=4.0 * cap),
    )
    done: set[int] = set()
    for ten in range(10, 90, 10):
        if not any(abs(a - ten) < 1e-9 for a in drawn):
            continue
        anchors = altitude_anchors(sky, ten)
        for apart in passes:
            if placer.place_best(str(ten), "altitude", ten, anchors, apart):
                done.add(ten // 20)
                break
    for band in sorted({int(a // 20) for a in drawn} - done):
        inside = sorted(
            (a for a in drawn if int(a // 20) == band), key=lambda a: (a % 5 != 0, abs(a % 20 - 10))
        )
        # the other almucantars of the band, then smaller numbers (near the pivot at the pole)
        tries = [(alt, scale) for scale in (1.0, 0.8, 0.7) for alt in inside]
        along: dict[float, SkyAnchors] = {}  # each almucantar's anchors, made once
        for alt, scale in tries:
            if alt not in along:
                along[alt] = altitude_anchors(sky, alt)
            if placer.place_best(f"{alt:g}", "altitude", alt, along[alt], passes[-1], scale):
                break


def place_azimuths(placer: Placer, sky: PlateSky, step_deg: float) -> None:
    """Azimuths (0-360 from north, east 90) just above the horizon, multiples of 30 first."""
    azimuths = [k * step_deg for k in range(round(360.0 / step_deg))]
    azimuths.sort(key=lambda a: (a % 30.0 != 0.0, a))
    cap = placer.labels.cap_height_mm
    texts = [f"{az:g}" for az in azimuths]
    halves = [math.hypot(text_width_mm(text, cap), cap) / 2.0 + LABEL_CLEAR_MM for text in texts]
    lines = azimuth_anchor_lists(sky, azimuths, halves)
    for az, text, anchors in zip(azimuths, texts, lines, strict=True):
        placer.place(text, "azimuth", az, anchors)


def place_hours(placer: Placer, sky: PlateSky, dec_range: tuple[float, float]) -> None:
    """Unequal hours 1-12 in the middle of their hour, from near the limit inwards; where the
    middle has no room, elsewhere inside the hour (``HOUR_POSITIONS``)."""
    cap = placer.labels.cap_height_mm * HOUR_SCALE
    start = sky.frame.dec_at_radius(sky.limit.r - 0.8 * cap - 0.6)
    for k in range(1, 13):
        anchors = (
            p for f in HOUR_POSITIONS for p in hour_anchors(sky, k - 1 + f, dec_range, start)
        )
        placer.place(str(k), "hour", float(k), anchors, HOUR_SCALE)


def place_houses(placer: Placer, sky: PlateSky) -> None:
    """Houses I-VI below the horizon, Roman numerals."""
    for house in range(1, 7):
        placer.place(
            ROMAN[house - 1], "house", float(house), house_anchors(sky, house), HOUSE_SCALE, "roman"
        )


def place_twilight(
    placer: Placer, sky: PlateSky, altitudes_deg: Sequence[float], latin: bool = False
) -> None:
    """The depression of each twilight line, on it beside the lower meridian (the 18-degree
    line named CREPUSCULUM with ``latin``)."""
    bottom = (sky.top_az + 180.0) % 360.0
    for alt in altitudes_deg:
        anchors = (sky.at(alt, bottom + d) for d in _fan(1.0, 0.5, 120))
        text = twilight_text(-alt, latin)
        kind = "twilight" if text.endswith("°") else "twilight_name"
        placer.place(text, kind, alt, anchors, TWILIGHT_SCALE)


def place_line_names(placer: Placer, sky: PlateSky) -> dict[str, bool]:
    """ORIENS on the east half of the east-west line, OCCIDENS on the west half (east is on
    the left in the north, ``plate_words``), centred on the line from near the limit inwards:
    the first place with ``plate_words.CLEAR_MM`` from every other label, else the farthest
    from them. Returns which found room."""
    east = -1.0 if sky.latitude_deg >= 0.0 else 1.0
    placed = {}
    for word, side in (("ORIENS", east), ("OCCIDENS", -east)):
        anchors = east_west_anchors(sky, side)
        placed[word] = placer.place_best(word, "line_name", side, anchors, Apart({}, WORD_CLEAR_MM))
    return placed


def east_west_anchors(sky: PlateSky, side: float) -> list[Point]:
    """On the east-west line, on the ``side`` (+1 right, -1 left) of the centre, every
    hundredth of the limit's radius from 0.95 of it inwards to 0.06."""
    cx, cy = sky.limit.center
    r = sky.limit.r
    return [(cx + side * k / 100.0 * r, cy) for k in range(95, 5, -1)]


def place_latitude(placer: Placer, sky: PlateSky, pivot_radius_mm: float) -> None:
    """'38.90° N' beside the lower meridian (else the upper), clear of every line and a cap
    height from every other label where there is such a place (else the farthest)."""
    lat = sky.latitude_deg
    text = f"{abs(lat):.2f}° {'N' if lat >= 0 else 'S'}"
    cap = placer.labels.cap_height_mm * LATITUDE_SCALE
    half_w = text_width_mm(text, cap) / 2.0
    r_min = pivot_radius_mm + 2.0 * cap
    r_max = sky.limit.r - 1.5 * cap
    anchors = list(meridian_side_anchors(sky, half_w, cap, r_min, r_max))
    # a cap height from every other number, so that no hour numeral reads as part of it
    apart = Apart({}, labels_mm=cap)
    placer.place_best(text, "latitude", lat, anchors, apart, LATITUDE_SCALE)
