"""Refraction: Sæmundsson (true -> apparent) against Bennett (apparent -> true), two
independent fits to the same refraction tables, and against tabulated values."""

from __future__ import annotations

import numpy as np
import pytest

from astrolabe_fab.reduce.refraction import (
    apparent_from_true_deg,
    refraction_slope,
    true_from_apparent_deg,
)


@pytest.mark.parametrize("true_deg", [0.5, 2.0, 5.0, 10.0, 20.0, 45.0, 70.0, 89.0])
def test_bennett_inverts_saemundsson(true_deg: float) -> None:
    """The two formulas agree to about 0.1' above the horizon (Meeus ch. 16)."""
    back = true_from_apparent_deg(apparent_from_true_deg(true_deg))
    assert abs(float(back) - true_deg) * 60 < 0.15


@pytest.mark.parametrize(
    ("apparent_deg", "refraction_arcmin"),
    [(0.0, 34.5), (5.0, 9.9), (10.0, 5.3), (20.0, 2.6), (45.0, 1.0), (90.0, 0.0)],
)
def test_tabulated_refraction(apparent_deg: float, refraction_arcmin: float) -> None:
    """Standard refraction (10 C, 1010 hPa) as tabulated in the Explanatory Supplement."""
    r = (apparent_deg - float(true_from_apparent_deg(apparent_deg))) * 60
    assert r == pytest.approx(refraction_arcmin, abs=0.35)


def test_slope_matches_finite_difference() -> None:
    h = np.linspace(-1.5, 89.5, 50)
    fd = (apparent_from_true_deg(h + 1e-5) - apparent_from_true_deg(h - 1e-5)) / 2e-5
    assert np.allclose(refraction_slope(h), fd, atol=1e-6)
