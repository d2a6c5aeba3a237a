"""Local mode: the embedded database behind a background server the CLI starts on demand.

Importing the server stack costs about a second, far more than an agent can pay per call, so
the first local command starts `timeledger serve` on a Unix socket (in a directory only this
user can enter) and every later command talks to it in a few milliseconds. The server stops by
itself after an idle hour. The first command also provisions an API key for the local owner
and keeps it in the config directory, readable by this user only.

Standard library only, except `provision`, which runs once and imports the services.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
import zlib
from pathlib import Path
from typing import Any

from timeledger import paths

IDLE_TIMEOUT_S = int(os.environ.get("TIMELEDGER_LOCAL_IDLE_TIMEOUT", "3600"))
START_TIMEOUT_S = 30.0


def _key(db_url: str) -> str:
    return f"{zlib.crc32(db_url.encode()):08x}"


def socket_path(db_url: str) -> str:
    """A short path (Unix socket paths are limited to ~100 bytes) in a private directory."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if not runtime:
        import tempfile  # a few ms (random, shutil): only where no runtime directory is set

        runtime = tempfile.gettempdir()
    folder = Path(runtime) / f"timeledger-{os.getuid()}"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_uid != os.getuid() or folder.stat().st_mode & 0o077:
        raise RuntimeError(f"{folder} must belong to you and be private (chmod 700)")
    return str(folder / f"{_key(db_url)}.sock")


def answers(path: str) -> bool:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(2)
    try:
        sock.connect(path)
        return True
    except OSError:
        return False
    finally:
        sock.close()


def ensure_server(db_url: str, *, quiet: bool = False) -> str:
    """The socket of a running local server for `db_url`, starting one if none answers."""
    path = socket_path(db_url)
    if answers(path):
        return path
    lock_file = Path(path + ".lock")
    with open(lock_file, "w") as lock:
        import fcntl

        fcntl.flock(lock, fcntl.LOCK_EX)  # two commands at once start one server, not two
        if answers(path):
            return path
        if os.path.exists(path):
            os.unlink(path)  # left behind by a server that died
        log_path = paths.data_dir() / "local-server.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        if not quiet:
            print("Starting the local timeledger server…", file=sys.stderr)
        env = dict(os.environ, TIMELEDGER_DATABASE_URL=db_url, TIMELEDGER_RATE_LIMIT_PER_KEY="0",
                   TIMELEDGER_RATE_LIMIT_PER_WORKSPACE="0")
        import subprocess  # only to start the server, never on the hot path

        with open(log_path, "ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "timeledger", "serve", "--uds", path, "--idle-timeout", str(IDLE_TIMEOUT_S),
                 "--log-level", "warning"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env, start_new_session=True,
            )
        Path(path + ".pid").write_text(str(process.pid))
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if answers(path):
                return path
            if process.poll() is not None:
                break
            time.sleep(0.02)
        tail = log_path.read_text(errors="replace").splitlines()[-15:]
        raise RuntimeError("the local server did not start:\n" + "\n".join(tail))


def stop_server(db_url: str) -> bool:
    """Stop the local server of `db_url`, if one runs. Returns whether one was stopped."""
    import signal

    path = socket_path(db_url)
    try:
        pid = int(Path(path + ".pid").read_text())
    except (OSError, ValueError):
        return False
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and answers(path):
        time.sleep(0.05)
    return True


def _credentials_file() -> Path:
    return paths.config_dir() / "local.json"


def credentials(db_url: str) -> dict[str, Any] | None:
    try:
        stored = json.loads(_credentials_file().read_text())
    except (OSError, ValueError):
        return None
    return stored.get(_key(db_url))


def save_credentials(db_url: str, values: dict[str, Any]) -> None:
    from timeledger.cli.context import write_private

    file = _credentials_file()
    try:
        stored = json.loads(file.read_text())
    except (OSError, ValueError):
        stored = {}
    stored[_key(db_url)] = {**values, "database": db_url}
    write_private(file, stored)


def provision(db_url: str) -> dict[str, Any]:
    """First use of a database in local mode: a key for its first owner (created, with a
    workspace, when the database is empty). Whoever can read the database file is its admin."""
    import asyncio
    import getpass

    from timeledger.db.engine import Database
    from timeledger.db.migrate import upgrade
    from timeledger.services import users

    upgrade(db_url)

    async def run() -> dict[str, Any]:
        db = Database(db_url)
        try:
            if await users.database_is_empty(db):
                name = getpass.getuser() or "me"
                user_id, workspace_id, key = await users.bootstrap(
                    db, f"{name}@timeledger.local", name.title(), "My workspace", None, _system_zone_name()
                )
                return {"apiKey": key, "userId": user_id, "workspaceId": workspace_id, "email": f"{name}@timeledger.local"}
            user_id, email, key = await users.key_for_first_owner(db)
            return {"apiKey": key, "userId": user_id, "email": email}
        finally:
            await db.dispose()

    values = asyncio.run(run())
    save_credentials(db_url, values)
    print(f"Local mode: signed in as {values['email']} (key kept in {_credentials_file()}).", file=sys.stderr)
    return values


def _system_zone_name() -> str | None:
    """The machine's IANA zone, when it can be known (TZ, or where /etc/localtime points)."""
    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            target = os.path.realpath("/etc/localtime")
        except OSError:
            return None
        marker = "zoneinfo/"
        name = target.split(marker, 1)[1] if marker in target else ""
    from timeledger.core.zones import is_zone

    return name if is_zone(name) else None
