"""Fixtures for the whole suite, and how ``pytest -n auto`` deals the tests out.

Each worker of ``pytest -n`` builds whatever parts its tests ask for, and a module's cache of
built parts (``tests.caching.per_mutant_cache``, ``functools.cache``) lives in one worker.
Dealt out one by one (xdist's ``--dist load``), the tests of one cached build went to both
workers and the build was made twice: tests/parts/test_rete_craft.py took 35 s of processor
time in one process and 63 s over two workers. A module whose tests share cached builds by
their parameters says so with ``pytestmark = pytest.mark.shared_builds``: under ``-n`` (unless
another ``--dist`` is asked for) the tests with the same parameters go to one worker together
(xdist's ``--dist loadgroup``, one group per module and parameter set); every other test is
dealt out one by one as before.

A module whose tests share module-wide work (a module-scoped fixture: a browser and a server,
a simulated log and its reduction; or a module cache that most of its tests read) says so with
``pytestmark = pytest.mark.one_worker``: under ``-n`` all its tests go to one worker (one xdist
group for the module), so that work is done once, not once in each worker. Measured on the
modules with either mark, run alone with two workers (2026-12-04): 138 s of processor time
against 156 s dealt out test by test (``--dist load``); 60 rete drawings instead of 75, 63
plates instead of 67, 19 reductions instead of 22, one browser instead of two.

The groups need pytest < 9.2 (the test extra says so): pytest-xdist 3.8 names a test's group
by a suffix it writes into the test's node id, which pytest 9.2 no longer reads, and every
group is then silently dealt out test by test (pytest-xdist issue 1386).
tests/test_conftest_groups.py fails under ``-n`` when the groups do not take effect.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from astrolabe_fab.pool import BUILD_WORKERS_VARIABLE
from tests.caching import clear_mutated_module_caches

#: The key of ``workerinput`` by which the controller tells a worker to group.
GROUPS_KEY = "astrofab_shared_builds"
#: The key of ``workerinput`` by which it says whether the command line chose a ``--dist``.
DIST_GIVEN_KEY = "astrofab_dist_given"

#: ASTROFAB_WORKERS as the caller of pytest set it (None: not set).
CALLERS_BUILD_WORKERS = os.environ.get(BUILD_WORKERS_VARIABLE)
# Builds made in the tests' own processes, and the commands they start, make their parts one
# after another (unless the caller sets ASTROFAB_WORKERS): under ``pytest -n`` every core
# already runs a test worker, and forked build workers beside them only cost system time (12 s
# a suite, the pages a fork copies). The pool is tested where it is the subject:
# tests/test_pool.py, the determinism test (``workers=2``, and a separate command with the
# machine's own count), and the commands run as processes by tests/faults/procs.py, which get
# the machine's own count too.
os.environ.setdefault(BUILD_WORKERS_VARIABLE, "1")


@pytest.fixture(autouse=True)
def _fresh_caches_under_mutation() -> None:
    """Under mutation testing, the mutated module's own caches start empty for every test
    (``tests.caching.clear_mutated_module_caches``); otherwise nothing."""
    clear_mutated_module_caches()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "shared_builds: tests with the same parameters share cached builds: one worker runs "
        "them under pytest -n",
    )
    config.addinivalue_line(
        "markers",
        "one_worker: the module's tests share module-wide fixtures or caches: one worker runs "
        "them all under pytest -n",
    )
    if not config.pluginmanager.hasplugin("xdist"):  # tests/test_conftest_groups.py makes it
        config.addinivalue_line("markers", "xdist_group: pytest-xdist's group (unused here)")
    # xdist chose 'load' for -n without --dist; the scheduler is made later, when tests run
    if getattr(config.option, "dist", "no") == "load" and not _dist_given(config):
        config.option.dist = "loadgroup"
    # a worker parses the command line afresh: the controller tells it (pytest_configure_node)
    if getattr(config, "workerinput", {}).get(GROUPS_KEY):
        config.option.loadgroup = True


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist's hook on the controller, for each worker it starts."""
    node.workerinput[GROUPS_KEY] = node.config.getoption("dist") == "loadgroup"
    node.workerinput[DIST_GIVEN_KEY] = _dist_given(node.config)


def _dist_given(config: pytest.Config) -> bool:
    """Whether the command line, PYTEST_ADDOPTS or the ini's addopts name a ``--dist``."""
    words = [
        *map(str, config.invocation_params.args),
        *os.environ.get("PYTEST_ADDOPTS", "").split(),
        *config.getini("addopts"),
    ]
    return any(word.startswith(("--dist", "-d")) for word in words)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``one_worker`` and ``shared_builds`` as xdist groups (before xdist reads the groups;
    nothing without xdist): one per module for ``one_worker``, one per module and parameter
    set for ``shared_builds``. The set is named by the parameters' names and
    values in sorted order, so that tests parametrized in another order (stacked
    ``parametrize``) with the same values share their group and their builds."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        module = getattr(item, "module", None)
        name = module.__name__ if module is not None else item.nodeid.split("::")[0]
        if item.get_closest_marker("one_worker") is not None:
            item.add_marker(pytest.mark.xdist_group(name))
            continue
        callspec = getattr(item, "callspec", None)
        if callspec is None or item.get_closest_marker("shared_builds") is None:
            continue
        # no ']' in the name: xdist reads a group only after the last ']' of the test's id
        params = ",".join(f"{key}={value!r}" for key, value in sorted(callspec.params.items()))
        item.add_marker(pytest.mark.xdist_group(f"{name}:{params}".replace("]", ")")))
