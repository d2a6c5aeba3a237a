"""Credentials to principals. Clockify's rule: exactly one of X-Api-Key and X-Addon-Token."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from timeledger.db.engine import Database
from timeledger.services.access import Access, Principal, authenticate, authenticate_in_workspace
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


async def current_principal(request: Request) -> Principal:
    key, kind = credential(request)
    principal = await authenticate(request.app.state.db, key)
    if principal is None:
        raise _unknown(kind)
    request.state.principal = principal
    return principal


async def workspace_access(request: Request, workspaceId: str) -> Access:  # noqa: N803 (Clockify's name)
    """The caller's access to the workspace in the path; non-members are told Access Denied,
    exactly as for a workspace that does not exist."""
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
