"""The HTTP API (SPEC §7) under Starlette's test client: the same bytes as `astrofab build`,
the CLI's one-line messages as 400 JSON, and the limits."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import zipfile
from importlib import resources
from pathlib import Path

import pytest
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.testclient import TestClient

from astrolabe_fab.config import preset_names, preset_summary
from astrolabe_fab.errors import InputError
from astrolabe_fab.web import app as web_app
from astrolabe_fab.web.app import Settings, create_app
from astrolabe_fab.web.engine import BuildRate, Engine
from tests.cli_run import run_cli
from tests.web.conftest import QUERY_STRING, folder_files


def test_plate_of_the_acceptance_is_answered(client: TestClient) -> None:
    response = client.get("/api/parts/plate-38.90N.svg?latitude_deg=38.9")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/svg+xml"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    assert response.headers["server-timing"].startswith("app;dur=")


def test_every_part_is_the_file_astrofab_build_writes(client: TestClient, cli_folder: Path) -> None:
    design = client.get(f"/api/design?{QUERY_STRING}").json()
    assert design["parts"] == list(json.loads((cli_folder / "manifest.json").read_text())["parts"])
    for name in design["parts"]:
        response = client.get(f"/api/parts/{name}.svg?{QUERY_STRING}")
        assert response.status_code == 200, response.text
        assert response.content == (cli_folder / f"{name}.svg").read_bytes(), name


def test_zip_is_byte_identical_to_the_cli_build(client: TestClient, cli_folder: Path) -> None:
    response = client.get(f"/api/build.zip?{QUERY_STRING}")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == 'attachment; filename="astrolabe-38.90N.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    files = {i.filename: archive.read(i) for i in archive.infolist()}
    expected = folder_files(cli_folder)
    assert sorted(files) == [f"astrolabe-38.90N/{name}" for name in expected]
    for name, data in expected.items():
        assert files[f"astrolabe-38.90N/{name}"] == data, name
    again = client.get(f"/api/build.zip?{QUERY_STRING}")
    assert again.content == response.content  # same design, same zip bytes


def test_design_json_resolves_the_design(client: TestClient) -> None:
    body = client.get(f"/api/design?{QUERY_STRING}").json()
    assert body["name"] == "astrolabe-38.90N"
    assert body["design"]["diameter_mm"] == 150.0
    assert body["design"]["twilight"] == ["civil", "astronomical"]
    assert body["values"]["twilight"] == "civil,astronomical"
    assert body["command"] == (
        "astrofab build --lat 38.9 --diameter 150 --epoch 2026 --twilight civil,astronomical "
        "--houses"
    )
    south = client.get("/api/design?place=Sydney").json()
    assert south["parts"][2] == "plate-33.87S"
    assert south["command"] == "astrofab build --place Sydney"


#: Bad designs, as query pairs and as the same options of `astrofab build`.
BAD = [
    ("latitude_deg=95", ["--lat", "95"]),
    ("latitude_deg=38.9&diameter_mm=30", ["--lat", "38.9", "--diameter", "30"]),
    ("latitude_deg=38.9&diameter_mm=abc", ["--lat", "38.9", "--diameter", "abc"]),
    ("latitude_deg=38.9&style=baroque", ["--lat", "38.9", "--style", "baroque"]),
    ("latitude_deg=38.9&twilight=dusk", ["--lat", "38.9", "--twilight", "dusk"]),
    ("latitude_deg=38.9&plates_deg=-10", ["--lat", "38.9", "--plates", "-10"]),
    ("latitude_deg=38.9&star_names=Vulcan", ["--lat", "38.9", "--stars", "Vulcan"]),
    ("place=Atlantis", ["--place", "Atlantis"]),
    ("latitude_deg=38.9&preset=rococo", ["--lat", "38.9", "--preset", "rococo"]),
]


@pytest.mark.parametrize(("query", "argv"), BAD)
def test_bad_design_is_a_400_with_the_cli_message(
    client: TestClient, capsys: pytest.CaptureFixture[str], query: str, argv: list[str]
) -> None:
    response = client.get(f"/api/design?{query}")
    assert response.status_code == 400
    body = response.json()
    code, _, err = run_cli(["build", *argv, "--out", "/nonexistent/never"], capsys)
    assert code == 2
    assert err == f"error: {body['error']}\n"  # the CLI's one line, word for word
    assert "\n" not in body["error"] and "Traceback" not in response.text
    part = client.get(f"/api/parts/rule.svg?{query}")
    assert part.status_code == 400 and part.json()["error"] == body["error"]


def test_error_names_the_control_it_is_about(client: TestClient) -> None:
    def key(query: str) -> str | None:
        return client.get(f"/api/design?{query}").json().get("key")  # type: ignore[no-any-return]

    assert key("latitude_deg=95") == "latitude_deg"
    assert key("latitude_deg=38.9&diameter_mm=30") == "diameter_mm"
    assert key("latitude_deg=38.9&plates_deg=-10") == "plates_deg"
    assert key("latitude_deg=38.9&pivot_screw=m99") == "pivot_screw"
    assert key("latitude_deg=38.9&star_names=Vulcan") == "star_names"
    assert key("latitude_deg=38.9&formats=") == "formats"
    assert key("latitude_deg=38.9&preset=rococo") == "preset"


def test_requests_the_cli_would_not_take_or_that_name_files(client: TestClient) -> None:
    cases = {
        "latitude_deg=38.9&diamter_mm=150": "unknown design key 'diamter_mm' (did you mean "
        "'diameter_mm'?)",
        "latitude_deg=38.9&latitude_deg=40": "latitude_deg is given twice",
        "latitude_deg=38.9&stars_file=/etc/passwd": "stars_file is not accepted",
        "latitude_deg=38.9&maker=" + "x" * 500: "maker is too long",
        "&".join(f"k{i}=1" for i in range(70)): "too many query parameters",
    }
    for query, start in cases.items():
        response = client.get(f"/api/design?{query}")
        assert response.status_code == 400, query
        assert response.json()["error"].startswith(start), response.json()


def test_unknown_paths_and_parts_are_404(client: TestClient) -> None:
    for path in (
        "/etc/passwd",
        "/static/../../../etc/passwd",
        "/static/designer.py",
        "/static/%2e%2e%2f%2e%2e%2fpyproject.toml",
        "/api/parts/..%2f..%2fetc%2fpasswd.svg?latitude_deg=38.9",
        "/api/parts/plate-40.00N.svg?latitude_deg=38.9",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "error" in response.json()
    missing = client.get("/api/parts/plate-40.00N.svg?latitude_deg=38.9").json()["error"]
    assert missing.startswith("no part 'plate-40.00N' in this design: it has mater-front")


def test_static_files_and_security_headers(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and b'<script type="module"' in page.content
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    script = client.get("/static/designer.js")
    assert script.headers["content-type"].startswith("text/javascript")
    schema = client.get("/api/schema").json()
    keys = [f["key"] for f in schema["fields"]]
    assert keys[0] == "latitude_deg" and "diameter_mm" in keys and "stars_file" not in keys
    assert any(p["name"] == "Sydney" for p in schema["places"])


def test_request_limits(client: TestClient) -> None:
    assert client.post("/api/design?latitude_deg=38.9").status_code == 405
    assert client.delete("/").status_code == 405
    long = client.get("/api/design?latitude_deg=38.9&maker=" + "x" * 5000)
    assert long.status_code == 414
    body = client.request("GET", "/api/design?latitude_deg=38.9", content=b"x" * 10)
    assert body.status_code == 413
    foreign = client.get("/", headers={"host": "evil.example:8765"})
    assert foreign.status_code == 421  # a local server answers only to local names
    assert client.get("/", headers={"host": "[::1]:8765"}).status_code == 200


def test_builds_beyond_the_rate_are_refused_with_429() -> None:
    app = create_app(Settings(workers=0, warm=False))
    with TestClient(app, base_url="http://127.0.0.1") as local:
        engine: Engine = local.app.app.state.engine  # type: ignore[attr-defined]
        engine.rate = BuildRate(burst=0, every_s=30.0)
        response = local.get("/api/build.zip?latitude_deg=12")
        assert response.status_code == 429
        assert response.headers["retry-after"] == "30"
        assert response.json()["error"].startswith("too many builds in a short time")


def test_unexpected_failure_is_a_500_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    from astrolabe_fab.web import work

    def broken(*args: object) -> None:
        raise ZeroDivisionError("deep inside")

    monkeypatch.setattr(work, "render_part", broken)
    app = create_app(Settings(workers=0, warm=False))
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as local:
        response = local.get("/api/parts/rule.svg?latitude_deg=12")
    assert response.status_code == 500
    assert response.json() == {
        "error": "unexpected failure (ZeroDivisionError): see the server's terminal"
    }


def test_sheets_are_the_files_astrofab_build_writes(
    client: TestClient, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = "latitude_deg=-20&diameter_mm=80&sheet_mm=300x200&formats=svg&epoch=2026"
    design = client.get(f"/api/design?{query}").json()
    assert design["sheets"] is True
    sheets = client.get(f"/api/sheets?{query}").json()["sheets"]
    out = tmp_path / "build"
    code, _, err = run_cli(["build", *design["command"].split()[2:], "--out", str(out)], capsys)
    assert code == 0, err
    written = sorted(p.stem for p in out.glob("sheet-*.svg"))
    assert sheets == written and sheets
    for name in sheets:
        response = client.get(f"/api/parts/{name}.svg?{query}")
        assert response.content == (out / f"{name}.svg").read_bytes(), name
    assert client.get(f"/api/parts/sheet-99.svg?{query}").status_code == 404
    assert client.get(f"/api/sheets?{QUERY_STRING}").json() == {"sheets": []}


def test_health_schema_page_and_static_files_say_what_the_page_reads(client: TestClient) -> None:
    health = client.get("/api/health").json()
    assert set(health) == {"ok", "ready"} and health["ok"] is True
    assert isinstance(health["ready"], bool)
    schema = client.get("/api/schema").json()
    assert set(schema) == {"fields", "presets", "places", "default_query"}
    assert schema["presets"] == [{"name": n, "summary": preset_summary(n)} for n in preset_names()]
    assert schema["default_query"] == {"latitude_deg": "38.9"}
    static = resources.files("astrolabe_fab").joinpath("web", "static")
    page = client.get("/")
    assert page.content == static.joinpath("index.html").read_bytes()
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    for name, kind in (("designer.js", "text/javascript"), ("style.css", "text/css")):
        response = client.get(f"/static/{name}")
        assert response.content == static.joinpath(name).read_bytes(), name
        assert response.headers["content-type"] == f"{kind}; charset=utf-8", name


def test_not_found_names_the_path(client: TestClient) -> None:
    assert client.get("/static/nope.js").json() == {"error": "not found: /static/nope.js"}
    assert client.get("/etc/passwd").json() == {"error": "not found: /etc/passwd"}


def test_a_message_about_no_one_control_names_none(client: TestClient) -> None:
    response = client.get("/api/design?" + "&".join(f"k{i}=1" for i in range(70)))
    assert response.status_code == 400
    assert response.json() == {"error": "too many query parameters: at most 64"}  # no "key"


def test_an_unexpected_failure_is_logged_with_its_traceback_and_shown_in_one_line(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(name: str) -> str:
        raise RuntimeError("a bug")

    monkeypatch.setattr(web_app, "preset_summary", broken)
    app = create_app(Settings(workers=0, warm=False))
    client = TestClient(app, base_url="http://127.0.0.1:8765", raise_server_exceptions=False)
    with client, caplog.at_level(logging.ERROR):
        response = client.get("/api/schema")
    assert response.status_code == 500
    assert response.json() == {
        "error": "unexpected failure (RuntimeError): see the server's terminal"
    }
    (record,) = [r for r in caplog.records if "unexpected failure" in r.getMessage()]
    assert record.getMessage() == "unexpected failure on /api/schema"
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError


def _request(method: str, path: str) -> Request:
    return Request(
        {"type": "http", "method": method, "path": path, "query_string": b"", "headers": [],
         "scheme": "http", "server": ("127.0.0.1", 8765), "root_path": ""}
    )  # fmt: skip


def test_the_error_handlers_answer_as_the_guard_does() -> None:
    """(The guard refuses other methods before routing; were one to reach the router, its
    answer would be the guard's.) A message that is not a query's has no control key."""
    refused = asyncio.run(web_app._http_error(_request("PUT", "/api/design"), HTTPException(405)))
    assert refused.status_code == 405
    assert json.loads(refused.body) == {"error": "method PUT is not allowed: only GET"}
    missing = asyncio.run(web_app._http_error(_request("GET", "/nowhere"), HTTPException(404)))
    assert missing.status_code == 404 and json.loads(missing.body) == {
        "error": "not found: /nowhere"
    }
    bad = asyncio.run(web_app._bad_design(_request("GET", "/api/design"), InputError("no good")))
    assert bad.status_code == 400 and json.loads(bad.body) == {"error": "no good"}
