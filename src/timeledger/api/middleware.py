"""ASGI middleware that runs before routing: path aliases and rate limits."""

from __future__ import annotations

import math
import re

from timeledger.api.ratelimit import TokenBuckets
from timeledger.api.responses import dumps
from timeledger.services.access import hash_key

# Clockify clients use several bases for the same API; all reach one router under /v1.
ALIASES = (("/api/v1", "/v1"), ("/report/v1", "/v1"), ("/reports/v1", "/v1"))
WORKSPACE_IN_PATH = re.compile(r"^/v1/workspaces/([^/]+)")


class PathAliases:
    """Answer `/api/v1/...` like `/v1/...`, and a trailing slash like none, without redirecting."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            path = scope["path"]
            original = path
            if len(path) > 1 and path.endswith("/"):
                path = path.rstrip("/") or "/"
            for prefix, target in ALIASES:
                if path == prefix or path.startswith(prefix + "/"):
                    path = target + path[len(prefix):]
                    break
            if path != original:
                scope = dict(scope)
                scope["path"] = path
                scope["raw_path"] = path.encode()
        await self.app(scope, receive, send)


class RateLimit:
    """Clockify-style limits: a token bucket per workspace (from the path) and one per credential."""

    def __init__(self, app, per_workspace: float, per_key: float, burst_seconds: float = 1.0) -> None:
        self.app = app
        self.workspaces = TokenBuckets(per_workspace, burst_seconds)
        self.keys = TokenBuckets(per_key, burst_seconds)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not (self.workspaces.enabled or self.keys.enabled):
            await self.app(scope, receive, send)
            return
        wait = 0.0
        match = WORKSPACE_IN_PATH.match(scope["path"])
        if match and self.workspaces.enabled:
            wait = self.workspaces.take(match.group(1).lower())
        if not wait and self.keys.enabled:
            key = _credential(scope)
            if key:
                wait = self.keys.take(hash_key(key))
        if wait:
            body = dumps(_too_many(scope["path"]))
            await send(
                {
                    "type": "http.response.start",
                    "status": 429,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                        (b"retry-after", str(max(1, math.ceil(wait))).encode()),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, send)


def _credential(scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name in (b"x-api-key", b"x-addon-token", b"authorization"):  # authorization: ClickTime's Token
            return value.decode("latin-1")
    return None


def _too_many(path: str) -> dict:
    """The 429 body in the shape of the dialect the path belongs to."""
    if path.lower().startswith("/clicktime/"):
        from timeledger.api.clicktime import envelope  # (only a ClickTime caller over its limit needs it)

        return envelope.error_body("Too many requests")
    return {"message": "Too many requests", "code": 429}
