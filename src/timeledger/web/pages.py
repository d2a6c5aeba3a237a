"""Sign-in and sign-out, the tracker, the account page.

Forms post with a CSRF token: before sign-in a double-submit cookie, after it the session's own
token. The tracker page is a shell; static/tracker.js fills it from the API.
"""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from timeledger.api.auth import SESSION_COOKIE
from timeledger.services import web_sessions
from timeledger.services.access import default_access
from timeledger.services.errors import Invalid
from timeledger.web.shell import SignedIn, csrf_ok, render, session_of, signed_in, to_login

router = APIRouter(include_in_schema=False)
LOGIN_CSRF_COOKIE = "timeledger_login_csrf"


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _safe_next(value: str | None) -> str:
    """Only a path of this site: never another host (an open redirect)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


# --- sign-in --------------------------------------------------------------------------------------


def _login(csrf: str, next_path: str, email: str = "", error: str = "", status: int = 200) -> Response:
    return render("login.html", title="Sign in", csrf=csrf, next_path=next_path, email=email, login_error=error,
                  status=status)


@router.get("/login")
async def login_page(request: Request, next: str | None = None) -> Response:  # noqa: A002 (the query's name)
    if await session_of(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    csrf = secrets.token_urlsafe(24)
    response = _login(csrf, _safe_next(next))
    response.set_cookie(LOGIN_CSRF_COOKIE, csrf, httponly=True, samesite="strict", secure=_secure(request), path="/login")
    return response


@router.post("/login")
async def login(request: Request, email: str = Form(""), password: str = Form(""), csrf: str = Form(""),
                next: str = Form("/")) -> Response:  # noqa: A002
    expected = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not expected or not secrets.compare_digest(expected, csrf):
        fresh = secrets.token_urlsafe(24)
        response = _login(fresh, _safe_next(next), email, "The form had expired; please sign in again.", status=400)
        response.set_cookie(LOGIN_CSRF_COOKIE, fresh, httponly=True, samesite="strict", secure=_secure(request),
                            path="/login")
        return response
    session = await web_sessions.sign_in(request.app.state.db, email, password) if email and password else None
    if session is None:
        return _login(csrf, _safe_next(next), email, "Wrong e-mail or password.", status=401)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, session.token, max_age=int(web_sessions.LIFETIME.total_seconds()),
                        httponly=True, samesite="lax", secure=_secure(request), path="/")
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
async def logout(request: Request, csrf: str = Form("")) -> Response:
    session = await session_of(request)
    if session is not None:
        if not csrf_ok(session, csrf):
            return render("base.html", title="Sign out", session=session, status=400,
                          error="The form had expired; reload and try again.")
        await web_sessions.sign_out(request.app.state.db, session.token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# --- the tracker ------------------------------------------------------------------------------------


@router.get("/")
async def tracker(request: Request) -> Response:
    visitor = await signed_in(request)
    if not isinstance(visitor, SignedIn):
        return visitor
    return render("tracker.html", title="Tracker", session=visitor.session, access=visitor.access, current="tracker",
                  script="tracker")


# --- the account ------------------------------------------------------------------------------------


async def _account(request: Request, session: web_sessions.Session, *, message: str = "", error: str = "",
                   new_key: str = "", status: int = 200) -> Response:
    # Open to someone in no workspace too; the navigation then shows only what needs no workspace.
    access = await default_access(request.app.state.db, session.principal)
    return render("account.html", title="Account", session=session, access=access, current="account",
                  message=message, error=error, new_key=new_key, status=status)


@router.get("/account")
async def account(request: Request) -> Response:
    session = await session_of(request)
    if session is None:
        return to_login(request)
    return await _account(request, session)


async def _checked(request: Request, csrf: str) -> tuple[web_sessions.Session | None, Response | None]:
    session = await session_of(request)
    if session is None:
        return None, to_login(request)
    if not csrf_ok(session, csrf):
        return None, await _account(request, session, error="The form had expired; please try again.", status=400)
    return session, None


@router.post("/account/password")
async def change_password(request: Request, csrf: str = Form(""), current: str = Form(""), new: str = Form(""),
                          repeat: str = Form("")) -> Response:
    session, refused = await _checked(request, csrf)
    if refused is not None:
        return refused
    assert session is not None
    try:
        await web_sessions.change_password(request.app.state.db, session, current, new, repeat)
    except Invalid as exc:
        return await _account(request, session, error=str(exc), status=400)
    return await _account(request, session, message="Password changed. Your other sessions were signed out.")


@router.post("/account/api-key")
async def new_api_key(request: Request, csrf: str = Form("")) -> Response:
    session, refused = await _checked(request, csrf)
    if refused is not None:
        return refused
    assert session is not None
    from timeledger.services.users import issue_key

    key, _ = await issue_key(request.app.state.db, session.principal.user_id, "web", revoke_others=True)
    return await _account(request, session, new_key=key)
