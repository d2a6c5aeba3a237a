"""Which server a command talks to, as whom, in which workspace and time zone.

Standard library only: every command, the fast ones included, starts here.

- Remote mode: `--server URL`, else TIMELEDGER_SERVER, else the chosen profile's server. The key
  comes from `--api-key`, TIMELEDGER_API_KEY, CLOCKIFY_API_KEY, or the profile's key variable.
  Any Clockify-compatible server works, Clockify's own cloud included.
- Local mode (no server configured): the embedded database through a background server that
  the CLI starts on demand (see local.py).

Who the key belongs to and which workspaces it sees are cached per server and key for an
hour, so a fast command costs one request.
"""

from __future__ import annotations

import json
import os
import re
import time
import zlib
from pathlib import Path
from typing import Any

from timeledger import paths
from timeledger.cli.client import ApiError, Client, api_base

GLOBAL_OPTIONS = {"--server": "server", "--api-key": "api_key", "--workspace": "workspace", "--profile": "profile"}
CACHE_TTL_S = 3600
ID = re.compile(r"^[0-9a-fA-F]{24}$")


class UsageError(Exception):
    """A command cannot run as asked; the message says why and what to do."""


class Options:
    """The global options. Plain classes here and in client.py, not dataclasses: importing
    dataclasses (and inspect with it) would cost every command about 10 ms."""

    __slots__ = ("server", "api_key", "workspace", "profile")

    def __init__(self, server: str | None = None, api_key: str | None = None, workspace: str | None = None,
                 profile: str | None = None) -> None:
        self.server, self.api_key, self.workspace, self.profile = server, api_key, workspace, profile


def split_global(argv: list[str]) -> tuple[Options, list[str]]:
    """The global options that come before the command, and the rest of the arguments."""
    options = Options()
    rest = list(argv)
    while rest and rest[0].startswith("--"):
        name, eq, value = rest[0].partition("=")
        if name not in GLOBAL_OPTIONS:
            break
        if eq:
            rest.pop(0)
        else:
            if len(rest) < 2:
                raise UsageError(f"{name} needs a value")
            value = rest[1]
            del rest[:2]
        setattr(options, GLOBAL_OPTIONS[name], value)
    return options, rest


# --- profiles ---------------------------------------------------------------------------------


def profiles_file() -> Path:
    return paths.config_dir() / "profiles.json"


def load_profiles() -> dict[str, Any]:
    try:
        data = json.loads(profiles_file().read_text())
    except (OSError, ValueError):
        data = {}
    data.setdefault("current", None)
    data.setdefault("profiles", {})
    return data


def save_profiles(data: dict[str, Any]) -> None:
    write_private(profiles_file(), data)


def write_private(file: Path, data: Any) -> None:
    """`data` as JSON in `file`, readable by this user only, replaced whole (never half-written)."""
    file.parent.mkdir(parents=True, exist_ok=True)
    temporary = file.with_suffix(file.suffix + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as out:
        json.dump(data, out, indent=2)
    os.replace(temporary, file)


# --- the session ------------------------------------------------------------------------------


class Session:
    def __init__(self, client: Client, mode: str, profile: str | None = None,
                 workspace_choice: str | None = None) -> None:
        self.client = client
        self.mode = mode  # "local" | "remote"
        self.profile = profile
        self.workspace_choice = workspace_choice
        self._identity: dict[str, Any] | None = None

    # identity -------------------------------------------------------------------------------

    def _cache_key(self) -> str:
        return f"{zlib.crc32((self.client.base + '|' + (self.client.api_key or '')).encode()):08x}"

    def identity(self, refresh: bool = False) -> dict[str, Any]:
        """{userId, email, name, timeZone, activeWorkspace, workspaces: [[id, name]]}, cached."""
        if self._identity is not None and not refresh:
            return self._identity
        cache_file = paths.config_dir() / "cache.json"
        try:
            cache = json.loads(cache_file.read_text())
        except (OSError, ValueError):
            cache = {}
        entry = cache.get(self._cache_key())
        if refresh or not entry or time.time() - entry.get("at", 0) > CACHE_TTL_S:
            user = self.client.get("/user")
            workspaces = self.client.get("/workspaces")
            entry = {
                "at": time.time(),
                "userId": user["id"],
                "email": user.get("email"),
                "name": user.get("name"),
                "timeZone": (user.get("settings") or {}).get("timeZone"),
                "activeWorkspace": user.get("activeWorkspace") or user.get("defaultWorkspace"),
                "workspaces": [[w["id"], w["name"]] for w in workspaces],
            }
            cache[self._cache_key()] = entry
            write_private(cache_file, cache)
        self._identity = entry
        return entry

    @property
    def user_id(self) -> str:
        return self.identity()["userId"]

    def workspace_id(self) -> str:
        """The workspace of this command: `--workspace` (an id or a name), the profile's, the
        only one there is, else the user's active workspace."""
        choice = self.workspace_choice
        if choice and ID.match(choice):
            return choice.lower()
        identity = self.identity()
        workspaces = identity["workspaces"]
        if choice:
            matches = [w for w in workspaces if w[1].lower() == choice.lower()]
            if not matches:
                identity = self.identity(refresh=True)
                matches = [w for w in identity["workspaces"] if w[1].lower() == choice.lower()]
            if len(matches) == 1:
                return matches[0][0]
            if not matches:
                known = ", ".join(w[1] for w in identity["workspaces"]) or "none"
                raise UsageError(f'no workspace is called "{choice}" (yours: {known})')
            raise UsageError(f'"{choice}" names {len(matches)} workspaces: ' + ", ".join(w[0] for w in matches))
        if len(workspaces) == 1:
            return workspaces[0][0]
        if not workspaces:
            raise UsageError("this account belongs to no workspace")
        return identity["activeWorkspace"] or workspaces[0][0]

    def zone_name(self) -> str | None:
        return self.identity().get("timeZone")

    def close(self) -> None:
        self.client.close()


def open_session(options: Options, *, quiet: bool = False) -> Session:
    profiles = load_profiles()
    profile_name = options.profile or os.environ.get("TIMELEDGER_PROFILE") or profiles["current"]
    profile: dict[str, Any] = {}
    if profile_name:
        if profile_name not in profiles["profiles"]:
            raise UsageError(f'no profile "{profile_name}" (see `timeledger profile list`)')
        profile = profiles["profiles"][profile_name]
    server = options.server or os.environ.get("TIMELEDGER_SERVER") or profile.get("server")
    workspace = options.workspace or profile.get("workspace")
    if server:
        key = options.api_key or os.environ.get("TIMELEDGER_API_KEY") or os.environ.get("CLOCKIFY_API_KEY")
        if not key and profile.get("apiKeyEnv"):
            key = os.environ.get(profile["apiKeyEnv"])
        if not key:
            hint = f" or ${profile['apiKeyEnv']}" if profile.get("apiKeyEnv") else ""
            raise UsageError(f"no API key for {server}: give --api-key, or set TIMELEDGER_API_KEY, CLOCKIFY_API_KEY{hint}")
        return Session(Client(server_base(server), key), "remote", profile_name, workspace)
    from timeledger.cli import local

    db_url = paths.database_url()
    # A key given outright needs no local sign-in; otherwise the first use provisions one.
    key = options.api_key or os.environ.get("TIMELEDGER_API_KEY")
    if not key:
        key = (local.credentials(db_url) or local.provision(db_url))["apiKey"]
    socket_path = local.ensure_server(db_url, quiet=quiet)
    return Session(Client("http://localhost/v1", key, socket_path=socket_path), "local", profile_name, workspace)


def server_base(server: str) -> str:
    """The API base of `server`, which must be an http(s) URL: anything else would fail later
    with a confusing "cannot reach" (or be saved in a profile as is)."""
    if not re.match(r"^https?://[^/?#\s]+", server.strip(), re.IGNORECASE):
        raise UsageError(f'the server must be an http:// or https:// URL, not "{server}" '
                         "(e.g. http://127.0.0.1:8080 or https://api.clockify.me/api/v1)")
    return api_base(server.strip())


def describe_error(error: ApiError) -> str:
    """What a failed call prints: the status and the server's own words."""
    return f"{error.status} {error.method} {error.url}\n{error.text.strip()}"
