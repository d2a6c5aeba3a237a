"""The web app: server-rendered pages (Jinja2 templates in templates/, the shared frame in
shell.py) with small hand-written scripts in static/ that call our own endpoints, authenticated by
the session cookie and a CSRF header. No third-party JS or CSS.

One module per page or group of pages, each with its own router."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.staticfiles import StaticFiles

from timeledger.web.shell import STATIC


def install(app: FastAPI) -> None:
    from timeledger.web import approvals, calendar, catalog, pages, reports, settings, team, timesheet

    for module in (pages, timesheet, calendar, reports, catalog, team, approvals, settings):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
