"""The tests' cache of built parts (``tests.caching.per_mutant_cache``): one entry per mutant
and arguments, however the arguments are written, and none while mutmut maps its tests."""

from __future__ import annotations

import pytest

from tests.caching import MUTANT_VARIABLE, STATS_RUN, per_mutant_cache


def _counting() -> tuple[list[tuple[float, float]], object]:
    calls: list[tuple[float, float]] = []

    @per_mutant_cache
    def build(lat: float, kerf_mm: float = 0.0) -> tuple[float, float]:
        calls.append((lat, kerf_mm))
        return (lat, kerf_mm)

    return calls, build


def test_one_entry_however_the_arguments_are_written(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(MUTANT_VARIABLE, raising=False)
    calls, build = _counting()
    assert build(38.9) == build(38.9, 0.0) == build(38.9, kerf_mm=0.0) == (38.9, 0.0)
    assert build(lat=38.9) == (38.9, 0.0)
    assert calls == [(38.9, 0.0)]
    assert build(38.9, 0.1) == (38.9, 0.1)
    assert calls == [(38.9, 0.0), (38.9, 0.1)]
    build.cache_clear()
    build(38.9)
    assert len(calls) == 3


def test_each_mutant_builds_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    calls, build = _counting()
    for mutant in ("m.x_f__mutmut_1", "m.x_f__mutmut_2", "m.x_f__mutmut_1"):
        monkeypatch.setenv(MUTANT_VARIABLE, mutant)
        build(1.0)
    assert len(calls) == 2


def test_nothing_is_kept_while_mutmut_maps_its_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MUTANT_VARIABLE, STATS_RUN)
    calls, build = _counting()
    build(1.0)
    build(1.0)
    assert len(calls) == 2
