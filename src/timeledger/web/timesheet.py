"""The timesheet: a week grid of hours by (project, task) row and local day.

The page carries the week as JSON; static/timesheet.js draws the grid, keeps the totals and saves a
cell with POST /timesheet/cell, which services/week_grid.py turns into entry writes (its docstring
has the rule). Locked and approved days come read-only, and a refused write shows the server's words.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fastapi import APIRouter, Request
from starlette.responses import JSONResponse, Response

from timeledger.core import periods, zones
from timeledger.services import week_grid
from timeledger.services.errors import ServiceError
from timeledger.web.shell import NO_STORE, SignedIn, csrf_ok, parse_day, render, signed_in, status_of

router = APIRouter(include_in_schema=False)


def _today(zone_name: str) -> date:
    return zones.local_date(datetime.now(UTC), zone_name)


@router.get("/timesheet")
async def timesheet(request: Request, week: str | None = None) -> Response:
    visitor = await signed_in(request)
    if not isinstance(visitor, SignedIn):
        return visitor
    access = visitor.access
    today = _today(access.principal.time_zone)
    error, status, day = "", 200, today
    if week:
        try:
            day = parse_day(week)
        except ValueError:
            error, status = f"“{week}” is not a date: use YYYY-MM-DD.", 400
    first = periods.week_start_of(day, access.week_start)
    grid = await week_grid.read_week(request.app.state.db, access, first)
    last = await week_grid.last_week_rows(request.app.state.db, access, first)
    this_week = periods.week_start_of(today, access.week_start)
    return render(
        "timesheet.html", title="Timesheet", session=visitor.session, access=access, current="timesheet",
        script="timesheet", status=status, error=error, message=request.query_params.get("message", ""),
        grid=grid.as_json(), last_week=[r.as_json() for r in last], first=first, last_day=first + timedelta(days=6),
        previous=(first - timedelta(days=7)).isoformat(), next=(first + timedelta(days=7)).isoformat(),
        is_this_week=first == this_week,
    )


def _refuse(message: str, status: int) -> JSONResponse:
    return JSONResponse({"message": message}, status_code=status, headers=NO_STORE)


async def _json_write(request: Request) -> tuple[SignedIn, dict] | JSONResponse:
    """The signed-in visitor and the JSON object of a write from the page, or the refusal."""
    visitor = await signed_in(request)
    if not isinstance(visitor, SignedIn):
        return _refuse("Your session has ended: sign in again.", 401)
    if not csrf_ok(visitor.session, request.headers.get("X-CSRF-Token", "")):
        return _refuse("The page had expired; reload it and try again.", 400)
    try:
        body = await request.json()
    except ValueError:
        return _refuse("The request body must be JSON.", 400)
    if not isinstance(body, dict):
        return _refuse("The request body must be a JSON object.", 400)
    return visitor, body


@router.post("/timesheet/cell")
async def save_cell(request: Request) -> Response:
    """{projectId, taskId, day, hours} -> {seconds}: the row's time that day becomes `hours`."""
    checked = await _json_write(request)
    if isinstance(checked, JSONResponse):
        return checked
    visitor, body = checked
    try:
        day = parse_day(str(body.get("day") or ""))
    except ValueError:
        return _refuse("day must be a date (YYYY-MM-DD).", 400)
    hours = body.get("hours")
    try:
        seconds = week_grid.parse_hours(hours if isinstance(hours, str) else "" if hours is None else str(hours))
        result = await week_grid.set_cell(request.app.state.db, visitor.access, body.get("projectId") or None,
                                          body.get("taskId") or None, day, seconds)
    except ServiceError as exc:
        return _refuse(exc.message, status_of(exc))
    return JSONResponse({"seconds": result.seconds, "created": result.created, "changed": result.changed,
                         "deleted": result.deleted}, headers=NO_STORE)


@router.post("/timesheet/copy-hours")
async def copy_hours(request: Request) -> Response:
    """{week} -> {filled}: last week's hours into this week's empty cells of the same rows."""
    checked = await _json_write(request)
    if isinstance(checked, JSONResponse):
        return checked
    visitor, body = checked
    try:
        first = parse_day(str(body.get("week") or ""))
    except ValueError:
        return _refuse("week must be a date (YYYY-MM-DD).", 400)
    first = periods.week_start_of(first, visitor.access.week_start)
    try:
        filled = await week_grid.copy_last_week_hours(request.app.state.db, visitor.access, first)
    except ServiceError as exc:
        return _refuse(exc.message, status_of(exc))
    return JSONResponse({"filled": filled}, headers=NO_STORE)
