"""Credentials to access. `Authorization: Token <token>` (the scheme word in any case) everywhere,
with the same API keys as the Clockify dialect; HTTP Basic (e-mail and password) only on GET /Me
and POST /Me/ResetAuthToken. ClickTime URLs name no workspace: the caller works in its default
workspace (or, failing that, the oldest one it is active in).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from timeledger.api.auth import Unauthenticated
from timeledger.services.access import Access, Principal, authenticate, authenticate_password, default_access

INVALID = Unauthenticated("Invalid Credentials", 401)
MISSING = Unauthenticated("Authentication required: send the header Authorization: Token <token>", 401)
BASIC_HERE = Unauthenticated(
    "Basic authentication is accepted only on GET /Me and POST /Me/ResetAuthToken; "
    "send Authorization: Token <token>", 401,
)
BASIC_ONLY = Unauthenticated("POST /Me/ResetAuthToken needs Basic authentication (e-mail and password)", 401)
NO_COMPANY = Unauthenticated("The user is not active in any company", 401)


@dataclass(frozen=True, slots=True)
class Credentials:
    token: str | None = None
    email: str | None = None
    password: str | None = None

    @property
    def basic(self) -> bool:
        return self.token is None


def credentials(request: Request) -> Credentials:
    header = request.headers.get("authorization", "").strip()
    if not header:
        raise MISSING
    scheme, _, value = header.partition(" ")
    scheme, value = scheme.lower(), value.strip()
    if scheme == "token" and value:
        return Credentials(token=value)
    if scheme == "basic" and value:
        try:
            decoded = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise INVALID from None
        email, colon, password = decoded.partition(":")
        if colon and email and password:
            return Credentials(email=email, password=password)
        raise INVALID
    raise MISSING


async def _access(request: Request, principal: Principal | None) -> Access:
    if principal is None:
        raise INVALID
    access = await default_access(request.app.state.db, principal)
    if access is None:
        raise NO_COMPANY
    request.state.principal = principal
    return access


async def token_access(request: Request) -> Access:
    """The caller's access, from a token only."""
    found = credentials(request)
    if found.basic:
        raise BASIC_HERE
    return await _access(request, await authenticate(request.app.state.db, found.token or ""))


@dataclass(frozen=True, slots=True)
class MeCaller:
    access: Access
    signed_in_with_password: bool


async def token_or_basic_access(request: Request) -> MeCaller:
    """GET /Me: a token, or an e-mail and password."""
    found = credentials(request)
    db = request.app.state.db
    if found.basic:
        principal = await authenticate_password(db, found.email or "", found.password or "")
        return MeCaller(await _access(request, principal), True)
    return MeCaller(await _access(request, await authenticate(db, found.token or "")), False)


async def basic_principal(request: Request) -> Principal:
    """POST /Me/ResetAuthToken: an e-mail and password only."""
    found = credentials(request)
    if not found.basic:
        raise BASIC_ONLY
    principal = await authenticate_password(request.app.state.db, found.email or "", found.password or "")
    if principal is None:
        raise INVALID
    return principal


AccessDep = Annotated[Access, Depends(token_access)]
MeCallerDep = Annotated[MeCaller, Depends(token_or_basic_access)]
BasicPrincipalDep = Annotated[Principal, Depends(basic_principal)]
