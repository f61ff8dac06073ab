"""Fixtures for the whole suite."""

from __future__ import annotations

import pytest

from tests.caching import clear_mutated_module_caches


@pytest.fixture(autouse=True)
def _fresh_caches_under_mutation() -> None:
    """Under mutation testing, the mutated module's own caches start empty for every test
    (``tests.caching.clear_mutated_module_caches``); otherwise nothing."""
    clear_mutated_module_caches()
