"""Profiles, like k9s contexts: a name, an API URL, a token, a default workspace, flags.

profiles.json holds the profiles and the active one (never a token); tokens live in
tokens/<name> (see tokens.py). Loading never raises for a corrupt file: problems go to
`ProfileStore.load_errors` and the file is kept (see jsonfile.py).
"""

from __future__ import annotations

import builtins
import ipaddress
import re
import urllib.parse
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from atb_tui.api._config import DEFAULT_BASE_URL as DEFAULT_API_URL
from atb_tui.storage.errors import StorageError
from atb_tui.storage.fields import BadEntry, as_entry, flag, optional_text, required_text
from atb_tui.storage.jsonfile import Corrupt, Parsed, VersionedJsonFile, json_type
from atb_tui.storage.paths import PROFILES_FILE, TOKENS_DIR, config_dir_path
from atb_tui.storage.tokens import TokenFiles

__all__ = ["DEFAULT_API_URL", "Profile", "ProfileStore", "StorageError", "validate_profile_name"]

PROFILES_FORMAT = 1
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")


def validate_profile_name(name: str) -> str:
    """The name if it is usable as a profile (and file) name, else StorageError."""
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise StorageError(
            f"{name!r} is not a valid profile name: use 1 to 40 letters, digits, '-', '_' or '.', "
            "starting with a letter or digit"
        )
    return name


def validate_api_url(url: str) -> str:
    """The URL without a trailing slash; https, or http only to this machine."""
    if not isinstance(url, str):
        raise StorageError("the API URL must be text like https://api.prolific.com")
    try:
        parts = urllib.parse.urlsplit(url.strip())
        host = parts.hostname
    except ValueError as error:
        raise StorageError(
            "the API URL is malformed; use something like https://api.prolific.com"
        ) from error
    if parts.scheme not in ("http", "https") or not host:
        raise StorageError(
            "the API URL must start with https:// and name a host, like https://api.prolific.com"
        )
    if "@" in parts.netloc or parts.query or parts.fragment:
        raise StorageError("the API URL must not contain a user name, password, query or fragment")
    if parts.scheme == "http" and not _is_loopback(host):
        raise StorageError(
            "plain http:// is only allowed for this machine (localhost, 127.0.0.1, "
            "::1); use https:// so the token is never sent in clear"
        )
    return url.strip().rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):  # RFC 6761: always loopback
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Profile:
    """Where and how to reach Prolific. The token is deliberately not a field."""

    name: str
    api_url: str = DEFAULT_API_URL
    default_workspace: str | None = None
    read_only: bool = False
    sandbox: bool = False

    def __post_init__(self) -> None:
        validate_profile_name(self.name)
        object.__setattr__(self, "api_url", validate_api_url(self.api_url))
        if self.default_workspace is not None and not isinstance(self.default_workspace, str):
            raise StorageError("the default workspace must be a workspace id")
        if not isinstance(self.read_only, bool) or not isinstance(self.sandbox, bool):
            raise StorageError("read_only and sandbox must be true or false")


@dataclass(frozen=True)
class _ProfileBook:
    profiles: tuple[Profile, ...] = ()
    active: str | None = None

    def named(self, name: str) -> Profile | None:
        return next((profile for profile in self.profiles if profile.name == name), None)

    def with_profile(self, profile: Profile) -> _ProfileBook:
        others = tuple(p for p in self.profiles if p.name != profile.name)
        return replace(self, profiles=(*others, profile))

    def without(self, name: str) -> _ProfileBook:
        others = tuple(p for p in self.profiles if p.name != name)
        return _ProfileBook(others, None if self.active == name else self.active)


class ProfileStore:
    """Saved profiles, their tokens and the active profile, in the config directory."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = config_dir_path() if root is None else root
        self._tokens = TokenFiles(self.root / TOKENS_DIR)
        self._file: VersionedJsonFile[_ProfileBook] = VersionedJsonFile(
            self.root / PROFILES_FILE,
            version=PROFILES_FORMAT,
            parse=_parse_book,
            dump=_dump_book,
            empty=_ProfileBook,
        )
        self._file.get()  # load now, so load_errors is filled before the first screen

    def __repr__(self) -> str:
        return f"ProfileStore(root={str(self.root)!r})"

    @property
    def load_errors(self) -> builtins.list[str]:
        """Human messages about unusable files found so far (corrupt JSON, unreadable token…)."""
        return [*self._file.load_errors, *self._tokens.errors]

    def list(self) -> builtins.list[Profile]:
        """Every saved profile, sorted by name."""
        return sorted(self._file.get().profiles, key=lambda profile: profile.name.casefold())

    def get(self, name: str) -> Profile | None:
        """The profile with exactly this name, or None."""
        return self._file.get().named(name)

    def save(self, profile: Profile, token: str | None = None) -> None:
        """Add or replace a profile; with a token, store it too (otherwise keep the old one)."""
        clash = self._case_clash(profile.name)
        if clash is not None:
            raise StorageError(
                f"a profile named {clash!r} already exists; profile names "
                "differing only in case would share a token file on some systems"
            )
        if token is not None:
            self._file.check_writable()  # never leave a token without its profile
            self._tokens.write(profile.name, token)
        self._file.update(lambda book: book.with_profile(profile))

    def _case_clash(self, name: str) -> str | None:
        others = (p.name for p in self.list() if p.name != name)
        return next((other for other in others if other.casefold() == name.casefold()), None)

    def token(self, name: str) -> str | None:
        """The profile's token, read from its 0600 file; None when signed out."""
        if not _NAME.fullmatch(name):
            return None
        return self._tokens.read(name)

    def sign_out(self, name: str) -> None:
        """Forget the profile's token; the profile itself stays."""
        self._tokens.remove(validate_profile_name(name))

    def delete(self, name: str) -> None:
        """Remove the profile and its token (a missing profile is not an error)."""
        self.sign_out(name)
        if self.get(name) is not None or self._file.get().active == name:
            self._file.update(lambda book: book.without(name))

    @property
    def active(self) -> str | None:
        """The name of the active profile, if it still exists."""
        book = self._file.get()
        return book.active if book.active and book.named(book.active) else None

    def set_active(self, name: str | None) -> None:
        """Make a saved profile active (None clears it)."""
        if name is not None and self.get(name) is None:
            raise StorageError(f"there is no saved profile named {name!r}")
        self._file.update(lambda book: replace(book, active=name))


def _profile_from_json(value: object) -> Profile:
    entry = as_entry(value)
    try:
        return Profile(
            name=required_text(entry, "name"),
            api_url=optional_text(entry, "api_url") or DEFAULT_API_URL,
            default_workspace=optional_text(entry, "default_workspace"),
            read_only=flag(entry, "read_only"),
            sandbox=flag(entry, "sandbox"),
        )
    except StorageError as error:
        raise BadEntry(str(error)) from error


def _parse_book(document: dict[str, Any]) -> Parsed[_ProfileBook]:
    entries = document.get("profiles", [])
    if not isinstance(entries, builtins.list):
        raise Corrupt(f"has 'profiles' that should be a list but is {json_type(entries)}")
    profiles: dict[str, Profile] = {}
    dropped: builtins.list[str] = []
    for index, entry in enumerate(entries, start=1):
        try:
            profile = _profile_from_json(entry)
        except BadEntry as error:
            dropped.append(f"profile #{index}: {error}")
            continue
        if profile.name.casefold() in profiles:
            dropped.append(f"profile #{index}: a second profile named {profile.name!r}")
            continue
        profiles[profile.name.casefold()] = profile
    active = document.get("active")
    if active is not None and not isinstance(active, str):
        dropped.append(f"active profile: expected a name, found {json_type(active)}")
        active = None
    return Parsed(_ProfileBook(tuple(profiles.values()), active), tuple(dropped))


def _dump_book(book: _ProfileBook) -> dict[str, Any]:
    profiles = [
        {
            "name": profile.name,
            "api_url": profile.api_url,
            "default_workspace": profile.default_workspace,
            "read_only": profile.read_only,
            "sandbox": profile.sandbox,
        }
        for profile in book.profiles
    ]
    return {"active": book.active, "profiles": profiles}
