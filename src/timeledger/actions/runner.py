"""Running an action: check the input against its schema, fill in the workspace and the user, ask
for confirmation where the action needs it, build the HTTP request, follow the pages.

The request logic is written once, as a generator that yields requests and receives replies
(`exchanges`), and driven by `run` (the CLI's blocking client) or `run_async` (the MCP server's
in-process calls). Standard library only.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable, Generator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from timeledger.actions.catalog import Action
from timeledger.actions.schema import InputError, validate

DEFAULT_PAGE_SIZE = 200  # within every server's limit (Clockify's in-progress list stops at 1000)
CLICKTIME_PAGE = 100  # ClickTime's own default; its time entries stop at 500 a page
CLICKTIME_BASE = "/clicktime/v2"  # from the host root, next to /api/v1
IDENTITY = ("workspaceId", "userId")

Confirm = bool | Callable[[str], bool]


class ConfirmationRequired(Exception):
    """The action deletes or changes many things and was not confirmed."""


@dataclass(frozen=True, slots=True)
class Call:
    """One HTTP request of an action, relative to its API's base (`api`: clockify or clicktime)."""

    method: str
    path: str
    query: list[tuple[str, str]]
    body: Any = None
    has_body: bool = False
    api: str = "clockify"


def clicktime_url(api_base: str, path: str) -> str:
    """The URL of a ClickTime-dialect path on the server whose Clockify API base is `api_base`."""
    root = api_base.rstrip("/")
    for suffix in ("/api/v1", "/v1"):
        if root.endswith(suffix):
            root = root[: -len(suffix)]
            break
    return root + CLICKTIME_BASE + path


def clicktime_headers(api_key: str | None) -> dict[str, str]:
    """ClickTime's credentials: the same key, as `Authorization: Token <key>`."""
    return {"Authorization": f"Token {api_key}"} if api_key else {}


@dataclass(frozen=True, slots=True)
class Reply:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def last_page(self) -> bool | None:
        value = self.headers.get("last-page")
        return None if value is None else value.lower() == "true"


def check(action: Action, arguments: Any) -> dict[str, Any]:
    """The input as a new dict, or InputError naming each property that is wrong."""
    if arguments is None:
        arguments = {}
    if not isinstance(arguments, dict):
        raise InputError([f"the input must be a JSON object, not {type(arguments).__name__}"])
    validate(action.input_schema, arguments)
    return dict(arguments)


def missing_identity(action: Action, arguments: dict[str, Any]) -> list[str]:
    """workspaceId and userId, where the path needs them and the input left them out."""
    return [name for name in IDENTITY if name in action.path_params and not arguments.get(name)]


def prompt(action: Action, arguments: dict[str, Any]) -> str:
    """The question `action run` asks before a delete or a bulk change: "Delete time entry 6a1f...?"."""
    required = set(action.input_schema.get("required", ()))
    parts = [str(arguments[name]) for name in action.path_params
             if name in arguments and name != "workspaceId" and (name != "userId" or "userId" in required)]
    for name, value in arguments.items():
        if isinstance(value, list) and value:
            if all(isinstance(item, str) for item in value):
                shown = ", ".join(value[:5]) + (f" and {len(value) - 5} more" if len(value) > 5 else "")
                parts.append(shown)
            else:
                parts.append(f"{len(value)} {name}")
    if "invoiced" in arguments:
        parts.append("as invoiced" if arguments["invoiced"] else "as not invoiced")
    return f"{action.title} {' '.join(parts)}".strip() + "?"


def confirmed(action: Action, arguments: dict[str, Any], confirm: Confirm) -> None:
    """Nothing when the action needs no confirmation or got it; ConfirmationRequired otherwise."""
    if not action.confirm:
        return
    question = prompt(action, arguments)
    if callable(confirm):
        if confirm(question):
            return
        raise ConfirmationRequired(f"not confirmed: {question}")
    if not confirm:
        raise ConfirmationRequired(f"{action.id} needs confirmation: {question}")


def _text(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def build(action: Action, arguments: dict[str, Any], page: int | None = None, page_size: int | None = None) -> Call:
    """The request for a checked and filled-in input (and, when paging, for one page)."""
    path = action.path
    for name in action.path_params:
        if name not in arguments or arguments[name] in (None, ""):
            raise InputError([f"{name} is required"])
        path = path.replace("{" + name + "}", quote(_text(arguments[name]), safe=""))
    query: list[tuple[str, str]] = []
    for name in action.query_params:
        if name in ("page", "page-size") and page is not None:
            continue
        value = arguments.get(name)
        if value is None:
            continue
        for item in value if isinstance(value, list) else [value]:
            query.append((name, _text(item)))
    if page is not None:
        query += [("page", str(page)), ("page-size", str(page_size))]
    if action.body_property is not None:
        return Call(action.method, path, query, arguments.get(action.body_property), True, action.api)
    if action.body_fields:
        body = {name: arguments[name] for name in action.body_fields if name in arguments}
        return Call(action.method, path, query, body, True, action.api)
    return Call(action.method, path, query, api=action.api)


def decode(reply: Reply) -> Any:
    """JSON as data, text as a string, anything else (PDF, XLSX) as base64."""
    if not reply.body:
        return None
    kind = reply.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind.endswith("json") or not kind:
        try:
            return json.loads(reply.body)
        except ValueError:
            pass
    if kind.startswith("text/") or kind in ("", "application/csv"):
        return reply.body.decode("utf-8", "replace")
    return {"contentType": kind, "base64": base64.b64encode(reply.body).decode("ascii")}


def _envelope_data(data: Any) -> Any:
    """A ClickTime answer's `data` (its envelope also holds errors, jsonapi, meta and page)."""
    if isinstance(data, dict) and "data" in data and "page" in data:
        return data["data"]
    return data


def _clicktime_exchanges(action: Action, arguments: dict[str, Any]) -> Generator[Call, Reply, Any]:
    """ClickTime's paging: limit and offset, the envelope's page.count is the total."""
    if not action.pages or arguments.get("offset") is not None:
        reply = yield build(action, arguments)
        return _envelope_data(decode(reply))
    limit = arguments.get("limit") or CLICKTIME_PAGE
    items: list[Any] = []
    while True:
        reply = yield build(action, {**arguments, "limit": limit, "offset": len(items)})
        data = decode(reply)
        rows = _envelope_data(data)
        if not isinstance(rows, list):
            return rows if not items else items
        items.extend(rows)
        count = (data.get("page") or {}).get("count") if isinstance(data, dict) else None
        if not rows or (isinstance(count, int) and len(items) >= count) or (count is None and len(rows) < limit):
            return items


def exchanges(action: Action, arguments: dict[str, Any]) -> Generator[Call, Reply, Any]:
    """Yield each request, receive its reply, return the result: a list action without `page`
    walks every page (until Last-Page says so, or a page comes back short) and returns them all.
    A ClickTime action returns its envelope's data, and walks pages by offset."""
    if action.api == "clicktime":
        return (yield from _clicktime_exchanges(action, arguments))
    if not action.pages or arguments.get("page") is not None:
        reply = yield build(action, arguments)
        return decode(reply)
    size = arguments.get("page-size") or DEFAULT_PAGE_SIZE
    items: list[Any] = []
    page = 1
    while True:
        reply = yield build(action, arguments, page, size)
        data = decode(reply)
        if not isinstance(data, list):
            return data if page == 1 else items
        items.extend(data)
        last = reply.last_page
        if last is True or not data or (last is None and len(data) < size):
            return items
        page += 1


def prepare(action: Action, arguments: Any, workspace_id: Callable[[], str], user_id: Callable[[], str],
            confirm: Confirm) -> dict[str, Any]:
    """Check, fill in, confirm: the input a run sends."""
    values = check(action, arguments)
    for name in missing_identity(action, values):
        values[name] = workspace_id() if name == "workspaceId" else user_id()
    confirmed(action, values, confirm)
    return values


def run(session: Any, action: Action, arguments: Any, *, confirm: Confirm) -> Any:
    """Run `action` through a CLI session (`timeledger.cli.context.Session`) and return its result.
    Failures raise InputError, ConfirmationRequired, or the client's ApiError."""
    values = prepare(action, arguments, session.workspace_id, lambda: session.user_id, confirm)
    steps = exchanges(action, values)
    call = next(steps)
    while True:
        path, headers = call.path, None
        if call.api == "clicktime":
            path, headers = clicktime_url(session.client.base, call.path), clicktime_headers(session.client.api_key)
        response = session.client.request(call.method, path, query=call.query, headers=headers,
                                          json_body=call.body if call.has_body else None)
        try:
            call = steps.send(Reply(response.status, response.headers, response.body))
        except StopIteration as done:
            return done.value


async def run_async(send: Callable[[Call], Awaitable[Reply]], identity: Callable[[], Awaitable[tuple[str, str]]],
                    action: Action, arguments: Any, *, confirm: Confirm) -> Any:
    """The same with an async transport: `send` makes one request (raising on an error status),
    `identity` answers (workspace id, user id) of the caller when the input leaves them out."""
    values = check(action, arguments)
    missing = missing_identity(action, values)
    if missing:
        workspace, user = await identity()
        for name in missing:
            values[name] = workspace if name == "workspaceId" else user
    confirmed(action, values, confirm)
    steps = exchanges(action, values)
    call = next(steps)
    while True:
        reply = await send(call)
        try:
            call = steps.send(reply)
        except StopIteration as done:
            return done.value


def choose_workspace(user: dict[str, Any], workspaces: list[dict[str, Any]]) -> str:
    """The workspace a caller means when they name none: the only one, else their active one."""
    ids = [w["id"] for w in workspaces]
    if len(ids) == 1:
        return ids[0]
    if not ids:
        raise InputError(["workspaceId is required: this account belongs to no workspace"])
    active = user.get("activeWorkspace") or user.get("defaultWorkspace")
    return active if active in ids else ids[0]
