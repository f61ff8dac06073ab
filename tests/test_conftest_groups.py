"""How ``pytest -n`` groups the tests that share cached builds (tests/conftest.py): one xdist
group per module and parameter values, whatever order the parameters were given in; one group
for the whole of a module marked ``one_worker``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.conftest import DIST_GIVEN_KEY, GROUPS_KEY, pytest_collection_modifyitems

#: this module is itself one group, so that the last test can see its group took effect
pytestmark = pytest.mark.one_worker


@dataclass
class _CallSpec:
    params: dict[str, Any]


@dataclass
class _Module:
    __name__: str


@dataclass
class _Item:
    """What the hook reads of a test item: its module, parameters and markers."""

    module: _Module
    callspec: _CallSpec | None
    shared: bool = True
    one_worker: bool = False
    markers: list[pytest.MarkDecorator] = field(default_factory=list)
    nodeid: str = "tests/x.py::t"

    def get_closest_marker(self, name: str) -> object | None:
        if name == "one_worker":
            return object() if self.one_worker else None
        return object() if name == "shared_builds" and self.shared else None

    def add_marker(self, marker: pytest.MarkDecorator) -> None:
        self.markers.append(marker)

    def group(self) -> str | None:
        found = [m.args[0] for m in self.markers if m.name == "xdist_group"]
        return found[0] if found else None


@dataclass
class _Plugins:
    xdist: bool

    def hasplugin(self, name: str) -> bool:
        return name == "xdist" and self.xdist


@dataclass
class _Config:
    pluginmanager: _Plugins


def test_the_same_values_in_another_order_share_a_group_other_values_do_not() -> None:
    module = _Module("tests.parts.test_rete_craft")
    rete = {"lat": 51.8, "dia": 200.0, "style": "chaucer"}
    items = [
        _Item(module, _CallSpec(rete)),
        _Item(module, _CallSpec({"style": "chaucer", "lat": 51.8, "dia": 200.0})),
        _Item(module, _CallSpec({**rete, "dia": 300.0})),
        _Item(_Module("tests.parts.test_rete"), _CallSpec(rete)),
        _Item(module, _CallSpec(rete), shared=False),
        _Item(module, None),
        _Item(module, _CallSpec({"name": "a]b"})),
    ]
    pytest_collection_modifyitems(_Config(_Plugins(xdist=True)), items)  # type: ignore[arg-type]
    groups = [item.group() for item in items]
    assert groups[0] == groups[1]
    assert len({groups[0], groups[2], groups[3]}) == 3  # another value, another module
    assert groups[4] is None and groups[5] is None  # not shared, or no parameters
    assert groups[6] is not None and "]" not in groups[6]  # xdist reads past the last ']'


def test_no_groups_without_xdist() -> None:
    item = _Item(_Module("tests.m"), _CallSpec({"lat": 1.0}))
    pytest_collection_modifyitems(_Config(_Plugins(xdist=False)), [item])  # type: ignore[arg-type]
    assert item.group() is None


def test_a_one_worker_module_is_one_group_whatever_its_tests_parameters() -> None:
    browser, log = _Module("tests.web.test_browser"), _Module("tests.reduce.test_commands")
    items = [
        _Item(browser, None, shared=False, one_worker=True),
        _Item(browser, _CallSpec({"lat": 1.0}), one_worker=True),  # shared_builds too
        _Item(browser, _CallSpec({"lat": 2.0}), shared=False, one_worker=True),
        _Item(log, None, shared=False, one_worker=True),
        _Item(log, None, shared=False),
    ]
    pytest_collection_modifyitems(_Config(_Plugins(xdist=True)), items)  # type: ignore[arg-type]
    groups = [item.group() for item in items]
    assert groups[:3] == ["tests.web.test_browser"] * 3
    assert groups[3] == "tests.reduce.test_commands" and groups[4] is None
    assert all(len([m for m in item.markers if m.name == "xdist_group"]) <= 1 for item in items)


def test_under_pytest_n_the_groups_take_effect(request: pytest.FixtureRequest) -> None:
    """Under ``pytest -n`` without a ``--dist`` of the caller's, the tests are dealt out by
    group (tests/conftest.py switches xdist to ``loadgroup``), and the groups take effect:
    pytest-xdist deals out a group by a suffix it writes into each test's node id, which pytest
    9.2 ignores, so that every group is silently dealt out test by test again (pytest-xdist
    issue 1386, hence the test extra's pytest < 9.2). This module is a group: its node ids must
    carry it."""
    workerinput = getattr(request.config, "workerinput", None)
    if workerinput is None or workerinput.get(DIST_GIVEN_KEY, True):
        pytest.skip("not run by a pytest -n worker dealing out tests as tests/conftest.py does")
    assert workerinput.get(GROUPS_KEY) and request.config.getvalue("loadgroup")
    assert request.node.nodeid.endswith("@tests.test_conftest_groups"), (
        f"pytest -n deals out the groups test by test with pytest {pytest.__version__}: "
        'pip install -e ".[test]" installs a pytest that keeps them (< 9.2)'
    )
