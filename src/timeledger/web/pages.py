"""The web app's pages: sign-in and sign-out, the tracker, the account page.

Forms post with a CSRF token: before sign-in a double-submit cookie, after it the session's own
token. The tracker page is a shell; static/app.js fills it from the API.
"""

from __future__ import annotations

import secrets
from html import escape
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from timeledger import __version__
from timeledger.api.auth import SESSION_COOKIE
from timeledger.services import web_sessions
from timeledger.services.access import default_access
from timeledger.services.errors import Invalid

router = APIRouter(include_in_schema=False)
LOGIN_CSRF_COOKIE = "timeledger_login_csrf"
NO_STORE = {"Cache-Control": "no-store"}


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _page(title: str, body: str, session: web_sessions.Session | None = None, *, current: str = "",
          data: dict[str, str] | None = None, status: int = 200) -> HTMLResponse:
    nav = ""
    if session is not None:
        links = [("/", "Tracker", "tracker"), ("/account", "Account", "account")]
        items = "".join(
            f'<li><a href="{href}"{" aria-current=page" if key == current else ""}>{label}</a></li>'
            for href, label, key in links
        )
        nav = (
            f'<nav aria-label="Main"><a class="brand" href="/">timeledger</a><ul>{items}</ul>'
            f'<form method="post" action="/logout"><input type="hidden" name="csrf" value="{escape(session.csrf_token)}">'
            f'<span class="who">{escape(session.principal.name or session.principal.email)}</span>'
            '<button type="submit" class="link">Sign out</button></form></nav>'
        )
    attributes = "".join(f' data-{name}="{escape(value)}"' for name, value in (data or {}).items())
    csrf_meta = f'<meta name="csrf-token" content="{escape(session.csrf_token)}">' if session else ""
    html = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
{csrf_meta}
<title>{escape(title)} · timeledger</title>
<link rel="stylesheet" href="/static/app.css?v={__version__}">
<script src="/static/app.js?v={__version__}" defer></script>
</head>
<body{attributes}>
<a class="skip" href="#main">Skip to content</a>
{nav}
<main id="main">
{body}
</main>
</body>
</html>"""
    return HTMLResponse(html, status_code=status, headers=NO_STORE)


async def _session(request: Request) -> web_sessions.Session | None:
    return await web_sessions.resume(request.app.state.db, request.cookies.get(SESSION_COOKIE))


def _to_login(request: Request) -> RedirectResponse:
    target = request.url.path
    return RedirectResponse(f"/login?next={quote(target)}" if target != "/" else "/login", status_code=303)


def _safe_next(value: str | None) -> str:
    """Only a path of this site: never another host (an open redirect)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    return value


# --- sign-in --------------------------------------------------------------------------------------


def _login_form(csrf: str, next_path: str, email: str = "", error: str = "") -> str:
    alert = f'<p class="error" role="alert" id="login-error">{escape(error)}</p>' if error else ""
    described = ' aria-describedby="login-error"' if error else ""
    return f"""<section class="card narrow">
<h1>Sign in</h1>
{alert}
<form method="post" action="/login"{described}>
<input type="hidden" name="csrf" value="{escape(csrf)}">
<input type="hidden" name="next" value="{escape(next_path)}">
<label for="email">E-mail</label>
<input id="email" name="email" type="email" autocomplete="username" required value="{escape(email)}" autofocus>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit" class="primary">Sign in</button>
</form>
</section>"""


@router.get("/login")
async def login_page(request: Request, next: str | None = None) -> Response:  # noqa: A002 (the query's name)
    if await _session(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    csrf = secrets.token_urlsafe(24)
    response = _page("Sign in", _login_form(csrf, _safe_next(next)))
    response.set_cookie(LOGIN_CSRF_COOKIE, csrf, httponly=True, samesite="strict", secure=_secure(request), path="/login")
    return response


@router.post("/login")
async def login(request: Request, email: str = Form(""), password: str = Form(""), csrf: str = Form(""),
                next: str = Form("/")) -> Response:  # noqa: A002
    expected = request.cookies.get(LOGIN_CSRF_COOKIE)
    if not expected or not secrets.compare_digest(expected, csrf):
        fresh = secrets.token_urlsafe(24)
        response = _page("Sign in", _login_form(fresh, _safe_next(next), email,
                                                 "The form had expired; please sign in again."), status=400)
        response.set_cookie(LOGIN_CSRF_COOKIE, fresh, httponly=True, samesite="strict", secure=_secure(request),
                            path="/login")
        return response
    session = await web_sessions.sign_in(request.app.state.db, email, password) if email and password else None
    if session is None:
        return _page("Sign in", _login_form(csrf, _safe_next(next), email, "Wrong e-mail or password."), status=401)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, session.token, max_age=int(web_sessions.LIFETIME.total_seconds()),
                        httponly=True, samesite="lax", secure=_secure(request), path="/")
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout")
async def logout(request: Request, csrf: str = Form("")) -> Response:
    session = await _session(request)
    if session is not None:
        if not secrets.compare_digest(session.csrf_token, csrf):
            return _page("Sign out", '<p class="error" role="alert">The form had expired; reload and try again.</p>',
                         session, status=400)
        await web_sessions.sign_out(request.app.state.db, session.token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# --- the tracker ------------------------------------------------------------------------------------


TRACKER = """<h1 class="visually-hidden">Tracker</h1>
<form id="timer" class="timer card" aria-label="Timer">
<label for="timer-description" class="visually-hidden">What are you working on?</label>
<input id="timer-description" name="description" placeholder="What are you working on?" autocomplete="off"
 list="descriptions">
<datalist id="descriptions"></datalist>
<label for="timer-project" class="visually-hidden">Project</label>
<select id="timer-project" name="project"><option value="">No project</option></select>
<output id="timer-elapsed" aria-live="off">0:00:00</output>
<button id="timer-button" type="submit" class="primary">Start</button>
</form>
<p id="status" role="status" aria-live="polite"></p>
<section aria-labelledby="week-heading">
<h2 id="week-heading">This week <span id="week-total" class="total"></span></h2>
<div id="days"></div>
</section>"""


@router.get("/")
async def tracker(request: Request) -> Response:
    session = await _session(request)
    if session is None:
        return _to_login(request)
    access = await default_access(request.app.state.db, session.principal)
    if access is None:
        return _page("Tracker", "<p>You belong to no workspace yet. Ask an admin to add you to one.</p>", session)
    data = {
        "workspace": access.workspace_id,
        "user": session.principal.user_id,
        "zone": session.principal.time_zone,
        "week-start": str(session.principal.settings.get("weekStart") or "MONDAY"),
    }
    return _page("Tracker", TRACKER, session, current="tracker", data=data)


# --- the account ------------------------------------------------------------------------------------


def _account(session: web_sessions.Session, *, message: str = "", error: str = "", new_key: str = "") -> str:
    note = f'<p class="ok" role="status">{escape(message)}</p>' if message else ""
    alert = f'<p class="error" role="alert">{escape(error)}</p>' if error else ""
    key = ""
    if new_key:
        key = (f'<p>Your new API key (shown once; the old ones no longer work):</p>'
               f'<p><code id="api-key">{escape(new_key)}</code></p>')
    csrf = escape(session.csrf_token)
    return f"""<h1>Account</h1>
{note}{alert}
<section class="card" aria-labelledby="key-heading">
<h2 id="key-heading">API key</h2>
<p>Scripts, the <code>timeledger</code> command line and agents sign in with an API key
(<code>X-Api-Key</code>). Keys are stored hashed, so a lost key cannot be shown again: make a new one.</p>
{key}
<form method="post" action="/account/api-key">
<input type="hidden" name="csrf" value="{csrf}">
<button type="submit">Generate a new API key</button>
</form>
</section>
<section class="card" aria-labelledby="password-heading">
<h2 id="password-heading">Password</h2>
<form method="post" action="/account/password">
<input type="hidden" name="csrf" value="{csrf}">
<input type="hidden" name="username" autocomplete="username" value="{escape(session.principal.email)}">
<label for="current-password">Current password</label>
<input id="current-password" name="current" type="password" autocomplete="current-password">
<label for="new-password">New password (8 characters or more)</label>
<input id="new-password" name="new" type="password" autocomplete="new-password" minlength="8" required>
<label for="repeat-password">New password again</label>
<input id="repeat-password" name="repeat" type="password" autocomplete="new-password" minlength="8" required>
<button type="submit" class="primary">Change password</button>
</form>
</section>"""


@router.get("/account")
async def account(request: Request) -> Response:
    session = await _session(request)
    if session is None:
        return _to_login(request)
    return _page("Account", _account(session), session, current="account")


async def _checked(request: Request, csrf: str) -> tuple[web_sessions.Session | None, Response | None]:
    session = await _session(request)
    if session is None:
        return None, _to_login(request)
    if not secrets.compare_digest(session.csrf_token, csrf):
        return None, _page("Account", _account(session, error="The form had expired; please try again."), session,
                           current="account", status=400)
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
        return _page("Account", _account(session, error=str(exc)), session, current="account", status=400)
    return _page("Account", _account(session, message="Password changed. Your other sessions were signed out."),
                 session, current="account")


@router.post("/account/api-key")
async def new_api_key(request: Request, csrf: str = Form("")) -> Response:
    session, refused = await _checked(request, csrf)
    if refused is not None:
        return refused
    assert session is not None
    from timeledger.services.users import issue_key

    key, _ = await issue_key(request.app.state.db, session.principal.user_id, "web", revoke_others=True)
    return _page("Account", _account(session, new_key=key), session, current="account")

