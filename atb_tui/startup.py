"""Start-up configuration, read once and checked before Textual starts.

The API URL and the token come from one place, in this order: an explicit ``--profile``;
else ``PROLIFIC_TOKEN`` (with ``PROLIFIC_URL``, as Prolific's own CLI reads them); else the
active saved profile; else nothing, and the app asks to sign in. ``--api-url`` overrides the
URL of whichever applies. Anything unusable is a `UsageError` naming the flag, variable or
file and what to do, so a bad URL or profile never reaches the app.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from atb_tui.api._config import TOKEN_ENV, URL_ENV
from atb_tui.storage.errors import StorageError
from atb_tui.storage.logging_setup import register_secret
from atb_tui.storage.profiles import DEFAULT_API_URL, Profile, ProfileStore, validate_api_url
from atb_tui.storage.tokens import clean_token

EXIT_RUNTIME = 1
EXIT_USAGE = 2


class AtbError(Exception):
    """An expected failure: its message is one line saying what, where and what to do."""

    exit_code = EXIT_RUNTIME


class UsageError(AtbError):
    """A bad flag, environment variable or configuration file: exit code 2."""

    exit_code = EXIT_USAGE


@dataclass(frozen=True)
class StartPlan:
    """Whom to connect to at start, or why the sign-in screen opens instead."""

    profile: Profile | None = None  # without a token: what the sign-in form is filled with
    token: str | None = field(default=None, repr=False)
    sign_in_reason: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def connects(self) -> bool:
        """Whether the app can connect at once (otherwise it opens the sign-in screen)."""
        return self.profile is not None and self.token is not None


def plan_start(
    *,
    demo: bool,
    api_url: str | None,
    profile_name: str | None,
    env: Mapping[str, str],
    profiles: ProfileStore,
) -> StartPlan:
    """Decide how the app starts; raises UsageError for anything the user must fix first."""
    if demo:
        if api_url is not None:
            raise UsageError("--api-url cannot be used with --demo, which needs no server")
        if profile_name is not None:
            raise UsageError("--profile cannot be used with --demo, which needs no account")
        return StartPlan()
    flag_url = _checked_url(api_url, "--api-url") if api_url is not None else None
    env_token = _env_token(env)
    raw_env_url = env.get(URL_ENV, "").strip()
    env_url = _checked_url(raw_env_url, URL_ENV) if raw_env_url else None
    if profile_name is not None:
        plan = _saved_profile(profiles, _existing_profile(profiles, profile_name), flag_url)
    elif env_token is not None:
        plan = StartPlan(Profile("env", flag_url or env_url or DEFAULT_API_URL), env_token)
    elif profiles.active is not None:
        plan = _saved_profile(profiles, profiles.get(profiles.active), flag_url)
    else:
        plan = StartPlan(Profile("default", flag_url) if flag_url else None)
    notes = list(profiles.load_errors)  # after the token was read: its problems are included
    if env_url is not None and env_token is None:
        notes.append(f"{URL_ENV} is set but not used: it applies only with {TOKEN_ENV}")
    if env_token is not None and profile_name is not None:
        notes.append(f"{TOKEN_ENV} is set but not used: --profile {profile_name} was asked for")
    return replace(plan, warnings=(*plan.warnings, *notes))


def _checked_url(raw: str, source: str) -> str:
    try:
        return validate_api_url(raw)
    except StorageError as error:
        raise UsageError(f"{source}: {error}") from None


def _env_token(env: Mapping[str, str]) -> str | None:
    raw = env.get(TOKEN_ENV, "")
    if not raw.strip():
        return None
    try:
        token = clean_token(raw)
    except StorageError as error:
        raise UsageError(f"{TOKEN_ENV}: {error}; or unset it to sign in with a profile") from None
    register_secret(token)  # from now on no log line or crash report can show it
    return token


def _existing_profile(profiles: ProfileStore, name: str) -> Profile:
    found = profiles.get(name)
    if found is not None:
        return found
    names = [profile.name for profile in profiles.list()]
    known = (
        f"saved profiles: {', '.join(names)}"
        if names
        else "no profile is saved yet; start atb-tui without --profile to sign in"
    )
    raise UsageError(f"--profile: there is no profile named {name!r} ({known})")


def _saved_profile(profiles: ProfileStore, profile: Profile | None, url: str | None) -> StartPlan:
    if profile is None:
        return StartPlan(Profile("default", url) if url else None)
    token = profiles.token(profile.name)
    if url is not None:
        profile = replace(profile, api_url=url)
    if token is None:
        reason = f"Profile {profile.name!r} has no usable saved token. Sign in again."
        return StartPlan(profile, sign_in_reason=reason)
    return StartPlan(profile, token)
