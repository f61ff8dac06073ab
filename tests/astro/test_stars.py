"""The bright-star table and its precession, checked against astronomy-engine and PyEphem."""

from __future__ import annotations

import math
from pathlib import Path

import astronomy
import ephem
import pytest
from astronomy import astronomy as astronomy_impl

from astrolabe_fab.astro import stars as S  # noqa: N812
from astrolabe_fab.errors import InputError


def separation_arcsec(ra1_h: float, dec1_deg: float, ra2_h: float, dec2_deg: float) -> float:
    """Angular distance between two places (spherical law of cosines, vector form)."""
    v1 = astronomy.VectorFromSphere(astronomy.Spherical(dec1_deg, ra1_h * 15.0, 1.0), None)
    v2 = astronomy.VectorFromSphere(astronomy.Spherical(dec2_deg, ra2_h * 15.0, 1.0), None)
    dot = v1.x * v2.x + v1.y * v2.y + v1.z * v2.z
    cross = math.sqrt(
        (v1.y * v2.z - v1.z * v2.y) ** 2
        + (v1.z * v2.x - v1.x * v2.z) ** 2
        + (v1.x * v2.y - v1.y * v2.x) ** 2
    )
    return math.degrees(math.atan2(cross, dot)) * 3600.0


def astronomy_engine_mean_place(star: S.Star, epoch_year: float) -> tuple[float, float]:
    """Mean place by astronomy-engine: proper motion added to RA/Dec linearly (the classical
    way, not the package's vector way), then astronomy-engine's IAU 2006 P03 precession
    matrix (the precession half of Rotation_EQJ_EQD, without its nutation)."""
    dt = epoch_year - 2000.0
    dec = star.dec_j2000_deg + star.pm_dec_mas_yr * dt / 3.6e6
    ra_deg = star.ra_j2000_h * 15.0 + star.pm_ra_mas_yr * dt / 3.6e6 / math.cos(
        math.radians(star.dec_j2000_deg)
    )
    time = astronomy.Time((epoch_year - 2000.0) * 365.25)
    vec = astronomy.VectorFromSphere(astronomy.Spherical(dec, ra_deg, 1.0), time)
    rot = astronomy_impl._precession_rot(time, astronomy_impl._PrecessDir.From2000)
    eq = astronomy.EquatorFromVector(astronomy.RotateVector(rot, vec))
    return eq.ra, eq.dec


def ephem_mean_place(star: S.Star, epoch_year: float) -> tuple[float, float]:
    """Mean place by PyEphem (IAU 1976 precession, its own proper-motion code)."""
    body = ephem.FixedBody()
    body._ra = math.radians(star.ra_j2000_h * 15.0)
    body._dec = math.radians(star.dec_j2000_deg)
    body._pmra = star.pm_ra_mas_yr
    body._pmdec = star.pm_dec_mas_yr
    body._epoch = ephem.J2000
    date = ephem.Date(ephem.J2000 + (epoch_year - 2000.0) * 365.25)
    body.compute(date, epoch=date)
    return math.degrees(body.a_ra) / 15.0, math.degrees(body.a_dec)


@pytest.mark.parametrize("epoch_year", [2000.0, 2030.0])
def test_precession_matches_astronomy_engine(epoch_year: float) -> None:
    # Frame bias (23 mas) is the only expected difference.
    for star in S.load_catalogue():
        ra_h, dec_deg = S.star_ra_dec(star, epoch_year)
        ref = astronomy_engine_mean_place(star, epoch_year)
        assert separation_arcsec(ra_h, dec_deg, *ref) < 0.1, star.name


@pytest.mark.parametrize("epoch_year", [2000.0, 2030.0, 1950.0])
def test_precession_matches_pyephem(epoch_year: float) -> None:
    # IAU 1976 vs IAU 2006 precession differ by < 0.1" per century near J2000.
    for star in S.load_catalogue():
        ra_h, dec_deg = S.star_ra_dec(star, epoch_year)
        ref = ephem_mean_place(star, epoch_year)
        assert separation_arcsec(ra_h, dec_deg, *ref) < 0.5, star.name


def test_precession_is_not_a_no_op() -> None:
    # General precession is 50.3"/yr in ecliptic longitude: Regulus, 0.5 deg from the
    # ecliptic, moves 25.1' in 30 years (plus 7" of proper motion).
    regulus = S.find_star("Regulus")
    ra0, dec0 = S.star_ra_dec(regulus, 2000.0)
    ra1, dec1 = S.star_ra_dec(regulus, 2030.0)
    assert 24.5 * 60 < separation_arcsec(ra0, dec0, ra1, dec1) < 25.7 * 60


def test_public_astronomy_engine_rotation_agrees_within_nutation() -> None:
    # Rotation_EQJ_EQD includes nutation (< 20"); the mean place must sit within that.
    time = astronomy.Time(30 * 365.25)
    rot = astronomy.Rotation_EQJ_EQD(time)
    for star in S.load_catalogue()[:20]:
        v = S.j2000_vector_at_epoch(star, 2030.0)
        eq = astronomy.EquatorFromVector(astronomy.RotateVector(rot, astronomy.Vector(*v, time)))
        assert separation_arcsec(*S.star_ra_dec(star, 2030.0), eq.ra, eq.dec) < 25.0


def test_catalogue_sanity() -> None:
    stars = S.load_catalogue()
    assert len(stars) >= 60
    names = [s.name for s in stars]
    assert len(set(names)) == len(names)
    assert len({n.lower() for n in names}) == len(names)
    hips = [s.hip for s in stars if s.hip is not None]
    assert len(set(hips)) == len(hips) == len(stars)
    for s in stars:
        assert 0.0 <= s.ra_j2000_h < 24.0
        assert -90.0 <= s.dec_j2000_deg <= 90.0
        assert s.vmag is not None and -1.5 <= s.vmag <= 4.5
        assert abs(s.pm_ra_mas_yr) < 4000 and abs(s.pm_dec_mas_yr) < 4000
    # no two entries are the same star under two names (aliases removed)
    for i, a in enumerate(stars):
        for b in stars[i + 1 :]:
            sep = separation_arcsec(a.ra_j2000_h, a.dec_j2000_deg, b.ra_j2000_h, b.dec_j2000_deg)
            assert sep > 60.0, (a.name, b.name)
    for alias in ("Adara", "Agena", "Albereo", "Alcaid", "Etamin", "Sirrah"):
        assert alias not in names


def test_known_stars_against_textbook_values() -> None:
    # Hipparcos J2000 places (ESA 1997) of three stars, independent of the table's source.
    sirius = S.find_star("Sirius")
    assert sirius.hip == 32349
    assert separation_arcsec(sirius.ra_j2000_h, sirius.dec_j2000_deg, 6.752477, -16.716116) < 1
    assert S.find_star("vega").hip == 91262
    assert S.find_star("POLARIS").dec_j2000_deg == pytest.approx(89.2641, abs=1e-3)


def test_find_star_aliases_and_errors() -> None:
    assert S.find_star("  rigil   kentaurus ").name == "Rigil Kentaurus"
    assert S.find_star("Agena").name == "Hadar"
    with pytest.raises(InputError, match="did you mean Betelgeuse"):
        S.find_star("Betelguese")
    with pytest.raises(InputError, match="unknown star"):
        S.find_star("Xyzzy")


def test_epoch_range() -> None:
    with pytest.raises(InputError, match="epoch"):
        S.star_ra_dec(S.find_star("Vega"), 5000.0)


def test_select_by_magnitude_and_names() -> None:
    bright = S.select_stars(max_mag=1.0)
    assert bright[0].name == "Sirius"
    assert all(s.vmag is not None and s.vmag <= 1.0 for s in bright)
    assert [s.vmag for s in bright] == sorted(s.vmag for s in bright)
    named = S.select_stars(names=["vega", "Deneb", "altair", "Vega"])
    assert [s.name for s in named] == ["Vega", "Altair", "Deneb"]
    assert [s.name for s in S.select_stars(names=["Vega", "Polaris"], max_mag=1.0)] == ["Vega"]
    with pytest.raises(InputError, match="max-mag"):
        S.select_stars(max_mag=40)
    with pytest.raises(InputError, match="no star"):
        S.select_stars(max_mag=-1.9)
    with pytest.raises(InputError, match="did you mean"):
        S.select_stars(names=["Vegaa"])


def test_user_star_file(tmp_path: Path) -> None:
    good = tmp_path / "mine.csv"
    good.write_text("# my stars\nname,ra_h,dec_deg,vmag\nAlpha,1.5,20,3.1\nBeta,23.9,-10,\n")
    stars = S.select_stars(star_file=good)
    assert [s.name for s in stars] == ["Alpha", "Beta"]
    assert stars[1].vmag is None and stars[1].pm_ra_mas_yr == 0.0
    assert S.star_ra_dec(stars[0], 2000.0)[1] == pytest.approx(20.0, abs=0.01)

    bad = tmp_path / "bad.csv"
    bad.write_text("name,ra_h,dec_deg\nAlpha,1.5,20\nGamma,25,0\n")
    with pytest.raises(InputError, match=r"bad\.csv, line 3: column 'ra_h'.*outside"):
        S.select_stars(star_file=bad)
    bad.write_text("name,ra_h,dec_deg\nAlpha,1.5,north\n")
    with pytest.raises(InputError, match=r"line 2: column 'dec_deg'.*not a number"):
        S.select_stars(star_file=bad)
    bad.write_text("name,ra,dec\nAlpha,1.5,2\n")
    with pytest.raises(InputError, match="header must have"):
        S.select_stars(star_file=bad)
    bad.write_text("name,ra_h,dec_deg\nAlpha,1.5,2\nalpha,2,3\n")
    with pytest.raises(InputError, match="already given on line 2"):
        S.select_stars(star_file=bad)
    with pytest.raises(InputError, match="cannot read"):
        S.select_stars(star_file=tmp_path / "missing.csv")
