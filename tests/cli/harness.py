"""The command line's test harness: the CLI in process through its front door, as one account, with
a fixed clock (TIMELEDGER_NOW). The fixtures that make one are in conftest.py."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.support import Caller
from timeledger.cli.app import main

NEW_YORK = "America/New_York"
BUENOS_AIRES = "America/Argentina/Buenos_Aires"
KOLKATA = "Asia/Kolkata"
# A fixed "now": Wednesday 11 March 2026, 15:00 UTC (11:00 in New York, 12:00 in Buenos Aires).
NOW = "2026-03-11T15:00:00Z"
CLEARED = ("TIMELEDGER_SERVER", "TIMELEDGER_API_KEY", "CLOCKIFY_API_KEY", "CLOCKIFY_TZ_OFFSET", "TIMELEDGER_PROFILE")


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        assert self.code == 0, (self.code, self.out, self.err)
        return json.loads(self.out)


@dataclass
class Cli:
    """Runs `timeledger ...` as one account, in one mode."""

    mode: str
    caller: Caller
    capsys: pytest.CaptureFixture[str]
    monkeypatch: pytest.MonkeyPatch
    server: str | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    def __call__(self, *args: str, env: dict[str, str] | None = None, globals_: tuple[str, ...] = ()) -> Result:
        prefix = ["--api-key", self.caller.key, *globals_]
        if self.server:
            prefix = ["--server", self.server, *prefix]
        with self.monkeypatch.context() as patch:
            for name, value in {**self.extra_env, **(env or {})}.items():
                if value is None:
                    patch.delenv(name, raising=False)
                else:
                    patch.setenv(name, value)
            self.capsys.readouterr()
            code = main([*prefix, *args])
            captured = self.capsys.readouterr()
        return Result(code, captured.out, captured.err)

    def entries(self) -> list[dict[str, Any]]:
        """Every entry of this account, oldest first, as the API answers them."""
        return list(reversed(self.caller.get(f"/v1/workspaces/{self.caller.ws}/user/{self.caller.user_id}/time-entries",
                                             params={"page-size": 1000}).json()))


def intervals(entries: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    return [(e["timeInterval"]["start"], e["timeInterval"]["end"]) for e in entries]
