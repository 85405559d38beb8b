"""Profiles and tokens: round trips, validation, permissions, secrecy, corrupt files."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atb_tui.storage.profiles import DEFAULT_API_URL, Profile, ProfileStore, StorageError
from tests.helpers.files import files_under, mode_of, posix_only

TOKEN = "Zq8XkT2v9LmNw4Rb7YcHs1Pd6Fg3Jk5A"


def write_profiles(root: Path, content: bytes | dict[str, object]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    path = root / "profiles.json"
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    return path


def test_profiles_and_tokens_survive_a_restart(root: Path) -> None:
    store = ProfileStore()
    store.save(Profile("work", default_workspace="ws1", read_only=True), token=f"  {TOKEN}\n")
    store.save(Profile("local", api_url="http://127.0.0.1:8765/", sandbox=True))
    store.set_active("work")

    reopened = ProfileStore(root)
    assert [p.name for p in reopened.list()] == ["local", "work"]
    assert reopened.get("work") == Profile("work", DEFAULT_API_URL, "ws1", True, False)
    assert reopened.get("local") is not None
    assert reopened.get("local").api_url == "http://127.0.0.1:8765"  # type: ignore[union-attr]
    assert reopened.token("work") == TOKEN
    assert reopened.token("local") is None
    assert reopened.active == "work"
    assert reopened.load_errors == []


def test_saving_without_a_token_keeps_the_existing_one() -> None:
    store = ProfileStore()
    store.save(Profile("work"), token=TOKEN)
    store.save(Profile("work", read_only=True))
    assert store.token("work") == TOKEN
    assert store.get("work") == Profile("work", read_only=True)


@posix_only
def test_token_file_is_0600_in_a_0700_directory(root: Path) -> None:
    ProfileStore().save(Profile("work"), token=TOKEN)
    assert mode_of(root / "tokens" / "work") == 0o600
    assert mode_of(root / "tokens") == 0o700
    assert mode_of(root) == 0o700
    assert TOKEN not in (root / "profiles.json").read_text()


@posix_only
def test_a_world_readable_token_file_is_tightened_and_reported(root: Path) -> None:
    store = ProfileStore()
    store.save(Profile("work"), token=TOKEN)
    (root / "tokens" / "work").chmod(0o644)
    assert store.token("work") == TOKEN
    assert mode_of(root / "tokens" / "work") == 0o600
    assert any("readable by other users" in message for message in store.load_errors)


def test_sign_out_removes_only_the_token(root: Path) -> None:
    store = ProfileStore()
    store.save(Profile("work"), token=TOKEN)
    store.set_active("work")
    store.sign_out("work")
    assert store.token("work") is None
    assert store.get("work") is not None
    assert store.active == "work"
    assert not (root / "tokens" / "work").exists()


def test_delete_removes_profile_token_and_active_mark(root: Path) -> None:
    store = ProfileStore()
    store.save(Profile("work"), token=TOKEN)
    store.save(Profile("home"), token=TOKEN + "2")
    store.set_active("work")
    store.delete("work")
    store.delete("never-existed")
    assert [p.name for p in store.list()] == ["home"]
    assert store.token("work") is None
    assert store.active is None
    assert ProfileStore(root).token("home") == TOKEN + "2"


def test_active_must_name_a_saved_profile() -> None:
    store = ProfileStore()
    with pytest.raises(StorageError, match="no saved profile named 'ghost'"):
        store.set_active("ghost")
    store.save(Profile("work"))
    store.set_active("work")
    store.set_active(None)
    assert store.active is None


@pytest.mark.parametrize("name", ["", ".", "..", "../x", "a/b", "-lead", "x" * 41, "sp ace", "é"])
def test_bad_profile_names_are_refused_clearly(name: str) -> None:
    with pytest.raises(StorageError, match="not a valid profile name"):
        Profile(name)
    assert ProfileStore().token(name) is None


def test_good_profile_names() -> None:
    assert Profile("a").name == "a"
    assert Profile("Prod_eu-2.v1").name == "Prod_eu-2.v1"
    assert Profile("x" * 40).name == "x" * 40


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://api.prolific.com/", "https://api.prolific.com"),
        ("http://localhost:8765", "http://localhost:8765"),
        ("http://127.0.0.1:8765/", "http://127.0.0.1:8765"),
        ("http://[::1]:8765", "http://[::1]:8765"),
        ("http://sandbox.localhost", "http://sandbox.localhost"),
    ],
)
def test_api_urls_accepted(url: str, expected: str) -> None:
    assert Profile("p", api_url=url).api_url == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://api.prolific.com", "only allowed for this machine"),
        ("ftp://api.prolific.com", "must start with https://"),
        ("api.prolific.com", "must start with https://"),
        ("https://user:hunter2pass@api.prolific.com", "must not contain a user name"),
        ("https://api.prolific.com/?token=abc", "must not contain"),
        ("http://[::1", "malformed"),
    ],
)
def test_api_urls_refused(url: str, message: str) -> None:
    with pytest.raises(StorageError, match=message) as caught:
        Profile("p", api_url=url)
    assert "hunter2pass" not in str(caught.value)


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("   ", "empty"),
        ("abc def", "spaces or line breaks"),
        ("abc\ndef", "spaces or line breaks"),
        ("tökenvalue", "characters a Prolific token never has"),
        ("x" * 5000, "too long"),
    ],
)
def test_bad_tokens_are_refused_without_being_echoed(token: str, message: str) -> None:
    store = ProfileStore()
    with pytest.raises(StorageError, match=message) as caught:
        store.save(Profile("work"), token=token)
    assert not token.strip() or token.strip() not in str(caught.value)
    assert store.get("work") is None


def test_names_differing_only_in_case_are_refused() -> None:
    store = ProfileStore()
    store.save(Profile("Work"), token=TOKEN)
    with pytest.raises(StorageError, match="already exists"):
        store.save(Profile("work"), token="another-token-value")
    assert store.token("Work") == TOKEN


def test_no_repr_or_message_ever_shows_the_token(root: Path) -> None:
    store = ProfileStore()
    store.save(Profile("work"), token=TOKEN)
    profile = store.get("work")
    texts = [repr(store), str(store), repr(profile), str(profile), repr(store.list())]
    texts += [repr(vars(store)), str(store.load_errors)]
    with pytest.raises(StorageError) as caught:
        store.save(Profile("WORK"), token=TOKEN)
    texts.append(str(caught.value))
    assert all(TOKEN not in text for text in texts)


# --- corrupt and unreadable files -------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\xff\xfe garbage", "not valid UTF-8"),
        (b"{not json", "not valid JSON (line 1, column 2"),
        (b"", "is empty"),
        (b"[1, 2]", "should hold a JSON object but holds a list"),
        (b'{"profiles": []}', "no valid format version"),
        (b'{"version": "1", "profiles": []}', "no valid format version"),
        (b'{"version": 1, "profiles": {"work": {}}}', "'profiles' that should be a list"),
    ],
)
def test_a_corrupt_profiles_file_is_moved_aside_and_reported(
    root: Path, content: bytes, message: str
) -> None:
    write_profiles(root, content)
    store = ProfileStore(root)
    assert store.list() == []
    assert len(store.load_errors) == 1
    assert message in store.load_errors[0]
    kept = [p for p in root.iterdir() if p.name.startswith("profiles.json.corrupt-")]
    assert [p.read_bytes() for p in kept] == [content]
    assert str(kept[0]) in store.load_errors[0]
    store.save(Profile("fresh"))
    assert ProfileStore(root).get("fresh") is not None


def test_a_profiles_file_from_a_newer_version_is_left_untouched(root: Path) -> None:
    path = write_profiles(root, {"version": 99, "profiles": [{"name": "x", "future": 1}]})
    before = path.read_bytes()
    store = ProfileStore(root)
    assert store.list() == []
    assert "newer atb-tui (format 99" in store.load_errors[0]
    with pytest.raises(StorageError, match="not saved"):
        store.save(Profile("work"), token=TOKEN)
    assert path.read_bytes() == before
    assert sorted(p.name for p in root.iterdir()) == ["profiles.json"]  # no orphan token


def test_unusable_entries_are_dropped_and_the_original_kept(root: Path) -> None:
    good = {"name": "good", "api_url": "https://api.prolific.com", "read_only": True}
    original = {
        "version": 1,
        "active": 7,
        "profiles": [
            good,
            {"name": "../evil"},
            {"name": "plain", "api_url": "http://example.com"},
            {"name": "flags", "read_only": "yes"},
            "not an object",
            {"name": "GOOD"},
        ],
    }
    path = write_profiles(root, original)
    raw = path.read_bytes()
    store = ProfileStore(root)
    assert [p.name for p in store.list()] == ["good"]
    assert store.get("good") == Profile("good", read_only=True)
    (message,) = store.load_errors
    assert "dropped 6 unreadable entries" in message
    backups = [p for p in root.iterdir() if ".corrupt-" in p.name]
    assert [b.read_bytes() for b in backups] == [raw]
    assert ProfileStore(root).load_errors == []  # the repaired file now reads cleanly


def test_an_unreadable_profiles_file_is_never_overwritten(root: Path) -> None:
    (root / "profiles.json").mkdir(parents=True)
    store = ProfileStore(root)
    assert store.list() == []
    assert "cannot be read" in store.load_errors[0]
    with pytest.raises(StorageError, match="not saved"):
        store.save(Profile("work"))
    assert (root / "profiles.json").is_dir()


def test_an_unreadable_token_file_is_reported_not_raised(root: Path) -> None:
    store = ProfileStore(root)
    store.save(Profile("work"), token=TOKEN)
    (root / "tokens" / "work").write_bytes(b"\xff\xfe\x00")
    assert store.token("work") is None
    assert any("token file for profile 'work'" in m for m in store.load_errors)


def test_two_instances_do_not_lose_each_others_profiles(root: Path) -> None:
    first, second = ProfileStore(root), ProfileStore(root)
    first.save(Profile("one"))
    second.save(Profile("two"))
    first.set_active("two")
    assert [p.name for p in ProfileStore(root).list()] == ["one", "two"]
    assert second.active == "two"
    assert files_under(root).keys() == {"profiles.json"}


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=10,
)
_PROFILE_LIKE = st.fixed_dictionaries(
    {"version": st.sampled_from([1, 1, 3, -1])},
    optional={
        "active": _JSON,
        "profiles": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "name": st.sampled_from(["work", "Work", "..", ""]) | _JSON,
                    "api_url": st.sampled_from(["http://localhost", "http://x.org"]) | _JSON,
                    "read_only": _JSON,
                    "default_workspace": _JSON,
                },
            ),
            max_size=4,
        )
        | _JSON,
    },
)


@settings(max_examples=80, deadline=None)
@given(st.one_of(_PROFILE_LIKE.map(lambda d: json.dumps(d).encode()), st.binary(max_size=200)))
def test_any_profiles_file_loads_without_raising_or_losing_bytes(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / "profiles.json").write_bytes(raw)
        store = ProfileStore(root)
        assert all(isinstance(profile, Profile) for profile in store.list())
        assert store.active is None or store.get(store.active) is not None
        assert raw in files_under(root).values()
