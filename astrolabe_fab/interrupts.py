"""Signals: Ctrl-C (SIGINT), SIGTERM and SIGHUP all stop a command the same way.

``install`` makes each of them raise ``Interrupted`` in the main thread; the command's entry
point turns it into one line on stderr and the conventional exit code 128 + signal number
(130, 143, 129). Nothing is half-written, because every output is published atomically at the
end (``outputs.py``); the one step that must not be cut in two, the publishing itself, runs in
``deferred()``, which holds a signal back until the step is over.

This module imports nothing heavy: the entry point installs the handlers before it imports the
rest of the package, so that a signal during start-up is handled too.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from types import FrameType

#: The signals that stop a command (SIGHUP does not exist on Windows).
STOP_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)

_held: list[int] = []  # signals received inside ``deferred`` sections
_depth = 0  # nesting depth of ``deferred`` sections
_stopping = False  # an Interrupted has been raised


class Interrupted(BaseException):
    """A stop signal arrived; ``exit_code`` is 128 + its number, ``written`` what was already
    published completely when it arrived (a deferred signal)."""

    def __init__(self, signum: int, written: str | None = None) -> None:
        super().__init__(signum)
        self.signum = signum
        self.written = written

    @property
    def exit_code(self) -> int:
        return 128 + self.signum

    @property
    def name(self) -> str:
        try:
            return signal.Signals(self.signum).name
        except ValueError:
            return f"signal {self.signum}"

    def message(self) -> str:
        """The one line the command prints."""
        what = "interrupted" if self.signum == signal.SIGINT else f"stopped by {self.name}"
        if self.written:
            return f"{what}: {self.written} had been written completely"
        return f"{what}: nothing was written"


def cause(exc: BaseException) -> Interrupted | None:
    """The ``Interrupted`` behind an exception, if any: Python 3.11 wraps an exception raised
    while a class is made (``__set_name__``) in a RuntimeError, so a signal during an import
    can arrive as one."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, Interrupted):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _raise(signum: int, frame: FrameType | None) -> None:
    global _stopping
    if _depth:
        _held.append(signum)
        return
    if _stopping:  # the command is already stopping (cleaning up, printing its line)
        return
    _stopping = True
    raise Interrupted(signum)


def install() -> None:
    """Make SIGINT, SIGTERM and SIGHUP raise ``Interrupted`` (main thread only); a second
    signal while the command stops is ignored, so its one line is never cut by a traceback."""
    for sig in STOP_SIGNALS:
        signal.signal(sig, _raise)


def stopped() -> bool:
    """Whether a stop signal has been raised as ``Interrupted`` in this process."""
    return _stopping


def ignore() -> None:
    """Ignore stop signals from now on: the command has finished and only exits."""
    for sig in STOP_SIGNALS:
        signal.signal(sig, signal.SIG_IGN)


@contextlib.contextmanager
def deferred(done: str) -> Iterator[None]:
    """Hold stop signals back while the block runs; raise the first one afterwards, saying that
    ``done`` (what the block made, e.g. the published folder) is complete. If the block fails,
    its error goes on and a held signal is dropped (the command stops either way)."""
    global _depth
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        held = list(_held) if _depth == 0 else []
        if _depth == 0:
            _held.clear()
    if held:
        raise Interrupted(held[0], written=done)
