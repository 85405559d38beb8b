"""``atb-tui sandbox serve``: a real uvicorn server on a loopback port, started and stopped."""

from __future__ import annotations

import asyncio
import socket
import time
from pathlib import Path

import httpx
import pytest

from atb_tui.sandbox.serve import _bind, is_loopback
from tests.helpers.serve import read_banner, serve_with, start_server, stop_server


@pytest.mark.loopback
def test_serve_over_loopback_with_faults_and_state(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    process = start_server(
        "--token",
        "secret-tok",
        "--empty",
        "--state",
        str(state),
        "--faults",
        "drop,times=1,path=/api/v1/workspaces",
    )
    try:
        env = read_banner(process)
        assert env["PROLIFIC_URL"].startswith("http://127.0.0.1:")
        assert env["PROLIFIC_TOKEN"] == "secret-tok"
        headers = {"Authorization": f"Token {env['PROLIFIC_TOKEN']}"}
        with httpx.Client(base_url=env["PROLIFIC_URL"], headers=headers, timeout=10) as client:
            me = client.get("/api/v1/users/me/")
            assert me.status_code == 200
            assert me.json()["email"] == "ada@example.org"
            assert (
                client.get("/api/v1/users/me/", headers={"Authorization": "Token nope"}).status_code
                == 401
            )
            with pytest.raises(httpx.RemoteProtocolError):
                client.get("/api/v1/workspaces/")
            assert client.get("/api/v1/workspaces/").status_code == 200
    finally:
        code, stdout = stop_server(process)
    assert code == 0
    assert "Sandbox stopped." in stdout
    assert state.exists()
    assert '"atb-tui-sandbox-state"' in state.read_text()


@pytest.mark.loopback
def test_serve_generates_a_token_when_none_is_given() -> None:
    process = start_server("--empty")
    try:
        env = read_banner(process)
        assert len(env["PROLIFIC_TOKEN"]) >= 20
        with httpx.Client(base_url=env["PROLIFIC_URL"], timeout=10) as client:
            ok = client.get(
                "/api/v1/users/me", headers={"Authorization": f"Token {env['PROLIFIC_TOKEN']}"}
            )
            assert ok.status_code == 200
    finally:
        code, _ = stop_server(process)
    assert code == 0


def test_non_loopback_host_is_warned_about(capsys: pytest.CaptureFixture[str]) -> None:
    code = serve_with(host="203.0.113.7")
    err = capsys.readouterr().err
    assert "not a loopback address" in err
    assert code == 1
    assert "cannot listen on 203.0.113.7:0" in err


def test_invalid_fault_spec_and_speed_exit_with_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert serve_with(token=None, faults="teapot") == 2
    assert "unknown fault item 'teapot'" in capsys.readouterr().err
    assert serve_with(token=None, speed=0) == 2
    assert "speed must be positive" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("192.168.1.4", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.loopback
def test_serve_sends_one_date_header_from_its_own_clock() -> None:
    from email.utils import parsedate_to_datetime

    process = start_server("--empty", "--token", "tok", "--speed", "100000")
    try:
        env = read_banner(process)
        with httpx.Client(base_url=env["PROLIFIC_URL"], timeout=10) as client:
            answer = client.get("/api/v1/users/me", headers={"Authorization": "Token tok"})
            wall = time.time()
    finally:
        stop_server(process)
    dates = answer.headers.get_list("date")
    assert len(dates) == 1  # uvicorn's wall-clock Date is off; the sandbox's wins
    # At 100000x the sandbox's clock is far ahead of the wall clock by now.
    assert parsedate_to_datetime(dates[0]).timestamp() - wall > 600


async def test_served_connections_send_small_writes_at_once() -> None:
    # uvicorn writes a response's headers and body separately; with Nagle's algorithm on, the
    # body waited for the client's delayed ACK: ~40 ms on every request. asyncio turns it off
    # (TCP_NODELAY) on accepted sockets only when the listening socket says IPPROTO_TCP.
    listener = _bind("127.0.0.1", 0)
    accepted: asyncio.Future[asyncio.BaseTransport] = asyncio.get_running_loop().create_future()

    class Accept(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            accepted.set_result(transport)

    server = await asyncio.get_running_loop().create_server(Accept, sock=listener)
    try:
        _, writer = await asyncio.open_connection(*listener.getsockname()[:2])
        transport = await asyncio.wait_for(accepted, 10)
        sock = transport.get_extra_info("socket")
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        writer.close()
        transport.close()
    finally:
        server.close()
        await server.wait_closed()
