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
import inspect
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
    """``functools.cache`` for hashable arguments, keyed also by ``mutant_key`` (and off during
    mutmut's stats run). The arguments are bound to ``fn``'s parameters with their defaults,
    so ``f(1)``, ``f(1, 0.0)`` and ``f(1, kerf_mm=0.0)`` share one entry."""
    store: dict[tuple[Hashable, ...], Any] = {}
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def cached(*args: Hashable, **kwargs: Hashable) -> Any:
        mutant = mutant_key()
        if mutant == STATS_RUN:
            return fn(*args, **kwargs)
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        key = (mutant, *bound.args, *sorted(bound.kwargs.items()))
        if key not in store:
            store[key] = fn(*bound.args, **bound.kwargs)
        return store[key]

    cached.cache_clear = store.clear  # type: ignore[attr-defined]
    return cached  # type: ignore[return-value]


def clear_mutated_module_caches() -> None:
    """Under mutation testing, empty the package's ``functools`` caches before a test.

    mutmut 3 does not mutate a decorated function, but it mutates the helpers a cached one
    calls (``text._glyph_rings`` calls ``text._glyph_name`` and the outline pen). A cache filled
    by the unmutated code before the fork would answer for them and hide the mutant: while a
    mutant is tested, the caches of its module are emptied. And a cache filled by one test
    would hide from mutmut's stats run that the next tests reach those helpers too (mutmut runs
    a mutant only against the tests its stats say reach it): during the stats run every cache
    of the package is emptied. The tests' autouse fixture (tests/conftest.py) calls this before
    each test; outside mutation testing it does nothing."""
    mutant = mutant_key()
    if not mutant:
        return
    if mutant == STATS_RUN:
        modules = [m for name, m in sys.modules.items() if name.startswith("astrolabe_fab")]
    else:
        modules = [m for m in (sys.modules.get(mutant.rsplit(".", 1)[0]),) if m is not None]
    for module in modules:
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and getattr(value, "__module__", None) == module.__name__:
                clear()
