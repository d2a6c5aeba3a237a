"""`timeledger mcp`: the catalog's tools over stdio, each call run through the CLI's session
(HTTP to the configured server, or to the local one), so it drives any Clockify-compatible server."""

from __future__ import annotations

import threading
from typing import Any

from timeledger.actions import runner


def serve(session: Any) -> int:
    import anyio
    import anyio.to_thread
    from mcp.server.stdio import stdio_server

    from timeledger.mcp.server import build_server

    lock = threading.Lock()  # one HTTP connection: one call at a time

    def blocking(action: Any, arguments: dict[str, Any]) -> Any:
        with lock:
            return runner.run(session, action, arguments, confirm=True)

    async def run(action: Any, arguments: dict[str, Any], ctx: Any) -> Any:
        return await anyio.to_thread.run_sync(blocking, action, arguments)

    server = build_server(run)

    async def main() -> None:
        async with stdio_server() as (read_stream, write_stream):
            await server.run(read_stream, write_stream, server.create_initialization_options())

    try:
        anyio.run(main)
    except KeyboardInterrupt:
        pass
    return 0
