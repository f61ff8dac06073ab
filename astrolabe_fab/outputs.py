"""The one way a command puts its results on disk (build and reduce folders, simulate files).

Promises (README "Output folders"):
- complete or not at all: the files are written into a hidden temporary entry beside the
  result (``.<name>.astrofab-<pid>-<random>.tmp``) and renamed into place at the end; a failure
  or a stop signal removes it, and a process killed outright (SIGKILL, power loss) leaves it
  to the next command that writes into the same folder, which removes the temporary entries
  of processes that no longer run (only its own user's, only names of this pattern);
- never over existing results without ``--force``: a build then takes ``<name>-2``,
  ``<name>-3``, ... (``numbered``), the other commands refuse (exit code 2); ``--force``
  replaces only a folder astrofab wrote (it holds the command's ``marker`` file), an empty
  folder or a symbolic link (the link, not what it points to), never other files;
- concurrent commands: the name is chosen and the rename done while holding an exclusive lock
  on the parent folder (``flock``), so of two builds into one folder the first to finish gets
  ``<name>`` and the second ``<name>-2``; no build's files are lost;
- the user's umask: folders are made with mode 0777 and files with 0666, less the umask;
- errors: one line (an InputError, exit code 2) naming the folder and the system's reason,
  e.g. "no space left on device"; folders made on the way are removed again.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import stat
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import interrupts
from .errors import InputError

try:  # POSIX only; elsewhere the rename rules alone keep a non-empty folder
    import fcntl
except ImportError:  # pragma: no cover (Windows)
    fcntl = None  # type: ignore[assignment]

#: Longest file or folder name astrofab writes, bytes: the system's 255 less the temporary
#: entry's decoration and a ``-999`` suffix.
MAX_NAME_BYTES = 200
#: Longest path, bytes (the system limit is 4096).
MAX_PATH_BYTES = 4000
#: ``<name>-2`` ... ``<name>-999``.
MAX_NUMBERED = 999
#: How long a command waits for another one to finish publishing into the same folder, s.
LOCK_WAIT_S = 30.0

TEMP_NAME = re.compile(r"\..+\.astrofab-(\d+)-[0-9a-z]+\.tmp", re.DOTALL)


@dataclass(frozen=True)
class Target:
    """Where a command's result goes and what may happen to what is there already."""

    path: Path
    force: bool = False
    #: take ``<name>-2``, ``<name>-3``, ... when the name is taken (instead of refusing)
    numbered: bool = False
    #: a file that only this command writes into its folder (``--force`` replaces a folder
    #: holding it); None for a single file
    marker: str | None = None

    @property
    def is_folder(self) -> bool:
        return self.marker is not None


# --------------------------------------------------------------------------- checks (no I/O)


def check_target(target: Target) -> Path:
    """Check a target before any work is done (nothing is changed on disk); return the path
    the result would take now (``<name>-2`` when ``<name>`` is taken and ``numbered``)."""
    path = target.path
    what = "output folder" if target.is_folder else "output file"
    name = path.name
    if name in ("", ".", ".."):
        raise InputError(f"{what} {str(path)!r} names no new entry: give a name, e.g. out/mine")
    size = len(os.fsencode(name))
    if size > MAX_NAME_BYTES:
        raise InputError(
            f"{what} name {name[:20]!r}... is {size} bytes long: at most {MAX_NAME_BYTES} bytes"
        )
    absolute = Path(os.path.abspath(path))
    if len(os.fsencode(str(absolute))) > MAX_PATH_BYTES:
        raise InputError(f"{what} path is too long: at most {MAX_PATH_BYTES} bytes")
    with contextlib.suppress(OSError):
        cwd = Path.cwd()
        if absolute == cwd or absolute in cwd.parents:
            raise InputError(f"{what} {path} is the current folder or holds it: give a new name")
    _check_parent(path, absolute, target.is_folder)
    if not os.path.lexists(path):
        return path
    if target.force:
        _check_replaceable(target)
        return path
    if target.numbered:
        return _free_numbered(path)
    raise _exists(path)


def _exists(path: Path) -> InputError:
    return InputError(f"{path} exists: add --force to replace it, or choose another --out")


def _check_parent(path: Path, absolute: Path, make_parents: bool) -> None:
    parent = absolute.parent
    if not make_parents and not parent.is_dir():
        raise InputError(f"{path}: folder {path.parent} does not exist")
    while not os.path.lexists(parent):
        parent = parent.parent
    if not parent.is_dir():
        raise InputError(f"cannot write to {path}: {parent} is not a folder (choose another --out)")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"cannot write to {path}: permission denied (choose a writable --out)")


def _check_replaceable(target: Target) -> None:
    """``--force``: may what is at the target's path be replaced?"""
    path = target.path
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        return  # the link is replaced; what it points to is left alone
    if target.marker is None:  # a file
        if stat.S_ISREG(info.st_mode):
            return
        raise InputError(f"{path} is not a regular file: --force replaces only files")
    if not stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path} is a file, not a folder: --force replaces only folders")
    with os.scandir(path) as entries:
        names = {e.name for e in entries}
    if names and target.marker not in names:
        raise InputError(
            f"{path} holds files astrofab did not write (no {target.marker}): --force replaces "
            "only astrofab's own folders and empty ones; choose another --out"
        )


def _free_numbered(path: Path) -> Path:
    for k in range(2, MAX_NUMBERED + 1):
        candidate = path.with_name(f"{path.name}-{k}")
        if not os.path.lexists(candidate):
            return candidate
    raise InputError(f"{path} and {path.name}-2 to -{MAX_NUMBERED} exist: use --force")


# --------------------------------------------------------------------------- publishing


def publish_folder(target: Target, files: Mapping[str, bytes]) -> Path:
    """Write ``files`` (name -> bytes) as the folder ``target.path`` (or ``<name>-k``)."""
    if target.marker is not None and target.marker not in files:
        raise ValueError(f"a folder published by astrofab holds its marker {target.marker}")
    return _publish(target, lambda tmp: _write_folder(tmp, files))


def publish_file(target: Target, data: bytes) -> Path:
    """Write ``data`` as the file ``target.path``."""
    return _publish(target, lambda tmp: _write_new(tmp, data))


def _publish(target: Target, fill: Callable[[Path], None]) -> Path:
    """Check, fill a temporary entry beside the target, rename it into place."""
    check_target(target)
    path = target.path
    created = _make_parents(path.parent) if target.is_folder else []
    try:
        remove_stale_temps(path.parent)
        tmp = _temp_path(path.parent, path.name)
        try:
            fill(tmp)
            with _parent_lock(path.parent):
                return _rename_into_place(target, tmp)
        finally:
            _remove(tmp)
    except OSError as exc:
        _remove_created(created)
        reason = (exc.strerror or type(exc).__name__).lower()
        raise InputError(f"cannot write {path}: {reason}; nothing was written") from None
    except BaseException:
        _remove_created(created)
        raise


def _rename_into_place(target: Target, tmp: Path) -> Path:
    """Under the parent's lock: choose the name and rename ``tmp`` to it (signals held)."""
    path = target.path
    for _attempt in range(MAX_NUMBERED):
        final = path
        if os.path.lexists(path):
            if target.force:
                _check_replaceable(target)
                return _replace(tmp, path)
            if not target.numbered:
                raise _exists(path)
            final = _free_numbered(path)
        try:
            with interrupts.deferred(str(final)):
                if target.is_folder:
                    os.rename(tmp, final)  # fails on a non-empty folder that appeared meanwhile
                else:
                    _link_no_replace(tmp, final)
            return final
        except OSError as exc:  # taken meanwhile by a command that does not lock
            if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY, errno.ENOTDIR, errno.EISDIR):
                raise
    raise InputError(f"{path}: no free name found")


def _link_no_replace(tmp: Path, final: Path) -> None:
    """Rename a file unless the name is taken (a hard link fails on an existing name)."""
    try:
        os.link(tmp, final)
    except OSError as exc:
        if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
            raise
        if os.path.lexists(final):  # no hard links on this file system; we hold the lock
            raise FileExistsError(errno.EEXIST, "exists", str(final)) from None
        os.rename(tmp, final)
        return
    os.unlink(tmp)


def _replace(tmp: Path, final: Path) -> Path:
    """``--force``: move the old entry aside, the new one in, then delete the old one."""
    old = _temp_path(final.parent, final.name)
    try:
        with interrupts.deferred(str(final)):
            os.rename(final, old)
            try:
                os.rename(tmp, final)
            except OSError:
                os.rename(old, final)
                raise
    finally:
        _remove(old)
    return final


def _write_folder(tmp: Path, files: Mapping[str, bytes]) -> None:
    os.mkdir(tmp, 0o777)
    for name, data in files.items():
        _write_new(tmp / name, data)


def _write_new(path: Path, data: bytes) -> None:
    """Create a file (mode 0666 less the umask) and write all of ``data``."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def _temp_path(parent: Path, name: str) -> Path:
    return parent / f".{name}.astrofab-{os.getpid()}-{secrets.token_hex(4)}.tmp"


def _make_parents(folder: Path) -> list[Path]:
    """Make ``folder`` and its missing parents (mode 0777 less the umask); return those made."""
    missing: list[Path] = []
    p = folder
    while not os.path.lexists(p):
        missing.append(p)
        p = p.parent
    created: list[Path] = []
    for d in reversed(missing):
        try:
            os.mkdir(d, 0o777)
            created.append(d)
        except FileExistsError:
            pass
        except OSError:
            _remove_created(created)
            raise
    return created


def _remove_created(created: list[Path]) -> None:
    for d in reversed(created):
        try:
            os.rmdir(d)
        except OSError:
            return


def _remove(path: Path) -> None:
    """Remove a file, link or folder tree if it is there; errors are ignored."""
    try:
        info = os.lstat(path)
    except OSError:
        return
    if stat.S_ISDIR(info.st_mode):
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            os.unlink(path)


@contextlib.contextmanager
def _parent_lock(folder: Path) -> Iterator[None]:
    """An exclusive ``flock`` on the folder itself (released by the system if the process
    dies); where the file system has no such locks, no lock (the renames still never replace
    a non-empty folder)."""
    fd = -1
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    if fd < 0:
        yield
        return
    try:
        deadline = time.monotonic() + LOCK_WAIT_S
        locked = False
        while not locked:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                locked = True
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise InputError(
                        f"another astrofab command has been writing into {folder} for "
                        f"{LOCK_WAIT_S:g} s: try again when it is done"
                    ) from None
                time.sleep(0.02)
            except OSError:  # no locks on this file system
                break
        yield
    finally:
        os.close(fd)  # releases the lock


# --------------------------------------------------------------------------- stale entries


def remove_stale_temps(folder: Path) -> list[str]:
    """Remove the temporary entries astrofab processes that no longer run left in ``folder``
    (only this user's, only names of astrofab's pattern); return their names."""
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = TEMP_NAME.fullmatch(entry.name)
        if match is None or _alive(int(match.group(1))):
            continue
        try:
            if entry.stat(follow_symlinks=False).st_uid != os.geteuid():
                continue
        except OSError:
            continue
        _remove(Path(entry.path))
        removed.append(entry.name)
    return removed


def _alive(pid: int) -> bool:
    """Whether a process of that number runs (one we may not signal counts as running)."""
    if pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
