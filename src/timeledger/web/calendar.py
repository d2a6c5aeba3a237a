"""The calendar: the signed-in user's entries as blocks by time of day, a day or a week at a time.

The page is a frame (the days shown, the links around them); static/calendar.js reads the entries
from our Clockify-compatible API, positions them by wall-clock time in the user's zone, and creates,
edits and deletes them through the same API.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fastapi import APIRouter, Request
from starlette.responses import Response

from timeledger.core import periods, zones
from timeledger.web.shell import SignedIn, parse_day, render, signed_in

router = APIRouter(include_in_schema=False)
VIEWS = ("week", "day")


@router.get("/calendar")
async def calendar(request: Request, view: str | None = None) -> Response:
    visitor = await signed_in(request)
    if not isinstance(visitor, SignedIn):
        return visitor
    access = visitor.access
    today = zones.local_date(datetime.now(UTC), access.principal.time_zone)
    errors = []
    shown_view = view or "week"
    if shown_view not in VIEWS:
        errors.append(f"“{view}” is not a view: use day or week.")
        shown_view = "week"
    day = today
    asked = request.query_params.get("date")
    if asked:
        try:
            day = parse_day(asked)
        except ValueError:
            errors.append(f"“{asked}” is not a date: use YYYY-MM-DD.")
    if shown_view == "week":
        first, count = periods.week_start_of(day, access.week_start), 7
    else:
        first, count = day, 1
    days = [first + timedelta(days=i) for i in range(count)]
    step = timedelta(days=count)

    def link(v: str, d: date) -> str:
        return f"/calendar?view={v}&date={d.isoformat()}"

    return render(
        "calendar.html", title="Calendar", session=visitor.session, access=access, current="calendar",
        script="calendar", status=400 if errors else 200, error=" ".join(errors),
        message=request.query_params.get("message", ""), view=shown_view, days=days, today=today,
        previous=link(shown_view, first - step), next=link(shown_view, first + step), today_link=link(shown_view, today),
        day_link=link("day", day if day in days else first), week_link=link("week", day),
        shows_today=today in days,
    )
