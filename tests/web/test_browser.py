"""The designer in a real browser: headless Chromium (Debian's ``chromium`` package, which
``.ci/run`` installs when missing) driven by Playwright against ``astrofab serve``.

Playwright is used with the system's browser only (``executable_path``); its own browser
download (``playwright install``) is never needed. Without Chromium the tests are skipped on
a developer's machine and fail in CI (CI=true).
"""

from __future__ import annotations

import io
import os
import re
import shlex
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli_run import run_cli
from tests.web.conftest import LiveServer, cli_build, folder_files

#: one browser (a module fixture) for all the page's tests: one worker runs them all
#: (tests/conftest.py)
pytestmark = pytest.mark.one_worker

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: Headless, no sandbox (CI runs as root), and none of the browser's own network traffic.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Longest wait for a page event, ms (a cold drawing on a busy 2-core machine included).
WAIT_MS = 60_000


def _playwright() -> Any:
    why = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        why = "playwright is not installed (pip install -e '.[test]')"
    if why is None and not Path(CHROMIUM).exists():
        why = "Chromium is not installed (apt-get install chromium)"
    if why is not None:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {why}")
        pytest.skip(why)
    return sync_playwright


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with _playwright()() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    failures: list[str] = []
    page.on("pageerror", lambda error: failures.append(f"page error: {error}"))
    page.on("console", lambda m: failures.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    expected = "the server responded with a status of 400"  # a bad design, on purpose
    assert [f for f in failures if expected not in f] == []  # no script error or bad request


def preview_of(page: Any, part: str) -> Any:
    """Wait until the preview shows ``part`` and return its svg element."""
    page.wait_for_selector(f'#preview[data-part="{part}"] > svg')
    return page.locator("#preview > svg")


def drawn_shapes(page: Any) -> int:
    """Shapes of the part's own layers in the preview (not the material underlays)."""
    return int(
        page.evaluate(
            """() => document.querySelectorAll(
                '#preview > svg > g:not([data-layer=MATERIAL]):not([data-layer=HOLES]) > *'
            ).length"""
        )
    )


def set_slider(page: Any, value: str) -> None:
    """Move the latitude slider to ``value`` as a drag does: set it, send 'input'.
    (Playwright cannot ``fill`` a range input; its maintainers advise this.)"""
    page.locator("#latitude-slider").evaluate(
        "(slider, value) => { slider.value = value; "
        "slider.dispatchEvent(new Event('input', {bubbles: true})); }",
        value,
    )


def test_slider_moves_the_plate_from_38_9_to_minus_33_87(
    page: Any, live_server: LiveServer
) -> None:
    page.goto(f"{live_server.url}/")
    north = preview_of(page, "plate-38.90N").inner_html()
    assert page.input_value("#f-latitude_deg") == "38.9"
    assert page.url.endswith("/?latitude_deg=38.9")

    box = page.locator("#latitude-slider").bounding_box()  # a real drag, by the mouse
    page.mouse.move(box["x"] + box["width"] * (38.9 + 90) / 180, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    page.wait_for_function(
        "() => !document.querySelector('#preview').dataset.part.includes('38.90N')"
    )
    dragged = float(page.input_value("#f-latitude_deg"))
    assert 10.0 < dragged < 30.0

    set_slider(page, "-33.87")
    south = preview_of(page, "plate-33.87S")
    assert page.input_value("#f-latitude_deg") == "-33.87"
    assert page.get_attribute('#tabs [data-part="plate-33.87S"]', "aria-selected") == "true"
    assert "latitude_deg=-33.87" in page.url
    assert south.inner_html() != north
    served = page.request.get(f"{live_server.url}/api/parts/plate-33.87S.svg?latitude_deg=-33.87")
    assert drawn_shapes(page) == len(re.findall(r"<(?:path|circle) ", served.text()))


def test_bad_diameter_shows_the_cli_message_by_the_control(
    page: Any, live_server: LiveServer, capsys: pytest.CaptureFixture[str]
) -> None:
    page.goto(f"{live_server.url}/?latitude_deg=-33.87")
    preview_of(page, "plate-33.87S")
    page.fill("#f-diameter_mm", "30")
    message = page.locator('[data-error-for="diameter_mm"]')
    message.wait_for(state="visible")
    code, _, err = run_cli(["build", "--lat", "-33.87", "--diameter", "30"], capsys)
    assert code == 2 and err == f"error: {message.text_content()}\n"
    assert page.get_attribute("#f-diameter_mm", "aria-invalid") == "true"
    assert page.is_disabled("#download")
    page.fill("#f-diameter_mm", "150")
    message.wait_for(state="hidden")
    page.wait_for_function("() => location.search.includes('diameter_mm=150')")
    assert page.is_enabled("#download")


def test_zip_from_the_page_is_the_cli_build_of_its_command(
    page: Any, live_server: LiveServer, tmp_path: Path
) -> None:
    page.goto(f"{live_server.url}/?latitude_deg=-33.87&diameter_mm=150&rete_style=transparent")
    preview_of(page, "plate-33.87S")
    command = page.input_value("#command")
    assert command == "astrofab build --lat -33.87 --diameter 150 --rete transparent"
    with page.expect_download(timeout=WAIT_MS) as download:
        page.click("#download")
    assert download.value.suggested_filename == "astrolabe-33.87S.zip"
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    got = {i.filename: archive.read(i) for i in archive.infolist()}
    expected = folder_files(cli_build(shlex.split(command)[2:], tmp_path / "cli"))
    assert sorted(got) == [f"astrolabe-33.87S/{name}" for name in expected]
    for name, data in expected.items():
        assert got[f"astrolabe-33.87S/{name}"] == data, name


def test_controls_place_tabs_look_link_and_command(page: Any, live_server: LiveServer) -> None:
    page.goto(f"{live_server.url}/")
    preview_of(page, "plate-38.90N")
    fields = page.request.get(f"{live_server.url}/api/schema").json()["fields"]
    for field in fields:  # one control per design-schema field
        assert page.locator(f'#form [data-key="{field["key"]}"]').count() == 1, field["key"]

    page.fill("#f-place", "Sydney")
    page.dispatch_event("#f-place", "change")
    preview_of(page, "plate-33.87S")
    assert page.input_value("#f-latitude_deg") == "-33.8688"
    assert page.input_value("#command") == "astrofab build --place Sydney"
    page.check("#f-houses")
    page.wait_for_function("() => location.search.includes('houses=true')")

    page.click('#tabs [data-part="rete"]')
    preview_of(page, "rete")
    page.check('input[name="look"][value="material"]')
    material = page.locator('#preview > svg > g[data-layer="MATERIAL"]')
    assert material.evaluate("g => getComputedStyle(g).display") != "none"
    assert material.locator("> *").count() >= 1

    page.click('#tabs [data-part="all parts"]')
    page.wait_for_selector("#preview.gallery figure svg")
    parts = page.request.get(f"{live_server.url}/api/design?place=Sydney&houses=true").json()
    assert page.locator("#preview.gallery figure").count() == len(parts["parts"]) >= 6

    page.click("#copy")
    page.wait_for_function("() => document.querySelector('#status').textContent.includes('cop')")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == "astrofab build --place Sydney --houses"

    again = page.context.new_page()  # the link reproduces the design
    again.goto(page.url)
    again.wait_for_selector("#preview > svg, #preview.gallery figure svg")
    assert again.input_value("#command") == "astrofab build --place Sydney --houses"
    assert again.is_checked("#f-houses")
    again.click('#tabs [data-part="plate-33.87S"]')
    again.select_option("#f-preset", "chaucer")  # a fresh start from the preset
    preview_of(again, "plate-51.83N")
    assert again.input_value("#command") == "astrofab build --preset chaucer"
    assert again.input_value("#f-style") == "classic"
    again.close()
