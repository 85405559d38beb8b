"""`atb-tui web`'s command line: flags, refusals, the spawned command, lazy imports.

The serving loop is replaced by a recorder here (the browser test runs the real one).
"""

from __future__ import annotations

import shlex
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from atb_tui.cli import build_parser, main
from atb_tui.web import command
from atb_tui.web.server import WebServer

REPO = Path(__file__).resolve().parents[3]
TOKEN = "tok_WEB_5d4c3b2a1f0e"


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[tuple[WebServer, socket.socket]]:
    """What would have been served, instead of serving it."""
    calls: list[tuple[WebServer, socket.socket]] = []

    async def record(server: WebServer, sock: socket.socket) -> None:
        calls.append((server, sock))

    monkeypatch.setattr(command, "serve_until_stopped", record)
    return calls


@pytest.mark.parametrize(
    "argv", [["web", "--demo"], ["--demo", "web"]], ids=["flag-after", "flag-before"]
)
def test_demo_may_come_before_or_after_web(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert (args.command, args.demo, args.host, args.port) == ("web", True, "127.0.0.1", 0)


def test_the_link_is_loopback_with_a_free_port_and_a_token(
    served: list[tuple[WebServer, socket.socket]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["web", "--demo"]) == 0
    ((server, sock),) = served
    out = capsys.readouterr().out
    port = int(out.split("http://127.0.0.1:", 1)[1].split("/", 1)[0])
    assert port != 0
    assert f"http://127.0.0.1:{port}/?token={server.door.token}" in out
    assert server.door.cookie_name == f"atb_tui_web_{port}"
    assert sock.fileno() == -1, "the socket is closed when serving ends"


def test_the_app_runs_on_this_interpreter_with_no_secret_on_its_command_line(
    served: list[tuple[WebServer, socket.socket]],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PROLIFIC_TOKEN", TOKEN)
    assert main(["--api-url", "https://api.example.com", "web"]) == 0
    ((server, _),) = served
    assert shlex.split(server.command) == [
        sys.executable, "-m", "atb_tui", "--api-url", "https://api.example.com",
    ]  # fmt: skip
    printed = capsys.readouterr()
    assert TOKEN not in printed.out + printed.err + server.command


def test_demo_and_profile_reach_the_app(
    served: list[tuple[WebServer, socket.socket]], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert command.app_command(demo=True, profile=None, api_url=None).endswith("-m atb_tui --demo")
    assert command.app_command(demo=False, profile="lab two", api_url=None).endswith(
        "-m atb_tui --profile 'lab two'"
    )


def test_a_public_host_needs_public(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["web", "--demo", "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "--public" in err[0]


def test_public_serves_with_a_warning(
    served: list[tuple[WebServer, socket.socket]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["web", "--demo", "--host", "0.0.0.0", "--public"]) == 0
    printed = capsys.readouterr()
    assert "warning" in printed.err
    assert f"http://{socket.gethostname()}:" in printed.out


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["web", "--demo", "--profile", "lab"], "--profile cannot be used with --demo"),
        (["web", "--profile", "nosuch"], "no profile named 'nosuch'"),
        (["web", "--port", "70000"], "0 to 65535"),
    ],
    ids=["demo-and-profile", "unknown-profile", "bad-port"],
)
def test_bad_configuration_fails_before_serving(
    argv: list[str],
    says: str,
    served: list[tuple[WebServer, socket.socket]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(argv) == 2
    assert says in capsys.readouterr().err
    assert served == []


def test_a_busy_port_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        assert main(["web", "--demo", "--port", str(port)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert f"port {port}" in err[0]


def test_the_real_process_refuses_a_public_host_with_exit_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "atb_tui", "web", "--demo", "--host", "0.0.0.0"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "--public" in result.stderr
    assert result.stdout == ""


def test_starting_atb_tui_imports_no_web_server() -> None:
    probe = (
        "import sys; from atb_tui.cli import build_parser; build_parser(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'aiohttp', 'textual_serve', 'aiohttp_jinja2'} or m.startswith('atb_tui.web.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "[]", result.stderr
