"""The designer's web application (Starlette): the page, its static files and the HTTP API.

Routes (SPEC §7; query parameters are design-file keys, see ``query.py``):

- ``GET /`` the page; ``GET /static/<name>`` its files, from a fixed list read from the
  package at start (no request path reaches the file system);
- ``GET /api/design?<design>`` the resolved design as JSON, or 400 ``{"error": "..."}``;
- ``GET /api/parts/<part>.svg?<design>`` a part's SVG, the bytes ``astrofab build`` writes;
- ``GET /api/sheets?<design>`` the names of the sheet layouts (``sheet_mm`` set);
- ``GET /api/build.zip?<design>`` every file ``astrofab build`` writes, zipped;
- ``GET /api/schema`` the form's controls, presets and places;
- ``GET /api/health`` ``{"ok": true, "ready": <workers warm>}``.

Every error is a JSON object ``{"error": "<one line>"}`` (plus ``"key"``, the control it is
about, for a bad design): 400 bad design, 404 unknown path or part, 405 a method other than
GET, 413/414 a request too large, 421 a Host header not served, 429 too much work at once,
500 an unexpected failure (the traceback goes to the server's terminal, never to the page).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from ..config import preset_names, preset_summary
from ..design import Design
from ..errors import InputError
from .engine import BusyError, Engine
from .query import (
    DEFAULT_QUERY,
    QueryError,
    design_json,
    design_request,
    places_json,
    schema_json,
)

log = logging.getLogger("astrofab.web")

#: The page's files: name -> media type. Nothing else under /static is served.
STATIC_FILES = {
    "index.html": "text/html; charset=utf-8",
    "designer.js": "text/javascript; charset=utf-8",
    "controls.js": "text/javascript; charset=utf-8",
    "preview.js": "text/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
}
#: Longest request target (path and query) served, bytes.
MAX_TARGET_BYTES = 4096
#: Hosts a request may name when the server listens on the loopback interface only.
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'"
    ),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-cache",
}


@dataclass(frozen=True)
class Settings:
    """How the application runs: worker processes (None: by the machine; 0: threads) and
    the hosts a request may name (empty: any, when serving beyond this machine)."""

    workers: int | None = None
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS
    warm: bool = True


def error(status: int, message: str, **more: Any) -> JSONResponse:
    """The JSON error every failure answers with."""
    headers = dict(SECURITY_HEADERS)
    if status == 429:
        headers["retry-after"] = str(more.pop("retry_after_s", 2))
    return JSONResponse({"error": message, **more}, status_code=status, headers=headers)


#: The page's files, read from the package once: name -> bytes.
_FILES: dict[str, bytes] = {}


def _static_files() -> dict[str, bytes]:
    if not _FILES:
        folder = resources.files("astrolabe_fab.web").joinpath("static")
        _FILES.update({name: folder.joinpath(name).read_bytes() for name in STATIC_FILES})
    return _FILES


def create_app(settings: Settings | None = None) -> ASGIApp:
    """The designer application, behind its ``Guard`` (the engine starts with the server's
    lifespan; the Starlette application is the guard's ``app``)."""
    settings = settings or Settings()
    _static_files()
    routes = [
        Route("/", page),
        Route("/static/{name}", static),
        Route("/api/schema", schema),
        Route("/api/design", timed(design)),
        Route("/api/parts/{part}.svg", timed(part)),
        Route("/api/sheets", timed(sheets)),
        Route("/api/build.zip", timed(build_zip)),
        Route("/api/health", health),
    ]
    app = Starlette(routes=routes, lifespan=_lifespan(settings))
    app.add_exception_handler(InputError, _bad_design)
    app.add_exception_handler(LookupError, _not_found)
    app.add_exception_handler(BusyError, _busy)
    app.add_exception_handler(404, _http_error)
    app.add_exception_handler(405, _http_error)
    app.add_exception_handler(Exception, _unexpected)
    return Guard(app, settings.allowed_hosts)


def _lifespan(
    settings: Settings,
) -> Callable[[Starlette], contextlib.AbstractAsyncContextManager[None]]:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        """Start the engine (and warm it with the page's first design) for the server's life."""
        engine = Engine(settings.workers)
        app.state.engine = engine
        warming = None
        if settings.warm:
            first = design_request(DEFAULT_QUERY.items()).design
            warming = asyncio.create_task(engine.start(first))
        try:
            yield
        finally:
            if warming is not None:
                warming.cancel()
            engine.close()

    return lifespan


def engine_of(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def wanted_design(request: Request) -> Design:
    """The validated design of a request's query (QueryError: a 400)."""
    return design_request(request.query_params.multi_items()).design


# ---------------------------------------------------------------------------- handlers


async def page(request: Request) -> Response:
    return Response(_static_files()["index.html"], media_type=STATIC_FILES["index.html"])


async def static(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in STATIC_FILES:
        return error(404, f"not found: /static/{name}")
    return Response(_static_files()[name], media_type=STATIC_FILES[name])


async def schema(request: Request) -> Response:
    return JSONResponse(
        {
            "fields": schema_json(),
            "presets": [{"name": n, "summary": preset_summary(n)} for n in preset_names()],
            "places": places_json(),
            "default_query": DEFAULT_QUERY,
        }
    )


async def design(request: Request) -> Response:
    return JSONResponse(design_json(design_request(request.query_params.multi_items())))


async def part(request: Request) -> Response:
    data = await engine_of(request).part_svg(wanted_design(request), request.path_params["part"])
    return Response(data, media_type="image/svg+xml")


async def sheets(request: Request) -> Response:
    return JSONResponse(
        {"sheets": list(await engine_of(request).sheet_svgs(wanted_design(request)))}
    )


async def build_zip(request: Request) -> Response:
    wanted = wanted_design(request)
    data = await engine_of(request).build_zip(wanted)
    name = wanted.instrument_name  # letters, digits, '.', '-', '_' only (validated)
    disposition = f'attachment; filename="{name}.zip"'
    return Response(
        data, media_type="application/zip", headers={"content-disposition": disposition}
    )


async def health(request: Request) -> Response:
    return JSONResponse({"ok": True, "ready": engine_of(request).ready})


Handler = Callable[[Request], Awaitable[Response]]


def timed(handler: Handler) -> Handler:
    """Add the handler's time as a ``Server-Timing`` header (``app;dur=<ms>``)."""

    async def run(request: Request) -> Response:
        start = time.perf_counter()
        response = await handler(request)
        ms = (time.perf_counter() - start) * 1000.0
        response.headers["server-timing"] = f"app;dur={ms:.1f}"
        return response

    return run


async def _bad_design(request: Request, exc: Exception) -> Response:
    key = exc.key if isinstance(exc, QueryError) else None
    return error(400, str(exc), **({"key": key} if key else {}))


async def _not_found(request: Request, exc: Exception) -> Response:
    return error(404, str(exc).strip("'\""))


async def _busy(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BusyError)
    return error(429, str(exc), retry_after_s=exc.retry_after_s)


async def _http_error(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    if status == 405:
        return error(405, f"method {request.method} is not allowed: only GET")
    return error(status, f"not found: {request.url.path}")


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.error("unexpected failure on %s", request.url.path, exc_info=exc)
    return error(500, f"unexpected failure ({type(exc).__name__}): see the server's terminal")


class Guard:
    """ASGI middleware that refuses, before any routing: a method other than GET or HEAD
    (405), a request with a body (413), a request target over MAX_TARGET_BYTES (414), and a
    Host header not served (421, against DNS rebinding of a local server). It also adds the
    security headers to every answer."""

    def __init__(self, app: ASGIApp, allowed_hosts: tuple[str, ...]) -> None:
        self.app = app
        self.allowed_hosts = allowed_hosts

    def refusal(self, scope: Scope) -> JSONResponse | None:
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        if scope["method"] not in ("GET", "HEAD"):
            return error(405, f"method {scope['method']} is not allowed: only GET")
        if headers.get("content-length", "0") not in ("", "0") or "transfer-encoding" in headers:
            return error(413, "a request body is not accepted: the design goes in the query")
        target = len(scope.get("raw_path") or scope["path"].encode()) + len(scope["query_string"])
        if target > MAX_TARGET_BYTES:
            return error(414, f"request too long: at most {MAX_TARGET_BYTES} bytes")
        host = host_name(headers.get("host", ""))
        if self.allowed_hosts and host not in self.allowed_hosts:
            return error(421, f"host {host!r} is not served: open http://127.0.0.1 instead")
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self.refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [
                    (k.encode(), v.encode())
                    for k, v in SECURITY_HEADERS.items()
                    if k.encode() not in present
                ]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def host_name(header: str) -> str:
    """The host of a Host header, without port or IPv6 brackets ('[::1]:8765' -> '::1')."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1 : header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header
