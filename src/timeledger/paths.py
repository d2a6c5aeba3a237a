"""Where timeledger keeps things on this machine. Standard library only: the CLI's hot path
imports this."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def default_data_dir() -> Path:
    """The platform's per-user data directory for timeledger (the embedded database lives here)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "timeledger"


def data_dir() -> Path:
    value = os.environ.get("TIMELEDGER_DATA_DIR")
    return Path(value) if value else default_data_dir()


def config_dir() -> Path:
    """Profiles and the local mode's credentials. TIMELEDGER_CONFIG_DIR overrides it."""
    value = os.environ.get("TIMELEDGER_CONFIG_DIR")
    if value:
        return Path(value)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / "timeledger"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "timeledger"
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "timeledger"


def normalise_database_url(url: str) -> str:
    """Accept plain `postgresql://` and `sqlite:///` URLs and pick the async drivers we ship."""
    for prefix in ("postgres://", "postgresql://", "postgresql+psycopg://", "postgresql+psycopg2://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix):]
    if url.startswith("sqlite://") and not url.startswith("sqlite+aiosqlite://"):
        return "sqlite+aiosqlite://" + url[len("sqlite://"):]
    return url


def database_url() -> str:
    """TIMELEDGER_DATABASE_URL, else the embedded SQLite file: the rule config.Settings follows."""
    value = os.environ.get("TIMELEDGER_DATABASE_URL")
    return normalise_database_url(value) if value else f"sqlite+aiosqlite:///{data_dir() / 'timeledger.db'}"
