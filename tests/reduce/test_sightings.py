"""Readers of both sighting layouts (SPEC §5) and their error messages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from astrolabe_fab.errors import InputError
from astrolabe_fab.reduce.positions import resolve_star_name
from astrolabe_fab.reduce.sightings import read_sightings


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "s.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_long_layout(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "utc,object,altitude_deg,session,side,azimuth_deg,extra\n"
        "2024-03-01T21:30:00Z,vega,25.5,a,E,,x\n"
        "2024-03-01T22:30:00+01:00,MARS,10,a,w,250.5,\n"
        "2024-03-02T01:00:00Z,Sun,-0.5,,,,\n",
    )
    s = read_sightings(path, resolve_star_name)
    assert [x.object for x in s] == ["Vega", "Mars", "Sun"]
    assert [x.kind for x in s] == ["star", "planet", "sun"]
    assert s[1].utc == dt.datetime(2024, 3, 1, 21, 30, tzinfo=dt.UTC)
    assert s[0].side == "E" and s[1].side == "W" and s[1].azimuth_deg == 250.5
    assert s[0].session == s[1].session == "a"
    assert s[2].session == "2024-03-02T01:00:00Z"
    assert s[2].line == 4


def test_wide_layout(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "UTC date,UTC time,Latitude,Longitude,Sun elevation,Sirius elevation,Sirius azimuth,"
        "Jupiter elevation,Notes\n"
        "3/4/2021,21:05,39,-77,,30.5,200,15,clear\n"
        "12/31/2022,14:00,,,25,,,,\n"
        ",,,,,,,,\n",
    )
    s = read_sightings(path, resolve_star_name)
    assert [(x.object, x.altitude_deg) for x in s] == [
        ("Sirius", 30.5),
        ("Jupiter", 15.0),
        ("Sun", 25.0),
    ]
    assert s[0].utc == dt.datetime(2021, 3, 4, 21, 5, tzinfo=dt.UTC)
    assert s[0].azimuth_deg == 200.0 and s[0].latitude_deg == 39.0
    assert s[0].longitude_deg == -77.0 and s[2].latitude_deg is None
    assert s[0].session == s[1].session != s[2].session
    assert s[0].column == "Sirius elevation"


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("utc,object,altitude_deg\n2024-03-01T21:30:00,Vega,20\n", [":2:", "'utc'", "offset"]),
        ("utc,object,altitude_deg\n2024-03-01T21:30:00Z,Vega,abc\n", [":2:", "altitude_deg"]),
        ("utc,object,altitude_deg\n2024-03-01T21:30:00Z,Vega,95\n", [":2:", "[-5, 90]"]),
        ("utc,object,altitude_deg\n2024-03-01T21:30:00Z,Vegaa,20\n", [":2:", "Vega"]),
        ("utc,object,altitude_deg,side\n2024-03-01T21:30:00Z,Vega,20,N\n", [":2:", "'side'"]),
        ("UTC date,UTC time,Vega elevation\n13/1/2021,21:00,20\n", [":2:", "'UTC date'"]),
        ("UTC date,UTC time,Vega elevation\n1/1/2021,25:00,20\n", [":2:", "'UTC time'"]),
        ("UTC date,UTC time,Vega elevation\n1/1/2021,21:00,x\n", [":2:", "Vega elevation"]),
        ("UTC date,UTC time,Vegx elevation\n1/1/2021,21:00,20\n", [":1:", "Vegx elevation"]),
        ("a,b\n1,2\n", [":1:", "header"]),
        ("", ["empty"]),
    ],
)
def test_errors_name_file_line_and_column(tmp_path: Path, text: str, pieces: list[str]) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as info:
        read_sightings(path, resolve_star_name)
    message = str(info.value)
    assert str(path) in message and "\n" not in message
    for piece in pieces:
        assert piece in message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_sightings(tmp_path / "nope.csv")
