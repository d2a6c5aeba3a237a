"""Errors in Clockify's shape: `{"message": str, "code": int}` with Clockify's status and code pairs.

Validation failures are 400, never FastAPI's 422. Ids that name nothing here are 400/501
"X doesn't belong to Workspace", exactly like Clockify, whether missing, malformed or another
workspace's.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DataError, IntegrityError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from timeledger.api.auth import Unauthenticated
from timeledger.api.responses import JSON
from timeledger.services.errors import Forbidden, Invalid, Locked, NoRunningTimer, NotFound, ServiceError

log = logging.getLogger("timeledger.api")


def clockify_error(status: int, message: str, code: int, headers: dict[str, str] | None = None) -> JSON:
    return JSON({"message": message, "code": code}, status_code=status, headers=headers)


def service_error_response(exc: ServiceError) -> JSON:
    if isinstance(exc, Unauthenticated):
        return clockify_error(401, exc.message, exc.code)
    if isinstance(exc, NotFound):
        return clockify_error(400, exc.message, 501)
    if isinstance(exc, Forbidden):
        return clockify_error(403, exc.message, 501)
    if isinstance(exc, NoRunningTimer):
        return clockify_error(404, exc.message, 404)
    if isinstance(exc, Locked):
        return clockify_error(400, exc.message, 501)
    if isinstance(exc, Invalid):
        return clockify_error(400, exc.message, 501)
    return clockify_error(400, exc.message, 501)


def _location(loc: tuple[Any, ...]) -> tuple[str, str]:
    """(where, field) from a pydantic error location such as ('body', 'tagIds', 0)."""
    where = str(loc[0]) if loc else "body"
    parts = [str(p) for p in loc[1:] if not isinstance(p, int)]
    return where, ".".join(parts)


def validation_response(exc: RequestValidationError) -> JSON:
    errors = exc.errors()
    first = errors[0] if errors else {"loc": ("body",), "msg": "invalid request", "type": "value_error"}
    where, name = _location(tuple(first.get("loc", ())))
    kind = first.get("type", "")
    message = str(first.get("msg", "invalid value"))
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    if kind == "json_invalid":
        return clockify_error(400, f"Malformed JSON request body: {first.get('ctx', {}).get('error', message)}", 501)
    if where == "body" and not name:
        if kind == "missing":
            return clockify_error(400, "Required request body is missing", 501)
        return clockify_error(400, f"Invalid request body: {message}", 501)
    if where in ("query", "path", "header"):
        if kind == "missing":
            return clockify_error(400, f"Required request parameter '{name}' is not present", 3001)
        value = first.get("input")
        return clockify_error(
            400, f"Method parameter '{name}': Failed to convert value [{value}]: {message}", 3000
        )
    return clockify_error(400, f"You entered invalid value for field: [{name}]. {message}", 501)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route accepts at this path (Starlette names only the first route's)."""
    from starlette.routing import Match

    allowed = []
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


def install(app: FastAPI) -> None:
    @app.exception_handler(ServiceError)
    async def _service(_: Request, exc: ServiceError) -> JSON:
        return service_error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSON:
        return validation_response(exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSON:
        if exc.status_code == 404:
            return clockify_error(404, f"No static resource {request.url.path.lstrip('/')}.", 3000)
        if exc.status_code == 405:
            allow = ", ".join(_allowed_methods(request)) or (exc.headers or {}).get("Allow", "")
            return clockify_error(405, f"Request method '{request.method}' is not supported", 3000, {"Allow": allow})
        return clockify_error(exc.status_code, str(exc.detail), exc.status_code, exc.headers)

    @app.exception_handler(IntegrityError)
    async def _integrity(_: Request, exc: IntegrityError) -> JSON:
        # Services check every rule first; reaching here means a concurrent write won a race.
        log.info("integrity error turned into 400: %s", exc.orig)
        return clockify_error(400, "The request conflicts with data written at the same time; retry it", 501)

    @app.exception_handler(DataError)
    async def _data(_: Request, exc: DataError) -> JSON:
        log.info("data error turned into 400: %s", exc.orig)
        return clockify_error(400, "A value does not fit its field", 501)

    async def _unavailable(_: Request, exc: Exception) -> JSON:
        log.exception("database unavailable")
        return clockify_error(503, "The database is unavailable, retry shortly", 503, {"Retry-After": "1"})

    app.add_exception_handler(OperationalError, _unavailable)
    app.add_exception_handler(InterfaceError, _unavailable)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSON:
        # A bug, not bad input: log it whole and keep the body in Clockify's shape.
        log.exception("unhandled error", exc_info=exc)
        return clockify_error(500, "Internal server error", 500)
