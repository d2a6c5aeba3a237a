"""The ASGI application: one core, served through each dialect."""

from __future__ import annotations

import gc
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from timeledger import __version__
from timeledger.api import errors
from timeledger.api.middleware import PathAliases, RateLimit
from timeledger.api.responses import JSON
from timeledger.config import Settings, get_settings
from timeledger.db.engine import Database

DESCRIPTION = """Self-hosted time tracking and project accounting.

The Clockify-compatible API v1 is served under `/v1` and, for clients configured with Clockify's
own base URL shape, under `/api/v1` as well. A trailing slash is accepted on every path.
Authenticate with `X-Api-Key: <key>` (or the same key as `X-Addon-Token`).
"""


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    settings = settings or get_settings()
    owns_database = database is None

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.db = database or Database(settings.resolved_database_url)
        # Everything imported so far lives as long as the process: keep it out of the garbage
        # collector's full passes, which otherwise stall a request now and then.
        gc.freeze()
        try:
            async with app.state.mcp.running():
                yield
        finally:
            if owns_database:
                await app.state.db.dispose()

    app = FastAPI(
        title="timeledger",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        redirect_slashes=False,
        default_response_class=JSON,
        docs_url="/docs",
        openapi_url="/openapi.json",
        redoc_url=None,
    )
    app.state.settings = settings
    if database is not None:
        app.state.db = database
    errors.install(app)

    from timeledger.api.clockify import routers as clockify_routers

    for router in clockify_routers:
        app.include_router(router)
    from timeledger.api import clicktime  # the ClickTime v2 dialect, under /clicktime/v2

    clicktime.install(app)

    from timeledger import web  # the web app: /, /login, /account, /static

    web.install(app)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> JSON:
        return JSON({"status": "ok", "version": __version__})

    from timeledger.mcp.web import McpEndpoint

    app.state.mcp = McpEndpoint()  # MCP over streamable HTTP; see timeledger.mcp
    app.add_route("/mcp", app.state.mcp, include_in_schema=False)

    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    app.add_middleware(
        RateLimit,
        per_workspace=settings.rate_limit_per_workspace,
        per_key=settings.rate_limit_per_key,
        burst_seconds=settings.rate_limit_burst_seconds,
    )
    app.add_middleware(PathAliases)
    return app


ERROR_SCHEMA = {
    "type": "object",
    "properties": {"message": {"type": "string"}, "code": {"type": "integer"}},
    "required": ["message", "code"],
}


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema, corrected to what the server really answers: 400 in Clockify's shape
    instead of 422, plus the error responses every authenticated route can give."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schema.setdefault("components", {}).setdefault("schemas", {})["ClockifyError"] = ERROR_SCHEMA
    # ClickTime routes declare their own error responses (its envelope); they name this schema.
    from timeledger.api.clicktime import transport as clicktime

    schema["components"]["schemas"][clicktime.ERROR_SCHEMA_NAME] = clicktime.ERROR_SCHEMA
    error_ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ClockifyError"}}}}
    for methods in schema.get("paths", {}).values():
        for operation in methods.values():
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            responses.setdefault("400", {"description": "Invalid input or an id this workspace does not hold", **error_ref})
            responses.setdefault("401", {"description": "Missing or unknown API key", **error_ref})
            responses.setdefault("403", {"description": "Not permitted", **error_ref})
            responses.setdefault("429", {"description": "Too many requests", **error_ref})
    for name in ("HTTPValidationError", "ValidationError"):
        schema["components"]["schemas"].pop(name, None)
    app.openapi_schema = schema
    return schema
