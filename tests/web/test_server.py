"""`astrofab serve` in this process, up to the point where the server would run: the socket it
binds, what it prints, the hosts it answers to, the browser it opens, and one-line refusals."""

from __future__ import annotations

import errno
import socket
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn

from astrolabe_fab.errors import InputError
from astrolabe_fab.web import app as web_app
from astrolabe_fab.web import server


class Ran:
    """What ``serve`` handed over: the app's settings, the server's config, its sockets, and
    the browser it was to open."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.settings: list[web_app.Settings] = []
        self.runs: list[tuple[uvicorn.Config, list[socket.socket]]] = []
        self.timers: list[tuple[float, Any, tuple[str, ...]]] = []
        ran = self

        def create_app(settings: web_app.Settings) -> str:
            ran.settings.append(settings)
            return "the app"

        def run(self: uvicorn.Server, sockets: list[socket.socket]) -> None:
            ran.runs.append((self.config, sockets))

        class Timer:
            def __init__(self, delay: float, fn: Any, args: tuple[str, ...]) -> None:
                ran.timers.append((delay, fn, args))

            def start(self) -> None:
                ran.timers.append((0.0, "started", ()))

        monkeypatch.setattr(web_app, "create_app", create_app)
        monkeypatch.setattr(uvicorn.Server, "run", run)
        monkeypatch.setattr(server.threading, "Timer", Timer)

    def close(self) -> None:
        for _, sockets in self.runs:
            for sock in sockets:
                sock.close()


@pytest.fixture
def ran(monkeypatch: pytest.MonkeyPatch) -> Iterator[Ran]:
    """``serve`` with the server's run, the app and the browser's timer recorded, not done; the
    sockets it bound closed after the test."""
    handed = Ran(monkeypatch)
    yield handed
    handed.close()


def test_serve_binds_prints_and_answers_this_machine_only(
    ran: Ran, capsys: pytest.CaptureFixture[str]
) -> None:
    server.serve("127.0.0.1", 0, workers=3)
    ((config, (sock,)),) = ran.runs
    port = sock.getsockname()[1]
    assert sock.getsockname()[0] == "127.0.0.1" and port > 0
    assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR)
    assert (config.app, config.log_level, config.access_log, config.lifespan) == (
        "the app",
        "warning",
        False,
        "on",
    )
    (settings,) = ran.settings
    assert settings.workers == 3
    assert settings.allowed_hosts == (*web_app.LOOPBACK_HOSTS, "127.0.0.1")
    out, err = capsys.readouterr()
    assert out == f"astrofab designer at http://127.0.0.1:{port}/ (Ctrl-C to stop)\n"
    assert err == "" and ran.timers == []  # no browser unless asked


def test_serve_beyond_this_machine_warns_and_answers_any_host(
    ran: Ran, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        server.serve("0.0.0.0", 0, open_browser=True)
    except InputError:
        pytest.skip("0.0.0.0 cannot be bound here")
    ((_, (sock,)),) = ran.runs
    port = sock.getsockname()[1]
    (settings,) = ran.settings
    assert settings.allowed_hosts == () and settings.workers is None
    out, err = capsys.readouterr()
    assert err == (
        "warning: serving on 0.0.0.0, beyond this machine: anyone who can reach it may use "
        "the designer and its processors (there is no login)\n"
    )
    url = f"http://0.0.0.0:{port}/"
    assert out == f"astrofab designer at {url} (Ctrl-C to stop)\n"
    assert ran.timers == [(0.5, server.webbrowser.open, (url,)), (0.0, "started", ())]


def test_an_ipv6_address_is_shown_in_brackets(ran: Ran, capsys: pytest.CaptureFixture[str]) -> None:
    if not socket.has_ipv6:
        pytest.skip("no IPv6 here")
    try:
        server.serve("::1", 0)
    except InputError:
        pytest.skip("::1 cannot be bound here")
    ((_, (sock,)),) = ran.runs
    out, _ = capsys.readouterr()
    assert out == f"astrofab designer at http://[::1]:{sock.getsockname()[1]}/ (Ctrl-C to stop)\n"
    assert ran.settings[0].allowed_hosts == (*web_app.LOOPBACK_HOSTS, "::1")


@pytest.mark.parametrize("port", [-1, 65536])
def test_ports_outside_the_range_are_refused(port: int) -> None:
    with pytest.raises(InputError) as raised:
        server.bind("127.0.0.1", port)
    assert str(raised.value) == f"port {port} is out of range: allowed 0 to 65535"


def test_the_range_ends_are_ports() -> None:
    server.bind("127.0.0.1", 0).close()  # 0: any free port
    try:
        server.bind("127.0.0.1", 65535).close()
    except InputError as exc:  # taken by someone else here: then said so, not "out of range"
        assert "is in use" in str(exc)


def test_hosts_that_are_not_this_machines_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(InputError) as raised:
        server.bind("no-such-host.invalid", 8765)
    assert str(raised.value) == "host 'no-such-host.invalid' is not an address of this machine"

    def refuse(self: socket.socket, address: object) -> None:
        raise OSError(errno.EADDRNOTAVAIL, "Cannot Assign Requested Address")

    monkeypatch.setattr(socket.socket, "bind", refuse)  # (an address none of this machine's)
    with pytest.raises(InputError) as raised:
        server.bind("127.0.0.1", 0)
    assert str(raised.value) == "cannot listen on 127.0.0.1:0: cannot assign requested address"


def test_a_name_other_than_localhost_is_not_this_machine_only() -> None:
    """A host name may resolve anywhere (another interface, another machine): only
    "localhost" and loopback addresses count as this machine."""
    assert not server.is_loopback("my-laptop.local") and not server.is_loopback("example.com")
    assert server.is_loopback("127.8.9.10") and server.is_loopback("localhost")
