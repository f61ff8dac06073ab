"""The one way astrofab reads a file the user names: design files, star tables, sightings logs,
instrument manifests and the DXF files ``inspect`` reads back.

Rules (README "Input files"), each broken one a one-line InputError (exit code 2):
- regular files only: a folder, FIFO, socket or device (``/dev/zero``, a terminal) is refused
  from its ``stat`` before it is opened, so nothing blocks or reads without end; the file is
  then opened without blocking and checked again (it may have been swapped meanwhile);
- a size limit per kind of file (``LIMITS``), checked on the size the system reports and again
  while reading (a file may grow);
- text is UTF-8, with or without a byte-order mark; other bytes, and NUL characters, are
  refused with the offset of the first bad byte.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import InputError

MIB = 1024 * 1024

#: Largest accepted file of each kind, bytes. A design file is about 1 kB; the full Hipparcos
#: catalogue as a star table about 8 MB; a sightings log of 100 000 rows about 6 MB; an
#: astrofab manifest or part DXF a few MB at the largest diameter.
LIMITS: dict[str, int] = {
    "design file": 1 * MIB,
    "star file": 16 * MIB,
    "sightings file": 16 * MIB,
    "instrument manifest": 16 * MIB,
    "manifest": 16 * MIB,
    "DXF file": 64 * MIB,
}


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _size_text(n: int) -> str:
    return f"{n / MIB:.1f} MB" if n >= MIB else f"{n} bytes"


def _too_big(path: Path, what: str, limit: int, size: int | None) -> InputError:
    found = f"is {_size_text(size)}" if size is not None else "is larger than that"
    return InputError(f"{what} {path} {found}: a {what} may hold at most {_size_text(limit)}")


def read_bytes(path: str | Path, what: str) -> bytes:
    """The bytes of a regular file of the kind ``what`` (a key of LIMITS), within its limit."""
    path = Path(path)
    limit = LIMITS[what]
    try:
        info = os.stat(path)
    except OSError as exc:
        raise InputError(f"cannot read {what} {path}: {_reason(exc)}") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{what} {path} is {_kind(info.st_mode)}: give a regular file")
    if info.st_size > limit:
        raise _too_big(path, what, limit, info.st_size)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(f"cannot read {what} {path}: {_reason(exc)}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # swapped for something else since the stat above
            raise InputError(f"{what} {path} is {_kind(mode)}: give a regular file")
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(limit + 1 - total, MIB))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise _too_big(path, what, limit, None)
    except OSError as exc:
        raise InputError(f"cannot read {what} {path}: {_reason(exc)}") from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def read_text(path: str | Path, what: str) -> str:
    """The text of a UTF-8 file (a byte-order mark is dropped) of the kind ``what``."""
    data = read_bytes(path, what)
    return decode(data, f"{what} {Path(path)}")


def decode(data: bytes, where: str) -> str:
    """UTF-8 bytes (optional byte-order mark) -> text; InputError at the first bad byte or NUL."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where} is not UTF-8 text: byte 0x{data[exc.start]:02x} at offset {exc.start} "
            "(save it as UTF-8)"
        ) from None
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(f"{where} holds a NUL character (at character {nul}): not a text file")
    return text


def _reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()
