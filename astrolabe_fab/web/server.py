"""``astrofab serve``: run the designer on this machine with uvicorn.

Bound to 127.0.0.1 unless another host is asked for; then a warning says that anyone who can
reach that address may use the designer (there is no login), and any Host header is served.
The port is bound here, before uvicorn starts, so that a port in use is one line and exit 2.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import sys
import threading
import webbrowser
from typing import Annotated

import typer

from ..errors import InputError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine only (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port; InputError (one line) when that is not possible."""
    if not 0 <= port <= 65535:
        raise InputError(f"port {port} is out of range: allowed 0 to 65535")
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise InputError(f"host {host!r} is not an address of this machine") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise InputError(f"port {port} is in use: choose another with --port") from None
        reason = (exc.strerror or str(exc)).lower()
        raise InputError(f"cannot listen on {host}:{port}: {reason}") from None
    sock.listen(128)
    return sock


def serve(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    open_browser: bool = False,
    workers: int | None = None,
) -> None:
    """Serve the designer until Ctrl-C."""
    import uvicorn

    from .app import LOOPBACK_HOSTS, Settings, create_app

    local = is_loopback(host)
    sock = bind(host, port)
    port = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    if not local:
        typer.echo(
            f"warning: serving on {host}, beyond this machine: anyone who can reach it may use "
            "the designer and its processors (there is no login)",
            err=True,
        )
    allowed = (*LOOPBACK_HOSTS, host) if local else ()
    app = create_app(Settings(workers=workers, allowed_hosts=allowed))
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    typer.echo(f"astrofab designer at {url} (Ctrl-C to stop)")
    sys.stdout.flush()
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    server.run(sockets=[sock])


def register(app: typer.Typer) -> None:
    """Add ``astrofab serve`` to the command line."""

    @app.command("serve")
    def serve_command(
        host: Annotated[
            str,
            typer.Option(
                "--host",
                help="Address to listen on (default 127.0.0.1: this machine only; another "
                "address lets others use the designer, with a warning).",
            ),
        ] = DEFAULT_HOST,
        port: Annotated[
            int, typer.Option("--port", help="Port to listen on (0: any free port).")
        ] = DEFAULT_PORT,
        open_browser: Annotated[
            bool, typer.Option("--open", help="Open the designer in the web browser.")
        ] = False,
        workers: Annotated[
            int | None,
            typer.Option(
                "--workers", help="Processes that draw previews (default: the cores, 2 to 4)."
            ),
        ] = None,
    ) -> None:
        """Run the live designer in the web browser: http://127.0.0.1:8765/."""
        if workers is not None and not 1 <= workers <= 16:
            raise InputError(f"workers {workers} is out of range: allowed 1 to 16")
        serve(host, port, open_browser, workers)
