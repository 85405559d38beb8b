"""Issue 15, proof 4 (files): settings, profiles, state and draft files that are corrupt,
truncated, of the wrong type or unreadable. The app still starts (at sign-in: no profile
survives), says at start what it did
with each file (naming it), and the original content is kept aside, never deleted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from atb_tui.screens.sign_in import SignInScreen
from atb_tui.storage.drafts import DraftStore
from atb_tui.storage.paths import PROFILES_FILE, SETTINGS_FILE, STATE_FILE
from tests.helpers.app import make_app
from tests.helpers.driver import UNREADABLE, watch_messages
from tests.helpers.sandbox import make_sandbox
from tests.helpers.waits import wait_for

GOOD_JSON = json.dumps({"version": 1, "profiles": {}, "recent": [], "known": {}}, indent=2)
VARIANTS: dict[str, dict[str, bytes]] = {
    "garbage": {
        SETTINGS_FILE: b"\x00\xff\xfe refresh_interval = [[[",
        PROFILES_FILE: b"\x89PNG\r\n\x1a\n\x00\x00",
        STATE_FILE: b"\xc3\x28{not json at all",
    },
    "truncated": {
        SETTINGS_FILE: b'refresh_interval = 5\ntheme = "nor',
        PROFILES_FILE: GOOD_JSON.encode()[:25],
        STATE_FILE: GOOD_JSON.encode()[:40],
    },
    "wrong type": {
        SETTINGS_FILE: b'refresh_interval = "fast"\nbell = 3\nkeymap = 7\n',
        PROFILES_FILE: b"[1, 2, 3]",
        STATE_FILE: b'"just a string"',
    },
}
DRAFT_KEY = "instructions:proof-batch"


def corrupt(root: Path, files: dict[str, bytes]) -> dict[Path, bytes]:
    """Write the broken files (and a broken draft); return what was written where."""
    root.mkdir(parents=True, exist_ok=True)
    written = {root / name: raw for name, raw in files.items()}
    draft = DraftStore(root)._path(DRAFT_KEY)
    draft.parent.mkdir(parents=True, exist_ok=True)
    written[draft] = next(iter(files.values()))
    for path, raw in written.items():
        path.write_bytes(raw)
    return written


def kept(root: Path, raw: bytes) -> bool:
    """Some file under the config dir still holds exactly these bytes."""
    return any(p.is_file() and p.read_bytes() == raw for p in root.rglob("*"))


@pytest.mark.parametrize("variant", list(VARIANTS))
async def test_the_app_starts_over_broken_files_says_so_and_keeps_them(
    variant: str, isolated_config: Path
) -> None:
    written = corrupt(isolated_config, VARIANTS[variant])
    app = make_app(make_sandbox(), demo=False)  # reads profiles.json, then asks to sign in
    seen = watch_messages(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen))
        said = "\n".join([*seen.messages, *app.startup_messages])
        drafts = DraftStore(isolated_config)
        assert drafts.load(DRAFT_KEY) is None  # unusable: not restored, not crashed on
    said += "\n" + "\n".join(drafts.load_errors)
    for name in (PROFILES_FILE, STATE_FILE, SETTINGS_FILE):
        assert name in said, f"nothing said about {name}:\n{said}"
    assert "draft" in said.lower()
    assert not [bad for bad in UNREADABLE if bad in said], said
    for path, raw in written.items():
        assert kept(isolated_config, raw), f"{path.name}: the original was lost"


async def test_folders_in_the_way_of_every_file_are_reported_and_left_alone(
    isolated_config: Path,
) -> None:
    isolated_config.mkdir(parents=True)
    for name in (SETTINGS_FILE, PROFILES_FILE, STATE_FILE):
        (isolated_config / name).mkdir()
        (isolated_config / name / "keep.txt").write_text("mine")
    app = make_app(make_sandbox(), demo=False)  # reads profiles.json, then asks to sign in
    seen = watch_messages(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, SignInScreen))
        said = "\n".join([*seen.messages, *app.startup_messages])
    for name in (SETTINGS_FILE, PROFILES_FILE, STATE_FILE):
        assert name in said, f"nothing said about {name}:\n{said}"
        assert (isolated_config / name / "keep.txt").read_text() == "mine"
    assert not [bad for bad in UNREADABLE if bad in said], said
