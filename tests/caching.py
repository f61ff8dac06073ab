"""A cache of built parts that mutation testing cannot fool.

mutmut 3 forks each mutant's test run from a process that has already run the tests on the
unmutated code, and names the active mutant in the environment (``MUTANT_UNDER_TEST``). A plain
module-level cache (``functools.cache``) would hand the mutant's tests the part built by the
unmutated code, and no mutant would be killed. ``per_mutant_cache`` keys every entry by the
mutant under test as well, so a mutant's run builds its own parts (once, shared by its tests).

While mutmut collects which tests reach which function (``MUTANT_UNDER_TEST=stats``) nothing is
cached: a test served from the cache would not be seen to reach the functions that built the
part, and would not be run for their mutants.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

#: The environment variable in which mutmut 3 names the mutant being tested.
MUTANT_VARIABLE = "MUTANT_UNDER_TEST"
#: Its value while mutmut records which tests reach which functions.
STATS_RUN = "stats"


def mutant_key() -> str:
    """The mutant under test ('' outside mutation testing)."""
    return os.environ.get(MUTANT_VARIABLE, "")


def per_mutant_cache(fn: F) -> F:
    """``functools.cache`` for positional hashable arguments, keyed also by ``mutant_key``
    (and off during mutmut's stats run)."""
    store: dict[tuple[Hashable, ...], Any] = {}

    @functools.wraps(fn)
    def cached(*args: Hashable) -> Any:
        mutant = mutant_key()
        if mutant == STATS_RUN:
            return fn(*args)
        key = (mutant, *args)
        if key not in store:
            store[key] = fn(*args)
        return store[key]

    cached.cache_clear = store.clear  # type: ignore[attr-defined]
    return cached  # type: ignore[return-value]


def clear_mutated_module_caches() -> None:
    """Under mutation testing, empty the ``functools`` caches of the module being mutated.

    mutmut 3 does not mutate a decorated function, but it mutates the helpers a cached one
    calls (``text._glyph_rings`` calls ``text._glyph_name`` and the outline pen); a cache filled
    by the unmutated code before the fork would answer for them and hide the mutant. The tests'
    autouse fixture (tests/conftest.py) calls this before each test: outside mutation testing
    and during mutmut's stats run it does nothing."""
    mutant = mutant_key()
    if not mutant or mutant == STATS_RUN:
        return
    module = sys.modules.get(mutant.rsplit(".", 1)[0])
    for value in vars(module).values() if module else ():
        clear = getattr(value, "cache_clear", None)
        if callable(clear) and getattr(value, "__module__", None) == module.__name__:
            clear()
