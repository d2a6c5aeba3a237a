"""The ClickTime-compatible API v2 under /clicktime/v2: routers that translate ClickTime's
PascalCase models to service calls and back, in ClickTime's envelope.

Helpers for new resources: transport.router() (prefix, tag, error mapping), auth.AccessDep,
params (Paging, ListFilter, BoolFilter, NamedFilter,
Verbose, embed, only), schemas.In.require, envelope (single, collection), wire.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from timeledger.api.clicktime import (
    clients,
    company,
    jobs,
    lists,
    me,
    reports,
    tasks,
    time_entries,
    time_off,
    timesheets,
    transport,
    users,
)

# tasks before me: /Me/Jobs/TaskControls must win over /Me/Jobs/{jobID}; time_entries before
# timesheets: /Manage/Timesheets/TimeEntries over /Manage/Timesheets/{timesheetID}.
routers: list[APIRouter] = [
    module.router
    for module in (tasks, me, clients, jobs, users, company, lists, time_off, time_entries, timesheets, reports)
]


def install(app: FastAPI) -> None:
    """Mount the dialect: its routers, a catch-all for unknown paths, case-insensitive words."""
    for router in routers:
        app.include_router(router)
    app.include_router(transport.fallback(routers))
    app.add_middleware(transport.CaseInsensitive, routers=routers)
