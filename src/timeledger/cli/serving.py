"""Running the server: uvicorn as configured, plus an idle timeout for the local server."""

from __future__ import annotations

import asyncio
import time
from typing import Any


class IdleTracker:
    """ASGI wrapper that notes when the last request ended, so an idle local server can stop."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.active = 0
        self.last = time.monotonic()

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.active += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.active -= 1
            self.last = time.monotonic()

    async def stop_when_idle(self, server: Any, seconds: float) -> None:
        while not server.should_exit:
            await asyncio.sleep(min(seconds, 30))
            if self.active == 0 and time.monotonic() - self.last >= seconds:
                server.should_exit = True


def run(
    *,
    host: str,
    port: int,
    workers: int,
    log_level: str,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
    uds: str | None = None,
    idle_timeout: float = 0,
) -> None:
    import uvicorn

    if not uds and not idle_timeout:
        uvicorn.run(
            "timeledger.api.app:create_app", factory=True, host=host, port=port, workers=workers,
            log_level=log_level, proxy_headers=False, ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile,
        )
        return
    from timeledger.api.app import create_app

    tracker = IdleTracker(create_app())
    config = uvicorn.Config(
        tracker, host=host, port=port, uds=uds, log_level=log_level, proxy_headers=False, lifespan="on",
        ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile,
    )
    server = uvicorn.Server(config)

    async def main() -> None:
        watcher = asyncio.create_task(tracker.stop_when_idle(server, idle_timeout)) if idle_timeout else None
        try:
            await server.serve()
        finally:
            if watcher:
                watcher.cancel()

    asyncio.run(main())
