"""Credentials to principals. Clockify's rule: exactly one of X-Api-Key and X-Addon-Token."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from timeledger.db.engine import Database
from timeledger.services.access import Access, Principal, access_in_workspace, authenticate, authenticate_in_workspace
from timeledger.services.errors import Forbidden, ServiceError


class Unauthenticated(ServiceError):
    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


NO_TOKEN = Unauthenticated("Multiple or none auth tokens present", 1000)


def credential(request: Request) -> tuple[str, str]:
    """(key, header kind) from the request, or Unauthenticated in Clockify's words."""
    api_key = request.headers.get("x-api-key")
    addon = request.headers.get("x-addon-token")
    if (api_key is None) == (addon is None) or not (api_key or addon):
        raise NO_TOKEN
    return (api_key, "api-key") if api_key is not None else (addon, "addon")


def _unknown(kind: str) -> Unauthenticated:
    if kind == "addon":
        return Unauthenticated("Token is not valid", 4017)
    return Unauthenticated("Api key does not exist", 4003)


async def get_db(request: Request) -> Database:
    return request.app.state.db


SESSION_COOKIE = "timeledger_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _session_token(request: Request) -> str | None:
    """The web app's session cookie, when the request carries no API key: the browser's own
    pages call the API with it. Writes must echo the session's CSRF token in X-CSRF-Token."""
    if "x-api-key" in request.headers or "x-addon-token" in request.headers:
        return None
    return request.cookies.get(SESSION_COOKIE) or None


async def _session_principal(request: Request, token: str) -> Principal:
    from timeledger.services import web_sessions

    session = await web_sessions.resume(request.app.state.db, token)
    if session is None:
        raise Unauthenticated("Your session has ended; sign in again", 4003)
    if request.method not in SAFE_METHODS and request.headers.get("x-csrf-token") != session.csrf_token:
        raise Forbidden("CSRF token missing or wrong; reload the page")
    request.state.principal = session.principal
    return session.principal


async def current_principal(request: Request) -> Principal:
    token = _session_token(request)
    if token is not None:
        return await _session_principal(request, token)
    key, kind = credential(request)
    principal = await authenticate(request.app.state.db, key)
    if principal is None:
        raise _unknown(kind)
    request.state.principal = principal
    return principal


async def workspace_access(request: Request, workspaceId: str) -> Access:  # noqa: N803 (Clockify's name)
    """The caller's access to the workspace in the path; non-members are told Access Denied,
    exactly as for a workspace that does not exist."""
    token = _session_token(request)
    if token is not None:
        principal = await _session_principal(request, token)
        access = await access_in_workspace(request.app.state.db, principal, workspaceId)
        if access is None:
            raise Forbidden()
        return access
    key, kind = credential(request)
    principal, access = await authenticate_in_workspace(request.app.state.db, key, workspaceId)
    if principal is None:
        raise _unknown(kind)
    if access is None:
        raise Forbidden()
    request.state.principal = principal
    return access


PrincipalDep = Annotated[Principal, Depends(current_principal)]
AccessDep = Annotated[Access, Depends(workspace_access)]
DbDep = Annotated[Database, Depends(get_db)]
