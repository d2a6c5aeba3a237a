"""The action catalog: one action per operation of the Clockify dialect, plus aliases in
ClickTime's words (jobs are projects) that work against any Clockify-compatible server, and one
action per operation of timeledger's ClickTime dialect (ids `clicktime-...`). Loaded from catalog.json, which scripts/generate_actions.py
writes from the app's OpenAPI; standard library only, so `timeledger action list` stays fast."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

CATALOG_FILE = Path(__file__).with_name("catalog.json")


@dataclass(frozen=True)
class Action:
    """One operation an agent or a script can run.

    `path` is relative to its API's base (`/workspaces/{workspaceId}/time-entries` under /api/v1;
    `/Jobs/{jobID}` under /clicktime/v2). The input is
    one flat JSON object: `path_params`, `query_params` and `body_fields` name which of its
    properties go where; when the request body is not an object (a list of entries), the whole
    body is the input property `body_property`. workspaceId and userId may be left out and are
    then filled in from the session (your workspace, you)."""

    id: str
    title: str
    description: str
    method: str
    path: str
    input_schema: dict[str, Any]
    annotations: dict[str, bool]
    path_params: tuple[str, ...] = ()
    query_params: tuple[str, ...] = ()
    body_fields: tuple[str, ...] = ()
    body_property: str | None = None
    pages: bool = False
    confirm: bool = False
    alias_of: str | None = None
    operation: str | None = field(default=None, compare=False)  # the API's operationId behind it
    api: str = "clockify"  # or "clicktime": its path is under /clicktime/v2, paged by limit/offset

    @property
    def read_only(self) -> bool:
        return bool(self.annotations.get("readOnlyHint"))

    @property
    def has_body(self) -> bool:
        return bool(self.body_fields) or self.body_property is not None

    def to_json(self) -> dict[str, Any]:
        """The action as the catalog file stores it."""
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "method": self.method,
            "path": self.path,
            "pathParams": list(self.path_params),
            "queryParams": list(self.query_params),
            "bodyFields": list(self.body_fields),
            "bodyProperty": self.body_property,
            "pages": self.pages,
            "confirm": self.confirm,
            "aliasOf": self.alias_of,
            "operationId": self.operation,
            "api": self.api,
            "annotations": self.annotations,
            "inputSchema": self.input_schema,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Action:
        return cls(
            id=data["id"],
            title=data["title"],
            description=data["description"],
            method=data["method"],
            path=data["path"],
            input_schema=data["inputSchema"],
            annotations=data["annotations"],
            path_params=tuple(data.get("pathParams", ())),
            query_params=tuple(data.get("queryParams", ())),
            body_fields=tuple(data.get("bodyFields", ())),
            body_property=data.get("bodyProperty"),
            pages=bool(data.get("pages")),
            confirm=bool(data.get("confirm")),
            alias_of=data.get("aliasOf"),
            operation=data.get("operationId"),
            api=data.get("api", "clockify"),
        )

    def summary(self) -> dict[str, Any]:
        """What `action list --json` and MCP's tools/list show of it."""
        return {"id": self.id, "description": self.description, "inputSchema": self.input_schema,
                "annotations": self.annotations}


class UnknownAction(LookupError):
    """No action has that id; the message suggests the nearest ones."""


@lru_cache(maxsize=1)
def _load() -> tuple[Action, ...]:
    data = json.loads(CATALOG_FILE.read_text(encoding="utf-8"))
    return tuple(Action.from_json(item) for item in data["actions"])


def actions() -> tuple[Action, ...]:
    """Every action, ordered by id."""
    return _load()


@lru_cache(maxsize=1)
def _by_id() -> dict[str, Action]:
    return {action.id: action for action in _load()}


def get(action_id: str) -> Action:
    """The action called `action_id`, or UnknownAction naming the closest ids."""
    found = _by_id().get(action_id.strip().lower())
    if found is not None:
        return found
    import difflib

    close = difflib.get_close_matches(action_id.lower(), list(_by_id()), n=4, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UnknownAction(f'no action is called "{action_id}"{hint} (see `timeledger action list`)')
