"""/mcp on the server: MCP over streamable HTTP, for agents that reach timeledger over the network.

Authenticated like the API, by `X-Api-Key: <key>` or `Authorization: Bearer <key>`; a missing or
unknown key is answered 401 before any MCP message is read. Each tool call then runs the action
against the same app in-process (httpx's ASGI transport, through the whole middleware stack) with
the caller's own key, so it sees exactly the workspaces that key sees. A session belongs to the
user who opened it.

The MCP SDK costs about a second to import, so it is imported, and its session manager started,
on the first request to /mcp rather than when the server starts.
"""

from __future__ import annotations

import json
from contextlib import asynccontextmanager
from typing import Any

KEY_STATE = "timeledger_mcp_key"
INTERNAL_BASE = "http://timeledger.internal/v1"


def credential(headers: list[tuple[bytes, bytes]]) -> tuple[str | None, str | None]:
    """(key, problem): the key from X-Api-Key or a Bearer authorization, else why there is none."""
    api_key = bearer = None
    for name, value in headers:
        if name == b"x-api-key":
            api_key = value.decode("latin-1").strip()
        elif name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                bearer = token.strip()
    if api_key and bearer and api_key != bearer:
        return None, "Give one key: X-Api-Key and Authorization name different keys"
    key = api_key or bearer
    if not key:
        return None, "Multiple or none auth tokens present"
    return key, None


async def _refuse(send: Any, status: int, message: str, code: int) -> None:
    body = json.dumps({"message": message, "code": code}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if status == 401:
        headers.append((b"www-authenticate", b'Bearer realm="timeledger"'))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class McpEndpoint:
    """The ASGI app mounted at /mcp. `running()` belongs in the app's lifespan: it holds the task
    group the MCP session manager lives in once the first request has started it."""

    def __init__(self) -> None:
        self._tasks: Any = None
        self._manager: Any = None
        self._lock: Any = None

    @asynccontextmanager
    async def running(self):
        import anyio

        async with anyio.create_task_group() as tasks:
            self._tasks, self._lock = tasks, anyio.Lock()
            try:
                yield
            finally:
                self._tasks = self._manager = None
                tasks.cancel_scope.cancel()

    async def _session_manager(self) -> Any:
        if self._manager is not None:
            return self._manager
        if self._tasks is None:
            raise RuntimeError("the /mcp endpoint runs inside the app's lifespan")
        async with self._lock:
            if self._manager is None:
                from mcp.server.streamable_http_manager import StreamableHTTPSessionManager

                from timeledger.mcp.server import build_server

                manager = StreamableHTTPSessionManager(app=build_server(run_in_process))

                async def keep(*, task_status: Any) -> None:
                    import anyio

                    async with manager.run():
                        task_status.started()
                        await anyio.sleep_forever()

                await self._tasks.start(keep)
                self._manager = manager
        return self._manager

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        key, problem = credential(scope.get("headers", []))
        if key is None:
            await _refuse(send, 401, problem or "Unauthorized", 1000)
            return
        from timeledger.services.access import authenticate

        principal = await authenticate(scope["app"].state.db, key)
        if principal is None:
            await _refuse(send, 401, "Api key does not exist", 4003)
            return
        manager = await self._session_manager()
        from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
        from mcp.server.auth.provider import AccessToken

        scope = dict(scope)
        # Sessions are bound to the user who opened them; the key itself travels per request.
        scope["user"] = AuthenticatedUser(AccessToken(token="", client_id=principal.user_id, scopes=[],
                                                      subject=principal.user_id))
        scope["state"] = {**scope.get("state", {}), KEY_STATE: key}
        await manager.handle_request(scope, receive, send)


async def run_in_process(action: Any, arguments: dict[str, Any], ctx: Any) -> Any:
    """Run an action against the app that received the MCP request, as the caller."""
    import httpx

    from timeledger.actions import runner
    from timeledger.cli.client import ApiError

    request = ctx.request
    if request is None or KEY_STATE not in request.scope.get("state", {}):
        raise RuntimeError("an MCP call over HTTP without its authenticated request")
    key = request.scope["state"][KEY_STATE]
    transport = httpx.ASGITransport(app=request.scope["app"])
    async with httpx.AsyncClient(transport=transport, base_url=INTERNAL_BASE, headers={"X-Api-Key": key},
                                 timeout=None) as http:

        async def send(call: runner.Call) -> runner.Reply:
            path, headers = call.path, None
            if call.api == "clicktime":
                path, headers = runner.clicktime_url(INTERNAL_BASE, call.path), runner.clicktime_headers(key)
            response = await http.request(call.method, path, params=call.query or None, headers=headers,
                                          json=call.body if call.has_body else None)
            if response.status_code >= 400:
                raise ApiError(call.method, str(response.url), response.status_code, response.content)
            headers = {name.lower(): value for name, value in response.headers.items()}
            return runner.Reply(response.status_code, headers, response.content)

        async def identity() -> tuple[str, str]:
            user = runner.decode(await send(runner.Call("GET", "/user", [])))
            workspaces = runner.decode(await send(runner.Call("GET", "/workspaces", [])))
            return runner.choose_workspace(user, workspaces), user["id"]

        return await runner.run_async(send, identity, action, arguments, confirm=True)
