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
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.caching import clear_mutated_module_caches

#: The key of ``workerinput`` by which the controller tells a worker to group.
GROUPS_KEY = "astrofab_shared_builds"


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
    """``shared_builds`` as xdist groups: one per module and parameter set (before xdist
    reads the groups; nothing without xdist). The set is named by the parameters' names and
    values in sorted order, so that tests parametrized in another order (stacked
    ``parametrize``) with the same values share their group and their builds."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is None or item.get_closest_marker("shared_builds") is None:
            continue
        module = getattr(item, "module", None)
        name = module.__name__ if module is not None else item.nodeid.split("::")[0]
        # no ']' in the name: xdist reads a group only after the last ']' of the test's id
        params = ",".join(f"{key}={value!r}" for key, value in sorted(callspec.params.items()))
        item.add_marker(pytest.mark.xdist_group(f"{name}:{params}".replace("]", ")")))
