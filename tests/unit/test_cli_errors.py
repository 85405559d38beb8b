"""Issue 17: every bad input a user can type or leave in a file ends as one clear line.

Table-driven over the real entry point, `atb_tui.cli.main`, in process (a representative few
also run as a subprocess in test_cli_subprocess.py). For each case: the exit code, one line
naming the problem, no traceback, and a distinctive token absent from stdout, stderr and every
file written under ATB_TUI_CONFIG_DIR (except the token file of a profile saved on purpose).
Cases where the app must still start replace `AtbApp.run` so nothing needs a terminal: they
check everything up to the moment Textual would take over, including the warnings it shows.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from atb_tui.cli import main
from atb_tui.storage.logging_setup import shutdown_logging
from atb_tui.storage.profiles import Profile, ProfileStore

TOKEN = "tok_DISTINCT_9f8e7d6c5b4a"
SAVED_TOKEN = "tok_SAVED_1a2b3c4d5e6f"

Setup = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    id: str
    argv: tuple[str, ...]
    code: int
    says: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    setup: Setup | None = None


def saved_profile(root: Path) -> None:
    store = ProfileStore(root)
    store.save(Profile("lab"), SAVED_TOKEN)
    store.set_active("lab")


def _with_token(env: dict[str, str] | None = None) -> dict[str, str]:
    return {"PROLIFIC_TOKEN": TOKEN, **(env or {})}


HTTP = "plain http:// is only allowed for this machine"
NOT_URL = "must start with https:// and name a host"

USAGE_CASES = [
    Case(
        "env-http-token",
        (),
        2,
        ("PROLIFIC_URL", HTTP),
        _with_token({"PROLIFIC_URL": "http://example.com"}),
    ),
    Case(
        "env-http-no-token", (), 2, ("PROLIFIC_URL", HTTP), {"PROLIFIC_URL": "http://example.com"}
    ),
    Case(
        "env-not-url-token",
        (),
        2,
        ("PROLIFIC_URL", NOT_URL),
        _with_token({"PROLIFIC_URL": "notaurl"}),
    ),
    Case(
        "env-ftp-token", (), 2, ("PROLIFIC_URL", NOT_URL), _with_token({"PROLIFIC_URL": "ftp://x"})
    ),
    Case(
        "env-ftp-profile",
        (),
        2,
        ("PROLIFIC_URL", NOT_URL),
        {"PROLIFIC_URL": "ftp://x"},
        saved_profile,
    ),
    Case(
        "flag-http-token",
        ("--api-url", "http://example.com"),
        2,
        ("--api-url", HTTP),
        _with_token(),
    ),
    Case("flag-http-no-token", ("--api-url", "http://example.com"), 2, ("--api-url", HTTP)),
    Case(
        "flag-http-profile",
        ("--api-url", "http://example.com"),
        2,
        ("--api-url", HTTP),
        setup=saved_profile,
    ),
    Case("flag-not-url-token", ("--api-url", "notaurl"), 2, ("--api-url", NOT_URL), _with_token()),
    Case("flag-not-url-no-token", ("--api-url", "notaurl"), 2, ("--api-url", NOT_URL)),
    Case(
        "flag-ftp-profile", ("--api-url", "ftp://x"), 2, ("--api-url", NOT_URL), setup=saved_profile
    ),
    Case("flag-ftp-token", ("--api-url", "ftp://x"), 2, ("--api-url", NOT_URL), _with_token()),
    Case("token-with-space", (), 2, ("PROLIFIC_TOKEN", "spaces"), {"PROLIFIC_TOKEN": f"{TOKEN} x"}),
    Case("profile-nosuch-none", ("--profile", "nosuch"), 2, ("'nosuch'", "no profile is saved")),
    Case(
        "profile-nosuch-listed",
        ("--profile", "nosuch"),
        2,
        ("'nosuch'", "saved profiles: lab"),
        setup=saved_profile,
    ),
    Case("profile-nosuch-token", ("--profile", "nosuch"), 2, ("'nosuch'",), _with_token()),
    Case("demo-with-url", ("--demo", "--api-url", "https://x.org"), 2, ("--api-url", "--demo")),
    Case("unknown-flag", ("--colour",), 2, ("unrecognized arguments: --colour", "--help")),
    Case("port-out-of-range", ("sandbox", "serve", "--port", "99999"), 2, ("--port", "0 to 65535")),
    Case("port-negative", ("sandbox", "serve", "--port", "-1"), 2, ("--port", "0 to 65535")),
    Case("port-not-number", ("sandbox", "serve", "--port", "http"), 2, ("--port", "not a port")),
    Case(
        "faults-garbage", ("sandbox", "serve", "--faults", "garbage"), 2, ("--faults", "'garbage'")
    ),
    Case("faults-bad-rate", ("sandbox", "serve", "--faults", "rate=2,503"), 2, ("--faults",)),
    Case("speed-zero", ("sandbox", "serve", "--speed", "0"), 2, ("--speed", "positive")),
]


@pytest.fixture(autouse=True)
def _no_file_log_left() -> Iterator[None]:
    yield
    shutdown_logging()  # main() installs the file log on the root logger


def run_case(
    case: Case, root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    for name, value in case.env.items():
        monkeypatch.setenv(name, value)
    if case.setup is not None:
        case.setup(root)
    code = main(list(case.argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_clean(out: str, err: str, root: Path) -> None:
    """No traceback, and no token anywhere it could leak."""
    for text in (out, err):
        assert "Traceback" not in text
        assert TOKEN not in text
        assert SAVED_TOKEN not in text
    for path in written_files(root):
        data = path.read_bytes()
        assert TOKEN.encode() not in data, f"the token leaked into {path}"
        if path.parent.name != "tokens":
            assert SAVED_TOKEN.encode() not in data, f"the saved token leaked into {path}"


def written_files(root: Path) -> list[Path]:
    if not root.exists():
        return []
    return [Path(d) / f for d, _, files in os.walk(root) for f in files]


@pytest.mark.parametrize("case", USAGE_CASES, ids=lambda case: case.id)
def test_usage_errors_are_one_line_exit_2(
    case: Case,
    isolated_config: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_case(case, isolated_config, monkeypatch, capsys)
    assert code == case.code, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    for fragment in case.says:
        assert fragment in lines[0]
    assert out == ""
    assert_clean(out, err, isolated_config)


def test_a_port_in_use_is_a_runtime_error(
    isolated_config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["sandbox", "serve", "--port", str(port)])
    err = capsys.readouterr().err
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert f"127.0.0.1:{port}" in err
    assert "--port" in err


def test_a_folder_as_sandbox_state_is_refused_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "precious"
    (folder / "keep.txt").parent.mkdir()
    (folder / "keep.txt").write_text("data")
    code = main(["sandbox", "serve", "--port", "0", "--state", str(folder)])
    err = capsys.readouterr().err
    assert code == 2
    assert "--state" in err
    assert "not a file" in err
    assert (folder / "keep.txt").read_text() == "data"
    assert [p.name for p in tmp_path.iterdir()] == ["precious"]  # nothing renamed aside


# ---- cases where the app must still start, with the reason shown -----------------------------


class Started:
    """Stands in for `AtbApp.run`: records the app that would have been shown."""

    def __init__(self) -> None:
        self.apps: list[object] = []

    def __call__(self, app: object, *args: object, **kwargs: object) -> None:
        self.apps.append(app)

    @property
    def messages(self) -> list[str]:
        return list(getattr(self.apps[-1], "startup_messages", []))

    @property
    def connects(self) -> bool:
        return bool(self.apps[-1].start_plan.connects)


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> Started:
    from atb_tui.app import AtbApp

    fake = Started()

    def run(app: AtbApp, *args: object, **kwargs: object) -> None:
        fake(app)

    monkeypatch.setattr(AtbApp, "run", run)
    return fake


def corrupt(kind: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "folder":
            path.mkdir()
        else:
            contents = {"corrupt": b"{not json = [", "empty": b"", "binary": b"\xff\xfe\x00\x81"}
            path.write_bytes(contents[kind])

    return write


FILE_KINDS = ["corrupt", "empty", "binary", "folder"]


@pytest.mark.parametrize("kind", FILE_KINDS)
@pytest.mark.parametrize("name", ["settings.toml", "profiles.json", "state.json"])
def test_a_broken_file_starts_the_app_and_says_why(
    name: str,
    kind: str,
    isolated_config: Path,
    started: Started,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PROLIFIC_TOKEN", TOKEN)
    corrupt(kind)(isolated_config / name)
    code = main([])
    out, err = capsys.readouterr()
    assert code == 0
    assert started.connects  # the token from the environment still works
    if kind == "empty" and name == "settings.toml":
        assert started.messages == []  # an empty TOML file is valid: all defaults
    else:
        assert any(name in message for message in started.messages), started.messages
    assert_clean(out, err, isolated_config)


@pytest.mark.parametrize("kind", [*FILE_KINDS, "not-a-token"])
def test_a_broken_token_file_is_explained_at_start(
    kind: str,
    isolated_config: Path,
    started: Started,
    capsys: pytest.CaptureFixture[str],
) -> None:
    saved_profile(isolated_config)
    token_file = isolated_config / "tokens" / "lab"
    token_file.unlink()
    if kind == "not-a-token":
        token_file.write_text("two words\n")
    else:
        corrupt(kind)(token_file)
    code = main([])
    out, err = capsys.readouterr()
    assert code == 0
    assert not started.connects  # the sign-in screen opens, pre-filled with the profile
    assert any("token file for profile 'lab'" in m for m in started.messages), started.messages
    assert_clean(out, err, isolated_config)


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_an_unreadable_token_file_is_explained_at_start(
    isolated_config: Path, started: Started, capsys: pytest.CaptureFixture[str]
) -> None:
    saved_profile(isolated_config)
    token_file = isolated_config / "tokens" / "lab"
    token_file.chmod(0)
    try:
        if os.access(token_file, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop root (the folder case covers it)")
        assert main([]) == 0
    finally:
        token_file.chmod(0o600)
    assert any("cannot be read" in m for m in started.messages)


def test_a_log_path_that_is_a_folder_is_a_warning_not_a_crash(
    isolated_config: Path, started: Started, capsys: pytest.CaptureFixture[str]
) -> None:
    (isolated_config / "atb-tui.log").mkdir(parents=True)
    assert main(["--demo"]) == 0
    out, err = capsys.readouterr()
    assert any("atb-tui.log" in m and "without a log file" in m for m in started.messages)
    assert_clean(out, err, isolated_config)


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_an_unwritable_log_is_a_warning_not_a_crash(
    isolated_config: Path, started: Started, capsys: pytest.CaptureFixture[str]
) -> None:
    isolated_config.mkdir(parents=True)
    log = isolated_config / "atb-tui.log"
    log.write_text("")
    log.chmod(0o400)
    try:
        if os.access(log, os.W_OK):
            pytest.skip("running as root: a read-only file is still writable (see the folder case)")
        assert main(["--demo"]) == 0
    finally:
        log.chmod(0o600)
    assert any("without a log file" in m for m in started.messages)


def test_a_saved_profile_starts_connected_and_env_url_alone_is_noted(
    isolated_config: Path,
    started: Started,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    saved_profile(isolated_config)
    monkeypatch.setenv("PROLIFIC_URL", "https://api.example.org")
    assert main([]) == 0
    assert started.connects
    assert any("PROLIFIC_URL is set but not used" in m for m in started.messages)
    out, err = capsys.readouterr()
    assert_clean(out, err, isolated_config)


def test_a_good_api_url_without_a_token_prefills_sign_in(started: Started) -> None:
    assert main(["--api-url", "http://127.0.0.1:8765/"]) == 0
    plan = started.apps[-1].start_plan
    assert not plan.connects
    assert plan.profile.api_url == "http://127.0.0.1:8765"
