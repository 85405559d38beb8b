"""The command line parses what the README documents."""

import pytest

from atb_tui import __version__
from atb_tui.cli import build_parser, main


def test_version_prints_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_help_explains_demo_and_token(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "--demo" in out
    assert "PROLIFIC_TOKEN" in out


def test_sandbox_serve_defaults_to_loopback() -> None:
    args = build_parser().parse_args(["sandbox", "serve"])
    assert (args.host, args.port, args.speed) == ("127.0.0.1", 8765, 1.0)
