"""The designer's caches: parts by the design fields they read, whole files by design hash.

A part's drawing is a function of the design fields it reads (``work.ReadRecorder`` notes
them), so its SVG is stored under those fields' values: any later design that agrees on them
gets the same bytes without drawing. Each part keeps the list of read-sets it has been seen
with (they may differ with the values, e.g. ``fused`` reads the plate's fields too); a lookup
tries each. A read-set of None stands for the whole design (its hash).

Entries are dropped least recently used first once the stored bytes pass ``max_bytes``.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Hashable

from ..config import design_to_toml
from ..design import Design

Reads = tuple[str, ...] | None


def design_hash(design: Design) -> str:
    """SHA-256 of the fully resolved design file (``astrofab.toml`` of its build)."""
    return hashlib.sha256(design_to_toml(design).encode("utf-8")).hexdigest()


class BytesLru:
    """Least-recently-used store of bytes, bounded by their total size."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._size = 0

    def get(self, key: Hashable) -> bytes | None:
        data = self._items.get(key)
        if data is not None:
            self._items.move_to_end(key)
        return data

    def put(self, key: Hashable, data: bytes) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self._size -= len(old)
        self._items[key] = data
        self._size += len(data)
        while self._size > self.max_bytes and len(self._items) > 1:
            _, dropped = self._items.popitem(last=False)
            self._size -= len(dropped)

    def __len__(self) -> int:
        return len(self._items)


class PartCache:
    """Part SVGs keyed by (part id, values of the design fields the drawing read)."""

    def __init__(self, max_bytes: int = 96 * 2**20) -> None:
        self._store = BytesLru(max_bytes)
        self._read_sets: dict[Hashable, list[Reads]] = {}

    @staticmethod
    def _key(design: Design, part_id: Hashable, reads: Reads) -> Hashable:
        if reads is None:
            return (part_id, design_hash(design))
        return (part_id, reads, tuple(repr(getattr(design, name)) for name in reads))

    def get(self, design: Design, part_id: Hashable) -> bytes | None:
        for reads in self._read_sets.get(part_id, ()):
            data = self._store.get(self._key(design, part_id, reads))
            if data is not None:
                return data
        return None

    def put(self, design: Design, part_id: Hashable, reads: Reads, data: bytes) -> None:
        known = self._read_sets.setdefault(part_id, [])
        if reads not in known:
            known.append(reads)
        self._store.put(self._key(design, part_id, reads), data)

    def __len__(self) -> int:
        return len(self._store)
