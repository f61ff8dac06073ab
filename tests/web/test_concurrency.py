"""Requests of one client do not hold up another's: previews are answered while a zip is being
built and while another client's long drawing runs (a real ``astrofab serve``)."""

from __future__ import annotations

import time
import urllib.request
from concurrent.futures import Future, ThreadPoolExecutor

from astrolabe_fab.design import latitude_tag
from tests.web.conftest import LiveServer


def fetch(url: str) -> float:
    """GET ``url``; the monotonic time it was answered."""
    with urllib.request.urlopen(url, timeout=120) as response:
        assert response.status == 200
        response.read()
    return time.monotonic()


def plates_while(slow: Future[float], base: str, lats: list[float], query: str = "") -> float:
    """Drag a slider over ``lats`` while ``slow`` runs; when the last plate came."""
    last = 0.0
    for lat in lats:
        url = f"{base}/api/parts/plate-{latitude_tag(lat)}.svg?latitude_deg={lat}{query}"
        last = fetch(url)
    assert not slow.done() or slow.result() > last
    return last


def test_previews_are_answered_while_a_zip_is_built(live_server: LiveServer) -> None:
    base = live_server.url
    with ThreadPoolExecutor(1) as other_client:
        zipped = other_client.submit(fetch, f"{base}/api/build.zip?latitude_deg=21.5")
        time.sleep(0.2)
        last_plate = plates_while(zipped, base, [41.01, 41.52, 42.03])
        assert last_plate < zipped.result()


def test_a_slider_is_not_held_up_by_another_clients_long_drawing(live_server: LiveServer) -> None:
    base = live_server.url
    sheets = f"{base}/api/sheets?latitude_deg=30&diameter_mm=333&sheet_mm=900x600"
    with ThreadPoolExecutor(1) as other_client:
        whole = other_client.submit(fetch, sheets)  # every part, in one worker
        time.sleep(0.1)
        last_plate = plates_while(whole, base, [-12.01, -12.52], "&diameter_mm=190")
        assert last_plate < whole.result()


def test_raw_paths_that_climb_out_are_404(live_server: LiveServer) -> None:
    """Paths sent as they are (no client clean-up of '..'): none reaches a file."""
    import http.client

    for path in (
        "/../../etc/passwd",
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2f..%2fpyproject.toml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/api/parts/..%2f..%2f..%2fetc%2fpasswd.svg?latitude_deg=38.9",
        "/static//etc/passwd",
        "/static/index.html/../../../pyproject.toml",
    ):
        connection = http.client.HTTPConnection("127.0.0.1", live_server.port, timeout=30)
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        connection.close()
        assert response.status == 404, path
        assert b"root:" not in body and b"[project]" not in body
