"""How ClickTime requests reach the routers and how their failures leave.

- Paths and query parameter names match in any case (`/v2/me`, `/Manage/Users`, `startDate`):
  a middleware, scoped to /clicktime/v2, rewrites the words the routes know to their spelling in
  the routes; ids, dates and values are left as they are.
- Every route answers errors in ClickTime's envelope (one mapping, in errors.py), including
  unknown paths (404) and methods (405) under /clicktime/v2.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote_plus, unquote_plus

from fastapi import APIRouter, Request
from fastapi.routing import APIRoute

from timeledger.api.clicktime import envelope, errors

PREFIX = "/clicktime/v2"
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


class ClickTimeRoute(APIRoute):
    """A route whose every failure, from credentials to validation to a bug, is a ClickTime error."""

    def get_route_handler(self):
        handler = super().get_route_handler()

        async def answer(request: Request):
            try:
                return await handler(request)
            except Exception as exc:  # noqa: BLE001 - each kind is mapped in errors.response
                return errors.response(request, exc)

        return answer


def router(**kwargs: Any) -> APIRouter:
    """A router for one ClickTime resource."""
    return APIRouter(prefix=PREFIX, tags=["ClickTime v2"], route_class=ClickTimeRoute, responses=ERROR_RESPONSES, **kwargs)


ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "data": {"type": "null"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"Field": {"type": "string"}, "Message": {"type": "string"},
                               "MessageDetail": {"type": "array", "items": {"type": "string"}}},
            },
        },
        "jsonapi": {"type": "object"},
        "meta": {"type": "object"},
        "page": {"type": "null"},
    },
}
# The OpenAPI names ERROR_SCHEMA once, under components (api/app.py registers it by this name).
ERROR_SCHEMA_NAME = "ClickTimeError"
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"description": text,
             "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}}}}
    for status, text in (
        (400, "Invalid input"), (401, "Missing or invalid credentials"), (403, "Not permitted"),
        (404, "No such resource in this company"), (429, "Too many requests"),
    )
}


def fallback(routes: Iterable[APIRouter]) -> APIRouter:
    """Unknown paths and methods under the prefix, answered in the envelope."""
    known = [route for r in routes for route in r.routes if isinstance(route, APIRoute)]
    catch_all = APIRouter(route_class=ClickTimeRoute)

    async def unknown(request: Request):
        allowed = sorted({m for route in known if route.path_regex.match(request.url.path) for m in route.methods or ()})
        if allowed:
            return envelope.error(405, f"Method {request.method} is not allowed here", headers={"Allow": ", ".join(allowed)})
        return envelope.error(404, f"No resource at {request.url.path}")

    for path in (PREFIX, PREFIX + "/{rest:path}"):
        catch_all.add_api_route(path, unknown, methods=METHODS, include_in_schema=False)
    return catch_all


class CaseInsensitive:
    """Rewrites /clicktime/v2 paths and query names to the routes' own spelling."""

    def __init__(self, app, routers: Iterable[APIRouter]) -> None:
        self.app = app
        self.words, self.params = vocabulary(routers)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            path = scope["path"]
            lowered = path.lower()
            if lowered == PREFIX or lowered.startswith(PREFIX + "/"):
                rest = [self.words.get(part.lower(), part) for part in path[len(PREFIX):].split("/")]
                path = PREFIX + "/".join(rest)
                scope = dict(scope, path=path, raw_path=path.encode(), query_string=self._query(scope.get("query_string", b"")))
        await self.app(scope, receive, send)

    def _query(self, raw: bytes) -> bytes:
        if not raw:
            return raw
        pairs = []
        for pair in raw.split(b"&"):
            key, eq, value = pair.partition(b"=")
            name = unquote_plus(key.decode("latin-1"))
            canonical = self.params.get(name.lower())
            pairs.append((quote_plus(canonical).encode() if canonical and canonical != name else key) + eq + value)
        return b"&".join(pairs)


def vocabulary(routers: Iterable[APIRouter]) -> tuple[dict[str, str], dict[str, str]]:
    """{lower: spelling} of the routes' literal path segments and of their query parameters."""
    words: dict[str, str] = {}
    params: dict[str, str] = {}
    for r in routers:
        for route in r.routes:
            if not isinstance(route, APIRoute):
                continue
            for part in route.path.split("/"):
                if part and not part.startswith("{"):
                    words[part.lower()] = part
            stack = [route.dependant]
            while stack:
                dependant = stack.pop()
                params.update({p.alias.lower(): p.alias for p in dependant.query_params})
                stack.extend(dependant.dependencies)
    return words, params
