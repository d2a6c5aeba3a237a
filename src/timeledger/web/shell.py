"""What every page shares: the Jinja2 templates, the signed-in check, the CSRF check, the main
navigation and the data the page's script reads (workspace, user, zone, formats).

Pages are server-rendered; a page's own script (static/<page>.js, on top of static/common.js) talks
to our endpoints with fetch. Forms that post back to the page carry the session's CSRF token.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.responses import HTMLResponse, RedirectResponse, Response

from timeledger import __version__
from timeledger.api.auth import SESSION_COOKIE
from timeledger.services import web_sessions
from timeledger.services.access import Access, default_access
from timeledger.services.errors import Conflict, Forbidden, NotFound, ServiceError

NO_STORE = {"Cache-Control": "no-store"}
STATIC = Path(__file__).with_name("static")

templates = Environment(
    loader=PackageLoader("timeledger.web", "templates"),
    autoescape=select_autoescape(default=True),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True, slots=True)
class Link:
    href: str
    label: str
    key: str
    managers_only: bool = False
    admins_only: bool = False


# The main navigation, in the order people use it. `key` is what a page passes as `current`.
NAV = (
    Link("/", "Tracker", "tracker"),
    Link("/timesheet", "Timesheet", "timesheet"),
    Link("/calendar", "Calendar", "calendar"),
    Link("/reports", "Reports", "reports"),
    Link("/projects", "Projects", "projects"),
    Link("/clients", "Clients", "clients"),
    Link("/tags", "Tags", "tags"),
    Link("/team", "Team", "team", managers_only=True),
    Link("/approvals", "Approvals", "approvals"),
    Link("/settings", "Settings", "settings", admins_only=True),
    Link("/account", "Account", "account"),
)


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A signed-in visitor and their access to their current workspace."""

    session: web_sessions.Session
    access: Access

    @property
    def csrf(self) -> str:
        return self.session.csrf_token


def nav_for(access: Access | None) -> list[Link]:
    if access is None:  # signed in but in no workspace: only the account
        return [link for link in NAV if link.key == "account"]
    shown = []
    for link in NAV:
        if link.admins_only and not access.is_admin:
            continue
        if link.managers_only and not access.is_manager:
            continue
        shown.append(link)
    return shown


def page_data(access: Access) -> dict[str, str]:
    """The data-* attributes of <body> that page scripts read (see static/common.js)."""
    settings = access.principal.settings
    return {
        "workspace": access.workspace_id,
        "user": access.user_id,
        "role": access.role,
        "zone": access.principal.time_zone,
        "week-start": access.week_start,
        "time-format": str(settings.get("timeFormat") or "HOUR24"),
        "date-format": str(settings.get("dateFormat") or "YYYY-MM-DD"),
        "currency": access.workspace.currency,
    }


def render(
    template: str,
    *,
    title: str,
    session: web_sessions.Session | None = None,
    access: Access | None = None,
    current: str = "",
    script: str | None = None,
    status: int = 200,
    message: str = "",
    error: str = "",
    **context: Any,
) -> HTMLResponse:
    """A whole page: `template` extends base.html. `script` names static/<script>.js, loaded after
    static/common.js, and static/<script>.css when there is one. `message` and `error` show as a status line and an alert at the top."""
    html = templates.get_template(template).render(
        title=title,
        session=session,
        access=access,
        current=current,
        nav=nav_for(access) if session is not None else [],
        data=page_data(access) if access is not None else {},
        script=script,
        stylesheet=script is not None and _has_stylesheet(script),
        version=__version__,
        message=message,
        error=error,
        **context,
    )
    return HTMLResponse(html, status_code=status, headers=NO_STORE)


@cache
def _has_stylesheet(name: str) -> bool:
    return (STATIC / f"{name}.css").is_file()


async def session_of(request: Request) -> web_sessions.Session | None:
    return await web_sessions.resume(request.app.state.db, request.cookies.get(SESSION_COOKIE))


def to_login(request: Request) -> RedirectResponse:
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    return RedirectResponse(f"/login?next={quote(target)}" if target != "/" else "/login", status_code=303)


async def signed_in(request: Request) -> SignedIn | Response:
    """The visitor's session and workspace access; otherwise the response to send instead (the
    sign-in page, or a page saying they belong to no workspace)."""
    session = await session_of(request)
    if session is None:
        return to_login(request)
    access = await default_access(request.app.state.db, session.principal)
    if access is None:
        return render("no_workspace.html", title="No workspace", session=session)
    return SignedIn(session, access)


# The days a page accepts in a form or query: any real timesheet's, and far enough from the ends of
# the calendar that the weeks, periods and reports around them can still be computed and stored.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9000, 12, 31)


def parse_day(text: str) -> date:
    """A YYYY-MM-DD day from a form or query; ValueError when it is not one or lies outside
    FIRST_DAY..LAST_DAY (year 1 or 9999 would overflow a week's arithmetic, a 500)."""
    day = date.fromisoformat(text)
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{text} is outside {FIRST_DAY}..{LAST_DAY}")
    return day


def status_of(exc: ServiceError) -> int:
    """The HTTP status a page or a page's script answers a service's refusal with."""
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, Forbidden):
        return 403
    if isinstance(exc, Conflict):
        return 409
    return 400


def csrf_ok(session: web_sessions.Session, token: str) -> bool:
    return bool(token) and secrets.compare_digest(session.csrf_token, token)


def back_to(path: str, *, message: str = "", error: str = "") -> RedirectResponse:
    """After a form post: back to the page (Post/Redirect/Get) with a one-line outcome, which the
    page shows from its `message` or `error` query parameter (escaped like any text)."""
    outcome = f"message={quote(message)}" if message else f"error={quote(error)}" if error else ""
    if outcome:
        path += ("&" if "?" in path else "?") + outcome
    return RedirectResponse(path, status_code=303)
