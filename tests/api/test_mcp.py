"""The action catalog as MCP tools, driven by the official `mcp` Python client: over streamable
HTTP at /mcp of a real `timeledger serve`, and over stdio from `timeledger mcp` pointed at it,
on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
import httpx
import httpx2
import pytest
from mcp.client.client import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

from tests.live import Account, LiveServer, live_server  # noqa: F401
from timeledger.actions import catalog

TIMELEDGER = Path(sys.executable).with_name("timeledger")


@asynccontextmanager
async def over_http(server: LiveServer, headers: dict[str, str]) -> AsyncIterator[Client]:
    # The MCP client leaves the HTTP client it is given open: close it here, or its connection
    # outlives the test.
    async with httpx2.AsyncClient(headers=headers, timeout=60) as http:
        async with Client(streamable_http_client(f"{server.url}/mcp", http_client=http)) as client:
            yield client


@asynccontextmanager
async def over_stdio(server: LiveServer, key: str, config: Path) -> AsyncIterator[Client]:
    env = {"TIMELEDGER_SERVER": server.url, "TIMELEDGER_API_KEY": key, "TIMELEDGER_CONFIG_DIR": str(config)}
    async with Client(StdioServerParameters(command=str(TIMELEDGER), args=["mcp"], env=env)) as client:
        yield client


def run(connection: AbstractAsyncContextManager[Client], body: Callable[[Client], Awaitable[Any]]) -> Any:
    async def main() -> Any:
        async with connection as client:
            return await body(client)

    return anyio.run(main)


def text(result) -> Any:
    assert not result.is_error, result.content[0].text
    return json.loads(result.content[0].text)


async def round_trip(client: Client, account: Account, label: str) -> None:
    """List the tools, create an entry with create-time-entry, read it back with get-time-entry."""
    tools = (await client.list_tools()).tools
    assert [t.name for t in tools] == [a.id for a in catalog.actions()]
    by_name = {t.name: t for t in tools}
    create = by_name["create-time-entry"]
    assert create.input_schema == catalog.get("create-time-entry").input_schema
    assert create.description == catalog.get("create-time-entry").description
    assert create.annotations.read_only_hint is False and create.annotations.destructive_hint is False
    assert by_name["get-time-entry"].annotations.read_only_hint is True
    assert by_name["delete-time-entry"].annotations.destructive_hint is True
    assert by_name["delete-time-entry"].annotations.idempotent_hint is True
    assert all(t.annotations is not None and t.annotations.open_world_hint is False for t in tools)

    made = text(await client.call_tool("create-time-entry", {
        "start": "2026-03-02T09:00:00Z", "end": "2026-03-02T11:15:00Z", "description": f"via MCP {label}"}))
    assert made["workspaceId"] == account.workspace_id and made["userId"] == account.user_id
    read = text(await client.call_tool("get-time-entry", {"entryId": made["id"]}))
    assert read["id"] == made["id"] and read["description"] == f"via MCP {label}"
    assert read["timeInterval"]["duration"] == "PT2H15M"
    listed = text(await client.call_tool("list-time-entries", {"page-size": 1}))
    assert made["id"] in [e["id"] for e in listed]

    missing = await client.call_tool("get-time-entry", {"entryId": "0" * 24})
    assert missing.is_error
    assert missing.content[0].text == "API error 400 (code 501): Time entry doesn't belong to Workspace"
    bad = await client.call_tool("create-time-entry", {"start": "soon", "colour": "red"})
    assert bad.is_error and bad.content[0].text.startswith("invalid input for create-time-entry: ")
    assert "colour is not a known property" in bad.content[0].text and "start must be an ISO 8601" in bad.content[0].text
    unknown = await client.call_tool("create-timesheet", {})
    assert unknown.is_error and 'no action is called "create-timesheet"' in unknown.content[0].text


def test_streamable_http_with_api_key(live_server: LiveServer):  # noqa: F811
    account = live_server.bootstrap("MCP http")
    run(over_http(live_server, {"X-Api-Key": account.api_key}), lambda c: round_trip(c, account, "http"))


def test_streamable_http_with_bearer_key(live_server: LiveServer):  # noqa: F811
    account = live_server.bootstrap("MCP bearer")

    async def body(client: Client) -> None:
        me = text(await client.call_tool("get-current-user", {}))
        assert me["id"] == account.user_id and me["email"] == account.email
        assert [w["id"] for w in text(await client.call_tool("list-workspaces", {}))] == [account.workspace_id]
        # ClickTime's operations too, with the same key sent as its Token
        assert text(await client.call_tool("clicktime-get-current-user", {}))["ID"] == account.user_id
        job = text(await client.call_tool("create-project", {"name": "Seen by both"}))
        jobs = text(await client.call_tool("clicktime-list-jobs", {"limit": 1}))
        assert [j["ID"] for j in jobs] == [job["id"]]

    run(over_http(live_server, {"Authorization": f"Bearer {account.api_key}"}), body)


def test_stdio(live_server: LiveServer, tmp_path):  # noqa: F811
    account = live_server.bootstrap("MCP stdio")
    run(over_stdio(live_server, account.api_key, tmp_path), lambda c: round_trip(c, account, "stdio"))


def test_bad_keys_are_refused(live_server: LiveServer):  # noqa: F811
    account = live_server.bootstrap("MCP refused")
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}
    accept = {"Accept": "application/json, text/event-stream"}
    for headers, code in (({}, 1000), ({"X-Api-Key": "nope"}, 4003), ({"Authorization": "Bearer nope"}, 4003),
                          ({"X-Api-Key": account.api_key, "Authorization": "Bearer other"}, 1000)):
        response = httpx.post(f"{live_server.url}/mcp", json=initialize, headers={**accept, **headers})
        assert response.status_code == 401, (headers, response.text)
        assert response.json()["code"] == code and response.headers["www-authenticate"].startswith("Bearer")
    good = httpx.post(f"{live_server.url}/mcp", json=initialize, headers={**accept, "X-Api-Key": account.api_key})
    assert good.status_code == 200, good.text

    with pytest.raises(BaseException) as caught:
        run(over_http(live_server, {"X-Api-Key": "nope"}), lambda c: c.list_tools())

    def flatten(error: BaseException) -> list[BaseException]:
        inner = getattr(error, "exceptions", None)
        return [e for sub in inner for e in flatten(sub)] if inner else [error]

    assert any(isinstance(e, MCPError) for e in flatten(caught.value)), caught.value


def test_tools_reach_only_the_callers_workspaces(live_server: LiveServer):  # noqa: F811
    owner, stranger = live_server.bootstrap("Mine"), live_server.bootstrap("Theirs")
    entry = httpx.post(f"{live_server.url}/api/v1/workspaces/{owner.workspace_id}/time-entries",
                       headers={"X-Api-Key": owner.api_key},
                       json={"start": "2026-03-02T09:00:00Z", "end": "2026-03-02T10:00:00Z"}).json()

    async def body(client: Client) -> None:
        foreign = await client.call_tool("get-time-entry", {"workspaceId": owner.workspace_id, "entryId": entry["id"]})
        assert foreign.is_error and foreign.content[0].text.startswith("API error 403")
        own = await client.call_tool("get-time-entry", {"entryId": entry["id"]})  # their own workspace
        assert own.is_error and "doesn't belong to Workspace" in own.content[0].text
        assert text(await client.call_tool("list-time-entries", {})) == []
        deleted = await client.call_tool("delete-time-entry", {"workspaceId": owner.workspace_id,
                                                               "entryId": entry["id"]})
        assert deleted.is_error

    run(over_http(live_server, {"X-Api-Key": stranger.api_key}), body)
    still = httpx.get(f"{live_server.url}/api/v1/workspaces/{owner.workspace_id}/time-entries/{entry['id']}",
                      headers={"X-Api-Key": owner.api_key})
    assert still.status_code == 200


def test_a_session_belongs_to_its_user(live_server: LiveServer):  # noqa: F811
    owner, stranger = live_server.bootstrap("Session owner"), live_server.bootstrap("Session thief")
    initialize = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}
    accept = {"Accept": "application/json, text/event-stream"}
    opened = httpx.post(f"{live_server.url}/mcp", json=initialize, headers={**accept, "X-Api-Key": owner.api_key})
    session_id = opened.headers["mcp-session-id"]
    in_session = {**accept, "Mcp-Session-Id": session_id, "Mcp-Protocol-Version": "2025-06-18"}
    ready = httpx.post(f"{live_server.url}/mcp", json={"jsonrpc": "2.0", "method": "notifications/initialized"},
                       headers={**in_session, "X-Api-Key": owner.api_key})
    assert ready.status_code == 202, ready.text
    listing = {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}
    theirs = httpx.post(f"{live_server.url}/mcp", json=listing, headers={**in_session, "X-Api-Key": stranger.api_key})
    assert theirs.status_code == 404
    mine = httpx.post(f"{live_server.url}/mcp", json=listing, headers={**in_session, "X-Api-Key": owner.api_key})
    assert mine.status_code == 200 and "create-time-entry" in mine.text
