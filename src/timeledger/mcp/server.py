"""The MCP server over the action catalog, independent of the transport.

Built on the SDK's low-level Server so that each tool keeps the catalog's own JSON Schema and
annotations. `build_server(call)` takes how to run an action: the stdio server runs it through
the CLI session, the HTTP endpoint in-process with the caller's key.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from mcp import types
from mcp.server.lowlevel import Server

from timeledger import __version__
from timeledger.actions import catalog
from timeledger.actions.runner import ConfirmationRequired
from timeledger.actions.schema import InputError
from timeledger.cli.client import ApiError, ConnectionFailed

RunAction = Callable[[catalog.Action, dict[str, Any], Any], Awaitable[Any]]

INSTRUCTIONS = """Time tracking through timeledger's Clockify-compatible API (or any Clockify server).
Each tool is one API operation; workspaceId (and userId where "you" is meant) may be left out.
Lists come back complete, page after page, unless you give `page`. Times are ISO 8601 instants
(2026-03-02T09:00:00Z); money is in minor units (4500 = 45.00). Tools marked destructive delete or
overwrite data: confirm with the user before calling them."""


def tool(action: catalog.Action) -> types.Tool:
    hints = action.annotations
    return types.Tool(
        name=action.id,
        title=action.title,
        description=action.description,
        input_schema=action.input_schema,
        annotations=types.ToolAnnotations(
            title=action.title,
            read_only_hint=hints.get("readOnlyHint"),
            destructive_hint=hints.get("destructiveHint"),
            idempotent_hint=hints.get("idempotentHint"),
            open_world_hint=hints.get("openWorldHint"),
        ),
    )


def failure(text: str) -> types.CallToolResult:
    return types.CallToolResult(content=[types.TextContent(text=text)], is_error=True)


def api_failure(error: ApiError) -> types.CallToolResult:
    """The API's status, code and message, as the tool's error."""
    code = error.code
    suffix = f" (code {code})" if code is not None and code != error.status else ""
    return failure(f"API error {error.status}{suffix}: {error.message or '(no message)'}")


def build_server(run: RunAction) -> Server[Any]:
    tools = [tool(action) for action in catalog.actions()]

    async def list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        return types.ListToolsResult(tools=tools)

    async def call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
        try:
            action = catalog.get(params.name)
        except catalog.UnknownAction as exc:
            return failure(str(exc))
        try:
            result = await run(action, params.arguments or {}, ctx)
        except InputError as exc:
            return failure(f"invalid input for {action.id}: {exc}")
        except ApiError as exc:
            return api_failure(exc)
        except (ConfirmationRequired, ConnectionFailed) as exc:
            return failure(str(exc))
        text = json.dumps(result, ensure_ascii=False, indent=1) if result is not None else "null"
        return types.CallToolResult(content=[types.TextContent(text=text)])

    def input_schema(name: str) -> dict[str, Any] | None:
        try:
            return catalog.get(name).input_schema
        except catalog.UnknownAction:
            return None

    return Server(
        "timeledger",
        version=__version__,
        instructions=INSTRUCTIONS,
        get_tool_input_schema=input_schema,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
    )
